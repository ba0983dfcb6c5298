/*
 * test_boot_mechanisms.c - the boot mechanisms real boots showed memx was
 * missing (linux,usable-memory-range ranges, nr_cpus=, 32-bit LPAE swiotlb,
 * memblock's array doubling, QEMU's placement of the initrd and the DTB,
 * 32-bit ARM mem=, the initrd's whole pages, what compare takes from a
 * boot), each on a layout no oracle boot has, against the formula of
 * doc/engine.md worked out by hand.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "memx/bootlog.h"
#include "memx/buf.h"
#include "memx/compare.h"
#include "testutil.h"

#define K 1024ULL
#define M (1024ULL * 1024)

static const char arm64_61[] =
	"arch: arm64\nkernel: \"6.1\"\nstruct-page: 64\nmemory-model: sparsemem\nvmemmap: true\n"
	"sparsemem-extreme: true\nmax-physmem-bits: 48\nsection-size-bits: 27\npageblock-order: 9\n"
	"kernel-image: { base: 0x40200000, size: 16M }\n";

static const char arm_61[] =
	"arch: arm\nkernel: \"6.1\"\nstruct-page: 36\nmemory-model: flatmem\nmax-order: 11\n"
	"pageblock-order: 9\nkernel-image: { base: 0x40300000, size: 12M }\n";



/* compute HEAD + REST, run the statements after them on L, release */
#define RUN(head, rest, ...)                           \
	do {                                           \
		struct mx_profile p;                   \
		struct mx_layout L;                    \
		mx_layout_init(&L);                    \
		tu_compute_text(&L, &p, head, rest);           \
		__VA_ARGS__;                           \
		mx_layout_release(&L);                 \
		mx_profile_release(&p);                \
	} while (0)

/* ---- linux,usable-memory-range --------------------------------------------- */

/*
 * 1 GiB at 0x40000000, usable [0x40000000 +256M) and [0x60000000 +256M):
 * 6.1 caps to the first and adds the second back (512 MiB); a CMA pool in
 * the second is an ordinary pool. 5.10 arm64 reads the first range only;
 * 3.18 none.
 */
#define USABLE "memory: [{ base: 0x40000000, size: 1G }]\n" \
	"usable-memory-range: [{ base: 0x40000000, size: 256M }, { base: 0x60000000, size: 256M }]\n" \
	"reserved-memory:\n  - { name: pool@68000000, compatible: shared-dma-pool, reusable: true, " \
	"reg: { base: 0x68000000, size: 16M } }\n"

static void usable_ranges(void **state)
{
	(void)state;
	RUN(arm64_61, USABLE, {
		assert_int_equal(L.sum.physpages, 512 * M / 4096);
		assert_true(mx_rangeset_contains(&L.memory, 0x60000000, 256 * M));
		assert_false(mx_rangeset_overlaps(&L.memory, 0x50000000, 256 * M));
		assert_int_equal(L.sum.cmatotal, 16 * M / 4096);
		assert_false(tu_has_diag(&L, "cma-straddle", -1));
		assert_false(tu_has_diag(&L, "outside-dram", 0));
	});
	RUN("arch: arm64\nkernel: \"5.10\"\nkernel-image: { base: 0x40200000, size: 16M }\n", USABLE, {
		assert_int_equal(L.sum.physpages, 256 * M / 4096);
		assert_true(tu_log_has(&L, "this kernel reads 1"));
	});
	RUN("arch: arm64\nkernel: \"3.18\"\nkernel-image: { base: 0x40200000, size: 16M }\n", USABLE, {
		assert_int_equal(L.sum.physpages, 1024 * M / 4096);
		assert_true(tu_log_has(&L, "not read by this kernel"));
	});
}

/* ---- nr_cpus= -------------------------------------------------------------- */

#define PCPU "memory: [{ base: 0x40000000, size: 512M }]\n" \
	"early-allocations:\n  - { name: unit, phase: start-kernel, size: 64K, align: 4K, per-cpu: true }\n"

