/* diffref_early.c - the reference model's steps up to the early allocations */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diffref_internal.h"

/* ---- the steps ------------------------------------------------------------ */

void ref_step_dram(struct ref *R)
{
	for (size_t i = 0; i < R->p->nmemory; i++) {
		uint64_t b = rup(R->p->memory[i].base, R->page);
		uint64_t e = rdown(R->p->memory[i].base + R->p->memory[i].size, R->page);

		if (R->arch == MX_ARCH_ARM && !R->p->kside.lpae)
			e = min64(e, 4 * GiB); /* no LPAE: memory above 4 GiB is ignored */
		if (e > b)
			ref_gset(R, b, e, G_MEM);
	}
}

/*
 * linux,usable-memory-range as the flavour reads it: 6.1 every arch takes
 * two ranges (drivers/of/fdt.c MAX_USABLE_RANGES), 5.10 only arm64 one
 * (fdt_enforce_memory_region()), 3.18 none. The first caps memory
 * (memblock_cap_memory_range(): memory outside it goes, nothing is NOMAP
 * yet), the others are memblock_add()ed as they are.
 */
static void usable_ranges(struct ref *R)
{
	const struct mx_profile *p = R->p;
	size_t n = R->v61 ? 2 : R->v510 && R->arch == MX_ARCH_ARM64 ? 1 : 0;

	n = min64(n, p->nusable);
	if (!n)
		return;
	if (p->usable[0].size) {
		uint64_t b = p->usable[0].base, e = b + p->usable[0].size;

		/* memblock_cap_memory_range(): isolate [b, e), drop the regions outside */
		if (b % GRAN || e % GRAN)
			ref_unsupported(R, "usable range off a 64-byte granule");
		if (ref_mb_isolate(R, MB_MEMORY, b, e))
			ref_mem_keep(R, b, e);
	}
	for (size_t i = 1; i < n && p->usable[i].size; i++)
		ref_gset(R, p->usable[i].base, p->usable[i].base + p->usable[i].size, G_MEM);
}

/* PHYS_OFFSET: the kernel's 16 MiB block (doc/engine.md step 3) */
static uint64_t phys_offset(const struct ref *R)
{
	return rdown(R->kbase, 16 * MiB);
}

/*
 * 32-bit ARM early_mem(): the first mem= removes all memory, each one adds
 * arm_add_memory(start, size): start page-aligned up (size shrinks by as
 * much), without LPAE nothing from 4 GiB and the rest cut at ULONG_MAX, the
 * part below PHYS_OFFSET dropped, size rounded down to a page.
 */
void ref_arm_mem_range(const struct ref *R, unsigned i, uint64_t *b, uint64_t *e)
{
	uint64_t start = R->arm_mem[i].has_base ? R->arm_mem[i].base : phys_offset(R);
	uint64_t size = R->arm_mem[i].size, as = rup(start, R->page);
	uint64_t po = phys_offset(R);

	*b = *e = 0;
	size = as > start + size ? 0 : size - (as - start);
	if (!R->p->kside.lpae) {
		if (as > 0xffffffffu)
			return;
		if (as + size > 0xffffffffu)
			size = 0xffffffffu - as;
	}
	if (as < po) {
		if (as + size <= po)
			return;
		size -= po - as;
		as = po;
	}
	size = rdown(size, R->page);
	*b = as;
	*e = as + size;
}

