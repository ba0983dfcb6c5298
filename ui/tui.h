/* tui.h - the explorer's state, shared by the ui/ files (never included by the engine) */
#ifndef MEMX_TUI_H
#define MEMX_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/bootlog.h"
#include "memx/compare.h"
#include "memx/layout.h"
#include "memx/profile.h"
#include "memx/view.h"

/* What an action asks the loop to do next. */
enum {
	R_NONE = 0,
	R_REDRAW = 1 << 0,    /* draw the panes again */
	R_RECOMPUTE = 1 << 1, /* the profile changed: recompute the layout */
	R_RELAYOUT = 1 << 2,  /* the terminal changed: new pane geometry */
	R_QUIT = 1 << 3,
};

/* Theme elements: one colour pair and one monochrome attribute each (theme.c). */
enum el {
	EL_NORMAL, EL_TITLE, EL_STATUS, EL_KEY, EL_ERROR, EL_INFO, EL_DIM, EL_HEAD, EL_CURSOR,
	EL_SELECTED, EL_ADDR, EL_BOUNDARY, EL_PLUS, EL_MINUS, EL_WARN,
	/* bar fills, by what the bytes are */
	EL_HOLE, EL_FREE, EL_RESERVED, EL_REMOVED, EL_KERNEL, EL_BOOT, EL_MEMMAP, EL_EARLY,
	EL_NOMAP, EL_STATIC, EL_DYNAMIC, EL_CMA, EL_CMA_DEFAULT, EL_FIXUP, EL_LATE, EL_FAILED,
	EL__COUNT
};

/* Glyphs with an ASCII fallback. */
struct glyphs {
	const char *full, *shade, *hole, *marker, *boundary, *cursor, *arrow, *vline;
	const char *observed, *predicted_only; /* the boot-log column */
};

/* A modal input line: a question, the text typed so far, what Enter does. */
struct app;
typedef int (*prompt_fn)(struct app *a, const char *text, char *err, size_t errlen);

struct prompt {
	bool active;
	bool yesno;            /* one key: y / n */
	char question[128];
	char text[512];
	size_t len, cur;
	prompt_fn done;
	int arg;               /* region or field the prompt is about */
};

struct undo {
	struct mx_profile *snap;
	size_t n, max;
	size_t pos;            /* snapshots [0, pos) are undo steps; [pos, n) redo */
};

struct win;                /* a pane's curses window, private to panes.c */

struct app {
	/* model */
	struct mx_profile prof;     /* as edited */
	struct mx_profile base;     /* as loaded: the deltas are against it */
	struct mx_layout L, Lbase;
	struct mx_view view;
	struct undo undo;
	char *path;                 /* where it came from; NULL for the built-in profile */
	bool dirty;
	unsigned generation;        /* bumped at every edit */
	/* selection: the item under the cursor, re-found after each recompute */
	int sel;                    /* layout item, or -1 */
	int sel_region;             /* its profile region, or -1 */
	enum mx_item_kind sel_kind;
	char sel_name[128];
	/* the cost of the selected region (recomputed without it), cached */
	unsigned cost_gen;
	int cost_region;
	int64_t cost_physpages, cost_reserved, cost_memtotal, cost_memmap;
	bool cost_valid;
	/* bar geometry */
	uint64_t span;              /* bytes per row (a power of two) */
	uint64_t top;               /* address of the first row */
	uint64_t cur;               /* address of the cursor row */
	int bar_rows;               /* rows the bar shows */
	struct mx_row *rows;
	size_t maxrows;
	/* search */
	char search[128];
	/* screen */
	int W, H;
	bool too_small;
	bool color, ascii, mouse;
	bool show_help;
	int help_top;
	struct glyphs g;
	struct prompt prompt;
	char msg[256];
	enum el msg_el;
	unsigned flags;             /* R_* still to do */
	bool quit;
	/* the last save/export paths, offered again */
	char save_path[512];
	char export_path[512];
	char overrides_path[512];
	/* a boot log to hold the prediction against (--log), recompared at every recompute */
	struct mx_bootlog blog;
	struct mx_compare cmp;
	bool has_log, show_log;
	char *log_path;
};

