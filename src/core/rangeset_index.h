/*
 * rangeset_index.h - the search index's tree, shared by its upkeep
 * (rangeset_index.c) and its queries (rangeset_index_query.c). Not the API.
 */
#ifndef MEMX_RANGESET_INDEX_H
#define MEMX_RANGESET_INDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "memx/rangeset.h"

/* The alignment classes (see rangeset_index.c): 4 KiB, 64 KiB, 1, 2, 4 and 16 MiB. */
static const unsigned cap_shift[] = { 12, 16, 20, 21, 22, 24 };

#define NCAP (sizeof(cap_shift) / sizeof(cap_shift[0]))
#define CAP_UNIT_SHIFT 12
#define CAP_BIG UINT32_MAX

struct free_node {
	uint64_t base, end;   /* a maximal free range */
	uint64_t maxlen;      /* the longest range in this subtree */
	uint32_t cap[NCAP];   /* the largest capacity in this subtree per alignment class */
	uint32_t left, right; /* nodes, 0 for none */
	uint32_t prio;        /* heap order: no child above its parent */
};

/* The capacity of [s, e) for requests aligned to 1 << @shift, in CAP units rounded up. */
static inline uint32_t cap_of(uint64_t s, uint64_t e, unsigned shift)
{
	uint64_t a = mx_round_up(s, 1ULL << shift), c;

	if (a < s || a >= e)
		return 0; /* no aligned byte inside (or rounding up wrapped) */
	c = e - a;
	c = (c >> CAP_UNIT_SHIFT) + !!(c & ((1u << CAP_UNIT_SHIFT) - 1));
	return c >= CAP_BIG ? CAP_BIG : (uint32_t)c;
}

/* The class to search with for alignment @align: the largest not above it, -1 for none. */
static inline int cap_class(uint64_t align)
{
	int k = -1;

	for (size_t i = 0; i < NCAP && align >= 1ULL << cap_shift[i]; i++)
		k = (int)i;
	return k;
}

/* False when no range below @n can take @size at the class's alignment. */
static inline bool may_fit(const struct free_node *n, int cls, uint64_t size)
{
	if (n->maxlen < size)
		return false;
	if (cls < 0 || n->cap[cls] == CAP_BIG)
		return true;
	return (uint64_t)n->cap[cls] << CAP_UNIT_SHIFT >= size;
}

enum { PATH_MAX_DEPTH = 96 }; /* a treap this deep is beyond any real luck: recompute instead */

struct mx_rangeset_index {
	bool built;
	const struct mx_rangeset *mem, *nomap; /* what it was built from: compared, not read */
	uint64_t mem_id, mem_gen, nomap_id, nomap_gen, busy_gen;
	struct free_node *n;  /* n[0] is the empty tree: maxlen 0 */
	uint32_t nn, maxn;    /* nodes in use (with n[0]), allocated */
	uint32_t spare;       /* released nodes, linked through .left */
	uint32_t root;
	uint32_t seed;        /* priorities (xorshift32) */
	uint32_t *stack;      /* rebuild's right spine */
	size_t maxstack;
	/*
	 * The range the last search answered with and the path to it, root
	 * first, while the tree has not changed since: the allocation that
	 * follows takes its bytes from that range, and cut() starts there
	 * instead of searching again.
	 */
	uint32_t hint, hint_np;
	uint32_t hint_path[PATH_MAX_DEPTH];
	/* the whole pages of @page bytes in all the free ranges (@page 0: not counted) */
	uint64_t page, pages;
};

/*
 * mxi_index_sync - @busy's index, brought up to date for @mem and @nomap
 * (built when it has none, or cannot follow their changes); NULL when out
 * of memory.
 */
struct mx_rangeset_index *mxi_index_sync(struct mx_rangeset *busy, const struct mx_rangeset *mem,
					 const struct mx_rangeset *nomap);

#endif
