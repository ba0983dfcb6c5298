/* test_checks.c - one minimal bad input per check of SPEC section 10 (dtc's checkfails style) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/check.h"
#include "testutil.h"

#define BASE "arch: arm\nkernel: \"3.18\"\nmemory: [{ base: 0x80000000, size: 256M }]\n" \
	     "kernel-image: { size: 4M }\n"

/* U-Boot on the same board: bootz of a 4 MiB zImage, U-Boot's own 16 MiB at the top of DRAM */
#define UBOOT "arch: arm\nkernel: \"3.18\"\nmemory: [{ base: 0x80000000, size: 256M }]\n" \
	      "kernel-image: { size: 4M }\ninitrd: { size: 1M }\n" \
	      "boot-loader: { type: u-boot, version: \"2023.01\", kernel-addr-r: 0x80008000, image-size: 4M, " \
	      "fdt-addr-r: 0x81f00000, dtb-file: 4000, lmb-top: [16M], "

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
	/* below initrd_high only the zImage: "ramdisk - allocation error" */
	{ "boot-loader-refused", UBOOT "ramdisk-addr-r: 0x82000000, initrd-high: 0x80100000 }\n", -1,
	  MX_SEV_ERROR },
	/* U-Boot (the ramdisk joins its region) and the kernel fill a table of two: no slot for the tree */
	{ "lmb-full", UBOOT "ramdisk-addr-r: 0x82000000, initrd-high: 0x8fffffff, fdt-high: 0x8fffffff, "
		      "lmb-max-regions: 2 }\n", -1, MX_SEV_ERROR },
	{ "lmb-lost", UBOOT "ramdisk-addr-r: 0x82000000, fdt-high: 0xffffffff, lmb-max-regions: 3 }\nreserved-memory:\n"
		      "  - { name: a, reg: { base: 0x88000000, size: 1M } }\n"
		      "  - { name: b, reg: { base: 0x8a000000, size: 1M } }\n", -1, MX_SEV_WARNING },
	/* the 4 MiB zImage at 0x80008000 runs into the initrd loaded at 0x80100000 */
	{ "load-overlap", UBOOT "ramdisk-addr-r: 0x80100000 }\n", -1, MX_SEV_ERROR },
	{ "load-carveout", UBOOT "ramdisk-addr-r: 0x82000000 }\nreserved-memory:\n"
			   "  - { name: tz, no-map: true, reg: { base: 0x82000000, size: 2M } }\n", 0, MX_SEV_WARNING },
	/* all ones on a 64-bit U-Boot: the initrd stays in the first section, which deferred init counts */
	{ "early-section", "arch: arm64\nkernel: \"6.1\"\nmemory: [{ base: 0x40000000, size: 2G }]\n"
			   "kernel-image: { size: 4M }\ninitrd: { size: 1M }\n"
			   "kernel-side: { deferred-struct-page-init: true }\n"
			   "boot-loader: { type: u-boot, kernel-addr-r: 0x40400000, ramdisk-addr-r: 0x44000000, "
			   "initrd-high: 0xffffffffffffffff }\n", -1, MX_SEV_WARNING },

	/* check_tree.c: what includes, overrides and overlays can add up to */
	{ "memreserve-overlap", BASE "memreserve: [{ base: 0x81000000, size: 64K }]\nreserved-memory:\n"
				"  - { name: fw@81000000, no-map: true, reg: { base: 0x81000000, size: 1M } }\n",
	  0, MX_SEV_WARNING },
	{ "alloc-ranges-small", BASE "reserved-memory:\n  - { name: pool, size: 8M, alignment: 4M, "
				"alloc-ranges: [{ base: 0x81100000, size: 8M }] }\n", 0, MX_SEV_ERROR },
	{ "cma-default-twice", BASE "reserved-memory:\n  - { name: a, compatible: shared-dma-pool, reusable: true, "
			       "size: 4M, \"linux,cma-default\": true }\n  - { name: b, compatible: shared-dma-pool, "
			       "reusable: true, size: 4M, \"linux,cma-default\": true }\n", 1, MX_SEV_WARNING },
	{ "reg-entries", BASE "reserved-memory:\n  - { name: ramoops@81000000, reg: [{ base: 0x81000000, size: 1M }, "
			 "{ base: 0x81200000, size: 1M }] }\n", 0, MX_SEV_WARNING },
	{ "unit-address", BASE "reserved-memory:\n  - { name: fw@81000000, reg: { base: 0x81100000, size: 1M } }\n",
	  0, MX_SEV_WARNING },
	{ "duplicate-name", BASE "reserved-memory:\n  - { name: a, reg: { base: 0x81000000, size: 1M } }\n"
			    "  - { name: a, reg: { base: 0x82000000, size: 1M } }\n", 1, MX_SEV_WARNING },
	{ "reusable-ignored", BASE "reserved-memory:\n  - { name: mycma, size: 64M, reusable: true }\n", 0,
	  MX_SEV_WARNING },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* Checks about how device-tree source is written: their profile must come from a tree. */
