/* diff_out.c - a diff as text and as JSON */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "memx/diff.h"

static const char *fig_suffix(enum mx_diff_fig f)
{
	return !strcmp(mx_diff_figure_unit(f), "KiB") ? "K" : "";
}

static void what_txt(struct mx_buf *o, unsigned w)
{
	static const struct { unsigned bit; const char *name; } t[] = {
		{ MX_DIFF_ADDED, "added" }, { MX_DIFF_REMOVED, "removed" }, { MX_DIFF_MOVED, "moved" },
		{ MX_DIFF_RESIZED, "resized" }, { MX_DIFF_FLAGS, "outcome" }, { MX_DIFF_KIND, "kind" },
	};
	bool first = true;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (w & t[i].bit) {
			mx_buf_addf(o, "%s%s", first ? "" : ",", t[i].name);
			first = false;
		}
}

static const struct { unsigned bit; const char *name; } flag_names[] = {
	{ MX_IF_FAILED, "failed" }, { MX_IF_DISABLED, "disabled" }, { MX_IF_REFUSED, "refused" },
	{ MX_IF_GIVEN_BACK, "given-back" }, { MX_IF_CMA, "cma" }, { MX_IF_NOMAP, "no-map" },
	{ MX_IF_OUTSIDE, "outside" }, { MX_IF_CMA_FAILED, "not-cma" }, { MX_IF_FREED, "freed-later" },
};

static void side_txt(struct mx_buf *o, bool in, enum mx_item_kind kind, unsigned flags, uint64_t base,
		     uint64_t size)
{
	char s[32];
	bool first = true;

	if (!in) {
		mx_buf_adds(o, "-");
		return;
	}
	if (flags & MX_IF_PLACED)
		mx_buf_addf(o, "%s 0x%" PRIx64 "+%s", mx_item_kind_name(kind), base, mx_size_human(size, s, sizeof(s)));
	else
		mx_buf_addf(o, "%s %s", mx_item_kind_name(kind), mx_size_human(size, s, sizeof(s)));
	for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (flags & flag_names[i].bit) {
			mx_buf_addf(o, "%s%s", first ? " [" : ",", flag_names[i].name);
			first = false;
		}
	if (!first)
		mx_buf_adds(o, "]");
}

static void items_txt(const struct mx_diff *d, bool carveouts, struct mx_buf *o)
{
	struct mx_buf a, b, w;
	bool any = false;

	mx_buf_init(&a);
	mx_buf_init(&b);
	mx_buf_init(&w);
	for (size_t i = 0; i < d->nitems; i++) {
		const struct mx_diff_item *it = &d->items[i];

		if (!it->what || it->carveout != carveouts)
			continue;
		if (!any)
			mx_buf_addf(o, "\n%s\n", carveouts ? "Regions (carve-outs and CMA areas)" :
				    "Other items (kernel, boot loader blobs, allocations)");
		any = true;
		mx_buf_clear(&a);
		mx_buf_clear(&b);
		mx_buf_clear(&w);
		side_txt(&a, it->in_a, it->kind_a, it->flags_a, it->base_a, it->size_a);
		side_txt(&b, it->in_b, it->kind_b, it->flags_b, it->base_b, it->size_b);
		what_txt(&w, it->what);
		mx_buf_addf(o, "  %-28s %-16s %s -> %s\n", it->name, w.buf, a.buf, b.buf);
	}
	mx_buf_release(&a);
	mx_buf_release(&b);
	mx_buf_release(&w);
}

int mx_diff_text(const struct mx_diff *d, const char *na, const char *nb, struct mx_buf *o)
{
	size_t nfig = 0, nitem = 0;

	/* file names and command lines are the user's: escaped like every name memx prints */
	mx_buf_adds(o, "memx diff: ");
	mx_str_escape(o, na);
	mx_buf_adds(o, " -> ");
	mx_str_escape(o, nb);
	mx_buf_adds(o, "\n");
	if (d->nchanges) {
		mx_buf_adds(o, "\nChanges (applied to A one at a time, in this order)\n");
		for (size_t c = 0; c < d->nchanges; c++) {
			mx_buf_addf(o, "  #%-2zu ", c + 1);
			mx_str_escape(o, d->changes[c].what);
			mx_buf_adds(o, "\n");
		}
	} else {
		mx_buf_adds(o, "\nChanges: none the engine reads\n");
	}
	items_txt(d, true, o);
	items_txt(d, false, o);
	mx_buf_addf(o, "\n%-30s %14s %14s %12s  from\n", "Figures", "A", "B", "delta");
	for (int f = 0; f < MX_DF__COUNT; f++) {
		int64_t delta = d->b[f] - d->a[f];
		const char *u = fig_suffix((enum mx_diff_fig)f);
		bool first = true;

		mx_buf_addf(o, "%c %-28s %13" PRId64 "%s %13" PRId64 "%s", delta ? '!' : ' ',
			    mx_diff_figure_name((enum mx_diff_fig)f), d->a[f], u, d->b[f], u);
		if (!delta) {
			mx_buf_adds(o, "\n");
			continue;
		}
		nfig++;
		mx_buf_addf(o, " %+11" PRId64 "%s ", delta, u);
		for (size_t c = 0; c < d->nchanges; c++) {
			if (!d->changes[c].delta[f])
				continue;
			mx_buf_addf(o, "%s #%zu %+" PRId64 "%s", first ? "" : ",", c + 1, d->changes[c].delta[f], u);
			first = false;
		}
		mx_buf_adds(o, "\n");
	}
	for (size_t i = 0; i < d->nitems; i++)
		nitem += d->items[i].what != 0;
	mx_buf_addf(o, "result: %zu change(s), %zu item(s) differ, %zu figure(s) differ\n", d->nchanges, nitem,
		    nfig);
	return o->failed ? MX_ENOMEM : 0;
}

