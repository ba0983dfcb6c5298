/* steps_kernel.c - 6.1 kernel-side cost models: what the kernel allocates for itself */
#include <inttypes.h>
#include <string.h>

#include "engine_internal.h"

/*
 * Every model here is a function of the board (memory map, device tree,
 * command line) and of kernel configuration facts in the profile's
 * kernel-side: section; none is a fitted number. Each one logs its formula
 * against its item, which the explorer's details pane shows.
 */

static bool modelled(const struct mx_ctx *c)
{
	return c->p->kside.present;
}

static uint64_t ptr_bytes(const struct mx_ctx *c)
{
	return c->P->arch == MX_ARCH_ARM ? 4 : 8;
}

/* One allocation through memblock_alloc(), recorded as a computed item. */
static int model_alloc(struct mx_ctx *c, const char *name, uint64_t size, uint64_t align,
		       uint64_t lo, uint64_t hi)
{
	uint64_t base;
	int it;

	if (!size)
		return -1;
	if (mx_ctx_alloc(c, size, align, lo, hi, &base)) {
		mx_ctx_diag(c, MX_SEV_ERROR, "alloc-failed", &c->p->pos, -1,
			    "%s (%" PRIu64 " bytes) does not fit below 0x%" PRIx64, name, size, hi);
		it = mx_ctx_item(c, MX_ITEM_EARLY, name, 0, 0, MX_IF_FAILED | MX_IF_DYNAMIC, -1, -1);
		if (it >= 0)
			c->L->items[it].want = size;
		return -1;
	}
	it = mx_ctx_item(c, MX_ITEM_EARLY, name, base, size, MX_IF_PLACED | MX_IF_DYNAMIC, -1, -1);
	if (it >= 0) {
		c->L->items[it].align = align;
		c->L->items[it].win_lo = lo;
		c->L->items[it].win_hi = hi;
	}
	return it;
}

static int model_item(struct mx_ctx *c, const char *name, uint64_t base, uint64_t size, uint64_t align)
{
	int it = mx_ctx_item(c, MX_ITEM_EARLY, name, base, size, MX_IF_PLACED | MX_IF_DYNAMIC, -1, -1);

	if (it >= 0) {
		c->L->items[it].align = align;
		c->L->items[it].win_hi = c->current_limit;
	}
	return it;
}

static uint64_t mx_pow2_ceil(uint64_t x)
{
	uint64_t p = 1;

	while (p < x && p < (1ULL << 63))
		p <<= 1;
	return p;
}

/* Distinct @span-sized blocks that mapped memory touches; with @partial only those not wholly mapped. */
static uint64_t blocks_touched(const struct mx_rangeset *m, uint64_t span, bool partial)
{
	uint64_t n = 0, last = UINT64_MAX;

	for (size_t i = 0; i < m->cnt; i++) {
		uint64_t b0 = m->r[i].base / span, b1 = (mx_range_end(&m->r[i]) - 1) / span;

		if (partial) {
			/* only the ends can be partial */
			if (m->r[i].base % span && b0 != last)
				n++, last = b0;
			if (mx_range_end(&m->r[i]) % span && b1 != last)
				n++, last = b1;
			continue;
		}
		if (b0 == last)
			b0++;
		if (b0 <= b1)
			n += b1 - b0 + 1;
		last = b1;
	}
	return n;
}

/*
 * 32-bit ARM paging_init(): map_lowmem() needs a PTE table for every 2 MiB
 * of lowmem that is only partly mapped (a bank or a no-map edge off a PMD
 * boundary), taken below the PMD-rounded memblock limit; then the limit
 * becomes the end of lowmem, and dma_contiguous_remap() remaps every CMA
 * area in lowmem with pages: a struct static_vm (iotable_init()) and a PTE
 * table per 2 MiB. The vectors and fixed mappings that follow are listed
 * in the profile (paging phase).
 */
