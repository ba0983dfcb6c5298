/*
 * test_kernel_612.c - every rule of the 6.12 flavour (doc/engine.md, "The
 * 6.12 flavour") against its formula worked out by hand, on layouts no
 * boot of ../shared/oracle-6.12 has; where a rule is new, the same layout
 * under the 6.1 flavour shows the difference. test_oracle checks the rules
 * on the real 6.12 boots, test_differential against the reference model.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "memx/bootlog.h"
#include "memx/buf.h"
#include "memx/compare.h"
#include "testutil.h"

#define K 1024ULL
#define M (1024ULL * 1024)

/* arm64, SPARSEMEM (as Debian's), the kernel-side models on */
#define A64_NOK(kernel) \
	"arch: arm64\nkernel: \"" kernel "\"\nstruct-page: 64\nmemory-model: sparsemem\nvmemmap: true\n" \
	"sparsemem-extreme: true\nmax-physmem-bits: 48\nsection-size-bits: 27\npageblock-order: 9\n"
#define A64(kernel) A64_NOK(kernel) "kernel-image: { base: 0x40200000, size: 16M }\n"
#define A64_KS "kernel-side: { cpus: 1, page-extension: true, log-buf: 128K }\n"

/* Debian armmp-like 32-bit ARM: FLATMEM, 8 MiB pageblocks */
#define ARM(kernel) \
	"arch: arm\nkernel: \"" kernel "\"\nstruct-page: 36\nmemory-model: flatmem\nmax-order: 12\n" \
	"pageblock-order: 11\nvmsplit: 3G\nvmalloc: 240M\n"

static void load_compute(struct mx_layout *L, struct mx_profile *p, const char *head, const char *rest)
{
	mx_layout_init(L);
	tu_compute_text(L, p, head, rest);
}

static void done(struct mx_layout *L, struct mx_profile *p)
{
	mx_layout_release(L);
	mx_profile_release(p);
}

static const struct mx_item *region(const struct mx_layout *L, const char *name)
{
	return tu_item(L, name);
}

/* ---- /reserved-memory: DT order, each dynamic region initialised at once --------- */

static const char dyn_three[] =
	"memory: [{ base: 0x80000000, size: 256M }]\n"
	"reserved-memory:\n"
	"  - { name: a, size: 8M }\n"
	"  - { name: b, size: 16M }\n"
	"  - { name: c, size: 4M }\n";

static void dynamic_dt_order(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	/* 6.12: a, b, c in DT order, top-down from 0x90000000 */
	load_compute(&L, &p, A64("6.12"), dyn_three);
	assert_int_equal(region(&L, "a")->base, 0x90000000 - 8 * M);
	assert_int_equal(region(&L, "b")->base, 0x90000000 - 24 * M);
	assert_int_equal(region(&L, "c")->base, 0x90000000 - 28 * M);
	done(&L, &p);
	/* 6.1: the heapsort's permutation of three (0, 0) keys: b, c, a (lib/sort.c) */
	load_compute(&L, &p, A64("6.1"), dyn_three);
	assert_int_equal(region(&L, "b")->base, 0x90000000 - 16 * M);
	assert_int_equal(region(&L, "c")->base, 0x90000000 - 20 * M);
	assert_int_equal(region(&L, "a")->base, 0x90000000 - 28 * M);
	done(&L, &p);
}

/*
 * A 3 MiB reusable pool is off the 2 MiB pageblock: refused and given back
 * before the next region is allocated, which lands in its place - in DT
 * order (x, pool, y) on 6.12; 6.1 did the same per region but in the
 * heapsort's order (pool, y, x), so there x takes the pool's place.
 */
static const char refused_then_next[] =
	"memory: [{ base: 0x80000000, size: 256M }]\n"
	"reserved-memory:\n"
	"  - { name: x, size: 3M }\n"
	"  - { name: pool, compatible: shared-dma-pool, reusable: true, size: 3M }\n"
	"  - { name: y, size: 1M }\n";

