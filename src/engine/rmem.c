/* rmem.c - /reserved-memory (static and dynamic children, CMA pools) and the default CMA area */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

/* kernel/dma/contiguous.c, mm/cma.c: the alignment a CMA area needs */
uint64_t mxi_cma_alignment(const struct mx_params *P)
{
	unsigned order;

	if (P->flavour->cma_align == MX_CMA_ALIGN_PAGEBLOCK)
		return P->page << P->pageblock_order;
	order = P->max_order - 1 > P->pageblock_order ? P->max_order - 1 : P->pageblock_order;
	return P->page << order;
}

/* Region @i (@r) is a reusable "shared-dma-pool": rmem_cma_setup() makes it a CMA pool. */
static bool wants_cma(const struct mx_ctx *c, const struct mx_region *r, size_t i)
{
	return (r->flags & MX_REGION_REUSABLE) && c->rsum[i].shared_dma;
}

static enum mx_item_kind region_kind(const struct mx_ctx *c, const struct mx_region *r, size_t i)
{
	if (r->flags & MX_REGION_NOMAP)
		return MX_ITEM_NOMAP;
	if (r->flags & MX_REGION_NOMAP_FIXUP)
		return MX_ITEM_FIXUP;
	if (r->flags & MX_REGION_FREED_LATE)
		return MX_ITEM_FREED_LATE;
	if (wants_cma(c, r, i))
		return MX_ITEM_CMA;
	return r->nreg ? MX_ITEM_STATIC : MX_ITEM_DYNAMIC;
}

static uint64_t mib(uint64_t bytes)
{
	return bytes >> 20;
}

/* "failed to reserve memory for node": the node is still saved, with no effect */
static void refuse_reg(struct mx_ctx *c, size_t i, enum mx_item_kind kind, uint64_t base,
		       uint64_t size, unsigned flags)
{
	const struct mx_region *r = &c->p->regions[i];
	int it;

	mxi_ctx_log(c, MX_LOG_KERNEL, -1, "Reserved memory: failed to reserve memory for node '%s': "
		   "base " MXI_PA ", size %" PRIu64 " MiB", r->name, mxi_pa_digits(c), base, mib(size));
	it = mxi_ctx_item(c, kind, r->name, base, size, MX_IF_REFUSED | flags, (int)i, -1);
	if (c->region_item[i] < 0)
		c->region_item[i] = it;
}

/*
 * drivers/of/of_reserved_mem.c: __reserved_mem_reserve_reg() and
 * drivers/of/fdt.c: early_init_dt_reserve_memory_arch() for every reg entry.
 */
