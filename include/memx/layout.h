/* memx/layout.h - the layout engine: replay a board's boot-time memory accounting */
#ifndef MEMX_LAYOUT_H
#define MEMX_LAYOUT_H

#include "memx/api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/buf.h"
#include "memx/diag.h"
#include "memx/flavour.h"
#include "memx/profile.h"
#include "memx/rangeset.h"

/* Settings the engine assumed because the profile did not give them. */
enum mx_assumed {
	MX_ASSUMED_FLAVOUR = 1 << 0,     /* kernel version not a flavour of its own */
	MX_ASSUMED_PAGE_SIZE = 1 << 1,
	MX_ASSUMED_STRUCT_PAGE = 1 << 2,
	MX_ASSUMED_MODEL = 1 << 3,
	MX_ASSUMED_MAX_ORDER = 1 << 4,
	MX_ASSUMED_PAGEBLOCK = 1 << 5,
	MX_ASSUMED_SECTIONS = 1 << 6,    /* MAX_PHYSMEM_BITS / SECTION_SIZE_BITS */
	MX_ASSUMED_VMSPLIT = 1 << 7,
	MX_ASSUMED_VMALLOC = 1 << 8,
	MX_ASSUMED_KERNEL_BASE = 1 << 9,
	MX_ASSUMED_INIT_BASE = 1 << 10,
	MX_ASSUMED_PGD = 1 << 11,
	MX_ASSUMED_FDT = 1 << 12,
	MX_ASSUMED_CMA_SIZE = 1 << 13,
	MX_ASSUMED_ARCH = 1 << 14,       /* guessed from a device tree */
	MX_ASSUMED_KERNEL_SIZE = 1 << 15, /* kernel image sizes: per-arch defaults */
};

/* What the boot loader model computed rather than took from the profile. */
enum mx_placed_by {
	MX_PLACED_INITRD = 1 << 0,   /* initrd base */
	MX_PLACED_FDT = 1 << 1,      /* DTB base */
	MX_PLACED_FDT_SIZE = 1 << 2, /* DTB size from the DTB file */
	MX_PLACED_KERNEL = 1 << 3,   /* kernel _stext (U-Boot booti, the EFI PE loader) */
};

/* The effective settings of one computation (profile + defaults + bootargs). */
struct mx_params {
	const struct mx_flavour *flavour;
	enum mx_arch arch;
	uint64_t page;              /* PAGE_SIZE */
	unsigned page_shift;
	uint32_t struct_page;
	enum mx_memmodel model;     /* MX_MM_FLAT or MX_MM_SPARSE */
	bool vmemmap, extreme;
	unsigned max_order;
	unsigned pageblock_order;
	unsigned max_physmem_bits, section_size_bits;
	unsigned pgtable_levels;    /* for the vmemmap page tables */
	bool vmemmap_pmd;           /* vmemmap mapped with PMD blocks (arm64) */
	uint64_t smp_cache_bytes;
	enum mx_vmsplit vmsplit;
	uint64_t page_offset;       /* 32-bit ARM */
	uint64_t vmalloc_size;      /* 32-bit ARM */
	bool vmalloc_cmdline;       /* vmalloc= on the command line (early_vmalloc rules) */
	unsigned phys_digits;       /* hex digits the kernel's %pa prints */
	uint64_t cma_size;          /* default CMA area */
	uint64_t cma_base, cma_limit; /* cma=size@base-limit */
	bool cma_cmdline;           /* size came from cma= */
	uint64_t mem_limit;         /* mem=, 0 if none */
	/* crashkernel= (kernel/crash_core.c): the plain form SIZE[@BASE] or
	 * RANGE:SIZE[,RANGE:SIZE...][@BASE], and SIZE,high / SIZE,low */
	bool has_crash;             /* a plain crashkernel= was given */
	uint64_t crash_size, crash_base;
	struct { uint64_t start, end, size; } crash_ranges[8]; /* end 0: open */
	unsigned ncrash_ranges;
	bool has_crash_high, has_crash_low;
	uint64_t crash_high, crash_low;
	uint64_t log_buf_len;       /* log_buf_len= */
	unsigned nr_cpus;           /* nr_cpus=; 0: not given */
	uint64_t swiotlb_slabs;     /* swiotlb=N */
	uint64_t swiotlb_nareas;    /* swiotlb=N,AREAS */
	bool swiotlb_force;         /* swiotlb=force */
	bool swiotlb_off;           /* swiotlb=noforce: no bounce buffer at all */
	uint64_t mem_base;          /* mem=size@base (32-bit ARM) */
	bool has_mem_base;
	/* 32-bit ARM early_mem(): every mem= adds a bank (size, base; has_base 0: PHYS_OFFSET) */
	struct { uint64_t size, base; bool has_base; } arm_mem[8];
	unsigned narm_mem;
	uint64_t kernel_base;
	uint64_t init_base;
	uint64_t pgd_base, pgd_size;
	uint64_t fdt_base, fdt_size;   /* fdt_size 0: no DTB reserved */
	uint64_t initrd_base, initrd_size; /* initrd_size 0: no initrd */
	unsigned placed_by;         /* enum mx_placed_by: what the boot loader placed */
	unsigned assumed;           /* enum mx_assumed */
};