static void dynamic_init_at_once(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	load_compute(&L, &p, A64("6.12"), refused_then_next);
	assert_int_equal(region(&L, "x")->base, 0x90000000 - 3 * M);
	/* 2 MiB-aligned below x, refused, given back */
	assert_int_equal(region(&L, "pool")->base, 0x8fa00000);
	assert_true(region(&L, "pool")->flags & MX_IF_GIVEN_BACK);
	/* y inside the pool's range, given back before y was allocated */
	assert_int_equal(region(&L, "y")->base, 0x8fc00000);
	done(&L, &p);
	load_compute(&L, &p, A64("6.1"), refused_then_next);
	assert_int_equal(region(&L, "pool")->base, 0x8fc00000);
	assert_true(region(&L, "pool")->flags & MX_IF_GIVEN_BACK);
	assert_int_equal(region(&L, "y")->base, 0x8ff00000);
	assert_int_equal(region(&L, "x")->base, 0x8fc00000);
	done(&L, &p);
}

/*
 * __reserved_mem_alloc_in_range(): "second"'s window starts inside "first"
 * (allocated at the top of its own window) and ends in free memory: it is
 * searched bottom-up and lands right after "first". When its end also lies
 * in a region allocated before ("third"), the direction stays top-down.
 */
static const char windows[] =
	"memory: [{ base: 0x40000000, size: 512M }]\n"
	"reserved-memory:\n"
	"  - { name: first, size: 1M, alloc-ranges: [{ base: 0x48000000, size: 16M }] }\n"
	"  - { name: second, size: 1M, alloc-ranges: [{ base: 0x48f80000, size: 0x7080000 }] }\n";

static const char windows_both[] =
	"memory: [{ base: 0x40000000, size: 512M }]\n"
	"reserved-memory:\n"
	"  - { name: first, size: 1M, alloc-ranges: [{ base: 0x48000000, size: 16M }] }\n"
	"  - { name: top, size: 1M, alloc-ranges: [{ base: 0x4f000000, size: 16M }] }\n"
	"  - { name: second, size: 1M, alloc-ranges: [{ base: 0x48f80000, size: 0x7080000 }] }\n";

static void alloc_ranges_direction(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	load_compute(&L, &p, A64("6.12"), windows);
	assert_int_equal(region(&L, "first")->base, 0x48f00000);
	assert_int_equal(region(&L, "second")->base, 0x49000000); /* bottom-up from 0x48f80000 */
	assert_true(tu_log_has(&L, "placed bottom-up"));
	done(&L, &p);
	/* 6.1 has no such rule: top-down in the window [0x48f80000, 0x50000000) */
	load_compute(&L, &p, A64("6.1"), windows);
	assert_int_equal(region(&L, "second")->base, 0x50000000 - 1 * M);
	done(&L, &p);
	/* "top" ends its window at 0x50000000 = second's end: both hold, so top-down */
	load_compute(&L, &p, A64("6.12"), windows_both);
	assert_int_equal(region(&L, "top")->base, 0x4ff00000);
	assert_int_equal(region(&L, "second")->base, 0x4fe00000);
	done(&L, &p);
}

/* ---- static regions initialised at unflatten ------------------------------------- */

/*
 * 32-bit ARM, 512 MiB (the README's fresh-7 on a board of its own): a 12 MiB
 * static pool at 0x7ec00000 is off the 8 MiB pageblock. 6.12 places the
 * default CMA area while it is still reserved (0x7ec00000 - 16 MiB, rounded
 * down to 8 MiB: 0x7d800000) and gives it back only at unflatten time; 6.1
 * gives it back first (0x7f000000).
 */
static const char refused_static[] =
	"memory: [{ base: 0x60000000, size: 512M }]\ncma-size: 16M\n"
	"reserved-memory:\n"
	"  - { name: cma_static@7ec00000, compatible: shared-dma-pool, reusable: true,"
	" reg: { base: 0x7ec00000, size: 12M } }\n";

static void static_init_late(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const struct mx_stage *st;

	(void)state;
	load_compute(&L, &p, ARM("6.12"), refused_static);
	assert_int_equal(region(&L, "default CMA")->base, 0x7d800000);
	assert_true(region(&L, "cma_static@7ec00000")->flags & MX_IF_GIVEN_BACK);
	assert_true(tu_has_diag(&L, "cma-alignment", 0));
	/* given back in the step of its own, after the default CMA area and the memmap */
	st = mx_layout_stage(&L, MX_STEP_RMEM_STATIC_INIT);
	assert_non_null(st);
	assert_true(st > mx_layout_stage(&L, MX_STEP_CMA_DEFAULT));
	assert_true(st > mx_layout_stage(&L, MX_STEP_MEMMAP));
	assert_true(st->after.reserved < (st - 1)->after.reserved);
	done(&L, &p);
	load_compute(&L, &p, ARM("6.1"), refused_static);
	assert_int_equal(region(&L, "default CMA")->base, 0x7f000000);
	assert_null(mx_layout_stage(&L, MX_STEP_RMEM_STATIC_INIT));
	done(&L, &p);
}