void mxi_step_rmem_static(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;

	/* 3.x-5.x take each no-map region out of memblock.memory: all over it (see mx_layout_compute()) */
	mxi_rangeset_open(&c->L->memory);
	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];
		enum mx_item_kind kind = region_kind(c, r, i);

		/* the region 16 ahead, then the reg entries and name (own blocks) of the one 8 ahead */
		if (i + 16 < p->nregions)
			mxi_prefetch_region(&p->regions[i + 16]);
		if (i + 8 < p->nregions) {
			__builtin_prefetch(p->regions[i + 8].reg);
			__builtin_prefetch(p->regions[i + 8].name);
		}
		c->region_item[i] = -1;
		if (r->flags & MX_REGION_DISABLED) {
			uint64_t b = r->nreg ? r->reg[0].base : 0;
			uint64_t s = r->nreg ? r->reg[0].size : r->size;

			mxi_ctx_item(c, kind, r->name, b, s, MX_IF_DISABLED, (int)i, -1);
			continue;
		}
		for (size_t j = 0; j < r->nreg; j++) {
			uint64_t base = r->reg[j].base, size = r->reg[j].size, end;
			unsigned flags = MX_IF_PLACED;
			int it;

			if (!size || !mx_add_ok(base, size, &end))
				continue; /* the zero-size and overflow checks report these */
			if (!mx_rangeset_contains(&c->L->memory, base, size))
				flags |= MX_IF_OUTSIDE;
			if (r->flags & MX_REGION_NOMAP) {
				flags |= MX_IF_NOMAP;
				/* 6.1 early_init_dt_reserve_memory(): only when it is memory too */
				if (c->fl->nomap_over_reserved_refused &&
				    mx_rangeset_overlaps(&c->L->reserved, base, size) &&
				    (c->fl->nomap == MX_NOMAP_REMOVE ||
				     mx_rangeset_overlaps(&c->L->memory, base, size))) {
					/* of/fdt: no-map may not take memory already reserved */
					mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_NOMAP_REFUSED, &r->pos, (int)i,
						    "no-map region '%s' overlaps memory already reserved; "
						    "the kernel refuses it", r->name);
					refuse_reg(c, i, kind, base, size, MX_IF_NOMAP);
					continue;
				}
				if (c->fl->nomap == MX_NOMAP_REMOVE) {
					mxi_ctx_remove_memory(c, base, size);
				} else if (mxi_ctx_memory_room(c, 2)) {
					refuse_reg(c, i, kind, base, size, MX_IF_NOMAP); /* memblock_mark_nomap() failed */
					continue;
				} else {
					if (mx_rangeset_copy(&c->scratch, &c->L->memory) ||
					    mx_rangeset_clip(&c->scratch, base, size))
						mxi_ctx_fail(c, MX_ENOMEM);
					for (size_t k = 0; k < c->scratch.cnt; k++)
						if (mx_rangeset_add(&c->L->nomap, c->scratch.r[k].base,
								    c->scratch.r[k].size))
							mxi_ctx_fail(c, MX_ENOMEM);
				}
			} else if (mxi_ctx_reserve(c, base, size)) {
				refuse_reg(c, i, kind, base, size, 0); /* memblock.reserved is full */
				continue;
			}
			/* 6.12.45+ __reserved_mem_reserve_reg(): every reg entry reserved */
			if (wants_cma(c, r, i) && c->fl->cma_remap_at_reserve)
				mxi_cma_remap_add(c, base, size);
			it = mxi_ctx_item(c, kind, r->name, base, size, flags, (int)i, -1);
			if (c->region_item[i] < 0)
				c->region_item[i] = it;
		}
	}
	mxi_rangeset_close(&c->L->memory);
}

/*
 * of_reserved_mem.c: __reserved_mem_alloc_size() computes a window's end as
 * start + size in phys_addr_t (it wraps: at 4 GiB on 32-bit ARM without
 * LPAE), and early_init_dt_alloc_reserved_memory_arch() reads an end of 0
 * as MEMBLOCK_ALLOC_ANYWHERE. An end that wrapped below the start leaves an
 * empty window (memblock_find_in_range_node(): end = max(start, end)).
 */
static uint64_t alloc_range_end(const struct mx_ctx *c, const struct mx_range *w)
{
	uint64_t e = w->base + w->size; /* unsigned wrap, as the kernel's */

	if (c->P->phys_digits == 8)
		e &= 0xffffffffULL;
	if (!e)
		return UINT64_MAX;
	return e < w->base ? w->base : e;
}

/*
 * The regions saved so far in this pass (6.12 reserved_mem[] while the
 * dynamic ones are allocated), as __reserved_mem_alloc_in_range() asks
 * about them: is an address inside or right after one, base <= x <= base +
 * size (phys_addr_t: the end wraps)? Which region does not matter, so the
 * set keeps the union of the closed intervals: [base, base + size] as the
 * half-open [base, base + size + 1), and the one point a range set cannot
 * hold, 2^64 - 1, as a flag. One lookup is a binary search, not a walk over
 * every region saved before (which made 6.12 quadratic).
 */
void mxi_rmem_saved_init(struct mxi_rmem_saved *sv)
{
	mx_rangeset_init(&sv->hit);
	/* filled in allocation order, all over the address space (see mxi_step_rmem_dynamic()) */
	mxi_rangeset_open(&sv->hit);
	sv->top = false;
}

void mxi_rmem_saved_release(struct mxi_rmem_saved *sv)
{
	mx_rangeset_release(&sv->hit);
}

int mxi_rmem_saved_add(struct mxi_rmem_saved *sv, uint64_t base, uint64_t size)
{
	uint64_t e = base + size; /* unsigned wrap, as the kernel's */

	if (e < base)
		return 0; /* wrapped: no address is both >= base and <= the end */
	if (e == UINT64_MAX)
		sv->top = true;
	return mx_rangeset_add(&sv->hit, base, e - base + (e != UINT64_MAX));
}

