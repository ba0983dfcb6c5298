/* paint.c - the one draw path: the screen's panes onto the terminal, only the cells that changed */
#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>

#include "tui.h"

/*
 * curses sets the terminal up, reads the keys, and clears the screen when
 * its size changes; the frames are written here, as tmux's tty.c does. What
 * is on the terminal is kept cell by cell (the shadow): a frame compares
 * each pane row with it and writes only the runs of cells that differ, with
 * the escape strings terminfo gave once (theme.c) and one cursor address
 * per run. curses' own refresh would weigh every cursor motion against five
 * others, each a parameterised string expanded anew: most of a frame's cost.
 */
static struct mx_vcell *shadow;
static int sw, sh, fd = STDOUT_FILENO;
static char *out;
static size_t olen, ocap;
static unsigned cur_style = UINT_MAX; /* what the terminal draws in now; UINT_MAX unknown */
static int ty = -1, tx = -1;          /* where its cursor is; -1 unknown */
static bool cursor_shown = true, cursor_known;
/* what each pane looked like when painted: a pane whose version did not move is not looked at */
static unsigned painted[MX_PANE__COUNT];
static int painted_y[MX_PANE__COUNT], painted_h[MX_PANE__COUNT];
static bool painted_ok[MX_PANE__COUNT];

void paint_fd(int f)
{
	fd = f;
}

static void put(const char *s, size_t n)
{
	if (olen + n > ocap) {
		size_t c = ocap ? ocap * 2 : 16384;
		char *v;

		while (c < olen + n)
			c *= 2;
		if (!(v = realloc(out, c)))
			return; /* out of memory: this frame is lost, the next one repaints */
		out = v;
		ocap = c;
	}
	memcpy(out + olen, s, n);
	olen += n;
}

static void puts_(const char *s)
{
	if (s)
		put(s, strlen(s));
}

