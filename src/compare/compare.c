/* compare.c - predicted figures against a boot log's, row by row */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/compare.h"
#include "core_internal.h"
#include "compare_internal.h"

void mx_compare_init(struct mx_compare *c)
{
	memset(c, 0, sizeof(*c));
	mx_rangeset_init(&c->obs_reserved);
}

void mx_compare_release(struct mx_compare *c)
{
	free(c->rows);
	mx_rangeset_release(&c->obs_reserved);
	mx_compare_init(c);
}

static struct mx_cmp_row *row(struct mx_compare *c, const char *group, const char *what,
			       enum mx_cmp_unit unit)
{
	struct mx_cmp_row *r;

	if (mxi_grow((void **)&c->rows, &c->maxrows, c->nrows + 1, sizeof(*c->rows)))
		return NULL;
	r = &c->rows[c->nrows++];
	memset(r, 0, sizeof(*r));
	snprintf(r->group, sizeof(r->group), "%s", group);
	snprintf(r->what, sizeof(r->what), "%s", what);
	r->unit = unit;
	r->item = -1;
	return r;
}

static int fig(struct mx_compare *c, const char *group, const char *what, enum mx_cmp_unit unit,
	       bool has_pred, uint64_t pred, bool has_obs, uint64_t obs, int item, int line)
{
	struct mx_cmp_row *r;

	if (!has_pred && !has_obs)
		return 0; /* neither side has it (no highmem on arm64): not a figure of this boot */
	if (!(r = row(c, group, what, unit)))
		return MX_ENOMEM;
	r->has_pred = has_pred;
	r->pred = pred;
	r->has_obs = has_obs;
	r->obs = obs;
	r->item = item;
	r->line = line;
	return 0;
}

int mxi_cmp_fig(struct mx_compare *c, const char *group, const char *what, enum mx_cmp_unit unit,
		bool has_pred, uint64_t pred, bool has_obs, uint64_t obs, int item, int line)
{
	return fig(c, group, what, unit, has_pred, pred, has_obs, obs, item, line);
}

/* "venus_region@0" and "venus_region" name the same node in a log line. */
static bool same_node(const char *a, const char *b)
{
	size_t la, lb;

	if (!a || !b)
		return false;
	if (!strcmp(a, b))
		return true;
	if (strchr(a, '@') && strchr(b, '@'))
		return false; /* two unit addresses that differ: two nodes */
	la = strcspn(a, "@");
	lb = strcspn(b, "@");
	return la == lb && !strncmp(a, b, la);
}

static int memory_line(struct mx_compare *c, const struct mx_layout *L, const struct mx_bootlog *b)
{
	const struct mx_summary *s = &L->sum;
	const struct mx_bootlog_memline *m = &b->mem;
	bool o = m->present;
	int r = 0, ln = m->line;

	r |= fig(c, "Memory line", "physpages", MX_CMP_KIB, true, mx_layout_kib(L, s->physpages), o, m->total_k, -1, ln);
	if (s->available_bound) {
		/*
		 * 6.11+: printed from page_alloc_init_late(), after the boot's
		 * first buddy allocations (slab, ftrace, per-cpu, workqueues...):
		 * the prediction is the most it can be; what the boot took by
		 * then (T - R - C - available of the log itself) is shown beside it
		 */
		uint64_t tk = m->total_k, taken = m->reserved_k + (m->has_cma ? m->cma_reserved_k : 0);

		r |= fig(c, "Memory line", "available (at most)", MX_CMP_KIB, true,
			 mx_layout_kib(L, s->available), o, m->available_k, -1, ln);
		if (c->nrows)
			c->rows[c->nrows - 1].match = MX_CMP_AT_MOST;
		if (o && tk >= taken + m->available_k) {
			r |= fig(c, "Memory line", "taken by the boot by then", MX_CMP_KIB, false, 0, true,
				 tk - taken - m->available_k, -1, ln);
			if (c->nrows)
				c->rows[c->nrows - 1].match = MX_CMP_INFO;
		}
	} else {
		r |= fig(c, "Memory line", "available", MX_CMP_KIB, true, mx_layout_kib(L, s->available), o,
			 m->available_k, -1, ln);
	}
	r |= fig(c, "Memory line", "reserved", MX_CMP_KIB, true, mx_layout_kib(L, s->reserved), o, m->reserved_k, -1, ln);
	r |= fig(c, "Memory line", "cma-reserved", MX_CMP_KIB, L->params.flavour->memory_line_cma,
		 mx_layout_kib(L, s->cma_reserved), o && m->has_cma, m->cma_reserved_k, -1, ln);
	r |= fig(c, "Memory line", "highmem", MX_CMP_KIB, s->has_highmem, mx_layout_kib(L, s->highmem_free),
		 o && m->has_highmem, m->highmem_k, -1, ln);
	if (o) {
		c->reserved_residual_k = (int64_t)m->reserved_k - (int64_t)mx_layout_kib(L, s->reserved);
		c->has_residual = true;
	}
	return r;
}

