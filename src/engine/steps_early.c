/* steps_early.c - DRAM, mem=, the lowmem split and the early reservations */
#include <inttypes.h>
#include <stdio.h>

#include "engine_internal.h"

/* drivers/of/fdt.c: early_init_dt_add_memory_arch() - whole pages only */
static void add_bank(struct mx_ctx *c, uint64_t base, uint64_t size, const struct mx_srcpos *pos)
{
	struct mx_layout *L = c->L;
	uint64_t end, ab;

	L->sum.dram += size;
	if (!mx_add_ok(base, size, &end)) {
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_OVERFLOW, pos, -1,
			    "memory bank 0x%" PRIx64 " + 0x%" PRIx64 " ends past 2^64; capped", base, size);
		end = UINT64_MAX;
	}
	if (c->P->arch == MX_ARCH_ARM && c->P->phys_digits == 8 && end > (1ULL << 32)) {
		/* arch/arm: arm_add_memory() ignores what a 32-bit phys_addr_t cannot hold */
		mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_OUTSIDE_DRAM, pos, -1,
			    "memory above 4 GiB at 0x%" PRIx64 " is ignored by a 32-bit ARM kernel",
			    base > (1ULL << 32) ? base : (uint64_t)1 << 32);
		if (base >= (1ULL << 32))
			return;
		end = 1ULL << 32;
	}
	ab = mx_round_up(base, c->page);
	end = mx_round_down(end, c->page);
	if (ab >= end)
		return;
	if (mx_rangeset_add(&L->memory, ab, end - ab) || mx_rangeset_add(&L->dram, ab, end - ab))
		mxi_ctx_fail(c, MX_ENOMEM);
	mxi_ctx_log(c, MX_LOG_MEMX, -1, "memblock_add: [0x%0*" PRIx64 "-0x%0*" PRIx64 "]",
		   (int)c->P->phys_digits, ab, (int)c->P->phys_digits, end - 1);
}

/*
 * The memory the kernel starts from: /memory, as U-Boot's
 * fdt_fixup_memory_banks() rewrote its first memory node (its DRAM banks
 * replace that node's, other memory nodes stay), or, through UEFI, the EFI
 * memory map (reserve_regions() removes what /memory said and adds every
 * descriptor: U-Boot's DRAM).
 */
void mxi_step_dram(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;
	const struct mxi_boot *B = &c->boot;
	size_t first = 0;

	if (B->type == MX_LOADER_UEFI && B->ndram) {
		for (size_t i = 0; i < B->ndram; i++)
			add_bank(c, B->dram[i].base, B->dram[i].size, &p->boot.pos);
		mxi_step_efi_memory(c);
		goto done;
	}
	if (B->type == MX_LOADER_UBOOT && B->rewrite) {
		first = p->boot.tree.known ? p->boot.tree.mem_banks : p->nmemory;
		if (first > p->nmemory)
			first = p->nmemory;
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "U-Boot fdt_fixup_memory_banks(): its %zu DRAM bank(s) "
			   "replace the %zu bank(s) of the tree's first memory node", B->ndram, first);
		for (size_t i = 0; i < B->ndram; i++)
			add_bank(c, B->dram[i].base, B->dram[i].size, &p->boot.pos);
	}
	for (size_t i = first; i < p->nmemory; i++)
		add_bank(c, p->memory[i].base, p->memory[i].size, &p->memory[i].pos);
done:
	if (!c->L->memory.cnt)
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_NO_MEMORY, &p->pos, -1,
			    "the profile declares no memory");
}

/* memblock_mark_nomap() of [base, + size) where it is memory; the item, or -1. */
static int efi_nomap(struct mx_ctx *c, enum mx_item_kind kind, const char *name, uint64_t base,
		     uint64_t size, bool item)
{
	if (!size || mxi_ctx_memory_room(c, 2))
		return -1;
	if (mx_rangeset_copy(&c->scratch, &c->L->memory) || mx_rangeset_clip(&c->scratch, base, size))
		mxi_ctx_fail(c, MX_ENOMEM);
	for (size_t k = 0; k < c->scratch.cnt; k++)
		if (mx_rangeset_add(&c->L->nomap, c->scratch.r[k].base, c->scratch.r[k].size))
			mxi_ctx_fail(c, MX_ENOMEM);
	return item ? mxi_ctx_item(c, kind, name, base, size, MX_IF_PLACED | MX_IF_NOMAP, -1, -1) : -1;
}

