/*
 * test_kernel_models.c - the 6.1 kernel-side cost models, each against its
 * formula worked out by hand on small boards (doc/engine.md, "The 6.1
 * kernel-side cost models"). The oracle boots test them against real
 * kernels (test_oracle); these pin each formula on layouts no oracle boot has.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "memx/buf.h"
#include "testutil.h"

#define K 1024ULL
#define M (1024ULL * 1024)

static const char arm64_head[] =
	"arch: arm64\nkernel: \"6.1\"\nstruct-page: 64\nmemory-model: sparsemem\nvmemmap: true\n"
	"sparsemem-extreme: true\nmax-physmem-bits: 48\nsection-size-bits: 27\npageblock-order: 9\n"
	"kernel-image: { base: 0x40200000, size: 16M }\n"
	"kernel-side: { cpus: 1, page-extension: true, deferred-struct-page-init: true, log-buf: 128K }\n";




static void run(const char *head, const char *rest, void (*check)(const struct mx_layout *L))
{
	struct mx_profile p;
	struct mx_layout L;

	mx_layout_init(&L);
	tu_compute_text(&L, &p, head, rest);
	check(&L);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* ---- arm64 linear map ------------------------------------------------------ */

static void pt_512m(const struct mx_layout *L)
{
	/* 256 PTE tables (512 MiB / 2 MiB) + 1 PMD + 1 PUD */
	assert_int_equal(tu_bytes_of(L, "linear-map page tables"), 258 * 4 * K);
	assert_string_equal(L->zones[0].name, "DMA");
}

static void pt_nomap_aligned(const struct mx_layout *L)
{
	assert_int_equal(tu_bytes_of(L, "linear-map page tables"), (256 - 8 + 2) * 4 * K);
}

static void pt_nomap_odd(const struct mx_layout *L)
{
	/* 3 MiB at +1 MiB: the block at 0x50000000 stays partly mapped (its table stays),
	 * the one at 0x50200000 is wholly no-map (one table less) */
	assert_int_equal(tu_bytes_of(L, "linear-map page tables"), 257 * 4 * K);
	/* memblock.memory: normal, NOMAP, normal -> three resources of 64 bytes */
	assert_int_equal(tu_bytes_of(L, "standard resources"), 3 * 64);
}

static void pt_blocks(const struct mx_layout *L)
{
	/* block mappings: only the partly mapped 2 MiB block at 0x50000000 needs a PTE table */
	assert_int_equal(tu_bytes_of(L, "linear-map page tables"), (1 + 1 + 1) * 4 * K);
}

static void pt_two_banks(const struct mx_layout *L)
{
	/* 512 PTE tables, a PMD table for each of the two 1 GiB blocks, one PUD; two regions */
	assert_int_equal(tu_bytes_of(L, "linear-map page tables"), (512 + 2 + 1) * 4 * K);
	assert_int_equal(tu_bytes_of(L, "standard resources"), 2 * 64);
	assert_string_equal(L->zones[0].name, "DMA");
	assert_string_equal(L->zones[1].name, "Normal");
	/* memory ends above the DMA limit (4 GiB): swiotlb, 64 MiB below 4 GiB */
	assert_int_equal(tu_bytes_of(L, "swiotlb buffer"), 64 * M);
	assert_true(tu_item(L, "swiotlb buffer")->base + 64 * M <= 0x100000000ULL);
	assert_int_equal(tu_bytes_of(L, "swiotlb slots"), 32768 * 24);
	assert_int_equal(tu_bytes_of(L, "swiotlb areas"), 16); /* one per possible CPU, a power of two */
	assert_true(tu_log_has(L, "software IO TLB: mapped [mem 0x"));
}

