/* rangeset.c - sorted, merged byte-range sets (memblock.memory / memblock.reserved) */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "memx/rangeset.h"
#include "rangeset_internal.h"

/*
 * A name for a set's contents that no other set in the process has had:
 * an index remembers the sets it was built from by it, and a set released
 * and another initialised at the same address must not look the same.
 */
static uint64_t new_id(void)
{
	static atomic_uint_least64_t last;

	return (uint64_t)atomic_fetch_add_explicit(&last, 1, memory_order_relaxed) + 1;
}

/* Remember that [base, end) changed (@op), for the indexes that know an older @rs. */
static void note(struct mx_rangeset *rs, enum mxi_rangeset_op op, uint64_t base, uint64_t end)
{
	struct mx_rangeset_change *ch = &rs->journal[++rs->gen % MX_RANGESET_JOURNAL];

	ch->base = base;
	ch->end = end;
	ch->op = op;
}

void mx_rangeset_init(struct mx_rangeset *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->id = new_id();
}

void mx_rangeset_release(struct mx_rangeset *rs)
{
	mxi_rsc_free(rs);
	free(rs->buf);
	mxi_rangeset_index_free(rs->idx);
	mx_rangeset_init(rs);
}

void mxi_rangeset_open(struct mx_rangeset *rs)
{
	rs->open = true;
	if (!rs->ck && rs->cnt >= mxi_rs_chunk_from)
		mxi_rsc_build(rs); /* out of memory: it stays one array, which is slower, not wrong */
}

void mxi_rangeset_close(struct mx_rangeset *rs)
{
	mxi_rs_flat(rs);
	rs->open = false;
}

/* @rs is about to be written from scratch: its chunks go without being written back. */
static void drop_chunks(struct mx_rangeset *rs)
{
	if (rs->ck) {
		mxi_rsc_free(rs);
		rs->r = rs->buf;
	}
}

void mx_rangeset_clear(struct mx_rangeset *rs)
{
	drop_chunks(rs);
	rs->cnt = 0;
	note(rs, MXI_RS_REPLACED, 0, UINT64_MAX);
}

static int reserve(struct mx_rangeset *rs, size_t n)
{
	struct mx_range *r;
	size_t m;

	if (n <= rs->max)
		return 0;
	m = rs->max ? rs->max : 8;
	while (m < n)
		m *= 2;
	r = realloc(rs->buf, m * sizeof(*r));
	if (!r)
		return MX_ENOMEM;
	rs->buf = r;
	rs->r = rs->ck ? NULL : r; /* in chunks, the array only keeps room to write them back */
	rs->max = m;
	return 0;
}

int mx_rangeset_copy(struct mx_rangeset *dst, const struct mx_rangeset *src)
{
	mxi_rs_flat(src);
	if (reserve(dst, src->cnt))
		return MX_ENOMEM;
	drop_chunks(dst);
	if (src->cnt)
		memcpy(dst->r, src->r, src->cnt * sizeof(*dst->r));
	dst->cnt = src->cnt;
	note(dst, MXI_RS_REPLACED, 0, UINT64_MAX);
	return 0;
}

/* First index whose end is >= @addr (or > @addr when @strict). */
static size_t first_ending_at_or_after(const struct mx_rangeset *rs, uint64_t addr, int strict)
{
	size_t hi = rs->cnt;

	/*
	 * At or above the last range's start (sets are often built in address
	 * order): the ranges before it end below its start, so it is the
	 * answer or there is none.
	 */
	if (hi && rs->r[hi - 1].base <= addr) {
		uint64_t e = mx_range_end(&rs->r[hi - 1]);

		return (strict ? e > addr : e >= addr) ? hi - 1 : hi;
	}
	return mxi_ranges_first_ending(rs->r, hi, addr, strict);
}

static uint64_t cap(uint64_t base, uint64_t size)
{
	return size > UINT64_MAX - base ? UINT64_MAX - base : size;
}