bool mxi_rmem_saved_holds(const struct mxi_rmem_saved *sv, uint64_t x)
{
	if (x == UINT64_MAX)
		return sv->top;
	return mx_rangeset_overlaps(&sv->hit, x, 1);
}

/*
 * mm/memblock.c: __memblock_find_range_bottom_up() - the lowest
 * round_up(start, align) of a free range (memory, not NOMAP, not
 * reserved) in [lo, hi) that still holds @size; reserved on success.
 */
static int alloc_bottom_up(struct mx_ctx *c, uint64_t size, uint64_t align, uint64_t lo, uint64_t hi,
			   uint64_t *out)
{
	struct mx_layout *L = c->L;
	uint64_t found = 0;

	if (lo < c->page)
		lo = c->page; /* memblock_find_in_range_node(): not the first page */
	if (hi < lo)
		hi = lo;
	/* for_each_free_mem_range(), through the index the top-down searches keep */
	if (mxi_rangeset_find_bottom_up(&L->memory, &L->nomap, &L->reserved, lo, hi, size, align,
					&found))
		return MX_ENOSPACE;
	if (mxi_ctx_reserve(c, found, size))
		return MX_ENOSPACE;
	*out = found;
	return 0;
}

/*
 * of_reserved_mem.c (6.5+): __reserved_mem_alloc_in_range() - memblock
 * runs bottom-up when the window starts inside or right after a region
 * saved before, top-down when it ends there, as it is when both or
 * neither hold. @raw_end is start + size as phys_addr_t computed it.
 */
static int alloc_in_window(struct mx_ctx *c, const struct mxi_rmem_saved *sv, uint64_t size,
			   uint64_t align, uint64_t start, uint64_t raw_end, uint64_t end, uint64_t *out,
			   bool *bottom_up)
{
	*bottom_up = sv && mxi_rmem_saved_holds(sv, start) && !mxi_rmem_saved_holds(sv, raw_end);
	if (*bottom_up)
		return alloc_bottom_up(c, size, align, start, end, out);
	return mxi_ctx_alloc(c, size, align, start, end, out);
}

/*
 * Region @i's name for a log line about its item @it: the item's copy of
 * it (the same text), which the log's record then keeps as one byte
 * without comparing the two (logpack.c).
 */
static const char *line_name(const struct mx_ctx *c, size_t i, int it)
{
	const char *name = c->p->regions[i].name;

	return name && it >= 0 ? c->L->items[it].name : name;
}

/*
 * __reserved_mem_alloc_size(): try each alloc-ranges window, top-down (or,
 * with @sv, in the direction __reserved_mem_alloc_in_range() picks).
 */
