/* test_flavour.c - kernel flavours, effective parameters, bootargs and the 32-bit ARM lowmem split */
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

static size_t count_check(const struct mx_diaglist *d, const char *check)
{
	size_t n = 0;

	for (size_t i = 0; i < d->cnt; i++)
		n += d->d[i].check && !strcmp(d->d[i].check, check);
	return n;
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

static void resolve(struct mx_params *P, struct mx_diaglist *d, const char *yaml)
{
	struct mx_profile p;

	load(&p, yaml);
	assert_int_equal(mx_params_resolve(P, &p, d), 0);
	mx_profile_release(&p);
}

static const unsigned common_assumed = MX_ASSUMED_PAGE_SIZE | MX_ASSUMED_STRUCT_PAGE |
	MX_ASSUMED_MODEL | MX_ASSUMED_MAX_ORDER | MX_ASSUMED_PAGEBLOCK | MX_ASSUMED_KERNEL_BASE |
	MX_ASSUMED_INIT_BASE | MX_ASSUMED_CMA_SIZE;

static void defaults_arm(void **state)
{
	struct mx_params P;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	resolve(&P, &d, "arch: arm\nkernel: \"3.18\"\nmemory: [{ base: 0x60000000, size: 1G }]\n");
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
	resolve(&P, &d, "arch: arm64\nkernel: \"5.10\"\nmemory: [{ base: 0x80000000, size: 2G }]\n");
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
	resolve(&P, &d, "arch: riscv64\nkernel: \"5.10\"\n"
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
	resolve(&P, &d,
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
	resolve(&P, &d, "arch: arm64\nkernel: \"5.15.0-1\"\nmemory: [{ base: 0x40000000, size: 1G }]\n");
	assert_string_equal(P.flavour->name, "5.10");
	assert_true(P.assumed & MX_ASSUMED_FLAVOUR);
	assert_int_equal(count_check(&d, "flavour"), 1);
	assert_int_equal(d.d[0].sev, MX_SEV_NOTE);
	mx_diaglist_clear(&d);

	/* no kernel at all: the default, nothing said */
	resolve(&P, &d, "arch: arm64\nmemory: [{ base: 0x40000000, size: 1G }]\n");
	assert_ptr_equal(P.flavour, by_name("5.10"));
	assert_false(P.assumed & MX_ASSUMED_FLAVOUR);
	assert_int_equal(d.cnt, 0);
	mx_diaglist_clear(&d);

	resolve(&P, &d, "arch: arm64\nkernel: \"3.18\"\nmemory: [{ base: 0x40000000, size: 1G }]\n");
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
	resolve(&P, &d, "arch: riscv64\npage-size: 64K\nmemory: [{ base: 0x80000000, size: 1G }]\n");
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
	resolve(&P, &d, "arch: arm64\npage-size: 3000\nmax-order: 1\n"
		"memory: [{ base: 0x40000000, size: 1G }]\n");
	assert_int_equal(P.page, 4096);
	assert_int_equal(P.max_order, 11);
	assert_int_equal(count_check(&d, "params"), 2);
	mx_diaglist_clear(&d);

	resolve(&P, &d, "arch: riscv64\nmax-physmem-bits: 20\nsection-size-bits: 27\n"
		"memory: [{ base: 0x40000000, size: 1G }]\n");
	assert_int_equal(count_check(&d, "params"), 1);
	assert_true(P.section_size_bits > P.page_shift);
	assert_true(P.section_size_bits <= P.max_physmem_bits);
	mx_diaglist_release(&d);
}

/* ---- bootargs ------------------------------------------------------------ */

struct bootargs_case {
	const char *args;
	unsigned ndiag;             /* "bootargs" errors */
	uint64_t cma_size, cma_base, cma_limit;
	bool cma_cmdline;
	uint64_t mem_limit, mem_base;
	bool has_mem_base;
	uint64_t vmalloc;           /* 0: the default 240 MiB */
};

static const struct bootargs_case bootargs_cases[] = {
	{ "", 0, 0, 0, 0, false, 0, 0, false, 0 },
	{ "console=ttyAMA0 root=/dev/mmcblk0p2 quiet", 0, 0, 0, 0, false, 0, 0, false, 0 },
	/* cma=size[@base[-limit]] */
	{ "cma=64M", 0, 64 * MiB, 0, 0, true, 0, 0, false, 0 },
	{ "cma=64M@0x80000000", 0, 64 * MiB, 0x80000000u, 0x84000000u, true, 0, 0, false, 0 },
	{ "cma=32M@0x40000000-0x50000000", 0, 32 * MiB, 0x40000000u, 0x50000000u, true,
	  0, 0, false, 0 },
	{ "cma=0", 0, 0, 0, 0, true, 0, 0, false, 0 },
	{ "cma=0x1000000", 0, 16 * MiB, 0, 0, true, 0, 0, false, 0 },
	{ "cma=16M cma=32M", 0, 32 * MiB, 0, 0, true, 0, 0, false, 0 },   /* the last wins */
	/* mem= */
	{ "mem=256M", 0, 0, 0, 0, false, 256 * MiB, 0, false, 0 },
	{ "mem=64M@0x20000000", 0, 0, 0, 0, false, 64 * MiB, 0x20000000u, true, 0 },
	/* vmalloc= */
	{ "vmalloc=400M", 0, 0, 0, 0, false, 0, 0, false, 400 * MiB },
	/* all of them among other options, odd spacing */
	{ "  console=ttyS0,115200   cma=64M\tmem=1G vmalloc=128M  rdinit=/linuxrc ", 0,
	  64 * MiB, 0, 0, true, GiB, 0, false, 128 * MiB },
	/* garbage: one "bootargs" error each, the setting is left alone */
	{ "cma=", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "cma=abc", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "cma=64Q", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "cma=64Mx", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "cma=64M@", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "cma=64M@0x1000-", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "cma=64M@0x1000-0x2000junk", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "cma=0xffffffffffffffff@0x1000", 1, 0, 0, 0, false, 0, 0, false, 0 }, /* base + size wraps */
	{ "mem=", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "mem=0", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "mem=lots", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "mem=64M@", 1, 0, 0, 0, false, 0, 0, false, 0 },
	/* a bad one does not spoil the good ones (vmalloc=: vmalloc_as_the_kernel_reads_it) */
	{ "cma=junk mem=256M mem=x", 2, 0, 0, 0, false, 256 * MiB, 0, false, 0 },
};

static void bootargs_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bootargs_cases) / sizeof(bootargs_cases[0]); i++) {
		const struct bootargs_case *c = &bootargs_cases[i];
		struct mx_params P;
		struct mx_diaglist d;
		char yaml[512];

		snprintf(yaml, sizeof(yaml), "arch: arm\nkernel: \"3.18\"\nbootargs: \"%s\"\n"
			 "memory: [{ base: 0x60000000, size: 1G }]\n", c->args);
		mx_diaglist_init(&d);
		resolve(&P, &d, yaml);
		if (count_check(&d, "bootargs") != c->ndiag || d.cnt != c->ndiag ||
		    P.cma_size != c->cma_size || P.cma_base != c->cma_base ||
		    P.cma_limit != c->cma_limit || P.cma_cmdline != c->cma_cmdline ||
		    P.mem_limit != c->mem_limit || P.mem_base != c->mem_base ||
		    P.has_mem_base != c->has_mem_base ||
		    P.vmalloc_size != (c->vmalloc ? c->vmalloc : 240 * MiB)) {
			print_error("bootargs \"%s\": %zu diags, cma %#llx@%#llx-%#llx cmdline %d, "
				    "mem %#llx@%#llx (%d), vmalloc %#llx\n", c->args, d.cnt,
				    (unsigned long long)P.cma_size, (unsigned long long)P.cma_base,
				    (unsigned long long)P.cma_limit, P.cma_cmdline,
				    (unsigned long long)P.mem_limit, (unsigned long long)P.mem_base,
				    P.has_mem_base, (unsigned long long)P.vmalloc_size);
			fail();
		}
		for (size_t k = 0; k < d.cnt; k++) {
			assert_int_equal(d.d[k].sev, MX_SEV_ERROR);
			assert_non_null(strstr(d.d[k].msg, "cannot parse '"));
		}
		/* cma= on the command line is not an assumed size */
		assert_int_equal(!!(P.assumed & MX_ASSUMED_CMA_SIZE), !c->cma_cmdline);
		assert_int_equal(!!(P.assumed & MX_ASSUMED_VMALLOC), !c->vmalloc);
		mx_diaglist_release(&d);
	}
}