static void arm_pagetables(struct mx_ctx *c)
{
	struct mx_layout *L = c->L;
	const uint64_t pmd = 2ULL << 20;
	bool lpae = c->p->kside.lpae;
	uint64_t lowmem = c->lowmem_limit, edges, remapped = 0, areas = 0;
	int it = -1;

	if (mx_rangeset_subtract(&L->tmp1, &L->memory, &L->nomap) ||
	    mx_rangeset_clip(&L->tmp1, 0, lowmem)) {
		mx_ctx_fail(c, MX_ENOMEM);
		return;
	}
	edges = blocks_touched(&L->tmp1, pmd, true);
	for (uint64_t i = 0; i < edges; i++)
		it = model_alloc(c, "lowmem PTE table", c->page, c->page, 0, c->current_limit);
	if (edges)
		mx_ctx_log(c, MX_LOG_MEMX, it, "map_lowmem: %" PRIu64 " PTE table(s) for partly mapped "
			   "2 MiB blocks of lowmem, below the memblock limit 0x%" PRIx64, edges,
			   c->current_limit);
	c->current_limit = lowmem;
	for (size_t i = 0; i < c->ncma; i++) {
		uint64_t s = c->cma[i].base, e = c->cma[i].base + c->cma[i].size, n;

		if (e > lowmem)
			e = lowmem;
		if (s >= e)
			continue;
		areas++;
		model_alloc(c, "static_vm (CMA remap)", lpae ? 48 : 40, lpae ? 8 : 4, 0, c->current_limit);
		n = (mx_round_up(e, pmd) - mx_round_down(s, pmd)) / pmd;
		remapped += n;
		for (uint64_t k = 0; k < n; k++)
			it = model_alloc(c, "CMA remap PTE table", c->page, c->page, 0, c->current_limit);
	}
	mx_ctx_log(c, MX_LOG_MEMX, it, "dma_contiguous_remap: %" PRIu64 " CMA area(s) in lowmem, %"
		   PRIu64 " PTE table(s) (one per 2 MiB) and a %u-byte static_vm each", areas, remapped,
		   lpae ? 48 : 40);
}

/*
 * arch/arm64/mm/mmu.c: map_mem() maps every memblock.memory range that is
 * not NOMAP into the linear map; with rodata=full (Debian's default,
 * can_set_direct_map()) it uses base pages, so each 2 MiB of it costs one
 * PTE table page, each 1 GiB a PMD table, each 512 GiB a PUD table, all
 * from early_pgtable_alloc() (one page each, top-down).
 */
void mx_step_pagetables(struct mx_ctx *c)
{
	struct mx_layout *L = c->L;
	const uint64_t pmd = 2ULL << 20, pud = 1ULL << 30, pgd = 512ULL << 30;
	uint64_t pte, pmds, puds, n, run_base = 0, run_len = 0;
	int it = -1;

	if (modelled(c) && c->P->arch == MX_ARCH_ARM && L->memory.cnt) {
		arm_pagetables(c);
		return;
	}
	if (!modelled(c) || c->P->arch != MX_ARCH_ARM64 || c->page != 4096 || !L->memory.cnt)
		return;
	if (mx_rangeset_subtract(&L->tmp1, &L->memory, &L->nomap)) {
		mx_ctx_fail(c, MX_ENOMEM);
		return;
	}
	pte = blocks_touched(&L->tmp1, pmd, c->p->kside.linear_map_blocks);
	pmds = blocks_touched(&L->tmp1, pud, false);
	puds = blocks_touched(&L->tmp1, pgd, false);
	n = pte + pmds + puds;
	/* page by page, as the kernel asks; consecutive pages become one item */
	for (uint64_t i = 0; i < n; i++) {
		uint64_t base;

		if (mx_ctx_alloc(c, c->page, c->page, 0, c->current_limit, &base)) {
			mx_ctx_diag(c, MX_SEV_ERROR, "alloc-failed", &c->p->pos, -1,
				    "linear-map page table %" PRIu64 " of %" PRIu64 " does not fit", i + 1, n);
			break;
		}
		if (run_len && base + c->page == run_base) {
			run_base = base;
			run_len += c->page;
			continue;
		}
		if (run_len)
			it = model_item(c, "linear-map page tables", run_base, run_len, c->page);
		run_base = base;
		run_len = c->page;
	}
	if (run_len)
		it = model_item(c, "linear-map page tables", run_base, run_len, c->page);
	mx_ctx_log(c, MX_LOG_MEMX, it,
		   "linear map (%s): %" PRIu64 " PTE tables (%s 2 MiB of mapped memory, no-map excluded) + %"
		   PRIu64 " PMD (per 1 GiB) + %" PRIu64 " PUD (per 512 GiB) = %" PRIu64 " pages",
		   c->p->kside.linear_map_blocks ? "blocks" : "pages, rodata=full", pte,
		   c->p->kside.linear_map_blocks ? "per partly mapped" : "one per", pmds, puds, n);
}