static int efi_reserve(struct mx_ctx *c, const char *name, uint64_t base, uint64_t size)
{
	if (!base || !size)
		return -1;
	mxi_ctx_reserve(c, base, size);
	return mxi_ctx_item(c, MX_ITEM_MEMRESERVE, name, base, size, MX_IF_PLACED, -1, -1);
}

/*
 * drivers/firmware/efi/efi-init.c: efi_config_parse_tables() reserves the
 * LINUX_EFI_MEMRESERVE table; reserve_regions() marks every descriptor that
 * is not usable (runtime services code and data, EFI_RESERVED: U-Boot's
 * /memreserve/ and no-map carve-outs) NOMAP and reserves the ACPI-reclaim
 * ones (U-Boot's copy of the tree, the memory map); efi_init() reserves
 * the memory map's pages again.
 */
void mxi_step_efi_memory(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;
	const struct mxi_boot *B = &c->boot;
	int it;

	mxi_ctx_log(c, MX_LOG_MEMX, -1, "efi_init(): booted through UEFI (U-Boot's bootefi); "
		   "reserve_regions(): memory is the EFI memory map U-Boot made of its DRAM, /memory is not read");
	it = efi_reserve(c, "EFI MEMRESERVE table", B->efi_memreserve, 16);
	if (it >= 0)
		mxi_ctx_log(c, MX_LOG_MEMX, it, "efi_config_parse_tables(): the LINUX_EFI_MEMRESERVE table the "
			   "stub's install_memreserve_table() made (a pool: its page, data at +0x40)");
	for (size_t i = 0; i < B->nefi_nomap; i++) {
		it = efi_nomap(c, MX_ITEM_NOMAP, B->efi_nomap_what[i], B->efi_nomap[i].base,
			       B->efi_nomap[i].size, true);
		if (it >= 0)
			mxi_ctx_log(c, MX_LOG_MEMX, it, "reserve_regions(): an EFI runtime-services region "
				   "(not usable memory) is memory marked NOMAP");
	}
	for (size_t i = 0; i < p->nmemreserve; i++) {
		it = efi_nomap(c, MX_ITEM_MEMRESERVE, "/memreserve/ (EFI_RESERVED)", p->memreserve[i].base,
			       p->memreserve[i].size, true);
		if (it >= 0)
			mxi_ctx_log(c, MX_LOG_MEMX, it, "U-Boot's efi_carve_out_dt_rsv() made the /memreserve/ "
				   "EFI_RESERVED (the stub deletes /memreserve/): NOMAP");
	}
	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];

		/* the same region is marked again from /reserved-memory; its item comes from there */
		if (!(r->flags & MX_REGION_DISABLED) && (r->flags & MX_REGION_NOMAP) && r->nreg)
			efi_nomap(c, MX_ITEM_NOMAP, r->name, r->reg[0].base, r->reg[0].size, false);
	}
	it = efi_reserve(c, "U-Boot's device tree copy (EFI ACPI reclaim)", B->efi_copy, B->efi_copy_size);
	if (it >= 0)
		mxi_ctx_log(c, MX_LOG_MEMX, it, "U-Boot's copy_fdt(): ceil((file %" PRIu64 " + 0x3000) / 4K) "
			   "pages of EFI_ACPI_RECLAIM_MEMORY at RAM + 127 MiB; reserve_regions() keeps it "
			   "reserved for good", p->boot.dtb_file);
	it = efi_reserve(c, "EFI memory map", B->efi_mmap, 4096);
	if (it >= 0)
		mxi_ctx_log(c, MX_LOG_MEMX, it, "the stub's final efi_get_memory_map() (an ACPI-reclaim "
			   "pool): reserve_regions() and efi_init() reserve it");
}

