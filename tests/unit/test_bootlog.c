/* test_bootlog.c - the boot-log reader (src/bootlog): every line kind (unreadable lines and what is no log: test_bootlog_bad.c; boots and copies: test_bootlog_boots.c; real logs: test_bootlog_oracle.c) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootlog_test.h"
#include "memx/types.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)

/* ---- every line kind ---------------------------------------------------------- */

static const char every_kind[] =
	"U-Boot 2023.01 (Jan 01 2023 - 00:00:00 +0000)\n"
	"\x01\x02\xff binary noise \x7f\n"
	"[    0.000000] Booting Linux on physical CPU 0x0000000000 [0x411fd070]\n"
	"[    0.000000] Linux version 6.1.0-50-arm64 (debian-kernel@lists.debian.org) (gcc-12) #1 SMP\n"
	"[    0.000000] memblock_remove: [0x0001000000000000-0x0000fffffffffffe] arm64_memblock_init+0x38/0x260\n"
	"[    0.000000] memblock_add: [0x0000000048000000-0x00000000480f1fff] arm64_memblock_init+0x14c/0x260\n"
	"[    0.000000] memblock_reserve: [0x0000000040210000-0x000000004220ffff] arm64_memblock_init+0x1f0/0x260\n"
	"[    0.000000] memblock_phys_alloc_range: 4096 bytes align=0x1000 from=0x0000000000000000 max_addr=0x0000000000000001 early_pgtable_alloc+0x2c/0xb0\n"
	"[    0.000000] memblock_alloc_try_nid: 39964 bytes align=0x8 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 early_init_dt_alloc_memory_arch+0x30/0x60\n"
	"[    0.000000] memblock_alloc_exact_nid_raw: 8388608 bytes align=0x40 nid=0 from=0x0000000040000000 max_addr=0x0000000000000000 memmap_alloc+0x20/0x34\n"
	"[    0.000000] memblock_phys_free: [0x000000004220b000-0x000000004220ffff] paging_init+0x5c/0x2c8\n"
	"[    0.000000] memblock_mark_nomap: [0x0000000050000000-0x0000000050ffffff] early_init_dt_reserve_memory+0x6c/0x9c\n"
	"[    0.000000] memblock_clear_nomap: [0x0000000050000000-0x0000000050ffffff] efi_init+0x10/0x20\n"
	"[    0.000000] memblock_add_node: [0x0000000060000000-0x000000006fffffff] nid=1 flags=0x0 add_memory_resource+0x1/0x2\n"
	"[    0.000000] memblock_reserve: [0x0000000048000000-0x00000000480f1fff] flags 0x0 arm64_memblock_init+0x164/0x260\n"
	"[    0.000000] memblock_set_node: [0x0000000040000000-0x000000004fffffff] numa_init+0x1/0x2\n"
	"[    0.000000] memblock_free_late: [0x0000000041000000-0x0000000041000fff]\n"
	"[    0.000000] Reserved memory: created CMA memory pool at 0x0000000079000000, size 112 MiB\n"
	"[    0.000000] OF: reserved mem: initialized node secure_region, compatible id shared-dma-pool\n"
	"[    0.000000] Reserved memory: created DMA memory pool at 0x0000000060000000, size 2 MiB\n"
	"[    0.000000] Reserved memory: allocated memory for 'venus_region' node: base 0x5f800000, size 8 MiB\n"
	"[    0.000000] Reserved memory: failed to allocate memory for node 'adsp_region'\n"
	"[    0.000000] OF: reserved mem: failed to allocate memory for node 'modem_region': size 8 MiB\n"
	"[    0.000000] OF: reserved mem: 0x0000000050000000..0x0000000050ffffff (16384 KiB) nomap non-reusable wcnss_fw@50000000\n"
	"[    0.000000] OF: reserved mem: node splash_region compatible matching fail\n"
	"[    0.000000] OF: reserved mem: something else entirely\n"
	"[    0.000000] cma: Reserved 64 MiB at 0x000000005b600000\n"
	"[    0.000000] cma: Failed to reserve 512 MiB\n"
	"[    0.000000] crashkernel reserved: 0x00000000dc000000 - 0x00000000fc000000 (512 MB)\n"
	"[    0.000000] Zone ranges:\n"
	"[    0.000000]   DMA      [mem 0x0000000040000000-0x00000000ffffffff]\n"
	"[    0.000000]   DMA32    empty\n"
	"[    0.000000]   Normal   [mem 0x0000000100000000-0x000000013fffffff]\n"
	"[    0.000000] Movable zone start for each node\n"
	"[    0.000000] Early memory node ranges\n"
	"[    0.000000]   node   0: [mem 0x0000000040000000-0x000000004fffffff]\n"
	"[    0.000000]   node   0: [mem 0x0000000050000000-0x0000000050ffffff]\n"
	"[    0.000000] Initmem setup node 0 [mem 0x0000000040000000-0x000000013fffffff]\n"
	"[    0.000000] MEMBLOCK configuration:\n"
	"[    0.000000]  memory size = 0x0000000011000000 reserved size = 0x0000000001ffb000\n"
	"[    0.000000]  memory.cnt  = 0x2\n"
	"[    0.000000]  memory[0x0]\t[0x0000000040000000-0x000000004fffffff], 0x0000000010000000 bytes on node 0 flags: 0x0\n"
	"[    0.000000]  memory[0x1]\t[0x0000000050000000-0x0000000050ffffff], 0x0000000001000000 bytes on node 0 flags: 0x4\n"
	"[    0.000000]  reserved.cnt  = 0x1\n"
	"[    0.000000]  reserved[0x0]\t[0x0000000040210000-0x000000004220afff], 0x0000000001ffb000 bytes flags: 0x0\n"
	"[    0.000000] MEMBLOCK configuration:\n"
	"[    0.000000]  memory[0x0]\t[0x0000000070000000-0x000000007fffffff], 0x0000000010000000 bytes on node 0 flags: 0x0\n"
	"[    0.000000] software IO TLB: area num 1.\n"
	"[    0.000000] software IO TLB: mapped [mem 0x00000000f8000000-0x00000000fc000000] (64MB)\n"
	"[    0.000000] Built 1 zonelists, mobility grouping on.  Total pages: 129024\n"
	"[    0.000000] Kernel command line: console=ttyAMA0 memblock=debug cma=64M  \n"
	"[    0.000000] Memory: 98324K/524288K available (13248K kernel code, 2806K rwdata, 9504K rodata, 6464K init, 627K bss, 44068K reserved, 65536K cma-reserved)\n"
	"[    0.000000] Memory: 1K/2K available (1K kernel code, 1K rwdata, 1K rodata, 1K init, 1K bss, 1K reserved, 0K cma-reserved)\n"
	"[    0.446586] Freeing initrd memory: 964K\n"
	"[    1.278896] Freeing unused kernel memory: 6464K\n"
	"[    1.278999] Freeing unused kernel image (initmem) memory: 2048K\n"
	"@@ORACLE-START uname=Linux (none) 6.1.0-50-arm64\n"
	"@@ORACLE-BEGIN meminfo\n"
	"MemTotal:         487648 kB\n"
	"MemFree:          465596 kB\n"
	"HugePages_Total:       0\n"
	"CmaTotal:          65536 kB\n"
	"@@ORACLE-END\n"
	"@@ORACLE-BEGIN iomem\n"
	"40000000-5fffffff : System RAM\n"
	"[    9.000000] Memory: 5K/6K available (1K kernel code, 1K rwdata, 1K rodata, 1K init, 1K bss, 1K reserved, 0K cma-reserved)\n"
	"@@ORACLE-END\n"
	"@@ORACLE-BEGIN memblock-memory\n"
	"   0: 0x0000000040000000..0x000000004fffffff\n"
	"   1: 0x0000000050000000..0x0000000050ffffff\n"
	"@@ORACLE-END\n"
	"@@ORACLE-BEGIN memblock-reserved\n"
	"   0: 0x0000000040210000..0x000000004220afff\n"
	"  10: 0x0000000048200000..0x0000000048208813\n"
	"@@ORACLE-END\n"
	"@@ORACLE-DONE\n"
	"[    2.000000] reboot: Power down\n"
	"trailing garbage \x80\x81";

