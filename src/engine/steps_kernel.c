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

bool mxi_models_on(const struct mx_ctx *c)
{
	return c->p->kside.present;
}


/* One allocation through memblock_alloc(), recorded as a computed item. */
int mxi_model_alloc(struct mx_ctx *c, const char *name, uint64_t size, uint64_t align,
		   uint64_t lo, uint64_t hi)
{
	return size ? mxi_ctx_alloc_item(c, MX_ITEM_EARLY, name, size, align, lo, hi, NULL) : -1;
}

static int model_item(struct mx_ctx *c, const char *name, uint64_t base, uint64_t size, uint64_t align)
{
	return mxi_ctx_placed_item(c, MX_ITEM_EARLY, name, base, size, align, 0, c->current_limit);
}


/*
 * Distinct @span-sized blocks that mapped memory touches; with @edge only
 * those where a range ends off an @edge boundary (the block cannot be one
 * mapping: it needs a table of the next level).
 */
static uint64_t blocks_touched(const struct mx_rangeset *m, uint64_t span, uint64_t edge)
{
	uint64_t n = 0, last = UINT64_MAX;

	for (size_t i = 0; i < m->cnt; i++) {
		uint64_t b0 = m->r[i].base / span, b1 = (mx_range_end(&m->r[i]) - 1) / span;

		if (edge) {
			/* only the ends can be partial */
			if (m->r[i].base % edge && b0 != last)
				n++, last = b0;
			if (mx_range_end(&m->r[i]) % edge && b1 != last)
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
	uint64_t svm = c->fl->arm_static_vm[lpae ? 1 : 0];
	int it = -1;

	if (mx_rangeset_subtract(&L->tmp1, &L->memory, &L->nomap) ||
	    mx_rangeset_clip(&L->tmp1, 0, lowmem)) {
		mxi_ctx_fail(c, MX_ENOMEM);
		return;
	}
	/* alloc_init_pmd(): a chunk is section-mapped when it is SECTION_SIZE-aligned
	 * (1 MiB, LPAE 2 MiB); a PTE table covers the 2 MiB of a PMD */
	edges = blocks_touched(&L->tmp1, pmd, lpae ? pmd : 1ULL << 20);
	for (uint64_t i = 0; i < edges; i++)
		it = mxi_model_alloc(c, "lowmem PTE table", c->page, c->page, 0, c->current_limit);
	if (edges)
		mxi_ctx_log(c, MX_LOG_MEMX, it, "map_lowmem: %" PRIu64 " PTE table(s) for partly mapped "
			   "2 MiB blocks of lowmem, below the memblock limit 0x%" PRIx64, edges,
			   c->current_limit);
	/* 4.1+ paging_init(): memblock_set_current_limit(arm_lowmem_limit) once lowmem is mapped */
	if (c->fl->arm_limit_raised)
		c->current_limit = lowmem;
	/*
	 * dma_mmu_remap[]: where the flavour records it when a reusable pool
	 * is reserved (c->remap), else the CMA areas (rmem_cma_setup() and
	 * dma_contiguous_reserve_area() recorded them)
	 */
	for (size_t i = 0; i < (c->fl->cma_remap_at_reserve ? c->nremap : c->ncma); i++) {
		uint64_t s = c->fl->cma_remap_at_reserve ? c->remap[i].base : c->cma[i].base;
		uint64_t e = s + (c->fl->cma_remap_at_reserve ? c->remap[i].size : c->cma[i].size), n;

		if (e > lowmem)
			e = lowmem;
		if (s >= e)
			continue;
		areas++;
		/* struct static_vm: a struct vm_struct and a list_head */
		mxi_model_alloc(c, "static_vm (CMA remap)", svm, lpae ? 8 : 4, 0, c->current_limit);
		n = (mx_round_up(e, pmd) - mx_round_down(s, pmd)) / pmd;
		remapped += n;
		for (uint64_t k = 0; k < n; k++)
			it = mxi_model_alloc(c, "CMA remap PTE table", c->page, c->page, 0, c->current_limit);
	}
	mxi_ctx_log(c, MX_LOG_MEMX, it, "dma_contiguous_remap: %" PRIu64 " CMA area(s) in lowmem, %"
		   PRIu64 " PTE table(s) (one per 2 MiB) and a %" PRIu64 "-byte static_vm each", areas,
		   remapped, svm);
}

/*
 * arch/arm64/mm/mmu.c: map_mem() maps every memblock.memory range that is
 * not NOMAP into the linear map; with rodata=full (Debian's default,
 * can_set_direct_map()) it uses base pages, so each 2 MiB of it costs one
 * PTE table page, each 1 GiB a PMD table, each 512 GiB a PUD table, all
 * from early_pgtable_alloc() (one page each, top-down).
 */
void mxi_step_pagetables(struct mx_ctx *c)
{
	struct mx_layout *L = c->L;
	const uint64_t pmd = 2ULL << 20, pud = 1ULL << 30, pgd = 512ULL << 30;
	uint64_t pte, pmds, puds, n, done, kblocks = 0;
	int it = -1;

	if (mxi_models_on(c) && c->p->kside.page_tables_listed) {
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "paging_init() page tables: listed by the profile, not modelled");
		if (c->P->arch == MX_ARCH_ARM && c->fl->arm_limit_raised)
			c->current_limit = c->lowmem_limit;
		return;
	}
	if (mxi_models_on(c) && c->P->arch == MX_ARCH_ARM && L->memory.cnt) {
		arm_pagetables(c);
		return;
	}
	if (!mxi_models_on(c) || c->P->arch != MX_ARCH_ARM64 || !L->memory.cnt)
		return;
	if (c->page != 4096) {
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "linear-map page tables not modelled for %" PRIu64
			   "-byte pages (only 4 KiB)", c->page);
		return;
	}
	if (mx_rangeset_subtract(&L->tmp1, &L->memory, &L->nomap)) {
		mxi_ctx_fail(c, MX_ENOMEM);
		return;
	}
	/* with block mappings only partly mapped blocks need a table of the next level */
	pte = blocks_touched(&L->tmp1, pmd, c->p->kside.linear_map_blocks ? pmd : 0);
	if (c->fl->arm64_kernel_blocks && !c->p->kside.linear_map_blocks) {
		/*
		 * 6.9+ map_mem(): [_text, __init_begin) is left out of the page
		 * mapping and mapped afterwards with NO_CONT_MAPPINGS only, so
		 * each 2 MiB block wholly inside it is one PMD entry, no table
		 */
		uint64_t ks = mx_round_up(c->P->kernel_base, pmd), ke = mx_round_down(c->P->init_base, pmd);

		kblocks = ke > ks && mx_rangeset_contains(&L->tmp1, ks, ke - ks) ? (ke - ks) / pmd : 0;
		pte -= kblocks < pte ? kblocks : pte;
	}
	pmds = blocks_touched(&L->tmp1, pud, c->p->kside.linear_map_blocks ? pud : 0);
	puds = blocks_touched(&L->tmp1, pgd, 0);
	n = pte + pmds + puds;
	/* page by page, as the kernel asks; consecutive pages become one item */
	done = mxi_ctx_alloc_pages(c, MX_ITEM_EARLY, "linear-map page tables", n, 0, c->current_limit, &it);
	if (done < n)
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_ALLOC_FAILED, &c->p->pos, -1,
			    "linear-map page table %" PRIu64 " of %" PRIu64 " does not fit", done + 1, n);
	mxi_ctx_log(c, MX_LOG_MEMX, it,
		   "linear map (%s): %" PRIu64 " PTE tables (%s 2 MiB of mapped memory, no-map excluded%s) + %"
		   PRIu64 " PMD (per 1 GiB) + %" PRIu64 " PUD (per 512 GiB) = %" PRIu64 " pages",
		   c->p->kside.linear_map_blocks ? "blocks" : "pages, rodata=full", pte,
		   c->p->kside.linear_map_blocks ? "per partly mapped" : "one per",
		   kblocks ? ", less the kernel image's whole 2 MiB blocks up to __init_begin" : "",
		   pmds, puds, n);
}

