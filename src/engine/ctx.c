/* ctx.c - the helpers every step uses: items, log lines, diagnostics, memblock operations */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "engine_internal.h"

void mxi_ctx_fail(struct mx_ctx *c, int err)
{
	if (!c->err)
		c->err = err;
}

/* Item names live in the layout's text store, which never moves them: item.name points there. */
int mxi_ctx_item(struct mx_ctx *c, enum mx_item_kind kind, const char *name,
		uint64_t base, uint64_t size, unsigned flags, int region, int early)
{
	struct mx_layout *L = c->L;
	struct mx_item *it;
	size_t h;

	if (!name)
		name = "";
	if (mxi_grow_gently((void **)&L->items, &L->maxitems, L->nitems + 1, sizeof(*L->items)) ||
	    (!L->names && !(L->names = mxi_textstore_new())) ||
	    mxi_textstore_add(L->names, name, strlen(name), &h)) {
		mxi_ctx_fail(c, MX_ENOMEM);
		return -1;
	}
	it = &L->items[L->nitems];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->flags = flags;
	it->name = mxi_textstore_get(L->names, h);
	it->base = base;
	it->size = size;
	it->want = size;
	it->region = region;
	it->early = early;
	it->step = c->cur_step;
	it->window = -1;
	return (int)L->nitems++;
}

const char *mxi_ctx_item_name(const struct mx_ctx *c, int i)
{
	if (i < 0 || (size_t)i >= c->L->nitems)
		return "?";
	return c->L->items[i].name;
}

/*
 * The line is kept as its format and arguments (logpack.c) and written out
 * when read: @fmt must be a string literal.
 */
void mxi_ctx_log(struct mx_ctx *c, enum mx_log_kind kind, int item, const char *fmt, ...)
{
	struct mx_layout *L = c->L;
	size_t off;
	va_list ap;
	int r;

	if (mxi_grow_gently((void **)&L->log, &L->maxlog, L->nlog + 1, sizeof(*L->log)) ||
	    (!L->logpack && !(L->logpack = mxi_logpack_new()))) {
		mxi_ctx_fail(c, MX_ENOMEM);
		return;
	}
	va_start(ap, fmt);
	r = mxi_logpack_vadd(L->logpack,
			     item >= 0 && (size_t)item < L->nitems ? L->items[item].name : NULL, &off, fmt, ap);
	va_end(ap);
	if (r) {
		mxi_ctx_fail(c, MX_ENOMEM);
		return;
	}
	L->log[L->nlog].kind = kind;
	L->log[L->nlog].off = off;
	L->log[L->nlog].item = item;
	L->nlog++;
}

void mxi_ctx_diag(struct mx_ctx *c, enum mx_severity sev, enum mx_check_id check,
		 const struct mx_srcpos *pos, int region, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (mx_diag_vadd(&c->L->diags, sev, mxi_check_name(check), pos, region, fmt, ap))
		mxi_ctx_fail(c, MX_ENOMEM);
	va_end(ap);
}

/* sizeof(struct memblock_region): phys_addr_t base, size; enum flags; (NUMA: int nid) */
static uint64_t region_bytes(const struct mx_ctx *c)
{
	return c->P->phys_digits == 8 ? 12 : 24;
}

/*
 * mm/memblock.c: memblock_double_array() - a page-aligned array twice the
 * size, top-down below memblock.current_limit: for memblock.reserved above
 * the range being added, else below it; the old one is freed unless it is
 * the static initial array; the new one is reserved. Refused before
 * memblock_allow_resize() (the caller's add then fails).
 */
