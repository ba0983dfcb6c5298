/* svg.c - the address space as an SVG bar: carve-outs stay visible, large free ranges squeezed */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/svg.h"

/* Geometry, in SVG user units (pixels at 1:1). */
#define WIDTH 920
#define TOP 70          /* below the title */
#define BAR_X 130       /* the bar, after the addresses */
#define BAR_W 170
#define LABEL_X 330
#define LINE_H 14       /* one label line; a labelled band is at least this tall */
#define SMALL_H 3       /* an unlabelled allocation */
#define GAP_MAX 60      /* free memory and holes are squeezed to this at most */
#define GAP_MIN 8
#define TARGET_H 900    /* the bar's height we aim at */
#define LEGEND_W 170

static const struct { const char *kind, *fill, *legend; } colours[] = {
	{ "free", "#e8f5e9", "free (buddy allocator)" },
	{ "hole", "#ffffff", "hole (no DRAM)" },
	{ "removed", "#bdbdbd", "removed from memory" },
	{ "reserved", "#9e9e9e", "reserved (page rounding)" },
	{ "kernel", "#e53935", "kernel image" },
	{ "pgd", "#ab47bc", "swapper_pg_dir" },
	{ "initrd", "#ce93d8", "initrd" },
	{ "fdt", "#ba68c8", "DTB" },
	{ "memreserve", "#8e24aa", "/memreserve/" },
	{ "no-map", "#424242", "no-map carve-out" },
	{ "static", "#1e88e5", "static carve-out" },
	{ "dynamic", "#26c6da", "dynamic carve-out" },
	{ "cma", "#43a047", "CMA pool" },
	{ "cma-default", "#00897b", "default CMA area" },
	{ "no-map-fixup", "#d81b60", "no-map-fixup" },
	{ "freed-late", "#fdd835", "freed late" },
	{ "memmap", "#fb8c00", "memmap" },
	{ "memmap-meta", "#ffb74d", "memmap metadata" },
	{ "early", "#ffe082", "early allocation" },
	{ "calibration", "#a1887f", "calibration" },
};

static const char *fill_of(const char *kind)
{
	for (size_t i = 0; i < sizeof(colours) / sizeof(colours[0]); i++)
		if (!strcmp(colours[i].kind, kind))
			return colours[i].fill;
	return "#cccccc";
}

int mx_buf_add_xml(struct mx_buf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	while (*s) {
		size_t n = 1;

		if (*s >= 0x80) {
			/* a whole, shortest UTF-8 sequence passes; anything else is '?' */
			n = (*s & 0xe0) == 0xc0 && *s >= 0xc2 ? 2 : (*s & 0xf0) == 0xe0 ? 3 :
			    (*s & 0xf8) == 0xf0 && *s <= 0xf4 ? 4 : 0;
			for (size_t k = 1; k < n; k++)
				if ((s[k] & 0xc0) != 0x80)
					n = 0;
			if (n == 3 && ((*s == 0xe0 && s[1] < 0xa0) || (*s == 0xed && s[1] >= 0xa0)))
				n = 0; /* overlong, surrogates */
			if (n == 4 && ((*s == 0xf0 && s[1] < 0x90) || (*s == 0xf4 && s[1] >= 0x90)))
				n = 0;
			if (!n) {
				mx_buf_adds(b, "?");
				s++;
				continue;
			}
			mx_buf_add(b, (const char *)s, n);
		} else if (*s == '&') {
			mx_buf_adds(b, "&amp;");
		} else if (*s == '<') {
			mx_buf_adds(b, "&lt;");
		} else if (*s == '>') {
			mx_buf_adds(b, "&gt;");
		} else if (*s == '"') {
			mx_buf_adds(b, "&quot;");
		} else if (*s == '\'') {
			mx_buf_adds(b, "&#39;");
		} else if (*s < 0x20 || *s == 0x7f) {
			mx_buf_adds(b, "?");
		} else {
			mx_buf_add(b, (const char *)s, 1);
		}
		s += n;
	}
	return b->failed ? MX_ENOMEM : 0;
}

