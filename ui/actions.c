/* actions.c - what each key does: navigation, edits, undo, save and export */
#include <ctype.h>
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "memx/dts.h"
#include "memx/edit.h"
#include "tui.h"

/* The row index of the cursor among the visible rows. */
static int cursor_row(const struct app *a)
{
	return a->span ? (int)((a->cur - a->top) / a->span) : 0;
}

/* The item the cursor row stands for: the segment that wins it, else one starting in it. */
static void select_cursor(struct app *a)
{
	int r;

	app_clamp(a);
	r = cursor_row(a);
	if (r < 0 || r >= a->bar_rows || !a->rows) {
		app_select_item(a, -1);
		return;
	}
	if (a->rows[r].seg >= 0 && a->view.seg[a->rows[r].seg].item >= 0)
		app_select_item(a, a->view.seg[a->rows[r].seg].item);
	else
		app_select_item(a, a->rows[r].label_item);
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
	a->cur = mx_round_down(a->L.items[item].base, a->span);
	app_clamp(a);
	app_select_item(a, item);
}

unsigned act_down(struct app *a) { move_cursor(a, 1); return R_REDRAW; }
unsigned act_up(struct app *a) { move_cursor(a, -1); return R_REDRAW; }

unsigned act_page_down(struct app *a)
{
	uint64_t step = a->span * (uint64_t)(a->bar_rows > 1 ? a->bar_rows - 1 : 1);

	a->top += step;
	move_cursor(a, a->bar_rows > 1 ? a->bar_rows - 1 : 1);
	return R_REDRAW;
}

unsigned act_page_up(struct app *a)
{
	uint64_t step = a->span * (uint64_t)(a->bar_rows > 1 ? a->bar_rows - 1 : 1);

	a->top = a->top > step ? a->top - step : 0;
	move_cursor(a, -(a->bar_rows > 1 ? a->bar_rows - 1 : 1));
	return R_REDRAW;
}

unsigned act_home(struct app *a)
{
	a->cur = a->top = 0;
	select_cursor(a);
	return R_REDRAW;
}

unsigned act_end(struct app *a)
{
	a->cur = UINT64_MAX;
	select_cursor(a);
	return R_REDRAW;
}

/* Zoom around the cursor: it keeps its place on the screen. */
static void zoom_to(struct app *a, uint64_t span)
{
	int row = cursor_row(a);
	uint64_t page = a->L.params.page;
	uint64_t keep = a->sel >= 0 && a->L.items[a->sel].base >= a->cur &&
			a->L.items[a->sel].base < a->cur + a->span ? a->L.items[a->sel].base : a->cur;

	if (span < page)
		span = page;
	a->span = span;
	a->cur = mx_round_down(keep, span);
	a->top = a->cur > (uint64_t)row * span ? a->cur - (uint64_t)row * span : 0;
	app_clamp(a);
}

unsigned act_zoom_in(struct app *a)
{
	if (a->span <= a->L.params.page) {
		app_message(a, EL_INFO, "one page per row: the closest zoom");
		return R_REDRAW;
	}
	zoom_to(a, a->span / 2);
	return R_REDRAW;
}

unsigned act_zoom_out(struct app *a)
{
	if (a->span >= app_fit_span(a)) {
		app_message(a, EL_INFO, "all of DRAM is on the screen");
		return R_REDRAW;
	}
	zoom_to(a, a->span * 2);
	return R_REDRAW;
}

unsigned act_zoom_fit(struct app *a)
{
	a->span = app_fit_span(a);
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
unsigned act_cycle_row(struct app *a)
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
		app_message(a, EL_INFO, "no region in this row");
		return R_REDRAW;
	}
	app_select_item(a, next >= 0 ? next : first);
	return R_REDRAW;
}

static int goto_done(struct app *a, const char *text, char *err, size_t errlen)
{
	uint64_t addr;

	if (mx_size_parse(text, &addr)) {
		snprintf(err, errlen, "expected an address like 0x8f800000, got '%s'", text);
		return -1;
	}
	a->cur = addr;
	if (addr < a->view.start || addr >= a->view.end)
		app_message(a, EL_INFO, "0x%llx is outside DRAM; showing the nearest row",
			    (unsigned long long)addr);
	a->top = addr > (uint64_t)(a->bar_rows / 2) * a->span ? addr - (uint64_t)(a->bar_rows / 2) * a->span : 0;
	select_cursor(a);
	return 0;
}

