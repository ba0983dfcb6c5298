/* flavour.c - per-kernel rule tables (SPEC section 11) */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "memx/flavour.h"

#define NSTEPS(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Boot order per arch. 32-bit ARM: setup_arch() -> sanity_check_meminfo(),
 * arm_memblock_init() (kernel, initrd, swapper_pg_dir, DTB + /memreserve/,
 * /reserved-memory, dma_contiguous_reserve), paging_init() (page tables,
 * bootmem_init -> memmap), request_standard_resources(),
 * unflatten_device_tree(); start_kernel() allocations; mem_init().
 */
static const enum mx_step arm_steps[] = {
	MX_STEP_DRAM, MX_STEP_MEM_LIMIT, MX_STEP_LOWMEM, MX_STEP_KERNEL, MX_STEP_INITRD,
	MX_STEP_PGD, MX_STEP_FDT, MX_STEP_RMEM_STATIC, MX_STEP_RMEM_DYNAMIC,
	MX_STEP_CMA_DEFAULT, MX_STEP_EARLY_PAGING, MX_STEP_MEMMAP, MX_STEP_EARLY_SETUP,
	MX_STEP_EARLY_START, MX_STEP_CALIBRATION, MX_STEP_FREE_UNUSED_MEMMAP,
	MX_STEP_MEM_INIT, MX_STEP_CMA_ACTIVATE, MX_STEP_INITRD_FREE, MX_STEP_INIT_FREE,
	MX_STEP_FIXUP, MX_STEP_FREED_LATE,
};

/*
 * The same with the kernel-side models a profile turns on (kernel-side:):
 * 32-bit ARM map_lowmem() and dma_contiguous_remap() in paging_init(), the
 * unflattened tree after request_standard_resources(), and the PID,
 * dentry and inode hashes after setup_per_cpu_areas() - code these kernels
 * share with 6.1.
 */
static const enum mx_step arm_model_steps[] = {
	MX_STEP_DRAM, MX_STEP_MEM_LIMIT, MX_STEP_LOWMEM, MX_STEP_KERNEL, MX_STEP_INITRD,
	MX_STEP_PGD, MX_STEP_FDT, MX_STEP_RMEM_STATIC, MX_STEP_RMEM_DYNAMIC,
	MX_STEP_CMA_DEFAULT, MX_STEP_PAGETABLES, MX_STEP_EARLY_PAGING, MX_STEP_MEMMAP,
	MX_STEP_EARLY_SETUP, MX_STEP_UNFLATTEN, MX_STEP_EARLY_START, MX_STEP_HASH,
	MX_STEP_CALIBRATION, MX_STEP_FREE_UNUSED_MEMMAP,
	MX_STEP_MEM_INIT, MX_STEP_CMA_ACTIVATE, MX_STEP_INITRD_FREE, MX_STEP_INIT_FREE,
	MX_STEP_FIXUP, MX_STEP_FREED_LATE,
};

/*
 * arm64 arm64_memblock_init() and riscv setup_bootmem(): memory limit,
 * kernel, initrd, DTB, /reserved-memory, dma_contiguous_reserve(); then
 * paging_init() and the memmap. No lowmem split, no free_unused_memmap.
 */
static const enum mx_step generic_steps[] = {
	MX_STEP_DRAM, MX_STEP_MEM_LIMIT, MX_STEP_KERNEL, MX_STEP_INITRD, MX_STEP_FDT,
	MX_STEP_RMEM_STATIC, MX_STEP_RMEM_DYNAMIC, MX_STEP_CMA_DEFAULT,
	MX_STEP_EARLY_PAGING, MX_STEP_MEMMAP, MX_STEP_EARLY_SETUP, MX_STEP_EARLY_START,
	MX_STEP_CALIBRATION, MX_STEP_MEM_INIT, MX_STEP_CMA_ACTIVATE, MX_STEP_INITRD_FREE,
	MX_STEP_INIT_FREE, MX_STEP_FIXUP, MX_STEP_FREED_LATE,
};

