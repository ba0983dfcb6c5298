/* memx/dt.h - board profiles from device trees: DTB through libfdt, DTS through dtc */
#ifndef MEMX_DT_H
#define MEMX_DT_H

#include "memx/api.h"

#include <stddef.h>
#include <stdint.h>

#include "memx/diag.h"
#include "memx/profile.h"

struct mx_import_opts {
	/* kernel-side settings (arch, kernel, sizes, early allocations) to keep; the
	 * memory map (banks, carve-outs, /memreserve/, initrd, bootargs) comes from
	 * the device tree. NULL: per-arch defaults, reported as assumed. */
	const struct mx_profile *base;
	enum mx_arch arch;                /* MX_ARCH_NONE: the base's, else guessed */
	/* DTS input: cpp -I and dtc -i, in order (-I DIR); a kernel tree's own
	 * include directories follow by themselves (reported as assumed) */
	const char *const *include_dirs;
	size_t ninclude;
	const char *dtc;                  /* the compiler; NULL: "dtc" from PATH */
	const char *cpp;                  /* the preprocessor; NULL: "cpp" from PATH */
	bool no_cpp;                      /* --no-cpp: dtc reads the DTS as it is */
	bool allow_outside;               /* --allow-outside-includes */
	/* --overlay: .dtbo or overlay .dts files applied onto the tree in order */
	const char *const *overlays;
	size_t noverlays;
	unsigned limit_seconds;           /* per cpp/dtc run (CPU and wall clock); 0: 60 */
	uint64_t limit_bytes;             /* address space per cpp/dtc run; 0: 2 GiB */
};

/**
 * mx_profile_load_dtb - fill @p from the flattened device tree @blob
 * The header is checked by memx (version 16 or 17, blocks inside the blob and
 * apart), then the blob with libfdt's fdt_check_full(); node names, unit
 * addresses and property names of /reserved-memory must be devicetree names.
 * @o's overlays (DTBs, or DTS compiled with dtc -@) are applied first. Every problem
 * is one diagnostic naming @name (DTB offsets are not lines: line 0).
 * Returns 0, MX_EPARSE (see @diags; @p is left empty) or MX_ENOMEM.
 */
MX_API int mx_profile_load_dtb(struct mx_profile *p, const void *blob, size_t len, const char *name,
			const struct mx_import_opts *o, struct mx_diaglist *diags);

/**
 * mx_profile_load_dts_file - preprocess @path with cpp as the kernel's
 * cmd_dtc does (when it uses the preprocessor, unless @o->no_cpp), compile it
 * with one dtc run, apply @o's overlays, and load the result. Positions are
 * in the original files (cpp's line markers); includes outside the input's
 * tree (a kernel tree's root, else its directory) and the -I directories are
 * refused unless @o->allow_outside. A missing tool, a tool stopped at its
 * limits or a syntax error is one diagnostic with the tool's own message.
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