static void json_side(struct mx_buf *o, bool in, enum mx_item_kind kind, unsigned flags, uint64_t base,
		      uint64_t size)
{
	bool first = true;

	if (!in) {
		mx_buf_adds(o, "null");
		return;
	}
	mx_buf_addf(o, "{\"kind\":\"%s\",\"placed\":%s,", mx_item_kind_name(kind), flags & MX_IF_PLACED ? "true" : "false");
	if (flags & MX_IF_PLACED)
		mx_buf_addf(o, "\"base\":\"0x%" PRIx64 "\",", base);
	mx_buf_addf(o, "\"size\":%" PRIu64 ",\"flags\":[", size);
	for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (flags & flag_names[i].bit) {
			mx_buf_addf(o, "%s\"%s\"", first ? "" : ",", flag_names[i].name);
			first = false;
		}
	mx_buf_adds(o, "]}");
}

int mx_diff_json(const struct mx_diff *d, const char *na, const char *nb, struct mx_buf *o)
{
	mx_buf_adds(o, "{\"a\":");
	mx_buf_add_json_str(o, na);
	mx_buf_adds(o, ",\"b\":");
	mx_buf_add_json_str(o, nb);
	mx_buf_addf(o, ",\"differ\":%s,\n\"changes\":[", d->differ ? "true" : "false");
	for (size_t c = 0; c < d->nchanges; c++) {
		bool first = true;

		mx_buf_addf(o, "%s\n {\"what\":", c ? "," : "");
		mx_buf_add_json_str(o, d->changes[c].what);
		mx_buf_adds(o, ",\"delta\":{");
		for (int f = 0; f < MX_DF__COUNT; f++) {
			if (!d->changes[c].delta[f])
				continue;
			mx_buf_addf(o, "%s\"%s\":%" PRId64, first ? "" : ",", mx_diff_figure_name((enum mx_diff_fig)f),
				    d->changes[c].delta[f]);
			first = false;
		}
		mx_buf_adds(o, "}}");
	}
	mx_buf_adds(o, "],\n\"items\":[");
	for (size_t i = 0, n = 0; i < d->nitems; i++) {
		const struct mx_diff_item *it = &d->items[i];
		struct mx_buf w;

		if (!it->what)
			continue;
		mx_buf_addf(o, "%s\n {\"name\":", n++ ? "," : "");
		mx_buf_add_json_str(o, it->name);
		mx_buf_init(&w);
		what_txt(&w, it->what);
		mx_buf_addf(o, ",\"carveout\":%s,\"what\":\"%s\",\"a\":", it->carveout ? "true" : "false",
			    w.failed ? "" : w.buf);
		mx_buf_release(&w);
		json_side(o, it->in_a, it->kind_a, it->flags_a, it->base_a, it->size_a);
		mx_buf_adds(o, ",\"b\":");
		json_side(o, it->in_b, it->kind_b, it->flags_b, it->base_b, it->size_b);
		mx_buf_adds(o, "}");
	}
	mx_buf_adds(o, "],\n\"figures\":[");
	for (int f = 0; f < MX_DF__COUNT; f++) {
		mx_buf_addf(o, "%s\n {\"name\":\"%s\",\"unit\":\"%s\",\"a\":%" PRId64 ",\"b\":%" PRId64 ",\"delta\":%" PRId64
			    ",\"by_change\":[", f ? "," : "", mx_diff_figure_name((enum mx_diff_fig)f),
			    mx_diff_figure_unit((enum mx_diff_fig)f), d->a[f], d->b[f], d->b[f] - d->a[f]);
		for (size_t c = 0; c < d->nchanges; c++)
			mx_buf_addf(o, "%s%" PRId64, c ? "," : "", d->changes[c].delta[f]);
		mx_buf_adds(o, "]}");
	}
	mx_buf_adds(o, "]}\n");
	return o->failed ? MX_ENOMEM : 0;
}