static void nr_cpus(void **state)
{
	(void)state;
	/* the tree's 4 CPUs */
	RUN(arm64_61, "kernel-side: { cpus: 4 }\n" PCPU, assert_int_equal(tu_bytes_of(&L, "unit"), 256 * K));
	/* nr_cpus=2 lowers nr_cpu_ids, and so the possible CPUs */
	RUN(arm64_61, "kernel-side: { cpus: 4 }\nbootargs: \"nr_cpus=2\"\n" PCPU,
	    assert_int_equal(tu_bytes_of(&L, "unit"), 128 * K));
	/* nr_cpus= never adds CPUs the tree does not have; 0 is ignored */
	RUN(arm64_61, "kernel-side: { cpus: 4 }\nbootargs: \"nr_cpus=8\"\n" PCPU,
	    assert_int_equal(tu_bytes_of(&L, "unit"), 256 * K));
	RUN(arm64_61, "kernel-side: { cpus: 4 }\nbootargs: \"nr_cpus=0\"\n" PCPU,
	    assert_int_equal(tu_bytes_of(&L, "unit"), 256 * K));
	/* CONFIG_NR_CPUS caps the tree's CPUs */
	RUN(arm64_61, "kernel-side: { cpus: 4, nr-cpus: 3 }\n" PCPU,
	    assert_int_equal(tu_bytes_of(&L, "unit"), 192 * K));
}

/* ---- swiotlb on 32-bit ARM with LPAE --------------------------------------- */

static void lpae_swiotlb(void **state)
{
	(void)state;
	/*
	 * 3 GiB at 0x40000000 ends at 4 GiB: max_pfn 0x100000 > 0xfffff, so
	 * mem_init() sets up 32768 slabs x 2 KiB = 64 MiB below the lowmem
	 * limit, 32768 x 16-byte slots = 512 KiB, one 12-byte area
	 */
	RUN(arm_61, "memory: [{ base: 0x40000000, size: 3G }]\nkernel-side: { lpae: true }\n", {
		const struct mx_item *t = tu_item(&L, "swiotlb buffer");

		assert_int_equal(t->size, 64 * M);
		assert_true(t->base + t->size <= L.sum.lowmem_limit);
		assert_int_equal(tu_bytes_of(&L, "swiotlb slots"), 512 * K);
		assert_int_equal(tu_bytes_of(&L, "swiotlb areas"), 12);
	});
	/* ending a page short of 4 GiB: within arm_dma_pfn_limit, no bounce buffer */
	RUN(arm_61, "memory: [{ base: 0x40000000, size: 0xbffff000 }]\nkernel-side: { lpae: true }\n",
	    assert_int_equal(tu_bytes_of(&L, "swiotlb buffer"), 0));
	/* without LPAE the kernel has no swiotlb at all, even with swiotlb=force */
	RUN(arm_61, "memory: [{ base: 0x40000000, size: 3G }]\n"
	    "kernel-side: { lpae: false }\nbootargs: \"swiotlb=force\"\n",
	    assert_int_equal(tu_bytes_of(&L, "swiotlb buffer"), 0));
	/* swiotlb=40000: ALIGN(40000, 128) = 40064, then a power of two: 65536 slabs = 128 MiB */
	RUN(arm64_61, "memory: [{ base: 0x40000000, size: 4G }]\nkernel-side: { cpus: 1 }\n"
	    "bootargs: \"swiotlb=40000\"\n", {
		assert_int_equal(tu_bytes_of(&L, "swiotlb buffer"), 128 * M);
		assert_int_equal(tu_bytes_of(&L, "swiotlb slots"), 65536 * 24);
	});
	/* 3 CPUs make 4 areas of 16 bytes */
	RUN(arm64_61, "memory: [{ base: 0x40000000, size: 4G }]\nkernel-side: { cpus: 3 }\n",
	    assert_int_equal(tu_bytes_of(&L, "swiotlb areas"), 4 * 16));
}

/* ---- memblock_double_array() ----------------------------------------------- */

