/* test_flavour.c - kernel flavours, their step lists and the effective parameters (test_bootargs.c: the command line) */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "engine_internal.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static void load(struct mx_profile *p, const char *yaml)
{
	tu_load_ok(p, yaml);
}

static const struct mx_flavour *by_name(const char *name)
{
	for (size_t i = 0; i < mx_flavour_count(); i++)
		if (!strcmp(mx_flavour_at(i)->name, name))
			return mx_flavour_at(i);
	print_error("no flavour %s\n", name);
	fail();
	return NULL;
}

/* ---- the flavour table -------------------------------------------------- */

static void flavour_table(void **state)
{
	const struct mx_flavour *f318, *f510;

	(void)state;
	assert_int_equal(mx_flavour_count(), 4);
	assert_null(mx_flavour_at(mx_flavour_count()));
	assert_null(mx_flavour_at((size_t)-1));
	for (size_t i = 1; i < mx_flavour_count(); i++)
		assert_true(mx_flavour_at(i - 1)->since < mx_flavour_at(i)->since);

	/* SPEC section 11 and doc/engine.md "Flavours" */
	f318 = by_name("3.18");
	assert_int_equal(f318->since, 0);
	assert_int_equal(f318->nomap, MX_NOMAP_REMOVE);
	assert_int_equal(f318->dyn_order, MX_DYN_ORDER_DT);
	assert_int_equal(f318->cma_align, MX_CMA_ALIGN_MAX_ORDER);
	assert_false(f318->failed_rmem_given_back);
	assert_false(f318->nomap_over_reserved_refused);
	assert_false(f318->memory_line_cma);
	assert_int_equal(f318->arm_vmalloc_end, 0xff000000u);
	assert_false(f318->subsection_map);
	assert_int_equal(f318->struct_page[MX_ARCH_ARM], 32);
	assert_int_equal(f318->struct_page[MX_ARCH_ARM64], 64);
	assert_int_equal(f318->struct_page[MX_ARCH_RISCV64], 64);

	f510 = by_name("5.10");
	assert_int_equal(f510->since, 4014);
	assert_int_equal(f510->nomap, MX_NOMAP_REMOVE);
	assert_int_equal(f510->dyn_order, MX_DYN_ORDER_HEAPSORT);
	assert_int_equal(f510->cma_align, MX_CMA_ALIGN_MAX_ORDER);
	assert_true(f510->failed_rmem_given_back);
	assert_true(f510->nomap_over_reserved_refused); /* of/fdt refuses it from 5.x on */
	assert_true(f510->memory_line_cma);
	assert_int_equal(f510->arm_vmalloc_end, 0xff800000u);
	assert_true(f510->subsection_map);
	assert_int_equal(f510->struct_page[MX_ARCH_ARM], 32);
	assert_int_equal(f510->struct_page[MX_ARCH_ARM64], 64);
	assert_int_equal(f510->struct_page[MX_ARCH_RISCV64], 64);
}

/* ---- mx_version_parse --------------------------------------------------- */

struct ver_case {
	const char *s;
	bool ok;
	unsigned v;
};

static const struct ver_case ver_cases[] = {
	{ "3.18", true, 3018 },
	{ "5.10", true, 5010 },
	{ "6.1", true, 6001 },
	{ "6.1.0-50", true, 6001 },
	{ "6.1.0-50-armmp-lpae", true, 6001 },
	{ "4.14.336", true, 4014 },
	{ "10.4", true, 10004 },
	{ "03.018", true, 3018 },
	{ "999.999", true, 999999 },
	{ "2.6", true, 2006 },
	{ "0.0", true, 0 },
	{ "1000.1", false, 0 },
	{ "3.1000", false, 0 },
	{ "v5.10", false, 0 },
	{ "5", false, 0 },
	{ "5.", false, 0 },
	{ "5.x", false, 0 },
	{ ".5", false, 0 },
	{ " 5.10", false, 0 },
	{ "", false, 0 },
	{ "linux", false, 0 },
	{ NULL, false, 0 },
};

