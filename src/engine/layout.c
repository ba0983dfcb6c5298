/* layout.c - the layout object and the step driver of mx_layout_compute() */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "core_internal.h"

void mx_layout_init(struct mx_layout *L)
{
	memset(L, 0, sizeof(*L));
	mx_diaglist_init(&L->diags);
	mx_rangeset_init(&L->dram);
	mx_rangeset_init(&L->memory);
	mx_rangeset_init(&L->reserved);
	mx_rangeset_init(&L->nomap);
	mx_rangeset_init(&L->buddy);
	mx_rangeset_init(&L->tmp1);
	mx_rangeset_init(&L->tmp2);
}

void mx_layout_release(struct mx_layout *L)
{
	free(L->items);
	free(L->stages);
	free(L->fixups);
	free(L->log);
	free(L->work);
	mxi_logpack_free(L->logpack);
	mxi_textstore_free(L->names);
	mx_diaglist_release(&L->diags);
	mx_rangeset_release(&L->dram);
	mx_rangeset_release(&L->memory);
	mx_rangeset_release(&L->reserved);
	mx_rangeset_release(&L->nomap);
	mx_rangeset_release(&L->buddy);
	mx_rangeset_release(&L->tmp1);
	mx_rangeset_release(&L->tmp2);
	mx_layout_init(L);
}

static void layout_clear(struct mx_layout *L)
{
	L->nitems = L->nstages = L->nfixups = L->nlog = L->nzones = 0;
	memset(L->zones, 0, sizeof(L->zones));
	memset(&L->sum, 0, sizeof(L->sum));
	memset(&L->params, 0, sizeof(L->params));
	mxi_logpack_clear(L->logpack);
	mxi_textstore_clear(L->names);
	mx_diaglist_clear(&L->diags);
	mx_rangeset_clear(&L->dram);
	mx_rangeset_clear(&L->memory);
	mx_rangeset_clear(&L->reserved);
	mx_rangeset_clear(&L->nomap);
	mx_rangeset_clear(&L->buddy);
}

/*
 * The pages free_low_memory_core_early() would hand out now: memory minus
 * NOMAP minus memblock.reserved. A large set's search index keeps this sum
 * as the ranges change (one walk of thousands of ranges per step was a
 * tenth of a recompute); small sets are walked.
 */
static uint64_t free_pages(struct mx_ctx *c)
{
	struct mx_layout *L = c->L;
	const struct mx_rangeset *mem = &L->memory;
	uint64_t n;

	if (L->reserved.cnt + L->nomap.cnt > 64 &&
	    !mxi_rangeset_index_free_pages(&L->memory, &L->nomap, &L->reserved, c->page, &n))
		return n;
	if (L->nomap.cnt && !mx_rangeset_subtract(&L->tmp2, &L->memory, &L->nomap))
		mem = &L->tmp2;
	return mx_rangeset_free_pages(mem, &L->reserved, c->page, 0, UINT64_MAX);
}

/*
 * Counters as they stand now. The page counts walk memory and the buddy
 * ranges and ask free_pages() (O(n) each, after every step); a step that
 * changed none of the sets (their change counters say so) gets the
 * figures of the step before.
 */
static void snapshot(struct mx_ctx *c, struct mx_counters *k, bool after_mem_init)
{
	struct mx_layout *L = c->L;
	struct mxi_snapshot *s = &c->snap;
	uint64_t gens[4] = { L->memory.gen, L->nomap.gen, L->reserved.gen, L->buddy.gen };

	if (s->valid && s->after == after_mem_init && s->highmem_start == c->highmem_start &&
	    !memcmp(s->gens, gens, sizeof(gens))) {
		k->memory = s->memory;
		k->reserved = s->reserved;
		k->totalram = s->totalram;
		k->highram = s->highram;
	} else {
		k->memory = mx_rangeset_pages(&L->memory, c->page);
		/* before mem_init: what memblock holds; after: what the buddy allocator lacks */
		if (after_mem_init) {
			k->totalram = mx_rangeset_pages(&L->buddy, c->page); /* one walk for both */
			k->reserved = k->memory > k->totalram ? k->memory - k->totalram : 0;
			k->highram = c->highmem_start == UINT64_MAX ? 0 :
				mx_rangeset_pages_in(&L->buddy, c->page, c->highmem_start,
						     UINT64_MAX - c->highmem_start);
		} else {
			k->reserved = k->memory - free_pages(c);
			k->totalram = 0;
			k->highram = 0;
		}
		/* tmp2 is not one of the four: its own changes do not matter */
		gens[0] = L->memory.gen;
		gens[1] = L->nomap.gen;
		gens[2] = L->reserved.gen;
		gens[3] = L->buddy.gen;
		memcpy(s->gens, gens, sizeof(gens));
		s->valid = true;
		s->after = after_mem_init;
		s->highmem_start = c->highmem_start;
		s->memory = k->memory;
		s->reserved = k->reserved;
		s->totalram = k->totalram;
		s->highram = k->highram;
	}
	k->cma = c->cma_pages; /* kept as areas come and go: a stage's count reads no area */
}