static bool is_gap(const struct mx_svg_band *b)
{
	return !b->item;
}

/* A band's height at @scale pixels per byte (@merged: a run of small allocations, labelled). */
static double band_h(const struct mx_svg_band *b, double scale, bool merged)
{
	double h = (double)b->size * scale;

	if (is_gap(b)) {
		if (!strcmp(b->kind, "reserved") && h < SMALL_H)
			return h < 1 ? 1 : h; /* a page's rounding: a hairline */
		return h > GAP_MAX ? GAP_MAX : h < GAP_MIN ? GAP_MIN : h;
	}
	if (merged || b->carveout || !strcmp(b->kind, "kernel") || !strcmp(b->kind, "memmap") ||
	    !strcmp(b->kind, "initrd") || !strcmp(b->kind, "fdt"))
		return h < LINE_H ? LINE_H : h;
	return h < SMALL_H ? SMALL_H : h;
}

/*
 * The scale: the largest at which the bar stays within TARGET_H (bisection;
 * the height only grows with the scale). Boards with hundreds of labelled
 * bands are taller than TARGET_H at any scale, and get what they need.
 */
static double pick_scale(const struct mx_svg_band *b, const bool *merged, size_t n)
{
	double lo = 0, hi = 1;

	for (int it = 0; it < 200; it++) {
		double mid = (lo + hi) / 2, tot = 0;

		for (size_t i = 0; i < n; i++)
			tot += band_h(&b[i], mid, merged[i]);
		if (tot > TARGET_H)
			hi = mid;
		else
			lo = mid;
	}
	return lo;
}

static bool squeezed(const struct mx_svg_band *b, double scale)
{
	return is_gap(b) && (double)b->size * scale > GAP_MAX;
}

static void legend(const struct mx_svg_band *b, size_t n, double y, struct mx_buf *o)
{
	double x = WIDTH - LEGEND_W;

	mx_buf_addf(o, "<text x=\"%.0f\" y=\"%.0f\" class=\"h\">legend</text>\n", x, y);
	y += 8;
	for (size_t c = 0; c < sizeof(colours) / sizeof(colours[0]); c++) {
		bool used = false;

		for (size_t i = 0; i < n && !used; i++)
			used = !strcmp(b[i].kind, colours[c].kind);
		if (!used)
			continue;
		mx_buf_addf(o, "<rect x=\"%.0f\" y=\"%.1f\" width=\"14\" height=\"10\" fill=\"%s\" stroke=\"#555\" "
			    "stroke-width=\"0.5\"/><text x=\"%.0f\" y=\"%.1f\">%s</text>\n", x, y, colours[c].fill,
			    x + 20, y + 9, colours[c].legend);
		y += 15;
	}
	mx_buf_addf(o, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" class=\"lh\"/><text x=\"%.0f\" "
		    "y=\"%.1f\">lowmem | highmem</text>\n", x, y + 5, x + 14, y + 5, x + 20, y + 9);
	y += 15;
	mx_buf_addf(o, "<path d=\"M%.0f %.1f l4 -3 l4 6 l4 -3\" class=\"brk\"/><text x=\"%.0f\" y=\"%.1f\">"
		    "squeezed (not to scale)</text>\n", x, y + 5, x + 20, y + 9);
}

/* The address at @y on the bar: the band it falls in, linearly inside it. */
static double y_of(const struct mx_svg_band *b, size_t n, const double *ys, const double *hs, uint64_t addr)
{
	for (size_t i = 0; i < n; i++)
		if (addr >= b[i].base && addr - b[i].base < b[i].size)
			return ys[i] + hs[i] * (double)(addr - b[i].base) / (double)b[i].size;
	return n ? ys[n - 1] + hs[n - 1] : TOP;
}

