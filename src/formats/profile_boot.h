/* profile_boot.h - the boot-loader: profile section (internal) */
#ifndef MEMX_PROFILE_BOOT_H
#define MEMX_PROFILE_BOOT_H

#include "memx/buf.h"
#include "yaml_read.h"

/* boot-loader: NAME or a mapping; fills @b (cleared first). */
bool mxi_yaml_boot(struct yaml_load *L, yaml_node_t *v, struct mx_bootloader *b);
/* The section as mxi_yaml_boot() reads it back (nothing for type none). */
void mxi_boot_write(const struct mx_bootloader *b, struct mx_buf *out);

#endif