/* ... with the kernel-side models: the linear map, the unflattened tree, the hashes */
static const enum mx_step generic_model_steps[] = {
	MX_STEP_DRAM, MX_STEP_MEM_LIMIT, MX_STEP_KERNEL, MX_STEP_INITRD, MX_STEP_FDT,
	MX_STEP_RMEM_STATIC, MX_STEP_RMEM_DYNAMIC, MX_STEP_CMA_DEFAULT, MX_STEP_PAGETABLES,
	MX_STEP_EARLY_PAGING, MX_STEP_MEMMAP, MX_STEP_EARLY_SETUP, MX_STEP_UNFLATTEN,
	MX_STEP_EARLY_START, MX_STEP_HASH, MX_STEP_CALIBRATION, MX_STEP_MEM_INIT, MX_STEP_CMA_ACTIVATE, MX_STEP_INITRD_FREE,
	MX_STEP_INIT_FREE, MX_STEP_FIXUP, MX_STEP_FREED_LATE,
};


/*
 * 6.1 arm64: arm64_memblock_init() (mem=, initrd, kernel, DTB and
 * /reserved-memory), paging_init() (linear map), unflatten_device_tree(),
 * bootmem_init() (NUMA, sparse_init, dma_contiguous_reserve,
 * reserve_crashkernel), request_standard_resources(); start_kernel():
 * setup_command_line(), setup_per_cpu_areas(), setup_log_buf(),
 * vfs_caches_init_early(); mem_init() -> swiotlb_init().
 */
static const enum mx_step arm64_61_steps[] = {
	MX_STEP_DRAM, MX_STEP_MEM_LIMIT, MX_STEP_INITRD, MX_STEP_KERNEL, MX_STEP_FDT,
	MX_STEP_RMEM_STATIC, MX_STEP_RMEM_DYNAMIC, MX_STEP_PAGETABLES, MX_STEP_EARLY_PAGING,
	MX_STEP_UNFLATTEN, MX_STEP_EARLY_BOOTMEM, MX_STEP_MEMMAP, MX_STEP_CMA_DEFAULT,
	MX_STEP_CRASHKERNEL, MX_STEP_RESOURCES, MX_STEP_EARLY_SETUP, MX_STEP_CMDLINE,
	MX_STEP_EARLY_START, MX_STEP_LOGBUF, MX_STEP_HASH, MX_STEP_PAGE_EXT, MX_STEP_CALIBRATION,
	MX_STEP_SWIOTLB, MX_STEP_MEM_INIT, MX_STEP_CMA_ACTIVATE, MX_STEP_INITRD_FREE,
	MX_STEP_INIT_FREE, MX_STEP_FIXUP, MX_STEP_FREED_LATE,
};

/*
 * 6.1 32-bit ARM: arm_memblock_init() (kernel, initrd, swapper_pg_dir,
 * DTB and /reserved-memory, dma_contiguous_reserve), paging_init() (page
 * tables, then bootmem_init -> the node map), request_standard_resources(),
 * unflatten_device_tree(); start_kernel() as on arm64; mem_init() -> swiotlb_init() (LPAE). The
 * lowmem bounds that matter are those of the second adjust_lowmem_bounds(),
 * after /reserved-memory marked its no-map ranges; CMA needs them.
 */
static const enum mx_step arm_61_steps[] = {
	MX_STEP_DRAM, MX_STEP_MEM_LIMIT, MX_STEP_KERNEL, MX_STEP_INITRD, MX_STEP_PGD,
	MX_STEP_FDT, MX_STEP_RMEM_STATIC, MX_STEP_RMEM_DYNAMIC, MX_STEP_LOWMEM,
	MX_STEP_CMA_DEFAULT, MX_STEP_PAGETABLES, MX_STEP_EARLY_PAGING, MX_STEP_MEMMAP, MX_STEP_RESOURCES,
	MX_STEP_UNFLATTEN, MX_STEP_EARLY_SETUP, MX_STEP_CRASHKERNEL, MX_STEP_CMDLINE,
	MX_STEP_EARLY_START, MX_STEP_LOGBUF, MX_STEP_HASH, MX_STEP_PAGE_EXT, MX_STEP_CALIBRATION,
	MX_STEP_SWIOTLB, MX_STEP_FREE_UNUSED_MEMMAP, MX_STEP_MEM_INIT, MX_STEP_CMA_ACTIVATE,
	MX_STEP_INITRD_FREE, MX_STEP_INIT_FREE, MX_STEP_FIXUP, MX_STEP_FREED_LATE,
};

