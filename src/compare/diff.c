/* diff.c - two boards compared: items matched by name, every figure; the driver */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/diff.h"
#include "core_internal.h"
#include "diff_internal.h"

static const struct { const char *name, *unit; } figs[MX_DF__COUNT] = {
	[MX_DF_DRAM] = { "DRAM", "KiB" },
	[MX_DF_PHYSPAGES] = { "physpages", "KiB" },
	[MX_DF_AVAILABLE] = { "available", "KiB" },
	[MX_DF_RESERVED] = { "reserved", "KiB" },
	[MX_DF_CMA_RESERVED] = { "cma-reserved", "KiB" },
	[MX_DF_HIGHMEM] = { "highmem", "KiB" },
	[MX_DF_MEMTOTAL] = { "MemTotal", "KiB" },
	[MX_DF_LOWTOTAL] = { "LowTotal", "KiB" },
	[MX_DF_HIGHTOTAL] = { "HighTotal", "KiB" },
	[MX_DF_CMATOTAL] = { "CmaTotal", "KiB" },
	[MX_DF_KEPT] = { "kept (physpages - MemTotal)", "KiB" },
	[MX_DF_MEMMAP_BYTES] = { "memmap in use", "bytes" },
	[MX_DF_MEMMAP_ALLOC] = { "memmap allocated", "bytes" },
	[MX_DF_MEMMAP_PAGES] = { "memmap pages (printed)", "pages" },
	[MX_DF_INITRD_FREED] = { "initrd freed", "KiB" },
	[MX_DF_INIT_FREED] = { "init freed", "KiB" },
	[MX_DF_ERRORS] = { "errors", "count" },
};

const char *mx_diff_figure_name(enum mx_diff_fig f)
{
	return (unsigned)f < MX_DF__COUNT ? figs[f].name : "?";
}

const char *mx_diff_figure_unit(enum mx_diff_fig f)
{
	return (unsigned)f < MX_DF__COUNT ? figs[f].unit : "?";
}

void mxi_diff_figures(const struct mx_layout *L, int64_t *f)
{
	const struct mx_summary *s = &L->sum;

	f[MX_DF_DRAM] = (int64_t)(s->dram >> 10);
	f[MX_DF_PHYSPAGES] = (int64_t)mx_layout_kib(L, s->physpages);
	f[MX_DF_AVAILABLE] = (int64_t)mx_layout_kib(L, s->available);
	f[MX_DF_RESERVED] = (int64_t)mx_layout_kib(L, s->reserved);
	f[MX_DF_CMA_RESERVED] = (int64_t)mx_layout_kib(L, s->cma_reserved);
	f[MX_DF_HIGHMEM] = (int64_t)mx_layout_kib(L, s->highmem_free);
	f[MX_DF_MEMTOTAL] = (int64_t)mx_layout_kib(L, s->memtotal);
	f[MX_DF_LOWTOTAL] = (int64_t)mx_layout_kib(L, s->lowtotal);
	f[MX_DF_HIGHTOTAL] = (int64_t)mx_layout_kib(L, s->hightotal);
	f[MX_DF_CMATOTAL] = (int64_t)mx_layout_kib(L, s->cmatotal);
	f[MX_DF_KEPT] = f[MX_DF_PHYSPAGES] - f[MX_DF_MEMTOTAL];
	f[MX_DF_MEMMAP_BYTES] = (int64_t)s->memmap_bytes;
	f[MX_DF_MEMMAP_ALLOC] = (int64_t)s->memmap_alloc;
	f[MX_DF_MEMMAP_PAGES] = (int64_t)s->memmap_pages;
	f[MX_DF_INITRD_FREED] = (int64_t)mx_layout_kib(L, s->initrd_freed);
	f[MX_DF_INIT_FREED] = (int64_t)mx_layout_kib(L, s->init_freed);
	f[MX_DF_ERRORS] = (int64_t)mx_diaglist_count(&L->diags, MX_SEV_ERROR);
}

void mx_diff_init(struct mx_diff *d)
{
	memset(d, 0, sizeof(*d));
}

void mx_diff_release(struct mx_diff *d)
{
	for (size_t i = 0; i < d->nitems; i++)
		free(d->items[i].name);
	for (size_t i = 0; i < d->nchanges; i++)
		free(d->changes[i].what);
	free(d->items);
	free(d->changes);
	mx_diff_init(d);
}

/* ---- the items of both layouts ---- */