/*
 * drivers/of/fdt.c: __unflatten_device_tree() sizes the tree in a dry run
 * (unflatten_dt_nodes(): per node a struct device_node + its name, per
 * property a struct property, a synthesised "name" property for nodes
 * without one), then allocates ALIGN(size, 4) + 4 (the end marker).
 * The bootloader adds /chosen bootargs and linux,initrd-start/-end when the
 * blob lacks them.
 */
void mx_step_unflatten(struct mx_ctx *c)
{
	const struct mx_kside *k = &c->p->kside;
	unsigned a = (unsigned)c->P->arch;
	uint64_t sn = c->fl->dt_node_size[a], sp = c->fl->dt_prop_size[a], al = c->fl->dt_align[a];
	uint64_t size, props, added = 0;
	int it;

	if (!modelled(c))
		return;
	if (!k->has_dt || !sn) {
		if (k->unflattened) {
			it = model_alloc(c, "unflattened device tree", k->unflattened, al ? al : 8, 0,
					 c->current_limit);
			mx_ctx_log(c, MX_LOG_MEMX, it, "unflattened device tree: %" PRIu64
				   " bytes as the profile gives (no device-tree shape to compute it from)",
				   k->unflattened);
		}
		return;
	}
	if (c->p->bootargs && !k->dt.chosen_bootargs)
		added++;
	if (c->p->initrd.present && !k->dt.chosen_initrd)
		added += 2;
	props = k->dt.props + added + k->dt.unnamed;
	size = k->dt.nodes * sn + (al == 4 ? k->dt.names4 : k->dt.names8) + props * sp;
	size = mx_round_up(size, 4) + 4;
	it = model_alloc(c, "unflattened device tree", size, al, 0, c->current_limit);
	mx_ctx_log(c, MX_LOG_MEMX, it,
		   "unflattened device tree: %u nodes x %" PRIu64 " + names %" PRIu64 " + (%u properties + %"
		   PRIu64 " added by the bootloader + %u synthesised names) x %" PRIu64
		   " = %" PRIu64 " bytes (ALIGN(size, 4) + 4)", k->dt.nodes, sn,
		   al == 4 ? k->dt.names4 : k->dt.names8, k->dt.props, added, k->dt.unnamed, sp, size);
}

/* memblock.memory regions: ranges split where the NOMAP flag changes (memblock_merge_regions()) */
static uint64_t memory_regions(struct mx_ctx *c)
{
	const struct mx_layout *L = c->L;
	uint64_t n = 0;

	for (size_t i = 0; i < L->memory.cnt; i++) {
		uint64_t b = L->memory.r[i].base, e = mx_range_end(&L->memory.r[i]);

		n++;
		for (size_t j = 0; j < L->nomap.cnt; j++) {
			uint64_t nb = L->nomap.r[j].base, ne = mx_range_end(&L->nomap.r[j]);

			if (ne <= b || nb >= e)
				continue;
			/* a NOMAP piece, and a normal piece after it unless it runs to the end */
			n += (nb > b ? 1 : 0) + (ne < e ? 1 : 0);
		}
	}
	return n;
}

/*
 * request_standard_resources(): arm64 allocates one struct resource per
 * memblock.memory region in one array; 32-bit ARM one at a time.
 */
