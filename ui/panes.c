/* panes.c - pane geometry, the title and status lines, and the one draw path */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "memx/report.h"
#include "pane.h"

enum { P_TITLE, P_BAR, P_DETAILS, P_TOTALS, P_STATUS, P_HELP, P__COUNT };

struct pane {
	WINDOW *win;
	int y, x, h, w;
};

static struct pane panes[P__COUNT];

#define MIN_W 60
#define MIN_H 16

int text_cols(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

void put(WINDOW *w, int y, int x, int attr, int maxw, const char *s)
{
	const char *e = s;
	int cols = 0;

	if (maxw <= 0)
		return;
	while (*e && cols < maxw) {
		e++;
		while (((unsigned char)*e & 0xc0) == 0x80)
			e++;
		cols++;
	}
	wattron(w, attr);
	mvwaddnstr(w, y, x, s, (int)(e - s));
	wattroff(w, attr);
}

void putf(WINDOW *w, int y, int x, int attr, int maxw, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put(w, y, x, attr, maxw, buf);
}

const char *human(uint64_t bytes, char *buf, size_t len)
{
	return mx_size_human(bytes, buf, len);
}

static void set(struct pane *p, int y, int x, int h, int w)
{
	p->y = y;
	p->x = x;
	p->h = h;
	p->w = w;
	if (p->win)
		delwin(p->win);
	p->win = h > 0 && w > 0 ? newwin(h, w, y, x) : NULL;
	if (p->win)
		keypad(p->win, TRUE);
}

void panes_free(void)
{
	for (int i = 0; i < P__COUNT; i++) {
		if (panes[i].win)
			delwin(panes[i].win);
		panes[i].win = NULL;
	}
}

/*
 * Title on the first line, status on the last; the bar on the left (45% of
 * the width, 30..64 columns), details above the accounting on the right.
 */
void panes_layout(struct app *a)
{
	int W, H, bw, dh;

	getmaxyx(stdscr, H, W);
	a->W = W;
	a->H = H;
	a->too_small = W < MIN_W || H < MIN_H;
	panes_free();
	erase();
	wnoutrefresh(stdscr);
	if (a->too_small) {
		a->bar_rows = 0;
		return;
	}
	bw = W * 45 / 100;
	bw = bw < 30 ? 30 : bw > 64 ? 64 : bw;
	dh = (H - 2) * 42 / 100;
	dh = dh < 7 ? 7 : dh > 14 ? 14 : dh;
	set(&panes[P_TITLE], 0, 0, 1, W);
	set(&panes[P_BAR], 1, 0, H - 2, bw);
	set(&panes[P_DETAILS], 1, bw, dh, W - bw);
	set(&panes[P_TOTALS], 1 + dh, bw, H - 2 - dh, W - bw);
	set(&panes[P_STATUS], H - 1, 0, 1, W);
	set(&panes[P_HELP], 1, 0, H - 2, W);
	/* the bar keeps two lines for its legend when there is room */
	a->bar_rows = H - 2 - (H >= 20 ? 3 : 1);
}

int panes_bar_row_at(const struct app *a, int y, int x)
{
	const struct pane *p = &panes[P_BAR];
	int r = y - p->y - 1;

	if (a->too_small || !p->win || x < p->x || x >= p->x + p->w || r < 0 || r >= a->bar_rows)
		return -1;
	return r;
}

static void draw_title(struct app *a, WINDOW *w, int wd)
{
	const struct mx_summary *s = &a->L.sum;
	uint64_t k = a->L.params.page / 1024;
	int64_t d = ((int64_t)s->memtotal - (int64_t)a->Lbase.sum.memtotal) * (int64_t)k;
	size_t ne = mx_diaglist_count(&a->L.diags, MX_SEV_ERROR);
	char right[96], errs[32] = "";
	int rw, ew;

	wbkgd(w, (chtype)theme_attr(a, EL_TITLE));
	werase(w);
	if (d)
		snprintf(right, sizeof(right), " MemTotal %llu kB (%+lld) ",
			 (unsigned long long)(s->memtotal * k), (long long)d);
	else
		snprintf(right, sizeof(right), " MemTotal %llu kB ", (unsigned long long)(s->memtotal * k));
	if (ne)
		snprintf(errs, sizeof(errs), " %zu error%s ", ne, ne > 1 ? "s" : "");
	rw = (int)strlen(right);
	ew = (int)strlen(errs);
	/* the figures on the right win; the name on the left is cut to fit */
	putf(w, 0, 0, theme_attr(a, EL_TITLE), wd - rw - ew, " memx - %s (%s)%s",
	     a->prof.name ? a->prof.name : "profile", a->path ? a->path : "built-in",
	     a->dirty ? " [modified]" : "");
	put(w, 0, wd - rw - ew, theme_attr(a, EL_TITLE) | A_BOLD, rw, right);
	if (ew)
		put(w, 0, wd - ew, theme_attr(a, EL_ERROR), ew, errs);
}

static void draw_status(struct app *a, WINDOW *w, int wd)
{
	const struct prompt *p = &a->prompt;

	wbkgd(w, (chtype)theme_attr(a, EL_NORMAL));
	werase(w);
	if (p->active) {
		int qx = text_cols(p->question) + 1, avail = wd - qx - 1, off = 0;

		put(w, 0, 0, theme_attr(a, EL_HEAD), wd, p->question);
		if (p->yesno)
			return;
		if ((int)p->cur > avail)
			off = (int)p->cur - avail;
		put(w, 0, qx, A_UNDERLINE, avail + 1, p->text + off);
		wmove(w, 0, qx + (int)p->cur - off);
		return;
	}
	if (a->msg[0]) {
		put(w, 0, 0, theme_attr(a, a->msg_el), wd, a->msg);
		return;
	}
	wbkgd(w, (chtype)theme_attr(a, EL_STATUS));
	put(w, 0, 0, theme_attr(a, EL_STATUS), wd, keymap_hints(a));
}

static void draw_too_small(struct app *a)
{
	erase();
	attron(theme_attr(a, EL_ERROR));
	mvprintw(0, 0, "memx needs %dx%d; this terminal is %dx%d.", MIN_W, MIN_H, a->W, a->H);
	attroff(theme_attr(a, EL_ERROR));
	if (a->H > 1)
		mvprintw(1, 0, "Make it larger, or press q to quit.");
	wnoutrefresh(stdscr);
	doupdate();
}

/*
 * The one redraw path: every pane draws into its window, each window is
 * wnoutrefresh'ed, and one doupdate() puts the difference on the screen.
 */
void panes_draw(struct app *a)
{
	if (a->too_small) {
		draw_too_small(a);
		return;
	}
	app_clamp(a);
	app_update_cost(a);
	draw_title(a, panes[P_TITLE].win, panes[P_TITLE].w);
	if (a->show_help) {
		werase(panes[P_HELP].win);
		pane_help_draw(a, panes[P_HELP].win, panes[P_HELP].h, panes[P_HELP].w);
		wnoutrefresh(panes[P_TITLE].win);
		wnoutrefresh(panes[P_HELP].win);
	} else {
		static const int order[] = { P_BAR, P_DETAILS, P_TOTALS };
		void (*fn[])(struct app *, WINDOW *, int, int) = {
			pane_bar_draw, pane_details_draw, pane_totals_draw,
		};

		for (size_t i = 0; i < 3; i++) {
			struct pane *p = &panes[order[i]];

			werase(p->win);
			fn[i](a, p->win, p->h, p->w);
			wnoutrefresh(p->win);
		}
		wnoutrefresh(panes[P_TITLE].win);
	}
	if (a->prompt.active && a->msg[0] && a->msg_el == EL_ERROR) {
		/* keep the error visible above the input line */
		struct pane *t = &panes[P_TITLE];

		werase(t->win);
		put(t->win, 0, 0, theme_attr(a, EL_ERROR), t->w, a->msg);
		wnoutrefresh(t->win);
	}
	draw_status(a, panes[P_STATUS].win, panes[P_STATUS].w);
	wnoutrefresh(panes[P_STATUS].win);
	doupdate();
}
