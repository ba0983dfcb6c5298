/*
 * compare_loader.c - the boot loader in a comparison: what U-Boot's log says
 * it was set to, where the boot's logs say the kernel, the initrd and the
 * tree were, and the rows that compare them with the prediction.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "compare_internal.h"

#define PAGE 4096ULL

static bool firmware(const struct mx_profile *p)
{
	return p->boot.type == MX_LOADER_UBOOT || p->boot.type == MX_LOADER_UEFI;
}

static int say(struct mx_diaglist *notes, const struct mx_profile *p, const char *check, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int say(struct mx_diaglist *notes, const struct mx_profile *p, const char *check, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = mx_diag_vadd(notes, MX_SEV_NOTE, check, &p->pos, -1, fmt, ap);
	va_end(ap);
	return r ? MX_ENOMEM : 1;
}

/* ---- the kernel log (memblock=debug) ------------------------------------- */

/* Where the kernel's own reservations say things were. */
struct seen {
	bool kernel;
	uint64_t stext;
	int kline;
	bool initrd;              /* the initrd's page-rounded reservation */
	uint64_t ibase, isize;
	int iline;
	bool exact;               /* U-Boot's /memreserve/ of it: exact bytes */
	uint64_t ebase, esize;
	int eline;
	bool efi;                 /* reserve_regions(): the boot went through UEFI */
	bool copy;                /* reserve_regions()'s ACPI-reclaim reservation that efi_init() does not repeat */
	uint64_t cbase, csize;
	int cline;
};

static bool is(const struct mx_bootlog_memop *o, enum mx_bootlog_op op, const char *caller)
{
	return o->op == op && !strcmp(o->caller, caller);
}

/*
 * arch/arm64/mm/init.c arm64_memblock_init(): memblock_add() then
 * memblock_reserve() of the page-rounded initrd, then memblock_reserve() of
 * _stext.._end; arch/arm/mm/init.c arm_memblock_init(): the kernel first,
 * the initrd from reserve_initrd_mem(); early_init_fdt_scan_reserved_mem()
 * then reserves each /memreserve/, U-Boot's for the initrd among them.
 * drivers/firmware/efi/efi-init.c reserve_regions() and efi_init().
 */
static void observe(const struct mx_bootlog *b, struct seen *s)
{
	struct mx_bootlog_memop cur, before = { .op = MX_BLOP_OTHER, .caller = "" };

	memset(s, 0, sizeof(*s));
	for (size_t i = 0; mx_bootlog_op(b, i, &cur); i++, before = cur) {
		const struct mx_bootlog_memop *o = &cur;

		if (is(o, MX_BLOP_REMOVE, "reserve_regions"))
			s->efi = true;
		if (is(o, MX_BLOP_RESERVE, "reserve_initrd_mem") && !s->initrd) {
			s->initrd = true;
			s->ibase = o->base;
			s->isize = o->size;
			s->iline = o->line;
		} else if (is(o, MX_BLOP_RESERVE, "arm64_memblock_init") || is(o, MX_BLOP_RESERVE, "arm_memblock_init")) {
			const struct mx_bootlog_memop *prev = i ? &before : NULL;

			if (prev && prev->op == MX_BLOP_ADD && !strcmp(prev->caller, o->caller) &&
			    prev->base == o->base && prev->size == o->size) {
				if (!s->initrd) {
					s->initrd = true;
					s->ibase = o->base;
					s->isize = o->size;
					s->iline = o->line;
				}
			} else if (!s->kernel) {
				s->kernel = true;
				s->stext = o->base;
				s->kline = o->line;
			}
		} else if (is(o, MX_BLOP_RESERVE, "early_init_fdt_scan_reserved_mem") && s->initrd && !s->exact &&
			   o->base >= s->ibase && o->base - s->ibase < PAGE && o->base + o->size <= s->ibase + s->isize &&
			   s->ibase + s->isize - (o->base + o->size) < PAGE) {
			s->exact = true;
			s->ebase = o->base;
			s->esize = o->size;
			s->eline = o->line;
		} else if (is(o, MX_BLOP_RESERVE, "reserve_regions") && !s->copy) {
			struct mx_bootlog_memop ok;
			bool again = false;

			for (size_t k = 0; mx_bootlog_op(b, k, &ok); k++)
				again |= is(&ok, MX_BLOP_RESERVE, "efi_init") && ok.base == o->base;
			if (!again) {
				s->copy = true;
				s->cbase = o->base;
				s->csize = o->size;
				s->cline = o->line;
			}
		}
	}
}

