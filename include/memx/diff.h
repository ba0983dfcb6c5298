/* memx/diff.h - two layouts side by side: what moved, every figure, and which change explains it */
#ifndef MEMX_DIFF_H
#define MEMX_DIFF_H

#include "memx/api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/buf.h"
#include "memx/layout.h"
#include "memx/profile.h"

/* How one item of the layout differs (bits of mx_diff_item.what). */
enum mx_diff_what {
	MX_DIFF_ADDED = 1 << 0,   /* only in B */
	MX_DIFF_REMOVED = 1 << 1, /* only in A */
	MX_DIFF_MOVED = 1 << 2,   /* placed in both, at another base */
	MX_DIFF_RESIZED = 1 << 3, /* another size (placed), or another request (failed) */
	MX_DIFF_FLAGS = 1 << 4,   /* another outcome: no-map, CMA, failed, refused, freed later ... */
	MX_DIFF_KIND = 1 << 5,    /* another kind (static -> cma, ...) */
};

/* One item (region, blob or allocation) of either layout, matched by name and occurrence. */
struct mx_diff_item {
	char *name;              /* owned */
	bool carveout;           /* a /reserved-memory region or the default CMA area */
	unsigned what;           /* enum mx_diff_what; 0: the same */
	bool in_a, in_b;
	enum mx_item_kind kind_a, kind_b;
	unsigned flags_a, flags_b; /* enum mx_item_flags */
	uint64_t base_a, size_a, base_b, size_b; /* size: placed size, or the request when not placed */
};

/* The figures compared, in this order (mx_diff_figure_name()). */
enum mx_diff_fig {
	MX_DF_DRAM, MX_DF_PHYSPAGES, MX_DF_AVAILABLE, MX_DF_RESERVED, MX_DF_CMA_RESERVED, MX_DF_HIGHMEM,
	MX_DF_MEMTOTAL, MX_DF_LOWTOTAL, MX_DF_HIGHTOTAL, MX_DF_CMATOTAL, MX_DF_KEPT,
	MX_DF_MEMMAP_BYTES, MX_DF_MEMMAP_ALLOC, MX_DF_MEMMAP_PAGES, MX_DF_INITRD_FREED, MX_DF_INIT_FREED,
	MX_DF_ERRORS,
	MX_DF__COUNT
};

/* One profile difference, applied on top of the ones before it. */
struct mx_diff_change {
	char *what;              /* "bootargs: cma=64M -> cma=128M"; owned */
	int64_t delta[MX_DF__COUNT]; /* what applying it changed, per figure */
};

struct mx_diff {
	struct mx_diff_item *items;
	size_t nitems, maxitems;
	struct mx_diff_change *changes;
	size_t nchanges, maxchanges;
	int64_t a[MX_DF__COUNT], b[MX_DF__COUNT]; /* the figures of A and of B */
	bool differ;             /* a figure, an item or the profiles differ */
};

/**
 * mx_diff_init - make @d an empty diff
 */
MX_API void mx_diff_init(struct mx_diff *d);
/**
 * mx_diff_release - free what @d holds and leave it empty
 */
MX_API void mx_diff_release(struct mx_diff *d);

/**
 * mx_diff_compute - compare the boards @a and @b
 * @d: an initialised diff; its content is replaced
 * @a, @b: the two profiles; not modified, not referenced after the call
 *
 * Both are computed; their items are matched by name (and occurrence of the
 * name). The profile differences (each setting, each command-line option by
 * its key, the memory banks, each early allocation and each region by name,
 * then whatever else differs, such as their order) are applied to a copy of
 * @a one at a time, in that order, each on top of the ones before, and the
 * layout recomputed after each: a change's delta is what it moved. The last
 * step makes the copy equal to @b, so the deltas of every figure add up to
 * b - a exactly; a change whose effect needs another shows on the later one.
 * A final step that moves nothing and only renames or reorders nothing the
 * engine reads is not listed.
 * Returns: 0 or MX_ENOMEM (then @d is empty).
 */
MX_API int mx_diff_compute(struct mx_diff *d, const struct mx_profile *a, const struct mx_profile *b);

/**
 * mx_diff_figure_name - the name of figure @f ("MemTotal"; a static string)
 */
MX_API const char *mx_diff_figure_name(enum mx_diff_fig f);
/**
 * mx_diff_figure_unit - the unit of figure @f: "KiB", "bytes", "pages" or "count" (a static string)
 */
MX_API const char *mx_diff_figure_unit(enum mx_diff_fig f);

/**
 * mx_diff_text - @d as text: the changes, the items that differ, every
 * figure before -> after with its delta and the changes it comes from.
 * @name_a, @name_b: how to call the two sides. Appends to @out. Returns 0 or MX_ENOMEM.
 */
MX_API int mx_diff_text(const struct mx_diff *d, const char *name_a, const char *name_b, struct mx_buf *out);
/**
 * mx_diff_json - @d as one JSON object {a, b, differ, changes: [{what, delta: {figure: n}}],
 * items: [...], figures: [{name, unit, a, b, delta, by_change: [n per change]}]}.
 * Returns 0 or MX_ENOMEM.
 */
MX_API int mx_diff_json(const struct mx_diff *d, const char *name_a, const char *name_b, struct mx_buf *out);

#endif
