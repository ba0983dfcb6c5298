/* dt_internal.h - shared by the device-tree importer and exporter */
#ifndef MEMX_DT_INTERNAL_H
#define MEMX_DT_INTERNAL_H

#include <stdint.h>

#include "memx/dt.h"

/*
 * memx's own properties: what a device tree cannot say but a memx profile
 * can. The kernel ignores unknown properties; the exporter writes them so a
 * round trip keeps them, and the overrides form leaves them out.
 */
#define MX_DT_FREED_LATE "memx,freed-late"
#define MX_DT_FIXUP_KEEP "memx,fixup-keep"
#define MX_DT_ARCH "memx,arch"             /* root: the arch, so no guess is needed */

/* @n big-endian 32-bit cells (1 or 2) as one number */
static inline uint64_t mxi_dt_cells(const unsigned char *c, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = v << 32 | ((uint64_t)c[4 * i] << 24 | (uint64_t)c[4 * i + 1] << 16 |
			       (uint64_t)c[4 * i + 2] << 8 | c[4 * i + 3]);
	return v;
}

/* Where dtc says a node was written (dtc -T): path -> file:line:col. */
struct mx_dts_pos {
	char *path;
	char *file;
	char *label;   /* the node's first label ("label: name {"), or NULL */
	int line, col;
};

/* Load a checked or unchecked blob; @pos (may be NULL) maps node paths to DTS positions. */
int mxi_dt_load_blob(struct mx_profile *p, const void *blob, size_t len, const char *name,
		    const struct mx_import_opts *o, const struct mx_dts_pos *pos, size_t npos,
		    struct mx_diaglist *diags);

/* dt_loader.c: what a boot loader's fixups will find in @fdt, into @b->tree (a checked blob) */
void mxi_dt_loader_facts(const void *fdt, struct mx_bootloader *b);

#endif