typedef void (*step_fn)(struct mx_ctx *c);

static void step_paging(struct mx_ctx *c) { mxi_step_early_allocs(c, MX_PHASE_PAGING, false); }
static void step_setup(struct mx_ctx *c) { mxi_step_early_allocs(c, MX_PHASE_SETUP, false); }
static void step_start(struct mx_ctx *c) { mxi_step_early_allocs(c, MX_PHASE_START_KERNEL, false); }
static void step_calibration(struct mx_ctx *c) { mxi_step_early_allocs(c, MX_PHASE_PAGING, true); }
static void step_bootmem(struct mx_ctx *c) { mxi_step_early_allocs(c, MX_PHASE_BOOTMEM, false); }

static const step_fn step_fns[MX_STEP__COUNT] = {
	[MX_STEP_DRAM] = mxi_step_dram,
	[MX_STEP_MEM_LIMIT] = mxi_step_mem_limit,
	[MX_STEP_LOWMEM] = mxi_step_lowmem,
	[MX_STEP_KERNEL] = mxi_step_kernel,
	[MX_STEP_INITRD] = mxi_step_initrd,
	[MX_STEP_PGD] = mxi_step_pgd,
	[MX_STEP_FDT] = mxi_step_fdt,
	[MX_STEP_RMEM_STATIC] = mxi_step_rmem_static,
	[MX_STEP_RMEM_DYNAMIC] = mxi_step_rmem_dynamic,
	[MX_STEP_CMA_DEFAULT] = mxi_step_cma_default,
	[MX_STEP_RMEM_STATIC_INIT] = mxi_step_rmem_static_init,
	[MX_STEP_PAGETABLES] = mxi_step_pagetables,
	[MX_STEP_UNFLATTEN] = mxi_step_unflatten,
	[MX_STEP_EARLY_BOOTMEM] = step_bootmem,
	[MX_STEP_CRASHKERNEL] = mxi_step_crashkernel,
	[MX_STEP_RESOURCES] = mxi_step_resources,
	[MX_STEP_CMDLINE] = mxi_step_cmdline,
	[MX_STEP_LOGBUF] = mxi_step_logbuf,
	[MX_STEP_HASH] = mxi_step_hash,
	[MX_STEP_PAGE_EXT] = mxi_step_page_ext,
	[MX_STEP_SWIOTLB] = mxi_step_swiotlb,
	[MX_STEP_EARLY_PAGING] = step_paging,
	[MX_STEP_MEMMAP] = mxi_step_memmap,
	[MX_STEP_EARLY_SETUP] = step_setup,
	[MX_STEP_EARLY_START] = step_start,
	[MX_STEP_CALIBRATION] = step_calibration,
	[MX_STEP_FREE_UNUSED_MEMMAP] = mxi_step_free_unused_memmap,
	[MX_STEP_MEM_INIT] = mxi_step_mem_init,
	[MX_STEP_CMA_ACTIVATE] = mxi_step_cma_activate,
	[MX_STEP_INITRD_FREE] = mxi_step_initrd_free,
	[MX_STEP_INIT_FREE] = mxi_step_init_free,
	[MX_STEP_FIXUP] = mxi_step_fixup,
	[MX_STEP_FREED_LATE] = mxi_step_freed_late,
};