static int meminfo(struct mx_compare *c, const struct mx_layout *L, const struct mx_bootlog *b)
{
	static const char *const names[] = { "MemTotal", "CmaTotal", "HighTotal" };
	const struct mx_summary *s = &L->sum;
	uint64_t pred[3] = { mx_layout_kib(L, s->memtotal), mx_layout_kib(L, s->cmatotal), mx_layout_kib(L, s->hightotal) };
	bool has[3] = { true, true, s->has_highmem };
	int r = 0, line = b->nmeminfo ? b->meminfo[b->nmeminfo - 1].line : 0;

	for (size_t i = 0; i < 3; i++) {
		uint64_t v = 0;
		bool o = mx_bootlog_meminfo_get(b, names[i], &v);

		/* a kernel without highmem prints no HighTotal: nothing to compare */
		if (!has[i] && !o)
			continue;
		r |= fig(c, "meminfo", names[i], MX_CMP_KIB, has[i], pred[i], o, v, -1, line);
	}
	return r;
}

static int freed(struct mx_compare *c, const struct mx_layout *L, const struct mx_bootlog *b)
{
	const struct mx_bootlog_freed *fi = NULL, *fk = NULL;
	int r = 0;

	for (size_t i = 0; i < b->nfreed; i++) {
		if (!strcmp(b->freed[i].what, "initrd"))
			fi = &b->freed[i];
		else if (!strncmp(b->freed[i].what, "unused kernel", 13))
			fk = &b->freed[i];
	}
	if (L->sum.initrd_freed || fi)
		r |= fig(c, "Freeing", "initrd memory", MX_CMP_KIB, true, mx_layout_kib(L, L->sum.initrd_freed),
			 fi != NULL, fi ? fi->kib : 0, -1, fi ? fi->line : 0);
	r |= fig(c, "Freeing", "unused kernel memory", MX_CMP_KIB, true, mx_layout_kib(L, L->sum.init_freed),
		 fk != NULL, fk ? fk->kib : 0, -1, fk ? fk->line : 0);
	return r;
}

static int find_item(const struct mx_layout *L, enum mx_item_kind kind, const char *name)
{
	for (size_t i = 0; i < L->nitems; i++)
		if (L->items[i].kind == kind && (!name || (L->items[i].name && !strcmp(L->items[i].name, name))))
			return (int)i;
	return -1;
}

/* The CMA pool line printed for node @name ("created CMA memory pool" before its "initialized node"). */
static const struct mx_bootlog_rmem *pool_of(const struct mx_bootlog *b, const char *name)
{
	const struct mx_bootlog_rmem *pool = NULL;

	for (size_t k = 0; k < b->nrmem; k++) {
		if (b->rmem[k].kind == MX_BLR_CMA_POOL)
			pool = &b->rmem[k];
		else if (b->rmem[k].kind == MX_BLR_INIT && same_node(b->rmem[k].name, name) && pool)
			return pool;
		if (b->rmem[k].kind == MX_BLR_INIT)
			pool = NULL;
	}
	return NULL;
}

