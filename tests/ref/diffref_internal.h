/* diffref_internal.h - what the reference model's files share (see diffref.h) */
#ifndef MEMX_DIFFREF_INTERNAL_H
#define MEMX_DIFFREF_INTERNAL_H

#include "diffref.h"

/*
 * Where doc/engine.md is silent, the reference reads it as follows (each
 * reading is also what the kernel does; the engine agrees with all of them):
 *  - pages join the buddy allocator only if they are in memory, for every
 *    release (the text says so for the initrd and CMA only);
 *  - "cma=S@B is fixed at B" is refused when [B, B+S) overlaps reserved memory
 *    or crosses the HighMem start, and nothing else is checked;
 *  - a CMA area is activated when its first and last pages lie in the span of
 *    one zone (a page past the last memory pfn is in no zone);
 *  - from mem_init on, the stage's reserved = memory - totalram saturates at 0;
 *  - a 32-bit ARM memblock limit that rounds down to 0 counts as unset (the
 *    lowmem limit applies);
 *  - SPARSEMEM: a root page that does not fit ends the root walk, and that
 *    section and all later ones are not present; usemaps that do not fit mean
 *    no memmap buffer; without the buffer nothing is populated (no page
 *    tables); pieces of size 0 are not allocated.
 * And where it is ambiguous:
 *  - a "memory pfn" (first/last memory pfn, present sections) is a page
 *    wholly in memory, as physpages and present count them;
 *  - a region given back (5.10) leaves reserved even when it is no-map, and a
 *    static no-map region whose reservation step 8 refused is still
 *    initialised (and so given back) in step 9, as the text says for every
 *    enabled region.
 *
 * 6.1: the crashkernel= step runs with or without kernel-side: (the kernel
 * reserves it either way; the doc lists it with the cost models), and the
 * 32-bit ARM current_limit is raised to the lowmem limit after map_lowmem()
 * only with kernel-side: (the engine's PAGETABLES step; 4.1+ kernels, so
 * not 3.18).
 *
 * Newer sections of doc/engine.md, where they leave something open:
 *  - the older flavours' kernel-side models are those whose code is 6.1's
 *    in that kernel: 32-bit ARM map_lowmem()/dma_contiguous_remap(), the
 *    arm64 linear map in 5.10 (map_mem() with rodata=full pages, as 6.1;
 *    3.18's section mappings are not it), the unflattened tree and the
 *    (PID,) dentry and inode hashes;
 *  - QEMU's RAM is the profile's one bank (the generator gives no other);
 *  - a window end that wraps to 0 is anywhere above start, as is no
 *    alloc-ranges at all ([0, 2^64): a 32-bit kernel's MEMBLOCK_ALLOC_ANYWHERE
 *    is 0xffffffff, which no generated memory reaches);
 *  - memblock's arrays: a region is a run of reserved bytes, or of memory
 *    with one NOMAP flag (memblock_merge_regions()); they count until
 *    mem_init (then slab takes over memblock_double_array()); the kernel
 *    image, the initrd, swapper_pg_dir, the DTB and /memreserve/ stand as
 *    placed when reserving them fails (the kernel ignores the error), a
 *    static carve-out is refused and is then no placed region;
 *  - 32-bit ARM mem= drops, besides what doc/engine.md says, a page at 4 GiB
 *    without LPAE (arm_add_memory() cuts at ULONG_MAX before rounding down).
 *
 * Known engine issues: cases where the engine follows its own reading but
 * the kernel does something else. The reference does not model them twice;
 * it names the case (ref_known_issue()), the test draws another profile and
 * counts the redraw under that name. Each is explained where it is detected:
 *   arm-cma-before-lowmem, arm-lowmem-head-full, dyn-nomap-full
 *   (diffref_early.c); memblock-isolate-full (diffref.c);
 *   arm64-318-linear-map, old-unflatten-shape (3.18 only) (diffref_kside.c);
 *   arm-highmem-start-unaligned (diffref_steps.c); memreserve-late (6.12,
 *   diffref_early.c).
 * "unbootable" (diffref_early.c, diffref_kside.c) is no engine issue: a board
 * no kernel boots on (no lowmem block; 6.12: no free page left when the
 * hashes are sized), drawn again the same way.
 *
 * 6.12 (doc/engine.md, "The 6.12 flavour"): v61 is set as well, since 6.12
 * keeps every 6.1 rule it does not replace; v612 marks the replacements.
 * Where that section leaves something open, the reference reads it so:
 *  - "the regions this step allocated before" are the dynamic regions whose
 *    allocation succeeded (a NOMAP mark that failed is the dyn-nomap-full
 *    issue anyway);
 *  - a static region's reg entries go to dma_mmu_remap[] when step 8 left
 *    them placed (reserved, or marked no-map), outside memory included.
 */