static void memblock_arrays(void **state)
{
	(void)state;
	/*
	 * memblock.reserved holds 4 regions: the kernel and three carve-outs
	 * apart fill it before memblock_allow_resize(); a fourth is lost
	 */
	RUN(arm64_61, "memory: [{ base: 0x40000000, size: 512M }]\nkernel-side: { memblock-reserved-regions: 4 }\n"
	    "reserved-memory:\n"
	    "  - { name: a@50000000, reg: { base: 0x50000000, size: 1M } }\n"
	    "  - { name: b@51000000, reg: { base: 0x51000000, size: 1M } }\n"
	    "  - { name: c@52000000, reg: { base: 0x52000000, size: 1M } }\n"
	    "  - { name: d@53000000, reg: { base: 0x53000000, size: 1M } }\n", {
		const struct mx_item *d = tu_item(&L, "d@53000000");

		assert_true(d->flags & MX_IF_REFUSED);
		assert_false(mx_rangeset_overlaps(&L.reserved, 0x53000000, M));
		assert_true(tu_has_diag(&L, "memblock-full", -1));
		assert_true(tu_log_has(&L, "failed to reserve memory for node 'd@53000000'"));
	});
	/*
	 * after paging_init() the array doubles instead: allocations one page
	 * apart (64 bytes, 8 KiB aligned) need their own regions; the first
	 * doubling makes 8 x 24 bytes, one page, placed top-down and reserved
	 */
	RUN(arm64_61, "memory: [{ base: 0x40000000, size: 512M }]\nkernel-side: { memblock-reserved-regions: 4 }\n"
	    "early-allocations:\n"
	    "  - { name: x1, phase: start-kernel, size: 64, align: 8K }\n"
	    "  - { name: x2, phase: start-kernel, size: 64, align: 8K }\n"
	    "  - { name: x3, phase: start-kernel, size: 64, align: 8K }\n"
	    "  - { name: x4, phase: start-kernel, size: 64, align: 8K }\n"
	    "  - { name: x5, phase: start-kernel, size: 64, align: 8K }\n", {
		const struct mx_item *a = tu_item(&L, "memblock.reserved array"), *last = a;

		assert_int_equal(a->size, 4096);
		for (size_t i = 0; i < L.nitems; i++)
			if (!strcmp(L.items[i].name, "memblock.reserved array"))
				last = &L.items[i];
		/* only the newest array stays reserved */
		assert_true(mx_rangeset_contains(&L.reserved, last->base, last->size));
		assert_true(last == a || (a->flags & MX_IF_FREED));
		assert_true(tu_log_has(&L, "memblock: reserved is doubled to 8"));
		assert_false(tu_has_diag(&L, "memblock-full", -1));
		for (int i = 1; i <= 5; i++) {
			char n[8];

			snprintf(n, sizeof(n), "x%d", i);
			assert_true(tu_item(&L, n)->flags & MX_IF_PLACED);
		}
	});
}

/* ---- QEMU's direct boot ---------------------------------------------------- */

static void qemu_placement(void **state)
{
	(void)state;
	/* 128 MiB: the initrd at RAM / 2 = +64M; the DTB after it on a 2 MiB boundary, 2 x (5000 + 10000) */
	RUN(arm64_61, "memory: [{ base: 0x40000000, size: 128M }]\ninitrd: { size: 1M }\n"
	    "boot-loader: { type: qemu, dtb-file: 5000 }\n", {
		const struct mx_item *i = tu_item(&L, "initrd"), *d = tu_item(&L, "device tree blob");

		assert_int_equal(i->base, 0x44000000);
		assert_int_equal(d->base, 0x44200000);
		assert_int_equal(d->size, 30000);
	});
	/* 32-bit ARM: 128 MiB cap, the DTB on the next 4 KiB boundary */
	RUN(arm_61, "memory: [{ base: 0x40000000, size: 2G }]\ninitrd: { size: 0x123456 }\n"
	    "boot-loader: { type: qemu, dtb-file: 7000 }\n", {
		assert_int_equal(tu_item(&L, "initrd")->base, 0x48000000);
		assert_int_equal(tu_item(&L, "device tree blob")->base, 0x48124000);
	});
	/* a base the profile gives wins */
	RUN(arm64_61, "memory: [{ base: 0x40000000, size: 128M }]\ninitrd: { base: 0x45000000, size: 1M }\n"
	    "boot-loader: { type: qemu, dtb-file: 5000 }\n", {
		assert_int_equal(tu_item(&L, "initrd")->base, 0x45000000);
		assert_int_equal(tu_item(&L, "device tree blob")->base, 0x45200000);
	});
}

