/* engine_internal.h - private state and helpers of the engine layer (mxi_: hidden, not the API) */
#ifndef MEMX_ENGINE_INTERNAL_H
#define MEMX_ENGINE_INTERNAL_H

#include <inttypes.h>
#include <stdint.h>

#include "memx/layout.h"
#include "core_internal.h"
#include "memx/check.h"

#define MX_NR_PAGEBLOCK_BITS 4 /* include/linux/pageblock-flags.h */

/* A CMA area waiting for cma_init_reserved_areas(). */
struct mx_cma_area {
	int item;
	uint64_t base, size;
	bool exposed; /* 6.x: spans two zones; its pages went to the buddy allocator, not CMA */
};

#define MXI_LMB_SHOW 16  /* U-Boot LMB regions kept for the reasons and the lint */
#define MXI_EFI_NOMAP 64 /* EFI no-map ranges kept (runtime services, EFI_RESERVED carve-outs) */

/* One region of U-Boot's LMB reserved table (include/lmb.h struct lmb_property). */
struct mxi_lmbr {
	uint64_t base, size;
	bool nomap;             /* LMB_NOMAP */
	const char *what;       /* who reserved it (a static or profile string) */
};

/*
 * What the boot loader did before the kernel ran (mxi_boot_run()): a pure
 * function of the profile, run once for the parameters and once more for
 * the steps' reasons and the checks.
 */
struct mxi_boot {
	enum mx_loader type;
	bool refused;            /* the loader never started the kernel */
	char refusal[320];       /* what it printed */
	int refusal_check;       /* enum mx_check_id of the refusal */
	unsigned bits;           /* 32 or 64 */
	uint64_t ram_base, ram_top;
	/* the DRAM U-Boot writes into the first memory node (fdt_fixup_memory_banks) */
	bool rewrite;
	struct mx_range dram[MX_LOADER_BANKS];
	size_t ndram;
	/* placements */
	bool has_kernel;         /* _text below, from booti or the PE loader */
	uint64_t kernel_text;
	uint64_t os_base, os_size; /* what U-Boot reserved for the image (booti/bootz) */
	bool has_initrd;
	uint64_t initrd_base;
	bool has_fdt;
	uint64_t fdt_base, fdt_size;
	uint64_t of_len;         /* u-boot: the copy it made (file + CONFIG_SYS_FDT_PAD) */
	uint64_t content;        /* the tree's content after the fixups (S) */
	/* U-Boot's LMB at the end, and the tree's regions it could not take */
	struct mxi_lmbr lmb[MXI_LMB_SHOW];
	size_t nlmb;             /* regions in the table (may exceed MXI_LMB_SHOW) */
	unsigned lmb_max;
	unsigned lmb_lost;       /* tree regions refused ("reserving fdt memory region failed") */
	char lmb_lost_text[320];
	/* uefi */
	uint64_t efi_copy, efi_copy_size; /* U-Boot's DT copy (EFI_ACPI_RECLAIM_MEMORY) */
	uint64_t efi_mmap;       /* the final memory map's page (ACPI reclaim; efi_init reserves it) */
	uint64_t efi_memreserve; /* the LINUX_EFI_MEMRESERVE table (16 bytes the kernel reserves) */
	struct mx_range efi_nomap[MXI_EFI_NOMAP]; /* runtime services and EFI_RESERVED carve-outs */
	const char *efi_nomap_what[MXI_EFI_NOMAP];
	size_t nefi_nomap;
	/* why each placement is where it is (the timeline and the explorer show them) */
	char why_kernel[400], why_initrd[400], why_fdt[400], why_size[400];
};

/*
 * One computation. Points into the layout for everything that survives it;
 * the rest is scratch.
 */
/* layout.c: the page counts of the last snapshot, and the sets' change counters they were taken at */
struct mxi_snapshot {
	bool valid, after;
	uint64_t gens[4]; /* memory, nomap, reserved, buddy */
	uint64_t highmem_start;
	uint64_t memory, reserved, totalram, highram;
};