/*
 * 6.12 arm64: as 6.1, but the static /reserved-memory regions are saved
 * and initialised by unflatten_device_tree() ->
 * fdt_scan_reserved_mem_reg_nodes() (8a6e02d0c00e), after paging_init()
 * and before bootmem_init()'s default CMA area; mm_core_init() ->
 * page_ext_init_flatmem() after the hashes (nothing on SPARSEMEM, whose
 * page_ext comes from the buddy allocator later).
 */
static const enum mx_step arm64_612_steps[] = {
	MX_STEP_DRAM, MX_STEP_MEM_LIMIT, MX_STEP_INITRD, MX_STEP_KERNEL, MX_STEP_FDT,
	MX_STEP_RMEM_STATIC, MX_STEP_RMEM_DYNAMIC, MX_STEP_PAGETABLES, MX_STEP_EARLY_PAGING,
	MX_STEP_RMEM_STATIC_INIT, MX_STEP_UNFLATTEN, MX_STEP_EARLY_BOOTMEM, MX_STEP_MEMMAP,
	MX_STEP_CMA_DEFAULT, MX_STEP_CRASHKERNEL, MX_STEP_RESOURCES, MX_STEP_EARLY_SETUP,
	MX_STEP_CMDLINE, MX_STEP_EARLY_START, MX_STEP_LOGBUF, MX_STEP_HASH, MX_STEP_PAGE_EXT,
	MX_STEP_CALIBRATION, MX_STEP_SWIOTLB, MX_STEP_MEM_INIT, MX_STEP_CMA_ACTIVATE,
	MX_STEP_INITRD_FREE, MX_STEP_INIT_FREE, MX_STEP_FIXUP, MX_STEP_FREED_LATE,
};

/*
 * 6.12 32-bit ARM: as 6.1, but the static /reserved-memory regions are
 * initialised by unflatten_device_tree(), i.e. after
 * dma_contiguous_reserve() and paging_init() (a refused static pool is
 * still reserved when the default CMA area and the memmap are placed);
 * page_ext_init_flatmem() after the hashes.
 */
static const enum mx_step arm_612_steps[] = {
	MX_STEP_DRAM, MX_STEP_MEM_LIMIT, MX_STEP_KERNEL, MX_STEP_INITRD, MX_STEP_PGD,
	MX_STEP_FDT, MX_STEP_RMEM_STATIC, MX_STEP_RMEM_DYNAMIC, MX_STEP_LOWMEM,
	MX_STEP_CMA_DEFAULT, MX_STEP_PAGETABLES, MX_STEP_EARLY_PAGING, MX_STEP_MEMMAP,
	MX_STEP_RESOURCES, MX_STEP_RMEM_STATIC_INIT, MX_STEP_UNFLATTEN, MX_STEP_EARLY_SETUP,
	MX_STEP_CRASHKERNEL, MX_STEP_CMDLINE, MX_STEP_EARLY_START, MX_STEP_LOGBUF, MX_STEP_HASH,
	MX_STEP_PAGE_EXT, MX_STEP_CALIBRATION, MX_STEP_SWIOTLB, MX_STEP_FREE_UNUSED_MEMMAP,
	MX_STEP_MEM_INIT, MX_STEP_CMA_ACTIVATE, MX_STEP_INITRD_FREE, MX_STEP_INIT_FREE,
	MX_STEP_FIXUP, MX_STEP_FREED_LATE,
};

