/*
 * bootloader_uboot.c - U-Boot (2023.01) booti / bootz: its LMB, where the
 * kernel, the initrd and the tree go, and the size of the tree it hands over.
 *
 * The functions cited are U-Boot's: lib/lmb.c, boot/bootm.c,
 * boot/image-board.c, boot/image-fdt.c, common/fdt_support.c, cmd/booti.c,
 * cmd/bootz.c, arch/arm/lib/image.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "engine_internal.h"

#define SZ_4K 0x1000ULL
#define SZ_2M (2ULL << 20)
#define FDT_RAMDISK_OVERHEAD 0x80 /* include/fdt_support.h */
#define FDT_SHRINK_RSV (5 * 16)   /* fdt_shrink_to_minimum(): room for 5 fdt_add_mem_rsv() */

/* U-Boot's LMB: its memory (one region, bootm_low + bootm_size) and its reserved table */
struct ub {
	struct mxi_boot *B;
	const struct mx_profile *p;
	uint64_t mask;           /* phys_addr_t / ulong of the build */
	uint64_t mem_base, mem_size;
	struct mxi_lmbr r[MX_LOADER_LMB_MAX + 1];
	size_t cnt, max;
};

static uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

/* lmb_addrs_overlap() */
static bool overlaps(uint64_t b1, uint64_t s1, uint64_t b2, uint64_t s2)
{
	return b1 <= b2 + s2 - 1 && b2 <= b1 + s1 - 1;
}

/* lmb_addrs_adjacent(): 1 when the second starts where the first ends, -1 the other way */
static int adjacent(uint64_t b1, uint64_t s1, uint64_t b2, uint64_t s2)
{
	if (b2 == b1 + s1)
		return 1;
	if (b1 == b2 + s2)
		return -1;
	return 0;
}

/*
 * lmb_add_region_flags(): an equal region is already there (0; -1 with
 * other flags); the first neighbour in table order that is adjacent with
 * the same flags absorbs it (adjacency is tested before overlap, region by
 * region; an adjacent region of other flags stops the search); a region
 * that overlaps one met before is refused (-1); then it and the next
 * region coalesce when adjacent with equal flags; else it takes a slot,
 * sorted by base, or is refused when the table (CONFIG_LMB_MAX_REGIONS) is
 * full.
 */
static long lmb_add(struct ub *u, uint64_t base, uint64_t size, bool nomap, const char *what)
{
	long coalesced = 0;
	size_t i;

	if (!u->cnt) {
		u->r[0] = (struct mxi_lmbr){ base, size, nomap, what };
		u->cnt = 1;
		return 0;
	}
	for (i = 0; i < u->cnt; i++) {
		struct mxi_lmbr *g = &u->r[i];
		int adj;

		if (g->base == base && g->size == size)
			return g->nomap == nomap ? 0 : -1;
		adj = adjacent(base, size, g->base, g->size);
		if (adj > 0) {
			if (nomap != g->nomap)
				break;
			g->base -= size;
			g->size += size;
			coalesced++;
			break;
		} else if (adj < 0) {
			if (nomap != g->nomap)
				break;
			g->size += size;
			coalesced++;
			break;
		} else if (overlaps(base, size, g->base, g->size)) {
			return -1;
		}
	}
	if (i + 1 < u->cnt && adjacent(u->r[i].base, u->r[i].size, u->r[i + 1].base, u->r[i + 1].size) &&
	    u->r[i].nomap == u->r[i + 1].nomap) {
		/* lmb_coalesce_regions() */
		u->r[i].size += u->r[i + 1].size;
		memmove(&u->r[i + 1], &u->r[i + 2], (u->cnt - i - 2) * sizeof(u->r[0]));
		u->cnt--;
		coalesced++;
	}
	if (coalesced)
		return coalesced;
	if (u->cnt >= u->max)
		return -1;
	for (i = u->cnt; i > 0 && base < u->r[i - 1].base; i--)
		u->r[i] = u->r[i - 1];
	u->r[i] = (struct mxi_lmbr){ base, size, nomap, what };
	u->cnt++;
	return 0;
}