/* ---- 32-bit ARM early_mem() ------------------------------------------------ */

static void arm_mem(void **state)
{
	(void)state;
	/* two banks with a hole: mem=384M is [PHYS_OFFSET, +384M), hole or not */
	RUN(arm_61, "memory: [{ base: 0x40000000, size: 256M }, { base: 0x60000000, size: 256M }]\n"
	    "bootargs: \"mem=384M\"\n", {
		assert_int_equal(L.memory.cnt, 1);
		assert_int_equal(L.memory.r[0].base, 0x40000000);
		assert_int_equal(L.memory.r[0].size, 384 * M);
	});
	/* every mem= adds one: [0x40000000 +64M) and [0x60000000 +32M) */
	RUN(arm_61, "memory: [{ base: 0x40000000, size: 1G }]\nbootargs: \"mem=64M mem=32M@0x60000000\"\n", {
		assert_int_equal(L.memory.cnt, 2);
		assert_int_equal(L.memory.r[1].base, 0x60000000);
		assert_int_equal(L.sum.physpages, 96 * M / 4096);
	});
}

/* ---- the initrd's pages ---------------------------------------------------- */

static void initrd_pages(void **state)
{
	(void)state;
	/* 32-bit ARM reserves and frees the whole pages the initrd touches: 0x1234 bytes at +0x800 -> 2 pages */
	RUN(arm_61, "memory: [{ base: 0x40000000, size: 256M }]\ninitrd: { base: 0x48000800, size: 0x1234 }\n", {
		assert_true(mx_rangeset_contains(&L.reserved, 0x48000000, 0x2000));
		assert_int_equal(L.sum.initrd_freed, 2);
	});
	/* arm64 reserves whole pages too, but frees only the pages wholly inside: none here */
	RUN(arm64_61, "memory: [{ base: 0x40000000, size: 256M }]\ninitrd: { base: 0x48000800, size: 0x1234 }\n", {
		assert_true(mx_rangeset_contains(&L.reserved, 0x48000000, 0x2000));
		assert_int_equal(L.sum.initrd_freed, 0);
	});
}

/* ---- older flavours with the kernel-side models ---------------------------- */

static void older_flavour_models(void **state)
{
	(void)state;
	/*
	 * 3.18, 512 MiB lowmem: 131072 kernel pages - 512 memmap pages = 130560,
	 * rounded to 1 MiB; PID (scale 18): 2040 -> 2048 entries x 4 B = 8 KiB;
	 * dentry (13): 65280 -> 65536 x 4 = 256 KiB; inode (14): 32640 -> 128 KiB
	 */
	RUN("arch: arm\nkernel: \"3.18\"\nkernel-image: { base: 0x80008000, size: 8M }\n",
	    "memory: [{ base: 0x80000000, size: 512M }]\nkernel-side: {}\n", {
		assert_int_equal(tu_bytes_of(&L, "PID"), 8 * K);
		assert_int_equal(tu_bytes_of(&L, "Dentry cache"), 256 * K);
		assert_int_equal(tu_bytes_of(&L, "Inode-cache"), 128 * K);
	});
	/* the same board at VMSPLIT_1G keeps 1 GiB more lowmem out of 2 GiB: the tables double */
	RUN("arch: arm\nkernel: \"3.18\"\nkernel-image: { base: 0x80008000, size: 8M }\n",
	    "memory: [{ base: 0x80000000, size: 2G }]\nvmsplit: 1G\nkernel-side: {}\n", {
		assert_int_equal(tu_bytes_of(&L, "PID"), 16 * K);
		assert_int_equal(tu_bytes_of(&L, "Dentry cache"), 1024 * K);
	});
	/* without kernel-side: nothing is modelled (the profile lists what it knows) */
	RUN("arch: arm\nkernel: \"3.18\"\nkernel-image: { base: 0x80008000, size: 8M }\n",
	    "memory: [{ base: 0x80000000, size: 512M }]\n", assert_int_equal(tu_bytes_of(&L, "Dentry cache"), 0));
	/* 5.10 has no PID hash (gone in 4.15) */
	RUN("arch: arm\nkernel: \"5.10\"\nkernel-image: { base: 0x80008000, size: 8M }\n",
	    "memory: [{ base: 0x80000000, size: 512M }]\nkernel-side: {}\n", {
		assert_int_equal(tu_bytes_of(&L, "PID"), 0);
		assert_int_equal(tu_bytes_of(&L, "Dentry cache"), 256 * K);
	});
}