static int item_of(const struct mx_layout *L, enum mx_item_kind kind, const char *name)
{
	for (size_t i = 0; i < L->nitems; i++)
		if (L->items[i].kind == kind && (L->items[i].flags & MX_IF_PLACED) &&
		    (!name || !strcmp(L->items[i].name, name)))
			return (int)i;
	return -1;
}

/* The reserved range (debugfs, else the early MEMBLOCK dump) holding @addr. */
static const struct mx_bootlog_range *reserved_at(const struct mx_bootlog *b, uint64_t addr)
{
	const struct mx_bootlog_range *t = b->has_dbg_reserved ? b->dbg_reserved : b->dump_reserved;
	size_t n = b->has_dbg_reserved ? b->ndbg_reserved : b->has_dump ? b->ndump_reserved : 0;

	for (size_t i = 0; i < n; i++)
		if (addr >= t[i].base && addr - t[i].base < t[i].size)
			return &t[i];
	return NULL;
}

int mxi_compare_loader(struct mx_compare *c, const struct mx_layout *L, const struct mx_profile *p,
		       const struct mx_bootlog *b)
{
	const struct mx_params *P = &L->params;
	struct seen s;
	int r = 0, it;

	if (!firmware(p))
		return 0;
	observe(b, &s);
	it = item_of(L, MX_ITEM_KERNEL, NULL);
	r |= mxi_cmp_fig(c, "boot loader", "kernel _stext", MX_CMP_ADDR, it >= 0, P->kernel_base, s.kernel,
			 s.stext, it, s.kline);
	it = item_of(L, MX_ITEM_INITRD, NULL);
	if (s.exact || !s.initrd) {
		r |= mxi_cmp_fig(c, "boot loader", "initrd start", MX_CMP_ADDR, it >= 0, P->initrd_base, s.exact,
				 s.ebase, it, s.eline);
		r |= mxi_cmp_fig(c, "boot loader", "initrd size", MX_CMP_BYTES, it >= 0, P->initrd_size, s.exact,
				 s.esize, it, s.eline);
	} else {
		uint64_t pb = P->initrd_base & ~(PAGE - 1), pe = (P->initrd_base + P->initrd_size + PAGE - 1) & ~(PAGE - 1);

		r |= mxi_cmp_fig(c, "boot loader", "initrd start (page)", MX_CMP_ADDR, it >= 0, pb, true, s.ibase,
				 it, s.iline);
		r |= mxi_cmp_fig(c, "boot loader", "initrd pages (bytes)", MX_CMP_BYTES, it >= 0, pe - pb, true,
				 s.isize, it, s.iline);
	}
	it = item_of(L, MX_ITEM_FDT, NULL);
	if (it >= 0) {
		const struct mx_bootlog_range *o = reserved_at(b, L->items[it].base);

		r |= mxi_cmp_fig(c, "boot loader", "DTB base", MX_CMP_ADDR, true, L->items[it].base, o != NULL,
				 o ? o->base : 0, it, o ? o->line : 0);
		r |= mxi_cmp_fig(c, "boot loader", "DTB size", MX_CMP_BYTES, true, L->items[it].size, o != NULL,
				 o ? o->size : 0, it, o ? o->line : 0);
	}
	if (p->boot.type == MX_LOADER_UEFI || s.efi) {
		it = item_of(L, MX_ITEM_MEMRESERVE, "U-Boot's device tree copy (EFI ACPI reclaim)");
		r |= mxi_cmp_fig(c, "boot loader", "U-Boot tree copy base", MX_CMP_ADDR, it >= 0,
				 it >= 0 ? L->items[it].base : 0, s.copy, s.cbase, it, s.cline);
		r |= mxi_cmp_fig(c, "boot loader", "U-Boot tree copy size", MX_CMP_BYTES, it >= 0,
				 it >= 0 ? L->items[it].size : 0, s.copy, s.csize, it, s.cline);
	}
	return r ? MX_ENOMEM : 0;
}

/* ---- U-Boot's log: its settings --------------------------------------------- */

static int env(struct mx_diaglist *notes, const struct mx_profile *p, struct mx_envaddr *have,
	       const struct mx_envaddr *got, const char *name, int line)
{
	char was[24];

	if (!got->set || (have->set && have->v == got->v))
		return 0;
	if (have->set)
		snprintf(was, sizeof(was), "0x%" PRIx64, have->v);
	else
		snprintf(was, sizeof(was), "unset");
	*have = *got;
	if (line)
		return say(notes, p, "boot-loader", "U-Boot's %s: the profile's %s, the boot's 0x%" PRIx64
			   " (its log, line %d)", name, was, got->v, line);
	return say(notes, p, "boot-loader", "U-Boot's %s: the profile's %s, the boot's 0x%" PRIx64
		   " (its log)", name, was, got->v);
}