/* The @i-th operation (decoded into one place: valid until the next call). */

static void every_line_kind_ops(const struct mx_bootlog *b)
{
	const struct mx_bootlog_memop *o;

	assert_int_equal(b->nops, 13);
	/* end < start: memblock printing nothing, not a wrapped size */
	o = op_at(b, 0);
	assert_int_equal(o->op, MX_BLOP_REMOVE);
	assert_string_equal(o->fn, "memblock_remove");
	assert_string_equal(o->caller, "arm64_memblock_init");
	assert_int_equal(o->base, 0x0001000000000000ULL);
	assert_int_equal(o->size, 0);
	assert_int_equal(o->line, 5);
	o = op_at(b, 1);
	assert_int_equal(o->op, MX_BLOP_ADD);
	assert_int_equal(o->base, 0x48000000);
	assert_int_equal(o->size, 0xf2000); /* end inclusive */
	assert_int_equal(op_at(b, 2)->op, MX_BLOP_RESERVE);
	assert_int_equal(op_at(b, 2)->size, 32 * MiB);
	/* alloc forms: no nid printed is -1 */
	o = op_at(b, 3);
	assert_int_equal(o->op, MX_BLOP_ALLOC);
	assert_string_equal(o->fn, "memblock_phys_alloc_range");
	assert_string_equal(o->caller, "early_pgtable_alloc");
	assert_int_equal(o->size, 4096);
	assert_int_equal(o->align, 0x1000);
	assert_int_equal(o->from, 0);
	assert_int_equal(o->max_addr, 1);
	assert_int_equal(o->nid, -1);
	o = op_at(b, 4);
	assert_int_equal(o->op, MX_BLOP_ALLOC);
	assert_int_equal(o->size, 39964);
	assert_int_equal(o->align, 8);
	assert_int_equal(o->nid, -1);
	assert_string_equal(o->caller, "early_init_dt_alloc_memory_arch");
	o = op_at(b, 5);
	assert_int_equal(o->nid, 0);
	assert_int_equal(o->from, 0x40000000);
	assert_string_equal(o->caller, "memmap_alloc");
	assert_int_equal(op_at(b, 6)->op, MX_BLOP_FREE);
	assert_int_equal(op_at(b, 6)->size, 0x5000);
	assert_string_equal(op_at(b, 6)->caller, "paging_init");
	assert_int_equal(op_at(b, 7)->op, MX_BLOP_MARK_NOMAP);
	assert_int_equal(op_at(b, 7)->size, 16 * MiB);
	assert_int_equal(op_at(b, 8)->op, MX_BLOP_CLEAR_NOMAP);
	/* newer "nid=1 flags=0x0" and 4.x "flags 0x0" words before the caller */
	o = op_at(b, 9);
	assert_int_equal(o->op, MX_BLOP_ADD);
	assert_int_equal(o->nid, 1);
	assert_string_equal(o->caller, "add_memory_resource");
	o = op_at(b, 10);
	assert_int_equal(o->op, MX_BLOP_RESERVE);
	assert_string_equal(o->caller, "arm64_memblock_init");
	assert_int_equal(op_at(b, 11)->op, MX_BLOP_OTHER);
	assert_string_equal(op_at(b, 11)->fn, "memblock_set_node");
	/* no caller printed */
	assert_int_equal(op_at(b, 12)->op, MX_BLOP_FREE);
	assert_string_equal(op_at(b, 12)->caller, "");
}

