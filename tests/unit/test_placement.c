/* test_placement.c - CMA alignment, dynamic /reserved-memory and default CMA placement (the allocator's fast paths against plain loops: test_placement_random.c) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "engine_internal.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

/* ---- mxi_cma_alignment ----------------------------------------------------- */

struct cma_align_case {
	enum mx_cma_align_rule rule;
	uint64_t page;
	unsigned max_order, pageblock_order;
	uint64_t want;
};

static const struct cma_align_case cma_align_cases[] = {
	/* PAGE_SIZE << max(MAX_ORDER - 1, pageblock_order) (3.18 .. 5.x) */
	{ MX_CMA_ALIGN_MAX_ORDER, 4096, 11, 10, 4 * MiB },   /* 32-bit ARM */
	{ MX_CMA_ALIGN_MAX_ORDER, 4096, 11, 9, 4 * MiB },    /* arm64 / riscv64: MAX_ORDER wins */
	{ MX_CMA_ALIGN_MAX_ORDER, 4096, 11, 13, 32 * MiB },  /* pageblock above MAX_ORDER - 1 */
	{ MX_CMA_ALIGN_MAX_ORDER, 4096, 12, 11, 8 * MiB },
	{ MX_CMA_ALIGN_MAX_ORDER, 65536, 14, 13, 512 * MiB },
	{ MX_CMA_ALIGN_MAX_ORDER, 16384, 12, 11, 32 * MiB },
	/* pageblock_nr_pages (CMA_MIN_ALIGNMENT_PAGES, 6.x) */
	{ MX_CMA_ALIGN_PAGEBLOCK, 4096, 11, 9, 2 * MiB },    /* arm64, armmp-lpae */
	{ MX_CMA_ALIGN_PAGEBLOCK, 4096, 12, 11, 8 * MiB },   /* Debian armmp: MAX_ORDER 12 */
	{ MX_CMA_ALIGN_PAGEBLOCK, 4096, 11, 10, 4 * MiB },
	{ MX_CMA_ALIGN_PAGEBLOCK, 65536, 14, 13, 512 * MiB },
};

static void cma_alignment_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cma_align_cases) / sizeof(cma_align_cases[0]); i++) {
		const struct cma_align_case *c = &cma_align_cases[i];
		struct mx_flavour f = *mx_flavour_at(0);
		struct mx_params P;

		memset(&P, 0, sizeof(P));
		f.cma_align = c->rule;
		P.flavour = &f;
		P.page = c->page;
		P.max_order = c->max_order;
		P.pageblock_order = c->pageblock_order;
		if (mxi_cma_alignment(&P) != c->want) {
			print_error("case %zu: %#" PRIx64 ", want %#" PRIx64 "\n", i,
				    mxi_cma_alignment(&P), c->want);
			fail();
		}
	}
	/* 3.18 and 5.10 use the MAX_ORDER rule, 6.1 and 6.12 the pageblock (CMA_MIN_ALIGNMENT_BYTES) */
	for (size_t i = 0; i < mx_flavour_count(); i++)
		assert_int_equal(mx_flavour_at(i)->cma_align,
				 mx_flavour_at(i)->since < 6000 ? MX_CMA_ALIGN_MAX_ORDER :
				 MX_CMA_ALIGN_PAGEBLOCK);
}

/* ---- placement through the engine ----------------------------------------- */

static void compute(struct mx_layout *L, struct mx_profile *p, const char *yaml)
{
	tu_load_ok(p, yaml);
	tu_compute(L, p);
}

/* 256 MiB of arm64 memory at 0x40000000: the top is 0x50000000. */
#define ARM64_256M(kernel) \
	"arch: arm64\nkernel: \"" kernel "\"\n" \
	"memory: [{ base: 0x40000000, size: 256M }]\n" \
	"kernel-image: { base: 0x40200000, size: 2M }\n"

struct place_case {
	const char *name;
	const char *yaml;
	const char *item;
	unsigned flags;      /* must be set */
	uint64_t base;
	int window;
	uint64_t align;
};

