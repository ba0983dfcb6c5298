/* test_golden.c - the golden figures of SPEC sections 3, 4, 5, 7 and 8 through the public API */
#include <string.h>

#include "testutil.h"

static const struct mx_stage *stage(const struct mx_layout *L, enum mx_step s)
{
	const struct mx_stage *st = mx_layout_stage(L, s);

	assert_non_null(st);
	return st;
}

/* SPEC section 8: msm8937, seeds/000, every row of the table. */
static void msm8937_timeline(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const struct mx_summary *s = &L.sum;

	(void)state;
	tu_load_profile(&p, "msm8937.yaml");
	mx_layout_init(&L);
	tu_compute(&L, &p);

	assert_int_equal(s->dram >> 10, 1048576);
	assert_int_equal(tu_k(&L, stage(&L, MX_STEP_DRAM)->after.memory), 1048576);
	assert_int_equal(tu_k(&L, s->physpages), 1010688);
	assert_int_equal(tu_k(&L, s->available), 714912);
	assert_int_equal(tu_k(&L, s->reserved), 295776);
	assert_int_equal(tu_k(&L, s->highmem_free), 118784);
	assert_true(tu_log_has(&L, "Memory: 714912K/1010688K available (11605K kernel code, "
			       "1204K rwdata, 4992K rodata, 474K init, 2316K bss, 295776K reserved, "
			       "118784K highmem)"));

	assert_int_equal(tu_k(&L, stage(&L, MX_STEP_CMA_ACTIVATE)->after.totalram), 874656);
	assert_int_equal(tu_k(&L, stage(&L, MX_STEP_INITRD_FREE)->after.totalram), 876440);
	assert_int_equal(tu_k(&L, stage(&L, MX_STEP_INIT_FREE)->after.totalram), 876912);
	assert_int_equal(tu_k(&L, stage(&L, MX_STEP_FIXUP)->after.totalram), 882608);
	assert_int_equal(tu_k(&L, stage(&L, MX_STEP_FREED_LATE)->after.totalram), 903088);
	assert_int_equal(tu_k(&L, s->initrd_freed), 1784);
	assert_int_equal(tu_k(&L, s->init_freed), 472);
	assert_true(tu_log_has(&L, "Freeing initrd memory: 1784K (c3600000 - c37be000)"));
	assert_true(tu_log_has(&L, "Freeing unused kernel memory: 472K (c1200000 - c1276000)"));

	assert_int_equal(tu_k(&L, s->memtotal), 903088);
	assert_int_equal(tu_k(&L, s->hightotal), 270336);
	assert_int_equal(tu_k(&L, s->lowtotal), 632752);
	assert_int_equal(tu_k(&L, s->cmatotal), 159744);
	assert_int_equal(s->vmalloc_total >> 10, 245760);
	assert_int_equal(tu_count_diag(&L, "alloc-failed"), 0);
	assert_int_equal(mx_diaglist_count(&L.diags, MX_SEV_ERROR), 0);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* SPEC section 3: top-down placement of the dynamic pools and the default CMA area. */
static void msm8937_placement(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	tu_load_profile(&p, "msm8937.yaml");
	mx_layout_init(&L);
	tu_compute(&L, &p);
	assert_int_equal(tu_item(&L, "venus_region@0")->base, 0x8f800000);
	assert_int_equal(tu_item(&L, "secure_region@0")->base, 0xb9000000);
	assert_int_equal(tu_item(&L, "qseecom_region@0")->base, 0xb8000000);
	assert_int_equal(tu_item(&L, "adsp_region@0")->base, 0xb7c00000);
	assert_int_equal(tu_item(&L, "default CMA")->base, 0xb6c00000);
	assert_int_equal(tu_item(&L, "default CMA")->size, 16u << 20);
	assert_int_equal(tu_item(&L, "venus_region@0")->window, 0);
	assert_true(tu_item(&L, "secure_region@0")->flags & MX_IF_CMA);
	{
		int secure = mx_layout_region_item(&L, mx_profile_find_region(&p, "secure_region@0"));

		assert_true(secure >= 0);
		assert_ptr_equal(&L.items[secure], tu_item(&L, "secure_region@0"));
	}
	assert_int_equal(mx_layout_region_item(&L, (int)p.nregions), -1);
	assert_true(tu_log_has(&L, "Reserved memory: allocated memory for 'venus_region@0' node: "
			       "base 0x8f800000, size 8 MiB"));
	assert_true(tu_log_has(&L, "cma: Reserved 16 MiB at 0xb6c00000"));
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* SPEC sections 5 and 7: the lowmem limit, the memmap and the modem fixup. */
static void msm8937_lowmem_memmap_fixup(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const struct mx_fixup *f;

	(void)state;
	tu_load_profile(&p, "msm8937.yaml");
	mx_layout_init(&L);
	tu_compute(&L, &p);
	assert_int_equal(L.sum.lowmem_limit, 0xaf800000);
	assert_int_equal(L.zones[0].memmap_pages, 1520);
	assert_true(tu_log_has(&L, "  Normal zone: 1520 pages used for memmap"));
	assert_int_equal(L.sum.memmap_base, 0xaefcd000);
	assert_int_equal(L.sum.memmap_alloc, 8u << 20);
	/* free_unused_memmap: holes [0x85c00,0x86800) and [0x8b800,0x8d000) in pfns */
	assert_int_equal(L.sum.memmap_unused_freed, (96 + 192) << 10);

	assert_int_equal(L.nfixups, 1);
	f = &L.fixups[0];
	assert_int_equal(f->keep_base, 0x86800000);
	assert_int_equal(f->keep_size, 75u << 20);
	assert_int_equal(f->memmap_base, 0xaf09d000);
	assert_int_equal(f->memmap_size, 576u << 10);
	assert_int_equal(f->tail_base, 0x8b300000);
	assert_int_equal(f->tail_size, 5120u << 10);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* SPEC section 4: the riscv64 board of seeds/003, FLATMEM. */
static void riscv_flat(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	tu_load_profile(&p, "riscv64-128m-flat.yaml");
	mx_layout_init(&L);
	tu_compute(&L, &p);
	assert_string_equal(L.zones[0].name, "DMA32");
	assert_int_equal(L.zones[0].spanned, 32576);
	assert_int_equal(L.zones[0].present, 32576);
	assert_int_equal(L.zones[0].memmap_pages, 446);
	assert_true(tu_log_has(&L, "  DMA32 zone: 446 pages used for memmap"));
	assert_int_equal(L.sum.memmap_alloc, 1835008);
	assert_int_equal(tu_k(&L, L.sum.available), 48032);
	assert_int_equal(tu_k(&L, L.sum.physpages), 130304);
	assert_int_equal(tu_k(&L, L.sum.reserved), 82272);
	assert_int_equal(tu_k(&L, L.sum.cma_reserved), 0);
	assert_true(tu_log_has(&L, "Memory: 48032K/130304K available (3478K kernel code, 500K rwdata, "
			       "1504K rodata, 124K init, 212K bss, 82272K reserved, 0K cma-reserved)"));
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* SPEC section 4: the same board, SPARSEMEM + VMEMMAP + EXTREME, 1800 KiB more no-map. */
static void riscv_sparse(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const struct mx_item *roots;

	(void)state;
	tu_load_profile(&p, "riscv64-128m-sparse.yaml");
	mx_layout_init(&L);
	tu_compute(&L, &p);
	assert_int_equal(L.zones[0].spanned, 32126);
	assert_int_equal(L.zones[0].present, 32126);
	assert_int_equal(L.zones[0].memmap_pages, 440);
	roots = tu_item(&L, "mem_section roots");
	assert_int_equal(roots->size, 16777216);
	assert_int_equal(L.sum.sparse_roots, 16777216);
	assert_int_equal(L.sum.memmap_alloc, 2u << 20);     /* PMD-aligned buffer */
	assert_int_equal(L.sum.memmap_bytes, 1835008);      /* after the 256 KiB tail is freed */
	assert_int_equal(tu_item(&L, "section usemaps")->size, 40);
	assert_int_equal(tu_k(&L, L.sum.available), 31636);
	assert_int_equal(tu_k(&L, L.sum.physpages), 128504);
	assert_int_equal(tu_k(&L, L.sum.reserved), 96868);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* SPEC section 4: SPARSEMEM costs 16396 KiB more than FLATMEM on this board. */
static void riscv_sparse_cost(void **state)
{
	struct mx_profile p;
	struct mx_layout a, b;
	int r;

	(void)state;
	tu_load_profile(&p, "riscv64-128m-flat.yaml");
	mx_layout_init(&a);
	mx_layout_init(&b);
	tu_compute(&a, &p);
	p.model = MX_MM_SPARSE; /* same region set: only the memory model changes */
	p.vmemmap = 1;
	p.extreme = 1;
	p.max_physmem_bits = 56;
	p.section_size_bits = 27;
	tu_compute(&b, &p);
	assert_int_equal(tu_k(&b, b.sum.reserved) - tu_k(&a, a.sum.reserved), 16396);
	/* making the top 1800 KiB no-map takes it out of physpages and of reserved */
	r = mx_profile_find_region(&p, "buffer@87e3e000");
	assert_true(r >= 0);
	p.regions[r].flags |= MX_REGION_NOMAP;
	tu_compute(&b, &p);
	assert_int_equal(tu_k(&b, b.sum.reserved), 96868);
	mx_layout_release(&a);
	mx_layout_release(&b);
	mx_profile_release(&p);
}

/* SPEC section 5: vexpress 0x60000000 + 1 GiB: max_low_pfn 0x8f800 on 3.x. */
static void vexpress_lowmem(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	tu_load_profile(&p, "vexpress-a9.yaml");
	mx_layout_init(&L);
	tu_compute(&L, &p);
	assert_int_equal(L.sum.lowmem_limit / L.params.page, 0x8f800);
	assert_int_equal(L.zones[0].start_pfn, 0x60000);
	assert_int_equal(L.zones[1].end_pfn, 0xa0000);
	assert_true(tu_log_has(&L, "max_low_pfn 0x8f800"));
	mx_layout_release(&L);
	mx_profile_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(msm8937_timeline),
		cmocka_unit_test(msm8937_placement),
		cmocka_unit_test(msm8937_lowmem_memmap_fixup),
		cmocka_unit_test(riscv_flat),
		cmocka_unit_test(riscv_sparse),
		cmocka_unit_test(riscv_sparse_cost),
		cmocka_unit_test(vexpress_lowmem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
