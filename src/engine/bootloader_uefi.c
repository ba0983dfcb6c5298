/*
 * bootloader_uefi.c - U-Boot's bootefi (2023.01) and the arm64 EFI stub
 * (6.1): the EFI memory map they leave, where the kernel, the initrd and the
 * stub's tree go, and the tree's size.
 *
 * U-Boot: cmd/bootefi.c (copy_fdt, efi_install_fdt), lib/efi_loader/
 * efi_memory.c (efi_find_free_memory, efi_allocate_pages, efi_allocate_pool,
 * efi_alloc_aligned_pages), efi_dt_fixup.c (efi_carve_out_dt_rsv),
 * efi_image_loader.c (efi_load_pe). Linux: drivers/firmware/efi/libstub/
 * efi-stub.c, arm64-stub.c (handle_kernel_image), efi-stub-helper.c
 * (efi_convert_cmdline, handle_cmdline_files, efi_load_initrd), mem.c and
 * alignedmem.c (efi_allocate_pages_aligned), fdt.c (update_fdt,
 * allocate_new_fdt_and_exit_boot).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "engine_internal.h"

#define EFI_PAGE 0x1000ULL
#define EFI_ALLOC_ALIGN 0x10000ULL /* arm64: also SEGMENT_ALIGN, the PE SectionAlignment, EFI_KIMG_ALIGN */
#define MIN_KIMG_ALIGN (2ULL << 20)
#define MAX_FDT_SIZE (2ULL << 20)   /* libstub fdt.c */
#define POOL_HEADER 0x40            /* struct efi_pool_allocation: the data is 64-byte aligned */
#define MAX_CONV 512                /* conventional ranges replayed */

/* Conventional memory of the EFI map, ascending and disjoint (U-Boot merges neighbours). */
struct conv {
	struct mx_range r[MAX_CONV];
	size_t n;
};

static void conv_remove(struct conv *m, uint64_t base, uint64_t size)
{
	uint64_t end = base + size;

	for (size_t i = 0; i < m->n; i++) {
		uint64_t s = m->r[i].base, e = s + m->r[i].size;

		if (e <= base || s >= end)
			continue;
		if (s < base && e > end) {
			if (m->n == MAX_CONV)
				return;
			memmove(&m->r[i + 2], &m->r[i + 1], (m->n - i - 1) * sizeof(m->r[0]));
			m->n++;
			m->r[i].size = base - s;
			m->r[i + 1].base = end;
			m->r[i + 1].size = e - end;
			return;
		}
		if (s < base) {
			m->r[i].size = base - s;
		} else if (e > end) {
			m->r[i].base = end;
			m->r[i].size = e - end;
		} else {
			memmove(&m->r[i], &m->r[i + 1], (m->n - i - 1) * sizeof(m->r[0]));
			m->n--;
			i--;
		}
	}
}

static void conv_add(struct conv *m, uint64_t base, uint64_t size)
{
	size_t i = 0;

	if (!size)
		return;
	conv_remove(m, base, size);
	while (i < m->n && m->r[i].base < base)
		i++;
	if (m->n == MAX_CONV)
		return;
	memmove(&m->r[i + 1], &m->r[i], (m->n - i) * sizeof(m->r[0]));
	m->r[i].base = base;
	m->r[i].size = size;
	m->n++;
	/* efi_mem_sort(): neighbours of one type become one descriptor */
	for (size_t k = 0; k + 1 < m->n; ) {
		if (m->r[k].base + m->r[k].size == m->r[k + 1].base) {
			m->r[k].size += m->r[k + 1].size;
			memmove(&m->r[k + 1], &m->r[k + 2], (m->n - k - 2) * sizeof(m->r[0]));
			m->n--;
		} else {
			k++;
		}
	}
}

/*
 * efi_find_free_memory(): the highest conventional descriptor where
 * min(max, its end) - len still starts inside it; that address.
 */
static uint64_t find_free(const struct conv *m, uint64_t len, uint64_t max)
{
	max &= ~(EFI_PAGE - 1);
	for (size_t i = m->n; i-- > 0;) {
		uint64_t s = m->r[i].base, e = s + m->r[i].size, top = max < e ? max : e, at = top - len;

		if (top < len || at + len > max || at + len > e || at < s)
			continue;
		return at;
	}
	return 0;
}