/* What a placed range is. */
enum mx_item_kind {
	MX_ITEM_KERNEL,       /* _stext.._end */
	MX_ITEM_PGD,          /* swapper_pg_dir */
	MX_ITEM_INITRD,
	MX_ITEM_FDT,
	MX_ITEM_MEMRESERVE,   /* /memreserve/ entry */
	MX_ITEM_NOMAP,        /* no-map carve-out (static or dynamic) */
	MX_ITEM_STATIC,       /* static reserved carve-out */
	MX_ITEM_DYNAMIC,      /* dynamic reserved carve-out, not CMA */
	MX_ITEM_CMA,          /* CMA pool from /reserved-memory */
	MX_ITEM_CMA_DEFAULT,  /* the default CMA area */
	MX_ITEM_FIXUP,        /* no-map-fixup region */
	MX_ITEM_FREED_LATE,   /* freed by a driver after boot */
	MX_ITEM_MEMMAP,       /* struct page array */
	MX_ITEM_MEMMAP_META,  /* usemap, mem_section roots, vmemmap page tables */
	MX_ITEM_EARLY,        /* listed early allocation */
	MX_ITEM_CALIBRATION,
	MX_ITEM__COUNT
};

enum mx_item_flags {
	MX_IF_PLACED = 1 << 0,     /* occupies [base, base + size) */
	MX_IF_FAILED = 1 << 1,     /* the allocation did not fit: region missing */
	MX_IF_DISABLED = 1 << 2,   /* status = "disabled": shown, not placed */
	MX_IF_REFUSED = 1 << 3,    /* the kernel refused it (no effect) */
	MX_IF_GIVEN_BACK = 1 << 4, /* init failed and the memory was freed */
	MX_IF_CMA = 1 << 5,        /* counted in CmaTotal */
	MX_IF_NOMAP = 1 << 6,
	MX_IF_DYNAMIC = 1 << 7,    /* placed by the allocator */
	MX_IF_OUTSIDE = 1 << 8,    /* partly or wholly outside memblock.memory */
	MX_IF_CMA_FAILED = 1 << 9, /* wanted to be CMA, refused (alignment, no-map) */
	MX_IF_FREED = 1 << 10,     /* released later in boot (initrd, CMA, splash...) */
	MX_IF_RMEM_LINE = 1 << 11, /* 6.12: the kernel prints its "OF: reserved mem: A..B (N KiB) ..." line */
};

/* One range of the layout. Strings are owned by the layout. */
struct mx_item {
	enum mx_item_kind kind;
	unsigned flags;       /* enum mx_item_flags */
	const char *name;     /* region / allocation name */
	uint64_t base, size;  /* meaningful when MX_IF_PLACED */
	uint64_t want;        /* requested size (failed items) */
	int region;           /* profile region index, or -1 */
	int early;            /* profile early allocation index, or -1 */
	int step;             /* enum mx_step that created it */
	int window;           /* alloc-ranges entry used, -1 for the whole space */
	uint64_t win_lo, win_hi; /* the window searched (dynamic) */
	uint64_t align;       /* alignment used (dynamic) */
};

