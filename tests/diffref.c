/* diffref.c - the reference model's state: granules, placement, items, stages (see diffref.h) */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diffref_internal.h"

/* ---- small helpers ---------------------------------------------------- */

__attribute__((format(printf, 2, 3)))
void ref_unsupported(struct ref *R, const char *fmt, ...)
{
	va_list ap;

	if (R->r->unsupported[0])
		return;
	va_start(ap, fmt);
	vsnprintf(R->r->unsupported, sizeof(R->r->unsupported), fmt, ap);
	va_end(ap);
}

bool ref_has_compat(const struct mx_region *r, const char *c)
{
	for (size_t i = 0; i < r->ncompatible; i++)
		if (r->compatible[i] && !strcmp(r->compatible[i], c))
			return true;
	return false;
}

/* ---- the granule array ------------------------------------------------- */

#define FULL UINT64_MAX
#define ONES 0x0101010101010101ULL /* a byte of 1 in every lane: 8 granules at once */

__attribute__((format(printf, 2, 3)))
void ref_known_issue(struct ref *R, const char *fmt, ...)
{
	va_list ap;

	if (R->r->known_issue[0])
		return;
	va_start(ap, fmt);
	vsnprintf(R->r->known_issue, sizeof(R->r->known_issue), fmt, ap);
	va_end(ap);
}

