/* rangeset_chunk.c - an open range set in chunks: an insertion anywhere costs O(log n + chunk) */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "memx/rangeset.h"
#include "rangeset_internal.h"

/*
 * A sorted array moves every range above an insertion: O(n) per range and
 * O(n^2) for a run of them. The reserved-memory step makes exactly such a
 * run (an allocation per dynamic region, each one a new range in
 * memblock.reserved wherever its window put it): a million regions spent
 * 70% of their time in memmove(). While a set is open (mxi_rangeset_open())
 * and large, its ranges live in chunks of at most CK_MAX instead, in
 * address order; a full chunk splits in two. A directory of the chunks and
 * the end of each one's last range finds the chunk by binary search, then
 * the range inside it. Closing the set writes the ranges back into its
 * array (which keeps room for all of them meanwhile, so that this cannot
 * fail).
 *
 *   directory  [c0 c1 c2]    last  [0x4000 0x9000 0xf000]
 *   c1         |r r r r . . . .|    at most CK_MAX ranges, never empty
 */
#define CK_MAX 64
#define CK_FILL 48 /* ranges per chunk when a set is cut into chunks: room for a few insertions each */

size_t mxi_rs_chunk_from = MXI_RS_CHUNK_FROM;

/*
 * A search inside a chunk reads its header line, then one group of
 * CK_GROUP ranges: the header keeps the end of every group's last range
 * but the chunk's last (the directory has that one). A binary search over
 * all 64 ranges read a line of the chunk per step, seven lines apart in
 * memory that was rarely still in a cache.
 */
#define CK_GROUP 8
#define CK_GROUPS (CK_MAX / CK_GROUP)

struct mxi_chunk {
	uint32_t n;
	uint64_t gend[CK_GROUPS - 1]; /* the end of each group's last range, e[CK_GROUP * g + CK_GROUP - 1] */
	struct mx_range e[CK_MAX];
};

/* aligned_alloc() takes whole multiples of the alignment */
_Static_assert(sizeof(struct mxi_chunk) % 64 == 0, "a chunk is whole cache lines");

struct mx_rangeset_chunks {
	struct mxi_chunk **c; /* in address order, none empty */
	uint64_t *last;       /* the end of each chunk's last range: the directory's keys */
	size_t nc, maxc;
	size_t finger;        /* the chunk the last search ended in: the next one usually does too */
};

static void set_last(struct mx_rangeset_chunks *ck, size_t ci)
{
	ck->last[ci] = mx_range_end(&ck->c[ci]->e[ck->c[ci]->n - 1]);
}

static uint32_t groups(const struct mxi_chunk *c)
{
	return (c->n + CK_GROUP - 1) / CK_GROUP;
}

/*
 * The ranges of @c from number @k on moved or changed, and its count with
 * them: the group ends from k's group on, and from the group that was
 * the last one when a range was added after it (it has an end of its own now).
 */
static void regroup(struct mxi_chunk *c, uint32_t k)
{
	uint32_t from = c->n >= 2 && c->n - 2 < k ? c->n - 2 : k;

	for (uint32_t g = from / CK_GROUP; g + 1 < groups(c); g++)
		c->gend[g] = mx_range_end(&c->e[CK_GROUP * g + CK_GROUP - 1]);
}

/* Range @k of @c alone changed its end. */
static void regroup_one(struct mxi_chunk *c, uint32_t k)
{
	if (k % CK_GROUP == CK_GROUP - 1 && k / CK_GROUP + 1 < groups(c))
		c->gend[k / CK_GROUP] = mx_range_end(&c->e[k]);
}

/* A chunk on a line of its own: its header is one line, each group two. */
static struct mxi_chunk *chunk_new(void)
{
	return aligned_alloc(64, sizeof(struct mxi_chunk));
}

static int grow_dir(struct mx_rangeset_chunks *ck, size_t n)
{
	size_t m = ck->maxc ? ck->maxc : 16;
	struct mxi_chunk **c;
	uint64_t *last;

	if (n <= ck->maxc)
		return 0;
	while (m < n)
		m *= 2;
	if (!(c = realloc(ck->c, m * sizeof(*c))))
		return MX_ENOMEM;
	ck->c = c;
	if (!(last = realloc(ck->last, m * sizeof(*last))))
		return MX_ENOMEM;
	ck->last = last;
	ck->maxc = m;
	return 0;
}