static const struct place_case place_cases[] = {
	/*
	 *   0x40000000                                  0x50000000
	 *   |--kernel--|----------------------------|xxxx|
	 */
	{ "top-down in the whole space",
	  ARM64_256M("5.10") "reserved-memory:\n  - { name: dyn@0, size: 1M }\n",
	  "dyn@0", MX_IF_PLACED | MX_IF_DYNAMIC, 0x4ff00000, -1, 64 },
	/* the default alignment: SMP_CACHE_BYTES (64) in every flavour */
	{ "default alignment 5.10",
	  ARM64_256M("5.10") "reserved-memory:\n  - { name: dyn@0, size: 0x1800 }\n",
	  "dyn@0", MX_IF_PLACED, 0x4fffe800, -1, 64 },
	/* 3.14+ memblock_alloc_range_nid() makes alignment 0 SMP_CACHE_BYTES (not PAGE_SIZE) */
	{ "default alignment 3.18",
	  ARM64_256M("3.18") "reserved-memory:\n  - { name: dyn@0, size: 0x1800 }\n",
	  "dyn@0", MX_IF_PLACED, 0x4fffe800, -1, 64 },
	/* alignment: round_down(0x50000000 - 1M, 16M) */
	{ "alignment",
	  ARM64_256M("5.10") "reserved-memory:\n  - { name: dyn@0, size: 1M, alignment: 16M }\n",
	  "dyn@0", MX_IF_PLACED, 0x4f000000, -1, 16 * MiB },
	/* in DT order (3.18): the second one right below the first */
	{ "second below the first",
	  ARM64_256M("3.18") "reserved-memory:\n  - { name: a@0, size: 1M }\n"
	  "  - { name: b@0, size: 2M }\n",
	  "b@0", MX_IF_PLACED, 0x4fd00000, -1, 64 },
	/* a static carve-out at the top pushes it down */
	{ "below a static region",
	  ARM64_256M("5.10") "reserved-memory:\n"
	  "  - { name: fw@4fc00000, reg: { base: 0x4fc00000, size: 4M } }\n"
	  "  - { name: dyn@0, size: 1M }\n",
	  "dyn@0", MX_IF_PLACED, 0x4fb00000, -1, 64 },
	/*
	 *   alloc-ranges:   [0x44000000 +16M)      [0x48000000 +16M)
	 *                          xx|                                  the first window that fits
	 */
	{ "first window that fits",
	  ARM64_256M("5.10") "reserved-memory:\n  - name: dyn@0\n    size: 1M\n"
	  "    alloc-ranges: [{ base: 0x44000000, size: 16M }, { base: 0x48000000, size: 16M }]\n",
	  "dyn@0", MX_IF_PLACED, 0x44f00000, 0, 64 },
	/*
	 *   static:         |xxxxxxxxxxxxxxxxxx|
	 *   alloc-ranges:   [0x44000000 +16M)      [0x48000000 +16M)
	 *                                                      xx|      first full: the second
	 */
	{ "later window when the first is full",
	  ARM64_256M("5.10") "reserved-memory:\n"
	  "  - { name: busy@44000000, reg: { base: 0x44000000, size: 16M } }\n"
	  "  - name: dyn@0\n    size: 1M\n"
	  "    alloc-ranges: [{ base: 0x44000000, size: 16M }, { base: 0x48000000, size: 16M }]\n",
	  "dyn@0", MX_IF_PLACED, 0x48f00000, 1, 64 },
	/* the first window has 512 KiB left: too small for 1 MiB */
	{ "later window when the first is too small",
	  ARM64_256M("5.10") "reserved-memory:\n"
	  "  - { name: busy@44000000, reg: { base: 0x44000000, size: 0xf80000 } }\n"
	  "  - name: dyn@0\n    size: 1M\n"
	  "    alloc-ranges: [{ base: 0x44000000, size: 16M }, { base: 0x48000000, size: 16M }]\n",
	  "dyn@0", MX_IF_PLACED, 0x48f00000, 1, 64 },
	/* a window reaching past the end of memory is clamped to it */
	{ "window past the end of memory",
	  ARM64_256M("5.10") "reserved-memory:\n  - name: dyn@0\n    size: 1M\n"
	  "    alloc-ranges: [{ base: 0x4f800000, size: 16M }]\n",
	  "dyn@0", MX_IF_PLACED, 0x4ff00000, 0, 64 },
	/* not limited by memblock.current_limit (32-bit ARM lowmem ends at 0x8f800000) */
	{ "above the lowmem limit",
	  "arch: arm\nkernel: \"3.18\"\nmemory: [{ base: 0x60000000, size: 1G }]\n"
	  "reserved-memory:\n  - { name: dyn@0, size: 1M }\n",
	  "dyn@0", MX_IF_PLACED, 0x9ff00000, -1, 64 },
	/* an alloc-ranges window whose end wraps to 0 means anywhere (early_init_dt_alloc_reserved_memory_arch) */
	{ "window ending at 2^64 is anywhere",
	  ARM64_256M("6.1") "reserved-memory:\n  - name: dyn@0\n    size: 1M\n"
	  "    alloc-ranges: [{ base: 0x44000000, size: 0xffffffffbc000000 }]\n",
	  "dyn@0", MX_IF_PLACED, 0x4ff00000, 0, 64 },
	/* a window whose end wraps past 2^64 to below its start is empty: the next one is tried */
	{ "window wrapping below its start",
	  ARM64_256M("6.1") "reserved-memory:\n  - name: dyn@0\n    size: 1M\n"
	  "    alloc-ranges: [{ base: 0x48000000, size: 0xfffffffff0000000 },"
	  " { base: 0x44000000, size: 16M }]\n",
	  "dyn@0", MX_IF_PLACED, 0x44f00000, 1, 64 },
	/* 32-bit phys_addr_t: 0x80000000 + 2 GiB wraps to 0, anywhere from 0x80000000 */
	{ "32-bit window wrapping to 0",
	  "arch: arm\nkernel: \"6.1\"\nmemory: [{ base: 0x60000000, size: 1G }]\n"
	  "reserved-memory:\n  - name: dyn@0\n    size: 1M\n"
	  "    alloc-ranges: [{ base: 0x80000000, size: 0x80000000 }]\n",
	  "dyn@0", MX_IF_PLACED, 0x9ff00000, 0, 64 },
	/* 32-bit phys_addr_t: 0x90000000 + 2 GiB wraps to 0x10000000 < start: an empty window */
	{ "32-bit window wrapping below its start",
	  "arch: arm\nkernel: \"6.1\"\nmemory: [{ base: 0x60000000, size: 1G }]\n"
	  "reserved-memory:\n  - name: dyn@0\n    size: 1M\n"
	  "    alloc-ranges: [{ base: 0x90000000, size: 0x80000000 }, { base: 0x70000000, size: 16M }]\n",
	  "dyn@0", MX_IF_PLACED, 0x70f00000, 1, 64 },
	/* the same with LPAE (64-bit phys_addr_t): no wrap, the top of memory */
	{ "LPAE window past 4 GiB",
	  "arch: arm\nkernel: \"6.1\"\nmemory: [{ base: 0x60000000, size: 1G }]\nkernel-side: { lpae: true }\n"
	  "reserved-memory:\n  - name: dyn@0\n    size: 1M\n"
	  "    alloc-ranges: [{ base: 0x90000000, size: 0x80000000 }, { base: 0x70000000, size: 16M }]\n",
	  "dyn@0", MX_IF_PLACED, 0x9ff00000, 0, 64 },
};