/* Bytes of @w equal to @v (0..255), exactly. */
static unsigned lanes_equal(uint64_t w, unsigned v)
{
	uint64_t x = w ^ (ONES * v), y;

	y = (x & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL;
	y = ~(y | x | 0x7F7F7F7F7F7F7F7FULL);
	return (unsigned)__builtin_popcountll(y);
}

/* Refresh the per-page counts of the pages holding granules [gb, ge), 8 granules a step. */
void ref_recount(struct ref *R, size_t gb, size_t ge)
{
	for (size_t pg = gb / GPP; pg < R->npages && pg * GPP < ge; pg++) {
		unsigned m = 0, f = 0, q = 0;

		for (size_t i = pg * GPP; i < (pg + 1) * GPP; i += 8) {
			uint64_t w;

			memcpy(&w, R->g + i, 8);
			m += (unsigned)__builtin_popcountll(w & (ONES * G_MEM));
			q += (unsigned)__builtin_popcountll(w & (ONES * G_PART));
			f += lanes_equal(w, G_FREE);
		}
		R->pmem[pg] = (uint8_t)m;
		R->pfree[pg] = (uint8_t)f;
		R->ppart[pg] = (uint8_t)q;
	}
}

/* g[i] |= bit (@set) or &= ~bit over [gb, ge), 8 granules a step where it can. */
static void bits_apply(struct ref *R, size_t gb, size_t ge, unsigned bit, bool set)
{
	size_t i = gb;

	for (; i < ge && i % 8; i++)
		R->g[i] = (uint8_t)(set ? R->g[i] | bit : R->g[i] & ~bit);
	for (; i + 8 <= ge; i += 8) {
		uint64_t w;

		memcpy(&w, R->g + i, 8);
		w = set ? w | ONES * bit : w & ~(ONES * bit);
		memcpy(R->g + i, &w, 8);
	}
	for (; i < ge; i++)
		R->g[i] = (uint8_t)(set ? R->g[i] | bit : R->g[i] & ~bit);
}

/*
 * Granules touched by [b, e), clipped to the span. @strict: a range reaching
 * outside the span is a generator bug (the span is the window everything is
 * generated in), so say so.
 */
static bool gspan(struct ref *R, uint64_t b, uint64_t e, bool strict, size_t *gb, size_t *ge)
{
	if (e < b)
		ref_unsupported(R, "range at %#llx wraps around", (unsigned long long)b);
	if (e <= b)
		return false;
	if (strict && (b < R->lo || e > R->hi))
		ref_unsupported(R, "range [%#llx, %#llx) leaves the span [%#llx, %#llx)",
			    (unsigned long long)b, (unsigned long long)e,
			    (unsigned long long)R->lo, (unsigned long long)R->hi);
	b = max64(b, R->lo);
	e = min64(e, R->hi);
	if (e <= b)
		return false;
	*gb = (size_t)((b - R->lo) / GRAN);
	*ge = (size_t)((rup(e, GRAN) - R->lo) / GRAN);
	return true;
}

/* The bytes [lo, hi) of a granule as a mask (0 <= lo < hi <= 64). */
static uint64_t bytes_mask(unsigned lo, unsigned hi)
{
	uint64_t m = hi == 64 ? FULL : (1ULL << hi) - 1;

	return m & (FULL << lo);
}

static size_t part_find(const struct ref *R, size_t gi)
{
	for (size_t k = 0; k < R->npart; k++)
		if (R->part[k].gi == gi)
			return k;
	return SIZE_MAX;
}

/* The reserved bytes of granule @gi. */
static uint64_t rsv_mask(const struct ref *R, size_t gi)
{
	if (!(R->g[gi] & G_RSV))
		return 0;
	if (!(R->g[gi] & G_PART))
		return FULL;
	return R->part[part_find(R, gi)].mask;
}

static void rsv_set(struct ref *R, size_t gi, uint64_t mask)
{
	size_t k = R->g[gi] & G_PART ? part_find(R, gi) : SIZE_MAX;

	if (mask == 0 || mask == FULL) {
		if (k != SIZE_MAX)
			R->part[k] = R->part[--R->npart];
		R->g[gi] = (uint8_t)((R->g[gi] & ~(G_RSV | G_PART)) | (mask ? G_RSV : 0));
		return;
	}
	if (k == SIZE_MAX) {
		if (R->npart == R->maxpart) {
			size_t max = R->maxpart ? 2 * R->maxpart : 64;
			struct part *n = realloc(R->part, max * sizeof(*n));

			if (!n) {
				R->oom = true;
				return;
			}
			R->part = n;
			R->maxpart = max;
		}
		k = R->npart++;
		R->part[k].gi = gi;
	}
	R->part[k].mask = mask;
	R->g[gi] = (uint8_t)(R->g[gi] | G_RSV | G_PART);
}

/* memblock.reserved gains (@add) or loses the bytes [b, e), byte for byte. */
static void rsv_change(struct ref *R, uint64_t b, uint64_t e, bool add)
{
	size_t gb, ge;

	if (!gspan(R, b, e, add, &gb, &ge))
		return;
	b = max64(b, R->lo);
	e = min64(e, R->hi);
	for (size_t i = gb; i < ge;) {
		uint64_t ga = R->lo + (uint64_t)i * GRAN, m, w;

		if (i % 8 == 0 && i + 8 <= ge && ga >= b && ga + 8 * GRAN <= e) {
			/* 8 whole granules, none partly reserved: the common case */
			memcpy(&w, R->g + i, 8);
			if (!(w & ONES * G_PART)) {
				bits_apply(R, i, i + 8, G_RSV, add);
				i += 8;
				continue;
			}
		}
		m = bytes_mask((unsigned)(max64(b, ga) - ga), (unsigned)(min64(e, ga + GRAN) - ga));
		if (m == FULL && !(R->g[i] & G_PART))
			R->g[i] = (uint8_t)(add ? R->g[i] | G_RSV : R->g[i] & ~G_RSV);
		else
			rsv_set(R, i, add ? rsv_mask(R, i) | m : rsv_mask(R, i) & ~m);
		i++;
	}
	ref_recount(R, gb, ge);
}

void ref_gset(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	size_t gb, ge;

	if (bit == G_RSV) {
		rsv_change(R, b, e, true);
		return;
	}
	if (b % GRAN || e % GRAN)
		ref_unsupported(R, "memory change [%#llx, %#llx) off a 64-byte granule",
				(unsigned long long)b, (unsigned long long)e);
	if (gspan(R, b, e, true, &gb, &ge)) {
		bits_apply(R, gb, ge, bit, true);
		ref_recount(R, gb, ge);
	}
}

void ref_gclear(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	size_t gb, ge;

	if (bit == G_RSV) {
		rsv_change(R, b, e, false);
		return;
	}
	if (b % GRAN || e % GRAN)
		ref_unsupported(R, "memory change [%#llx, %#llx) off a 64-byte granule",
				(unsigned long long)b, (unsigned long long)e);
	if (gspan(R, b, e, true, &gb, &ge)) {
		bits_apply(R, gb, ge, bit, false);
		ref_recount(R, gb, ge);
	}
}

/* memblock_mark_nomap(): only the memory inside [b, e) gets the flag. */
void ref_nomap_mark(struct ref *R, uint64_t b, uint64_t e)
{
	size_t gb, ge;

	if (b % GRAN || e % GRAN)
		ref_unsupported(R, "no-map [%#llx, %#llx) off a 64-byte granule",
				(unsigned long long)b, (unsigned long long)e);
	if (gspan(R, b, e, false, &gb, &ge)) {
		for (size_t i = gb; i < ge; i++)
			if (R->g[i] & G_MEM)
				R->g[i] = (uint8_t)(R->g[i] | G_NOMAP);
		ref_recount(R, gb, ge);
	}
}

/* Some granule touching [b, e) has @bit (outside the span nothing has). */
bool ref_gany(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	size_t gb, ge;

	if (gspan(R, b, e, false, &gb, &ge))
		for (size_t i = gb; i < ge; i++)
			if (R->g[i] & bit)
				return true;
	return false;
}

/* Some byte of [b, e) is reserved (memblock_is_region_reserved). */
bool ref_rsv_any(struct ref *R, uint64_t b, uint64_t e)
{
	size_t gb, ge;

	if (!gspan(R, b, e, false, &gb, &ge))
		return false;
	b = max64(b, R->lo);
	e = min64(e, R->hi);
	for (size_t i = gb; i < ge; i++) {
		uint64_t ga = R->lo + (uint64_t)i * GRAN;

		if ((R->g[i] & G_RSV) &&
		    (rsv_mask(R, i) & bytes_mask((unsigned)(max64(b, ga) - ga),
						 (unsigned)(min64(e, ga + GRAN) - ga))))
			return true;
	}
	return false;
}

/* Every granule of [b, e) has @bit; nothing outside the span is memory. */
bool ref_gall(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	size_t gb, ge;

	if (b < R->lo || e > R->hi)
		return false;
	if (!gspan(R, b, e, false, &gb, &ge))
		return true;
	for (size_t i = gb; i < ge; i++)
		if (!(R->g[i] & bit))
			return false;
	return true;
}

/*
 * The whole pages inside [b, e) join the buddy allocator. Only pages of
 * memory: doc/engine.md says so for the initrd and CMA and is silent for the
 * other releases; the buddy allocator can only be handed pages that exist
 * (and "reserved = memory - totalram" assumes it), so every release is read
 * that way.
 */
void ref_buddy_add(struct ref *R, uint64_t b, uint64_t e)
{
	uint64_t pb = rup(b, R->page) / R->page, pe = e / R->page;

	for (uint64_t pfn = pb; pfn < pe; pfn++) {
		size_t i;

		if (pfn < ref_pfn0(R) || pfn - ref_pfn0(R) >= R->npages)
			continue; /* outside the span nothing is memory */
		i = (size_t)(pfn - ref_pfn0(R));
		if (ref_page_mem(R, i))
			R->buddy[i] = 1;
	}
}

/* The whole pages inside [b, e) leave memblock.reserved. */
void ref_unreserve_pages(struct ref *R, uint64_t b, uint64_t e)
{
	uint64_t pb = rup(b, R->page), pe = rdown(e, R->page);

	if (pe > pb)
		ref_gclear(R, pb, pe, G_RSV);
}

uint64_t ref_bytes_of_whole_pages(const struct ref *R, uint64_t b, uint64_t e)
{
	uint64_t pb = rup(b, R->page), pe = rdown(e, R->page);

	return pe > pb ? pe - pb : 0;
}

/* Append [a, a + len) to the ranges *v (n of them, room for *max), merging. */
static size_t range_add(struct ref *R, struct range **v, size_t n, size_t *max, uint64_t a,
			uint64_t len)
{
	if (n && (*v)[n - 1].e == a) {
		(*v)[n - 1].e = a + len;
		return n;
	}
	if (n == *max) {
		struct range *nv = realloc(*v, 2 * *max * sizeof(**v));

		if (!nv) {
			R->oom = true;
			return n;
		}
		*v = nv;
		*max *= 2;
	}
	(*v)[n].s = a;
	(*v)[n].e = a + len;
	return n + 1;
}

/* Runs of memory granules (NOMAP ones only @with_nomap), as ranges; 8 granules a step. */
static size_t ranges_of(struct ref *R, bool with_nomap, struct range **out)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t bits = with_nomap ? ones * G_MEM : ones * (G_MEM | G_NOMAP);
	size_t n = 0, max = 8;
	struct range *v = malloc(max * sizeof(*v));

	if (!v) {
		R->oom = true;
		*out = NULL;
		return 0;
	}
	for (size_t i = 0; i < R->ngran && !R->oom;) {
		uint64_t a = R->lo + (uint64_t)i * GRAN, w;

		if (i % GPP == 0 && R->pmem[i / GPP] == 0) {
			i += GPP; /* a page without memory */
			continue;
		}
		memcpy(&w, R->g + i, 8); /* granules come in whole pages: i + 8 <= ngran */
		if ((w & bits) == ones * G_MEM) {
			n = range_add(R, &v, n, &max, a, 8 * GRAN);
			i += 8;
			continue;
		}
		for (size_t k = i; k < i + 8; k++)
			if ((R->g[k] & G_MEM) && (with_nomap || !(R->g[k] & G_NOMAP)))
				n = range_add(R, &v, n, &max, R->lo + (uint64_t)k * GRAN, GRAN);
		i += 8;
	}
	*out = v;
	return n;
}