static void version_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ver_cases) / sizeof(ver_cases[0]); i++) {
		unsigned v = 12345;
		bool ok = mx_version_parse(ver_cases[i].s, &v);

		if (ok != ver_cases[i].ok || (ok && v != ver_cases[i].v)) {
			print_error("mx_version_parse(\"%s\") = %d, %u\n",
				    ver_cases[i].s ? ver_cases[i].s : "(null)", ok, v);
			fail();
		}
		if (!ok)
			assert_int_equal(v, 12345); /* untouched on failure */
	}
}

/* ---- mx_flavour_find ---------------------------------------------------- */

struct find_case {
	const char *version;
	const char *want;
	bool exact;
};

static const struct find_case find_cases[] = {
	{ "3.18", "3.18", true },
	{ "5.10", "5.10", true },
	{ "3.18.140", "3.18", true },         /* a stable release of the flavour itself */
	{ "5.10.0-28-arm64", "5.10", true },
	{ "6.1.0-50", "6.1", true },          /* the oracle kernels */
	{ "6.1", "6.1", true },
	{ "6.12", "6.12", true },
	{ "6.12.95+deb12-arm64", "6.12", true }, /* the oracle-6.12 kernels */
	{ "6.6", "6.1", false },              /* 6.2..6.11: the newest not above it, with a note */
	{ "6.11", "6.1", false },
	{ "6.18", "6.12", false },
	{ "5.15", "5.10", false },
	{ "4.14", "5.10", false },            /* the 5.10 rules start at 4.14 */
	{ "4.13", "3.18", false },
	{ "4.0", "3.18", false },             /* seeds/001's vexpress kernel */
	{ "3.10", "3.18", false },
	{ "2.6", "3.18", false },             /* older than any: the oldest */
	{ "0.1", "3.18", false },
};

static void flavour_find_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(find_cases) / sizeof(find_cases[0]); i++) {
		bool exact = !find_cases[i].exact;
		const struct mx_flavour *f = mx_flavour_find(find_cases[i].version, &exact);

		assert_non_null(f);
		if (strcmp(f->name, find_cases[i].want) || exact != find_cases[i].exact) {
			print_error("mx_flavour_find(\"%s\") = %s exact %d; want %s exact %d\n",
				    find_cases[i].version, f->name, exact, find_cases[i].want,
				    find_cases[i].exact);
			fail();
		}
		/* @exact may be NULL */
		assert_ptr_equal(mx_flavour_find(find_cases[i].version, NULL), f);
	}
}

static void flavour_find_missing_or_garbage(void **state)
{
	const struct mx_flavour *newest = by_name("5.10");
	bool exact = false;

	(void)state;
	/* NULL and "" give the default (5.10: 6.1 is chosen by name); nothing was assumed then */
	assert_ptr_equal(mx_flavour_find(NULL, &exact), newest);
	assert_true(exact);
	exact = false;
	assert_ptr_equal(mx_flavour_find("", &exact), newest);
	assert_true(exact);
	assert_ptr_equal(mx_flavour_find(NULL, NULL), newest);

	/* text that is no version: some flavour, never an exact match */
	static const char *const garbage[] = { "linux", "v6.1", "6", "six.one", "-1.0", "." };
	for (size_t i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		exact = true;
		assert_non_null(mx_flavour_find(garbage[i], &exact));
		assert_false(exact);
	}
}

/* ---- step lists --------------------------------------------------------- */

static bool has_step(const struct mx_flavour *f, enum mx_arch a, enum mx_step s)
{
	for (size_t i = 0; i < f->nsteps[a]; i++)
		if (f->steps[a][i] == s)
			return true;
	return false;
}

/* Steps only the 6.x flavours run (their kernel-side cost models; 6.12's late static init). */
static bool step_61_only(int s)
{
	return s == MX_STEP_PAGETABLES || s == MX_STEP_UNFLATTEN || s == MX_STEP_EARLY_BOOTMEM ||
	       s == MX_STEP_CRASHKERNEL || s == MX_STEP_RESOURCES || s == MX_STEP_CMDLINE ||
	       s == MX_STEP_LOGBUF || s == MX_STEP_HASH || s == MX_STEP_SWIOTLB ||
	       s == MX_STEP_RMEM_STATIC_INIT || s == MX_STEP_PAGE_EXT;
}