unsigned act_goto(struct app *a)
{
	prompt_open(a, "go to address:", "", goto_done, 0);
	return R_REDRAW;
}

/* Case-insensitive substring test (strcasestr is a GNU extension). */
static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return !n;
}

static bool matches(const struct mx_item *it, const struct mx_profile *p, const char *q)
{
	if (contains(it->name, q))
		return true;
	return it->region >= 0 && p->regions[it->region].label &&
	       contains(p->regions[it->region].label, q);
}

/* The next (dir 1) or previous (dir -1) item in address order matching the search. */
static unsigned search_step(struct app *a, int dir)
{
	size_t n = a->view.nbyaddr, start = 0;

	if (!a->search[0]) {
		app_message(a, EL_INFO, "nothing to find yet: / starts a search");
		return R_REDRAW;
	}
	for (size_t j = 0; j < n; j++)
		if (a->view.byaddr[j] == a->sel)
			start = j;
	for (size_t k = 1; k <= n; k++) {
		size_t j = dir > 0 ? (start + k) % n : (start + n - k % n) % n;
		int it = a->view.byaddr[j];

		if (matches(&a->L.items[it], &a->prof, a->search)) {
			go_item(a, it);
			return R_REDRAW;
		}
	}
	app_message(a, EL_ERROR, "no region matches '%s'", a->search);
	return R_REDRAW;
}

static int search_done(struct app *a, const char *text, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	snprintf(a->search, sizeof(a->search), "%s", text);
	a->sel = -1; /* search from the lowest address */
	search_step(a, 1);
	return 0;
}

unsigned act_search(struct app *a)
{
	prompt_open(a, "find (name or label):", "", search_done, 0);
	return R_REDRAW;
}

unsigned act_search_next(struct app *a) { return search_step(a, 1); }
unsigned act_search_prev(struct app *a) { return search_step(a, -1); }

/* The /reserved-memory region the selection belongs to, or -1 with a message. */
static int sel_region(struct app *a)
{
	if (a->sel < 0 || a->L.items[a->sel].region < 0) {
		app_message(a, EL_ERROR, "select a /reserved-memory region first (Tab, /, arrows)");
		return -1;
	}
	return a->L.items[a->sel].region;
}

static unsigned toggle(struct app *a, unsigned flag, const char *what)
{
	int r = sel_region(a);
	bool on;

	if (r < 0 || app_before_edit(a))
		return R_REDRAW;
	mx_edit_toggle(&a->prof, r, flag);
	on = a->prof.regions[r].flags & flag;
	if (flag == MX_REGION_DISABLED)
		app_message(a, EL_INFO, "%s: %s", a->prof.regions[r].name, on ? "disabled" : "enabled");
	else
		app_message(a, EL_INFO, "%s: %s %s", a->prof.regions[r].name, what, on ? "on" : "off");
	app_after_edit(a);
	return R_RECOMPUTE;
}

unsigned act_toggle_nomap(struct app *a) { return toggle(a, MX_REGION_NOMAP, "no-map"); }
unsigned act_toggle_reusable(struct app *a) { return toggle(a, MX_REGION_REUSABLE, "reusable"); }
unsigned act_toggle_fixup(struct app *a) { return toggle(a, MX_REGION_NOMAP_FIXUP, "no-map-fixup"); }
unsigned act_toggle_late(struct app *a) { return toggle(a, MX_REGION_FREED_LATE, "freed-late"); }
unsigned act_toggle_enabled(struct app *a) { return toggle(a, MX_REGION_DISABLED, "status"); }

/* The edit API reports through diagnostics; the input line shows the first. */
static int to_line(int rc, struct mx_diaglist *d, char *err, size_t errlen)
{
	if (rc && d->cnt)
		snprintf(err, errlen, "%s", d->d[0].msg);
	mx_diaglist_release(d);
	return rc;
}

/*
 * Edit on a copy: a rejected input changes nothing and leaves no undo step;
 * an accepted one becomes the profile, with the old one on the undo list.
 */
typedef int (*edit_fn)(struct mx_profile *p, int arg, int arg2, const char *text, char *err,
		       size_t errlen);

