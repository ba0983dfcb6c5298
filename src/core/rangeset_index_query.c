/* rangeset_index_query.c - the search index's answers: top-down and bottom-up fits, free pages, checks */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "memx/rangeset.h"
#include "rangeset_index.h"
#include "rangeset_internal.h"

/*
 * The highest range of subtree @t (at depth @d) that takes the request,
 * clamped to [lo, hi). The nodes on the way down are written to @path:
 * when it answers, path[0..*@depth] leads from the root to the range.
 */
static bool fit_down(const struct mx_rangeset_index *x, uint32_t t, uint32_t d, int cls, uint64_t lo,
		     uint64_t hi, uint64_t size, uint64_t align, uint64_t *out, uint64_t *from,
		     uint32_t *path, uint32_t *depth)
{
	for (; t; d++) {
		const struct free_node *n = &x->n[t];
		uint64_t s, e;

		if (!may_fit(n, cls, size))
			return false; /* nothing below has room */
		if (d < PATH_MAX_DEPTH)
			path[d] = t;
		if (n->base >= hi) {
			t = n->left;
			continue;
		}
		__builtin_prefetch(&x->n[n->left]); /* read after the right subtree, if it has no room */
		if (fit_down(x, n->right, d + 1, cls, lo, hi, size, align, out, from, path, depth))
			return true;
		s = n->base > lo ? n->base : lo;
		e = n->end < hi ? n->end : hi;
		if (s < e && mxi_rangeset_try_fit(s, e, size, align, out)) {
			if (from)
				*from = s;
			*depth = d;
			return true;
		}
		if (n->base <= lo)
			return false; /* everything further left ends below lo */
		t = n->left;
	}
	return false;
}

int mxi_rangeset_index_find(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
			    const struct mx_rangeset *busy, uint64_t lo, uint64_t hi,
			    uint64_t size, uint64_t align, uint64_t *out, uint64_t *from)
{
	struct mx_rangeset_index *x;
	uint32_t d;

	if (!size || !mx_is_pow2(align) || lo >= hi)
		return MX_ENOSPACE;
	/* the index is @busy's cache: bringing it up to date leaves the set as it is */
	x = mxi_index_sync((struct mx_rangeset *)busy, mem, nomap);
	if (!x)
		return mxi_rangeset_walk_top_down(mem, nomap, busy, lo, hi, size, align, out, from);
	x->hint = 0; /* the search writes over the path */
	if (!fit_down(x, x->root, 0, cap_class(align), lo, hi, size, align, out, from, x->hint_path, &d))
		return MX_ENOSPACE;
	if (d < PATH_MAX_DEPTH) {
		x->hint = x->hint_path[d];
		x->hint_np = d + 1;
	}
	return 0;
}

/*
 * The lowest range of subtree @t that takes the request bottom-up, clamped
 * to [lo, hi): the left subtree, the node, the right subtree, skipping
 * those whose figures show no room. The capacity classes bound exactly
 * what a bottom-up candidate has: end - round_up(start, align).
 */
static bool fit_up(const struct mx_rangeset_index *x, uint32_t t, int cls, uint64_t lo,
		   uint64_t hi, uint64_t size, uint64_t align, uint64_t *out)
{
	while (t) {
		const struct free_node *n = &x->n[t];
		uint64_t s, e;

		if (!may_fit(n, cls, size))
			return false; /* nothing below has room */
		if (n->end <= lo) {
			t = n->right; /* it and everything left of it end below lo */
			continue;
		}
		if (fit_up(x, n->left, cls, lo, hi, size, align, out))
			return true;
		s = n->base > lo ? n->base : lo;
		e = n->end < hi ? n->end : hi;
		if (s < e && mxi_rangeset_try_fit_up(s, e, size, align, out))
			return true;
		if (n->end >= hi)
			return false; /* everything further right starts at or above hi */
		t = n->right;
	}
	return false;
}

int mxi_rangeset_index_find_bottom_up(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
				      const struct mx_rangeset *busy, uint64_t lo, uint64_t hi,
				      uint64_t size, uint64_t align, uint64_t *out)
{
	struct mx_rangeset_index *x;

	if (!size || !mx_is_pow2(align) || lo >= hi)
		return MX_ENOSPACE;
	x = mxi_index_sync((struct mx_rangeset *)busy, mem, nomap);
	if (!x)
		return mxi_rangeset_walk_bottom_up(mem, nomap, busy, lo, hi, size, align, out);
	return fit_up(x, x->root, cap_class(align), lo, hi, size, align, out) ? 0 : MX_ENOSPACE;
}

