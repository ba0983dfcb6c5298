/* memx/view.h - the view-model: what the explorer shows, computed without curses */
#ifndef MEMX_VIEW_H
#define MEMX_VIEW_H

#include "memx/api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/buf.h"
#include "memx/layout.h"
#include "memx/rangeset.h"

/*
 * Two levels. The first cuts a layout into segments of the address space and
 * rows of a bar (struct mx_view, mx_view_rows). The second, struct
 * mx_screen, is the whole screen of the explorer at a terminal size: every
 * pane as a grid of cells (a character and what it is), the title and status
 * lines, the accounting, the details of the selection, the region table, the
 * diagnostics, the changes, the legend and the help page. The front end
 * (ui/) sets the screen's inputs, calls mx_screen_build() and paints the
 * panes that changed; it decides nothing about what is shown. Tests print a
 * screen as text (mx_screen_dump) and compare it with golden files.
 */

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
 * allocations and the memmap. The view owns every array in it.
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
 * mx_view_cells - what each of @ncells equal cells of the row [base, base +
 * span) shows: @out[x] is the segment covering most of cell x (-1 past the
 * end). One walk over the segments for the whole row, as mx_view_dominant()
 * would give cell by cell.
 */
MX_API void mx_view_cells(const struct mx_view *v, uint64_t base, uint64_t span, int ncells, int *out);
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

/*
 * Rows of the bar are @span bytes each (any multiple of the page size, so
 * that all of DRAM fills the rows there are) on a grid anchored at @origin:
 * row bases are origin + i * span.
 */
/**
 * mx_view_fit_span - the smallest span with at most four significant bits
 * (13 MiB, 52 MiB, 1 GiB...) and a multiple of @page for which @rows rows
 * hold all of @v. Never below @page.
 */
MX_API uint64_t mx_view_fit_span(const struct mx_view *v, uint64_t page, int rows);
/**
 * mx_view_origin - where the row grid of @span starts: v->start rounded
 * down to the largest power of two that divides @span
 */
MX_API uint64_t mx_view_origin(const struct mx_view *v, uint64_t span);
/**
 * mx_view_row_floor - the base of the row of @span holding @addr
 */
MX_API uint64_t mx_view_row_floor(const struct mx_view *v, uint64_t span, uint64_t addr);

/* ------------------------------------------------------------------------ */
/* What one cell or piece of text is; the front end's theme maps each to a colour. */

/* The kinds of memory, in the order of the legend. */
enum mx_vkind {
	MX_VK_FREE, MX_VK_KERNEL, MX_VK_BOOT, MX_VK_MEMMAP, MX_VK_EARLY, MX_VK_NOMAP, MX_VK_STATIC,
	MX_VK_DYNAMIC, MX_VK_CMA, MX_VK_CMA_DEFAULT, MX_VK_FIXUP, MX_VK_LATE, MX_VK_RESERVED,
	MX_VK_REMOVED, MX_VK_HOLE, MX_VK_FAILED, MX_VK__COUNT
};

enum mx_vstyle {
	MX_VS_NORMAL, MX_VS_TITLE, MX_VS_STATUS, MX_VS_KEY, MX_VS_ERROR, MX_VS_INFO, MX_VS_DIM,
	MX_VS_HEAD, MX_VS_CURSOR, MX_VS_SELECTED, MX_VS_ADDR, MX_VS_BOUNDARY, MX_VS_PLUS,
	MX_VS_MINUS, MX_VS_WARN, MX_VS_INPUT, MX_VS_TITLE_ERR, MX_VS_TITLE_WARN,
	MX_VS_KIND,                                /* + enum mx_vkind: the bar's fills */
	MX_VS__COUNT = MX_VS_KIND + MX_VK__COUNT
};
#define MX_VS_REV 0x80u /* or'ed into a cell's style: shown in reverse video (the selection) */

/* A kind of memory as the legend explains it. */
struct mx_vkind_info {
	const char *name;  /* "cma pool" */
	const char *utf8;  /* its bar glyph */
	const char *ascii; /* its letter: without colour or UTF-8 the letter tells the kind */
	const char *what;  /* one line for the legend page */
};
/**
 * mx_vkind_info - what kind @k looks like and means (static data)
 */
MX_API const struct mx_vkind_info *mx_vkind_info(enum mx_vkind k);
/**
 * mx_seg_vkind - the kind of memory segment @s shows
 */
MX_API enum mx_vkind mx_seg_vkind(const struct mx_seg *s);

/*
 * One unit style for every figure on screen (README, "Units"): sizes of
 * regions in the largest binary unit that divides them exactly ("20 MiB",
 * "1784 KiB", "512 B"), never rounded; the kernel's counters in KiB, the unit
 * of its "K" and "kB", so that the digits match a boot log.
 */