static void finish(struct mx_ctx *c)
{
	struct mx_layout *L = c->L;
	struct mx_summary *s = &L->sum;
	const struct mxi_snapshot *k = &c->snap;

	if (k->valid && k->after && k->highmem_start == c->highmem_start && k->gens[3] == L->buddy.gen) {
		/* the last step's counters walked the buddy ranges as they stand */
		s->memtotal = k->totalram;
		s->hightotal = k->highram;
	} else {
		s->memtotal = mx_rangeset_pages(&L->buddy, c->page);
		s->hightotal = c->highmem_start == UINT64_MAX ? 0 :
			mx_rangeset_pages_in(&L->buddy, c->page, c->highmem_start,
					     UINT64_MAX - c->highmem_start);
	}
	s->lowtotal = s->memtotal - s->hightotal;
	s->cmatotal = c->cma_pages;
	for (size_t z = 0; z < L->nzones; z++) {
		struct mx_zone *zn = &L->zones[z];

		zn->managed = mx_rangeset_pages_in(&L->buddy, c->page, zn->start_pfn * c->page,
						   (zn->end_pfn - zn->start_pfn) * c->page);
	}
}

int mx_layout_compute(struct mx_layout *L, const struct mx_profile *p)
{
	struct mx_ctx c;
	const struct mx_flavour *fl;
	const enum mx_step *steps;
	size_t nsteps;
	bool mem_init_done = false;

	layout_clear(L);
	memset(&c, 0, sizeof(c));
	c.L = L;
	c.p = p;
	c.P = &L->params;
	c.initrd_item = -1;
	mx_rangeset_init(&c.scratch);

	if (mx_params_resolve(&L->params, p, &L->diags))
		mxi_ctx_fail(&c, MX_ENOMEM);
	fl = c.fl = L->params.flavour;
	/*
	 * Per region: the sort keys of the reserved-memory step, the summary and
	 * the first item, in the layout's scratch (kept: memory freed and
	 * allocated again is faulted in again, a tenth of a recompute).
	 */
	if (p->nregions) {
		bool sorts = fl->dyn_order == MX_DYN_ORDER_HEAPSORT;
		size_t per = (sorts ? sizeof(*c.keys) : 0) + sizeof(*c.rsum) + sizeof(*c.region_item);

		if (p->nregions > SIZE_MAX / per ||
		    (L->maxwork < p->nregions * per &&
		     mxi_grow_gently(&L->work, &L->maxwork, p->nregions * per, 1))) {
			mxi_ctx_fail(&c, MX_ENOMEM);
		} else {
			/* the keys first: the strictest alignment (no keys: the step goes in tree order) */
			c.keys = sorts ? L->work : NULL;
			c.rsum = (struct mxi_rsum *)(void *)((char *)L->work +
							     (sorts ? p->nregions * sizeof(*c.keys) : 0));
			c.region_item = (int *)(c.rsum + p->nregions);
		}
	}
	/* an item per region (or reg entry) and a few dozen more: sized once, not doubled past it */
	if (!c.err && p->nregions) {
		size_t want = 64;

		for (size_t i = 0; i < p->nregions; i++) {
			const struct mx_region *r = &p->regions[i];

			/*
			 * The compatible strings lie two pointers away: the list of the
			 * region 16 ahead is asked for, then the first string of the one 8 ahead.
			 */
			if (i + 16 < p->nregions && p->regions[i + 16].ncompatible)
				__builtin_prefetch(p->regions[i + 16].compatible);
			if (i + 8 < p->nregions && p->regions[i + 8].ncompatible)
				__builtin_prefetch(p->regions[i + 8].compatible[0]);
			c.region_item[i] = -1;
			c.rsum[i].nreg = r->nreg > UINT32_MAX ? UINT32_MAX : (uint32_t)r->nreg;
			c.rsum[i].flags = (uint8_t)r->flags;
			c.rsum[i].has_size = r->has_size;
			c.rsum[i].sized = r->has_size && r->size;
			c.rsum[i].windows = r->nalloc_ranges > 0;
			c.rsum[i].shared_dma = mx_region_is_compatible(r, "shared-dma-pool");
			c.rsum[i].removed_dma = mx_region_is_compatible(r, "removed-dma-pool");
			want += r->nreg > 1 ? r->nreg : 1;
		}
		if (mxi_grow_gently((void **)&L->items, &L->maxitems, want, sizeof(*L->items)) ||
		    mxi_grow_gently((void **)&L->log, &L->maxlog, p->nregions, sizeof(*L->log)))
			mxi_ctx_fail(&c, MX_ENOMEM);
	}
	c.page = L->params.page;
	c.rsv_array_item = c.mem_array_item = -1;
	c.rsv_max = p->kside.memblock_reserved ? p->kside.memblock_reserved : 128;
	c.mem_max = p->kside.memblock_memory ? p->kside.memblock_memory : 128;
	c.current_limit = UINT64_MAX;
	c.lowmem_limit = UINT64_MAX;
	c.highmem_start = UINT64_MAX;
	L->sum.has_highmem = L->params.arch == MX_ARCH_ARM;

	/*
	 * Each region can add a range to memblock.reserved (and a no-map one to
	 * NOMAP) wherever the tree or its window puts it: opened, the sets take
	 * such a run in O(log n) a range, not O(n) (rangeset_chunk.c). The steps
	 * read them through the mx_rangeset functions only.
	 */
	mxi_rangeset_open(&L->reserved);
	mxi_rangeset_open(&L->nomap);
	if (!c.err)
		mxi_checks_profile(&c);
	steps = mxi_models_on(&c) ? fl->model_steps[L->params.arch] : fl->steps[L->params.arch];
	nsteps = mxi_models_on(&c) ? fl->nmodel_steps[L->params.arch] : fl->nsteps[L->params.arch];
	for (size_t i = 0; i < nsteps && !c.err; i++) {
		struct mx_stage *st;

		c.cur_step = (int)steps[i];
		if (mxi_grow((void **)&L->stages, &L->maxstages, L->nstages + 1, sizeof(*L->stages))) {
			mxi_ctx_fail(&c, MX_ENOMEM);
			break;
		}
		st = &L->stages[L->nstages++];
		st->step = steps[i];
		st->log_first = L->nlog;
		if (steps[i] == fl->resize_from[L->params.arch])
			c.can_resize = true;
		step_fns[steps[i]](&c);
		if (steps[i] == MX_STEP_MEM_INIT)
			mem_init_done = true;
		st = &L->stages[L->nstages - 1];
		st->log_count = L->nlog - st->log_first;
		snapshot(&c, &st->after, mem_init_done);
	}
	mxi_rangeset_close(&L->reserved);
	mxi_rangeset_close(&L->nomap);
	if (!c.err)
		mxi_checks_bootloader_late(&c);
	if (!c.err && L->diags.failed)
		c.err = MX_ENOMEM;
	if (!c.err)
		finish(&c);
	free(c.cma);
	free(c.remap);
	mx_rangeset_release(&c.scratch);
	if (c.err) {
		layout_clear(L);
		return c.err;
	}
	return 0;
}

