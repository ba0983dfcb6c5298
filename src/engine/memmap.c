/* memmap.c - the struct page array: FLATMEM node maps, SPARSEMEM sections, free_unused_memmap */
#include <inttypes.h>
#include <stdio.h>

#include "engine_internal.h"

/* mm/page_alloc.c: calc_memmap_size() - the figure printed per zone */
uint64_t mxi_calc_memmap_pages(uint64_t spanned, uint64_t present, bool sparse,
			      uint32_t struct_page, uint64_t page)
{
	uint64_t pages = spanned;

	if (sparse && spanned > present + (present >> 4))
		pages = present;
	return mx_round_up(pages * struct_page, page) / page;
}

static unsigned long_bytes(const struct mx_params *P)
{
	return P->arch == MX_ARCH_ARM ? 4 : 8;
}

/* mm/page_alloc.c: usemap_size() for one zone (FLATMEM) */
static uint64_t zone_usemap_size(const struct mx_params *P, uint64_t zone_start_pfn,
				 uint64_t zonesize)
{
	uint64_t nr = 1ULL << P->pageblock_order, bits;

	zonesize += zone_start_pfn & (nr - 1);
	bits = (mx_round_up(zonesize, nr) >> P->pageblock_order) * MX_NR_PAGEBLOCK_BITS;
	bits = mx_round_up(bits, 8ULL * long_bytes(P));
	return bits / 8;
}

uint64_t mxi_memmap_addr(const struct mx_ctx *c, uint64_t pfn)
{
	return c->mem_map_base + (pfn - c->mem_map_pfn0) * c->P->struct_page;
}

static int alloc_item(struct mx_ctx *c, enum mx_item_kind kind, const char *name, uint64_t size,
		      uint64_t align, uint64_t lo, uint64_t *out)
{
	return mxi_ctx_alloc_item(c, kind, name, size, align, lo, c->current_limit, out);
}

/* mm/page_alloc.c: alloc_node_mem_map() then setup_usemap() per zone */
static void flat_memmap(struct mx_ctx *c)
{
	const struct mx_params *P = c->P;
	uint64_t mo = 1ULL << (P->max_order - 1);
	uint64_t start = mx_round_down(c->node_start_pfn, mo);
	uint64_t end = mx_round_up(c->node_end_pfn, mo);
	uint64_t size = (end - start) * P->struct_page, base;

	if (alloc_item(c, MX_ITEM_MEMMAP, "mem_map", size, P->smp_cache_bytes, 0, &base) >= 0) {
		c->mem_map_base = base;
		c->mem_map_pfn0 = start;
		c->have_mem_map = true;
		c->L->sum.memmap_base = base;
		c->L->sum.memmap_alloc = size;
		c->L->sum.memmap_bytes = size;
		mxi_ctx_log(c, MX_LOG_MEMX, (int)c->L->nitems - 1,
			   "alloc_node_mem_map: %" PRIu64 " bytes at " MXI_PA " (pfn 0x%" PRIx64 "-0x%" PRIx64
			   " x %u B)", size, mxi_pa_digits(c), base, start, end,
			   P->struct_page);
	}
	for (size_t z = 0; z < c->L->nzones; z++) {
		const struct mx_zone *zn = &c->L->zones[z];
		char name[40];

		if (!zn->spanned)
			continue;
		snprintf(name, sizeof(name), "usemap (%s)", zn->name);
		alloc_item(c, MX_ITEM_MEMMAP_META, name,
			   zone_usemap_size(P, zn->start_pfn, zn->spanned), P->smp_cache_bytes, 0, NULL);
	}
}

