/* rangeset_index.c - the free ranges around memblock.reserved, indexed for the top-down search */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "memx/rangeset.h"
#include "rangeset_index.h"
#include "rangeset_internal.h"

/*
 * The search index: the maximal free ranges of mem - nomap - busy (the
 * ranges for_each_free_mem_range_reverse() yields, before clamping) in a
 * treap keyed by base. Every node knows, for its subtree, the longest range
 * and the largest room per alignment class (below). A search visits the
 * right subtree, then the node, then the left subtree - the free ranges
 * from the top down, as __memblock_find_range_top_down() walks them - and
 * takes the first whose clamped candidate round_down(end - size, align) is
 * not below its start. It only skips subtrees whose figures show that no
 * range in them has room for the request: ranges the walk would try and
 * pass over. So the answer is the walk's, found in O(log n) instead of
 * O(n) per allocation (plus one step per range whose room the classes
 * overstate - none for the alignments they name).
 *
 *          [b]            a 16K request: [c] is too short, skipped by its
 *         /   \           subtree's figure; [b] fits, the walk's answer too
 *      [a]     [c]
 *   free  |aaaaaaaa|   |bbbbbbbb|  |cc|
 *
 * The index belongs to the busy set and follows the three sets through
 * their journals: a change that can only take bytes away from the free
 * space (busy or NOMAP added, memory removed) cuts the ranges it covers;
 * any other is recomputed from the sets in its window, widened to the
 * free ranges that overlap or touch it so that what comes back is maximal
 * again. A set that changed more than MX_RANGESET_JOURNAL times, was
 * replaced wholesale, or is not the one the index was built from, and any
 * failed allocation, make the next search rebuild it from scratch: O(n).
 *
 * Length alone does not say whether an aligned request fits: a range of
 * 60K holds 16K at 64K alignment only if a 64K boundary lies low enough in
 * it, and a search that meets thousands of such ranges is the walk again.
 * So each node also keeps, per alignment class, the subtree's largest
 * capacity: for a range [s, e) and alignment A, e - round_up(s, A), the
 * longest request aligned to A that fits. A request aligned to a >= A
 * cannot have more room than that, so the class just below its alignment
 * gives an exact bound for the common alignments and a sound one for the
 * rest. Capacities are kept in 4 KiB units rounded up (CAP_BIG: too big to
 * tell), which keeps a node at 64 bytes.
 */
static void leaf(struct mx_rangeset_index *x, uint32_t t);

void mxi_rangeset_index_free(struct mx_rangeset_index *x)
{
	if (!x)
		return;
	free(x->n);
	free(x->stack);
	free(x);
}

static uint32_t rnd(struct mx_rangeset_index *x)
{
	x->seed ^= x->seed << 13;
	x->seed ^= x->seed >> 17;
	x->seed ^= x->seed << 5;
	return x->seed;
}

/*
 * Priorities are a level and a random tie-break below it. A rebuild gives
 * range number k (from 1) the level ctz(k), so the tree it makes is
 * perfectly balanced (the ranges of level L lie halfway between those of
 * level L + 1): log2(n) deep, where random priorities give about
 * 1.4 log2(n) on average and more on the search's long paths. A range
 * added later draws its level with the same odds, P(L) = 2^-(L + 1), so
 * the balance holds up on average as the ranges come and go.
 */
#define LEVEL_SHIFT 26

static uint32_t level_prio(struct mx_rangeset_index *x, unsigned level)
{
	return (uint32_t)level << LEVEL_SHIFT | (rnd(x) & ((1u << LEVEL_SHIFT) - 1));
}

static uint32_t prio(struct mx_rangeset_index *x)
{
	return level_prio(x, (unsigned)__builtin_ctz(rnd(x) | 1u << 31));
}

