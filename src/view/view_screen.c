/* view_screen.c - the whole screen: where each pane goes at a size, and which panes must be rebuilt */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "view_internal.h"

#define MIN_W 60
#define MIN_H 16

/* The inputs a pane was last built from: equal inputs, same cells. */
struct sig {
	unsigned gen, cgen, costv, extra;
	int w, h, sel, i1, i2, i3, i4;
	uint64_t a, b, h1;
	const void *p1, *p2;
	bool f1, f2, f3, f4;
};

struct mx_screen_priv {
	struct mxi_costs *costs;
	unsigned costv;          /* bumped whenever a cost becomes known */
	struct mxi_diags diags;
	unsigned diag_gen;
	bool diag_valid;
	const struct mx_layout *diag_L;
	uint64_t diag_hash;      /* of the engine's diagnostics the list was made from */
	unsigned diag_version;   /* bumped when the list changed */
	struct mxi_bar *bar;
	int *table;
	size_t ntable, maxtable;
	struct sig sig[MX_PANE__COUNT];
	bool built[MX_PANE__COUNT];
	/* geometry */
	int y[MX_PANE__COUNT], x[MX_PANE__COUNT], h[MX_PANE__COUNT], w[MX_PANE__COUNT];
	bool shown[MX_PANE__COUNT];
	int legend_rows;
	int legend_w, legend_for; /* mxi_legend_rows(legend_for) is legend_w: cached, it measures text */
	bool wide, diags_pane;
	/* the table's order is rebuilt when what it depends on moved */
	struct sig table_sig;
	bool table_valid;
	struct sig status_sig;
	bool status_valid;
	struct mxi_trow *tkeys[MX_PANE__COUNT]; /* the table's row keys, pane or page */
	bool holds_table[MX_PANE__COUNT];       /* the canvas shows the table (the page also shows others) */
	size_t maxtkeys[MX_PANE__COUNT];
	int table_first, list_first;
};

int mx_screen_init(struct mx_screen *s)
{
	memset(s, 0, sizeof(*s));
	s->sel = -1;
	s->cursor_y = s->cursor_x = -1;
	if (!(s->priv = calloc(1, sizeof(*s->priv))))
		return MX_ENOMEM;
	s->priv->costs = mxi_costs_new();
	s->priv->bar = mxi_bar_new();
	if (!s->priv->costs || !s->priv->bar) {
		mx_screen_release(s);
		return MX_ENOMEM;
	}
	return 0;
}

void mx_screen_release(struct mx_screen *s)
{
	if (s->priv) {
		mxi_costs_free(s->priv->costs);
		mxi_bar_free(s->priv->bar);
		mxi_diags_release(&s->priv->diags);
		free(s->priv->table);
		for (int p = 0; p < MX_PANE__COUNT; p++)
			free(s->priv->tkeys[p]);
		free(s->priv);
	}
	for (int i = 0; i < MX_PANE__COUNT; i++)
		mx_canvas_release(&s->pane[i]);
	memset(s, 0, sizeof(*s));
	s->sel = -1;
}