/*
 * vmalloc= as arch/arm/mm/mmu.c early_vmalloc() takes it: memparse() (no
 * digits: 0; wrapping), into a 32-bit unsigned long, then between 16 MiB and
 * VMALLOC_END - (PAGE_OFFSET + 32 MiB) (3.18, VMSPLIT_3G: 0xff000000 -
 * 0xc2000000 = 976 MiB). The kernel refuses none: a warning when the size
 * is not the one written.
 */
static void vmalloc_as_the_kernel_reads_it(void **state)
{
	static const struct { const char *arg; uint64_t size; bool warn; } t[] = {
		{ "vmalloc=400M", 400 * MiB, false },
		{ "vmalloc=16M", 16 * MiB, false },
		{ "vmalloc=976M", 976 * MiB, false },
		{ "vmalloc=977M", 976 * MiB, true },          /* too big */
		{ "vmalloc=8M", 16 * MiB, true },             /* too small */
		{ "vmalloc=", 16 * MiB, true },               /* memparse(""): 0 */
		{ "vmalloc=x", 16 * MiB, true },
		{ "vmalloc=12Q", 16 * MiB, true },            /* 12 bytes, the Q ignored */
		{ "vmalloc=256MB", 256 * MiB, false },        /* the B ignored */
		{ "vmalloc=0400M", 256 * MiB, false },        /* a leading 0 is octal */
		{ "vmalloc=4G", 16 * MiB, true },             /* 2^32 in 32 bits: 0 */
		{ "vmalloc=0x100000000", 16 * MiB, true },
		{ "vmalloc=0x110000000", 256 * MiB, false },  /* 4 GiB + 256 MiB wraps to 256 MiB */
		{ "vmalloc=0xfffffffffff00000", 976 * MiB, true }, /* 0xfff00000: too big */
		{ "vmalloc=16E", 16 * MiB, true },            /* 2^64 wraps to 0 */
		/* mod 2^64 0x2c7e14af67fffff, 32 bits 0xf67fffff: too big */
		{ "vmalloc=99999999999999999999999", 976 * MiB, true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct mx_params P;
		struct mx_diaglist d;
		char yaml[256];

		snprintf(yaml, sizeof(yaml), "arch: arm\nkernel: \"3.18\"\nbootargs: \"%s\"\n"
			 "memory: [{ base: 0x60000000, size: 1G }]\n", t[i].arg);
		mx_diaglist_init(&d);
		resolve(&P, &d, yaml);
		if (P.vmalloc_size != t[i].size || d.cnt != t[i].warn) {
			print_error("%s: vmalloc %#llx, %zu diag(s)\n", t[i].arg,
				    (unsigned long long)P.vmalloc_size, d.cnt);
			fail();
		}
		assert_true(P.vmalloc_cmdline);
		if (d.cnt) {
			assert_int_equal(d.d[0].sev, MX_SEV_WARNING);
			assert_string_equal(d.d[0].check, "bootargs");
			assert_non_null(strstr(d.d[0].msg, "(early_vmalloc)"));
		}
		mx_diaglist_release(&d);
	}
}

static void bootargs_message_names_the_argument(void **state)
{
	struct mx_params P;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	resolve(&P, &d, "arch: arm\nbootargs: \"quiet cma=12Q\"\n"
		"memory: [{ base: 0x60000000, size: 1G }]\n");
	assert_int_equal(d.cnt, 1);
	assert_string_equal(d.d[0].check, "bootargs");
	assert_string_equal(d.d[0].msg, "cannot parse 'cma=12Q' in bootargs; ignored");
	assert_int_equal(d.d[0].region, -1);
	mx_diaglist_release(&d);
}

/* mem= through the replay: the first N bytes, or [B, B + N). */
static void mem_limit_applied(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	mx_layout_init(&L);
	load(&p, "arch: arm64\nkernel: \"5.10\"\nbootargs: \"mem=256M\"\n"
		 "memory: [{ base: 0x40000000, size: 128M }, { base: 0x50000000, size: 1G }]\n");
	tu_compute(&L, &p);
	/* 128 MiB of the first bank, then 128 MiB of the second */
	assert_int_equal(L.memory.cnt, 2);
	assert_int_equal(mx_rangeset_bytes(&L.memory), 256 * MiB);
	assert_int_equal(mx_rangeset_end(&L.memory), 0x58000000u);
	assert_int_equal(L.sum.physpages, 65536);
	mx_profile_release(&p);

	load(&p, "arch: arm\nkernel: \"3.18\"\nbootargs: \"mem=64M@0x20000000\"\n"
		 "memory: [{ base: 0x20000000, size: 512M }]\n");
	tu_compute(&L, &p);
	assert_int_equal(L.memory.cnt, 1);
	assert_int_equal(L.memory.r[0].base, 0x20000000u);
	assert_int_equal(L.memory.r[0].size, 64 * MiB);
	mx_profile_release(&p);
	mx_layout_release(&L);
}

/* ---- 32-bit ARM lowmem limit --------------------------------------------- */

/*
 * vmalloc_min = VMALLOC_END - (vmalloc + 8 MiB); the limit is its physical
 * address: vmalloc_min - PAGE_OFFSET + PHYS_OFFSET. PHYS_OFFSET 0x60000000,
 * vmalloc 240 MiB (0xf800000 with the offset):
 *
 *   VMALLOC_END 0xff000000 (3.18) -> vmalloc_min 0xef800000
 *   VMALLOC_END 0xff800000 (5.10) -> vmalloc_min 0xf0000000
 */
struct lowmem_case {
	const char *vmsplit;
	uint64_t page_offset;
	uint64_t limit318, limit510;     /* mxi_arm_vmalloc_limit */
	uint64_t lowmem318, lowmem510;   /* with 2 GiB at 0x60000000 (ends 0xe0000000) */
};

static const struct lowmem_case lowmem_cases[] = {
	{ "3G", 0xC0000000u, 0x8f800000u, 0x90000000u, 0x8f800000u, 0x90000000u },
	{ "3G_OPT", 0xB0000000u, 0x9f800000u, 0xa0000000u, 0x9f800000u, 0xa0000000u },
	{ "2G", 0x80000000u, 0xcf800000u, 0xd0000000u, 0xcf800000u, 0xd0000000u },
	/* above the end of memory: all of it is lowmem */
	{ "1G", 0x40000000u, 0x10f800000ULL, 0x110000000ULL, 0xe0000000u, 0xe0000000u },
};

static void lowmem_every_vmsplit(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(lowmem_cases) / sizeof(lowmem_cases[0]); i++) {
		const struct lowmem_case *c = &lowmem_cases[i];

		for (int f = 0; f < 2; f++) {
			const char *kernel = f ? "5.10" : "3.18";
			struct mx_profile p;
			struct mx_layout L;
			char yaml[256];
			uint64_t want = f ? c->lowmem510 : c->lowmem318;

			snprintf(yaml, sizeof(yaml), "arch: arm\nkernel: \"%s\"\nvmsplit: %s\n"
				 "memory: [{ base: 0x60000000, size: 2G }]\n", kernel, c->vmsplit);
			load(&p, yaml);
			mx_layout_init(&L);
			tu_compute(&L, &p);
			assert_int_equal(L.params.page_offset, c->page_offset);
			assert_int_equal(mxi_arm_vmalloc_limit(&L.params, 0x60000000u),
					 f ? c->limit510 : c->limit318);
			if (L.sum.lowmem_limit != want) {
				print_error("VMSPLIT_%s, %s: lowmem ends at %#llx, want %#llx\n",
					    c->vmsplit, kernel,
					    (unsigned long long)L.sum.lowmem_limit,
					    (unsigned long long)want);
				fail();
			}
			/* the zones split there */
			assert_int_equal(L.zones[0].end_pfn, want / 4096);
			if (want < 0xe0000000u) {
				assert_int_equal(L.zones[1].start_pfn, want / 4096);
				assert_true(L.zones[1].highmem);
			} else {
				assert_int_equal(L.zones[1].spanned, 0);
			}
			mx_layout_release(&L);
			mx_profile_release(&p);
		}
	}
}