static void free_chunks(struct mx_rangeset_chunks *ck)
{
	if (!ck)
		return;
	for (size_t i = 0; i < ck->nc; i++)
		free(ck->c[i]);
	free(ck->c);
	free(ck->last);
	free(ck);
}

void mxi_rsc_free(struct mx_rangeset *rs)
{
	free_chunks(rs->ck);
	rs->ck = NULL;
}

int mxi_rsc_build(struct mx_rangeset *rs)
{
	struct mx_rangeset_chunks *ck = calloc(1, sizeof(*ck));
	size_t need = (rs->cnt + CK_FILL - 1) / CK_FILL;

	if (!ck || grow_dir(ck, need)) {
		free_chunks(ck);
		return MX_ENOMEM;
	}
	for (size_t i = 0; i < rs->cnt; i += CK_FILL) {
		struct mxi_chunk *c = chunk_new();

		if (!c) {
			free_chunks(ck);
			return MX_ENOMEM;
		}
		c->n = (uint32_t)(rs->cnt - i < CK_FILL ? rs->cnt - i : CK_FILL);
		memcpy(c->e, &rs->r[i], c->n * sizeof(*c->e));
		regroup(c, 0);
		ck->c[ck->nc] = c;
		set_last(ck, ck->nc++);
	}
	rs->ck = ck;
	rs->r = NULL; /* a direct read of an open set fails at once */
	return 0;
}

void mxi_rs_flat(const struct mx_rangeset *crs)
{
	/* only where the ranges lie changes, not the set: a const set may be laid out again */
	struct mx_rangeset *rs = (struct mx_rangeset *)crs;
	struct mx_rangeset_chunks *ck = rs->ck;
	size_t n = 0;

	if (!ck)
		return;
	/* the array has kept room for every range (mx_rangeset_add() grows it) */
	for (size_t i = 0; i < ck->nc; i++) {
		memcpy(&rs->buf[n], ck->c[i]->e, ck->c[i]->n * sizeof(*rs->buf));
		n += ck->c[i]->n;
	}
	mxi_rsc_free(rs);
	rs->r = rs->buf;
}

/* The first range ending at or after @addr (after, when @strict): chunk *@ci (nc: none), number *@k. */
static void seek(const struct mx_rangeset_chunks *ck, uint64_t addr, int strict, size_t *ci,
		 uint32_t *k)
{
	size_t lo = 0, hi = ck->nc, f = ck->finger;
	const struct mxi_chunk *c;
	uint32_t g, first, n;

	/* the chunk of the last search, when the answer lies in it: no search of the directory */
	if (f < ck->nc && (strict ? ck->last[f] > addr : ck->last[f] >= addr) &&
	    (!f || (strict ? ck->last[f - 1] <= addr : ck->last[f - 1] < addr)))
		lo = hi = f;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strict ? ck->last[mid] > addr : ck->last[mid] >= addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	*ci = lo;
	*k = 0;
	if (lo == ck->nc)
		return;
	((struct mx_rangeset_chunks *)ck)->finger = lo; /* a cache: chunks are never const objects */
	c = ck->c[lo];
	/* the first group reaching addr (the last one does: the directory said so), then inside it */
	for (g = 0; g + 1 < groups(c) && !(strict ? c->gend[g] > addr : c->gend[g] >= addr); g++)
		;
	first = CK_GROUP * g;
	n = c->n - first < CK_GROUP ? c->n - first : CK_GROUP;
	*k = first + (uint32_t)mxi_ranges_first_ending(&c->e[first], n, addr, strict);
}

/* The range after (*@ci, *@k); *@ci becomes nc past the last. */
static void step(const struct mx_rangeset_chunks *ck, size_t *ci, uint32_t *k)
{
	if (++*k == ck->c[*ci]->n) {
		++*ci;
		*k = 0;
	}
}

static struct mx_range *at(const struct mx_rangeset_chunks *ck, size_t ci, uint32_t k)
{
	return &ck->c[ci]->e[k];
}

/*
 * Put [base, base + size) before range (ci, k) - after the last one when
 * ci is nc. A full chunk splits first. Returns 0 or MX_ENOMEM (then
 * nothing changed).
 */
