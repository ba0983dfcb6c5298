/* diffref.c - the reference model's state: granules and memblock's region arrays (see diffref.h) */
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


/* Refresh the per-page counts of the pages holding granules [gb, ge), 8 granules a step. */
void ref_recount(struct ref *R, size_t gb, size_t ge)
{
	for (size_t pg = gb / GPP; pg < R->npages && pg * GPP < ge; pg++) {
		unsigned m = 0, f = 0, q = 0;

		for (size_t i = pg * GPP; i < (pg + 1) * GPP; i += 8) {
			uint64_t w;

			memcpy(&w, R->g + i, 8);
			m += LANE_BITS(w, 0); /* G_MEM */
			q += LANE_BITS(w, 3); /* G_PART */
			f += w == ONES * G_FREE ? 8 : w == 0 ? 0 : ref_lanes_equal(w, G_FREE);
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

static size_t part_find(const struct ref *R, size_t gi)
{
	for (size_t k = 0; k < R->npart; k++)
		if (R->part[k].gi == gi)
			return k;
	return SIZE_MAX;
}

/* The reserved bytes of granule @gi. */
uint64_t ref_rsv_mask(const struct ref *R, size_t gi)
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
		m = ref_bytes_mask((unsigned)(max64(b, ga) - ga), (unsigned)(min64(e, ga + GRAN) - ga));
		if (m == FULL && !(R->g[i] & G_PART))
			R->g[i] = (uint8_t)(add ? R->g[i] | G_RSV : R->g[i] & ~G_RSV);
		else
			rsv_set(R, i, add ? ref_rsv_mask(R, i) | m : ref_rsv_mask(R, i) & ~m);
		i++;
	}
	ref_recount(R, gb, ge);
}

/* ---- memblock's region arrays -------------------------------------------- */

/*
 * doc/engine.md, "memblock's region arrays". memblock keeps memory and
 * reserved as sorted arrays of merged regions, so the regions of reserved
 * are the runs of reserved bytes, and those of memory the runs of memory
 * granules with one NOMAP flag (memblock_merge_regions() joins neighbours
 * with equal flags). The counts are kept exact by looking, around every
 * change, at where runs start before and after it.
 */

static bool rsv_byte(const struct ref *R, uint64_t x)
{
	size_t gi;

	if (x < R->lo || x >= R->hi)
		return false;
	gi = (size_t)((x - R->lo) / GRAN);
	return (ref_rsv_mask(R, gi) >> ((x - R->lo) % GRAN)) & 1;
}

/*
 * Bytes x of [b, e) where a run of reserved bytes starts (@inv: of bytes
 * that are not reserved). @before: how the byte below b counts (-1: as it
 * is).
 */
static uint64_t rsv_starts(const struct ref *R, uint64_t b, uint64_t e, bool inv, int before)
{
	uint64_t n = 0, prev;

	b = max64(b, R->lo);
	e = min64(e, R->hi);
	if (e <= b)
		return 0;
	prev = before >= 0 ? (uint64_t)before : (uint64_t)(rsv_byte(R, b - 1) ^ inv);
	for (size_t i = (size_t)((b - R->lo) / GRAN); R->lo + (uint64_t)i * GRAN < e;) {
		uint64_t ga = R->lo + (uint64_t)i * GRAN, m, w, sh;
		unsigned lo = (unsigned)(max64(b, ga) - ga), hi = (unsigned)(min64(e, ga + GRAN) - ga);

		if (lo == 0 && i % 8 == 0 && ga + 8 * GRAN <= e) {
			memcpy(&w, R->g + i, 8);
			if (!(w & ONES * G_PART) &&
			    ((w & ONES * G_RSV) == 0 || (w & ONES * G_RSV) == ONES * G_RSV)) {
				uint64_t in = ((w & G_RSV) != 0) ^ inv;

				n += in && !prev;
				prev = in;
				i += 8;
				continue;
			}
		}
		m = ref_rsv_mask(R, i);
		if (inv)
			m = ~m;
		sh = (m << 1) | prev;
		if (lo > 0 && ga < b && before >= 0 && ga + lo == b)
			sh = (sh & ~(1ULL << lo)) | ((uint64_t)before << lo);
		w = m & ~sh & ref_bytes_mask(lo, hi);
		n += w == 0 ? 0 : (uint64_t)__builtin_popcountll(w);
		prev = m >> 63;
		i++;
	}
	return n;
}

/* The memory value of granule @i: G_MEM and, on memory, G_NOMAP. */
static unsigned mem_val(const struct ref *R, size_t i)
{
	unsigned v = R->g[i] & (G_MEM | G_NOMAP);

	return v & G_MEM ? v : 0;
}

/*
 * Granules of [gb, ge) where a memory region starts; @gaps: where a piece
 * memory does not cover starts instead (the granule below gb counting as
 * memory).
 */
static uint64_t mem_starts(const struct ref *R, size_t gb, size_t ge, bool gaps)
{
	uint64_t n = 0;
	unsigned prev = gaps ? G_MEM : gb ? mem_val(R, gb - 1) : 0;

	for (size_t i = gb; i < ge;) {
		unsigned v;

		if (i % 8 == 0 && i + 8 <= ge) {
			uint64_t w;

			memcpy(&w, R->g + i, 8);
			w &= ONES * (G_MEM | G_NOMAP);
			if (w == 0 || w == ONES * G_MEM || w == ONES * (G_MEM | G_NOMAP)) {
				v = (unsigned)(w & 0xff);
				n += gaps ? (!v && prev) : (v && v != prev);
				prev = v;
				i += 8;
				continue;
			}
		}
		v = mem_val(R, i);
		n += gaps ? (!v && prev) : (v && v != prev);
		prev = v;
		i++;
	}
	return n;
}

/* Regions starting in the window a change of [b, e) can touch. */
static uint64_t window_starts(const struct ref *R, int type, uint64_t b, uint64_t e)
{
	size_t gb, ge;

	if (type == MB_RESERVED)
		return rsv_starts(R, b, e + 1, false, -1);
	b = max64(b, R->lo);
	e = min64(e, R->hi);
	if (e <= b)
		return 0;
	gb = (size_t)((b - R->lo) / GRAN);
	ge = (size_t)((rup(e, GRAN) - R->lo) / GRAN);
	return mem_starts(R, gb, ge + 1 < R->ngran ? ge + 1 : R->ngran, false);
}

/* memblock_add_range()'s nr_new: the pieces of [b, e) no region covers. */
static uint64_t mb_gaps(const struct ref *R, int type, uint64_t b, uint64_t e)
{
	if (type == MB_RESERVED)
		return rsv_starts(R, b, e, true, 0);
	b = max64(b, R->lo);
	e = min64(e, R->hi);
	if (e <= b)
		return 0;
	return mem_starts(R, (size_t)((b - R->lo) / GRAN), (size_t)((rup(e, GRAN) - R->lo) / GRAN),
			  true);
}

static bool mb_reserve(struct ref *R, uint64_t b, uint64_t e);
static bool mb_free(struct ref *R, uint64_t b, uint64_t e);

/*
 * Make the count of @type exact (one scan of the span). Until a decision
 * needs it, the count is only an upper bound: an add or a removal makes
 * at most one more region, a flag change at most two.
 */
static void mb_exact(struct ref *R, int type)
{
	struct mb_array *a = &R->mb[type];

	if (a->exact)
		return;
	a->cnt = type == MB_MEMORY ? mem_starts(R, 0, R->ngran, false) :
		 rsv_starts(R, R->lo, R->hi, false, 0);
	a->exact = true;
}

/*
 * memblock_double_array(): only after memblock_allow_resize(); the new
 * array, PAGE_ALIGN(2 x max x sizeof(struct memblock_region)), top-down
 * below current_limit (for reserved above the range being added, then
 * below it); the old one freed unless it is the static one; the new one
 * reserved.
 */
static bool mb_double(struct ref *R, int type, uint64_t b, uint64_t e)
{
	struct mb_array *a = &R->mb[type];
	uint64_t old_alloc = rup(a->max * R->rsz, R->page), new_alloc = rup(2 * a->max * R->rsz, R->page);
	uint64_t addr = 0, old = a->base;
	bool ok;
	int it;

	if (!R->mb_resize)
		return false;
	if (type == MB_MEMORY)
		b = e = 0;
	ok = ref_find(R, new_alloc, R->page, e, R->current_limit, &addr);
	if (!ok && e > b)
		ok = ref_find(R, new_alloc, R->page, 0, min64(b, R->current_limit), &addr);
	if (!ok)
		return false;
	a->max *= 2;
	a->base = addr;
	/* the old array is freed: its item is undone */
	if (old != NONE) {
		mb_free(R, old, old + old_alloc);
		if (a->item >= 0)
			R->r->items[a->item].state = DREF_UNDONE;
	}
	mb_reserve(R, addr, addr + new_alloc);
	it = ref_kside_item(R, type == MB_MEMORY ? "memblock.memory array" : "memblock.reserved array",
			    true, addr, new_alloc);
	a->item = it;
	return true;
}

/* The array of @type has room for @more regions, doubling it if it can. */
static bool mb_room(struct ref *R, int type, uint64_t more, uint64_t b, uint64_t e)
{
	struct mb_array *a = &R->mb[type];

	if (max64(a->cnt, 1) + more > a->max)
		mb_exact(R, type);
	while (max64(a->cnt, 1) + more > a->max)
		if (!mb_double(R, type, b, e))
			return false;
	return true;
}

/*
 * memblock_isolate_range(): room for two more regions (it splits at most
 * two). @mark: for memblock_mark_nomap(), the one case doc/engine.md names.
 *
 * Known engine issue "memblock-isolate-full": every memblock_isolate_range()
 * needs the room (mm/memblock.c: "we'll create at most two more regions",
 * doubling the array or failing with -ENOMEM before memblock_allow_resize()),
 * so memblock_free(), memblock_remove(), memblock_clear_nomap() and
 * memblock_cap_memory_range() of a nearly full array double it or, before
 * memblock_allow_resize(), change nothing; the engine frees and removes
 * without looking at the arrays.
 */
static bool mb_isolate(struct ref *R, int type, uint64_t b, uint64_t e, bool mark)
{
	if (!R->mb_live || e <= b)
		return true;
	if (max64(R->mb[type].cnt, 1) + 2 > R->mb[type].max)
		mb_exact(R, type);
	if (!mark && max64(R->mb[type].cnt, 1) + 2 > R->mb[type].max)
		ref_known_issue(R, "memblock-isolate-full: %s has %llu of %llu regions",
				type == MB_MEMORY ? "memory" : "reserved",
				(unsigned long long)R->mb[type].cnt, (unsigned long long)R->mb[type].max);
	return mb_room(R, type, 2, b, e);
}

bool ref_mb_isolate(struct ref *R, int type, uint64_t b, uint64_t e)
{
	return mb_isolate(R, type, b, e, false);
}

/*
 * Apply a change to @type over [b, e) and keep its region count: exactly
 * (the runs starting around the change, before and after), or as a bound
 * grown by @grow.
 */
static void mb_change(struct ref *R, int type, uint64_t b, uint64_t e, void (*fn)(struct ref *,
		      uint64_t, uint64_t, unsigned), unsigned bit, unsigned grow)
{
	struct mb_array *a = &R->mb[type];
	bool exact = R->mb_live && a->exact;
	uint64_t before = exact ? window_starts(R, type, b, e) : 0;

	fn(R, b, e, bit);
	if (exact)
		a->cnt = a->cnt - before + window_starts(R, type, b, e);
	else
		a->cnt += grow;
}

/* memblock_add_range(): fails only when the array is full and cannot grow. */
static bool mb_add(struct ref *R, int type, uint64_t b, uint64_t e,
		   void (*fn)(struct ref *, uint64_t, uint64_t, unsigned), unsigned bit)
{
	struct mb_array *a = &R->mb[type];

	if (e <= b)
		return true;
	if (R->mb_live && a->cnt && a->cnt * 2 + 1 > a->max)
		mb_exact(R, type);
	if (R->mb_live && a->cnt && a->cnt * 2 + 1 > a->max) {
		uint64_t nr_new = mb_gaps(R, type, b, e);

		if (!nr_new)
			return true;
		while (a->cnt + nr_new > a->max)
			if (!mb_double(R, type, b, e)) {
				R->r->memblock_lost++;
				return false;
			}
	}
	mb_change(R, type, b, e, fn, bit, 1);
	return true;
}

/* The raw changes, without memblock's arrays (@bit unused but for the signature). */
static void raw_rsv_add(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	(void)bit;
	rsv_change(R, b, e, true);
}

static void raw_rsv_del(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	(void)bit;
	rsv_change(R, b, e, false);
}

/* Memory changes on whole granules: set or clear @bit (clearing G_MEM also drops NOMAP). */
static void raw_mem(struct ref *R, uint64_t b, uint64_t e, unsigned bit, bool set)
{
	size_t gb, ge;

	if (b % GRAN || e % GRAN)
		ref_unsupported(R, "memory change [%#llx, %#llx) off a 64-byte granule",
				(unsigned long long)b, (unsigned long long)e);
	if (set && bit == G_NOMAP) {
		/* memblock_mark_nomap(): only the memory inside [b, e) gets the flag */
		if (gspan(R, b, e, false, &gb, &ge)) {
			for (size_t i = gb; i < ge; i++)
				if (R->g[i] & G_MEM)
					R->g[i] = (uint8_t)(R->g[i] | G_NOMAP);
			ref_recount(R, gb, ge);
		}
		return;
	}
	if (gspan(R, b, e, set || bit != G_NOMAP, &gb, &ge)) {
		bits_apply(R, gb, ge, !set && bit == G_MEM ? G_MEM | G_NOMAP : bit, set);
		ref_recount(R, gb, ge);
	}
}

static void raw_mem_set(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	raw_mem(R, b, e, bit, true);
}

static void raw_mem_clear(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	raw_mem(R, b, e, bit, false);
}

/* memblock_reserve() */
static bool mb_reserve(struct ref *R, uint64_t b, uint64_t e)
{
	return mb_add(R, MB_RESERVED, b, e, raw_rsv_add, G_RSV);
}

/* memblock_free() / memblock_phys_free() */
static bool mb_free(struct ref *R, uint64_t b, uint64_t e)
{
	if (e <= b)
		return true;
	if (!ref_mb_isolate(R, MB_RESERVED, b, e))
		return false;
	mb_change(R, MB_RESERVED, b, e, raw_rsv_del, G_RSV, 1);
	return true;
}

/*
 * memblock_reserve() (G_RSV) or memblock_add() (G_MEM) of [b, e); false
 * when memblock's array is full and cannot grow (nothing changes).
 */
bool ref_gset(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	if (bit == G_RSV)
		return mb_reserve(R, b, e);
	if (bit != G_MEM)
		ref_unsupported(R, "ref_gset of %u", bit);
	return mb_add(R, MB_MEMORY, b, e, raw_mem_set, G_MEM);
}

/*
 * memblock_free() (G_RSV), memblock_remove() (G_MEM) or
 * memblock_clear_nomap() (G_NOMAP) of [b, e): memblock_isolate_range()
 * first needs room for two more regions.
 */
bool ref_gclear(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	if (bit == G_RSV)
		return mb_free(R, b, e);
	if (e <= b)
		return true;
	if (!ref_mb_isolate(R, MB_MEMORY, b, e))
		return false;
	mb_change(R, MB_MEMORY, b, e, raw_mem_clear, bit, bit == G_NOMAP ? 2 : 1);
	return true;
}

/* memblock_mark_nomap(): only the memory inside [b, e) gets the flag. */
bool ref_nomap_mark(struct ref *R, uint64_t b, uint64_t e)
{
	if (b % GRAN || e % GRAN)
		ref_unsupported(R, "no-map [%#llx, %#llx) off a 64-byte granule",
				(unsigned long long)b, (unsigned long long)e);
	if (e <= b)
		return true;
	if (!mb_isolate(R, MB_MEMORY, b, e, true)) {
		R->r->memblock_lost++;
		return false;
	}
	mb_change(R, MB_MEMORY, b, e, raw_mem_set, G_NOMAP, 2);
	return true;
}

/*
 * Memory outside [b, e) goes, without memblock's arrays
 * (memblock_cap_memory_range() after its isolation)
 */
void ref_mem_keep(struct ref *R, uint64_t b, uint64_t e)
{
	if (b > R->lo)
		raw_mem_clear(R, R->lo, min64(rup(b, GRAN), R->hi), G_MEM);
	if (e < R->hi)
		raw_mem_clear(R, max64(rdown(e, GRAN), R->lo), R->hi, G_MEM);
	ref_mb_recount(R);
}

/* [b, e) leaves reserved without memblock's arrays (it was never memblock_reserve()d). */
void ref_unreserve_raw(struct ref *R, uint64_t b, uint64_t e)
{
	rsv_change(R, b, e, false);
	ref_mb_recount(R);
}

/* Count both arrays' regions again (after a change made granule by granule). */
void ref_mb_recount(struct ref *R)
{
	R->mb[MB_MEMORY].exact = R->mb[MB_RESERVED].exact = false;
	mb_exact(R, MB_MEMORY);
	mb_exact(R, MB_RESERVED);
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
		    (ref_rsv_mask(R, i) & ref_bytes_mask((unsigned)(max64(b, ga) - ga),
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