/*
 * What the checks and steps pick regions by, 8 bytes per region filled in
 * one pass: a pass that wants a few regions reads this instead of every
 * 150-byte region (at 100,000 regions, a dozen such passes read 150 MB).
 */
struct mxi_rsum {
	uint32_t nreg;         /* reg entries (at most UINT32_MAX) */
	uint8_t flags;         /* enum mx_region_flags */
	bool has_size : 1;     /* a size property */
	bool sized : 1;        /* a size property other than 0 */
	bool windows : 1;      /* alloc-ranges */
	bool shared_dma : 1;   /* compatible with "shared-dma-pool" (rmem_cma_setup(), rmem_dma_setup()) */
	bool removed_dma : 1;  /* compatible with "removed-dma-pool" */
};

struct mx_ctx {
	struct mx_layout *L;
	const struct mx_profile *p;
	const struct mx_params *P;
	const struct mx_flavour *fl;
	uint64_t page;
	uint64_t current_limit;   /* memblock.current_limit */
	uint64_t lowmem_limit;    /* 32-bit ARM: end of lowmem; else UINT64_MAX */
	uint64_t highmem_start;   /* where HighMem starts; UINT64_MAX without highmem */
	uint64_t node_start_pfn, node_end_pfn;
	uint64_t mem_map_base;    /* FLATMEM: physical address of the node map */
	uint64_t mem_map_pfn0;    /* pfn whose struct page sits at mem_map_base */
	bool have_mem_map;
	bool cma_default_from_dt; /* a linux,cma-default pool became the default area */
	struct mx_cma_area *cma;
	size_t ncma, maxcma;
	uint64_t cma_pages;       /* the pages of the areas not exposed (what CmaTotal counts) */
	int initrd_item;          /* -1 when refused or absent */
	int *region_item;         /* per profile region: its first static item, or -1 */
	struct mxi_rsum *rsum;    /* per profile region: what the steps and checks filter by */
	struct mxi_sort_key *keys; /* per profile region: the reserved-memory step's sort */
	int cur_step;
	/* memblock's region arrays (memblock_double_array()) */
	bool can_resize;          /* memblock_allow_resize() has run */
	uint64_t rsv_max, mem_max; /* their entries (INIT_MEMBLOCK_*_REGIONS, then doubled) */
	int rsv_array_item, mem_array_item; /* the array's item once memblock owns it, or -1 */
	/*
	 * 32-bit ARM dma_mmu_remap[]: the ranges dma_contiguous_early_fixup()
	 * recorded for dma_contiguous_remap(), when the flavour records them
	 * where they are reserved (cma_remap_at_reserve); else the CMA areas
	 */
	struct mx_range *remap;
	size_t nremap, maxremap;
	/* calc_nr_kernel_pages() at the end of free_area_init() (nr_kernel_pages_free) */
	bool have_nr_pages;
	uint64_t nr_kernel_pages, nr_all_pages;
	int err;                  /* sticky MX_ENOMEM */
	struct mx_rangeset scratch;
	struct mxi_snapshot snap; /* snapshot()'s figures, reused while the sets stay as they are */
	struct mxi_boot boot;     /* the boot loader's replay (mxi_step_dram) */
};

/*
 * rmem.c: the regions saved so far (6.12 reserved_mem[]) as
 * __reserved_mem_alloc_in_range() tests them: is x in [base, base + size]
 * of any of them? Owns its set; _init before use, _release after.
 */
struct mxi_rmem_saved {
	struct mx_rangeset hit; /* every [base, base + size] as [base, base + size + 1) */
	bool top;               /* some region's closed end is 2^64 - 1 */
};
void mxi_rmem_saved_init(struct mxi_rmem_saved *sv);
void mxi_rmem_saved_release(struct mxi_rmem_saved *sv);
/* Save [base, base + size] (the end wraps as phys_addr_t does). Returns 0 or MX_ENOMEM. */
int mxi_rmem_saved_add(struct mxi_rmem_saved *sv, uint64_t base, uint64_t size);
/* True when some saved base <= @x <= base + size. */
bool mxi_rmem_saved_holds(const struct mxi_rmem_saved *sv, uint64_t x);

