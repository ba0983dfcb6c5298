/* pane_bar.c - the address space as a vertical bar: one row per 'span' bytes */
#include <stdio.h>
#include <string.h>

#include "pane.h"

static int hex_digits(uint64_t v)
{
	int n = 1;

	while (v >>= 4)
		n++;
	return n;
}

void pane_bar_geom(const struct app *a, int wd, struct bar_geom *g)
{
	int d = hex_digits(a->view.end ? a->view.end - 1 : 0);

	g->addr_w = 2 + (d < 8 ? 8 : d);
	g->bar_x = 1 + g->addr_w + 1;
	g->bar_w = wd >= 56 ? 14 : wd >= 44 ? 10 : wd >= 36 ? 7 : 5;
	g->label_x = g->bar_x + g->bar_w + 2;
}

/* The name a row's label shows for segment @s. */
static void seg_label(const struct app *a, const struct mx_seg *s, char *buf, size_t len)
{
	char h[32];

	if (s->kind == MX_SEG_ITEM) {
		const struct mx_item *it = &a->L.items[s->item];

		snprintf(buf, len, "%s %s%s", it->name, human(it->size, h, sizeof(h)),
			 it->flags & MX_IF_FREED ? " *" : "");
	} else {
		snprintf(buf, len, "(%s %s)", mx_seg_name(s), human(s->size, h, sizeof(h)));
	}
}

/*
 * With a boot log (--log, L): the column left of the bar shows where the
 * boot's memblock.reserved (debugfs or the MEMBLOCK dump) has bytes in the
 * row, highlighted where they differ from the prediction by a page or more.
 */
static void observed_cell(const struct app *a, WINDOW *w, int y, int x, const struct mx_row *row)
{
	uint64_t obs = mx_rangeset_bytes_in(&a->cmp.obs_reserved, row->base, row->span);
	uint64_t pred = mx_rangeset_bytes_in(&a->L.reserved, row->base, row->span);
	uint64_t d = obs > pred ? obs - pred : pred - obs;

	if (!obs && !pred)
		return;
	put(w, y, x, theme_attr(a, d >= a->L.params.page ? EL_WARN : EL_DIM), 1,
	    obs ? a->g.observed : a->g.predicted_only);
}

static bool row_has_sel(const struct app *a, const struct mx_row *r)
{
	if (a->sel < 0)
		return false;
	if (r->seg >= 0 && a->view.seg[r->seg].item == a->sel)
		return true;
	return r->label_item == a->sel || r->small_item == a->sel;
}

static void legend(struct app *a, WINDOW *w, int y, int rows, int wd)
{
	bool present[EL__COUNT] = { false };
	int x = 0, line = 0;

	for (size_t i = 0; i < a->view.nseg; i++)
		present[theme_seg(a, &a->view.seg[i])] = true;
	for (int el = EL_HOLE; el < EL__COUNT && line < rows; el++) {
		const char *name = theme_legend_name((enum el)el);
		int need;

		if (!present[el] || !name)
			continue;
		need = 2 + (int)strlen(name) + 1;
		if (x + need > wd) {
			line++;
			x = 0;
			if (line >= rows)
				break;
		}
		put(w, y + line, x, theme_attr(a, (enum el)el), 1, theme_glyph(a, (enum el)el));
		put(w, y + line, x + 1, theme_attr(a, EL_DIM), wd - x - 1, " ");
		put(w, y + line, x + 2, theme_attr(a, EL_NORMAL), wd - x - 2, name);
		x += need;
	}
}

void pane_bar_draw(struct app *a, WINDOW *w, int h, int wd)
{
	struct bar_geom g;
	char zoom[32], lab[160];

	pane_bar_geom(a, wd, &g);
	putf(w, 0, 0, theme_attr(a, EL_HEAD), wd, "%-*s %-*s %s/row", g.addr_w + 1, " address",
	     g.bar_w + 1, "", human(a->span, zoom, sizeof(zoom)));
	for (int r = 0; r < a->bar_rows && r + 1 < h; r++) {
		const struct mx_row *row = &a->rows[r];
		int y = r + 1, la;
		bool cursor = row->base == a->cur, sel = row_has_sel(a, row);
		const struct mx_seg *s;

		if (row->seg < 0) {
			if (cursor)
				put(w, y, 0, theme_attr(a, EL_CURSOR), 1, a->g.cursor);
			continue;
		}
		s = &a->view.seg[row->seg];
		if (cursor)
			put(w, y, 0, theme_attr(a, EL_CURSOR), 1, a->g.cursor);
		putf(w, y, 1, theme_attr(a, cursor ? EL_CURSOR : EL_ADDR), g.addr_w, "0x%0*llx",
		     g.addr_w - 2, (unsigned long long)row->base);
		/* each cell of the row shows what covers most of its own share of the bytes */
		for (int x = 0; x < g.bar_w; x++) {
			uint64_t cs = a->span / (uint64_t)g.bar_w;
			int c = cs ? mx_view_dominant(&a->view, row->base + (uint64_t)x * cs,
						      x == g.bar_w - 1 ? a->span - (uint64_t)x * cs : cs) : row->seg;
			const struct mx_seg *cseg = c >= 0 ? &a->view.seg[c] : s;
			enum el cel = theme_seg(a, cseg);
			bool csel = sel && cseg->item == a->sel;

			put(w, y, g.bar_x + x, theme_attr(a, cel) | (csel ? A_REVERSE : 0), 1,
			    theme_glyph(a, cel));
		}
		if (a->has_log && a->show_log && a->cmp.has_obs_reserved)
			observed_cell(a, w, y, g.bar_x - 1, row);
		if (row->nsmall)
			put(w, y, g.bar_x + g.bar_w, theme_attr(a, EL_WARN), 1, a->g.marker);
		else if (row->boundary)
			put(w, y, g.bar_x + g.bar_w, theme_attr(a, EL_BOUNDARY), 1, a->g.boundary);
		/* the label: what starts in this row, else what the first row continues */
		lab[0] = '\0';
		if (sel && a->sel >= 0 && (row->seg < 0 || a->view.seg[row->seg].item != a->sel) &&
		    a->L.items[a->sel].base >= row->base) {
			/* the selected region is small here: name it rather than the winner */
			char hh[32];

			snprintf(lab, sizeof(lab), "%s %s", a->L.items[a->sel].name,
				 human(a->L.items[a->sel].size, hh, sizeof(hh)));
		} else if (s->base >= row->base || r == 0) {
			seg_label(a, s, lab, sizeof(lab));
		} else if (row->label_item >= 0) {
			snprintf(lab, sizeof(lab), "%s", a->L.items[row->label_item].name);
		}
		la = (int)strlen(lab);
		if (row->nsmall && la < (int)sizeof(lab) - 16)
			snprintf(lab + la, sizeof(lab) - (size_t)la, "%s+%u", la ? " " : "", row->nsmall);
		la = (int)strlen(lab);
		if (row->boundary && la < (int)sizeof(lab) - 20)
			snprintf(lab + la, sizeof(lab) - (size_t)la, "%s%s highmem", la ? " " : "",
				 a->g.boundary);
		put(w, y, g.label_x, theme_attr(a, sel ? EL_SELECTED : EL_NORMAL), wd - g.label_x, lab);
	}
	if (h >= 18)
		legend(a, w, h - 2, 2, wd);
}
