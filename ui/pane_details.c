/* pane_details.c - everything about the selected region */
#include <stdio.h>
#include <string.h>

#include "memx/report.h"
#include "pane.h"

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

static void cost_line(struct app *a, WINDOW *w, int y, int wd, const char *what, int64_t v,
		      const char *unit)
{
	putf(w, y, 1, theme_attr(a, EL_DIM), 11, "%s", what);
	putf(w, y, 12, theme_attr(a, v > 0 ? EL_MINUS : v < 0 ? EL_PLUS : EL_NORMAL), wd - 12,
	     "%+lld%s", (long long)v, unit);
}

void pane_details_draw(struct app *a, WINDOW *w, int h, int wd)
{
	const struct mx_item *it;
	const struct mx_region *r = NULL;
	char hb[32], buf[256];
	struct mx_buf pl;
	int y = 1;

	if (a->sel < 0) {
		int s = mx_view_seg_at(&a->view, a->cur);

		put(w, 0, 0, theme_attr(a, EL_HEAD), wd, " Details");
		if (s >= 0) {
			const struct mx_seg *g = &a->view.seg[s];

			putf(w, y++, 1, theme_attr(a, EL_NORMAL), wd - 1, "%s at 0x%llx, %s",
			     mx_seg_name(g), (unsigned long long)g->base, human(g->size, hb, sizeof(hb)));
		}
		put(w, y + 1, 1, theme_attr(a, EL_DIM), wd - 1,
		    "Tab / ] select the next region, / finds one by name.");
		y += 3;
		if (a->L.params.assumed && y < h) {
			/* what the input did not say: a device tree leaves most of the kernel side out */
			struct mx_buf as;
			const char *t;
			int x = 1;

			mx_buf_init(&as);
			mx_report_assumed(a->L.params.assumed, &as);
			put(w, y++, 1, theme_attr(a, EL_WARN), wd - 1, "assumed (not in the input):");
			for (t = as.failed ? "" : as.buf; *t && y < h;) {
				int n = 0;

				while (t[n] && n < wd - 2)
					n++;
				if (t[n]) /* break at the last comma that fits */
					while (n > 0 && t[n - 1] != ' ')
						n--;
				if (!n)
					n = wd - 2;
				putf(w, y++, x, theme_attr(a, EL_DIM), wd - 1, "%.*s", n, t);
				t += n;
			}
			mx_buf_release(&as);
		}
		return;
	}
	it = &a->L.items[a->sel];
	if (it->region >= 0)
		r = &a->prof.regions[it->region];
	putf(w, 0, 0, theme_attr(a, EL_HEAD), wd, " %s%s%s%s", it->name, r && r->label ? " (" : "",
	     r && r->label ? r->label : "", r && r->label ? ")" : "");
	putf(w, y++, 1, theme_attr(a, EL_NORMAL), wd - 1, "%-10s %s", "kind", kind_text(it));
	if (r && r->ncompatible && y < h)
		putf(w, y++, 1, theme_attr(a, EL_NORMAL), wd - 1, "%-10s %s%s", "compatible",
		     r->compatible[0], r->ncompatible > 1 ? ", ..." : "");
	if (y < h) {
		if (it->flags & MX_IF_PLACED || it->flags & MX_IF_GIVEN_BACK)
			putf(w, y++, 1, theme_attr(a, EL_NORMAL), wd - 1, "%-10s 0x%llx - 0x%llx",
			     "range", (unsigned long long)it->base,
			     (unsigned long long)(it->base + it->size));
		else
			putf(w, y++, 1, theme_attr(a, EL_ERROR), wd - 1, "%-10s %s", "range",
			     it->flags & MX_IF_DISABLED ? "disabled: not placed" : "NOT PLACED");
	}
	if (y < h)
		putf(w, y++, 1, theme_attr(a, EL_NORMAL), wd - 1, "%-10s 0x%llx (%s)", "size",
		     (unsigned long long)(it->size ? it->size : it->want),
		     human(it->size ? it->size : it->want, hb, sizeof(hb)));
	if (r && y < h) {
		flags_text(r, buf, sizeof(buf));
		putf(w, y++, 1, theme_attr(a, EL_NORMAL), wd - 1, "%-10s %s", "flags", buf);
	}
	if (y < h) {
		mx_buf_init(&pl);
		mx_report_placement(&a->L, it, &pl);
		putf(w, y++, 1, theme_attr(a, EL_NORMAL), wd - 1, "%-10s %s", "placed",
		     pl.failed ? "?" : pl.buf);
		mx_buf_release(&pl);
	}
	if (y < h)
		putf(w, y++, 1, theme_attr(a, EL_NORMAL), wd - 1, "%-10s %s", "stage",
		     mx_step_func((enum mx_step)it->step));
	if (r && y < h)
		putf(w, y++, 1, theme_attr(a, EL_DIM), wd - 1, "%-10s %s:%d:%d", "source",
		     r->pos.file ? r->pos.file : "?", r->pos.line, r->pos.col);
	/* how memx got it: a cost model's formula, a placement note (wrapped) */
	for (size_t i = 0; i < a->L.nlog && y < h; i++) {
		const char *t = mx_layout_logline(&a->L, i);
		int cols = wd - 12 > 20 ? wd - 12 : 20;

		if (a->L.log[i].item != a->sel || a->L.log[i].kind != MX_LOG_MEMX)
			continue;
		put(w, y, 1, theme_attr(a, EL_NORMAL), 10, "how");
		while (*t && y < h) {
			int n = (int)strlen(t) > cols ? cols : (int)strlen(t);

			putf(w, y++, 12, theme_attr(a, EL_DIM), wd - 12, "%.*s", n, t);
			t += n;
		}
	}
	/* with a boot log: what the boot did with this item */
	for (size_t i = 0; a->has_log && a->show_log && i < a->cmp.nrows && y < h; i++) {
		const struct mx_cmp_row *c = &a->cmp.rows[i];

		if (c->item != a->sel || !c->has_obs)
			continue;
		putf(w, y++, 1, theme_attr(a, c->differs ? EL_WARN : EL_PLUS), wd - 1, "%-10s %s 0x%llx%s",
		     "log", c->what, (unsigned long long)c->obs, c->differs ? " (differs)" : " (agrees)");
	}
	if (r && a->cost_valid && a->cost_region == it->region && y < h) {
		/* what keeping this region costs, against the layout without it */
		put(w, y++, 1, theme_attr(a, EL_HEAD), wd - 1, "cost (vs without it)");
		if (y < h)
			cost_line(a, w, y++, wd, "MemTotal", -a->cost_memtotal, "K");
		if (y < h)
			cost_line(a, w, y++, wd, "reserved", a->cost_reserved, "K");
		if (y < h)
			cost_line(a, w, y++, wd, "physpages", -a->cost_physpages, "K");
		if (y < h)
			cost_line(a, w, y++, wd, "memmap", a->cost_memmap, " B");
	}
	for (size_t i = 0; i < a->L.diags.cnt && y < h; i++)
		if (it->region >= 0 && a->L.diags.d[i].region == it->region)
			putf(w, y++, 1, theme_attr(a, a->L.diags.d[i].sev == MX_SEV_ERROR ? EL_ERROR : EL_WARN),
			     wd - 1, "%s: %s", mx_severity_name(a->L.diags.d[i].sev), a->L.diags.d[i].msg);
}