static const char *const kind_names[MX_ITEM__COUNT] = {
	[MX_ITEM_KERNEL] = "kernel",
	[MX_ITEM_PGD] = "pgd",
	[MX_ITEM_INITRD] = "initrd",
	[MX_ITEM_FDT] = "fdt",
	[MX_ITEM_MEMRESERVE] = "memreserve",
	[MX_ITEM_NOMAP] = "no-map",
	[MX_ITEM_STATIC] = "static",
	[MX_ITEM_DYNAMIC] = "dynamic",
	[MX_ITEM_CMA] = "cma",
	[MX_ITEM_CMA_DEFAULT] = "cma-default",
	[MX_ITEM_FIXUP] = "no-map-fixup",
	[MX_ITEM_FREED_LATE] = "freed-late",
	[MX_ITEM_MEMMAP] = "memmap",
	[MX_ITEM_MEMMAP_META] = "memmap-meta",
	[MX_ITEM_EARLY] = "early",
	[MX_ITEM_CALIBRATION] = "calibration",
};

const char *mx_item_kind_name(enum mx_item_kind k)
{
	return (unsigned)k < MX_ITEM__COUNT ? kind_names[k] : "?";
}

/*
 * One pass over memory and NOMAP together (both sorted and merged): for a
 * piece starting at s, the first NOMAP range ending above s either holds s
 * (the piece is NOMAP, to that range's end) or starts above it (the piece
 * is normal, up to that range's start).
 */
