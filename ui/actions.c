/* actions.c - moving around: the bar, zoom, go to, search, the table and the pages */
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

static uint64_t rows_of(const struct app *a)
{
	return a->scr.bar_rows > 0 ? (uint64_t)a->scr.bar_rows : 1;
}

/* The item the cursor row stands for: the segment that wins it, else one starting in it. */
static void select_cursor(struct app *a)
{
	struct mx_row row;

	app_clamp(a);
	mx_view_rows(&a->view, &a->L, a->cur, a->span, 1, &row);
	if (row.seg >= 0 && a->view.seg[row.seg].item >= 0)
		app_select_item(a, a->view.seg[row.seg].item);
	else if (row.label_item >= 0)
		app_select_item(a, row.label_item);
	else
		app_select_item(a, -1);
	if (a->sel < 0)
		a->point = a->cur;
}

static void move_cursor(struct app *a, int64_t rows)
{
	uint64_t step = a->span * (uint64_t)(rows < 0 ? -rows : rows);

	if (rows < 0)
		a->cur = a->cur > step ? a->cur - step : 0;
	else if (a->cur <= UINT64_MAX - step)
		a->cur += step;
	select_cursor(a);
}

/* Put the cursor on @item and select it. */
static void go_item(struct app *a, int item)
{
	if (item < 0)
		return;
	app_select_item(a, item);
	if (a->L.items[item].flags & MX_IF_PLACED)
		app_goto_addr(a, a->L.items[item].base);
}

/* Lists of the pages: how many rows, and the list cursor. */
static int list_len(const struct app *a)
{
	switch (a->page) {
	case MX_PAGE_DIAGS: return (int)a->scr.ndiag;
	case MX_PAGE_CHANGES: return (int)a->hist.pos;
	default: return 0;
	}
}

static void list_move(struct app *a, int d)
{
	int n = list_len(a);

	a->list_cur += d;
	if (a->list_cur >= n)
		a->list_cur = n - 1;
	if (a->list_cur < 0)
		a->list_cur = 0;
}

/* The table (pane with focus, or page) has the keys. */
static bool in_table(const struct app *a)
{
	return a->page == MX_PAGE_TABLE || (a->page == MX_PAGE_MAP && a->table_focus);
}

/* Moving in the table selects its row: the details and the edit keys follow it. */
static void table_move(struct app *a, int d)
{
	int n = (int)a->scr.ntable;

	a->table_cur += d;
	if (a->table_cur >= n)
		a->table_cur = n - 1;
	if (a->table_cur < 0)
		a->table_cur = 0;
	if (n > 0)
		go_item(a, a->scr.table[a->table_cur]);
}

static bool scroll_page(const struct app *a)
{
	return a->page == MX_PAGE_HELP || a->page == MX_PAGE_LEGEND;
}

unsigned act_down(struct app *a)
{
	if (scroll_page(a))
		a->help_top++;
	else if (in_table(a))
		table_move(a, 1);
	else if (a->page != MX_PAGE_MAP)
		list_move(a, 1);
	else
		move_cursor(a, 1);
	return R_REDRAW;
}

unsigned act_up(struct app *a)
{
	if (scroll_page(a))
		a->help_top = a->help_top > 0 ? a->help_top - 1 : 0;
	else if (in_table(a))
		table_move(a, -1);
	else if (a->page != MX_PAGE_MAP)
		list_move(a, -1);
	else
		move_cursor(a, -1);
	return R_REDRAW;
}

unsigned act_page_down(struct app *a)
{
	int n = a->scr.page_rows > 1 ? a->scr.page_rows - 1 : 1;
	uint64_t rows = rows_of(a), step = a->span * (rows > 1 ? rows - 1 : 1);

	if (scroll_page(a)) {
		a->help_top += n;
	} else if (in_table(a)) {
		table_move(a, a->scr.table_rows > 1 ? a->scr.table_rows - 1 : 1);
	} else if (a->page != MX_PAGE_MAP) {
		list_move(a, n);
	} else {
		a->top += step;
		move_cursor(a, (int64_t)(rows > 1 ? rows - 1 : 1));
	}
	return R_REDRAW;
}

