/* memx/rangeset.h - sets of physical byte ranges with memblock semantics */
#ifndef MEMX_RANGESET_H
#define MEMX_RANGESET_H

#include "memx/api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/types.h"

/* How many of its latest changes a set remembers (see struct mx_rangeset). */
#define MX_RANGESET_JOURNAL 8

/* One remembered change: the bytes [base, end) it may have touched. */
struct mx_rangeset_change {
	uint64_t base, end;
	int op; /* private to the range-set code: added, removed or replaced */
};

struct mx_rangeset_index;
struct mx_rangeset_chunks;

/*
 * A set of bytes, kept as ranges like memblock.memory / memblock.reserved.
 *
 * Invariants: r[0..cnt) is sorted by base, ranges never overlap, never
 * touch (adjacent ranges are merged, as memblock_merge_regions() does for
 * regions with equal flags and node), and are never empty. No range ends
 * past 2^64 - 1. The set owns r. r[] is valid after every call: callers
 * read it directly, and only the functions below change it.
 *
 * (Inside the engine only, a large set may be "open" for a run of
 * insertions all over it: its ranges then live in chunks, and r is NULL so
 * that a direct read fails at once; every function below reads an open
 * set correctly. The sets of a computed layout are never open. @buf,
 * @ck and @open are the range-set code's own.)
 *
 * The rest is bookkeeping, so that searching memblock.reserved does not
 * walk it (mx_rangeset_find_top_down()): @id names this set's contents (a
 * new one per mx_rangeset_init()/_release(), unique in the process), @gen
 * counts its changes and journal[gen % MX_RANGESET_JOURNAL] is the window
 * change number @gen touched. @idx is an index of the space free around
 * this set when it is searched as the busy set; it is a cache (the set is
 * the truth), owned by the set, NULL until the first search that needs it.
 * Copying the struct by value is not supported: use mx_rangeset_copy().
 */
struct mx_rangeset {
	struct mx_range *r;
	size_t cnt;
	size_t max;
	struct mx_range *buf;            /* the array: r, or (open) room to write the ranges back */
	struct mx_rangeset_chunks *ck;   /* the ranges while open and large, else NULL */
	bool open;
	uint64_t id, gen;
	struct mx_rangeset_change journal[MX_RANGESET_JOURNAL];
	struct mx_rangeset_index *idx;
};

MX_API void mx_rangeset_init(struct mx_rangeset *rs);
MX_API void mx_rangeset_release(struct mx_rangeset *rs);
MX_API void mx_rangeset_clear(struct mx_rangeset *rs);
/* Make @dst an exact copy of @src. Returns 0 or MX_ENOMEM. */
MX_API int mx_rangeset_copy(struct mx_rangeset *dst, const struct mx_rangeset *src);

/*
 * mx_rangeset_add - union [base, base + size) into the set (memblock_add,
 * memblock_reserve). A size of 0 is a no-op; an end past 2^64 is capped
 * (memblock_cap_size). Returns 0 or MX_ENOMEM.
 */
MX_API int mx_rangeset_add(struct mx_rangeset *rs, uint64_t base, uint64_t size);
/*
 * mx_rangeset_add_set - union every range of @src into @dst, as many
 * mx_rangeset_add() calls would, in one pass over both: O(n + m) where the
 * calls would move the array's tail once per range. @src must not alias
 * @dst. Returns 0 or MX_ENOMEM (then @dst is unchanged).
 */
MX_API int mx_rangeset_add_set(struct mx_rangeset *dst, const struct mx_rangeset *src);
/* Remove [base, base + size) (memblock_remove, memblock_free). */
MX_API int mx_rangeset_remove(struct mx_rangeset *rs, uint64_t base, uint64_t size);
/* Keep only [base, base + size). */
MX_API int mx_rangeset_clip(struct mx_rangeset *rs, uint64_t base, uint64_t size);
/* @dst = @a minus @b. @dst must not alias @a or @b. */
MX_API int mx_rangeset_subtract(struct mx_rangeset *dst, const struct mx_rangeset *a,
			 const struct mx_rangeset *b);
/* @dst = @a intersected with @b. @dst must not alias @a or @b. */
MX_API int mx_rangeset_intersect(struct mx_rangeset *dst, const struct mx_rangeset *a,
			  const struct mx_rangeset *b);

