/* bootloader.c - where the boot loader puts the initrd and the device tree, and how big the tree is */
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

void mxi_bootloader_place(struct mx_params *P, const struct mx_profile *p)
{
	switch (p->boot.type) {
	case MX_LOADER_QEMU:
		qemu(P, p);
		break;
	case MX_LOADER_NONE:
		break;
	}
}