static void place(struct mx_screen_priv *P, enum mx_pane p, int y, int x, int h, int w)
{
	P->y[p] = y;
	P->x[p] = x;
	P->h[p] = h > 0 ? h : 0;
	P->w[p] = w > 0 ? w : 0;
	P->shown[p] = h > 0 && w > 0;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * The body is everything between the title (row 0) and the status line
 * (the last row). Narrow terminals: the bar on the left, details over the
 * accounting on the right. From 100x30 a legend under the bar and a
 * diagnostics pane under the accounting; from 170 columns the region table
 * between the bar and the right column. Pages (table, changes, diagnostics,
 * legend, help) take the whole body.
 */
void mx_screen_layout(struct mx_screen *s)
{
	struct mx_screen_priv *P = s->priv;
	int W = s->W, H = s->H, bh = H - 2, right, table = 0, bar, top = 1;

	memset(P->shown, 0, sizeof(P->shown));
	s->too_small = W < MIN_W || H < MIN_H;
	if (s->too_small) {
		place(P, MX_PANE_PAGE, 0, 0, H, W);
		s->bar_rows = s->page_rows = s->table_rows = 0;
		return;
	}
	P->wide = W >= 170;
	right = P->wide ? clamp(W * 26 / 100, 44, 60) : clamp(W * 45 / 100, 28, 64);
	if (P->wide)
		table = clamp(W * 36 / 100, 64, 90);
	bar = W - right - table;
	place(P, MX_PANE_TITLE, 0, 0, 1, W);
	place(P, MX_PANE_STATUS, H - 1, 0, 1, W);
	if (P->legend_for != bar || !P->legend_w) {
		P->legend_w = mxi_legend_rows(bar);
		P->legend_for = bar;
	}
	P->legend_rows = bh >= 30 && bar >= 40 ? P->legend_w : 0;
	if (P->legend_rows > bh / 4)
		P->legend_rows = 0;
	s->bar_rows = bh - 1 - P->legend_rows;
	s->page_rows = bh - 3;
	if (s->page != MX_PAGE_MAP) {
		place(P, MX_PANE_PAGE, top, 0, bh, W);
		s->table_rows = bh - 2;
		return;
	}
	place(P, MX_PANE_BAR, top, 0, bh, bar);
	if (table) {
		place(P, MX_PANE_TABLE, top, bar, bh, table);
		s->table_rows = bh - 2;
	} else {
		s->table_rows = bh - 2; /* the table page's, when t opens it */
	}
	P->diags_pane = bh >= 28;
	if (P->diags_pane) {
		int dh = clamp(bh * 36 / 100, 9, 24), th = clamp(bh * 38 / 100, 10, 24);

		place(P, MX_PANE_DETAILS, top, bar + table, dh, right);
		place(P, MX_PANE_TOTALS, top + dh, bar + table, th, right);
		place(P, MX_PANE_DIAGS, top + dh + th, bar + table, bh - dh - th, right);
	} else {
		int dh = clamp(bh * 42 / 100, 7, 14);

		place(P, MX_PANE_DETAILS, top, bar + table, dh, right);
		place(P, MX_PANE_TOTALS, top + dh, bar + table, bh - dh, right);
	}
}

static uint64_t hash(const char *t)
{
	uint64_t h = 1469598103934665603ULL;

	for (; t && *t; t++)
		h = (h ^ (unsigned char)*t) * 1099511628211ULL;
	return h;
}

/* Size the pane's canvas; true when it must be (re)built: new inputs or a new size. */
static int prepare(struct mx_screen *s, enum mx_pane p, const struct sig *g, bool *need)
{
	struct mx_screen_priv *P = s->priv;
	struct mx_canvas *c = &s->pane[p];

	*need = false;
	s->shown[p] = P->shown[p];
	s->py[p] = P->y[p];
	s->px[p] = P->x[p];
	if (!P->shown[p]) {
		P->built[p] = false;
		return 0;
	}
	c->ascii = s->ascii;
	/* the page's canvas held the table: its cells and signature are the table's */
	if (P->built[p] && !P->holds_table[p] && c->w == P->w[p] && c->h == P->h[p] &&
	    !memcmp(&P->sig[p], g, sizeof(*g)))
		return 0;
	P->holds_table[p] = false;
	if (mxi_cv_size(c, P->w[p], P->h[p]))
		return MX_ENOMEM;
	P->sig[p] = *g;
	P->built[p] = true;
	s->version[p]++;
	*need = true;
	return 0;
}

static void title(struct mx_screen *s, struct mx_canvas *c)
{
	const struct mx_layout *L = s->L;
	int64_t d = (int64_t)mx_layout_kib(L, L->sum.memtotal) - (int64_t)mx_layout_kib(s->base, s->base->sum.memtotal);
	char right[96], errs[64] = "", warns[64] = "", k1[32], k2[32];
	int x, we = 0, ww = 0;

	mxi_cv_blank(c, 0, MX_VS_TITLE);
	if (d)
		snprintf(right, sizeof(right), " MemTotal %s (%s) ", mxi_kib((int64_t)mx_layout_kib(L, L->sum.memtotal),
			 false, k1, sizeof(k1)), mxi_kib(d, true, k2, sizeof(k2)));
	else
		snprintf(right, sizeof(right), " MemTotal %s ",
			 mxi_kib((int64_t)mx_layout_kib(L, L->sum.memtotal), false, k1, sizeof(k1)));
	if (s->nerrors)
		we = snprintf(errs, sizeof(errs), " %zu error%s ", s->nerrors, s->nerrors == 1 ? "" : "s");
	if (s->nwarnings)
		ww = snprintf(warns, sizeof(warns), " %zu warning%s ", s->nwarnings, s->nwarnings == 1 ? "" : "s");
	/* the figures on the right win; the name on the left is cut to fit */
	x = c->w - we - ww;
	if (ww)
		mx_canvas_text(c, 0, x + we, ww, MX_VS_TITLE_WARN, warns);
	if (we)
		mx_canvas_text(c, 0, x, we, MX_VS_TITLE_ERR, errs);
	x = mxi_cv_text_right(c, 0, x, x, MX_VS_TITLE, right);
	mxi_cv_textf(c, 0, 0, x - 1, MX_VS_TITLE, " memx - %s (%s)%s", s->board ? s->board : "profile",
		     s->source ? s->source : "built-in", s->dirty ? " [modified]" : "");
	mxi_cv_style(c, 0, 0, c->w, MX_VS_TITLE);
	if (we)
		mxi_cv_style(c, 0, c->w - we - ww, c->w - ww, MX_VS_TITLE_ERR);
	if (ww)
		mxi_cv_style(c, 0, c->w - ww, c->w, MX_VS_TITLE_WARN);
}

/* The input line: the whole value when it fits, else scrolled so that the cursor shows. */
static void input_line(struct mx_screen *s, struct mx_canvas *c, int y)
{
	struct mxi_dchar *d = NULL;
	size_t max = 0, cur = 0;
	const char *in = s->input ? s->input : "";
	int n = mxi_text_decode(in, &d, &max), w = c->w - 2, first = 0, col = 0, cols_before = 0;

	mx_canvas_text(c, y, 0, 2, MX_VS_HEAD, "> ");
	if (n < 0)
		return;
	/* the cursor's character index: decode the prefix */
	{
		char *pre = strndup(in, s->input_cur);
		struct mxi_dchar *e = NULL;
		size_t emax = 0;
		int k = pre ? mxi_text_decode(pre, &e, &emax) : 0;

		cur = k > 0 ? (size_t)k : 0;
		free(pre);
		free(e);
	}
	for (size_t i = 0; i < cur && i < (size_t)n; i++)
		cols_before += d[i].w;
	/* scroll: keep the cursor within the line with one column of context */
	while (first < n && cols_before >= w - 1) {
		cols_before -= d[first].w;
		first++;
	}
	if (first > 0)
		mxi_cv_putc(c, y, 2, '<', MX_VS_DIM);
	for (int i = first; i < n; i++) {
		int x = 2 + (first > 0) + col;

		if (x + d[i].w > c->w - (i + 1 < n ? 1 : 0) && i + 1 < n) {
			mxi_cv_putc(c, y, c->w - 1, '>', MX_VS_DIM);
			break;
		}
		mxi_cv_putc(c, y, x, d[i].ch, MX_VS_INPUT);
		if (d[i].w == 2)
			mxi_cv_putc(c, y, x + 1, 0, MX_VS_INPUT);
		col += d[i].w;
	}
	/* the rest of the line is the field too */
	for (int x = 2 + (first > 0) + col; x < c->w; x++)
		mxi_cv_putc(c, y, x, ' ', MX_VS_INPUT);
	s->cursor_y = s->py[MX_PANE_STATUS] + y;
	s->cursor_x = 2 + (first > 0) + cols_before;
	free(d);
}

static void status(struct mx_screen *s)
{
	struct mx_screen_priv *P = s->priv;
	struct mx_canvas *c = &s->pane[MX_PANE_STATUS];
	bool two;
	struct sig g;

	/* the same message, input line and keys: the same cells */
	memset(&g, 0, sizeof(g));
	g.w = s->W;
	g.h = s->H;
	g.f1 = s->prompt;
	g.f2 = s->yesno;
	g.f4 = s->ascii;
	g.h1 = s->prompt ? hash(s->question) ^ hash(s->input) * 31 ^ hash(s->prompt_err) * 131 :
	       hash(s->msg) ^ hash(s->hints) * 31;
	g.a = s->input_cur;
	g.i1 = (int)s->msg_style;
	two = s->prompt && (!s->yesno || mx_text_cols(s->question) > s->W);

	/*
	 * an input line takes two rows: the question (or why the value was
	 * refused), then the value; a long yes/no question wraps onto two.
	 * Placed on every frame: the layout puts the status back on one row,
	 * also when its cells stay as they are
	 */
	P->y[MX_PANE_STATUS] = two ? s->H - 2 : s->H - 1;
	P->h[MX_PANE_STATUS] = two ? 2 : 1;
	s->py[MX_PANE_STATUS] = P->y[MX_PANE_STATUS];
	s->px[MX_PANE_STATUS] = 0;
	s->shown[MX_PANE_STATUS] = true;
	if (P->status_valid && !memcmp(&g, &P->status_sig, sizeof(g)))
		return;
	P->status_sig = g;
	P->status_valid = true;
	c->ascii = s->ascii;
	if (mxi_cv_size(c, s->W, P->h[MX_PANE_STATUS]))
		return;
	s->version[MX_PANE_STATUS]++;
	s->cursor_y = s->cursor_x = -1;
	if (two && s->yesno) {
		mxi_cv_blank(c, 0, MX_VS_INFO);
		mxi_cv_blank(c, 1, MX_VS_INFO);
		mxi_cv_wrap(c, 0, 0, c->w, 0, 2, MX_VS_INFO, s->question);
		return;
	}
	if (two) {
		mxi_cv_blank(c, 0, s->prompt_err ? MX_VS_ERROR : MX_VS_STATUS);
		mx_canvas_text(c, 0, 0, c->w, s->prompt_err ? MX_VS_ERROR : MX_VS_STATUS,
			       s->prompt_err ? s->prompt_err : s->question);
		input_line(s, c, 1);
		return;
	}
	if (s->prompt) {
		mxi_cv_blank(c, 0, MX_VS_INFO);
		mx_canvas_text(c, 0, 0, c->w, MX_VS_INFO, s->question);
		return;
	}
	if (s->msg && *s->msg) {
		mxi_cv_blank(c, 0, (uint8_t)s->msg_style);
		mx_canvas_text(c, 0, 0, c->w, (uint8_t)s->msg_style, s->msg);
		return;
	}
	mxi_cv_blank(c, 0, MX_VS_STATUS);
	mx_canvas_text(c, 0, 0, c->w, MX_VS_STATUS, s->hints ? s->hints : "");
}

static void too_small(struct mx_screen *s)
{
	struct mx_canvas *c = &s->pane[MX_PANE_PAGE];
	char t[128];

	s->shown[MX_PANE_PAGE] = true;
	s->py[MX_PANE_PAGE] = s->px[MX_PANE_PAGE] = 0;
	c->ascii = s->ascii;
	if (mxi_cv_size(c, s->W, s->H))
		return;
	s->version[MX_PANE_PAGE]++;
	s->priv->built[MX_PANE_PAGE] = false;
	snprintf(t, sizeof(t), "memx needs %dx%d; this terminal is %dx%d.", MIN_W, MIN_H, s->W, s->H);
	mxi_cv_wrap(c, 0, 0, s->W, 0, s->H, MX_VS_ERROR, t);
	if (s->H > 2)
		mxi_cv_wrap(c, 2, 0, s->W, 0, s->H - 2, MX_VS_NORMAL,
			    s->prompt ? s->question : "Make it larger, or press q to quit.");
	s->cursor_y = s->cursor_x = -1;
}

/* The table (pane or page): its order when that changed, then the rows that changed. */
static int table(struct mx_screen *s, enum mx_pane p)
{
	struct mx_screen_priv *P = s->priv;
	struct mx_canvas *c = &s->pane[p];
	struct sig g;
	int rows = P->h[p] - 2, first;
	bool full;

	memset(&g, 0, sizeof(g));
	g.gen = s->gen;
	g.costv = s->sort == MX_SORT_COST ? P->costv : 0;
	g.i3 = (int)s->sort;
	g.f1 = s->sort_desc;
	g.h1 = hash(s->filter);
	g.p1 = s->L;
	if (!P->table_valid || memcmp(&g, &P->table_sig, sizeof(g))) {
		if (mxi_table_order(s, &P->table, &P->maxtable, &P->ntable))
			return MX_ENOMEM;
		P->table_sig = g;
		P->table_valid = true;
	}
	s->table = P->table;
	s->ntable = P->ntable;
	if (s->table_cur >= (int)P->ntable)
		s->table_cur = P->ntable ? (int)P->ntable - 1 : 0;
	if (s->table_cur < 0)
		s->table_cur = 0;
	first = P->table_first;
	if (s->table_cur < first)
		first = s->table_cur;
	if (rows > 0 && s->table_cur >= first + rows)
		first = s->table_cur - rows + 1;
	if (first > 0 && (size_t)first + (size_t)rows > P->ntable)
		first = (int)P->ntable > rows ? (int)P->ntable - rows : 0;
	P->table_first = first;
	/* the inputs of the whole pane */
	memset(&g, 0, sizeof(g));
	g.gen = s->gen;
	g.costv = P->costv;
	g.sel = s->sel;
	g.i1 = s->table_cur;
	g.i2 = first;
	g.i3 = (int)s->sort;
	g.f1 = s->sort_desc;
	g.f2 = s->table_focus;
	g.f3 = s->letters;
	g.f4 = s->ascii;
	g.i4 = (int)s->page;
	g.h1 = hash(s->filter);
	s->shown[p] = true;
	s->py[p] = P->y[p];
	s->px[p] = P->x[p];
	c->ascii = s->ascii;
	/* from scratch when the canvas last showed another page (legend, help...): its row keys are stale */
	full = !P->built[p] || !P->holds_table[p] || c->w != P->w[p] || c->h != P->h[p] ||
	       P->sig[p].f3 != g.f3 || P->sig[p].f4 != g.f4;
	if (!full && !memcmp(&P->sig[p], &g, sizeof(g)))
		return 0;
	if (full) {
		if (mxi_cv_size(c, P->w[p], P->h[p]) ||
		    mxi_grow((void **)&P->tkeys[p], &P->maxtkeys[p], (size_t)P->h[p] + 1, sizeof(*P->tkeys[p])))
			return MX_ENOMEM;
	}
	P->sig[p] = g;
	P->built[p] = true;
	P->holds_table[p] = true;
	if (mxi_table_draw(s, c, P->table, P->ntable, first, P->tkeys[p], full))
		s->version[p]++;
	return 0;
}

/* Everything the diagnostics list is made from, as one number. */
static uint64_t diags_hash(const struct mx_layout *L)
{
	uint64_t h = hash("") ^ L->diags.cnt;

	for (size_t i = 0; i < L->diags.cnt; i++) {
		const struct mx_diag *d = &L->diags.d[i];
		int it = d->region >= 0 ? mx_layout_region_item(L, d->region) : -1;

		h = (h ^ hash(d->msg) ^ hash(d->file) * 7 ^ hash(d->check) * 13) * 1099511628211ULL;
		h = (h ^ (uint64_t)d->sev ^ (uint64_t)(d->region + 1) << 8 ^ (uint64_t)d->line << 32 ^
		     (uint64_t)d->col << 48) * 1099511628211ULL;
		/* an assumed place is said from where the region lies */
		if (it >= 0)
			h = (h ^ L->items[it].base ^ L->items[it].size << 1) * 1099511628211ULL;
	}
	return h ^ L->params.assumed;
}

static int diags(struct mx_screen *s)
{
	struct mx_screen_priv *P = s->priv;

	if (!P->diag_valid || P->diag_gen != s->gen || P->diag_L != s->L) {
		/* after an edit the diagnostics are most often the same: then the list stays */
		uint64_t h = diags_hash(s->L);

		if (!P->diag_valid || P->diag_L != s->L || h != P->diag_hash) {
			if (mxi_diags_build(&P->diags, s->L, s->prof))
				return MX_ENOMEM;
			P->diag_hash = h;
			P->diag_version++;
		}
		P->diag_valid = true;
		P->diag_gen = s->gen;
		P->diag_L = s->L;
	}
	s->diag = P->diags.d;
	s->ndiag = P->diags.n;
	s->nerrors = P->diags.nerrors;
	s->nwarnings = P->diags.nwarnings;
	return 0;
}

static void base_sig(const struct mx_screen *s, struct sig *g)
{
	memset(g, 0, sizeof(*g));
	g->gen = s->gen;
	g->f4 = s->ascii;
}

int mx_screen_build(struct mx_screen *s)
{
	struct mx_screen_priv *P = s->priv;
	struct sig g;
	bool need;

	if (diags(s) || mxi_costs_sync(P->costs, s->gen, s->prof->nregions))
		return MX_ENOMEM;
	if (s->costs_now)
		for (size_t r = 0; r < s->prof->nregions; r++)
			if (mxi_costs_compute(P->costs, s->L, s->prof, (int)r))
				return MX_ENOMEM;
	/* what the layout shows, and nothing else (a page that closed is not painted again) */
	for (int p = 0; p < MX_PANE__COUNT; p++) {
		s->shown[p] = P->shown[p] && !s->too_small;
		s->py[p] = P->y[p];
		s->px[p] = P->x[p];
	}
	if (s->too_small) {
		too_small(s);
		return 0;
	}
	/* title */
	base_sig(s, &g);
	g.f1 = s->dirty;
	g.p1 = s->board;
	g.p2 = s->source;
	if (prepare(s, MX_PANE_TITLE, &g, &need))
		return MX_ENOMEM;
	if (need)
		title(s, &s->pane[MX_PANE_TITLE]);
	/* the bar: it keeps its own finer caches */
	s->shown[MX_PANE_BAR] = P->shown[MX_PANE_BAR];
	s->py[MX_PANE_BAR] = P->y[MX_PANE_BAR];
	s->px[MX_PANE_BAR] = P->x[MX_PANE_BAR];
	if (P->shown[MX_PANE_BAR]) {
		struct mx_canvas *c = &s->pane[MX_PANE_BAR];
		int r;

		c->ascii = s->ascii;
		if (c->w != P->w[MX_PANE_BAR] || c->h != P->h[MX_PANE_BAR]) {
			if (mxi_cv_size(c, P->w[MX_PANE_BAR], P->h[MX_PANE_BAR]))
				return MX_ENOMEM;
		}
		r = mxi_bar_draw(P->bar, s, c, P->legend_rows);
		if (r < 0)
			return MX_ENOMEM;
		if (r)
			s->version[MX_PANE_BAR]++;
	}
	/* details */
	base_sig(s, &g);
	g.sel = s->sel;
	g.a = s->sel < 0 ? s->point : 0;
	g.f1 = s->show_log;
	g.f2 = s->sel >= 0 && s->L->items[s->sel].region >= 0 &&
	       mx_screen_cost(s, s->L->items[s->sel].region, NULL, NULL, NULL, NULL);
	if (prepare(s, MX_PANE_DETAILS, &g, &need))
		return MX_ENOMEM;
	if (need)
		mxi_details_draw(s, &s->pane[MX_PANE_DETAILS]);
	/* accounting */
	base_sig(s, &g);
	g.f1 = s->dirty;
	g.f2 = s->show_log;
	g.f3 = P->diags_pane;
	if (prepare(s, MX_PANE_TOTALS, &g, &need))
		return MX_ENOMEM;
	if (need)
		mxi_totals_draw(s, &s->pane[MX_PANE_TOTALS], !P->diags_pane);
	/* diagnostics */
	base_sig(s, &g);
	g.gen = P->diag_version;
	if (prepare(s, MX_PANE_DIAGS, &g, &need))
		return MX_ENOMEM;
	if (need)
		mxi_diags_draw(s, &s->pane[MX_PANE_DIAGS], false);
	/* the table pane (wide terminals) */
	if (P->shown[MX_PANE_TABLE] && table(s, MX_PANE_TABLE))
		return MX_ENOMEM;
	/* a page over the body */
	if (P->shown[MX_PANE_PAGE]) {
		if (s->page == MX_PAGE_TABLE) {
			if (table(s, MX_PANE_PAGE))
				return MX_ENOMEM;
		} else {
			/* the help and the legend scroll no further than their last line */
			if (s->page == MX_PAGE_HELP || s->page == MX_PAGE_LEGEND) {
				int last = mxi_page_lines(s, P->w[MX_PANE_PAGE]) - (P->h[MX_PANE_PAGE] - 1);

				s->help_top = clamp(s->help_top, 0, last > 0 ? last : 0);
			}
			base_sig(s, &g);
			g.i1 = (int)s->page;
			g.i2 = s->list_cur;
			g.i3 = s->help_top;
			g.cgen = s->changes_gen;
			g.f1 = s->letters;
			g.sel = s->sel;
			if (prepare(s, MX_PANE_PAGE, &g, &need))
				return MX_ENOMEM;
			if (need) {
				struct mx_canvas *c = &s->pane[MX_PANE_PAGE];

				if (s->page == MX_PAGE_DIAGS)
					mxi_diags_draw(s, c, true);
				else if (s->page == MX_PAGE_CHANGES)
					mxi_changes_draw(s, c);
				else if (s->page == MX_PAGE_LEGEND)
					mxi_legend_draw(s, c, true);
				else
					mxi_help_draw(s, c);
			}
		}
	}
	status(s);
	/* what the search matches, and which match is selected */
	s->nmatch = s->match = 0;
	if (s->filter && *s->filter)
		for (size_t j = 0; j < s->view->nbyaddr; j++)
			if (mx_screen_matches(s->L, s->prof, s->view->byaddr[j], s->filter)) {
				s->nmatch++;
				if (s->view->byaddr[j] == s->sel)
					s->match = s->nmatch;
			}
	return 0;
}

bool mx_screen_idle(struct mx_screen *s)
{
	struct mx_screen_priv *P = s->priv;
	int r = -1;

	if (s->too_small || !s->L || mxi_costs_sync(P->costs, s->gen, s->prof->nregions))
		return false;
	if (s->sel >= 0 && (size_t)s->sel < s->L->nitems && s->L->items[s->sel].region >= 0 &&
	    !mx_screen_cost(s, s->L->items[s->sel].region, NULL, NULL, NULL, NULL))
		r = s->L->items[s->sel].region;
	else if (P->shown[MX_PANE_TABLE] || (s->page == MX_PAGE_TABLE && P->shown[MX_PANE_PAGE]))
		r = mxi_costs_next_missing(P->costs, 0);
	if (r < 0 || mxi_costs_compute(P->costs, s->L, s->prof, r))
		return false;
	P->costv++;
	return true;
}

bool mx_screen_cost(const struct mx_screen *s, int region, int64_t *memtotal, int64_t *reserved,
		    int64_t *physpages, int64_t *memmap)
{
	if (!s->priv || !s->priv->costs)
		return false;
	return mxi_costs_get(s->priv->costs, region, memtotal, reserved, physpages, memmap);
}

bool mxi_screen_last_cost(const struct mx_screen *s, int region, int64_t *memtotal)
{
	return s->priv && s->priv->costs && mxi_costs_last(s->priv->costs, region, memtotal);
}

/* Encode one code point as UTF-8. */
static void put_utf8(struct mx_buf *b, uint32_t c)
{
	char u[4];

	if (c < 0x80) {
		u[0] = (char)c;
		mx_buf_add(b, u, 1);
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3f));
		mx_buf_add(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		mx_buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3f));
		u[2] = (char)(0x80 | (c >> 6 & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		mx_buf_add(b, u, 4);
	}
}

