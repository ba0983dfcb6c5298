/* view_lists.c - the diagnostics list, the changes (ledger), the legend and the help page */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "view_internal.h"

static uint8_t sev_style(enum mx_severity s)
{
	return s == MX_SEV_ERROR ? MX_VS_ERROR : s == MX_SEV_WARNING ? MX_VS_WARN : MX_VS_DIM;
}

/* Rows entry @i of the diagnostics takes at width @w (a page shows it whole, with its place). */
static int diag_rows(const struct mx_screen *s, size_t i, int w, bool page)
{
	char t[1024];

	snprintf(t, sizeof(t), "%s: %s", mx_severity_name(s->diag[i].sev), s->diag[i].text);
	return mxi_cv_wrap(NULL, 0, 1, w - 1, 2, page ? 6 : 2, 0, t) + (page && s->diag[i].where);
}

/* The first entry to show so that entry @cur is on screen in @rows rows. */
static size_t first_shown(const struct mx_screen *s, size_t cur, int rows, int w)
{
	size_t first = cur;
	int used = diag_rows(s, cur, w, true);

	while (first > 0 && used + diag_rows(s, first - 1, w, true) <= rows) {
		first--;
		used += diag_rows(s, first, w, true);
	}
	return first;
}

void mxi_diags_draw(const struct mx_screen *s, struct mx_canvas *c, bool page)
{
	int y = 1, w = c->w;
	size_t first = 0;
	char head[160];

	snprintf(head, sizeof(head), " Diagnostics: %zu error%s, %zu warning%s%s", s->nerrors,
		 s->nerrors == 1 ? "" : "s", s->nwarnings, s->nwarnings == 1 ? "" : "s",
		 page ? "  (Enter shows the region, q goes back)" : s->ndiag ? "  (e lists them)" : "");
	mx_canvas_text(c, 0, 0, w, MX_VS_HEAD, head);
	if (!s->ndiag) {
		mx_canvas_text(c, 1, 1, w - 1, MX_VS_PLUS, "none: the kernel would take this board as it is");
		return;
	}
	if (page && s->list_cur >= 0 && (size_t)s->list_cur < s->ndiag)
		first = first_shown(s, (size_t)s->list_cur, c->h - 1, w);
	for (size_t i = first; i < s->ndiag && y < c->h; i++) {
		const struct mx_vdiag *d = &s->diag[i];
		char t[1024];
		int y0 = y;

		snprintf(t, sizeof(t), "%s: %s", mx_severity_name(d->sev), d->text);
		y += mxi_cv_wrap(c, y, 1, w - 1, 2, page ? 6 : 2, sev_style(d->sev), t);
		if (page && d->where && y < c->h)
			mxi_cv_textf(c, y++, 3, w - 3, MX_VS_DIM, "%s%s%s%s", d->where, d->check ? " [" : "",
				     d->check ? d->check : "", d->check ? "]" : "");
		if (page && (int)i == s->list_cur) {
			for (int k = y0; k < y; k++)
				mxi_cv_or(c, k, 0, w, MX_VS_REV);
			mxi_cv_putc(c, y0, 0, c->ascii ? '>' : 0x25b6, MX_VS_CURSOR);
		}
	}
	if (!page && y >= c->h && s->ndiag > 1)
		mxi_cv_text_right(c, c->h - 1, w, 12, MX_VS_DIM, " e: all ");
}