/*
 * __lmb_alloc_base(): from the top of memory (or @max, exclusive), aligned
 * down; while the candidate overlaps a reserved region, the first such in
 * address order, try again just below it. 0 when nothing fits, and 0 too
 * when a place was found but the table had no slot for it (*@full).
 */
static uint64_t lmb_alloc(struct ub *u, uint64_t size, uint64_t align, uint64_t max, const char *what,
			  bool *full)
{
	uint64_t base, top = u->mem_base + u->mem_size;

	*full = false;
	if (u->mem_size < size)
		return 0;
	if (!max) {
		base = align_down(top - size, align);
	} else if (u->mem_base < max) {
		base = top < u->mem_base ? u->mask : top;
		if (base > max)
			base = max;
		base = align_down((base - size) & u->mask, align);
	} else {
		return 0;
	}
	while (base && u->mem_base <= base) {
		size_t k = 0;

		while (k < u->cnt && !overlaps(base, size, u->r[k].base, u->r[k].size))
			k++;
		if (k == u->cnt) {
			if (lmb_add(u, base, size, false, what) < 0) {
				*full = true;
				return 0;
			}
			return base;
		}
		if (u->r[k].base < size)
			break;
		base = align_down(u->r[k].base - size, align);
	}
	return 0;
}

static void refuse(struct ub *u, enum mx_check_id check, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void refuse(struct ub *u, enum mx_check_id check, const char *fmt, ...)
{
	va_list ap;

	if (u->B->refused)
		return;
	u->B->refused = true;
	u->B->refusal_check = (int)check;
	va_start(ap, fmt);
	vsnprintf(u->B->refusal, sizeof(u->B->refusal), fmt, ap);
	va_end(ap);
}

size_t mxi_uboot_dram(const struct mx_profile *p, struct mx_range *out)
{
	size_t n = 0;

	if (p->boot.ndram) {
		memcpy(out, p->boot.dram, p->boot.ndram * sizeof(*out));
		return p->boot.ndram;
	}
	for (size_t i = 0; i < p->nmemory && n < MX_LOADER_BANKS; i++) {
		out[n].base = p->memory[i].base;
		out[n++].size = p->memory[i].size;
	}
	return n;
}

/* The root's #address-cells / #size-cells: the tree's, else 2 on arm64 and LPAE, 1 on 32-bit ARM. */
static void cells(const struct mx_profile *p, enum mx_arch arch, unsigned *ac, unsigned *sc)
{
	unsigned d = arch == MX_ARCH_ARM && !p->kside.lpae ? 1 : 2;

	*ac = p->dt_addr_cells ? p->dt_addr_cells : d;
	*sc = p->dt_size_cells ? p->dt_size_cells : d;
}

/*
 * libfdt fdt_setprop(): a new property is a 12-byte header and its value
 * padded to 4, plus its name in the strings block unless the name is
 * already there; an existing one grows or shrinks by the padded lengths.
 */
static int64_t setprop(int32_t old, uint64_t len, const struct mx_dtbfacts *t, unsigned bit)
{
	if (old < 0)
		return 12 + (int64_t)mx_round_up(len, 4) +
		       ((t->strings & (1u << bit)) ? 0 : (int64_t)strlen(mx_dtb_string_name(bit)) + 1);
	return (int64_t)mx_round_up(len, 4) - (int64_t)mx_round_up((uint64_t)old, 4);
}

/* The facts of the file, or what a profile without one is assumed to hold (struct mx_dtbfacts). */
static struct mx_dtbfacts facts(const struct mx_profile *p, enum mx_arch arch)
{
	struct mx_dtbfacts t = p->boot.tree;
	unsigned ac, sc;

	if (t.known)
		return t;
	cells(p, arch, &ac, &sc);
	memset(&t, 0, sizeof(t));
	t.packed = (uint32_t)p->boot.dtb_file;
	t.chosen = t.memory = true;
	t.bootargs = t.version = t.initrd_start = t.initrd_end = -1;
	t.mem_type = 7;
	t.mem_banks = (unsigned)(p->nmemory < MX_LOADER_BANKS ? p->nmemory : MX_LOADER_BANKS);
	t.mem_reg = (int32_t)(4 * (ac + sc) * (t.mem_banks ? t.mem_banks : 1));
	t.strings = MX_DTS_DEVICE_TYPE | MX_DTS_REG;
	return t;
}

/*
 * image_setup_libfdt() on the copy: fdt_chosen() (/chosen found or added:
 * 16 bytes; bootargs from the environment; u-boot,version, always), then
 * arch_fixup_fdt() -> fdt_fixup_memory_banks() (the first memory[@...]
 * node found or added; device_type = "memory"; reg = U-Boot's banks in the
 * root's cells). The result is the content fdt_shrink_to_minimum() measures.
 */
uint64_t mxi_uboot_content(const struct mx_profile *p, const struct mxi_boot *B, enum mx_arch arch)
{
	struct mx_dtbfacts t = facts(p, arch);
	unsigned ac, sc;
	int64_t s = t.packed;

	cells(p, arch, &ac, &sc);
	if (!t.chosen)
		s += 16; /* FDT_BEGIN_NODE, "chosen" padded to 8, FDT_END_NODE */
	if (p->bootargs && *p->bootargs)
		s += setprop(t.bootargs, strlen(p->bootargs) + 1, &t, 0);
	if (p->boot.version[0])
		s += setprop(t.version, strlen(p->boot.version) + 1, &t, 1);
	if (!t.memory)
		s += 16; /* "memory" padded to 8 */
	s += setprop(t.mem_type, sizeof("memory"), &t, 2);
	if (B->ndram)
		s += setprop(t.mem_reg, B->ndram * 4 * (ac + sc), &t, 3);
	return s > 0 ? (uint64_t)s : 0;
}

/* U-Boot's view of its DRAM: bi_dram[], gd->ram_top and the LMB memory (boot_start_lmb()). */
static bool dram(struct ub *u, enum mx_arch arch)
{
	struct mxi_boot *B = u->B;
	const struct mx_bootloader *bl = &u->p->boot;
	struct mx_range d[MX_LOADER_BANKS];
	size_t n = mxi_uboot_dram(u->p, d);

	B->bits = bl->bits ? bl->bits : arch == MX_ARCH_ARM64 ? 64 : 32;
	u->mask = B->bits == 64 ? UINT64_MAX : 0xffffffffULL;
	/* fdt_fixup_memory_banks() stops at the first bank of size and start 0 */
	for (size_t i = 0; i < n && (d[i].base || d[i].size); i++)
		B->dram[B->ndram++] = d[i];
	B->rewrite = bl->ndram > 0;
	if (!B->ndram || !B->dram[0].size)
		return false;
	/*
	 * board_f.c: gd->ram_top = ram_base + ram_size (the first bank here,
	 * qemu-arm's dram_init()); a 32-bit top that wraps is the top of the
	 * 32-bit space (board_get_usable_ram_top()).
	 */
	B->ram_base = B->dram[0].base;
	B->ram_top = B->dram[0].base + B->dram[0].size;
	if (B->bits == 32 && (B->ram_top > (1ULL << 32) || B->ram_top < B->ram_base))
		B->ram_top = 1ULL << 32;
	/* env_get_bootm_low() / env_get_bootm_size(): [ram_base, ram_top), mapsize = size */
	u->mem_base = B->ram_base;
	u->mem_size = B->ram_top - B->ram_base;
	u->max = bl->max_regions ? bl->max_regions : 8;
	/*
	 * lmb_reserve_common(): arch_lmb_reserve() ([sp - 16K, ram_top)) and
	 * efi_lmb_reserve() (every EFI map entry but conventional memory, from
	 * the stack EFI_LOADER keeps down to the early EFI allocations). Their
	 * pieces coalesce region by region into regions that end at ram_top;
	 * the profile gives them as sizes below the top (bdinfo's lmb_dump_all).
	 */
	for (size_t i = 0; i < bl->nlmb_top; i++) {
		uint64_t s = bl->lmb_top[i] < u->mem_size ? bl->lmb_top[i] : u->mem_size;
		size_t k = u->cnt;

		if (!s || u->cnt >= u->max)
			continue;
		while (k > 0 && B->ram_top - s < u->r[k - 1].base) {
			u->r[k] = u->r[k - 1];
			k--;
		}
		u->r[k] = (struct mxi_lmbr){ B->ram_top - s, s, false, "U-Boot" };
		u->cnt++;
	}
	return true;
}

/* booti_setup() / bootz_start(): where the kernel runs and what U-Boot reserves for it. */
static void kernel(struct ub *u, enum mx_arch arch)
{
	struct mxi_boot *B = u->B;
	const struct mx_bootloader *bl = &u->p->boot;
	uint64_t ld = bl->kernel_addr_r.v, size = bl->image_size;

	if (!bl->kernel_addr_r.set) {
		mxi_boot_say(B->why_kernel, sizeof(B->why_kernel), "U-Boot: no kernel_addr_r; the kernel is where the "
		    "profile puts it");
		return;
	}
	if (arch == MX_ARCH_ARM64) {
		/* the Image header's flags bit 3: the 2 MiB-aligned base may be anywhere */
		uint64_t text = mx_round_up((ld - bl->text_offset) & u->mask, SZ_2M) + bl->text_offset;

		if (!size)
			size = bl->stext_offset + u->p->kernel_image.size;
		B->has_kernel = true;
		B->kernel_text = text;
		B->os_base = text;
		B->os_size = size & 0xffffffffULL; /* lmb_reserve(ep, le32_to_cpu(image_size)) */
		mxi_boot_say(B->why_kernel, sizeof(B->why_kernel), "U-Boot booti_setup(): the Image loaded at "
		    "kernel_addr_r 0x%" PRIx64 " runs at ALIGN(0x%" PRIx64 " - text_offset 0x%" PRIx64
		    ", 2 MiB) + text_offset = 0x%" PRIx64 "%s; _stext = _text + 0x%" PRIx64, ld, ld,
		    bl->text_offset, text, text != ld ? " (\"Moving Image from ...\")" : " (in place)",
		    bl->stext_offset);
	} else {
		/* bootz: the zImage stays at the address; its decompressor places the kernel */
		B->os_base = ld;
		B->os_size = size;
		mxi_boot_say(B->why_kernel, sizeof(B->why_kernel), "U-Boot bootz: the zImage at kernel_addr_r 0x%"
		    PRIx64 " (%" PRIu64 " bytes) decompresses the kernel to where the profile says", ld, size);
	}
	if (B->os_size && lmb_add(u, B->os_base, B->os_size, false, "the kernel image") < 0)
		mxi_boot_say(B->why_kernel, sizeof(B->why_kernel), "; U-Boot's LMB refused its reservation");
}

/* bootm_find_images(): a ramdisk or a tree that overlaps the OS image stops the boot. */
static void find_images(struct ub *u)
{
	const struct mx_bootloader *bl = &u->p->boot;
	uint64_t start = u->B->os_base, end = start + u->B->os_size;

	if (!u->B->os_size)
		return;
	if (u->p->initrd.present && u->p->initrd.size && bl->ramdisk_addr_r.set) {
		uint64_t rs = bl->ramdisk_addr_r.v, re = rs + u->p->initrd.size;

		if ((rs >= start && rs < end) || (re > start && re <= end) || (rs < start && re >= end))
			refuse(u, MX_CHECK_LOADER_OVERLAP, "\"ERROR: RD image overlaps OS image (OS=0x%" PRIx64
			       "..0x%" PRIx64 ")\": ramdisk_addr_r 0x%" PRIx64 " + %" PRIu64 " bytes", start, end,
			       rs, u->p->initrd.size);
	}
	if (bl->fdt_addr_r.set && bl->dtb_file) {
		uint64_t fs = bl->fdt_addr_r.v, fe = fs + bl->dtb_file;

		if ((fs >= start && fs < end) || (fe >= start && fe < end))
			refuse(u, MX_CHECK_LOADER_OVERLAP, "\"ERROR: FDT image overlaps OS image (OS=0x%" PRIx64
			       "..0x%" PRIx64 ")\": fdt_addr_r 0x%" PRIx64 " + %" PRIu64 " bytes", start, end, fs,
			       bl->dtb_file);
	}
}

static const char *env_text(char *buf, size_t n, const struct mx_envaddr *e)
{
	if (e->set)
		snprintf(buf, n, "0x%" PRIx64, e->v);
	else
		snprintf(buf, n, "unset");
	return buf;
}

/* boot_ramdisk_high() (BOOTM_STATE_RAMDISK): before any region of the tree is in the LMB. */
static void ramdisk(struct ub *u)
{
	struct mxi_boot *B = u->B;
	const struct mx_profile *p = u->p;
	const struct mx_bootloader *bl = &p->boot;
	uint64_t len = p->initrd.size, high, at;
	char e[24];
	bool full;

	if (!p->initrd.present || !len)
		return;
	if (p->initrd.has_base) {
		B->has_initrd = true;
		B->initrd_base = p->initrd.base;
		lmb_add(u, p->initrd.base, len, false, "the ramdisk");
		mxi_boot_say(B->why_initrd, sizeof(B->why_initrd), "the initrd is at 0x%" PRIx64 " as the profile says",
		    p->initrd.base);
		return;
	}
	/* hextoul() into a ulong: "0xffffffff" is ~0UL only on a 32-bit U-Boot */
	high = bl->initrd_high.set ? bl->initrd_high.v & u->mask : u->mem_base + u->mem_size;
	env_text(e, sizeof(e), &bl->initrd_high);
	if (bl->initrd_high.set && high == u->mask) {
		if (!bl->ramdisk_addr_r.set) {
			mxi_boot_say(B->why_initrd, sizeof(B->why_initrd), "U-Boot boot_ramdisk_high(): initrd_high=%s "
			    "keeps the initrd where it was loaded, and the profile gives no ramdisk_addr_r", e);
			return;
		}
		B->has_initrd = true;
		B->initrd_base = bl->ramdisk_addr_r.v;
		lmb_add(u, B->initrd_base, len, false, "the ramdisk (in place)");
		mxi_boot_say(B->why_initrd, sizeof(B->why_initrd), "U-Boot boot_ramdisk_high(): initrd_high=%s is ~0UL "
		    "on a %u-bit U-Boot: the initrd stays where it was loaded, ramdisk_addr_r 0x%" PRIx64, e,
		    B->bits, B->initrd_base);
		return;
	}
	at = lmb_alloc(u, len, SZ_4K, high, "the ramdisk", &full);
	if (!at) {
		refuse(u, full ? MX_CHECK_LOADER_LMB : MX_CHECK_LOADER_REFUSED, "\"%sramdisk - allocation "
		       "error\"", bl->initrd_high.set && high ? "ERROR: Failed to allocate ... " : "");
		return;
	}
	B->has_initrd = true;
	B->initrd_base = at;
	mxi_boot_say(B->why_initrd, sizeof(B->why_initrd), "U-Boot boot_ramdisk_high(): initrd_high=%s%s: "
	    "lmb_alloc_base(0x%" PRIx64 ", 4K, 0x%" PRIx64 ") copies it top-down below what U-Boot holds "
	    "(\"Loading Ramdisk to %08" PRIx64 ", end %08" PRIx64 "\"); the tree's reserved regions are "
	    "not in the LMB yet", e,
	    bl->initrd_high.set ? (B->bits == 64 && bl->initrd_high.v == 0xffffffffULL ?
				   ", not ~0UL on a 64-bit U-Boot, so a limit" : "") :
	    " (bootm_low + bootm_mapsize)", len, high, at, at + len);
}

/*
 * boot_fdt_add_mem_rsv_regions(): each /memreserve/, then the first reg
 * entry of each enabled /reserved-memory child (LMB_NOMAP with no-map);
 * one the table cannot take prints "ERROR: reserving fdt memory region
 * failed" and the boot goes on.
 */
static void tree_regions(struct ub *u)
{
	struct mxi_boot *B = u->B;
	const struct mx_profile *p = u->p;

	for (size_t i = 0; i < p->nmemreserve; i++)
		if (p->memreserve[i].size && lmb_add(u, p->memreserve[i].base, p->memreserve[i].size, false,
						    "a /memreserve/ of the tree") < 0) {
			if (!B->lmb_lost++)
				mxi_boot_say(B->lmb_lost_text, sizeof(B->lmb_lost_text), "/memreserve/ 0x%" PRIx64 "+0x%"
				    PRIx64, p->memreserve[i].base, p->memreserve[i].size);
		}
	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];

		if ((r->flags & MX_REGION_DISABLED) || !r->nreg || !r->reg[0].size)
			continue;
		if (lmb_add(u, r->reg[0].base, r->reg[0].size, (r->flags & MX_REGION_NOMAP) != 0, r->name) < 0) {
			mxi_boot_say(B->lmb_lost_text, sizeof(B->lmb_lost_text), "%s'%s'", B->lmb_lost++ ? ", " : "",
			    r->name);
		}
	}
}