/* memblock.memory as ranges, NOMAP included (memory is granule-exact). */
size_t ref_mem_ranges(struct ref *R, struct range **out)
{
	return ranges_of(R, true, out);
}

/* The memory that is not NOMAP, as ranges (for_each_mem_range()). */
size_t ref_map_ranges(struct ref *R, struct range **out)
{
	return ranges_of(R, false, out);
}

bool ref_mem_first_last(const struct ref *R, uint64_t *start, uint64_t *end)
{
	size_t i = 0, j = R->ngran;

	while (i < R->ngran && !R->pmem[i / GPP])
		i += GPP;
	for (; i < R->ngran && !(R->g[i] & G_MEM); i++)
		;
	if (i == R->ngran)
		return false;
	while (!R->pmem[(j - 1) / GPP])
		j -= GPP;
	for (; !(R->g[j - 1] & G_MEM); j--)
		;
	*start = R->lo + (uint64_t)i * GRAN;
	*end = R->lo + (uint64_t)j * GRAN;
	return true;
}

/*
 * Top-down placement by the written rule: the highest cand =
 * round_down(x - size, align) in [lo, hi) whose bytes are all free memory
 * (memory, not NOMAP, not reserved). Candidates are tried from the top; when
 * one hits a busy byte B, no candidate below it can end above B, so the next
 * one is round_down(B - size, align). Two shortcuts keep it fast without
 * changing the answer: a wholly free page is checked in one step, and a
 * busy byte at the top of a run of pages with no free byte at all counts as
 * the bottom of that run.
 */
