/*
 * check_bootloader.c - what no other tool checks about the boot loader: load
 * addresses that collide, a tree whose regions fill U-Boot's LMB table, and
 * an initrd or tree left where the kernel initialises its first memory.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "engine_internal.h"

struct span {
	const char *what;       /* "kernel_addr_r + image-size" */
	uint64_t base, size;
};

static bool meet(const struct span *a, const struct span *b)
{
	return a->size && b->size && a->base < b->base + b->size && b->base < a->base + a->size;
}

static bool in_dram(const struct mxi_boot *B, const struct span *s)
{
	for (size_t i = 0; i < B->ndram; i++)
		if (s->base >= B->dram[i].base && s->base + s->size <= B->dram[i].base + B->dram[i].size)
			return true;
	return false;
}

/* @f against every enabled carve-out of the tree: load-carveout, at the region. */
static void over_carveouts(struct mx_ctx *c, const struct span *f, const char *how)
{
	const struct mx_profile *p = c->p;

	for (size_t r = 0; r < p->nregions; r++) {
		const struct mx_region *g = &p->regions[r];

		for (size_t j = 0; !(g->flags & MX_REGION_DISABLED) && j < g->nreg; j++) {
			struct span s = { g->name, g->reg[j].base, g->reg[j].size };

			if (meet(f, &s))
				mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_LOADER_CARVEOUT, &g->pos, (int)r,
					    "%s [0x%" PRIx64 "-0x%" PRIx64 ") %s the carve-out '%s' [0x%" PRIx64
					    "-0x%" PRIx64 ")", f->what, f->base, f->base + f->size, how, g->name,
					    s.base, s.base + s.size);
		}
	}
}

/*
 * The files U-Boot loads (the boot script's `load ... ${kernel_addr_r}`,
 * ${ramdisk_addr_r}, ${fdt_addr_r}) and what booti makes of them: each
 * against the others (a file loaded over another corrupts it; booti's
 * bootm_find_images() refuses a ramdisk or tree over the image), against
 * U-Boot's own memory (fs_read_lmb_check(): "Reading file would overwrite
 * reserved memory"), the end of DRAM, and the tree's carve-outs (the load
 * writes over memory the kernel is told to leave alone).
 */
static void load_addresses(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;
	const struct mx_bootloader *bl = &p->boot;
	const struct mxi_boot *B = &c->boot;
	struct span f[3];
	size_t n = 0;

	if (bl->kernel_addr_r.set && bl->image_size)
		f[n++] = (struct span){ "kernel_addr_r + image-size", bl->kernel_addr_r.v, bl->image_size };
	if (bl->ramdisk_addr_r.set && p->initrd.present && p->initrd.size && B->type == MX_LOADER_UBOOT)
		f[n++] = (struct span){ "ramdisk_addr_r + the initrd", bl->ramdisk_addr_r.v, p->initrd.size };
	/* in place the tree grows to the file + CONFIG_SYS_FDT_PAD ("space after the existing fdt") */
	if (bl->fdt_addr_r.set && bl->dtb_file)
		f[n++] = (struct span){ B->of_len && B->fdt_base == bl->fdt_addr_r.v ?
					"fdt_addr_r + the tree + CONFIG_SYS_FDT_PAD" : "fdt_addr_r + the tree",
					bl->fdt_addr_r.v, B->of_len && B->fdt_base == bl->fdt_addr_r.v ? B->of_len :
					bl->dtb_file };
	for (size_t i = 0; i < n; i++) {
		for (size_t k = i + 1; k < n; k++)
			if (meet(&f[i], &f[k]))
				mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_LOADER_OVERLAP, &bl->pos, -1,
					    "%s [0x%" PRIx64 "-0x%" PRIx64 ") runs into %s [0x%" PRIx64 "-0x%"
					    PRIx64 "): one file overwrites the other", f[i].what, f[i].base,
					    f[i].base + f[i].size, f[k].what, f[k].base, f[k].base + f[k].size);
		if (B->ndram && !in_dram(B, &f[i]))
			mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_LOADER_OVERLAP, &bl->pos, -1,
				    "%s [0x%" PRIx64 "-0x%" PRIx64 ") is not inside U-Boot's DRAM (it ends at 0x%"
				    PRIx64 ")", f[i].what, f[i].base, f[i].base + f[i].size, B->ram_top);
		for (size_t k = 0; k < bl->nlmb_top && B->ram_top; k++) {
			struct span u = { "U-Boot", B->ram_top - bl->lmb_top[k], bl->lmb_top[k] };

			if (bl->lmb_top[k] <= B->ram_top && meet(&f[i], &u)) {
				mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_LOADER_OVERLAP, &bl->pos, -1,
					    "%s [0x%" PRIx64 "-0x%" PRIx64 ") reaches U-Boot's own memory from 0x%"
					    PRIx64 ": \"** Reading file would overwrite reserved memory **\"",
					    f[i].what, f[i].base, f[i].base + f[i].size, u.base);
				break;
			}
		}
		over_carveouts(c, &f[i], "is loaded over");
	}
	/* the kernel where booti runs it (when it moved it), against the carve-outs */
	if (B->has_kernel && B->os_size && !(bl->kernel_addr_r.set && B->os_base == bl->kernel_addr_r.v)) {
		struct span k = { "the kernel image booti runs", B->os_base, B->os_size };

		over_carveouts(c, &k, "overlaps");
	}
}

