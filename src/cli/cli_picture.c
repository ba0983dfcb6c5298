/* cli_picture.c - memx report --svg / --html: the view's segments and the breakdown, handed to the writer */
#include <stdlib.h>

#include "memx/breakdown.h"
#include "memx/svg.h"
#include "memx/view.h"
#include "cli_internal.h"

int mx_cli_picture(const struct mx_layout *L, const struct mx_profile *p, const struct mx_breakdown *bd, bool html,
		   struct mx_buf *out)
{
	struct mx_view v;
	struct mx_svg_band *bands = NULL;
	struct mx_svg_row *rows = NULL;
	int r = MX_ENOMEM;

	mx_view_init(&v);
	if (mx_view_build(&v, L) || !(bands = calloc(v.nseg + 1, sizeof(*bands))) ||
	    !(rows = calloc(bd->nnode + 1, sizeof(*rows))))
		goto out;
	for (size_t i = 0; i < v.nseg; i++) {
		const struct mx_seg *s = &v.seg[i];
		const struct mx_item *it = s->kind == MX_SEG_ITEM ? &L->items[s->item] : NULL;

		bands[i].base = s->base;
		bands[i].size = s->size;
		bands[i].kind = mx_seg_name(s);
		bands[i].item = it != NULL;
		bands[i].label = it ? it->name : NULL;
		bands[i].carveout = it && (it->region >= 0 || it->kind == MX_ITEM_CMA_DEFAULT);
	}
	for (size_t i = 0; i < bd->nnode; i++) {
		rows[i].depth = bd->node[i].depth;
		rows[i].name = bd->node[i].name;
		rows[i].kib = bd->node[i].kib;
		rows[i].memtotal_kib = bd->node[i].memtotal_kib;
	}
	r = html ? mx_html_write(L, p, bands, v.nseg, rows, bd->nnode, out) : mx_svg_write(L, p, bands, v.nseg, out);
out:
	free(bands);
	free(rows);
	mx_view_release(&v);
	return r;
}