/*
 * The default CMA area: "cma: Reserved N MiB at ..." for the one
 * dma_contiguous_reserve() makes, or the pool line of the linux,cma-default
 * node that became it (rmem_cma_setup() -> dma_contiguous_default_area).
 */
static int cma_default(struct mx_compare *c, const struct mx_layout *L, const struct mx_profile *pr,
		       const struct mx_bootlog *b)
{
	int it = find_item(L, MX_ITEM_CMA_DEFAULT, NULL);
	bool p = it >= 0 && (L->items[it].flags & MX_IF_PLACED);
	const struct mx_bootlog_cma *o = NULL;
	uint64_t obase = 0, osize = 0;
	bool has_o = false;
	int r, line = 0;

	for (size_t i = 0; i < b->ncma; i++)
		if (!b->cma[i].failed)
			o = &b->cma[i];
	if (o)
		has_o = true, obase = o->base, osize = o->size, line = o->line;
	if (!p) {
		for (size_t i = 0; i < L->nitems; i++) {
			const struct mx_item *x = &L->items[i];

			if (x->region < 0 || (size_t)x->region >= pr->nregions || !(x->flags & MX_IF_CMA) ||
			    !(pr->regions[x->region].flags & MX_REGION_CMA_DEFAULT))
				continue;
			it = (int)i;
			p = true;
			if (!has_o) {
				const struct mx_bootlog_rmem *pl = pool_of(b, pr->regions[x->region].name);

				if (pl && pl->has_base) {
					has_o = true;
					obase = pl->base;
					osize = pl->has_size ? pl->size : 0;
					line = pl->line;
				}
			}
			break;
		}
	}
	if (!p && !has_o)
		return 0;
	r = fig(c, "default CMA", "default CMA base", MX_CMP_ADDR, p, p ? L->items[it].base : 0,
		has_o, obase, it, line);
	r |= fig(c, "default CMA", "default CMA size", MX_CMP_BYTES, p, p ? L->items[it].size : 0,
		 has_o, osize, it, line);
	return r;
}

/*
 * The memblock=debug callers of a dynamic /reserved-memory allocation:
 * early_init_dt_alloc_reserved_memory_arch() (32-bit ARM still names it in
 * 6.12), or what it is inlined into (6.12 arm64: fdt_scan_reserved_mem(),
 * __reserved_mem_alloc_size(), __reserved_mem_alloc_in_range()).
 */
static bool rmem_alloc_caller(const char *f)
{
	return !strcmp(f, "early_init_dt_alloc_reserved_memory_arch") ||
	       !strcmp(f, "fdt_scan_reserved_mem") || !strcmp(f, "__reserved_mem_alloc_size") ||
	       !strcmp(f, "__reserved_mem_alloc_in_range");
}

/* Is @op the reservation memblock_alloc_range_nid() made for the allocation before it? */
static bool alloc_reserve(const struct mx_bootlog_memop *op)
{
	return op->op == MX_BLOP_RESERVE && !strncmp(op->caller, "memblock_alloc_range_nid", 24);
}

/*
 * Every dynamic /reserved-memory region: the observed base from a line
 * that names it (3.x-5.x "allocated memory for", 6.12's region line), from
 * its "created ... pool" line (the node is named on the next "initialized
 * node" line) or, for regions the kernel allocates silently, from the
 * memblock=debug allocations (rmem_alloc_caller()), taken in the order the
 * layout made its items - the flavour's order (6.1's heapsort, 6.12's DT
 * order with each region initialised before the next is allocated), so a
 * trial allocation that was given back stays with its own node.
 */
