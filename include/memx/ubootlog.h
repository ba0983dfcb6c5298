/* memx/ubootlog.h - what U-Boot's console says about the boot it started */
#ifndef MEMX_UBOOTLOG_H
#define MEMX_UBOOTLOG_H

#include "memx/api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/diag.h"
#include "memx/profile.h"

/*
 * mx_ubootlog_parse() reads U-Boot's console output (a serial log up to
 * "Starting kernel ...", CRLF or LF, other lines skipped) into a record of
 * the facts memx compare can use: the environment values printenv showed,
 * bdinfo (DRAM banks, relocaddr, the build's word size, the LMB), the
 * addresses booti/bootz/bootefi used and printed, and why U-Boot stopped
 * when it did. A log may hold several runs (a board that reset): each
 * "U-Boot 20xx.xx" banner starts one; the record describes the last run
 * that started a kernel, else the last run. Only MX_ENOMEM is an error; an
 * input with no U-Boot line at all is one error diagnostic.
 */

/* A place U-Boot printed: [base, end) with the log line. */
struct mx_uboot_place {
	bool has;
	uint64_t base, end;    /* end exclusive (U-Boot prints it inclusive for the tree) */
	int line;
};

struct mx_ubootlog {
	int runs;                     /* U-Boot banners read */
	int run_line;                 /* the banner of the run described (0: none) */
	char version[MX_LOADER_VERSION]; /* "2023.01+dfsg-2+deb12u3" from the banner */
	unsigned bits;                /* bdinfo "Build = 64-bit": 32 or 64; 0 when not printed */
	/* environment values as printenv showed them ("name=value"), the last one of each */
	struct mx_envaddr fdt_high, initrd_high, kernel_addr_r, ramdisk_addr_r, fdt_addr_r, fdt_addr;
	int fdt_high_line, initrd_high_line;
	/* bdinfo */
	struct mx_range dram[MX_LOADER_BANKS]; /* "DRAM bank", "-> start", "-> size" */
	size_t ndram;
	uint64_t relocaddr;
	bool has_relocaddr;
	struct mx_range lmb[16];      /* lmb_dump_all "reserved[i] [base-end], size bytes" */
	size_t nlmb;
	/* what the boot command printed */
	struct mx_uboot_place fdt_given;   /* "## Flattened Device Tree blob at X" (end: unknown = base) */
	struct mx_uboot_place zimage;      /* bootz: "Kernel image @ X [ 0x0 - size ]" */
	struct mx_uboot_place ramdisk;     /* "Loading Ramdisk to X, end Y" */
	struct mx_uboot_place fdt;         /* "Loading Device Tree to X, end Y" or "... in place at X, end Y" */
	bool fdt_in_place;
	unsigned lmb_refused;         /* "ERROR: reserving fdt memory region failed" lines */
	bool efi;                     /* bootefi ran the kernel's EFI stub ("EFI stub: ...") */
	bool started;                 /* "Starting kernel ..." or the EFI stub's "Exiting boot services" */
	char failure[256];            /* what U-Boot printed when it gave up ("" when it did not) */
	int failure_line;
	struct mx_diaglist diags;
};

/**
 * mx_ubootlog_init - make @u an empty record
 */
MX_API void mx_ubootlog_init(struct mx_ubootlog *u);
/**
 * mx_ubootlog_release - free what @u holds and leave it empty
 */
MX_API void mx_ubootlog_release(struct mx_ubootlog *u);
/**
 * mx_ubootlog_parse - read U-Boot's console output into a record
 * @u: an initialised record; its previous content is released
 * @buf: @len bytes (need not be NUL-terminated; any byte); borrowed for the call
 * @len: the length of @buf
 * @name: the file name diagnostics give, or NULL
 *
 * Returns: 0 (whatever the content: see @u->diags) or MX_ENOMEM.
 */
MX_API int mx_ubootlog_parse(struct mx_ubootlog *u, const char *buf, size_t len, const char *name);
/**
 * mx_ubootlog_parse_file - read @path and mx_ubootlog_parse() it
 * Returns: 0, MX_ENOMEM, MX_ENOENT or MX_EIO (then @u is empty).
 */
MX_API int mx_ubootlog_parse_file(struct mx_ubootlog *u, const char *path);
/**
 * mx_ubootlog_usable - true when @u read at least one U-Boot line
 */
MX_API bool mx_ubootlog_usable(const struct mx_ubootlog *u);

#endif