static bool same_banks(const struct mx_range *a, size_t na, const struct mx_profile *p)
{
	if (p->boot.ndram)
		return mx_ranges_equal(a, na, p->boot.dram, p->boot.ndram);
	if (na != p->nmemory)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i].base != p->memory[i].base || a[i].size != p->memory[i].size)
			return false;
	return true;
}

int mxi_adopt_loader_settings(struct mx_profile *p, const struct mx_ubootlog *u, struct mx_diaglist *notes)
{
	struct mx_bootloader *bl = &p->boot;
	int n = 0, r;

	if (!firmware(p)) {
		if (mx_ubootlog_usable(u))
			return say(notes, p, "boot-loader", "a U-Boot log is given, but the profile's boot-loader "
				   "is %s: its facts are not used", mx_loader_name(bl->type)) < 0 ? MX_ENOMEM : 0;
		return 0;
	}
	if (u->version[0] && strcmp(u->version, bl->version)) {
		if ((r = say(notes, p, "boot-loader", "U-Boot's version: the profile's \"%s\", the boot's \"%s\" "
			     "(its banner; /chosen u-boot,version)", bl->version, u->version)) < 0)
			return r;
		snprintf(bl->version, sizeof(bl->version), "%s", u->version);
		n++;
	}
	if (u->bits && u->bits != (bl->bits ? bl->bits : p->arch == MX_ARCH_ARM64 ? 64u : 32u)) {
		if ((r = say(notes, p, "boot-loader", "U-Boot is a %u-bit build (bdinfo)", u->bits)) < 0)
			return r;
		bl->bits = u->bits;
		n++;
	}
#define ENV(f, name, line)                                                        \
	do {                                                                      \
		if ((r = env(notes, p, &bl->f, &u->f, name, line)) < 0)           \
			return r;                                                 \
		n += r;                                                           \
	} while (0)
	ENV(fdt_high, "fdt_high", u->fdt_high_line);
	ENV(initrd_high, "initrd_high", u->initrd_high_line);
	ENV(kernel_addr_r, "kernel_addr_r", 0);
	ENV(ramdisk_addr_r, "ramdisk_addr_r", 0);
#undef ENV
	{
		/* the tree booti was given: "## Flattened Device Tree blob at X", else ${fdt_addr_r} */
		struct mx_envaddr f = u->fdt_given.has ? (struct mx_envaddr){ u->fdt_given.base, true } : u->fdt_addr_r;

		if ((r = env(notes, p, &bl->fdt_addr_r, &f, "tree address (booti's third argument)",
			     u->fdt_given.line)) < 0)
			return r;
		n += r;
	}
	if (u->zimage.has) {
		/* bootz: "Kernel image @ X [ 0x0 - size ]" */
		struct mx_envaddr z = { u->zimage.base, true };

		if ((r = env(notes, p, &bl->kernel_addr_r, &z, "zImage address", u->zimage.line)) < 0)
			return r;
		n += r;
		if (u->zimage.end - u->zimage.base != bl->image_size) {
			if ((r = say(notes, p, "boot-loader", "the zImage bootz reserves: the profile's %" PRIu64
				     " bytes, the boot's %" PRIu64 " (its log, line %d)", bl->image_size,
				     u->zimage.end - u->zimage.base, u->zimage.line)) < 0)
				return r;
			bl->image_size = u->zimage.end - u->zimage.base;
			n++;
		}
	}
	if (u->ndram && !same_banks(u->dram, u->ndram, p)) {
		if ((r = say(notes, p, "boot-loader", "U-Boot's DRAM (bdinfo): 0x%" PRIx64 "+0x%" PRIx64 "%s; "
			     "fdt_fixup_memory_banks() writes it into /memory", u->dram[0].base, u->dram[0].size,
			     u->ndram > 1 ? " and more banks" : "")) < 0)
			return r;
		memcpy(bl->dram, u->dram, u->ndram * sizeof(u->dram[0]));
		bl->ndram = u->ndram;
		n++;
	}
	if (u->nlmb && u->ndram && bl->type == MX_LOADER_UBOOT) {
		/* bdinfo's lmb_dump_all: the regions that end at the end of DRAM are U-Boot's own */
		uint64_t top = u->dram[0].base + u->dram[0].size, tops[MX_LOADER_TOPS];
		size_t k = 0;

		for (size_t i = 0; i < u->nlmb && k < MX_LOADER_TOPS; i++)
			if (u->lmb[i].base + u->lmb[i].size == top)
				tops[k++] = u->lmb[i].size;
		if (k && (k != bl->nlmb_top || memcmp(tops, bl->lmb_top, k * sizeof(tops[0])))) {
			if ((r = say(notes, p, "boot-loader-calibration", "U-Boot's own LMB regions (bdinfo): %zu, "
				     "the lowest 0x%" PRIx64 " below the end of DRAM; the profile says %zu",
				     k, tops[0], bl->nlmb_top)) < 0)
				return r;
			memcpy(bl->lmb_top, tops, k * sizeof(tops[0]));
			bl->nlmb_top = k;
			n++;
		}
	}
	if (u->failure[0]) {
		if ((r = say(notes, p, "boot-loader", "U-Boot stopped: \"%s\" (its log, line %d)", u->failure,
			     u->failure_line)) < 0)
			return r;
	}
	return n;
}