static int alloc_dynamic(struct mx_ctx *c, size_t i, const struct mxi_rmem_saved *sv)
{
	const struct mx_region *r = &c->p->regions[i];
	uint64_t align = r->align, base = 0;
	bool nomap = r->flags & MX_REGION_NOMAP, bottom_up = false;
	enum mx_item_kind kind = region_kind(c, r, i);
	int it, win = -1;
	uint64_t lo = 0, hi = UINT64_MAX;

	if (!align)
		/*
		 * no alignment property: SMP_CACHE_BYTES, in every flavour
		 * (3.14+ memblock_alloc_range_nid(): "if (!align)"; 4.20+
		 * early_init_dt_alloc_reserved_memory_arch() says it itself)
		 */
		align = c->P->smp_cache_bytes;
	if (!mx_is_pow2(align)) {
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_ALIGNMENT, &r->pos, (int)i,
			    "alignment 0x%" PRIx64 " of '%s' is not a power of two; not placed",
			    align, r->name);
		it = mxi_ctx_item(c, kind, r->name, 0, 0, MX_IF_FAILED | MX_IF_DYNAMIC, (int)i, -1);
		if (it >= 0)
			c->L->items[it].want = r->size;
		return -1;
	}
	if (wants_cma(c, r, i) && !nomap && align < mxi_cma_alignment(c->P))
		align = mxi_cma_alignment(c->P);
	if (r->nalloc_ranges) {
		for (size_t w = 0; w < r->nalloc_ranges; w++) {
			uint64_t s = r->alloc_ranges[w].base, e = alloc_range_end(c, &r->alloc_ranges[w]);
			uint64_t raw = s + r->alloc_ranges[w].size;

			if (c->P->phys_digits == 8)
				raw &= 0xffffffffULL;
			lo = s;
			hi = e;
			if (!alloc_in_window(c, sv, r->size, align, s, raw, e, &base, &bottom_up)) {
				win = (int)w;
				break;
			}
		}
	} else if (!mxi_ctx_alloc(c, r->size, align, 0, UINT64_MAX, &base)) {
		win = -2;
	}
	if (win == -1) {
		mxi_ctx_log(c, MX_LOG_KERNEL, -1,
			   "Reserved memory: failed to allocate memory for node '%s'", r->name);
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_ALLOC_FAILED, &r->pos, (int)i,
			    "dynamic region '%s' (%" PRIu64 " bytes, align 0x%" PRIx64 ") does not fit%s",
			    r->name, r->size, align, r->nalloc_ranges ? " in its alloc-ranges" : "");
		it = mxi_ctx_item(c, kind, r->name, 0, 0, MX_IF_FAILED | MX_IF_DYNAMIC, (int)i, -1);
		if (it >= 0) {
			c->L->items[it].want = r->size;
			c->L->items[it].align = align;
		}
		return -1;
	}
	if (nomap) {
		/* allocated (reserved), then removed (3.x) or marked NOMAP (6.x) */
		if (c->fl->nomap == MX_NOMAP_REMOVE) {
			mxi_ctx_remove_memory(c, base, r->size);
		} else if (mxi_ctx_memory_room(c, 2)) {
			/* memblock_mark_nomap() failed: memblock_phys_free() and no region */
			mxi_ctx_unreserve(c, base, r->size);
			mxi_ctx_log(c, MX_LOG_KERNEL, -1,
				   "Reserved memory: failed to allocate memory for node '%s'", r->name);
			it = mxi_ctx_item(c, kind, r->name, 0, 0, MX_IF_FAILED | MX_IF_DYNAMIC, (int)i, -1);
			if (it >= 0)
				c->L->items[it].want = r->size;
			return -1;
		} else if (mx_rangeset_add(&c->L->nomap, base, r->size)) {
			mxi_ctx_fail(c, MX_ENOMEM);
		}
	}
	it = mxi_ctx_item(c, kind, r->name, base, r->size,
			 MX_IF_PLACED | MX_IF_DYNAMIC | (nomap ? MX_IF_NOMAP : 0), (int)i, -1);
	if (it >= 0) {
		struct mx_item *item = &c->L->items[it];

		item->window = win >= 0 ? win : -1;
		item->win_lo = win >= 0 ? lo : 0;
		item->win_hi = win >= 0 ? hi : UINT64_MAX;
		item->align = align;
	}
	mxi_ctx_log(c, MX_LOG_KERNEL, it,
		   "Reserved memory: allocated memory for '%s' node: base " MXI_PA ", size %" PRIu64 " MiB",
		   line_name(c, i, it), mxi_pa_digits(c), base, mib(r->size));
	if (bottom_up)
		mxi_ctx_log(c, MX_LOG_MEMX, it, "%s: alloc-ranges window %d starts next to a region "
			   "allocated before: placed bottom-up (__reserved_mem_alloc_in_range)", r->name, win);
	return it;
}

static const char *initialized_prefix(const struct mx_ctx *c)
{
	return c->fl->klog == MX_KLOG_318 ? "Reserved memory: " : "OF: reserved mem: ";
}

/*
 * __reserved_mem_init_node(): the handlers for the node's compatible.
 * Returns 0 (initialised), 1 (no handler: -ENOENT, left as it is) or -1
 * (every handler refused: -EINVAL / -EBUSY).
 */