/* The present sections of memory as runs of consecutive section numbers. */
static size_t section_runs(const struct mx_ctx *c, unsigned shift, struct mx_rangeset *out)
{
	const struct mx_rangeset *m = &c->L->memory;
	uint64_t limit = c->P->max_physmem_bits < 64 ? 1ULL << c->P->max_physmem_bits : UINT64_MAX;

	/* sections as [first, last + 1) ranges in a range set: merging does the rest */
	mx_rangeset_clear(out);
	for (size_t i = 0; i < m->cnt; i++) {
		uint64_t s = m->r[i].base, e = mx_range_end(&m->r[i]);

		uint64_t ps, pe;

		if (s >= limit) /* mminit_validate_memmodel_limits(): beyond MAX_PHYSMEM_BITS */
			break;
		if (e > limit)
			e = limit;
		/* memblocks_present(): whole pages only, PFN_UP(base)..PFN_DOWN(end) */
		ps = mx_round_up(s, c->page) / c->page;
		pe = e / c->page;
		if (ps >= pe)
			continue;
		if (mx_rangeset_add(out, ps >> shift, ((pe - 1) >> shift) - (ps >> shift) + 1))
			return 0;
	}
	return out->cnt;
}

/*
 * mm/sparse.c: memblocks_present() (mem_section roots, one root page per
 * used root with SPARSEMEM_EXTREME), sparse_init_nid() (usemaps, then one
 * buffer for the section memmaps), vmemmap_populate() (page tables; base
 * pages or PMD blocks taken from the buffer) and sparse_buffer_fini() (the
 * unused tail of the buffer is freed). Everything is counted per run of
 * consecutive sections, so huge or odd memory maps stay cheap.
 */
