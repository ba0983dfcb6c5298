/* diffref_rmem.c - the reference model's /reserved-memory steps (see diffref.h) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diffref_internal.h"

void ref_step_rmem_static(struct ref *R)
{
	const struct mx_profile *p = R->p;

	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];
		int occ = 0;

		if (r->flags & MX_REGION_DISABLED) {
			ref_item(R, DREF_C_REGION, (int)i, 0, MX_ITEM_STATIC, r->name, DREF_DISABLED, 0, 0);
			continue;
		}
		if (!r->nreg)
			continue;
		if (r->has_size)
			ref_unsupported(R, "region with reg and size");
		R->rplaced[i] = true;
		R->rbase[i] = r->reg[0].base;
		R->rsize[i] = r->reg[0].size;
		for (size_t j = 0; j < r->nreg; j++) {
			uint64_t b = r->reg[j].base, e = b + r->reg[j].size;
			enum dref_state st = DREF_PLACED;

			if (b == e) {
				ref_unsupported(R, "zero-size reg entry");
				continue;
			}
			if (r->flags & MX_REGION_NOMAP) {
				bool over = ref_rsv_any(R, b, e);

				/*
				 * 6.1's early_init_dt_reserve_memory() refuses a no-map range
				 * over reserved memory only when it also overlaps memory
				 * ("don't worry if the region isn't memory as it won't be
				 * mapped").
				 */
				if (R->v510 && over && !(R->v61 && !ref_gany(R, b, e, G_MEM)))
					st = DREF_REFUSED; /* no-map over reserved memory */
				else if (R->v61 ? !ref_nomap_mark(R, b, e) : !ref_gclear(R, b, e, G_MEM))
					st = DREF_REFUSED; /* memory's array is full */
			} else if (!ref_gset(R, b, e, G_RSV)) {
				st = DREF_REFUSED; /* reserved's array is full */
			}
			/* 6.12: a reusable pool's entry reserved (or marked) goes to dma_mmu_remap[] */
			if (R->v612 && st == DREF_PLACED && ref_has_compat(r, "shared-dma-pool") &&
			    (r->flags & MX_REGION_REUSABLE))
				ref_remap_add(R, b, e);
			/* a first entry a full array lost is no placed region (fix-up, freed late) */
			if (j == 0 && st == DREF_REFUSED && !(r->flags & MX_REGION_NOMAP))
				R->rplaced[i] = false;
			ref_item(R, DREF_C_REGION, (int)i, occ++, MX_ITEM_STATIC, r->name, st, b, e - b);
		}
	}
}

/*
 * lib/sort.c (v5.1+) sort_r() on an index array, keys (base, size): the
 * bottom-up heapsort, element for element, because its permutation of equal
 * keys (every dynamic region is (0, 0)) is what the 5.10 rule is about.
 */
static int key_cmp(const uint64_t *kb, const uint64_t *ks, size_t a, size_t b)
{
	if (kb[a] != kb[b])
		return kb[a] < kb[b] ? -1 : 1;
	if (ks[a] != ks[b])
		return ks[a] < ks[b] ? -1 : 1;
	return 0;
}

static void heapsort_idx(size_t *v, const uint64_t *kbase, const uint64_t *ksize, size_t num)
{
	size_t n = num, a = num / 2;

	if (!a)
		return;
	for (;;) {
		size_t b, c, d, t;

		if (a) {
			a--;
		} else if (--n) {
			t = v[0];
			v[0] = v[n];
			v[n] = t;
		} else {
			break;
		}
		for (b = a; c = 2 * b + 1, (d = c + 1) < n;)
			b = key_cmp(kbase, ksize, v[c], v[d]) >= 0 ? c : d;
		if (d == n)
			b = c;
		while (b != a && key_cmp(kbase, ksize, v[a], v[b]) >= 0)
			b = (b - 1) / 2;
		c = b;
		while (b != a) {
			b = (b - 1) / 2;
			t = v[b];
			v[b] = v[c];
			v[c] = t;
		}
	}
}

