/* test_edit.c - validated edits from user text (the explorer's input line) */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "memx/edit.h"
#include "testutil.h"


/*
 * The edit API reports through a diagnostic list; these read its one error
 * as the line the explorer shows (and check it has no position or newline).
 */
static int line_of(int rc, struct mx_diaglist *d, char *err, size_t len)
{
	if (err && len)
		err[0] = '\0';
	if (rc == MX_EPARSE) {
		assert_int_equal(d->cnt, 1);
		assert_int_equal(d->d[0].sev, MX_SEV_ERROR);
		assert_null(d->d[0].file);
		snprintf(err, len, "%s", d->d[0].msg);
	} else {
		assert_int_equal(d->cnt, 0);
	}
	mx_diaglist_release(d);
	return rc;
}

static int edit_region(struct mx_profile *p, int r, enum mx_edit_field f, const char *text, char *err,
		       size_t len)
{
	struct mx_diaglist d;

	mx_diaglist_init(&d);
	return line_of(mx_edit_region(p, r, f, text, &d), &d, err, len);
}

static int edit_add(struct mx_profile *p, const char *text, int *index, char *err, size_t len)
{
	struct mx_diaglist d;

	mx_diaglist_init(&d);
	return line_of(mx_edit_add_region(p, text, index, &d), &d, err, len);
}

static int edit_cma(struct mx_profile *p, const char *text, char *err, size_t len)
{
	struct mx_diaglist d;

	mx_diaglist_init(&d);
	return line_of(mx_edit_set_cma(p, text, &d), &d, err, len);
}

static const char *const base_yaml =
	"arch: arm\nkernel: \"3.18\"\nmemory: [{ base: 0x80000000, size: 256M }]\n"
	"kernel-image: { size: 4M }\nbootargs: \"console=ttyS0 cma=32M quiet\"\n"
	"reserved-memory:\n"
	"  - { name: fw@81000000, reg: { base: 0x81000000, size: 1M }, no-map: true }\n"
	"  - { name: pool, size: 8M, alignment: 0x400000 }\n";

struct bad {
	enum mx_edit_field field;
	int region;
	const char *text;
	const char *msg; /* a substring of the one-line error */
};

static void rejected_inputs_change_nothing(void **state)
{
	static const struct bad cases[] = {
		{ MX_EDIT_SIZE, 1, "12Q", "expected a size like 16M, 0x1000000 or 4096, got '12Q'" },
		{ MX_EDIT_SIZE, 1, "", "expected a size" },
		{ MX_EDIT_SIZE, 1, "0", "a size of 0" },
		{ MX_EDIT_SIZE, 1, "99999999999999999999999", "does not fit in 64 bits" },
		{ MX_EDIT_SIZE, 0, "0xffffffffffffffff", "ends past 2^64" },
		{ MX_EDIT_BASE, 1, "zz", "expected an address" },
		{ MX_EDIT_BASE, 0, "0xfffffffffff00000", "ends past 2^64" },
		{ MX_EDIT_ALIGN, 1, "0x3000", "not a power of two" },
		{ MX_EDIT_ALIGN, 1, "x", "expected an alignment" },
		{ MX_EDIT_ALLOC_RANGES, 1, "0x80000000", "expected BASE+SIZE or START-END" },
		{ MX_EDIT_ALLOC_RANGES, 1, "0x90000000-0x80000000", "is not above its start" },
		{ MX_EDIT_ALLOC_RANGES, 1, "0x80000000+0", "is empty" },
		{ MX_EDIT_ALLOC_RANGES, 1, "0x80000000+1M, junk", "expected BASE+SIZE" },
		{ MX_EDIT_FIXUP_KEEP, 0, "lots", "expected a size" },
		{ MX_EDIT_NAME, 0, "bad name", "expected a node name" },
		{ MX_EDIT_NAME, 0, "", "expected a node name" },
	};
	struct mx_profile p, before;
	char err[256];

	(void)state;
	assert_int_equal(tu_load_text(&p, base_yaml, NULL), 0);
	mx_profile_init(&before);
	assert_int_equal(mx_profile_copy(&before, &p), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		assert_int_equal(edit_region(&p, cases[i].region, cases[i].field, cases[i].text, err,
						sizeof(err)), MX_EPARSE);
		if (!strstr(err, cases[i].msg)) {
			print_error("case %zu ('%s'): message '%s' lacks '%s'\n", i, cases[i].text, err,
				    cases[i].msg);
			fail();
		}
		assert_null(strchr(err, '\n'));
		assert_true(mx_profile_equal(&p, &before));
	}
	assert_int_equal(edit_region(&p, 7, MX_EDIT_SIZE, "1M", err, sizeof(err)), MX_EINVAL);
	mx_profile_release(&before);
	mx_profile_release(&p);
}