/* arch/arm/kernel/setup.c: arm_add_memory() - whole pages, nothing below PHYS_OFFSET or past 4 GiB */
static void arm_add(struct mx_ctx *c, uint64_t start, uint64_t size, uint64_t phys_offset)
{
	uint64_t a = mx_round_up(start, c->page);

	if (a > start + size)
		size = 0;
	else
		size -= a - start;
	if (c->P->phys_digits == 8) {
		if (a > 0xffffffffULL)
			return;
		if (a + size > 0xffffffffULL)
			size = 0xffffffffULL - a; /* ULONG_MAX: the last page is lost */
	}
	if (a < phys_offset) {
		if (a + size <= phys_offset)
			return;
		size -= phys_offset - a;
		a = phys_offset;
	}
	size = mx_round_down(size, c->page);
	if (size && mx_rangeset_add(&c->L->memory, a, size))
		mxi_ctx_fail(c, MX_ENOMEM);
}

/*
 * 32-bit ARM early_mem(): the first mem= throws away the memory the tree
 * declared; each one adds [PHYS_OFFSET, + size), or [base, + size) for
 * mem=size@base.
 */
static void arm_early_mem(struct mx_ctx *c)
{
	uint64_t phys_offset = mx_round_down(c->P->kernel_base, 16ULL << 20);

	mx_rangeset_clear(&c->L->memory);
	for (unsigned i = 0; i < c->P->narm_mem; i++) {
		uint64_t b = c->P->arm_mem[i].has_base ? c->P->arm_mem[i].base : phys_offset;

		arm_add(c, b, c->P->arm_mem[i].size, phys_offset);
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "mem=%" PRIu64 "K%s: memory [0x%" PRIx64 "-0x%" PRIx64 ") "
			   "(early_mem replaces the tree's banks)", c->P->arm_mem[i].size >> 10,
			   c->P->arm_mem[i].has_base ? "@base" : " at PHYS_OFFSET", b, b + c->P->arm_mem[i].size);
	}
}

/*
 * mem=: memblock_enforce_memory_limit() keeps the first N bytes of memory.
 * mem=N@B (arch/arm early_mem()) replaces the banks with [B, B + N).
 */
