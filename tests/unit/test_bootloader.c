/*
 * test_bootloader.c - the boot-loader rules (U-Boot booti/bootz, bootefi and
 * the arm64 EFI stub) on layouts no oracle boot has: the figures are worked
 * out by hand from U-Boot 2023.01's and Linux 6.1's code in each comment.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memx/compare.h"
#include "memx/dt.h"
#include "memx/ubootlog.h"
#include "engine_internal.h"
#include "testutil.h"

/* arm64, 6 GiB at 1 GiB (U-Boot's top is above 4 GiB), U-Boot's own 32 MiB */
#define A64 "arch: arm64\nkernel: \"6.1\"\nmemory: [{ base: 0x40000000, size: 6G }]\n" \
	    "kernel-image: { size: 0x1ffb000 }\ninitrd: { size: 0x100005 }\n"
#define UB64 "boot-loader: { type: u-boot, version: \"2023.01\", kernel-addr-r: 0x40400000, " \
	     "ramdisk-addr-r: 0x44000000, fdt-addr-r: 0x40000000, dtb-file: 5000, lmb-top: [32M], " \
	     "image-size: 0x2010000, stext-offset: 0x10000, "

static void boot_of(struct mxi_boot *B, struct mx_profile *p, const char *yaml)
{
	tu_load_ok(p, yaml);
	mxi_boot_run(B, p, p->arch);
}

/*
 * boot_ramdisk_high(): "0xffffffff" is hextoul() 0xffffffff, not ~0UL on a
 * 64-bit U-Boot: lmb_alloc_base(len, 4K, 0xffffffff) - the end may not pass
 * it, so with RAM (and U-Boot) above 4 GiB the initrd goes just below 4 GiB;
 * 0xffffffffffffffff is ~0UL: in place; unset: below bootm_low + mapsize,
 * under U-Boot at the top; 0: lmb_alloc(), the top as well.
 */
static void initrd_high_64bit(void **state)
{
	struct mx_profile p;
	struct mxi_boot B;

	(void)state;
	boot_of(&B, &p, A64 UB64 "initrd-high: 0xffffffff, fdt-high: 0xffffffff }\n");
	assert_true(B.has_initrd && !B.refused);
	assert_int_equal(B.ram_top, 0x1c0000000ULL);
	/* align_down(0xffffffff - 0x100005, 4K) */
	assert_int_equal(B.initrd_base, 0xffeff000ULL);
	/* the tree (5000 + 0x3000 = 0x4388) below it: align_down(0xffeff000 - 0x4388, 4K) */
	assert_int_equal(B.fdt_base, 0xffefa000ULL);
	mx_profile_release(&p);

	boot_of(&B, &p, A64 UB64 "initrd-high: 0xffffffffffffffff, fdt-high: 0xffffffffffffffff }\n");
	assert_int_equal(B.initrd_base, 0x44000000ULL);
	assert_int_equal(B.fdt_base, 0x40000000ULL);
	mx_profile_release(&p);

	/* unset: below the end of the first bank, under U-Boot's 32 MiB */
	boot_of(&B, &p, A64 UB64 "fdt-high: 0xffffffff }\n");
	assert_int_equal(B.initrd_base, (0x1c0000000ULL - (32ULL << 20) - 0x100005) & ~0xfffULL);
	mx_profile_release(&p);

	/* 0: lmb_alloc(), anywhere: the top too */
	boot_of(&B, &p, A64 UB64 "initrd-high: 0 }\n");
	assert_int_equal(B.initrd_base, (0x1c0000000ULL - (32ULL << 20) - 0x100005) & ~0xfffULL);
	/* fdt_high unset: per bank below start + min(size, mapsize): under the initrd */
	assert_int_equal(B.fdt_base, (B.initrd_base - 0x4388) & ~0xfffULL);
	mx_profile_release(&p);

	/* a limit of 1.25 GiB */
	boot_of(&B, &p, A64 UB64 "initrd-high: 0x50000000 }\n");
	assert_int_equal(B.initrd_base, (0x50000000ULL - 0x100005) & ~0xfffULL);
	mx_profile_release(&p);
}