static const struct mx_flavour flavours[] = {
	{
		.name = "3.18",
		/* 3.18 stores full path names in the unflattened tree: only a measured size is used */
		.dt_align = { 0, 4, 8, 8 },
		.pid_hash = true,
		.summary = "3.x kernels (msm8937, seeds/000): no-map removes, DT order, "
			   "CMA aligned to MAX_ORDER blocks",
		.since = 0,
		.nomap = MX_NOMAP_REMOVE,
		.dyn_order = MX_DYN_ORDER_DT,
		.cma_align = MX_CMA_ALIGN_MAX_ORDER,
		.failed_rmem_given_back = false,
		.nomap_over_reserved_refused = false,
		.memory_line_cma = false,
		.initrd_reserve_outward = { false, true, false, false },
		.initrd_free_outward = { false, true, false, false },
		.klog = MX_KLOG_318,
		.arm_vmalloc_end = 0xff000000u,
		.struct_page = { 0, 32, 64, 64 },
		.arm_static_vm = { 40, 48 },
		.subsection_map = false,
		.arm64_zone_dma = true,
		.resize_from = { MX_STEP_MEMMAP, MX_STEP_MEMMAP, MX_STEP_MEMMAP, MX_STEP_MEMMAP },
		.steps = { NULL, arm_steps, generic_steps, generic_steps },
		.nsteps = { 0, NSTEPS(arm_steps), NSTEPS(generic_steps), NSTEPS(generic_steps) },
		.model_steps = { NULL, arm_model_steps, generic_model_steps, generic_model_steps },
		.nmodel_steps = { 0, NSTEPS(arm_model_steps), NSTEPS(generic_model_steps),
				  NSTEPS(generic_model_steps) },
	},
	{
		/*
		 * 4.14 up to 5.12: /reserved-memory entries are sorted by
		 * __rmem_check_for_overlap() before init (dynamic ones first, in
		 * the heapsort's order); no-map still memblock_remove()s (the
		 * riscv64 board of seeds/003); the Memory line has cma-reserved.
		 */
		.name = "5.10",
		.arm_limit_raised = true,
		/* unflatten_dt_nodes() as in 6.1 */
		.dt_node_size = { 0, 108, 208, 208 },
		.dt_prop_size = { 0, 48, 96, 96 },
		.dt_align = { 0, 4, 8, 8 },
		.hash_adapt_scale = true,
		.usable_ranges = { 0, 0, 1, 0 },
		.summary = "4.14-5.12 kernels (riscv64 board, seeds/003): no-map removes, "
			   "sorted /reserved-memory, cma-reserved in the Memory line",
		.since = 4014,
		.nomap = MX_NOMAP_REMOVE,
		.dyn_order = MX_DYN_ORDER_HEAPSORT,
		.cma_align = MX_CMA_ALIGN_MAX_ORDER,
		.failed_rmem_given_back = true,
		.nomap_over_reserved_refused = true, /* of/fdt: "Make sure no-map does not remove already reserved regions" (2019) */
		.memory_line_cma = true,
		.initrd_reserve_outward = { false, true, false, false },
		.initrd_free_outward = { false, true, false, false },
		.klog = MX_KLOG_5X,
		.arm_vmalloc_end = 0xff800000u,
		.struct_page = { 0, 32, 64, 64 },
		.arm_static_vm = { 40, 48 },
		.subsection_map = true,
		.resize_from = { MX_STEP_MEMMAP, MX_STEP_MEMMAP, MX_STEP_MEMMAP, MX_STEP_MEMMAP },
		.steps = { NULL, arm_steps, generic_steps, generic_steps },
		.nsteps = { 0, NSTEPS(arm_steps), NSTEPS(generic_steps), NSTEPS(generic_steps) },
		.model_steps = { NULL, arm_model_steps, generic_model_steps, generic_model_steps },
		.nmodel_steps = { 0, NSTEPS(arm_model_steps), NSTEPS(generic_model_steps),
				  NSTEPS(generic_model_steps) },
	},
	{
		/*
		 * 6.1 (Debian bookworm's 6.1.y, the oracle boots): no-map regions
		 * are memblock_mark_nomap()ed and stay in physpages; CMA needs only
		 * pageblock alignment (CMA_MIN_ALIGNMENT_BYTES); the kernel's own
		 * allocations are cost models that scale with the board.
		 */
		.name = "6.1",
		.arm_limit_raised = true,
		.hash_adapt_scale = true,
		.usable_ranges = { 0, 2, 2, 2 },
		.summary = "6.x kernels (Debian 6.1 oracle boots): no-map marked, pageblock CMA "
			   "alignment, modelled kernel-side costs",
		.since = 6000,
		.nomap = MX_NOMAP_MARK,
		.dyn_order = MX_DYN_ORDER_HEAPSORT,
		.cma_align = MX_CMA_ALIGN_PAGEBLOCK,
		.failed_rmem_given_back = true,
		.nomap_over_reserved_refused = true,
		.memory_line_cma = true,
		.initrd_reserve_outward = { false, true, true, false },
		.initrd_free_outward = { false, true, false, false },
		.klog = MX_KLOG_5X,
		.arm_vmalloc_end = 0xff800000u,
		.struct_page = { 0, 32, 64, 64 },
		.arm_static_vm = { 40, 48 },
		.subsection_map = true,
		.usage_rcu = true,
		.arm64_zone_dma = true,
		.arm_lowmem_pmd = true,
		.unused_memmap_pageblock = true,
		.arm64_initrd_added = true,
		.arm64_dma_above_4g_all = true,
		.deferred_available = true,
		.cma_straddle_exposed = true,
		/* arm64: 208 / 96 bytes, 8-aligned; 32-bit ARM: 108 / 48, 4-aligned (OF_KOBJ, no OF_DYNAMIC) */
		.dt_node_size = { 0, 108, 208, 208 },
		.dt_prop_size = { 0, 48, 96, 96 },
		.dt_align = { 0, 4, 8, 8 },
		.resource_size = { 0, 32, 64, 64 },
		.resources_one_alloc = { false, false, true, true },
		.resize_from = { MX_STEP_MEMMAP, MX_STEP_MEMMAP, MX_STEP_UNFLATTEN, MX_STEP_MEMMAP },
		.steps = { NULL, arm_61_steps, arm64_61_steps, generic_steps },
		.nsteps = { 0, NSTEPS(arm_61_steps), NSTEPS(arm64_61_steps), NSTEPS(generic_steps) },
		.model_steps = { NULL, arm_61_steps, arm64_61_steps, generic_model_steps },
		.nmodel_steps = { 0, NSTEPS(arm_61_steps), NSTEPS(arm64_61_steps), NSTEPS(generic_model_steps) },
	},
	{
		/*
		 * 6.12 (Debian bookworm-backports 6.12.95, ../shared/oracle-6.12):
		 * the 6.1 rules plus what changed in 6.2..6.12, each with its
		 * release in doc/engine.md ("The 6.12 flavour"): /reserved-memory
		 * restructured (DT order, dynamic regions initialised at once,
		 * static ones at unflatten, a line per region), the arm64
		 * kmalloc bounce swiotlb, the Memory line after deferred init,
		 * Total pages and nr_kernel_pages from the zones' present and
		 * memblock's free pages, arm64's block-mapped kernel image,
		 * bigger struct property and static_vm.
		 */
		.name = "6.12",
		.arm_limit_raised = true,
		.hash_adapt_scale = true,
		.usable_ranges = { 0, 2, 2, 2 },
		.summary = "6.12 kernels (Debian 6.12 oracle boots): /reserved-memory in DT order, "
			   "statics initialised late, kmalloc bounce swiotlb, late Memory line",
		.since = 6012,
		.nomap = MX_NOMAP_MARK,
		.dyn_order = MX_DYN_ORDER_DT,
		.cma_align = MX_CMA_ALIGN_PAGEBLOCK,
		.failed_rmem_given_back = true,
		.rmem_static_init = MX_RMEM_INIT_LATE,
		.rmem_range_contiguous = true,
		.rmem_region_lines = true,
		.cma_remap_at_reserve = true,
		.nomap_over_reserved_refused = true,
		.memory_line_cma = true,
		.initrd_reserve_outward = { false, true, true, false },
		.initrd_free_outward = { false, true, false, false },
		.klog = MX_KLOG_5X,
		.arm_vmalloc_end = 0xff800000u,
		.struct_page = { 0, 32, 64, 64 },
		.arm_static_vm = { 44, 48 },
		.subsection_map = true,
		.usage_rcu = true,
		.arm64_zone_dma = true,
		.arm_lowmem_pmd = true,
		.unused_memmap_pageblock = true,
		.arm64_initrd_added = true,
		.arm64_dma_above_4g_all = true,
		.memory_line_late = true,
		.total_pages_present = true,
		.nr_kernel_pages_free = true,
		.zone_device = true,
		.swiotlb_kmalloc_bounce = { false, false, true, false },
		.swiotlb_retry = true,
		.arm64_kernel_blocks = true,
		.crash_generic = true,
		.cma_straddle_exposed = true,
		/* struct property grew by 8 bytes (arm64 104, arm 56); struct device_node did not */
		.dt_node_size = { 0, 108, 208, 208 },
		.dt_prop_size = { 0, 56, 104, 104 },
		.dt_align = { 0, 4, 8, 8 },
		.resource_size = { 0, 32, 64, 64 },
		.resources_one_alloc = { false, false, true, true },
		.resize_from = { MX_STEP_MEMMAP, MX_STEP_MEMMAP, MX_STEP_RMEM_STATIC_INIT, MX_STEP_MEMMAP },
		.steps = { NULL, arm_612_steps, arm64_612_steps, generic_steps },
		.nsteps = { 0, NSTEPS(arm_612_steps), NSTEPS(arm64_612_steps), NSTEPS(generic_steps) },
		.model_steps = { NULL, arm_612_steps, arm64_612_steps, generic_model_steps },
		.nmodel_steps = { 0, NSTEPS(arm_612_steps), NSTEPS(arm64_612_steps), NSTEPS(generic_model_steps) },
	},
};