unsigned act_page_up(struct app *a)
{
	int n = a->scr.page_rows > 1 ? a->scr.page_rows - 1 : 1;
	uint64_t rows = rows_of(a), step = a->span * (rows > 1 ? rows - 1 : 1);

	if (scroll_page(a)) {
		a->help_top = a->help_top > n ? a->help_top - n : 0;
	} else if (in_table(a)) {
		table_move(a, -(a->scr.table_rows > 1 ? a->scr.table_rows - 1 : 1));
	} else if (a->page != MX_PAGE_MAP) {
		list_move(a, -n);
	} else {
		a->top = a->top > step ? a->top - step : 0;
		move_cursor(a, -(int64_t)(rows > 1 ? rows - 1 : 1));
	}
	return R_REDRAW;
}

unsigned act_home(struct app *a)
{
	if (scroll_page(a)) {
		a->help_top = 0;
	} else if (in_table(a)) {
		table_move(a, -(int)a->scr.ntable);
	} else if (a->page != MX_PAGE_MAP) {
		a->list_cur = 0;
	} else {
		a->cur = a->top = 0;
		select_cursor(a);
	}
	return R_REDRAW;
}

unsigned act_end(struct app *a)
{
	if (scroll_page(a)) {
		a->help_top += 1000;
	} else if (in_table(a)) {
		table_move(a, (int)a->scr.ntable);
	} else if (a->page != MX_PAGE_MAP) {
		list_move(a, list_len(a));
	} else {
		a->cur = UINT64_MAX;
		select_cursor(a);
	}
	return R_REDRAW;
}

/* Zoom around the cursor: it keeps its place on the screen, on the selection when it is there. */
static void zoom_to(struct app *a, uint64_t span)
{
	uint64_t row = (a->cur - a->top) / a->span, keep = a->cur;
	const struct mx_item *it = a->sel >= 0 ? &a->L.items[a->sel] : NULL;

	if (it && (it->flags & MX_IF_PLACED) && it->base >= a->cur && it->base < a->cur + a->span)
		keep = it->base;
	a->span = span;
	a->fit = false;
	a->cur = mx_view_row_floor(&a->view, span, keep);
	a->top = a->cur > row * span ? a->cur - row * span : 0;
	app_clamp(a);
}

unsigned act_zoom_in(struct app *a)
{
	uint64_t page = a->L.params.page, next = a->span / 2;

	if (a->span <= page) {
		app_message(a, MX_VS_INFO, "one page per row: the closest zoom");
		return R_REDRAW;
	}
	/* halve while rows stay whole pages; else the largest power of two of pages below */
	if (next % page || next < page) {
		next = page;
		while (next * 2 < a->span)
			next *= 2;
	}
	zoom_to(a, next);
	return R_REDRAW;
}

unsigned act_zoom_out(struct app *a)
{
	uint64_t fit = mx_view_fit_span(&a->view, a->L.params.page, a->scr.bar_rows);

	if (a->span >= fit) {
		app_message(a, MX_VS_INFO, "all of DRAM is on the screen");
		return R_REDRAW;
	}
	zoom_to(a, a->span * 2 >= fit ? fit : a->span * 2);
	if (a->span >= fit)
		a->fit = true;
	return R_REDRAW;
}

unsigned act_zoom_fit(struct app *a)
{
	a->fit = true;
	a->span = 0;
	a->top = 0;
	app_clamp(a);
	return R_REDRAW;
}

unsigned act_next_item(struct app *a)
{
	int it = mx_view_next_item(&a->view, &a->L, a->sel);

	if (it < 0)
		it = mx_view_next_item(&a->view, &a->L, -1); /* wrap */
	go_item(a, it);
	return R_REDRAW;
}

unsigned act_prev_item(struct app *a)
{
	int it = mx_view_prev_item(&a->view, &a->L, a->sel);

	if (it < 0)
		it = mx_view_prev_item(&a->view, &a->L, -1);
	go_item(a, it);
	return R_REDRAW;
}