static void accepted_inputs(void **state)
{
	struct mx_profile p;
	struct mx_buf b;
	char err[256];

	(void)state;
	assert_int_equal(tu_load_text(&p, base_yaml, NULL), 0);
	/* sizes in every form */
	assert_int_equal(edit_region(&p, 1, MX_EDIT_SIZE, "16M", err, sizeof(err)), 0);
	assert_int_equal(p.regions[1].size, 16u << 20);
	assert_int_equal(edit_region(&p, 1, MX_EDIT_SIZE, " 0x1000000 ", err, sizeof(err)), 0);
	assert_int_equal(p.regions[1].size, 0x1000000);
	assert_int_equal(edit_region(&p, 0, MX_EDIT_SIZE, "4096", err, sizeof(err)), 0);
	assert_int_equal(p.regions[0].reg[0].size, 4096);
	/* alignment: set, then removed */
	assert_int_equal(edit_region(&p, 1, MX_EDIT_ALIGN, "2M", err, sizeof(err)), 0);
	assert_int_equal(p.regions[1].align, 2u << 20);
	assert_int_equal(edit_region(&p, 1, MX_EDIT_ALIGN, "", err, sizeof(err)), 0);
	assert_int_equal(p.regions[1].align, 0);
	/* alloc-ranges in both notations */
	assert_int_equal(edit_region(&p, 1, MX_EDIT_ALLOC_RANGES,
					"0x80000000+256M, 0x90000000-0xa0000000", err, sizeof(err)), 0);
	assert_int_equal(p.regions[1].nalloc_ranges, 2);
	assert_int_equal(p.regions[1].alloc_ranges[0].size, 256u << 20);
	assert_int_equal(p.regions[1].alloc_ranges[1].base, 0x90000000);
	assert_int_equal(p.regions[1].alloc_ranges[1].size, 0x10000000);
	mx_buf_init(&b);
	assert_int_equal(mx_edit_region_text(&p, 1, MX_EDIT_ALLOC_RANGES, &b), 0);
	assert_string_equal(b.buf, "0x80000000+0x10000000, 0x90000000+0x10000000");
	assert_int_equal(edit_region(&p, 1, MX_EDIT_ALLOC_RANGES, "", err, sizeof(err)), 0);
	assert_int_equal(p.regions[1].nalloc_ranges, 0);
	/* a base makes a dynamic region static, with its size */
	assert_int_equal(edit_region(&p, 1, MX_EDIT_BASE, "0x88000000", err, sizeof(err)), 0);
	assert_int_equal(p.regions[1].nreg, 1);
	assert_int_equal(p.regions[1].reg[0].base, 0x88000000);
	assert_int_equal(p.regions[1].reg[0].size, 0x1000000);
	assert_false(p.regions[1].has_size);
	/* fixup-keep and name */
	assert_int_equal(edit_region(&p, 0, MX_EDIT_FIXUP_KEEP, "512K", err, sizeof(err)), 0);
	assert_true(p.regions[0].has_fixup_keep);
	assert_int_equal(edit_region(&p, 0, MX_EDIT_FIXUP_KEEP, "", err, sizeof(err)), 0);
	assert_false(p.regions[0].has_fixup_keep);
	assert_int_equal(edit_region(&p, 0, MX_EDIT_NAME, "firmware@81000000", err, sizeof(err)), 0);
	assert_string_equal(p.regions[0].name, "firmware@81000000");
	/* toggles */
	assert_int_equal(mx_edit_toggle(&p, 0, MX_REGION_NOMAP), 0);
	assert_false(p.regions[0].flags & MX_REGION_NOMAP);
	assert_int_equal(mx_edit_toggle(&p, 0, MX_REGION_NOMAP), 0);
	assert_true(p.regions[0].flags & MX_REGION_NOMAP);
	assert_int_equal(mx_edit_toggle(&p, 9, MX_REGION_NOMAP), MX_EINVAL);
	mx_buf_release(&b);
	mx_profile_release(&p);
}