/* ---- where things were ------------------------------------------------------- */

int mxi_adopt_loader_placements(struct mx_profile *p, const struct mx_layout *L, const struct mx_bootlog *b,
				const struct mx_ubootlog *u, struct mx_diaglist *notes)
{
	const struct mx_params *P = &L->params;
	struct seen s;
	int n = 0, r;

	if (!firmware(p))
		return 0;
	observe(b, &s);
	if (s.efi != (p->boot.type == MX_LOADER_UEFI) && b->nops &&
	    (r = say(notes, p, "boot-loader", "the boot %s through UEFI (reserve_regions() %s in the log), the "
		     "profile's boot-loader is %s: its EFI figures will differ", s.efi ? "went" : "did not go",
		     s.efi ? "is" : "is not", mx_loader_name(p->boot.type))) < 0)
		return r;
	if (s.kernel && P->kernel_base != s.stext) {
		if ((r = say(notes, p, "boot-loader-placement", "the kernel: predicted _stext 0x%" PRIx64 ", the "
			     "boot's 0x%" PRIx64 " (memblock=debug, line %d); the boot's is used (--keep-loader "
			     "keeps the prediction)", P->kernel_base, s.stext, s.kline)) < 0)
			return r;
		p->kernel_image.base = s.stext;
		p->kernel_image.has_base = true;
		n++;
	}
	if (p->initrd.present && p->initrd.size) {
		uint64_t base = 0, size = p->initrd.size;
		const char *from = NULL;
		int line = 0;

		if (u && u->ramdisk.has) {
			base = u->ramdisk.base;
			size = u->ramdisk.end - u->ramdisk.base;
			from = "U-Boot's \"Loading Ramdisk to\"";
			line = u->ramdisk.line;
		} else if (s.exact) {
			base = s.ebase;
			size = s.esize;
			from = "U-Boot's /memreserve/ (memblock=debug)";
			line = s.eline;
		} else if (s.initrd && (P->initrd_base & ~(PAGE - 1)) != s.ibase) {
			base = s.ibase + (P->initrd_base & (PAGE - 1));
			from = "the initrd's reservation (memblock=debug)";
			line = s.iline;
		}
		if (from && (base != P->initrd_base || size != P->initrd_size)) {
			if ((r = say(notes, p, "boot-loader-placement", "the initrd: predicted 0x%" PRIx64 "+%" PRIu64
				     ", the boot's 0x%" PRIx64 "+%" PRIu64 " (%s, line %d); the boot's is used",
				     P->initrd_base, P->initrd_size, base, size, from, line)) < 0)
				return r;
			p->initrd.base = base;
			p->initrd.has_base = true;
			p->initrd.size = size;
			n++;
		}
	}
	if (u && u->fdt.has && P->fdt_size && u->fdt.base != P->fdt_base) {
		if ((r = say(notes, p, "boot-loader-placement", "the tree: predicted at 0x%" PRIx64 ", the boot's "
			     "0x%" PRIx64 " (U-Boot's \"%s\", line %d); the boot's is used", P->fdt_base, u->fdt.base,
			     u->fdt_in_place ? "Using Device Tree in place at" : "Loading Device Tree to",
			     u->fdt.line)) < 0)
			return r;
		if (!p->fdt.present) {
			p->fdt.present = true;
			p->fdt.size = p->boot.dtb_file;
		}
		p->fdt.base = u->fdt.base;
		p->fdt.has_base = true;
		n++;
	}
	return n;
}
