/* diffref_late.c - the reference model's memmap, zones and late releases */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diffref_internal.h"

static bool mem_pfns(const struct ref *R, uint64_t *first, uint64_t *end)
{
	size_t i, j;

	for (i = 0; i < R->npages && !ref_page_mem(R, i); i++)
		;
	if (i == R->npages)
		return false;
	for (j = R->npages; !ref_page_mem(R, j - 1); j--)
		;
	*first = ref_pfn0(R) + i;
	*end = ref_pfn0(R) + j;
	return true;
}

/* calc_memmap_size(): the zone's struct pages, in pages */
uint64_t ref_calc_memmap(const struct ref *R, uint64_t spanned, uint64_t present)
{
	uint64_t pages = spanned;

	if (R->sparse && spanned > present + present / 16)
		pages = present;
	return rup(pages * R->sp, R->page) / R->page;
}

static void zones(struct ref *R, uint64_t first, uint64_t end)
{
	struct dref_result *r = R->r;
	uint64_t mstart = 0, mend = 0;

	ref_mem_first_last(R, &mstart, &mend);
	switch (R->arch) {
	case MX_ARCH_ARM:
		R->zbound_pfn = R->hs / R->page;
		break;
	case MX_ARCH_ARM64:
		R->zbound_pfn = (rdown(mstart, 4 * GiB) + 4 * GiB) / R->page;
		/* 6.1 max_zone_phys(): ZONE_DMA is all memory when it starts above 4 GiB */
		if (R->v61)
			R->zbound_pfn = mstart > 0xffffffffu ? NONE : 4 * GiB / R->page;
		break;
	default:
		R->zbound_pfn = 4 * GiB / R->page;
		break;
	}
	r->nzones = 2;
	for (size_t z = 0; z < 2; z++) {
		struct dref_zone *Z = &r->zones[z];
		uint64_t zlo = z ? R->zbound_pfn : 0, zhi = z ? NONE : R->zbound_pfn;

		Z->highmem = z == 1 && R->arch == MX_ARCH_ARM;
		Z->start_pfn = max64(zlo, first);
		Z->end_pfn = min64(zhi, end);
		if (Z->end_pfn <= Z->start_pfn) {
			Z->end_pfn = Z->start_pfn;
			continue;
		}
		Z->spanned = Z->end_pfn - Z->start_pfn;
		for (uint64_t pfn = Z->start_pfn; pfn < Z->end_pfn; pfn++)
			Z->present += ref_page_mem(R, (size_t)(pfn - ref_pfn0(R)));
		Z->memmap_pages = Z->highmem ? 0 : ref_calc_memmap(R, Z->spanned, Z->present);
	}
	/*
	 * "Total pages": the zones' present pages less each lowmem zone's
	 * memmap pages; 6.12 (zone_init_internals(present)) the present pages
	 */
	r->total_pages = 0;
	for (size_t z = 0; z < 2; z++)
		r->total_pages += r->zones[z].present -
				  (R->v612 ? 0 : min64(r->zones[z].memmap_pages, r->zones[z].present));
}

static uint64_t bits_per_long(const struct ref *R)
{
	return R->arch == MX_ARCH_ARM ? 32 : 64;
}

static void memmap_flat(struct ref *R, uint64_t first, uint64_t end)
{
	static const char *const usemap_name[2][2] = {
		{ "usemap (Normal)", "usemap (HighMem)" }, /* arm */
		{ "usemap (DMA)", "usemap (Normal)" },
	};
	uint64_t start = rdown(first, R->mo_nr), stop = rup(end, R->mo_nr);
	uint64_t size = (stop - start) * R->sp, base = 0;
	uint64_t pb_nr = 1ULL << R->pb_order;

	R->have_map = ref_place(R, size, 64, 0, R->current_limit, &base);
	ref_memmap_item(R, MX_ITEM_MEMMAP, "mem_map", R->have_map, base, size);
	if (R->have_map) {
		R->map_base = base;
		R->map_pfn0 = start;
		R->map_size = size;
		R->r->memmap_alloc = size;
	}
	for (size_t z = 0; z < R->r->nzones; z++) {
		const struct dref_zone *Z = &R->r->zones[z];
		uint64_t n, bits, ub = 0;
		bool ok;

		if (!Z->spanned)
			continue;
		n = Z->spanned + Z->start_pfn % pb_nr;
		bits = rup(n, pb_nr) / pb_nr * 4;
		bits = rup(bits, bits_per_long(R));
		ok = ref_place(R, bits / 8, 64, 0, R->current_limit, &ub);
		ref_memmap_item(R, MX_ITEM_MEMMAP_META, usemap_name[R->arch != MX_ARCH_ARM][z], ok, ub,
			    bits / 8);
	}
}