static int rmem_regions(struct mx_compare *c, const struct mx_layout *L, const struct mx_profile *p,
			const struct mx_bootlog *b)
{
	size_t nops = 0;
	int r = 0;

	for (size_t i = 0; i < L->nitems; i++) {
		const struct mx_item *it = &L->items[i];
		const char *name;
		/* a region given back after its init failed was still allocated there */
		bool o = false, pl = (it->flags & (MX_IF_PLACED | MX_IF_GIVEN_BACK)) != 0;
		uint64_t obase = 0;
		int line = 0;
		char what[64];
		const struct mx_bootlog_rmem *pool = NULL;

		if (it->region < 0 || (size_t)it->region >= p->nregions || !(it->flags & MX_IF_DYNAMIC))
			continue;
		name = p->regions[it->region].name;
		/* the pool line just before "initialized node NAME" */
		for (size_t k = 0; k < b->nrmem; k++) {
			if (b->rmem[k].kind == MX_BLR_CMA_POOL || b->rmem[k].kind == MX_BLR_DMA_POOL)
				pool = &b->rmem[k];
			else if ((b->rmem[k].kind == MX_BLR_ALLOCATED || b->rmem[k].kind == MX_BLR_REGION) &&
				 same_node(b->rmem[k].name, name) && b->rmem[k].has_base)
				o = true, obase = b->rmem[k].base, line = b->rmem[k].line;
			else if (b->rmem[k].kind == MX_BLR_INIT && same_node(b->rmem[k].name, name) && pool &&
				 pool->has_base && !o)
				o = true, obase = pool->base, line = pool->line;
			if (b->rmem[k].kind == MX_BLR_INIT)
				pool = NULL;
		}
		/*
		 * the region's early_init_dt_alloc_reserved_memory_arch() attempts in
		 * the log: one per alloc-ranges entry until one succeeds
		 * (__reserved_mem_alloc_size()), else the one without ranges
		 */
		{
			size_t tries = p->regions[it->region].nalloc_ranges ?
				       p->regions[it->region].nalloc_ranges : 1;
			bool got = false;

			struct mx_bootlog_memop op, next;

			for (; tries && !got && mx_bootlog_op(b, nops, &op); nops++) {
				if (op.op != MX_BLOP_ALLOC || !rmem_alloc_caller(op.caller))
					continue;
				tries--;
				if (mx_bootlog_op(b, nops + 1, &next) && alloc_reserve(&next)) {
					got = true;
					if (!o) {
						o = true;
						obase = next.base;
						line = next.line;
					}
				}
			}
		}
		snprintf(what, sizeof(what), "%s base", name ? name : "?");
		r |= fig(c, "regions", what, MX_CMP_ADDR, pl, pl ? it->base : 0, o, obase, (int)i, line);
	}
	return r;
}

/* A region line's figures as one text: "0x48000000+16384K nomap non-reusable". */
static void region_text(char *out, size_t n, uint64_t base, uint64_t size, bool nomap, bool reusable)
{
	snprintf(out, n, "0x%" PRIx64 "+%" PRIu64 "K %s %s", base, size >> 10, nomap ? "nomap" : "map",
		 reusable ? "reusable" : "non-reusable");
}

/*
 * 6.12 fdt_init_reserved_mem_node(): one "OF: reserved mem: A..B (N KiB)
 * map|nomap reusable|non-reusable NAME" line per region its handlers did
 * not refuse - a region whose reservation failed, or outside memory, has
 * one too, so the line says where the region is, not that it took effect.
 * Each printed line against the region memx says prints one (the item
 * flagged MX_IF_RMEM_LINE); when the log prints such lines at all, a
 * predicted line it lacks is a difference too.
 */
