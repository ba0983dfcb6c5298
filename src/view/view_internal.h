/* view_internal.h - what the files of the view-model share (never exported) */
#ifndef MEMX_VIEW_INTERNAL_H
#define MEMX_VIEW_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/view.h"

/* One character as it is shown: a code point and the columns it takes. */
struct mxi_dchar {
	uint32_t ch;
	uint8_t w; /* 1 or 2 */
};

/* view_text.c: text into cells */
/* Decode UTF-8 @s for display (escapes expanded) into *out (grown, owned by the caller). Returns the count or -1 (ENOMEM). */
int mxi_text_decode(const char *s, struct mxi_dchar **out, size_t *max);
/* Resize @c to @w x @h, every cell blank (normal style). Returns 0 or MX_ENOMEM. */
int mxi_cv_size(struct mx_canvas *c, int w, int h);
/* Blank row @y of @c in @style. */
void mxi_cv_blank(struct mx_canvas *c, int y, uint8_t style);
/* One character at (y, x); out of the canvas: nothing. */
void mxi_cv_putc(struct mx_canvas *c, int y, int x, uint32_t ch, uint8_t style);
/* Set the style of cells [x0, x1) of row @y, keeping their characters. */
void mxi_cv_style(struct mx_canvas *c, int y, int x0, int x1, uint8_t style);
/* or @flags into the style of cells [x0, x1) of row @y */
void mxi_cv_or(struct mx_canvas *c, int y, int x0, int x1, uint8_t flags);
/* mx_canvas_text() with a format. */
int mxi_cv_textf(struct mx_canvas *c, int y, int x, int maxw, uint8_t style, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* @s right-aligned so that it ends at column @xend; returns its first column. */
/* Like mx_canvas_text, but a cut falls between words ("name…", never "16 Mi…"); columns written */
int mxi_cv_text_words(struct mx_canvas *c, int y, int x, int maxw, uint8_t style, const char *s);
int mxi_cv_text_right(struct mx_canvas *c, int y, int xend, int maxw, uint8_t style, const char *s);
/*
 * Wrap @s at spaces into lines of @width columns from (y, x), at most @maxlines
 * rows; a word wider than a line is cut with an ellipsis, never split. Lines
 * after the first start at @indent. Returns the rows used. @c NULL: only count.
 */
int mxi_cv_wrap(struct mx_canvas *c, int y, int x, int width, int indent, int maxlines, uint8_t style,
		const char *s);
/* The ellipsis glyph of the screen. */
uint32_t mxi_ellipsis(bool ascii);
/* "903088 KiB", "-20480 KiB" (@sign: always a sign) */
char *mxi_kib(int64_t kib, bool sign, char *buf, size_t len);

/* view.c */
/* The kind of the item of a layout */
enum mx_vkind mxi_item_vkind(const struct mx_item *it);
/*
 * mxi_view_priority - who owns bytes that several items cover: carve-outs (3)
 * over the kernel image and the boot loader's blobs (2) over the allocations
 * made after them (1). The bar and the breakdown agree on it.
 */
int mxi_view_priority(enum mx_item_kind k);

/* view_cost.c: the cost of each region, computed lazily */
struct mxi_costs;
struct mxi_costs *mxi_costs_new(void);
void mxi_costs_free(struct mxi_costs *c);
/* Forget every cost when @gen moved; size for @nregions. Returns 0 or MX_ENOMEM. */
int mxi_costs_sync(struct mxi_costs *c, unsigned gen, size_t nregions);
/* Compute the cost of @region now (no-op when known). Returns 0 or MX_ENOMEM. */
int mxi_costs_compute(struct mxi_costs *c, const struct mx_layout *L, struct mx_profile *p, int region);
bool mxi_costs_get(const struct mxi_costs *c, int region, int64_t *memtotal, int64_t *reserved,
		   int64_t *physpages, int64_t *memmap);
/* The last cost of @region computed, even if an edit since made it stale. */
bool mxi_costs_last(const struct mxi_costs *c, int region, int64_t *memtotal);
/* The first region whose cost is unknown, from @from (wrapping), or -1 */
int mxi_costs_next_missing(const struct mxi_costs *c, size_t from);

/* view_diags.c: the diagnostics list */
struct mxi_diags {
	struct mx_vdiag *d;
	size_t n, max;
	size_t nerrors, nwarnings, nnotes;
};
void mxi_diags_release(struct mxi_diags *D);
/* Rebuild the list from @L (folded, annotated). Returns 0 or MX_ENOMEM. */
int mxi_diags_build(struct mxi_diags *D, const struct mx_layout *L, const struct mx_profile *p);
/* Why an item is where it is, as one line (the details' "placed"). Returns 0 or MX_ENOMEM. */
int mxi_placement_text(const struct mx_layout *L, const struct mx_item *it, struct mx_buf *b);
/* The item at an assumed place that @base/@size overlaps (kernel image, DTB), or -1 */
int mxi_assumed_overlap(const struct mx_layout *L, uint64_t base, uint64_t size);

/* view_totals.c: the accounting pane */
void mxi_totals_draw(const struct mx_screen *s, struct mx_canvas *c, bool with_diags);
/* view_details.c */
void mxi_details_draw(const struct mx_screen *s, struct mx_canvas *c);
/* view_lists.c: the diagnostics pane and page, changes, legend, help */
void mxi_diags_draw(const struct mx_screen *s, struct mx_canvas *c, bool page);
void mxi_changes_draw(const struct mx_screen *s, struct mx_canvas *c);
void mxi_legend_draw(const struct mx_screen *s, struct mx_canvas *c, bool page);
/* Rows the compact legend needs at width @w */
int mxi_legend_rows(int w);
void mxi_help_draw(const struct mx_screen *s, struct mx_canvas *c);
/* mxi_page_lines - lines of the help or legend page (s->page) drawn @w wide, the title excluded */
int mxi_page_lines(const struct mx_screen *s, int w);
/* view_table.c */
/* Recompute the table order (filter and sort). Returns 0 or MX_ENOMEM. */
int mxi_table_order(struct mx_screen *s, int **order, size_t *max, size_t *n);
/* What a table row was drawn from: a row whose key did not change is left as it is. */
struct mxi_trow {
	int item;
	bool sel, cur, costok;
	unsigned flags, rflags;
	uint64_t base, size, name;
	int64_t cost;
};
/* Draw the table's rows whose key changed (all when @full); @keys has c->h entries. True when a row changed. */
bool mxi_table_draw(const struct mx_screen *s, struct mx_canvas *c, const int *order, size_t n, int first,
		    struct mxi_trow *keys, bool full);
/* view_bar.c */
struct mxi_bar;
struct mxi_bar *mxi_bar_new(void);
void mxi_bar_free(struct mxi_bar *b);
/* Rebuild the rows of the bar pane that changed; true when any did. Returns -1 on ENOMEM. */
int mxi_bar_draw(struct mxi_bar *b, const struct mx_screen *s, struct mx_canvas *c, int legend_rows);

/* The MemTotal cost the table shows for @region: the last computed (see mxi_costs_last) */
bool mxi_screen_last_cost(const struct mx_screen *s, int region, int64_t *memtotal);
/* Cost column text of a region ("-20480", "…" unknown, "" not a region) */
const char *mxi_screen_cost_text(const struct mx_screen *s, int region, char *buf, size_t len);
/* The style of a delta: saving memory is good news */
uint8_t mxi_delta_style(int64_t v);

#endif