static int apply_copy(struct app *a, edit_fn edit, int arg, int arg2, const char *text, char *err,
		      size_t errlen)
{
	struct mx_profile t;
	int rc;

	mx_profile_init(&t);
	if (mx_profile_copy(&t, &a->prof)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rc = edit(&t, arg, arg2, text, err, errlen);
	if (rc) {
		if (rc == MX_ENOMEM)
			snprintf(err, errlen, "out of memory");
		mx_profile_release(&t);
		return -1;
	}
	if (app_before_edit(a)) {
		mx_profile_release(&t);
		return 0;
	}
	mx_profile_release(&a->prof);
	a->prof = t;
	app_after_edit(a);
	return 0;
}

static int edit_region_cb(struct mx_profile *p, int r, int field, const char *text, char *err,
			  size_t errlen)
{
	struct mx_diaglist d;

	mx_diaglist_init(&d);
	return to_line(mx_edit_region(p, r, (enum mx_edit_field)field, text, &d), &d, err, errlen);
}

static int field_done(struct app *a, const char *text, char *err, size_t errlen)
{
	int r = a->prompt.arg;
	int rc;

	rc = apply_copy(a, edit_region_cb, r & 0xffff, r >> 16, text, err, errlen);
	if (!rc)
		app_message(a, EL_INFO, "%s updated", a->prof.regions[r & 0xffff].name);
	return rc;
}

static unsigned edit(struct app *a, enum mx_edit_field f, const char *what)
{
	int r = sel_region(a);
	struct mx_buf b;
	char q[160];

	if (r < 0)
		return R_REDRAW;
	if (r > 0xffff) {
		app_message(a, EL_ERROR, "too many regions to edit this one here");
		return R_REDRAW;
	}
	mx_buf_init(&b);
	mx_edit_region_text(&a->prof, r, f, &b);
	snprintf(q, sizeof(q), "%s of %s:", what, a->prof.regions[r].name);
	prompt_open(a, q, b.failed ? "" : b.buf, field_done, (int)f << 16 | r);
	mx_buf_release(&b);
	return R_REDRAW;
}

unsigned act_edit_size(struct app *a) { return edit(a, MX_EDIT_SIZE, "size (16M, 0x1000000)"); }
unsigned act_edit_base(struct app *a) { return edit(a, MX_EDIT_BASE, "base address"); }
unsigned act_edit_align(struct app *a) { return edit(a, MX_EDIT_ALIGN, "alignment (empty: none)"); }
unsigned act_edit_ranges(struct app *a)
{
	return edit(a, MX_EDIT_ALLOC_RANGES, "alloc-ranges (BASE+SIZE, START-END; empty: none)");
}
unsigned act_edit_keep(struct app *a) { return edit(a, MX_EDIT_FIXUP_KEEP, "fixup-keep"); }

static int add_cb(struct mx_profile *p, int arg, int arg2, const char *text, char *err, size_t errlen)
{
	(void)arg;
	(void)arg2;
	struct mx_diaglist d;

	mx_diaglist_init(&d);
	return to_line(mx_edit_add_region(p, text, NULL, &d), &d, err, errlen);
}

static int add_done(struct app *a, const char *text, char *err, size_t errlen)
{
	int rc = apply_copy(a, add_cb, 0, 0, text, err, errlen);

	if (!rc) {
		a->sel_region = (int)a->prof.nregions - 1; /* select it after the recompute */
		a->sel = -1;
		app_message(a, EL_INFO, "added %s", a->prof.regions[a->prof.nregions - 1].name);
	}
	return rc;
}

unsigned act_add(struct app *a)
{
	prompt_open(a, "new region (NAME SIZE, or NAME BASE+SIZE):", "", add_done, 0);
	return R_REDRAW;
}

unsigned act_delete(struct app *a)
{
	int r = sel_region(a);
	char name[128];

	if (r < 0 || app_before_edit(a))
		return R_REDRAW;
	snprintf(name, sizeof(name), "%s", a->prof.regions[r].name);
	mx_profile_remove_region(&a->prof, (size_t)r);
	a->sel = -1;
	a->sel_region = -1;
	app_after_edit(a);
	app_message(a, EL_INFO, "deleted %s (u undoes)", name);
	return R_RECOMPUTE;
}

unsigned act_model(struct app *a)
{
	if (app_before_edit(a))
		return R_REDRAW;
	mx_edit_toggle_model(&a->prof);
	app_after_edit(a);
	app_message(a, EL_INFO, "memory model: %s", a->prof.model == MX_MM_FLAT ? "FLATMEM" :
		    "SPARSEMEM (VMEMMAP, EXTREME)");
	return R_RECOMPUTE;
}

static int cma_cb(struct mx_profile *p, int arg, int arg2, const char *text, char *err, size_t errlen)
{
	(void)arg;
	(void)arg2;
	struct mx_diaglist d;

	mx_diaglist_init(&d);
	return to_line(mx_edit_set_cma(p, text, &d), &d, err, errlen);
}

static int cma_done(struct app *a, const char *text, char *err, size_t errlen)
{
	int rc = apply_copy(a, cma_cb, 0, 0, text, err, errlen);

	if (!rc)
		app_message(a, EL_INFO, "bootargs: %s", a->prof.bootargs ? a->prof.bootargs : "(none)");
	return rc;
}

unsigned act_cma(struct app *a)
{
	struct mx_buf b;

	mx_buf_init(&b);
	mx_edit_cma_text(&a->prof, &b);
	prompt_open(a, "cma= (64M; 0: no default area; empty: remove cma=):", b.failed ? "" : b.buf,
		    cma_done, 0);
	mx_buf_release(&b);
	return R_REDRAW;
}

unsigned act_vmsplit(struct app *a)
{
	if (a->L.params.arch != MX_ARCH_ARM) {
		app_message(a, EL_ERROR, "VMSPLIT is a 32-bit ARM setting; this board is %s",
			    mx_arch_name(a->L.params.arch));
		return R_REDRAW;
	}
	if (app_before_edit(a))
		return R_REDRAW;
	mx_edit_cycle_vmsplit(&a->prof);
	app_after_edit(a);
	app_message(a, EL_INFO, "VMSPLIT_%s", mx_vmsplit_name(a->prof.vmsplit));
	return R_RECOMPUTE;
}

static void after_history(struct app *a)
{
	a->dirty = !mx_profile_equal(&a->prof, &a->base);
	a->generation++;
	a->flags |= R_RECOMPUTE;
}

unsigned act_undo(struct app *a)
{
	if (!undo_back(&a->undo, &a->prof)) {
		app_message(a, EL_INFO, "nothing to undo");
		return R_REDRAW;
	}
	after_history(a);
	app_message(a, EL_INFO, "undone (%zu more to undo, %zu to redo)", a->undo.pos,
		    a->undo.n - a->undo.pos);
	return R_RECOMPUTE;
}

unsigned act_redo(struct app *a)
{
	if (!undo_forward(&a->undo, &a->prof)) {
		app_message(a, EL_INFO, "nothing to redo");
		return R_REDRAW;
	}
	after_history(a);
	app_message(a, EL_INFO, "redone (%zu more to redo)", a->undo.n - a->undo.pos);
	return R_RECOMPUTE;
}

/* What the save/export prompts write. */
enum { OUT_YAML, OUT_DTS, OUT_OVERRIDES };

static int write_file(struct app *a, const char *path, int what, bool force, char *err, size_t errlen)
{
	struct mx_buf b;
	int rc;

	mx_buf_init(&b);
	if (what == OUT_YAML)
		rc = mx_profile_write_yaml(&a->prof, &b);
	else
		rc = mx_dts_export(&a->prof, &a->base, what == OUT_DTS ? MX_DTS_NODE : MX_DTS_OVERRIDES,
				   what == OUT_DTS, &b);
	if (!rc)
		rc = mx_file_write_atomic(path, b.buf, b.len, force);
	mx_buf_release(&b);
	if (rc == MX_EEXIST)
		return 1;
	if (rc) {
		snprintf(err, errlen, "cannot write %s: %s", path,
			 rc == MX_ENOMEM ? "out of memory" : rc == MX_EINVAL ? "a region's name, label or "
			 "property is no devicetree name (memx export says which)" : strerror(errno));
		return -1;
	}
	if (what == OUT_YAML) {
		a->dirty = false;
		app_message(a, EL_INFO, "saved the profile to %s", path);
	} else {
		app_message(a, EL_INFO, "exported %s to %s", what == OUT_DTS ? "/reserved-memory" :
			    "the changes as overrides", path);
	}
	return 0;
}

static int overwrite_done(struct app *a, const char *text, char *err, size_t errlen)
{
	int what = a->prompt.arg;
	const char *path = what == OUT_YAML ? a->save_path : what == OUT_DTS ? a->export_path :
			   a->overrides_path;

	if (text[0] != 'y' && text[0] != 'Y') {
		app_message(a, EL_INFO, "not written: %s is left as it was", path);
		return 0;
	}
	if (write_file(a, path, what, true, err, errlen) < 0)
		app_message(a, EL_ERROR, "%s", err);
	return 0;
}

static int path_done(struct app *a, const char *text, char *err, size_t errlen, int what)
{
	char *dst = what == OUT_YAML ? a->save_path : what == OUT_DTS ? a->export_path : a->overrides_path;
	size_t dlen = sizeof(a->save_path); /* the three are the same size */
	char q[600];
	int rc;

	while (isspace((unsigned char)*text))
		text++;
	if (!*text) {
		snprintf(err, errlen, "expected a file name");
		return -1;
	}
	if (strlen(text) >= dlen) {
		snprintf(err, errlen, "the file name is too long");
		return -1;
	}
	snprintf(dst, dlen, "%s", text);
	rc = write_file(a, dst, what, false, err, errlen);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		snprintf(q, sizeof(q), "%s exists. Overwrite it? (y/n)", dst);
		prompt_yesno(a, q, overwrite_done, what);
		return 1; /* the yes/no prompt replaces this one */
	}
	return 0;
}