/* Page counters after a step. */
struct mx_counters {
	uint64_t memory;   /* pages of memblock.memory (physpages) */
	uint64_t reserved; /* pages of memory not free: before mem_init, touched by
			    * memblock.reserved or NOMAP; from mem_init on, memory minus totalram */
	uint64_t totalram; /* pages given to the buddy allocator; 0 before mem_init */
	uint64_t cma;      /* totalcma_pages */
	uint64_t highram;  /* totalhigh_pages */
};

enum mx_log_kind {
	MX_LOG_KERNEL, /* a line the kernel prints */
	MX_LOG_MEMX,   /* memx's own account of what happened */
};

/* One log line; its text is mx_layout_logline(). */
struct mx_logline {
	enum mx_log_kind kind;
	int item;          /* item the line is about, or -1 */
	size_t off;        /* the line's record in the layout's (private) log pack */
};

struct mx_stage {
	enum mx_step step;
	struct mx_counters after;
	size_t log_first, log_count;
};

struct mx_zone {
	const char *name;      /* "DMA32", "Normal", "HighMem" */
	bool highmem;
	uint64_t start_pfn, end_pfn; /* the span; equal when the zone is empty */
	uint64_t spanned, present;
	uint64_t memmap_pages; /* calc_memmap_size(); 0 for highmem (not printed) */
	uint64_t managed;      /* pages in the buddy allocator at the end */
};

/* The Qualcomm no-map-fixup of one region (SPEC section 7). */
struct mx_fixup {
	int item;
	uint64_t keep_base, keep_size;     /* memblock_remove'd */
	uint64_t memmap_base, memmap_size; /* memmap of the kept part, freed */
	uint64_t tail_base, tail_size;     /* freed to the buddy allocator */
};

struct mx_summary {
	uint64_t dram;           /* bytes the /memory nodes declare */
	uint64_t physpages;      /* pages, the Y of the Memory line */
	uint64_t available;      /* pages, the X of the Memory line (an upper bound when available_bound) */
	bool available_bound;    /* 6.12: X is printed after the boot's first buddy allocations */
	uint64_t reserved;       /* pages, "reserved" of the Memory line */
	uint64_t cma_reserved;   /* pages */
	uint64_t highmem_free;   /* pages, "highmem" of the Memory line */
	uint64_t memtotal, lowtotal, hightotal, cmatotal; /* pages, at the end */
	bool has_highmem;
	uint64_t lowmem_limit;   /* physical end of lowmem (32-bit ARM) */
	uint64_t vmalloc_total;  /* bytes (32-bit ARM) */
	uint64_t memmap_bytes;   /* struct page storage left allocated after boot-time trims */
	uint64_t memmap_alloc;   /* bytes of the memmap allocation(s) as made */
	uint64_t memmap_base;    /* FLATMEM: address of the node's map */
	uint64_t memmap_unused_freed; /* bytes freed by free_unused_memmap */
	uint64_t memmap_pages;   /* sum of the zones' printed figures */
	uint64_t total_pages;    /* "Built N zonelists ... Total pages:" (build_all_zonelists) */
	uint64_t sparse_roots;   /* bytes of the mem_section root array */
	uint64_t init_freed, initrd_freed; /* pages */
};

/*
 * The result of one computation. All arrays and strings are owned by the
 * layout and stay valid until the next mx_layout_compute() on it or
 * mx_layout_release().
 */
struct mx_textstore;
struct mx_logpack;

struct mx_layout {
	struct mx_params params;
	struct mx_item *items;
	size_t nitems, maxitems;
	struct mx_stage *stages;
	size_t nstages, maxstages;
	struct mx_zone zones[4];
	size_t nzones;
	struct mx_fixup *fixups;
	size_t nfixups, maxfixups;
	struct mx_logline *log;
	size_t nlog, maxlog;
	struct mx_logpack *logpack;  /* the lines, formatted when read (private; NULL before the first line) */
	struct mx_textstore *names;  /* the items' names (private; NULL before the first item) */
	struct mx_summary sum;
	struct mx_diaglist diags;
	/* Final state, for drawing: */
	struct mx_rangeset dram;     /* what /memory declares */
	struct mx_rangeset memory;   /* memblock.memory at mem_init */
	struct mx_rangeset reserved; /* memblock.reserved at mem_init */
	struct mx_rangeset nomap;    /* NOMAP-marked memory (6.x) */
	struct mx_rangeset buddy;    /* pages in the buddy allocator at the end */
	/* scratch, reused between computations */
	struct mx_rangeset tmp1, tmp2;
	void *work;                  /* the engine's per-region scratch (allocated memory is */
	size_t maxwork;              /* touched afresh: page faults on every computation) */
};

