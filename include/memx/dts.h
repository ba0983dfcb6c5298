/* memx/dts.h - the profile's /reserved-memory as device-tree source */
#ifndef MEMX_DTS_H
#define MEMX_DTS_H

#include <stdbool.h>

#include "memx/buf.h"
#include "memx/profile.h"

/*
 * mx_dts_export_node - the complete /reserved-memory node of @p, with
 * labels, compatibles, reg/size/alignment/alloc-ranges as hex cells and the
 * flags; memx-only settings (freed-late, fixup-keep, notes) become comments.
 * @standalone adds "/dts-v1/;" so dtc compiles the file as it is.
 * Returns 0 or MX_ENOMEM.
 */
int mx_dts_export_node(const struct mx_profile *p, bool standalone, struct mx_buf *out);

#endif
