/*
 * rangeset_internal.h - what the range-set files (rangeset.c, rangeset_find.c,
 * rangeset_index.c) share, and the index's checks for the tests. Not the API.
 */
#ifndef MEMX_RANGESET_INTERNAL_H
#define MEMX_RANGESET_INTERNAL_H

#include <stdbool.h>

#include "memx/rangeset.h"

/* What a journal entry (struct mx_rangeset_change) says happened to its window. */
enum mxi_rangeset_op {
	MXI_RS_ADDED = 1,
	MXI_RS_REMOVED,
	MXI_RS_CHANGED,  /* bytes may have come and gone inside the window */
	MXI_RS_REPLACED, /* anything may have changed, anywhere */
};

/* rangeset_chunk.c: an open set's chunks (see there) */
/* An open set of this many ranges or more is kept in chunks (a variable: tests turn chunks off). */
#define MXI_RS_CHUNK_FROM 1024
extern size_t mxi_rs_chunk_from;
/* Cut @rs's array into chunks (r becomes NULL). Returns 0 or MX_ENOMEM (then nothing changed). */
int mxi_rsc_build(struct mx_rangeset *rs);
void mxi_rsc_free(struct mx_rangeset *rs);
/*
 * mx_rangeset_add()/_remove() of [base, end) on a set in chunks; the array
 * already has room for one range more. Return 0 or MX_ENOMEM (then nothing
 * changed).
 */
int mxi_rsc_add(struct mx_rangeset *rs, uint64_t base, uint64_t end);
int mxi_rsc_remove(struct mx_rangeset *rs, uint64_t base, uint64_t end);
size_t mxi_rsc_gaps(const struct mx_rangeset *rs, uint64_t base, uint64_t end);
/* The first range ending after @addr, or NULL. */
const struct mx_range *mxi_rsc_find(const struct mx_rangeset *rs, uint64_t addr);
uint64_t mxi_rsc_start(const struct mx_rangeset *rs);
uint64_t mxi_rsc_end(const struct mx_rangeset *rs);
/*
 * mxi_rsc_check - for the tests: @rs's chunks hold cnt ranges, sorted,
 * apart and not empty, none empty, each directory key its chunk's end.
 * Returns 0 (also when not in chunks) or MX_EINVAL.
 */
int mxi_rsc_check(const struct mx_rangeset *rs);

/*
 * A cursor over a set's ranges, in chunks or not: mxi_rs_it_seek() to the
 * first range ending after @addr, then mxi_rs_it_next(); p is the range,
 * NULL past the last.
 */
struct mxi_rs_it {
	const struct mx_range *p, *end;
	const struct mx_rangeset *rs;
	size_t ci;
};
void mxi_rs_it_seek(struct mxi_rs_it *it, const struct mx_rangeset *rs, uint64_t addr);
void mxi_rs_it_chunk(struct mxi_rs_it *it);
static inline void mxi_rs_it_next(struct mxi_rs_it *it)
{
	if (++it->p == it->end) {
		it->p = NULL;
		mxi_rs_it_chunk(it);
	}
}

/* rangeset.c */
/* The first of the sorted ranges @r[0..@n) ending at or after @addr (after, when @strict); @n if none. */
static inline size_t mxi_ranges_first_ending(const struct mx_range *r, size_t n, uint64_t addr,
					     int strict)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t e = mx_range_end(&r[mid]);

		if (strict ? e > addr : e >= addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}
/* Whole pages of @page bytes inside [s, e): PFN_DOWN(e) - PFN_UP(s), or 0. */
static inline uint64_t mxi_whole_pages(uint64_t s, uint64_t e, uint64_t page)
{
	uint64_t ps = mx_round_up(s, page), pe = mx_round_down(e, page);

	if (ps < s) /* rounding up wrapped */
		return 0;
	return pe > ps ? (pe - ps) / page : 0;
}
typedef int (*mxi_free_fn)(uint64_t s, uint64_t e, void *ctx);
/*
 * mxi_rangeset_each_free - call @fn on every free range of @mem minus
 * @nomap minus @busy inside [lo, hi), ascending; @nomap may be NULL. The
 * ranges are maximal (the sets are merged, so a free range never runs on
 * into the next memory range) before the clamp to [lo, hi). Stops at the
 * first non-zero return of @fn and returns it; else 0.
 */
