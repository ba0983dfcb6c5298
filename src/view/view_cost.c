/* view_cost.c - what each region costs, computed only when something shows it */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "view_internal.h"

struct cost {
	bool known;
	bool stale;     /* the figures are the previous layout's (until computed again) */
	int64_t memtotal, reserved, physpages, memmap;
};

struct mxi_costs {
	unsigned gen;
	bool synced;
	struct cost *c;
	size_t n, max;
	struct mx_layout L; /* the layout without the region, reused */
};

struct mxi_costs *mxi_costs_new(void)
{
	struct mxi_costs *c = calloc(1, sizeof(*c));

	if (c)
		mx_layout_init(&c->L);
	return c;
}

void mxi_costs_free(struct mxi_costs *c)
{
	if (!c)
		return;
	mx_layout_release(&c->L);
	free(c->c);
	free(c);
}

int mxi_costs_sync(struct mxi_costs *c, unsigned gen, size_t nregions)
{
	if (c->synced && c->gen == gen && c->n == nregions)
		return 0;
	if (c->synced && c->n == nregions) {
		/*
		 * An edit: every cost is to be computed again, but what the table
		 * showed stays until then (most regions cost what they did), so that
		 * a key does not repaint every row of the table twice
		 */
		for (size_t i = 0; i < c->n; i++) {
			c->c[i].stale = c->c[i].known || c->c[i].stale;
			c->c[i].known = false;
		}
		c->gen = gen;
		return 0;
	}
	if (mxi_grow((void **)&c->c, &c->max, nregions ? nregions : 1, sizeof(*c->c)))
		return MX_ENOMEM;
	memset(c->c, 0, (nregions ? nregions : 1) * sizeof(*c->c));
	c->n = nregions;
	c->gen = gen;
	c->synced = true;
	return 0;
}

/*
 * The layout with the region against the same profile with it disabled
 * (status = "disabled": the kernel skips the node). The flag is flipped on
 * the caller's profile for one recompute and put back: no copy of the
 * profile, whose kept device-tree properties make copies dear.
 */
int mxi_costs_compute(struct mxi_costs *c, const struct mx_layout *L, struct mx_profile *p, int region)
{
	struct cost *k;
	unsigned saved;
	uint64_t kib = L->params.page / 1024;
	int rc;

	if (region < 0 || (size_t)region >= c->n || (size_t)region >= p->nregions)
		return 0;
	k = &c->c[region];
	if (k->known)
		return 0;
	saved = p->regions[region].flags;
	p->regions[region].flags |= MX_REGION_DISABLED;
	rc = mx_layout_compute(&c->L, p);
	p->regions[region].flags = saved;
	if (rc)
		return rc;
	k->physpages = ((int64_t)c->L.sum.physpages - (int64_t)L->sum.physpages) * (int64_t)kib;
	k->reserved = ((int64_t)L->sum.reserved - (int64_t)c->L.sum.reserved) * (int64_t)kib;
	k->memtotal = ((int64_t)c->L.sum.memtotal - (int64_t)L->sum.memtotal) * (int64_t)kib;
	k->memmap = (int64_t)L->sum.memmap_bytes - (int64_t)c->L.sum.memmap_bytes;
	k->known = true;
	k->stale = false;
	return 0;
}

bool mxi_costs_last(const struct mxi_costs *c, int region, int64_t *memtotal)
{
	if (!c->synced || region < 0 || (size_t)region >= c->n || !(c->c[region].known || c->c[region].stale))
		return false;
	*memtotal = c->c[region].memtotal;
	return true;
}

bool mxi_costs_get(const struct mxi_costs *c, int region, int64_t *memtotal, int64_t *reserved,
		   int64_t *physpages, int64_t *memmap)
{
	const struct cost *k;

	if (!c->synced || region < 0 || (size_t)region >= c->n || !c->c[region].known)
		return false;
	k = &c->c[region];
	if (memtotal)
		*memtotal = k->memtotal;
	if (reserved)
		*reserved = k->reserved;
	if (physpages)
		*physpages = k->physpages;
	if (memmap)
		*memmap = k->memmap;
	return true;
}

int mxi_costs_next_missing(const struct mxi_costs *c, size_t from)
{
	for (size_t k = 0; k < c->n; k++) {
		size_t i = (from + k) % c->n;

		if (!c->c[i].known)
			return (int)i;
	}
	return -1;
}