#define GRAN 64u
#define G_MEM 1u   /* the whole granule is in memblock.memory */
#define G_RSV 2u   /* some byte of the granule is in memblock.reserved */
#define G_NOMAP 4u /* NOMAP (memblock_mark_nomap): the 6.x rule; 3.18 and 5.10 remove instead */
#define G_PART 8u  /* with G_RSV: not every byte is reserved; the byte mask is in ref.part */
#define G_FREE G_MEM /* the only value of a wholly free granule */

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define NONE UINT64_MAX

/* The kernel rules a profile is replayed with (doc/engine.md, "Flavours"). */
enum ref_flavour {
	REF_318,
	REF_510,
	REF_61,
	REF_612,
};

/* A partly reserved granule: bit k set = byte k of the granule is reserved. */
struct part {
	size_t gi;
	uint64_t mask;
};

struct cma_area {
	uint64_t base, size;
	bool exposed; /* 6.1: spans two zones, its pages went to the buddy allocator */
};

struct range {
	uint64_t s, e;
};

/* memblock.memory and memblock.reserved as arrays (doc/engine.md, "memblock's region arrays") */
enum { MB_MEMORY, MB_RESERVED };

struct mb_array {
	uint64_t max; /* entries */
	uint64_t cnt; /* regions (0: empty; the kernel's cnt is then 1); a bound unless exact */
	bool exact;
	uint64_t base; /* the array's memory once doubled; NONE: the static initial one */
	int item;     /* that array's item, or -1 */
};

struct ref {
	const struct mx_profile *p;
	struct dref_result *r;
	bool oom;

	/* settings resolved from the profile, per doc/engine.md and profile.h */
	enum ref_flavour fl;
	bool v510; /* the 5.10 rules or newer (sorted /reserved-memory, given back, ...) */
	bool v61;  /* the 6.x rules (6.1 and 6.12): no-map marked, pageblock CMA alignment, cost models */
	bool v612; /* the 6.12 rules (doc/engine.md, "The 6.12 flavour") */
	bool kside; /* 6.1 with a kernel-side: section: the 6.1 cost models run */
	enum mx_arch arch;
	uint64_t page;
	uint64_t sp; /* sizeof(struct page) */
	bool sparse, vmemmap, extreme;
	unsigned max_order, pb_order, mpb, ssb;
	uint64_t mo_nr;     /* MAX_ORDER_NR_PAGES */
	uint64_t cma_align; /* PAGE_SIZE << max(MAX_ORDER - 1, pageblock_order) */
	uint64_t kbase, init_base, pgd_base, pgd_size;
	bool cma_cmdline, cma_fixed;
	uint64_t cma_cmd_size, cma_cmd_base, cma_cmd_limit;
	uint64_t mem_limit; /* mem= on arm64 and riscv64 */
	uint64_t crash_size, crash_base; /* crashkernel=SIZE[@BASE] */
	uint64_t crash_high, crash_low;  /* 6.12: crashkernel=SIZE,high and SIZE,low (0: not given) */
	uint64_t log_buf_len;            /* log_buf_len= */
	uint64_t swiotlb_slabs;          /* swiotlb=N (0: the default 32768) */
	uint64_t swiotlb_nareas;         /* swiotlb=N,AREAS (0: the possible CPUs) */
	bool swiotlb_force, swiotlb_off;
	unsigned nr_cpus_arg;            /* nr_cpus= (0: not given) */
	unsigned cpus;                   /* possible CPUs (kernel-side cpus, at least 1) */
	/* 32-bit ARM early_mem(): every mem=N[@B] in order (has_base 0: PHYS_OFFSET) */
	struct { uint64_t size, base; bool has_base; } arm_mem[8];
	unsigned narm_mem;
	/* where the initrd and the DTB are (the profile's, or the boot loader's) */
	bool has_initrd, has_fdt;
	uint64_t initrd_base, initrd_size, fdt_base, fdt_size;
	bool models;     /* kernel-side: given: the flavour's model steps run */