int mx_screen_dump(const struct mx_screen *s, struct mx_buf *out)
{
	static const enum mx_pane order[] = {
		MX_PANE_TITLE, MX_PANE_BAR, MX_PANE_TABLE, MX_PANE_DETAILS, MX_PANE_TOTALS, MX_PANE_DIAGS,
		MX_PANE_PAGE, MX_PANE_STATUS,
	};
	uint32_t *grid;
	size_t n = (size_t)(s->W > 0 ? s->W : 0) * (size_t)(s->H > 0 ? s->H : 0);

	if (!n)
		return 0;
	if (!(grid = malloc(n * sizeof(*grid))))
		return MX_ENOMEM;
	for (size_t i = 0; i < n; i++)
		grid[i] = ' ';
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		enum mx_pane p = order[k];
		const struct mx_canvas *c = &s->pane[p];

		if (!s->shown[p])
			continue;
		for (int y = 0; y < c->h; y++)
			for (int x = 0; x < c->w; x++) {
				int ty = s->py[p] + y, tx = s->px[p] + x;

				if (ty >= 0 && ty < s->H && tx >= 0 && tx < s->W)
					grid[(size_t)ty * (size_t)s->W + (size_t)tx] = c->cells[(size_t)y * (size_t)c->w + (size_t)x].ch;
			}
	}
	for (int y = 0; y < s->H; y++) {
		int end = s->W;
		const uint32_t *row = &grid[(size_t)y * (size_t)s->W];

		while (end > 0 && row[end - 1] == ' ')
			end--;
		for (int x = 0; x < end; x++)
			if (row[x])
				put_utf8(out, row[x]);
		mx_buf_adds(out, "\n");
	}
	free(grid);
	return out->failed ? MX_ENOMEM : 0;
}