/* efi_allocate_pages(ANY_PAGES or MAX_ADDRESS): 0 when nothing fits */
static uint64_t alloc_pages(struct conv *m, uint64_t pages, uint64_t max)
{
	uint64_t at = find_free(m, pages * EFI_PAGE, max);

	if (at)
		conv_remove(m, at, pages * EFI_PAGE);
	return at;
}

/* efi_alloc_aligned_pages() (U-Boot's PE loader): pages + align - 1 at the top, aligned, head and tail freed */
static uint64_t alloc_aligned_uboot(struct conv *m, uint64_t len, uint64_t align)
{
	uint64_t req = (len + EFI_PAGE - 1) / EFI_PAGE, tp = req + align / EFI_PAGE - 1, mem, al;

	if (!(mem = alloc_pages(m, tp, UINT64_MAX)))
		return 0;
	al = mx_round_up(mem, align);
	conv_add(m, mem, al - mem);
	conv_add(m, al + req * EFI_PAGE, mem + tp * EFI_PAGE - (al + req * EFI_PAGE));
	return al;
}

/*
 * libstub efi_allocate_pages_aligned(): the size rounded up to 64 KiB, align
 * / 4K - 1 slack pages, MAX_ADDRESS below ALIGN_DOWN(max + 1, align) - 1,
 * then the head and the tail of the slack freed.
 */
static uint64_t alloc_aligned_stub(struct conv *m, uint64_t size, uint64_t align, uint64_t max)
{
	uint64_t lim, sz, slack, at, al, l;

	if (align < EFI_ALLOC_ALIGN)
		align = EFI_ALLOC_ALIGN;
	lim = ((max + 1) & ~(align - 1)) - 1;
	sz = mx_round_up(size, EFI_ALLOC_ALIGN);
	slack = align / EFI_PAGE - 1;
	if (!(at = alloc_pages(m, sz / EFI_PAGE + slack, lim)))
		return 0;
	al = mx_round_up(at, align);
	l = (at & (align - 1)) / EFI_PAGE;
	if (l) {
		conv_add(m, at, (slack - l + 1) * EFI_PAGE);
		slack = l - 1;
	}
	if (slack)
		conv_add(m, al + sz, slack * EFI_PAGE);
	return al;
}

/* efi_allocate_pool(): pages of its own for every pool, the data at +0x40 */
static uint64_t pool(struct conv *m, uint64_t size)
{
	return alloc_pages(m, (size + POOL_HEADER + EFI_PAGE - 1) / EFI_PAGE, UINT64_MAX);
}