/* ---- what compare takes from a boot ---------------------------------------- */

static const char boot_log[] =
	"[    0.000000] Linux version 6.1.0-50-arm64 (x) #1 SMP\n"
	"[    0.000000] Kernel command line: console=ttyAMA0 memblock=debug\n"
	"[    0.000000] memblock_alloc_try_nid: 20004 bytes align=0x8 nid=-1 from=0x0000000000000000 "
	"max_addr=0x0000000000000000 early_init_dt_alloc_memory_arch+0x30/0x60\n"
	"[    0.000000] Early memory node ranges\n"
	"[    0.000000]   node   0: [mem 0x0000000040000000-0x000000004fffffff]\n"
	"[    0.000000]   node   0: [mem 0x0000000050000000-0x000000005fffffff]\n"
	"[    0.000000] Memory: 100000K/524288K available (1K kernel code, 1K rwdata, 1K rodata, 1K init, "
	"1K bss, 100K reserved, 0K cma-reserved)\n";

static void adopt_boot_facts(void **state)
{
	struct mx_profile p;
	struct mx_bootlog b;
	struct mx_diaglist notes;
	int n;

	(void)state;
	tu_load_ok(&p, "arch: arm64\nkernel: \"6.1\"\nmemory: [{ base: 0x40000000, size: 256M }]\n"
		   "kernel-image: { base: 0x40200000, size: 16M }\nbootargs: \"console=ttyS0\"\n"
		   "kernel-side: { cpus: 1, device-tree: { nodes: 10, properties: 40, unnamed: 10, "
		   "names4: 200, names8: 240 } }\n");
	mx_bootlog_init(&b);
	mx_diaglist_init(&notes);
	assert_int_equal(mx_bootlog_parse(&b, boot_log, sizeof(boot_log) - 1, "boot.log"), 0);
	/* nothing taken when told to keep the file's */
	assert_int_equal(mx_compare_adopt(&p, &b, 0, &notes), 0);
	assert_int_equal(p.nmemory, 1);
	n = mx_compare_adopt(&p, &b, MX_ADOPT_ALL, &notes);
	assert_int_equal(n, 3);
	assert_string_equal(p.bootargs, "console=ttyAMA0 memblock=debug");
	/* the two node ranges are one bank of 512 MiB */
	assert_int_equal(p.nmemory, 1);
	assert_int_equal(p.memory[0].base, 0x40000000);
	assert_int_equal(p.memory[0].size, 512 * M);
	assert_int_equal(p.kside.unflattened, 20004);
	assert_int_equal(notes.cnt, 3);
	assert_non_null(strstr(notes.d[1].msg, "file 0x40000000+256M, boot 0x40000000+512M"));
	/* a second time there is nothing left to take */
	assert_int_equal(mx_compare_adopt(&p, &b, MX_ADOPT_ALL, &notes), 0);
	mx_diaglist_release(&notes);
	mx_bootlog_release(&b);
	mx_profile_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(usable_ranges),   cmocka_unit_test(nr_cpus),
		cmocka_unit_test(lpae_swiotlb),    cmocka_unit_test(memblock_arrays),
		cmocka_unit_test(qemu_placement),  cmocka_unit_test(arm_mem),
		cmocka_unit_test(initrd_pages),    cmocka_unit_test(adopt_boot_facts),
		cmocka_unit_test(older_flavour_models),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
