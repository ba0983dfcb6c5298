/* view_internal.h - what the view layer's files share (mxi_: hidden, not the API) */
#ifndef MEMX_VIEW_INTERNAL_H
#define MEMX_VIEW_INTERNAL_H

#include "memx/layout.h"

/* view.c */
/*
 * mxi_view_priority - who owns bytes that several items cover: carve-outs (3)
 * over the kernel image and the boot loader's blobs (2) over the allocations
 * made after them (1). The bar and the breakdown agree on it.
 */
int mxi_view_priority(enum mx_item_kind k);

#endif