static int save_done(struct app *a, const char *text, char *err, size_t errlen)
{
	return path_done(a, text, err, errlen, OUT_YAML);
}

static int export_done(struct app *a, const char *text, char *err, size_t errlen)
{
	return path_done(a, text, err, errlen, OUT_DTS);
}

static int overrides_done(struct app *a, const char *text, char *err, size_t errlen)
{
	return path_done(a, text, err, errlen, OUT_OVERRIDES);
}

unsigned act_toggle_log(struct app *a)
{
	if (!a->has_log) {
		app_message(a, EL_INFO, "no boot log: start memx with --log LOG to compare with a boot");
		return R_REDRAW;
	}
	a->show_log = !a->show_log;
	app_message(a, EL_INFO, "boot log comparison %s", a->show_log ? "shown" : "hidden");
	return R_REDRAW | R_RELAYOUT;
}

unsigned act_export_overrides(struct app *a)
{
	prompt_open(a, "export the changes as DTS overrides to:", a->overrides_path, overrides_done, 0);
	return R_REDRAW;
}

unsigned act_save(struct app *a)
{
	prompt_open(a, "save the profile as:", a->save_path, save_done, 0);
	return R_REDRAW;
}

unsigned act_export(struct app *a)
{
	prompt_open(a, "export /reserved-memory (DTS) to:", a->export_path, export_done, 0);
	return R_REDRAW;
}