#define NFLAVOURS (sizeof(flavours) / sizeof(flavours[0]))
/*
 * A profile that names no kernel keeps the rules it had before 6.1 existed
 * ("5.10"): 6.1 adds kernel-side cost models that need a kernel-side:
 * section, so it is chosen by name (kernel: "6.1") or by a 6.x version.
 */
#define MX_FLAVOUR_DEFAULT 1

size_t mx_flavour_count(void)
{
	return NFLAVOURS;
}

const struct mx_flavour *mx_flavour_at(size_t i)
{
	return i < NFLAVOURS ? &flavours[i] : NULL;
}

bool mx_version_parse(const char *s, unsigned *out)
{
	char *end;
	unsigned long maj, min;

	if (!s || !isdigit((unsigned char)*s))
		return false;
	maj = strtoul(s, &end, 10);
	if (*end != '.' || !isdigit((unsigned char)end[1]))
		return false;
	min = strtoul(end + 1, &end, 10);
	if (maj > 999 || min > 999)
		return false;
	*out = (unsigned)(maj * 1000 + min);
	return true;
}

const struct mx_flavour *mx_flavour_find(const char *version, bool *exact)
{
	unsigned v;
	const struct mx_flavour *best = &flavours[0];

	if (exact)
		*exact = false;
	if (!version || !*version) {
		best = &flavours[MX_FLAVOUR_DEFAULT];
		if (exact)
			*exact = true;
		return best;
	}
	if (!mx_version_parse(version, &v))
		return &flavours[MX_FLAVOUR_DEFAULT];
	for (size_t i = 0; i < NFLAVOURS; i++) {
		unsigned fv;

		if (flavours[i].since <= v)
			best = &flavours[i];
		if (mx_version_parse(flavours[i].name, &fv) && fv == v && exact)
			*exact = true;
	}
	return best;
}

