/* view_diags.c - the diagnostics as the explorer lists them: folded, and honest about assumptions */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "view_internal.h"

void mxi_diags_release(struct mxi_diags *D)
{
	for (size_t i = 0; i < D->n; i++) {
		free(D->d[i].text);
		free(D->d[i].where);
	}
	free(D->d);
	memset(D, 0, sizeof(*D));
}

/* What a device tree leaves out and memx places itself, with the profile key that says it. */
static const struct {
	enum mx_item_kind kind;
	unsigned bit;
	const char *what, *key;
} assumed_places[] = {
	{ MX_ITEM_KERNEL, MX_ASSUMED_KERNEL_BASE, "the kernel image", "kernel-image: { base: ... }" },
	{ MX_ITEM_FDT, MX_ASSUMED_FDT, "the DTB", "fdt: { base: ..., size: ... }" },
	{ MX_ITEM_PGD, MX_ASSUMED_PGD, "swapper_pg_dir", "pgd: { base: ... }" },
};

int mxi_assumed_overlap(const struct mx_layout *L, uint64_t base, uint64_t size)
{
	uint64_t end = base + size < base ? UINT64_MAX : base + size;

	for (size_t i = 0; i < L->nitems; i++) {
		const struct mx_item *it = &L->items[i];

		if (!(it->flags & MX_IF_PLACED))
			continue;
		for (size_t k = 0; k < sizeof(assumed_places) / sizeof(assumed_places[0]); k++)
			if (it->kind == assumed_places[k].kind && (L->params.assumed & assumed_places[k].bit) &&
			    it->base < end && base < it->base + it->size)
				return (int)i;
	}
	return -1;
}

static size_t place_of(enum mx_item_kind k)
{
	for (size_t i = 0; i < sizeof(assumed_places) / sizeof(assumed_places[0]); i++)
		if (assumed_places[i].kind == k)
			return i;
	return 0;
}

/* The range of region @r as the layout placed or tried it. */
static bool region_range(const struct mx_layout *L, int r, uint64_t *base, uint64_t *size)
{
	int it = mx_layout_region_item(L, r);

	if (it < 0 || !L->items[it].size)
		return false;
	*base = L->items[it].base;
	*size = L->items[it].size;
	return true;
}

/*
 * A region the kernel "refuses" because it overlaps the kernel image or the
 * DTB at a place memx assumed (a device tree does not say where the boot
 * loader puts them) is not the board's problem: say that it is assumed and
 * how to give the real place.
 */
static char *assumed_text(const struct mx_layout *L, const struct mx_profile *p, const struct mx_diag *d)
{
	uint64_t base, size;
	int it;
	const char *name;
	struct mx_buf b;
	size_t k;

	if (d->region < 0 || (size_t)d->region >= p->nregions || !d->check ||
	    (strcmp(d->check, "nomap-refused") && strcmp(d->check, "alloc-failed")))
		return NULL;
	if (!region_range(L, d->region, &base, &size) || (it = mxi_assumed_overlap(L, base, size)) < 0)
		return NULL;
	k = place_of(L->items[it].kind);
	name = p->regions[d->region].name ? p->regions[d->region].name : "?";
	mx_buf_init(&b);
	mx_buf_addf(&b, "assumed: '%s' overlaps %s at [0x%" PRIx64 "-0x%" PRIx64 "], a place memx assumed "
		    "(the tree does not say where the boot loader puts it), so the refusal may not happen on "
		    "the board; give the real place in a profile (%s) and pass it with --profile BASE.yaml",
		    name, assumed_places[k].what, L->items[it].base,
		    L->items[it].base + L->items[it].size - 1, assumed_places[k].key);
	if (b.failed) {
		mx_buf_release(&b);
		return NULL;
	}
	return mx_buf_detach(&b, NULL);
}

static bool same(const struct mx_vdiag *v, const struct mx_diag *d, const char *text)
{
	return v->sev == d->sev && v->region == d->region &&
	       ((!v->check && !d->check) || (v->check && d->check && !strcmp(v->check, d->check))) &&
	       !strcmp(v->text, text);
}

int mxi_diags_build(struct mxi_diags *D, const struct mx_layout *L, const struct mx_profile *p)
{
	mxi_diags_release(D);
	/* errors first, then warnings, then notes; the engine's order within each */
	for (int sev = MX_SEV_ERROR; sev >= MX_SEV_NOTE; sev--)
		for (size_t i = 0; i < L->diags.cnt; i++) {
			const struct mx_diag *d = &L->diags.d[i];
			char *text = NULL;
			struct mx_vdiag *v;
			bool dup = false;

			if ((int)d->sev != sev)
				continue;
			text = assumed_text(L, p, d);
			for (size_t j = 0; j < D->n && !dup; j++)
				dup = same(&D->d[j], d, text ? text : d->msg);
			if (dup) {
				free(text);
				continue;
			}
			if (mxi_grow((void **)&D->d, &D->max, D->n + 1, sizeof(*D->d))) {
				free(text);
				return MX_ENOMEM;
			}
			v = &D->d[D->n];
			memset(v, 0, sizeof(*v));
			v->sev = d->sev;
			v->check = d->check;
			v->region = d->region;
			v->assumed = text != NULL;
			v->text = text ? text : strdup(d->msg ? d->msg : "");
			if (!v->text)
				return MX_ENOMEM;
			if (d->file) {
				size_t n = strlen(d->file) + 32;

				if (!(v->where = malloc(n)))
					return MX_ENOMEM;
				if (d->line)
					snprintf(v->where, n, "%s:%d:%d", d->file, d->line, d->col);
				else
					snprintf(v->where, n, "%s", d->file);
			}
			D->n++;
			if (d->sev == MX_SEV_ERROR)
				D->nerrors++;
			else if (d->sev == MX_SEV_WARNING)
				D->nwarnings++;
			else
				D->nnotes++;
		}
	return 0;
}

int mxi_placement_text(const struct mx_layout *L, const struct mx_item *it, struct mx_buf *b)
{
	if (it->flags & MX_IF_DISABLED)
		return mx_buf_adds(b, "disabled: not placed");
	if (it->flags & MX_IF_FAILED)
		return mx_buf_addf(b, "FAILED: %" PRIu64 " bytes did not fit", it->want);
	if (it->flags & MX_IF_REFUSED) {
		int a = mxi_assumed_overlap(L, it->base, it->size);

		if (a >= 0)
			return mx_buf_addf(b, "refused here: it overlaps %s, whose place memx assumed",
					   assumed_places[place_of(L->items[a].kind)].what);
		return mx_buf_adds(b, "refused by the kernel: the memory is already reserved");
	}
	return mx_item_how_placed(it, true, b);
}