static int init_node(struct mx_ctx *c, size_t i, int it)
{
	const struct mx_region *r = &c->p->regions[i];
	struct mx_item *item = &c->L->items[it];
	bool nomap = r->flags & MX_REGION_NOMAP, reusable = r->flags & MX_REGION_REUSABLE;
	uint64_t align = mxi_cma_alignment(c->P);

	if (c->rsum[i].shared_dma) {
		/* kernel/dma/contiguous.c: rmem_cma_setup() */
		if (reusable && !nomap) {
			if ((r->flags & MX_REGION_CMA_DEFAULT) && c->P->cma_cmdline &&
			    c->fl->failed_rmem_given_back) {
				mxi_ctx_log(c, MX_LOG_KERNEL, it, "Reserved memory: bypass %s node, using "
					   "cmdline CMA params instead", r->name);
				mxi_ctx_diag(c, MX_SEV_NOTE, MX_CHECK_CMA_BYPASSED, &r->pos, (int)i,
					    "'%s' is linux,cma-default but cma= on the command line wins",
					    r->name);
			} else if ((item->base | item->size) & (align - 1)) {
				mxi_ctx_log(c, MX_LOG_KERNEL, it, c->fl->klog == MX_KLOG_318 ?
					   "Reserved memory: unable to setup CMA region" :
					   "Reserved memory: incorrect alignment of CMA region");
				mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_CMA_ALIGNMENT, &r->pos, (int)i,
					    "CMA pool '%s' at 0x%" PRIx64 " size 0x%" PRIx64
					    " is not aligned to 0x%" PRIx64 "; the kernel refuses it",
					    r->name, item->base, item->size, align);
			} else {
				item->flags |= MX_IF_CMA;
				item->kind = MX_ITEM_CMA;
				mxi_ctx_add_cma(c, it, item->base, item->size);
				if (r->flags & MX_REGION_CMA_DEFAULT)
					c->cma_default_from_dt = true;
				mxi_ctx_log(c, MX_LOG_KERNEL, it, "Reserved memory: created CMA memory pool "
					   "at " MXI_PA ", size %" PRIu64 " MiB",
					   mxi_pa_digits(c), item->base, mib(item->size));
				mxi_ctx_log(c, MX_LOG_KERNEL, it, "%sinitialized node %s, compatible id "
					   "shared-dma-pool", initialized_prefix(c), line_name(c, i, it));
				return 0;
			}
		}
		/* kernel/dma/coherent.c: rmem_dma_setup() */
		if (!reusable && (nomap || c->P->arch != MX_ARCH_ARM)) {
			mxi_ctx_log(c, MX_LOG_KERNEL, it,
				   "Reserved memory: created DMA memory pool at " MXI_PA ", "
				   "size %" PRIu64 " MiB", mxi_pa_digits(c), item->base,
				   mib(item->size));
			mxi_ctx_log(c, MX_LOG_KERNEL, it, "%sinitialized node %s, compatible id "
				   "shared-dma-pool", initialized_prefix(c), line_name(c, i, it));
			return 0;
		}
		if (reusable)
			item->flags |= MX_IF_CMA_FAILED;
		return -1;
	}
	if (c->rsum[i].removed_dma) {
		mxi_ctx_log(c, MX_LOG_KERNEL, it, "%sinitialized node %s, compatible id removed-dma-pool",
			   initialized_prefix(c), line_name(c, i, it));
		return 0;
	}
	return 1;
}

void mxi_cma_remap_add(struct mx_ctx *c, uint64_t base, uint64_t size)
{
	if (c->P->arch != MX_ARCH_ARM)
		return; /* only arch/arm has dma_mmu_remap[] */
	if (mxi_grow((void **)&c->remap, &c->maxremap, c->nremap + 1, sizeof(*c->remap))) {
		mxi_ctx_fail(c, MX_ENOMEM);
		return;
	}
	c->remap[c->nremap].base = base;
	c->remap[c->nremap].size = size;
	c->nremap++;
}

/*
 * fdt_init_reserved_mem_node()'s line (6.12): the two words are part of the
 * format, one of four, not strings to intern on every line.
 */
#define RMEM_LINE(c, it, item, map, reusable, name)						\
	mxi_ctx_log((c), MX_LOG_KERNEL, (it),							\
		   "OF: reserved mem: " MXI_PA ".." MXI_PA " (%" PRIu64 " KiB) " map " " reusable " %s", \
		   mxi_pa_digits(c), (item)->base, mxi_pa_digits(c), (item)->base + (item)->size - 1, \
		   (item)->size >> 10, (name))

/*
 * fdt_init_reserved_mem_node() (6.12; fdt_init_reserved_mem() before):
 * the node's handlers, then either "compatible matching fail" and the
 * range given back, or (6.12) the region's line.
 */