/**
 * mx_view_size - @bytes as "20 MiB" / "1784 KiB" / "4100 B" into @buf (32 bytes are enough). Returns @buf.
 */
MX_API char *mx_view_size(uint64_t bytes, char *buf, size_t len);

/* A screen cell: a Unicode character (0: the right half of a wide one) and its style. */
struct mx_vcell {
	uint32_t ch;
	uint32_t style; /* enum mx_vstyle, maybe | MX_VS_REV (a whole word: no padding, cells compare with memcmp) */
};

/* A grid of cells, row-major. */
struct mx_canvas {
	int w, h;
	struct mx_vcell *cells;
	size_t max;
	bool ascii;       /* the ellipsis is '~', not U+2026 */
	void *dec;        /* scratch of mx_canvas_text() */
	size_t maxdec;
};

/**
 * mx_canvas_release - free the canvas's cells and scratch, leave it empty
 */
MX_API void mx_canvas_release(struct mx_canvas *c);
/**
 * mx_canvas_text - write UTF-8 @s at (y, x), at most @maxw columns, in
 * @style. Control characters and bytes that are not UTF-8 are shown escaped
 * (\n, \t, \x1b), never sent to the terminal raw; a text that does not fit
 * ends in an ellipsis. Returns the columns written.
 */
MX_API int mx_canvas_text(struct mx_canvas *c, int y, int x, int maxw, uint8_t style, const char *s);
/**
 * mx_text_cols - columns @s takes on screen as mx_canvas_text() writes it (escapes included)
 */
MX_API int mx_text_cols(const char *s);

/* ------------------------------------------------------------------------ */
/* The screen */

enum mx_pane {
	MX_PANE_TITLE,   /* the first line */
	MX_PANE_BAR,     /* the address space */
	MX_PANE_TABLE,   /* the regions, ncdu-style (wide terminals; else a page) */
	MX_PANE_DETAILS, /* the selection */
	MX_PANE_TOTALS,  /* the accounting */
	MX_PANE_DIAGS,   /* the diagnostics (tall terminals; else the accounting's tail) */
	MX_PANE_LEGEND,  /* every kind and glyph (when there is room; else a page) */
	MX_PANE_PAGE,    /* a page over the body: table, changes, diagnostics, legend or help */
	MX_PANE_STATUS,  /* the last line(s): a message, the input line, or the keys */
	MX_PANE__COUNT
};

/* What the body shows. */
enum mx_page {
	MX_PAGE_MAP,     /* the bar and its panes */
	MX_PAGE_TABLE,
	MX_PAGE_CHANGES,
	MX_PAGE_DIAGS,
	MX_PAGE_LEGEND,
	MX_PAGE_HELP,
};

enum mx_sort { MX_SORT_ADDR, MX_SORT_SIZE, MX_SORT_COST };

/* One edit of the front end's history, for the changes page (the ledger). */
struct mx_vchange {
	const char *what;     /* "secure_region@0: reusable off" */
	int region;           /* the region it is about now, or -1 */
	int64_t memtotal, reserved, cma; /* KiB this change moved, once @measured */
	bool measured;
};

/* One entry of the diagnostics list (duplicates folded). */
struct mx_vdiag {
	enum mx_severity sev;
	const char *check;    /* registry name, or NULL */
	int region;           /* profile region, or -1 */
	char *text;           /* the message; an assumed setting says so (owned) */
	char *where;          /* "file:line:col", or NULL (owned) */
	bool assumed;         /* caused by a setting memx assumed, not by the tree */
};

/* A boot log's verdict (memx --log), as the front end compared it: plain data. */
struct mx_vlogline {
	int item;             /* the layout item it is about, or -1 */
	const char *text;     /* "reserved: 44068 KiB, log 52260 KiB (+8192 KiB)" */
	bool differs;
};
struct mx_vlog {
	const struct mx_rangeset *reserved; /* the boot's memblock.reserved, or NULL */
	size_t nchecked, ndiff;             /* figures compared, and how many differ */
	const struct mx_vlogline *line;     /* one per figure the log has */
	size_t nline;
};

struct mx_screen_priv;

