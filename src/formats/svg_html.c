/* svg_html.c - one self-contained HTML page: figures, the picture, the regions, the breakdown */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "memx/report.h"
#include "memx/svg.h"

static void figure(struct mx_buf *o, const char *name, uint64_t kib)
{
	mx_buf_addf(o, "<tr><td>%s</td><td class=\"n\">%" PRIu64 " kB</td></tr>\n", name, kib);
}

static void regions(const struct mx_layout *L, struct mx_buf *o)
{
	struct mx_buf pl;
	char sz[32];

	mx_buf_init(&pl);
	mx_buf_adds(o, "<h2>Regions</h2>\n<table>\n<tr><th>name</th><th>kind</th><th>base</th><th>end</th>"
		    "<th>size</th><th>placement</th></tr>\n");
	for (size_t i = 0; i < L->nitems; i++) {
		const struct mx_item *it = &L->items[i];
		bool placed = (it->flags & MX_IF_PLACED) && it->size;

		mx_buf_clear(&pl);
		mx_report_placement(L, it, &pl);
		if (it->flags & MX_IF_CMA)
			mx_buf_adds(&pl, "; CMA");
		if (it->flags & MX_IF_FREED)
			mx_buf_adds(&pl, "; freed later");
		mx_buf_addf(o, "<tr%s><td>", it->flags & MX_IF_FAILED ? " class=\"bad\"" : "");
		mx_buf_add_xml(o, it->name);
		mx_buf_addf(o, "</td><td>%s</td>", mx_item_kind_name(it->kind));
		if (placed)
			mx_buf_addf(o, "<td class=\"m\">0x%" PRIx64 "</td><td class=\"m\">0x%" PRIx64 "</td>", it->base,
				    it->base + it->size);
		else
			mx_buf_adds(o, "<td>-</td><td>-</td>");
		mx_buf_addf(o, "<td class=\"n\">%s</td><td>", mx_size_human(placed ? it->size : it->want, sz, sizeof(sz)));
		mx_buf_add_xml(o, pl.failed ? "" : pl.buf);
		mx_buf_adds(o, "</td></tr>\n");
	}
	mx_buf_adds(o, "</table>\n");
	mx_buf_release(&pl);
}

static void breakdown(const struct mx_svg_row *r, size_t n, struct mx_buf *o)
{
	if (!n)
		return;
	mx_buf_adds(o, "<h2>Where physpages go</h2>\n<p>Every page of physpages (the Memory line) belongs to one "
		    "cause; <i>in MemTotal</i> is what boot gives back later, <i>kept</i> what it keeps.</p>\n"
		    "<table>\n<tr><th>cause</th><th>KiB</th><th>in MemTotal</th><th>kept</th></tr>\n");
	for (size_t i = 0; i < n; i++) {
		if (!r[i].kib && i)
			continue;
		mx_buf_addf(o, "<tr><td style=\"padding-left:%upx\"%s>", 6 + 18 * r[i].depth,
			    r[i].depth < 2 ? " class=\"g\"" : "");
		mx_buf_add_xml(o, r[i].name);
		mx_buf_addf(o, "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64
			    "</td></tr>\n", r[i].kib, r[i].memtotal_kib, r[i].kib - r[i].memtotal_kib);
	}
	mx_buf_adds(o, "</table>\n");
}

int mx_html_write(const struct mx_layout *L, const struct mx_profile *p, const struct mx_svg_band *bands,
		  size_t nbands, const struct mx_svg_row *rows, size_t nrows, struct mx_buf *o)
{
	const struct mx_summary *s = &L->sum;

	mx_buf_adds(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>memx: ");
	mx_buf_add_xml(o, p->name ? p->name : "unnamed board");
	mx_buf_adds(o, "</title>\n<style>body{font-family:DejaVu Sans,Verdana,sans-serif;margin:1.5em;color:#222}"
		    "table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 8px;"
		    "font-size:13px}th{background:#eee}.n{text-align:right;font-variant-numeric:tabular-nums}"
		    ".m{font-family:monospace}.g{font-weight:bold}.bad{background:#ffcdd2}</style>\n</head>\n<body>\n<h1>");
	mx_buf_add_xml(o, p->name ? p->name : "unnamed board");
	mx_buf_adds(o, "</h1>\n<p>");
	if (p->description) {
		mx_buf_add_xml(o, p->description);
		mx_buf_adds(o, "<br>");
	}
	mx_buf_addf(o, "memx %s, %s, kernel ", MX_VERSION, mx_arch_name(L->params.arch));
	mx_buf_add_xml(o, p->kernel ? p->kernel : "unspecified");
	mx_buf_addf(o, " (rules of flavour %s), from ", L->params.flavour ? L->params.flavour->name : "?");
	mx_buf_add_xml(o, p->source ? p->source : "?");
	mx_buf_adds(o, "</p>\n<table>\n");
	figure(o, "DRAM", s->dram >> 10);
	figure(o, "physpages", mx_layout_kib(L, s->physpages));
	figure(o, "Memory line: available", mx_layout_kib(L, s->available));
	figure(o, "Memory line: reserved", mx_layout_kib(L, s->reserved));
	figure(o, "Memory line: cma-reserved", mx_layout_kib(L, s->cma_reserved));
	figure(o, "MemTotal", mx_layout_kib(L, s->memtotal));
	if (s->has_highmem) {
		figure(o, "LowTotal", mx_layout_kib(L, s->lowtotal));
		figure(o, "HighTotal", mx_layout_kib(L, s->hightotal));
	}
	figure(o, "CmaTotal", mx_layout_kib(L, s->cmatotal));
	mx_buf_adds(o, "</table>\n");
	if (mx_svg_write(L, p, bands, nbands, o))
		return MX_ENOMEM;
	regions(L, o);
	breakdown(rows, nrows, o);
	if (L->diags.cnt) {
		struct mx_buf d;

		mx_buf_init(&d);
		mx_buf_adds(o, "<h2>Diagnostics</h2>\n<pre>");
		for (size_t i = 0; i < L->diags.cnt; i++) {
			mx_buf_clear(&d);
			mx_diag_format(&L->diags.d[i], &d);
			mx_buf_add_xml(o, d.failed ? "" : d.buf);
			mx_buf_adds(o, "\n");
		}
		mx_buf_adds(o, "</pre>\n");
		mx_buf_release(&d);
	}
	mx_buf_adds(o, "</body>\n</html>\n");
	return o->failed ? MX_ENOMEM : 0;
}