static int rmem_lines(struct mx_compare *c, const struct mx_layout *L, const struct mx_profile *p,
		      const struct mx_bootlog *b)
{
	bool log_prints = false, *seen = NULL;
	int r = 0;

	for (size_t k = 0; k < b->nrmem; k++)
		log_prints |= b->rmem[k].kind == MX_BLR_REGION;
	if (L->nitems && !(seen = calloc(L->nitems, sizeof(*seen))))
		return MX_ENOMEM;
	for (size_t k = 0; k < b->nrmem && !r; k++) {
		const struct mx_bootlog_rmem *o = &b->rmem[k];
		struct mx_cmp_row *rw;
		char what[64];
		int it = -1;

		if (o->kind != MX_BLR_REGION)
			continue;
		for (size_t i = 0; i < L->nitems && it < 0; i++) {
			const struct mx_item *x = &L->items[i];

			if (!seen[i] && (x->flags & MX_IF_RMEM_LINE) && x->region >= 0 &&
			    (size_t)x->region < p->nregions && same_node(p->regions[x->region].name, o->name))
				it = (int)i;
		}
		snprintf(what, sizeof(what), "%s line", o->name);
		if (!(rw = row(c, "region lines", what, MX_CMP_TEXT))) {
			r = MX_ENOMEM;
			break;
		}
		rw->has_obs = true;
		rw->line = o->line;
		region_text(rw->obs_text, sizeof(rw->obs_text), o->base, o->size, o->nomap, o->reusable);
		if (it >= 0) {
			const struct mx_item *x = &L->items[it];
			const struct mx_region *rg = &p->regions[x->region];

			seen[it] = true;
			rw->has_pred = true;
			rw->item = it;
			region_text(rw->pred_text, sizeof(rw->pred_text), x->base, x->size,
				    rg->flags & MX_REGION_NOMAP, rg->flags & MX_REGION_REUSABLE);
		}
	}
	for (size_t i = 0; i < L->nitems && !r; i++) {
		const struct mx_item *x = &L->items[i];
		const struct mx_region *rg;
		struct mx_cmp_row *rw;
		char what[64];

		if (seen[i] || !(x->flags & MX_IF_RMEM_LINE) || x->region < 0 ||
		    (size_t)x->region >= p->nregions)
			continue;
		rg = &p->regions[x->region];
		snprintf(what, sizeof(what), "%s line", rg->name);
		if (!(rw = row(c, "region lines", what, MX_CMP_TEXT))) {
			r = MX_ENOMEM;
			break;
		}
		rw->has_pred = true;
		rw->item = (int)i;
		region_text(rw->pred_text, sizeof(rw->pred_text), x->base, x->size,
			    rg->flags & MX_REGION_NOMAP, rg->flags & MX_REGION_REUSABLE);
		if (log_prints) {
			rw->has_obs = true;
			snprintf(rw->obs_text, sizeof(rw->obs_text), "none");
		}
	}
	free(seen);
	return r;
}

static int named_range(struct mx_compare *c, const struct mx_layout *L, const char *group,
		       const char *name, const struct mx_bootlog_range *obs, size_t nobs)
{
	int it = find_item(L, MX_ITEM_EARLY, name);
	bool p = it >= 0 && (L->items[it].flags & MX_IF_PLACED);
	const struct mx_bootlog_range *o = nobs ? &obs[nobs - 1] : NULL;
	char what[64];
	int r;

	if (!p && !o)
		return 0;
	snprintf(what, sizeof(what), "%s base", group);
	r = fig(c, group, what, MX_CMP_ADDR, p, p ? L->items[it].base : 0, o != NULL, o ? o->base : 0,
		it, o ? o->line : 0);
	snprintf(what, sizeof(what), "%s size", group);
	r |= fig(c, group, what, MX_CMP_BYTES, p, p ? L->items[it].size : 0, o != NULL,
		 o ? o->size : 0, it, o ? o->line : 0);
	return r;
}

static bool memmap_caller(const char *f)
{
	return !strcmp(f, "memmap_alloc") || !strcmp(f, "free_area_init") ||
	       !strcmp(f, "alloc_node_mem_map") || !strcmp(f, "sparse_buffer_init");
}

