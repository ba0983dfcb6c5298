/*
 * diffref_kside.c - the reference model's kernel-side cost models
 * (doc/engine.md, "The 6.1 kernel-side cost models", and the older
 * flavours' share of them), each written from the table's formula and the
 * kernel function it names. Where the kernel does something else than the
 * engine, the profile is flagged as a known engine issue (named below and
 * in diffref_internal.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diffref_internal.h"

static uint64_t ptr_size(const struct ref *R)
{
	return R->arch == MX_ARCH_ARM ? 4 : 8;
}

/* memblock_alloc() of one cost-model item, top-down under current_limit. */
static bool kalloc(struct ref *R, const char *name, uint64_t size, uint64_t align, uint64_t hi,
		   uint64_t *out)
{
	uint64_t base = 0;
	bool ok;

	if (!size)
		return false;
	ok = ref_place(R, size, align, 0, hi, &base);
	ref_kside_item(R, name, ok, base, size);
	if (out)
		*out = base;
	return ok;
}

/* Distinct @span blocks holding an edge of @v (strictly inside them) off @grain. */
static uint64_t edge_blocks(const struct range *v, size_t n, uint64_t span, uint64_t grain)
{
	uint64_t count = 0, last = NONE;

	for (size_t i = 0; i < n; i++) {
		uint64_t edge[2] = { v[i].s, v[i].e };

		for (int k = 0; k < 2; k++) {
			if (edge[k] % grain == 0 || edge[k] / span == last)
				continue;
			last = edge[k] / span;
			count++;
		}
	}
	return count;
}

/* Distinct @span blocks that @v touches. */
static uint64_t touched_blocks(const struct range *v, size_t n, uint64_t span)
{
	uint64_t count = 0, last = NONE;

	for (size_t i = 0; i < n; i++) {
		uint64_t b0 = v[i].s / span, b1 = (v[i].e - 1) / span;

		if (last != NONE && b0 <= last)
			b0 = last + 1;
		if (b0 <= b1)
			count += b1 - b0 + 1;
		last = last == NONE ? b1 : max64(last, b1);
	}
	return count;
}

/*
 * 32-bit ARM paging_init(): map_lowmem() maps lowmem with sections (1 MiB;
 * LPAE 2 MiB) and takes a PTE table for every 2 MiB in which a mapped range
 * ends off a section, below the PMD-rounded memblock limit; then the limit
 * becomes the end of lowmem, and dma_contiguous_remap() maps every CMA
 * area's lowmem part with pages: one struct static_vm (iotable_init) and a
 * PTE table per 2 MiB.
 */
static void arm_tables(struct ref *R)
{
	const uint64_t pmd = 2 * MiB;
	bool lpae = R->p->kside.lpae;
	struct range *v;
	size_t n = ref_map_ranges(R, &v), m = 0;
	uint64_t tables;

	for (size_t i = 0; i < n && v[i].s < R->hs; i++) {
		v[i].e = min64(v[i].e, R->hs);
		m = i + 1;
	}
	tables = edge_blocks(v, m, pmd, lpae ? pmd : MiB);
	free(v);
	for (uint64_t i = 0; i < tables; i++)
		kalloc(R, "lowmem PTE table", R->page, R->page, R->current_limit, NULL);
	/* since 4.1 (ARM: 8356/1) paging_init() raises the limit after map_lowmem() */
	if (R->v510)
		R->current_limit = R->hs;
	for (size_t a = 0; a < R->ncma; a++) {
		uint64_t s = R->cma[a].base, e = min64(R->cma[a].base + R->cma[a].size, R->hs);

		if (s >= e)
			continue;
		kalloc(R, "static_vm (CMA remap)", lpae ? 48 : 40, lpae ? 8 : 4, R->current_limit, NULL);
		for (uint64_t b = rdown(s, pmd); b < e; b += pmd)
			kalloc(R, "CMA remap PTE table", R->page, R->page, R->current_limit, NULL);
	}
}

