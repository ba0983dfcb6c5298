/* memx/flavour.h - kernel flavours: the rules that differ between kernel versions */
#ifndef MEMX_FLAVOUR_H
#define MEMX_FLAVOUR_H

#include "memx/api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/profile.h"

/*
 * The boot steps the engine replays. A flavour lists them per arch in the
 * order that kernel runs them; adding a kernel is adding a table, not
 * editing the steps.
 */
enum mx_step {
	MX_STEP_DRAM,              /* memblock_add of every /memory bank */
	MX_STEP_MEM_LIMIT,         /* mem= */
	MX_STEP_LOWMEM,            /* 32-bit ARM lowmem limit (adjust_lowmem_bounds) */
	MX_STEP_KERNEL,            /* _stext.._end */
	MX_STEP_INITRD,
	MX_STEP_PGD,               /* swapper_pg_dir (32-bit ARM) */
	MX_STEP_FDT,               /* the DTB and /memreserve/ */
	MX_STEP_RMEM_STATIC,       /* /reserved-memory children with reg */
	MX_STEP_RMEM_DYNAMIC,      /* children with size: allocate, then init (CMA) */
	MX_STEP_CMA_DEFAULT,       /* dma_contiguous_reserve */
	MX_STEP_PAGETABLES,        /* 6.1 arm64: linear-map page tables (map_mem) */
	MX_STEP_EARLY_PAGING,      /* listed allocations before the memmap */
	MX_STEP_UNFLATTEN,         /* 6.1: unflatten_device_tree() */
	MX_STEP_EARLY_BOOTMEM,     /* 6.1: listed bootmem_init allocations (NUMA, NODE_DATA) */
	MX_STEP_RMEM_STATIC_INIT,  /* 6.12: static /reserved-memory regions saved and initialised (unflatten) */
	MX_STEP_MEMMAP,            /* struct page array + pageblock usemap */
	MX_STEP_CRASHKERNEL,       /* 6.1: crashkernel= */
	MX_STEP_RESOURCES,         /* 6.1: request_standard_resources() */
	MX_STEP_EARLY_SETUP,       /* listed allocations in setup_arch */
	MX_STEP_CMDLINE,           /* 6.1: setup_command_line() */
	MX_STEP_EARLY_START,       /* listed allocations in start_kernel */
	MX_STEP_LOGBUF,            /* 6.1: setup_log_buf() for log_buf_len= */
	MX_STEP_HASH,              /* 6.1: dentry and inode hash tables */
	MX_STEP_PAGE_EXT,          /* FLATMEM page_ext (page_ext_init_flatmem) when a client needs it */
	MX_STEP_CALIBRATION,       /* the labelled residual */
	MX_STEP_SWIOTLB,           /* 6.1: swiotlb_init() from mem_init() */
	MX_STEP_FREE_UNUSED_MEMMAP,/* 32-bit ARM: memmap of holes */
	MX_STEP_MEM_INIT,          /* free everything left to the buddy allocator */
	MX_STEP_CMA_ACTIVATE,      /* cma_init_reserved_areas */
	MX_STEP_INITRD_FREE,       /* free_initrd_mem */
	MX_STEP_INIT_FREE,         /* free_initmem */
	MX_STEP_FIXUP,             /* no-map-fixup regions (removed-dma-pool) */
	MX_STEP_FREED_LATE,        /* regions freed by drivers (splash) */
	MX_STEP__COUNT
};

enum mx_nomap_rule {
	MX_NOMAP_REMOVE, /* memblock_remove: leaves memory and physpages */
	MX_NOMAP_MARK,   /* memblock_mark_nomap: stays in physpages, counted reserved */
};

enum mx_dyn_order {
	MX_DYN_ORDER_DT,       /* device-tree order */
	MX_DYN_ORDER_HEAPSORT, /* lib/sort.c heapsort of (base, size): a permutation */
};

enum mx_cma_align_rule {
	MX_CMA_ALIGN_MAX_ORDER, /* PAGE_SIZE << max(MAX_ORDER - 1, pageblock_order) */
	MX_CMA_ALIGN_PAGEBLOCK, /* pageblock_nr_pages (CMA_MIN_ALIGNMENT_PAGES) */
};

/* When /reserved-memory regions with reg are initialised (their CMA setup, refusal, give-back). */
enum mx_rmem_static_init {
	MX_RMEM_INIT_TOGETHER, /* with the dynamic ones, in fdt_init_reserved_mem() (up to 6.11) */
	MX_RMEM_INIT_LATE,     /* 6.12: fdt_scan_reserved_mem_reg_nodes() from unflatten_device_tree() */
};