void mxi_changes_draw(const struct mx_screen *s, struct mx_canvas *c)
{
	const struct mx_layout *L = s->L, *B = s->base;
	int w = c->w, rows = c->h - 5, first = 0, y = 2, wl = w - 32;
	char head[160], a[32], b[32], d[32];

	snprintf(head, sizeof(head), " Changes since the profile was loaded: %zu  (D reverts the one under "
		 "the cursor, Enter shows its region, q goes back)", s->nchanges);
	mx_canvas_text(c, 0, 0, w, MX_VS_HEAD, head);
	if (wl < 16)
		wl = 16;
	mx_canvas_text(c, 1, 1, wl, MX_VS_DIM, "#   change");
	mxi_cv_text_right(c, 1, w - 21, 10, MX_VS_DIM, "MemTotal");
	mxi_cv_text_right(c, 1, w - 11, 10, MX_VS_DIM, "reserved");
	mxi_cv_text_right(c, 1, w - 1, 10, MX_VS_DIM, "CmaTotal");
	if (!s->nchanges)
		mx_canvas_text(c, 2, 1, w - 1, MX_VS_DIM, "no change yet: every edit appears here with what it moved (KiB)");
	if (s->list_cur >= rows && rows > 0)
		first = s->list_cur - rows + 1;
	for (int i = first; (size_t)i < s->nchanges && y < 2 + rows; i++, y++) {
		const struct mx_vchange *ch = &s->changes[i];

		mxi_cv_textf(c, y, 1, wl, MX_VS_NORMAL, "%-3d %s", i + 1, ch->what);
		if (ch->measured) {
			snprintf(a, sizeof(a), "%+" PRId64, ch->memtotal);
			snprintf(b, sizeof(b), "%+" PRId64, ch->reserved);
			snprintf(d, sizeof(d), "%+" PRId64, ch->cma);
			mxi_cv_text_right(c, y, w - 21, 10, mxi_delta_style(ch->memtotal), a);
			mxi_cv_text_right(c, y, w - 11, 10, mxi_delta_style(-ch->reserved), b);
			mxi_cv_text_right(c, y, w - 1, 10, MX_VS_NORMAL, d);
		}
		if (i == s->list_cur) {
			mxi_cv_or(c, y, 0, w, MX_VS_REV);
			mxi_cv_putc(c, y, 0, c->ascii ? '>' : 0x25b6, MX_VS_CURSOR);
		}
	}
	/* the total: the board now against the board as loaded */
	if (c->h >= 4) {
		int64_t mt = (int64_t)mx_layout_kib(L, L->sum.memtotal) - (int64_t)mx_layout_kib(B, B->sum.memtotal);
		int64_t rs = (int64_t)mx_layout_kib(L, L->sum.reserved) - (int64_t)mx_layout_kib(B, B->sum.reserved);
		int64_t cm = (int64_t)mx_layout_kib(L, L->sum.cmatotal) - (int64_t)mx_layout_kib(B, B->sum.cmatotal);
		int yt = c->h - 2;

		mxi_cv_textf(c, yt, 1, wl, MX_VS_HEAD, "total: MemTotal %" PRIu64 " %s %" PRIu64 " KiB, %s %s",
			     mx_layout_kib(B, B->sum.memtotal), c->ascii ? "->" : "\u2192",
			     mx_layout_kib(L, L->sum.memtotal), mt >= 0 ? "saved" : "lost",
			     mxi_kib(mt >= 0 ? mt : -mt, false, d, sizeof(d)));
		snprintf(a, sizeof(a), "%+" PRId64, mt);
		snprintf(b, sizeof(b), "%+" PRId64, rs);
		snprintf(d, sizeof(d), "%+" PRId64, cm);
		mxi_cv_text_right(c, yt, w - 21, 10, mxi_delta_style(mt), a);
		mxi_cv_text_right(c, yt, w - 11, 10, mxi_delta_style(-rs), b);
		mxi_cv_text_right(c, yt, w - 1, 10, MX_VS_NORMAL, d);
		mx_canvas_text(c, yt + 1, 1, w - 1, MX_VS_DIM,
			       "each line: KiB the edit moved when it was made; the total is now against as loaded");
	}
}

/* The marks of the bar and labels, after the kinds of memory. */
static const struct { const char *utf8, *ascii, *name, *what; } marks[] = {
	{ "\u25b6", ">", "cursor", "the cursor row" },
	{ "\u25c2", "<", "+N", "the row holds N regions too small to win a cell (Enter cycles through them)" },
	{ "\u2550", "=", "highmem", "the lowmem/highmem boundary falls in this row" },
	{ "*", "*", "freed later", "after a label: given back later in boot (initrd, CMA, splash)" },
	{ "\u2590", "|", "observed", "left of the bar (--log): the boot log has reserved memory in the row" },
	{ "\u00b7", ".", "predicted only", "left of the bar (--log): memx predicts reserved memory the log lacks" },
	{ "\u2026", "~", "cut", "a label or value too long for its room" },
};
#define NMARKS (sizeof(marks) / sizeof(marks[0]))

/* Width of one compact legend entry: glyph, space, name, two spaces. */
static int entry_w(const char *name)
{
	return 1 + 1 + mx_text_cols(name) + 2;
}

/* Lay the compact legend out at width @w; draw it when @c is not NULL. Returns rows used. */
static int legend_flow(struct mx_canvas *c, int w, bool ascii, bool letters, int y0)
{
	int x = 1, y = y0;

	for (int k = 0; k < MX_VK__COUNT + (int)NMARKS; k++) {
		const char *glyph, *name;
		uint8_t st;

		if (k < MX_VK__COUNT) {
			const struct mx_vkind_info *i = mx_vkind_info((enum mx_vkind)k);

			glyph = letters || ascii ? i->ascii : i->utf8;
			name = i->name;
			st = (uint8_t)(MX_VS_KIND + k);
			if (k == MX_VK_HOLE)
				continue; /* blank: nothing to show */
		} else {
			glyph = ascii ? marks[k - MX_VK__COUNT].ascii : marks[k - MX_VK__COUNT].utf8;
			name = marks[k - MX_VK__COUNT].name;
			st = MX_VS_WARN;
		}
		if (x + entry_w(name) > w && x > 1) {
			y++;
			x = 1;
		}
		if (c) {
			mx_canvas_text(c, y, x, 1, st, glyph);
			mx_canvas_text(c, y, x + 2, w - x - 2, MX_VS_NORMAL, name);
		}
		x += entry_w(name);
	}
	return y - y0 + 1;
}