bool ref_find(struct ref *R, uint64_t size, uint64_t align, uint64_t lo, uint64_t hi,
	      uint64_t *out)
{
	uint64_t cand;

	lo = max64(lo, R->page); /* memblock never hands out the first page */
	lo = max64(lo, R->lo);   /* nothing below the span is memory */
	hi = min64(hi, R->hi);
	if (!size || hi < lo || hi - lo < size)
		return false;
	cand = rdown(hi - size, align);
	while (cand >= lo) {
		uint64_t e = cand + size, busy = NONE;
		size_t gb = (size_t)((cand - R->lo) / GRAN);
		size_t ge = (size_t)((rup(e, GRAN) - R->lo) / GRAN);
		size_t pg;

		for (size_t i = gb; i < ge;) {
			uint64_t ga = R->lo + (uint64_t)i * GRAN, s, t, m;

			if (i % GPP == 0 && i + GPP <= ge && R->pfree[i / GPP] == GPP) {
				i += GPP;
				continue;
			}
			if (R->g[i] == G_FREE) {
				i++;
				continue;
			}
			s = max64(cand, ga);
			t = min64(e, ga + GRAN);
			if ((R->g[i] & (G_MEM | G_NOMAP)) != G_MEM) {
				busy = s;
				break;
			}
			m = rsv_mask(R, i) & bytes_mask((unsigned)(s - ga), (unsigned)(t - ga));
			if (m) {
				busy = ga + (uint64_t)__builtin_ctzll(m);
				break;
			}
			i++;
		}
		if (busy == NONE) {
			*out = cand;
			return true;
		}
		pg = (size_t)((busy - R->lo) / R->page);
		if (R->pfree[pg] == 0 && R->ppart[pg] == 0) {
			while (pg > 0 && R->pfree[pg - 1] == 0 && R->ppart[pg - 1] == 0)
				pg--;
			busy = min64(busy, R->lo + pg * R->page);
		}
		if (busy < lo + size)
			return false;
		cand = rdown(busy - size, align);
	}
	return false;
}