/*
 * arm64: statics are initialised after paging_init() but before the default
 * CMA area; a static linux,cma-default pool still is the default area.
 */
static void static_default_arm64(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	load_compute(&L, &p, A64("6.12"),
		     "memory: [{ base: 0x40000000, size: 512M }]\ncma-size: 64M\n"
		     "reserved-memory:\n"
		     "  - name: \"linux,cma@50000000\"\n"
		     "    compatible: shared-dma-pool\n    reusable: true\n    linux,cma-default: true\n"
		     "    reg: { base: 0x50000000, size: 32M }\n");
	assert_true(region(&L, "linux,cma@50000000")->flags & MX_IF_CMA);
	assert_int_equal(tu_count_of(&L, "default CMA"), 0);
	assert_int_equal(L.sum.cmatotal, 32 * M / 4096);
	done(&L, &p);
}

/* ---- region lines ----------------------------------------------------------------- */

static void region_lines(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	/*
	 * no-map over the initrd (refused by step 8), one outside memory, a
	 * misaligned pool (refused by its handler): the first two print their
	 * line, the pool does not
	 */
	load_compute(&L, &p, A64("6.12"),
		     "memory: [{ base: 0x40000000, size: 512M }]\n"
		     "initrd: { base: 0x48000000, size: 1M }\n"
		     "reserved-memory:\n"
		     "  - { name: fw@48000000, no-map: true, reg: { base: 0x48000000, size: 2M } }\n"
		     "  - { name: far@90000000, reg: { base: 0x90000000, size: 1M } }\n"
		     "  - { name: pool@50100000, compatible: shared-dma-pool, reusable: true,"
		     " reg: { base: 0x50100000, size: 4M } }\n");
	assert_true(region(&L, "fw@48000000")->flags & MX_IF_RMEM_LINE);
	assert_true(region(&L, "far@90000000")->flags & MX_IF_RMEM_LINE);
	assert_false(region(&L, "pool@50100000")->flags & MX_IF_RMEM_LINE);
	assert_true(tu_log_has(&L, "OF: reserved mem: 0x0000000048000000..0x00000000481fffff "
			       "(2048 KiB) nomap non-reusable fw@48000000"));
	assert_true(tu_log_has(&L, "(1024 KiB) map non-reusable far@90000000"));
	done(&L, &p);
	/* 6.1 prints no such line */
	load_compute(&L, &p, A64("6.1"),
		     "memory: [{ base: 0x40000000, size: 512M }]\n"
		     "reserved-memory: [{ name: far@90000000, reg: { base: 0x90000000, size: 1M } }]\n");
	assert_false(region(&L, "far@90000000")->flags & MX_IF_RMEM_LINE);
	assert_false(tu_log_has(&L, "KiB) map"));
	done(&L, &p);
}

/* ---- dma_contiguous_remap(): what is remapped, and struct static_vm ---------------- */

/*
 * A misaligned static pool in lowmem (refused later): 6.12 records it where
 * it is reserved, so dma_contiguous_remap() maps it - a 44-byte static_vm
 * and a PTE table per 2 MiB (4 MiB at 0x50100000 touches 3) - besides the
 * default area; 6.1 remaps the CMA areas only (the default area, in highmem
 * here: nothing).
 */
static const char remap_layout[] =
	"memory: [{ base: 0x40000000, size: 1G }]\ncma-size: 16M\n"
	"kernel-image: { base: 0x40300000, size: 8M }\n"
	"kernel-side: { cpus: 1 }\n"
	"reserved-memory:\n"
	"  - { name: pool@50100000, compatible: shared-dma-pool, reusable: true,"
	" reg: { base: 0x50100000, size: 4M } }\n";

static void cma_remap(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	load_compute(&L, &p, ARM("6.12"), remap_layout);
	assert_int_equal(tu_count_of(&L, "static_vm (CMA remap)"), 1);
	assert_int_equal(tu_bytes_of(&L, "static_vm (CMA remap)"), 44);
	assert_int_equal(tu_count_of(&L, "CMA remap PTE table"), 3);
	assert_true(region(&L, "pool@50100000")->flags & MX_IF_GIVEN_BACK);
	done(&L, &p);
	load_compute(&L, &p, ARM("6.1"), remap_layout);
	assert_int_equal(tu_count_of(&L, "static_vm (CMA remap)"), 0);
	assert_int_equal(tu_count_of(&L, "CMA remap PTE table"), 0);
	done(&L, &p);
}