/*
 * arm64 map_mem(): the memory that is not NOMAP is mapped page by page
 * (rodata=full: a PTE table per 2 MiB it touches, a PMD table per 1 GiB) or
 * with blocks (only a 2 MiB or 1 GiB block it maps partly needs a table of
 * the next level), plus a PUD table per 512 GiB, each one page from
 * early_pgtable_alloc(). The pages come one at a time; pages that follow
 * each other downwards are one item. doc/engine.md leaves out the kernel
 * image's separate mapping in block mode (see the report).
 */
static void arm64_tables(struct ref *R)
{
	struct range *v;
	size_t n = ref_map_ranges(R, &v);
	uint64_t total, run_base = 0, run_len = 0;
	bool blocks = R->p->kside.linear_map_blocks;

	total = (blocks ? edge_blocks(v, n, 2 * MiB, 2 * MiB) : touched_blocks(v, n, 2 * MiB)) +
		(blocks ? edge_blocks(v, n, GiB, GiB) : touched_blocks(v, n, GiB)) +
		touched_blocks(v, n, 512 * GiB);
	free(v);
	for (uint64_t i = 0; i < total; i++) {
		uint64_t base;

		if (!ref_place(R, R->page, R->page, 0, R->current_limit, &base))
			break; /* silent in doc/engine.md: read as the walk stopping, no item */
		if (run_len && base + R->page == run_base) {
			run_base = base;
			run_len += R->page;
			continue;
		}
		if (run_len)
			ref_kside_item(R, "linear-map page tables", true, run_base, run_len);
		run_base = base;
		run_len = R->page;
	}
	if (run_len)
		ref_kside_item(R, "linear-map page tables", true, run_base, run_len);
}

/*
 * The page-table models: 32-bit ARM's map_lowmem() code is the same in
 * every flavour; the arm64 linear map is modelled for 6.1 only.
 * kernel-side page-tables: listed turns the model off (the profile lists
 * paging_init()'s allocations itself); map_lowmem() still ends with the
 * memblock limit at the end of lowmem.
 */
void ref_step_pagetables(struct ref *R)
{
	uint64_t ms, me;

	if (!R->models || !ref_mem_first_last(R, &ms, &me))
		return;
	if (R->arch == MX_ARCH_ARM && R->p->kside.page_tables_listed) {
		if (R->v510)
			R->current_limit = R->hs;
	}
	else if (R->arch == MX_ARCH_ARM)
		arm_tables(R);
	else if (R->arch == MX_ARCH_ARM64 && !R->p->kside.page_tables_listed) {
		/*
		 * Known engine issue "arm64-318-linear-map": 3.18's map_mem()
		 * maps memory with 2 MiB sections and takes a PMD table per 1 GiB
		 * it touches (alloc_init_pmd(): "try section mapping first"), a
		 * PTE table only where a piece is off a section; 4.x+ map_mem()
		 * (rodata=full: pages) is the 6.1 model, which the engine runs
		 * for 3.18 as well. doc/engine.md lists no arm64 linear map
		 * before 6.1.
		 */
		if (R->fl == REF_318)
			ref_known_issue(R, "arm64-318-linear-map: 3.18 maps memory with sections");
		arm64_tables(R);
	}
}

/*
 * unflatten_device_tree(): nodes x sizeof(struct device_node) + the names +
 * (properties + those the bootloader adds to /chosen + one synthesised
 * "name" per unnamed node) x sizeof(struct property), then ALIGN(size, 4)
 * plus the 4-byte end marker, aligned like struct device_node.
 */
void ref_step_unflatten(struct ref *R)
{
	const struct mx_kside *k = &R->p->kside;
	bool arm = R->arch == MX_ARCH_ARM;
	uint64_t node = arm ? 108 : 208, prop = arm ? 48 : 96, align = arm ? 4 : 8, size;
	unsigned added = 0;

	if (!R->models)
		return;
	if (R->fl == REF_318 && k->has_dt && !k->unflattened) {
		/*
		 * Known engine issue "old-unflatten-shape": 3.18's
		 * __unflatten_device_tree() keeps full path names in each node
		 * (unflatten_dt_node()'s fpsize), so a tree's shape alone does not
		 * give its size; the engine allocates nothing for the shape on
		 * 3.18 and doc/engine.md asks for a measured size there.
		 */
		ref_known_issue(R, "old-unflatten-shape: %u nodes", k->dt.nodes);
	}
	if (!k->has_dt || k->unflattened) {
		if (k->unflattened)
			kalloc(R, "unflattened device tree", k->unflattened, align, R->current_limit, NULL);
		return;
	}
	if (R->p->bootargs && !k->dt.chosen_bootargs)
		added++;
	if (R->has_initrd && !k->dt.chosen_initrd)
		added += 2; /* linux,initrd-start and linux,initrd-end */
	size = (uint64_t)k->dt.nodes * node + (arm ? k->dt.names4 : k->dt.names8) +
	       ((uint64_t)k->dt.props + added + k->dt.unnamed) * prop;
	kalloc(R, "unflattened device tree", rup(size, 4) + 4, align, R->current_limit, NULL);
}