static void every_line_kind_rmem(const struct mx_bootlog *b)
{
	const struct mx_bootlog_rmem *r = b->rmem;

	assert_int_equal(b->nrmem, 9);
	assert_int_equal(r[0].kind, MX_BLR_CMA_POOL);
	assert_true(r[0].has_base && r[0].has_size);
	assert_int_equal(r[0].base, 0x79000000);
	assert_int_equal(r[0].size, 112 * MiB);
	assert_null(r[0].name);
	assert_string_equal(r[0].text, "Reserved memory: created CMA memory pool at 0x0000000079000000, size 112 MiB");
	assert_int_equal(r[0].line, 18);
	assert_int_equal(r[1].kind, MX_BLR_INIT);
	assert_string_equal(r[1].name, "secure_region");
	assert_string_equal(r[1].compat, "shared-dma-pool");
	assert_false(r[1].has_base);
	assert_int_equal(r[2].kind, MX_BLR_DMA_POOL);
	assert_int_equal(r[2].base, 0x60000000);
	assert_int_equal(r[2].size, 2 * MiB);
	assert_int_equal(r[3].kind, MX_BLR_ALLOCATED);
	assert_string_equal(r[3].name, "venus_region");
	assert_int_equal(r[3].base, 0x5f800000);
	assert_int_equal(r[3].size, 8 * MiB);
	assert_int_equal(r[4].kind, MX_BLR_FAILED);
	assert_string_equal(r[4].name, "adsp_region");
	assert_false(r[4].has_size);
	assert_int_equal(r[5].kind, MX_BLR_FAILED);
	assert_string_equal(r[5].name, "modem_region");
	assert_true(r[5].has_size);
	assert_int_equal(r[5].size, 8 * MiB);
	/* 6.x region line: base and size from the inclusive ends, the name last */
	assert_int_equal(r[6].kind, MX_BLR_REGION);
	assert_true(r[6].nomap);
	assert_false(r[6].reusable);
	assert_true(r[6].has_base && r[6].has_size);
	assert_int_equal(r[6].base, 0x50000000);
	assert_int_equal(r[6].size, 16 * MiB);
	assert_string_equal(r[6].name, "wcnss_fw@50000000");
	assert_int_equal(r[7].kind, MX_BLR_FAILED);
	assert_string_equal(r[7].name, "splash_region");
	assert_int_equal(r[8].kind, MX_BLR_OTHER);
	assert_null(r[8].name);
	assert_string_equal(r[8].text, "OF: reserved mem: something else entirely");
}

