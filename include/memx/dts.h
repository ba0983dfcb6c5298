/* memx/dts.h - the profile's /reserved-memory as device-tree source */
#ifndef MEMX_DTS_H
#define MEMX_DTS_H

#include "memx/api.h"

#include <stdbool.h>

#include "memx/buf.h"
#include "memx/profile.h"

enum mx_dts_form {
	MX_DTS_NODE,      /* the whole /reserved-memory node (and /memory when it changed) */
	MX_DTS_OVERRIDES, /* only what changed against @base, as label overrides */
};

/**
 * mx_dts_export - @p as device-tree source
 * @p: the (edited) profile
 * @base: the profile as loaded, or NULL: what "changed" is measured against
 *        (overrides form), and where unit addresses follow a moved reg
 * @form: MX_DTS_NODE or MX_DTS_OVERRIDES
 * @standalone: node form only: add "/dts-v1/;" and a root with the cells and
 *              /memory so dtc compiles the file as it is
 * Imported nodes keep their names, labels, compatible strings, property order
 * and unknown properties (phandles excepted: dtc assigns them); numbers are
 * hex cells with the tree's cell sizes. Everything written is either a
 * quoted string, a comment or a checked devicetree name: an export that
 * mx_dts_export_check() refuses is not written at all (@out unchanged).
 * Returns 0, MX_EINVAL (refused: see mx_dts_export_check()) or MX_ENOMEM.
 */
MX_API int mx_dts_export(const struct mx_profile *p, const struct mx_profile *base, enum mx_dts_form form,
		  bool standalone, struct mx_buf *out);

/**
 * mx_dts_export_check - can mx_dts_export() write @p (against @base, in @form)?
 * Node names and unit addresses (DT spec 2.2.1), labels (dtc's) and the names
 * of kept properties (2.2.4) are written verbatim into DTS: one that is not a
 * devicetree name could add nodes of its own to the exported tree, so each is
 * one error in @d (may be NULL) naming the region.
 * Returns 0, MX_EINVAL (refused) or MX_ENOMEM.
 */
MX_API int mx_dts_export_check(const struct mx_profile *p, const struct mx_profile *base,
			       enum mx_dts_form form, struct mx_diaglist *d);

#endif
