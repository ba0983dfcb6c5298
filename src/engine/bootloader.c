/* bootloader.c - where the boot loader puts the kernel, the initrd and the device tree, and how big the tree is */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine_internal.h"

/*
 * QEMU's direct boot (hw/arm/boot.c: arm_setup_direct_kernel_boot() and
 * arm_load_dtb()): the initrd goes MIN(RAM / 2, 128 MiB) into RAM, page
 * aligned; the DTB right after the initrd, aligned to 2 MiB for AArch64
 * (early arm64 kernels map the 2 MiB around it) or to 4 KiB for 32-bit ARM
 * (some trash the rest of the initrd's last page); load_device_tree() reads
 * the DTB file into a buffer of 2 x (file + 10000) bytes and fdt_open_into()
 * makes that the blob's totalsize, which is what the kernel reserves.
 * A base the profile gives still wins; without an initrd the DTB goes where
 * the initrd would have started.
 */
static void qemu(struct mx_params *P, const struct mx_profile *p)
{
	uint64_t ram = 0, start = UINT64_MAX, initrd, align;

	for (size_t i = 0; i < p->nmemory; i++) {
		ram += p->memory[i].size;
		if (p->memory[i].base < start)
			start = p->memory[i].base;
	}
	if (!p->nmemory)
		return;
	initrd = mx_round_up(start + (ram / 2 < (128ULL << 20) ? ram / 2 : 128ULL << 20), 4096);
	if (p->initrd.present && p->initrd.size && !p->initrd.has_base) {
		P->initrd_base = initrd;
		P->placed_by |= MX_PLACED_INITRD;
	}
	if (p->initrd.present && p->initrd.size)
		initrd = P->initrd_base + P->initrd_size;
	align = P->arch == MX_ARCH_ARM64 ? 2ULL << 20 : 4096;
	if (p->boot.dtb_file) {
		P->fdt_size = 2 * (p->boot.dtb_file + 10000);
		P->placed_by |= MX_PLACED_FDT_SIZE;
	}
	if (P->fdt_size && !(p->fdt.present && p->fdt.has_base)) {
		P->fdt_base = mx_round_up(initrd, align);
		P->placed_by |= MX_PLACED_FDT;
		P->assumed &= ~(unsigned)MX_ASSUMED_FDT;
	}
}

void mxi_boot_say(char *buf, size_t n, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= n)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, n - used, fmt, ap);
	va_end(ap);
}

void mxi_boot_run(struct mxi_boot *B, const struct mx_profile *p, enum mx_arch arch)
{
	memset(B, 0, sizeof(*B));
	B->type = p->boot.type;
	switch (p->boot.type) {
	case MX_LOADER_UBOOT:
		mxi_uboot_run(B, p, arch);
		break;
	case MX_LOADER_UEFI:
		mxi_uefi_run(B, p, arch);
		break;
	case MX_LOADER_QEMU:
	case MX_LOADER_NONE:
		break;
	}
}

/* U-Boot and the EFI stub: the kernel, the initrd and the tree where the replay put them. */
static void firmware(struct mx_params *P, const struct mx_profile *p)
{
	struct mxi_boot B;
	const struct mx_kernel_image *k = &p->kernel_image;

	mxi_boot_run(&B, p, P->arch);
	if (B.has_kernel && !k->has_base) {
		P->kernel_base = B.kernel_text + p->boot.stext_offset;
		P->placed_by |= MX_PLACED_KERNEL;
		P->assumed &= ~(unsigned)MX_ASSUMED_KERNEL_BASE;
		/* params.c's estimate of __init_begin follows the kernel */
		if (!k->has_init_base)
			P->init_base = mx_round_up(P->kernel_base + k->code + k->rodata, P->page);
	}
	if (B.has_initrd && p->initrd.present && p->initrd.size) {
		if (!p->initrd.has_base)
			P->placed_by |= MX_PLACED_INITRD;
		P->initrd_base = B.initrd_base;
	}
	if (B.has_fdt) {
		if (!(p->fdt.present && p->fdt.has_base))
			P->placed_by |= MX_PLACED_FDT;
		P->fdt_base = B.fdt_base;
		P->fdt_size = B.fdt_size;
		P->placed_by |= MX_PLACED_FDT_SIZE;
		P->assumed &= ~(unsigned)MX_ASSUMED_FDT;
	}
}

void mxi_bootloader_place(struct mx_params *P, const struct mx_profile *p)
{
	switch (p->boot.type) {
	case MX_LOADER_QEMU:
		qemu(P, p);
		break;
	case MX_LOADER_UBOOT:
	case MX_LOADER_UEFI:
		firmware(P, p);
		break;
	case MX_LOADER_NONE:
		break;
	}
}

/* A /chosen property the file lacks and the loader sets: one more property. */
static unsigned absent(int32_t len)
{
	return len < 0 ? 1 : 0;
}

/*
 * /chosen as the kernel unflattens it: QEMU's arm_load_dtb() sets bootargs
 * (when there are some) and linux,initrd-start/-end; U-Boot's fdt_chosen()
 * also u-boot,version (always), and fdt_initrd() the initrd properties;
 * through UEFI U-Boot's copy gets bootargs and u-boot,version, and the arm64
 * EFI stub's update_fdt() the six linux,uefi-* properties but no initrd
 * properties (the initrd is a configuration table). A tree read from a file
 * says what it already has; a profile without one is assumed to lack them.
 */
unsigned mxi_bootloader_dt_props(const struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;
	const struct mx_dtstats *d = &p->kside.dt;
	const struct mx_dtbfacts *t = &p->boot.tree;
	bool args = p->bootargs && *p->bootargs;
	unsigned n = 0;

	switch (p->boot.type) {
	case MX_LOADER_UBOOT:
	case MX_LOADER_UEFI:
		if (!t->known) {
			n += args && !d->chosen_bootargs;
			n += p->boot.version[0] != 0;
		} else {
			n += args && absent(t->bootargs);
			n += p->boot.version[0] && absent(t->version);
		}
		if (p->boot.type == MX_LOADER_UEFI)
			return n + (MX_DTS_COUNT - MX_DTS_UEFI_FIRST);
		if (c->boot.has_initrd && p->initrd.present && p->initrd.size)
			n += t->known ? absent(t->initrd_start) + absent(t->initrd_end) : 2 * !d->chosen_initrd;
		return n;
	case MX_LOADER_QEMU:
	case MX_LOADER_NONE:
		break;
	}
	n += args && !d->chosen_bootargs; /* QEMU's arm_load_dtb() writes bootargs only when there are some */
	if (p->initrd.present && !d->chosen_initrd)
		n += 2;
	return n;
}