static void linear_map(void **state)
{
	(void)state;
	run(arm64_head, "memory: [{ base: 0x40000000, size: 512M }]\n", pt_512m);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 512M }]\n"
	    "reserved-memory: [{ name: fw@50000000, reg: { base: 0x50000000, size: 16M }, no-map: true }]\n",
	    pt_nomap_aligned);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 512M }]\n"
	    "reserved-memory: [{ name: fw@50100000, reg: { base: 0x50100000, size: 3M }, no-map: true }]\n",
	    pt_nomap_odd);
	run("arch: arm64\nkernel: \"6.1\"\nkernel-image: { base: 0x40200000, size: 16M }\n"
	    "kernel-side: { linear-map: blocks }\n",
	    "memory: [{ base: 0x40000000, size: 512M }]\n"
	    "reserved-memory: [{ name: fw@50100000, reg: { base: 0x50100000, size: 3M }, no-map: true }]\n",
	    pt_blocks);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 512M }, { base: 0x100000000, size: 512M }]\n",
	    pt_two_banks);
}

/* ---- unflattened DT, command line, resources -------------------------------- */

static void dt_sized(const struct mx_layout *L)
{
	/* 10 x 208 + 160 + (20 + 3 bootloader + 10 unnamed) x 96 = 5408, + 4 */
	assert_int_equal(tu_bytes_of(L, "unflattened device tree"), 5412);
	assert_int_equal(tu_item(L, "unflattened device tree")->align, 8);
	/* "abc" + NUL, twice */
	assert_int_equal(tu_bytes_of(L, "saved_command_line"), 4);
	assert_int_equal(tu_bytes_of(L, "static_command_line"), 4);
	assert_true(tu_log_has(L, "10 nodes x 208"));
}

static void dt_chosen_has_all(const struct mx_layout *L)
{
	/* /chosen already has bootargs and the initrd: nothing added, 3 x 96 fewer */
	assert_int_equal(tu_bytes_of(L, "unflattened device tree"), 5412 - 3 * 96);
}

static void dt_given(const struct mx_layout *L)
{
	assert_int_equal(tu_bytes_of(L, "unflattened device tree"), 40000);
}

static const char arm64_nok[] =
	"arch: arm64\nkernel: \"6.1\"\nkernel-image: { base: 0x40200000, size: 16M }\n";

static void device_tree(void **state)
{
	(void)state;
	run(arm64_nok, "memory: [{ base: 0x40000000, size: 512M }]\nbootargs: abc\n"
	    "initrd: { base: 0x48000000, size: 1M }\n"
	    "kernel-side: { device-tree: { nodes: 10, properties: 20, unnamed: 10, names4: 100, "
	    "names8: 160 } }\n", dt_sized);
	run(arm64_nok, "memory: [{ base: 0x40000000, size: 512M }]\nbootargs: abc\n"
	    "initrd: { base: 0x48000000, size: 1M }\n"
	    "kernel-side: { device-tree: { nodes: 10, properties: 20, unnamed: 10, names4: 100, "
	    "names8: 160, chosen-bootargs: true, chosen-initrd: true } }\n", dt_chosen_has_all);
	run(arm64_nok, "memory: [{ base: 0x40000000, size: 512M }]\n"
	    "kernel-side: { unflattened-dt: 40000 }\n", dt_given);
}

/* ---- hashes, log buffer, swiotlb, crashkernel ----------------------------- */

static void hash_512m(const struct mx_layout *L)
{
	/* 131072 - 2048 memmap pages = 129024, >> 1 -> 65536 x 8; >> 2 -> 32768 x 8 */
	assert_int_equal(tu_bytes_of(L, "Dentry cache"), 512 * K);
	assert_int_equal(tu_bytes_of(L, "Inode-cache"), 256 * K);
	assert_int_equal(tu_bytes_of(L, "swiotlb buffer"), 0);
	assert_true(tu_log_has(L, "no swiotlb"));
}

static void hash_2g(const struct mx_layout *L)
{
	/* 524288 - 8192 = 516096 pages, >> 1 -> 262144 x 8 = 2 MiB; inode 1 MiB */
	assert_int_equal(tu_bytes_of(L, "Dentry cache"), 2 * M);
	assert_int_equal(tu_bytes_of(L, "Inode-cache"), 1 * M);
}

