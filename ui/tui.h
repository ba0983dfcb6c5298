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
	R_REDRAW = 1 << 0,    /* build and paint the screen again */
	R_RECOMPUTE = 1 << 1, /* the profile changed: recompute the layout */
	R_RELAYOUT = 1 << 2,  /* the terminal changed: new pane geometry, repaint everything */
	R_QUIT = 1 << 3,
};

/*
 * Keys: curses' KEY_* codes (0401 and up), ASCII, and any other character
 * as KEY_CHAR(c), so that a character never collides with a key code.
 */
#define KEY_CHAR_BIT 0x1000000
#define KEY_CHAR(c) (KEY_CHAR_BIT | (int)(c))
#ifndef CTRL
#define CTRL(c) ((c) & 0x1f)
#endif

/* A modal input line: a question, the text typed so far (UTF-8), what Enter does. */
struct app;
typedef int (*prompt_fn)(struct app *a, const char *text, char *err, size_t errlen);

struct prompt {
	bool active;
	bool yesno;            /* one key: y / n */
	char question[256];
	char text[512];
	size_t len, cur;       /* bytes; cur is at a character boundary */
	char err[256];         /* why the last Enter was refused ("" none) */
	prompt_fn done;
	int arg;               /* region or field the prompt is about */
};

/* One edit, as undo/redo and the changes page (the ledger) know it. */
enum hist_kind {
	H_REGION,  /* region @region changed: @before -> @after */
	H_ADD,     /* region @region was added: @after */
	H_DELETE,  /* region @region was deleted: @before */
	H_PROFILE, /* a board setting: @pb -> @pa */
};

/* The board settings an edit can change besides the regions. */
struct hist_board {
	enum mx_memmodel model;
	int vmemmap, extreme;
	enum mx_vmsplit vmsplit;
	char *bootargs;
};

struct hist {
	enum hist_kind kind;
	int region;
	struct mx_region before, after;
	struct hist_board pb, pa;
	char what[192];
	struct mx_vchange v;   /* what the changes page shows; v.what points at @what */
	uint64_t memtotal, reserved, cma; /* KiB before the edit, to measure it */
};

struct history {
	struct hist *h;
	size_t n, max;
	size_t pos;            /* entries [0, pos) are done; [pos, n) can be redone */
	struct mx_vchange *ledger; /* [0, pos), for the screen */
	size_t maxledger;
	unsigned gen;          /* bumped at every change of the list */
	int pending;           /* the entry to measure after the next recompute, or -1 */
	struct hist open;      /* the edit being made (hist_begin .. hist_end) */
	bool opened;
};

struct app {
	/* model */
	struct mx_profile prof;     /* as edited */
	struct mx_profile base;     /* as loaded: the deltas are against it */
	struct mx_layout L, Lbase;
	struct mx_view view;
	struct mx_screen scr;       /* the view-model of the whole screen */
	struct history hist;
	char *path;                 /* where it came from; NULL for the built-in profile */
	bool dirty;
	unsigned gen;               /* bumped at every recompute */
	/* selection: the item under the cursor, re-found after each recompute */
	int sel;                    /* layout item, or -1 */
	int sel_region;             /* its profile region, or -1 */
	char sel_name[128];
	int follow;                 /* after the next recompute: select region @follow, cursor to it */
	int watch;                  /* the region an edit touched: its new diagnostics go to the status */
	char watch_diags[512];      /* its diagnostics before the edit */
	uint64_t point;             /* with nothing selected: the address the details describe */
	/* the bar */
	uint64_t span;              /* bytes per row */
	uint64_t top;               /* address of the first row */
	uint64_t cur;               /* address of the cursor row */
	bool fit;                   /* the zoom shows all of DRAM and follows the terminal's size */
	/* pages and the table */
	enum mx_page page;
	bool table_focus;
	int table_cur, list_cur, help_top;
	enum mx_sort sort;
	bool sort_desc;
	char search[128];
	/* screen */
	int W, H;
	bool term;                  /* curses is on (not in tests and the benchmark's set-up) */
	bool color, ascii, mouse;
	struct prompt prompt;
	char msg[512];
	enum mx_vstyle msg_el;
	unsigned flags;             /* R_* still to do */
	bool quit;
	bool idle;                  /* deferred work may be left (costs) */
	/* the last save/export paths, offered again */
	char save_path[512];
	char export_path[512];
	char overrides_path[512];
	/* a boot log to hold the prediction against (--log), recompared at every recompute */
	struct mx_bootlog blog;
	struct mx_compare cmp;
	bool has_log, show_log;
	char *log_path;
	struct mx_vlog vlog;
	struct mx_vlogline *vlines;
	size_t maxvlines;
	struct mx_buf vlogtext;
};