/* The regions that share the cursor row (small ones included), one after the other. */
static unsigned cycle_row(struct app *a)
{
	uint64_t rb = a->cur, re = a->cur + a->span;
	int first = -1, next = -1;
	bool after = false;

	for (size_t j = 0; j < a->view.nbyaddr; j++) {
		int it = a->view.byaddr[j];
		const struct mx_item *m = &a->L.items[it];

		if (m->base + m->size <= rb || m->base >= re)
			continue;
		if (first < 0)
			first = it;
		if (after && next < 0)
			next = it;
		if (it == a->sel)
			after = true;
	}
	if (first < 0) {
		app_message(a, MX_VS_INFO, "no region in this row");
		return R_REDRAW;
	}
	app_select_item(a, next >= 0 ? next : first);
	return R_REDRAW;
}

/* Enter: in a list, go to what the line is about; in the bar, the next region of the row. */
unsigned act_enter(struct app *a)
{
	int r = -1;

	if (in_table(a)) {
		if (a->scr.ntable && a->table_cur >= 0 && (size_t)a->table_cur < a->scr.ntable)
			go_item(a, a->scr.table[a->table_cur]);
		a->page = MX_PAGE_MAP;
		a->table_focus = false;
		return R_REDRAW | R_RELAYOUT;
	}
	if (a->page == MX_PAGE_DIAGS && a->list_cur >= 0 && (size_t)a->list_cur < a->scr.ndiag)
		r = a->scr.diag[a->list_cur].region;
	else if (a->page == MX_PAGE_CHANGES && a->list_cur >= 0 && (size_t)a->list_cur < a->hist.pos)
		r = a->hist.ledger[a->list_cur].region;
	else if (a->page == MX_PAGE_MAP)
		return cycle_row(a);
	else
		return act_back(a);
	if (r < 0 || mx_layout_region_item(&a->L, r) < 0) {
		app_message(a, MX_VS_INFO, "this line is about no region");
		return R_REDRAW;
	}
	go_item(a, mx_layout_region_item(&a->L, r));
	a->page = MX_PAGE_MAP;
	return R_REDRAW | R_RELAYOUT;
}

static int goto_done(struct app *a, const char *text, char *err, size_t errlen)
{
	uint64_t addr;
	int it;

	if (mx_size_parse(text, &addr)) {
		snprintf(err, errlen, "expected an address like 0x8f800000, got '%s'", text);
		return -1;
	}
	/* the region that owns the byte at ADDR, or the free range there: never a neighbour */
	it = mx_screen_item_at(&a->view, addr);
	a->cur = mx_view_row_floor(&a->view, a->span, addr);
	a->top = a->cur > rows_of(a) / 2 * a->span ? a->cur - rows_of(a) / 2 * a->span : 0;
	app_clamp(a);
	app_select_item(a, it);
	a->point = addr;
	if (addr < a->view.start || addr >= a->view.end)
		app_message(a, MX_VS_INFO, "0x%" PRIx64 " is outside DRAM; the cursor is on the nearest row", addr);
	else if (it >= 0)
		app_message(a, MX_VS_INFO, "0x%" PRIx64 " is in %s", addr, a->L.items[it].name);
	else
		app_message(a, MX_VS_INFO, "0x%" PRIx64 " is %s memory", addr,
			    mx_seg_name(&a->view.seg[mx_view_seg_at(&a->view, addr)]));
	return 0;
}

unsigned act_goto(struct app *a)
{
	prompt_open(a, "go to address (selects what is there):", "", goto_done, 0);
	return R_REDRAW;
}

/*
 * The order a search walks: the placed items by address, then the others
 * (failed, refused, disabled: the table lists them too). Returns the count;
 * *order is malloc'd.
 */