static void logbuf_1m(const struct mx_layout *L)
{
	assert_int_equal(tu_bytes_of(L, "log buffer"), 1 * M);
	assert_int_equal(tu_bytes_of(L, "log buffer descriptors"), 32768 * 24);
	assert_int_equal(tu_bytes_of(L, "log buffer infos"), 32768 * 88);
}

static void logbuf_small(const struct mx_layout *L)
{
	/* 100K rounds to 128K: not above the built-in buffer */
	assert_int_equal(tu_count_of(L, "log buffer"), 0);
	assert_true(tu_log_has(L, "no new buffer"));
}

static void swiotlb_forced(const struct mx_layout *L)
{
	/* 1024 slabs x 2 KiB below the DMA limit (= the end of memory here) */
	assert_int_equal(tu_bytes_of(L, "swiotlb buffer"), 2 * M);
	assert_int_equal(tu_bytes_of(L, "swiotlb slots"), 1024 * 24);
}

static void crash_low(const struct mx_layout *L)
{
	const struct mx_item *it = tu_item(L, "crashkernel");

	assert_int_equal(it->size, 64 * M);
	assert_int_equal(it->base % (2 * M), 0);
	assert_true(it->base + it->size <= 0x60000000ULL);
	assert_true(tu_log_has(L, "crashkernel reserved: 0x"));
}

static void crash_fixed(const struct mx_layout *L)
{
	assert_int_equal(tu_item(L, "crashkernel")->base, 0x50000000);
}

static void crash_too_big(const struct mx_layout *L)
{
	assert_true(tu_has_diag(L, "alloc-failed", -1));
	assert_true(tu_log_has(L, "cannot allocate crashkernel (size:0x40000000)"));
}

static void crash_plain_wins(const struct mx_layout *L)
{
	/* a plain crashkernel= beats ,high whatever the order; ,low alone does nothing */
	const struct mx_item *it = tu_item(L, "crashkernel");

	assert_int_equal(it->size, 64 * M);
	assert_true(it->base + it->size <= 0x100000000ULL);
	assert_int_equal(tu_count_of(L, "crashkernel (low)"), 0);
}

static void crash_high(const struct mx_layout *L)
{
	/* ,high alone: 6.1 arm64 reads only the plain form (,high came with 6.2) */
	assert_int_equal(tu_count_of(L, "crashkernel"), 0);
	assert_true(tu_log_has(L, "not read by 6.1 arm64"));
}

static void crash_ranges(const struct mx_layout *L)
{
	/* Debian kdump-tools' crashkernel=384M-:128M: 512 MiB is in [384M, inf) */
	assert_int_equal(tu_item(L, "crashkernel")->size, 128 * M);
}

static void swiotlb_suffix(const struct mx_layout *L)
{
	/* simple_strtoul() stops at 'K': 64 slabs and no force, so no swiotlb on this board */
	assert_int_equal(tu_count_of(L, "swiotlb buffer"), 0);
}

static void hash_128g(const struct mx_layout *L)
{
	/* 33030144 kernel pages: one ADAPT_SCALE step past 64 GiB, so scale 14 / 15 */
	assert_int_equal(tu_bytes_of(L, "Dentry cache"), 64 * M);
	assert_int_equal(tu_bytes_of(L, "Inode-cache"), 32 * M);
}

