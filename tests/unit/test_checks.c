/* test_checks.c - one minimal bad input per check of SPEC section 10 (dtc's checkfails style) */
#include <stdio.h>
#include <string.h>

#include "memx/check.h"
#include "testutil.h"

#define BASE "arch: arm\nkernel: \"3.18\"\nmemory: [{ base: 0x80000000, size: 256M }]\n" \
	     "kernel-image: { size: 4M }\n"

struct checkcase {
	const char *check;     /* the check that must fire */
	const char *yaml;      /* the smallest profile that makes it fire */
	int region;            /* the region it must name, -1 for none/any */
	enum mx_severity sev;
};

static const struct checkcase cases[] = {
	{ "no-memory", "arch: arm\nmemory: [{ base: 0x80000000, size: 1K }]\n", -1, MX_SEV_ERROR },
	{ "params", BASE "page-size: 3K\n", -1, MX_SEV_ERROR },
	{ "bootargs", BASE "bootargs: \"console=ttyS0 cma=lots\"\n", -1, MX_SEV_ERROR },
	{ "flavour", "arch: arm\nkernel: \"4.4\"\nmemory: [{ base: 0x80000000, size: 256M }]\n"
		     "kernel-image: { size: 4M }\n", -1, MX_SEV_NOTE },
	{ "overflow", BASE "reserved-memory:\n  - { name: a, reg: { base: 0xffffffffffff0000, size: 1M } }\n",
	  0, MX_SEV_ERROR },
	{ "zero-size", BASE "reserved-memory:\n  - { name: a, reg: { base: 0x81000000, size: 0 } }\n",
	  0, MX_SEV_WARNING },
	{ "reg-and-size", BASE "reserved-memory:\n  - { name: a, reg: { base: 0x81000000, size: 1M }, size: 2M }\n",
	  0, MX_SEV_WARNING },
	{ "no-reg-no-size", BASE "reserved-memory:\n  - { name: a, no-map: true }\n", 0, MX_SEV_ERROR },
	{ "alignment", BASE "reserved-memory:\n  - { name: a, size: 1M, alignment: 0x3000 }\n", 0,
	  MX_SEV_ERROR },
	{ "static-overlap", BASE "reserved-memory:\n  - { name: a, reg: { base: 0x81000000, size: 2M } }\n"
			    "  - { name: b, reg: { base: 0x81100000, size: 2M } }\n", 1, MX_SEV_WARNING },
	{ "outside-dram", BASE "reserved-memory:\n  - { name: a, reg: { base: 0x10000000, size: 1M } }\n",
	  0, MX_SEV_WARNING },
	{ "alloc-failed", BASE "reserved-memory:\n  - { name: a, size: 1G }\n", 0, MX_SEV_ERROR },
	{ "nomap-reusable", BASE "reserved-memory:\n  - { name: a, compatible: shared-dma-pool, "
			    "size: 4M, no-map: true, reusable: true }\n", 0, MX_SEV_ERROR },
	{ "cma-alignment", BASE "reserved-memory:\n  - { name: a, compatible: shared-dma-pool, "
			   "reusable: true, reg: { base: 0x81100000, size: 4M } }\n", 0, MX_SEV_ERROR },
	{ "cma-straddle", "arch: arm\nkernel: \"3.18\"\nvmalloc: 0x3e000000\n"
			  "memory: [{ base: 0x80000000, size: 256M }]\nkernel-image: { size: 1M }\n"
			  "reserved-memory:\n  - { name: a, compatible: shared-dma-pool, reusable: true, "
			  "reg: { base: 0x80400000, size: 8M } }\n", 0, MX_SEV_ERROR },
	{ "fixup-keep", BASE "reserved-memory:\n  - { name: modem, no-map-fixup: true, fixup-keep: 8M, "
			"reg: { base: 0x86800000, size: 4M } }\n", 0, MX_SEV_ERROR },
	{ "nomap-refused", "arch: arm\nkernel: \"5.10\"\nmemory: [{ base: 0x80000000, size: 256M }]\n"
			   "kernel-image: { size: 4M }\ninitrd: { base: 0x84000000, size: 1M }\n"
			   "reserved-memory:\n  - { name: a, no-map: true, reg: { base: 0x84000000, size: 2M } }\n",
	  0, MX_SEV_WARNING },
	{ "initrd-refused", BASE "initrd: { base: 0x70000000, size: 1M }\n", -1, MX_SEV_ERROR },
	{ "cma-bypassed", "arch: arm\nkernel: \"5.10\"\nmemory: [{ base: 0x80000000, size: 256M }]\n"
			  "kernel-image: { size: 4M }\nbootargs: \"cma=16M\"\nreserved-memory:\n"
			  "  - { name: pool, compatible: shared-dma-pool, reusable: true, size: 32M, "
			  "\"linux,cma-default\": true }\n", 0, MX_SEV_NOTE },
	{ "freed-late-nomap", BASE "reserved-memory:\n  - { name: splash, no-map: true, freed-late: true, "
			      "reg: { base: 0x88000000, size: 8M } }\n", 0, MX_SEV_WARNING },
	/* three regions apart in an array of two, before memblock_allow_resize() */
	{ "memblock-full", BASE "kernel-side: { memblock-reserved-regions: 2 }\nreserved-memory:\n"
			   "  - { name: a, reg: { base: 0x81000000, size: 1M } }\n"
			   "  - { name: b, reg: { base: 0x83000000, size: 1M } }\n", -1, MX_SEV_ERROR },
	{ "duplicate-name", BASE "reserved-memory:\n  - { name: a, reg: { base: 0x81000000, size: 1M } }\n"
			    "  - { name: a, reg: { base: 0x82000000, size: 1M } }\n", 1, MX_SEV_WARNING },
	{ "reusable-ignored", BASE "reserved-memory:\n  - { name: mycma, size: 64M, reusable: true }\n", 0,
	  MX_SEV_WARNING },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

static void each_check_fires(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCASES; i++) {
		struct mx_profile p;
		struct mx_layout L;
		struct mx_diaglist d;
		bool found = false;

		mx_diaglist_init(&d);
		if (tu_load_text(&p, cases[i].yaml, &d)) {
			print_error("case %s: the profile does not load\n", cases[i].check);
			for (size_t k = 0; k < d.cnt; k++)
				print_error("  %d:%d %s\n", d.d[k].line, d.d[k].col, d.d[k].msg);
			fail();
		}
		mx_diaglist_release(&d);
		mx_layout_init(&L);
		tu_compute(&L, &p);
		for (size_t k = 0; k < L.diags.cnt; k++) {
			const struct mx_diag *g = &L.diags.d[k];

			if (!g->check || strcmp(g->check, cases[i].check))
				continue;
			found = true;
			assert_int_equal(g->sev, cases[i].sev);
			assert_int_equal(g->sev, mx_check_find(cases[i].check)->sev);
			if (cases[i].region >= 0)
				assert_int_equal(g->region, cases[i].region);
			/* every diagnostic points into the profile */
			assert_non_null(g->file);
			assert_string_equal(g->file, "test.yaml");
			assert_true(g->line > 0);
		}
		if (!found) {
			print_error("case %s: the check did not fire; diagnostics were:\n", cases[i].check);
			for (size_t k = 0; k < L.diags.cnt; k++)
				print_error("  [%s] %s\n", L.diags.d[k].check, L.diags.d[k].msg);
			fail();
		}
		mx_layout_release(&L);
		mx_profile_release(&p);
	}
}