/* reg= on a dynamic region makes it static: no size of its own is left behind to save (fuzz_edit) */
static void reg_on_dynamic_saves_equal(void **state)
{
	struct mx_profile p, q;
	struct mx_diaglist d;
	struct mx_buf y;

	(void)state;
	assert_int_equal(tu_load_text(&p, base_yaml, NULL), 0);
	mx_diaglist_init(&d);
	assert_int_equal(mx_edit_set(&p, "pool.reg=0x88000000+1M", &d), 0);
	mx_diaglist_release(&d);
	assert_int_equal(p.regions[1].nreg, 1);
	assert_false(p.regions[1].has_size);
	assert_int_equal(p.regions[1].size, 0);
	mx_buf_init(&y);
	assert_int_equal(mx_profile_write_yaml(&p, &y), 0);
	assert_int_equal(tu_load_text(&q, y.buf, NULL), 0);
	assert_true(mx_profile_equal(&p, &q));
	mx_buf_release(&y);
	mx_profile_release(&q);
	mx_profile_release(&p);
}

static void add_regions(void **state)
{
	struct mx_profile p;
	char err[256];
	int i = -1;

	(void)state;
	assert_int_equal(tu_load_text(&p, base_yaml, NULL), 0);
	assert_int_equal(edit_add(&p, "vpu 32M", &i, err, sizeof(err)), 0);
	assert_int_equal(i, 2);
	assert_true(p.regions[2].has_size);
	assert_int_equal(p.regions[2].size, 32u << 20);
	assert_int_equal(edit_add(&p, "fw@90000000 0x90000000+8M", &i, err, sizeof(err)), 0);
	assert_int_equal(p.regions[3].nreg, 1);
	assert_int_equal(p.regions[3].reg[0].base, 0x90000000);
	assert_int_equal(edit_add(&p, "lonely", &i, err, sizeof(err)), MX_EPARSE);
	assert_non_null(strstr(err, "expected NAME SIZE"));
	assert_int_equal(edit_add(&p, "bad/name 1M", &i, err, sizeof(err)), MX_EPARSE);
	assert_int_equal(edit_add(&p, "x 0", &i, err, sizeof(err)), MX_EPARSE);
	assert_int_equal(p.nregions, 4);
	mx_profile_release(&p);
}

static void cma_bootarg(void **state)
{
	struct mx_profile p;
	struct mx_buf b;
	char err[256];

	(void)state;
	assert_int_equal(tu_load_text(&p, base_yaml, NULL), 0);
	mx_buf_init(&b);
	assert_int_equal(mx_edit_cma_text(&p, &b), 0);
	assert_string_equal(b.buf, "32M");
	assert_int_equal(edit_cma(&p, "64M", err, sizeof(err)), 0);
	assert_string_equal(p.bootargs, "console=ttyS0 quiet cma=64M");
	assert_int_equal(edit_cma(&p, "nope", err, sizeof(err)), MX_EPARSE);
	assert_string_equal(p.bootargs, "console=ttyS0 quiet cma=64M");
	assert_int_equal(edit_cma(&p, "", err, sizeof(err)), 0);
	assert_string_equal(p.bootargs, "console=ttyS0 quiet");
	free(p.bootargs);
	p.bootargs = NULL;
	assert_int_equal(edit_cma(&p, "0", err, sizeof(err)), 0);
	assert_string_equal(p.bootargs, "cma=0");
	mx_buf_release(&b);
	mx_profile_release(&p);
}

/* The edit and the engine agree: cma=0 removes the default area from MemTotal's path. */
static void edits_recompute(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	char err[256];

	(void)state;
	tu_load_profile(&p, "msm8937.yaml");
	mx_layout_init(&L);
	mx_edit_cycle_vmsplit(&p);
	assert_int_equal(p.vmsplit, MX_VMSPLIT_3G_OPT);
	tu_compute(&L, &p);
	assert_int_equal(L.params.page_offset, 0xB0000000);
	mx_edit_cycle_vmsplit(&p);
	mx_edit_cycle_vmsplit(&p);
	mx_edit_cycle_vmsplit(&p);
	assert_int_equal(p.vmsplit, MX_VMSPLIT_3G);
	assert_int_equal(edit_cma(&p, "0", err, sizeof(err)), 0);
	tu_compute(&L, &p);
	assert_int_equal(tu_k(&L, L.sum.cmatotal), 159744 - 16384);
	mx_edit_toggle_model(&p);
	assert_int_equal(p.model, MX_MM_SPARSE);
	mx_edit_toggle_model(&p);
	assert_int_equal(p.model, MX_MM_FLAT);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rejected_inputs_change_nothing),
		cmocka_unit_test(accepted_inputs),
		cmocka_unit_test(reg_on_dynamic_saves_equal),
		cmocka_unit_test(add_regions),
		cmocka_unit_test(cma_bootarg),
		cmocka_unit_test(edits_recompute),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
