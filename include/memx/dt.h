/* memx/dt.h - board profiles from device trees: DTB through libfdt, DTS through dtc */
#ifndef MEMX_DT_H
#define MEMX_DT_H

#include "memx/api.h"

#include <stddef.h>

#include "memx/diag.h"
#include "memx/profile.h"

struct mx_import_opts {
	/* kernel-side settings (arch, kernel, sizes, early allocations) to keep; the
	 * memory map (banks, carve-outs, /memreserve/, initrd, bootargs) comes from
	 * the device tree. NULL: per-arch defaults, reported as assumed. */
	const struct mx_profile *base;
	enum mx_arch arch;                /* MX_ARCH_NONE: the base's, else guessed */
	const char *const *include_dirs;  /* dtc -i, for DTS input */
	size_t ninclude;
	const char *dtc;                  /* the compiler; NULL: "dtc" from PATH */
};

/**
 * mx_profile_load_dtb - fill @p from the flattened device tree @blob
 * The blob is checked with libfdt's fdt_check_full() first. Every problem
 * is one diagnostic naming @name (DTB offsets are not lines: line 0).
 * Returns 0, MX_EPARSE (see @diags; @p is left empty) or MX_ENOMEM.
 */
MX_API int mx_profile_load_dtb(struct mx_profile *p, const void *blob, size_t len, const char *name,
			const struct mx_import_opts *o, struct mx_diaglist *diags);

/**
 * mx_profile_load_dts_file - compile @path with dtc (-@ for labels, once
 * more with -T for file:line of every node) and load the result. A missing
 * dtc or a syntax error is one diagnostic with dtc's own message.
 * Returns 0, MX_EPARSE, MX_ENOENT (no such file or no dtc), MX_EIO, MX_ENOMEM.
 */
MX_API int mx_profile_load_dts_file(struct mx_profile *p, const char *path,
			     const struct mx_import_opts *o, struct mx_diaglist *diags);

/**
 * mx_profile_load_file - any input memx reads: a DTB (by its magic), a DTS
 * (.dts/.dtsi, or text starting with /dts-v1/), else a YAML profile.
 */
MX_API int mx_profile_load_file(struct mx_profile *p, const char *path, const struct mx_import_opts *o,
			 struct mx_diaglist *diags);

/**
 * mx_path_is_dt - true when @path names a device tree rather than a YAML profile.
 */
MX_API bool mx_path_is_dt(const char *path);

#endif
