/* diff_internal.h - what the files of memx diff share (mxi_: hidden, not the API) */
#ifndef MEMX_DIFF_INTERNAL_H
#define MEMX_DIFF_INTERNAL_H

#include <stdint.h>

#include "memx/diff.h"

/* diff.c: the figures of @L, indexed by enum mx_diff_fig */
void mxi_diff_figures(const struct mx_layout *L, int64_t *f);

/*
 * diff_changes.c: the differences of @b from @a, applied to a copy of @a one
 * at a time (d->a and d->b hold the figures of both); fills d->changes.
 * Returns 0 or MX_ENOMEM.
 */
int mxi_diff_changes(struct mx_diff *d, const struct mx_profile *a, const struct mx_profile *b);

#endif