void ref_step_mem_limit(struct ref *R)
{
	usable_ranges(R);
	if (R->arch == MX_ARCH_ARM && R->narm_mem) {
		uint64_t ms, me;

		if (ref_mem_first_last(R, &ms, &me))
			ref_gclear(R, ms, me, G_MEM);
		for (unsigned i = 0; i < R->narm_mem; i++) {
			uint64_t b, e;

			ref_arm_mem_range(R, i, &b, &e);
			if (e > b)
				ref_gset(R, b, e, G_MEM);
		}
	} else if (R->mem_limit >= R->page && ref_mb_isolate(R, MB_MEMORY, 0, NONE)) {
		/*
		 * memblock_mem_limit_remove_map() / memblock_enforce_memory_limit():
		 * one memblock_isolate_range() on memory, then the regions past
		 * the first N bytes go; arm64 and riscv early_mem() keep
		 * memparse() & PAGE_MASK
		 */
		uint64_t left = R->mem_limit - R->mem_limit % R->page;

		left /= GRAN;
		for (size_t i = 0; i < R->ngran; i++) {
			if (!(R->g[i] & G_MEM))
				continue;
			if (left)
				left--;
			else
				R->g[i] = (uint8_t)(R->g[i] & ~(G_MEM | G_NOMAP));
		}
		ref_recount(R, 0, R->ngran);
		ref_mb_recount(R);
	}
	/*
	 * arm64_memblock_init() adds the kernel image back after
	 * memblock_mem_limit_remove_map() (it must stay in the linear map)
	 */
	if (R->v61 && R->arch == MX_ARCH_ARM64 && R->mem_limit && R->p->kernel_image.size &&
	    !ref_gall(R, R->kbase, R->kbase + R->p->kernel_image.size, G_MEM)) {
		ref_gset(R, rdown(R->kbase, R->page), rup(R->kbase + R->p->kernel_image.size, R->page),
			 G_MEM);
	}
}

static uint64_t page_offset(enum mx_vmsplit v)
{
	switch (v) {
	case MX_VMSPLIT_3G_OPT: return 0xB0000000u;
	case MX_VMSPLIT_2G: return 0x80000000u;
	case MX_VMSPLIT_1G: return 0x40000000u;
	default: return 0xC0000000u;
	}
}

/*
 * 6.1 adjust_lowmem_bounds() as doc/engine.md words it: the blocks are the
 * memory ranges that are not NOMAP; the first one must start on a PMD
 * (2 MiB), so the rest of its PMD is marked NOMAP; lowmem ends at the end of
 * the last block starting below the vmalloc limit (capped by it); the
 * memblock limit is the first block start or end off a PMD, rounded down.
 */
static void lowmem_61(struct ref *R, uint64_t vlimit)
{
	const uint64_t pmd = 2 * MiB;
	uint64_t lowmem = 0, limit = 0;
	struct range *v;
	size_t n = ref_map_ranges(R, &v);

	/* the first call, before /reserved-memory: every memory range is a block */
	{
		struct range *m;
		size_t nm = ref_mem_ranges(R, &m);

		R->first_lowmem = 0;
		for (size_t i = 0; i < nm && m[i].s < vlimit; i++)
			R->first_lowmem = min64(m[i].e, vlimit);
		free(m);
	}
	if (n && v[0].s % pmd) {
		uint64_t hb = v[0].s, he = min64(rup(hb, pmd), R->hi);

		/* what the granules were: the kernel places the default CMA area before this */
		R->head_gb = (size_t)((hb - R->lo) / GRAN);
		R->head_ng = (size_t)((he - hb) / GRAN);
		R->head_g = malloc(R->head_ng);
		if (!R->head_g) {
			R->oom = true;
			free(v);
			return;
		}
		memcpy(R->head_g, R->g + R->head_gb, R->head_ng);
		if (!ref_nomap_mark(R, hb, he)) {
			/*
			 * Known engine issue "arm-lowmem-head-full": this is a
			 * memblock_mark_nomap() like any other (6.1
			 * adjust_lowmem_bounds()); with memory's array full before
			 * memblock_allow_resize() it fails and the head stays
			 * mapped (the memblock limit then falls on it); the engine
			 * marks it anyway.
			 */
			ref_known_issue(R, "arm-lowmem-head-full: [%#llx, %#llx) not marked",
					(unsigned long long)hb, (unsigned long long)he);
			free(R->head_g);
			R->head_g = NULL;
		}
		free(v);
		n = ref_map_ranges(R, &v);
	}
	for (size_t i = 0; i < n && v[i].s < vlimit; i++) {
		lowmem = min64(v[i].e, vlimit);
		if (!limit && v[i].s % pmd)
			limit = v[i].s;
		else if (!limit && v[i].e % pmd)
			limit = lowmem;
	}
	free(v);
	if (!lowmem) {
		/*
		 * no-map ranges and the first PMD can leave nothing to map below
		 * the vmalloc limit: no kernel boots on that, draw another board
		 */
		ref_known_issue(R, "unbootable: no lowmem block below the vmalloc limit");
		return;
	}
	R->hs = lowmem;
	/*
	 * 6.1 rounds the memblock limit down to a PMD after falling back to the
	 * lowmem limit ("if (!memblock_limit) memblock_limit = arm_lowmem_limit;
	 * memblock_limit = round_down(memblock_limit, PMD_SIZE)"); a limit that
	 * would round to 0 is kept as it is (the kernel could not boot on it)
	 */
	{
		uint64_t x = limit ? limit : lowmem;

		R->current_limit = rdown(x, pmd) ? rdown(x, pmd) : x;
	}
}