/* The 6.x lists: every step at most once, DRAM first, the late releases last. */
static void check_lists_6x(const struct mx_flavour *f)
{
	for (int a = MX_ARCH_ARM; a <= MX_ARCH_RISCV64; a++) {
		bool seen[MX_STEP__COUNT] = { false };

		assert_non_null(f->steps[a]);
		assert_int_equal(f->steps[a][0], MX_STEP_DRAM);
		assert_int_equal(f->steps[a][f->nsteps[a] - 1], MX_STEP_FREED_LATE);
		for (size_t i = 0; i < f->nsteps[a]; i++) {
			assert_false(seen[f->steps[a][i]]);
			seen[f->steps[a][i]] = true;
		}
		assert_true(seen[MX_STEP_MEMMAP] && seen[MX_STEP_MEM_INIT] && seen[MX_STEP_CALIBRATION]);
	}
	/* arm64: the linear map before the unflattened DT, CMA after sparse_init, swiotlb last */
	{
		size_t pt = 0, un = 0, mm = 0, cma = 0, sw = 0, mi = 0;

		for (size_t i = 0; i < f->nsteps[MX_ARCH_ARM64]; i++) {
			enum mx_step s = f->steps[MX_ARCH_ARM64][i];

			pt = s == MX_STEP_PAGETABLES ? i : pt;
			un = s == MX_STEP_UNFLATTEN ? i : un;
			mm = s == MX_STEP_MEMMAP ? i : mm;
			cma = s == MX_STEP_CMA_DEFAULT ? i : cma;
			sw = s == MX_STEP_SWIOTLB ? i : sw;
			mi = s == MX_STEP_MEM_INIT ? i : mi;
		}
		assert_true(pt < un && un < mm && mm < cma && cma < sw && sw < mi);
	}
}

static void step_lists_61(void **state)
{
	(void)state;
	check_lists_6x(by_name("6.1"));
	check_lists_6x(by_name("6.12"));
}

static void step_lists(void **state)
{
	static const enum mx_arch arches[] = { MX_ARCH_ARM, MX_ARCH_ARM64, MX_ARCH_RISCV64 };

	(void)state;
	for (size_t fi = 0; fi < mx_flavour_count(); fi++) {
		const struct mx_flavour *f = mx_flavour_at(fi);

		if (!strcmp(f->name, "6.1") || !strcmp(f->name, "6.12"))
			continue; /* step_lists_61 */
		for (size_t ai = 0; ai < sizeof(arches) / sizeof(arches[0]); ai++) {
			enum mx_arch a = arches[ai];
			bool arm = a == MX_ARCH_ARM;
			size_t k = 0;

			assert_non_null(f->steps[a]);
			/*
			 * doc/engine.md: 32-bit ARM runs every step, in the
			 * enum's order; arm64 and riscv64 skip lowmem, pgd and
			 * free_unused_memmap.
			 */
			assert_int_equal(f->nsteps[a], arm ? MX_STEP__COUNT - 11 : MX_STEP__COUNT - 14);
			for (int s = 0; s < MX_STEP__COUNT; s++) {
				bool skipped = step_61_only(s) ||
					       (!arm && (s == MX_STEP_LOWMEM || s == MX_STEP_PGD ||
							 s == MX_STEP_FREE_UNUSED_MEMMAP));

				assert_int_equal(has_step(f, a, (enum mx_step)s), !skipped);
				if (skipped)
					continue;
				assert_true(k < f->nsteps[a]);
				assert_int_equal(f->steps[a][k], s);
				k++;
			}
		}
	}
}