/* ctx.c: what every step uses */
int mxi_ctx_item(struct mx_ctx *c, enum mx_item_kind kind, const char *name,
		uint64_t base, uint64_t size, unsigned flags, int region, int early);
/* The name of item @i, "?" for no such item. */
const char *mxi_ctx_item_name(const struct mx_ctx *c, int i);
void mxi_ctx_log(struct mx_ctx *c, enum mx_log_kind kind, int item, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void mxi_ctx_diag(struct mx_ctx *c, enum mx_severity sev, enum mx_check_id check,
		 const struct mx_srcpos *pos, int region, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Record an error code; the first one sticks. */
void mxi_ctx_fail(struct mx_ctx *c, int err);
/*
 * memblock_reserve: 0, or MX_ENOSPACE when memblock.reserved is full and
 * cannot grow (memblock_add_range() -> memblock_double_array()); the range
 * is then not reserved, as the kernel leaves it.
 */
int mxi_ctx_reserve(struct mx_ctx *c, uint64_t base, uint64_t size);
/*
 * Room in memblock.memory for @more regions (memblock_isolate_range() for
 * NOMAP marking): 0, or MX_ENOSPACE when the array is full and cannot grow.
 */
int mxi_ctx_memory_room(struct mx_ctx *c, uint64_t more);
/* memblock_remove / memblock_free with the error recorded */
void mxi_ctx_unreserve(struct mx_ctx *c, uint64_t base, uint64_t size);
void mxi_ctx_remove_memory(struct mx_ctx *c, uint64_t base, uint64_t size);
void mxi_ctx_buddy_add(struct mx_ctx *c, uint64_t base, uint64_t size);
/*
 * Top-down allocation in [lo, hi) of memory (minus NOMAP) minus reserved;
 * reserves it on success (memblock_alloc_range_nid). lo is raised to
 * PAGE_SIZE as memblock_find_in_range_node() does. Returns 0 or MX_ENOSPACE.
 */
int mxi_ctx_alloc(struct mx_ctx *c, uint64_t size, uint64_t align, uint64_t lo,
		 uint64_t hi, uint64_t *out);
/*
 * memblock_alloc() of @size in [lo, hi) as the computed item @name: placed,
 * or a failed item and an alloc-failed error. Returns the item, or -1 when
 * it did not fit; *@out (may be NULL) is the base.
 */
int mxi_ctx_alloc_item(struct mx_ctx *c, enum mx_item_kind kind, const char *name, uint64_t size,
		      uint64_t align, uint64_t lo, uint64_t hi, uint64_t *out);
/*
 * mxi_ctx_alloc_pages - @n single-page allocations, memblock_alloc(PAGE_SIZE,
 * PAGE_SIZE) in [lo, hi) each, made in as few searches as the free ranges
 * allow, with the result of @n mxi_ctx_alloc() calls: each takes the
 * highest free page, so they fill free ranges from the top down. Each run
 * of pages that follow one another downwards becomes one placed item
 * @kind @name (window [lo, hi), page-aligned), in the order the runs end;
 * *@last is the last item made (left as it is when none). Stops at the
 * first allocation that fails.
 * Returns: the pages allocated (< @n: allocation number return + 1 failed).
 */
uint64_t mxi_ctx_alloc_pages(struct mx_ctx *c, enum mx_item_kind kind, const char *name, uint64_t n,
			     uint64_t lo, uint64_t hi, int *last);
/* The computed item @name the allocator placed at [base, + size), from the window [lo, hi). */
int mxi_ctx_placed_item(struct mx_ctx *c, enum mx_item_kind kind, const char *name, uint64_t base,
		       uint64_t size, uint64_t align, uint64_t lo, uint64_t hi);
/*
 * Ask for region @r's bytes (it spans three cache lines), ahead of a loop
 * turn that reads it: a loop whose turns do much else (an allocation, a
 * reservation) is too slow for the hardware to stream the regions in, and
 * reading a pointer from a region not yet there stalls the turn.
 */
static inline void mxi_prefetch_region(const struct mx_region *r)
{
	__builtin_prefetch(r);
	__builtin_prefetch((const char *)r + 64);
	__builtin_prefetch((const char *)r + sizeof(*r) - 1);
}

/*
 * The kernel's %pa (a phys_addr_t in hex, as wide as the type) as a log
 * line's conversion: MXI_PA in the format takes mxi_pa_digits(c) and the
 * address. The line keeps the number, not its text.
 */
#define MXI_PA "0x%0*" PRIx64
static inline int mxi_pa_digits(const struct mx_ctx *c)
{
	return (int)c->P->phys_digits;
}
uint64_t mxi_ctx_memory_pages(const struct mx_ctx *c);
int mxi_ctx_add_cma(struct mx_ctx *c, int item, uint64_t base, uint64_t size);
/*
 * num_possible_cpus(): the board's CPUs (the tree's cpu nodes), capped by
 * nr_cpu_ids - CONFIG_NR_CPUS, lowered by nr_cpus= (kernel/smp.c: nr_cpus();
 * arm64 smp_init_cpus() and arm arm_dt_init_cpu_maps() stop there).
 */
unsigned mxi_ctx_possible_cpus(const struct mx_ctx *c);
/* Physical -> kernel virtual for 32-bit ARM lowmem (3.x log lines). */
uint64_t mxi_ctx_virt(const struct mx_ctx *c, uint64_t phys);
/* The limit of DMA-able memory: arm64_dma_phys_limit, arm_dma_limit, ... */
uint64_t mxi_ctx_dma_limit(const struct mx_ctx *c);
/* Pointer / unsigned long size of the arch: 4 on 32-bit ARM, else 8. */
uint64_t mxi_ptr_bytes(const struct mx_ctx *c);

/* layout.c: the driver (mx_layout_compute) and the listed early allocations */
void mxi_step_early_allocs(struct mx_ctx *c, enum mx_phase phase, bool calibration);

/* steps_early.c: DRAM, mem=, lowmem, the kernel, initrd, pgd and DTB reservations */
void mxi_step_dram(struct mx_ctx *c);
void mxi_step_mem_limit(struct mx_ctx *c);
void mxi_step_lowmem(struct mx_ctx *c);
void mxi_step_kernel(struct mx_ctx *c);
void mxi_step_initrd(struct mx_ctx *c);
void mxi_step_pgd(struct mx_ctx *c);
void mxi_step_fdt(struct mx_ctx *c);
/* The physical address where 32-bit ARM's vmalloc area starts (vmalloc_min). */
uint64_t mxi_arm_vmalloc_limit(const struct mx_params *P, uint64_t phys_offset);

/* rmem.c: /reserved-memory and the default CMA area */
void mxi_step_rmem_static(struct mx_ctx *c);
void mxi_step_rmem_dynamic(struct mx_ctx *c);
void mxi_step_cma_default(struct mx_ctx *c);
/* 6.12: fdt_scan_reserved_mem_reg_nodes(): the static regions saved and initialised */
void mxi_step_rmem_static_init(struct mx_ctx *c);
uint64_t mxi_cma_alignment(const struct mx_params *P);
/* dma_contiguous_early_fixup(): record [base, + size) for 32-bit ARM's dma_contiguous_remap() */
void mxi_cma_remap_add(struct mx_ctx *c, uint64_t base, uint64_t size);

/* zones.c */
void mxi_zones_compute(struct mx_ctx *c);

/* memmap.c */
uint64_t mxi_calc_memmap_pages(uint64_t spanned, uint64_t present, bool sparse,
			      uint32_t struct_page, uint64_t page);
void mxi_step_memmap(struct mx_ctx *c);
void mxi_step_free_unused_memmap(struct mx_ctx *c);
/* Physical address of the struct page of @pfn (FLATMEM). */
uint64_t mxi_memmap_addr(const struct mx_ctx *c, uint64_t pfn);

/* release.c: mem_init and the late releases */
void mxi_step_mem_init(struct mx_ctx *c);
void mxi_step_cma_activate(struct mx_ctx *c);
void mxi_step_initrd_free(struct mx_ctx *c);
void mxi_step_init_free(struct mx_ctx *c);
void mxi_step_fixup(struct mx_ctx *c);
void mxi_step_freed_late(struct mx_ctx *c);
/* The first pfn defer_init() leaves uninitialised at mem_init (UINT64_MAX / page: none). */
uint64_t mxi_first_deferred(const struct mx_ctx *c);

/* steps_kernel.c: the kernel-side cost models (the profile has kernel-side:) */
bool mxi_models_on(const struct mx_ctx *c);
/* memblock_alloc() in [lo, hi) as a named computed item; a failure is an item and a diagnostic. */
int mxi_model_alloc(struct mx_ctx *c, const char *name, uint64_t size, uint64_t align,
		   uint64_t lo, uint64_t hi);
void mxi_step_pagetables(struct mx_ctx *c);
void mxi_step_unflatten(struct mx_ctx *c);
void mxi_step_resources(struct mx_ctx *c);
void mxi_step_cmdline(struct mx_ctx *c);
void mxi_step_hash(struct mx_ctx *c);
void mxi_step_page_ext(struct mx_ctx *c);
/* calc_nr_kernel_pages(): memblock's free pages now, all and below HighMem, into the ctx */
void mxi_nr_kernel_pages_snapshot(struct mx_ctx *c);

/* steps_kernel_opts.c: the models of boot options */
void mxi_step_logbuf(struct mx_ctx *c);
void mxi_step_swiotlb(struct mx_ctx *c);
void mxi_step_crashkernel(struct mx_ctx *c);

/* check.c: the registry of named checks, and the checks on the profile before the replay */
void mxi_checks_profile(struct mx_ctx *c);
/* check_tree.c: the checks of the merged tree (memreserve-overlap, alloc-ranges-small, ...) */
void mxi_checks_tree(struct mx_ctx *c);
/* The name of check @id, the string diagnostics carry. */
const char *mxi_check_name(enum mx_check_id id);

/* bootloader.c: where the boot loader puts the kernel, the initrd and the DTB */
void mxi_bootloader_place(struct mx_params *P, const struct mx_profile *p);

/* Append to the reason @buf (of @n bytes, NUL-terminated), cut to fit. */
void mxi_boot_say(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* mxi_boot_run - replay the boot loader of @p (arch @arch) into @B (no allocation, no failure). */
void mxi_boot_run(struct mxi_boot *B, const struct mx_profile *p, enum mx_arch arch);
/* bootloader_uboot.c: booti / bootz (U-Boot 2023.01) */
void mxi_uboot_run(struct mxi_boot *B, const struct mx_profile *p, enum mx_arch arch);
/* The tree's content after U-Boot's image_setup_libfdt() fixups (what fdt_shrink_to_minimum() measures). */
uint64_t mxi_uboot_content(const struct mx_profile *p, const struct mxi_boot *B, enum mx_arch arch);
/* U-Boot's DRAM banks (bi_dram[]) of @p: the profile's boot-loader dram, else its memory. */
size_t mxi_uboot_dram(const struct mx_profile *p, struct mx_range *out);
/* bootloader_uefi.c: bootefi and the arm64 EFI stub */
void mxi_uefi_run(struct mxi_boot *B, const struct mx_profile *p, enum mx_arch arch);
/* The size of the tree the arm64 EFI stub hands the kernel (update_fdt(), fdt_pack()). */
uint64_t mxi_uefi_fdt_size(const struct mx_profile *p, const struct mxi_boot *B, enum mx_arch arch);
/* Properties the boot loader adds to /chosen that the file lacks (the unflattened tree's size). */
unsigned mxi_bootloader_dt_props(const struct mx_ctx *c);
/* steps_early.c: the memory the kernel starts from (EFI memory map, U-Boot's /memory) */
void mxi_step_efi_memory(struct mx_ctx *c);

/* check_bootloader.c: the boot loader's checks (load addresses, LMB table, early section) */
void mxi_checks_bootloader(struct mx_ctx *c);
void mxi_checks_bootloader_late(struct mx_ctx *c);

/* bootargs.c: the command-line options that change memory */
int mxi_bootargs_parse(struct mx_params *P, const struct mx_profile *p,
		      struct mx_diaglist *diags);

#endif
