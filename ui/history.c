/* history.c - every edit as a diff: undo, redo, the changes ledger, reverting one change */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

/*
 * An edit records the one region it changed (before and after), or the
 * board settings it changed: undo and redo swap those in, and never copy
 * the whole profile (whose kept device-tree properties make copies dear).
 * Undo and redo are strictly last-in first-out, so a recorded region index
 * is right when the entry is undone or redone.
 */

static void board_release(struct hist_board *b)
{
	free(b->bootargs);
	memset(b, 0, sizeof(*b));
}

static int board_save(struct hist_board *b, const struct mx_profile *p)
{
	board_release(b);
	b->model = p->model;
	b->vmemmap = p->vmemmap;
	b->extreme = p->extreme;
	b->vmsplit = p->vmsplit;
	return mx_str_set(&b->bootargs, p->bootargs);
}

static int board_apply(struct mx_profile *p, const struct hist_board *b)
{
	p->model = b->model;
	p->vmemmap = b->vmemmap;
	p->extreme = b->extreme;
	p->vmsplit = b->vmsplit;
	return mx_str_set(&p->bootargs, b->bootargs);
}

static void entry_release(struct hist *e)
{
	mx_region_release(&e->before);
	mx_region_release(&e->after);
	board_release(&e->pb);
	board_release(&e->pa);
	memset(e, 0, sizeof(*e));
}

void hist_init(struct history *h)
{
	memset(h, 0, sizeof(*h));
	h->pending = -1;
}

void hist_release(struct history *h)
{
	for (size_t i = 0; i < h->n; i++)
		entry_release(&h->h[i]);
	if (h->opened)
		entry_release(&h->open);
	free(h->h);
	free(h->ledger);
	hist_init(h);
}

static int exact_region(const struct mx_profile *p, const char *name)
{
	for (size_t i = 0; name && i < p->nregions; i++)
		if (p->regions[i].name && !strcmp(p->regions[i].name, name))
			return (int)i;
	return -1;
}

/* The ledger the changes page shows: the done entries, with their regions as they are now. */
static void sync(struct app *a)
{
	struct history *h = &a->hist;

	h->gen++;
	if (h->pos > h->maxledger) {
		struct mx_vchange *v = realloc(h->ledger, h->pos * sizeof(*v));

		if (!v) {
			h->pos = h->maxledger; /* show fewer rather than crash */
			return;
		}
		h->ledger = v;
		h->maxledger = h->pos;
	}
	for (size_t i = 0; i < h->pos; i++) {
		struct hist *e = &h->h[i];

		e->v.what = e->what;
		e->v.region = e->kind == H_REGION || e->kind == H_ADD ? exact_region(&a->prof, e->after.name) : -1;
		h->ledger[i] = e->v;
	}
}

int hist_begin(struct app *a, enum hist_kind kind, int r)
{
	struct history *h = &a->hist;
	struct hist *e = &h->open;
	int rc = 0;

	if (h->opened)
		entry_release(e);
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->region = r;
	if ((kind == H_REGION || kind == H_DELETE) && r >= 0 && (size_t)r < a->prof.nregions)
		rc = mx_region_copy(&e->before, &a->prof.regions[r]);
	else if (kind == H_PROFILE)
		rc = board_save(&e->pb, &a->prof);
	app_watch(a, kind == H_REGION ? r : -1, false);
	e->memtotal = mx_layout_kib(&a->L, a->L.sum.memtotal);
	e->reserved = mx_layout_kib(&a->L, a->L.sum.reserved);
	e->cma = mx_layout_kib(&a->L, a->L.sum.cmatotal);
	h->opened = true;
	if (rc) {
		entry_release(e);
		h->opened = false;
		app_message(a, MX_VS_ERROR, "out of memory: the edit was not made");
		return -1;
	}
	return 0;
}

void hist_end(struct app *a, bool ok, const char *fmt, ...)
{
	struct history *h = &a->hist;
	struct hist *e = &h->open;
	va_list ap;
	int rc = 0;

	if (!h->opened)
		return;
	h->opened = false;
	if (!ok) {
		entry_release(e);
		return;
	}
	if (e->kind == H_ADD) {
		e->region = (int)a->prof.nregions - 1;
		app_watch(a, e->region, true);
	}
	if ((e->kind == H_REGION || e->kind == H_ADD) && e->region >= 0)
		rc = mx_region_copy(&e->after, &a->prof.regions[e->region]);
	else if (e->kind == H_PROFILE)
		rc = board_save(&e->pa, &a->prof);
	va_start(ap, fmt);
	vsnprintf(e->what, sizeof(e->what), fmt, ap);
	va_end(ap);
	/* a new edit drops what could be redone */
	while (h->n > h->pos)
		entry_release(&h->h[--h->n]);
	if (!rc && h->n == h->max) {
		size_t m = h->max ? h->max * 2 : 16;
		struct hist *v = realloc(h->h, m * sizeof(*v));

		if (v) {
			h->h = v;
			h->max = m;
		} else {
			rc = MX_ENOMEM;
		}
	}
	if (rc) {
		/* the edit stands, without an undo step */
		entry_release(e);
		app_message(a, MX_VS_ERROR, "out of memory: this edit cannot be undone");
	} else {
		h->h[h->n++] = *e;
		h->pos = h->n;
		h->pending = (int)h->n - 1;
		memset(e, 0, sizeof(*e));
	}
	a->dirty = true;
	a->flags |= R_RECOMPUTE | R_REDRAW;
	sync(a);
}