static void step_names(void **state)
{
	(void)state;
	for (int s = 0; s < MX_STEP__COUNT; s++) {
		assert_non_null(mx_step_name((enum mx_step)s));
		assert_string_not_equal(mx_step_name((enum mx_step)s), "?");
		assert_string_not_equal(mx_step_func((enum mx_step)s), "?");
		for (int t = 0; t < s; t++)
			assert_string_not_equal(mx_step_name((enum mx_step)s),
						mx_step_name((enum mx_step)t));
	}
	assert_string_equal(mx_step_name(MX_STEP__COUNT), "?");
	assert_string_equal(mx_step_func(MX_STEP__COUNT), "?");
	assert_string_equal(mx_step_func(MX_STEP_RMEM_DYNAMIC), "fdt_init_reserved_mem");
}

/* The stages of a computed layout follow the arch's list. */
static void stages_follow_step_list(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	mx_layout_init(&L);
	load(&p, "arch: arm64\nkernel: \"5.10\"\nmemory: [{ base: 0x40000000, size: 256M }]\n"
		 "kernel-image: { size: 4M }\n");
	tu_compute(&L, &p);
	assert_int_equal(L.nstages, MX_STEP__COUNT - 14);
	assert_null(mx_layout_stage(&L, MX_STEP_LOWMEM));
	assert_null(mx_layout_stage(&L, MX_STEP_PGD));
	assert_null(mx_layout_stage(&L, MX_STEP_FREE_UNUSED_MEMMAP));
	assert_non_null(mx_layout_stage(&L, MX_STEP_MEMMAP));
	mx_profile_release(&p);

	load(&p, "arch: arm\nkernel: \"3.18\"\nmemory: [{ base: 0x60000000, size: 256M }]\n"
		 "kernel-image: { size: 4M }\n");
	tu_compute(&L, &p);
	assert_int_equal(L.nstages, MX_STEP__COUNT - 11);
	for (size_t i = 0, k = 0; i < L.nstages; i++, k++) {
		while (step_61_only((int)k))
			k++;
		assert_int_equal(L.stages[i].step, (enum mx_step)k);
	}
	mx_profile_release(&p);
	mx_layout_release(&L);
}

/* ---- mx_params_resolve defaults ------------------------------------------ */


static const unsigned common_assumed = MX_ASSUMED_PAGE_SIZE | MX_ASSUMED_STRUCT_PAGE |
	MX_ASSUMED_MODEL | MX_ASSUMED_MAX_ORDER | MX_ASSUMED_PAGEBLOCK | MX_ASSUMED_KERNEL_BASE |
	MX_ASSUMED_INIT_BASE | MX_ASSUMED_CMA_SIZE;

static void defaults_arm(void **state)
{
	struct mx_params P;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	tu_params_resolve(&P, &d, "arch: arm\nkernel: \"3.18\"\nmemory: [{ base: 0x60000000, size: 1G }]\n");
	assert_int_equal(d.cnt, 0);
	assert_string_equal(P.flavour->name, "3.18");
	assert_int_equal(P.arch, MX_ARCH_ARM);
	assert_int_equal(P.page, 4096);
	assert_int_equal(P.page_shift, 12);
	assert_int_equal(P.struct_page, 32);
	assert_int_equal(P.model, MX_MM_FLAT);
	assert_false(P.vmemmap);
	assert_false(P.extreme);
	assert_int_equal(P.max_order, 11);
	assert_int_equal(P.pageblock_order, 10); /* MAX_ORDER - 1 */
	assert_int_equal(P.max_physmem_bits, 32);
	assert_int_equal(P.section_size_bits, 28);
	assert_int_equal(P.pgtable_levels, 2);
	assert_false(P.vmemmap_pmd);
	assert_int_equal(P.smp_cache_bytes, 64);
	assert_int_equal(P.vmsplit, MX_VMSPLIT_3G);
	assert_int_equal(P.page_offset, 0xC0000000u);
	assert_int_equal(P.vmalloc_size, 240 * MiB);
	assert_int_equal(P.phys_digits, 8);
	assert_int_equal(P.cma_size, 0);
	assert_false(P.cma_cmdline);
	assert_int_equal(P.kernel_base, 0x60008000u);     /* first bank + TEXT_OFFSET */
	assert_int_equal(P.init_base, 0x60008000u);       /* no code/rodata given */
	assert_int_equal(P.pgd_size, 0x4000);
	assert_int_equal(P.pgd_base, 0x60004000u);        /* 16 KiB below the kernel */
	assert_int_equal(P.fdt_size, 0);
	assert_int_equal(P.assumed, common_assumed | MX_ASSUMED_VMSPLIT | MX_ASSUMED_VMALLOC |
			 MX_ASSUMED_PGD);
	mx_diaglist_release(&d);
}

