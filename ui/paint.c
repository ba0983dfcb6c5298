/* paint.c - the one draw path: the screen's panes onto the terminal, only the rows that changed */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui.h"

/*
 * What is on the terminal, cell by cell: a pane row is sent to curses only
 * when it differs from this. One row is one mvadd_wchnstr() of prepared wide
 * characters; one doupdate() at the end puts the difference on the screen.
 */
static struct mx_vcell *shadow;
static int sw, sh;
static cchar_t *row;
static int maxrow;

/* setcchar() is dear: the cells of a frame are a few (character, style) pairs, cached. */
struct ccache {
	uint32_t ch;
	unsigned style;
	bool used;
	cchar_t cc;
};
static struct ccache cache[512];

static const cchar_t *cell(uint32_t ch, unsigned style)
{
	struct ccache *c = &cache[(ch * 31u + style) & 511u];

	if (!c->used || c->ch != ch || c->style != style) {
		wchar_t w[2] = { (wchar_t)ch, 0 };
		int attr = theme_attr(style);

		setcchar(&c->cc, w, (attr_t)(attr & ~A_COLOR), (short)PAIR_NUMBER(attr), NULL);
		c->ch = ch;
		c->style = style;
		c->used = true;
	}
	return &c->cc;
}

void paint_free(void)
{
	free(shadow);
	free(row);
	shadow = NULL;
	row = NULL;
	sw = sh = maxrow = 0;
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
	memset(cache, 0, sizeof(cache));
	if (a->W > maxrow) {
		cchar_t *r = realloc(row, (size_t)a->W * sizeof(*r));

		if (r) {
			row = r;
			maxrow = a->W;
		}
	}
	erase();
	clearok(curscr, TRUE);
}

static void paint_pane(const struct mx_screen *s, enum mx_pane p)
{
	const struct mx_canvas *c = &s->pane[p];

	for (int y = 0; y < c->h; y++) {
		int ty = s->py[p] + y, x0 = s->px[p], w = c->w, n = 0;
		const struct mx_vcell *src = &c->cells[(size_t)y * (size_t)c->w];
		struct mx_vcell *dst;

		if (ty < 0 || ty >= sh || x0 >= sw)
			continue;
		if (x0 + w > sw)
			w = sw - x0;
		dst = &shadow[(size_t)ty * (size_t)sw + (size_t)x0];
		if (!memcmp(src, dst, (size_t)w * sizeof(*src)))
			continue;
		for (int x = 0; x < w && n < maxrow; x++)
			if (src[x].ch) /* 0: the right half of a wide character */
				row[n++] = *cell(src[x].ch, src[x].style);
		mvadd_wchnstr(ty, x0, row, n);
		memcpy(dst, src, (size_t)w * sizeof(*src));
	}
}

void paint(struct app *a)
{
	static const enum mx_pane order[] = {
		MX_PANE_TITLE, MX_PANE_BAR, MX_PANE_TABLE, MX_PANE_DETAILS, MX_PANE_TOTALS, MX_PANE_DIAGS,
		MX_PANE_PAGE, MX_PANE_STATUS,
	};
	const struct mx_screen *s = &a->scr;

	if (!shadow || sw != a->W || sh != a->H)
		paint_reset(a);
	if (!shadow || !row)
		return;
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		if (s->shown[order[k]])
			paint_pane(s, order[k]);
	if (s->cursor_y >= 0) {
		move(s->cursor_y, s->cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}