static int memmap(struct mx_compare *c, const struct mx_layout *L, const struct mx_bootlog *b)
{
	struct mx_bootlog_memop op;
	uint64_t obs = 0;
	bool o = false;
	int line = 0, r;

	for (size_t i = 0; mx_bootlog_op(b, i, &op); i++)
		if (op.op == MX_BLOP_ALLOC && memmap_caller(op.caller)) {
			obs += op.size;
			o = true;
			line = line ? line : op.line;
		}
	r = fig(c, "memmap", "memmap allocation bytes", MX_CMP_BYTES, true, L->sum.memmap_alloc, o, obs,
		-1, line);
	r |= fig(c, "memmap", "Total pages (zonelists)", MX_CMP_PAGES, true, L->sum.total_pages,
		 b->has_total_pages, b->total_pages, -1, 0);
	return r;
}

static void span_text(char *out, size_t n, bool empty, uint64_t s, uint64_t e)
{
	if (empty)
		snprintf(out, n, "empty");
	else
		snprintf(out, n, "0x%" PRIx64 "-0x%" PRIx64, s, e - 1);
}

/* Predicted region [s, e) (e == 0: none) against the @k-th printed node range. */
static int node_row(struct mx_compare *c, const struct mx_bootlog *b, size_t k, uint64_t s, uint64_t e)
{
	struct mx_cmp_row *r;
	char what[64];

	snprintf(what, sizeof(what), "node range %zu", k);
	if (!(r = row(c, "memory", what, MX_CMP_TEXT)))
		return MX_ENOMEM;
	r->has_pred = true;
	span_text(r->pred_text, sizeof(r->pred_text), !e, s, e);
	if (!e)
		snprintf(r->pred_text, sizeof(r->pred_text), "none");
	if (k < b->nnode_ranges) {
		r->has_obs = true;
		r->line = b->node_ranges[k].line;
		span_text(r->obs_text, sizeof(r->obs_text), false, b->node_ranges[k].base,
			  b->node_ranges[k].base + b->node_ranges[k].size);
	} else {
		r->has_obs = true;
		snprintf(r->obs_text, sizeof(r->obs_text), "none");
	}
	return 0;
}

static int zones(struct mx_compare *c, const struct mx_layout *L, const struct mx_bootlog *b)
{
	for (size_t i = 0; i < b->nzones; i++) {
		const struct mx_bootlog_zone *z = &b->zones[i];
		struct mx_cmp_row *r;
		char what[64];

		snprintf(what, sizeof(what), "zone %s", z->name);
		if (!(r = row(c, "zones", what, MX_CMP_TEXT)))
			return MX_ENOMEM;
		r->has_obs = true;
		span_text(r->obs_text, sizeof(r->obs_text), z->empty, z->start, z->end);
		for (size_t k = 0; k < L->nzones; k++) {
			const struct mx_zone *pz = &L->zones[k];

			if (strcmp(pz->name, z->name))
				continue;
			r->has_pred = true;
			span_text(r->pred_text, sizeof(r->pred_text), pz->start_pfn == pz->end_pfn,
				  pz->start_pfn * L->params.page, pz->end_pfn * L->params.page);
		}
		if (!r->has_pred)
			snprintf(r->pred_text, sizeof(r->pred_text), "empty");
		r->has_pred = true; /* a zone memx does not configure is an empty one */
	}
	return 0;
}

/*
 * "Early memory node ranges": one line per memblock.memory region, and a
 * NOMAP range is a region of its own (memblock_merge_regions() only joins
 * neighbours with equal flags). The k-th predicted region against the k-th
 * printed one.
 */
