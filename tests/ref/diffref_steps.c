/* diffref_steps.c - the reference model's driver: the boot order per flavour and arch */
#include <stdlib.h>
#include <string.h>

#include "diffref_internal.h"

/* ---- driver ------------------------------------------------------------------ */

void dref_result_init(struct dref_result *r)
{
	memset(r, 0, sizeof(*r));
}

void dref_result_release(struct dref_result *r)
{
	free(r->items);
	dref_result_init(r);
}

/*
 * The span: every static thing of a generated profile lies in the memory
 * window, which also holds the usable ranges and 32-bit ARM mem= banks;
 * QEMU's initrd and DTB are taken in too.
 */
static void find_span(struct ref *R)
{
	const struct mx_profile *p = R->p;
	uint64_t lo = NONE, hi = 0;

	for (size_t i = 0; i < p->nmemory; i++) {
		lo = min64(lo, p->memory[i].base);
		hi = max64(hi, p->memory[i].base + p->memory[i].size);
	}
	for (size_t i = 0; i < p->nusable; i++) {
		if (!p->usable[i].size)
			continue;
		lo = min64(lo, p->usable[i].base);
		hi = max64(hi, p->usable[i].base + p->usable[i].size);
	}
	/* what a boot loader places may lie past the banks */
	if (R->has_initrd && R->initrd_size) {
		lo = min64(lo, R->initrd_base);
		hi = max64(hi, R->initrd_base + R->initrd_size);
	}
	if (R->has_fdt && R->fdt_size) {
		lo = min64(lo, R->fdt_base);
		hi = max64(hi, R->fdt_base + R->fdt_size);
	}
	for (unsigned i = 0; R->arch == MX_ARCH_ARM && i < R->narm_mem; i++) {
		uint64_t b, e;

		ref_arm_mem_range(R, i, &b, &e);
		if (e > b) {
			lo = min64(lo, b);
			hi = max64(hi, e);
		}
	}
	/* a little slack each side for carve-outs that overhang DRAM */
	lo = rdown(lo, 16 * MiB);
	hi = rup(hi, 16 * MiB);
	R->lo = lo;
	R->hi = hi;
}

/*
 * The boot order per flavour and arch, written from the kernels' setup
 * code (doc/engine.md, "The steps" and "The 6.1 kernel-side cost models";
 * the tables are src/flavour.c's steps and model_steps, which are data).
 * Before 6.1, 32-bit ARM runs old_arm_steps and the other arches
 * old_generic_steps (no lowmem, pgd or free_unused_memmap); so does
 * riscv64 on 6.1. A profile with kernel-side: runs the *_model_steps.
 */
static const enum mx_step old_arm_steps[] = {
	MX_STEP_DRAM, MX_STEP_MEM_LIMIT, MX_STEP_LOWMEM, MX_STEP_KERNEL, MX_STEP_INITRD,
	MX_STEP_PGD, MX_STEP_FDT, MX_STEP_RMEM_STATIC, MX_STEP_RMEM_DYNAMIC,
	MX_STEP_CMA_DEFAULT, MX_STEP_EARLY_PAGING, MX_STEP_MEMMAP, MX_STEP_EARLY_SETUP,
	MX_STEP_EARLY_START, MX_STEP_CALIBRATION, MX_STEP_FREE_UNUSED_MEMMAP,
	MX_STEP_MEM_INIT, MX_STEP_CMA_ACTIVATE, MX_STEP_INITRD_FREE, MX_STEP_INIT_FREE,
	MX_STEP_FIXUP, MX_STEP_FREED_LATE,
};

/*
 * ... with the models older kernels share with 6.1: map_lowmem() and
 * dma_contiguous_remap() in paging_init(), the unflattened tree after
 * the setup_arch allocations, the (PID,) dentry and inode hashes
 */
static const enum mx_step old_arm_model_steps[] = {
	MX_STEP_DRAM, MX_STEP_MEM_LIMIT, MX_STEP_LOWMEM, MX_STEP_KERNEL, MX_STEP_INITRD,
	MX_STEP_PGD, MX_STEP_FDT, MX_STEP_RMEM_STATIC, MX_STEP_RMEM_DYNAMIC,
	MX_STEP_CMA_DEFAULT, MX_STEP_PAGETABLES, MX_STEP_EARLY_PAGING, MX_STEP_MEMMAP,
	MX_STEP_EARLY_SETUP, MX_STEP_UNFLATTEN, MX_STEP_EARLY_START, MX_STEP_HASH,
	MX_STEP_CALIBRATION, MX_STEP_FREE_UNUSED_MEMMAP, MX_STEP_MEM_INIT,
	MX_STEP_CMA_ACTIVATE, MX_STEP_INITRD_FREE, MX_STEP_INIT_FREE, MX_STEP_FIXUP,
	MX_STEP_FREED_LATE,
};

