/*
 * test_compare.c - predicted against observed through the API (compare.c),
 * on logs written here: region matching by name and by memblock=debug
 * order (alloc-ranges retries included), node ranges, calibration.
 */
#include <stdio.h>
#include <string.h>

#include "memx/bootlog.h"
#include "memx/compare.h"
#include "testutil.h"

static const char profile[] =
	"arch: arm64\nkernel: \"6.1\"\nkernel-image: { base: 0x40200000, size: 16M }\n"
	"memory: [{ base: 0x40000000, size: 512M }]\n"
	"reserved-memory:\n"
	"  - { name: fw@50000000, reg: { base: 0x50000000, size: 16M }, no-map: true }\n"
	"  - { name: pool@0, size: 8M, alignment: 4M, alloc-ranges: [{ base: 0x70000000, size: 16M },\n"
	"      { base: 0x44000000, size: 64M }] }\n";

static const struct mx_cmp_row *row_named(const struct mx_compare *c, const char *what)
{
	for (size_t i = 0; i < c->nrows; i++)
		if (!strcmp(c->rows[i].what, what))
			return &c->rows[i];
	return NULL;
}

static void run(const char *log, struct mx_profile *p, struct mx_layout *L, struct mx_bootlog *b,
		struct mx_compare *c)
{
	tu_load_ok(p, profile);
	tu_compute(L, p);
	assert_int_equal(mx_bootlog_parse(b, log, strlen(log), "t.log"), 0);
	assert_int_equal(mx_compare_run(c, L, p, b), 0);
}

static void alloc_ranges_retry(void **state)
{
	/* the first alloc-ranges window is outside memory: an attempt without a reservation */
	const char log[] =
		"Linux version 6.1.0 (test)\n"
		"memblock_phys_alloc_range: 8388608 bytes align=0x400000 from=0x0000000070000000 "
		"max_addr=0x0000000071000000 early_init_dt_alloc_reserved_memory_arch+0x40/0x94\n"
		"memblock_phys_alloc_range: 8388608 bytes align=0x400000 from=0x0000000044000000 "
		"max_addr=0x0000000048000000 early_init_dt_alloc_reserved_memory_arch+0x40/0x94\n"
		"memblock_reserve: [0x0000000047800000-0x0000000047ffffff] memblock_alloc_range_nid+0xe8/0x17c\n"
		"Early memory node ranges\n"
		"  node   0: [mem 0x0000000040000000-0x000000004fffffff]\n"
		"  node   0: [mem 0x0000000050000000-0x0000000050ffffff]\n"
		"  node   0: [mem 0x0000000051000000-0x000000005fffffff]\n"
		"Memory: 1K/524288K available (0K kernel code, 0K rwdata, 0K rodata, 0K init, 0K bss, "
		"1K reserved, 0K cma-reserved)\n";
	struct mx_profile p;
	struct mx_layout L;
	struct mx_bootlog b;
	struct mx_compare c;
	const struct mx_cmp_row *r;

	(void)state;
	mx_layout_init(&L);
	mx_bootlog_init(&b);
	mx_compare_init(&c);
	run(log, &p, &L, &b, &c);
	r = row_named(&c, "pool@0 base");
	assert_non_null(r);
	assert_true(r->has_pred && r->has_obs);
	assert_int_equal(r->obs, 0x47800000);
	assert_int_equal(r->pred, 0x47800000); /* the second window, top-down */
	assert_false(r->differs);
	/* three memblock.memory regions (the no-map range is its own), all as printed */
	for (int k = 0; k < 3; k++) {
		char what[32];

		snprintf(what, sizeof(what), "node range %d", k);
		r = row_named(&c, what);
		assert_non_null(r);
		assert_false(r->differs);
	}
	/* the Memory line differs (made up): reserved, available and the residual */
	assert_true(row_named(&c, "reserved")->differs);
	assert_true(c.has_residual);
	assert_true(c.ndiff >= 2);
	mx_compare_release(&c);
	mx_bootlog_release(&b);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

static void calibrate(void **state)
{
	struct mx_profile p;
	struct mx_compare c;
	struct mx_diaglist d;

	(void)state;
	mx_compare_init(&c);
	mx_diaglist_init(&d);
	tu_load_ok(&p, profile);
	/* no Memory line: nothing to calibrate on */
	assert_int_equal(mx_compare_calibrate(&p, &c, &d), MX_EINVAL);
	/* +8192K: a new 8 MiB calibration item */
	c.has_residual = true;
	c.reserved_residual_k = 8192;
	assert_int_equal(mx_compare_calibrate(&p, &c, &d), 0);
	assert_int_equal(p.nearly, 1);
	assert_true(p.early[0].calibration);
	assert_int_equal(p.early[0].size, 8192 * 1024);
	/* -4096K: it shrinks; -4096K more: it goes; -4K more: refused */
	c.reserved_residual_k = -4096;
	assert_int_equal(mx_compare_calibrate(&p, &c, &d), 0);
	assert_int_equal(p.early[0].size, 4096 * 1024);
	assert_int_equal(mx_compare_calibrate(&p, &c, &d), 0);
	assert_int_equal(p.nearly, 0);
	c.reserved_residual_k = -4;
	assert_int_equal(mx_compare_calibrate(&p, &c, &d), MX_ERANGE);
	assert_int_equal(d.cnt, 1);
	mx_diaglist_release(&d);
	mx_profile_release(&p);
	mx_compare_release(&c);
}

static void names_with_units(void **state)
{
	/* pool@1000 in the log is not pool@0 of the profile; a bare "pool" is */
	const char log[] =
		"Linux version 6.1.0 (test)\n"
		"Reserved memory: created DMA memory pool at 0x0000000047800000, size 8 MiB\n"
		"OF: reserved mem: initialized node pool@1000, compatible id shared-dma-pool\n"
		"Memory: 1K/524288K available (0K kernel code, 0K rwdata, 0K rodata, 0K init, 0K bss, "
		"1K reserved, 0K cma-reserved)\n";
	const char log2[] =
		"Linux version 6.1.0 (test)\n"
		"Reserved memory: created DMA memory pool at 0x0000000047800000, size 8 MiB\n"
		"OF: reserved mem: initialized node pool, compatible id shared-dma-pool\n"
		"Memory: 1K/524288K available (0K kernel code, 0K rwdata, 0K rodata, 0K init, 0K bss, "
		"1K reserved, 0K cma-reserved)\n";
	struct mx_profile p;
	struct mx_layout L;
	struct mx_bootlog b;
	struct mx_compare c;

	(void)state;
	mx_layout_init(&L);
	mx_bootlog_init(&b);
	mx_compare_init(&c);
	run(log, &p, &L, &b, &c);
	assert_false(row_named(&c, "pool@0 base")->has_obs);
	mx_profile_release(&p);
	run(log2, &p, &L, &b, &c);
	assert_true(row_named(&c, "pool@0 base")->has_obs);
	assert_int_equal(row_named(&c, "pool@0 base")->obs, 0x47800000);
	mx_compare_release(&c);
	mx_bootlog_release(&b);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alloc_ranges_retry),
		cmocka_unit_test(calibrate),
		cmocka_unit_test(names_with_units),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