int mx_rangeset_add(struct mx_rangeset *rs, uint64_t base, uint64_t size)
{
	size_t i, j;
	uint64_t end, s, e;

	size = cap(base, size);
	if (!size)
		return 0;
	end = base + size;
	if (rs->ck) {
		if (reserve(rs, rs->cnt + 1) || mxi_rsc_add(rs, base, end))
			return MX_ENOMEM;
		note(rs, MXI_RS_ADDED, base, end);
		return 0;
	}
	/* Ranges that overlap or touch [base, end) are r[i..j). */
	i = first_ending_at_or_after(rs, base, 0);
	j = i;
	while (j < rs->cnt && rs->r[j].base <= end)
		j++;
	if (i == j) {
		if (reserve(rs, rs->cnt + 1))
			return MX_ENOMEM;
		memmove(&rs->r[i + 1], &rs->r[i], (rs->cnt - i) * sizeof(*rs->r));
		rs->r[i].base = base;
		rs->r[i].size = size;
		rs->cnt++;
		note(rs, MXI_RS_ADDED, base, end);
		if (rs->open && rs->cnt >= mxi_rs_chunk_from)
			mxi_rsc_build(rs); /* out of memory: it stays one array */
		return 0;
	}
	s = rs->r[i].base < base ? rs->r[i].base : base;
	e = mx_range_end(&rs->r[j - 1]) > end ? mx_range_end(&rs->r[j - 1]) : end;
	rs->r[i].base = s;
	rs->r[i].size = e - s;
	/* one range grown (the common case): nothing after it moves */
	if (j > i + 1) {
		memmove(&rs->r[i + 1], &rs->r[j], (rs->cnt - j) * sizeof(*rs->r));
		rs->cnt -= j - i - 1;
	}
	/* only [base, end) joined the set, however far the merged range reaches */
	note(rs, MXI_RS_ADDED, base, end);
	return 0;
}

/* Append [base, end) to the merged output r[0..*n), joining the last range when they meet. */
static void put_merged(struct mx_range *r, size_t *n, uint64_t base, uint64_t end)
{
	if (*n && mx_range_end(&r[*n - 1]) >= base) {
		if (end > mx_range_end(&r[*n - 1]))
			r[*n - 1].size = end - r[*n - 1].base;
		return;
	}
	r[*n].base = base;
	r[*n].size = end - base;
	++*n;
}

int mx_rangeset_add_set(struct mx_rangeset *dst, const struct mx_rangeset *src)
{
	size_t i, j = 0, n = 0;

	if (!src->cnt)
		return 0;
	mxi_rs_flat(dst);
	mxi_rs_flat(src);
	if (reserve(dst, dst->cnt + src->cnt))
		return MX_ENOMEM;
	/*
	 * Move the set to the top of its array and merge upwards into the
	 * bottom: each output is made of at least one range read, so the
	 * output never reaches a range still to be read.
	 */
	i = dst->max - dst->cnt;
	memmove(&dst->r[i], dst->r, dst->cnt * sizeof(*dst->r));
	while (i < dst->max || j < src->cnt) {
		const struct mx_range *p = j == src->cnt || (i < dst->max && dst->r[i].base < src->r[j].base) ?
			&dst->r[i++] : &src->r[j++];

		put_merged(dst->r, &n, p->base, mx_range_end(p));
	}
	dst->cnt = n;
	/*
	 * the window spans bytes @src does not hold: for an index that reads
	 * @dst as its busy set, "added" would cut them from the free space
	 */
	note(dst, MXI_RS_CHANGED, src->r[0].base, mx_range_end(&src->r[src->cnt - 1]));
	return 0;
}

/*
 * Removing [base, end) from one range [s, e):
 *
 *   s--------e          s----e              s-----e        s---------------e
 *      b---------E   b-----------E   b---E                    b-----E
 *   trim the top     drop it          trim the bottom  split in two
 */
int mx_rangeset_remove(struct mx_rangeset *rs, uint64_t base, uint64_t size)
{
	size_t i, j;
	uint64_t end, s, e;

	size = cap(base, size);
	if (!size)
		return 0;
	end = base + size;
	if (rs->ck) {
		/* a split adds a range */
		if (reserve(rs, rs->cnt + 1) || mxi_rsc_remove(rs, base, end))
			return MX_ENOMEM;
		note(rs, MXI_RS_REMOVED, base, end);
		return 0;
	}
	i = first_ending_at_or_after(rs, base, 1);
	if (i == rs->cnt || rs->r[i].base >= end)
		return 0;
	s = rs->r[i].base;
	e = mx_range_end(&rs->r[i]);
	if (s < base && e > end) {
		if (reserve(rs, rs->cnt + 1))
			return MX_ENOMEM;
		memmove(&rs->r[i + 1], &rs->r[i], (rs->cnt - i) * sizeof(*rs->r));
		rs->cnt++;
		rs->r[i].size = base - s;
		rs->r[i + 1].base = end;
		rs->r[i + 1].size = e - end;
		note(rs, MXI_RS_REMOVED, base, end);
		return 0;
	}
	if (s < base) {
		rs->r[i].size = base - s;
		i++;
	}
	/* r[i..j) lie wholly inside: one memmove drops the whole run */
	for (j = i; j < rs->cnt && mx_range_end(&rs->r[j]) <= end; j++)
		;
	if (j < rs->cnt && rs->r[j].base < end) {
		rs->r[j].size = mx_range_end(&rs->r[j]) - end;
		rs->r[j].base = end;
	}
	if (j > i) {
		memmove(&rs->r[i], &rs->r[j], (rs->cnt - j) * sizeof(*rs->r));
		rs->cnt -= j - i;
	}
	note(rs, MXI_RS_REMOVED, base, end);
	return 0;
}

