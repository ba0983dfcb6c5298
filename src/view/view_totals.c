/* view_totals.c - the accounting pane: the boot's counters, loaded -> now, what matters first */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "view_internal.h"

struct line {
	const char *label;
	uint64_t now, was;  /* KiB, or bytes / pages as @unit says */
	const char *unit;   /* "" (KiB, the pane's unit), " B", " pages" */
	int prio;           /* 0 always shown; larger ones go first when the pane is short */
	bool counter;
	const char *text;   /* a text line (not a counter) */
	char own[200];
	uint8_t style;
	int rows;           /* rows a text line may wrap to */
	bool shown;
};

#define MAXL 48

static struct line *add(struct line *v, int *n, const char *label, uint64_t now, uint64_t was,
			const char *unit, int prio)
{
	struct line *l;

	if (*n >= MAXL)
		return NULL;
	l = &v[(*n)++];
	memset(l, 0, sizeof(*l));
	l->label = label;
	l->now = now;
	l->was = was;
	l->unit = unit;
	/* every change is visible: a counter that moved goes with the first ones */
	l->prio = now != was && prio > 1 ? 1 : prio;
	l->counter = true;
	return l;
}

static struct line *add_text(struct line *v, int *n, uint8_t style, int prio, int rows, const char *t)
{
	struct line *l;

	if (*n >= MAXL)
		return NULL;
	l = &v[(*n)++];
	memset(l, 0, sizeof(*l));
	l->text = t;
	l->style = style;
	l->prio = prio;
	l->rows = rows;
	return l;
}

/* totalram after @step, or 0 when the flavour does not run it */
static uint64_t after(const struct mx_layout *L, enum mx_step step)
{
	const struct mx_stage *s = mx_layout_stage(L, step);

	return s ? mx_layout_kib(L, s->after.totalram) : 0;
}

static uint8_t sev_style(enum mx_severity s)
{
	return s == MX_SEV_ERROR ? MX_VS_ERROR : s == MX_SEV_WARNING ? MX_VS_WARN : MX_VS_DIM;
}