static void settle(struct mx_ctx *c, size_t i, int it)
{
	struct mx_layout *L = c->L;
	const struct mx_region *r = &c->p->regions[i];
	struct mx_item *item;
	int res = init_node(c, i, it);

	item = &L->items[it];
	if (res < 0 && c->fl->failed_rmem_given_back) {
		mxi_ctx_log(c, MX_LOG_KERNEL, it, "OF: reserved mem: node %s compatible matching fail",
			   r->name);
		if (r->flags & MX_REGION_NOMAP) {
			if (c->fl->nomap == MX_NOMAP_REMOVE) {
				if (mx_rangeset_add(&L->memory, item->base, item->size))
					mxi_ctx_fail(c, MX_ENOMEM);
			} else if (mx_rangeset_remove(&L->nomap, item->base, item->size)) {
				mxi_ctx_fail(c, MX_ENOMEM);
			}
		}
		/*
		 * memblock_free() of the whole range, whatever else reserved it;
		 * 6.x only memblock_clear_nomap()s a no-map node (a dynamic one
		 * stays reserved)
		 */
		if (!(r->flags & MX_REGION_NOMAP) || c->fl->nomap == MX_NOMAP_REMOVE)
			mxi_ctx_unreserve(c, item->base, item->size);
		item->flags &= ~(unsigned)MX_IF_PLACED;
		item->flags |= MX_IF_GIVEN_BACK;
		return;
	}
	if (res < 0 || !c->fl->rmem_region_lines || !item->size)
		return;
	/* every saved region whose handlers did not refuse it, refused reservations included */
	item->flags |= MX_IF_RMEM_LINE;
	if (r->flags & MX_REGION_NOMAP) {
		if (r->flags & MX_REGION_REUSABLE)
			RMEM_LINE(c, it, item, "nomap", "reusable", line_name(c, i, it));
		else
			RMEM_LINE(c, it, item, "nomap", "non-reusable", line_name(c, i, it));
	} else if (r->flags & MX_REGION_REUSABLE) {
		RMEM_LINE(c, it, item, "map", "reusable", line_name(c, i, it));
	} else {
		RMEM_LINE(c, it, item, "map", "non-reusable", line_name(c, i, it));
	}
}

/* The static region @i as the kernel saves it (its first reg entry), or -1 when it is not saved. */
static int saved_static(const struct mx_ctx *c, size_t i)
{
	const struct mx_region *r = &c->p->regions[i];
	int it = c->region_item[i];

	if (it < 0 || !(c->L->items[it].flags & (MX_IF_PLACED | MX_IF_REFUSED)))
		return -1;
	/* a first entry of size 0 is not saved (the step skipped it: the item is a later entry's) */
	if (c->L->items[it].base != r->reg[0].base || c->L->items[it].size != r->reg[0].size)
		return -1;
	return it;
}

/*
 * fdt_reserved_mem_save_node() at the scan: an enabled child with reg or
 * size (__fdt_scan_reserved_mem() saves nothing else), statics with their
 * first reg - except on 6.12 (@late), which saves them after paging_init()
 * (mxi_step_rmem_static_init()).
 */
static bool saved_early(const struct mx_ctx *c, size_t i, bool late)
{
	const struct mxi_rsum *s = &c->rsum[i];

	if ((s->flags & MX_REGION_DISABLED) || (!s->nreg && !s->has_size))
		return false;
	return !(late && s->nreg);
}

/*
 * The region the step takes @k-th: the @k-th of the sorted @keys, or
 * (without keys: tree order) the first saved one from *@i on. False past
 * the last.
 */
static bool next_saved(const struct mx_ctx *c, const struct mxi_sort_key *keys, size_t n, size_t k,
		       bool late, size_t *i)
{
	if (keys) {
		if (k < n)
			*i = keys[k].idx;
		return k < n;
	}
	while (*i < c->p->nregions && !saved_early(c, *i, late))
		++*i;
	return *i < c->p->nregions;
}

/*
 * The dynamic regions: 3.18-6.11 fdt_init_reserved_mem() (every saved
 * region in the flavour's order, allocated when dynamic, then
 * initialised); 6.12 fdt_scan_reserved_mem(): the dynamic ones only, in
 * DT order, each allocated by __reserved_mem_alloc_size() and initialised
 * at once by fdt_reserved_mem_save_node().
 */