static bool from_dt(const char *check)
{
	return !strcmp(check, "reg-entries") || !strcmp(check, "unit-address");
}

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
		if (from_dt(cases[i].check))
			assert_int_equal(mx_str_set(&p.dt_source, "board.dts"), 0);
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

struct named_region {
	const char *name;
	int region;
};

static int named_cmp(const void *a, const void *b)
{
	const struct named_region *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	return r ? r : (x->region > y->region) - (x->region < y->region);
}

/*
 * duplicate-name against a sort of every name: random names from a small
 * alphabet (so that some repeat two, three, many times and most do not);
 * the warnings must name the regions a sort by (name, region) puts after
 * an equal name, in that order.
 */
static void duplicate_names_as_a_sort(void **state)
{
	static const char *const alphabet[] = { "a", "b", "ab", "ba", "c", "" };
	uint64_t rng = 0x1234567887654321ULL;

	(void)state;
	for (int round = 0; round < 50; round++) {
		struct mx_profile p;
		struct mx_layout L;
		struct named_region v[200];
		int n = 2 + (int)(rng % 150), want[200], nwant = 0, got = 0;
		char name[64];

		assert_int_equal(tu_load_text(&p, BASE, NULL), 0);
		for (int i = 0; i < n; i++) {
			rng ^= rng >> 12;
			rng ^= rng << 25;
			rng ^= rng >> 27;
			snprintf(name, sizeof(name), "%s%s%u", alphabet[rng % 6], alphabet[(rng >> 8) % 6],
				 (unsigned)((rng >> 16) % (round % 2 ? 40 : 4000)));
			assert_int_equal(mx_profile_add_region(&p, name), i);
		}
		for (int i = 0; i < n; i++) {
			v[i].name = p.regions[i].name;
			v[i].region = i;
		}
		qsort(v, (size_t)n, sizeof(v[0]), named_cmp);
		for (int k = 1; k < n; k++)
			if (!strcmp(v[k].name, v[k - 1].name))
				want[nwant++] = v[k].region;
		mx_layout_init(&L);
		tu_compute(&L, &p);
		for (size_t k = 0; k < L.diags.cnt; k++) {
			if (strcmp(L.diags.d[k].check, "duplicate-name"))
				continue;
			if (got >= nwant || L.diags.d[k].region != want[got])
				fail_msg("round %d: warning %d names region %d, a sort says %d", round, got,
					 L.diags.d[k].region, got < nwant ? want[got] : -1);
			got++;
		}
		assert_int_equal(got, nwant);
		mx_layout_release(&L);
		mx_profile_release(&p);
	}
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

/* The static-overlap messages of @yaml's layout, in order, joined by newlines. */
static void overlap_messages(const char *yaml, char *out, size_t max)
{
	struct mx_profile p;
	struct mx_layout L;
	size_t at = 0;

	tu_load_ok(&p, yaml);
	mx_layout_init(&L);
	tu_compute(&L, &p);
	out[0] = '\0';
	for (size_t i = 0; i < L.diags.cnt; i++)
		if (!strcmp(L.diags.d[i].check, "static-overlap"))
			at += (size_t)snprintf(out + at, max - at, "%s\n", L.diags.d[i].msg);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/*
 * Overlaps among static regions listed by address (swept as they come) and
 * the same regions listed backwards (gathered and sorted first): the same
 * messages in the same order, by address, each against the region reaching
 * highest before it.
 */
static void overlaps_in_any_order(void **state)
{
	static const char *const r[] = {
		"  - { name: a, reg: { base: 0x81000000, size: 4M } }\n",
		"  - { name: b, reg: { base: 0x81100000, size: 1M } }\n", /* inside a */
		"  - { name: c, reg: { base: 0x81300000, size: 2M } }\n", /* a still reaches highest */
		"  - { name: d, reg: { base: 0x86000000, size: 1M } }\n",
		"  - { name: e, reg: { base: 0x86080000, size: 1M } }\n", /* d */
	};
	char fwd[2048] = BASE "reserved-memory:\n", back[2048] = BASE "reserved-memory:\n";
	char a[1024], b[1024];

	(void)state;
	for (size_t i = 0; i < 5; i++) {
		strcat(fwd, r[i]);
		strcat(back, r[4 - i]);
	}
	overlap_messages(fwd, a, sizeof(a));
	overlap_messages(back, b, sizeof(b));
	assert_string_equal(a, "'b' [0x81100000-0x81200000) overlaps 'a' [0x81000000-0x81400000)\n"
			    "'c' [0x81300000-0x81500000) overlaps 'a' [0x81000000-0x81400000)\n"
			    "'e' [0x86080000-0x86180000) overlaps 'd' [0x86000000-0x86100000)\n");
	assert_string_equal(b, a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_check_fires),
		cmocka_unit_test(every_registered_check_has_a_case),
		cmocka_unit_test(diagnostics_carry_the_region_position),
		cmocka_unit_test(one_cause_one_diagnostic),
		cmocka_unit_test(clean_profile_is_quiet),
		cmocka_unit_test(duplicate_names_as_a_sort),
		cmocka_unit_test(overlaps_in_any_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
