/* memx/view.h - the address space as drawable segments and rows (a view-model: no curses) */
#ifndef MEMX_VIEW_H
#define MEMX_VIEW_H

#include "memx/api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/layout.h"

enum mx_seg_kind {
	MX_SEG_HOLE,     /* not declared by any /memory bank */
	MX_SEG_FREE,     /* in the buddy allocator at the end of boot */
	MX_SEG_RESERVED, /* memory still reserved but not part of any item (page rounding) */
	MX_SEG_REMOVED,  /* declared DRAM that left memblock.memory (mem=, kept modem part) */
	MX_SEG_ITEM,     /* a placed item of the layout: see @ikind */
};

/* One stretch of the address space with a single owner. */
struct mx_seg {
	uint64_t base, size;
	enum mx_seg_kind kind;
	enum mx_item_kind ikind; /* MX_SEG_ITEM only */
	int item;                /* MX_SEG_ITEM: index into the layout's items, else -1 */
};

/*
 * The whole span [start, end) from the lowest to the highest DRAM byte, cut
 * into segments. Invariants: segments are sorted, contiguous, non-empty and
 * cover exactly [start, end); neighbours differ in (kind, item). Where items
 * overlap, carve-outs win over the kernel/initrd/DTB, which win over early
 * allocations and the memmap. The view owns @seg.
 */
struct mx_view {
	struct mx_seg *seg;
	size_t nseg, maxseg;
	uint64_t start, end;
	uint64_t *scratch;
	size_t maxscratch;
	int *owner;
	size_t maxowner;
	int *byaddr;      /* placed items sorted by base address */
	size_t nbyaddr, maxbyaddr;
};

/* One row of the bar: the bytes [base, base + span). */
struct mx_row {
	uint64_t base, span;
	int seg;          /* the segment covering most of the row, -1 when the row is past the end */
	int label_item;   /* an item that starts in this row (the largest), or -1 */
	unsigned nsmall;  /* items starting in this row that cover less of it than the winner */
	int small_item;   /* the first of those, or -1 */
	bool boundary;    /* the lowmem/highmem boundary falls in this row */
};

/**
 * mx_view_init - make @v an empty view (no allocation until it is built)
 */
MX_API void mx_view_init(struct mx_view *v);
/**
 * mx_view_release - free everything @v holds and leave it empty
 */
MX_API void mx_view_release(struct mx_view *v);
/**
 * mx_view_build - (Re)build the segments of @L. Returns 0 or MX_ENOMEM.
 */
MX_API int mx_view_build(struct mx_view *v, const struct mx_layout *L);
/**
 * mx_view_seg_at - index of the segment holding @addr (clamped to the span); -1 when the view is empty.
 */
MX_API int mx_view_seg_at(const struct mx_view *v, uint64_t addr);
/**
 * mx_view_rows - fill @rows[0..nrows) for rows of @span bytes from @base.
 * Every item that intersects a row either wins it or is counted in its
 * nsmall: no item is silently dropped at any zoom.
 */
MX_API void mx_view_rows(const struct mx_view *v, const struct mx_layout *L, uint64_t base,
		  uint64_t span, size_t nrows, struct mx_row *rows);
/**
 * mx_view_dominant - the segment covering most of [base, base + span), or -1 outside the span.
 */
MX_API int mx_view_dominant(const struct mx_view *v, uint64_t base, uint64_t span);
/**
 * mx_view_next_item - the placed item after / before @item in address order (-1 for none; @item -1 starts at the ends).
 */
MX_API int mx_view_next_item(const struct mx_view *v, const struct mx_layout *L, int item);
/**
 * mx_view_prev_item - the item before @item in address order, or -1
 */
MX_API int mx_view_prev_item(const struct mx_view *v, const struct mx_layout *L, int item);
/**
 * mx_seg_name - a short name for a segment kind / item kind for legends: "free", "hole", "cma"...
 */
MX_API const char *mx_seg_name(const struct mx_seg *s);

#endif