static void sparse_memmap(struct mx_ctx *c)
{
	const struct mx_params *P = c->P;
	struct mx_layout *L = c->L;
	struct mx_rangeset *runs = &L->tmp2;
	unsigned pfn_section_shift = P->section_size_bits - P->page_shift;
	uint64_t pages_per_section = 1ULL << pfn_section_shift;
	uint64_t ptr = P->arch == MX_ARCH_ARM ? 4 : 8;
	/* struct mem_section: section_mem_map + usage (+ page_ext and a pad with PAGE_EXTENSION) */
	uint64_t ms_size = (c->p->kside.page_extension ? 4 : 2) * ptr;
	uint64_t sections_per_root = P->page / ms_size;
	uint64_t nr_sections = 1ULL << (P->max_physmem_bits - P->section_size_bits);
	uint64_t nr_roots = (nr_sections + sections_per_root - 1) / sections_per_root;
	uint64_t present = 0, last_root = UINT64_MAX;
	uint64_t map_bytes = pages_per_section * P->struct_page;
	uint64_t pmd = P->page * (P->page / 8); /* what one page-table page maps */
	uint64_t section_map, bufsize, buf, used = 0, usage, bits, total;
	uint64_t lvl_span[4], lvl_last[4], last_leaf = UINT64_MAX;
	uint64_t start = mx_rangeset_start(&L->memory);
	unsigned nlvl, leaf;
	size_t nruns;

	if (P->extreme && alloc_item(c, MX_ITEM_MEMMAP_META, "mem_section roots", nr_roots * ptr,
				     P->smp_cache_bytes, 0, NULL) >= 0) {
		L->sum.sparse_roots = nr_roots * ptr;
		mxi_ctx_log(c, MX_LOG_MEMX, (int)L->nitems - 1,
			   "sparse: %" PRIu64 " bytes for %" PRIu64 " mem_section roots "
			   "(MAX_PHYSMEM_BITS %u, SECTION_SIZE_BITS %u)", nr_roots * ptr, nr_roots,
			   P->max_physmem_bits, P->section_size_bits);
	}
	nruns = section_runs(c, pfn_section_shift, runs);
	for (size_t i = 0; i < nruns; i++)
		present += runs->r[i].size;
	if (!present)
		return;
	/* a root page for each root that holds a present section (sparse_index_init) */
	for (size_t i = 0; i < nruns && P->extreme; i++) {
		uint64_t r0 = runs->r[i].base / sections_per_root;
		uint64_t r1 = (mx_range_end(&runs->r[i]) - 1) / sections_per_root;

		for (uint64_t r = r0; r <= r1; r++) {
			if (r == last_root)
				continue;
			last_root = r;
			if (alloc_item(c, MX_ITEM_MEMMAP_META, "mem_section root page",
				       sections_per_root * ms_size, P->smp_cache_bytes, 0, NULL) < 0)
				return; /* no room: the rest would fail the same way */
		}
	}

	/*
	 * include/linux/mmzone.h: struct mem_section_usage is, with VMEMMAP on
	 * 5.x, a bitmap of 2 MiB subsections (SUBSECTION_SHIFT 21), then the
	 * pageblock flags; each part a whole number of longs.
	 */
	bits = (1ULL << (pfn_section_shift - P->pageblock_order)) * MX_NR_PAGEBLOCK_BITS;
	usage = mx_round_up(bits, 8 * ptr) / 8;
	if (c->fl->subsection_map && P->vmemmap) {
		uint64_t sub = P->section_size_bits > 21 ? 1ULL << (P->section_size_bits - 21) : 1;

		usage += mx_round_up(sub, 8 * ptr) / 8;
	}
	if (c->fl->usage_rcu)
		usage += 2 * ptr; /* struct rcu_head (6.1.75: "fix race in accessing memory_section->usage") */
	if (alloc_item(c, MX_ITEM_MEMMAP_META, "section usemaps", usage * present, P->smp_cache_bytes,
		       0, NULL) < 0)
		return;

	section_map = P->vmemmap ? mx_round_up(map_bytes, 2ULL << 20) : mx_round_up(map_bytes, P->page);
	if (present > UINT64_MAX / section_map) {
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_ALLOC_FAILED, &c->p->pos, -1,
			    "%" PRIu64 " present sections: their memmap does not fit in 64 bits", present);
		return;
	}
	bufsize = section_map * present;
	/*
	 * sparse_buffer_init() aligns to section_map_size(); memblock's round_down
	 * only means something for powers of two, so other sizes align to 2 MiB.
	 */
	if (alloc_item(c, MX_ITEM_MEMMAP, "memmap (sections)", bufsize,
		       !P->vmemmap ? P->page : mx_is_pow2(section_map) ? section_map : 2ULL << 20,
		       start, &buf) < 0)
		return;
	L->sum.memmap_alloc = bufsize;
	mxi_ctx_log(c, MX_LOG_MEMX, (int)L->nitems - 1,
		   "sparse_buffer_init: %" PRIu64 " bytes at " MXI_PA " for %" PRIu64 " present section(s)",
		   bufsize, mxi_pa_digits(c), buf, present);

	/*
	 * Walk the vmemmap of every run of present sections. Tables below the
	 * top level are allocated the first time their span is entered: with
	 * 4 KiB pages a PTE table maps 2 MiB, a PMD table 1 GiB, a PUD table
	 * 512 GiB. Leaves are base pages, or PMD blocks on arm64.
	 */
	nlvl = P->pgtable_levels > 1 ? P->pgtable_levels - 1 : 1; /* table levels below the PGD */
	leaf = P->vmemmap_pmd ? 1 : 0;                             /* lowest level allocated */
	lvl_span[0] = pmd;
	for (unsigned k = 1; k < 4; k++)
		lvl_span[k] = lvl_span[k - 1] * (P->page / 8);
	for (unsigned k = 0; k < 4; k++)
		lvl_last[k] = UINT64_MAX;
	if (!P->vmemmap)
		used = mx_round_up(map_bytes, P->page) * present;
	for (size_t i = 0; i < nruns && P->vmemmap; i++) {
		uint64_t vbase = P->arch == MX_ARCH_ARM64 ? mx_round_down(start, 1ULL << 30) / P->page : 0;
		uint64_t pfn0 = runs->r[i].base << pfn_section_shift;
		uint64_t v0 = (pfn0 - vbase) * P->struct_page;
		uint64_t v1 = v0 + runs->r[i].size * map_bytes;
		uint64_t step = P->vmemmap_pmd ? pmd : P->page;
		uint64_t l0 = v0 / step, l1 = (v1 - 1) / step;

		/* leaves: every step of [v0, v1) not populated by the previous run */
		if (last_leaf != UINT64_MAX && l0 <= last_leaf)
			l0 = last_leaf + 1;
		if (l0 <= l1)
			used += (l1 - l0 + 1) * step;
		last_leaf = l1 > last_leaf || last_leaf == UINT64_MAX ? l1 : last_leaf;
		/* tables: every new span at each level, the higher levels first */
		for (unsigned k = nlvl; k-- > leaf;) {
			uint64_t t0 = v0 / lvl_span[k], t1 = (v1 - 1) / lvl_span[k];

			if (lvl_last[k] != UINT64_MAX && t0 <= lvl_last[k])
				t0 = lvl_last[k] + 1;
			/*
			 * One page per table, as the kernel does; past 4096 tables of
			 * one level (a map of terabytes) the rest is one allocation of
			 * as many pages, so absurd maps stay cheap to compute.
			 */
			for (uint64_t t = t0; t <= t1 && t >= t0; t++) {
				uint64_t left = t1 - t + 1, n = t - t0 < 4096 ? 1 : left;

				if (alloc_item(c, MX_ITEM_MEMMAP_META, "vmemmap page table", n * P->page, P->page,
					       start, NULL) < 0)
					return;
				if (n > 1)
					break;
			}
			if (t1 + 1 > t0 || lvl_last[k] == UINT64_MAX)
				lvl_last[k] = t1;
		}
	}
	total = used < bufsize ? used : bufsize;
	L->sum.memmap_bytes = total;
	if (total < bufsize) {
		mxi_ctx_unreserve(c, buf + total, bufsize - total);
		mxi_ctx_log(c, MX_LOG_MEMX, -1,
			   "sparse_buffer_fini: unused tail of %" PRIu64 " bytes at " MXI_PA " freed",
			   bufsize - total, mxi_pa_digits(c), buf + total);
	}
}