/* boot_relocate_fdt() (image_setup_linux(), BOOTM_STATE_OS_PREP) */
static void relocate_fdt(struct ub *u)
{
	struct mxi_boot *B = u->B;
	const struct mx_profile *p = u->p;
	const struct mx_bootloader *bl = &p->boot;
	uint64_t len = bl->dtb_file + (bl->fdt_pad ? bl->fdt_pad : 0x3000), at = 0, high;
	char e[24];
	bool full = false;

	B->of_len = len;
	env_text(e, sizeof(e), &bl->fdt_high);
	if (p->fdt.present && p->fdt.has_base) {
		B->has_fdt = true;
		B->fdt_base = p->fdt.base;
		lmb_add(u, p->fdt.base, len, false, "the tree");
		mxi_boot_say(B->why_fdt, sizeof(B->why_fdt), "the tree is at 0x%" PRIx64 " as the profile says", p->fdt.base);
		return;
	}
	high = bl->fdt_high.v & u->mask;
	if (bl->fdt_high.set && high == u->mask) {
		if (!bl->fdt_addr_r.set) {
			mxi_boot_say(B->why_fdt, sizeof(B->why_fdt), "U-Boot boot_relocate_fdt(): fdt_high=%s uses the tree "
			    "in place, and the profile gives no fdt_addr_r", e);
			return;
		}
		B->has_fdt = true;
		B->fdt_base = bl->fdt_addr_r.v;
		lmb_add(u, B->fdt_base, len, false, "the tree (in place)"); /* its result is not checked */
		mxi_boot_say(B->why_fdt, sizeof(B->why_fdt), "U-Boot boot_relocate_fdt(): fdt_high=%s is ~0UL on a %u-bit "
		    "U-Boot: \"Using Device Tree in place at %" PRIx64 ", end %" PRIx64 "\"", e, B->bits,
		    B->fdt_base, B->fdt_base + len - 1);
		return;
	}
	if (bl->fdt_high.set && high) {
		at = lmb_alloc(u, len, SZ_4K, high, "the tree", &full);
		if (!at)
			refuse(u, full ? MX_CHECK_LOADER_LMB : MX_CHECK_LOADER_REFUSED, "\"ERROR: Failed to "
			       "allocate 0x%" PRIx64 " bytes below 0x%" PRIx64 ". Failed using fdt_high value for "
			       "Device Tree FDT creation failed! resetting ...\"", len, high);
	} else if (bl->fdt_high.set) {
		at = lmb_alloc(u, len, SZ_4K, 0, "the tree", &full);
	} else {
		/* per DRAM bank, below start + min(size, bootm_mapsize) */
		uint64_t mapsize = u->mem_size, low = u->mem_base;

		for (size_t i = 0; i < B->ndram && !at; i++) {
			uint64_t s = B->dram[i].base, sz = B->dram[i].size, usable;

			if (s + sz < low)
				continue;
			usable = sz < mapsize ? sz : mapsize;
			at = lmb_alloc(u, len, SZ_4K, s + usable, "the tree", &full);
			if (at)
				break;
			mapsize -= usable - (s > low ? s : low);
			if (!mapsize)
				break;
		}
	}
	if (!at) {
		refuse(u, full ? MX_CHECK_LOADER_LMB : MX_CHECK_LOADER_REFUSED, "\"device tree - allocation error "
		       "FDT creation failed! resetting ...\"");
		return;
	}
	B->has_fdt = true;
	B->fdt_base = at;
	mxi_boot_say(B->why_fdt, sizeof(B->why_fdt), "U-Boot boot_relocate_fdt(): fdt_high=%s%s: %s(0x%" PRIx64
	    " = the file's %" PRIu64 " bytes + CONFIG_SYS_FDT_PAD, 4K%s) top-down below what U-Boot holds, "
	    "the ramdisk and the tree's regions (\"Loading Device Tree to %" PRIx64 ", end %" PRIx64 "\")",
	    e, bl->fdt_high.set && B->bits == 64 && bl->fdt_high.v == 0xffffffffULL ?
	    ", not ~0UL on a 64-bit U-Boot, so a limit" : "",
	    bl->fdt_high.set && !high ? "lmb_alloc" : "lmb_alloc_base", len, bl->dtb_file,
	    bl->fdt_high.set && high ? ", fdt_high" : bl->fdt_high.set ? "" : ", the bank's end", at, at + len - 1);
}

