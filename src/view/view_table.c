/* view_table.c - every item of the layout as a table (ncdu-style), sorted and filtered */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core_internal.h"
#include "view_internal.h"

/* Case-insensitive substring test (strcasestr is a GNU extension). */
static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return !n;
}

bool mx_screen_matches(const struct mx_layout *L, const struct mx_profile *p, int item, const char *q)
{
	const struct mx_item *it;

	if (!q || !*q)
		return true;
	if (item < 0 || (size_t)item >= L->nitems)
		return false;
	it = &L->items[item];
	if (contains(it->name, q))
		return true;
	return it->region >= 0 && (size_t)it->region < p->nregions && p->regions[it->region].label &&
	       contains(p->regions[it->region].label, q);
}

/* qsort has no context argument: the keys are computed first. */
struct key {
	int item;
	int group;      /* 0 sorted by the key, 1 after (not placed / no cost) */
	int64_t k;
	uint64_t base;
};

/* Ascending on every key; a descending order stores the keys negated. */
static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->group != y->group)
		return x->group - y->group;
	if (x->k != y->k)
		return x->k < y->k ? -1 : 1;
	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return x->item - y->item;
}

int mxi_table_order(struct mx_screen *s, int **order, size_t *max, size_t *n)
{
	const struct mx_layout *L = s->L;
	struct key *k;
	size_t m = 0;

	*n = 0;
	if (!L->nitems)
		return 0;
	if (!(k = malloc(L->nitems * sizeof(*k))))
		return MX_ENOMEM;
	for (size_t i = 0; i < L->nitems; i++) {
		const struct mx_item *it = &L->items[i];
		bool placed = it->flags & MX_IF_PLACED;
		int64_t cost;

		if (!mx_screen_matches(L, s->prof, (int)i, s->filter))
			continue;
		k[m].item = (int)i;
		k[m].base = placed ? it->base : UINT64_MAX;
		k[m].group = 0;
		k[m].k = 0; /* items without a cost sort among themselves by address */
		switch (s->sort) {
		case MX_SORT_ADDR:
			k[m].k = 0;
			k[m].group = !placed;
			break;
		case MX_SORT_SIZE:
			k[m].k = (int64_t)(it->size ? it->size : it->want);
			break;
		case MX_SORT_COST:
			if (it->region >= 0 && mxi_screen_last_cost(s, it->region, &cost))
				k[m].k = cost;
			else
				k[m].group = 1;
			break;
		}
		m++;
	}
	/* ncdu's way: sizes and costs biggest first, addresses lowest first; O reverses */
	for (size_t i = 0; i < m; i++) {
		if ((s->sort != MX_SORT_ADDR) != s->sort_desc)
			k[i].k = -k[i].k;
		if (s->sort == MX_SORT_ADDR && s->sort_desc)
			k[i].base = ~k[i].base;
	}
	qsort(k, m, sizeof(*k), cmp_key);
	if (mxi_grow((void **)order, max, m ? m : 1, sizeof(**order))) {
		free(k);
		return MX_ENOMEM;
	}
	for (size_t i = 0; i < m; i++)
		(*order)[i] = k[i].item;
	*n = m;
	free(k);
	return 0;
}

static void flags_letters(const struct mx_profile *p, const struct mx_item *it, char *f)
{
	static const struct { unsigned bit; char c; } t[] = {
		{ MX_REGION_NOMAP, 'N' }, { MX_REGION_REUSABLE, 'R' }, { MX_REGION_CMA_DEFAULT, 'C' },
		{ MX_REGION_NOMAP_FIXUP, 'F' }, { MX_REGION_FREED_LATE, 'L' }, { MX_REGION_DISABLED, 'D' },
	};
	unsigned fl = it->region >= 0 && (size_t)it->region < p->nregions ? p->regions[it->region].flags : 0;

	for (size_t i = 0; i < 6; i++)
		f[i] = fl & t[i].bit ? t[i].c : '-';
	f[6] = '\0';
	if (it->region < 0)
		snprintf(f, 7, "%s", "");
}

const char *mxi_screen_cost_text(const struct mx_screen *s, int region, char *buf, size_t len)
{
	int64_t mt;

	if (region < 0)
		return "";
	if (region < (int)s->prof->nregions && (s->prof->regions[region].flags & MX_REGION_DISABLED))
		return "0";
	if (!mxi_screen_last_cost(s, region, &mt))
		return s->ascii ? "~" : "\u2026";
	snprintf(buf, len, "%+" PRId64, -mt);
	return buf;
}

static uint64_t str_hash(const char *t)
{
	uint64_t h = 1469598103934665603ULL;

	for (; t && *t; t++)
		h = (h ^ (unsigned char)*t) * 1099511628211ULL;
	return h;
}

static void row_key(const struct mx_screen *s, int item, bool cur, struct mxi_trow *k)
{
	const struct mx_item *it = &s->L->items[item];

	memset(k, 0, sizeof(*k));
	k->item = item;
	k->sel = item == s->sel;
	k->cur = cur;
	k->flags = it->flags;
	k->rflags = it->region >= 0 && (size_t)it->region < s->prof->nregions ? s->prof->regions[it->region].flags : 0;
	k->base = it->base;
	k->size = it->size ? it->size : it->want;
	k->name = str_hash(it->name) ^ (uint64_t)it->kind << 56;
	k->costok = it->region >= 0 && mxi_screen_last_cost(s, it->region, &k->cost);
}