void mxi_step_mem_limit(struct mx_ctx *c)
{
	struct mx_layout *L = c->L;
	/* arm64 and riscv early_mem(): memory_limit = memparse() & PAGE_MASK */
	uint64_t left = c->P->arch == MX_ARCH_ARM ? c->P->mem_limit : mx_round_down(c->P->mem_limit, c->page);
	uint64_t cut = 0;

	unsigned nread = c->fl->usable_ranges[c->P->arch];

	if (c->p->nusable && !nread)
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "linux,usable-memory-range: not read by this kernel");
	if (c->p->nusable && c->p->usable[0].size && nread) {
		/*
		 * drivers/of/fdt.c: early_init_dt_check_for_usable_mem_range() -
		 * memblock_cap_memory_range() to the first range, then (6.x,
		 * MAX_USABLE_RANGES) memblock_add() of the others, as they are
		 */
		const struct mx_range *u = c->p->usable;
		uint64_t before = mx_rangeset_bytes(&L->memory), ue;

		if (!mx_add_ok(u[0].base, u[0].size, &ue))
			ue = UINT64_MAX;
		if (mx_rangeset_clip(&L->memory, u[0].base, ue - u[0].base))
			mxi_ctx_fail(c, MX_ENOMEM);
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "linux,usable-memory-range [0x%" PRIx64 "-0x%" PRIx64
			   "): %" PRIu64 "K of memory outside it removed", u[0].base, ue,
			   (before - mx_rangeset_bytes(&L->memory)) >> 10);
		for (size_t i = 1; i < c->p->nusable && i < nread && u[i].size; i++) {
			if (!mx_add_ok(u[i].base, u[i].size, &ue))
				ue = UINT64_MAX;
			if (mx_rangeset_add(&L->memory, u[i].base, ue - u[i].base) ||
			    mx_rangeset_add(&L->dram, u[i].base, ue - u[i].base))
				mxi_ctx_fail(c, MX_ENOMEM);
			mxi_ctx_log(c, MX_LOG_MEMX, -1, "linux,usable-memory-range #%zu: memblock_add [0x%"
				   PRIx64 "-0x%" PRIx64 ")", i, u[i].base, ue);
		}
		if (c->p->nusable > nread)
			mxi_ctx_log(c, MX_LOG_MEMX, -1, "linux,usable-memory-range: %zu range(s) given, this "
				   "kernel reads %u", c->p->nusable, nread);
	}
	if (!left)
		return;
	if (c->P->arch == MX_ARCH_ARM) {
		arm_early_mem(c);
		return;
	}
	if (c->P->has_mem_base) {
		uint64_t b = mx_round_up(c->P->mem_base, c->page), e;

		if (!mx_add_ok(c->P->mem_base, c->P->mem_limit, &e))
			e = UINT64_MAX;
		e = mx_round_down(e, c->page);
		mx_rangeset_clear(&L->memory);
		if (b < e && mx_rangeset_add(&L->memory, b, e - b))
			mxi_ctx_fail(c, MX_ENOMEM);
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "mem=%" PRIu64 "K@0x%" PRIx64 ": memory is [0x%" PRIx64
			   "-0x%" PRIx64 ")", c->P->mem_limit >> 10, c->P->mem_base, b, e);
		return;
	}
	for (size_t i = 0; i < L->memory.cnt; i++) {
		if (L->memory.r[i].size <= left) {
			left -= L->memory.r[i].size;
			continue;
		}
		cut = L->memory.r[i].base + left;
		break;
	}
	if (cut) {
		uint64_t before = mx_rangeset_bytes(&L->memory);

		mxi_ctx_remove_memory(c, cut, UINT64_MAX - cut);
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "mem=%" PRIu64 "K: memory above 0x%" PRIx64
			   " removed (%" PRIu64 "K)", c->P->mem_limit >> 10, cut,
			   (before - mx_rangeset_bytes(&L->memory)) >> 10);
	}
	if (c->P->arch == MX_ARCH_ARM64 && c->fl->arm64_initrd_added && c->P->mem_limit &&
	    c->p->kernel_image.size &&
	    !mx_rangeset_contains(&c->L->memory, c->P->kernel_base, c->p->kernel_image.size)) {
		/* arm64_memblock_init(): after mem=, the kernel image goes back into memory */
		uint64_t kb = mx_round_down(c->P->kernel_base, c->page);
		uint64_t ke = mx_round_up(c->P->kernel_base + c->p->kernel_image.size, c->page);

		if (mx_rangeset_add(&c->L->memory, kb, ke - kb)) {
			mxi_ctx_fail(c, MX_ENOMEM);
			return;
		}
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "mem=: the kernel image [0x%" PRIx64 "-0x%" PRIx64
			   ") is added back to memory (arm64_memblock_init)", kb, ke);
	}
}

uint64_t mxi_arm_vmalloc_limit(const struct mx_params *P, uint64_t phys_offset)
{
	uint64_t vmalloc_end = P->flavour->arm_vmalloc_end;
	uint64_t reserve;

	if (P->vmalloc_cmdline) {
		/* arch/arm/mm/mmu.c: early_vmalloc(): clamped, and no VMALLOC_OFFSET */
		reserve = P->vmalloc_size;
		if (reserve < (16ULL << 20))
			reserve = 16ULL << 20;
		if (reserve > vmalloc_end - (P->page_offset + (32ULL << 20)))
			reserve = vmalloc_end - (P->page_offset + (32ULL << 20));
	} else {
		/* the default: vmalloc_min = VMALLOC_END - 240 MiB - VMALLOC_OFFSET */
		reserve = P->vmalloc_size + (8ULL << 20);
		if (reserve > vmalloc_end - P->page_offset)
			reserve = vmalloc_end - P->page_offset;
	}
	return vmalloc_end - reserve - P->page_offset + phys_offset;
}