static uint64_t map_addr(const struct ref *R, uint64_t pfn)
{
	return R->map_base + (pfn - R->map_pfn0) * R->sp;
}

static void memmap_sparse(struct ref *R, uint64_t first, uint64_t end)
{
	unsigned shift = R->ssb - 12; /* PFN_SECTION_SHIFT */
	uint64_t pps = 1ULL << shift;
	uint64_t s0 = first >> shift, s1 = (end - 1) >> shift;
	size_t nsec = (size_t)(s1 - s0 + 1), npresent = 0;
	bool *present = calloc(nsec, sizeof(*present));
	uint64_t mstart = 0, mend = 0, a = 0, bufsize, section_map, balign, buf = 0;
	bool buf_ok;

	if (!present) {
		R->oom = true;
		return;
	}
	ref_mem_first_last(R, &mstart, &mend);
	for (uint64_t pfn = first; pfn < end; pfn++)
		if (ref_page_mem(R, (size_t)(pfn - ref_pfn0(R))))
			present[(pfn >> shift) - s0] = true;
	for (size_t i = 0; i < nsec; i++)
		npresent += present[i];

	if (R->extreme) {
		uint64_t ptr = R->arch == MX_ARCH_ARM ? 4 : 8;
		/* struct mem_section: 2 words, 4 with page-extension (6.1 kernel-side) */
		uint64_t per_root = R->page / ((R->p->kside.page_extension ? 4 : 2) * ptr);
		uint64_t nr_sections = 1ULL << (R->mpb - R->ssb);
		uint64_t roots = rup(nr_sections, per_root) / per_root * ptr;
		uint64_t last_root = NONE;
		bool ok = ref_place(R, roots, 64, 0, R->current_limit, &a);

		ref_memmap_item(R, MX_ITEM_MEMMAP_META, "mem_section roots", ok, a, roots);
		/*
		 * doc/engine.md is silent on a root page that does not fit; read as
		 * the engine does it: the walk ends there, and that section and all
		 * later ones are not present (no usemap, no memmap).
		 */
		for (size_t i = 0; i < nsec; i++) {
			uint64_t root = (s0 + i) / per_root;

			if (!present[i] || root == last_root)
				continue;
			last_root = root;
			ok = ref_place(R, R->page, 64, 0, R->current_limit, &a);
			ref_memmap_item(R, MX_ITEM_MEMMAP_META, "mem_section root page", ok, a, R->page);
			if (!ok) {
				memset(present + i, 0, (nsec - i) * sizeof(*present));
				break;
			}
		}
		npresent = 0;
		for (size_t i = 0; i < nsec; i++)
			npresent += present[i];
	}
	if (!npresent) {
		free(present); /* nothing left to allocate for */
		return;
	}
	{
		/* 5.10 with VMEMMAP: a bitmap of the section's 2 MiB subsections first */
		uint64_t sub = R->v510 && R->vmemmap ?
			       rup(1ULL << (R->ssb - 21), bits_per_long(R)) / 8 : 0;
		uint64_t bits = rup((1ULL << (shift - R->pb_order)) * 4, bits_per_long(R));
		/* 6.1 (6.1.75+): a trailing struct rcu_head, two pointers */
		uint64_t rcu = R->v61 ? 2 * (bits_per_long(R) / 8) : 0;
		uint64_t size = (sub + bits / 8 + rcu) * npresent;
		bool ok = ref_place(R, size, 64, 0, R->current_limit, &a);

		ref_memmap_item(R, MX_ITEM_MEMMAP_META, "section usemaps", ok, a, size);
		if (!ok) {
			/* silent in doc/engine.md; read as sparse_init_nid(): no memmap then */
			free(present);
			return;
		}
	}
	section_map = R->vmemmap ? rup(pps * R->sp, 2 * MiB) : rup(pps * R->sp, R->page);
	/* doc/engine.md: the buffer is aligned to section_map (2 MiB when that is no power of two) */
	balign = !R->vmemmap ? R->page : (section_map & (section_map - 1)) ? 2 * MiB : section_map;
	bufsize = section_map * npresent;
	buf_ok = ref_place(R, bufsize, balign, mstart, R->current_limit, &buf);
	ref_memmap_item(R, MX_ITEM_MEMMAP, "memmap (sections)", buf_ok, buf, bufsize);
	if (buf_ok)
		R->r->memmap_alloc = bufsize;
	/*
	 * doc/engine.md does not say what happens without the buffer; read as:
	 * nothing to populate the vmemmap from, so no leaves and no page tables.
	 */
	if (!R->vmemmap || !buf_ok) {
		R->r->memmap_bytes = buf_ok ? bufsize : 0;
		free(present);
		return;
	}
	{
		uint64_t step = R->arch == MX_ARCH_ARM64 ? 2 * MiB : R->page;
		uint64_t base_pfn = R->arch == MX_ARCH_ARM64 ? rdown(mstart, GiB) / R->page : 0;
		uint64_t consumed = 0, last_leaf = NONE, last_pud = NONE, last_pmd = NONE,
			 last_pte = NONE;

		for (size_t i = 0; i < nsec; i++) {
			uint64_t sp0 = (s0 + i) * pps, off_s, off_e;

			if (!present[i])
				continue;
			if (sp0 < base_pfn) {
				ref_unsupported(R, "section below the vmemmap base");
				continue;
			}
			off_s = (sp0 - base_pfn) * R->sp;
			off_e = (sp0 + pps - base_pfn) * R->sp;
			for (uint64_t leaf = rdown(off_s, step); leaf < off_e; leaf += step) {
				bool ok;

				if (leaf == last_leaf)
					continue; /* populated by the previous section */
				last_leaf = leaf;
				/* page-table pages, higher levels first */
				if (R->arch == MX_ARCH_ARM64 && leaf / (512 * GiB) != last_pud) {
					last_pud = leaf / (512 * GiB);
					ok = ref_place(R, R->page, R->page, mstart, R->current_limit, &a);
					ref_memmap_item(R, MX_ITEM_MEMMAP_META, "vmemmap page table", ok, a,
						    R->page);
				}
				if (leaf / GiB != last_pmd) {
					last_pmd = leaf / GiB;
					ok = ref_place(R, R->page, R->page, mstart, R->current_limit, &a);
					ref_memmap_item(R, MX_ITEM_MEMMAP_META, "vmemmap page table", ok, a,
						    R->page);
				}
				if (step == R->page && leaf / (2 * MiB) != last_pte) {
					last_pte = leaf / (2 * MiB);
					ok = ref_place(R, R->page, R->page, mstart, R->current_limit, &a);
					ref_memmap_item(R, MX_ITEM_MEMMAP_META, "vmemmap page table", ok, a,
						    R->page);
				}
				consumed += step;
			}
		}
		if (consumed > bufsize)
			ref_unsupported(R, "vmemmap consumes more than the buffer");
		if (consumed < bufsize)
			ref_gclear(R, buf + consumed, buf + bufsize, G_RSV); /* the unused tail */
		R->r->memmap_bytes = min64(consumed, bufsize);
	}
	free(present);
}