/* A small allocation: not a carve-out, not the kernel or a blob, under 1/2000 of the span. */
static bool tiny(const struct mx_svg_band *b, uint64_t span)
{
	if (!b->item) /* a page's rounding between two of them */
		return !strcmp(b->kind, "reserved") && b->size < span / 2000;
	return !b->carveout && b->size < span / 2000 && strcmp(b->kind, "kernel") && strcmp(b->kind, "initrd") &&
	       strcmp(b->kind, "fdt");
}

/*
 * Runs of small allocations (page tables, per-cpu bookkeeping, hashes...)
 * become one band "N small allocations" of the kind the run holds most of:
 * a few hairlines say less than one label. @out has room for @n.
 */
static size_t merge_small(const struct mx_svg_band *b, size_t n, struct mx_svg_band *out, char (*labels)[40],
			  bool *merged)
{
	uint64_t span = n ? b[n - 1].base + b[n - 1].size - b[0].base : 0;
	size_t m = 0;

	for (size_t i = 0; i < n;) {
		size_t j = i, big = i, items = 0;

		while (j < n && tiny(&b[j], span)) {
			if (b[j].item && (!b[big].item || b[j].size > b[big].size))
				big = j;
			items += b[j].item;
			j++;
		}
		while (j > i && !b[j - 1].item) /* a run ends on an allocation */
			j--;
		if (items < 3) {
			out[m++] = b[i++];
			continue;
		}
		out[m] = b[big];
		out[m].base = b[i].base;
		out[m].size = b[j - 1].base + b[j - 1].size - b[i].base;
		snprintf(labels[m], sizeof(labels[m]), "%zu small allocations", items);
		out[m].label = labels[m];
		merged[m] = true;
		m++;
		i = j;
	}
	return m;
}