size_t mx_layout_memblock_regions(const struct mx_layout *L, struct mx_range *out, size_t max)
{
	const struct mx_rangeset *nm = &L->nomap;
	size_t n = 0, j = 0;

	/* the engine asks in the middle of a computation, while the sets are open */
	mxi_rs_flat(&L->memory);
	mxi_rs_flat(nm);

	for (size_t i = 0; i < L->memory.cnt; i++) {
		uint64_t s = L->memory.r[i].base, e = mx_range_end(&L->memory.r[i]);

		while (s < e) {
			uint64_t cut = e;

			while (j < nm->cnt && mx_range_end(&nm->r[j]) <= s)
				j++;
			if (j < nm->cnt && nm->r[j].base <= s) {
				if (mx_range_end(&nm->r[j]) < e)
					cut = mx_range_end(&nm->r[j]); /* inside a NOMAP range: to its end */
			} else if (j < nm->cnt && nm->r[j].base < e) {
				cut = nm->r[j].base; /* a normal piece up to the next NOMAP range */
			}
			if (out && n < max) {
				out[n].base = s;
				out[n].size = cut - s;
			}
			n++;
			s = cut;
		}
	}
	return n;
}

int mx_layout_region_item(const struct mx_layout *L, int region)
{
	for (size_t i = 0; i < L->nitems; i++)
		if (L->items[i].region == region)
			return (int)i;
	return -1;
}

const struct mx_stage *mx_layout_stage(const struct mx_layout *L, enum mx_step step)
{
	for (size_t i = 0; i < L->nstages; i++)
		if (L->stages[i].step == step)
			return &L->stages[i];
	return NULL;
}

const char *mx_layout_logline(const struct mx_layout *L, size_t i)
{
	const struct mx_logline *l;

	if (i >= L->nlog)
		return "";
	l = &L->log[i];
	return mxi_logpack_get(L->logpack, l->off,
			       l->item >= 0 && (size_t)l->item < L->nitems ? L->items[l->item].name : NULL);
}

int mx_item_how_placed(const struct mx_item *it, bool inclusive, struct mx_buf *b)
{
	/* an inclusive range ends at its last byte; the window itself stays half-open */
	uint64_t last = inclusive ? 1 : 0;
	char close = inclusive ? ']' : ')';

	if (!(it->flags & MX_IF_DYNAMIC))
		mx_buf_adds(b, "static");
	else if (it->window >= 0)
		mx_buf_addf(b, "top-down in alloc-ranges #%d [0x%" PRIx64 "-0x%" PRIx64 "%c", it->window,
			    it->win_lo, it->win_hi - last, close);
	else if (it->win_lo > 0 && it->win_hi && it->win_hi != UINT64_MAX)
		mx_buf_addf(b, "top-down in [0x%" PRIx64 "-0x%" PRIx64 "%c", it->win_lo, it->win_hi - last,
			    close);
	else if (it->win_lo > 0)
		mx_buf_addf(b, "top-down above 0x%" PRIx64, it->win_lo);
	else if (it->win_hi && it->win_hi != UINT64_MAX)
		mx_buf_addf(b, "top-down below 0x%" PRIx64, it->win_hi);
	else
		mx_buf_adds(b, "top-down");
	if (it->flags & MX_IF_DYNAMIC && it->align)
		mx_buf_addf(b, ", align 0x%" PRIx64, it->align);
	if (it->flags & MX_IF_GIVEN_BACK)
		mx_buf_adds(b, "; init failed, given back");
	if (it->flags & MX_IF_CMA_FAILED)
		mx_buf_adds(b, "; not CMA");
	if (it->flags & MX_IF_OUTSIDE)
		mx_buf_adds(b, "; outside memory");
	return b->failed ? MX_ENOMEM : 0;
}