static void defaults_arm64(void **state)
{
	struct mx_params P;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	tu_params_resolve(&P, &d, "arch: arm64\nkernel: \"5.10\"\nmemory: [{ base: 0x80000000, size: 2G }]\n");
	assert_int_equal(d.cnt, 0);
	assert_string_equal(P.flavour->name, "5.10");
	assert_int_equal(P.struct_page, 64);
	assert_int_equal(P.model, MX_MM_SPARSE);
	assert_true(P.vmemmap);
	assert_true(P.extreme);
	assert_int_equal(P.max_order, 11);
	assert_int_equal(P.pageblock_order, 9); /* HUGETLB_PAGE_ORDER with 4 KiB pages */
	assert_int_equal(P.max_physmem_bits, 48);
	assert_int_equal(P.section_size_bits, 30);
	assert_int_equal(P.pgtable_levels, 4);
	assert_true(P.vmemmap_pmd);
	assert_int_equal(P.page_offset, 0);
	assert_int_equal(P.phys_digits, 16);
	assert_int_equal(P.kernel_base, 0x80200000u);
	assert_int_equal(P.pgd_size, 0); /* no swapper_pg_dir reservation off 32-bit ARM */
	assert_int_equal(P.assumed, common_assumed | MX_ASSUMED_SECTIONS);
	mx_diaglist_release(&d);
}

static void defaults_riscv64(void **state)
{
	struct mx_params P;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	tu_params_resolve(&P, &d, "arch: riscv64\nkernel: \"5.10\"\n"
		"memory: [{ base: 0x80000000, size: 128M }]\nfdt: { size: 16K }\n");
	assert_int_equal(d.cnt, 0);
	assert_int_equal(P.struct_page, 64);
	assert_int_equal(P.model, MX_MM_SPARSE);
	assert_true(P.vmemmap);
	assert_true(P.extreme);
	assert_int_equal(P.pageblock_order, 9);
	assert_int_equal(P.max_physmem_bits, 56);
	assert_int_equal(P.section_size_bits, 27);
	assert_int_equal(P.pgtable_levels, 3);
	assert_false(P.vmemmap_pmd);
	assert_int_equal(P.kernel_base, 0x80200000u);
	/* a DTB without base: half the first bank when it is small */
	assert_int_equal(P.fdt_size, 16 * 1024);
	assert_int_equal(P.fdt_base, 0x84000000u);
	assert_int_equal(P.assumed, common_assumed | MX_ASSUMED_SECTIONS | MX_ASSUMED_FDT);
	mx_diaglist_release(&d);
}

/* Everything given: nothing assumed. */
static void explicit_values_assume_nothing(void **state)
{
	struct mx_params P;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	tu_params_resolve(&P, &d,
		"arch: arm\nkernel: \"3.18\"\npage-size: 4K\nstruct-page: 36\n"
		"memory-model: sparsemem\nvmemmap: false\nsparsemem-extreme: true\nmax-order: 12\n"
		"pageblock-order: 11\nmax-physmem-bits: 40\nsection-size-bits: 28\nvmsplit: 2G\n"
		"vmalloc: 400M\ncma-size: 64M\nmemory: [{ base: 0x80000000, size: 1G }]\n"
		"kernel-image: { base: 0x80008000, size: 8M, init-base: 0x80600000 }\n"
		"pgd: { base: 0x80004000, size: 16K }\nfdt: { base: 0x88000000, size: 64K }\n");
	assert_int_equal(d.cnt, 0);
	assert_int_equal(P.assumed, 0);
	assert_int_equal(P.struct_page, 36);
	assert_int_equal(P.model, MX_MM_SPARSE);
	assert_false(P.vmemmap);
	assert_true(P.extreme);
	assert_int_equal(P.max_order, 12);
	assert_int_equal(P.pageblock_order, 11);
	assert_int_equal(P.max_physmem_bits, 40);
	assert_int_equal(P.page_offset, 0x80000000u);
	assert_int_equal(P.vmalloc_size, 400 * MiB);
	assert_int_equal(P.cma_size, 64 * MiB);
	assert_int_equal(P.init_base, 0x80600000u);
	assert_int_equal(P.fdt_base, 0x88000000u);
	mx_diaglist_release(&d);
}