static bool word(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = s ? strstr(s, w) : NULL; p; p = strstr(p + 1, w))
		if ((p == s || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

/*
 * update_fdt(): the stub's copy of U-Boot's tree, packed: every
 * /memreserve/ deleted, bootargs (the same string U-Boot set), the six
 * linux,uefi-* properties (two u64, four u32), no kaslr-seed without an RNG.
 */
uint64_t mxi_uefi_fdt_size(const struct mx_profile *p, const struct mxi_boot *B, enum mx_arch arch)
{
	static const unsigned vlen[] = { 8, 8, 4, 4, 4, 4 };
	uint64_t s = mxi_uboot_content(p, B, arch) - 16 * p->nmemreserve;
	unsigned have = p->boot.tree.known ? p->boot.tree.strings : 0;

	for (unsigned k = MX_DTS_UEFI_FIRST; k < MX_DTS_COUNT; k++)
		s += 12 + vlen[k - MX_DTS_UEFI_FIRST] + ((have & (1u << k)) ? 0 : strlen(mx_dtb_string_name(k)) + 1);
	return s;
}

void mxi_uefi_run(struct mxi_boot *B, const struct mx_profile *p, enum mx_arch arch)
{
	struct conv m;
	const struct mx_bootloader *bl = &p->boot;
	uint64_t lowest = UINT64_MAX, top, fw, pages, at, text;

	memset(&m, 0, sizeof(m));
	B->bits = 64;
	B->ndram = mxi_uboot_dram(p, B->dram);
	B->rewrite = bl->ndram > 0;
	if (arch != MX_ARCH_ARM64 || !B->ndram || !B->dram[0].size) {
		mxi_boot_say(B->why_kernel, sizeof(B->why_kernel), "UEFI: %s; nothing placed",
		    arch != MX_ARCH_ARM64 ? "only the arm64 EFI stub is replayed" : "no DRAM bank known");
		return;
	}
	B->ram_base = B->dram[0].base;
	B->ram_top = top = B->dram[0].base + B->dram[0].size;
	for (size_t i = 0; i < B->ndram; i++) {
		conv_add(&m, mx_round_up(B->dram[i].base, EFI_PAGE),
			 mx_round_down(B->dram[i].base + B->dram[i].size, EFI_PAGE) -
			 mx_round_up(B->dram[i].base, EFI_PAGE));
		if (B->dram[i].base < lowest)
			lowest = B->dram[i].base;
	}
	/* U-Boot's own area at the top: relocated code, malloc, stack, its EFI allocations */
	fw = bl->efi_top < top - B->ram_base ? bl->efi_top : top - B->ram_base;
	conv_remove(&m, top - fw, fw);
	for (size_t i = 0; i < bl->nruntime && B->nefi_nomap < MXI_EFI_NOMAP; i++) {
		const struct mx_range *r = &bl->runtime[i];

		if (!r->size || r->base > top - B->ram_base)
			continue;
		B->efi_nomap[B->nefi_nomap] = (struct mx_range){ top - r->base, r->size };
		B->efi_nomap_what[B->nefi_nomap++] = "EFI runtime services";
		conv_remove(&m, top - r->base, r->size);
	}
	/* copy_fdt(): ceil((file + 12K) / 4K) pages of EFI_ACPI_RECLAIM_MEMORY ending at RAM + 127 MiB + them */
	if (bl->dtb_file) {
		pages = (bl->dtb_file + 0x3000 + EFI_PAGE - 1) / EFI_PAGE;
		B->efi_copy = alloc_pages(&m, pages, lowest + 0x7f00000 + pages * EFI_PAGE);
		B->efi_copy_size = B->efi_copy ? pages * EFI_PAGE : 0;
	}
	/* efi_carve_out_dt_rsv(): /memreserve/ and no-map -> EFI_RESERVED, other reg -> boot services data */
	for (size_t i = 0; i < p->nmemreserve; i++)
		conv_remove(&m, p->memreserve[i].base, p->memreserve[i].size);
	for (size_t i = 0; i < p->nregions; i++)
		if (!(p->regions[i].flags & MX_REGION_DISABLED) && p->regions[i].nreg)
			conv_remove(&m, p->regions[i].reg[0].base, p->regions[i].reg[0].size);
	/* efi_load_pe(): SizeOfImage, SectionAlignment 64K, top-down */
	if (!bl->image_size) {
		mxi_boot_say(B->why_kernel, sizeof(B->why_kernel), "UEFI: the profile gives no image-size (SizeOfImage); "
		    "the kernel is where the profile puts it");
		return;
	}
	text = alloc_aligned_uboot(&m, bl->image_size, EFI_ALLOC_ALIGN);
	if (!text) {
		snprintf(B->refusal, sizeof(B->refusal), "bootefi: no room for the %" PRIu64 "-byte image",
			 bl->image_size);
		B->refused = true;
		B->refusal_check = MX_CHECK_LOADER_REFUSED;
		return;
	}
	mxi_boot_say(B->why_kernel, sizeof(B->why_kernel), "U-Boot efi_load_pe(): SizeOfImage 0x%" PRIx64 " at the top "
	    "of the highest free conventional memory (below U-Boot's own 0x%" PRIx64 "), 64 KiB-aligned: "
	    "_text 0x%" PRIx64, bl->image_size, top - fw, text);
	/* efi_convert_cmdline(): a pool */
	pool(&m, p->bootargs ? strlen(p->bootargs) + 1 : 1);
	/*
	 * handle_kernel_image(): no EFI_RNG_PROTOCOL, so no random placement;
	 * the image runs where it is when aligned to min_kimg_align (64 KiB;
	 * 2 MiB with nokaslr, decided before the RNG is asked), else it is
	 * copied to an aligned place
	 */
	if (word(p->bootargs, "nokaslr") && (text & (MIN_KIMG_ALIGN - 1))) {
		at = alloc_aligned_stub(&m, bl->image_size, MIN_KIMG_ALIGN, UINT64_MAX);
		if (at) {
			mxi_boot_say(B->why_kernel, sizeof(B->why_kernel), "; nokaslr: handle_kernel_image() copies it "
			    "2 MiB-aligned to 0x%" PRIx64, at);
			text = at;
		}
	} else {
		mxi_boot_say(B->why_kernel, sizeof(B->why_kernel), "; the EFI stub's handle_kernel_image() runs it "
		    "there (64 KiB-aligned, no EFI_RNG_PROTOCOL)%s", text & (MIN_KIMG_ALIGN - 1) ?
		    ": 2 MiB-misaligned, so kaslr_offset() != 0 (\"KASLR enabled\")" : "");
	}
	B->has_kernel = true;
	B->kernel_text = text;
	/* handle_cmdline_files(): initrd= loads the initrd with efi_allocate_pages(), then its table */
	if (p->initrd.present && p->initrd.size) {
		if (p->initrd.has_base) {
			at = p->initrd.base;
			conv_remove(&m, at, mx_round_up(p->initrd.size, EFI_ALLOC_ALIGN));
		} else {
			at = alloc_aligned_stub(&m, p->initrd.size, EFI_ALLOC_ALIGN,
						(text & ~((1ULL << 30) - 1)) + (1ULL << 47));
		}
		if (at) {
			B->has_initrd = true;
			B->initrd_base = at;
			mxi_boot_say(B->why_initrd, sizeof(B->why_initrd), "the EFI stub's handle_cmdline_files() (initrd= "
			    "on the command line): efi_allocate_pages(%" PRIu64 ") - 64 KiB-aligned, top-down: 0x%"
			    PRIx64 "; published as the LINUX_EFI_INITRD_MEDIA table, no /chosen properties",
			    p->initrd.size, at);
			pool(&m, 16); /* struct linux_efi_initrd */
		}
	}
	/* install_memreserve_table(): a pool the kernel reserves 16 bytes of */
	at = pool(&m, 16);
	B->efi_memreserve = at ? at + POOL_HEADER : 0;
	/* allocate_new_fdt_and_exit_boot(): MAX_FDT_SIZE, 64 KiB-aligned, top-down */
	if (p->fdt.present && p->fdt.has_base)
		at = p->fdt.base;
	else
		at = bl->dtb_file ? alloc_aligned_stub(&m, MAX_FDT_SIZE, EFI_ALLOC_ALIGN, UINT64_MAX) : 0;
	if (at) {
		B->has_fdt = true;
		B->fdt_base = at;
		B->content = mxi_uboot_content(p, B, arch);
		B->fdt_size = mxi_uefi_fdt_size(p, B, arch);
		mxi_boot_say(B->why_fdt, sizeof(B->why_fdt), "the EFI stub's allocate_new_fdt_and_exit_boot(): 2 MiB, "
		    "64 KiB-aligned, top-down: 0x%" PRIx64 " (U-Boot's own copy stays at 0x%" PRIx64 ")", at,
		    B->efi_copy);
		mxi_boot_say(B->why_size, sizeof(B->why_size), "U-Boot's copy after fdt_chosen() and "
		    "fdt_fixup_memory_banks(): %" PRIu64 " bytes; the stub's update_fdt() deletes %zu "
		    "/memreserve/ (16 bytes each), adds linux,uefi-system-table, -mmap-start (u64), -mmap-size, "
		    "-mmap-desc-size, -mmap-desc-ver, -secure-boot (u32) and fdt_pack()s it: %" PRIu64 " bytes",
		    B->content, p->nmemreserve, B->fdt_size);
	}
	/* efi_get_memory_map() for ExitBootServices(): EFI_ACPI_RECLAIM_MEMORY, one page for these maps */
	B->efi_mmap = pool(&m, (B->nefi_nomap + m.n + 24) * 40);
}