/* ---- arm64 linear map with the block-mapped kernel ------------------------------- */

static void kernel_blocks(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	/*
	 * 768 MiB: 384 PTE tables, less the 13 blocks wholly inside
	 * [0x48000000, 0x49a00000) (the kernel up to __init_begin), + 1 PMD + 1 PUD
	 */
	load_compute(&L, &p, A64_NOK("6.12"),
		     "memory: [{ base: 0x40000000, size: 768M }]\n" A64_KS
		     "kernel-image: { base: 0x48000000, size: 40M, init-base: 0x49a30000 }\n");
	assert_int_equal(tu_bytes_of(&L, "linear-map page tables"), (384 - 13 + 2) * 4 * K);
	done(&L, &p);
	/* 6.1: every block of mapped memory has its table */
	load_compute(&L, &p, A64_NOK("6.1"),
		     "memory: [{ base: 0x40000000, size: 768M }]\n" A64_KS
		     "kernel-image: { base: 0x48000000, size: 40M, init-base: 0x49a30000 }\n");
	assert_int_equal(tu_bytes_of(&L, "linear-map page tables"), (384 + 2) * 4 * K);
	done(&L, &p);
}

/* ---- the kmalloc bounce swiotlb --------------------------------------------------- */

static void kmalloc_swiotlb(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	/* 640 MiB: 640K -> 320 slabs -> 384 -> 512 (a power of two): 1 MiB + 12 KiB of slots */
	load_compute(&L, &p, A64("6.12"), "memory: [{ base: 0x40000000, size: 640M }]\n" A64_KS);
	assert_int_equal(tu_bytes_of(&L, "swiotlb buffer"), 1 * M);
	assert_int_equal(tu_bytes_of(&L, "swiotlb slots"), 12 * K);
	assert_int_equal(tu_bytes_of(&L, "swiotlb areas"), 16);
	assert_true(tu_log_has(&L, "SWIOTLB bounce buffer size adjusted to 0MB"));
	assert_true(tu_log_has(&L, "SWIOTLB bounce buffer size roundup to 1MB"));
	assert_true(tu_item(&L, "swiotlb buffer")->base + 1 * M <= 0x68000000ULL - 1);
	done(&L, &p);
	/* 2240 MiB: 1120 slabs -> 1152 -> 2048: 4 MiB + 48 KiB */
	load_compute(&L, &p, A64("6.12"), "memory: [{ base: 0x40000000, size: 2240M }]\n" A64_KS);
	assert_int_equal(tu_bytes_of(&L, "swiotlb buffer"), 4 * M);
	assert_int_equal(tu_bytes_of(&L, "swiotlb slots"), 48 * K);
	done(&L, &p);
	/* 96 MiB: 48 slabs -> 128 (a segment per area at least): 256 KiB */
	load_compute(&L, &p, A64("6.12"), "memory: [{ base: 0x40000000, size: 96M }]\n"
		     "kernel-side: { cpus: 1, log-buf: 128K }\n");
	assert_int_equal(tu_bytes_of(&L, "swiotlb buffer"), 256 * K);
	done(&L, &p);
	/* 4 CPUs at 512 MiB: 256 slabs < 4 x 128 -> 512 slabs, 4 areas of 16 bytes */
	load_compute(&L, &p, A64("6.12"), "memory: [{ base: 0x40000000, size: 512M }]\n"
		     "kernel-side: { cpus: 4, log-buf: 128K }\n");
	assert_int_equal(tu_bytes_of(&L, "swiotlb buffer"), 1 * M);
	assert_int_equal(tu_bytes_of(&L, "swiotlb areas"), 64);
	done(&L, &p);
	/* swiotlb=noforce: none; 6.1: none within the DMA limit */
	load_compute(&L, &p, A64("6.12"), "memory: [{ base: 0x40000000, size: 640M }]\n" A64_KS
		     "bootargs: swiotlb=noforce\n");
	assert_int_equal(tu_count_of(&L, "swiotlb buffer"), 0);
	done(&L, &p);
	load_compute(&L, &p, A64("6.1"), "memory: [{ base: 0x40000000, size: 640M }]\n" A64_KS);
	assert_int_equal(tu_count_of(&L, "swiotlb buffer"), 0);
	done(&L, &p);
	/* swiotlb=2000: 2048 slabs (ALIGN 128, then a power of two); the kmalloc size leaves them */
	load_compute(&L, &p, A64("6.12"), "memory: [{ base: 0x40000000, size: 640M }]\n" A64_KS
		     "bootargs: swiotlb=2000\n");
	assert_int_equal(tu_bytes_of(&L, "swiotlb buffer"), 4 * M);
	done(&L, &p);
}