void hist_measure(struct app *a)
{
	struct history *h = &a->hist;
	struct hist *e;

	if (h->pending < 0 || (size_t)h->pending >= h->n)
		return;
	e = &h->h[h->pending];
	e->v.memtotal = (int64_t)mx_layout_kib(&a->L, a->L.sum.memtotal) - (int64_t)e->memtotal;
	e->v.reserved = (int64_t)mx_layout_kib(&a->L, a->L.sum.reserved) - (int64_t)e->reserved;
	e->v.cma = (int64_t)mx_layout_kib(&a->L, a->L.sum.cmatotal) - (int64_t)e->cma;
	e->v.measured = true;
	h->pending = -1;
	sync(a);
}

/* *dst becomes a copy of @src (mx_region_copy() does not release what dst held). */
static int region_replace(struct mx_region *dst, const struct mx_region *src)
{
	struct mx_region t;

	if (mx_region_copy(&t, src))
		return MX_ENOMEM;
	mx_region_release(dst);
	*dst = t;
	return 0;
}

/* Put a copy of @r at index @i of the regions (an undone delete). */
static int insert_region(struct mx_profile *p, size_t i, const struct mx_region *r)
{
	int j = mx_profile_add_region(p, r->name ? r->name : "region");
	struct mx_region t;

	if (j < 0)
		return j;
	if (region_replace(&p->regions[j], r)) {
		mx_profile_remove_region(p, (size_t)j);
		return MX_ENOMEM;
	}
	if (i > (size_t)j)
		i = (size_t)j;
	t = p->regions[j];
	memmove(&p->regions[i + 1], &p->regions[i], ((size_t)j - i) * sizeof(t));
	p->regions[i] = t;
	return 0;
}

/* Swap an entry's @from state into the profile (undo: before, redo: after). */
static int apply(struct app *a, struct hist *e, bool undo)
{
	struct mx_profile *p = &a->prof;
	int rc = 0;

	switch (e->kind) {
	case H_REGION:
		rc = region_replace(&p->regions[e->region], undo ? &e->before : &e->after);
		app_follow(a, e->region);
		break;
	case H_ADD:
		if (undo) {
			mx_profile_remove_region(p, (size_t)e->region);
			a->sel = a->sel_region = -1;
			a->sel_name[0] = '\0';
		} else {
			rc = insert_region(p, (size_t)e->region, &e->after);
			app_follow(a, e->region);
		}
		break;
	case H_DELETE:
		if (undo) {
			rc = insert_region(p, (size_t)e->region, &e->before);
			app_follow(a, e->region);
		} else {
			mx_profile_remove_region(p, (size_t)e->region);
			a->sel = a->sel_region = -1;
			a->sel_name[0] = '\0';
		}
		break;
	case H_PROFILE:
		rc = board_apply(p, undo ? &e->pb : &e->pa);
		break;
	}
	a->dirty = !mx_profile_equal(&a->prof, &a->base);
	a->flags |= R_RECOMPUTE | R_REDRAW;
	return rc;
}

bool hist_undo(struct app *a)
{
	struct history *h = &a->hist;

	if (!h->pos)
		return false;
	h->pos--;
	if (apply(a, &h->h[h->pos], true))
		app_message(a, MX_VS_ERROR, "out of memory while undoing");
	h->pending = -1;
	sync(a);
	return true;
}

bool hist_redo(struct app *a)
{
	struct history *h = &a->hist;

	if (h->pos == h->n)
		return false;
	if (apply(a, &h->h[h->pos], false))
		app_message(a, MX_VS_ERROR, "out of memory while redoing");
	h->pos++;
	h->pending = -1;
	sync(a);
	return true;
}

static bool str_same(const char *x, const char *y)
{
	return (!x && !y) || (x && y && !strcmp(x, y));
}

static bool strv_same(char **x, size_t nx, char **y, size_t ny)
{
	if (nx != ny)
		return false;
	for (size_t i = 0; i < nx; i++)
		if (!str_same(x[i], y[i]))
			return false;
	return true;
}

static int copy_ranges(struct mx_range **dst, size_t *nd, const struct mx_range *src, size_t ns)
{
	struct mx_range *v = NULL;

	if (ns && !(v = malloc(ns * sizeof(*v))))
		return MX_ENOMEM;
	if (ns)
		memcpy(v, src, ns * sizeof(*v));
	free(*dst);
	*dst = v;
	*nd = ns;
	return 0;
}

/*
 * Revert what one edit changed in region @cur, leaving what later edits
 * changed alone: every property that differs between @b (before) and @f
 * (after) goes back to its value in @b.
 */
