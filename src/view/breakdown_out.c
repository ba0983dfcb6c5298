/* breakdown_out.c - the breakdown as JSON (doc/breakdown.schema.json) and as a text table */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "memx/breakdown.h"

static void node_json(const struct mx_breakdown *b, size_t *i, struct mx_buf *o)
{
	const struct mx_bd_node *n = &b->node[*i];
	unsigned depth = n->depth;

	mx_buf_adds(o, "{");
	if (n->id) {
		mx_buf_adds(o, "\"id\":");
		mx_buf_add_json_str(o, n->id);
		mx_buf_adds(o, ",");
	}
	mx_buf_adds(o, "\"name\":");
	mx_buf_add_json_str(o, n->name);
	mx_buf_addf(o, ",\"kib\":%" PRIu64 ",\"memtotal_kib\":%" PRIu64, n->kib, n->memtotal_kib);
	if (n->kind >= 0) {
		mx_buf_adds(o, ",\"kind\":");
		mx_buf_add_json_str(o, mx_item_kind_name((enum mx_item_kind)n->kind));
	}
	++*i;
	if (n->group) {
		bool first = true;

		mx_buf_adds(o, ",\"children\":[");
		while (*i < b->nnode && b->node[*i].depth > depth) {
			mx_buf_addf(o, "%s\n%*s", first ? "" : ",", (int)(2 * depth + 2), "");
			node_json(b, i, o);
			first = false;
		}
		mx_buf_adds(o, "]");
	}
	mx_buf_adds(o, "}");
}

int mx_breakdown_json(const struct mx_breakdown *b, const struct mx_layout *L, const struct mx_profile *p,
		      struct mx_buf *o)
{
	size_t i = 0;

	mx_buf_addf(o, "{\"format\":\"memx-breakdown\",\"schema_version\":%d,\"memx_version\":\"%s\",\n",
		    MX_BREAKDOWN_SCHEMA_VERSION, MX_VERSION);
	mx_buf_adds(o, "\"board\":{\"name\":");
	mx_buf_add_json_str(o, p->name ? p->name : "");
	mx_buf_adds(o, ",\"source\":");
	mx_buf_add_json_str(o, p->source ? p->source : "");
	mx_buf_addf(o, ",\"arch\":\"%s\",\"kernel\":", mx_arch_name(L->params.arch));
	mx_buf_add_json_str(o, p->kernel ? p->kernel : "");
	mx_buf_addf(o, ",\"flavour\":\"%s\"},\n", L->params.flavour ? L->params.flavour->name : "");
	mx_buf_addf(o, "\"page_size\":%" PRIu64 ",\"physpages_kib\":%" PRIu64 ",\"memtotal_kib\":%" PRIu64
		    ",\"kept_kib\":%" PRIu64 ",\"cmatotal_kib\":%" PRIu64 ",\"unattributed_kib\":%" PRIu64 ",\n",
		    L->params.page, b->physpages_kib, b->memtotal_kib, b->physpages_kib - b->memtotal_kib,
		    mx_layout_kib(L, L->sum.cmatotal), b->unattributed_kib);
	mx_buf_adds(o, "\"root\":");
	if (b->nnode)
		node_json(b, &i, o);
	else
		mx_buf_adds(o, "null");
	mx_buf_adds(o, "}\n");
	return o->failed ? MX_ENOMEM : 0;
}

int mx_breakdown_text(const struct mx_breakdown *b, const struct mx_layout *L, const struct mx_profile *p,
		      struct mx_buf *o)
{
	unsigned hide = 0; /* depth below which a zero group's subtree is skipped; 0: none */

	mx_buf_addf(o, "memx %s: %s (%s): where physpages go\n", MX_VERSION, p->name ? p->name : "unnamed board",
		    p->source ? p->source : "?");
	mx_buf_addf(o, "%-50s %10s %12s %10s\n", "", "KiB", "in MemTotal", "kept");
	for (size_t i = 0; i < b->nnode; i++) {
		const struct mx_bd_node *n = &b->node[i];
		char label[256];

		if (hide && n->depth >= hide)
			continue;
		hide = 0;
		if (!n->kib && i) {
			hide = n->depth + 1;
			continue;
		}
		snprintf(label, sizeof(label), "%*s%s", (int)(2 * n->depth), "", n->name);
		mx_buf_addf(o, "%-50.50s %10" PRIu64 " %12" PRIu64 " %10" PRIu64 "\n", label, n->kib,
			    n->memtotal_kib, n->kib - n->memtotal_kib);
	}
	mx_buf_addf(o, "physpages %" PRIu64 "K = MemTotal %" PRIu64 "K + kept %" PRIu64 "K%s\n",
		    b->physpages_kib, b->memtotal_kib, b->physpages_kib - b->memtotal_kib,
		    L->sum.physpages && mx_layout_kib(L, L->sum.physpages) == b->physpages_kib ? "" :
		    " (differs from the Memory line!)");
	return o->failed ? MX_ENOMEM : 0;
}