struct mx_screen {
	/* inputs, set by the front end before mx_screen_layout() / mx_screen_build() */
	int W, H;                     /* terminal size */
	const struct mx_layout *L;    /* the layout as edited */
	const struct mx_layout *base; /* as loaded: the deltas are against it */
	struct mx_profile *prof;      /* as edited; a region's cost disables it for one recompute, then restores it */
	const struct mx_view *view;   /* segments of @L */
	const struct mx_vlog *log;    /* with a boot log (--log), or NULL */
	bool show_log;
	unsigned gen;                 /* the front end bumps it whenever @L was recomputed */
	const char *board, *source;   /* title: the board's name, its file (NULL: built in) */
	bool dirty;                   /* [modified] */
	bool ascii;                   /* no UTF-8 glyphs */
	bool letters;                 /* kinds as letters (no colour): K kernel, C CMA... */
	int sel;                      /* the selected item, or -1 */
	uint64_t point;               /* with no selection: the address the details describe */
	uint64_t top, cur, span;      /* the bar: first row, cursor row, bytes per row */
	enum mx_page page;
	bool table_focus;             /* keys go to the table pane */
	int table_cur;                /* row of the table under its cursor */
	int list_cur;                 /* row of the changes / diagnostics page under its cursor */
	int help_top;                 /* first line of the help and legend pages (build clamps it) */
	enum mx_sort sort;
	bool sort_desc;
	const char *filter;           /* the search: filters the table, marks matches; "" none */
	const struct mx_vchange *changes;
	size_t nchanges;
	unsigned changes_gen;         /* bumped when @changes changed */
	const char *const *help_keys, *const *help_text; /* the key table, for the help page */
	size_t nhelp;
	const char *msg;              /* the status message, or NULL */
	enum mx_vstyle msg_style;
	const char *hints;            /* the keys worth knowing, when there is no message */
	bool prompt, yesno;           /* an input line is open / it wants one key */
	const char *question;
	const char *input;            /* what was typed so far (UTF-8) */
	size_t input_cur;             /* the cursor, a byte offset into @input */
	const char *prompt_err;       /* the last rejection of this input, or NULL */
	bool costs_now;               /* compute every cost during the build (tests); else mx_screen_idle() */

	/* outputs of mx_screen_layout() */
	bool too_small;
	int bar_rows;                 /* rows of the bar */
	int page_rows;                /* rows a page scrolls by */
	int table_rows;               /* rows the table shows */
	/* outputs of mx_screen_build() */
	struct mx_canvas pane[MX_PANE__COUNT];
	int py[MX_PANE__COUNT], px[MX_PANE__COUNT]; /* where each pane is on the terminal */
	bool shown[MX_PANE__COUNT];
	unsigned version[MX_PANE__COUNT]; /* bumped when a pane's cells changed */
	int cursor_y, cursor_x;       /* the input line's cursor, or -1 */
	const int *table;             /* items in table order, filter and sort applied */
	size_t ntable;
	const struct mx_vdiag *diag;  /* the diagnostics list */
	size_t ndiag, nerrors, nwarnings;
	int nmatch, match;            /* items the search matches; which one is selected (1-based, 0 none) */

	struct mx_screen_priv *priv;
};

/**
 * mx_screen_init - an empty screen. Returns 0 or MX_ENOMEM.
 */
MX_API int mx_screen_init(struct mx_screen *s);
/**
 * mx_screen_release - free everything the screen holds
 */
MX_API void mx_screen_release(struct mx_screen *s);
/**
 * mx_screen_layout - the panes' geometry for @s->W x @s->H and @s->page:
 * sets too_small, bar_rows, page_rows and table_rows (cheap; call it
 * whenever the size or the page changed).
 */
MX_API void mx_screen_layout(struct mx_screen *s);
/**
 * mx_screen_build - bring every shown pane up to date with the inputs. A
 * pane whose inputs did not change is left as it is (its version stays);
 * the bar rebuilds only the rows that changed. Returns 0 or MX_ENOMEM.
 */
MX_API int mx_screen_build(struct mx_screen *s);
/**
 * mx_screen_idle - do one piece of deferred work (the cost of one region,
 * the selected one first) and say whether anything changed; the front end
 * calls it while no key is waiting, then builds again.
 */
MX_API bool mx_screen_idle(struct mx_screen *s);
/**
 * mx_screen_cost - the cost of region @region (what the layout gains without
 * it): MemTotal, Memory-line reserved and physpages in KiB, memmap in bytes.
 * Returns false when it is not known yet (see mx_screen_idle()).
 */
MX_API bool mx_screen_cost(const struct mx_screen *s, int region, int64_t *memtotal, int64_t *reserved,
			   int64_t *physpages, int64_t *memmap);
/**
 * mx_screen_matches - true when item @item matches the search @q (name or
 * label, case-insensitive; "" matches everything)
 */
MX_API bool mx_screen_matches(const struct mx_layout *L, const struct mx_profile *p, int item, const char *q);
/**
 * mx_screen_dump - the built screen as text, one line per terminal row, with
 * the UTF-8 glyphs (what the tests compare with golden files)
 */
MX_API int mx_screen_dump(const struct mx_screen *s, struct mx_buf *out);
/**
 * mx_screen_item_at_point - the item that owns the byte at @addr (what g
 * ADDR selects), or -1 where nothing does (free memory, a hole)
 */
MX_API int mx_screen_item_at(const struct mx_view *v, uint64_t addr);

#endif