static const struct {
	const char *name;
	const char *func;
} step_info[MX_STEP__COUNT] = {
	[MX_STEP_DRAM] = { "DRAM", "memblock_add" },
	[MX_STEP_MEM_LIMIT] = { "mem= limit", "memblock_enforce_memory_limit" },
	[MX_STEP_LOWMEM] = { "lowmem limit", "adjust_lowmem_bounds" },
	[MX_STEP_KERNEL] = { "kernel image", "memblock_reserve(_stext)" },
	[MX_STEP_INITRD] = { "initrd", "memblock_reserve(initrd)" },
	[MX_STEP_PGD] = { "swapper_pg_dir", "arm_mm_memblock_reserve" },
	[MX_STEP_FDT] = { "DTB and /memreserve/", "early_init_fdt_scan_reserved_mem" },
	[MX_STEP_RMEM_STATIC] = { "static carve-outs", "__reserved_mem_reserve_reg" },
	[MX_STEP_RMEM_DYNAMIC] = { "dynamic carve-outs", "fdt_init_reserved_mem" },
	[MX_STEP_CMA_DEFAULT] = { "default CMA", "dma_contiguous_reserve" },
	[MX_STEP_PAGETABLES] = { "linear-map page tables", "paging_init -> map_mem" },
	[MX_STEP_EARLY_PAGING] = { "paging_init allocations", "paging_init" },
	[MX_STEP_UNFLATTEN] = { "unflattened device tree", "unflatten_device_tree" },
	[MX_STEP_EARLY_BOOTMEM] = { "bootmem_init allocations", "bootmem_init" },
	[MX_STEP_RMEM_STATIC_INIT] = { "static carve-outs initialised", "fdt_scan_reserved_mem_reg_nodes" },
	[MX_STEP_CRASHKERNEL] = { "crashkernel", "reserve_crashkernel" },
	[MX_STEP_RESOURCES] = { "standard resources", "request_standard_resources" },
	[MX_STEP_CMDLINE] = { "command line copies", "setup_command_line" },
	[MX_STEP_LOGBUF] = { "log buffer", "setup_log_buf" },
	[MX_STEP_HASH] = { "dentry and inode hashes", "vfs_caches_init_early" },
	[MX_STEP_PAGE_EXT] = { "page_ext", "page_ext_init_flatmem" },
	[MX_STEP_SWIOTLB] = { "swiotlb", "swiotlb_init" },
	[MX_STEP_MEMMAP] = { "memmap", "free_area_init" },
	[MX_STEP_EARLY_SETUP] = { "setup_arch allocations", "setup_arch" },
	[MX_STEP_EARLY_START] = { "start_kernel allocations", "start_kernel" },
	[MX_STEP_CALIBRATION] = { "calibration", "(residual)" },
	[MX_STEP_FREE_UNUSED_MEMMAP] = { "unused memmap freed", "free_unused_memmap" },
	[MX_STEP_MEM_INIT] = { "mem_init", "memblock_free_all" },
	[MX_STEP_CMA_ACTIVATE] = { "CMA activated", "cma_init_reserved_areas" },
	[MX_STEP_INITRD_FREE] = { "initrd freed", "free_initrd_mem" },
	[MX_STEP_INIT_FREE] = { "init freed", "free_initmem" },
	[MX_STEP_FIXUP] = { "no-map-fixup", "removed_region_fixup" },
	[MX_STEP_FREED_LATE] = { "freed late", "memblock_free (driver)" },
};

const char *mx_step_name(enum mx_step s)
{
	return (unsigned)s < MX_STEP__COUNT ? step_info[s].name : "?";
}

const char *mx_step_func(enum mx_step s)
{
	return (unsigned)s < MX_STEP__COUNT ? step_info[s].func : "?";
}