/*
 * Past the DMA limit the default 64 MiB is asked; below 4 GiB only 14 MiB
 * is free in one piece: 6.12 halves to 4096 slabs (8 MiB) at the top of it,
 * 6.1 gives up.
 */
static const char tlb_retry[] =
	"memory: [{ base: 0x40000000, size: 4G }]\n" A64_KS
	"reserved-memory: [{ name: big@42000000, reg: { base: 0x42000000, size: 0xbdf00000 } }]\n";

static void swiotlb_retry(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	load_compute(&L, &p, A64("6.12"), tlb_retry);
	assert_int_equal(tu_bytes_of(&L, "swiotlb buffer"), 8 * M);
	assert_int_equal(tu_item(&L, "swiotlb buffer")->base, 0x42000000 - 8 * M);
	assert_int_equal(tu_bytes_of(&L, "swiotlb slots"), 4096 * 24);
	assert_true(tu_log_has(&L, "SWIOTLB bounce buffer size adjusted 32768 -> 4096 slabs"));
	done(&L, &p);
	load_compute(&L, &p, A64("6.1"), tlb_retry);
	assert_int_equal(tu_bytes_of(&L, "swiotlb buffer"), 0);
	assert_true(tu_has_diag(&L, "alloc-failed", -1));
	done(&L, &p);
}

/* ---- page_ext ------------------------------------------------------------------------ */

static void page_ext(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	/*
	 * two banks spanning 0x60100000..0x98000000 (896 MiB - 1 MiB, holes
	 * included: 229120 pages), off an 8 MiB MAX_ORDER block: + 2048 pages,
	 * 4 bytes each
	 */
	load_compute(&L, &p, ARM("6.12"),
		     "memory: [{ base: 0x60100000, size: 255M }, { base: 0x80000000, size: 384M }]\n"
		     "kernel-image: { base: 0x60308000, size: 8M }\n"
		     "kernel-side: { cpus: 1, page-ext: 4 }\n");
	assert_int_equal(tu_bytes_of(&L, "page_ext"), (229120 + 2048) * 4);
	assert_true(tu_log_has(&L, "allocated 924672 bytes of page_ext"));
	/* after the hashes, under the memblock limit (lowmem) */
	assert_true(tu_item(&L, "page_ext")->base + tu_item(&L, "page_ext")->size <= L.sum.lowmem_limit);
	done(&L, &p);
	/* SPARSEMEM takes page_ext from the buddy allocator: no memblock item */
	load_compute(&L, &p, A64("6.12"), "memory: [{ base: 0x40000000, size: 512M }]\n"
		     "kernel-side: { cpus: 1, page-ext: 4 }\n");
	assert_int_equal(tu_count_of(&L, "page_ext"), 0);
	assert_true(tu_log_has(&L, "SPARSEMEM takes it per section"));
	done(&L, &p);
}

/* ---- unflattened tree, hashes, Total pages, the Memory line --------------------------- */

static void property_size(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	/* 10 x 208 + 160 + (20 + 1 bootargs + 10 unnamed) x 104 = 5464, + 4 */
	load_compute(&L, &p, A64("6.12"), "memory: [{ base: 0x40000000, size: 512M }]\nbootargs: abc\n"
		     "kernel-side: { device-tree: { nodes: 10, properties: 20, unnamed: 10, names4: 100, "
		     "names8: 160 } }\n");
	assert_int_equal(tu_bytes_of(&L, "unflattened device tree"), 5468);
	done(&L, &p);
	/* 32-bit ARM: 10 x 108 + 100 + 31 x 56 = 2916 -> + 4 */
	load_compute(&L, &p, ARM("6.12"), "memory: [{ base: 0x40000000, size: 512M }]\nbootargs: abc\n"
		     "kernel-image: { base: 0x40008000, size: 8M }\n"
		     "kernel-side: { device-tree: { nodes: 10, properties: 20, unnamed: 10, names4: 100, "
		     "names8: 160 } }\n");
	assert_int_equal(tu_bytes_of(&L, "unflattened device tree"), 2920);
	done(&L, &p);
}