/* The LMB table at the end: "who base+size", in address order. */
static void table_text(const struct mxi_boot *B, char *out, size_t n)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < B->nlmb && i < MXI_LMB_SHOW && used + 1 < n; i++) {
		int w = snprintf(out + used, n - used, "%s%s 0x%" PRIx64 "+0x%" PRIx64 "%s", i ? ", " : "",
				 B->lmb[i].what ? B->lmb[i].what : "?", B->lmb[i].base, B->lmb[i].size,
				 B->lmb[i].nomap ? " no-map" : "");

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

void mxi_checks_bootloader(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;
	const struct mxi_boot *B = &c->boot;
	char table[900];

	mxi_boot_run(&c->boot, p, c->P->arch);
	if (B->type != MX_LOADER_UBOOT && B->type != MX_LOADER_UEFI)
		return;
	table_text(B, table, sizeof(table));
	if (B->refused && B->refusal_check == MX_CHECK_LOADER_LMB)
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_LOADER_LMB, &p->boot.pos, -1,
			    "U-Boot %s does not start the kernel, %s: the %u regions of its LMB table "
			    "(CONFIG_LMB_MAX_REGIONS) are taken by %s; every /memreserve/ and the first reg of "
			    "each /reserved-memory node takes one (neighbours of equal no-map merge), and the "
			    "tree found no slot (fdt_high=0xffffffffffffffff keeps it in place, with none)",
			    p->boot.version, B->refusal, B->lmb_max, table);
	else if (B->refused)
		mxi_ctx_diag(c, MX_SEV_ERROR, (enum mx_check_id)B->refusal_check, &p->boot.pos, -1,
			    "%s %s does not start the kernel: %s", B->type == MX_LOADER_UEFI ? "UEFI" : "U-Boot",
			    p->boot.version, B->refusal);
	if (B->lmb_lost)
		mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_LOADER_LMB_LOST, &p->boot.pos, -1,
			    "U-Boot's LMB table (%u regions) has no room for %u of the tree's reserved regions (%s): "
			    "\"ERROR: reserving fdt memory region failed\"; it may put the tree over them",
			    B->lmb_max, B->lmb_lost, B->lmb_lost_text);
	load_addresses(c);
}

/* Pages of [base, + size), rounded out, below @limit. */
static uint64_t pages_below(uint64_t base, uint64_t size, uint64_t limit, uint64_t page)
{
	uint64_t s = mx_round_down(base, page), e = mx_round_up(base + size, page);

	if (e > limit)
		e = limit;
	return e > s ? (e - s) / page : 0;
}

/*
 * DEFERRED_STRUCT_PAGE_INIT: at mem_init only the first section of the last
 * zone has its struct pages (defer_init()), and the Memory line's
 * "available" counts free pages there only. An initrd or a tree the boot
 * loader leaves in that memory is reserved then: available is lower by its
 * pages (the initrd is freed later, the tree never); placed anywhere above
 * it would not be counted either way.
 */
void mxi_checks_bootloader_late(struct mx_ctx *c)
{
	const struct mx_layout *L = c->L;
	uint64_t limit;

	if ((c->boot.type != MX_LOADER_UBOOT && c->boot.type != MX_LOADER_UEFI) ||
	    !c->fl->deferred_available || !c->p->kside.deferred_init)
		return;
	limit = mxi_first_deferred(c);
	if (limit >= UINT64_MAX / c->page)
		return;
	limit *= c->page;
	for (size_t i = 0; i < L->nitems; i++) {
		const struct mx_item *it = &L->items[i];
		uint64_t n;

		if ((it->kind != MX_ITEM_INITRD && it->kind != MX_ITEM_FDT) || !(it->flags & MX_IF_PLACED))
			continue;
		n = pages_below(it->base, it->size, limit, c->page);
		if (n)
			mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_LOADER_EARLY, &c->p->boot.pos, -1,
				    "the %s at 0x%" PRIx64 " lies in the memory the kernel initialises before "
				    "mem_init (below 0x%" PRIx64 ", DEFERRED_STRUCT_PAGE_INIT): the Memory line's "
				    "available is %" PRIu64 "K lower (%s); above it, it would not be",
				    it->kind == MX_ITEM_INITRD ? "initrd" : "device tree", it->base, limit,
				    mx_layout_kib(L, n), it->kind == MX_ITEM_INITRD ?
				    "the initrd is freed only later, by free_initrd_mem()" : "the tree stays reserved");
	}
}
