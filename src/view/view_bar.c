/* view_bar.c - the bar pane: the address space, one row per span bytes, rebuilt row by row */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "view_internal.h"

/*
 * What a bar row shows depends on the layout (gen), the zoom (span, top),
 * the width of the bar, and two small things that move on every key: the
 * cursor row and the selection. A key that only moves those rebuilds the
 * rows they touch; scrolling by a few rows moves the cached rows up or down
 * and builds the new ones; everything else rebuilds the pane.
 */
struct mxi_bar {
	bool valid;
	unsigned gen;
	uint64_t top, span, cur;
	int sel;
	int w, h, nrows, bw, legend;
	bool ascii, letters, log;
	uint32_t glyph[MX_VK__COUNT]; /* each kind's glyph as a code point */
	bool drawn;            /* the hashes say what the canvas rows hold */
	struct mx_row *rows;   /* [nrows] */
	int *cells;            /* [bw] the segment of each cell of the row being drawn */
	bool *ok;              /* [nrows] row drawn and current */
	uint64_t *hash;        /* [nrows] what the drawn row was made of (see row_hash) */
	size_t maxrows, maxcells, maxhash;
};

struct mxi_bar *mxi_bar_new(void)
{
	return calloc(1, sizeof(struct mxi_bar));
}

void mxi_bar_free(struct mxi_bar *b)
{
	if (!b)
		return;
	free(b->rows);
	free(b->cells);
	free(b->ok);
	free(b->hash);
	free(b);
}

static bool row_has_sel(const struct mx_screen *s, const struct mx_row *r);

static uint64_t mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 1099511628211ULL;
}

static uint64_t mix_str(uint64_t h, const char *t)
{
	for (; t && *t; t++)
		h = mix(h, (unsigned char)*t);
	return h;
}

static uint64_t item_hash(uint64_t h, const struct mx_screen *s, int it)
{
	if (it < 0)
		return mix(h, 0x55);
	h = mix(h, (uint64_t)it);
	h = mix(h, s->L->items[it].base);
	h = mix(h, s->L->items[it].size);
	h = mix(h, s->L->items[it].flags);
	return mix_str(h, s->L->items[it].name);
}

/*
 * Everything a bar row is drawn from, as one number: after an edit a row
 * whose segments, cells, items and marks are what they were is not drawn
 * again (most of them).
 */
static uint64_t row_hash(const struct mxi_bar *b, const struct mx_screen *s, int r)
{
	const struct mx_row *row = &b->rows[r];
	uint64_t h = 1469598103934665603ULL, re = row->base + row->span < row->base ? UINT64_MAX : row->base + row->span;

	h = mix(h, row->base);
	h = mix(h, r == 0); /* the first row names what it continues */
	h = mix(h, (uint64_t)(row->seg + 1));
	h = mix(h, row->nsmall);
	h = mix(h, row->boundary);
	h = mix(h, row->base == s->cur);
	h = item_hash(h, s, row->label_item);
	h = item_hash(h, s, row->small_item);
	if (row->seg >= 0) {
		const struct mx_seg *g = &s->view->seg[row->seg];

		h = mix(h, g->base);
		h = mix(h, g->size);
		h = mix(h, g->kind);
		h = item_hash(h, s, g->item);
	}
	/* the cells are a function of the segments in the row: hashing those is enough */
	if (row->seg >= 0)
		for (int t = mx_view_seg_at(s->view, row->base); t >= 0 && (size_t)t < s->view->nseg &&
		     s->view->seg[t].base < re; t++) {
			const struct mx_seg *g = &s->view->seg[t];

			h = mix(h, g->base);
			h = mix(h, g->size);
			h = mix(h, g->kind | (uint64_t)g->ikind << 8);
			h = item_hash(h, s, g->item);
		}
	if (row_has_sel(s, row))
		h = item_hash(mix(h, 0x5e1), s, s->sel);
	if (b->log) {
		h = mix(h, mx_rangeset_bytes_in(s->log->reserved, row->base, row->span));
		h = mix(h, mx_rangeset_bytes_in(&s->L->reserved, row->base, row->span));
	}
	return h;
}

static int hex_digits(uint64_t v)
{
	int n = 1;

	while (v >>= 4)
		n++;
	return n;
}

struct geom {
	int addr_w, bar_x, bw, mark_x, label_x;
};