static void boot_options(void **state)
{
	(void)state;
	run(arm64_head, "memory: [{ base: 0x40000000, size: 512M }]\n", hash_512m);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 2G }]\n", hash_2g);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 512M }]\nbootargs: log_buf_len=1M\n", logbuf_1m);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 512M }]\nbootargs: log_buf_len=100K\n",
	    logbuf_small);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 512M }]\nbootargs: swiotlb=1000,force\n",
	    swiotlb_forced);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 512M }]\nbootargs: crashkernel=64M\n", crash_low);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 512M }]\nbootargs: crashkernel=64M@0x50000000\n",
	    crash_fixed);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 512M }]\nbootargs: crashkernel=1G\n",
	    crash_too_big);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 4G }]\n"
	    "bootargs: crashkernel=256M,high crashkernel=64M crashkernel=256M,low\n", crash_plain_wins);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 4G }]\nbootargs: crashkernel=256M,high\n",
	    crash_high);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 512M }]\nbootargs: crashkernel=384M-:128M\n",
	    crash_ranges);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 512M }]\nbootargs: swiotlb=64K,force\n",
	    swiotlb_suffix);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 128G }]\n", hash_128g);
}

/* ---- per-cpu, temporaries, deferred init ------------------------------------ */

static void percpu_4(const struct mx_layout *L)
{
	const struct mx_item *t = tu_item(L, "scratch");

	assert_int_equal(tu_bytes_of(L, "unit"), 4 * 40 * K);
	/* the temporary was placed (it moved what came after it) and then freed */
	assert_true(t->flags & MX_IF_FREED);
	assert_false(mx_rangeset_overlaps(&L->reserved, t->base, t->size));
}

static void deferred(const struct mx_layout *L)
{
	/* only the first 128 MiB section is initialised before mem_init: available counts
	 * the free pages below 0x48000000 (all but the 16 MiB kernel), totalram all of them */
	assert_int_equal(tu_k(L, L->sum.available), 128 * K - 16 * K);
	assert_true(L->sum.reserved < 16 * K * 4);
}

static void percpu_and_deferred(void **state)
{
	(void)state;
	run("arch: arm64\nkernel: \"6.1\"\nkernel-image: { base: 0x40200000, size: 16M }\n"
	    "kernel-side: { cpus: 4 }\n",
	    "memory: [{ base: 0x40000000, size: 512M }]\n"
	    "early-allocations:\n"
	    "  - { name: scratch, phase: start-kernel, size: 4K, align: 4K, temporary: true }\n"
	    "  - { name: unit, phase: start-kernel, size: 40K, align: 4K, per-cpu: true }\n", percpu_4);
	run(arm64_head, "memory: [{ base: 0x40000000, size: 512M }]\n", deferred);
}

/* ---- 32-bit ARM page tables ------------------------------------------------- */

static const char arm_head[] =
	"arch: arm\nkernel: \"6.1\"\nstruct-page: 36\nmax-order: 11\npageblock-order: 9\n"
	"kernel-image: { base: 0x40400000, size: 16M }\ncma-size: 0\n"
	"kernel-side: { lpae: true, zone-dma: true }\n";

static void arm_tables(const struct mx_layout *L)
{
	/* map_lowmem: the no-map edge at 0x55b00000 leaves one 2 MiB block partly mapped */
	assert_int_equal(tu_count_of(L, "lowmem PTE table"), 1);
	/* it is taken below the PMD-rounded memblock limit */
	assert_true(tu_item(L, "lowmem PTE table")->base < 0x55a00000);
	/* the 8 MiB CMA pool in lowmem is remapped with pages: 4 PTE tables and a static_vm */
	assert_int_equal(tu_count_of(L, "CMA remap PTE table"), 4);
	assert_int_equal(tu_bytes_of(L, "static_vm (CMA remap)"), 48);
	/* arm's for_each_mem_range() skips the NOMAP region: two 40-byte LPAE resources */
	assert_int_equal(tu_count_of(L, "standard resource"), 2);
	assert_int_equal(tu_bytes_of(L, "standard resource"), 2 * 40);
	assert_string_equal(L->zones[0].name, "DMA");
}

static void arm_first_block(const struct mx_layout *L)
{
	/* no-map [0x40000000, +1M): the first mappable block starts off a PMD, so the
	 * rest of that PMD is NOMAP too (adjust_lowmem_bounds()) */
	assert_int_equal(mx_rangeset_bytes_in(&L->nomap, 0x40000000, 2 * M), 2 * M);
	assert_true(tu_log_has(L, "[0x40100000-0x40200000) marked NOMAP"));
}

