/* pane_totals.c - the accounting: boot timeline counters, each with its delta against the profile as loaded */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pane.h"

struct line {
	const char *label;
	uint64_t now, was;  /* KiB (or bytes for memmap) */
	const char *unit;
	int prio;           /* 0 always shown; larger ones go first when space is short */
	bool have;          /* a counter line (not text) */
	char text[160];     /* a text line */
	enum el el;
};

#define MAXL 32

static void add(struct line *v, int *n, const char *label, uint64_t now, uint64_t was,
		const char *unit, int prio)
{
	if (*n >= MAXL)
		return;
	memset(&v[*n], 0, sizeof(v[*n]));
	v[*n].label = label;
	v[*n].now = now;
	v[*n].was = was;
	v[*n].unit = unit;
	v[*n].prio = prio;
	v[*n].have = true;
	(*n)++;
}

static void add_text(struct line *v, int *n, enum el el, int prio, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void add_text(struct line *v, int *n, enum el el, int prio, const char *fmt, ...)
{
	va_list ap;

	if (*n >= MAXL)
		return;
	memset(&v[*n], 0, sizeof(v[*n]));
	va_start(ap, fmt);
	vsnprintf(v[*n].text, sizeof(v[*n].text), fmt, ap);
	va_end(ap);
	v[*n].el = el;
	v[*n].prio = prio;
	(*n)++;
}

/* totalram after @step, or 0 when the flavour does not run it */
static uint64_t after(const struct mx_layout *L, enum mx_step step)
{
	const struct mx_stage *s = mx_layout_stage(L, step);

	return s ? mx_layout_kib(L, s->after.totalram) : 0;
}

void pane_totals_draw(struct app *a, WINDOW *w, int h, int wd)
{
	static const struct { enum mx_step step; const char *label; } late[] = {
		{ MX_STEP_CMA_ACTIVATE, "+CMA" }, { MX_STEP_INITRD_FREE, "+initrd" },
		{ MX_STEP_INIT_FREE, "+init" }, { MX_STEP_FIXUP, "+fixup" },
		{ MX_STEP_FREED_LATE, "+late" },
	};
	const struct mx_layout *L = &a->L, *B = &a->Lbase;
	const struct mx_summary *s = &L->sum, *b = &B->sum;
	struct line v[MAXL];
	int n = 0, maxprio = 9, shown = 0, y = 1;
	size_t ne = mx_diaglist_count(&L->diags, MX_SEV_ERROR);
	size_t nw = mx_diaglist_count(&L->diags, MX_SEV_WARNING);

	add(v, &n, "DRAM", s->dram >> 10, b->dram >> 10, "K", 4);
	add(v, &n, "physpages", mx_layout_kib(L, s->physpages), mx_layout_kib(B, b->physpages), "K", 1);
	add(v, &n, "available", mx_layout_kib(L, s->available), mx_layout_kib(B, b->available), "K", 1);
	add(v, &n, "reserved", mx_layout_kib(L, s->reserved), mx_layout_kib(B, b->reserved), "K", 1);
	if (L->params.flavour->memory_line_cma || s->cma_reserved)
		add(v, &n, "cma-resv", mx_layout_kib(L, s->cma_reserved), mx_layout_kib(B, b->cma_reserved), "K", 3);
	if (s->has_highmem)
		add(v, &n, "highmem", mx_layout_kib(L, s->highmem_free), mx_layout_kib(B, b->highmem_free), "K", 3);
	for (size_t i = 0; i < sizeof(late) / sizeof(late[0]); i++) {
		uint64_t now = after(L, late[i].step), was = after(B, late[i].step);
		const struct mx_stage *st = mx_layout_stage(L, late[i].step);
		size_t k = st ? (size_t)(st - L->stages) : 0;

		/* only the steps that give something back, here or as loaded */
		if (st && k > 0 && (now != mx_layout_kib(L, L->stages[k - 1].after.totalram) || now != was))
			add(v, &n, late[i].label, now, was, "K", 2);
	}
	add(v, &n, "MemTotal", mx_layout_kib(L, s->memtotal), mx_layout_kib(B, b->memtotal), " kB", 0);
	if (s->has_highmem) {
		add(v, &n, "LowTotal", mx_layout_kib(L, s->lowtotal), mx_layout_kib(B, b->lowtotal), " kB", 2);
		add(v, &n, "HighTotal", mx_layout_kib(L, s->hightotal), mx_layout_kib(B, b->hightotal), " kB", 1);
	}
	add(v, &n, "CmaTotal", mx_layout_kib(L, s->cmatotal), mx_layout_kib(B, b->cmatotal), " kB", 1);
	add(v, &n, "memmap pg", s->memmap_pages, b->memmap_pages, "", 2);
	add(v, &n, "memmap B", s->memmap_bytes, b->memmap_bytes, "", 1);
	if (a->has_log && a->show_log) {
		/* the boot log (--log): how many figures agree, then each one that does not */
		const struct mx_compare *c = &a->cmp;

		add_text(v, &n, c->ndiff ? EL_WARN : EL_PLUS, 0, "vs boot log: %zu figures, %zu differ%s",
			 c->nchecked, c->ndiff, c->ndiff ? ":" : "");
		for (size_t i = 0; i < c->nrows && n < MAXL; i++) {
			const struct mx_cmp_row *r = &c->rows[i];

			if (!r->differs)
				continue;
			if (r->unit == MX_CMP_KIB)
				add_text(v, &n, EL_WARN, 1, " %s: %lluK, log %lluK (%+lldK)", r->what,
					 (unsigned long long)r->pred, (unsigned long long)r->obs,
					 (long long)r->obs - (long long)r->pred);
			else if (r->unit == MX_CMP_TEXT)
				add_text(v, &n, EL_WARN, 1, " %s: %s, log %s", r->what, r->pred_text, r->obs_text);
			else
				add_text(v, &n, EL_WARN, 1, " %s: 0x%llx, log 0x%llx", r->what,
					 (unsigned long long)r->pred, (unsigned long long)r->obs);
		}
	}
	if (ne || nw) {
		add_text(v, &n, ne ? EL_ERROR : EL_WARN, 0, "%zu error(s), %zu warning(s):", ne, nw);
		for (size_t i = 0; i < L->diags.cnt && n < MAXL; i++)
			if (L->diags.d[i].sev >= MX_SEV_WARNING)
				add_text(v, &n, L->diags.d[i].sev == MX_SEV_ERROR ? EL_ERROR : EL_WARN, 5,
					 " %s", L->diags.d[i].msg);
	}
	/* drop the least important lines until the rest fits */
	for (;;) {
		shown = 0;
		for (int i = 0; i < n; i++)
			shown += v[i].prio <= maxprio;
		if (shown <= h - 1 || maxprio == 0)
			break;
		maxprio--;
	}
	putf(w, 0, 0, theme_attr(a, EL_HEAD), wd, " Accounting%*s", wd > 40 ? wd - 11 : 0,
	     a->dirty ? "loaded -> now " : "");
	for (int i = 0; i < n && y < h; i++) {
		char val[96];

		if (v[i].prio > maxprio)
			continue;
		if (!v[i].have) {
			put(w, y++, 1, theme_attr(a, v[i].el), wd - 1, v[i].text);
			continue;
		}
		put(w, y, 1, theme_attr(a, v[i].prio == 0 ? EL_HEAD : EL_DIM), 10, v[i].label);
		if (v[i].now == v[i].was) {
			snprintf(val, sizeof(val), "%llu%s", (unsigned long long)v[i].now, v[i].unit);
			put(w, y, 11, theme_attr(a, EL_NORMAL), wd - 11, val);
		} else {
			long long d = (long long)v[i].now - (long long)v[i].was;
			int x;

			snprintf(val, sizeof(val), "%llu%s %s %llu%s", (unsigned long long)v[i].was, v[i].unit,
				 a->g.arrow, (unsigned long long)v[i].now, v[i].unit);
			put(w, y, 11, theme_attr(a, EL_NORMAL), wd - 11, val);
			x = 11 + text_cols(val) + 1;
			putf(w, y, x, theme_attr(a, d > 0 ? EL_PLUS : EL_MINUS), wd - x, "(%+lld)", d);
		}
		y++;
	}
}