/* The vexpress-a9 board: 1 GiB at 0x60000000 (seeds/001; oracle vexa9-1g-base). */
static void lowmem_vexpress(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	mx_layout_init(&L);
	load(&p, "arch: arm\nkernel: \"3.18\"\nmemory: [{ base: 0x60000000, size: 1G }]\n");
	tu_compute(&L, &p);
	assert_int_equal(L.sum.lowmem_limit, 0x8f800000u);
	assert_int_equal(L.sum.vmalloc_total, 240 * MiB);
	mx_profile_release(&p);

	load(&p, "arch: arm\nkernel: \"5.10\"\nmemory: [{ base: 0x60000000, size: 1G }]\n");
	tu_compute(&L, &p);
	assert_int_equal(L.sum.lowmem_limit, 0x90000000u); /* 768 MiB of lowmem */
	mx_profile_release(&p);

	/* the shipped profile (kernel 4.0 -> 3.18 rules) */
	tu_load_profile(&p, "vexpress-a9.yaml");
	tu_compute(&L, &p);
	assert_int_equal(L.sum.lowmem_limit, 0x8f800000u);
	mx_profile_release(&p);

	/* a larger vmalloc area moves the split down: 408 MiB below 0xff000000 */
	load(&p, "arch: arm\nkernel: \"3.18\"\nvmalloc: 400M\n"
		 "memory: [{ base: 0x60000000, size: 1G }]\n");
	tu_compute(&L, &p);
	assert_int_equal(L.sum.lowmem_limit, 0x85800000u);
	assert_int_equal(L.sum.vmalloc_total, 400 * MiB);
	mx_profile_release(&p);
	mx_layout_release(&L);
}

/* PHYS_OFFSET is the kernel base rounded down to 16 MiB. */
static void lowmem_phys_offset_from_kernel(void **state)
{
	struct mx_params P;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	resolve(&P, &d, "arch: arm\nkernel: \"3.18\"\nmemory: [{ base: 0x80000000, size: 1G }]\n");
	assert_int_equal(mxi_arm_vmalloc_limit(&P, 0x80000000u), 0xaf800000u); /* msm8937 */
	/* the limit moves with PHYS_OFFSET, nothing else */
	assert_int_equal(mxi_arm_vmalloc_limit(&P, 0x00000000u), 0x2f800000u);
	assert_int_equal(mxi_arm_vmalloc_limit(&P, 0x40000000u), 0x6f800000u);
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
		cmocka_unit_test(bootargs_table),
		cmocka_unit_test(vmalloc_as_the_kernel_reads_it),
		cmocka_unit_test(bootargs_message_names_the_argument),
		cmocka_unit_test(mem_limit_applied),
		cmocka_unit_test(lowmem_every_vmsplit),
		cmocka_unit_test(lowmem_vexpress),
		cmocka_unit_test(lowmem_phys_offset_from_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