/*
 * request_standard_resources(): arm64 one array of 64-byte resources, one
 * per memblock.memory region (a NOMAP range is a region of its own); 32-bit
 * ARM one 32-byte (LPAE 40) allocation per region that is not NOMAP
 * (for_each_mem_range()).
 */
void ref_step_resources(struct ref *R)
{
	uint64_t regions = 0, mapped = 0;
	unsigned prev = 0;

	if (!R->kside)
		return;
	for (size_t i = 0; i < R->ngran; i++) {
		unsigned f = R->g[i] & (G_MEM | G_NOMAP);

		if (i % 64 == 0 && R->pmem[i / 64] == 0) {
			i += 63; /* a page without memory */
			prev = 0;
			continue;
		}
		if (i % 8 == 0 && i + 8 <= R->ngran && prev) {
			uint64_t w;

			memcpy(&w, R->g + i, 8);
			if ((w & 0x0505050505050505ULL) == 0x0101010101010101ULL * prev) {
				i += 7; /* 8 granules like the one before */
				continue;
			}
		}

		if ((f & G_MEM) && f != prev) {
			regions++;
			mapped += !(f & G_NOMAP);
		}
		prev = f & G_MEM ? f : 0;
	}
	if (R->arch == MX_ARCH_ARM64) {
		kalloc(R, "standard resources", regions * 64, 64, R->current_limit, NULL);
		return;
	}
	for (uint64_t i = 0; i < mapped; i++)
		kalloc(R, "standard resource", R->p->kside.lpae ? 40 : 32, 64, R->current_limit, NULL);
}

/* setup_command_line(): saved_command_line and static_command_line */
void ref_step_cmdline(struct ref *R)
{
	uint64_t len = (R->p->bootargs ? strlen(R->p->bootargs) : 0) + 1;

	if (!R->kside)
		return;
	kalloc(R, "saved_command_line", len, 64, R->current_limit, NULL);
	kalloc(R, "static_command_line", len, 64, R->current_limit, NULL);
}

/*
 * setup_log_buf(): log_buf_len= (at most 2 GiB) rounded up to a power of
 * two, or without it log_buf_add_cpu()'s (cpus - 1) x 4 KiB + the built-in
 * buffer when that is more than half of it; only a length above the
 * built-in buffer (log-buf, 128 KiB when not given) counts. Then the text,
 * len / 32 struct prb_desc (three longs) and as many struct printk_info (88
 * bytes), LOG_ALIGN (a long) aligned; when one does not fit, those already
 * taken are given back.
 */
void ref_step_logbuf(struct ref *R)
{
	static const char *const names[3] = { "log buffer", "log buffer descriptors",
					      "log buffer infos" };
	uint64_t built_in = R->p->kside.log_buf ? R->p->kside.log_buf : 128 * KiB;
	uint64_t len = R->log_buf_len, size[3];
	int it[3];

	if (!R->kside)
		return;
	if (!len && R->cpus > 1 && (R->cpus - 1) * 4096 > built_in / 2)
		len = (R->cpus - 1) * 4096 + built_in;
	if (!len)
		return;
	len = ref_pow2_ceil(min64(len, 2 * GiB));
	if (len <= built_in)
		return;
	size[0] = len;
	size[1] = (len >> 5) * 3 * ptr_size(R);
	size[2] = (len >> 5) * 88;
	for (int k = 0; k < 3; k++) {
		uint64_t base = 0;
		bool ok = ref_place(R, size[k], ptr_size(R), 0, R->current_limit, &base);

		it[k] = ref_kside_item(R, names[k], ok, base, size[k]);
		if (ok)
			continue;
		for (int j = 0; j < k; j++) {
			struct dref_item *x = &R->r->items[it[j]];

			ref_gclear(R, x->base, x->base + x->size, G_RSV);
			x->state = DREF_UNDONE;
		}
		return;
	}
}