static void placement_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(place_cases) / sizeof(place_cases[0]); i++) {
		const struct place_case *c = &place_cases[i];
		struct mx_profile p;
		struct mx_layout L;
		const struct mx_item *it;

		mx_layout_init(&L);
		compute(&L, &p, c->yaml);
		it = tu_item(&L, c->item);
		if ((it->flags & c->flags) != c->flags || it->base != c->base ||
		    it->window != c->window || it->align != c->align || it->step != MX_STEP_RMEM_DYNAMIC) {
			print_error("%s: flags %#x base %#" PRIx64 " window %d align %#" PRIx64
				    "; want base %#" PRIx64 " window %d align %#" PRIx64 "\n",
				    c->name, it->flags, it->base, it->window, it->align, c->base,
				    c->window, c->align);
			fail();
		}
		assert_false(it->flags & MX_IF_FAILED);
		assert_true(mx_rangeset_contains(&L.reserved, it->base, it->size));
		assert_false(tu_has_diag(&L, "alloc-failed", it->region));
		assert_true(tu_log_has(&L, "Reserved memory: allocated memory for '"));
		mx_layout_release(&L);
		mx_profile_release(&p);
	}
}

static void placement_window_recorded(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const struct mx_item *it;

	(void)state;
	mx_layout_init(&L);
	compute(&L, &p, ARM64_256M("5.10") "reserved-memory:\n  - name: dyn@0\n    size: 1M\n"
		"    alloc-ranges: [{ base: 0x44000000, size: 16M }, { base: 0x48000000, size: 16M }]\n");
	it = tu_item(&L, "dyn@0");
	assert_int_equal(it->win_lo, 0x44000000);
	assert_int_equal(it->win_hi, 0x45000000);
	assert_int_equal(it->kind, MX_ITEM_DYNAMIC);
	assert_true(tu_log_has(&L, "Reserved memory: allocated memory for 'dyn@0' node: "
			       "base 0x0000000044f00000, size 1 MiB"));
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* A no-map dynamic region leaves memory: physpages drop by its pages. */
static void placement_nomap_leaves_memory(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const struct mx_item *it;
	uint64_t with, without;

	(void)state;
	for (int f = 0; f < 2; f++) {
		const char *kernel = f ? "\"5.10\"" : "\"3.18\"";
		char yaml[512];

		mx_layout_init(&L);
		snprintf(yaml, sizeof(yaml), "arch: arm64\nkernel: %s\n"
			 "memory: [{ base: 0x40000000, size: 256M }]\n"
			 "reserved-memory:\n  - { name: dyn@0, size: 3M, alignment: 1M }\n", kernel);
		compute(&L, &p, yaml);
		without = L.sum.physpages;
		assert_int_equal(without, 65536);
		mx_profile_release(&p);

		snprintf(yaml, sizeof(yaml), "arch: arm64\nkernel: %s\n"
			 "memory: [{ base: 0x40000000, size: 256M }]\n"
			 "reserved-memory:\n  - { name: dyn@0, size: 3M, alignment: 1M, no-map: true }\n",
			 kernel);
		compute(&L, &p, yaml);
		with = L.sum.physpages;
		it = tu_item(&L, "dyn@0");
		assert_int_equal(it->base, 0x4fd00000);
		assert_true(it->flags & MX_IF_NOMAP);
		assert_true(it->flags & MX_IF_PLACED);
		assert_int_equal(it->kind, MX_ITEM_NOMAP);
		assert_int_equal(without - with, 3 * MiB / 4096);
		assert_false(mx_rangeset_overlaps(&L.memory, it->base, it->size));
		assert_int_equal(mx_rangeset_end(&L.memory), 0x4fd00000);
		/* and it is not given to the buddy allocator either */
		assert_false(mx_rangeset_overlaps(&L.buddy, it->base, it->size));
		mx_layout_release(&L);
		mx_profile_release(&p);
	}
}

/* A region that does not fit: failed, nothing reserved, "alloc-failed" for its region. */
static void placement_does_not_fit(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const struct mx_item *it;
	uint64_t reserved_before;

	(void)state;
	mx_layout_init(&L);
	compute(&L, &p, ARM64_256M("5.10") "reserved-memory:\n"
		"  - { name: ok@0, size: 1M }\n  - { name: huge@0, size: 512M }\n");
	it = tu_item(&L, "huge@0");
	assert_true(it->flags & MX_IF_FAILED);
	assert_false(it->flags & MX_IF_PLACED);
	assert_int_equal(it->want, 512 * MiB);
	assert_true(tu_has_diag(&L, "alloc-failed", 1));
	assert_false(tu_has_diag(&L, "alloc-failed", 0));
	assert_int_equal(tu_count_diag(&L, "alloc-failed"), 1);
	assert_true(tu_log_has(&L, "Reserved memory: failed to allocate memory for node 'huge@0'"));
	/* the other one is unaffected */
	assert_int_equal(tu_item(&L, "ok@0")->base, 0x4ff00000);
	reserved_before = mx_rangeset_bytes(&L.reserved);
	assert_true(reserved_before < 256 * MiB); /* nothing of the 512 MiB was reserved */
	mx_profile_release(&p);

	/* alloc-ranges outside memory: fails, and says so */
	compute(&L, &p, ARM64_256M("5.10") "reserved-memory:\n  - name: far@0\n    size: 1M\n"
		"    alloc-ranges: [{ base: 0x80000000, size: 256M }]\n");
	it = tu_item(&L, "far@0");
	assert_true(it->flags & MX_IF_FAILED);
	assert_true(tu_has_diag(&L, "alloc-failed", 0));
	for (size_t i = 0; i < L.diags.cnt; i++)
		if (L.diags.d[i].check && !strcmp(L.diags.d[i].check, "alloc-failed")) {
			assert_int_equal(L.diags.d[i].sev, MX_SEV_ERROR);
			assert_non_null(strstr(L.diags.d[i].msg, "in its alloc-ranges"));
		}
	mx_profile_release(&p);

	/*
	 * exactly the free space above the kernel fits; one more byte does not
	 *
	 *   0x40000000  0x40200000  0x40400000                 0x50000000
	 *   |-- 2M --|--kernel--|xxxxxxxxxxxx 252M xxxxxxxxxxxx|
	 */
	compute(&L, &p, ARM64_256M("5.10") "reserved-memory:\n  - { name: all@0, size: 252M }\n");
	assert_int_equal(tu_item(&L, "all@0")->base, 0x40400000);
	mx_profile_release(&p);
	compute(&L, &p, ARM64_256M("5.10") "reserved-memory:\n  - { name: all@0, size: 0xfc00001 }\n");
	assert_true(tu_item(&L, "all@0")->flags & MX_IF_FAILED);
	assert_true(tu_has_diag(&L, "alloc-failed", 0));
	mx_profile_release(&p);

	/*
	 * memblock never hands out the first page: 64 KiB of memory at 0
	 * holds 60 KiB at 0x1000, but not 64 KiB
	 */
	compute(&L, &p, "arch: arm64\nkernel: \"5.10\"\nmemory: [{ base: 0x0, size: 64K }]\n"
		"reserved-memory:\n  - { name: low@0, size: 60K }\n");
	it = tu_item(&L, "low@0");
	assert_true(it->flags & MX_IF_PLACED);
	assert_int_equal(it->base, 0x1000);
	mx_profile_release(&p);
	compute(&L, &p, "arch: arm64\nkernel: \"5.10\"\nmemory: [{ base: 0x0, size: 64K }]\n"
		"reserved-memory:\n  - { name: low@0, size: 64K }\n");
	assert_true(tu_item(&L, "low@0")->flags & MX_IF_FAILED);
	assert_true(tu_has_diag(&L, "alloc-failed", 0));
	mx_profile_release(&p);
	mx_layout_release(&L);
}

/* A non-power-of-two alignment: "alignment" error, not placed. */
static void placement_bad_alignment(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const struct mx_item *it;

	(void)state;
	mx_layout_init(&L);
	compute(&L, &p, ARM64_256M("5.10") "reserved-memory:\n"
		"  - { name: odd@0, size: 1M, alignment: 0x3000 }\n");
	it = tu_item(&L, "odd@0");
	assert_true(it->flags & MX_IF_FAILED);
	assert_true(tu_has_diag(&L, "alignment", 0));
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/*
 * CMA: a reusable shared-dma-pool's alignment is raised to the CMA
 * alignment (4 MiB here). A static region takes the top 1 MiB:
 *
 *   0x4f800000   0x4fb00000  0x4ff00000  0x50000000
 *       |xxxxxxxxxxxx|           |--fw--|
 *     CMA: round_down(0x4ff00000 - 4M, 4M)
 *                    |xxxxxxxxxx|  not CMA: align 64
 */
struct cma_case {
	const char *name;
	const char *region;
	uint64_t base, align;
	bool cma;
};

static const struct cma_case cma_cases[] = {
	{ "reusable: raised to 4 MiB",
	  "{ name: pool@0, compatible: shared-dma-pool, reusable: true, size: 4M }",
	  0x4f800000, 4 * MiB, true },
	{ "reusable with a smaller alignment: raised",
	  "{ name: pool@0, compatible: shared-dma-pool, reusable: true, size: 4M, alignment: 4K }",
	  0x4f800000, 4 * MiB, true },
	{ "reusable with a larger alignment: kept",
	  "{ name: pool@0, compatible: shared-dma-pool, reusable: true, size: 4M, alignment: 32M }",
	  0x4e000000, 32 * MiB, true },
	{ "not reusable: the default alignment",
	  "{ name: pool@0, compatible: shared-dma-pool, size: 4M }", 0x4fb00000, 64, false },
	{ "reusable but no-map: not raised",
	  "{ name: pool@0, compatible: shared-dma-pool, reusable: true, no-map: true, size: 4M }",
	  0x4fb00000, 64, false },
	{ "reusable, another compatible: not raised",
	  "{ name: pool@0, compatible: \"vendor,pool\", reusable: true, size: 4M }", 0x4fb00000, 64, false },
};

static void placement_cma_alignment(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cma_cases) / sizeof(cma_cases[0]); i++) {
		const struct cma_case *c = &cma_cases[i];
		struct mx_profile p;
		struct mx_layout L;
		const struct mx_item *it;
		char yaml[1024];

		snprintf(yaml, sizeof(yaml), ARM64_256M("5.10") "reserved-memory:\n"
			 "  - { name: fw@4ff00000, reg: { base: 0x4ff00000, size: 1M } }\n  - %s\n",
			 c->region);
		mx_layout_init(&L);
		compute(&L, &p, yaml);
		it = tu_item(&L, "pool@0");
		if (it->base != c->base || it->align != c->align ||
		    !!(it->flags & MX_IF_CMA) != c->cma) {
			print_error("%s: base %#" PRIx64 " align %#" PRIx64 " flags %#x\n", c->name,
				    it->base, it->align, it->flags);
			fail();
		}
		assert_int_equal(L.sum.cmatotal, c->cma ? 4 * MiB / 4096 : 0);
		if (c->cma) {
			assert_int_equal(it->kind, MX_ITEM_CMA);
			assert_true(tu_log_has(&L, "created CMA memory pool at 0x"));
		}
		mx_layout_release(&L);
		mx_profile_release(&p);
	}
}