bool ref_place(struct ref *R, uint64_t size, uint64_t align, uint64_t lo, uint64_t hi,
	       uint64_t *out)
{
	if (!ref_find(R, size, align, lo, hi, out))
		return false;
	ref_gset(R, *out, *out + size, G_RSV);
	return true;
}

/* ---- items and stages ---------------------------------------------------- */

int ref_item(struct ref *R, enum dref_class cls, int idx, int occ, enum mx_item_kind kind,
		const char *name, enum dref_state state, uint64_t base, uint64_t size)
{
	struct dref_result *r = R->r;
	struct dref_item *it;

	if (r->nitems == r->maxitems) {
		size_t max = r->maxitems ? 2 * r->maxitems : 32;
		struct dref_item *n = realloc(r->items, max * sizeof(*n));

		if (!n) {
			R->oom = true;
			return -1;
		}
		r->items = n;
		r->maxitems = max;
	}
	it = &r->items[r->nitems];
	memset(it, 0, sizeof(*it));
	it->cls = cls;
	it->idx = idx;
	it->occ = occ;
	it->kind = kind;
	it->name = name;
	it->state = state;
	if (state != DREF_DISABLED) {
		it->base = state == DREF_FAILED ? 0 : base;
		it->size = size; /* what was asked for, when failed */
	}
	return (int)r->nitems++;
}

int ref_memmap_item(struct ref *R, enum mx_item_kind kind, const char *name, bool ok,
		       uint64_t base, uint64_t size)
{
	return ref_item(R, DREF_C_MEMMAP, 0, R->memmap_occ++, kind, name,
		    ok ? DREF_PLACED : DREF_FAILED, base, size);
}

/* An item of a 6.1 cost model: compared by its rank among them and its name. */
int ref_kside_item(struct ref *R, const char *name, bool ok, uint64_t base, uint64_t size)
{
	return ref_item(R, DREF_C_KSIDE, 0, R->kside_occ++, MX_ITEM_EARLY, name,
			ok ? DREF_PLACED : DREF_FAILED, base, size);
}

uint64_t ref_cma_pages(const struct ref *R)
{
	uint64_t s = 0;

	for (size_t i = 0; i < R->ncma; i++)
		if (!R->cma[i].exposed)
			s += R->cma[i].size;
	return s / R->page;
}

/* Pages of memory, wholly free pages, pages in buddy and those at or above HighMem. */
void ref_count(const struct ref *R, uint64_t *mem, uint64_t *freep, uint64_t *buddy,
		  uint64_t *high)
{
	uint64_t hs_pfn = R->hs == NONE ? NONE : R->hs / R->page;
	size_t i = 0;

	*mem = *freep = *buddy = *high = 0;
	/* 8 pages a step (npages is a multiple of 8: the span is 16 MiB-aligned) */
	for (; i + 8 <= R->npages; i += 8) {
		uint64_t m, f, b;

		memcpy(&m, R->pmem + i, 8);
		memcpy(&f, R->pfree + i, 8);
		memcpy(&b, R->buddy + i, 8);
		*mem += lanes_equal(m, GPP);
		*freep += lanes_equal(f, GPP);
		if (!b)
			continue;
		*buddy += (unsigned)__builtin_popcountll(b);
		for (size_t k = i; k < i + 8; k++)
			*high += R->buddy[k] && ref_pfn0(R) + k >= hs_pfn;
	}
	for (; i < R->npages; i++) {
		*mem += R->pmem[i] == GPP;
		*freep += R->pfree[i] == GPP;
		*buddy += R->buddy[i];
		*high += R->buddy[i] && ref_pfn0(R) + i >= hs_pfn;
	}
}

void ref_stage(struct ref *R, enum mx_step step)
{
	struct dref_result *r = R->r;
	struct mx_counters *k = &r->after[r->nstages];
	uint64_t mem, freep, buddy, high;

	ref_count(R, &mem, &freep, &buddy, &high);
	r->steps[r->nstages++] = step;
	k->memory = mem;
	/*
	 * "memory - totalram" from mem_init on, saturating: memory can shrink
	 * under pages already released (a fix-up keeping part of a CMA area).
	 */
	k->reserved = !R->after_mem_init ? mem - freep : mem > buddy ? mem - buddy : 0;
	k->totalram = buddy;
	k->cma = ref_cma_pages(R);
	k->highram = high;
}