/* the lines under the help's key table (mxi_help_draw's tail[]) */
#define HELP_TAIL 5

int mxi_legend_rows(int w)
{
	return legend_flow(NULL, w, false, false, 0);
}

void mxi_legend_draw(const struct mx_screen *s, struct mx_canvas *c, bool page)
{
	bool ascii = s->ascii, letters = s->letters;
	int y = 1 - (page ? s->help_top : 0);

	if (!page) {
		legend_flow(c, c->w, ascii, letters, 0);
		return;
	}
	mx_canvas_text(c, 0, 0, c->w, MX_VS_HEAD, " Legend: every kind of memory and every mark  (q goes back)");
	for (int k = 0; k < MX_VK__COUNT; k++, y++) {
		const struct mx_vkind_info *i = mx_vkind_info((enum mx_vkind)k);

		if (y < 1)
			continue;
		mx_canvas_text(c, y, 2, 1, (uint8_t)(MX_VS_KIND + k), letters || ascii ? i->ascii : i->utf8);
		if (k != MX_VK_HOLE)
			mx_canvas_text(c, y, 3, 1, (uint8_t)(MX_VS_KIND + k), letters || ascii ? i->ascii : i->utf8);
		mx_canvas_text(c, y, 6, 16, MX_VS_HEAD, i->name);
		mx_canvas_text(c, y, 22, c->w - 22, MX_VS_NORMAL, i->what);
	}
	y++;
	for (size_t k = 0; k < NMARKS; k++, y++) {
		if (y < 1)
			continue;
		mx_canvas_text(c, y, 2, 1, MX_VS_WARN, ascii ? marks[k].ascii : marks[k].utf8);
		mx_canvas_text(c, y, 6, 16, MX_VS_HEAD, marks[k].name);
		mx_canvas_text(c, y, 22, c->w - 22, MX_VS_NORMAL, marks[k].what);
	}
	if (y >= 1 && y < c->h) {
		mx_canvas_text(c, y, 2, 4, MX_VS_SELECTED | MX_VS_REV, "name");
		mx_canvas_text(c, y, 6, 16, MX_VS_HEAD, "reversed");
		mx_canvas_text(c, y, 22, c->w - 22, MX_VS_NORMAL, "the selected region, in the bar and its label");
	}
}

int mxi_page_lines(const struct mx_screen *s, int w)
{
	int total = (int)s->nhelp + (int)HELP_TAIL;

	if (s->page == MX_PAGE_LEGEND)
		return MX_VK__COUNT + 1 + (int)NMARKS + 1;  /* kinds, a blank, marks, the selection */
	return w >= 110 ? (total + 1) / 2 : total;
}

void mxi_help_draw(const struct mx_screen *s, struct mx_canvas *c)
{
	static const char *const tail[] = {
		"",
		"Edits recompute at once; the accounting shows loaded -> now (delta), in KiB.",
		"Sizes are exact binary units (20 MiB, 1784 KiB); counters are KiB, as the kernel prints them.",
		"Options: --no-color (or NO_COLOR=1), --ascii, --no-mouse, --log LOG.",
		"memx report / check / export FILE print without the explorer.",
	};
	_Static_assert(sizeof(tail) / sizeof(tail[0]) == HELP_TAIL, "HELP_TAIL counts the lines of tail[]");
	size_t ntail = HELP_TAIL;
	int total = (int)(s->nhelp + ntail), w = c->w, colw = w >= 110 ? w / 2 : w;
	int per_col = colw == w ? total : (total + 1) / 2, top = s->help_top;

	mx_canvas_text(c, 0, 0, w, MX_VS_HEAD, " Keys  (Up/Down scroll, q or Esc closes; i shows the legend)");
	for (int line = 0; line < total; line++) {
		int col = colw == w ? 0 : line >= per_col;
		int row = (col ? line - per_col : line) - top + 1;

		if (row < 1 || row >= c->h)
			continue;
		if ((size_t)line < s->nhelp) {
			mx_canvas_text(c, row, col * colw + 1, 10, MX_VS_KEY, s->help_keys[line]);
			mx_canvas_text(c, row, col * colw + 12, colw - 13, MX_VS_NORMAL, s->help_text[line]);
		} else {
			mx_canvas_text(c, row, col * colw + 1, colw - 2, MX_VS_DIM, tail[(size_t)line - s->nhelp]);
		}
	}
}
