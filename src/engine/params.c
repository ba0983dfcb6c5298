/* params.c - effective settings: the profile, per-arch defaults, the flavour, bootargs */
#include <string.h>

#include "engine_internal.h"

/* arch/arm/include/asm/memory.h: PAGE_OFFSET per VMSPLIT choice */
static uint64_t page_offset_of(enum mx_vmsplit v)
{
	switch (v) {
	case MX_VMSPLIT_3G_OPT: return 0xB0000000u;
	case MX_VMSPLIT_2G: return 0x80000000u;
	case MX_VMSPLIT_1G: return 0x40000000u;
	case MX_VMSPLIT_DEFAULT:
	case MX_VMSPLIT_3G: break;
	}
	return 0xC0000000u;
}

/* TEXT_OFFSET: where _stext sits above the start of RAM when not given. */
static uint64_t text_offset(enum mx_arch a)
{
	switch (a) {
	case MX_ARCH_ARM: return 0x8000;
	case MX_ARCH_ARM64: return 0x200000;
	case MX_ARCH_RISCV64: return 0x200000;
	case MX_ARCH_NONE: break;
	}
	return 0;
}

int mx_params_resolve(struct mx_params *P, const struct mx_profile *p, struct mx_diaglist *diags)
{
	bool exact;
	uint64_t mem0 = p->nmemory ? p->memory[0].base : 0;
	uint64_t mem0_size = p->nmemory ? p->memory[0].size : 0;
	const struct mx_kernel_image *k = &p->kernel_image;

	memset(P, 0, sizeof(*P));
	P->flavour = mx_flavour_find(p->kernel, &exact);
	if (!exact && p->kernel) {
		P->assumed |= MX_ASSUMED_FLAVOUR;
		if (mx_diag_add(diags, MX_SEV_NOTE, mxi_check_name(MX_CHECK_FLAVOUR), &p->pos, -1,
				"kernel '%s' has no flavour of its own; using the rules of %s",
				p->kernel, P->flavour->name))
			return MX_ENOMEM;
	}
	P->arch = p->arch;
	if (p->arch_guessed)
		P->assumed |= MX_ASSUMED_ARCH;
	if (p->kernel_guessed)
		P->assumed |= MX_ASSUMED_KERNEL_SIZE;
	if (P->arch == MX_ARCH_NONE) {
		if (mx_diag_add(diags, MX_SEV_ERROR, mxi_check_name(MX_CHECK_PARAMS), &p->pos, -1,
				"the profile does not say its arch; assuming arm64"))
			return MX_ENOMEM;
		P->arch = MX_ARCH_ARM64;
	}

	P->page = p->page_size;
	if (!P->page) {
		P->page = 4096;
		P->assumed |= MX_ASSUMED_PAGE_SIZE;
	}
	if (!mx_is_pow2(P->page) || P->page < 1024 || P->page > (1u << 20)) {
		if (mx_diag_add(diags, MX_SEV_ERROR, mxi_check_name(MX_CHECK_PARAMS), &p->pos, -1,
				"page size %llu is not a power of two between 1K and 1M; using 4K",
				(unsigned long long)P->page))
			return MX_ENOMEM;
		P->page = 4096;
	}
	while ((1ULL << P->page_shift) < P->page)
		P->page_shift++;

	P->struct_page = p->struct_page;
	if (!P->struct_page) {
		P->struct_page = P->flavour->struct_page[P->arch];
		P->assumed |= MX_ASSUMED_STRUCT_PAGE;
	}

	P->model = p->model;
	if (P->model == MX_MM_DEFAULT) {
		P->model = P->arch == MX_ARCH_ARM ? MX_MM_FLAT : MX_MM_SPARSE;
		P->assumed |= MX_ASSUMED_MODEL;
	}
	P->vmemmap = p->vmemmap >= 0 ? p->vmemmap != 0 : P->arch != MX_ARCH_ARM;
	P->extreme = p->extreme >= 0 ? p->extreme != 0 : P->arch != MX_ARCH_ARM;

	P->max_order = p->max_order;
	if (!P->max_order) {
		P->max_order = 11;
		P->assumed |= MX_ASSUMED_MAX_ORDER;
	}
	if (P->max_order < 2 || P->max_order > 20) {
		if (mx_diag_add(diags, MX_SEV_ERROR, mxi_check_name(MX_CHECK_PARAMS), &p->pos, -1,
				"max-order %u is out of range (2..20); using 11", P->max_order))
			return MX_ENOMEM;
		P->max_order = 11;
	}
	P->pageblock_order = p->pageblock_order;
	if (!P->pageblock_order) {
		/* HUGETLB_PAGE_ORDER (PMD) on arm64/riscv64; MAX_ORDER - 1 on 32-bit ARM */
		/* the PMD order: a page of 8-byte entries maps page_shift - 3 orders */
		P->pageblock_order = P->arch == MX_ARCH_ARM ? P->max_order - 1 : P->page_shift - 3;
		if (P->pageblock_order > P->max_order - 1)
			P->pageblock_order = P->max_order - 1;
		P->assumed |= MX_ASSUMED_PAGEBLOCK;
	}
	if (P->pageblock_order >= P->max_order + 8) {
		if (mx_diag_add(diags, MX_SEV_ERROR, mxi_check_name(MX_CHECK_PARAMS), &p->pos, -1,
				"pageblock-order %u is out of range; using MAX_ORDER - 1",
				P->pageblock_order))
			return MX_ENOMEM;
		P->pageblock_order = P->max_order - 1;
	}

	P->max_physmem_bits = p->max_physmem_bits;
	P->section_size_bits = p->section_size_bits;
	if ((!P->max_physmem_bits || !P->section_size_bits) && P->model == MX_MM_SPARSE)
		P->assumed |= MX_ASSUMED_SECTIONS;
	if (!P->max_physmem_bits)
		P->max_physmem_bits = P->arch == MX_ARCH_ARM ? 32 : P->arch == MX_ARCH_ARM64 ? 48 : 56;
	if (!P->section_size_bits)
		P->section_size_bits = P->arch == MX_ARCH_ARM ? 28 : P->arch == MX_ARCH_ARM64 ? 30 : 27;
	if (P->section_size_bits <= P->page_shift || P->section_size_bits > P->max_physmem_bits ||
	    P->max_physmem_bits > 63) {
		if (mx_diag_add(diags, MX_SEV_ERROR, mxi_check_name(MX_CHECK_PARAMS), &p->pos, -1,
				"section-size-bits %u / max-physmem-bits %u are inconsistent",
				P->section_size_bits, P->max_physmem_bits))
			return MX_ENOMEM;
		P->section_size_bits = P->page_shift + 15;
		P->max_physmem_bits = P->section_size_bits + 8 > 63 ? 63 : P->section_size_bits + 8;
	}
	if (P->model == MX_MM_SPARSE && P->pageblock_order > P->section_size_bits - P->page_shift) {
		/* a pageblock never spans sections (SECTION_BLOCKFLAGS_BITS would be a fraction) */
		if (mx_diag_add(diags, MX_SEV_ERROR, mxi_check_name(MX_CHECK_PARAMS), &p->pos, -1,
				"pageblock-order %u does not fit in a %u-bit section of %llu-byte pages; "
				"using %u", P->pageblock_order, P->section_size_bits,
				(unsigned long long)P->page, P->section_size_bits - P->page_shift))
			return MX_ENOMEM;
		P->pageblock_order = P->section_size_bits - P->page_shift;
	}
	P->pgtable_levels = P->arch == MX_ARCH_ARM64 ? 4 : P->arch == MX_ARCH_RISCV64 ? 3 : 2;
	P->vmemmap_pmd = P->arch == MX_ARCH_ARM64;
	P->smp_cache_bytes = 64;
	P->phys_digits = P->arch == MX_ARCH_ARM && !p->kside.lpae ? 8 : 16; /* %pa: phys_addr_t */

	P->vmsplit = p->vmsplit;
	if (P->vmsplit == MX_VMSPLIT_DEFAULT) {
		P->vmsplit = MX_VMSPLIT_3G;
		if (P->arch == MX_ARCH_ARM)
			P->assumed |= MX_ASSUMED_VMSPLIT;
	}
	P->page_offset = P->arch == MX_ARCH_ARM ? page_offset_of(P->vmsplit) : 0;
	P->vmalloc_size = p->vmalloc_size;
	if (!P->vmalloc_size) {
		P->vmalloc_size = 240ULL << 20;
		if (P->arch == MX_ARCH_ARM)
			P->assumed |= MX_ASSUMED_VMALLOC;
	}

	P->cma_size = p->has_cma_size ? p->cma_size : 0;
	if (!p->has_cma_size)
		P->assumed |= MX_ASSUMED_CMA_SIZE;

	P->kernel_base = k->base;
	if (!k->has_base) {
		P->kernel_base = mem0 + text_offset(P->arch);
		P->assumed |= MX_ASSUMED_KERNEL_BASE;
	}
	P->init_base = k->init_base;
	if (!k->has_init_base) {
		P->init_base = mx_round_up(P->kernel_base + k->code + k->rodata, P->page);
		P->assumed |= MX_ASSUMED_INIT_BASE;
	}
	if (P->arch == MX_ARCH_ARM) {
		/* swapper_pg_dir sits 16 KiB below the kernel text (arch/arm/kernel/head.S) */
		P->pgd_size = p->pgd.present ? p->pgd.size : 0x4000;
		P->pgd_base = p->pgd.present && p->pgd.has_base ? p->pgd.base :
			P->kernel_base - P->pgd_size;
		if (!p->pgd.present || !p->pgd.has_base)
			P->assumed |= MX_ASSUMED_PGD;
	}
	if (p->initrd.present) {
		P->initrd_base = p->initrd.base;
		P->initrd_size = p->initrd.size;
	}
	if (p->fdt.present) {
		P->fdt_size = p->fdt.size;
		if (p->fdt.has_base) {
			P->fdt_base = p->fdt.base;
		} else {
			/* Somewhere a bootloader would put it: 128 MiB into RAM. */
			P->fdt_base = mem0 + (mem0_size > (256ULL << 20) ? (128ULL << 20) : mem0_size / 2);
			P->fdt_base = mx_round_down(P->fdt_base, P->page);
			P->assumed |= MX_ASSUMED_FDT;
		}
	}
	mxi_bootloader_place(P, p);
	return mxi_bootargs_parse(P, p, diags);
}