static int quit_done(struct app *a, const char *text, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	if (text[0] == 'y' || text[0] == 'Y')
		a->quit = true;
	else
		app_message(a, EL_INFO, "not quitting; w saves the profile");
	return 0;
}

unsigned act_quit(struct app *a)
{
	if (!a->dirty)
		return R_QUIT;
	prompt_yesno(a, "There are unsaved edits. Quit anyway? (y/n)", quit_done, 0);
	return R_REDRAW;
}

unsigned act_help(struct app *a)
{
	a->show_help = true;
	a->help_top = 0;
	return R_REDRAW;
}

unsigned act_redraw(struct app *a)
{
	(void)a;
	clearok(curscr, TRUE);
	return R_REDRAW | R_RELAYOUT;
}

unsigned act_mouse(struct app *a)
{
	MEVENT ev;
	int row;

	if (getmouse(&ev) != OK)
		return R_NONE;
	if (ev.bstate & BUTTON4_PRESSED) {
		move_cursor(a, -3);
		return R_REDRAW;
	}
	if (ev.bstate & BUTTON5_PRESSED) {
		move_cursor(a, 3);
		return R_REDRAW;
	}
	row = panes_bar_row_at(a, ev.y, ev.x);
	if (row >= 0 && (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))) {
		a->cur = a->top + (uint64_t)row * a->span;
		select_cursor(a);
	}
	return R_REDRAW;
}