void mx_step_resources(struct mx_ctx *c)
{
	unsigned a = (unsigned)c->P->arch;
	uint64_t n, rs = c->fl->resource_size[a];
	int it = -1;

	if (!modelled(c) || !rs)
		return;
	if (c->P->arch == MX_ARCH_ARM && c->p->kside.lpae)
		rs += 8; /* resource_size_t is 64-bit with LPAE */
	n = memory_regions(c);
	if (c->fl->resources_one_alloc[a])
		it = model_alloc(c, "standard resources", n * rs, c->P->smp_cache_bytes, 0, c->current_limit);
	else
		for (uint64_t i = 0; i < n; i++)
			it = model_alloc(c, "standard resource", rs, c->P->smp_cache_bytes, 0, c->current_limit);
	mx_ctx_log(c, MX_LOG_MEMX, it, "standard resources: %" PRIu64 " memblock.memory regions x %"
		   PRIu64 " bytes (struct resource)%s", n, rs,
		   c->fl->resources_one_alloc[a] ? ", one array" : ", one allocation each");
}

/* init/main.c: setup_command_line() - saved_command_line and static_command_line */
void mx_step_cmdline(struct mx_ctx *c)
{
	uint64_t len = (c->p->bootargs ? strlen(c->p->bootargs) : 0) + 1;
	int it;

	if (!modelled(c))
		return;
	model_alloc(c, "saved_command_line", len, c->P->smp_cache_bytes, 0, c->current_limit);
	it = model_alloc(c, "static_command_line", len, c->P->smp_cache_bytes, 0, c->current_limit);
	mx_ctx_log(c, MX_LOG_MEMX, it, "command line: 2 copies of strlen(bootargs) + 1 = %" PRIu64
		   " bytes", len);
}

/*
 * kernel/printk/printk.c: setup_log_buf() - log_buf_len= (rounded up to a
 * power of two) only takes effect above the built-in buffer; then the text,
 * one struct prb_desc and one struct printk_info per 32 bytes of it
 * (PRB_AVGBITS 5).
 */
void mx_step_logbuf(struct mx_ctx *c)
{
	uint64_t len = c->P->log_buf_len, al = ptr_bytes(c), n, desc = 3 * ptr_bytes(c), info = 88;
	int it;

	if (!modelled(c) || !len)
		return;
	len = mx_pow2_ceil(len);
	if (len <= c->p->kside.log_buf) {
		mx_ctx_log(c, MX_LOG_MEMX, -1, "log_buf_len=%" PRIu64 " is not above the built-in %"
			   PRIu64 " bytes: no new buffer", len, c->p->kside.log_buf);
		return;
	}
	n = len >> 5;
	it = model_alloc(c, "log buffer", len, al, 0, c->current_limit);
	model_alloc(c, "log buffer descriptors", n * desc, al, 0, c->current_limit);
	model_alloc(c, "log buffer infos", n * info, al, 0, c->current_limit);
	mx_ctx_log(c, MX_LOG_MEMX, it, "log_buf_len: %" PRIu64 " bytes + %" PRIu64 " x (%" PRIu64
		   " + %" PRIu64 ") descriptor bytes", len, n, desc, info);
}

/* mm/page_alloc.c: alloc_large_system_hash() for one HASH_EARLY table */
static void large_hash(struct mx_ctx *c, const char *name, unsigned scale, uint64_t kernel_pages,
		       uint64_t all_pages)
{
	uint64_t bucket = ptr_bytes(c), n = kernel_pages, max, size;
	unsigned shift = c->P->page_shift;
	int it;

	if (c->page < (1ULL << 20))
		n = mx_round_up(n, (1ULL << 20) / c->page);
	n = scale > shift ? n >> (scale - shift) : n << (shift - scale);
	if (n * bucket < c->page)
		n = c->page / bucket;
	n = mx_pow2_ceil(n);
	max = ((all_pages * c->page) >> 4) / bucket;
	if (max > 0x80000000ULL)
		max = 0x80000000ULL;
	while (n > max && n > 1)
		n >>= 1; /* numentries = max, then ilog2() */
	size = bucket * n;
	it = model_alloc(c, name, size, c->P->smp_cache_bytes, 0, c->current_limit);
	mx_ctx_log(c, MX_LOG_MEMX, it, "%s hash table entries: %" PRIu64 " (%" PRIu64
		   " bytes): nr_kernel_pages %" PRIu64 " rounded to 1 MiB, >> %u, power of two",
		   name, n, size, kernel_pages, scale - shift);
}