int mx_rangeset_clip(struct mx_rangeset *rs, uint64_t base, uint64_t size)
{
	uint64_t end;

	size = cap(base, size);
	end = base + size;
	if (mx_rangeset_remove(rs, 0, base))
		return MX_ENOMEM;
	return mx_rangeset_remove(rs, end, UINT64_MAX - end);
}

int mx_rangeset_subtract(struct mx_rangeset *dst, const struct mx_rangeset *a,
			 const struct mx_rangeset *b)
{
	size_t j = 0;

	drop_chunks(dst);
	mxi_rs_flat(a);
	mxi_rs_flat(b);
	dst->cnt = 0;
	note(dst, MXI_RS_REPLACED, 0, UINT64_MAX);
	for (size_t i = 0; i < a->cnt; i++) {
		uint64_t s = a->r[i].base, e = mx_range_end(&a->r[i]);

		while (j < b->cnt && mx_range_end(&b->r[j]) <= s)
			j++;
		for (size_t k = j; k < b->cnt && b->r[k].base < e; k++) {
			if (b->r[k].base > s) {
				if (reserve(dst, dst->cnt + 1))
					return MX_ENOMEM;
				dst->r[dst->cnt].base = s;
				dst->r[dst->cnt].size = b->r[k].base - s;
				dst->cnt++;
			}
			if (mx_range_end(&b->r[k]) > s)
				s = mx_range_end(&b->r[k]);
			if (s >= e)
				break;
		}
		if (s < e) {
			if (reserve(dst, dst->cnt + 1))
				return MX_ENOMEM;
			dst->r[dst->cnt].base = s;
			dst->r[dst->cnt].size = e - s;
			dst->cnt++;
		}
	}
	return 0;
}

int mx_rangeset_intersect(struct mx_rangeset *dst, const struct mx_rangeset *a,
			  const struct mx_rangeset *b)
{
	size_t i = 0, j = 0;

	drop_chunks(dst);
	mxi_rs_flat(a);
	mxi_rs_flat(b);
	dst->cnt = 0;
	note(dst, MXI_RS_REPLACED, 0, UINT64_MAX);
	while (i < a->cnt && j < b->cnt) {
		uint64_t s = a->r[i].base > b->r[j].base ? a->r[i].base : b->r[j].base;
		uint64_t ea = mx_range_end(&a->r[i]), eb = mx_range_end(&b->r[j]);
		uint64_t e = ea < eb ? ea : eb;

		if (s < e) {
			if (reserve(dst, dst->cnt + 1))
				return MX_ENOMEM;
			dst->r[dst->cnt].base = s;
			dst->r[dst->cnt].size = e - s;
			dst->cnt++;
		}
		if (ea < eb)
			i++;
		else
			j++;
	}
	return 0;
}

uint64_t mx_rangeset_bytes(const struct mx_rangeset *rs)
{
	uint64_t n = 0;

	mxi_rs_flat(rs);
	for (size_t i = 0; i < rs->cnt; i++)
		n += rs->r[i].size;
	return n;
}

uint64_t mx_rangeset_bytes_in(const struct mx_rangeset *rs, uint64_t base, uint64_t size)
{
	uint64_t n = 0, end;

	mxi_rs_flat(rs);
	size = cap(base, size);
	end = base + size;
	for (size_t i = first_ending_at_or_after(rs, base, 1); i < rs->cnt && rs->r[i].base < end; i++) {
		uint64_t s = rs->r[i].base < base ? base : rs->r[i].base;
		uint64_t e = mx_range_end(&rs->r[i]) > end ? end : mx_range_end(&rs->r[i]);

		n += e - s;
	}
	return n;
}

uint64_t mx_rangeset_pages(const struct mx_rangeset *rs, uint64_t page)
{
	uint64_t n = 0;

	mxi_rs_flat(rs);
	for (size_t i = 0; i < rs->cnt; i++)
		n += mxi_whole_pages(rs->r[i].base, mx_range_end(&rs->r[i]), page);
	return n;
}

uint64_t mx_rangeset_pages_in(const struct mx_rangeset *rs, uint64_t page, uint64_t base,
			      uint64_t size)
{
	uint64_t n = 0, end;

	mxi_rs_flat(rs);
	size = cap(base, size);
	end = base + size;
	for (size_t i = first_ending_at_or_after(rs, base, 1); i < rs->cnt && rs->r[i].base < end; i++) {
		uint64_t s = rs->r[i].base < base ? base : rs->r[i].base;
		uint64_t e = mx_range_end(&rs->r[i]) > end ? end : mx_range_end(&rs->r[i]);

		n += mxi_whole_pages(s, e, page);
	}
	return n;
}

