/* release.c - mem_init (the Memory line) and what boot gives back later */
#include <inttypes.h>
#include <stdlib.h>

#include "engine_internal.h"
#include "core_internal.h"

static uint64_t high_pages(const struct mx_ctx *c)
{
	if (c->highmem_start == UINT64_MAX)
		return 0;
	return mx_rangeset_pages_in(&c->L->buddy, c->page, c->highmem_start,
				    UINT64_MAX - c->highmem_start);
}

static uint64_t cma_pages(const struct mx_ctx *c)
{
	uint64_t n = 0;

	for (size_t i = 0; i < c->ncma; i++)
		n += c->cma[i].size / c->page;
	return n;
}

/*
 * mm/page_alloc.c: defer_init() - in the node's last zone only the first
 * PAGES_PER_SECTION present pages, up to a section boundary, get their
 * struct page before mem_init; memblock_free_pages() skips the rest, so
 * the Memory line's "available" (nr_free_pages()) does not count them,
 * while totalram (and so "reserved") does.
 */
static uint64_t first_deferred(const struct mx_ctx *c)
{
	const struct mx_layout *L = c->L;
	const struct mx_zone *last = NULL;
	uint64_t pps, seen = 0;

	if (c->P->model != MX_MM_SPARSE)
		return UINT64_MAX / c->page;
	pps = 1ULL << (c->P->section_size_bits - c->P->page_shift);
	for (size_t i = 0; i < L->nzones; i++)
		if (L->zones[i].present && (!last || L->zones[i].end_pfn > last->end_pfn))
			last = &L->zones[i];
	if (!last)
		return UINT64_MAX / c->page;
	for (size_t i = 0; i < L->memory.cnt; i++) {
		uint64_t s = mx_round_up(L->memory.r[i].base, c->page) / c->page;
		uint64_t e = mx_range_end(&L->memory.r[i]) / c->page, p;

		if (s < last->start_pfn)
			s = last->start_pfn;
		if (e > last->end_pfn)
			e = last->end_pfn;
		if (s >= e)
			continue;
		/* the first pfn counted past pps that is section-aligned */
		p = s + (seen + 1 > pps ? 0 : pps - seen);
		p = mx_round_up(p, pps);
		if (p < e)
			return p;
		seen += e - s;
	}
	return UINT64_MAX / c->page;
}

/*
 * mm/memblock.c: free_low_memory_core_early() - every free range of
 * memory (NOMAP excluded), rounded inward to whole pages, goes to the buddy
 * allocator; then mem_init_print_info() prints the Memory line.
 */
void mxi_step_mem_init(struct mx_ctx *c)
{
	struct mx_layout *L = c->L;
	struct mx_summary *s = &L->sum;
	const struct mx_kernel_image *k = &c->p->kernel_image;
	const struct mx_rangeset *mem = &L->memory;
	struct mx_buf line;

	if (L->nomap.cnt) {
		if (mx_rangeset_subtract(&L->tmp1, &L->memory, &L->nomap)) {
			mxi_ctx_fail(c, MX_ENOMEM);
			return;
		}
		mem = &L->tmp1;
	}
	mx_rangeset_clear(&L->buddy);
	if (mx_rangeset_add_free_pages(&L->buddy, mem, &L->reserved, c->page, 0, UINT64_MAX)) {
		mxi_ctx_fail(c, MX_ENOMEM);
		return;
	}
	s->physpages = mx_rangeset_pages(&L->memory, c->page);
	s->available = mx_rangeset_pages(&L->buddy, c->page);
	s->cma_reserved = cma_pages(c);
	s->reserved = s->physpages - s->available - (c->fl->memory_line_cma ? s->cma_reserved : 0);
	if (c->fl->deferred_available && c->p->kside.deferred_init)
		s->available = mx_rangeset_pages_in(&L->buddy, c->page, 0, first_deferred(c) * c->page);
	/*
	 * 6.11+ page_alloc_init_late() -> mem_init_print_info(): printed after
	 * deferred init, slab, ftrace, the workqueues...: X is every free
	 * page less what the boot took by then, which no memblock rule says
	 */
	s->available_bound = c->fl->memory_line_late;
	s->highmem_free = high_pages(c);

	mx_buf_init(&line);
	mx_buf_addf(&line, "Memory: %" PRIu64 "K/%" PRIu64 "K available (%" PRIu64 "K kernel code, %"
		    PRIu64 "K rwdata, %" PRIu64 "K rodata, %" PRIu64 "K init, %" PRIu64 "K bss, %"
		    PRIu64 "K reserved", mx_layout_kib(c->L, s->available), mx_layout_kib(c->L, s->physpages), k->code >> 10,
		    k->rwdata >> 10, k->rodata >> 10, k->init >> 10, k->bss >> 10, mx_layout_kib(c->L, s->reserved));
	if (c->fl->memory_line_cma)
		mx_buf_addf(&line, ", %" PRIu64 "K cma-reserved", mx_layout_kib(c->L, s->cma_reserved));
	if (L->sum.has_highmem)
		mx_buf_addf(&line, ", %" PRIu64 "K highmem", mx_layout_kib(c->L, s->highmem_free));
	mx_buf_adds(&line, ")");
	if (line.failed)
		mxi_ctx_fail(c, MX_ENOMEM);
	else
		mxi_ctx_log(c, MX_LOG_KERNEL, -1, "%s", line.buf);
	mx_buf_release(&line);
}