/*
 * alloc_large_system_hash() for a HASH_EARLY table: nr_kernel_pages
 * rounded up to 1 MiB (64-bit: one more scale per 4x beyond 64 GiB,
 * ADAPT_SCALE), shifted by scale - PAGE_SHIFT, at least a page of buckets,
 * a power of two, at most 1/16 of nr_all_pages; one pointer per bucket.
 * Returns the table's size.
 */
static uint64_t hash_size(const struct ref *R, unsigned scale, uint64_t kernel_pages,
			  uint64_t all_pages)
{
	uint64_t bucket = ptr_size(R), n = rup(kernel_pages, MiB / R->page), max, q = 1;

	/* ADAPT_SCALE came with 4.13: not in the 3.18 flavour */
	if (bucket == 8 && R->v510)
		for (uint64_t adapt = 64 * GiB / R->page; adapt < n; adapt *= 4)
			scale++;
	n >>= scale - 12;
	if (n * bucket < R->page)
		n = R->page / bucket;
	n = ref_pow2_ceil(n);
	max = min64((all_pages * R->page >> 4) / bucket, 0x80000000ULL);
	if (n > max)
		n = max;
	while (q * 2 <= n)
		q *= 2; /* ilog2 */
	return q * bucket;
}

/*
 * 3.18 pidhash_init(): alloc_large_system_hash("PID", pointer, 0, 18,
 * HASH_EARLY | HASH_SMALL, &pidhash_shift (4), NULL, 0, 4096): the same
 * start, at least 1 << 4 entries instead of a page, at most 4096 (which
 * replaces the 1/16-of-memory cap).
 */
static uint64_t pid_hash_size(const struct ref *R, uint64_t kernel_pages)
{
	uint64_t n = rup(kernel_pages, MiB / R->page) >> (18 - 12);

	if (!(n >> 4))
		n = 16;
	n = min64(ref_pow2_ceil(n), 4096);
	return n * ptr_size(R);
}

/*
 * A HASH_EARLY table: alloc_large_system_hash() tries again at half the
 * size, down to a page, whenever memblock_alloc() fails (no room, or a
 * reserved array that cannot grow).
 */
static void hash_alloc(struct ref *R, const char *name, uint64_t size)
{
	uint64_t base = 0;
	bool ok;

	while (!(ok = ref_place(R, size, 64, 0, R->current_limit, &base)) && size > R->page)
		size >>= 1;
	ref_kside_item(R, name, ok, base, size);
}

/*
 * vfs_caches_init_early(): the dentry (scale 13) and inode (scale 14)
 * hashes, from free_area_init_core()'s nr_kernel_pages (lowmem present
 * minus memmap pages, minus HighMem's memmap when more than twice it) and
 * nr_all_pages.
 */
void ref_step_hash(struct ref *R)
{
	static const char *const names[2] = { "Dentry cache", "Inode-cache" };
	uint64_t kernel = 0, all = 0;

	if (!R->models)
		return;
	for (size_t z = 0; z < R->r->nzones; z++) {
		const struct dref_zone *Z = &R->r->zones[z];
		uint64_t free = Z->present;

		if (!Z->spanned)
			continue;
		if (!Z->highmem && free >= Z->memmap_pages)
			free -= Z->memmap_pages;
		all += free;
		if (!Z->highmem)
			kernel += free;
	}
	for (size_t z = 0; z < R->r->nzones; z++) {
		const struct dref_zone *Z = &R->r->zones[z];
		uint64_t mm = Z->spanned ? ref_calc_memmap(R, Z->spanned, Z->present) : 0;

		if (Z->highmem && kernel > 2 * mm)
			kernel -= mm;
	}
	if (!all) {
		ref_unsupported(R, "no pages for the hashes");
		return;
	}
	/* pidhash_init() runs before vfs_caches_init_early(); gone in 4.15 */
	if (R->fl == REF_318)
		hash_alloc(R, "PID", pid_hash_size(R, kernel));
	for (int k = 0; k < 2; k++)
		hash_alloc(R, names[k], hash_size(R, 13 + (unsigned)k, kernel, all));
}