/*
 * Default CMA area on 32-bit ARM, 1 GiB at 0x60000000 (vexpress), lowmem
 * up to 0x8f800000 (3.18): HighMem first.
 *
 *   0x60000000           0x8f800000         0x9f000000  0xa0000000
 *   |------ lowmem ------|----- highmem -----|xxxxxxxxxx|
 */
#define VEXPRESS(kernel, extra) \
	"arch: arm\nkernel: \"" kernel "\"\ncma-size: 16M\n" \
	"memory: [{ base: 0x60000000, size: 1G }]\n" \
	"kernel-image: { base: 0x60008000, size: 8M }\n" extra

struct cma_default_case {
	const char *name;
	const char *yaml;
	uint64_t base;
	bool highmem;
};

static const struct cma_default_case cma_default_cases[] = {
	{ "highmem first (3.18)", VEXPRESS("3.18", ""), 0x9f000000, true },
	{ "highmem first (5.10)", VEXPRESS("5.10", ""), 0x9f000000, true },
	/*
	 *   |------ lowmem ---xxxx|xxxxxxx busy xxxxxxxx|   highmem full: lowmem, top-down
	 *                0x8e800000
	 */
	{ "lowmem when highmem is full",
	  VEXPRESS("3.18", "reserved-memory:\n"
		   "  - { name: hi@8f800000, reg: { base: 0x8f800000, size: 0x10800000 } }\n"),
	  0x8e800000, false },
	/* 8 MiB left in highmem: too small for 16 MiB */
	{ "lowmem when highmem is too small",
	  VEXPRESS("3.18", "reserved-memory:\n"
		   "  - { name: hi@8f800000, reg: { base: 0x8f800000, size: 0x10000000 } }\n"),
	  0x8e800000, false },
	/* the highmem search is top-down too */
	{ "highmem below a static region",
	  VEXPRESS("3.18", "reserved-memory:\n"
		   "  - { name: top@9fc00000, reg: { base: 0x9fc00000, size: 4M } }\n"),
	  0x9ec00000, true },
};