static int double_array(struct mx_ctx *c, bool reserved, uint64_t nbase, uint64_t nsize)
{
	struct mx_layout *L = c->L;
	uint64_t *max = reserved ? &c->rsv_max : &c->mem_max;
	int *ai = reserved ? &c->rsv_array_item : &c->mem_array_item;
	uint64_t bytes = mx_round_up(2 * *max * region_bytes(c), c->page), addr, lo, hi = c->current_limit;
	const char *name = reserved ? "reserved" : "memory";
	int r, it;

	if (!c->can_resize) {
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "memblock.%s is full (%" PRIu64 " regions) before "
			   "memblock_allow_resize(): [0x%" PRIx64 "-0x%" PRIx64 ") is not added", name, *max,
			   nbase, nbase + nsize);
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_MEMBLOCK_FULL, &c->p->pos, -1,
			    "memblock.%s holds %" PRIu64 " regions and cannot grow this early in boot: "
			    "[0x%" PRIx64 "-0x%" PRIx64 ") is lost", name, *max, nbase, nbase + nsize);
		return MX_ENOSPACE;
	}
	if (!reserved)
		nbase = nsize = 0;
	lo = nbase + nsize < c->page ? c->page : nbase + nsize;
	/* memblock_find_in_range(): memory minus NOMAP minus reserved */
	r = mx_rangeset_find_top_down_nomap(&L->memory, &L->nomap, &L->reserved, lo, hi, bytes, c->page,
					    &addr);
	if (r && nsize)
		r = mx_rangeset_find_top_down_nomap(&L->memory, &L->nomap, &L->reserved, c->page,
						    nbase < hi ? nbase : hi, bytes, c->page, &addr);
	if (r) {
		mxi_ctx_log(c, MX_LOG_KERNEL, -1, "memblock: Failed to double %s array from %" PRIu64
			   " to %" PRIu64 " entries !", name, *max, 2 * *max);
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_MEMBLOCK_FULL, &c->p->pos, -1,
			    "memblock.%s cannot grow past %" PRIu64 " regions: no room for its new array",
			    name, *max);
		return MX_ENOSPACE;
	}
	if (*ai >= 0) {
		/* the old array was memblock's own: memblock_free() it */
		struct mx_item *old = &L->items[*ai];

		mxi_ctx_unreserve(c, old->base, old->size);
		old->flags = (old->flags & ~(unsigned)MX_IF_PLACED) | MX_IF_FREED;
	}
	*max *= 2;
	if (mx_rangeset_add(&L->reserved, addr, bytes))
		mxi_ctx_fail(c, MX_ENOMEM);
	it = mxi_ctx_item(c, MX_ITEM_EARLY, reserved ? "memblock.reserved array" : "memblock.memory array",
			 addr, bytes, MX_IF_PLACED | MX_IF_DYNAMIC, -1, -1);
	mxi_ctx_log(c, MX_LOG_MEMX, it, "memblock: %s is doubled to %" PRIu64 " at [0x%" PRIx64 "-0x%"
		   PRIx64 "] (%" PRIu64 " x %" PRIu64 "-byte regions, page-aligned)", name, *max, addr,
		   addr + *max * region_bytes(c) - 1, *max, region_bytes(c));
	*ai = it;
	return 0;
}

/*
 * memblock_add_range(): make room for the pieces it inserts before merging
 * them (its nr_new), then add. @free: no byte of [base, base + size) is
 * reserved (a search found it free), so nr_new is 1 without counting -
 * and stays 1 when the array doubles, as the new array lies elsewhere.
 */
static int reserve(struct mx_ctx *c, uint64_t base, uint64_t size, bool free)
{
	struct mx_rangeset *rs = &c->L->reserved;

	while (size && rs->cnt && rs->cnt + (free ? 1 : mx_rangeset_gaps(rs, base, size)) > c->rsv_max)
		if (double_array(c, true, base, size))
			return MX_ENOSPACE;
	if (mx_rangeset_add(rs, base, size))
		mxi_ctx_fail(c, MX_ENOMEM);
	return 0;
}

int mxi_ctx_reserve(struct mx_ctx *c, uint64_t base, uint64_t size)
{
	return reserve(c, base, size, false);
}

int mxi_ctx_memory_room(struct mx_ctx *c, uint64_t more)
{
	/* a cheap bound first: memory ranges plus two pieces per NOMAP range */
	if (c->L->memory.cnt + 2 * c->L->nomap.cnt + more <= c->mem_max)
		return 0;
	while (mx_layout_memblock_regions(c->L, NULL, 0) + more > c->mem_max)
		if (double_array(c, false, 0, 0))
			return MX_ENOSPACE;
	return 0;
}