static const enum mx_step old_generic_steps[] = {
	MX_STEP_DRAM, MX_STEP_MEM_LIMIT, MX_STEP_KERNEL, MX_STEP_INITRD, MX_STEP_FDT,
	MX_STEP_RMEM_STATIC, MX_STEP_RMEM_DYNAMIC, MX_STEP_CMA_DEFAULT,
	MX_STEP_EARLY_PAGING, MX_STEP_MEMMAP, MX_STEP_EARLY_SETUP, MX_STEP_EARLY_START,
	MX_STEP_CALIBRATION, MX_STEP_MEM_INIT, MX_STEP_CMA_ACTIVATE, MX_STEP_INITRD_FREE,
	MX_STEP_INIT_FREE, MX_STEP_FIXUP, MX_STEP_FREED_LATE,
};

static const enum mx_step old_generic_model_steps[] = {
	MX_STEP_DRAM, MX_STEP_MEM_LIMIT, MX_STEP_KERNEL, MX_STEP_INITRD, MX_STEP_FDT,
	MX_STEP_RMEM_STATIC, MX_STEP_RMEM_DYNAMIC, MX_STEP_CMA_DEFAULT, MX_STEP_PAGETABLES,
	MX_STEP_EARLY_PAGING, MX_STEP_MEMMAP, MX_STEP_EARLY_SETUP, MX_STEP_UNFLATTEN,
	MX_STEP_EARLY_START, MX_STEP_HASH, MX_STEP_CALIBRATION, MX_STEP_MEM_INIT,
	MX_STEP_CMA_ACTIVATE, MX_STEP_INITRD_FREE, MX_STEP_INIT_FREE, MX_STEP_FIXUP,
	MX_STEP_FREED_LATE,
};

/*
 * arm64 setup_arch(): arm64_memblock_init() (mem=, the initrd added and
 * reserved, the kernel, early_init_fdt_scan_reserved_mem()), paging_init()
 * (map_mem), unflatten_device_tree(), bootmem_init() (NUMA, sparse_init,
 * zone_sizes_init, dma_contiguous_reserve, reserve_crashkernel),
 * request_standard_resources(); start_kernel(): setup_command_line(),
 * setup_per_cpu_areas(), setup_log_buf(), vfs_caches_init_early(),
 * mm_init() -> mem_init() (swiotlb_init, then memblock_free_all).
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
 * 6.12 arm64 (doc/engine.md, "The 6.12 flavour"): the static carve-outs are
 * initialised by unflatten_device_tree(), right before the tree, after
 * paging_init(); page_ext after the hashes as in 6.1.
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
 * 32-bit ARM setup_arch(): arm_memblock_init() (kernel, reserve_initrd_mem,
 * swapper_pg_dir, the DTB and /reserved-memory, dma_contiguous_reserve),
 * adjust_lowmem_bounds() again, paging_init() (map_lowmem,
 * dma_contiguous_remap, devicemaps, bootmem_init -> the node map),
 * request_standard_resources(), unflatten_device_tree(),
 * reserve_crashkernel(); start_kernel() as on arm64; mem_init():
 * swiotlb_init() (LPAE), then free_unused_memmap() from
 * memblock_free_all(). doc/engine.md runs the lowmem step before the
 * default CMA area (see diffref_early.c for what that costs).
 */
static const enum mx_step arm_61_steps[] = {
	MX_STEP_DRAM, MX_STEP_MEM_LIMIT, MX_STEP_KERNEL, MX_STEP_INITRD, MX_STEP_PGD,
	MX_STEP_FDT, MX_STEP_RMEM_STATIC, MX_STEP_RMEM_DYNAMIC, MX_STEP_LOWMEM,
	MX_STEP_CMA_DEFAULT, MX_STEP_PAGETABLES, MX_STEP_EARLY_PAGING, MX_STEP_MEMMAP,
	MX_STEP_RESOURCES, MX_STEP_UNFLATTEN, MX_STEP_EARLY_SETUP, MX_STEP_CRASHKERNEL,
	MX_STEP_CMDLINE, MX_STEP_EARLY_START, MX_STEP_LOGBUF, MX_STEP_HASH, MX_STEP_PAGE_EXT,
	MX_STEP_CALIBRATION, MX_STEP_SWIOTLB, MX_STEP_FREE_UNUSED_MEMMAP, MX_STEP_MEM_INIT,
	MX_STEP_CMA_ACTIVATE, MX_STEP_INITRD_FREE, MX_STEP_INIT_FREE, MX_STEP_FIXUP,
	MX_STEP_FREED_LATE,
};

