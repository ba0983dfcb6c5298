/* memx/svg.h - the address space as a picture (SVG) and one self-contained HTML page */
#ifndef MEMX_SVG_H
#define MEMX_SVG_H

#include "memx/api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/buf.h"
#include "memx/layout.h"
#include "memx/profile.h"

/*
 * One stretch of the address space with one owner, lowest address first,
 * contiguous (the caller cuts them: the view's segments). Strings are
 * borrowed for the call.
 */
struct mx_svg_band {
	uint64_t base, size;
	const char *kind;      /* "free", "hole", "reserved", "removed" or an item kind name */
	const char *label;     /* the item's name, or NULL for free memory, holes... */
	bool carveout;         /* a /reserved-memory region or the default CMA area: always labelled */
	bool item;             /* an item of the layout (else memory or a hole) */
};

/* One row of the breakdown for the HTML page (pre-order, @depth 0 the root). */
struct mx_svg_row {
	unsigned depth;
	const char *name;
	uint64_t kib, memtotal_kib;
};

/**
 * mx_svg_write - @bands as an SVG picture: a vertical bar, lowest address at
 * the top, on a scale that gives every carve-out room for its label and
 * squeezes large free ranges and holes (marked with a break), the address
 * of each labelled band, the lowmem/highmem line of @L, and a legend of the
 * kinds shown. Names are escaped for XML. Appends to @out.
 * Returns: 0 or MX_ENOMEM.
 */
MX_API int mx_svg_write(const struct mx_layout *L, const struct mx_profile *p, const struct mx_svg_band *bands,
			size_t nbands, struct mx_buf *out);

/**
 * mx_html_write - one self-contained HTML page (no external file): the
 * figures, the picture of mx_svg_write(), the table of every region as
 * memx report lists them, and the breakdown @rows. Appends to @out.
 * Returns: 0 or MX_ENOMEM.
 */
MX_API int mx_html_write(const struct mx_layout *L, const struct mx_profile *p, const struct mx_svg_band *bands,
			 size_t nbands, const struct mx_svg_row *rows, size_t nrows, struct mx_buf *out);

/**
 * mx_buf_add_xml - append @s escaped for XML text and attributes (&, <, >, ",
 * '); bytes that are not UTF-8 or are control characters become '?'.
 * Returns 0 or MX_ENOMEM.
 */
MX_API int mx_buf_add_xml(struct mx_buf *b, const char *s);

#endif
