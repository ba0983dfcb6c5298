/* diffref_place.c - the reference model's releases, ranges, placement, items, stages */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diffref_internal.h"

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
		if (i % GPP == 0 && R->pmem[i / GPP] == GPP) {
			size_t k = 0;

			for (; k < GPP; k += 8) {
				memcpy(&w, R->g + i + k, 8);
				if ((w & bits) != ones * G_MEM)
					break;
			}
			if (k == GPP) {
				n = range_add(R, &v, n, &max, a, GPP * GRAN); /* a whole page */
				i += GPP;
				continue;
			}
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
			m = ref_rsv_mask(R, i) & ref_bytes_mask((unsigned)(s - ga), (unsigned)(t - ga));
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

/* memblock_alloc_range_nid(): found, then reserved (which fails when reserved is full). */
bool ref_place(struct ref *R, uint64_t size, uint64_t align, uint64_t lo, uint64_t hi,
	       uint64_t *out)
{
	if (!ref_find(R, size, align, lo, hi, out))
		return false;
	return ref_gset(R, *out, *out + size, G_RSV);
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
		*mem += ref_lanes_equal(m, GPP);
		*freep += ref_lanes_equal(f, GPP);
		if (!b)
			continue;
		*buddy += LANE_BITS(b, 0);
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