/* A new leaf for [base, end), or 0 when memory ran out (the index is then dropped). */
static uint32_t node_new(struct mx_rangeset_index *x, uint64_t base, uint64_t end)
{
	uint32_t t = x->spare;

	if (t) {
		x->spare = x->n[t].left;
	} else {
		if (x->nn == x->maxn) {
			/* by half: a rebuild sizes the array, splits add a range at a time */
			uint32_t m = x->maxn < 64 ? 64 : x->maxn + x->maxn / 2;
			struct free_node *n;

			if (x->maxn > UINT32_MAX / 3 * 2)
				return 0;
			n = realloc(x->n, (size_t)m * sizeof(*n));
			if (!n)
				return 0;
			x->n = n;
			x->maxn = m;
		}
		t = x->nn++;
	}
	x->n[t].base = base;
	x->n[t].end = end;
	if (x->page)
		x->pages += mxi_whole_pages(base, end, x->page);
	x->n[t].left = x->n[t].right = 0;
	x->n[t].prio = prio(x);
	leaf(x, t);
	return t;
}

static void node_put(struct mx_rangeset_index *x, uint32_t t)
{
	if (x->page)
		x->pages -= mxi_whole_pages(x->n[t].base, x->n[t].end, x->page);
	x->n[t].left = x->spare;
	x->spare = t;
}

/* @t's own figures, as if it had no children. */
static void leaf(struct mx_rangeset_index *x, uint32_t t)
{
	struct free_node *n = &x->n[t];

	n->maxlen = n->end - n->base;
	for (size_t k = 0; k < NCAP; k++)
		n->cap[k] = cap_of(n->base, n->end, cap_shift[k]);
}

/* Recompute @t's subtree figures from its own and its children's. */
static void pull(struct mx_rangeset_index *x, uint32_t t)
{
	struct free_node *n = &x->n[t];
	const struct free_node *l = &x->n[n->left], *r = &x->n[n->right];
	uint64_t len = n->end - n->base;
	/* no capacity of the node's own range exceeds its length in CAP units, rounded up */
	uint64_t units = (len >> CAP_UNIT_SHIFT) + !!(len & ((1u << CAP_UNIT_SHIFT) - 1));

	n->maxlen = len;
	if (l->maxlen > n->maxlen)
		n->maxlen = l->maxlen;
	if (r->maxlen > n->maxlen)
		n->maxlen = r->maxlen;
	for (size_t k = 0; k < NCAP; k++) {
		uint32_t c = l->cap[k] > r->cap[k] ? l->cap[k] : r->cap[k];

		/* the children's figure, unless the node's own range may beat it (above a node, it rarely can) */
		if (c < units) {
			uint32_t own = cap_of(n->base, n->end, cap_shift[k]);

			if (own > c)
				c = own;
		}
		n->cap[k] = c;
	}
}

/* @t's ranges starting below @key into *@l, the others into *@r. */
static void split(struct mx_rangeset_index *x, uint32_t t, uint64_t key, uint32_t *l, uint32_t *r)
{
	if (!t) {
		*l = *r = 0;
		return;
	}
	if (x->n[t].base < key) {
		split(x, x->n[t].right, key, &x->n[t].right, r);
		*l = t;
	} else {
		split(x, x->n[t].left, key, l, &x->n[t].left);
		*r = t;
	}
	pull(x, t);
}

/* Every range of @a below every range of @b. */
static uint32_t merge(struct mx_rangeset_index *x, uint32_t a, uint32_t b)
{
	if (!a || !b)
		return a ? a : b;
	if (x->n[a].prio >= x->n[b].prio) {
		x->n[a].right = merge(x, x->n[a].right, b);
		pull(x, a);
		return a;
	}
	x->n[b].left = merge(x, a, x->n[b].left);
	pull(x, b);
	return b;
}

/* Detach the highest (@high) or lowest range of *@t; 0 when empty. */
static uint32_t pop_end(struct mx_rangeset_index *x, uint32_t *t, bool high)
{
	uint32_t *link = t, path[PATH_MAX_DEPTH], np = 0, v;

	if (!*t)
		return 0;
	while (high ? x->n[*link].right : x->n[*link].left) {
		if (np == PATH_MAX_DEPTH)
			return 0;
		path[np++] = *link;
		link = high ? &x->n[*link].right : &x->n[*link].left;
	}
	v = *link;
	*link = high ? x->n[v].left : x->n[v].right;
	while (np)
		pull(x, path[--np]);
	x->n[v].left = x->n[v].right = 0;
	leaf(x, v);
	return v;
}