static size_t search_order(const struct app *a, int **order)
{
	size_t n = 0;
	int *v = malloc((a->L.nitems + 1) * sizeof(*v));
	bool *in = calloc(a->L.nitems + 1, sizeof(*in));

	if (!v || !in) {
		free(v);
		free(in);
		*order = NULL;
		return 0;
	}
	for (size_t j = 0; j < a->view.nbyaddr; j++) {
		v[n++] = a->view.byaddr[j];
		in[a->view.byaddr[j]] = true;
	}
	for (size_t i = 0; i < a->L.nitems; i++)
		if (!in[i])
			v[n++] = (int)i;
	free(in);
	*order = v;
	return n;
}

/* The next (dir 1) or previous (dir -1) item matching the search; the status says which of how many. */
static unsigned search_step(struct app *a, int dir)
{
	int *order, cnt = 0, k = 0, found = -1;
	size_t n = search_order(a, &order), start = 0;
	bool from_sel = false;

	if (!a->search[0]) {
		free(order);
		app_message(a, MX_VS_INFO, "nothing to find yet: / starts a search");
		return R_REDRAW;
	}
	for (size_t j = 0; j < n; j++)
		if (order[j] == a->sel) {
			start = j;
			from_sel = true;
		}
	for (size_t i = 1; i <= n && found < 0; i++) {
		size_t j = !from_sel ? (dir > 0 ? i - 1 : n - i) :
			   dir > 0 ? (start + i) % n : (start + n - i % n) % n;

		if (mx_screen_matches(&a->L, &a->prof, order[j], a->search))
			found = order[j];
	}
	for (size_t j = 0; j < n; j++)
		if (mx_screen_matches(&a->L, &a->prof, order[j], a->search)) {
			cnt++;
			if (order[j] == found)
				k = cnt;
		}
	free(order);
	if (found < 0) {
		app_message(a, MX_VS_ERROR, "no region matches '%s'", a->search);
		return R_REDRAW;
	}
	go_item(a, found);
	app_message(a, MX_VS_INFO, "match %d/%d: %s  (n next, N previous; the table shows only these)", k, cnt,
		    a->L.items[found].name);
	return R_REDRAW;
}

static int search_done(struct app *a, const char *text, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	snprintf(a->search, sizeof(a->search), "%s", text);
	a->table_cur = 0;
	if (!text[0]) {
		app_message(a, MX_VS_INFO, "search cleared: the table shows every region");
		return 0;
	}
	a->sel = -1; /* search from the lowest address */
	search_step(a, 1);
	return 0;
}

unsigned act_search(struct app *a)
{
	prompt_open(a, "find (name or label; empty clears):", "", search_done, 0);
	return R_REDRAW;
}

unsigned act_search_next(struct app *a) { return search_step(a, 1); }
unsigned act_search_prev(struct app *a) { return search_step(a, -1); }

/* Open @p, or close it when it is open. */
static unsigned toggle_page(struct app *a, enum mx_page p)
{
	a->page = a->page == p ? MX_PAGE_MAP : p;
	a->help_top = 0;
	a->table_focus = false;
	return R_REDRAW | R_RELAYOUT;
}

unsigned act_help(struct app *a) { return toggle_page(a, MX_PAGE_HELP); }
unsigned act_legend(struct app *a) { return toggle_page(a, MX_PAGE_LEGEND); }

unsigned act_changes(struct app *a)
{
	a->list_cur = a->hist.pos ? (int)a->hist.pos - 1 : 0;
	return toggle_page(a, MX_PAGE_CHANGES);
}

unsigned act_diags(struct app *a)
{
	a->list_cur = 0;
	return toggle_page(a, MX_PAGE_DIAGS);
}

/* t: the table pane takes the keys (wide terminals), else the table page opens. */
unsigned act_table(struct app *a)
{
	/* the table's cursor starts on the selection */
	for (size_t i = 0; i < a->scr.ntable; i++)
		if (a->scr.table[i] == a->sel)
			a->table_cur = (int)i;
	if (a->page == MX_PAGE_MAP && a->scr.shown[MX_PANE_TABLE]) {
		a->table_focus = !a->table_focus;
		return R_REDRAW;
	}
	return toggle_page(a, MX_PAGE_TABLE);
}