static void geometry(const struct mx_screen *s, int w, struct geom *g)
{
	int d = hex_digits(s->view->end ? s->view->end - 1 : 0), avail;

	g->addr_w = 2 + (d < 8 ? 8 : d);
	g->bar_x = 1 + g->addr_w + 1;
	avail = w - g->bar_x - 2;
	/* the bar grows with the pane; the labels keep at least a third of it */
	g->bw = avail * 45 / 100;
	if (g->bw > 96)
		g->bw = 96;
	if (g->bw < 6)
		g->bw = avail > 6 ? 6 : avail > 1 ? avail : 1;
	g->mark_x = g->bar_x + g->bw;
	g->label_x = g->mark_x + 2;
}

/* Does item @it have bytes in [rb, rb + span)? */
static bool touches(const struct mx_layout *L, int it, uint64_t rb, uint64_t span)
{
	const struct mx_item *m;

	if (it < 0 || (size_t)it >= L->nitems)
		return false;
	m = &L->items[it];
	if (!(m->flags & MX_IF_PLACED) || !m->size)
		return false;
	return m->base < rb + span && rb < m->base + m->size;
}

static bool row_has_sel(const struct mx_screen *s, const struct mx_row *r)
{
	if (s->sel < 0 || r->seg < 0)
		return false;
	if (s->view->seg[r->seg].item == s->sel)
		return true;
	return r->label_item == s->sel || r->small_item == s->sel || touches(s->L, s->sel, r->base, r->span);
}

static void seg_label(const struct mx_screen *s, const struct mx_seg *g, char *buf, size_t len)
{
	char h[32];

	if (g->kind == MX_SEG_ITEM) {
		const struct mx_item *it = &s->L->items[g->item];

		snprintf(buf, len, "%s %s%s", it->name, mx_view_size(it->size, h, sizeof(h)),
			 it->flags & MX_IF_FREED ? " *" : "");
	} else {
		snprintf(buf, len, "(%s %s)", mx_seg_name(g), mx_view_size(g->size, h, sizeof(h)));
	}
}

static void draw_row(struct mxi_bar *b, const struct mx_screen *s, struct mx_canvas *c, const struct geom *g,
		     int r)
{
	const struct mx_row *row = &b->rows[r];
	const int *cells = b->cells;
	int y = r + 1, la;
	bool cursor = row->base == s->cur, sel = row_has_sel(s, row), start;
	const struct mx_seg *win;
	char lab[320];
	uint8_t lstyle;

	mxi_cv_blank(c, y, MX_VS_NORMAL);
	if (cursor)
		mxi_cv_putc(c, y, 0, s->ascii ? '>' : 0x25b6, MX_VS_CURSOR);
	if (row->seg < 0)
		return;
	win = &s->view->seg[row->seg];
	mx_view_cells(s->view, row->base, row->span, b->bw, b->cells);
	mxi_cv_textf(c, y, 1, g->addr_w, cursor ? MX_VS_CURSOR : MX_VS_ADDR, "0x%0*" PRIx64, g->addr_w - 2,
		     row->base);
	/* each cell shows what covers most of its own share of the row */
	for (int x = 0; x < b->bw; x++) {
		const struct mx_seg *cs = cells[x] >= 0 ? &s->view->seg[cells[x]] : win;
		enum mx_vkind k = mx_seg_vkind(cs);
		uint8_t st = (uint8_t)(MX_VS_KIND + k);

		if (sel && cs->item == s->sel && cs->item >= 0)
			st |= MX_VS_REV;
		mxi_cv_putc(c, y, g->bar_x + x, b->glyph[k], st);
	}
	if (b->log && s->log->reserved) {
		/* the boot's memblock.reserved in this row: highlighted where it differs by a page or more */
		uint64_t obs = mx_rangeset_bytes_in(s->log->reserved, row->base, row->span);
		uint64_t pred = mx_rangeset_bytes_in(&s->L->reserved, row->base, row->span);
		uint64_t d = obs > pred ? obs - pred : pred - obs;

		if (obs || pred)
			mxi_cv_putc(c, y, g->bar_x - 1, obs ? (s->ascii ? '|' : 0x2590) : (s->ascii ? '.' : 0xb7),
				    d >= s->L->params.page ? MX_VS_WARN : MX_VS_DIM);
	}
	if (row->nsmall)
		mxi_cv_putc(c, y, g->mark_x, s->ascii ? '<' : 0x25c2, MX_VS_WARN);
	else if (row->boundary)
		mxi_cv_putc(c, y, g->mark_x, s->ascii ? '=' : 0x2550, MX_VS_BOUNDARY);
	/* the label: what starts in this row, else what the first row continues */
	lab[0] = '\0';
	start = true;
	if (sel && win->item != s->sel && s->L->items[s->sel].base >= row->base) {
		/* the selected region is small here: name it rather than the winner */
		char hh[32];

		snprintf(lab, sizeof(lab), "%s %s", s->L->items[s->sel].name,
			 mx_view_size(s->L->items[s->sel].size, hh, sizeof(hh)));
	} else if (win->base >= row->base || r == 0) {
		seg_label(s, win, lab, sizeof(lab));
	} else if (row->label_item >= 0) {
		snprintf(lab, sizeof(lab), "%s", s->L->items[row->label_item].name);
	} else {
		start = false;
	}
	la = (int)strlen(lab);
	if (row->nsmall && la < (int)sizeof(lab) - 16)
		snprintf(lab + la, sizeof(lab) - (size_t)la, "%s+%u", la ? " " : "", row->nsmall);
	la = (int)strlen(lab);
	if (row->boundary && la < (int)sizeof(lab) - 20)
		snprintf(lab + la, sizeof(lab) - (size_t)la, "%s%s highmem", la ? " " : "",
			 s->ascii ? "=" : "\u2550");
	lstyle = sel ? (uint8_t)(MX_VS_SELECTED | MX_VS_REV) : start ? MX_VS_NORMAL : MX_VS_DIM;
	mxi_cv_text_words(c, y, g->label_x, c->w - g->label_x, lstyle, lab);
}