void ref_step_lowmem(struct ref *R)
{
	uint64_t po_phys = phys_offset(R);
	uint64_t vend = R->v510 ? 0xff800000u : 0xff000000u;
	uint64_t po = page_offset(R->p->vmsplit);
	uint64_t vm = R->p->vmalloc_size ? R->p->vmalloc_size : 240 * MiB;
	uint64_t vmalloc_min = vend - min64(vm + 8 * MiB, vend - po);
	uint64_t vlimit = vmalloc_min - po + po_phys;
	uint64_t lowmem = 0, odd = 0;
	bool any = false, have_odd = false;
	struct range *v;
	size_t n = ref_mem_ranges(R, &v);

	/*
	 * "a lowmem range ends off a 1 MiB boundary" could mean the clipped or
	 * the raw end; with a 1 MiB aligned vmalloc limit (all the generator
	 * makes) both readings agree.
	 */
	if (vlimit % MiB)
		ref_unsupported(R, "vmalloc limit %#llx not 1 MiB aligned", (unsigned long long)vlimit);
	if (R->v61) {
		free(v);
		lowmem_61(R, vlimit);
		if (R->hs == NONE)
			return;
		lowmem = R->hs;
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i].s >= vlimit)
			break; /* it and every later range are highmem */
		lowmem = min64(v[i].e, vlimit);
		any = true;
		if (!have_odd && v[i].s % MiB) {
			odd = v[i].s;
			have_odd = true;
		} else if (!have_odd && lowmem % MiB) {
			odd = lowmem;
			have_odd = true;
		}
	}
	free(v);
	if (!any) {
		/* mem= can leave nothing below the vmalloc limit: no kernel boots on that */
		ref_known_issue(R, "unbootable: no memory below the vmalloc limit");
		return;
	}
	R->hs = lowmem;
	/* as sanity_check_meminfo(): a limit that rounds down to 0 counts as unset */
	R->current_limit = have_odd && rdown(odd, MiB) ? rdown(odd, MiB) : lowmem;
done:
	/* VMALLOC_START: the virtual end of lowmem + 8 MiB, rounded down to 8 MiB */
	R->r->vmalloc_total = vend - rdown(lowmem - po_phys + po + 8 * MiB, 8 * MiB);
	R->r->has_lowmem_limit = true;
	R->r->lowmem_limit = lowmem;
}

void ref_step_kernel(struct ref *R)
{
	uint64_t size = R->p->kernel_image.size;

	/*
	 * the kernel image, the initrd, swapper_pg_dir, the DTB and
	 * /memreserve/: the kernel ignores what memblock_reserve() returns, so
	 * a range a full array loses still stands as placed
	 */
	if (size)
		ref_gset(R, R->kbase, R->kbase + size, G_RSV);
	ref_item(R, DREF_C_KERNEL, 0, 0, MX_ITEM_KERNEL, "kernel image", DREF_PLACED, R->kbase, size);
}

/* The initrd is reserved over the whole pages it touches (doc/engine.md "initrd pages"). */
bool ref_initrd_outward(const struct ref *R)
{
	return R->arch == MX_ARCH_ARM || (R->v61 && R->arch == MX_ARCH_ARM64);
}