MX_API uint64_t mx_rangeset_bytes(const struct mx_rangeset *rs);
/* Bytes of the set inside [base, base + size). */
MX_API uint64_t mx_rangeset_bytes_in(const struct mx_rangeset *rs, uint64_t base, uint64_t size);
/* Whole pages inside each range: sum of PFN_DOWN(end) - PFN_UP(base). */
MX_API uint64_t mx_rangeset_pages(const struct mx_rangeset *rs, uint64_t page);
/* Whole pages of the set inside [base, base + size). */
MX_API uint64_t mx_rangeset_pages_in(const struct mx_rangeset *rs, uint64_t page,
			      uint64_t base, uint64_t size);
MX_API bool mx_rangeset_overlaps(const struct mx_rangeset *rs, uint64_t base, uint64_t size);
/* True when every byte of [base, base + size) is in the set. */
MX_API bool mx_rangeset_contains(const struct mx_rangeset *rs, uint64_t base, uint64_t size);
/*
 * mx_rangeset_gaps - the pieces of [base, base + size) no range covers:
 * how many new regions memblock_add_range() would insert before merging
 * (its nr_new).
 */
MX_API size_t mx_rangeset_gaps(const struct mx_rangeset *rs, uint64_t base, uint64_t size);
/* Lowest byte and one past the highest byte; 0 and 0 for an empty set. */
MX_API uint64_t mx_rangeset_start(const struct mx_rangeset *rs);
MX_API uint64_t mx_rangeset_end(const struct mx_rangeset *rs);

/*
 * mx_rangeset_free_pages - pages of @mem that no byte of @busy touches:
 * for every free range [s, e) of @mem minus @busy, PFN_DOWN(e) - PFN_UP(s).
 * This is how free_low_memory_core_early() hands memory to the buddy
 * allocator. Optionally only inside [lo, hi).
 */
MX_API uint64_t mx_rangeset_free_pages(const struct mx_rangeset *mem, const struct mx_rangeset *busy,
				uint64_t page, uint64_t lo, uint64_t hi);

/*
 * mx_rangeset_add_free_pages - add to @dst the whole pages of @mem minus
 * @busy (the page-rounded free ranges), clipped to [lo, hi).
 */
MX_API int mx_rangeset_add_free_pages(struct mx_rangeset *dst, const struct mx_rangeset *mem,
			       const struct mx_rangeset *busy, uint64_t page,
			       uint64_t lo, uint64_t hi);

/*
 * mx_rangeset_find_top_down - where memblock would put an allocation
 * @mem: memblock.memory (minus NOMAP where the kernel skips it)
 * @busy: memblock.reserved
 * @lo, @hi: the window [lo, hi) the allocation must fall in
 * @size: bytes, > 0
 * @align: a power of two
 * @out: the base address on success
 *
 * Walks the free ranges (@mem minus @busy) from the top, clamps each to
 * the window and takes the first candidate round_down(end - size, align)
 * that is not below the range's start - __memblock_find_range_top_down().
 * The answer is the walk's, but found in O(log n) once @busy holds more
 * than a few dozen ranges: the first such search builds an index of the
 * free ranges in @busy (a cache, which is why a const set may change
 * underneath: do not search one set from two threads at once); later
 * changes to @mem and @busy are folded in as they come. Small sets, and an
 * index that does not fit in memory, are walked as the kernel does.
 * Returns: 0, or MX_ENOSPACE when nothing fits.
 */
MX_API int mx_rangeset_find_top_down(const struct mx_rangeset *mem, const struct mx_rangeset *busy,
			      uint64_t lo, uint64_t hi, uint64_t size, uint64_t align,
			      uint64_t *out);

/*
 * mx_rangeset_find_top_down_nomap - mx_rangeset_find_top_down() in @mem
 * minus @nomap minus @busy: memblock.memory with its NOMAP regions, which
 * for_each_free_mem_range_reverse() skips, without building the difference
 * for every allocation. @nomap may be NULL (no NOMAP regions).
 * Returns: 0, or MX_ENOSPACE when nothing fits.
 */
MX_API int mx_rangeset_find_top_down_nomap(const struct mx_rangeset *mem,
					   const struct mx_rangeset *nomap,
					   const struct mx_rangeset *busy, uint64_t lo, uint64_t hi,
					   uint64_t size, uint64_t align, uint64_t *out);

#endif