/* app.c */
int mx_tui_main(int argc, char **argv);
void app_message(struct app *a, enum el el, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Record the current profile for undo, then let the caller edit a->prof. */
int app_before_edit(struct app *a);
void app_after_edit(struct app *a);
void app_select_item(struct app *a, int item);
int app_recompute(struct app *a);
void app_update_cost(struct app *a);
uint64_t app_fit_span(const struct app *a);
void app_clamp(struct app *a);

/* undo.c */
void undo_init(struct undo *u);
void undo_release(struct undo *u);
int undo_push(struct undo *u, const struct mx_profile *p);
/* Swap @p with the previous / next snapshot. Returns false when there is none. */
bool undo_back(struct undo *u, struct mx_profile *p);
bool undo_forward(struct undo *u, struct mx_profile *p);

/* keymap.c */
unsigned keymap_dispatch(struct app *a, int key);
/* The help lines, from the key table: "key  what it does". */
size_t keymap_help(const char ***keys, const char ***helps);
/* The hints for the status line. */
const char *keymap_hints(const struct app *a);

/* actions.c: every action the key table names */
unsigned act_quit(struct app *a);
unsigned act_help(struct app *a);
unsigned act_down(struct app *a);
unsigned act_up(struct app *a);
unsigned act_page_down(struct app *a);
unsigned act_page_up(struct app *a);
unsigned act_home(struct app *a);
unsigned act_end(struct app *a);
unsigned act_zoom_in(struct app *a);
unsigned act_zoom_out(struct app *a);
unsigned act_zoom_fit(struct app *a);
unsigned act_next_item(struct app *a);
unsigned act_prev_item(struct app *a);
unsigned act_cycle_row(struct app *a);
unsigned act_goto(struct app *a);
unsigned act_search(struct app *a);
unsigned act_search_next(struct app *a);
unsigned act_search_prev(struct app *a);
unsigned act_toggle_nomap(struct app *a);
unsigned act_toggle_reusable(struct app *a);
unsigned act_toggle_fixup(struct app *a);
unsigned act_toggle_late(struct app *a);
unsigned act_toggle_enabled(struct app *a);
unsigned act_edit_size(struct app *a);
unsigned act_edit_base(struct app *a);
unsigned act_edit_align(struct app *a);
unsigned act_edit_ranges(struct app *a);
unsigned act_edit_keep(struct app *a);
unsigned act_add(struct app *a);
unsigned act_delete(struct app *a);
unsigned act_model(struct app *a);
unsigned act_cma(struct app *a);
unsigned act_vmsplit(struct app *a);
unsigned act_undo(struct app *a);
unsigned act_redo(struct app *a);
unsigned act_save(struct app *a);
unsigned act_export(struct app *a);
unsigned act_export_overrides(struct app *a);
unsigned act_toggle_log(struct app *a);
unsigned act_redraw(struct app *a);
unsigned act_mouse(struct app *a);

/* prompt.c */
void prompt_open(struct app *a, const char *question, const char *initial, prompt_fn done, int arg);
void prompt_yesno(struct app *a, const char *question, prompt_fn done, int arg);
unsigned prompt_key(struct app *a, int key);

/* theme.c */
void theme_init(struct app *a);
int theme_attr(const struct app *a, enum el el);
enum el theme_seg(const struct app *a, const struct mx_seg *s);
const char *theme_legend_name(enum el el);

/* term.c */
int term_init(struct app *a);
void term_restore(void);
bool term_stop_requested(void);
void term_reraise(void);

/* panes.c: geometry and the one draw path */
void panes_layout(struct app *a);
void panes_draw(struct app *a);
void panes_free(void);
/* The bar row at screen position (y, x), or -1. */
int panes_bar_row_at(const struct app *a, int y, int x);

#endif