static void every_line_kind(void **state)
{
	struct mx_bootlog b;
	uint64_t v;

	(void)state;
	PARSE(&b, every_kind);
	print_diags(&b);
	assert_int_equal(b.diags.cnt, 0);
	assert_int_equal(b.boots, 1);
	assert_int_equal(b.boot_line, 4);
	assert_string_equal(b.version, "6.1.0-50-arm64");
	assert_string_equal(b.cmdline, "console=ttyAMA0 memblock=debug cma=64M");
	/* the first Memory line counts, not a later one (here amid the iomem dump) */
	assert_true(b.mem.present);
	assert_int_equal(b.mem.line, 52);
	assert_int_equal(b.mem.available_k, 98324);
	assert_int_equal(b.mem.total_k, 524288);
	assert_int_equal(b.mem.code_k, 13248);
	assert_int_equal(b.mem.rwdata_k, 2806);
	assert_int_equal(b.mem.rodata_k, 9504);
	assert_int_equal(b.mem.init_k, 6464);
	assert_int_equal(b.mem.bss_k, 627);
	assert_int_equal(b.mem.reserved_k, 44068);
	assert_true(b.mem.has_cma);
	assert_int_equal(b.mem.cma_reserved_k, 65536);
	assert_false(b.mem.has_highmem);
	every_line_kind_ops(&b);
	every_line_kind_rmem(&b);
	assert_int_equal(b.ncma, 2);
	assert_int_equal(b.cma[0].base, 0x5b600000);
	assert_int_equal(b.cma[0].size, 64 * MiB);
	assert_false(b.cma[0].failed);
	assert_int_equal(b.cma[0].line, 27);
	assert_true(b.cma[1].failed);
	assert_int_equal(b.cma[1].size, 512 * MiB);
	assert_int_equal(b.ncrashkernel, 1);
	assert_int_equal(b.crashkernel[0].base, 0xdc000000);
	assert_int_equal(b.crashkernel[0].size, 512 * MiB);
	/* zones: [start, end) with end = printed end + 1; the block ends at "Movable zone" */
	assert_int_equal(b.nzones, 3);
	assert_string_equal(b.zones[0].name, "DMA");
	assert_false(b.zones[0].empty);
	assert_int_equal(b.zones[0].start, 0x40000000);
	assert_int_equal(b.zones[0].end, 0x100000000ULL);
	assert_string_equal(b.zones[1].name, "DMA32");
	assert_true(b.zones[1].empty);
	assert_string_equal(b.zones[2].name, "Normal");
	assert_int_equal(b.zones[2].end, 0x140000000ULL);
	assert_int_equal(b.nnode_ranges, 2);
	assert_int_equal(b.node_ranges[1].base, 0x50000000);
	assert_int_equal(b.node_ranges[1].size, 16 * MiB);
	/* the first MEMBLOCK dump only */
	assert_true(b.has_dump);
	assert_int_equal(b.ndump_memory, 2);
	assert_int_equal(b.dump_memory[1].base, 0x50000000);
	assert_int_equal(b.dump_memory[1].size, 16 * MiB);
	assert_int_equal(b.dump_memory[1].flags, 4);
	assert_int_equal(b.ndump_reserved, 1);
	assert_int_equal(b.dump_reserved[0].size, 0x1ffb000);
	/* swiotlb's printed end is one past the buffer */
	assert_int_equal(b.nswiotlb, 1);
	assert_int_equal(b.swiotlb[0].base, 0xf8000000);
	assert_int_equal(b.swiotlb[0].size, 64 * MiB);
	assert_true(b.has_total_pages);
	assert_int_equal(b.total_pages, 129024);
	assert_int_equal(b.nfreed, 3);
	assert_string_equal(b.freed[0].what, "initrd");
	assert_int_equal(b.freed[0].kib, 964);
	assert_string_equal(b.freed[1].what, "unused kernel");
	assert_int_equal(b.freed[1].kib, 6464);
	assert_string_equal(b.freed[2].what, "unused kernel image (initmem)");
	assert_int_equal(b.freed[2].kib, 2048);
	assert_int_equal(b.freed[2].line, 56);
	/* the dumps */
	assert_int_equal(b.nmeminfo, 1);
	assert_int_equal(b.meminfo[0].n, 4);
	assert_int_equal(b.meminfo[0].line, 59);
	assert_true(mx_bootlog_meminfo_get(&b, "MemTotal", &v));
	assert_int_equal(v, 487648);
	assert_true(mx_bootlog_meminfo_get(&b, "HugePages_Total", &v));
	assert_int_equal(v, 0);
	assert_true(mx_bootlog_meminfo_get(&b, "CmaTotal", &v));
	assert_int_equal(v, 65536);
	assert_false(mx_bootlog_meminfo_get(&b, "HighTotal", &v));
	assert_true(b.has_dbg_memory);
	assert_int_equal(b.ndbg_memory, 2);
	assert_int_equal(b.dbg_memory[0].size, 256 * MiB);
	assert_true(b.has_dbg_reserved);
	assert_int_equal(b.ndbg_reserved, 2);
	assert_int_equal(b.dbg_reserved[1].base, 0x48200000);
	assert_int_equal(b.dbg_reserved[1].size, 0x8814);
	assert_true(mx_bootlog_usable(&b));
	mx_bootlog_release(&b);
}

