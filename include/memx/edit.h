/* memx/edit.h - validated edits of a profile from user text (the TUI's input line) */
#ifndef MEMX_EDIT_H
#define MEMX_EDIT_H

#include "memx/api.h"

#include <stddef.h>

#include "memx/buf.h"
#include "memx/diag.h"
#include "memx/profile.h"

enum mx_edit_field {
	MX_EDIT_SIZE,         /* "16M", "0x1000000": reg size (static) or size (dynamic) */
	MX_EDIT_BASE,         /* an address: moves a static region; makes a dynamic one static */
	MX_EDIT_ALIGN,        /* a power of two, or "" / "0" to remove */
	MX_EDIT_ALLOC_RANGES, /* "0x80000000+256M, 0x90000000-0xa0000000", or "" to remove */
	MX_EDIT_FIXUP_KEEP,   /* a size, or "" to remove */
	MX_EDIT_NAME,         /* a node name: [A-Za-z0-9,._+-]+ with an optional @unit */
};

/**
 * mx_edit_region - parse @text for @field of region @r and apply it
 * On bad input nothing changes, MX_EPARSE is returned and @diags (may be
 * NULL) receives one error saying what was expected (no position: the
 * text is the place). Returns 0, MX_EPARSE, MX_EINVAL (no such region) or
 * MX_ENOMEM.
 */
MX_API int mx_edit_region(struct mx_profile *p, int r, enum mx_edit_field field, const char *text,
		   struct mx_diaglist *diags);
/**
 * mx_edit_region_text - the current value of @field as text, as the input line shows it first.
 */
MX_API int mx_edit_region_text(const struct mx_profile *p, int r, enum mx_edit_field field,
			struct mx_buf *out);
/**
 * mx_edit_toggle - flip @flag (enum mx_region_flags) of region @r. Returns 0 or MX_EINVAL.
 */
MX_API int mx_edit_toggle(struct mx_profile *p, int r, unsigned flag);
/**
 * mx_edit_add_region - add a region from "NAME SIZE" (dynamic) or
 * "NAME BASE+SIZE" (static); *index gets its index. Same error contract.
 */
MX_API int mx_edit_add_region(struct mx_profile *p, const char *text, int *index, struct mx_diaglist *diags);
/**
 * mx_edit_set_cma - set cma= in bootargs from "64M" / "0"; "" removes cma=. Same error contract.
 */
MX_API int mx_edit_set_cma(struct mx_profile *p, const char *text, struct mx_diaglist *diags);
/**
 * mx_edit_cma_text - the cma= value in bootargs, or "" when absent.
 */
MX_API int mx_edit_cma_text(const struct mx_profile *p, struct mx_buf *out);
/**
 * mx_edit_cycle_vmsplit - 3G -> 3G_OPT -> 2G -> 1G -> 3G
 */
MX_API void mx_edit_cycle_vmsplit(struct mx_profile *p);
/**
 * mx_edit_toggle_model - fLATMEM <-> SPARSEMEM (VMEMMAP, EXTREME)
 */
MX_API void mx_edit_toggle_model(struct mx_profile *p);
/**
 * mx_edit_set - apply "REGION.PROP=VALUE" (memx export --set). REGION is a
 * node name, a label, or a name without its unit address; PROP is a DT
 * property (no-map, reusable, linux,cma-default, no-map-fixup, status, size,
 * reg, alignment, alloc-ranges, compatible, label, name) or one of memx's
 * (freed-late, fixup-keep, base). Same error contract as mx_edit_region.
 */
MX_API int mx_edit_set(struct mx_profile *p, const char *assignment, struct mx_diaglist *diags);
/**
 * mx_parse_ranges - parse "A+S, B-E" into ranges (malloc'd *out, *n). Same error contract.
 */
MX_API int mx_parse_ranges(const char *text, struct mx_range **out, size_t *n, struct mx_diaglist *diags);

#endif