/* app.c */
int mx_tui_main(int argc, char **argv);
void app_message(struct app *a, enum mx_vstyle el, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void app_select_item(struct app *a, int item);
/* Select region @r after the next recompute and bring the cursor to it. */
void app_follow(struct app *a, int r);
/* An edit is about to change region @r (@added: it is new): its new problems go to the status line. */
void app_watch(struct app *a, int r, bool added);
int app_recompute(struct app *a);
void app_clamp(struct app *a);
/* Make the cursor row hold @addr, scrolling as little as needed. */
void app_goto_addr(struct app *a, uint64_t addr);
/* Build the screen and paint what changed (the frame after a key). */
void app_frame(struct app *a);
/* Handle one key and draw the frame: what the main loop and the benchmark call. */
void app_key(struct app *a, int key);
/* Open @argv's input and set the explorer up without a terminal (tests, benchmark). */
struct app *app_open(int argc, char **argv, int *rc);
void app_close(struct app *a);

/* history.c: undo and redo as diffs, the changes ledger, reverting one change */
void hist_init(struct history *h);
void hist_release(struct history *h);
/* Before editing region @r (-1: a board setting): remember it. Returns 0 or MX_ENOMEM. */
int hist_begin(struct app *a, enum hist_kind kind, int r);
/* The edit was made (or, @ok false, refused: forget it); @what describes it. */
void hist_end(struct app *a, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* After a recompute: what the last edit moved. */
void hist_measure(struct app *a);
bool hist_undo(struct app *a);
bool hist_redo(struct app *a);
/* Revert change @k of the ledger as a new edit. Returns 0, or -1 with a message. */
int hist_revert(struct app *a, size_t k);

/* keymap.c */
unsigned keymap_dispatch(struct app *a, int key);
/* The help lines, from the key table: "key  what it does". */
size_t keymap_help(const char *const **keys, const char *const **helps);
/* The hints for the status line. */
const char *keymap_hints(const struct app *a);

/* actions.c: moving around */
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
unsigned act_enter(struct app *a);
unsigned act_goto(struct app *a);
unsigned act_search(struct app *a);
unsigned act_search_next(struct app *a);
unsigned act_search_prev(struct app *a);
unsigned act_table(struct app *a);
unsigned act_changes(struct app *a);
unsigned act_diags(struct app *a);
unsigned act_legend(struct app *a);
unsigned act_sort(struct app *a);
unsigned act_sort_reverse(struct app *a);
unsigned act_back(struct app *a);
unsigned act_toggle_log(struct app *a);
unsigned act_redraw(struct app *a);
unsigned act_suspend(struct app *a);
unsigned act_mouse(struct app *a);
/* The region the keys act on: the selection. -1 with a message when there is none. */
int sel_region(struct app *a);

/* edits.c: changing the board */
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
unsigned act_edit_compatible(struct app *a);
unsigned act_edit_label(struct app *a);
unsigned act_edit_name(struct app *a);
unsigned act_set_prop(struct app *a);
unsigned act_add(struct app *a);
unsigned act_delete(struct app *a);
unsigned act_model(struct app *a);
unsigned act_cma(struct app *a);
unsigned act_vmsplit(struct app *a);
unsigned act_undo(struct app *a);
unsigned act_redo(struct app *a);
unsigned act_revert(struct app *a);

/* files.c: save and export */
unsigned act_save(struct app *a);
unsigned act_export(struct app *a);
unsigned act_export_overrides(struct app *a);
/* The default output names for the input @path ("board.dts" -> board.yaml, board-reserved-memory.dtsi). */
void files_default_paths(struct app *a);

/* prompt.c */
void prompt_open(struct app *a, const char *question, const char *initial, prompt_fn done, int arg);
void prompt_yesno(struct app *a, const char *question, prompt_fn done, int arg);
unsigned prompt_key(struct app *a, int key);

/* theme.c */
/* The escape string of every style, from terminfo (a->color false when the terminal has none). */
void theme_init(struct app *a);
void theme_free(void);
/* What sets style @style (enum mx_vstyle | MX_VS_REV) on the terminal from any state. */
const char *theme_sgr(unsigned style);

/* term.c */
int term_init(struct app *a);
void term_restore(void);
bool term_stop_requested(void);
void term_reraise(void);
/* ^Z: give the terminal back, stop, and take it again when continued. */
void term_suspend(void);

/* paint.c: the screen's canvases onto the terminal, only the rows that changed */
void paint_reset(struct app *a);
void paint(struct app *a);
void paint_free(void);
/* Where frames are written (the terminal's descriptor; the benchmark's /dev/null). */
void paint_fd(int fd);

#endif