/*
 * arch/arm/mm/mmu.c: sanity_check_meminfo() (adjust_lowmem_bounds() later):
 * lowmem ends at the physical address of vmalloc_min, or at the end of the
 * last bank below it; memblock.current_limit is that, rounded down to a
 * section when a lowmem bank is not section-aligned.
 */
void mxi_step_lowmem(struct mx_ctx *c)
{
	struct mx_layout *L = c->L;
	const uint64_t section = c->fl->arm_lowmem_pmd ? 2ULL << 20 : 1ULL << 20;
	uint64_t phys_offset = mx_round_down(c->P->kernel_base, 16ULL << 20);
	uint64_t vmalloc_limit = mxi_arm_vmalloc_limit(c->P, phys_offset);
	uint64_t lowmem = 0, memblock_limit = 0;
	bool highmem = false;
	const struct mx_rangeset *blocks = &L->memory;

	if (c->fl->arm_lowmem_pmd) {
		/* for_each_mem_range() skips NOMAP regions */
		if (mx_rangeset_subtract(&L->tmp1, &L->memory, &L->nomap)) {
			mxi_ctx_fail(c, MX_ENOMEM);
			return;
		}
		blocks = &L->tmp1;
		/*
		 * adjust_lowmem_bounds(): the first mappable block must start on a
		 * PMD boundary (memory would be needed to map a partial one before
		 * any is mapped), so the rest of that PMD becomes NOMAP too.
		 */
		if (blocks->cnt && blocks->r[0].base % section) {
			uint64_t b = blocks->r[0].base, e = mx_round_up(b, section);

			if (mx_rangeset_add(&L->nomap, b, e - b) ||
			    mx_rangeset_subtract(&L->tmp1, &L->memory, &L->nomap)) {
				mxi_ctx_fail(c, MX_ENOMEM);
				return;
			}
			mxi_ctx_log(c, MX_LOG_MEMX, -1, "the first lowmem block starts off a PMD: "
				   "[0x%08" PRIx64 "-0x%08" PRIx64 ") marked NOMAP", b, e);
		}
	}
	for (size_t i = 0; i < blocks->cnt; i++) {
		uint64_t bs = blocks->r[i].base, be = mx_range_end(&blocks->r[i]);

		if (bs >= vmalloc_limit)
			highmem = true;
		if (highmem)
			continue;
		if (be > lowmem)
			lowmem = be > vmalloc_limit ? vmalloc_limit : be;
		if (!memblock_limit) {
			if (bs & (section - 1))
				memblock_limit = bs;
			else if (be & (section - 1))
				memblock_limit = lowmem;
		}
	}
	if (c->fl->arm_lowmem_pmd) {
		/* 4.x+: the lowmem fallback is rounded down to a PMD as well */
		if (!memblock_limit)
			memblock_limit = lowmem;
		if (mx_round_down(memblock_limit, section))
			memblock_limit = mx_round_down(memblock_limit, section);
	} else {
		if (memblock_limit)
			memblock_limit = mx_round_down(memblock_limit, section);
		if (!memblock_limit)
			memblock_limit = lowmem;
	}
	c->lowmem_limit = lowmem;
	c->highmem_start = lowmem;
	c->current_limit = memblock_limit;
	L->sum.lowmem_limit = lowmem;
	/* VMALLOC_START = high_memory + VMALLOC_OFFSET, 8 MiB aligned; VmallocTotal runs to VMALLOC_END */
	{
		uint64_t vstart = mx_round_down(lowmem - phys_offset + c->P->page_offset + (8ULL << 20),
						8ULL << 20);

		L->sum.vmalloc_total = c->fl->arm_vmalloc_end > vstart ? c->fl->arm_vmalloc_end - vstart : 0;
	}
	mxi_ctx_log(c, MX_LOG_MEMX, -1,
		   "lowmem ends at 0x%08" PRIx64 " (max_low_pfn 0x%" PRIx64 "; VMSPLIT_%s, vmalloc %" PRIu64
		   " MiB, VMALLOC_END 0x%08" PRIx64 ")", lowmem, lowmem / c->page,
		   mx_vmsplit_name(c->P->vmsplit), c->P->vmalloc_size >> 20,
		   c->fl->arm_vmalloc_end);
}

