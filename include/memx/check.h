/* memx/check.h - the registry of named checks (dtc's checks.c) */
#ifndef MEMX_CHECK_H
#define MEMX_CHECK_H

#include "memx/api.h"

#include <stddef.h>

#include "memx/diag.h"

/* Every check, in registry order: the index into mx_check_registry(). */
enum mx_check_id {
	MX_CHECK_NO_MEMORY,
	MX_CHECK_PARAMS,
	MX_CHECK_BOOTARGS,
	MX_CHECK_FLAVOUR,
	MX_CHECK_OVERFLOW,
	MX_CHECK_ZERO_SIZE,
	MX_CHECK_REG_AND_SIZE,
	MX_CHECK_NO_REG_NO_SIZE,
	MX_CHECK_ALIGNMENT,
	MX_CHECK_STATIC_OVERLAP,
	MX_CHECK_OUTSIDE_DRAM,
	MX_CHECK_ALLOC_FAILED,
	MX_CHECK_NOMAP_REUSABLE,
	MX_CHECK_CMA_ALIGNMENT,
	MX_CHECK_CMA_STRADDLE,
	MX_CHECK_FIXUP_KEEP,
	MX_CHECK_NOMAP_REFUSED,
	MX_CHECK_INITRD_REFUSED,
	MX_CHECK_CMA_BYPASSED,
	MX_CHECK_FREED_LATE_NOMAP,
	MX_CHECK_DUPLICATE_NAME,
	MX_CHECK_MEMBLOCK_FULL,
	MX_CHECK_LOADER_REFUSED,
	MX_CHECK_LOADER_LMB,
	MX_CHECK_LOADER_LMB_LOST,
	MX_CHECK_LOADER_OVERLAP,
	MX_CHECK_LOADER_CARVEOUT,
	MX_CHECK_LOADER_EARLY,
	MX_CHECK_MEMRESERVE_OVERLAP,
	MX_CHECK_ALLOC_RANGES_SMALL,
	MX_CHECK_CMA_DEFAULT_TWICE,
	MX_CHECK_REG_ENTRIES,
	MX_CHECK_UNIT_ADDRESS,
	MX_CHECK_REUSABLE_IGNORED,
	MX_CHECK__COUNT
};

struct mx_check {
	const char *name;          /* "static-overlap" */
	enum mx_severity sev;      /* default severity */
	const char *what;          /* one line for --help and the README */
};

/** mx_check_get - the check @id (MX_CHECK__COUNT or beyond: NULL). */
MX_API const struct mx_check *mx_check_get(enum mx_check_id id);
/**
 * mx_check_registry - all checks, in a fixed order.
 */
MX_API const struct mx_check *mx_check_registry(size_t *n);
/**
 * mx_check_find - the check called @name, or NULL.
 */
MX_API const struct mx_check *mx_check_find(const char *name);

#endif