bool mx_rangeset_overlaps(const struct mx_rangeset *rs, uint64_t base, uint64_t size)
{
	size_t i;

	size = cap(base, size);
	if (!size)
		return false;
	if (rs->ck) {
		const struct mx_range *r = mxi_rsc_find(rs, base);

		return r && r->base < base + size;
	}
	i = first_ending_at_or_after(rs, base, 1);
	return i < rs->cnt && rs->r[i].base < base + size;
}

bool mx_rangeset_contains(const struct mx_rangeset *rs, uint64_t base, uint64_t size)
{
	size_t i;

	if (!size)
		return true;
	if (size > UINT64_MAX - base)
		return false;
	if (rs->ck) {
		const struct mx_range *r = mxi_rsc_find(rs, base);

		return r && r->base <= base && mx_range_end(r) >= base + size;
	}
	i = first_ending_at_or_after(rs, base, 1);
	return i < rs->cnt && rs->r[i].base <= base && mx_range_end(&rs->r[i]) >= base + size;
}

size_t mx_rangeset_gaps(const struct mx_rangeset *rs, uint64_t base, uint64_t size)
{
	uint64_t end, at = base;
	size_t i, n = 0;

	size = cap(base, size);
	if (!size)
		return 0;
	end = base + size;
	if (rs->ck)
		return mxi_rsc_gaps(rs, base, end);
	for (i = first_ending_at_or_after(rs, base, 1); i < rs->cnt && rs->r[i].base < end; i++) {
		if (rs->r[i].base > at)
			n++;
		at = mx_range_end(&rs->r[i]);
	}
	return n + (at < end);
}

uint64_t mx_rangeset_start(const struct mx_rangeset *rs)
{
	if (rs->ck)
		return mxi_rsc_start(rs);
	return rs->cnt ? rs->r[0].base : 0;
}

uint64_t mx_rangeset_end(const struct mx_rangeset *rs)
{
	if (rs->ck)
		return mxi_rsc_end(rs);
	return rs->cnt ? mx_range_end(&rs->r[rs->cnt - 1]) : 0;
}

int mxi_rangeset_each_free(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
			   const struct mx_rangeset *busy, uint64_t lo, uint64_t hi, mxi_free_fn fn,
			   void *ctx)
{
	struct mxi_rs_it m, n = { 0 }, b;

	mxi_rs_it_seek(&m, mem, lo);
	if (nomap)
		mxi_rs_it_seek(&n, nomap, lo);
	mxi_rs_it_seek(&b, busy, lo);
	for (; m.p && m.p->base < hi; mxi_rs_it_next(&m)) {
		uint64_t s = m.p->base, e = mx_range_end(m.p);
		int r;

		if (s < lo)
			s = lo;
		if (e > hi)
			e = hi;
		while (s < e) {
			uint64_t t = e;

			while (n.p && mx_range_end(n.p) <= s)
				mxi_rs_it_next(&n);
			while (b.p && mx_range_end(b.p) <= s)
				mxi_rs_it_next(&b);
			/* s itself blocked: skip past the blocker */
			if (n.p && n.p->base <= s) {
				s = mx_range_end(n.p);
				continue;
			}
			if (b.p && b.p->base <= s) {
				s = mx_range_end(b.p);
				continue;
			}
			/* free up to the next blocker */
			if (n.p && n.p->base < t)
				t = n.p->base;
			if (b.p && b.p->base < t)
				t = b.p->base;
			if ((r = fn(s, t, ctx)))
				return r;
			s = t;
		}
	}
	return 0;
}

struct pages_ctx {
	uint64_t page;
	uint64_t n;
	struct mx_rangeset *dst;
};

static int count_pages(uint64_t s, uint64_t e, void *p)
{
	struct pages_ctx *c = p;

	c->n += mxi_whole_pages(s, e, c->page);
	return 0;
}

static int add_pages(uint64_t s, uint64_t e, void *p)
{
	struct pages_ctx *c = p;
	uint64_t n = mxi_whole_pages(s, e, c->page);

	if (!n)
		return 0;
	return mx_rangeset_add(c->dst, mx_round_up(s, c->page), n * c->page);
}

uint64_t mx_rangeset_free_pages(const struct mx_rangeset *mem, const struct mx_rangeset *busy,
				uint64_t page, uint64_t lo, uint64_t hi)
{
	struct pages_ctx c = { page, 0, NULL };

	mxi_rangeset_each_free(mem, NULL, busy, lo, hi, count_pages, &c);
	return c.n;
}

int mx_rangeset_add_free_pages(struct mx_rangeset *dst, const struct mx_rangeset *mem,
			       const struct mx_rangeset *busy, uint64_t page,
			       uint64_t lo, uint64_t hi)
{
	struct pages_ctx c = { page, 0, dst };

	return mxi_rangeset_each_free(mem, NULL, busy, lo, hi, add_pages, &c);
}