/*
 * An alloc-ranges window: __reserved_mem_alloc_size() computes end = start
 * + size in phys_addr_t (32 bits on ARM without LPAE); an end of 0 is
 * MEMBLOCK_ALLOC_ANYWHERE (early_init_dt_alloc_reserved_memory_arch()),
 * an end that wrapped below start leaves an empty window
 * (memblock_find_in_range_node(): end = max(start, end)). Returns false
 * for an empty window.
 */
static bool alloc_window(const struct ref *R, const struct mx_range *w, uint64_t *lo,
			 uint64_t *hi)
{
	bool phys32 = R->arch == MX_ARCH_ARM && !R->p->kside.lpae;
	uint64_t end = w->base + w->size;

	if (phys32)
		end &= 0xffffffffu;
	*lo = w->base;
	*hi = end ? end : NONE;
	return end == 0 || end > w->base;
}

void ref_remap_add(struct ref *R, uint64_t b, uint64_t e)
{
	if (R->arch != MX_ARCH_ARM)
		return;
	if (R->nremap == sizeof(R->remap) / sizeof(R->remap[0])) {
		ref_unsupported(R, "too many remapped CMA ranges");
		return;
	}
	R->remap[R->nremap].s = b;
	R->remap[R->nremap].e = e;
	R->nremap++;
}

/*
 * 6.12 __reserved_mem_alloc_in_range() (doc/engine.md, "The 6.12 flavour"):
 * bottom-up when the window's start lies in [base, base + size] of a region
 * allocated before in this step, top-down when its end does; exactly one of
 * the two picks the direction, else top-down.
 */
static bool window_bottom_up(const uint64_t (*done)[2], size_t ndone, uint64_t s, uint64_t e)
{
	bool bu = false, td = false;

	for (size_t k = 0; k < ndone; k++) {
		bu |= s >= done[k][0] && s <= done[k][0] + done[k][1];
		td |= e >= done[k][0] && e <= done[k][0] + done[k][1];
	}
	return bu && !td;
}

/* The first byte of [b, e) that is not free memory (outside memory, NOMAP or reserved), or NONE. */
static uint64_t first_busy(struct ref *R, uint64_t b, uint64_t e)
{
	for (uint64_t x = b; x < e; ) {
		size_t gi = (size_t)((x - R->lo) / GRAN);
		uint64_t t = min64(e, R->lo + ((uint64_t)gi + 1) * GRAN);

		if (R->g[gi] == G_FREE) {
			x = t;
			continue;
		}
		if ((R->g[gi] & (G_MEM | G_NOMAP)) != G_MEM)
			return x;
		for (uint64_t y = x; y < t; y++)
			if (ref_rsv_any(R, y, y + 1))
				return y;
		x = t;
	}
	return NONE;
}

/*
 * Bottom-up placement by the written rule (doc/engine.md, "The 6.12
 * flavour"): the lowest round_up(x, align) in [max(lo, page), max(lo, hi))
 * whose bytes are all free memory; a busy byte B moves the next candidate to
 * round_up(B + 1, align).
 */
static bool find_bottom_up(struct ref *R, uint64_t size, uint64_t align, uint64_t lo, uint64_t hi,
			   uint64_t *out)
{
	uint64_t cand;

	lo = max64(lo, R->page);
	hi = max64(hi, lo);
	lo = max64(lo, R->lo); /* nothing outside the span is memory */
	hi = min64(hi, R->hi);
	if (!size || hi < lo || hi - lo < size)
		return false;
	for (cand = rup(lo, align); cand >= lo && cand <= hi - size;) {
		uint64_t busy = first_busy(R, cand, cand + size);

		if (busy == NONE) {
			*out = cand;
			return true;
		}
		cand = rup(busy + 1, align);
	}
	return false;
}

/*
 * The handlers of __reservedmem_of_table for region @i at [base, + size)
 * (item @it, or -1), and what a refusal gives back (doc/engine.md step 9;
 * 6.12: the region's line when they do not refuse it).
 */
