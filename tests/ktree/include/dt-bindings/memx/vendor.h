/* SPDX-License-Identifier: GPL-2.0 */
/* memx test fixture: a dt-bindings header as a kernel tree has them */
#ifndef _DT_BINDINGS_MEMX_VENDOR_H
#define _DT_BINDINGS_MEMX_VENDOR_H

#define VENDOR_DRAM_BASE	0x40000000
#define VENDOR_FW_BASE		0x50000000
#define VENDOR_SZ_1M		0x100000
#define VENDOR_SZ_2M		0x200000
#define VENDOR_REG(base, size)	0x0 (base) 0x0 (size)

#endif
