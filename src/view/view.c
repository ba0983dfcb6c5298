/* view.c - the layout as segments of the address space and rows of a bar, for front ends */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "view_internal.h"

void mx_view_init(struct mx_view *v)
{
	memset(v, 0, sizeof(*v));
}

void mx_view_release(struct mx_view *v)
{
	free(v->seg);
	free(v->scratch);
	free(v->owner);
	free(v->byaddr);
	mx_view_init(v);
}

/* Carve-outs over the kernel/initrd/DTB over the allocations made after them. */
int mxi_view_priority(enum mx_item_kind k)
{
	switch (k) {
	case MX_ITEM_NOMAP: case MX_ITEM_STATIC: case MX_ITEM_DYNAMIC: case MX_ITEM_CMA:
	case MX_ITEM_CMA_DEFAULT: case MX_ITEM_FIXUP: case MX_ITEM_FREED_LATE:
		return 3;
	case MX_ITEM_KERNEL: case MX_ITEM_PGD: case MX_ITEM_INITRD: case MX_ITEM_FDT:
	case MX_ITEM_MEMRESERVE:
		return 2;
	default:
		return 1;
	}
}

static bool drawn(const struct mx_item *it)
{
	return (it->flags & MX_IF_PLACED) && it->size;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}


/* qsort has no context argument: sort (base, index) pairs instead. */
struct keyed {
	uint64_t base;
	int prio;
	int item;
};

static int cmp_prio(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->prio != y->prio)
		return x->prio - y->prio;
	return x->item - y->item;
}

static int cmp_base(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return x->item - y->item;
}