/*
 * drivers/of/fdt.c: __unflatten_device_tree() sizes the tree in a dry run
 * (unflatten_dt_nodes(): per node a struct device_node + its name, per
 * property a struct property, a synthesised "name" property for nodes
 * without one), then allocates ALIGN(size, 4) + 4 (the end marker).
 * The bootloader adds /chosen bootargs and linux,initrd-start/-end when the
 * blob lacks them.
 */
void mxi_step_unflatten(struct mx_ctx *c)
{
	const struct mx_kside *k = &c->p->kside;
	unsigned a = (unsigned)c->P->arch;
	uint64_t sn = c->fl->dt_node_size[a], sp = c->fl->dt_prop_size[a], al = c->fl->dt_align[a];
	uint64_t size, props, added = 0;
	int it;

	if (!mxi_models_on(c))
		return;
	/* a measured size (a boot's log) beats the model of the file's tree */
	if (k->unflattened || !k->has_dt || !sn) {
		if (!k->unflattened)
			mxi_ctx_log(c, MX_LOG_MEMX, -1, "unflattened device tree not modelled: no device-tree "
				   "shape (import a tree, or give kernel-side: device-tree / unflattened-dt)");
		if (k->unflattened) {
			it = mxi_model_alloc(c, "unflattened device tree", k->unflattened, al ? al : 8, 0,
					 c->current_limit);
			mxi_ctx_log(c, MX_LOG_MEMX, it, "unflattened device tree: %" PRIu64
				   " bytes as the profile gives (unflattened-dt)",
				   k->unflattened);
		}
		return;
	}
	added = mxi_bootloader_dt_props(c); /* /chosen: bootargs, initrd, u-boot,version, linux,uefi-* */
	props = k->dt.props + added + k->dt.unnamed;
	size = k->dt.nodes * sn + (al == 4 ? k->dt.names4 : k->dt.names8) + props * sp;
	size = mx_round_up(size, 4) + 4;
	it = mxi_model_alloc(c, "unflattened device tree", size, al, 0, c->current_limit);
	mxi_ctx_log(c, MX_LOG_MEMX, it,
		   "unflattened device tree: %u nodes x %" PRIu64 " + names %" PRIu64 " + (%u properties + %"
		   PRIu64 " added by the bootloader + %u synthesised names) x %" PRIu64
		   " = %" PRIu64 " bytes (ALIGN(size, 4) + 4)", k->dt.nodes, sn,
		   al == 4 ? k->dt.names4 : k->dt.names8, k->dt.props, added, k->dt.unnamed, sp, size);
}