/* One row of the table (columns at @x: kind, base, size, flags; the cost ends the row). */
static void draw_row(const struct mx_screen *s, struct mx_canvas *c, int y, int item, bool cur, const int *x,
		     int namew, int digits)
{
	const struct mx_item *it = &s->L->items[item];
	enum mx_vkind vk = mxi_item_vkind(it);
	const struct mx_vkind_info *ki = mx_vkind_info(vk);
	char buf[64], f[8];
	int w = c->w;
	const char *t;
	int64_t v;

	mxi_cv_blank(c, y, MX_VS_NORMAL);
	mx_canvas_text(c, y, 0, 1, (uint8_t)(MX_VS_KIND + vk), s->letters || s->ascii ? ki->ascii : ki->utf8);
	/* a column of space before the kind, also when the name is cut */
	mx_canvas_text(c, y, 2, namew - 1, item == s->sel ? MX_VS_SELECTED | MX_VS_REV : MX_VS_NORMAL, it->name);
	if (x[0] != x[1])
		mx_canvas_text(c, y, x[0], 12, MX_VS_NORMAL,
			       it->flags & MX_IF_FAILED ? "FAILED" : it->flags & MX_IF_DISABLED ? "disabled" :
			       it->flags & MX_IF_REFUSED ? "refused" : mx_item_kind_name(it->kind));
	if (it->flags & (MX_IF_PLACED | MX_IF_REFUSED))
		mxi_cv_textf(c, y, x[1], digits + 2, MX_VS_NORMAL, "0x%0*" PRIx64, digits, it->base);
	else
		mx_canvas_text(c, y, x[1], digits + 2, MX_VS_NORMAL, "-");
	mxi_cv_text_right(c, y, x[3] - 1, 10, MX_VS_NORMAL, mx_view_size(it->size ? it->size : it->want, buf, sizeof(buf)));
	flags_letters(s->prof, it, f);
	mx_canvas_text(c, y, x[3], 6, MX_VS_NORMAL, f);
	t = mxi_screen_cost_text(s, it->region, buf, sizeof(buf));
	v = t[0] == '+' || t[0] == '-' ? (int64_t)strtoll(t, NULL, 10) : 0;
	mxi_cv_text_right(c, y, w, 9, mxi_delta_style(v), t);
	if (cur)
		mxi_cv_or(c, y, 0, w, MX_VS_REV);
}

bool mxi_table_draw(const struct mx_screen *s, struct mx_canvas *c, const int *order, size_t n, int first,
		    struct mxi_trow *keys, bool full)
{
	static const char *const by[] = { "address", "size", "MemTotal cost" };
	int w = c->w, digits = 8, namew, x[4];
	char head[200];
	bool focus = s->page == MX_PAGE_TABLE || s->table_focus, changed = full;

	for (uint64_t e = s->view->end ? s->view->end - 1 : 0; e >> (4 * digits); digits++)
		;
	/* the columns from the right: cost 9, flags 6, size 10, base, kind 12; the name takes the rest */
	x[3] = w - 9 - 7;                /* flags */
	x[2] = x[3] - 11;                /* size */
	x[1] = x[2] - (digits + 3);      /* base */
	x[0] = x[1] - 13;                /* kind */
	namew = x[0] - 2;
	if (namew < 12) {
		/* narrow: no kind column */
		x[0] = x[1];
		namew = x[1] - 2;
	}
	snprintf(head, sizeof(head), " Regions: %zu%s, by %s%s  (o sorts, O reverses, / filters%s)", n,
		 s->filter && *s->filter ? " matching" : "", by[s->sort], s->sort_desc ? ", reversed" : "",
		 focus ? ", Enter selects" : ", t goes here");
	mxi_cv_blank(c, 0, MX_VS_NORMAL);
	mx_canvas_text(c, 0, 0, w, MX_VS_HEAD, head);
	if (full) {
		mxi_cv_blank(c, 1, MX_VS_NORMAL);
		mx_canvas_text(c, 1, 2, namew, MX_VS_DIM, "name");
		if (x[0] != x[1])
			mx_canvas_text(c, 1, x[0], 12, MX_VS_DIM, "kind");
		mx_canvas_text(c, 1, x[1], digits + 2, MX_VS_DIM, "base");
		mxi_cv_text_right(c, 1, x[3] - 1, 10, MX_VS_DIM, "size");
		mx_canvas_text(c, 1, x[3], 6, MX_VS_DIM, "flags");
		mxi_cv_text_right(c, 1, w, 9, MX_VS_DIM, "MemTotal");
	}
	for (int y = 2; y < c->h; y++) {
		size_t i = (size_t)(first > 0 ? first : 0) + (size_t)(y - 2);
		struct mxi_trow k;

		if (i < n) {
			row_key(s, order[i], focus && (int)i == s->table_cur, &k);
		} else {
			memset(&k, 0, sizeof(k));
			k.item = -1;
		}
		if (!full && !memcmp(&k, &keys[y], sizeof(k)))
			continue;
		keys[y] = k;
		changed = true;
		if (k.item < 0)
			mxi_cv_blank(c, y, MX_VS_NORMAL);
		else
			draw_row(s, c, y, k.item, k.cur, x, namew, digits);
	}
	if (!n)
		mx_canvas_text(c, 2, 2, w - 2, MX_VS_DIM, "nothing matches the search (/ and an empty search shows all)");
	return changed;
}