void mxi_ctx_unreserve(struct mx_ctx *c, uint64_t base, uint64_t size)
{
	if (mx_rangeset_remove(&c->L->reserved, base, size))
		mxi_ctx_fail(c, MX_ENOMEM);
}

void mxi_ctx_remove_memory(struct mx_ctx *c, uint64_t base, uint64_t size)
{
	if (mx_rangeset_remove(&c->L->memory, base, size))
		mxi_ctx_fail(c, MX_ENOMEM);
}

/*
 * Pages wholly inside [base, base + size) that are memory join the buddy
 * allocator: the memory ranges the window meets (found by binary search,
 * not by copying and clipping all of memory), each rounded inward to pages.
 */
void mxi_ctx_buddy_add(struct mx_ctx *c, uint64_t base, uint64_t size)
{
	struct mx_rangeset none;
	uint64_t end;

	if (!size)
		return;
	end = size > UINT64_MAX - base ? UINT64_MAX : base + size;
	mx_rangeset_init(&none);
	if (mx_rangeset_add_free_pages(&c->L->buddy, &c->L->memory, &none, c->page, base, end))
		mxi_ctx_fail(c, MX_ENOMEM);
}

int mxi_ctx_placed_item(struct mx_ctx *c, enum mx_item_kind kind, const char *name, uint64_t base,
		       uint64_t size, uint64_t align, uint64_t lo, uint64_t hi)
{
	int it = mxi_ctx_item(c, kind, name, base, size, MX_IF_PLACED | MX_IF_DYNAMIC, -1, -1);

	if (it >= 0) {
		c->L->items[it].align = align;
		c->L->items[it].win_lo = lo;
		c->L->items[it].win_hi = hi;
	}
	return it;
}

int mxi_ctx_alloc_item(struct mx_ctx *c, enum mx_item_kind kind, const char *name, uint64_t size,
		      uint64_t align, uint64_t lo, uint64_t hi, uint64_t *out)
{
	uint64_t base;
	int it;

	if (mxi_ctx_alloc(c, size, align, lo, hi, &base)) {
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_ALLOC_FAILED, &c->p->pos, -1,
			    "%s (%" PRIu64 " bytes) does not fit below 0x%" PRIx64, name, size, hi);
		it = mxi_ctx_item(c, kind, name, 0, 0, MX_IF_FAILED | MX_IF_DYNAMIC, -1, -1);
		if (it >= 0)
			c->L->items[it].want = size;
		return -1;
	}
	if (out)
		*out = base;
	return mxi_ctx_placed_item(c, kind, name, base, size, align, lo, hi);
}

int mxi_ctx_alloc(struct mx_ctx *c, uint64_t size, uint64_t align, uint64_t lo,
		 uint64_t hi, uint64_t *out)
{
	int r;

	if (lo < c->page)
		lo = c->page;
	/* memory minus NOMAP minus reserved, without building the difference per call */
	r = mx_rangeset_find_top_down_nomap(&c->L->memory, &c->L->nomap, &c->L->reserved, lo, hi,
					    size, align, out);
	/* memblock_alloc_range_nid(): found, but memblock_reserve() refused: nothing */
	if (!r && reserve(c, *out, size, true))
		return MX_ENOSPACE;
	return r;
}

/*
 * While memblock.reserved has room for two more ranges, none of the next
 * allocations in one free range can make it grow: the first page may add
 * a range (nothing reserved right above it), the others join it. So the
 * pages from the top of the highest free range down to its start are what
 * that many single allocations take, one after the other, and they are
 * reserved at once. Closer to full, memblock_double_array() may run inside
 * any of them (and its new array change where the next pages go), so they
 * are made one at a time through mxi_ctx_alloc(), as the kernel makes them.
 */