	/* state */
	uint64_t lo, hi; /* the span both arrays cover */
	size_t ngran, npages;
	uint8_t *g;     /* per granule: G_* */
	uint8_t *pmem;  /* per page: how many of its granules are memory (a cache of g) */
	uint8_t *pfree; /* per page: how many of its granules are wholly free (a cache of g) */
	uint8_t *ppart; /* per page: how many of its granules are partly reserved (G_PART) */
	struct part *part; /* the byte masks of the G_PART granules, unordered */
	size_t npart, maxpart;
	uint8_t *buddy; /* per page: handed to the buddy allocator */
	uint64_t current_limit;
	uint64_t hs;         /* HighMem start; NONE without highmem */
	uint64_t zbound_pfn; /* first pfn of the upper zone */
	bool after_mem_init;
	struct cma_area cma[64];
	size_t ncma;
	/* 6.12 32-bit ARM dma_mmu_remap[]: what dma_contiguous_remap() maps, in order */
	struct range remap[128];
	size_t nremap;
	/* 6.12 calc_nr_kernel_pages(), taken at the end of the memmap step */
	bool have_nr;
	uint64_t nr_kernel, nr_all;
	bool dt_default;
	int initrd_item; /* -1: refused or absent */
	bool *rplaced;   /* per region: reserved range known (static, or placed dynamic) */
	uint64_t *rbase, *rsize;
	bool have_map; /* FLATMEM node map placed */
	uint64_t map_base, map_pfn0, map_size;
	uint64_t fixup_map_freed;
	int memmap_occ;
	int kside_occ;       /* n-th cost-model item (DREF_C_KSIDE) */
	uint64_t first_lowmem; /* 6.1 32-bit ARM: the first adjust_lowmem_bounds()'s limit */
	struct mb_array mb[2]; /* indexed by MB_MEMORY, MB_RESERVED */
	uint64_t rsz;        /* sizeof(struct memblock_region) */
	bool mb_live;        /* memblock's arrays count (until mem_init: then slab) */
	bool mb_resize;      /* memblock_allow_resize() ran */
	uint8_t *head_g;     /* 6.1 32-bit ARM: the granules LOWMEM marked NOMAP, as they were */
	size_t head_gb, head_ng;
};

#define GPP 64 /* granules per 4 KiB page */

/* Page @i of the span is wholly memory / wholly free (all 64 granules). */
static inline bool ref_page_mem(const struct ref *R, size_t i)
{
	return R->pmem[i] == GPP;
}

static inline bool ref_page_free(const struct ref *R, size_t i)
{
	return R->pfree[i] == GPP;
}

static inline uint64_t ref_pfn0(const struct ref *R)
{
	return R->lo / R->page;
}

static inline uint64_t rdown(uint64_t x, uint64_t a)
{
	return x / a * a;
}

static inline uint64_t rup(uint64_t x, uint64_t a)
{
	return (x + a - 1) / a * a;
}

static inline uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static inline uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* diffref.c: granules and memblock's arrays */
__attribute__((format(printf, 2, 3)))
void ref_unsupported(struct ref *R, const char *fmt, ...);
bool ref_has_compat(const struct mx_region *r, const char *c);
void ref_recount(struct ref *R, size_t gb, size_t ge);
__attribute__((format(printf, 2, 3)))
void ref_known_issue(struct ref *R, const char *fmt, ...);
bool ref_gset(struct ref *R, uint64_t b, uint64_t e, unsigned bit);
bool ref_gclear(struct ref *R, uint64_t b, uint64_t e, unsigned bit);
bool ref_mb_isolate(struct ref *R, int type, uint64_t b, uint64_t e);
void ref_mem_keep(struct ref *R, uint64_t b, uint64_t e);
void ref_mb_recount(struct ref *R);
void ref_unreserve_raw(struct ref *R, uint64_t b, uint64_t e);
bool ref_gany(struct ref *R, uint64_t b, uint64_t e, unsigned bit);
bool ref_gall(struct ref *R, uint64_t b, uint64_t e, unsigned bit);
bool ref_rsv_any(struct ref *R, uint64_t b, uint64_t e);
bool ref_nomap_mark(struct ref *R, uint64_t b, uint64_t e);

/* diffref_place.c: releases, ranges, placement, items and stages */
void ref_buddy_add(struct ref *R, uint64_t b, uint64_t e);
void ref_unreserve_pages(struct ref *R, uint64_t b, uint64_t e);
uint64_t ref_bytes_of_whole_pages(const struct ref *R, uint64_t b, uint64_t e);
size_t ref_mem_ranges(struct ref *R, struct range **out);
size_t ref_map_ranges(struct ref *R, struct range **out);
bool ref_mem_first_last(const struct ref *R, uint64_t *start, uint64_t *end);
bool ref_find(struct ref *R, uint64_t size, uint64_t align, uint64_t lo, uint64_t hi,
	      uint64_t *out);
