/* view_details.c - everything about the selection: what it is, where, why there, what it costs */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view_internal.h"

static const char *kind_text(const struct mx_item *it)
{
	switch (it->kind) {
	case MX_ITEM_KERNEL: return "kernel image (_stext.._end)";
	case MX_ITEM_PGD: return "page-table root (swapper_pg_dir)";
	case MX_ITEM_INITRD: return "initrd";
	case MX_ITEM_FDT: return "device tree blob";
	case MX_ITEM_MEMRESERVE: return "/memreserve/ entry";
	case MX_ITEM_NOMAP: return it->flags & MX_IF_DYNAMIC ? "dynamic no-map carve-out" :
				   "static no-map carve-out";
	case MX_ITEM_STATIC: return "static reserved carve-out";
	case MX_ITEM_DYNAMIC: return "dynamic reserved carve-out";
	case MX_ITEM_CMA: return it->flags & MX_IF_CMA ? "CMA pool" : "CMA pool (refused)";
	case MX_ITEM_CMA_DEFAULT: return "default CMA area";
	case MX_ITEM_FIXUP: return "no-map-fixup (modem)";
	case MX_ITEM_FREED_LATE: return "freed late (splash)";
	case MX_ITEM_MEMMAP: return "memmap (struct pages)";
	case MX_ITEM_MEMMAP_META: return "memmap bookkeeping";
	case MX_ITEM_EARLY: return "early allocation";
	case MX_ITEM_CALIBRATION: return "calibration (fitted residual)";
	case MX_ITEM__COUNT: break;
	}
	return "?";
}

static void flags_text(const struct mx_region *r, char *buf, size_t len)
{
	static const struct { unsigned bit; const char *n; } f[] = {
		{ MX_REGION_NOMAP, "no-map" }, { MX_REGION_REUSABLE, "reusable" },
		{ MX_REGION_CMA_DEFAULT, "linux,cma-default" }, { MX_REGION_NOMAP_FIXUP, "no-map-fixup" },
		{ MX_REGION_FREED_LATE, "freed-late" }, { MX_REGION_DISABLED, "disabled" },
	};
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (r->flags & f[i].bit)
			n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? " " : "", f[i].n);
	if (!n)
		snprintf(buf, len, "-");
}

/* What a device tree leaves out, and the profile key that gives it. */
static const struct { unsigned bit; const char *what, *key; } assumed_keys[] = {
	{ MX_ASSUMED_ARCH, "arch (guessed)", "--arch or arch:" },
	{ MX_ASSUMED_FLAVOUR, "kernel flavour", "kernel:" },
	{ MX_ASSUMED_KERNEL_BASE, "kernel base", "kernel-image: base" },
	{ MX_ASSUMED_KERNEL_SIZE, "kernel sizes", "kernel-image:" },
	{ MX_ASSUMED_INIT_BASE, "init section base", "kernel-image: init-base" },
	{ MX_ASSUMED_FDT, "DTB address", "fdt:" },
	{ MX_ASSUMED_PGD, "swapper_pg_dir", "pgd:" },
	{ MX_ASSUMED_PAGE_SIZE, "page size", "page-size:" },
	{ MX_ASSUMED_STRUCT_PAGE, "struct page size", "struct-page:" },
	{ MX_ASSUMED_MODEL, "memory model", "memory-model:" },
	{ MX_ASSUMED_MAX_ORDER, "MAX_ORDER", "max-order:" },
	{ MX_ASSUMED_PAGEBLOCK, "pageblock order", "pageblock-order:" },
	{ MX_ASSUMED_SECTIONS, "section sizes", "section-size-bits:" },
	{ MX_ASSUMED_VMSPLIT, "VMSPLIT", "vmsplit:" },
	{ MX_ASSUMED_VMALLOC, "vmalloc size", "vmalloc:" },
	{ MX_ASSUMED_CMA_SIZE, "no default CMA", "cma-size:" },
};

/* One line of the pane: a label and its text, or a text alone. */
struct dline {
	const char *label;
	char text[320];
	uint8_t style;
	int prio;   /* 0 always; larger ones go first when the pane is short */
	int rows;   /* rows the text may wrap to */
};

#define MAXD 40

