/* rangeset.c - sorted, merged byte-range sets (memblock.memory / memblock.reserved) */
#include <stdlib.h>
#include <string.h>

#include "memx/rangeset.h"

void mx_rangeset_init(struct mx_rangeset *rs)
{
	rs->r = NULL;
	rs->cnt = 0;
	rs->max = 0;
}

void mx_rangeset_release(struct mx_rangeset *rs)
{
	free(rs->r);
	mx_rangeset_init(rs);
}

void mx_rangeset_clear(struct mx_rangeset *rs)
{
	rs->cnt = 0;
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
	r = realloc(rs->r, m * sizeof(*r));
	if (!r)
		return MX_ENOMEM;
	rs->r = r;
	rs->max = m;
	return 0;
}

int mx_rangeset_copy(struct mx_rangeset *dst, const struct mx_rangeset *src)
{
	if (reserve(dst, src->cnt))
		return MX_ENOMEM;
	if (src->cnt)
		memcpy(dst->r, src->r, src->cnt * sizeof(*dst->r));
	dst->cnt = src->cnt;
	return 0;
}

/* First index whose end is >= @addr (or > @addr when @strict). */
static size_t first_ending_at_or_after(const struct mx_rangeset *rs, uint64_t addr, int strict)
{
	size_t lo = 0, hi = rs->cnt;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t e = mx_range_end(&rs->r[mid]);

		if (strict ? e > addr : e >= addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static uint64_t cap(uint64_t base, uint64_t size)
{
	return size > UINT64_MAX - base ? UINT64_MAX - base : size;
}

int mx_rangeset_add(struct mx_rangeset *rs, uint64_t base, uint64_t size)
{
	size_t i, j;
	uint64_t end;

	size = cap(base, size);
	if (!size)
		return 0;
	end = base + size;
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
		return 0;
	}
	if (rs->r[i].base < base)
		base = rs->r[i].base;
	if (mx_range_end(&rs->r[j - 1]) > end)
		end = mx_range_end(&rs->r[j - 1]);
	rs->r[i].base = base;
	rs->r[i].size = end - base;
	memmove(&rs->r[i + 1], &rs->r[j], (rs->cnt - j) * sizeof(*rs->r));
	rs->cnt -= j - i - 1;
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
	size_t i;
	uint64_t end;

	size = cap(base, size);
	if (!size)
		return 0;
	end = base + size;
	i = first_ending_at_or_after(rs, base, 1);
	while (i < rs->cnt && rs->r[i].base < end) {
		uint64_t s = rs->r[i].base, e = mx_range_end(&rs->r[i]);

		if (s < base && e > end) {
			if (reserve(rs, rs->cnt + 1))
				return MX_ENOMEM;
			memmove(&rs->r[i + 1], &rs->r[i], (rs->cnt - i) * sizeof(*rs->r));
			rs->cnt++;
			rs->r[i].size = base - s;
			rs->r[i + 1].base = end;
			rs->r[i + 1].size = e - end;
			return 0;
		}
		if (s < base) {
			rs->r[i].size = base - s;
			i++;
		} else if (e > end) {
			rs->r[i].base = end;
			rs->r[i].size = e - end;
			i++;
		} else {
			memmove(&rs->r[i], &rs->r[i + 1], (rs->cnt - i - 1) * sizeof(*rs->r));
			rs->cnt--;
		}
	}
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

	dst->cnt = 0;
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

	dst->cnt = 0;
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

	for (size_t i = 0; i < rs->cnt; i++)
		n += rs->r[i].size;
	return n;
}

uint64_t mx_rangeset_bytes_in(const struct mx_rangeset *rs, uint64_t base, uint64_t size)
{
	uint64_t n = 0, end;

	size = cap(base, size);
	end = base + size;
	for (size_t i = first_ending_at_or_after(rs, base, 1); i < rs->cnt && rs->r[i].base < end; i++) {
		uint64_t s = rs->r[i].base < base ? base : rs->r[i].base;
		uint64_t e = mx_range_end(&rs->r[i]) > end ? end : mx_range_end(&rs->r[i]);

		n += e - s;
	}
	return n;
}

static uint64_t whole_pages(uint64_t s, uint64_t e, uint64_t page)
{
	uint64_t ps = mx_round_up(s, page), pe = mx_round_down(e, page);

	if (ps < s) /* rounding up wrapped */
		return 0;
	return pe > ps ? (pe - ps) / page : 0;
}

uint64_t mx_rangeset_pages(const struct mx_rangeset *rs, uint64_t page)
{
	uint64_t n = 0;

	for (size_t i = 0; i < rs->cnt; i++)
		n += whole_pages(rs->r[i].base, mx_range_end(&rs->r[i]), page);
	return n;
}

uint64_t mx_rangeset_pages_in(const struct mx_rangeset *rs, uint64_t page, uint64_t base,
			      uint64_t size)
{
	uint64_t n = 0, end;

	size = cap(base, size);
	end = base + size;
	for (size_t i = first_ending_at_or_after(rs, base, 1); i < rs->cnt && rs->r[i].base < end; i++) {
		uint64_t s = rs->r[i].base < base ? base : rs->r[i].base;
		uint64_t e = mx_range_end(&rs->r[i]) > end ? end : mx_range_end(&rs->r[i]);

		n += whole_pages(s, e, page);
	}
	return n;
}

bool mx_rangeset_overlaps(const struct mx_rangeset *rs, uint64_t base, uint64_t size)
{
	size_t i;

	size = cap(base, size);
	if (!size)
		return false;
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
	for (i = first_ending_at_or_after(rs, base, 1); i < rs->cnt && rs->r[i].base < end; i++) {
		if (rs->r[i].base > at)
			n++;
		at = mx_range_end(&rs->r[i]);
	}
	return n + (at < end);
}

uint64_t mx_rangeset_start(const struct mx_rangeset *rs)
{
	return rs->cnt ? rs->r[0].base : 0;
}

uint64_t mx_rangeset_end(const struct mx_rangeset *rs)
{
	return rs->cnt ? mx_range_end(&rs->r[rs->cnt - 1]) : 0;
}

/*
 * Walk the free ranges of @mem minus @busy inside [lo, hi), ascending, and
 * call @fn on each. Stops early when @fn returns non-zero.
 */
typedef int (*free_fn)(uint64_t s, uint64_t e, void *ctx);

static int each_free(const struct mx_rangeset *mem, const struct mx_rangeset *busy,
		     uint64_t lo, uint64_t hi, free_fn fn, void *ctx)
{
	size_t j = 0;

	for (size_t i = 0; i < mem->cnt; i++) {
		uint64_t s = mem->r[i].base, e = mx_range_end(&mem->r[i]);
		int r;

		if (s < lo)
			s = lo;
		if (e > hi)
			e = hi;
		if (s >= e)
			continue;
		while (j < busy->cnt && mx_range_end(&busy->r[j]) <= s)
			j++;
		for (size_t k = j; k < busy->cnt && busy->r[k].base < e; k++) {
			if (busy->r[k].base > s && (r = fn(s, busy->r[k].base, ctx)))
				return r;
			if (mx_range_end(&busy->r[k]) > s)
				s = mx_range_end(&busy->r[k]);
			if (s >= e)
				break;
		}
		if (s < e && (r = fn(s, e, ctx)))
			return r;
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

	c->n += whole_pages(s, e, c->page);
	return 0;
}

static int add_pages(uint64_t s, uint64_t e, void *p)
{
	struct pages_ctx *c = p;
	uint64_t n = whole_pages(s, e, c->page);

	if (!n)
		return 0;
	return mx_rangeset_add(c->dst, mx_round_up(s, c->page), n * c->page);
}

uint64_t mx_rangeset_free_pages(const struct mx_rangeset *mem, const struct mx_rangeset *busy,
				uint64_t page, uint64_t lo, uint64_t hi)
{
	struct pages_ctx c = { page, 0, NULL };

	each_free(mem, busy, lo, hi, count_pages, &c);
	return c.n;
}

int mx_rangeset_add_free_pages(struct mx_rangeset *dst, const struct mx_rangeset *mem,
			       const struct mx_rangeset *busy, uint64_t page,
			       uint64_t lo, uint64_t hi)
{
	struct pages_ctx c = { page, 0, dst };

	return each_free(mem, busy, lo, hi, add_pages, &c);
}

/* Last index whose base is < @addr, or (size_t)-1. */
static size_t last_starting_below(const struct mx_rangeset *rs, uint64_t addr)
{
	size_t lo = 0, hi = rs->cnt;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rs->r[mid].base < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1; /* wraps to SIZE_MAX when lo == 0 */
}

static bool try_fit(uint64_t s, uint64_t e, uint64_t size, uint64_t align, uint64_t *out)
{
	uint64_t cand;

	if (e - s < size)
		return false;
	cand = mx_round_down(e - size, align);
	if (cand < s)
		return false;
	*out = cand;
	return true;
}

int mx_rangeset_find_top_down(const struct mx_rangeset *mem, const struct mx_rangeset *busy,
			      uint64_t lo, uint64_t hi, uint64_t size, uint64_t align,
			      uint64_t *out)
{
	if (!size || !mx_is_pow2(align) || lo >= hi)
		return MX_ENOSPACE;
	for (size_t i = mem->cnt; i-- > 0;) {
		uint64_t s = mem->r[i].base, e = mx_range_end(&mem->r[i]);
		size_t k;

		if (s < lo)
			s = lo;
		if (e > hi)
			e = hi;
		if (s >= e)
			continue;
		/* Free pieces of [s, e), from the top down. */
		k = last_starting_below(busy, e);
		for (; k != (size_t)-1; k--) {
			uint64_t bs = busy->r[k].base, be = mx_range_end(&busy->r[k]);

			if (be <= s)
				break;
			if (be < e && try_fit(be, e, size, align, out))
				return 0;
			e = bs;
			if (e <= s)
				break;
		}
		if (s < e && try_fit(s, e, size, align, out))
			return 0;
	}
	return MX_ENOSPACE;
}