struct append_ctx {
	struct mx_rangeset_index *x;
	uint32_t tree;
	bool failed;
};

static int append_range(uint64_t s, uint64_t e, void *p)
{
	struct append_ctx *a = p;
	uint32_t t = node_new(a->x, s, e);

	if (!t) {
		a->failed = true;
		return 1;
	}
	a->tree = merge(a->x, a->tree, t);
	return 0;
}

/*
 * Recompute the free ranges over [lo, hi) from the sets. Free ranges that
 * overlap or touch the window widen it first: they are dropped and come
 * back as whole (maximal) ranges from the sets. Returns false when out of
 * memory or too deep (the caller drops the index).
 */
static bool refresh(struct mx_rangeset_index *x, const struct mx_rangeset *mem,
		    const struct mx_rangeset *nomap, const struct mx_rangeset *busy,
		    uint64_t lo, uint64_t hi)
{
	uint32_t a, b, m, c, t;
	struct append_ctx app;

	x->hint = 0;
	split(x, x->root, lo, &a, &b);
	x->root = 0;
	/* ranges from below that reach lo */
	while (a) {
		if (!(t = pop_end(x, &a, true)))
			return false; /* too deep to pop */
		if (x->n[t].end < lo) {
			a = merge(x, a, t);
			break;
		}
		lo = x->n[t].base;
		if (x->n[t].end > hi)
			hi = x->n[t].end;
		node_put(x, t);
	}
	/* ranges that start inside [lo, hi], widening hi as they end past it */
	for (;;) {
		if (hi == UINT64_MAX) {
			m = b;
			c = 0;
		} else {
			split(x, b, hi + 1, &m, &c);
		}
		if (!m)
			break;
		while (m) {
			if (!(t = pop_end(x, &m, true)))
				return false;
			if (x->n[t].end > hi)
				hi = x->n[t].end;
			node_put(x, t);
		}
		b = c;
	}
	app.x = x;
	app.tree = a;
	app.failed = false;
	mxi_rangeset_each_free(mem, nomap, busy, lo, hi, append_range, &app);
	x->root = merge(x, app.tree, c);
	return !app.failed;
}

/* pull(), saying whether @t's subtree figures changed (if not, its ancestors' did not either). */
static bool pull_changed(struct mx_rangeset_index *x, uint32_t t)
{
	struct free_node old = x->n[t];

	pull(x, t);
	return old.maxlen != x->n[t].maxlen || memcmp(old.cap, x->n[t].cap, sizeof(old.cap));
}

/* After a change at path[n - 1] alone: its figures and its ancestors', as far as they change. */
static void pull_path(struct mx_rangeset_index *x, const uint32_t *path, uint32_t n)
{
	while (n && pull_changed(x, path[--n]))
		;
}

/* Node @t's range becomes [base, end) (its figures are the caller's to pull). */
static void resize(struct mx_rangeset_index *x, uint32_t t, uint64_t base, uint64_t end)
{
	if (x->page)
		x->pages += mxi_whole_pages(base, end, x->page) -
			mxi_whole_pages(x->n[t].base, x->n[t].end, x->page);
	x->n[t].base = base;
	x->n[t].end = end;
}

/*
 * @t's subtree gained @v's ranges, all of which but v's own were in it
 * already: its figures are the larger of its own and @v's. No child is
 * read and no capacity computed, as pull() would.
 */
static void absorb(struct mx_rangeset_index *x, uint32_t t, uint32_t v)
{
	struct free_node *n = &x->n[t];
	const struct free_node *w = &x->n[v];

	if (w->maxlen > n->maxlen)
		n->maxlen = w->maxlen;
	for (size_t k = 0; k < NCAP; k++)
		if (w->cap[k] > n->cap[k])
			n->cap[k] = w->cap[k];
}

/* Put leaf @v into subtree @t (its range apart from all of @t's). */
static uint32_t insert(struct mx_rangeset_index *x, uint32_t t, uint32_t v)
{
	if (!t)
		return v;
	if (x->n[v].prio > x->n[t].prio) {
		split(x, t, x->n[v].base, &x->n[v].left, &x->n[v].right);
		pull(x, v);
		return v;
	}
	if (x->n[v].base < x->n[t].base)
		x->n[t].left = insert(x, x->n[t].left, v);
	else
		x->n[t].right = insert(x, x->n[t].right, v);
	absorb(x, t, v);
	return t;
}