enum mx_klog_style {
	MX_KLOG_318,  /* "Reserved memory: allocated memory for '%s' node: base %pa, size %ld MiB" */
	MX_KLOG_5X,
};

#define MX_ARCH_SLOTS 4 /* indexed by enum mx_arch */

struct mx_flavour {
	const char *name;            /* "3.18" */
	const char *summary;         /* one line for reports */
	unsigned since;              /* lowest version it stands for: major * 1000 + minor */
	enum mx_nomap_rule nomap;
	enum mx_dyn_order dyn_order;
	enum mx_cma_align_rule cma_align;
	bool failed_rmem_given_back; /* a node whose init fails is freed (6.x) */
	/*
	 * 6.12 (8a6e02d0c00e): each dynamic region is initialised right after
	 * its allocation (fdt_reserved_mem_save_node()), the static ones later
	 * (@rmem_static_init); with MX_DYN_ORDER_DT the dynamic ones only
	 */
	enum mx_rmem_static_init rmem_static_init;
	/*
	 * __reserved_mem_alloc_in_range() (6.5+): an alloc-ranges window that
	 * starts (ends) inside a region saved before is searched bottom-up
	 * (top-down) when only one of the two holds
	 */
	bool rmem_range_contiguous;
	/* fdt_init_reserved_mem_node() prints "%pa..%pa (%lu KiB) map|nomap reusable|non-reusable NAME" */
	bool rmem_region_lines;
	/*
	 * dma_contiguous_early_fixup() is called where a reusable
	 * shared-dma-pool is reserved or allocated (6.12.45+, 2c223f7239f3),
	 * not from rmem_cma_setup(): 32-bit ARM remaps every such region,
	 * whether its CMA init succeeds or not
	 */
	bool cma_remap_at_reserve;
	bool nomap_over_reserved_refused;
	bool memory_line_cma;        /* the Memory line has "cma-reserved" */
	/*
	 * per arch: the initrd is reserved (arm_memblock_init(), 6.x
	 * reserve_initrd_mem(), arm64_memblock_init()) and freed (arch/arm
	 * free_initrd_mem(), since ARM: 8167/1) over the whole pages it touches
	 */
	bool initrd_reserve_outward[MX_ARCH_SLOTS];
	bool initrd_free_outward[MX_ARCH_SLOTS];
	enum mx_klog_style klog;
	uint64_t arm_vmalloc_end;    /* VMALLOC_END on 32-bit ARM */
	uint32_t struct_page[MX_ARCH_SLOTS];
	bool subsection_map;         /* mem_section_usage starts with a subsection bitmap (5.x) */
	bool arm64_zone_dma;         /* arm64's first zone is ZONE_DMA (3.x, 5.11+), not DMA32 */
	/*
	 * 32-bit ARM adjust_lowmem_bounds() (4.x+): memblock_limit rounds to
	 * PMD_SIZE (2 MiB, not the 1 MiB section) and NOMAP ranges are not
	 * lowmem blocks; it runs again after arm_memblock_init().
	 */
	bool arm_lowmem_pmd;
	/*
	 * linux,usable-memory-range entries read, per arch: 6.x drivers/of/fdt.c
	 * MAX_USABLE_RANGES; 4.12-5.x only arm64's fdt_enforce_memory_region(),
	 * one range; 3.x none
	 */
	unsigned usable_ranges[MX_ARCH_SLOTS];
	bool unused_memmap_pageblock; /* free_unused_memmap() aligns holes to pageblocks (5.14+), not MAX_ORDER */
	bool arm64_initrd_added;     /* arm64_memblock_init() memblock_add()s the initrd and, after mem=, the kernel */
	bool arm64_dma_above_4g_all; /* max_zone_phys() (6.x): DRAM starting above 4 GiB is all DMA-able */
	bool pid_hash;               /* pidhash_init() exists (before 4.15) */
	/* 32-bit ARM paging_init() raises memblock's limit to the end of lowmem after map_lowmem() (4.1+, ARM: 8356/1) */
	bool arm_limit_raised;
	bool hash_adapt_scale;       /* alloc_large_system_hash() ADAPT_SCALE (4.13+) */
	bool usage_rcu;              /* mem_section_usage also holds a struct rcu_head (6.1.75+) */
	bool cma_straddle_exposed;   /* a CMA area over two zones goes to the buddy allocator (6.x) */
	bool deferred_available;     /* the Memory line's X counts only pages initialised early */
	/*
	 * mem_init_print_info() runs from page_alloc_init_late() (6.11): the
	 * Memory line's X is all free pages less what the boot took from the
	 * buddy allocator by then, so memx knows only its upper bound
	 */
	bool memory_line_late;
	/* "Total pages:" is the zones' present pages (6.10 zone_init_internals()), not present - memmap */
	bool total_pages_present;
	/*
	 * nr_kernel_pages / nr_all_pages (the hash tables) are memblock's free
	 * pages at the end of free_area_init() (6.10 calc_nr_kernel_pages()),
	 * not present - memmap
	 */
	bool nr_kernel_pages_free;
	/* arm64 ZONE_DEVICE: "  Device   empty" in the Zone ranges (Debian 6.12 config) */
	bool zone_device;
	/*
	 * arm64 kmalloc bounce buffer (6.5+, DMA_BOUNCE_UNALIGNED_KMALLOC): a
	 * swiotlb of 1 MiB per GiB of memory when none is needed for ZONE_DMA
	 */
	bool swiotlb_kmalloc_bounce[MX_ARCH_SLOTS];
	/*
	 * swiotlb_init_remap() (6.2+): a buffer that does not fit is tried at
	 * half the slabs down to IO_TLB_MIN_SLABS; round_up_default_nslabs()
	 * gives every area IO_TLB_SEGSIZE slabs at least
	 */
	bool swiotlb_retry;
	/*
	 * arm64 paging_init() is map_mem() only (6.9+): the kernel image's own
	 * tables are in the image, and map_mem() maps [_text, __init_begin)
	 * with 2 MiB blocks, so its wholly covered blocks need no PTE table
	 */
	bool arm64_kernel_blocks;
	uint32_t arm_static_vm[2];   /* struct static_vm on 32-bit ARM: without, with LPAE */
	/*
	 * arm64 crashkernel= through reserve_crashkernel_generic() (6.9+):
	 * ,high / ,low and the fall-back above the DMA limit
	 */
	bool crash_generic;
	/* struct device_node, struct property and their alignment (unflatten_dt_nodes()) */
	uint32_t dt_node_size[MX_ARCH_SLOTS], dt_prop_size[MX_ARCH_SLOTS], dt_align[MX_ARCH_SLOTS];
	uint32_t resource_size[MX_ARCH_SLOTS]; /* struct resource (32-bit ARM LPAE: +8) */
	bool resources_one_alloc[MX_ARCH_SLOTS]; /* one array (arm64) or one alloc per region (arm) */
	/* memblock_allow_resize() runs before this step (arm: bootmem_init(); arm64: end of paging_init()) */
	enum mx_step resize_from[MX_ARCH_SLOTS];
	const enum mx_step *steps[MX_ARCH_SLOTS];
	size_t nsteps[MX_ARCH_SLOTS];
	/* the order with the kernel-side cost models (a profile with kernel-side:) */
	const enum mx_step *model_steps[MX_ARCH_SLOTS];
	size_t nmodel_steps[MX_ARCH_SLOTS];
};

/**
 * mx_flavour_find - the flavour for kernel version @version ("3.18",
 * "6.1.0-50"): the newest flavour whose @since is not above it, else the
 * oldest. NULL, "" or an unreadable version gives the default, "5.10". @exact (may be NULL) tells whether the
 * version named the flavour itself.
 */
MX_API const struct mx_flavour *mx_flavour_find(const char *version, bool *exact);
/**
 * mx_flavour_count - the number of kernel flavours memx knows
 */
MX_API size_t mx_flavour_count(void);
/**
 * mx_flavour_at - flavour @i (0 .. mx_flavour_count() - 1), oldest first, or NULL (static data)
 */
MX_API const struct mx_flavour *mx_flavour_at(size_t i);
/**
 * mx_version_parse - "3.18" -> 3018; returns false when @s does not start with N.M
 */
MX_API bool mx_version_parse(const char *s, unsigned *out);
/**
 * mx_step_name - the short name of boot step @s, as reports print it (a static string)
 */
MX_API const char *mx_step_name(enum mx_step s);
/**
 * mx_step_func - the kernel function that does step @s (a static string)
 */
MX_API const char *mx_step_func(enum mx_step s);

#endif
