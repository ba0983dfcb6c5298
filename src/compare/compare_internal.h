/* compare_internal.h - what the compare layer's files share (mxi_: hidden, not the API) */
#ifndef MEMX_COMPARE_INTERNAL_H
#define MEMX_COMPARE_INTERNAL_H

#include "memx/compare.h"
#include "memx/ubootlog.h"

/* compare.c: one row (nothing when neither side has it); 0 or MX_ENOMEM */
int mxi_cmp_fig(struct mx_compare *c, const char *group, const char *what, enum mx_cmp_unit unit,
		bool has_pred, uint64_t pred, bool has_obs, uint64_t obs, int item, int line);

/* compare_loader.c: the boot loader's rows (kernel, initrd and tree placements) */
int mxi_compare_loader(struct mx_compare *c, const struct mx_layout *L, const struct mx_profile *p,
		       const struct mx_bootlog *b);
/* compare_loader.c: the boot loader's settings from U-Boot's log (version, environment, DRAM, LMB) */
int mxi_adopt_loader_settings(struct mx_profile *p, const struct mx_ubootlog *u, struct mx_diaglist *notes);
/*
 * compare_loader.c: where the boot put the kernel, the initrd and the tree
 * (memblock=debug, U-Boot's log), against the prediction @L; > 0 when taken.
 */
int mxi_adopt_loader_placements(struct mx_profile *p, const struct mx_layout *L, const struct mx_bootlog *b,
				const struct mx_ubootlog *u, struct mx_diaglist *notes);

#endif