/*
 * fs/dcache.c: dcache_init_early() and fs/inode.c: inode_init_early()
 * (scale 13 and 14) with nr_kernel_pages from free_area_init_core(): every
 * lowmem zone's present pages minus its memmap pages.
 */
void mx_step_hash(struct mx_ctx *c)
{
	uint64_t kernel_pages = 0, all_pages = 0;

	if (!modelled(c))
		return;
	for (size_t i = 0; i < c->L->nzones; i++) {
		const struct mx_zone *z = &c->L->zones[i];
		uint64_t free = z->present;

		if (!z->highmem && free >= z->memmap_pages)
			free -= z->memmap_pages;
		all_pages += free;
		if (!z->highmem)
			kernel_pages += free;
	}
	large_hash(c, "Dentry cache", 13, kernel_pages, all_pages);
	large_hash(c, "Inode-cache", 14, kernel_pages, all_pages);
}

/*
 * arch/arm64/mm/init.c: mem_init() -> swiotlb_init() when memory runs past
 * the DMA limit (or swiotlb=force): the bounce buffer below the limit
 * (memblock_alloc_low), then its slot array and one area.
 */
void mx_step_swiotlb(struct mx_ctx *c)
{
	uint64_t limit = mx_ctx_dma_limit(c), nslabs, tlb, slot = 3 * ptr_bytes(c);
	uint64_t area = 2 * ptr_bytes(c);
	int it;
	char pa[24];

	if (!modelled(c) || c->P->arch != MX_ARCH_ARM64 || !c->L->memory.cnt)
		return;
	if (c->P->swiotlb_off) {
		mx_ctx_log(c, MX_LOG_MEMX, -1, "no swiotlb: swiotlb=noforce");
		return;
	}
	if (mx_rangeset_end(&c->L->memory) <= limit && !c->P->swiotlb_force) {
		mx_ctx_log(c, MX_LOG_MEMX, -1, "no swiotlb: memory ends at 0x%" PRIx64
			   ", within the DMA limit 0x%" PRIx64, mx_rangeset_end(&c->L->memory), limit);
		return;
	}
	nslabs = c->P->swiotlb_slabs ? mx_round_up(c->P->swiotlb_slabs, 128) : 32768;
	tlb = mx_round_up(nslabs << 11, c->page);
	it = model_alloc(c, "swiotlb buffer", tlb, c->page, 0, limit);
	model_alloc(c, "swiotlb slots", nslabs * slot, c->page, 0, c->current_limit);
	model_alloc(c, "swiotlb area", area, c->P->smp_cache_bytes, 0, c->current_limit);
	if (it >= 0)
		mx_ctx_log(c, MX_LOG_KERNEL, it, "software IO TLB: mapped [mem %s-0x%016" PRIx64 "] (%"
			   PRIu64 "MB)", mx_ctx_pa(c, c->L->items[it].base, pa, sizeof(pa)),
			   c->L->items[it].base + tlb, tlb >> 20);
	mx_ctx_log(c, MX_LOG_MEMX, it, "swiotlb: %" PRIu64 " slabs x 2 KiB below 0x%" PRIx64
		   " + %" PRIu64 " x %" PRIu64 " bytes of slots + one area", nslabs, limit, nslabs, slot);
}

/*
 * crashkernel=SIZE[@BASE] / SIZE,high [SIZE,low]: arm64 reserve_crashkernel()
 * takes page-rounded, 2 MiB-aligned memory below the DMA limit (exactly at
 * BASE when given), retrying anywhere with a default 128 MiB low area when
 * that fails; ,high starts anywhere. 32-bit ARM looks in lowmem with
 * 128 MiB alignment.
 */