int mx_svg_write(const struct mx_layout *L, const struct mx_profile *p, const struct mx_svg_band *bands,
		 size_t nbands, struct mx_buf *o)
{
	double scale, y = TOP, last_label = 0, last_addr = 0, total;
	double *ys = calloc(nbands + 1, sizeof(double)), *hs = calloc(nbands + 1, sizeof(double));
	struct mx_svg_band *b = calloc(nbands + 1, sizeof(*b));
	char (*labels)[40] = calloc(nbands + 1, sizeof(*labels));
	bool *merged = calloc(nbands + 1, sizeof(bool));
	char sz[32];
	size_t n;

	if (!ys || !hs || !b || !labels || !merged) {
		free(merged);
		free(ys);
		free(hs);
		free(b);
		free(labels);
		return MX_ENOMEM;
	}
	n = merge_small(bands, nbands, b, labels, merged);
	scale = pick_scale(b, merged, n);
	for (size_t i = 0; i < n; i++) {
		ys[i] = y;
		hs[i] = band_h(&b[i], scale, merged[i]);
		y += hs[i];
	}
	total = y - TOP;
	mx_buf_addf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" viewBox=\"0 0 %d %.0f\" "
		    "font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"11\">\n", WIDTH,
		    TOP + total + 40 > 420 ? TOP + total + 40 : 420, WIDTH, TOP + total + 40 > 420 ? TOP + total + 40 : 420);
	mx_buf_adds(o, "<style>.h{font-weight:bold;font-size:13px}.a{font-family:DejaVu Sans Mono,monospace;"
		    "font-size:10px;fill:#444}.lh{stroke:#c62828;stroke-width:2;stroke-dasharray:6 3}"
		    ".brk{fill:none;stroke:#555;stroke-width:1}.ld{stroke:#999;stroke-width:0.5}</style>\n");
	mx_buf_addf(o, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n<text x=\"10\" y=\"22\" class=\"h\">");
	mx_buf_add_xml(o, p->name ? p->name : "unnamed board");
	mx_buf_adds(o, " — physical memory</text>\n<text x=\"10\" y=\"40\">");
	mx_buf_addf(o, "DRAM %" PRIu64 "K, physpages %" PRIu64 "K, MemTotal %" PRIu64 "K, CmaTotal %" PRIu64
		    "K, Memory line reserved %" PRIu64 "K", L->sum.dram >> 10, mx_layout_kib(L, L->sum.physpages),
		    mx_layout_kib(L, L->sum.memtotal), mx_layout_kib(L, L->sum.cmatotal), mx_layout_kib(L, L->sum.reserved));
	mx_buf_adds(o, "</text>\n<text x=\"10\" y=\"56\" class=\"a\">lowest address at the top; ");
	mx_buf_adds(o, "free ranges and holes are squeezed so that every carve-out has room</text>\n");
	for (size_t i = 0; i < n; i++) {
		const struct mx_svg_band *s = &b[i];
		bool label = s->label ? hs[i] >= LINE_H - 0.01 || s->carveout : hs[i] >= LINE_H && is_gap(s);
		double mid = ys[i] + hs[i] / 2;

		mx_buf_addf(o, "<rect x=\"%d\" y=\"%.2f\" width=\"%d\" height=\"%.2f\" fill=\"%s\" stroke=\"#555\" "
			    "stroke-width=\"0.4\"><title>", BAR_X, ys[i], BAR_W, hs[i], fill_of(s->kind));
		mx_buf_add_xml(o, s->label ? s->label : s->kind);
		mx_buf_addf(o, " [%s] 0x%" PRIx64 "-0x%" PRIx64 " %s</title></rect>\n", s->kind, s->base, s->base + s->size,
			    mx_size_human(s->size, sz, sizeof(sz)));
		if (squeezed(s, scale))
			mx_buf_addf(o, "<path d=\"M%d %.1f l15 -4 l15 8 l15 -4\" class=\"brk\"/>\n", BAR_X + BAR_W / 2 - 22,
				    mid);
		if (hs[i] >= 10 && ys[i] >= last_addr) {
			mx_buf_addf(o, "<text x=\"%d\" y=\"%.1f\" class=\"a\" text-anchor=\"end\">0x%09" PRIx64 "</text>\n",
				    BAR_X - 6, ys[i] + 9, s->base);
			last_addr = ys[i] + 11;
		}
		if (!label)
			continue;
		{
			double ly = mid + 4 < last_label + LINE_H ? last_label + LINE_H : mid + 4;

			if (ly - 4 > mid + 2 || ly - 4 < mid - 2)
				mx_buf_addf(o, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"ld\"/>\n",
					    BAR_X + BAR_W, mid, LABEL_X - 4, ly - 4);
			mx_buf_addf(o, "<text x=\"%d\" y=\"%.1f\">", LABEL_X, ly);
			mx_buf_add_xml(o, s->label ? s->label : s->kind);
			mx_buf_addf(o, " <tspan class=\"a\">%s%s%s</tspan></text>\n", mx_size_human(s->size, sz, sizeof(sz)),
				    s->label ? ", " : "", s->label ? s->kind : "");
			last_label = ly;
		}
	}
	if (n)
		mx_buf_addf(o, "<text x=\"%d\" y=\"%.1f\" class=\"a\" text-anchor=\"end\">0x%09" PRIx64 "</text>\n",
			    BAR_X - 6, TOP + total + 4, b[n - 1].base + b[n - 1].size);
	if (L->sum.has_highmem && L->sum.lowmem_limit) {
		double ly = y_of(b, n, ys, hs, L->sum.lowmem_limit);

		/* the line across the bar, its label on a white patch inside the bar */
		mx_buf_addf(o, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"lh\"/>"
			    "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"12\" fill=\"#ffffff\" opacity=\"0.85\"/>"
			    "<text x=\"%d\" y=\"%.1f\" class=\"a\" fill=\"#c62828\">lowmem | highmem 0x%" PRIx64 "</text>\n",
			    BAR_X - 4, ly, BAR_X + BAR_W + 4, ly, BAR_X + 2, ly + 2, BAR_W - 4, BAR_X + 5, ly + 11,
			    L->sum.lowmem_limit);
	}
	legend(b, n, TOP + 10, o);
	mx_buf_adds(o, "</svg>\n");
	free(ys);
	free(hs);
	free(b);
	free(labels);
	free(merged);
	return o->failed ? MX_ENOMEM : 0;
}