/*
 * Take [lo, hi) out of the free ranges (a change that only shrinks the free
 * space). When the window meets one range - it trims it at an end, splits
 * it, or takes it whole, which is what an allocation or a reservation
 * does - that range alone changes, along one path; a window across several
 * ranges is recomputed.
 *
 *   free   |--------------|   |------|   |--------|   |----|
 *   cut         +xxxxxx+   +xxx+        +xxxx+       +xxxxxx+
 *            split         trim bottom  trim top     whole
 */
static bool cut(struct mx_rangeset_index *x, const struct mx_rangeset *mem,
		const struct mx_rangeset *nomap, const struct mx_rangeset *busy,
		uint64_t lo, uint64_t hi)
{
	uint32_t own[PATH_MAX_DEPTH], *path = own, np = 0, t = x->root, q = 0, nq = 0, v, *link;
	struct free_node *n;

	/* the range the last search found holds the cut (an allocation from it): it is q */
	if (x->hint && x->n[x->hint].base <= lo && x->n[x->hint].end >= hi) {
		q = x->hint;
		path = x->hint_path;
		nq = x->hint_np;
		t = 0;
	}
	x->hint = 0;
	/* q: the lowest range ending above lo (ends rise with bases) */
	while (t) {
		if (np == PATH_MAX_DEPTH)
			return refresh(x, mem, nomap, busy, lo, hi);
		path[np++] = t;
		if (x->n[t].end > lo) {
			q = t;
			nq = np;
			t = x->n[t].left;
		} else {
			t = x->n[t].right;
		}
	}
	if (!q || x->n[q].base >= hi)
		return true; /* nothing free in the window */
	if (x->n[q].end < hi)
		return refresh(x, mem, nomap, busy, lo, hi); /* the next ranges may start below hi */
	n = &x->n[q];
	if (n->base >= lo && n->end == hi) {
		/* whole: its children take its place */
		link = nq > 1 ? (x->n[path[nq - 2]].left == q ? &x->n[path[nq - 2]].left :
				 &x->n[path[nq - 2]].right) : &x->root;
		*link = merge(x, n->left, n->right);
		node_put(x, q);
		pull_path(x, path, nq - 1);
		return true;
	}
	if (n->base < lo && n->end > hi) {
		/* split: q keeps the bottom, a new range the top */
		if (!(v = node_new(x, hi, x->n[q].end)))
			return false;
		resize(x, q, x->n[q].base, lo);
		pull_path(x, path, nq);
		x->root = insert(x, x->root, v);
		return true;
	}
	if (n->base < lo)
		resize(x, q, n->base, lo); /* the top goes */
	else
		resize(x, q, hi, n->end);  /* the bottom goes */
	pull_path(x, path, nq);
	return true;
}

static int grow_stack(struct mx_rangeset_index *x)
{
	size_t m = x->maxstack ? 2 * x->maxstack : 64;
	uint32_t *s = realloc(x->stack, m * sizeof(*s));

	if (!s)
		return MX_ENOMEM;
	x->stack = s;
	x->maxstack = m;
	return 0;
}

struct build_ctx {
	struct mx_rangeset_index *x;
	uint32_t depth;       /* nodes on the right spine (x->stack) */
	uint32_t count;       /* ranges so far */
	bool failed;
};

/* Cartesian-tree build: ranges arrive in order; the right spine keeps heap order. */
static int build_range(uint64_t s, uint64_t e, void *p)
{
	struct build_ctx *b = p;
	struct mx_rangeset_index *x = b->x;
	uint32_t t = node_new(x, s, e), last = 0;

	if (!t || (b->depth == x->maxstack && grow_stack(x))) {
		b->failed = true;
		return 1;
	}
	x->n[t].prio = level_prio(x, (unsigned)__builtin_ctz(++b->count));
	while (b->depth && x->n[x->stack[b->depth - 1]].prio < x->n[t].prio) {
		last = x->stack[--b->depth];
		pull(x, last);
	}
	x->n[t].left = last;
	if (b->depth)
		x->n[x->stack[b->depth - 1]].right = t;
	x->stack[b->depth++] = t;
	return 0;
}