void ref_step_memmap(struct ref *R)
{
	uint64_t first, end;

	if (!mem_pfns(R, &first, &end)) {
		ref_unsupported(R, "no memory page at the memmap step");
		return;
	}
	zones(R, first, end);
	if (R->sparse)
		memmap_sparse(R, first, end);
	else
		memmap_flat(R, first, end);
	/* 6.12: free_area_init() ends with calc_nr_kernel_pages() */
	if (R->v612 && R->models)
		ref_nr_pages(R);
}

void ref_step_free_unused_memmap(struct ref *R)
{
	struct range *v;
	uint64_t blk;
	size_t n;

	if (R->sparse || !R->have_map)
		return;
	/* 6.1 (mm/memblock.c since 5.14): holes rounded to pageblocks, not MAX_ORDER blocks */
	blk = R->v61 ? 1ULL << R->pb_order : R->mo_nr;
	n = ref_mem_ranges(R, &v);
	for (size_t i = 1; i < n; i++) {
		uint64_t prev_end = rup(v[i - 1].e / R->page, blk);
		uint64_t start = rdown(rup(v[i].s, R->page) / R->page, blk);

		if (prev_end < start) {
			uint64_t a = map_addr(R, prev_end), b = map_addr(R, start);

			ref_unreserve_pages(R, a, b);
			R->r->memmap_unused_freed += ref_bytes_of_whole_pages(R, a, b);
		}
	}
	free(v);
}

/*
 * DEFERRED_STRUCT_PAGE_INIT (defer_init()): in the zone that ends the node,
 * memmap_init() walks the memory pfns in order and stops at the first
 * section-aligned pfn once more than a section's worth of pages came
 * before it (itself included); memblock_free_pages() skips the pages from
 * there on, so nr_free_pages() - the Memory line's "available" - does not
 * count them yet.
 */