/*
 * request_standard_resources(): arm64 allocates one struct resource per
 * memblock.memory region in one array; 32-bit ARM one at a time.
 */
void mxi_step_resources(struct mx_ctx *c)
{
	unsigned a = (unsigned)c->P->arch;
	uint64_t n, rs = c->fl->resource_size[a];
	int it = -1;

	if (!mxi_models_on(c) || !rs)
		return;
	if (c->P->arch == MX_ARCH_ARM && c->p->kside.lpae)
		rs += 8; /* resource_size_t is 64-bit with LPAE */
	/* arm64 counts memblock.memory.cnt; arm walks for_each_mem_range(), which skips NOMAP */
	if (c->fl->resources_one_alloc[a]) {
		n = mx_layout_memblock_regions(c->L, NULL, 0);
	} else {
		if (mx_rangeset_subtract(&c->L->tmp1, &c->L->memory, &c->L->nomap)) {
			mxi_ctx_fail(c, MX_ENOMEM);
			return;
		}
		n = c->L->tmp1.cnt;
	}
	if (c->fl->resources_one_alloc[a])
		it = mxi_model_alloc(c, "standard resources", n * rs, c->P->smp_cache_bytes, 0, c->current_limit);
	else
		for (uint64_t i = 0; i < n; i++)
			it = mxi_model_alloc(c, "standard resource", rs, c->P->smp_cache_bytes, 0, c->current_limit);
	mxi_ctx_log(c, MX_LOG_MEMX, it, "standard resources: %" PRIu64 " memblock.memory regions x %"
		   PRIu64 " bytes (struct resource)%s", n, rs,
		   c->fl->resources_one_alloc[a] ? ", one array" : ", one allocation each");
}

/* init/main.c: setup_command_line() - saved_command_line and static_command_line */
void mxi_step_cmdline(struct mx_ctx *c)
{
	uint64_t len = (c->p->bootargs ? strlen(c->p->bootargs) : 0) + 1;
	int it;

	if (!mxi_models_on(c))
		return;
	mxi_model_alloc(c, "saved_command_line", len, c->P->smp_cache_bytes, 0, c->current_limit);
	it = mxi_model_alloc(c, "static_command_line", len, c->P->smp_cache_bytes, 0, c->current_limit);
	mxi_ctx_log(c, MX_LOG_MEMX, it, "command line: 2 copies of strlen(bootargs) + 1 = %" PRIu64
		   " bytes", len);
}