static int node_ranges(struct mx_compare *c, const struct mx_layout *L, const struct mx_bootlog *b)
{
	size_t n, k;
	struct mx_range *v = NULL;
	int r = 0;

	if (!b->nnode_ranges)
		return 0;
	n = mx_layout_memblock_regions(L, NULL, 0);
	if (n && !(v = calloc(n, sizeof(*v))))
		return MX_ENOMEM;
	if (n)
		mx_layout_memblock_regions(L, v, n);
	for (k = 0; k < n && !r; k++)
		r = node_row(c, b, k, v[k].base, mx_range_end(&v[k]));
	for (; k < b->nnode_ranges && !r; k++)
		r = node_row(c, b, k, 0, 0);
	free(v);
	return r;
}

int mx_compare_run(struct mx_compare *c, const struct mx_layout *L, const struct mx_profile *p,
		   const struct mx_bootlog *b)
{
	int r = 0;

	mx_compare_release(c);
	r |= memory_line(c, L, b);
	r |= meminfo(c, L, b);
	r |= freed(c, L, b);
	r |= cma_default(c, L, p, b);
	r |= rmem_regions(c, L, p, b);
	r |= rmem_lines(c, L, p, b);
	r |= named_range(c, L, "swiotlb", "swiotlb buffer", b->swiotlb, b->nswiotlb);
	r |= named_range(c, L, "crashkernel", "crashkernel", b->crashkernel, b->ncrashkernel);
	r |= memmap(c, L, b);
	r |= zones(c, L, b);
	r |= node_ranges(c, L, b);
	r |= mxi_compare_loader(c, L, p, b);
	if (r)
		return MX_ENOMEM;
	{
		const struct mx_bootlog_range *t = b->has_dbg_reserved ? b->dbg_reserved : b->dump_reserved;
		size_t n = b->has_dbg_reserved ? b->ndbg_reserved : b->has_dump ? b->ndump_reserved : 0;

		for (size_t i = 0; i < n; i++)
			if (t[i].size && mx_rangeset_add(&c->obs_reserved, t[i].base, t[i].size))
				return MX_ENOMEM;
		c->has_obs_reserved = n > 0;
	}
	for (size_t i = 0; i < c->nrows; i++) {
		struct mx_cmp_row *rw = &c->rows[i];

		/* judged when the log shows it; a figure only the log has is a difference */
		if (!rw->has_obs || rw->match == MX_CMP_INFO)
			continue;
		if (!rw->has_pred)
			rw->differs = true;
		else if (rw->unit == MX_CMP_TEXT)
			rw->differs = strcmp(rw->pred_text, rw->obs_text) != 0;
		else if (rw->match == MX_CMP_AT_MOST)
			rw->differs = rw->obs > rw->pred;
		else
			rw->differs = rw->pred != rw->obs;
		c->nchecked++;
		if (rw->differs)
			c->ndiff++;
	}
	return 0;
}

static void json_value(struct mx_buf *o, const struct mx_cmp_row *r, bool pred)
{
	bool has = pred ? r->has_pred : r->has_obs;
	uint64_t v = pred ? r->pred : r->obs;

	if (!has)
		mx_buf_adds(o, "null");
	else if (r->unit == MX_CMP_TEXT)
		mx_buf_add_json_str(o, pred ? r->pred_text : r->obs_text);
	else if (r->unit == MX_CMP_ADDR)
		mx_buf_addf(o, "\"0x%" PRIx64 "\"", v);
	else
		mx_buf_addf(o, "%" PRIu64, v);
}