void ref_step_initrd(struct ref *R)
{
	uint64_t b = R->initrd_base, e = b + R->initrd_size;

	R->initrd_item = -1;
	if (!R->has_initrd)
		return;
	if (ref_initrd_outward(R)) {
		b = rdown(b, R->page);
		e = rup(e, R->page);
	}
	if (R->v61 && R->arch == MX_ARCH_ARM64) {
		/*
		 * 6.1 arm64_memblock_init(): the page-rounded initrd is added to
		 * memory (mem= may have cut it off) before anything is reserved.
		 */
		uint64_t ms, me;

		/* the kernel WARNs and drops an initrd that starts below the start of memory */
		if (!ref_mem_first_last(R, &ms, &me) || b < ms) {
			ref_item(R, DREF_C_INITRD, 0, 0, MX_ITEM_INITRD, "initrd", DREF_REFUSED,
				 R->initrd_base, R->initrd_size);
			return;
		}
		ref_gset(R, b, e, G_MEM);
	}
	if (!ref_gall(R, b, e, G_MEM) || ref_rsv_any(R, b, e)) {
		ref_item(R, DREF_C_INITRD, 0, 0, MX_ITEM_INITRD, "initrd", DREF_REFUSED, R->initrd_base,
			 R->initrd_size);
		return;
	}
	ref_gset(R, b, e, G_RSV);
	R->initrd_item = ref_item(R, DREF_C_INITRD, 0, 0, MX_ITEM_INITRD, "initrd", DREF_PLACED,
				  R->initrd_base, R->initrd_size);
}

void ref_step_pgd(struct ref *R)
{
	ref_gset(R, R->pgd_base, R->pgd_base + R->pgd_size, G_RSV);
	ref_item(R, DREF_C_PGD, 0, 0, MX_ITEM_PGD, "swapper_pg_dir", DREF_PLACED, R->pgd_base,
		 R->pgd_size);
}

void ref_step_fdt(struct ref *R)
{
	const struct mx_profile *p = R->p;

	if (R->has_fdt) {
		ref_gset(R, R->fdt_base, R->fdt_base + R->fdt_size, G_RSV);
		ref_item(R, DREF_C_FDT, 0, 0, MX_ITEM_FDT, "device tree blob", DREF_PLACED, R->fdt_base,
			 R->fdt_size);
	}
	for (size_t i = 0; i < p->nmemreserve; i++) {
		const struct mx_range *m = &p->memreserve[i];

		ref_gset(R, m->base, m->base + m->size, G_RSV);
		ref_item(R, DREF_C_MEMRESERVE, 0, (int)i, MX_ITEM_MEMRESERVE, "/memreserve/", DREF_PLACED,
			 m->base, m->size);
	}
}

/* The limit dma_contiguous_reserve() gets, per arch (arm64: arm64_dma_phys_limit). */
uint64_t ref_dma_limit(struct ref *R)
{
	uint64_t mstart = 0, mend = 0;

	if (!ref_mem_first_last(R, &mstart, &mend))
		return 0;
	switch (R->arch) {
	case MX_ARCH_ARM:
		return 0xffffffffu; /* arm_dma_limit without a machine DMA zone */
	case MX_ARCH_ARM64:
		/*
		 * max_zone_phys(32): 5.10 the 4 GiB window memory starts in; 6.1
		 * below 4 GiB, or all memory when it starts above 4 GiB
		 */
		if (R->v61)
			return mstart > 0xffffffffu ? mend : min64(4 * GiB, mend);
		return min64(rdown(mstart, 4 * GiB) + 4 * GiB, mend);
	default:
		return min64(4 * GiB, mend); /* riscv64: dma32_phys_limit */
	}
}

/* Swap the granules of the 6.1 lowmem head with what they were before LOWMEM. */
static void head_swap(struct ref *R)
{
	for (size_t i = 0; i < R->head_ng; i++) {
		uint8_t t = R->g[R->head_gb + i];

		R->g[R->head_gb + i] = R->head_g[i];
		R->head_g[i] = t;
	}
	ref_recount(R, R->head_gb, R->head_gb + R->head_ng);
}

/*
 * cma_declare_contiguous(): a fixed area is taken as it is unless it is
 * reserved already or crosses the HighMem start @hs; otherwise HighMem
 * first when [base, limit) straddles @hs, then below it; top-down.
 * @commit: reserve what was found (else only look).
 */
static bool cma_try(struct ref *R, uint64_t hs, uint64_t size, uint64_t base, uint64_t limit,
		    bool commit, uint64_t *got)
{
	bool (*fn)(struct ref *, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t *) =
		commit ? ref_place : ref_find;
	bool ok;

	if (R->cma_fixed) {
		/*
		 * "cma=S@B is fixed at B": read as cma_declare_contiguous() does it,
		 * refused when the area overlaps reserved memory or crosses the
		 * lowmem/highmem boundary (no other check).
		 */
		ok = !ref_rsv_any(R, base, base + size) &&
		     !(hs != NONE && base < hs && base + size > hs);
		if (ok && commit)
			ok = ref_gset(R, base, base + size, G_RSV);
		*got = base;
		return ok;
	}
	if (hs != NONE && base < hs && hs < limit)
		return fn(R, size, R->cma_align, hs, limit, got) ||
		       fn(R, size, R->cma_align, base, min64(limit, hs), got);
	return fn(R, size, R->cma_align, base, limit, got);
}