/* On a 32-bit U-Boot "0xffffffff" is ~0UL, and so is a 64-bit all-ones string (hextoul() wraps). */
static void initrd_high_32bit(void **state)
{
	static const char *const ones[] = { "0xffffffff", "0xffffffffffffffff" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		char y[1024];
		struct mx_profile p;
		struct mxi_boot B;

		snprintf(y, sizeof(y), "arch: arm\nkernel: \"6.1\"\nmemory: [{ base: 0x80000000, size: 1G }]\n"
			 "kernel-image: { base: 0x80008000, size: 8M }\ninitrd: { size: 3000 }\n"
			 "boot-loader: { type: u-boot, kernel-addr-r: 0x82000000, ramdisk-addr-r: 0x88000000, "
			 "fdt-addr-r: 0x83000000, dtb-file: 3000, image-size: 5M, initrd-high: %s, fdt-high: %s }\n",
			 ones[i], ones[i]);
		boot_of(&B, &p, y);
		assert_int_equal(B.bits, 32);
		assert_int_equal(B.initrd_base, 0x88000000ULL);
		assert_int_equal(B.fdt_base, 0x83000000ULL);
		/* bootz leaves the kernel to its decompressor: the profile's */
		assert_false(B.has_kernel);
		assert_int_equal(B.os_base, 0x82000000ULL);
		assert_int_equal(B.os_size, 5ULL << 20);
		mx_profile_release(&p);
	}
}

/*
 * The ramdisk is placed before any region of the tree is in U-Boot's LMB
 * (BOOTM_STATE_RAMDISK, then image_setup_linux()): a carve-out just below
 * U-Boot gets the initrd on top of it; then U-Boot's LMB refuses the
 * carve-out, which overlaps the ramdisk ("ERROR: reserving fdt memory
 * region failed"), and the tree goes on it as well, under the ramdisk.
 * arm64_memblock_init() reserves the initrd first, so the kernel refuses
 * the no-map carve-out.
 */