/*
 * mem_init() -> swiotlb_init() (arm64; 32-bit ARM with LPAE) when
 * PFN_DOWN(end of memory) > PFN_DOWN(DMA limit) (arm64_dma_phys_limit;
 * arm_dma_pfn_limit of 0xffffffff) or with swiotlb=force, never with
 * swiotlb=noforce. swiotlb_init_remap(): areas = swiotlb=,AREAS or the
 * possible CPUs, rounded up to a power of two, and with them the slab
 * count (32768, or swiotlb=N rounded up to 128) (swiotlb_adjust_nareas());
 * the buffer, slabs x 2 KiB, memblock_alloc_low() below
 * ARCH_LOW_ADDRESS_LIMIT and current_limit; then the slots (struct
 * io_tlb_slot: arm64 24 bytes, LPAE 16) page-rounded and the areas
 * (struct io_tlb_area: 16 bytes, arm 12). Nothing more when the buffer
 * does not fit.
 */
void ref_step_swiotlb(struct ref *R)
{
	bool arm = R->arch == MX_ARCH_ARM;
	uint64_t limit, low, ms = 0, me = 0, nslabs, nareas;

	if (!R->kside || R->swiotlb_off || !ref_mem_first_last(R, &ms, &me))
		return;
	if (arm ? !R->p->kside.lpae : R->arch != MX_ARCH_ARM64)
		return;
	limit = arm ? 0xffffffffu : ref_dma_limit(R);
	if (me / R->page <= limit / R->page && !R->swiotlb_force)
		return;
	nareas = ref_pow2_ceil(R->swiotlb_nareas ? R->swiotlb_nareas : R->cpus);
	nslabs = ref_pow2_ceil(R->swiotlb_slabs ? rup(R->swiotlb_slabs, 128) : 32768);
	/* ARCH_LOW_ADDRESS_LIMIT: arm64_dma_phys_limit - 1; arm the generic 0xffffffff */
	low = min64(arm ? 0xffffffffu : limit - 1, R->current_limit);
	if (!kalloc(R, "swiotlb buffer", rup(nslabs << 11, R->page), R->page, low, NULL))
		return;
	kalloc(R, "swiotlb slots", rup(nslabs * (arm ? 16 : 24), R->page), R->page, R->current_limit,
	       NULL);
	kalloc(R, "swiotlb areas", nareas * (arm ? 12 : 16), 64, R->current_limit, NULL);
}

/*
 * reserve_crashkernel() for crashkernel=SIZE[@BASE]: arm64 takes
 * page-rounded, 2 MiB-aligned memory below arm64_dma_phys_limit (exactly
 * [BASE, BASE + SIZE) when given); 32-bit ARM 128 MiB-aligned memory from
 * 128 MiB up to the end of lowmem, or at BASE with section alignment.
 */
void ref_step_crashkernel(struct ref *R)
{
	uint64_t size = rup(R->crash_size, R->page), align, lo, hi, base = 0;
	bool ok;

	if (!size)
		return;
	if (R->arch == MX_ARCH_ARM) {
		align = 128 * MiB;
		lo = 128 * MiB;
		hi = R->hs;
		if (R->crash_base)
			align = R->p->kside.lpae ? 2 * MiB : MiB;
	} else {
		align = 2 * MiB;
		lo = 0;
		hi = ref_dma_limit(R);
	}
	if (R->crash_base) {
		lo = R->crash_base;
		hi = R->crash_base + size;
	}
	/* 6.1 arm64 gives up here: the fall-back above the DMA limit came with 6.2 */
	ok = ref_place(R, size, align, lo, hi, &base);
	ref_kside_item(R, "crashkernel", ok, base, size);
}
