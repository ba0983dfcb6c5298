/* memx/budget.h - a computed board held to its budget (memx check, CI) */
#ifndef MEMX_BUDGET_H
#define MEMX_BUDGET_H

#include "memx/api.h"

#include <stddef.h>
#include <stdint.h>

#include "memx/buf.h"
#include "memx/layout.h"
#include "memx/profile.h"

/* One limit the board does not keep. */
struct mx_budget_violation {
	enum mx_budget_key key;
	char what[96];            /* the figure: "MemTotal", "region secure_region@0" */
	uint64_t value, limit;    /* bytes */
	bool unknown_region;      /* a per-region limit names a region the board does not have */
	struct mx_srcpos pos;     /* where the limit was set (file NULL: the command line) */
};

struct mx_budget_result {
	struct mx_budget_violation *v;
	size_t n, max;
	size_t checked;           /* limits evaluated */
};

/**
 * mx_budget_result_init - make @r an empty result
 */
MX_API void mx_budget_result_init(struct mx_budget_result *r);
/**
 * mx_budget_result_release - free what @r holds and leave it empty
 */
MX_API void mx_budget_result_release(struct mx_budget_result *r);

/**
 * mx_budget_check - hold @L (computed from @p) to the limits of @bu
 * @bu: the budget (usually p->budget, or the command line's)
 * @r: receives one entry per limit exceeded, in the order of enum
 *     mx_budget_key, then per region
 *
 * The figures: MemTotal and LowTotal (LowTotal is MemTotal without highmem)
 * at the end of boot, the Memory line's reserved, CmaTotal, the memmap in
 * use at the end, and each enabled /reserved-memory region's declared size
 * (its reg entries, or its size). A per-region limit names a region by node
 * name, label or name without unit address (mx_profile_find_region()).
 * Returns: 0 or MX_ENOMEM.
 */
MX_API int mx_budget_check(const struct mx_budget *bu, const struct mx_layout *L, const struct mx_profile *p,
			   struct mx_budget_result *r);

/**
 * mx_budget_format - one line for @v, without newline: "where: budget
 * exceeded: MemTotal 903088K, min-memtotal 921600K (18512K short)". @where is the
 * position ("file:line:col") or the option that set the limit.
 * Returns 0 or MX_ENOMEM.
 */
MX_API int mx_budget_format(const struct mx_budget_violation *v, struct mx_buf *out);

#endif