unsigned act_sort(struct app *a)
{
	static const char *const by[] = { "address", "size", "MemTotal cost" };

	a->sort = a->sort == MX_SORT_ADDR ? MX_SORT_SIZE : a->sort == MX_SORT_SIZE ? MX_SORT_COST : MX_SORT_ADDR;
	app_message(a, MX_VS_INFO, "the table is sorted by %s%s", by[a->sort],
		    a->sort == MX_SORT_COST ? " (costs fill in while you look)" : "");
	a->idle = true;
	return R_REDRAW;
}

unsigned act_sort_reverse(struct app *a)
{
	a->sort_desc = !a->sort_desc;
	app_message(a, MX_VS_INFO, "the table's order is %s", a->sort_desc ? "reversed" : "back to normal");
	return R_REDRAW;
}

/* q and Esc in a page or the table: back to the bar. */
unsigned act_back(struct app *a)
{
	if (a->page == MX_PAGE_MAP && !a->table_focus)
		return R_NONE;
	a->page = MX_PAGE_MAP;
	a->table_focus = false;
	return R_REDRAW | R_RELAYOUT;
}

unsigned act_toggle_log(struct app *a)
{
	if (!a->has_log) {
		app_message(a, MX_VS_INFO, "no boot log: start memx with --log LOG to compare with a boot");
		return R_REDRAW;
	}
	a->show_log = !a->show_log;
	app_message(a, MX_VS_INFO, "boot log comparison %s", a->show_log ? "shown" : "hidden");
	return R_REDRAW | R_RELAYOUT;
}

/* ^L: repaint everything, and put the cursor (or the selection) back in the middle of the bar. */
unsigned act_redraw(struct app *a)
{
	uint64_t half = rows_of(a) / 2;

	if (a->sel >= 0 && (a->L.items[a->sel].flags & MX_IF_PLACED))
		a->cur = mx_view_row_floor(&a->view, a->span, a->L.items[a->sel].base);
	if (a->span > mx_view_fit_span(&a->view, a->L.params.page, a->scr.bar_rows))
		a->fit = true;
	a->top = a->cur > half * a->span ? a->cur - half * a->span : 0;
	app_clamp(a);
	return R_REDRAW | R_RELAYOUT;
}

unsigned act_suspend(struct app *a)
{
	if (!a->term)
		return R_NONE;
	term_suspend();
	return R_REDRAW | R_RELAYOUT;
}

unsigned act_mouse(struct app *a)
{
	MEVENT ev;
	int r;

	if (getmouse(&ev) != OK)
		return R_NONE;
	if (ev.bstate & BUTTON4_PRESSED)
		return act_up(a) | act_up(a) | act_up(a);
	if (ev.bstate & BUTTON5_PRESSED)
		return act_down(a) | act_down(a) | act_down(a);
	r = ev.y - a->scr.py[MX_PANE_BAR] - 1;
	if (a->page == MX_PAGE_MAP && a->scr.shown[MX_PANE_BAR] && ev.x < a->scr.pane[MX_PANE_BAR].w &&
	    r >= 0 && r < a->scr.bar_rows && (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))) {
		a->cur = a->top + (uint64_t)r * a->span;
		select_cursor(a);
	}
	return R_REDRAW;
}

int sel_region(struct app *a)
{
	if (a->sel < 0 || a->L.items[a->sel].region < 0) {
		app_message(a, MX_VS_ERROR, "select a /reserved-memory region first (Tab, /, t, arrows)");
		return -1;
	}
	return a->L.items[a->sel].region;
}

static int quit_done(struct app *a, const char *text, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	if (text[0] == 'y' || text[0] == 'Y')
		a->quit = true;
	else
		app_message(a, MX_VS_INFO, "not quitting; w saves the profile");
	return 0;
}

unsigned act_quit(struct app *a)
{
	if (!a->dirty)
		return R_QUIT;
	prompt_yesno(a, "There are unsaved edits. Quit anyway? (y/n)", quit_done, 0);
	return R_REDRAW;
}