/* The zone holding @pfn, or -1. */
static int zone_of(const struct mx_ctx *c, uint64_t pfn)
{
	for (size_t z = 0; z < c->L->nzones; z++)
		if (pfn >= c->L->zones[z].start_pfn && pfn < c->L->zones[z].end_pfn)
			return (int)z;
	return -1;
}

static int cmp_base(const void *a, const void *b)
{
	const struct mx_range *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

/*
 * The activated areas' pages join the buddy allocator: the pages of memory
 * inside each area, as mxi_ctx_buddy_add() counts them, gathered in address
 * order into a set of their own and joined to the buddy allocator's in one
 * pass (adding them one by one moves its array once per area).
 */
static void buddy_add_areas(struct mx_ctx *c, struct mx_range *areas, size_t n)
{
	struct mx_rangeset pages, none;

	if (n > 1)
		qsort(areas, n, sizeof(*areas), cmp_base);
	mx_rangeset_init(&pages);
	mx_rangeset_init(&none);
	for (size_t i = 0; i < n; i++) {
		uint64_t b = areas[i].base, s = areas[i].size;
		uint64_t e = s > UINT64_MAX - b ? UINT64_MAX : b + s;

		if (s && mx_rangeset_add_free_pages(&pages, &c->L->memory, &none, c->page, b, e))
			mxi_ctx_fail(c, MX_ENOMEM);
	}
	if (mx_rangeset_add_set(&c->L->buddy, &pages))
		mxi_ctx_fail(c, MX_ENOMEM);
	mx_rangeset_release(&pages);
}

/* mm/cma.c: cma_init_reserved_areas() -> cma_activate_area(): one zone per area */
void mxi_step_cma_activate(struct mx_ctx *c)
{
	uint64_t before = mx_rangeset_pages(&c->L->buddy, c->page);
	struct mx_range *freed = NULL;
	size_t nfreed = 0;

	if (c->ncma && !(freed = malloc(c->ncma * sizeof(*freed)))) {
		mxi_ctx_fail(c, MX_ENOMEM);
		return;
	}
	for (size_t i = 0; i < c->ncma; i++) {
		const struct mx_cma_area *a = &c->cma[i];
		struct mx_item *it = a->item >= 0 ? &c->L->items[a->item] : NULL;
		int z0 = zone_of(c, a->base / c->page);
		int z1 = zone_of(c, (a->base + a->size - 1) / c->page);

		if (z0 != z1 || z0 < 0) {
			const struct mx_srcpos *pos = it && it->region >= 0 ?
				&c->p->regions[it->region].pos : &c->p->pos;
			bool exposed = c->fl->cma_straddle_exposed;

			/* 6.x cma_activate_area(): "Expose all pages to the buddy, they are useless for CMA" */
			mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_CMA_STRADDLE, pos, it ? it->region : -1,
				    "CMA area at 0x%" PRIx64 " size 0x%" PRIx64 " is not inside one zone; it "
				    "cannot be activated and %s", a->base, a->size,
				    exposed ? "its pages go to the buddy allocator, not to CMA" :
				    "stays reserved");
			mxi_ctx_log(c, MX_LOG_KERNEL, a->item, "cma: CMA area %s could not be activated",
				   it ? mxi_ctx_item_name(c, a->item) : "?");
			if (exposed) {
				freed[nfreed].base = a->base;
				freed[nfreed++].size = a->size;
				c->cma[i].exposed = true;
				c->cma_pages -= a->size / c->page;
				if (it)
					it->flags |= MX_IF_FREED;
			}
			continue;
		}
		freed[nfreed].base = a->base;
		freed[nfreed++].size = a->size;
		if (it)
			it->flags |= MX_IF_FREED;
	}
	buddy_add_areas(c, freed, nfreed);
	free(freed);
	if (c->ncma)
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "cma_init_reserved_areas: %zu area(s) activated, +%" PRIu64
			   "K to MemTotal", c->ncma,
			   mx_layout_kib(c->L, mx_rangeset_pages(&c->L->buddy, c->page) - before));
}