void mxi_step_memmap(struct mx_ctx *c)
{
	if (!c->L->memory.cnt)
		return;
	mxi_zones_compute(c);
	if (c->P->model == MX_MM_SPARSE)
		sparse_memmap(c);
	else
		flat_memmap(c);
	/* 6.10+ free_area_init() ends with calc_nr_kernel_pages() (the hashes' input) */
	if (c->fl->nr_kernel_pages_free && mxi_models_on(c))
		mxi_nr_kernel_pages_snapshot(c);
}

/* arch/arm/mm/init.c: free_memmap() - the whole pages of the map slice of [s, e) */
static void free_memmap(struct mx_ctx *c, uint64_t s, uint64_t e)
{
	uint64_t pg = mx_round_up(mxi_memmap_addr(c, s), c->page);
	uint64_t pgend = mx_round_down(mxi_memmap_addr(c, e), c->page);

	if (pg >= pgend)
		return;
	mxi_ctx_unreserve(c, pg, pgend - pg);
	c->L->sum.memmap_unused_freed += pgend - pg;
	c->L->sum.memmap_bytes -= pgend - pg;
	mxi_ctx_log(c, MX_LOG_MEMX, -1,
		   "free_unused_memmap: %" PRIu64 "K of memmap at " MXI_PA " (pfn 0x%" PRIx64 "-0x%" PRIx64 ")",
		   (pgend - pg) >> 10, mxi_pa_digits(c), pg, s, e);
}

/*
 * arch/arm/mm/init.c (mm/memblock.c on 6.x): free_unused_memmap() - the
 * memmap of the holes between memblock.memory regions, in whole MAX_ORDER
 * blocks (whole pageblocks on 6.x).
 */
void mxi_step_free_unused_memmap(struct mx_ctx *c)
{
	const struct mx_rangeset *m = &c->L->memory;
	uint64_t mo = 1ULL << (c->fl->unused_memmap_pageblock ? c->P->pageblock_order :
			       c->P->max_order - 1), prev_end = 0;

	if (!c->have_mem_map)
		return;
	for (size_t i = 0; i < m->cnt; i++) {
		uint64_t start = (m->r[i].base + c->page - 1) / c->page;
		uint64_t end = mx_range_end(&m->r[i]) / c->page;

		start = mx_round_down(start, mo);
		if (prev_end && prev_end < start)
			free_memmap(c, prev_end, start);
		prev_end = mx_round_up(end, mo);
	}
}