/* First boundary index with value >= @a. */
static size_t lower(const uint64_t *b, size_t n, uint64_t a)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (b[mid] < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void clip_add(uint64_t *b, size_t *n, uint64_t x, uint64_t lo, uint64_t hi)
{
	if (x > lo && x < hi)
		b[(*n)++] = x;
}

int mx_view_build(struct mx_view *v, const struct mx_layout *L)
{
	const struct mx_rangeset *sets[3] = { &L->dram, &L->memory, &L->buddy };
	size_t nb = 0, cap, nk = 0;
	struct keyed *k = NULL;
	uint64_t *b;

	v->nseg = 0;
	v->nbyaddr = 0;
	v->start = mx_rangeset_start(&L->dram);
	v->end = mx_rangeset_end(&L->dram);
	if (v->end <= v->start)
		return 0;
	cap = 2 + 2 * (L->dram.cnt + L->memory.cnt + L->buddy.cnt + L->nitems);
	if (mxi_grow((void **)&v->scratch, &v->maxscratch, cap, sizeof(*v->scratch)))
		return MX_ENOMEM;
	b = v->scratch;
	b[nb++] = v->start;
	b[nb++] = v->end;
	for (size_t s = 0; s < 3; s++)
		for (size_t i = 0; i < sets[s]->cnt; i++) {
			clip_add(b, &nb, sets[s]->r[i].base, v->start, v->end);
			clip_add(b, &nb, mx_range_end(&sets[s]->r[i]), v->start, v->end);
		}
	for (size_t i = 0; i < L->nitems; i++)
		if (drawn(&L->items[i])) {
			uint64_t e = L->items[i].base + L->items[i].size;

			clip_add(b, &nb, L->items[i].base, v->start, v->end);
			clip_add(b, &nb, e < L->items[i].base ? UINT64_MAX : e, v->start, v->end);
			nk++;
		}
	qsort(b, nb, sizeof(*b), cmp_u64);
	{
		size_t u = 1;

		for (size_t i = 1; i < nb; i++)
			if (b[i] != b[u - 1])
				b[u++] = b[i];
		nb = u;
	}
	/* intervals [b[i], b[i+1]) for i < nb - 1; paint owners by rising priority */
	if (mxi_grow((void **)&v->owner, &v->maxowner, nb, sizeof(*v->owner)) ||
	    mxi_grow((void **)&v->byaddr, &v->maxbyaddr, nk + 1, sizeof(*v->byaddr)))
		return MX_ENOMEM;
	for (size_t i = 0; i < nb; i++)
		v->owner[i] = -1;
	if (nk && !(k = malloc(nk * sizeof(*k))))
		return MX_ENOMEM;
	nk = 0;
	for (size_t i = 0; i < L->nitems; i++)
		if (drawn(&L->items[i])) {
			k[nk].base = L->items[i].base;
			k[nk].prio = mxi_view_priority(L->items[i].kind);
			k[nk].item = (int)i;
			nk++;
		}
	if (nk)
		qsort(k, nk, sizeof(*k), cmp_prio);
	for (size_t j = 0; j < nk; j++) {
		const struct mx_item *it = &L->items[k[j].item];
		uint64_t e = it->base + it->size < it->base ? UINT64_MAX : it->base + it->size;

		for (size_t i = lower(b, nb, it->base); i + 1 < nb && b[i] < e; i++)
			v->owner[i] = k[j].item;
	}
	if (nk)
		qsort(k, nk, sizeof(*k), cmp_base);
	for (size_t j = 0; j < nk; j++)
		v->byaddr[j] = k[j].item;
	v->nbyaddr = nk;
	free(k);

	for (size_t i = 0; i + 1 < nb; i++) {
		struct mx_seg s = { b[i], b[i + 1] - b[i], MX_SEG_ITEM, MX_ITEM_KERNEL, v->owner[i] };

		if (s.item >= 0) {
			s.ikind = L->items[s.item].kind;
		} else if (!mx_rangeset_contains(&L->dram, s.base, 1)) {
			s.kind = MX_SEG_HOLE;
		} else if (mx_rangeset_contains(&L->buddy, s.base, 1)) {
			s.kind = MX_SEG_FREE;
		} else if (!mx_rangeset_contains(&L->memory, s.base, 1)) {
			s.kind = MX_SEG_REMOVED;
		} else {
			s.kind = MX_SEG_RESERVED;
		}
		if (v->nseg && v->seg[v->nseg - 1].kind == s.kind && v->seg[v->nseg - 1].item == s.item &&
		    v->seg[v->nseg - 1].base + v->seg[v->nseg - 1].size == s.base) {
			v->seg[v->nseg - 1].size += s.size;
			continue;
		}
		if (mxi_grow((void **)&v->seg, &v->maxseg, v->nseg + 1, sizeof(*v->seg)))
			return MX_ENOMEM;
		v->seg[v->nseg++] = s;
	}
	return 0;
}

int mx_view_seg_at(const struct mx_view *v, uint64_t addr)
{
	size_t lo = 0, hi = v->nseg;

	if (!v->nseg)
		return -1;
	if (addr < v->start)
		return 0;
	while (lo + 1 < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v->seg[mid].base <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo;
}

/* First index in byaddr whose item starts at or after @a. */
static size_t first_item_from(const struct mx_view *v, const struct mx_layout *L, uint64_t a)
{
	size_t lo = 0, hi = v->nbyaddr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (L->items[v->byaddr[mid]].base < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int mx_view_dominant(const struct mx_view *v, uint64_t base, uint64_t span)
{
	uint64_t end = base + span < base ? UINT64_MAX : base + span, best = 0;
	int win = -1;

	if (!v->nseg || base >= v->end || end <= v->start)
		return -1;
	for (int s = mx_view_seg_at(v, base); s >= 0 && (size_t)s < v->nseg && v->seg[s].base < end; s++) {
		uint64_t a = v->seg[s].base > base ? v->seg[s].base : base;
		uint64_t e = v->seg[s].base + v->seg[s].size < end ? v->seg[s].base + v->seg[s].size : end;

		if (e > a && e - a > best) {
			best = e - a;
			win = s;
		}
	}
	return win;
}

void mx_view_rows(const struct mx_view *v, const struct mx_layout *L, uint64_t base,
		  uint64_t span, size_t nrows, struct mx_row *rows)
{
	uint64_t boundary = L->sum.has_highmem ? L->sum.lowmem_limit : 0;

	for (size_t r = 0; r < nrows; r++) {
		struct mx_row *w = &rows[r];
		uint64_t rb = base + r * span, re = rb + span;
		size_t j;

		memset(w, 0, sizeof(*w));
		w->base = rb;
		w->span = span;
		w->seg = w->label_item = w->small_item = -1;
		if (re < rb)
			re = UINT64_MAX;
		if (!v->nseg || rb >= v->end || re <= v->start)
			continue;
		w->seg = mx_view_dominant(v, rb, span);
		w->boundary = boundary && boundary >= rb && boundary < re;
		for (j = first_item_from(v, L, rb); j < v->nbyaddr && L->items[v->byaddr[j]].base < re; j++) {
			int it = v->byaddr[j];

			if (w->label_item < 0 || L->items[it].size > L->items[w->label_item].size)
				w->label_item = it;
			if (w->seg >= 0 && v->seg[w->seg].item == it)
				continue;
			if (!w->nsmall)
				w->small_item = it;
			w->nsmall++;
		}
	}
}

int mx_view_next_item(const struct mx_view *v, const struct mx_layout *L, int item)
{
	(void)L;
	if (!v->nbyaddr)
		return -1;
	if (item < 0)
		return v->byaddr[0];
	for (size_t j = 0; j + 1 < v->nbyaddr; j++)
		if (v->byaddr[j] == item)
			return v->byaddr[j + 1];
	return -1;
}

int mx_view_prev_item(const struct mx_view *v, const struct mx_layout *L, int item)
{
	(void)L;
	if (!v->nbyaddr)
		return -1;
	if (item < 0)
		return v->byaddr[v->nbyaddr - 1];
	for (size_t j = 1; j < v->nbyaddr; j++)
		if (v->byaddr[j] == item)
			return v->byaddr[j - 1];
	return -1;
}

const char *mx_seg_name(const struct mx_seg *s)
{
	switch (s->kind) {
	case MX_SEG_HOLE: return "hole";
	case MX_SEG_FREE: return "free";
	case MX_SEG_RESERVED: return "reserved";
	case MX_SEG_REMOVED: return "removed";
	case MX_SEG_ITEM: return mx_item_kind_name(s->ikind);
	}
	return "?";
}

void mx_view_cells(const struct mx_view *v, uint64_t base, uint64_t span, int ncells, int *out)
{
	uint64_t q, rem, end = base + span < base ? UINT64_MAX : base + span;
	int s;

	if (ncells <= 0)
		return;
	q = span / (uint64_t)ncells;
	rem = span % (uint64_t)ncells;
	s = v->nseg && base < v->end && end > v->start ? mx_view_seg_at(v, base) : -1;
	/*
	 * cell x is [base + x*span/n, base + (x+1)*span/n): the quotient and the
	 * remainder are carried from cell to cell (no division per cell, no overflow)
	 */
	uint64_t ce = base, acc = 0;

	for (int x = 0; x < ncells; x++) {
		uint64_t cb = ce, best = 0;
		int win = -1;

		acc += rem;
		ce = cb + q;
		if (acc >= (uint64_t)ncells) {
			acc -= (uint64_t)ncells;
			ce++;
		}
		if (ce < cb)
			ce = UINT64_MAX;
		if (s < 0 || cb >= v->end || ce <= v->start || ce == cb) {
			out[x] = ce == cb && x ? out[x - 1] : -1;
			continue;
		}
		/* the segments are contiguous: step to the first one that reaches into the cell */
		while ((size_t)s + 1 < v->nseg && v->seg[s].base + v->seg[s].size <= cb)
			s++;
		/* most cells lie inside one segment */
		if (v->seg[s].base <= cb && v->seg[s].base + v->seg[s].size >= ce) {
			out[x] = s;
			continue;
		}
		for (int t = s; (size_t)t < v->nseg && v->seg[t].base < ce; t++) {
			uint64_t a = v->seg[t].base > cb ? v->seg[t].base : cb;
			uint64_t e = v->seg[t].base + v->seg[t].size < ce ? v->seg[t].base + v->seg[t].size : ce;

			if (e > a && e - a > best) {
				best = e - a;
				win = t;
			}
		}
		out[x] = win;
	}
}

/* At most four significant bits: the row addresses stay round (multiples of span / 16). */
static uint64_t four_bits_up(uint64_t x)
{
	unsigned lz = 63;

	if (x <= 16)
		return x;
	while (!(x >> lz))
		lz--;
	{
		uint64_t unit = 1ULL << (lz - 3);

		return x % unit ? (x / unit + 1) * unit : x;
	}
}

uint64_t mx_view_fit_span(const struct mx_view *v, uint64_t page, int rows)
{
	uint64_t need = v->end > v->start ? v->end - v->start : 1, span;

	if (!page)
		page = 4096;
	if (rows < 1)
		rows = 1;
	span = need / (uint64_t)rows + (need % (uint64_t)rows != 0);
	while (span < UINT64_MAX / 4) {
		uint64_t s = four_bits_up(span);

		s = (s + page - 1) / page * page;
		/* a multiple of the page with four significant bits whose rows reach past v->end
		 * (the grid starts at or below v->start) */
		if (s == four_bits_up(s) && mx_view_origin(v, s) + s * (uint64_t)rows >= v->end)
			return s;
		span = s + 1;
	}
	return span;
}

uint64_t mx_view_origin(const struct mx_view *v, uint64_t span)
{
	uint64_t g = span ? span & (~span + 1) : 1;

	return mx_round_down(v->start, g);
}

uint64_t mx_view_row_floor(const struct mx_view *v, uint64_t span, uint64_t addr)
{
	uint64_t o = mx_view_origin(v, span);

	if (!span || addr <= o)
		return o;
	return o + (addr - o) / span * span;
}

int mx_screen_item_at(const struct mx_view *v, uint64_t addr)
{
	int s;

	if (!v->nseg || addr < v->start || addr >= v->end)
		return -1;
	s = mx_view_seg_at(v, addr);
	return s >= 0 ? v->seg[s].item : -1;
}

static const struct mx_vkind_info kinds[MX_VK__COUNT] = {
	[MX_VK_FREE] = { "free", "\u2591", ".", "free: in the buddy allocator at the end of boot (MemTotal)" },
	[MX_VK_KERNEL] = { "kernel", "\u2588", "K", "the kernel image, _stext.._end" },
	[MX_VK_BOOT] = { "pgd/initrd/dtb", "\u2584", "b", "swapper_pg_dir, the initrd, the DTB, /memreserve/ entries" },
	[MX_VK_MEMMAP] = { "memmap", "\u2593", "M", "the struct page array and its bookkeeping" },
	[MX_VK_EARLY] = { "early alloc", "\u2592", "e", "the kernel's own early memblock allocations" },
	[MX_VK_NOMAP] = { "no-map", "\u2588", "N", "no-map carve-out: not mapped, never given to Linux" },
	[MX_VK_STATIC] = { "static", "\u2588", "S", "static carve-out (reg): reserved, mapped" },
	[MX_VK_DYNAMIC] = { "dynamic", "\u2580", "D", "dynamic carve-out (size): placed top-down by memblock" },
	[MX_VK_CMA] = { "cma pool", "\u259a", "C", "CMA pool (shared-dma-pool, reusable): back in MemTotal at boot" },
	[MX_VK_CMA_DEFAULT] = { "default cma", "\u259e", "c", "the default CMA area (cma=, linux,cma-default or the config)" },
	[MX_VK_FIXUP] = { "no-map-fixup", "\u2599", "F", "no-map-fixup (Qualcomm): the tail is freed late, the kept part removed" },
	[MX_VK_LATE] = { "freed late", "\u258c", "L", "freed by a driver after boot (e.g. the splash)" },
	[MX_VK_RESERVED] = { "reserved", "\u2592", "r", "reserved pages no item explains (page rounding)" },
	[MX_VK_REMOVED] = { "removed", "\u00d7", "x", "DRAM removed from memblock.memory (mem=, a kept modem part)" },
	[MX_VK_HOLE] = { "hole", " ", " ", "no /memory bank declares it" },
	[MX_VK_FAILED] = { "failed", "!", "!", "did not fit: the region is missing" },
};

const struct mx_vkind_info *mx_vkind_info(enum mx_vkind k)
{
	return (unsigned)k < MX_VK__COUNT ? &kinds[k] : &kinds[MX_VK_RESERVED];
}

enum mx_vkind mxi_item_vkind(const struct mx_item *it)
{
	if (it->flags & MX_IF_FAILED)
		return MX_VK_FAILED;
	switch (it->kind) {
	case MX_ITEM_KERNEL: return MX_VK_KERNEL;
	case MX_ITEM_PGD: case MX_ITEM_INITRD: case MX_ITEM_FDT: case MX_ITEM_MEMRESERVE:
		return MX_VK_BOOT;
	case MX_ITEM_NOMAP: return MX_VK_NOMAP;
	case MX_ITEM_STATIC: return MX_VK_STATIC;
	case MX_ITEM_DYNAMIC: return MX_VK_DYNAMIC;
	case MX_ITEM_CMA: return MX_VK_CMA;
	case MX_ITEM_CMA_DEFAULT: return MX_VK_CMA_DEFAULT;
	case MX_ITEM_FIXUP: return MX_VK_FIXUP;
	case MX_ITEM_FREED_LATE: return MX_VK_LATE;
	case MX_ITEM_MEMMAP: case MX_ITEM_MEMMAP_META: return MX_VK_MEMMAP;
	case MX_ITEM_EARLY: case MX_ITEM_CALIBRATION: return MX_VK_EARLY;
	case MX_ITEM__COUNT: break;
	}
	return MX_VK_RESERVED;
}

enum mx_vkind mx_seg_vkind(const struct mx_seg *s)
{
	static const struct mx_item none;

	switch (s->kind) {
	case MX_SEG_HOLE: return MX_VK_HOLE;
	case MX_SEG_FREE: return MX_VK_FREE;
	case MX_SEG_RESERVED: return MX_VK_RESERVED;
	case MX_SEG_REMOVED: return MX_VK_REMOVED;
	case MX_SEG_ITEM: break;
	}
	{
		struct mx_item it = none;

		it.kind = s->ikind;
		return mxi_item_vkind(&it);
	}
}