/* free_reserved_area() over [start, end): inward to whole pages (outward where the arch rounds out) */
static uint64_t free_area(struct mx_ctx *c, uint64_t start, uint64_t size, bool outward,
			  uint64_t *fs, uint64_t *fe)
{
	uint64_t s = outward ? mx_round_down(start, c->page) : mx_round_up(start, c->page);
	uint64_t e = outward ? mx_round_up(start + size, c->page) : mx_round_down(start + size, c->page);

	*fs = s;
	*fe = e;
	if (e <= s)
		return 0;
	mxi_ctx_buddy_add(c, s, e - s);
	return (e - s) / c->page;
}

static void freeing_line(struct mx_ctx *c, int item, const char *what, uint64_t pages,
			 uint64_t s, uint64_t e)
{
	/* 3.x prints the virtual range of lowmem on 32-bit ARM: "(c3600000 - c37be000)" */
	if (c->fl->klog == MX_KLOG_318 && c->P->arch == MX_ARCH_ARM && e <= c->lowmem_limit)
		mxi_ctx_log(c, MX_LOG_KERNEL, item, "Freeing %s memory: %" PRIu64 "K (%08" PRIx64 " - %08"
			   PRIx64 ")", what, mx_layout_kib(c->L, pages), mxi_ctx_virt(c, s), mxi_ctx_virt(c, e));
	else
		mxi_ctx_log(c, MX_LOG_KERNEL, item, "Freeing %s memory: %" PRIu64 "K", what,
			   mx_layout_kib(c->L, pages));
}

void mxi_step_initrd_free(struct mx_ctx *c)
{
	struct mx_item *it;
	uint64_t s, e, n;

	if (c->initrd_item < 0)
		return;
	it = &c->L->items[c->initrd_item];
	n = free_area(c, it->base, it->size, c->fl->initrd_free_outward[c->P->arch], &s, &e);
	it->flags |= MX_IF_FREED;
	c->L->sum.initrd_freed = n;
	freeing_line(c, c->initrd_item, "initrd", n, s, e);
}

void mxi_step_init_free(struct mx_ctx *c)
{
	const struct mx_kernel_image *k = &c->p->kernel_image;
	uint64_t s, e, n;

	if (!k->init)
		return;
	n = free_area(c, c->P->init_base, k->init, false, &s, &e);
	c->L->sum.init_freed = n;
	freeing_line(c, -1, "unused kernel", n, s, e);
}

static int add_fixup(struct mx_ctx *c, struct mx_fixup *f)
{
	struct mx_layout *L = c->L;

	if (mxi_grow((void **)&L->fixups, &L->maxfixups, L->nfixups + 1, sizeof(*L->fixups))) {
		mxi_ctx_fail(c, MX_ENOMEM);
		return MX_ENOMEM;
	}
	L->fixups[L->nfixups++] = *f;
	return 0;
}

/*
 * Qualcomm removed-dma-pool: removed_region_fixup(). The modem keeps the
 * first fixup-keep bytes: the whole region is memblock_free'd, the kept
 * part memblock_remove'd, the memmap of the kept part freed (whole
 * MAX_ORDER blocks), and the tail freed to the buddy allocator.
 */