/* Reserve a fixed range the boot path always takes; warn when it is not memory. */
static int reserve_fixed(struct mx_ctx *c, enum mx_item_kind kind, const char *name,
			 uint64_t base, uint64_t size, const struct mx_srcpos *pos)
{
	uint64_t end;
	unsigned flags = MX_IF_PLACED;

	if (!size)
		return -1;
	if (!mx_add_ok(base, size, &end)) {
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_OVERFLOW, pos, -1,
			    "%s at 0x%" PRIx64 " + 0x%" PRIx64 " ends past 2^64", name, base, size);
		return -1;
	}
	if (!mx_rangeset_contains(&c->L->memory, base, size)) {
		flags |= MX_IF_OUTSIDE;
		mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_OUTSIDE_DRAM, pos, -1,
			    "%s [0x%" PRIx64 "-0x%" PRIx64 ") is not entirely inside memory",
			    name, base, end);
	}
	mxi_ctx_reserve(c, base, size);
	return mxi_ctx_item(c, kind, name, base, size, flags, -1, -1);
}

void mxi_step_kernel(struct mx_ctx *c)
{
	const struct mx_kernel_image *k = &c->p->kernel_image;
	int it;

	if (!k->size) {
		mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_PARAMS, &c->p->pos, -1,
			    "the profile gives no kernel image size; nothing reserved for it");
		return;
	}
	it = reserve_fixed(c, MX_ITEM_KERNEL, "kernel image", c->P->kernel_base, k->size, &k->pos);
	if (c->boot.why_kernel[0])
		mxi_ctx_log(c, MX_LOG_MEMX, it, "%s", c->boot.why_kernel);
}

/* The kernel's message and memx's diagnostic for an initrd it will not use. */
static void refuse_initrd(struct mx_ctx *c, const struct mx_blob *b, const char *kernel_why,
			  const char *why)
{
	mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_INITRD_REFUSED, &b->pos, -1,
		    "initrd 0x%" PRIx64 "+0x%" PRIx64 " %s; the kernel disables it", b->base, b->size, why);
	mxi_ctx_log(c, MX_LOG_KERNEL, -1, "INITRD: 0x%08" PRIx64 "+0x%08" PRIx64 " %s - disabling initrd",
		   b->base, b->size, kernel_why);
	mxi_ctx_item(c, MX_ITEM_INITRD, "initrd", b->base, b->size, MX_IF_REFUSED, -1, -1);
}