static uint64_t deferred_available(const struct ref *R)
{
	const struct dref_zone *last = NULL;
	uint64_t pps = 1ULL << (R->ssb - 12), seen = 0, stop = NONE, n = 0;

	for (size_t z = 0; z < R->r->nzones; z++)
		if (R->r->zones[z].present && (!last || R->r->zones[z].end_pfn > last->end_pfn))
			last = &R->r->zones[z];
	for (uint64_t pfn = last ? last->start_pfn : 0; last && pfn < last->end_pfn; pfn++) {
		if (!ref_page_mem(R, (size_t)(pfn - ref_pfn0(R))))
			continue;
		if (++seen > pps && pfn % pps == 0) {
			stop = pfn;
			break;
		}
	}
	for (size_t i = 0; i < R->npages; i++)
		n += R->buddy[i] && ref_pfn0(R) + i < stop;
	return n;
}

void ref_step_mem_init(struct ref *R)
{
	struct dref_result *r = R->r;
	uint64_t mem, freep, buddy, high;

	for (size_t i = 0; i < R->npages; i++)
		R->buddy[i] = ref_page_free(R, i);
	R->after_mem_init = true;
	ref_count(R, &mem, &freep, &buddy, &high);
	r->physpages = mem;
	r->available = buddy;
	r->cma_reserved = ref_cma_pages(R);
	r->reserved = mem - buddy - (R->v510 ? r->cma_reserved : 0);
	r->highmem_free = high;
	/* 6.12 prints the Memory line after deferred init: X is every free page, a bound */
	if (R->kside && R->p->kside.deferred_init && R->sparse && !R->v612)
		r->available = deferred_available(R);
	r->available_bound = R->v612;
}

/* The zone whose span holds @pfn, or -1: a page past the spans is in no zone. */
static int zone_of(const struct ref *R, uint64_t pfn)
{
	for (size_t z = 0; z < R->r->nzones; z++)
		if (R->r->zones[z].start_pfn <= pfn && pfn < R->r->zones[z].end_pfn)
			return (int)z;
	return -1;
}

void ref_step_cma_activate(struct ref *R)
{
	for (size_t i = 0; i < R->ncma; i++) {
		uint64_t b = R->cma[i].base, e = b + R->cma[i].size;
		int z = zone_of(R, b / R->page);

		if (z >= 0 && z == zone_of(R, (e - 1) / R->page))
			ref_buddy_add(R, b, e);
		/*
		 * 6.1 cma_activate_area() gives the pages of an area that spans two
		 * zones to the buddy allocator and drops it from totalcma_pages
		 * ("Expose all pages to the buddy, they are useless for CMA").
		 */
		else if (R->v61) {
			ref_buddy_add(R, b, e);
			R->cma[i].exposed = true;
		}
	}
}

/*
 * free_initrd_mem(): the whole pages inside the initrd, or on 32-bit ARM
 * (ARM: 8167/1) the whole pages it touches
 */
void ref_step_initrd_free(struct ref *R)
{
	uint64_t b = R->initrd_base, e = b + R->initrd_size;

	if (R->initrd_item < 0)
		return;
	if (R->arch == MX_ARCH_ARM) {
		b = rdown(b, R->page);
		e = rup(e, R->page);
	}
	ref_buddy_add(R, b, e);
}

void ref_step_init_free(struct ref *R)
{
	ref_buddy_add(R, R->init_base, R->init_base + R->p->kernel_image.init);
}

void ref_step_fixup(struct ref *R)
{
	const struct mx_profile *p = R->p;

	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];
		uint64_t base = R->rbase[i], size = R->rsize[i], keep;

		if (!R->rplaced[i] || !(r->flags & MX_REGION_NOMAP_FIXUP) || (r->flags & MX_REGION_NOMAP))
			continue;
		keep = rdown(min64(r->has_fixup_keep ? r->fixup_keep : size, size), R->page);
		ref_gclear(R, base, base + size, G_RSV);
		ref_gclear(R, base, base + keep, G_MEM);
		if (!R->sparse && R->have_map) {
			uint64_t bs = rup(base / R->page, R->mo_nr);
			uint64_t be = rdown((base + keep) / R->page, R->mo_nr);

			if (bs < be) {
				uint64_t a = map_addr(R, bs), b = map_addr(R, be);

				ref_buddy_add(R, a, b);
				ref_unreserve_pages(R, a, b);
				R->fixup_map_freed += ref_bytes_of_whole_pages(R, a, b);
			}
		}
		ref_buddy_add(R, base + keep, base + size);
	}
}

void ref_step_freed_late(struct ref *R)
{
	const struct mx_profile *p = R->p;

	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];

		if (!R->rplaced[i] || !(r->flags & MX_REGION_FREED_LATE) || (r->flags & MX_REGION_NOMAP))
			continue;
		ref_gclear(R, R->rbase[i], R->rbase[i] + R->rsize[i], G_RSV);
		ref_buddy_add(R, R->rbase[i], R->rbase[i] + R->rsize[i]);
	}
}