/*
 * 6.12 32-bit ARM: the static carve-outs are initialised by
 * unflatten_device_tree(), after dma_contiguous_reserve(), paging_init()
 * and request_standard_resources().
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

#define NSTEPS(a) (sizeof(a) / sizeof((a)[0]))

static void run_step(struct ref *R, enum mx_step st)
{
	switch (st) {
	case MX_STEP_DRAM: ref_step_dram(R); break;
	case MX_STEP_MEM_LIMIT: ref_step_mem_limit(R); break;
	case MX_STEP_LOWMEM: ref_step_lowmem(R); break;
	case MX_STEP_KERNEL: ref_step_kernel(R); break;
	case MX_STEP_INITRD: ref_step_initrd(R); break;
	case MX_STEP_PGD: ref_step_pgd(R); break;
	case MX_STEP_FDT: ref_step_fdt(R); break;
	case MX_STEP_RMEM_STATIC: ref_step_rmem_static(R); break;
	case MX_STEP_RMEM_DYNAMIC: ref_step_rmem_dynamic(R); break;
	case MX_STEP_CMA_DEFAULT: ref_step_cma_default(R); break;
	case MX_STEP_PAGETABLES: ref_step_pagetables(R); break;
	case MX_STEP_EARLY_PAGING: ref_step_early(R, MX_PHASE_PAGING, false); break;
	case MX_STEP_UNFLATTEN: ref_step_unflatten(R); break;
	case MX_STEP_EARLY_BOOTMEM: ref_step_early(R, MX_PHASE_BOOTMEM, false); break;
	case MX_STEP_MEMMAP: ref_step_memmap(R); break;
	case MX_STEP_CRASHKERNEL: ref_step_crashkernel(R); break;
	case MX_STEP_RESOURCES: ref_step_resources(R); break;
	case MX_STEP_EARLY_SETUP: ref_step_early(R, MX_PHASE_SETUP, false); break;
	case MX_STEP_CMDLINE: ref_step_cmdline(R); break;
	case MX_STEP_EARLY_START: ref_step_early(R, MX_PHASE_START_KERNEL, false); break;
	case MX_STEP_LOGBUF: ref_step_logbuf(R); break;
	case MX_STEP_HASH: ref_step_hash(R); break;
	case MX_STEP_CALIBRATION: ref_step_early(R, MX_PHASE_PAGING, true); break;
	case MX_STEP_SWIOTLB: ref_step_swiotlb(R); break;
	case MX_STEP_FREE_UNUSED_MEMMAP: ref_step_free_unused_memmap(R); break;
	case MX_STEP_MEM_INIT: ref_step_mem_init(R); break;
	case MX_STEP_CMA_ACTIVATE: ref_step_cma_activate(R); break;
	case MX_STEP_INITRD_FREE: ref_step_initrd_free(R); break;
	case MX_STEP_INIT_FREE: ref_step_init_free(R); break;
	case MX_STEP_FIXUP: ref_step_fixup(R); break;
	case MX_STEP_FREED_LATE: ref_step_freed_late(R); break;
	case MX_STEP_RMEM_STATIC_INIT: ref_step_rmem_static_init(R); break;
	case MX_STEP_PAGE_EXT: ref_step_page_ext(R); break;
	case MX_STEP__COUNT: break;
	}
}

static void free_ref(struct ref *R)
{
	free(R->g);
	free(R->pmem);
	free(R->pfree);
	free(R->ppart);
	free(R->part);
	free(R->buddy);
	free(R->rplaced);
	free(R->rbase);
	free(R->rsize);
	free(R->head_g);
}

int dref_compute(const struct mx_profile *p, struct dref_result *r)
{
	struct ref R;
	const enum mx_step *steps;
	size_t nsteps;
	int ret = 0;

	dref_result_release(r);
	memset(&R, 0, sizeof(R));
	R.p = p;
	R.r = r;
	R.current_limit = NONE;
	R.hs = NONE;
	R.zbound_pfn = NONE;
	R.initrd_item = -1;
	R.first_lowmem = NONE;
	ref_resolve(&R);
	if (r->unsupported[0])
		return 1;
	if (R.v612 && R.arch == MX_ARCH_ARM) {
		steps = arm_612_steps;
		nsteps = NSTEPS(arm_612_steps);
	} else if (R.v612 && R.arch == MX_ARCH_ARM64) {
		steps = arm64_612_steps;
		nsteps = NSTEPS(arm64_612_steps);
	} else if (R.v61 && R.arch == MX_ARCH_ARM) {
		steps = arm_61_steps;
		nsteps = NSTEPS(arm_61_steps);
	} else if (R.v61 && R.arch == MX_ARCH_ARM64) {
		steps = arm64_61_steps;
		nsteps = NSTEPS(arm64_61_steps);
	} else if (R.arch == MX_ARCH_ARM) {
		steps = R.models ? old_arm_model_steps : old_arm_steps;
		nsteps = R.models ? NSTEPS(old_arm_model_steps) : NSTEPS(old_arm_steps);
	} else {
		steps = R.models ? old_generic_model_steps : old_generic_steps;
		nsteps = R.models ? NSTEPS(old_generic_model_steps) : NSTEPS(old_generic_steps);
	}
	find_span(&R);
	R.ngran = (size_t)((R.hi - R.lo) / GRAN);
	R.npages = (size_t)((R.hi - R.lo) / R.page);
	R.g = calloc(R.ngran, 1);
	R.pmem = calloc(R.npages, 1);
	R.pfree = calloc(R.npages, 1);
	R.ppart = calloc(R.npages, 1);
	R.buddy = calloc(R.npages, 1);
	R.rplaced = calloc(p->nregions + 1, sizeof(*R.rplaced));
	R.rbase = calloc(p->nregions + 1, sizeof(*R.rbase));
	R.rsize = calloc(p->nregions + 1, sizeof(*R.rsize));
	if (!R.g || !R.pmem || !R.pfree || !R.ppart || !R.buddy || !R.rplaced || !R.rbase ||
	    !R.rsize) {
		R.oom = true;
		goto out;
	}
	/* memblock's arrays: INIT_MEMBLOCK_*_REGIONS, struct memblock_region of 12 or 24 bytes */
	R.mb[MB_MEMORY].max = p->kside.memblock_memory ? p->kside.memblock_memory : 128;
	R.mb[MB_RESERVED].max = p->kside.memblock_reserved ? p->kside.memblock_reserved : 128;
	for (int t = 0; t < 2; t++) {
		R.mb[t].base = NONE;
		R.mb[t].item = -1;
	}
	R.rsz = R.arch == MX_ARCH_ARM && !p->kside.lpae ? 12 : 24;
	R.mb_live = true;
	for (size_t s = 0; s < nsteps && !R.oom; s++) {
		enum mx_step st = steps[s];

		/*
		 * memblock_allow_resize(): arm64 6.1 at the end of paging_init(),
		 * everywhere else in bootmem_init() (the memmap step)
		 */
		if (R.v61 && R.arch == MX_ARCH_ARM64 ? st == MX_STEP_UNFLATTEN ||
		    st == MX_STEP_RMEM_STATIC_INIT : st == MX_STEP_MEMMAP)
			R.mb_resize = true;
		/* from mem_init on memblock_double_array() takes slab memory */
		if (st == MX_STEP_MEM_INIT)
			R.mb_live = false;
		run_step(&R, st);
		ref_stage(&R, st);
	}
	/*
	 * Known engine issue "arm-highmem-start-unaligned": a 6.1 lowmem limit
	 * can end inside a page (a no-map edge on 64 bytes); the kernel's zones
	 * start HighMem at PFN_DOWN() of it (find_limits(): max_low_pfn), as the
	 * engine's zones do, but the engine counts that page as lowmem in
	 * highram / HighTotal once it is in the buddy allocator.
	 */
	if (!R.oom && R.hs != NONE && R.hs % R.page && R.hs / R.page >= ref_pfn0(&R) &&
	    R.buddy[R.hs / R.page - ref_pfn0(&R)])
		ref_known_issue(&R, "arm-highmem-start-unaligned: the page at %#llx straddles the "
				"lowmem limit", (unsigned long long)rdown(R.hs, R.page));
	if (!R.oom) {
		uint64_t mem, freep;

		ref_count(&R, &mem, &freep, &r->memtotal, &r->hightotal);
		r->lowtotal = r->memtotal - r->hightotal;
		r->cmatotal = ref_cma_pages(&R);
		if (!R.sparse)
			r->memmap_bytes = R.have_map ? R.map_size - r->memmap_unused_freed -
						       R.fixup_map_freed : 0;
	}
out:
	if (R.oom)
		ret = -1;
	else if (r->unsupported[0])
		ret = 1;
	else if (r->known_issue[0])
		ret = 2;
	free_ref(&R);
	return ret;
}