/*
 * 1 GiB with 600 MiB reserved statically: 6.12 sizes the hashes from the
 * free pages after the memmap step (about 100000: dentry 65536 entries),
 * 6.1 from present - memmap (258048: 131072 entries).
 */
static const char big_carveout[] =
	"memory: [{ base: 0x40000000, size: 1G }]\n" A64_KS
	"reserved-memory: [{ name: big@44000000, reg: { base: 0x44000000, size: 600M } }]\n";

static void hashes_from_free_pages(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	load_compute(&L, &p, A64("6.12"), big_carveout);
	assert_int_equal(tu_bytes_of(&L, "Dentry cache"), 512 * K);
	assert_int_equal(tu_bytes_of(&L, "Inode-cache"), 256 * K);
	assert_true(tu_log_has(&L, "calc_nr_kernel_pages: nr_all_pages "));
	done(&L, &p);
	load_compute(&L, &p, A64("6.1"), big_carveout);
	assert_int_equal(tu_bytes_of(&L, "Dentry cache"), 1 * M);
	assert_int_equal(tu_bytes_of(&L, "Inode-cache"), 512 * K);
	done(&L, &p);
}

static void total_pages_and_memory_line(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	/*
	 * 32-bit ARM, 1.5 GiB with 16 MiB no-map: lowmem 768 MiB (196608
	 * pages, memmap 1728 pages), HighMem 768 MiB. 6.12: every present
	 * page, no-map included; 6.1: lowmem less its memmap
	 */
	load_compute(&L, &p, ARM("6.12"), "memory: [{ base: 0x40000000, size: 1536M }]\n"
		     "kernel-image: { base: 0x40008000, size: 8M }\n"
		     "reserved-memory: [{ name: fw@50000000, no-map: true, reg: { base: 0x50000000, size: 16M } }]\n");
	assert_int_equal(L.sum.total_pages, 393216);
	assert_true(L.sum.available_bound);
	done(&L, &p);
	load_compute(&L, &p, ARM("6.1"), "memory: [{ base: 0x40000000, size: 1536M }]\n"
		     "kernel-image: { base: 0x40008000, size: 8M }\n"
		     "reserved-memory: [{ name: fw@50000000, no-map: true, reg: { base: 0x50000000, size: 16M } }]\n");
	assert_int_equal(L.sum.total_pages, 393216 - L.zones[0].memmap_pages);
	assert_false(L.sum.available_bound);
	done(&L, &p);
	/*
	 * arm64 with deferred struct page init: 6.1 counts only the first
	 * section of the last zone as available; 6.12 prints after deferred
	 * init: every page the buddy allocator got (an upper bound)
	 */
	load_compute(&L, &p, A64("6.12"), "memory: [{ base: 0x40000000, size: 1G }]\n"
		     "kernel-side: { cpus: 1, deferred-struct-page-init: true }\n");
	assert_int_equal(L.sum.available, L.sum.physpages - L.sum.reserved - L.sum.cma_reserved);
	assert_true(tu_log_has(&L, "  Device   empty"));
	done(&L, &p);
	load_compute(&L, &p, A64("6.1"), "memory: [{ base: 0x40000000, size: 1G }]\n"
		     "kernel-side: { cpus: 1, deferred-struct-page-init: true }\n");
	assert_true(L.sum.available < L.sum.physpages - L.sum.reserved - L.sum.cma_reserved);
	done(&L, &p);
}

/* ---- crashkernel through reserve_crashkernel_generic() -------------------------------- */