/*
 * Node names hold commas ("linux,cma"): the separator of "initialized node
 * NAME, compatible id COMPAT" is the last ", compatible id ", a quoted
 * 'NAME' runs to its quote and an unquoted one to a blank.
 */
static void node_names_with_commas(void **state)
{
	static const char log[] =
		"[    0.000000] OF: reserved mem: initialized node linux,cma, compatible id shared-dma-pool\n"
		"[    0.000000] Reserved memory: initialized node linux,cma, compatible id shared-dma-pool\n"
		"[    0.000000] OF: reserved mem: initialized node a,b,c@50000000, compatible id x, compatible id y\n"
		"[    0.000000] OF: reserved mem: node linux,cma compatible matching fail\n"
		"[    0.000000] Reserved memory: failed to allocate memory for node 'linux,cma'\n"
		"[    0.000000] Reserved memory: allocated memory for 'qcom,adsp' node: base 0x5f800000, size 8 MiB\n"
		"[    0.000000] OF: reserved mem: 0x000000005c000000..0x000000005fffffff (65536 KiB) map reusable linux,cma\n"
		"[    0.000000] OF: reserved mem: Reserved memory: No reserved-memory node in the DT\n"
		"[    0.000000] OF: fdt: Reserved memory: failed to reserve memory for node 'nomap,region@48000000': base 0x0000000048000000, size 16 MiB\n"
		"[    0.000000] OF: reserved mem: initialized node linux,cma\n";
	const struct mx_bootlog_rmem *r;
	struct mx_bootlog b;

	(void)state;
	PARSE(&b, log);
	print_diags(&b);
	assert_int_equal(b.nrmem, 10);
	r = b.rmem;
	for (int i = 0; i < 2; i++) {
		assert_int_equal(r[i].kind, MX_BLR_INIT);
		assert_string_equal(r[i].name, "linux,cma");
		assert_string_equal(r[i].compat, "shared-dma-pool");
	}
	assert_int_equal(r[2].kind, MX_BLR_INIT);
	assert_string_equal(r[2].name, "a,b,c@50000000, compatible id x");
	assert_string_equal(r[2].compat, "y");
	assert_int_equal(r[3].kind, MX_BLR_FAILED);
	assert_string_equal(r[3].name, "linux,cma");
	assert_int_equal(r[4].kind, MX_BLR_FAILED);
	assert_string_equal(r[4].name, "linux,cma");
	assert_int_equal(r[5].kind, MX_BLR_ALLOCATED);
	assert_string_equal(r[5].name, "qcom,adsp");
	assert_int_equal(r[5].base, 0x5f800000);
	assert_string_equal(r[6].name, "linux,cma");
	assert_int_equal(r[6].size, 64 * MiB);
	assert_int_equal(r[6].kind, MX_BLR_REGION);
	assert_true(r[6].reusable && !r[6].nomap);
	/* "node in the DT" names no node */
	assert_int_equal(r[7].kind, MX_BLR_OTHER);
	assert_null(r[7].name);
	/* 6.1 prints a refused static region under "OF: fdt: " */
	assert_int_equal(r[8].kind, MX_BLR_FAILED);
	assert_string_equal(r[8].name, "nomap,region@48000000");
	assert_true(r[8].has_base && r[8].has_size);
	assert_int_equal(r[8].base, 0x48000000);
	assert_int_equal(r[8].size, 16 * MiB);
	/* without its compatible id the line is cut short: the one warning */
	assert_int_equal(r[9].kind, MX_BLR_OTHER);
	assert_null(r[9].name);
	assert_int_equal(b.diags.cnt, 1);
	assert_int_equal(b.diags.d[0].sev, MX_SEV_WARNING);
	assert_int_equal(b.diags.d[0].line, 10);
	assert_non_null(strstr(b.diags.d[0].msg, "line cut short"));
	mx_bootlog_release(&b);
}