static void cma_default_placement(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cma_default_cases) / sizeof(cma_default_cases[0]); i++) {
		const struct cma_default_case *c = &cma_default_cases[i];
		struct mx_profile p;
		struct mx_layout L;
		const struct mx_item *it;
		char line[64];

		mx_layout_init(&L);
		compute(&L, &p, c->yaml);
		it = tu_item(&L, "default CMA");
		if (it->base != c->base || !(it->flags & MX_IF_PLACED)) {
			print_error("%s: base %#" PRIx64 " flags %#x, want %#" PRIx64 "\n", c->name,
				    it->base, it->flags, c->base);
			fail();
		}
		assert_int_equal(it->kind, MX_ITEM_CMA_DEFAULT);
		assert_int_equal(it->size, 16 * MiB);
		assert_true(it->flags & MX_IF_CMA);
		assert_true(it->flags & MX_IF_DYNAMIC);
		assert_int_equal(it->base >= L.sum.lowmem_limit, c->highmem);
		snprintf(line, sizeof(line), "cma: Reserved 16 MiB at 0x%08" PRIx64, c->base);
		assert_true(tu_log_has(&L, line));
		assert_int_equal(L.sum.cmatotal, 4096);
		assert_int_equal(tu_count_diag(&L, "cma-straddle"), 0);
		mx_layout_release(&L);
		mx_profile_release(&p);
	}
}