static void header(const struct mx_screen *s, struct mx_canvas *c, const struct geom *g)
{
	char z[32];
	uint64_t fit = mx_view_fit_span(s->view, s->L->params.page, s->bar_rows);

	mxi_cv_blank(c, 0, MX_VS_NORMAL);
	mx_canvas_text(c, 0, 0, g->bar_x, MX_VS_HEAD, " address");
	mxi_cv_textf(c, 0, g->bar_x, c->w - g->bar_x, MX_VS_HEAD, "%s/row%s", mx_view_size(s->span, z, sizeof(z)),
		     s->span == fit ? "  all of DRAM" : "  (+ - zoom, 0 all)");
}

/* Keep rows that only moved (a scroll of a few rows): shift the caches by @k rows. */
static void shift(struct mxi_bar *b, struct mx_canvas *c, int k)
{
	int n = b->nrows, keep = n - (k < 0 ? -k : k);
	size_t rowcells = (size_t)c->w;

	if (keep <= 0) {
		memset(b->ok, 0, (size_t)n * sizeof(*b->ok));
		return;
	}
	if (k > 0) {
		memmove(b->rows, b->rows + k, (size_t)keep * sizeof(*b->rows));
		memmove(b->ok, b->ok + k, (size_t)keep * sizeof(*b->ok));
		memmove(b->hash, b->hash + k, (size_t)keep * sizeof(*b->hash));
		memmove(c->cells + rowcells, c->cells + (size_t)(1 + k) * rowcells,
			(size_t)keep * rowcells * sizeof(*c->cells));
		memset(b->ok + keep, 0, (size_t)k * sizeof(*b->ok));
	} else {
		k = -k;
		memmove(b->rows + k, b->rows, (size_t)keep * sizeof(*b->rows));
		memmove(b->ok + k, b->ok, (size_t)keep * sizeof(*b->ok));
		memmove(b->hash + k, b->hash, (size_t)keep * sizeof(*b->hash));
		memmove(c->cells + (size_t)(1 + k) * rowcells, c->cells + rowcells,
			(size_t)keep * rowcells * sizeof(*c->cells));
		memset(b->ok, 0, (size_t)k * sizeof(*b->ok));
	}
}