void mx_step_crashkernel(struct mx_ctx *c)
{
	uint64_t size = mx_round_up(c->P->crash_size, c->page), base = c->P->crash_base, align, lo = 0;
	uint64_t hi, addr, low = c->P->has_crash_low ? c->P->crash_low : 0, dma = mx_ctx_dma_limit(c);
	bool ok;
	int it;

	if (!size)
		return;
	if (c->P->arch == MX_ARCH_ARM) {
		/* arch/arm/kernel/setup.c: CRASH_ALIGN from CRASH_ALIGN up to lowmem; at a given
		 * base, SECTION_SIZE alignment */
		align = 128ULL << 20;
		lo = align;
		hi = c->lowmem_limit;
		if (base)
			align = c->p->kside.lpae ? 2ULL << 20 : 1ULL << 20;
	} else {
		align = 2ULL << 20;
		hi = c->P->crash_high ? c->current_limit : dma;
		if (c->P->crash_high && !c->P->has_crash_low)
			low = 128ULL << 20; /* DEFAULT_CRASH_KERNEL_LOW_SIZE */
	}
	if (base) {
		lo = base;
		hi = base + size;
	}
	ok = !mx_ctx_alloc(c, size, align, lo, hi, &addr);
	if (!ok && !base && c->P->arch == MX_ARCH_ARM64 && !c->P->crash_high) {
		/* the low attempt failed: anywhere, plus the minimum low area */
		ok = !mx_ctx_alloc(c, size, align, 0, c->current_limit, &addr);
		if (!c->P->has_crash_low)
			low = 128ULL << 20;
	}
	if (ok && c->P->arch == MX_ARCH_ARM64 && low && addr > dma - low) {
		uint64_t laddr;

		/* reserve_crashkernel_low(): below the DMA limit, or the whole reservation goes */
		if (mx_ctx_alloc(c, low, align, 0, dma, &laddr)) {
			mx_ctx_unreserve(c, addr, size);
			ok = false;
		} else {
			it = mx_ctx_item(c, MX_ITEM_EARLY, "crashkernel (low)", laddr, low,
					 MX_IF_PLACED | MX_IF_DYNAMIC, -1, -1);
			mx_ctx_log(c, MX_LOG_KERNEL, it, "crashkernel low memory reserved: 0x%08" PRIx64
				   " - 0x%08" PRIx64 " (%" PRIu64 " MB)", laddr, laddr + low, low >> 20);
		}
	}
	if (!ok) {
		mx_ctx_log(c, MX_LOG_KERNEL, -1, "cannot allocate crashkernel (size:0x%" PRIx64 ")", size);
		mx_ctx_diag(c, MX_SEV_ERROR, "alloc-failed", &c->p->pos, -1,
			    "crashkernel= of %" PRIu64 " MiB does not fit%s", size >> 20,
			    base ? " at the given base" : "");
		it = mx_ctx_item(c, MX_ITEM_EARLY, "crashkernel", 0, 0, MX_IF_FAILED | MX_IF_DYNAMIC, -1, -1);
		if (it >= 0)
			c->L->items[it].want = size;
		return;
	}
	it = mx_ctx_item(c, MX_ITEM_EARLY, "crashkernel", addr, size, MX_IF_PLACED | MX_IF_DYNAMIC, -1, -1);
	if (it >= 0) {
		c->L->items[it].align = align;
		c->L->items[it].win_lo = lo;
		c->L->items[it].win_hi = hi;
	}
	if (c->P->arch == MX_ARCH_ARM)
		mx_ctx_log(c, MX_LOG_KERNEL, it, "Reserving %" PRIu64 "MB of memory at %" PRIu64
			   "MB for crashkernel (System RAM: %" PRIu64 "MB)", size >> 20, addr >> 20,
			   mx_rangeset_bytes(&c->L->memory) >> 20);
	else
		mx_ctx_log(c, MX_LOG_KERNEL, it, "crashkernel reserved: 0x%016" PRIx64 " - 0x%016" PRIx64
			   " (%" PRIu64 " MB)", addr, addr + size, size >> 20);
}