uint64_t mxi_ctx_alloc_pages(struct mx_ctx *c, enum mx_item_kind kind, const char *name, uint64_t n,
			     uint64_t lo, uint64_t hi, int *last)
{
	struct mx_layout *L = c->L;
	uint64_t page = c->page, done = 0, run_base = 0, run_len = 0;

	while (done < n) {
		uint64_t top, from, k;

		if (L->reserved.cnt + 2 > c->rsv_max) {
			if (mxi_ctx_alloc(c, page, page, lo, hi, &top))
				break;
			k = 1;
		} else {
			if (mxi_rangeset_find_top_down_from(&L->memory, &L->nomap, &L->reserved,
							    lo < page ? page : lo, hi, page, page, &top, &from))
				break;
			k = (top - mx_round_up(from, page)) / page + 1;
			if (k > n - done)
				k = n - done;
			if (mx_rangeset_add(&L->reserved, top - (k - 1) * page, k * page))
				mxi_ctx_fail(c, MX_ENOMEM);
		}
		done += k;
		/* the pages run downwards: a piece right below the run goes on with it */
		if (run_len && top + page == run_base) {
			run_base = top - (k - 1) * page;
			run_len += k * page;
			continue;
		}
		if (run_len)
			*last = mxi_ctx_placed_item(c, kind, name, run_base, run_len, page, lo, hi);
		run_base = top - (k - 1) * page;
		run_len = k * page;
	}
	if (run_len)
		*last = mxi_ctx_placed_item(c, kind, name, run_base, run_len, page, lo, hi);
	return done;
}


uint64_t mxi_ctx_memory_pages(const struct mx_ctx *c)
{
	return mx_rangeset_pages(&c->L->memory, c->page);
}

int mxi_ctx_add_cma(struct mx_ctx *c, int item, uint64_t base, uint64_t size)
{
	if (mxi_grow((void **)&c->cma, &c->maxcma, c->ncma + 1, sizeof(*c->cma))) {
		mxi_ctx_fail(c, MX_ENOMEM);
		return MX_ENOMEM;
	}
	c->cma[c->ncma].item = item;
	c->cma[c->ncma].base = base;
	c->cma[c->ncma].size = size;
	c->cma[c->ncma].exposed = false;
	c->ncma++;
	c->cma_pages += size / c->page;
	return 0;
}

unsigned mxi_ctx_possible_cpus(const struct mx_ctx *c)
{
	unsigned n = c->p->kside.cpus ? c->p->kside.cpus : 1;
	unsigned ids = c->p->kside.nr_cpus_max;

	if (c->P->nr_cpus && (!ids || c->P->nr_cpus < ids))
		ids = c->P->nr_cpus;
	return ids && n > ids ? ids : n;
}

uint64_t mxi_ctx_virt(const struct mx_ctx *c, uint64_t phys)
{
	uint64_t phys_offset = mx_round_down(c->P->kernel_base, 16ULL << 20);

	return phys - phys_offset + c->P->page_offset;
}

/* The limit dma_contiguous_reserve() is called with, per arch. */
uint64_t mxi_ctx_dma_limit(const struct mx_ctx *c)
{
	uint64_t end = mx_rangeset_end(&c->L->memory);

	switch (c->P->arch) {
	case MX_ARCH_ARM:
		return 0xffffffffu; /* arm_dma_limit without ZONE_DMA */
	case MX_ARCH_ARM64: {
		/*
		 * arm64_dma_phys_limit: max_zone_phys(32) - 5.x: the 4 GiB window
		 * memory starts in; 6.x: below 4 GiB, or everything when DRAM starts
		 * above 4 GiB.
		 */
		uint64_t start = mx_rangeset_start(&c->L->memory), lim;

		if (c->fl->arm64_dma_above_4g_all)
			lim = start > 0xffffffffULL ? end : 1ULL << 32;
		else
			lim = (start & ~((1ULL << 32) - 1)) + (1ULL << 32);
		return end < lim ? end : lim;
	}
	case MX_ARCH_RISCV64:
		/* dma32_phys_limit: the 4 GiB boundary */
		return end < (1ULL << 32) ? end : (1ULL << 32);
	case MX_ARCH_NONE:
		break;
	}
	return end;
}

uint64_t mxi_ptr_bytes(const struct mx_ctx *c)
{
	return c->P->arch == MX_ARCH_ARM ? 4 : 8;
}