/*
 * image_setup_libfdt(): after the fixups fdt_shrink_to_minimum() makes the
 * total ALIGN(content + 5 x 16 + (blob & 0xfff), 4K) - (blob & 0xfff), and
 * with an initrd FDT_RAMDISK_OVERHEAD more; fdt_initrd() then adds the
 * initrd's /memreserve/ and linux,initrd-* inside that room.
 */
static void fdt_size(struct ub *u, enum mx_arch arch)
{
	struct mxi_boot *B = u->B;
	uint64_t off = B->fdt_base & 0xfff, total;

	B->content = mxi_uboot_content(u->p, B, arch);
	total = mx_round_up(B->content + FDT_SHRINK_RSV + off, SZ_4K) - off;
	if (B->has_initrd)
		total += FDT_RAMDISK_OVERHEAD;
	B->fdt_size = total;
	mxi_boot_say(B->why_size, sizeof(B->why_size), "U-Boot image_setup_libfdt(): %" PRIu64 " bytes of tree after "
	    "fdt_chosen() (bootargs, u-boot,version) and fdt_fixup_memory_banks(); fdt_shrink_to_minimum(): "
	    "ALIGN(%" PRIu64 " + 5 x 16%s, 4K)%s%s = %" PRIu64 " bytes, what the kernel reserves", B->content,
	    B->content, off ? " + (blob & 0xfff)" : "", off ? " - (blob & 0xfff)" : "",
	    B->has_initrd ? " + FDT_RAMDISK_OVERHEAD 0x80 (an initrd)" : "", total);
}

void mxi_uboot_run(struct mxi_boot *B, const struct mx_profile *p, enum mx_arch arch)
{
	struct ub u;

	memset(&u, 0, sizeof(u));
	u.B = B;
	u.p = p;
	if (!dram(&u, arch)) {
		mxi_boot_say(B->why_fdt, sizeof(B->why_fdt), "U-Boot: no DRAM bank known; nothing placed");
		return;
	}
	B->lmb_max = (unsigned)u.max;
	kernel(&u, arch);
	find_images(&u);
	/* a refusal ends the boot: what is placed so far stays, for the picture */
	if (!B->refused)
		ramdisk(&u);
	if (!B->refused)
		tree_regions(&u);
	if (p->boot.dtb_file && !B->refused)
		relocate_fdt(&u);
	if (B->has_fdt)
		fdt_size(&u, arch);
	B->nlmb = u.cnt;
	memcpy(B->lmb, u.r, (u.cnt < MXI_LMB_SHOW ? u.cnt : MXI_LMB_SHOW) * sizeof(u.r[0]));
}