void mxi_step_fixup(struct mx_ctx *c)
{
	struct mx_layout *L = c->L;
	uint64_t mo = 1ULL << (c->P->max_order - 1);

	for (size_t i = 0; i < L->nitems; i++) {
		struct mx_item *it = &L->items[i];
		const struct mx_region *r;
		struct mx_fixup f = { (int)i, 0, 0, 0, 0, 0, 0 };
		uint64_t keep;

		if (it->region < 0 || !(it->flags & MX_IF_PLACED) || (it->flags & MX_IF_NOMAP) ||
		    !(c->rsum[it->region].flags & MX_REGION_NOMAP_FIXUP))
			continue;
		r = &c->p->regions[it->region];
		keep = r->has_fixup_keep ? r->fixup_keep : it->size;
		if (keep > it->size)
			keep = it->size; /* the fixup-keep check reports it */
		keep = mx_round_down(keep, c->page);
		f.keep_base = it->base;
		f.keep_size = keep;
		mxi_ctx_unreserve(c, it->base, it->size);
		mxi_ctx_remove_memory(c, it->base, keep);
		mxi_ctx_log(c, MX_LOG_MEMX, (int)i,
			   "removed_region_fixup: memblock_free [" MXI_PA "-" MXI_PA "] %s",
			   mxi_pa_digits(c), it->base,
			   mxi_pa_digits(c), it->base + it->size - 1, mxi_ctx_item_name(c, (int)i));
		if (keep)
			mxi_ctx_log(c, MX_LOG_MEMX, (int)i,
				   "removed_region_fixup: memblock_remove [" MXI_PA "-" MXI_PA "] "
				   "(%" PRIu64 "K kept by the firmware)",
				   mxi_pa_digits(c), it->base,
				   mxi_pa_digits(c), it->base + keep - 1, keep >> 10);
		if (c->have_mem_map && keep) {
			uint64_t bs = mx_round_up(it->base / c->page, mo);
			uint64_t be = mx_round_down((it->base + keep) / c->page, mo);

			if (bs < be) {
				uint64_t ms = mx_round_up(mxi_memmap_addr(c, bs), c->page);
				uint64_t me = mx_round_down(mxi_memmap_addr(c, be), c->page);

				if (ms < me) {
					f.memmap_base = ms;
					f.memmap_size = me - ms;
					mxi_ctx_buddy_add(c, ms, me - ms);
					mxi_ctx_unreserve(c, ms, me - ms);
					L->sum.memmap_bytes -= me - ms;
					mxi_ctx_log(c, MX_LOG_MEMX, (int)i, "free_memmap: %" PRIu64 "K of memmap "
						   "at " MXI_PA " (struct pages of %" PRIu64 " MiB kept memory)",
						   (me - ms) >> 10, mxi_pa_digits(c), ms,
						   ((be - bs) * c->page) >> 20);
				}
			}
		}
		if (it->size > keep) {
			uint64_t s = mx_round_up(it->base + keep, c->page);
			uint64_t e = mx_round_down(it->base + it->size, c->page);

			if (s < e) {
				f.tail_base = s;
				f.tail_size = e - s;
				mxi_ctx_buddy_add(c, s, e - s);
				mxi_ctx_log(c, MX_LOG_MEMX, (int)i,
					   "free_bootmem_late: %" PRIu64 "K at " MXI_PA " "
					   "(the tail the modem does not keep)", (e - s) >> 10,
					   mxi_pa_digits(c), s);
			}
		}
		it->flags |= MX_IF_FREED;
		add_fixup(c, &f);
	}
}

/* Regions a driver frees after boot (the splash: mdss_mdp_splash_cleanup -> memblock_free). */
void mxi_step_freed_late(struct mx_ctx *c)
{
	struct mx_layout *L = c->L;

	for (size_t i = 0; i < L->nitems; i++) {
		struct mx_item *it = &L->items[i];
		const struct mx_region *r;
		uint64_t before, ws, we, wsize;

		if (it->region < 0 || !(it->flags & MX_IF_PLACED) ||
		    !(c->rsum[it->region].flags & MX_REGION_FREED_LATE))
			continue;
		r = &c->p->regions[it->region];
		if (it->flags & MX_IF_NOMAP) {
			mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_FREED_LATE_NOMAP, &r->pos, it->region,
				    "'%s' is no-map: freeing it late gives nothing back", r->name);
			continue;
		}
		/*
		 * the buddy allocator holds whole pages only, so what it gains is
		 * what it gains inside the region's pages: no count of all of it
		 * per region
		 */
		ws = mx_round_down(it->base, c->page);
		we = it->base + it->size;
		wsize = (we > UINT64_MAX - c->page ? UINT64_MAX : mx_round_up(we, c->page)) - ws;
		before = mx_rangeset_pages_in(&L->buddy, c->page, ws, wsize);
		mxi_ctx_unreserve(c, it->base, it->size);
		mxi_ctx_buddy_add(c, it->base, it->size);
		it->flags |= MX_IF_FREED;
		mxi_ctx_log(c, MX_LOG_MEMX, (int)i, "%s freed late by its driver: +%" PRIu64 "K",
			   mxi_ctx_item_name(c, (int)i),
			   mx_layout_kib(c->L, mx_rangeset_pages_in(&L->buddy, c->page, ws, wsize) - before));
	}
}

/* defer_init()'s first pfn left for later, for the boot loader's early-section check */
uint64_t mxi_first_deferred(const struct mx_ctx *c)
{
	return first_deferred(c);
}