static int revert_region(struct mx_region *cur, const struct mx_region *b, const struct mx_region *f)
{
	int rc = 0;

	if (!str_same(b->name, f->name))
		rc |= mx_str_set(&cur->name, b->name);
	if (!str_same(b->label, f->label))
		rc |= mx_str_set(&cur->label, b->label);
	if (!strv_same(b->compatible, b->ncompatible, f->compatible, f->ncompatible)) {
		for (size_t i = 0; i < cur->ncompatible; i++)
			free(cur->compatible[i]);
		free(cur->compatible);
		cur->compatible = NULL;
		cur->ncompatible = 0;
		if (b->ncompatible && !(cur->compatible = calloc(b->ncompatible, sizeof(char *))))
			return MX_ENOMEM;
		for (size_t i = 0; i < b->ncompatible; i++, cur->ncompatible++)
			if (!(cur->compatible[i] = strdup(b->compatible[i])))
				return MX_ENOMEM;
	}
	if (!mx_ranges_equal(b->reg, b->nreg, f->reg, f->nreg))
		rc |= copy_ranges(&cur->reg, &cur->nreg, b->reg, b->nreg);
	if (b->size != f->size || b->has_size != f->has_size) {
		cur->size = b->size;
		cur->has_size = b->has_size;
	}
	if (b->align != f->align)
		cur->align = b->align;
	if (!mx_ranges_equal(b->alloc_ranges, b->nalloc_ranges, f->alloc_ranges, f->nalloc_ranges))
		rc |= copy_ranges(&cur->alloc_ranges, &cur->nalloc_ranges, b->alloc_ranges, b->nalloc_ranges);
	if (b->fixup_keep != f->fixup_keep || b->has_fixup_keep != f->has_fixup_keep) {
		cur->fixup_keep = b->fixup_keep;
		cur->has_fixup_keep = b->has_fixup_keep;
	}
	/* each flag the edit flipped goes back */
	cur->flags = (cur->flags & ~(b->flags ^ f->flags)) | (b->flags & (b->flags ^ f->flags));
	return rc ? MX_ENOMEM : 0;
}

int hist_revert(struct app *a, size_t k)
{
	struct history *h = &a->hist;
	struct hist *e;
	int ri, rc = 0;
	char what[192];

	if (k >= h->pos) {
		app_message(a, MX_VS_INFO, "no change to revert here");
		return -1;
	}
	e = &h->h[k];
	snprintf(what, sizeof(what), "%s", e->what);
	switch (e->kind) {
	case H_REGION:
		ri = exact_region(&a->prof, e->after.name);
		if (ri < 0) {
			app_message(a, MX_VS_ERROR, "cannot revert #%zu: '%s' is gone (deleted or renamed later)",
				    k + 1, e->after.name ? e->after.name : "?");
			return -1;
		}
		if (hist_begin(a, H_REGION, ri))
			return -1;
		/* e may move when the history grows: the region copies are read first */
		rc = revert_region(&a->prof.regions[ri], &h->h[k].before, &h->h[k].after);
		hist_end(a, true, "revert #%zu (%s)", k + 1, what);
		app_follow(a, ri);
		break;
	case H_ADD:
		ri = exact_region(&a->prof, e->after.name);
		if (ri < 0) {
			app_message(a, MX_VS_ERROR, "cannot revert #%zu: '%s' is gone already", k + 1,
				    e->after.name ? e->after.name : "?");
			return -1;
		}
		if (hist_begin(a, H_DELETE, ri))
			return -1;
		mx_profile_remove_region(&a->prof, (size_t)ri);
		a->sel = a->sel_region = -1;
		hist_end(a, true, "revert #%zu (%s)", k + 1, what);
		break;
	case H_DELETE: {
		struct mx_region r;

		mx_region_copy(memset(&r, 0, sizeof(r)), &e->before);
		if (hist_begin(a, H_ADD, -1)) {
			mx_region_release(&r);
			return -1;
		}
		rc = insert_region(&a->prof, a->prof.nregions, &r);
		mx_region_release(&r);
		hist_end(a, rc == 0, "revert #%zu (%s)", k + 1, what);
		if (!rc)
			app_follow(a, (int)a->prof.nregions - 1);
		break;
	}
	case H_PROFILE: {
		struct hist_board b, f;

		if (hist_begin(a, H_PROFILE, -1))
			return -1;
		b = h->h[k].pb;
		f = h->h[k].pa;
		if (b.model != f.model || b.vmemmap != f.vmemmap || b.extreme != f.extreme) {
			a->prof.model = b.model;
			a->prof.vmemmap = b.vmemmap;
			a->prof.extreme = b.extreme;
		}
		if (b.vmsplit != f.vmsplit)
			a->prof.vmsplit = b.vmsplit;
		if (!str_same(b.bootargs, f.bootargs))
			rc = mx_str_set(&a->prof.bootargs, b.bootargs);
		hist_end(a, true, "revert #%zu (%s)", k + 1, what);
		break;
	}
	}
	if (rc)
		app_message(a, MX_VS_ERROR, "out of memory while reverting #%zu", k + 1);
	else
		app_message(a, MX_VS_INFO, "reverted #%zu: %s (u undoes the revert)", k + 1, what);
	return rc ? -1 : 0;
}