/**
 * mx_layout_init - make @L an empty layout (no allocation until mx_layout_compute())
 */
MX_API void mx_layout_init(struct mx_layout *L);
/**
 * mx_layout_release - free everything @L holds and leave it empty; pointers into it become invalid
 */
MX_API void mx_layout_release(struct mx_layout *L);

/**
 * mx_layout_compute - replay the boot of @p into @L
 * @L: an initialised layout; its previous content is replaced (memory is
 *     reused, so recomputing after every edit is cheap)
 * @p: the profile; not modified, not referenced after the call returns
 *
 * Problems with the profile (a region that does not fit, overlapping
 * carve-outs, ...) are diagnostics in L->diags, never failures.
 * Returns: 0 or MX_ENOMEM (then @L is empty but still valid).
 */
MX_API int mx_layout_compute(struct mx_layout *L, const struct mx_profile *p);

/**
 * mx_params_resolve - effective settings for @p (defaults per arch and
 * flavour, bootargs parsed). Problems go to @diags (may be NULL).
 * Returns 0 or MX_ENOMEM.
 */
MX_API int mx_params_resolve(struct mx_params *out, const struct mx_profile *p,
		      struct mx_diaglist *diags);

/**
 * mx_item_kind_name - the name of item kind @k as reports and JSON print it (a static string)
 */
MX_API const char *mx_item_kind_name(enum mx_item_kind k);
/**
 * mx_item_how_placed - how the engine placed a placed item, appended to @b:
 * "static", "top-down in alloc-ranges #N [...]", "top-down in [...]", "above",
 * "below", then ", align A", "; init failed, given back", "; not CMA",
 * "; outside memory" as its flags say (the report and the explorer both
 * print it; disabled, failed and refused items are each front end's words)
 * @it: the item
 * @inclusive: ranges as [first-last] (the explorer) or as [start-end) (the report)
 * @b: appended to
 * Returns: 0 or MX_ENOMEM.
 */
MX_API int mx_item_how_placed(const struct mx_item *it, bool inclusive, struct mx_buf *b);
/**
 * mx_layout_memblock_regions - memblock.memory as the kernel holds it at
 * mem_init: each range of L->memory cut where NOMAP starts or stops
 * (memblock_merge_regions() only joins neighbours with equal flags), in
 * address order. Fills up to @max of them into @out (may be NULL) and
 * returns how many there are.
 */
MX_API size_t mx_layout_memblock_regions(const struct mx_layout *L, struct mx_range *out, size_t max);
/**
 * mx_layout_region_item - index of the first item of region @region, or -1.
 */
MX_API int mx_layout_region_item(const struct mx_layout *L, int region);
/**
 * mx_layout_stage - the stage of @step, or NULL when the flavour does not run it.
 */
MX_API const struct mx_stage *mx_layout_stage(const struct mx_layout *L, enum mx_step step);
/**
 * mx_layout_logline - the text of log line @i of @L ("" when out of range or out of memory)
 *
 * Lines are kept as their format and arguments and written out here, into
 * a buffer @L owns: the text is valid until the next mx_layout_logline()
 * on @L (any line), the next recompute or mx_layout_release(). Copy it to
 * keep it. Reading writes that buffer, so one layout must not be read from
 * two threads at once.
 */
MX_API const char *mx_layout_logline(const struct mx_layout *L, size_t i);
/* Pages -> KiB for the page size of @L. */
static inline uint64_t mx_layout_kib(const struct mx_layout *L, uint64_t pages)
{
	return pages * (L->params.page / 1024);
}

#endif