/* The registry and this table must not drift apart. */
static void every_registered_check_has_a_case(void **state)
{
	size_t n;
	const struct mx_check *reg = mx_check_registry(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		bool have = false;

		for (size_t k = 0; k < NCASES; k++)
			have |= !strcmp(cases[k].check, reg[i].name);
		if (!have) {
			print_error("check '%s' has no test case\n", reg[i].name);
			fail();
		}
		assert_non_null(mx_check_find(reg[i].name));
	}
	assert_null(mx_check_find("no-such-check"));
}

/* The positions point at the region's own line. */
static void diagnostics_carry_the_region_position(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const char *y = BASE "reserved-memory:\n"
		"  - name: ok\n    reg: { base: 0x81000000, size: 1M }\n"
		"  - name: toobig\n    size: 1G\n";

	(void)state;
	assert_int_equal(tu_load_text(&p, y, NULL), 0);
	mx_layout_init(&L);
	tu_compute(&L, &p);
	assert_true(tu_has_diag(&L, "alloc-failed", 1));
	for (size_t k = 0; k < L.diags.cnt; k++)
		if (!strcmp(L.diags.d[k].check, "alloc-failed")) {
			assert_int_equal(L.diags.d[k].line, 8);
			assert_int_equal(L.diags.d[k].col, 5);
		}
	assert_true(tu_item(&L, "toobig")->flags & MX_IF_FAILED);
	assert_false(tu_item(&L, "toobig")->flags & MX_IF_PLACED);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/*
 * One cause, one diagnostic: a dynamic region's bad alignment is said where
 * the kernel tries to place it, not a second time by the profile check; a
 * reusable shared-dma-pool is the CMA pool it asks to be.
 */
static void one_cause_one_diagnostic(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const char *y = BASE "reserved-memory:\n"
		"  - { name: dyn, size: 1M, alignment: 0x3000 }\n"
		"  - { name: fixed, reg: { base: 0x81000000, size: 1M }, alignment: 0x3000 }\n"
		"  - { name: pool, compatible: shared-dma-pool, reusable: true, size: 8M }\n";

	(void)state;
	assert_int_equal(tu_load_text(&p, y, NULL), 0);
	mx_layout_init(&L);
	tu_compute(&L, &p);
	assert_int_equal(tu_count_diag(&L, "alignment"), 2); /* dyn once, fixed once */
	assert_true(tu_has_diag(&L, "alignment", 0));
	assert_true(tu_has_diag(&L, "alignment", 1));
	assert_false(tu_has_diag(&L, "reusable-ignored", -1));
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* A clean profile has no diagnostics at all. */
static void clean_profile_is_quiet(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	assert_int_equal(tu_load_text(&p, BASE, NULL), 0);
	mx_layout_init(&L);
	tu_compute(&L, &p);
	for (size_t k = 0; k < L.diags.cnt; k++)
		print_error("unexpected: [%s] %s\n", L.diags.d[k].check, L.diags.d[k].msg);
	assert_int_equal(L.diags.cnt, 0);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_check_fires),
		cmocka_unit_test(every_registered_check_has_a_case),
		cmocka_unit_test(diagnostics_carry_the_region_position),
		cmocka_unit_test(one_cause_one_diagnostic),
		cmocka_unit_test(clean_profile_is_quiet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
