/* memx/compare.h - predicted (a computed layout) against observed (a boot log) */
#ifndef MEMX_COMPARE_H
#define MEMX_COMPARE_H

#include "memx/api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/bootlog.h"
#include "memx/layout.h"
#include "memx/rangeset.h"
#include "memx/ubootlog.h"

enum mx_cmp_unit {
	MX_CMP_KIB,   /* a figure in KiB */
	MX_CMP_ADDR,  /* a physical address */
	MX_CMP_BYTES, /* a size in bytes */
	MX_CMP_PAGES, /* a page count */
	MX_CMP_TEXT,  /* a zone span, compared as text */
};

/* How a row's two sides are judged. */
enum mx_cmp_match {
	MX_CMP_EXACT,   /* equal; a figure the log shows and the prediction lacks differs */
	MX_CMP_AT_MOST, /* the observed value may be below the predicted one (a bound), never above */
	MX_CMP_INFO,    /* shown, never judged (what the boot took that no memblock rule says) */
};

/* One figure, side by side. */
struct mx_cmp_row {
	char what[64];          /* "reserved", "cma_pool base", "Zone DMA" */
	char group[16];         /* "Memory line", "meminfo", "regions", "memmap", ... */
	enum mx_cmp_unit unit;
	enum mx_cmp_match match;
	bool has_pred, has_obs;
	uint64_t pred, obs;
	char pred_text[48], obs_text[48]; /* MX_CMP_TEXT */
	bool differs;           /* judged and not agreeing: both known and not equal (not within the
				 * bound), or observed while the prediction has no such figure */
	int item;               /* the layout item it is about, or -1 */
	int line;               /* the log line it came from, or 0 */
};

struct mx_compare {
	struct mx_cmp_row *rows;
	size_t nrows, maxrows;
	size_t ndiff;           /* judged rows that differ (the exit status) */
	size_t nchecked;        /* judged rows: observed, and not MX_CMP_INFO */
	/* the observed memblock.reserved at the end of boot (debugfs, else the
	 * MEMBLOCK configuration dump), for drawing next to the predicted one */
	struct mx_rangeset obs_reserved;
	bool has_obs_reserved;
	int64_t reserved_residual_k; /* observed - predicted "reserved", KiB */
	bool has_residual;
};

/**
 * mx_compare_init - make @c an empty comparison
 */
MX_API void mx_compare_init(struct mx_compare *c);
/**
 * mx_compare_release - free the rows of @c and leave it empty
 */
MX_API void mx_compare_release(struct mx_compare *c);

/**
 * mx_compare_run - fill @c with every figure @L predicts and @b observed:
 * the Memory line, /proc/meminfo totals, Freeing lines, the default CMA
 * area, every /reserved-memory pool and dynamic region's base, the 6.12
 * per-region "OF: reserved mem:" lines, swiotlb and crashkernel, the zones,
 * "Total pages" and the memmap allocation bytes. @p is the profile @L was
 * computed from (names of regions).
 *
 * A row is judged when the log shows its figure: equal (MX_CMP_EXACT), or
 * not above the prediction (MX_CMP_AT_MOST: the 6.12 Memory line's
 * "available", printed after the boot's first buddy allocations, which an
 * MX_CMP_INFO row beside it shows). A figure the log shows and the
 * prediction lacks is a difference; one the prediction has and the log
 * does not show is not judged.
 * Returns 0 or MX_ENOMEM.
 */
MX_API int mx_compare_run(struct mx_compare *c, const struct mx_layout *L, const struct mx_profile *p,
		   const struct mx_bootlog *b);

/* What mx_compare_adopt() may take from the boot (bits of @take). */
enum mx_adopt {
	MX_ADOPT_BOOTARGS = 1 << 0, /* "Kernel command line" */
	MX_ADOPT_MEMORY = 1 << 1,   /* the banks the boot loader wrote into /memory */
	MX_ADOPT_TREE = 1 << 2,     /* the size of the tree the kernel unflattened */
	MX_ADOPT_LOADER = 1 << 3,   /* U-Boot's settings its log shows: version, environment, DRAM, LMB */
	MX_ADOPT_PLACEMENT = 1 << 4, /* where U-Boot or the EFI stub put the kernel, the initrd and the tree */
	MX_ADOPT_ALL = 31,
};

/**
 * mx_compare_adopt - make @p describe the boot of @b where the input cannot
 * @p: the profile to predict with (edited in place)
 * @b: the parsed boot log
 * @take: which facts may be taken (enum mx_adopt bits)
 * @notes: receives one note (check "boot-fact") per fact taken, saying what
 *         the file said and what the boot had
 *
 * A boot is more than its device tree file: its command line, and what the
 * boot loader did to the tree (QEMU and U-Boot rewrite /memory and add nodes
 * and properties). Each is taken only when the log shows it and the
 * prediction from the file disagrees: the memory banks from "Early memory
 * node ranges", the unflattened tree's size from the memblock=debug
 * allocation early_init_dt_alloc_memory_arch() made for it.
 * Returns: the number of facts taken (>= 0) or MX_ENOMEM.
 */
MX_API int mx_compare_adopt(struct mx_profile *p, const struct mx_bootlog *b, unsigned take,
		     struct mx_diaglist *notes);
/**
 * mx_compare_adopt_boot - mx_compare_adopt() with U-Boot's console log too
 * @u: U-Boot's log (memx/ubootlog.h), or NULL
 *
 * For a profile whose boot-loader is u-boot or uefi, the boot loader's
 * facts: from @u its version, word size, environment (fdt_high,
 * initrd_high, the load addresses, the tree booti got), DRAM and LMB
 * (bdinfo), where it put the initrd and the tree; from @b (memblock=debug)
 * where the kernel, the initrd and its exact /memreserve/ were. Each is
 * taken when it differs from the profile or the prediction, with a note
 * whose check is "boot-loader" (a setting), "boot-loader-calibration" (a
 * figure the machine's profile calibrates: LMB, EFI runtime regions) or
 * "boot-loader-placement".
 * Returns: the number of facts taken (>= 0) or MX_ENOMEM.
 */
MX_API int mx_compare_adopt_boot(struct mx_profile *p, const struct mx_bootlog *b, const struct mx_ubootlog *u,
			  unsigned take, struct mx_diaglist *notes);

/**
 * mx_compare_json - @c as one JSON object: {"boots", "boot_line", "version",
 * "facts" (the notes of mx_compare_adopt(), @facts may be NULL),
 * "compared", "differ", "reserved_residual_k", "rows": [{"group", "what",
 * "unit" ("KiB", "address", "bytes", "pages", "text"), "match" ("exact",
 * "at-most", "info"), "predicted", "observed" (null when unknown; addresses
 * as "0x..." strings), "differs", "line"}]}. Returns 0 or MX_ENOMEM.
 */
MX_API int mx_compare_json(const struct mx_compare *c, const struct mx_bootlog *b,
		    const struct mx_diaglist *facts, struct mx_buf *out);

/**
 * mx_compare_calibrate - make @p's labelled calibration item absorb
 * @c's reserved residual (observed minus predicted): the item grows, is
 * created (start of the calibration step, 4 KiB aligned) or shrinks.
 * Returns 0, MX_ERANGE when the residual is negative and larger than the
 * calibration item (memx predicts more than the boot reserved: no
 * calibration can fix that), MX_EINVAL when @c has no residual (the log has
 * no Memory line), or MX_ENOMEM.
 */
MX_API int mx_compare_calibrate(struct mx_profile *p, const struct mx_compare *c, struct mx_diaglist *diags);

#endif