/* The size is rounded up to the CMA alignment (cma_declare_contiguous). */
static void cma_default_size_rounded(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const struct mx_item *it;

	(void)state;
	mx_layout_init(&L);
	compute(&L, &p, "arch: arm64\nkernel: \"5.10\"\ncma-size: 5M\n"
		"memory: [{ base: 0x40000000, size: 1G }]\n");
	it = tu_item(&L, "default CMA");
	assert_int_equal(it->size, 8 * MiB);
	assert_int_equal(it->base, 0x7f800000); /* top-down below the end of memory */
	assert_int_equal(it->align, 4 * MiB);
	mx_profile_release(&p);

	/* arm64: below 4 GiB even when memory goes higher */
	compute(&L, &p, "arch: arm64\nkernel: \"5.10\"\ncma-size: 16M\n"
		"memory: [{ base: 0x80000000, size: 4G }]\n");
	assert_int_equal(tu_item(&L, "default CMA")->base, 0xff000000);
	mx_profile_release(&p);

	/* no size: no area */
	compute(&L, &p, "arch: arm64\nkernel: \"5.10\"\nmemory: [{ base: 0x80000000, size: 1G }]\n");
	for (size_t i = 0; i < L.nitems; i++)
		assert_int_not_equal(L.items[i].kind, MX_ITEM_CMA_DEFAULT);
	assert_true(tu_log_has(&L, "no default CMA area (CMA size 0)"));
	mx_profile_release(&p);
	mx_layout_release(&L);
}

/* cma=S@B: fixed at B; refused when B is taken. cma=S@B-L: a limit. cma=0: none. */
static void cma_cmdline(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const struct mx_item *it;

	(void)state;
	mx_layout_init(&L);
	compute(&L, &p, VEXPRESS("3.18", "bootargs: \"console=ttyAMA0 cma=16M@0x70000000\"\n"));
	it = tu_item(&L, "default CMA");
	assert_int_equal(it->base, 0x70000000);
	assert_int_equal(it->size, 16 * MiB);
	assert_true(it->flags & MX_IF_PLACED);
	assert_false(it->flags & MX_IF_DYNAMIC); /* fixed, not searched */
	assert_true(mx_rangeset_contains(&L.reserved, 0x70000000, 16 * MiB));
	assert_true(tu_log_has(&L, "cma: Reserved 16 MiB at 0x70000000"));
	mx_profile_release(&p);

	/* cma= overrides cma-size */
	compute(&L, &p, VEXPRESS("3.18", "bootargs: \"cma=32M@0x64000000\"\n"));
	it = tu_item(&L, "default CMA");
	assert_int_equal(it->base, 0x64000000);
	assert_int_equal(it->size, 32 * MiB);
	mx_profile_release(&p);

	/* fixed over the kernel image: refused */
	compute(&L, &p, VEXPRESS("3.18", "bootargs: \"cma=16M@0x60000000\"\n"));
	it = tu_item(&L, "default CMA");
	assert_true(it->flags & MX_IF_FAILED);
	assert_int_equal(it->want, 16 * MiB);
	assert_true(tu_has_diag(&L, "alloc-failed", -1));
	assert_true(tu_log_has(&L, "cma: Failed to reserve 16 MiB"));
	assert_int_equal(L.sum.cmatotal, 0);
	mx_profile_release(&p);

	/* a limit: top-down below it */
	compute(&L, &p, "arch: arm64\nkernel: \"5.10\"\nbootargs: \"cma=32M@0x40000000-0x48000000\"\n"
		"memory: [{ base: 0x40000000, size: 1G }]\n");
	it = tu_item(&L, "default CMA");
	assert_int_equal(it->base, 0x46000000);
	assert_true(it->flags & MX_IF_DYNAMIC);
	mx_profile_release(&p);

	/* cma=0: no area even with cma-size */
	compute(&L, &p, VEXPRESS("3.18", "bootargs: \"cma=0\"\n"));
	for (size_t i = 0; i < L.nitems; i++)
		assert_int_not_equal(L.items[i].kind, MX_ITEM_CMA_DEFAULT);
	assert_true(tu_log_has(&L, "no default CMA area (cma=0)"));
	mx_profile_release(&p);
	mx_layout_release(&L);
}