static void arm_crash(const struct mx_layout *L)
{
	const struct mx_item *it = tu_item(L, "crashkernel");

	/* 128 MiB-aligned, in lowmem, below the top; the arm message */
	assert_int_equal(it->base % (128 * M), 0);
	assert_true(it->base + it->size <= 0x70000000ULL);
	assert_true(tu_log_has(L, "Reserving 64MB of memory at"));
}

static void arm_models(void **state)
{
	(void)state;
	run(arm_head, "memory: [{ base: 0x40000000, size: 1G }]\n"
	    "reserved-memory:\n"
	    "  - { name: fw@55b00000, reg: { base: 0x55b00000, size: 13M }, no-map: true }\n"
	    "  - { name: venus, size: 8M, alignment: 4M, reusable: true, compatible: shared-dma-pool,\n"
	    "      alloc-ranges: { base: 0x50000000, size: 256M } }\n", arm_tables);
	run(arm_head, "memory: [{ base: 0x40000000, size: 1G }]\n"
	    "reserved-memory: [{ name: fw@40000000, reg: { base: 0x40000000, size: 1M }, no-map: true }]\n",
	    arm_first_block);
	run(arm_head, "memory: [{ base: 0x40000000, size: 1G }]\nbootargs: crashkernel=64M\n", arm_crash);
}

/* ---- the kernel-side: section round-trips ---------------------------------- */

static void kside_roundtrip(void **state)
{
	struct mx_profile p, q;
	struct mx_buf b;

	(void)state;
	tu_load_ok(&p, "arch: arm\nkernel: \"6.1\"\nmemory: [{ base: 0x40000000, size: 1G }]\n"
		   "kernel-side: { cpus: 4, page-extension: true, deferred-struct-page-init: true, lpae: true,\n"
		   "  zone-dma: true, linear-map: blocks, log-buf: 256K, unflattened-dt: 1234,\n"
		   "  device-tree: { nodes: 3, properties: 4, unnamed: 2, names4: 12, names8: 24,\n"
		   "                 chosen-bootargs: true } }\n"
		   "early-allocations: [{ name: u, size: 4K, per-cpu: true, temporary: true, phase: bootmem }]\n");
	mx_buf_init(&b);
	assert_int_equal(mx_profile_write_yaml(&p, &b), 0);
	tu_load_ok(&q, b.buf);
	assert_true(mx_profile_equal(&p, &q));
	assert_true(q.kside.present && q.kside.lpae && q.kside.zone_dma && q.kside.linear_map_blocks);
	assert_int_equal(q.kside.cpus, 4);
	assert_int_equal(q.kside.dt.names8, 24);
	assert_true(q.early[0].per_cpu && q.early[0].temporary);
	assert_int_equal(q.early[0].phase, MX_PHASE_BOOTMEM);
	mx_buf_release(&b);
	mx_profile_release(&q);
	mx_profile_release(&p);
}

/* Without kernel-side: no model runs (a 6.1 profile of the old kind stays as it was). */
static void no_kside_no_models(const struct mx_layout *L)
{
	assert_int_equal(tu_count_of(L, "linear-map page tables"), 0);
	assert_int_equal(tu_count_of(L, "Dentry cache"), 0);
	assert_int_equal(tu_count_of(L, "saved_command_line"), 0);
}

static void models_need_kside(void **state)
{
	(void)state;
	run("arch: arm64\nkernel: \"6.1\"\n", "memory: [{ base: 0x40000000, size: 512M }]\n",
	    no_kside_no_models);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(linear_map),
		cmocka_unit_test(device_tree),
		cmocka_unit_test(boot_options),
		cmocka_unit_test(percpu_and_deferred),
		cmocka_unit_test(arm_models),
		cmocka_unit_test(kside_roundtrip),
		cmocka_unit_test(models_need_kside),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
