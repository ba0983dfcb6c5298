/* flavour.c - per-kernel rule tables (SPEC section 11) */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "memx/flavour.h"

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


static const struct mx_flavour flavours[] = {
	{
		.name = "3.18",
		.summary = "3.x kernels (msm8937, seeds/000): no-map removes, DT order, "
			   "CMA aligned to MAX_ORDER blocks",
		.since = 0,
		.nomap = MX_NOMAP_REMOVE,
		.dyn_order = MX_DYN_ORDER_DT,
		.cma_align = MX_CMA_ALIGN_MAX_ORDER,
		.failed_rmem_given_back = false,
		.nomap_over_reserved_refused = false,
		.memory_line_cma = false,
		.initrd_free_outward = false,
		.klog = MX_KLOG_318,
		.dyn_default_align = 0,
		.arm_vmalloc_end = 0xff000000u,
		.struct_page = { 0, 32, 64, 64 },
		.subsection_map = false,
		.steps = { NULL, arm_steps, generic_steps, generic_steps },
		.nsteps = { 0, sizeof(arm_steps) / sizeof(arm_steps[0]),
			    sizeof(generic_steps) / sizeof(generic_steps[0]),
			    sizeof(generic_steps) / sizeof(generic_steps[0]) },
	},
	{
		/*
		 * 4.14 up to 5.12: /reserved-memory entries are sorted by
		 * __rmem_check_for_overlap() before init (dynamic ones first, in
		 * the heapsort's order); no-map still memblock_remove()s (the
		 * riscv64 board of seeds/003); the Memory line has cma-reserved.
		 */
		.name = "5.10",
		.summary = "4.14-5.12 kernels (riscv64 board, seeds/003): no-map removes, "
			   "sorted /reserved-memory, cma-reserved in the Memory line",
		.since = 4014,
		.nomap = MX_NOMAP_REMOVE,
		.dyn_order = MX_DYN_ORDER_HEAPSORT,
		.cma_align = MX_CMA_ALIGN_MAX_ORDER,
		.failed_rmem_given_back = true,
		.nomap_over_reserved_refused = true, /* of/fdt: "Make sure no-map does not remove already reserved regions" (2019) */
		.memory_line_cma = true,
		.initrd_free_outward = false,
		.klog = MX_KLOG_5X,
		.dyn_default_align = 64,
		.arm_vmalloc_end = 0xff800000u,
		.struct_page = { 0, 32, 64, 64 },
		.subsection_map = true,
		.steps = { NULL, arm_steps, generic_steps, generic_steps },
		.nsteps = { 0, sizeof(arm_steps) / sizeof(arm_steps[0]),
			    sizeof(generic_steps) / sizeof(generic_steps[0]),
			    sizeof(generic_steps) / sizeof(generic_steps[0]) },
	},
};

#define NFLAVOURS (sizeof(flavours) / sizeof(flavours[0]))

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
		best = &flavours[NFLAVOURS - 1];
		if (exact)
			*exact = true;
		return best;
	}
	if (!mx_version_parse(version, &v))
		return &flavours[NFLAVOURS - 1];
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
	[MX_STEP_EARLY_PAGING] = { "paging_init allocations", "paging_init" },
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