int mxi_rangeset_each_free(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
			   const struct mx_rangeset *busy, uint64_t lo, uint64_t hi, mxi_free_fn fn,
			   void *ctx);

/* __memblock_find_range_top_down()'s test of one free range [s, e) (already clamped) */
static inline bool mxi_rangeset_try_fit(uint64_t s, uint64_t e, uint64_t size, uint64_t align,
					uint64_t *out)
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

/* __memblock_find_range_bottom_up()'s test of one free range [s, e) (already clamped) */
static inline bool mxi_rangeset_try_fit_up(uint64_t s, uint64_t e, uint64_t size, uint64_t align,
					   uint64_t *out)
{
	uint64_t cand = mx_round_up(s, align);

	if (cand < s || cand >= e || e - cand < size)
		return false; /* rounding up wrapped, or no room above the aligned start */
	*out = cand;
	return true;
}

/* rangeset_find.c */
/*
 * mxi_rangeset_walk_bottom_up - __memblock_find_range_bottom_up() the way
 * the kernel does it: free range after free range from @lo, O(n). @nomap
 * may be NULL.
 * Returns: 0, or MX_ENOSPACE when nothing fits.
 */
int mxi_rangeset_walk_bottom_up(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
				const struct mx_rangeset *busy, uint64_t lo, uint64_t hi,
				uint64_t size, uint64_t align, uint64_t *out);
/*
 * mxi_rangeset_walk_top_down - the search the way the kernel does it:
 * free range after free range from the top, O(n). The search takes it for
 * small sets and when its index does not fit in memory; the tests hold the
 * index to it. @nomap may be NULL; *@from (may be NULL) is the start of
 * the free range, clamped to @lo, the answer lies in.
 * Returns: 0, or MX_ENOSPACE when nothing fits.
 */
int mxi_rangeset_walk_top_down(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
			       const struct mx_rangeset *busy, uint64_t lo, uint64_t hi,
			       uint64_t size, uint64_t align, uint64_t *out, uint64_t *from);

/* rangeset_index.c */
/* Free @busy's index (at mx_rangeset_release()). */
void mxi_rangeset_index_free(struct mx_rangeset_index *x);
/*
 * mxi_rangeset_index_find - the search through @busy's index whatever the
 * sets' size (mx_rangeset_find_top_down_nomap() walks below a few dozen
 * ranges, where that is cheaper). Falls back on the walk only when the
 * index does not fit in memory. *@from as for the walk.
 * Returns: 0, or MX_ENOSPACE when nothing fits.
 */
int mxi_rangeset_index_find(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
			    const struct mx_rangeset *busy, uint64_t lo, uint64_t hi,
			    uint64_t size, uint64_t align, uint64_t *out, uint64_t *from);
/*
 * mxi_rangeset_index_find_bottom_up - mxi_rangeset_walk_bottom_up()'s
 * answer through @busy's index (the same index the top-down search keeps):
 * the lowest free range whose capacity figures say it may hold the request
 * is tried first. Falls back on the walk only when the index does not fit
 * in memory.
 * Returns: 0, or MX_ENOSPACE when nothing fits.
 */
int mxi_rangeset_index_find_bottom_up(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
				      const struct mx_rangeset *busy, uint64_t lo, uint64_t hi,
				      uint64_t size, uint64_t align, uint64_t *out);
/*
 * mxi_rangeset_index_check - bring @busy's index up to date against @mem
 * and @nomap (as a search would) and compare it with the truth: its ranges
 * must be exactly the maximal free ranges of @mem - @nomap - @busy, in a
 * valid tree (search order, heap order, subtree figures). For the tests.
 * Returns: 0, MX_ENOMEM, or MX_EINVAL when the index is wrong.
 */
int mxi_rangeset_index_check(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
			     const struct mx_rangeset *busy);
/* Free ranges the index of @busy holds now (0 when it has none); for tests of its upkeep. */
size_t mxi_rangeset_index_size(const struct mx_rangeset *busy);

#endif