bool ref_place(struct ref *R, uint64_t size, uint64_t align, uint64_t lo, uint64_t hi,
	       uint64_t *out);
int ref_item(struct ref *R, enum dref_class cls, int idx, int occ, enum mx_item_kind kind,
	     const char *name, enum dref_state state, uint64_t base, uint64_t size);
int ref_memmap_item(struct ref *R, enum mx_item_kind kind, const char *name, bool ok,
		    uint64_t base, uint64_t size);
int ref_kside_item(struct ref *R, const char *name, bool ok, uint64_t base, uint64_t size);
uint64_t ref_cma_pages(const struct ref *R);
void ref_count(const struct ref *R, uint64_t *mem, uint64_t *freep, uint64_t *buddy,
	       uint64_t *high);
void ref_stage(struct ref *R, enum mx_step step);

/* diffref_steps.c drives the steps (dref_compute()); diffref_params.c: settings */
void ref_resolve(struct ref *R);
uint64_t ref_pow2_ceil(uint64_t x);

/* diffref_early.c: steps 1 to 10 and the early allocations */
void ref_step_dram(struct ref *R);
void ref_step_mem_limit(struct ref *R);
void ref_step_lowmem(struct ref *R);
void ref_step_kernel(struct ref *R);
void ref_step_initrd(struct ref *R);
void ref_step_pgd(struct ref *R);
void ref_step_fdt(struct ref *R);
void ref_step_cma_default(struct ref *R);
void ref_step_early(struct ref *R, enum mx_phase phase, bool calibration);
void ref_arm_mem_range(const struct ref *R, unsigned i, uint64_t *b, uint64_t *e);
bool ref_initrd_outward(const struct ref *R);
uint64_t ref_dma_limit(struct ref *R);

/* diffref_rmem.c: /reserved-memory */
void ref_step_rmem_static(struct ref *R);
void ref_step_rmem_dynamic(struct ref *R);
void ref_step_rmem_static_init(struct ref *R);
void ref_remap_add(struct ref *R, uint64_t b, uint64_t e);

/* diffref_late.c: memmap, zones and the late releases */
void ref_step_memmap(struct ref *R);
void ref_step_free_unused_memmap(struct ref *R);
void ref_step_mem_init(struct ref *R);
void ref_step_cma_activate(struct ref *R);
void ref_step_initrd_free(struct ref *R);
void ref_step_init_free(struct ref *R);
void ref_step_fixup(struct ref *R);
void ref_step_freed_late(struct ref *R);
uint64_t ref_calc_memmap(const struct ref *R, uint64_t spanned, uint64_t present);

/* diffref_kside.c: the 6.1 kernel-side cost models */
void ref_step_pagetables(struct ref *R);
void ref_step_unflatten(struct ref *R);
void ref_step_resources(struct ref *R);
void ref_step_cmdline(struct ref *R);
void ref_step_logbuf(struct ref *R);
void ref_step_hash(struct ref *R);
void ref_step_swiotlb(struct ref *R);
void ref_step_crashkernel(struct ref *R);
void ref_step_page_ext(struct ref *R);
void ref_nr_pages(struct ref *R);
/* diffref.c: the granule array's words (8 granules a word, a byte each) */
#define FULL UINT64_MAX
#define ONES 0x0101010101010101ULL /* a byte of 1 in every lane: 8 granules at once */
/*
 * The bits of @x that are bit @k of their byte: a sum of the bytes, no
 * popcount (a macro: these run for every page of every change, unoptimised
 * in the Debug build)
 */
#define LANE_BITS(x, k) ((unsigned)(((((x) >> (k)) & ONES) * ONES) >> 56))

/* Bytes of @w equal to @v (0..255), exactly. */
static inline unsigned ref_lanes_equal(uint64_t w, unsigned v)
{
	uint64_t x = w ^ (ONES * v), y;

	y = (x & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL;
	y = ~(y | x | 0x7F7F7F7F7F7F7F7FULL);
	return LANE_BITS(y, 7);
}

/* The bytes [lo, hi) of a granule as a mask (0 <= lo < hi <= 64). */
static inline uint64_t ref_bytes_mask(unsigned lo, unsigned hi)
{
	uint64_t m = hi == 64 ? FULL : (1ULL << hi) - 1;

	return m & (FULL << lo);
}

/* The reserved bytes of granule @gi. */
uint64_t ref_rsv_mask(const struct ref *R, size_t gi);

#endif
