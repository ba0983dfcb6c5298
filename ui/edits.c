/* edits.c - every key that changes the board: flags, values, properties, regions, settings */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/edit.h"
#include "tui.h"

static const char *rname(const struct app *a, int r)
{
	return a->prof.regions[r].name ? a->prof.regions[r].name : "?";
}

/* The edit API reports through diagnostics; the input line shows the first. */
static int to_line(int rc, struct mx_diaglist *d, char *err, size_t errlen)
{
	if (rc == MX_ENOMEM)
		snprintf(err, errlen, "out of memory");
	else if (rc && d->cnt)
		snprintf(err, errlen, "%s", d->d[0].msg);
	mx_diaglist_release(d);
	return rc ? -1 : 0;
}

static unsigned toggle(struct app *a, unsigned flag, const char *what)
{
	int r = sel_region(a);
	bool on;

	if (r < 0 || hist_begin(a, H_REGION, r))
		return R_REDRAW;
	mx_edit_toggle(&a->prof, r, flag);
	on = a->prof.regions[r].flags & flag;
	if (flag == MX_REGION_DISABLED) {
		hist_end(a, true, "%s: %s", rname(a, r), on ? "disabled" : "enabled");
		app_message(a, MX_VS_INFO, "%s: %s", rname(a, r), on ? "disabled" : "enabled");
	} else {
		hist_end(a, true, "%s: %s %s", rname(a, r), what, on ? "on" : "off");
		app_message(a, MX_VS_INFO, "%s: %s %s", rname(a, r), what, on ? "on" : "off");
	}
	return R_RECOMPUTE;
}

unsigned act_toggle_nomap(struct app *a) { return toggle(a, MX_REGION_NOMAP, "no-map"); }
unsigned act_toggle_fixup(struct app *a) { return toggle(a, MX_REGION_NOMAP_FIXUP, "no-map-fixup"); }
unsigned act_toggle_late(struct app *a) { return toggle(a, MX_REGION_FREED_LATE, "freed-late"); }
unsigned act_toggle_enabled(struct app *a) { return toggle(a, MX_REGION_DISABLED, "status"); }

/*
 * Make region @r a CMA pool in one step: reusable, compatible with
 * "shared-dma-pool" (the only handler that honours reusable:
 * kernel/dma/contiguous.c rmem_cma_setup(); coherent.c's rmem_dma_setup()
 * refuses a reusable node), and not no-map (rmem_cma_setup() refuses that).
 */
static int make_cma(struct app *a, int r)
{
	struct mx_region *g;
	char **v;
	bool had = false;

	if (hist_begin(a, H_REGION, r))
		return -1;
	g = &a->prof.regions[r];
	if (!mx_region_is_compatible(g, "shared-dma-pool")) {
		/* vendor strings stay: the kernel matches any of them */
		had = g->ncompatible > 0;
		v = realloc(g->compatible, (g->ncompatible + 1) * sizeof(*v));
		if (!v || !(v[g->ncompatible] = strdup("shared-dma-pool"))) {
			if (v)
				g->compatible = v;
			hist_end(a, false, "-");
			app_message(a, MX_VS_ERROR, "out of memory: the edit was not made");
			return -1;
		}
		g->compatible = v;
		g->ncompatible++;
	}
	g->flags |= MX_REGION_REUSABLE;
	g->flags &= ~(unsigned)MX_REGION_NOMAP;
	hist_end(a, true, "%s: made a CMA pool", rname(a, r));
	app_message(a, MX_VS_INFO, "%s is a CMA pool: compatible%s \"shared-dma-pool\", reusable, not no-map",
		    rname(a, r), had ? " also" : " =");
	return 0;
}

static int cma_offer_done(struct app *a, const char *text, char *err, size_t errlen)
{
	int r = a->prompt.arg;

	(void)err;
	(void)errlen;
	if (r < 0 || (size_t)r >= a->prof.nregions)
		return 0;
	if (text[0] == 'y') {
		make_cma(a, r);
	} else if (!hist_begin(a, H_REGION, r)) {
		mx_edit_toggle(&a->prof, r, MX_REGION_REUSABLE);
		hist_end(a, true, "%s: reusable on", rname(a, r));
		app_message(a, MX_VS_WARN, "%s: reusable on, but without shared-dma-pool no kernel driver "
			    "makes it a CMA pool", rname(a, r));
	}
	return 0;
}

