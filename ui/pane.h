/* pane.h - panes are small units with a window and a draw function (tmux's window modes) */
#ifndef MEMX_PANE_H
#define MEMX_PANE_H

#include <curses.h>

#include "tui.h"

/* Draw @s at (y, x) with @attr, at most @maxw columns (UTF-8 aware for our glyphs). */
void put(WINDOW *w, int y, int x, int attr, int maxw, const char *s);
void putf(WINDOW *w, int y, int x, int attr, int maxw, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Columns @s takes (one per UTF-8 character). */
int text_cols(const char *s);
/* "16 MiB", "213 KiB", "1.5 GiB" */
const char *human(uint64_t bytes, char *buf, size_t len);
const char *theme_glyph(const struct app *a, enum el el);

void pane_bar_draw(struct app *a, WINDOW *w, int h, int wd);
void pane_details_draw(struct app *a, WINDOW *w, int h, int wd);
void pane_totals_draw(struct app *a, WINDOW *w, int h, int wd);
void pane_help_draw(struct app *a, WINDOW *w, int h, int wd);

/* Width of the bar's address column, and where the bar starts and ends. */
struct bar_geom {
	int addr_w, bar_x, bar_w, label_x;
};
void pane_bar_geom(const struct app *a, int wd, struct bar_geom *g);

#endif