/*
 * mm/page_alloc.c: alloc_large_system_hash() for one HASH_EARLY table.
 * @small_shift: HASH_SMALL's minimum of 1 << shift entries (0: at least a
 * page); @high_limit: the caller's cap on entries (0: none).
 */
static void large_hash(struct mx_ctx *c, const char *name, unsigned scale, uint64_t kernel_pages,
		       uint64_t all_pages, unsigned small_shift, uint64_t high_limit)
{
	uint64_t bucket = mxi_ptr_bytes(c), n = kernel_pages, max, size;
	unsigned shift = c->P->page_shift;
	int it;

	if (c->page < (1ULL << 20))
		n = mx_round_up(n, (1ULL << 20) / c->page);
	/* 64-bit, 4.13+: one more scale step per 4x beyond 64 GiB (ADAPT_SCALE_*) */
	if (mxi_ptr_bytes(c) == 8 && c->fl->hash_adapt_scale)
		for (uint64_t adapt = (64ULL << 30) >> shift; adapt < n && adapt < (1ULL << 62); adapt <<= 2)
			scale++;
	n = scale > shift ? n >> (scale - shift) : n << (shift - scale);
	if (small_shift) {
		if (!(n >> small_shift))
			n = 1ULL << small_shift;
	} else if (n * bucket < c->page) {
		n = c->page / bucket;
	}
	n = mxi_pow2_ceil(n);
	max = high_limit ? high_limit : ((all_pages * c->page) >> 4) / bucket;
	if (max > 0x80000000ULL)
		max = 0x80000000ULL;
	while (n > max && n > 1)
		n >>= 1; /* numentries = max, then ilog2() */
	size = bucket * n;
	/* HASH_EARLY: memblock_alloc(); a table that does not fit is tried at half the size */
	for (;;) {
		uint64_t base;

		if (!mxi_ctx_alloc(c, size, c->P->smp_cache_bytes, 0, c->current_limit, &base)) {
			it = model_item(c, name, base, size, c->P->smp_cache_bytes);
			break;
		}
		if (size <= c->page || n <= 1) {
			/* the last attempt failed: a failed item, not one more memblock_alloc() */
			mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_ALLOC_FAILED, &c->p->pos, -1,
				     "%s (%" PRIu64 " bytes) does not fit below 0x%" PRIx64, name, size,
				     c->current_limit);
			it = mxi_ctx_item(c, MX_ITEM_EARLY, name, 0, 0, MX_IF_FAILED | MX_IF_DYNAMIC, -1, -1);
			if (it >= 0)
				c->L->items[it].want = size;
			break;
		}
		size >>= 1;
		n >>= 1;
	}
	mxi_ctx_log(c, MX_LOG_MEMX, it, "%s hash table entries: %" PRIu64 " (%" PRIu64
		   " bytes): nr_kernel_pages %" PRIu64 " rounded to 1 MiB, scale %u, power of two",
		   name, n, size, kernel_pages, scale);
}

/*
 * fs/dcache.c: dcache_init_early() and fs/inode.c: inode_init_early()
 * (scale 13 and 14) with nr_kernel_pages from free_area_init_core(): every
 * lowmem zone's present pages minus its memmap pages; a highmem zone's
 * memmap is charged to it too when there are more than twice as many.
 */