/* 32-bit ARM: no timestamps (dmesg -t), 0x%08x addresses, highmem, a dump without "on node". */
static void arm32_forms(void **state)
{
	static const char log[] =
		"Linux version 6.1.0-50-armmp (debian-kernel@lists.debian.org) #1 SMP\n"
		"memblock_reserve: [0x40300000-0x41607587] arm_memblock_init+0x30/0x74\n"
		"memblock_alloc_try_nid: 8192 bytes align=0x2000 nid=-1 from=0x00000000 max_addr=0x00000000 early_alloc+0x2c/0x58\n"
		"cma: Reserved 16 MiB at 0x9f000000\n"
		"MEMBLOCK configuration:\n"
		" memory size = 0x40000000 reserved size = 0x0252d0e0\n"
		" memory.cnt  = 0x1\n"
		" memory[0x0]\t[0x60000000-0x9fffffff], 0x40000000 bytes flags: 0x0\n"
		" reserved.cnt  = 0x1\n"
		" reserved[0x0]\t[0x60204000-0x60207fff], 0x00004000 bytes flags: 0x0\n"
		"Zone ranges:\n"
		"  DMA      [mem 0x0000000060000000-0x000000008fffffff]\n"
		"  Normal   empty\n"
		"  HighMem  [mem 0x0000000090000000-0x000000009fffffff]\n"
		"Memory: 1001436K/1048576K available (11264K kernel code, 1700K rwdata, 3732K rodata, 2048K init, 377K bss, 30756K reserved, 16384K cma-reserved, 245760K highmem)\n"
		"Reserving 256MB of memory at 640MB for crashkernel (System RAM: 1024MB)\n"
		"software IO TLB [mem 0xbbfff000-0xbfffefff] (64MB) mapped at [ffff8800bbfff000-ffff8800bfffefff]\n"
		"Freeing unused kernel image (initmem) memory: 2048K\n";
	struct mx_bootlog b;

	(void)state;
	PARSE(&b, log);
	print_diags(&b);
	assert_int_equal(b.diags.cnt, 0);
	assert_int_equal(b.boots, 1);
	assert_int_equal(b.boot_line, 1);
	assert_string_equal(b.version, "6.1.0-50-armmp");
	assert_int_equal(b.nops, 2);
	assert_int_equal(op_at(&b, 0)->base, 0x40300000);
	assert_int_equal(op_at(&b, 0)->size, 0x1307588);
	assert_int_equal(b.ncma, 1);
	assert_int_equal(b.cma[0].base, 0x9f000000);
	assert_int_equal(b.cma[0].size, 16 * MiB);
	assert_int_equal(b.ndump_memory, 1);
	assert_int_equal(b.dump_memory[0].base, 0x60000000);
	assert_int_equal(b.dump_memory[0].size, 0x40000000);
	assert_int_equal(b.ndump_reserved, 1);
	assert_int_equal(b.nzones, 3);
	assert_string_equal(b.zones[2].name, "HighMem");
	assert_int_equal(b.zones[2].start, 0x90000000);
	assert_int_equal(b.zones[2].end, 0xa0000000);
	assert_true(b.mem.present);
	assert_int_equal(b.mem.total_k, 1048576);
	assert_int_equal(b.mem.reserved_k, 30756);
	assert_int_equal(b.mem.cma_reserved_k, 16384);
	assert_true(b.mem.has_highmem);
	assert_int_equal(b.mem.highmem_k, 245760);
	assert_int_equal(b.ncrashkernel, 1);
	assert_int_equal(b.crashkernel[0].base, 640 * MiB);
	assert_int_equal(b.crashkernel[0].size, 256 * MiB);
	/* 4.x swiotlb printed an inclusive end */
	assert_int_equal(b.nswiotlb, 1);
	assert_int_equal(b.swiotlb[0].base, 0xbbfff000);
	assert_int_equal(b.swiotlb[0].size, 64 * MiB);
	assert_int_equal(b.nfreed, 1);
	mx_bootlog_release(&b);
}