/* r: reusable; on a region no CMA handler would take, offer to make it a CMA pool. */
unsigned act_toggle_reusable(struct app *a)
{
	int r = sel_region(a);
	const struct mx_region *g;
	char q[300];

	if (r < 0)
		return R_REDRAW;
	g = &a->prof.regions[r];
	if ((g->flags & MX_REGION_REUSABLE) || mx_region_is_compatible(g, "shared-dma-pool"))
		return toggle(a, MX_REGION_REUSABLE, "reusable");
	snprintf(q, sizeof(q), "%s is not compatible with \"shared-dma-pool\": reusable alone makes no CMA pool. "
		 "Make it a CMA pool (compatible, reusable%s)? y: yes, n: only reusable",
		 rname(a, r), g->flags & MX_REGION_NOMAP ? ", no no-map" : "");
	prompt_yesno(a, q, cma_offer_done, r);
	return R_REDRAW;
}

/* An input line for one field of the selected region; Enter applies it, a refusal says why. */
static int field_done(struct app *a, const char *text, char *err, size_t errlen)
{
	int r = a->prompt.arg & 0xffff, f = a->prompt.arg >> 16;
	struct mx_diaglist d;
	int rc;

	if (r >= (int)a->prof.nregions)
		return 0;
	mx_diaglist_init(&d);
	if (hist_begin(a, H_REGION, r))
		return 0;
	rc = to_line(mx_edit_region(&a->prof, r, (enum mx_edit_field)f, text, &d), &d, err, errlen);
	hist_end(a, rc == 0, "%s: %s %s", rname(a, r), f == MX_EDIT_SIZE ? "size" : f == MX_EDIT_BASE ? "base" :
		 f == MX_EDIT_ALIGN ? "alignment" : f == MX_EDIT_ALLOC_RANGES ? "alloc-ranges" :
		 f == MX_EDIT_FIXUP_KEEP ? "fixup-keep" : "name", text[0] ? text : "(none)");
	if (!rc) {
		app_message(a, MX_VS_INFO, "%s updated", rname(a, r));
		app_follow(a, r);
	}
	return rc;
}

static unsigned edit(struct app *a, enum mx_edit_field f, const char *what)
{
	int r = sel_region(a);
	struct mx_buf b;
	char q[200];

	if (r < 0)
		return R_REDRAW;
	if (r > 0xffff) {
		app_message(a, MX_VS_ERROR, "too many regions to edit this one here; use memx export --set");
		return R_REDRAW;
	}
	mx_buf_init(&b);
	mx_edit_region_text(&a->prof, r, f, &b);
	snprintf(q, sizeof(q), "%s of %s:", what, rname(a, r));
	prompt_open(a, q, b.failed ? "" : b.buf, field_done, (int)f << 16 | r);
	mx_buf_release(&b);
	return R_REDRAW;
}

unsigned act_edit_size(struct app *a) { return edit(a, MX_EDIT_SIZE, "size (16M, 0x1000000)"); }
unsigned act_edit_base(struct app *a) { return edit(a, MX_EDIT_BASE, "base address"); }
unsigned act_edit_align(struct app *a) { return edit(a, MX_EDIT_ALIGN, "alignment (empty: none)"); }
unsigned act_edit_ranges(struct app *a)
{
	return edit(a, MX_EDIT_ALLOC_RANGES, "alloc-ranges (BASE+SIZE, START-END; empty: none)");
}
unsigned act_edit_keep(struct app *a) { return edit(a, MX_EDIT_FIXUP_KEEP, "fixup-keep"); }
unsigned act_edit_name(struct app *a) { return edit(a, MX_EDIT_NAME, "node name (name@unit)"); }

/*
 * A property as --set takes it (PROP=VALUE) on the selected region; label
 * and compatible are checked here as a device tree would take them.
 */