int mxi_bar_draw(struct mxi_bar *b, const struct mx_screen *s, struct mx_canvas *c, int legend_rows)
{
	struct geom g;
	int n = s->bar_rows;
	bool log = s->log && s->show_log && s->log->reserved, changed = false;

	geometry(s, c->w, &g);
	if (n < 0)
		n = 0;
	if (!b->valid || b->span != s->span || b->w != c->w || b->h != c->h ||
	    b->nrows != n || b->bw != g.bw || b->legend != legend_rows || b->ascii != s->ascii ||
	    b->letters != s->letters || b->log != log) {
		if (mxi_grow((void **)&b->rows, &b->maxrows, (size_t)(n ? n : 1), sizeof(*b->rows)) ||
		    mxi_grow((void **)&b->cells, &b->maxcells, (size_t)g.bw + 1, sizeof(*b->cells)) ||
		    mxi_grow((void **)&b->hash, &b->maxhash, (size_t)(n ? n : 1), sizeof(*b->hash)))
			return -1;
		free(b->ok);
		if (!(b->ok = calloc((size_t)(n ? n : 1), sizeof(*b->ok))))
			return -1;
		if (mxi_cv_size(c, c->w, c->h))
			return -1;
		b->drawn = false;
		b->valid = true;
		b->gen = s->gen;
		b->span = s->span;
		b->w = c->w;
		b->h = c->h;
		b->nrows = n;
		b->bw = g.bw;
		b->legend = legend_rows;
		b->ascii = s->ascii;
		b->letters = s->letters;
		b->log = log;
		for (int k = 0; k < MX_VK__COUNT; k++) {
			const struct mx_vkind_info *ki = mx_vkind_info((enum mx_vkind)k);
			struct mx_canvas one = { 0 };
			struct mx_vcell cell = { ' ', 0 };

			/* the glyph's code point, decoded once */
			one.w = one.h = 1;
			one.cells = &cell;
			mx_canvas_text(&one, 0, 0, 1, 0, b->letters || b->ascii ? ki->ascii : ki->utf8);
			b->glyph[k] = cell.ch;
			free(one.dec);
		}
		b->top = s->top;
		b->cur = s->cur;
		b->sel = s->sel;
		header(s, c, &g);
		if (legend_rows > 0) {
			struct mx_canvas sub = *c;

			/* the legend under the bar: the pane's last rows */
			sub.cells = c->cells + (size_t)(c->h - legend_rows) * (size_t)c->w;
			sub.h = legend_rows;
			mxi_legend_draw(s, &sub, false);
			/* the text scratch may have grown (moved) in the view: it stays the pane's */
			c->dec = sub.dec;
			c->maxdec = sub.maxdec;
		}
		changed = true;
	} else if (b->gen != s->gen) {
		/* a new layout: every row is looked at again, and drawn only if it changed */
		memset(b->ok, 0, (size_t)n * sizeof(*b->ok));
		b->gen = s->gen;
		b->cur = s->cur;
		b->sel = s->sel;
		b->top = s->top;
		header(s, c, &g);
		changed = true;
	} else if (b->top != s->top) {
		uint64_t d = b->top > s->top ? b->top - s->top : s->top - b->top;
		int64_t k = d % s->span || d / s->span >= (uint64_t)n ? n : (int64_t)(d / s->span);

		shift(b, c, b->top < s->top ? (int)k : -(int)k);
		/* the first row labels what it continues; the row that was first no longer does */
		b->ok[0] = false;
		if (b->top > s->top && k < n)
			b->ok[k] = false;
		b->top = s->top;
		header(s, c, &g);
		changed = true;
	}
	/* rows whose cursor or selection state moved */
	if (b->cur != s->cur || b->sel != s->sel) {
		for (int r = 0; r < n; r++) {
			uint64_t rb = s->top + (uint64_t)r * s->span;

			if (!b->ok[r])
				continue;
			if (rb == b->cur || rb == s->cur || (b->sel != s->sel &&
			    (touches(s->L, b->sel, rb, s->span) || touches(s->L, s->sel, rb, s->span) ||
			     b->rows[r].label_item == b->sel || b->rows[r].small_item == b->sel ||
			     b->rows[r].label_item == s->sel || b->rows[r].small_item == s->sel)))
				b->ok[r] = false;
		}
		b->cur = s->cur;
		b->sel = s->sel;
	}
	for (int r = 0; r < n; r++) {
		uint64_t h;

		if (b->ok[r])
			continue;
		mx_view_rows(s->view, s->L, s->top + (uint64_t)r * s->span, s->span, 1, &b->rows[r]);
		b->ok[r] = true;
		h = row_hash(b, s, r);
		if (b->drawn && b->hash[r] == h)  /* hash[] is set only once drawn */
			continue;
		draw_row(b, s, c, &g, r);
		b->hash[r] = h;
		changed = true;
	}
	b->drawn = true;
	return changed;
}