static void flush(void)
{
	size_t done = 0;

	while (done < olen) {
		ssize_t n = write(fd, out + done, olen - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	olen = 0;
}

/* Decimal digits of @v into @b; returns the count. */
static size_t digits(char *b, int v)
{
	char t[12];
	size_t n = 0, k = 0;

	do
		t[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < sizeof(t));
	while (n)
		b[k++] = t[--n];
	return k;
}

/* The locale encodes characters as UTF-8 (then the frame does it without wcrtomb). */
static bool wcrtomb_is_utf8(void)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;

	memset(&st, 0, sizeof(st));
	return wcrtomb(mb, (wchar_t)0x2591, &st) == 3 && (unsigned char)mb[0] == 0xe2 &&
	       (unsigned char)mb[1] == 0x96 && (unsigned char)mb[2] == 0x91;
}

static void go(int y, int x)
{
	static const char *cup;
	static bool ansi;

	if (y == ty && x == tx)
		return;
	if (!cup) {
		char *c = tigetstr("cup");

		cup = c && c != (char *)-1 ? c : "";
		/* the ANSI form every xterm-like terminal has: written without expanding the string */
		ansi = !strcmp(cup, "\033[%i%p1%d;%p2%dH");
	}
	if (ansi) {
		char b[32] = "\033[";
		size_t n = 2;

		n += digits(b + n, y + 1);
		b[n++] = ';';
		n += digits(b + n, x + 1);
		b[n++] = 'H';
		put(b, n);
	} else {
		puts_(tiparm(cup, y, x));
	}
	ty = y;
	tx = x;
}

static void glyph(uint32_t ch)
{
	static int utf8 = -1;

	if (utf8 < 0)
		utf8 = MB_CUR_MAX > 1 && wcrtomb_is_utf8();
	if (ch < 0x80) {
		char c = (char)ch;

		put(&c, 1);
	} else if (utf8) {
		char u[4];

		if (ch < 0x800) {
			u[0] = (char)(0xc0 | ch >> 6);
			u[1] = (char)(0x80 | (ch & 0x3f));
			put(u, 2);
		} else if (ch < 0x10000) {
			u[0] = (char)(0xe0 | ch >> 12);
			u[1] = (char)(0x80 | (ch >> 6 & 0x3f));
			u[2] = (char)(0x80 | (ch & 0x3f));
			put(u, 3);
		} else {
			u[0] = (char)(0xf0 | ch >> 18);
			u[1] = (char)(0x80 | (ch >> 12 & 0x3f));
			u[2] = (char)(0x80 | (ch >> 6 & 0x3f));
			u[3] = (char)(0x80 | (ch & 0x3f));
			put(u, 4);
		}
	} else {
		/* the locale's encoding (UTF-8 in a UTF-8 terminal) */
		char mb[MB_LEN_MAX];
		mbstate_t st;
		size_t n;

		memset(&st, 0, sizeof(st));
		n = wcrtomb(mb, (wchar_t)ch, &st);
		if (n == (size_t)-1)
			put("?", 1);
		else
			put(mb, n);
	}
}

void paint_free(void)
{
	free(shadow);
	free(out);
	shadow = NULL;
	out = NULL;
	sw = sh = 0;
	olen = ocap = 0;
}

void paint_reset(struct app *a)
{
	size_t n = (size_t)a->W * (size_t)a->H;

	free(shadow);
	shadow = calloc(n ? n : 1, sizeof(*shadow));
	sw = shadow ? a->W : 0;
	sh = shadow ? a->H : 0;
	/* 0xffffffff is no character: every cell differs, everything is painted */
	for (size_t i = 0; shadow && i < n; i++)
		shadow[i].ch = 0xffffffffu;
	memset(painted_ok, 0, sizeof(painted_ok));
	cur_style = UINT_MAX;
	ty = tx = -1;
	cursor_known = false;
	/* curses clears the terminal (and knows its new size) */
	erase();
	clearok(curscr, TRUE);
	refresh();
}

/* The differing runs of one pane row: a cursor address per run, a style string per change. */
static bool paint_row(int y, int x0, const struct mx_vcell *src, int w)
{
	struct mx_vcell *dst = &shadow[(size_t)y * (size_t)sw + (size_t)x0];
	bool any = false;

	if (!memcmp(src, dst, (size_t)w * sizeof(*src)))
		return false;
	for (int x = 0; x < w; x++) {
		int e;

		if (!memcmp(&src[x], &dst[x], sizeof(*src)))
			continue;
		/* a run: up to the last differing cell before four equal ones (cheaper than a new address) */
		for (e = x + 1; e < w;) {
			int same = 0;

			while (e + same < w && same < 4 && !memcmp(&src[e + same], &dst[e + same], sizeof(*src)))
				same++;
			if (!same) {
				e++;
				continue;
			}
			if (same >= 4 || e + same >= w)
				break;
			e += same;
		}
		/* never the last cell of the last row: a terminal with automatic margins would scroll */
		if (y == sh - 1 && x0 + e >= sw)
			e = sw - x0 - 1;
		if (e <= x)
			break;
		/* start on a whole character (not the right half of a wide one) */
		while (x > 0 && !src[x].ch)
			x--;
		go(y, x0 + x);
		for (int k = x; k < e; k++) {
			if (!src[k].ch)
				continue;
			if (src[k].style != cur_style) {
				puts_(theme_sgr(src[k].style));
				cur_style = src[k].style;
			}
			glyph(src[k].ch);
			tx += k + 1 < w && !src[k + 1].ch ? 2 : 1;
		}
		memcpy(&dst[x], &src[x], (size_t)(e - x) * sizeof(*src));
		any = true;
		x = e - 1;
	}
	return any;
}

static bool paint_pane(const struct mx_screen *s, enum mx_pane p)
{
	const struct mx_canvas *c = &s->pane[p];
	bool any = false;

	for (int y = 0; y < c->h; y++) {
		int row = s->py[p] + y, x0 = s->px[p], w = c->w;

		if (row < 0 || row >= sh || x0 >= sw)
			continue;
		if (x0 + w > sw)
			w = sw - x0;
		any |= paint_row(row, x0, &c->cells[(size_t)y * (size_t)c->w], w);
	}
	return any;
}

static void cursor(bool show)
{
	const char *c = tigetstr(show ? "cnorm" : "civis");

	if (cursor_known && cursor_shown == show)
		return;
	if (c && c != (char *)-1)
		puts_(c);
	cursor_shown = show;
	cursor_known = true;
}

void paint(struct app *a)
{
	static const enum mx_pane order[] = {
		MX_PANE_TITLE, MX_PANE_BAR, MX_PANE_TABLE, MX_PANE_DETAILS, MX_PANE_TOTALS, MX_PANE_DIAGS,
		MX_PANE_PAGE, MX_PANE_STATUS,
	};
	const struct mx_screen *s = &a->scr;
	bool any = false;

	if (!shadow || sw != a->W || sh != a->H)
		paint_reset(a);
	if (!shadow)
		return;
	/* the status line grew or shrank over the body: every pane is looked at again */
	if (painted_ok[MX_PANE_STATUS] && (painted_y[MX_PANE_STATUS] != s->py[MX_PANE_STATUS] ||
					   painted_h[MX_PANE_STATUS] != s->pane[MX_PANE_STATUS].h))
		memset(painted_ok, 0, sizeof(painted_ok));
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		enum mx_pane p = order[k];

		if (!s->shown[p]) {
			painted_ok[p] = false;
			continue;
		}
		if (painted_ok[p] && painted[p] == s->version[p] && painted_y[p] == s->py[p])
			continue;
		any |= paint_pane(s, p);
		painted[p] = s->version[p];
		painted_y[p] = s->py[p];
		painted_h[p] = s->pane[p].h;
		painted_ok[p] = true;
	}
	if (s->cursor_y >= 0) {
		go(s->cursor_y, s->cursor_x);
		cursor(true);
	} else {
		if (any || !cursor_known)
			cursor(false);
	}
	if (olen)
		flush();
}