/* arch/arm/mm/init.c: arm_memblock_init() refuses an initrd outside memory or over reserved memory */
void mxi_step_initrd(struct mx_ctx *c)
{
	struct mx_blob placed = c->p->initrd;
	const struct mx_blob *b = &placed;
	uint64_t end;

	if (!b->present || !b->size)
		return;
	placed.base = c->P->initrd_base;
	if ((c->P->placed_by & MX_PLACED_INITRD) && c->p->boot.type == MX_LOADER_QEMU)
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "boot loader %s put the initrd at 0x%" PRIx64 " (RAM start + "
			   "MIN(RAM / 2, 128 MiB), page-aligned)", mx_loader_name(c->p->boot.type), b->base);
	if (!mx_add_ok(b->base, b->size, &end)) {
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_OVERFLOW, &b->pos, -1, "initrd ends past 2^64");
		return;
	}
	if (c->P->arch == MX_ARCH_ARM64 && c->fl->arm64_initrd_added) {
		/*
		 * arch/arm64/mm/init.c: arm64_memblock_init() adds the page-rounded
		 * initrd to memory (mem= may have cut it off) and clears NOMAP on it
		 * (nothing is NOMAP yet at this step).
		 */
		uint64_t ib = mx_round_down(b->base, c->page), ie = mx_round_up(end, c->page);

		if (!c->L->memory.cnt || ib < mx_rangeset_start(&c->L->memory)) {
			/* WARN("initrd not fully accessible via the linear mapping"): dropped */
			refuse_initrd(c, b, "is not fully accessible via the linear mapping",
				      "starts below memory");
			return;
		}
		if (!mx_rangeset_contains(&c->L->memory, ib, ie - ib)) {
			if (mx_rangeset_add(&c->L->memory, ib, ie - ib)) {
				mxi_ctx_fail(c, MX_ENOMEM);
				return;
			}
			mxi_ctx_log(c, MX_LOG_MEMX, -1, "initrd [0x%" PRIx64 "-0x%" PRIx64 ") added to memory "
				   "(arm64_memblock_init)", ib, ie);
		}
	}
	{
		/* the range the kernel checks and reserves: whole pages where it rounds out */
		bool out = c->fl->initrd_reserve_outward[c->P->arch];
		uint64_t rb = out ? mx_round_down(b->base, c->page) : b->base;
		uint64_t rs = (out ? mx_round_up(end, c->page) : end) - rb;

		if (!mx_rangeset_contains(&c->L->memory, rb, rs)) {
			refuse_initrd(c, b, "is not a memory region", "is not a memory region");
			return;
		}
		if (mx_rangeset_overlaps(&c->L->reserved, rb, rs)) {
			refuse_initrd(c, b, "overlaps in-use memory region", "overlaps reserved memory");
			return;
		}
		mxi_ctx_reserve(c, rb, rs);
	}
	c->initrd_item = mxi_ctx_item(c, MX_ITEM_INITRD, "initrd", b->base, b->size, MX_IF_PLACED, -1, -1);
	if (c->boot.why_initrd[0])
		mxi_ctx_log(c, MX_LOG_MEMX, c->initrd_item, "%s", c->boot.why_initrd);
}

void mxi_step_pgd(struct mx_ctx *c)
{
	reserve_fixed(c, MX_ITEM_PGD, "swapper_pg_dir", c->P->pgd_base, c->P->pgd_size,
		      &c->p->pgd.pos);
}

/*
 * drivers/of/fdt.c: early_init_fdt_scan_reserved_mem(): the blob, then
 * /memreserve/ - U-Boot's fdt_initrd() added one for the initrd (exact
 * bytes, inside the initrd's own pages); through UEFI the stub deleted them
 * all (U-Boot made them EFI_RESERVED: NOMAP, see mxi_step_efi_memory()).
 */
void mxi_step_fdt(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;
	const struct mxi_boot *B = &c->boot;

	if (c->P->fdt_size) {
		int it = reserve_fixed(c, MX_ITEM_FDT, "device tree blob", c->P->fdt_base, c->P->fdt_size,
				       p->fdt.present ? &p->fdt.pos : &p->boot.pos);

		if ((c->P->placed_by & MX_PLACED_FDT_SIZE) && p->boot.type == MX_LOADER_QEMU)
			mxi_ctx_log(c, MX_LOG_MEMX, it, "boot loader %s: the DTB file of %" PRIu64 " bytes is loaded into 2 x "
				   "(file + 10000) = %" PRIu64 " bytes (load_device_tree)",
				   mx_loader_name(p->boot.type), p->boot.dtb_file, c->P->fdt_size);
		if ((c->P->placed_by & MX_PLACED_FDT) && p->boot.type == MX_LOADER_QEMU)
			mxi_ctx_log(c, MX_LOG_MEMX, it, "boot loader %s put the DTB at 0x%" PRIx64 ", after the initrd "
				   "(aligned to %s)", mx_loader_name(p->boot.type), c->P->fdt_base,
				   c->P->arch == MX_ARCH_ARM64 ? "2 MiB" : "4 KiB");
		if (B->why_fdt[0])
			mxi_ctx_log(c, MX_LOG_MEMX, it, "%s", B->why_fdt);
		if (B->why_size[0])
			mxi_ctx_log(c, MX_LOG_MEMX, it, "%s", B->why_size);
	}
	if (B->type == MX_LOADER_UEFI)
		return;
	for (size_t i = 0; i < p->nmemreserve; i++) {
		char name[48];

		if (B->type == MX_LOADER_UBOOT && B->has_initrd && p->memreserve[i].base == B->initrd_base)
			continue; /* fdt_initrd() replaces a /memreserve/ at the initrd's address */
		snprintf(name, sizeof(name), "/memreserve/ #%zu", i);
		reserve_fixed(c, MX_ITEM_MEMRESERVE, name, p->memreserve[i].base,
			      p->memreserve[i].size, &p->pos);
	}
	if (B->type == MX_LOADER_UBOOT && B->has_initrd && c->initrd_item >= 0) {
		int it = reserve_fixed(c, MX_ITEM_MEMRESERVE, "/memreserve/ of the initrd", B->initrd_base,
				       p->initrd.size, &p->boot.pos);

		mxi_ctx_log(c, MX_LOG_MEMX, it, "U-Boot's fdt_initrd() adds /memreserve/ <initrd> <exact "
			   "size>: inside the initrd's reserved pages, it costs nothing more");
	}
}