void mxi_step_rmem_dynamic(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;
	struct mx_layout *L = c->L;
	bool late = c->fl->rmem_static_init == MX_RMEM_INIT_LATE;
	bool contiguous = c->fl->rmem_range_contiguous;
	struct mxi_rmem_saved sv;
	size_t n = 0;
	struct mxi_sort_key *keys = c->keys; /* the heapsort's (mx_layout_compute() makes room) */

	if (!p->nregions)
		return;
	mxi_rmem_saved_init(&sv);
	if (c->fl->dyn_order == MX_DYN_ORDER_HEAPSORT) {
		for (size_t i = 0; i < p->nregions; i++) {
			/* each region's reg entries are a block of their own: asked for 8 turns ahead */
			if (i + 8 < p->nregions && c->rsum[i + 8].nreg)
				__builtin_prefetch(p->regions[i + 8].reg);
			if (!saved_early(c, i, late))
				continue;
			keys[n].base = c->rsum[i].nreg ? p->regions[i].reg[0].base : 0;
			keys[n].size = c->rsum[i].nreg ? p->regions[i].reg[0].size : 0;
			keys[n++].idx = i;
		}
		mxi_heapsort_keys(keys, n);
	}

	mxi_rangeset_open(&L->memory); /* as in mxi_step_rmem_static() */
	for (size_t k = 0, i = 0; !c->err && next_saved(c, keys, n, k, late, &i); k++, i++) {
		const struct mx_region *r = &p->regions[i];
		int it;

		/*
		 * In sorted order the regions are all over the profile's array: ask
		 * for the ones a few turns ahead (and their names) before they are read.
		 */
		if (keys && k + 16 < n) {
			mxi_prefetch_region(&p->regions[keys[k + 16].idx]);
			__builtin_prefetch(&c->rsum[keys[k + 16].idx]);
		}
		if (keys && k + 48 < n)
			__builtin_prefetch(&keys[k + 48]); /* not streamed in either, at this pace */
		if (keys && k + 8 < n)
			__builtin_prefetch(p->regions[keys[k + 8].idx].name);
		/*
		 * In tree order the regions come in turn, but so far apart in time
		 * (an allocation each) that nothing streams them in: the one 16
		 * ahead is asked for, then the name (a block of its own) of the one
		 * 8 ahead, whose pointer that brought in.
		 */
		if (!keys && i + 16 < p->nregions)
			mxi_prefetch_region(&p->regions[i + 16]);
		if (!keys && i + 8 < p->nregions)
			__builtin_prefetch(p->regions[i + 8].name);

		if (r->nreg) {
			/* saved with its first reg entry even when reserving it was refused */
			it = c->region_item[i];
			if (it < 0 || !(L->items[it].flags & (MX_IF_PLACED | MX_IF_REFUSED)))
				continue;
		} else {
			if (!r->has_size || !r->size)
				continue; /* no-reg-no-size / zero-size checks report these */
			it = alloc_dynamic(c, i, contiguous ? &sv : NULL);
			if (it < 0)
				continue;
			/* 6.12.45+ __reserved_mem_alloc_size(): every reusable pool allocated */
			if (wants_cma(c, r, i) && c->fl->cma_remap_at_reserve)
				mxi_cma_remap_add(c, L->items[it].base, L->items[it].size);
			if (contiguous && mxi_rmem_saved_add(&sv, L->items[it].base, L->items[it].size))
				mxi_ctx_fail(c, MX_ENOMEM);
		}
		settle(c, i, it);
	}
	mxi_rangeset_close(&L->memory);
	mxi_rmem_saved_release(&sv);
}

/*
 * 6.12 unflatten_device_tree() -> fdt_scan_reserved_mem_reg_nodes(): every
 * enabled region with reg, in DT order, saved with its first entry (when
 * its size is not 0: refused and outside-RAM reservations included) and
 * initialised - after paging_init(), and on 32-bit ARM after the default
 * CMA area, so a refused static pool is given back only now.
 */