static void init_region(struct ref *R, size_t i, uint64_t base, uint64_t size, int it)
{
	const struct mx_region *r = &R->p->regions[i];
	bool nomap = r->flags & MX_REGION_NOMAP;
	bool pool = ref_has_compat(r, "shared-dma-pool");
	bool reusable = r->flags & MX_REGION_REUSABLE;
	bool refused = false, is_cma = false;

	if (pool && reusable && !nomap) {
		if (base % R->cma_align || size % R->cma_align)
			refused = true; /* cma-alignment */
		else if ((r->flags & MX_REGION_CMA_DEFAULT) && R->v510 && R->cma_cmdline)
			refused = true; /* bypassed: cma= wins */
		else
			is_cma = true;
	} else if (pool && reusable) {
		refused = true; /* CMA refuses no-map, the coherent pool refuses reusable */
	} else if (pool) {
		refused = R->arch == MX_ARCH_ARM && !nomap;
	}
	if (is_cma) {
		if (R->ncma == sizeof(R->cma) / sizeof(R->cma[0])) {
			ref_unsupported(R, "too many CMA areas");
		} else {
			R->cma[R->ncma].base = base;
			R->cma[R->ncma].size = size;
			R->ncma++;
		}
		if (r->flags & MX_REGION_CMA_DEFAULT)
			R->dt_default = true;
		if (it >= 0)
			R->r->items[it].cma = true;
	}
	if (!refused && R->v612 && it >= 0)
		R->r->items[it].rmem_line = true;
	if (refused && R->v61 && nomap) {
		/*
		 * 6.1 fdt_init_reserved_mem(): a no-map node whose init fails
		 * is only memblock_clear_nomap()ed (a dynamic one stays reserved)
		 */
		ref_gclear(R, base, base + size, G_NOMAP);
		R->rplaced[i] = false;
		if (it >= 0)
			R->r->items[it].given_back = true;
	} else if (refused && R->v510) {
		ref_gclear(R, base, base + size, G_RSV);
		if (nomap)
			ref_gset(R, base, base + size, G_MEM);
		R->rplaced[i] = false; /* given back: nothing left to free later */
		if (it >= 0)
			R->r->items[it].given_back = true;
	}
}

/* The occurrence-0 item of region @i, or -1. */
static int region_item0(const struct ref *R, size_t i)
{
	for (size_t j = 0; j < R->r->nitems; j++)
		if (R->r->items[j].cls == DREF_C_REGION && R->r->items[j].idx == (int)i &&
		    R->r->items[j].occ == 0)
			return (int)j;
	return -1;
}

/*
 * Step 9: the saved regions in the flavour's order, dynamic ones
 * allocated, then initialised. 6.12: the dynamic ones only, in DT order,
 * each initialised before the next is allocated (the statics wait for
 * ref_step_rmem_static_init()).
 */