static int count_range(uint64_t s, uint64_t e, void *p)
{
	(void)s;
	(void)e;
	++*(size_t *)p;
	return 0;
}

/* Every free range of the sets, from scratch. */
static bool rebuild(struct mx_rangeset_index *x, const struct mx_rangeset *mem,
		    const struct mx_rangeset *nomap, const struct mx_rangeset *busy)
{
	struct build_ctx b = { x, 0, 0, false };
	size_t want = 1;

	x->root = 0;
	x->spare = 0;
	x->nn = 0;
	x->hint = 0;
	x->pages = 0; /* node_new() counts them again */
	/* the ranges there are, and an eighth more for the splits to come: no array twice too long */
	mxi_rangeset_each_free(mem, nomap, busy, 0, UINT64_MAX, count_range, &want);
	want += want / 8 + 64;
	if (want > UINT32_MAX)
		return false;
	if (want > x->maxn || want < x->maxn / 2) {
		struct free_node *n = realloc(x->n, want * sizeof(*n));

		if (!n)
			return false;
		x->n = n;
		x->maxn = (uint32_t)want;
	}
	memset(&x->n[0], 0, sizeof(x->n[0]));
	x->nn = 1;
	mxi_rangeset_each_free(mem, nomap, busy, 0, UINT64_MAX, build_range, &b);
	if (b.failed)
		return false;
	while (b.depth > 0)
		pull(x, x->stack[--b.depth]);
	x->root = x->maxstack && x->nn > 1 ? x->stack[0] : 0;
	return true;
}

/*
 * Fold @set's changes since *@seen into the index; @shrinks is the change
 * that can only take free space away for the role @set plays. Returns
 * false when the index must be rebuilt.
 */
static bool follow(struct mx_rangeset_index *x, const struct mx_rangeset *mem,
		   const struct mx_rangeset *nomap, const struct mx_rangeset *busy,
		   const struct mx_rangeset *set, uint64_t *seen, enum mxi_rangeset_op shrinks)
{
	if (set->gen - *seen > MX_RANGESET_JOURNAL)
		return false;
	while (*seen != set->gen) {
		const struct mx_rangeset_change *ch = &set->journal[(*seen + 1) % MX_RANGESET_JOURNAL];

		if (ch->op == MXI_RS_REPLACED)
			return false;
		if (!(ch->op == (int)shrinks ? cut(x, mem, nomap, busy, ch->base, ch->end) :
		      refresh(x, mem, nomap, busy, ch->base, ch->end)))
			return false;
		++*seen;
	}
	return true;
}

struct mx_rangeset_index *mxi_index_sync(struct mx_rangeset *busy, const struct mx_rangeset *mem,
					    const struct mx_rangeset *nomap)
{
	struct mx_rangeset_index *x = busy->idx;

	if (!x) {
		if (!(x = calloc(1, sizeof(*x))))
			return NULL;
		x->seed = 0x9e3779b9u;
		busy->idx = x;
	}
	if (x->built && x->mem == mem && mem->id && x->mem_id == mem->id && x->nomap == nomap &&
	    (!nomap || (nomap->id && x->nomap_id == nomap->id)) &&
	    follow(x, mem, nomap, busy, busy, &x->busy_gen, MXI_RS_ADDED) &&
	    follow(x, mem, nomap, busy, mem, &x->mem_gen, MXI_RS_REMOVED) &&
	    (!nomap || follow(x, mem, nomap, busy, nomap, &x->nomap_gen, MXI_RS_ADDED)))
		return x;
	x->built = false;
	if (!rebuild(x, mem, nomap, busy))
		return NULL;
	x->built = true;
	x->mem = mem;
	x->mem_id = mem->id;
	x->mem_gen = mem->gen;
	x->nomap = nomap;
	x->nomap_id = nomap ? nomap->id : 0;
	x->nomap_gen = nomap ? nomap->gen : 0;
	x->busy_gen = busy->gen;
	return x;
}