static void crashkernel_generic(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	/*
	 * 1 GiB below 4 GiB and 2 GiB above: 1536 MiB does not fit below the
	 * DMA limit; 6.12 puts it above, with 128 MiB more below
	 */
	load_compute(&L, &p, A64("6.12"),
		     "memory: [{ base: 0xc0000000, size: 1G }, { base: 0x100000000, size: 2G }]\n" A64_KS
		     "bootargs: crashkernel=1536M\n");
	assert_int_equal(tu_bytes_of(&L, "crashkernel"), 1536 * M);
	assert_true(tu_item(&L, "crashkernel")->base >= 0x100000000ULL);
	assert_int_equal(tu_bytes_of(&L, "crashkernel low"), 128 * M);
	assert_true(tu_item(&L, "crashkernel low")->base + 128 * M <= 0x100000000ULL);
	assert_true(tu_log_has(&L, "crashkernel low memory reserved: "));
	done(&L, &p);
	load_compute(&L, &p, A64("6.1"),
		     "memory: [{ base: 0xc0000000, size: 1G }, { base: 0x100000000, size: 2G }]\n" A64_KS
		     "bootargs: crashkernel=1536M\n");
	assert_int_equal(tu_bytes_of(&L, "crashkernel"), 0);
	assert_true(tu_log_has(&L, "cannot allocate crashkernel"));
	done(&L, &p);
	/* SIZE,high and SIZE,low: above the limit first, the low part as asked */
	load_compute(&L, &p, A64("6.12"),
		     "memory: [{ base: 0xc0000000, size: 1G }, { base: 0x100000000, size: 2G }]\n" A64_KS
		     "bootargs: crashkernel=256M,high crashkernel=32M,low\n");
	assert_int_equal(tu_bytes_of(&L, "crashkernel"), 256 * M);
	assert_true(tu_item(&L, "crashkernel")->base >= 0x100000000ULL);
	assert_int_equal(tu_bytes_of(&L, "crashkernel low"), 32 * M);
	done(&L, &p);
}

/* ---- flavour choice ----------------------------------------------------------------- */

static void flavour_for_between(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	/* 6.6 gets the 6.1 rules, with a note; 6.12.95 is 6.12 itself */
	load_compute(&L, &p, A64("6.6"), "memory: [{ base: 0x40000000, size: 512M }]\n");
	assert_string_equal(L.params.flavour->name, "6.1");
	assert_true(tu_has_diag(&L, "flavour", -1));
	done(&L, &p);
	load_compute(&L, &p, A64("6.12.95"), "memory: [{ base: 0x40000000, size: 512M }]\n");
	assert_string_equal(L.params.flavour->name, "6.12");
	assert_false(tu_has_diag(&L, "flavour", -1));
	done(&L, &p);
}

/* ---- memx compare on a 6.12 log -------------------------------------------------------- */

static void compare_log(const char *log, struct mx_compare *c, struct mx_layout *L, struct mx_profile *p)
{
	struct mx_bootlog b;

	mx_bootlog_init(&b);
	assert_int_equal(mx_bootlog_parse(&b, log, strlen(log), "t.log"), 0);
	mx_compare_init(c);
	assert_int_equal(mx_compare_run(c, L, p, &b), 0);
	mx_bootlog_release(&b);
}

static const struct mx_cmp_row *row_of(const struct mx_compare *c, const char *what)
{
	for (size_t i = 0; i < c->nrows; i++)
		if (!strcmp(c->rows[i].what, what))
			return &c->rows[i];
	return NULL;
}

