/*
 * fuzz_ubootlog.c - libFuzzer target for the U-Boot console log reader
 *
 * Every input is a log. The reader never fails on content (only on
 * memory); what it returns holds together: places that do not end before
 * they start, bank and LMB counts within their arrays, a version string
 * that fits, a failure only with its line, at most one error and only for
 * an input with nothing U-Boot's in it. The same input read twice gives the
 * same record. The engine then replays U-Boot with the settings read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/layout.h"
#include "memx/ubootlog.h"
#include "fuzz_check.h"

#define MAX_INPUT (256 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void place(const struct mx_uboot_place *p)
{
	CHECK(!p->has || (p->end >= p->base && p->line > 0));
}

static void check(const struct mx_ubootlog *u)
{
	CHECK(u->ndram <= MX_LOADER_BANKS && u->nlmb <= 16);
	CHECK(memchr(u->version, 0, sizeof(u->version)));
	CHECK(memchr(u->failure, 0, sizeof(u->failure)));
	CHECK(!u->failure[0] || u->failure_line > 0);
	CHECK(u->bits == 0 || u->bits == 32 || u->bits == 64);
	place(&u->fdt_given);
	place(&u->zimage);
	place(&u->ramdisk);
	place(&u->fdt);
	if (mx_diaglist_count(&u->diags, MX_SEV_ERROR))
		CHECK(u->diags.cnt == 1 && !mx_ubootlog_usable(u));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mx_ubootlog a, b;
	struct mx_profile p;
	struct mx_layout L;

	if (size > MAX_INPUT)
		return 0;
	mx_ubootlog_init(&a);
	mx_ubootlog_init(&b);
	if (mx_ubootlog_parse(&a, (const char *)data, size, "fuzz.log"))
		return 0;
	check(&a);
	if (!mx_ubootlog_parse(&b, (const char *)data, size, "fuzz.log"))
		CHECK(a.runs == b.runs && a.run_line == b.run_line && a.ndram == b.ndram && a.nlmb == b.nlmb &&
		      a.diags.cnt == b.diags.cnt && !strcmp(a.version, b.version));
	/* what it read, replayed: a U-Boot with those settings on a small arm64 board */
	mx_profile_init(&p);
	p.arch = MX_ARCH_ARM64;
	p.memory = calloc(1, sizeof(*p.memory));
	if (p.memory) {
		p.nmemory = 1;
		p.memory[0].base = 0x40000000;
		p.memory[0].size = 512ULL << 20;
		p.kernel_image.size = 4 << 20;
		p.initrd.present = true;
		p.initrd.size = a.ramdisk.has ? a.ramdisk.end - a.ramdisk.base : 4096;
		p.boot.type = MX_LOADER_UBOOT;
		p.boot.dtb_file = a.fdt.has ? a.fdt.end - a.fdt.base : 0;
		p.boot.fdt_high = a.fdt_high;
		p.boot.initrd_high = a.initrd_high;
		p.boot.kernel_addr_r = a.kernel_addr_r;
		p.boot.ramdisk_addr_r = a.ramdisk_addr_r;
		p.boot.fdt_addr_r = a.fdt_addr_r;
		p.boot.bits = a.bits;
		memcpy(p.boot.dram, a.dram, a.ndram * sizeof(a.dram[0]));
		p.boot.ndram = a.ndram;
		for (size_t i = 0; i < a.nlmb && i < MX_LOADER_TOPS; i++)
			p.boot.lmb_top[p.boot.nlmb_top++] = a.lmb[i].size;
		mx_layout_init(&L);
		(void)mx_layout_compute(&L, &p);
		mx_layout_release(&L);
	}
	mx_profile_release(&p);
	mx_ubootlog_release(&a);
	mx_ubootlog_release(&b);
	return 0;
}