/* A kernel with no flavour of its own: the flavour bit and a "flavour" note. */
static void assumed_flavour(void **state)
{
	struct mx_params P;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	tu_params_resolve(&P, &d, "arch: arm64\nkernel: \"5.15.0-1\"\nmemory: [{ base: 0x40000000, size: 1G }]\n");
	assert_string_equal(P.flavour->name, "5.10");
	assert_true(P.assumed & MX_ASSUMED_FLAVOUR);
	assert_int_equal(tu_count_check(&d, "flavour"), 1);
	assert_int_equal(d.d[0].sev, MX_SEV_NOTE);
	mx_diaglist_clear(&d);

	/* no kernel at all: the default, nothing said */
	tu_params_resolve(&P, &d, "arch: arm64\nmemory: [{ base: 0x40000000, size: 1G }]\n");
	assert_ptr_equal(P.flavour, by_name("5.10"));
	assert_false(P.assumed & MX_ASSUMED_FLAVOUR);
	assert_int_equal(d.cnt, 0);
	mx_diaglist_clear(&d);

	tu_params_resolve(&P, &d, "arch: arm64\nkernel: \"3.18\"\nmemory: [{ base: 0x40000000, size: 1G }]\n");
	assert_false(P.assumed & MX_ASSUMED_FLAVOUR);
	assert_int_equal(d.cnt, 0);
	mx_diaglist_release(&d);
}

/* 64 KiB pages: shifts follow the page size. */
static void page_size_64k(void **state)
{
	struct mx_params P;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	tu_params_resolve(&P, &d, "arch: riscv64\npage-size: 64K\nmemory: [{ base: 0x80000000, size: 1G }]\n");
	assert_int_equal(P.page, 65536);
	assert_int_equal(P.page_shift, 16);
	assert_false(P.assumed & MX_ASSUMED_PAGE_SIZE);
	mx_diaglist_release(&d);
}

/* Out-of-range settings fall back with a "params" error, never crash. */
static void bad_params_fall_back(void **state)
{
	struct mx_params P;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	tu_params_resolve(&P, &d, "arch: arm64\npage-size: 3000\nmax-order: 1\n"
		"memory: [{ base: 0x40000000, size: 1G }]\n");
	assert_int_equal(P.page, 4096);
	assert_int_equal(P.max_order, 11);
	assert_int_equal(tu_count_check(&d, "params"), 2);
	mx_diaglist_clear(&d);

	tu_params_resolve(&P, &d, "arch: riscv64\nmax-physmem-bits: 20\nsection-size-bits: 27\n"
		"memory: [{ base: 0x40000000, size: 1G }]\n");
	assert_int_equal(tu_count_check(&d, "params"), 1);
	assert_true(P.section_size_bits > P.page_shift);
	assert_true(P.section_size_bits <= P.max_physmem_bits);
	mx_diaglist_release(&d);
}
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flavour_table),
		cmocka_unit_test(version_parse_table),
		cmocka_unit_test(flavour_find_table),
		cmocka_unit_test(flavour_find_missing_or_garbage),
		cmocka_unit_test(step_lists),
		cmocka_unit_test(step_lists_61),
		cmocka_unit_test(step_names),
		cmocka_unit_test(stages_follow_step_list),
		cmocka_unit_test(defaults_arm),
		cmocka_unit_test(defaults_arm64),
		cmocka_unit_test(defaults_riscv64),
		cmocka_unit_test(explicit_values_assume_nothing),
		cmocka_unit_test(assumed_flavour),
		cmocka_unit_test(page_size_64k),
		cmocka_unit_test(bad_params_fall_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