/* 3.x: "Memory: 1016208k/..." without parentheses, "MB = MB total" skipped, "cma: CMA: reserved" without 0x. */
static void old_kernel_forms(void **state)
{
	static const char log[] =
		"[    0.000000] Linux version 3.10.49 (builder@host) (gcc version 4.9) #1 SMP PREEMPT\n"
		"[    0.000000] cma: CMA: reserved 16 MiB at 2e800000\n"
		"[    0.000000] Reserved memory: allocated memory for 'secure_region' node: base 0x85800000, size 100 MiB\n"
		"[    0.000000] Reserved memory: initialized node secure_region, compatible id removed-dma-pool\n"
		"[    0.000000] Memory: 1024MB = 1024MB total\n"
		"[    0.000000] Memory: 1016208k/1016208k available, 32368k reserved, 270336K highmem\n"
		"[    0.000000] Freeing init memory: 300K\n";
	struct mx_bootlog b;

	(void)state;
	PARSE(&b, log);
	print_diags(&b);
	assert_int_equal(b.diags.cnt, 0);
	assert_string_equal(b.version, "3.10.49");
	assert_int_equal(b.ncma, 1);
	assert_int_equal(b.cma[0].base, 0x2e800000);
	assert_int_equal(b.nrmem, 2);
	assert_int_equal(b.rmem[0].kind, MX_BLR_ALLOCATED);
	assert_int_equal(b.rmem[0].size, 100 * MiB);
	assert_int_equal(b.rmem[1].kind, MX_BLR_INIT);
	assert_true(b.mem.present);
	assert_int_equal(b.mem.line, 6);
	assert_int_equal(b.mem.available_k, 1016208);
	assert_int_equal(b.mem.total_k, 1016208);
	assert_int_equal(b.mem.reserved_k, 32368);
	assert_false(b.mem.has_cma);
	assert_true(b.mem.has_highmem);
	assert_int_equal(b.mem.highmem_k, 270336);
	assert_int_equal(b.nfreed, 1);
	assert_string_equal(b.freed[0].what, "init");
	mx_bootlog_release(&b);
}

/* The same Memory line behind every prefix a log may carry. */
static void prefixes(void **state)
{
	static const char *const logs[] = {
		"[    0.000000] Memory: 100K/200K available (1K kernel code, 2K rwdata, 3K rodata, 4K init, 5K bss, 6K reserved, 7K cma-reserved)\n",
		"Memory: 100K/200K available (1K kernel code, 2K rwdata, 3K rodata, 4K init, 5K bss, 6K reserved, 7K cma-reserved)",
		"<6>[    0.000000] Memory: 100K/200K available (1K kernel code, 2K rwdata, 3K rodata, 4K init, 5K bss, 6K reserved, 7K cma-reserved)\n",
		"<6>Memory: 100K/200K available (1K kernel code, 2K rwdata, 3K rodata, 4K init, 5K bss, 6K reserved, 7K cma-reserved)\r\n",
		"[    0.000000] Memory: 100K/200K available (1K kernel code, 2K rwdata, 3K rodata, 4K init, 5K bss, 6K reserved, 7K cma-reserved)\r\r\n",
		"[    0.000000][    T0] Memory: 100K/200K available (1K kernel code, 2K rwdata, 3K rodata, 4K init, 5K bss, 6K reserved, 7K cma-reserved)\n",
		"Nov 23 19:24:04 board kernel: [    0.000000] Memory: 100K/200K available (1K kernel code, 2K rwdata, 3K rodata, 4K init, 5K bss, 6K reserved, 7K cma-reserved)\n",
		"Nov 23 19:24:04 board kernel: Memory: 100K/200K available (1K kernel code, 2K rwdata, 3K rodata, 4K init, 5K bss, 6K reserved, 7K cma-reserved)\n",
		"[12345.678901] Memory: 100K/200K available (1K kernel code, 2K rwdata, 3K rodata, 4K init, 5K bss, 6K reserved, 7K cma-reserved)  \n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
		struct mx_bootlog b;

		parse_n(&b, logs[i], strlen(logs[i]));
		print_diags(&b);
		assert_int_equal(b.diags.cnt, 0);
		assert_true(b.mem.present);
		assert_int_equal(b.mem.line, 1);
		assert_int_equal(b.mem.available_k, 100);
		assert_int_equal(b.mem.total_k, 200);
		assert_int_equal(b.mem.bss_k, 5);
		assert_int_equal(b.mem.reserved_k, 6);
		assert_int_equal(b.mem.cma_reserved_k, 7);
		assert_int_equal(b.boots, 0);
		assert_int_equal(b.boot_line, 0);
		assert_int_equal(b.diags.cnt, 0);
		mx_bootlog_release(&b);
	}
}