struct check_ctx {
	const struct mx_rangeset_index *x;
	struct mx_range *want;
	size_t nwant, at;
	bool bad;
};

static int collect(uint64_t s, uint64_t e, void *p)
{
	struct check_ctx *c = p;

	if (c->at < c->nwant) {
		c->want[c->at].base = s;
		c->want[c->at].size = e - s;
	}
	c->at++;
	return 0;
}

static uint32_t x_cap(const struct mx_rangeset_index *x, uint32_t t, size_t k)
{
	return x->n[t].cap[k];
}

/* In order: each node against the next true free range, and the tree's own invariants. */
static uint64_t check_tree(struct check_ctx *c, uint32_t t)
{
	const struct free_node *n;
	uint64_t m;

	if (!t)
		return 0;
	n = &c->x->n[t];
	if ((n->left && c->x->n[n->left].prio > n->prio) ||
	    (n->right && c->x->n[n->right].prio > n->prio))
		c->bad = true;
	m = check_tree(c, n->left);
	if (c->at >= c->nwant || c->want[c->at].base != n->base ||
	    mx_range_end(&c->want[c->at]) != n->end)
		c->bad = true;
	c->at++;
	if (n->end - n->base > m)
		m = n->end - n->base;
	{
		uint64_t r = check_tree(c, n->right);

		if (r > m)
			m = r;
	}
	if (m != n->maxlen)
		c->bad = true;
	for (size_t k = 0; k < NCAP; k++) {
		uint32_t cap = cap_of(n->base, n->end, cap_shift[k]);

		if (x_cap(c->x, n->left, k) > cap)
			cap = x_cap(c->x, n->left, k);
		if (x_cap(c->x, n->right, k) > cap)
			cap = x_cap(c->x, n->right, k);
		if (cap != n->cap[k])
			c->bad = true;
	}
	return m;
}

int mxi_rangeset_index_check(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
			    const struct mx_rangeset *busy)
{
	struct mx_rangeset_index *x = mxi_index_sync((struct mx_rangeset *)busy, mem, nomap);
	struct check_ctx c = { x, NULL, 0, 0, false };

	if (!x)
		return MX_ENOMEM;
	mxi_rangeset_each_free(mem, nomap, busy, 0, UINT64_MAX, collect, &c);
	c.nwant = c.at;
	if (c.nwant && !(c.want = malloc(c.nwant * sizeof(*c.want))))
		return MX_ENOMEM;
	c.at = 0;
	mxi_rangeset_each_free(mem, nomap, busy, 0, UINT64_MAX, collect, &c);
	c.at = 0;
	check_tree(&c, x->root);
	if (c.at != c.nwant)
		c.bad = true;
	free(c.want);
	return c.bad ? MX_EINVAL : 0;
}

static uint64_t pages_of_tree(const struct mx_rangeset_index *x, uint32_t t, uint64_t page)
{
	uint64_t n = 0;

	for (; t; t = x->n[t].right)
		n += mxi_whole_pages(x->n[t].base, x->n[t].end, page) + pages_of_tree(x, x->n[t].left, page);
	return n;
}

int mxi_rangeset_index_free_pages(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
				  const struct mx_rangeset *busy, uint64_t page, uint64_t *out)
{
	struct mx_rangeset_index *x;

	if (!page)
		return MX_EINVAL;
	x = mxi_index_sync((struct mx_rangeset *)busy, mem, nomap);
	if (!x)
		return MX_ENOMEM;
	if (x->page != page) {
		x->pages = pages_of_tree(x, x->root, page);
		x->page = page;
	}
	*out = x->pages;
	return 0;
}

static size_t count_tree(const struct mx_rangeset_index *x, uint32_t t)
{
	return t ? 1 + count_tree(x, x->n[t].left) + count_tree(x, x->n[t].right) : 0;
}

size_t mxi_rangeset_index_size(const struct mx_rangeset *busy)
{
	return busy->idx && busy->idx->built ? count_tree(busy->idx, busy->idx->root) : 0;
}