/* What an item's flags say about its outcome (where it is drawn is base and size). */
#define OUTCOME_FLAGS (MX_IF_PLACED | MX_IF_FAILED | MX_IF_DISABLED | MX_IF_REFUSED | MX_IF_GIVEN_BACK | \
		       MX_IF_CMA | MX_IF_NOMAP | MX_IF_OUTSIDE | MX_IF_CMA_FAILED | MX_IF_FREED)

static uint64_t item_size(const struct mx_item *it)
{
	return it->flags & MX_IF_PLACED ? it->size : it->want;
}

/* The @nth item called @name in @L, or -1. */
static int nth_item(const struct mx_layout *L, const char *name, int nth)
{
	for (size_t i = 0; i < L->nitems; i++)
		if (!strcmp(L->items[i].name, name) && nth-- == 0)
			return (int)i;
	return -1;
}

static int occurrence(const struct mx_layout *L, size_t i)
{
	int n = 0;

	for (size_t k = 0; k < i; k++)
		n += !strcmp(L->items[k].name, L->items[i].name);
	return n;
}

static int add_item(struct mx_diff *d, const struct mx_layout *LA, int ia, const struct mx_layout *LB, int ib)
{
	const struct mx_item *a = ia >= 0 ? &LA->items[ia] : NULL, *b = ib >= 0 ? &LB->items[ib] : NULL;
	struct mx_diff_item *o;

	if (mxi_grow((void **)&d->items, &d->maxitems, d->nitems + 1, sizeof(*d->items)))
		return MX_ENOMEM;
	o = &d->items[d->nitems];
	memset(o, 0, sizeof(*o));
	if (!(o->name = strdup(a ? a->name : b->name)))
		return MX_ENOMEM;
	d->nitems++;
	o->in_a = a != NULL;
	o->in_b = b != NULL;
	if (a) {
		o->kind_a = a->kind;
		o->flags_a = a->flags & OUTCOME_FLAGS;
		o->base_a = a->flags & MX_IF_PLACED ? a->base : 0;
		o->size_a = item_size(a);
	}
	if (b) {
		o->kind_b = b->kind;
		o->flags_b = b->flags & OUTCOME_FLAGS;
		o->base_b = b->flags & MX_IF_PLACED ? b->base : 0;
		o->size_b = item_size(b);
	}
	o->carveout = (a && (a->region >= 0 || a->kind == MX_ITEM_CMA_DEFAULT)) ||
		      (b && (b->region >= 0 || b->kind == MX_ITEM_CMA_DEFAULT));
	if (!a)
		o->what = MX_DIFF_ADDED;
	else if (!b)
		o->what = MX_DIFF_REMOVED;
	else {
		if ((a->flags & b->flags & MX_IF_PLACED) && a->base != b->base)
			o->what |= MX_DIFF_MOVED;
		if (o->size_a != o->size_b)
			o->what |= MX_DIFF_RESIZED;
		if (o->flags_a != o->flags_b)
			o->what |= MX_DIFF_FLAGS;
		if (a->kind != b->kind)
			o->what |= MX_DIFF_KIND;
	}
	return 0;
}

static int diff_items(struct mx_diff *d, const struct mx_layout *LA, const struct mx_layout *LB)
{
	for (size_t i = 0; i < LA->nitems; i++)
		if (add_item(d, LA, (int)i, LB, nth_item(LB, LA->items[i].name, occurrence(LA, i))))
			return MX_ENOMEM;
	for (size_t i = 0; i < LB->nitems; i++)
		if (nth_item(LA, LB->items[i].name, occurrence(LB, i)) < 0 && add_item(d, LA, -1, LB, (int)i))
			return MX_ENOMEM;
	return 0;
}

int mx_diff_compute(struct mx_diff *d, const struct mx_profile *a, const struct mx_profile *b)
{
	struct mx_layout LA, LB;
	bool items_differ = false;
	int err = 0;

	mx_diff_release(d);
	mx_layout_init(&LA);
	mx_layout_init(&LB);
	if (mx_layout_compute(&LA, a) || mx_layout_compute(&LB, b) || diff_items(d, &LA, &LB)) {
		err = MX_ENOMEM;
		goto out;
	}
	mxi_diff_figures(&LA, d->a);
	mxi_diff_figures(&LB, d->b);
	if ((err = mxi_diff_changes(d, a, b)))
		goto out;
	for (size_t i = 0; i < d->nitems; i++)
		items_differ |= d->items[i].what != 0;
	d->differ = d->nchanges || items_differ || memcmp(d->a, d->b, sizeof(d->a));
out:
	mx_layout_release(&LA);
	mx_layout_release(&LB);
	if (err)
		mx_diff_release(d);
	return err;
}