void mxi_totals_draw(const struct mx_screen *s, struct mx_canvas *c, bool with_diags)
{
	static const struct { enum mx_step step; const char *label; } late[] = {
		{ MX_STEP_CMA_ACTIVATE, "+CMA" }, { MX_STEP_INITRD_FREE, "+initrd" },
		{ MX_STEP_INIT_FREE, "+init" }, { MX_STEP_FIXUP, "+fixup" },
		{ MX_STEP_FREED_LATE, "+late" },
	};
	const struct mx_layout *L = s->L, *B = s->base;
	const struct mx_summary *m = &L->sum, *b = &B->sum;
	struct line v[MAXL];
	char summary[96];
	int n = 0, y = 1, h = c->h, wd = c->w;
	bool memmap_kib = !(m->memmap_bytes % 1024) && !(b->memmap_bytes % 1024);

	add(v, &n, "DRAM", m->dram >> 10, b->dram >> 10, "", 4);
	add(v, &n, "physpages", mx_layout_kib(L, m->physpages), mx_layout_kib(B, b->physpages), "", 1);
	add(v, &n, "available", mx_layout_kib(L, m->available), mx_layout_kib(B, b->available), "", 1);
	add(v, &n, "reserved", mx_layout_kib(L, m->reserved), mx_layout_kib(B, b->reserved), "", 1);
	if (L->params.flavour->memory_line_cma || m->cma_reserved)
		add(v, &n, "cma-resv", mx_layout_kib(L, m->cma_reserved), mx_layout_kib(B, b->cma_reserved), "", 3);
	if (m->has_highmem)
		add(v, &n, "highmem", mx_layout_kib(L, m->highmem_free), mx_layout_kib(B, b->highmem_free), "", 3);
	for (size_t i = 0; i < sizeof(late) / sizeof(late[0]); i++) {
		uint64_t now = after(L, late[i].step), was = after(B, late[i].step);
		const struct mx_stage *st = mx_layout_stage(L, late[i].step);
		size_t k = st ? (size_t)(st - L->stages) : 0;

		/* only the steps that give something back, here or as loaded */
		if (st && k > 0 && (now != mx_layout_kib(L, L->stages[k - 1].after.totalram) || now != was)) {
			struct line *l = add(v, &n, late[i].label, now, was, "", 2);

			/* running totals: MemTotal already says what moved them */
			if (l)
				l->prio = 2;
		}
	}
	add(v, &n, "MemTotal", mx_layout_kib(L, m->memtotal), mx_layout_kib(B, b->memtotal), "", 0);
	if (m->has_highmem) {
		add(v, &n, "LowTotal", mx_layout_kib(L, m->lowtotal), mx_layout_kib(B, b->lowtotal), "", 2);
		add(v, &n, "HighTotal", mx_layout_kib(L, m->hightotal), mx_layout_kib(B, b->hightotal), "", 1);
	}
	add(v, &n, "CmaTotal", mx_layout_kib(L, m->cmatotal), mx_layout_kib(B, b->cmatotal), "", 1);
	add(v, &n, "memmap pg", m->memmap_pages, b->memmap_pages, " pages", 3);
	if (memmap_kib)
		add(v, &n, "memmap", m->memmap_bytes >> 10, b->memmap_bytes >> 10, "", 2);
	else
		add(v, &n, "memmap", m->memmap_bytes, b->memmap_bytes, " B", 2);
	if (s->log && s->show_log) {
		struct line *l = add_text(v, &n, s->log->ndiff ? MX_VS_WARN : MX_VS_PLUS, 0, 1, NULL);

		if (l) {
			snprintf(l->own, sizeof(l->own), "vs boot log: %zu figures, %zu differ%s",
				 s->log->nchecked, s->log->ndiff, s->log->ndiff ? ":" : "");
			l->text = l->own;
		}
		for (size_t i = 0; i < s->log->nline; i++)
			if (s->log->line[i].differs)
				add_text(v, &n, MX_VS_WARN, 1, 1, s->log->line[i].text);
	}
	if (with_diags && s->ndiag) {
		bool first = true;

		snprintf(summary, sizeof(summary), "%zu error%s, %zu warning%s: e lists them", s->nerrors,
			 s->nerrors == 1 ? "" : "s", s->nwarnings, s->nwarnings == 1 ? "" : "s");
		add_text(v, &n, s->nerrors ? MX_VS_ERROR : MX_VS_WARN, 0, 1, summary);
		for (size_t i = 0; i < s->ndiag && n < MAXL; i++) {
			if (s->diag[i].sev < MX_SEV_WARNING)
				continue;
			/* the first problem is always readable, on two rows if it needs them */
			add_text(v, &n, sev_style(s->diag[i].sev), first ? 0 : 5, first ? 2 : 1, s->diag[i].text);
			first = false;
		}
	}
	/* the most important lines first, as many as fit; shown in their own order */
	{
		int room = h - 1;

		for (int i = 0; i < n; i++)
			if (!v[i].counter) {
				int need = mxi_cv_wrap(NULL, 0, 1, wd - 1, 2, v[i].rows, 0, v[i].text);

				v[i].rows = need > 0 ? need : 1;
			}
		for (int p = 0; p <= 9; p++)
			for (int i = 0; i < n; i++) {
				int need = v[i].counter ? 1 : v[i].rows;

				if (v[i].prio != p)
					continue;
				if (need > room && !v[i].counter && room > 0)
					need = v[i].rows = room;
				v[i].shown = need <= room;
				if (v[i].shown)
					room -= need;
			}
	}
	mx_canvas_text(c, 0, 0, wd, MX_VS_HEAD, " Accounting (KiB)");
	if (s->dirty && wd > 32)
		mxi_cv_text_right(c, 0, wd - 1, wd - 18, MX_VS_HEAD, "loaded \u2192 now");
	for (int i = 0; i < n && y < h; i++) {
		char val[96];

		if (!v[i].shown)
			continue;
		if (!v[i].counter) {
			int rows = v[i].rows;

			/* a wrapped line only when the rest still fits */
			if (y + rows > h)
				rows = h - y;
			y += mxi_cv_wrap(c, y, 1, wd - 1, 2, rows, v[i].style, v[i].text);
			continue;
		}
		mx_canvas_text(c, y, 1, 10, v[i].prio == 0 ? MX_VS_HEAD : MX_VS_DIM, v[i].label);
		if (v[i].now == v[i].was) {
			snprintf(val, sizeof(val), "%" PRIu64 "%s", v[i].now, v[i].unit);
			mx_canvas_text(c, y, 11, wd - 11, MX_VS_NORMAL, val);
		} else {
			int64_t d = (int64_t)v[i].now - (int64_t)v[i].was;
			int x;

			snprintf(val, sizeof(val), "%" PRIu64 " %s %" PRIu64 "%s", v[i].was,
				 c->ascii ? "->" : "\u2192", v[i].now, v[i].unit);
			x = 11 + mx_canvas_text(c, y, 11, wd - 11, MX_VS_NORMAL, val) + 1;
			/* more MemTotal is good news; more reserved or memmap is not */
			bool costs = !strcmp(v[i].label, "reserved") || !strncmp(v[i].label, "memmap", 6);

			mxi_cv_textf(c, y, x, wd - x, mxi_delta_style(costs ? -d : d), "(%+" PRId64 ")", d);
		}
		y++;
	}
}