void ref_step_cma_default(struct ref *R)
{
	uint64_t size, base, limit, mstart = 0, mend = 0, got = 0, kgot = 0;
	bool ok, kok;
	int it;

	if (R->dt_default)
		return;
	size = R->cma_cmdline ? R->cma_cmd_size : R->p->has_cma_size ? R->p->cma_size : 0;
	if (!size)
		return;
	if (!ref_mem_first_last(R, &mstart, &mend)) {
		ref_unsupported(R, "no memory left for the default CMA area");
		return;
	}
	size = rup(size, R->cma_align);
	base = rup(R->cma_cmdline ? R->cma_cmd_base : 0, R->cma_align);
	limit = ref_dma_limit(R);
	if (R->cma_cmdline && R->cma_cmd_limit && R->cma_cmd_limit < limit)
		limit = R->cma_cmd_limit;
	limit = rdown(limit, R->cma_align);
	limit = min64(limit, mend);
	if (R->v61 && R->arch == MX_ARCH_ARM) {
		/*
		 * Known engine issue "arm-cma-before-lowmem": arm_memblock_init()
		 * calls dma_contiguous_reserve() before the second
		 * adjust_lowmem_bounds(), so the kernel splits at the first call's
		 * HighMem start and the head LOWMEM marks NOMAP is still free then.
		 */
		if (R->head_g)
			head_swap(R);
		kok = cma_try(R, R->first_lowmem, size, base, limit, false, &kgot);
		if (R->head_g)
			head_swap(R);
		ok = cma_try(R, R->hs, size, base, limit, false, &got);
		if (ok != kok || (ok && got != kgot))
			ref_known_issue(R, "arm-cma-before-lowmem: the default CMA area lands elsewhere "
					"before the second adjust_lowmem_bounds()");
	}
	ok = cma_try(R, R->hs, size, base, limit, true, &got);
	if (!ok) {
		ref_item(R, DREF_C_CMA_DEFAULT, 0, 0, MX_ITEM_CMA_DEFAULT, "default CMA", DREF_FAILED, 0,
		     size);
		return;
	}
	it = ref_item(R, DREF_C_CMA_DEFAULT, 0, 0, MX_ITEM_CMA_DEFAULT, "default CMA", DREF_PLACED,
		  got, size);
	if (it >= 0)
		R->r->items[it].cma = true;
	if (R->ncma < sizeof(R->cma) / sizeof(R->cma[0])) {
		R->cma[R->ncma].base = got;
		R->cma[R->ncma].size = size;
		R->ncma++;
	}
	/* 6.12: the default area is remapped after the reserved-memory pools */
	if (R->v612)
		ref_remap_add(R, got, got + size);
}

/*
 * The listed allocations of @phase, top-down under current_limit; a per-cpu
 * one is size x cpus, a temporary one leaves reserved when the phase ends.
 */
void ref_step_early(struct ref *R, enum mx_phase phase, bool calibration)
{
	const struct mx_profile *p = R->p;
	size_t first = R->r->nitems;

	for (size_t i = 0; i < p->nearly; i++) {
		const struct mx_early_alloc *e = &p->early[i];
		uint64_t base = 0, size = e->size * (e->per_cpu ? R->cpus : 1);
		bool ok;

		if (e->calibration != calibration || (!calibration && e->phase != phase))
			continue;
		ok = ref_place(R, size, e->align ? e->align : 64, 0, R->current_limit, &base);
		ref_item(R, DREF_C_EARLY, (int)i, 0, e->calibration ? MX_ITEM_CALIBRATION : MX_ITEM_EARLY,
		     e->name, ok ? DREF_PLACED : DREF_FAILED, base, size);
	}
	for (size_t k = first; k < R->r->nitems; k++) {
		const struct dref_item *it = &R->r->items[k];

		if (it->cls == DREF_C_EARLY && it->state == DREF_PLACED && p->early[it->idx].temporary)
			ref_gclear(R, it->base, it->base + it->size, G_RSV);
	}
}