/* A linux,cma-default pool is the default area; cma= bypasses it from 4.14 on. */
static void cma_default_from_dt(void **state)
{
	static const char pool[] =
		"reserved-memory:\n"
		"  - name: linux,cma\n"
		"    compatible: shared-dma-pool\n"
		"    reusable: true\n"
		"    size: 32M\n"
		"    linux,cma-default: true\n";
	struct mx_profile p;
	struct mx_layout L;
	char yaml[1024];

	(void)state;
	mx_layout_init(&L);
	snprintf(yaml, sizeof(yaml), "%s%s", VEXPRESS("3.18", ""), pool);
	compute(&L, &p, yaml);
	assert_true(tu_item(&L, "linux,cma")->flags & MX_IF_CMA);
	for (size_t i = 0; i < L.nitems; i++)
		assert_int_not_equal(L.items[i].kind, MX_ITEM_CMA_DEFAULT);
	assert_int_equal(L.sum.cmatotal, 32 * MiB / 4096);
	mx_profile_release(&p);

	snprintf(yaml, sizeof(yaml), "%sbootargs: \"cma=64M\"\n%s", VEXPRESS("5.10", ""), pool);
	compute(&L, &p, yaml);
	assert_true(tu_has_diag(&L, "cma-bypassed", 0));
	assert_false(tu_item(&L, "linux,cma")->flags & MX_IF_CMA);
	assert_int_equal(tu_item(&L, "default CMA")->size, 64 * MiB);
	mx_profile_release(&p);
	mx_layout_release(&L);
}

/*
 * The order dynamic regions are allocated in, seen from their addresses:
 * the phone's four pools on 1 GiB at 0x80000000. venus has its own
 * alloc-ranges, the other three go top-down from 0xc0000000.
 *
 *   3.18 (DT order):       secure 0xb9000000, qseecom 0xb8000000, adsp 0xb7c00000
 *   6.1 (lib/sort.c):      secure 0xb9000000, adsp 0xb8c00000, qseecom 0xb7c00000
 */
#define PHONE_POOLS \
	"reserved-memory:\n" \
	"  - { name: other_ext_region@0, compatible: removed-dma-pool, no-map: true,\n" \
	"      reg: { base: 0x85b00000, size: 0xd00000 } }\n" \
	"  - { name: modem_region@0, compatible: removed-dma-pool, no-map: true,\n" \
	"      reg: { base: 0x86800000, size: 0x5000000 } }\n" \
	"  - { name: adsp_fw_region@0, compatible: removed-dma-pool, no-map: true,\n" \
	"      reg: { base: 0x8b800000, size: 0x1100000 } }\n" \
	"  - { name: wcnss_fw_region@0, compatible: removed-dma-pool, no-map: true,\n" \
	"      reg: { base: 0x8c900000, size: 0x700000 } }\n" \
	"  - { name: venus_region@0, compatible: shared-dma-pool, reusable: true,\n" \
	"      alloc-ranges: [{ base: 0x80000000, size: 0x10000000 }], alignment: 0x400000,\n" \
	"      size: 0x800000 }\n" \
	"  - { name: secure_region@0, compatible: shared-dma-pool, reusable: true,\n" \
	"      alignment: 0x400000, size: 0x7000000 }\n" \
	"  - { name: qseecom_region@0, compatible: shared-dma-pool, reusable: true,\n" \
	"      alignment: 0x400000, size: 0x1000000 }\n" \
	"  - { name: adsp_region@0, compatible: shared-dma-pool, reusable: true,\n" \
	"      alignment: 0x400000, size: 0x400000 }\n" \
	"  - { name: splash_region@83000000, reg: { base: 0x90000000, size: 0x1400000 } }\n"