static int set_prop(struct app *a, int r, const char *prop, const char *value, char *err, size_t errlen)
{
	struct mx_diaglist d;
	struct mx_buf b;
	int rc;

	if (!strcmp(prop, "label") && *value && !mx_dt_label_valid(value)) {
		snprintf(err, errlen, "expected a label like splash_mem ([A-Za-z_][A-Za-z0-9_]*, at most 31), got '%s'",
			 value);
		return -1;
	}
	for (const unsigned char *c = (const unsigned char *)value; !strcmp(prop, "compatible") && *c; c++)
		if (*c < 0x20 || *c > 0x7e || *c == '"' || *c == '\\') {
			snprintf(err, errlen, "expected a compatible string of printable ASCII without quotes, "
				 "got '%s'", value);
			return -1;
		}
	mx_diaglist_init(&d);
	mx_buf_init(&b);
	mx_buf_addf(&b, "%s.%s=%s", rname(a, r), prop, value);
	if (b.failed) {
		mx_buf_release(&b);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (hist_begin(a, H_REGION, r)) {
		mx_buf_release(&b);
		return 0;
	}
	rc = to_line(mx_edit_set(&a->prof, b.buf, &d), &d, err, errlen);
	hist_end(a, rc == 0, "%s: %s=%s", rname(a, r), prop, value[0] ? value : "(none)");
	mx_buf_release(&b);
	if (!rc) {
		app_message(a, MX_VS_INFO, "%s: %s set", rname(a, r), prop);
		app_follow(a, r);
	}
	return rc;
}

static int prop_done(struct app *a, const char *text, char *err, size_t errlen)
{
	char prop[64];
	const char *eq = strchr(text, '=');
	int r = a->prompt.arg;

	if (r < 0 || (size_t)r >= a->prof.nregions)
		return 0;
	if (!eq || eq == text || (size_t)(eq - text) >= sizeof(prop)) {
		snprintf(err, errlen, "expected PROPERTY=VALUE (compatible=shared-dma-pool, label=my_mem, "
			 "name=pool@90000000, status=disabled, reg=0x90000000+16M...), got '%s'", text);
		return -1;
	}
	memcpy(prop, text, (size_t)(eq - text));
	prop[eq - text] = '\0';
	return set_prop(a, r, prop, eq + 1, err, errlen);
}

static int one_prop_done(struct app *a, const char *text, char *err, size_t errlen)
{
	int r = a->prompt.arg & 0xffff;

	if (r >= (int)a->prof.nregions)
		return 0;
	return set_prop(a, r, a->prompt.arg >> 16 ? "label" : "compatible", text, err, errlen);
}

unsigned act_edit_compatible(struct app *a)
{
	int r = sel_region(a);
	char q[200];

	if (r < 0 || r > 0xffff)
		return R_REDRAW;
	snprintf(q, sizeof(q), "compatible of %s (e.g. shared-dma-pool; empty removes it):", rname(a, r));
	prompt_open(a, q, a->prof.regions[r].ncompatible ? a->prof.regions[r].compatible[0] : "",
		    one_prop_done, r);
	return R_REDRAW;
}

unsigned act_edit_label(struct app *a)
{
	int r = sel_region(a);
	char q[200];

	if (r < 0 || r > 0xffff)
		return R_REDRAW;
	snprintf(q, sizeof(q), "label of %s (what &label overrides use; empty removes it):", rname(a, r));
	prompt_open(a, q, a->prof.regions[r].label ? a->prof.regions[r].label : "", one_prop_done, 1 << 16 | r);
	return R_REDRAW;
}

unsigned act_set_prop(struct app *a)
{
	int r = sel_region(a);
	char q[200];

	if (r < 0)
		return R_REDRAW;
	snprintf(q, sizeof(q), "set a property of %s as --set takes it (compatible=, label=, name=, status=, reg=...):",
		 rname(a, r));
	prompt_open(a, q, "", prop_done, r);
	return R_REDRAW;
}

static int add_done(struct app *a, const char *text, char *err, size_t errlen)
{
	struct mx_diaglist d;
	int idx = -1, rc;

	mx_diaglist_init(&d);
	if (hist_begin(a, H_ADD, -1))
		return 0;
	rc = to_line(mx_edit_add_region(&a->prof, text, &idx, &d), &d, err, errlen);
	hist_end(a, rc == 0, "added %s", rc ? "-" : rname(a, idx));
	if (!rc) {
		app_follow(a, idx);
		app_message(a, MX_VS_INFO, "added %s (r makes it a CMA pool, b gives it a base)", rname(a, idx));
	}
	return rc;
}

unsigned act_add(struct app *a)
{
	prompt_open(a, "new region (NAME SIZE, or NAME BASE+SIZE):", "", add_done, 0);
	return R_REDRAW;
}

unsigned act_delete(struct app *a)
{
	int r = sel_region(a);
	char name[128];

	if (r < 0 || hist_begin(a, H_DELETE, r))
		return R_REDRAW;
	snprintf(name, sizeof(name), "%s", rname(a, r));
	mx_profile_remove_region(&a->prof, (size_t)r);
	a->sel = a->sel_region = -1;
	a->sel_name[0] = '\0';
	hist_end(a, true, "deleted %s", name);
	app_message(a, MX_VS_INFO, "deleted %s (u undoes)", name);
	return R_RECOMPUTE;
}

unsigned act_model(struct app *a)
{
	if (hist_begin(a, H_PROFILE, -1))
		return R_REDRAW;
	mx_edit_toggle_model(&a->prof);
	hist_end(a, true, "memory model %s", a->prof.model == MX_MM_FLAT ? "FLATMEM" : "SPARSEMEM");
	app_message(a, MX_VS_INFO, "memory model: %s", a->prof.model == MX_MM_FLAT ? "FLATMEM" :
		    "SPARSEMEM (VMEMMAP, EXTREME)");
	return R_RECOMPUTE;
}

static int cma_done(struct app *a, const char *text, char *err, size_t errlen)
{
	struct mx_diaglist d;
	int rc;

	mx_diaglist_init(&d);
	if (hist_begin(a, H_PROFILE, -1))
		return 0;
	rc = to_line(mx_edit_set_cma(&a->prof, text, &d), &d, err, errlen);
	hist_end(a, rc == 0, "cma=%s", text[0] ? text : "(removed)");
	if (!rc)
		app_message(a, MX_VS_INFO, "bootargs: %s", a->prof.bootargs ? a->prof.bootargs : "(none)");
	return rc;
}

unsigned act_cma(struct app *a)
{
	struct mx_buf b;

	mx_buf_init(&b);
	mx_edit_cma_text(&a->prof, &b);
	prompt_open(a, "cma= (64M; 0: no default area; empty: remove cma=):", b.failed ? "" : b.buf, cma_done, 0);
	mx_buf_release(&b);
	return R_REDRAW;
}

unsigned act_vmsplit(struct app *a)
{
	if (a->L.params.arch != MX_ARCH_ARM) {
		app_message(a, MX_VS_ERROR, "VMSPLIT is a 32-bit ARM setting; this board is %s",
			    mx_arch_name(a->L.params.arch));
		return R_REDRAW;
	}
	if (hist_begin(a, H_PROFILE, -1))
		return R_REDRAW;
	mx_edit_cycle_vmsplit(&a->prof);
	hist_end(a, true, "VMSPLIT_%s", mx_vmsplit_name(a->prof.vmsplit));
	app_message(a, MX_VS_INFO, "VMSPLIT_%s", mx_vmsplit_name(a->prof.vmsplit));
	return R_RECOMPUTE;
}

unsigned act_undo(struct app *a)
{
	const char *what;

	if (!hist_undo(a)) {
		app_message(a, MX_VS_INFO, "nothing to undo");
		return R_REDRAW;
	}
	what = a->hist.h[a->hist.pos].what;
	app_message(a, MX_VS_INFO, "undone: %s (%zu more to undo, %zu to redo)", what, a->hist.pos,
		    a->hist.n - a->hist.pos);
	return R_RECOMPUTE;
}

unsigned act_redo(struct app *a)
{
	if (!hist_redo(a)) {
		app_message(a, MX_VS_INFO, "nothing to redo");
		return R_REDRAW;
	}
	app_message(a, MX_VS_INFO, "redone: %s (%zu more to redo)", a->hist.h[a->hist.pos - 1].what,
		    a->hist.n - a->hist.pos);
	return R_RECOMPUTE;
}

static int revert_done(struct app *a, const char *text, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	if (text[0] != 'y')
		app_message(a, MX_VS_INFO, "nothing reverted");
	else if (!hist_revert(a, (size_t)a->prompt.arg))
		a->list_cur = (int)a->hist.pos - 1;
	return 0;
}

/* D on the changes page: revert the change under the cursor, leaving the later ones. */
unsigned act_revert(struct app *a)
{
	char q[300];

	if (a->list_cur < 0 || (size_t)a->list_cur >= a->hist.pos) {
		app_message(a, MX_VS_INFO, "no change to revert");
		return R_REDRAW;
	}
	snprintf(q, sizeof(q), "Revert #%d (%s), keeping the later changes? (y/n)", a->list_cur + 1,
		 a->hist.h[a->list_cur].what);
	prompt_yesno(a, q, revert_done, a->list_cur);
	return R_REDRAW;
}
