/* memx/report.h - front ends that turn a layout into text or JSON */
#ifndef MEMX_REPORT_H
#define MEMX_REPORT_H

#include "memx/api.h"

#include "memx/buf.h"
#include "memx/layout.h"
#include "memx/profile.h"

/**
 * mx_report_text - the timeline as a kernel engineer reads it: each boot
 * step with the kernel's own lines (and memx's, marked "#"), the zones, the
 * regions, a /proc/meminfo block and the diagnostics. Appends to @out.
 * @p must be the profile @L was computed from. Returns 0 or MX_ENOMEM.
 */
MX_API int mx_report_text(const struct mx_layout *L, const struct mx_profile *p, struct mx_buf *out);

/* Options of mx_report_text_flags(). */
enum mx_report_flags {
	MX_REPORT_WIDE = 1 << 0, /* the timeline names each step's kernel function (135 columns) */
};

/**
 * mx_report_text_flags - mx_report_text() with options (enum mx_report_flags): by
 * default the timeline fits 100 columns. Returns 0 or MX_ENOMEM.
 */
MX_API int mx_report_text_flags(const struct mx_layout *L, const struct mx_profile *p, unsigned flags,
				struct mx_buf *out);

/**
 * mx_report_json - mx_report_json - the same as one JSON document (shape in README).
 */
MX_API int mx_report_json(const struct mx_layout *L, const struct mx_profile *p, struct mx_buf *out);

/**
 * mx_report_placement - format one region's placement: "static", "top-down in alloc-ranges #0 [a-b)", ...
 */
MX_API int mx_report_placement(const struct mx_layout *L, const struct mx_item *it, struct mx_buf *out);

/**
 * mx_report_assumed - the names of the settings the engine assumed (enum mx_assumed), comma-separated.
 */
MX_API int mx_report_assumed(unsigned assumed, struct mx_buf *out);

#endif