static struct dline *line(struct dline *v, int *n, const char *label, uint8_t style, int prio, int rows,
			  const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static struct dline *line(struct dline *v, int *n, const char *label, uint8_t style, int prio, int rows,
			  const char *fmt, ...)
{
	struct dline *l;
	va_list ap;

	if (*n >= MAXD)
		return NULL;
	l = &v[(*n)++];
	l->label = label;
	l->style = style;
	l->prio = prio;
	l->rows = rows;
	va_start(ap, fmt);
	vsnprintf(l->text, sizeof(l->text), fmt, ap);
	va_end(ap);
	return l;
}

static void emit(struct mx_canvas *c, struct dline *v, int n, int y)
{
	int h = c->h, wd = c->w, room = h - y;
	bool shown[MAXD];

	/* the most important lines first, as many as fit (a wrapped one as it needs); in their order */
	for (int i = 0; i < n; i++) {
		int x = v[i].label ? 12 : 1, need = mxi_cv_wrap(NULL, 0, x, wd - x, v[i].label ? 0 : 2, v[i].rows, 0,
								v[i].text);

		v[i].rows = need > 0 ? need : 1;
		shown[i] = false;
	}
	for (int p = 0; p <= 9; p++)
		for (int i = 0; i < n; i++)
			if (v[i].prio == p && v[i].rows <= room) {
				shown[i] = true;
				room -= v[i].rows;
			}
	for (int i = 0; i < n && y < h; i++) {
		int x = v[i].label ? 12 : 1, rows = v[i].rows, used;

		if (!shown[i])
			continue;
		if (v[i].label)
			mx_canvas_text(c, y, 1, 10, MX_VS_DIM, v[i].label);
		if (y + rows > h)
			rows = h - y;
		used = mxi_cv_wrap(c, y, x, wd - x, v[i].label ? 0 : 2, rows, v[i].style, v[i].text);
		y += used ? used : 1;
	}
}

/* With nothing selected: what lies at the point. */
static void nothing_selected(const struct mx_screen *s, struct mx_canvas *c)
{
	struct dline v[MAXD];
	int n = 0, sg = mx_view_seg_at(s->view, s->point);
	char hs[32];

	mx_canvas_text(c, 0, 0, c->w, MX_VS_HEAD, " Details");
	if (sg >= 0) {
		const struct mx_seg *g = &s->view->seg[sg];
		const struct mx_vkind_info *k = mx_vkind_info(mx_seg_vkind(g));

		line(v, &n, "at", MX_VS_NORMAL, 0, 1, "0x%" PRIx64 ": %s", s->point, k->name);
		line(v, &n, "range", MX_VS_NORMAL, 0, 2, "[0x%" PRIx64 " - 0x%" PRIx64 "]", g->base, g->base + g->size - 1);
		line(v, &n, "size", MX_VS_NORMAL, 0, 1, "%s", mx_view_size(g->size, hs, sizeof(hs)));
		line(v, &n, NULL, MX_VS_DIM, 2, 2, "%s", k->what);
	}
	line(v, &n, NULL, MX_VS_DIM, 3, 2, "Tab selects the next region, / finds one, t lists them all");
	if (s->L->params.assumed) {
		struct dline *l = line(v, &n, NULL, MX_VS_WARN, 1, 1, "assumed (the input does not say):");
		size_t k = 0;

		(void)l;
		l = line(v, &n, NULL, MX_VS_DIM, 1, 6, "%s", "");
		for (size_t i = 0; l && i < sizeof(assumed_keys) / sizeof(assumed_keys[0]); i++)
			if (s->L->params.assumed & assumed_keys[i].bit)
				k += (size_t)snprintf(l->text + k, k < sizeof(l->text) ? sizeof(l->text) - k : 0,
						      "%s%s (%s)", k ? ", " : "", assumed_keys[i].what, assumed_keys[i].key);
		line(v, &n, NULL, MX_VS_DIM, 4, 2, "a profile with these keys, passed as --profile BASE.yaml, gives them");
	}
	emit(c, v, n, 1);
}

void mxi_details_draw(const struct mx_screen *s, struct mx_canvas *c)
{
	const struct mx_layout *L = s->L;
	const struct mx_item *it;
	const struct mx_region *r = NULL;
	struct dline v[MAXD];
	int n = 0;
	char hb[32], buf[256];
	struct mx_buf pl;

	if (s->sel < 0 || (size_t)s->sel >= L->nitems) {
		nothing_selected(s, c);
		return;
	}
	it = &L->items[s->sel];
	if (it->region >= 0 && (size_t)it->region < s->prof->nregions)
		r = &s->prof->regions[it->region];
	if (r && r->label)
		mxi_cv_textf(c, 0, 0, c->w, MX_VS_HEAD, " %s (%s)", it->name, r->label);
	else
		mxi_cv_textf(c, 0, 0, c->w, MX_VS_HEAD, " %s", it->name);
	line(v, &n, "kind", MX_VS_NORMAL, 0, 1, "%s", kind_text(it));
	if (r && r->ncompatible) {
		struct dline *l = line(v, &n, "compatible", MX_VS_NORMAL, 1, 1, "%s", "");
		size_t k = 0;

		for (size_t i = 0; l && i < r->ncompatible; i++)
			k += (size_t)snprintf(l->text + k, k < sizeof(l->text) ? sizeof(l->text) - k : 0, "%s%s",
					      i ? ", " : "", r->compatible[i]);
	} else if (r) {
		line(v, &n, "compatible", MX_VS_DIM, 3, 1, "none");
	}
	if ((it->flags & (MX_IF_PLACED | MX_IF_GIVEN_BACK | MX_IF_REFUSED)) && it->size)
		line(v, &n, "range", it->flags & MX_IF_PLACED ? MX_VS_NORMAL : MX_VS_WARN, 0, 2,
		     "[0x%" PRIx64 " - 0x%" PRIx64 "]", it->base, it->base + it->size - 1);
	else
		line(v, &n, "range", MX_VS_ERROR, 0, 1, "%s",
		     it->flags & MX_IF_DISABLED ? "disabled: not placed" : "NOT PLACED");
	line(v, &n, "size", MX_VS_NORMAL, 0, 1, "%s (0x%" PRIx64 ")",
	     mx_view_size(it->size ? it->size : it->want, hb, sizeof(hb)), it->size ? it->size : it->want);
	if (r) {
		flags_text(r, buf, sizeof(buf));
		line(v, &n, "flags", MX_VS_NORMAL, 0, 1, "%s", buf);
	}
	mx_buf_init(&pl);
	mxi_placement_text(L, it, &pl);
	line(v, &n, "placed", it->flags & (MX_IF_FAILED | MX_IF_REFUSED) ? MX_VS_WARN : MX_VS_NORMAL, 1, 2,
	     "%s", pl.failed ? "?" : pl.buf);
	mx_buf_release(&pl);
	line(v, &n, "stage", MX_VS_NORMAL, 4, 1, "%s", mx_step_func((enum mx_step)it->step));
	if (r)
		line(v, &n, "source", MX_VS_DIM, 4, 1, "%s:%d:%d", r->pos.file ? r->pos.file : "?",
		     r->pos.line, r->pos.col);
	/* how memx got it: a cost model's formula, a placement note */
	for (size_t i = 0; i < L->nlog; i++)
		if (L->log[i].item == s->sel && L->log[i].kind == MX_LOG_MEMX)
			line(v, &n, "how", MX_VS_DIM, 3, 3, "%s", mx_layout_logline(L, i));
	/* with a boot log: what the boot did with this item */
	for (size_t i = 0; s->log && s->show_log && i < s->log->nline; i++)
		if (s->log->line[i].item == s->sel)
			line(v, &n, "log", s->log->line[i].differs ? MX_VS_WARN : MX_VS_PLUS, 2, 1, "%s",
			     s->log->line[i].text);
	if (r) {
		int64_t mt, rs, pp, mm;
		char k1[32];

		if (r->flags & MX_REGION_DISABLED) {
			line(v, &n, "cost", MX_VS_DIM, 1, 1, "none: the region is disabled");
		} else if (mx_screen_cost(s, it->region, &mt, &rs, &pp, &mm)) {
			line(v, &n, NULL, MX_VS_HEAD, 1, 1, "what it costs (against the board without it)");
			line(v, &n, "MemTotal", mxi_delta_style(-mt), 0, 1, "%s", mxi_kib(-mt, true, k1, sizeof(k1)));
			line(v, &n, "reserved", mxi_delta_style(-rs), 2, 1, "%s", mxi_kib(rs, true, k1, sizeof(k1)));
			line(v, &n, "physpages", mxi_delta_style(-pp), 3, 1, "%s", mxi_kib(-pp, true, k1, sizeof(k1)));
			line(v, &n, "memmap", mxi_delta_style(-mm), 3, 1, "%+" PRId64 " B", mm);
		} else {
			line(v, &n, "cost", MX_VS_DIM, 1, 1, "%s", "computing...");
		}
	}
	for (size_t i = 0; i < s->ndiag; i++)
		if (it->region >= 0 && s->diag[i].region == it->region)
			line(v, &n, NULL, s->diag[i].sev == MX_SEV_ERROR ? MX_VS_ERROR :
			     s->diag[i].sev == MX_SEV_WARNING ? MX_VS_WARN : MX_VS_DIM, 0, 3, "%s: %s",
			     mx_severity_name(s->diag[i].sev), s->diag[i].text);
	emit(c, v, n, 1);
}