void ref_step_rmem_dynamic(struct ref *R)
{
	const struct mx_profile *p = R->p;
	size_t *order = calloc(p->nregions + 1, sizeof(*order));
	uint64_t *kb = calloc(p->nregions + 1, sizeof(*kb));
	uint64_t *ks = calloc(p->nregions + 1, sizeof(*ks));
	uint64_t (*done)[2] = calloc(p->nregions + 1, sizeof(*done));
	size_t n = 0, ndone = 0;
	bool any_dynamic = false;

	if (!order || !kb || !ks || !done) {
		R->oom = true;
		goto out;
	}
	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];

		if (r->flags & MX_REGION_DISABLED)
			continue;
		if (!r->nreg && !(r->has_size && r->size)) {
			ref_unsupported(R, "region without reg or size");
			continue;
		}
		if (R->v612 && r->nreg)
			continue;
		any_dynamic |= !r->nreg;
		kb[i] = r->nreg ? r->reg[0].base : 0;
		ks[i] = r->nreg ? r->reg[0].size : 0;
		order[n++] = i;
	}
	/*
	 * Known engine issue "memreserve-late": 6.12 early_init_fdt_scan_reserved_mem()
	 * reserves the /memreserve/ entries after the dynamic regions; the
	 * engine reserves them with the DTB, before (doc/engine.md says so).
	 */
	if (R->v612 && p->nmemreserve && any_dynamic)
		ref_known_issue(R, "memreserve-late: %zu /memreserve/ entries and dynamic regions",
				p->nmemreserve);
	if (R->v510 && !R->v612)
		heapsort_idx(order, kb, ks, n);

	for (size_t k = 0; k < n; k++) {
		size_t i = order[k];
		const struct mx_region *r = &p->regions[i];
		bool nomap = r->flags & MX_REGION_NOMAP;
		bool pool = ref_has_compat(r, "shared-dma-pool");
		bool reusable = r->flags & MX_REGION_REUSABLE;
		uint64_t base, size;
		int it;

		if (!r->nreg) {
			/* SMP_CACHE_BYTES in every flavour (doc/engine.md, "Where the kernel overrules SPEC") */
			uint64_t align = r->align ? r->align : 64;
			bool ok = false;

			if (pool && reusable && !nomap)
				align = max64(align, R->cma_align);
			size = r->size;
			if (nomap && size % GRAN)
				ref_unsupported(R, "dynamic no-map size not a multiple of 64");
			base = 0;
			if (r->nalloc_ranges) {
				for (size_t w = 0; w < r->nalloc_ranges && !ok; w++) {
					const struct mx_range *a = &r->alloc_ranges[w];
					uint64_t lo, hi, raw = a->base + a->size;

					if (R->arch == MX_ARCH_ARM && !R->p->kside.lpae)
						raw &= 0xffffffffu;
					if (!alloc_window(R, a, &lo, &hi))
						continue;
					if (R->v612 && window_bottom_up((const uint64_t (*)[2])done, ndone,
									a->base, raw))
						ok = find_bottom_up(R, size, align, lo, hi, &base) &&
						     ref_gset(R, base, base + size, G_RSV);
					else
						ok = ref_place(R, size, align, lo, hi, &base);
				}
			} else {
				ok = ref_place(R, size, align, 0, NONE, &base);
			}
			if (!ok) {
				ref_item(R, DREF_C_REGION, (int)i, 0, MX_ITEM_DYNAMIC, r->name, DREF_FAILED,
				     0, size);
				continue;
			}
			it = ref_item(R, DREF_C_REGION, (int)i, 0, MX_ITEM_DYNAMIC, r->name, DREF_PLACED,
				  base, size);
			if (nomap && !(R->v61 ? ref_nomap_mark(R, base, base + size) :
				       ref_gclear(R, base, base + size, G_MEM))) {
				/*
				 * memory's array is full. __reserved_mem_alloc_size() only
				 * checks "base == 0", so the node stays allocated, just
				 * not no-map: 6.1 early_init_dt_alloc_reserved_memory_arch()
				 * memblock_phys_free()s it, 5.10's never reserved it,
				 * 3.18's keeps it reserved.
				 *
				 * Known engine issue "dyn-nomap-full": the engine marks the
				 * region failed (doc/engine.md: "a NOMAP mark fails").
				 */
				ref_known_issue(R, "dyn-nomap-full: %s", r->name);
				if (R->v61)
					ref_gclear(R, base, base + size, G_RSV);
				else if (R->v510)
					ref_unreserve_raw(R, base, base + size);
			}
			R->rplaced[i] = true;
			R->rbase[i] = base;
			R->rsize[i] = size;
			/* 6.12: every reusable pool allocated goes to dma_mmu_remap[] */
			if (R->v612 && pool && reusable)
				ref_remap_add(R, base, base + size);
			done[ndone][0] = base;
			done[ndone][1] = size;
			ndone++;
		} else {
			base = r->reg[0].base;
			size = r->reg[0].size;
			it = region_item0(R, i);
		}
		init_region(R, i, base, size, it);
	}
out:
	free(order);
	free(kb);
	free(ks);
	free(done);
}

/*
 * 6.12 fdt_scan_reserved_mem_reg_nodes() (doc/engine.md, "The 6.12
 * flavour"): every enabled region with reg whose first entry has a size,
 * in DT order, initialised with that first entry (refused or outside
 * memory included).
 */
void ref_step_rmem_static_init(struct ref *R)
{
	const struct mx_profile *p = R->p;

	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];

		if ((r->flags & MX_REGION_DISABLED) || !r->nreg || !r->reg[0].size)
			continue;
		init_region(R, i, r->reg[0].base, r->reg[0].size, region_item0(R, i));
	}
}
