/* budget.c - a computed board against the limits of its budget */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/budget.h"
#include "core_internal.h"

void mx_budget_result_init(struct mx_budget_result *r)
{
	memset(r, 0, sizeof(*r));
}

void mx_budget_result_release(struct mx_budget_result *r)
{
	free(r->v);
	mx_budget_result_init(r);
}

static int add(struct mx_budget_result *r, enum mx_budget_key k, const char *what, uint64_t value,
	       uint64_t limit, const struct mx_srcpos *pos, bool unknown)
{
	struct mx_budget_violation *v;

	if (mxi_grow((void **)&r->v, &r->max, r->n + 1, sizeof(*r->v)))
		return MX_ENOMEM;
	v = &r->v[r->n++];
	memset(v, 0, sizeof(*v));
	v->key = k;
	snprintf(v->what, sizeof(v->what), "%s", what);
	v->value = value;
	v->limit = limit;
	v->unknown_region = unknown;
	if (pos)
		v->pos = *pos;
	return 0;
}

/* What a region asks for: its reg entries, or its size (0 when disabled). */
static uint64_t region_bytes(const struct mx_region *g)
{
	uint64_t n = 0;

	if (g->flags & MX_REGION_DISABLED)
		return 0;
	if (!g->nreg)
		return g->size;
	for (size_t i = 0; i < g->nreg; i++)
		n = mx_add_ok(n, g->reg[i].size, &n) ? n : UINT64_MAX;
	return n;
}

int mx_budget_check(const struct mx_budget *bu, const struct mx_layout *L, const struct mx_profile *p,
		    struct mx_budget_result *r)
{
	const struct mx_summary *s = &L->sum;
	uint64_t kib = 1024;
	const struct { enum mx_budget_key k; const char *what; uint64_t value; bool min; } figs[] = {
		{ MX_BUDGET_MIN_MEMTOTAL, "MemTotal", mx_layout_kib(L, s->memtotal) * kib, true },
		{ MX_BUDGET_MIN_LOWTOTAL, "LowTotal",
		  mx_layout_kib(L, s->has_highmem ? s->lowtotal : s->memtotal) * kib, true },
		{ MX_BUDGET_MAX_RESERVED, "reserved (Memory line)", mx_layout_kib(L, s->reserved) * kib, false },
		{ MX_BUDGET_MAX_CMA, "CmaTotal", mx_layout_kib(L, s->cmatotal) * kib, false },
		{ MX_BUDGET_MAX_MEMMAP, "memmap", s->memmap_bytes, false },
	};

	r->n = 0;
	r->checked = 0;
	for (size_t i = 0; i < sizeof(figs) / sizeof(figs[0]); i++) {
		uint64_t lim = bu->limit[figs[i].k];

		if (!(bu->has & (1u << figs[i].k)))
			continue;
		r->checked++;
		if ((figs[i].min ? figs[i].value < lim : figs[i].value > lim) &&
		    add(r, figs[i].k, figs[i].what, figs[i].value, lim, &bu->pos[figs[i].k], false))
			return MX_ENOMEM;
	}
	/* every region against its own limit, else the one for all */
	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *g = &p->regions[i];
		uint64_t n = region_bytes(g), lim = 0;
		const struct mx_srcpos *pos = NULL;
		char what[96];

		for (size_t k = 0; k < bu->nregions; k++)
			if (mx_profile_find_region(p, bu->regions[k].region) == (int)i) {
				lim = bu->regions[k].max;
				pos = &bu->regions[k].pos;
				break;
			}
		if (!pos && (bu->has & (1u << MX_BUDGET_MAX_REGION_SIZE))) {
			lim = bu->limit[MX_BUDGET_MAX_REGION_SIZE];
			pos = &bu->pos[MX_BUDGET_MAX_REGION_SIZE];
		}
		if (!pos)
			continue;
		r->checked++;
		snprintf(what, sizeof(what), "region %s", g->name);
		if (n > lim && add(r, MX_BUDGET_MAX_REGION_SIZE, what, n, lim, pos, false))
			return MX_ENOMEM;
	}
	/* a limit for a region the board does not have is a mistake to say, not to skip */
	for (size_t k = 0; k < bu->nregions; k++) {
		char what[96];

		if (mx_profile_find_region(p, bu->regions[k].region) >= 0)
			continue;
		snprintf(what, sizeof(what), "region %s", bu->regions[k].region);
		if (add(r, MX_BUDGET_MAX_REGION_SIZE, what, 0, bu->regions[k].max, &bu->regions[k].pos, true))
			return MX_ENOMEM;
	}
	return 0;
}

int mx_budget_format(const struct mx_budget_violation *v, struct mx_buf *o)
{
	const char *key = mx_budget_key_name(v->key);
	bool min = v->key == MX_BUDGET_MIN_MEMTOTAL || v->key == MX_BUDGET_MIN_LOWTOTAL;

	if (v->pos.file && v->pos.line)
		mx_buf_addf(o, "%s:%d:%d: ", v->pos.file, v->pos.line, v->pos.col);
	else
		mx_buf_addf(o, "--%s: ", key);
	if (v->unknown_region)
		return mx_buf_addf(o, "budget error: %s: the board has no such region [budget]", v->what);
	mx_buf_addf(o, "budget exceeded: %s %" PRIu64 "K, %s %" PRIu64 "K (%" PRIu64 "K %s) [budget]", v->what,
		    v->value >> 10, key, v->limit >> 10,
		    (min ? v->limit - v->value : v->value - v->limit) >> 10, min ? "short" : "over");
	return o->failed ? MX_ENOMEM : 0;
}