void mxi_step_rmem_static_init(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;

	if (c->fl->rmem_static_init != MX_RMEM_INIT_LATE)
		return;
	for (size_t i = 0; i < p->nregions && !c->err; i++) {
		int it;

		/* as in mxi_step_rmem_static() */
		if (i + 16 < p->nregions && c->rsum[i + 16].nreg)
			mxi_prefetch_region(&p->regions[i + 16]);
		if (i + 8 < p->nregions && c->rsum[i + 8].nreg) {
			__builtin_prefetch(p->regions[i + 8].reg);
			__builtin_prefetch(p->regions[i + 8].name);
		}
		if ((c->rsum[i].flags & MX_REGION_DISABLED) || !c->rsum[i].nreg ||
		    !p->regions[i].reg[0].size)
			continue;
		if ((it = saved_static(c, i)) >= 0)
			settle(c, i, it);
	}
}

/* kernel/dma/contiguous.c: dma_contiguous_reserve() -> mm/cma.c: cma_declare_contiguous() */
void mxi_step_cma_default(struct mx_ctx *c)
{
	const struct mx_params *P = c->P;
	uint64_t align = mxi_cma_alignment(P);
	uint64_t size, base, limit, mend = mx_rangeset_end(&c->L->memory), addr = 0;
	bool fixed, ok = false;
	int it;
	uint64_t win_lo, win_hi;

	if (c->cma_default_from_dt) {
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "default CMA area: the linux,cma-default pool");
		return;
	}
	if (!P->cma_size) {
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "no default CMA area (%s)",
			   P->cma_cmdline ? "cma=0" : "CMA size 0");
		return;
	}
	size = mx_round_up(P->cma_size, align);
	base = mx_round_up(P->cma_base, align);
	limit = mxi_ctx_dma_limit(c);
	if (P->cma_limit && P->cma_limit < limit)
		limit = P->cma_limit;
	limit = mx_round_down(limit, align);
	fixed = P->cma_cmdline && base && P->cma_base + P->cma_size == P->cma_limit;
	if (!limit || limit > mend)
		limit = mend;
	win_lo = base;
	win_hi = limit;
	if (fixed) {
		if (base < c->highmem_start && base + size > c->highmem_start) {
			mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_CMA_STRADDLE, &c->p->pos, -1,
				    "cma= area at 0x%" PRIx64 " straddles the lowmem/highmem boundary 0x%"
				    PRIx64, base, c->highmem_start);
		} else if (!mx_rangeset_overlaps(&c->L->reserved, base, size) &&
			   !mxi_ctx_reserve(c, base, size)) {
			addr = base;
			ok = true;
		}
	} else {
		/* all pages of an area must be in one zone: highmem first, then lowmem */
		if (base < c->highmem_start && limit > c->highmem_start) {
			ok = !mxi_ctx_alloc(c, size, align, c->highmem_start, limit, &addr);
			if (ok)
				win_lo = c->highmem_start;
			else
				win_hi = limit = c->highmem_start;
		}
		if (!ok)
			ok = !mxi_ctx_alloc(c, size, align, base, limit, &addr);
	}
	if (!ok) {
		mxi_ctx_log(c, MX_LOG_KERNEL, -1, "cma: Failed to reserve %" PRIu64 " MiB", mib(size));
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_ALLOC_FAILED, &c->p->pos, -1,
			    "the default CMA area of %" PRIu64 " bytes does not fit", size);
		it = mxi_ctx_item(c, MX_ITEM_CMA_DEFAULT, "default CMA", 0, 0, MX_IF_FAILED, -1, -1);
		if (it >= 0)
			c->L->items[it].want = size;
		return;
	}
	it = mxi_ctx_item(c, MX_ITEM_CMA_DEFAULT, "default CMA", addr, size,
			 MX_IF_PLACED | MX_IF_CMA | (fixed ? 0 : MX_IF_DYNAMIC), -1, -1);
	if (it >= 0) {
		c->L->items[it].align = align;
		c->L->items[it].win_lo = win_lo;
		c->L->items[it].win_hi = win_hi;
	}
	mxi_ctx_add_cma(c, it, addr, size);
	/* dma_contiguous_reserve_area(): the default area is remapped too */
	if (c->fl->cma_remap_at_reserve)
		mxi_cma_remap_add(c, addr, size);
	mxi_ctx_log(c, MX_LOG_KERNEL, it, "cma: Reserved %" PRIu64 " MiB at " MXI_PA, mib(size),
		   mxi_pa_digits(c), addr);
}