static int insert(struct mx_rangeset_chunks *ck, size_t ci, uint32_t k, uint64_t base, uint64_t size)
{
	struct mxi_chunk *c;

	if (ci == ck->nc && ck->nc) {
		ci = ck->nc - 1; /* after the last range: the end of the last chunk */
		k = ck->c[ci]->n;
	}
	if (!ck->nc || ck->c[ci]->n == CK_MAX) {
		struct mxi_chunk *d;

		if (grow_dir(ck, ck->nc + 1) || !(d = chunk_new()))
			return MX_ENOMEM;
		if (!ck->nc) {
			d->n = 0;
			ck->c[0] = d;
			ck->nc = 1;
			ci = k = 0;
		} else {
			/* the upper half moves to a new chunk after this one */
			c = ck->c[ci];
			d->n = CK_MAX / 2;
			memcpy(d->e, &c->e[CK_MAX / 2], d->n * sizeof(*d->e));
			c->n = CK_MAX / 2;
			regroup(d, 0); /* c's first groups stay as they were */
			memmove(&ck->c[ci + 2], &ck->c[ci + 1], (ck->nc - ci - 1) * sizeof(*ck->c));
			memmove(&ck->last[ci + 2], &ck->last[ci + 1], (ck->nc - ci - 1) * sizeof(*ck->last));
			ck->c[ci + 1] = d;
			ck->nc++;
			set_last(ck, ci);
			set_last(ck, ci + 1);
			if (k > c->n) {
				k -= c->n;
				ci++;
			}
		}
	}
	c = ck->c[ci];
	memmove(&c->e[k + 1], &c->e[k], (c->n - k) * sizeof(*c->e));
	c->e[k].base = base;
	c->e[k].size = size;
	c->n++;
	regroup(c, k);
	set_last(ck, ci);
	return 0;
}

/* Drop @m ranges from (ci, k) on; a chunk left empty leaves the directory. */
static void drop(struct mx_rangeset_chunks *ck, size_t ci, uint32_t k, size_t m)
{
	while (m) {
		struct mxi_chunk *c = ck->c[ci];
		uint32_t take = m < c->n - k ? (uint32_t)m : c->n - k;

		memmove(&c->e[k], &c->e[k + take], (c->n - k - take) * sizeof(*c->e));
		c->n -= take;
		m -= take;
		if (!c->n) {
			free(c);
			memmove(&ck->c[ci], &ck->c[ci + 1], (ck->nc - ci - 1) * sizeof(*ck->c));
			memmove(&ck->last[ci], &ck->last[ci + 1], (ck->nc - ci - 1) * sizeof(*ck->last));
			ck->nc--;
		} else {
			regroup(c, k);
			set_last(ck, ci++);
		}
		k = 0;
	}
}

int mxi_rsc_add(struct mx_rangeset *rs, uint64_t base, uint64_t end)
{
	struct mx_rangeset_chunks *ck = rs->ck;
	size_t ci, cj, m = 0;
	uint32_t k, kj;
	struct mx_range *first;
	uint64_t e = end;

	/* ranges that overlap or touch [base, end): m of them from (ci, k) */
	seek(ck, base, 0, &ci, &k);
	for (cj = ci, kj = k; cj < ck->nc && at(ck, cj, kj)->base <= end; step(ck, &cj, &kj)) {
		if (mx_range_end(at(ck, cj, kj)) > e)
			e = mx_range_end(at(ck, cj, kj));
		m++;
	}
	if (!m) {
		if (insert(ck, ci, k, base, end - base))
			return MX_ENOMEM;
		rs->cnt++;
		return 0;
	}
	first = at(ck, ci, k);
	if (first->base < base)
		base = first->base;
	first->base = base;
	first->size = e - base;
	cj = ci;
	kj = k;
	step(ck, &cj, &kj);
	drop(ck, cj, kj, m - 1);
	rs->cnt -= m - 1;
	regroup_one(ck->c[ci], k);
	set_last(ck, ci);
	return 0;
}

int mxi_rsc_remove(struct mx_rangeset *rs, uint64_t base, uint64_t end)
{
	struct mx_rangeset_chunks *ck = rs->ck;
	size_t ci, m = 0;
	uint32_t k;
	struct mx_range *r;
	uint64_t s, e;

	seek(ck, base, 1, &ci, &k);
	if (ci == ck->nc || at(ck, ci, k)->base >= end)
		return 0;
	r = at(ck, ci, k);
	s = r->base;
	e = mx_range_end(r);
	if (s < base && e > end) {
		/* split: the top half goes in after it */
		uint32_t k1 = k + 1;

		if (insert(ck, ci, k1, end, e - end))
			return MX_ENOMEM;
		/* the insertion may have split the chunk: find the bottom half again */
		seek(ck, s, 1, &ci, &k);
		at(ck, ci, k)->size = base - s;
		regroup_one(ck->c[ci], k);
		set_last(ck, ci);
		rs->cnt++;
		return 0;
	}
	if (s < base) {
		r->size = base - s;
		regroup_one(ck->c[ci], k);
		set_last(ck, ci);
		step(ck, &ci, &k);
	}
	/* m ranges lie wholly inside; the next one may lose its bottom */
	{
		size_t cj = ci;
		uint32_t kj = k;

		while (cj < ck->nc && mx_range_end(at(ck, cj, kj)) <= end) {
			m++;
			step(ck, &cj, &kj);
		}
		if (cj < ck->nc && at(ck, cj, kj)->base < end) {
			r = at(ck, cj, kj);
			r->size = mx_range_end(r) - end;
			r->base = end;
		}
	}
	drop(ck, ci, k, m);
	rs->cnt -= m;
	return 0;
}