static void dynamic_order_in_the_engine(void **state)
{
	static const char *const kernels[] = { "3.18", "6.1" };
	static const uint64_t want[2][4] = {
		/* venus, secure, qseecom, adsp */
		{ 0x8f800000, 0xb9000000, 0xb8000000, 0xb7c00000 },
		{ 0x8f800000, 0xb9000000, 0xb7c00000, 0xb8c00000 },
	};
	static const char *const names[4] = {
		"venus_region@0", "secure_region@0", "qseecom_region@0", "adsp_region@0",
	};

	(void)state;
	for (int k = 0; k < 2; k++) {
		struct mx_profile p;
		struct mx_layout L;
		char yaml[4096];
		size_t seen = 0;
		static const char *const log_order[2][4] = {
			{ "venus_region@0", "secure_region@0", "qseecom_region@0", "adsp_region@0" },
			{ "secure_region@0", "adsp_region@0", "qseecom_region@0", "venus_region@0" },
		};

		snprintf(yaml, sizeof(yaml), "arch: arm\nkernel: \"%s\"\n"
			 "memory: [{ base: 0x80000000, size: 1G }]\n"
			 "kernel-image: { base: 0x80008000, size: 16M }\n%s", kernels[k], PHONE_POOLS);
		mx_layout_init(&L);
		compute(&L, &p, yaml);
		for (int r = 0; r < 4; r++) {
			const struct mx_item *it = tu_item(&L, names[r]);

			if (it->base != want[k][r]) {
				print_error("kernel %s: %s at %#" PRIx64 ", want %#" PRIx64 "\n",
					    kernels[k], names[r], it->base, want[k][r]);
				fail();
			}
			assert_true(it->flags & MX_IF_CMA);
		}
		/* the log says the order too */
		for (size_t i = 0; i < L.nlog && seen < 4; i++) {
			char needle[96];

			snprintf(needle, sizeof(needle), "allocated memory for '%s'", log_order[k][seen]);
			if (strstr(mx_layout_logline(&L, i), needle))
				seen++;
		}
		assert_int_equal(seen, 4);
		mx_layout_release(&L);
		mx_profile_release(&p);
	}
}

/*
 * fdt_reserved_mem_save_node() is only called for a child with reg, or
 * without reg but with a size property (__fdt_scan_reserved_mem). A child
 * with neither is never in reserved_mem[] and so takes no part in the
 * sort. With it in front, lib/sort.c on the two real entries [a, b] gives
 * b, a - b (2 MiB) is allocated first, at the top:
 *
 *   0x4fd00000  0x4fe00000           0x50000000
 *       |---a---|---------b----------|
 */
static void dynamic_order_ignores_regions_without_size(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	size_t idx[2] = { 0, 1 };
	uint64_t zero[2] = { 0, 0 };

	(void)state;
	/* the sort itself is pinned to lib/sort.c in test_sort.c */
	assert_int_equal(mxi_heapsort_order(idx, zero, zero, 2), 0);
	assert_int_equal(idx[0], 1); /* b first */

	mx_layout_init(&L);
	compute(&L, &p, ARM64_256M("5.10") "reserved-memory:\n"
		"  - { name: broken@0, compatible: shared-dma-pool }\n"
		"  - { name: a@0, size: 1M }\n"
		"  - { name: b@0, size: 2M }\n");
	{
		/* read everything first: a failing assertion must not leak the layout */
		bool diag = tu_has_diag(&L, "no-reg-no-size", 0);
		uint64_t a = tu_item(&L, "a@0")->base, b = tu_item(&L, "b@0")->base;

		mx_layout_release(&L);
		mx_profile_release(&p);
		assert_true(diag);
		assert_int_equal(b, 0x4fe00000);
		assert_int_equal(a, 0x4fd00000);
	}
}

/* Disabled regions are not in reserved_mem[] either. */
static void dynamic_order_ignores_disabled(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	mx_layout_init(&L);
	compute(&L, &p, ARM64_256M("5.10") "reserved-memory:\n"
		"  - { name: off@0, size: 8M, status: disabled }\n"
		"  - { name: a@0, size: 1M }\n"
		"  - { name: b@0, size: 2M }\n");
	assert_true(tu_item(&L, "off@0")->flags & MX_IF_DISABLED);
	assert_false(tu_item(&L, "off@0")->flags & MX_IF_PLACED);
	assert_int_equal(tu_item(&L, "b@0")->base, 0x4fe00000);
	assert_int_equal(tu_item(&L, "a@0")->base, 0x4fd00000);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cma_alignment_rules),
		cmocka_unit_test(placement_table),
		cmocka_unit_test(placement_window_recorded),
		cmocka_unit_test(placement_nomap_leaves_memory),
		cmocka_unit_test(placement_does_not_fit),
		cmocka_unit_test(placement_bad_alignment),
		cmocka_unit_test(placement_cma_alignment),
		cmocka_unit_test(cma_default_placement),
		cmocka_unit_test(cma_default_size_rounded),
		cmocka_unit_test(cma_cmdline),
		cmocka_unit_test(cma_default_from_dt),
		cmocka_unit_test(dynamic_order_in_the_engine),
		cmocka_unit_test(dynamic_order_ignores_regions_without_size),
		cmocka_unit_test(dynamic_order_ignores_disabled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