void mxi_step_hash(struct mx_ctx *c)
{
	uint64_t kernel_pages = 0, all_pages = 0;

	if (!mxi_models_on(c))
		return;
	if (c->fl->nr_kernel_pages_free) {
		/* 6.10+: calc_nr_kernel_pages() at the end of free_area_init() */
		if (!c->have_nr_pages)
			mxi_nr_kernel_pages_snapshot(c);
		kernel_pages = c->nr_kernel_pages;
		all_pages = c->nr_all_pages;
		goto tables;
	}
	for (size_t i = 0; i < c->L->nzones; i++) {
		const struct mx_zone *z = &c->L->zones[i];
		uint64_t free = z->present;

		if (!z->highmem && free >= z->memmap_pages)
			free -= z->memmap_pages;
		all_pages += free;
		if (!z->highmem) {
			kernel_pages += free;
		} else {
			uint64_t hm = mxi_calc_memmap_pages(z->spanned, z->present,
							   c->P->model == MX_MM_SPARSE,
							   c->P->struct_page, c->page);

			if (kernel_pages > 2 * hm)
				kernel_pages -= hm;
		}
	}
tables:
	/* kernel/pid.c (before 4.15): pidhash_init(), HASH_SMALL from 16 entries, at most 4096 */
	if (c->fl->pid_hash)
		large_hash(c, "PID", 18, kernel_pages, all_pages, 4, 4096);
	large_hash(c, "Dentry cache", 13, kernel_pages, all_pages, 0, 0);
	large_hash(c, "Inode-cache", 14, kernel_pages, all_pages, 0, 0);
}

/*
 * mm/mm_init.c (6.10+): calc_nr_kernel_pages() - over memblock's free
 * ranges (for_each_free_mem_range(MEMBLOCK_NONE): memory, not NOMAP, not
 * reserved) PFN_UP(start)..PFN_DOWN(end) counts in nr_all_pages, and the
 * part below the HighMem zone in nr_kernel_pages. free_area_init() does it
 * last, so the memmap and everything before it is reserved by then.
 */
void mxi_nr_kernel_pages_snapshot(struct mx_ctx *c)
{
	struct mx_layout *L = c->L;
	uint64_t hs = c->highmem_start;

	if (mx_rangeset_subtract(&L->tmp1, &L->memory, &L->nomap)) {
		mxi_ctx_fail(c, MX_ENOMEM);
		return;
	}
	c->nr_all_pages = mx_rangeset_free_pages(&L->tmp1, &L->reserved, c->page, 0, UINT64_MAX);
	c->nr_kernel_pages = hs == UINT64_MAX ? c->nr_all_pages :
			     mx_rangeset_free_pages(&L->tmp1, &L->reserved, c->page, 0, hs);
	c->have_nr_pages = true;
	mxi_ctx_log(c, MX_LOG_MEMX, -1, "calc_nr_kernel_pages: nr_all_pages %" PRIu64
		   ", nr_kernel_pages %" PRIu64 " (memblock's free pages%s)", c->nr_all_pages,
		   c->nr_kernel_pages, hs == UINT64_MAX ? "" : ", below HighMem");
}

/*
 * mm/page_ext.c: page_ext_init_flatmem() -> alloc_node_page_ext() - when
 * a client needs page_ext (profile kernel-side page-ext: its size per page,
 * e.g. 4 for 32-bit PAGE_IDLE_FLAG), one table of page_ext_size bytes per
 * page of the node's span, plus MAX_ORDER_NR_PAGES when the span's start
 * or end is off a MAX_ORDER block; memblock_alloc_try_nid() from
 * __pa(MAX_DMA_ADDRESS) (above lowmem: it falls back to 0) up to the
 * memblock limit. SPARSEMEM allocates page_ext per section from the buddy
 * allocator later (page_ext_init()): no memblock cost.
 */
void mxi_step_page_ext(struct mx_ctx *c)
{
	uint64_t size = c->p->kside.page_ext, span, mo = 1ULL << (c->P->max_order - 1), nr;
	int it;

	if (!mxi_models_on(c) || !size)
		return;
	if (c->P->model != MX_MM_FLAT) {
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "page_ext: SPARSEMEM takes it per section from the buddy "
			   "allocator (page_ext_init), not from memblock");
		return;
	}
	span = c->node_end_pfn - c->node_start_pfn;
	if (!span)
		return;
	nr = span;
	if (c->node_start_pfn % mo || c->node_end_pfn % mo)
		nr += mo;
	it = mxi_model_alloc(c, "page_ext", nr * size, c->page, 0, c->current_limit);
	if (it >= 0 && (c->L->items[it].flags & MX_IF_PLACED))
		mxi_ctx_log(c, MX_LOG_KERNEL, it, "allocated %" PRIu64 " bytes of page_ext", nr * size);
	mxi_ctx_log(c, MX_LOG_MEMX, it, "page_ext: %" PRIu64 " pages of node span%s x %" PRIu64
		   " bytes", nr, nr != span ? " + a MAX_ORDER block (span off MAX_ORDER)" : "", size);
}