size_t mxi_rsc_gaps(const struct mx_rangeset *rs, uint64_t base, uint64_t end)
{
	const struct mx_rangeset_chunks *ck = rs->ck;
	uint64_t cur = base;
	size_t ci, n = 0;
	uint32_t k;

	for (seek(ck, base, 1, &ci, &k); ci < ck->nc && at(ck, ci, k)->base < end; step(ck, &ci, &k)) {
		if (at(ck, ci, k)->base > cur)
			n++;
		cur = mx_range_end(at(ck, ci, k));
	}
	return n + (cur < end);
}

const struct mx_range *mxi_rsc_find(const struct mx_rangeset *rs, uint64_t addr)
{
	size_t ci;
	uint32_t k;

	seek(rs->ck, addr, 1, &ci, &k);
	return ci < rs->ck->nc ? at(rs->ck, ci, k) : NULL;
}

uint64_t mxi_rsc_start(const struct mx_rangeset *rs)
{
	return rs->ck->nc ? rs->ck->c[0]->e[0].base : 0;
}

uint64_t mxi_rsc_end(const struct mx_rangeset *rs)
{
	return rs->ck->nc ? rs->ck->last[rs->ck->nc - 1] : 0;
}

void mxi_rs_it_seek(struct mxi_rs_it *it, const struct mx_rangeset *rs, uint64_t addr)
{
	const struct mx_rangeset_chunks *ck = rs->ck;

	it->rs = rs;
	if (!ck) {
		size_t lo = mxi_ranges_first_ending(rs->r, rs->cnt, addr, 1);

		it->p = lo < rs->cnt ? &rs->r[lo] : NULL;
		it->end = lo < rs->cnt ? &rs->r[rs->cnt] : NULL;
		it->ci = 0;
		return;
	}
	{
		uint32_t k;

		seek(ck, addr, 1, &it->ci, &k);
		if (it->ci == ck->nc) {
			it->p = it->end = NULL;
			return;
		}
		it->p = &ck->c[it->ci]->e[k];
		it->end = &ck->c[it->ci]->e[ck->c[it->ci]->n];
	}
}

void mxi_rs_it_chunk(struct mxi_rs_it *it)
{
	const struct mx_rangeset_chunks *ck = it->rs->ck;

	if (!ck || ++it->ci >= ck->nc)
		return;
	it->p = ck->c[it->ci]->e;
	it->end = &ck->c[it->ci]->e[ck->c[it->ci]->n];
}

int mxi_rsc_check(const struct mx_rangeset *rs)
{
	const struct mx_rangeset_chunks *ck = rs->ck;
	size_t n = 0;
	uint64_t prev_end = 0;

	if (!ck)
		return 0;
	for (size_t i = 0; i < ck->nc; i++) {
		const struct mxi_chunk *c = ck->c[i];

		if (!c->n || c->n > CK_MAX || ck->last[i] != mx_range_end(&c->e[c->n - 1]))
			return MX_EINVAL;
		for (uint32_t g = 0; g + 1 < groups(c); g++)
			if (c->gend[g] != mx_range_end(&c->e[CK_GROUP * g + CK_GROUP - 1]))
				return MX_EINVAL; /* a group's end out of date */
		for (uint32_t k = 0; k < c->n; k++) {
			if (!c->e[k].size || ((i || k) && c->e[k].base <= prev_end))
				return MX_EINVAL; /* empty, or not sorted and apart */
			prev_end = mx_range_end(&c->e[k]);
		}
		n += c->n;
	}
	return n == rs->cnt && rs->cnt <= rs->max && !rs->r ? 0 : MX_EINVAL;
}