/*
 * memblock_alloc() of each listed allocation of @phase, top-down under
 * current_limit. A per-cpu size is multiplied by the possible CPUs; a
 * temporary one is memblock_free()d when the phase ends (the per-cpu
 * allocator's bookkeeping, pcpu_free_alloc_info()).
 */
void mxi_step_early_allocs(struct mx_ctx *c, enum mx_phase phase, bool calibration)
{
	const struct mx_profile *p = c->p;
	unsigned cpus = mxi_ctx_possible_cpus(c);
	size_t first = c->L->nitems;

	for (size_t i = 0; i < p->nearly; i++) {
		const struct mx_early_alloc *e = &p->early[i];
		uint64_t align = e->align ? e->align : c->P->smp_cache_bytes, base, size;
		enum mx_item_kind kind = e->calibration ? MX_ITEM_CALIBRATION : MX_ITEM_EARLY;
		int it;

		if (e->calibration != calibration || (!calibration && e->phase != phase))
			continue;
		if (!e->size)
			continue;
		size = e->size;
		if (e->per_cpu && size > UINT64_MAX / cpus)
			size = UINT64_MAX;
		else if (e->per_cpu)
			size *= cpus;
		if (!mx_is_pow2(align)) {
			mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_ALIGNMENT, &e->pos, -1,
				    "alignment 0x%" PRIx64 " of '%s' is not a power of two", align,
				    e->name ? e->name : "?");
			continue;
		}
		if (mxi_ctx_alloc(c, size, align, 0, c->current_limit, &base)) {
			it = mxi_ctx_item(c, kind, e->name, 0, 0, MX_IF_FAILED | MX_IF_DYNAMIC, -1, (int)i);
			if (it >= 0)
				c->L->items[it].want = size;
			mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_ALLOC_FAILED, &e->pos, -1,
				    "early allocation '%s' of %" PRIu64 " bytes does not fit below 0x%" PRIx64,
				    e->name ? e->name : "?", size, c->current_limit);
			continue;
		}
		it = mxi_ctx_item(c, kind, e->name, base, size, MX_IF_PLACED | MX_IF_DYNAMIC, -1, (int)i);
		if (it >= 0) {
			c->L->items[it].align = align;
			c->L->items[it].win_hi = c->current_limit;
		}
	}
	/* the phase is over: give back its temporaries */
	for (size_t i = first; i < c->L->nitems; i++) {
		struct mx_item *t = &c->L->items[i];

		if (t->early < 0 || !(t->flags & MX_IF_PLACED) || !p->early[t->early].temporary)
			continue;
		mxi_ctx_unreserve(c, t->base, t->size);
		t->flags |= MX_IF_FREED;
		mxi_ctx_log(c, MX_LOG_MEMX, (int)i, "%s: temporary, freed at the end of the %s phase",
			   mxi_ctx_item_name(c, (int)i), mx_phase_name(phase));
	}
}