/* A shell session: /proc/meminfo and debugfs tables found by their headers. */
static void shell_dumps(void **state)
{
	static const char log[] =
		"/ # cat /proc/meminfo\n"
		"MemTotal:         487648 kB\n"
		"MemFree:          465596 kB\n"
		"/ # cat /sys/kernel/debug/memblock/memory\n"
		"   0: 0x0000000040000000..0x000000005fffffff\n"
		"/ # cat /sys/kernel/debug/memblock/reserved\n"
		"   0: 0x0000000040210000..0x000000004220afff    0 NONE\n"
		"   1: 0x0000000050000000..0x0000000050ffffff    0 NOMAP\n"
		"/ # cat /proc/meminfo\n"
		"MemTotal:         487000 kB\n"
		"HugePages_Total:       0\n"
		"/ # cat /sys/kernel/debug/memblock/memory\n"
		"/ # \n";
	struct mx_bootlog b;
	uint64_t v;

	(void)state;
	PARSE(&b, log);
	assert_int_equal(b.diags.cnt, 0);
	assert_int_equal(b.nmeminfo, 2);
	assert_int_equal(b.meminfo[0].n, 2);
	assert_int_equal(b.meminfo[0].line, 2);
	assert_int_equal(b.meminfo[1].n, 2);
	/* the last block */
	assert_true(mx_bootlog_meminfo_get(&b, "MemTotal", &v));
	assert_int_equal(v, 487000);
	assert_false(mx_bootlog_meminfo_get(&b, "MemFree", &v));
	assert_true(b.has_dbg_memory);
	assert_int_equal(b.ndbg_memory, 1);
	assert_int_equal(b.dbg_memory[0].size, 512 * MiB);
	assert_true(b.has_dbg_reserved);
	assert_int_equal(b.ndbg_reserved, 2);
	assert_int_equal(b.dbg_reserved[0].flags, 0);
	assert_int_equal(b.dbg_reserved[1].flags, 4);
	assert_false(b.mem.present);
	assert_true(mx_bootlog_usable(&b));
	mx_bootlog_release(&b);
}

/*
 * debugfs memblock/memory and memblock/reserved tables look alike; without a
 * header line naming them, a table that differs from the boot's memory table
 * and lies inside it is the reserved table, any other the memory table.
 *
 *   memory    [0x40000000 ............ 0x5f7fffff][0x5f800000 .. 0x5fffffff] NOMAP
 *   reserved      [0x40210000 .. 0x4220afff]        [0x5f701000 ...... 0x5fffffff]
 *                                                   (across both: inside their union)
 */
static void tables_by_content(void **state)
{
	static const char two[] =
		"   0: 0x0000000040000000..0x000000005f7fffff\n"
		"   1: 0x000000005f800000..0x000000005fffffff    0 NOMAP\n"
		"   0: 0x0000000040210000..0x000000004220afff\n"
		"   1: 0x000000005f701000..0x000000005fffffff\n";
	static const char apart[] =
		"# memory\n"
		"   0: 0x0000000040000000..0x000000005fffffff\n"
		"# then\n"
		"   0: 0x0000000040210000..0x000000004220afff\n"
		"\n"
		"   0: 0x0000000040000000..0x000000005fffffff\n"  /* the memory table again */
		"   0: 0x0000000080000000..0x000000008fffffff\n"; /* outside it: memory */
	static const char named[] =
		"/ # cat /sys/kernel/debug/memblock/reserved\n"
		"   0: 0x0000000040210000..0x000000004220afff\n"
		"/ # cat /sys/kernel/debug/memblock/memory\n"
		"   0: 0x0000000040300000..0x000000004030ffff\n";
	struct mx_bootlog b;

	(void)state;
	PARSE(&b, two);
	print_diags(&b);
	assert_int_equal(b.diags.cnt, 0);
	assert_true(b.has_dbg_memory && b.has_dbg_reserved);
	assert_int_equal(b.ndbg_memory, 2);
	assert_int_equal(b.dbg_memory[1].flags, 4);
	assert_int_equal(b.ndbg_reserved, 2);
	assert_int_equal(b.dbg_reserved[1].base, 0x5f701000);
	assert_int_equal(b.dbg_reserved[1].line, 4);
	mx_bootlog_release(&b);

	PARSE(&b, apart);
	assert_int_equal(b.ndbg_reserved, 1);
	assert_int_equal(b.dbg_reserved[0].line, 4);
	/* the last memory table printed counts */
	assert_int_equal(b.ndbg_memory, 1);
	assert_int_equal(b.dbg_memory[0].base, 0x80000000);
	mx_bootlog_release(&b);

	/* a header line decides, whatever the ranges say */
	PARSE(&b, named);
	assert_int_equal(b.ndbg_reserved, 1);
	assert_int_equal(b.dbg_reserved[0].base, 0x40210000);
	assert_int_equal(b.ndbg_memory, 1);
	assert_int_equal(b.dbg_memory[0].base, 0x40300000);
	mx_bootlog_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_line_kind),
		cmocka_unit_test(node_names_with_commas),
		cmocka_unit_test(arm32_forms),
		cmocka_unit_test(old_kernel_forms),
		cmocka_unit_test(prefixes),
		cmocka_unit_test(shell_dumps),
		cmocka_unit_test(tables_by_content),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
