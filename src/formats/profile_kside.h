/* profile_kside.h - the kernel-side: profile section (internal) */
#ifndef MEMX_PROFILE_KSIDE_H
#define MEMX_PROFILE_KSIDE_H

#include "memx/buf.h"
#include "yaml_read.h"

bool mxi_yaml_kside(struct yaml_load *L, yaml_node_t *v, struct mx_kside *k);
void mxi_kside_write(const struct mx_kside *k, struct mx_buf *b);

#endif