int mx_compare_json(const struct mx_compare *c, const struct mx_bootlog *b,
		    const struct mx_diaglist *facts, struct mx_buf *o)
{
	static const char *const units[] = { "KiB", "address", "bytes", "pages", "text" };
	static const char *const matches[] = { "exact", "at-most", "info" };

	mx_buf_addf(o, "{\"boots\":%d,\"boot_line\":%d,\"version\":", b->boots, b->boot_line);
	if (b->version)
		mx_buf_add_json_str(o, b->version);
	else
		mx_buf_adds(o, "null");
	mx_buf_adds(o, ",\"facts\":[");
	for (size_t i = 0; facts && i < facts->cnt; i++) {
		if (i)
			mx_buf_adds(o, ",");
		mx_buf_add_json_str(o, facts->d[i].msg);
	}
	mx_buf_adds(o, "]");
	mx_buf_addf(o, ",\"compared\":%zu,\"differ\":%zu,\"reserved_residual_k\":", c->nchecked, c->ndiff);
	if (c->has_residual)
		mx_buf_addf(o, "%" PRId64, c->reserved_residual_k);
	else
		mx_buf_adds(o, "null");
	mx_buf_adds(o, ",\"rows\":[");
	for (size_t i = 0; i < c->nrows; i++) {
		const struct mx_cmp_row *r = &c->rows[i];

		mx_buf_adds(o, i ? ",\n{\"group\":" : "\n{\"group\":");
		mx_buf_add_json_str(o, r->group);
		mx_buf_adds(o, ",\"what\":");
		mx_buf_add_json_str(o, r->what);
		mx_buf_addf(o, ",\"unit\":\"%s\",\"match\":\"%s\",\"predicted\":", units[r->unit],
			    matches[r->match]);
		json_value(o, r, true);
		mx_buf_adds(o, ",\"observed\":");
		json_value(o, r, false);
		mx_buf_addf(o, ",\"differs\":%s,\"line\":%d}", r->differs ? "true" : "false", r->line);
	}
	mx_buf_adds(o, "]}\n");
	return o->failed ? MX_ENOMEM : 0;
}

int mx_compare_calibrate(struct mx_profile *p, const struct mx_compare *c, struct mx_diaglist *diags)
{
	int64_t delta;
	struct mx_early_alloc *cal = NULL;
	size_t ci = 0;

	if (!c->has_residual)
		return MX_EINVAL;
	delta = c->reserved_residual_k * 1024;
	for (size_t i = 0; i < p->nearly; i++)
		if (p->early[i].calibration) {
			cal = &p->early[i];
			ci = i;
			break;
		}
	if (!delta)
		return 0;
	if (!cal) {
		struct mx_early_alloc *e;

		if (delta < 0) {
			mx_diag_add(diags, MX_SEV_ERROR, NULL, &p->pos, -1,
				    "memx predicts %" PRId64 "K more reserved than the boot had and the profile "
				    "has no calibration item to shrink: a model or a profile setting is wrong",
				    -c->reserved_residual_k);
			return MX_ERANGE;
		}
		e = realloc(p->early, (p->nearly + 1) * sizeof(*e));
		if (!e)
			return MX_ENOMEM;
		p->early = e;
		cal = &p->early[p->nearly++];
		memset(cal, 0, sizeof(*cal));
		cal->phase = MX_PHASE_PAGING;
		cal->calibration = true;
		cal->align = 4096;
		cal->pos = p->pos;
		if (mx_str_set(&cal->name, "calibration"))
			return MX_ENOMEM;
		ci = p->nearly - 1;
	}
	if (delta < 0 && (uint64_t)-delta >= cal->size) {
		if ((uint64_t)-delta > cal->size) {
			mx_diag_add(diags, MX_SEV_ERROR, NULL, &p->pos, -1,
				    "memx predicts %" PRId64 "K more reserved than the boot had, more than "
				    "the %" PRIu64 "K calibration item: a model or a profile setting is wrong",
				    -c->reserved_residual_k, cal->size >> 10);
			return MX_ERANGE;
		}
		/* exactly used up: the item goes */
		free(cal->name);
		free(cal->func);
		free(cal->note);
		memmove(&p->early[ci], &p->early[ci + 1], (p->nearly - ci - 1) * sizeof(*cal));
		p->nearly--;
		return 0;
	}
	cal->size = (uint64_t)((int64_t)cal->size + delta);
	return 0;
}