static void ramdisk_before_regions(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const struct mx_item *fdt;

	(void)state;
	tu_load_ok(&p, "arch: arm64\nkernel: \"6.1\"\nmemory: [{ base: 0x40000000, size: 512M }]\n"
		   "kernel-image: { size: 0x1ffb000 }\ninitrd: { size: 0x100005 }\n"
		   UB64 "initrd-high: 0xffffffff, fdt-high: 0xffffffff }\n"
		   "reserved-memory:\n  - { name: fw, no-map: true, reg: { base: 0x5d000000, size: 0x1000000 } }\n");
	mx_layout_init(&L);
	tu_compute(&L, &p);
	/* U-Boot from 0x5e000000: align_down(0x5e000000 - 0x100005, 4K) = 0x5deff000, inside fw */
	assert_int_equal(L.params.initrd_base, 0x5deff000ULL);
	assert_true(tu_has_diag(&L, "nomap-refused", 0));
	assert_true(tu_has_diag(&L, "lmb-lost", -1));
	/* the tree: align_down(0x5deff000 - 0x4388, 4K), fw is not in the LMB */
	fdt = tu_item(&L, "device tree blob");
	assert_non_null(fdt);
	assert_int_equal(fdt->base, 0x5defa000ULL);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/*
 * fdt_shrink_to_minimum(): ALIGN(content + 5 x 16 + (blob & 0xfff), 4K) -
 * (blob & 0xfff), + FDT_RAMDISK_OVERHEAD with an initrd. With the facts
 * below the fixups add bootargs "console=ttyS0" (12 + 16 + "bootargs" 9)
 * and u-boot,version "2023.01" (12 + 8 + 15): content = packed + 72.
 */
static void tree_size_rule(void **state)
{
	static const struct {
		unsigned packed;
		const char *initrd;
		const char *where;
		uint64_t size;
	} cases[] = {
		{ 3944, "initrd: { size: 4096 }\n", "", 4096 + 0x80 },   /* 4016 + 80 = 4096: one page */
		{ 3946, "initrd: { size: 4096 }\n", "", 8192 + 0x80 },   /* 4018 + 80: two */
		{ 3946, "", "", 8192 },                                  /* no initrd: no 0x80 */
		/* in place at 0x40000800: ALIGN(4018 + 80 + 0x800, 4K) - 0x800 */
		{ 3946, "initrd: { size: 4096 }\n", "fdt-high: 0xffffffffffffffff, fdt-addr-r: 0x40000800, ", 6144 + 0x80 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char y[2048];
		struct mx_profile p;
		struct mxi_boot B;

		snprintf(y, sizeof(y), "arch: arm64\nkernel: \"6.1\"\nmemory: [{ base: 0x40000000, size: 512M }]\n"
			 "kernel-image: { size: 4M }\nbootargs: \"console=ttyS0\"\n%s"
			 "boot-loader: { type: u-boot, version: \"2023.01\", ramdisk-addr-r: 0x44000000, %s"
			 "dtb-file: 5000, tree: { packed: %u, chosen: true, memory: true, device-type: 7, "
			 "memory-reg: 16, memory-banks: 1, strings: [device_type, reg] } }\n",
			 cases[i].initrd, cases[i].where, cases[i].packed);
		boot_of(&B, &p, y);
		assert_int_equal(B.content, cases[i].packed + 72);
		assert_int_equal(B.fdt_size, cases[i].size);
		mx_profile_release(&p);
	}
}

static bool have_dtc(void)
{
	return system("dtc --version > /dev/null 2>&1") == 0;
}

/*
 * The facts of a tree file (dt_loader.c) and what U-Boot makes of them:
 * /chosen without bootargs but with "bootargs" in the strings block (a
 * property of another node has that name), no memory node at all (U-Boot
 * adds one: 16 bytes, device_type 12 + 8 + "device_type" 12, reg 12 + 16 +
 * "reg" 4), and one /memreserve/ (16 bytes packed).
 */
static void tree_facts_from_a_file(void **state)
{
	const char *dts = "/dts-v1/;\n/memreserve/ 0x48000000 0x1000;\n/ {\n #address-cells = <2>;\n"
			  " #size-cells = <2>;\n chosen { };\n other { bootargs = \"x\"; };\n};\n";
	char dir[] = "/tmp/memx-bl-XXXXXX", path[64];
	struct mx_profile base, p;
	struct mx_import_opts o = { 0 };
	struct mx_diaglist d;
	struct mxi_boot B;
	int fd;

	(void)state;
	if (!have_dtc()) {
		print_message("SKIPPED: dtc is not installed; the tree facts are untested here\n");
		return;
	}
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.dts", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, dts, strlen(dts)), (ssize_t)strlen(dts));
	close(fd);
	tu_load_ok(&base, "arch: arm64\nkernel: \"6.1\"\nmemory: [{ base: 0x40000000, size: 512M }]\n"
		   "kernel-image: { size: 4M }\nbootargs: \"console=ttyS0\"\n"
		   "boot-loader: { type: u-boot, version: \"2023.01\", dram: [[0x40000000, 512M]], "
		   "fdt-high: 0xffffffffffffffff, fdt-addr-r: 0x40000000 }\n");
	o.base = &base;
	mx_diaglist_init(&d);
	mx_profile_init(&p);
	assert_int_equal(mx_profile_load_file(&p, path, &o, &d), 0);
	unlink(path);
	rmdir(dir);
	assert_true(p.boot.tree.known);
	assert_true(p.boot.tree.chosen);
	assert_false(p.boot.tree.memory);
	assert_int_equal(p.boot.tree.bootargs, -1);
	assert_true(p.boot.tree.strings & MX_DTS_BOOTARGS);
	assert_false(p.boot.tree.strings & MX_DTS_REG);
	/* the header 40, two reservation entries, then struct and strings as dtc wrote them */
	assert_int_equal(p.boot.tree.packed, p.boot.dtb_file);
	mxi_boot_run(&B, &p, p.arch);
	/* bootargs 12 + 16 (its name is there), u-boot,version 12 + 8 + 15, memory 16 + 32 + 32 */
	assert_int_equal(B.content, p.boot.tree.packed + 28 + 35 + 16 + 32 + 32);
	mx_diaglist_release(&d);
	mx_profile_release(&p);
	mx_profile_release(&base);
}

/*
 * fdt_fixup_memory_banks(): U-Boot's banks replace the first memory node's
 * (here the first bank of the profile); the other memory node stays.
 */
static void dram_rewrite(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	tu_load_ok(&p, "arch: arm64\nkernel: \"6.1\"\nmemory: [{ base: 0x40000000, size: 256M }, "
		   "{ base: 0x100000000, size: 1G }]\nkernel-image: { size: 4M }\n"
		   "boot-loader: { type: u-boot, dram: [[0x40000000, 1G]], dtb-file: 4000, "
		   "tree: { packed: 4000, chosen: true, memory: true, device-type: 7, memory-reg: 16, "
		   "memory-banks: 1, strings: [device_type, reg] } }\n");
	mx_layout_init(&L);
	tu_compute(&L, &p);
	assert_int_equal(L.memory.cnt, 2);
	assert_int_equal(L.memory.r[0].base, 0x40000000ULL);
	assert_int_equal(L.memory.r[0].size, 1ULL << 30);
	assert_int_equal(L.memory.r[1].base, 0x100000000ULL);
	assert_true(tu_log_has(&L, "fdt_fixup_memory_banks"));
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/*
 * lmb_add_region_flags(): neighbours coalesce only with equal flags. Four
 * adjacent regions alternating no-map take four slots and, with U-Boot
 * (2), the kernel and the ramdisk, fill a table of 8 before the tree; the
 * same four without no-map are one slot and the boot goes on.
 */
static void lmb_flags(void **state)
{
	static const char *const mid[] = { "no-map: true, ", "" };
	char y[2048];

	(void)state;
	for (int k = 0; k < 2; k++) {
		struct mx_profile p;
		struct mxi_boot B;

		snprintf(y, sizeof(y), "arch: arm64\nkernel: \"6.1\"\nmemory: [{ base: 0x40000000, size: 1G }]\n"
			 "kernel-image: { size: 0x1ffb000 }\ninitrd: { size: 0xf105c }\n"
			 "boot-loader: { type: u-boot, kernel-addr-r: 0x40400000, ramdisk-addr-r: 0x44000000, "
			 "dtb-file: 5000, image-size: 0x2010000, initrd-high: 0xffffffff, fdt-high: 0xffffffff, "
			 "lmb-top: [0x2255000, 0x124f530] }\n"
			 "reserved-memory:\n"
			 "  - { name: a, no-map: true, reg: { base: 0x50000000, size: 1M } }\n"
			 "  - { name: b, %sreg: { base: 0x50100000, size: 1M } }\n"
			 "  - { name: c, no-map: true, reg: { base: 0x50200000, size: 1M } }\n"
			 "  - { name: d, %sreg: { base: 0x50300000, size: 1M } }\n", mid[k], mid[k]);
		boot_of(&B, &p, y);
		if (k == 1) {
			/* alternating: a b c d in four slots, 8 in all: no slot for the tree */
			assert_true(B.refused);
			assert_int_equal(B.refusal_check, MX_CHECK_LOADER_LMB);
			assert_int_equal(B.nlmb, 8);
		} else {
			assert_false(B.refused);
			assert_int_equal(B.nlmb, 6); /* the tree's own slot too: 2 + 1 + 1 + 1 + 1 */
		}
		mx_profile_release(&p);
	}
}

/* booti_setup(): an Image off a 2 MiB boundary runs at the next one ("Moving Image from ..."). */
static void booti_alignment(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	tu_load_ok(&p, "arch: arm64\nkernel: \"6.1\"\nmemory: [{ base: 0x40000000, size: 512M }]\n"
		   "kernel-image: { size: 0x1ffb000 }\n"
		   "boot-loader: { type: u-boot, kernel-addr-r: 0x40480000, image-size: 0x2010000, "
		   "stext-offset: 0x10000 }\n");
	mx_layout_init(&L);
	tu_compute(&L, &p);
	assert_int_equal(L.params.kernel_base, 0x40610000ULL);
	assert_true(L.params.placed_by & MX_PLACED_KERNEL);
	assert_true(tu_log_has(&L, "Moving Image"));
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* arm64 6G board through UEFI with a /memreserve/ and nokaslr */
#define UEFI "arch: arm64\nkernel: \"6.1\"\nmemory: [{ base: 0x80000000, size: 1G }]\n" \
	     "kernel-image: { size: 0x1ffb000 }\ninitrd: { size: 0x200001 }\n" \
	     "memreserve: [{ base: 0x90000000, size: 64K }]\n" \
	     "boot-loader: { type: uefi, version: \"2023.01\", image-size: 0x2010000, stext-offset: 0x10000, " \
	     "efi-top: 0x2200000, runtime: [[0x100000, 64K]], dtb-file: 6000 }\n"

/*
 * efi_load_pe(): SizeOfImage + 15 slack pages at the top of conventional
 * memory (RAM end 0xc0000000 - efi-top 0x2200000 = 0xbde00000), aligned up
 * to 64 KiB: 0xbde00000 - 0x201f000 = 0xbbde1000 -> 0xbbdf0000, the head
 * freed, no tail. The stub keeps it (64K-aligned, no RNG), unless nokaslr
 * asks for 2 MiB. Its command-line pool takes the page under the kernel
 * (0xbbdef000), the initrd (2 MiB + 1: 0x210000 + 15 pages) goes under it:
 * 0xbbdef000 - 0x21f000 = 0xbbbd0000, 64K-aligned already, its 15 slack
 * pages freed above it; the initrd table and MEMRESERVE pools take two of
 * those; the 2 MiB tree: 0xbbbd0000 - 0x20f000 = 0xbb9c1000 -> 0xbb9d0000.
 * U-Boot's copy of the tree: RAM + 127 MiB.
 */
static void uefi_placements(void **state)
{
	struct mx_profile p;
	struct mxi_boot B;
	struct mx_layout L;
	const struct mx_item *it;

	(void)state;
	boot_of(&B, &p, UEFI);
	assert_int_equal(B.kernel_text, 0xbbdf0000ULL);
	assert_int_equal(B.initrd_base, 0xbbbd0000ULL);
	assert_int_equal(B.efi_memreserve, 0xbbded000ULL + 0x40);
	assert_int_equal(B.fdt_base, 0xbb9d0000ULL);
	/* ceil((6000 + 0x3000) / 4K) = 5 pages ending at 0x80000000 + 127M + 20K */
	assert_int_equal(B.efi_copy, 0x87f00000ULL);
	assert_int_equal(B.efi_copy_size, 5 * 4096);
	/* the stub's copy: the /memreserve/ deleted (-16), six linux,uefi-* properties (104 + 141) */
	assert_int_equal(B.fdt_size, B.content - 16 + 104 + 141);
	mx_profile_release(&p);

	tu_load_ok(&p, UEFI "bootargs: \"nokaslr\"\n");
	mxi_boot_run(&B, &p, p.arch);
	assert_int_equal(B.kernel_text & ((2ULL << 20) - 1), 0);
	mx_layout_init(&L);
	tu_compute(&L, &p);
	assert_int_equal(L.params.kernel_base, B.kernel_text + 0x10000);
	/* the /memreserve/ is EFI_RESERVED: no-map, not a reservation; the runtime region too */
	it = tu_item(&L, "/memreserve/ (EFI_RESERVED)");
	assert_non_null(it);
	assert_true(it->flags & MX_IF_NOMAP);
	assert_true(mx_rangeset_contains(&L.nomap, 0x90000000ULL, 64 << 10));
	assert_true(mx_rangeset_contains(&L.nomap, 0xc0000000ULL - 0x100000, 64 << 10));
	assert_false(mx_rangeset_overlaps(&L.reserved, 0x90000000ULL, 64 << 10));
	/* U-Boot's copy of the tree stays reserved */
	assert_true(mx_rangeset_contains(&L.reserved, 0x87f00000ULL, 5 * 4096));
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* /chosen as the kernel unflattens it: U-Boot adds u-boot,version; the stub six linux,uefi-*, no initrd props. */
static void chosen_props(void **state)
{
	static const struct {
		const char *loader;
		unsigned added;
	} cases[] = {
		{ "boot-loader: { type: qemu }\n", 3 },                       /* bootargs, initrd x2 */
		{ "boot-loader: { type: u-boot, version: \"v\", ramdisk-addr-r: 0x44000000, "
		  "initrd-high: 0xffffffffffffffff }\n", 4 },                /* + u-boot,version */
		{ "boot-loader: { type: uefi, version: \"v\", efi-top: 32M, image-size: 0x2010000 }\n", 8 },
	};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		char y[1024];
		struct mx_profile p;
		struct mx_layout L;
		struct mx_ctx c;

		snprintf(y, sizeof(y), "arch: arm64\nkernel: \"6.1\"\nmemory: [{ base: 0x40000000, size: 512M }]\n"
			 "kernel-image: { size: 0x1ffb000 }\ninitrd: { size: 4096 }\nbootargs: \"x\"\n%s",
			 cases[i].loader);
		tu_load_ok(&p, y);
		mx_layout_init(&L);
		tu_compute(&L, &p);
		memset(&c, 0, sizeof(c));
		c.p = &p;
		c.L = &L;
		mxi_boot_run(&c.boot, &p, p.arch);
		assert_int_equal(mxi_bootloader_dt_props(&c), cases[i].added);
		mx_layout_release(&L);
		mx_profile_release(&p);
	}
}

/* Every key written loads back into an equal profile; bad values are errors at their line. */
static void yaml_round_trip(void **state)
{
	static const char *const bad[] = {
		"boot-loader: { type: coreboot }\n", "boot-loader: { type: u-boot, bits: 48 }\n",
		"boot-loader: { type: u-boot, fdt-high: maybe }\n",
		"boot-loader: { type: u-boot, lmb-max-regions: 100000 }\n",
		"boot-loader: { type: u-boot, version: \"0123456789012345678901234567890123456789012345678901234567890123456789\" }\n",
		"boot-loader: { type: u-boot, tree: { strings: [nope] } }\n",
		"boot-loader: { type: u-boot, lmb-top: [1, 2, 3, 4, 5] }\n",
	};
	struct mx_profile p, q;
	struct mx_buf b;
	struct mx_diaglist d;

	(void)state;
	tu_load_ok(&p, A64 "boot-loader: { type: u-boot, version: \"2023.01+x\", bits: 64, fdt-high: 0xffffffff, "
		   "initrd-high: unset, kernel-addr-r: 0x40400000, ramdisk-addr-r: 0x44000000, "
		   "fdt-addr-r: 0x40000000, dram: [[0x40000000, 6G]], lmb-top: [0x2255000, 0x124f530], "
		   "lmb-max-regions: 8, fdt-pad: 0x3000, image-size: 0x2010000, text-offset: 0x80000, "
		   "stext-offset: 0x10000, efi-top: 0x2263000, runtime: [[0x110000, 64K]], dtb-file: 7418, "
		   "tree: { packed: 7418, chosen: true, memory: false, bootargs: 12, u-boot-version: absent, "
		   "initrd-start: 8, initrd-end: 8, device-type: absent, memory-reg: absent, memory-banks: 0, "
		   "strings: [bootargs, \"linux,uefi-secure-boot\"] } }\n");
	mx_buf_init(&b);
	assert_int_equal(mx_profile_write_yaml(&p, &b), 0);
	mx_diaglist_init(&d);
	mx_profile_init(&q);
	assert_int_equal(mx_profile_load_yaml(&q, b.buf, b.len, "w.yaml", &d), 0);
	assert_true(mx_profile_equal(&p, &q));
	assert_true(mx_bootloader_equal(&p.boot, &q.boot));
	q.boot.initrd_high.set = true;
	assert_false(mx_bootloader_equal(&p.boot, &q.boot));
	mx_profile_release(&q);
	mx_diaglist_release(&d);
	mx_buf_release(&b);
	mx_profile_release(&p);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char y[1024];

		snprintf(y, sizeof(y), A64 "%s", bad[i]);
		mx_diaglist_init(&d);
		assert_int_equal(tu_load_text(&p, y, &d), MX_EPARSE);
		assert_true(d.cnt >= 1);
		assert_int_equal(d.d[0].line, 6);
		mx_diaglist_release(&d);
		mx_profile_release(&p);
	}
}

/* A console log with two runs (the first reset), CRLF, escapes and bdinfo. */
static const char ulog[] =
	"U-Boot 2023.01-x (Jan 1 2026)\r\n"
	"fdt_high=0x90000000\r\n"
	"   Loading Ramdisk to 7dcb9000, end 7ddaa05c ... OK\r\n"
	"ERROR: Failed to allocate 0x507a bytes below 0xffffffff.\r\n"
	"Failed using fdt_high value for Device TreeFDT creation failed! resetting ...\r\n"
	"\r\n"
	"U-Boot 2023.01-y (Jan 1 2026 - 00:00:00 +0000)\r\n"
	"DRAM:  1 GiB\r\n"
	"fdt_high=0xffffffffffffffff\r\n"
	"initrd_high=0xffffffff\r\n"
	"kernel_addr_r=0x40400000\r\n"
	"ramdisk_addr_r=44000000\r\n"
	"DRAM bank   = 0x0000000000000000\r\n"
	"-> start    = 0x0000000040000000\r\n"
	"-> size     = 0x0000000040000000\r\n"
	"relocaddr   = 0x000000007fef7000\r\n"
	"Build       = 64-bit\r\n"
	" reserved[0]\t[0x7ddab000-0x7fffffff], 0x02255000 bytes flags: 0\r\n"
	" reserved[1]\t[0x7edb0ad0-0x7fffffff], 0x0124f530 bytes flags: 0\r\n"
	"## Flattened Device Tree blob at 48200000\r\n"
	"   Loading Ramdisk to 7dcb9000, end 7ddaa05c ... OK\r\n"
	"   Using Device Tree in place at 0000000048200000, end 0000000048204cf9\r\n"
	"\x1b[r\x1b[999;999HStarting kernel ...\r\n";

static void uboot_log(void **state)
{
	struct mx_ubootlog u;

	(void)state;
	mx_ubootlog_init(&u);
	assert_int_equal(mx_ubootlog_parse(&u, ulog, sizeof(ulog) - 1, "u.log"), 0);
	assert_true(mx_ubootlog_usable(&u));
	assert_int_equal(u.runs, 2);
	assert_int_equal(u.run_line, 7);
	assert_string_equal(u.version, "2023.01-y");
	assert_int_equal(u.bits, 64);
	assert_true(u.fdt_high.set);
	assert_int_equal(u.fdt_high.v, UINT64_MAX);
	assert_int_equal(u.fdt_high_line, 9);
	assert_int_equal(u.initrd_high.v, 0xffffffffULL);
	assert_int_equal(u.ramdisk_addr_r.v, 0x44000000ULL);
	assert_int_equal(u.ndram, 1);
	assert_int_equal(u.dram[0].size, 1ULL << 30);
	assert_int_equal(u.nlmb, 2);
	assert_int_equal(u.lmb[0].size, 0x2255000ULL);
	assert_true(u.fdt_given.has);
	assert_int_equal(u.fdt_given.base, 0x48200000ULL);
	assert_true(u.fdt.has && u.fdt_in_place);
	assert_int_equal(u.fdt.end - u.fdt.base, 0x4cfaULL);
	assert_int_equal(u.ramdisk.base, 0x7dcb9000ULL);
	assert_int_equal(u.ramdisk.end - u.ramdisk.base, 0xf105cULL);
	assert_true(u.started); /* behind the console's escapes */
	assert_string_equal(u.failure, "");
	/* the note says which run */
	assert_int_equal(u.diags.cnt, 1);
	assert_int_equal(u.diags.d[0].sev, MX_SEV_NOTE);
	mx_ubootlog_release(&u);

	/* the run that failed, alone */
	assert_int_equal(mx_ubootlog_parse(&u, ulog, (size_t)(strstr(ulog, "\r\n\r\n") + 4 - ulog), "u.log"), 0);
	assert_string_equal(u.version, "2023.01-x");
	assert_non_null(strstr(u.failure, "Failed to allocate 0x507a"));
	assert_int_equal(u.failure_line, 4);
	mx_ubootlog_release(&u);

	/* not a U-Boot log at all: one error */
	assert_int_equal(mx_ubootlog_parse(&u, "hello\nworld\n", 12, "x.log"), 0);
	assert_false(mx_ubootlog_usable(&u));
	assert_int_equal(u.diags.cnt, 1);
	assert_int_equal(u.diags.d[0].sev, MX_SEV_ERROR);
	mx_ubootlog_release(&u);
	assert_int_equal(mx_ubootlog_parse(&u, NULL, 0, NULL), 0);
	mx_ubootlog_release(&u);
}

/*
 * compare takes U-Boot's settings from its log, and the placements the
 * kernel log shows, each with a note; the same settings again take nothing.
 * The boot: booti with everything in place at QEMU's addresses.
 */
static void adopt_loader(void **state)
{
	static const char klog[] =
		"[    0.000000] Linux version 6.1.0 (x) #1\n"
		"[    0.000000] Kernel command line: console=ttyS0\n"
		"[    0.000000] memblock_add: [0x0000000048000000-0x00000000480f1fff] arm64_memblock_init+0x14c/0x260\n"
		"[    0.000000] memblock_reserve: [0x0000000048000000-0x00000000480f1fff] arm64_memblock_init+0x164/0x260\n"
		"[    0.000000] memblock_reserve: [0x0000000040210000-0x000000004220ffff] arm64_memblock_init+0x1f0/0x260\n"
		"[    0.000000] memblock_reserve: [0x0000000048000000-0x00000000480f105b] early_init_fdt_scan_reserved_mem+0x78/0x3c0\n"
		"[    0.000000] Memory: 98324K/524288K available (13248K kernel code, 2806K rwdata, 9524K rodata, "
		"6464K init, 627K bss, 44044K reserved, 65536K cma-reserved)\n";
	static const char ub[] =
		"U-Boot 2023.01-y (Jan 1 2026)\n"
		"fdt_high=0xffffffffffffffff\ninitrd_high=0xffffffffffffffff\n"
		"DRAM bank   = 0x0000000000000000\n-> start    = 0x0000000040000000\n"
		"-> size     = 0x0000000020000000\nBuild       = 64-bit\n"
		" reserved[0]\t[0x5ddab000-0x5fffffff], 0x02255000 bytes flags: 0\n"
		"## Flattened Device Tree blob at 48200000\n"
		"   Using Device Tree in place at 0000000048200000, end 0000000048204cf9\n"
		"Starting kernel ...\n";
	struct mx_profile p;
	struct mx_bootlog b;
	struct mx_ubootlog u;
	struct mx_diaglist notes;
	size_t placements = 0, settings = 0, calibration = 0;

	(void)state;
	tu_load_ok(&p, "arch: arm64\nkernel: \"6.1\"\nmemory: [{ base: 0x40000000, size: 512M }]\n"
		   "kernel-image: { size: 0x1ffb000 }\ninitrd: { size: 987228 }\n"
		   "boot-loader: { type: u-boot, version: \"2023.01\", kernel-addr-r: 0x40400000, "
		   "ramdisk-addr-r: 0x44000000, fdt-addr-r: 0x40000000, initrd-high: 0xffffffff, "
		   "fdt-high: 0xffffffff, image-size: 0x2010000, stext-offset: 0x10000, dtb-file: 7418 }\n");
	mx_bootlog_init(&b);
	mx_ubootlog_init(&u);
	mx_diaglist_init(&notes);
	assert_int_equal(mx_bootlog_parse(&b, klog, sizeof(klog) - 1, "k.log"), 0);
	assert_int_equal(mx_ubootlog_parse(&u, ub, sizeof(ub) - 1, "u.log"), 0);
	assert_true(mx_compare_adopt_boot(&p, &b, &u, MX_ADOPT_ALL, &notes) > 0);
	for (size_t i = 0; i < notes.cnt; i++) {
		const char *k = notes.d[i].check ? notes.d[i].check : "";

		placements += !strcmp(k, "boot-loader-placement");
		settings += !strcmp(k, "boot-loader");
		calibration += !strcmp(k, "boot-loader-calibration");
	}
	/* version, fdt_high, initrd_high, the tree's address (DRAM is the profile's memory already) */
	assert_int_equal(settings, 4);
	assert_string_equal(p.boot.version, "2023.01-y");
	assert_int_equal(p.boot.fdt_high.v, UINT64_MAX);
	assert_int_equal(p.boot.fdt_addr_r.v, 0x48200000ULL);
	assert_int_equal(p.boot.ndram, 0);
	assert_int_equal(calibration, 1);
	assert_int_equal(p.boot.nlmb_top, 1);
	assert_int_equal(p.boot.lmb_top[0], 0x2255000ULL);
	/* booti's addresses are not in U-Boot's log: the kernel log's _stext and U-Boot's /memreserve/ */
	assert_int_equal(placements, 2);
	assert_true(p.kernel_image.has_base);
	assert_int_equal(p.kernel_image.base, 0x40210000ULL);
	assert_true(p.initrd.has_base);
	assert_int_equal(p.initrd.base, 0x48000000ULL);
	assert_int_equal(p.initrd.size, 987228);
	/* again: nothing new */
	mx_diaglist_clear(&notes);
	assert_int_equal(mx_compare_adopt_boot(&p, &b, &u, MX_ADOPT_ALL, &notes), 0);
	mx_diaglist_release(&notes);
	mx_ubootlog_release(&u);
	mx_bootlog_release(&b);
	mx_profile_release(&p);
}

/*
 * The early-section check's cost is what the Memory line's available loses:
 * the same board with the initrd and the tree relocated to the top (above
 * the first 1 GiB section) and in place (inside it).
 */
static void early_section_cost(void **state)
{
	static const char *const env[] = { "initrd-high: 0xffffffff, fdt-high: 0xffffffff",
					   "initrd-high: 0xffffffffffffffff, fdt-high: 0xffffffffffffffff" };
	uint64_t avail[2];
	size_t warned[2];

	(void)state;
	for (int k = 0; k < 2; k++) {
		char y[2048];
		struct mx_profile p;
		struct mx_layout L;

		snprintf(y, sizeof(y), "arch: arm64\nkernel: \"6.1\"\nmemory: [{ base: 0x40000000, size: 2G }]\n"
			 "kernel-image: { size: 0x1ffb000 }\ninitrd: { size: 0x300001 }\n"
			 "kernel-side: { deferred-struct-page-init: true }\n"
			 UB64 "%s }\n", env[k]);
		tu_load_ok(&p, y);
		mx_layout_init(&L);
		tu_compute(&L, &p);
		avail[k] = tu_k(&L, L.sum.available);
		warned[k] = tu_count_diag(&L, "early-section");
		mx_layout_release(&L);
		mx_profile_release(&p);
	}
	assert_int_equal(warned[0], 0);
	assert_int_equal(warned[1], 2);
	/* the initrd's 769 pages (0x300001 bytes) and the tree's 3 (ALIGN(5072, 4K) + 0x80) */
	assert_int_equal(avail[0] - avail[1], (769 + 3) * 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(initrd_high_64bit),
		cmocka_unit_test(initrd_high_32bit),
		cmocka_unit_test(ramdisk_before_regions),
		cmocka_unit_test(tree_size_rule),
		cmocka_unit_test(tree_facts_from_a_file),
		cmocka_unit_test(dram_rewrite),
		cmocka_unit_test(lmb_flags),
		cmocka_unit_test(booti_alignment),
		cmocka_unit_test(uefi_placements),
		cmocka_unit_test(chosen_props),
		cmocka_unit_test(yaml_round_trip),
		cmocka_unit_test(uboot_log),
		cmocka_unit_test(adopt_loader),
		cmocka_unit_test(early_section_cost),
	};

	return tu_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