static void compare_612(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	struct mx_compare c;
	char log[1024];
	const struct mx_cmp_row *r;
	uint64_t t, rv, cm, av;

	(void)state;
	load_compute(&L, &p, A64("6.12"),
		     "memory: [{ base: 0x40000000, size: 512M }]\n" A64_KS
		     "reserved-memory: [{ name: fw@50000000, no-map: true, reg: { base: 0x50000000, size: 1M } }]\n");
	t = tu_k(&L, L.sum.physpages);
	rv = tu_k(&L, L.sum.reserved);
	cm = tu_k(&L, L.sum.cma_reserved);
	av = tu_k(&L, L.sum.available);
	/* available 2980K below the bound: agrees, and what the boot took is shown */
	snprintf(log, sizeof(log),
		 "[    0.000000] Linux version 6.12.95+deb12-arm64 (x) #1 SMP\n"
		 "[    0.000000] OF: reserved mem: 0x0000000050000000..0x00000000500fffff (1024 KiB) nomap non-reusable fw@50000000\n"
		 "[    0.214000] Memory: %" PRIu64 "K/%" PRIu64 "K available (1K kernel code, %" PRIu64
		 "K reserved, %" PRIu64 "K cma-reserved)\n", av - 2980, t, rv, cm);
	compare_log(log, &c, &L, &p);
	r = row_of(&c, "available (at most)");
	assert_non_null(r);
	assert_int_equal(r->match, MX_CMP_AT_MOST);
	assert_false(r->differs);
	r = row_of(&c, "taken by the boot by then");
	assert_non_null(r);
	assert_int_equal(r->match, MX_CMP_INFO);
	assert_int_equal(r->obs, 2980);
	assert_false(row_of(&c, "fw@50000000 line")->differs);
	assert_int_equal(c.ndiff, 0);
	mx_compare_release(&c);
	/* above the bound: a difference; a line memx does not predict: another (predicted -) */
	snprintf(log, sizeof(log),
		 "[    0.000000] Linux version 6.12.95+deb12-arm64 (x) #1 SMP\n"
		 "[    0.000000] OF: reserved mem: 0x0000000050000000..0x00000000500fffff (1024 KiB) nomap non-reusable fw@50000000\n"
		 "[    0.000000] OF: reserved mem: 0x0000000058000000..0x00000000581fffff (2048 KiB) map non-reusable other@58000000\n"
		 "[    0.214000] Memory: %" PRIu64 "K/%" PRIu64 "K available (1K kernel code, %" PRIu64
		 "K reserved, %" PRIu64 "K cma-reserved)\n", av + 4, t, rv, cm);
	compare_log(log, &c, &L, &p);
	assert_true(row_of(&c, "available (at most)")->differs);
	r = row_of(&c, "other@58000000 line");
	assert_non_null(r);
	assert_false(r->has_pred);
	assert_true(r->differs);
	assert_int_equal(c.ndiff, 2);
	mx_compare_release(&c);
	/* the log prints region lines but not fw's: the predicted line is missing */
	snprintf(log, sizeof(log),
		 "[    0.000000] Linux version 6.12.95+deb12-arm64 (x) #1 SMP\n"
		 "[    0.000000] OF: reserved mem: 0x0000000058000000..0x00000000581fffff (2048 KiB) map non-reusable other@58000000\n"
		 "[    0.214000] Memory: %" PRIu64 "K/%" PRIu64 "K available (1K kernel code, %" PRIu64
		 "K reserved, %" PRIu64 "K cma-reserved)\n", av, t, rv, cm);
	compare_log(log, &c, &L, &p);
	r = row_of(&c, "fw@50000000 line");
	assert_non_null(r);
	assert_true(r->differs);
	assert_string_equal(r->obs_text, "none");
	mx_compare_release(&c);
	done(&L, &p);
}

/*
 * Every flavour: a figure only the log shows is a difference. A 6.1 arm64
 * board within the DMA limit predicts no swiotlb; a log that maps one differs.
 */
static void observed_only_differs(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	struct mx_compare c;
	const struct mx_cmp_row *r;
	static const char log[] =
		"[    0.000000] Linux version 6.1.0-50-arm64 (x) #1 SMP\n"
		"[    0.000000] software IO TLB: mapped [mem 0x000000005b540000-0x000000005b5c0000] (0MB)\n"
		"[    0.000000] Memory: 1K/524288K available (1K kernel code, 1K reserved, 0K cma-reserved)\n";

	(void)state;
	load_compute(&L, &p, A64("6.1"), "memory: [{ base: 0x40000000, size: 512M }]\n" A64_KS);
	compare_log(log, &c, &L, &p);
	r = row_of(&c, "swiotlb size");
	assert_non_null(r);
	assert_false(r->has_pred);
	assert_int_equal(r->obs, 524288);
	assert_true(r->differs);
	mx_compare_release(&c);
	done(&L, &p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dynamic_dt_order),
		cmocka_unit_test(dynamic_init_at_once),
		cmocka_unit_test(alloc_ranges_direction),
		cmocka_unit_test(static_init_late),
		cmocka_unit_test(static_default_arm64),
		cmocka_unit_test(region_lines),
		cmocka_unit_test(cma_remap),
		cmocka_unit_test(kernel_blocks),
		cmocka_unit_test(kmalloc_swiotlb),
		cmocka_unit_test(swiotlb_retry),
		cmocka_unit_test(page_ext),
		cmocka_unit_test(property_size),
		cmocka_unit_test(hashes_from_free_pages),
		cmocka_unit_test(total_pages_and_memory_line),
		cmocka_unit_test(crashkernel_generic),
		cmocka_unit_test(flavour_for_between),
		cmocka_unit_test(compare_612),
		cmocka_unit_test(observed_only_differs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
