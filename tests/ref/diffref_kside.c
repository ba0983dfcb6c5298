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
	/*
	 * dma_mmu_remap[]: the CMA areas (6.1), or (6.12) every reusable pool
	 * reserved or allocated and then the default area, CMA or not
	 */
	for (size_t a = 0; a < (R->v612 ? R->nremap : R->ncma); a++) {
		uint64_t s = R->v612 ? R->remap[a].s : R->cma[a].base;
		uint64_t e = min64(R->v612 ? R->remap[a].e : R->cma[a].base + R->cma[a].size, R->hs);

		if (s >= e)
			continue;
		/* struct static_vm: 40 bytes (LPAE 48); 6.12 44 without LPAE */
		kalloc(R, "static_vm (CMA remap)", lpae ? 48 : R->v612 ? 44 : 40, lpae ? 8 : 4,
		       R->current_limit, NULL);
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
	if (R->v612 && !blocks) {
		/*
		 * 6.12 map_mem(): the 2 MiB blocks wholly inside
		 * [round_up(kernel base), round_down(init base)) need no PTE
		 * table when all of that range is mapped memory
		 */
		uint64_t ks = rup(R->kbase, 2 * MiB), ke = rdown(R->init_base, 2 * MiB);
		bool mapped = false;

		for (size_t i = 0; ke > ks && i < n; i++)
			mapped |= v[i].s <= ks && ke <= v[i].e;
		if (mapped)
			total -= (ke - ks) / (2 * MiB);
	}
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
	/* struct property grew by 8 bytes in 6.12 (doc/engine.md, "The 6.12 flavour") */
	uint64_t node = arm ? 108 : 208, prop = (arm ? 48 : 96) + (R->v612 ? 8 : 0), align = arm ? 4 : 8;
	uint64_t size;
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
	if (R->v612) {
		/* 6.12: calc_nr_kernel_pages() at the end of the memmap step */
		if (!R->have_nr)
			ref_unsupported(R, "hashes without the memmap step's snapshot");
		kernel = R->nr_kernel;
		all = R->nr_all;
		goto tables;
	}
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
tables:
	if (!all && R->v612) {
		/* nothing free at the end of free_area_init(): no kernel boots on that */
		ref_known_issue(R, "unbootable: no free page when the hashes are sized");
		return;
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
	bool arm = R->arch == MX_ARCH_ARM, small = false;
	uint64_t limit, low, ms = 0, me = 0, nslabs, nareas = 0, base = 0;

	if (!R->kside || R->swiotlb_off || !ref_mem_first_last(R, &ms, &me))
		return;
	if (arm ? !R->p->kside.lpae : R->arch != MX_ARCH_ARM64)
		return;
	limit = arm ? 0xffffffffu : ref_dma_limit(R);
	if (me / R->page <= limit / R->page && !R->swiotlb_force) {
		/* 6.12 arm64: the kmalloc bounce buffer when no ZONE_DMA bouncing is needed */
		if (!(R->v612 && !arm))
			return;
		small = true;
	}
	nslabs = R->swiotlb_slabs ? rup(R->swiotlb_slabs, 128) : 32768;
	if (!R->v612) {
		nareas = ref_pow2_ceil(R->swiotlb_nareas ? R->swiotlb_nareas : R->cpus);
		nslabs = ref_pow2_ceil(nslabs);
	} else {
		/*
		 * 6.12 (doc/engine.md): swiotlb=N,A rounds for A areas when parsed;
		 * the kmalloc bounce size (only on the default 32768 slabs); else
		 * the possible CPUs' areas. Rounding: at least 128 per area, else
		 * up to a power of two.
		 */
		if (R->swiotlb_nareas) {
			nareas = ref_pow2_ceil(R->swiotlb_nareas);
			nslabs = nslabs < 128 * nareas ? 128 * nareas : ref_pow2_ceil(nslabs);
		}
		if (small && nslabs == 32768) {
			uint64_t mem = 0, size;
			struct range *v;
			size_t n = ref_mem_ranges(R, &v);

			for (size_t i = 0; i < n; i++)
				mem += v[i].e - v[i].s; /* memblock.memory, no-map included */
			free(v);
			size = min64((mem + 1023) / 1024, 32768ULL << 11);
			nslabs = rup(rup(size, 2048) >> 11, 128);
			if (nareas)
				nslabs = nslabs < 128 * nareas ? 128 * nareas : ref_pow2_ceil(nslabs);
		}
		if (!nareas) {
			nareas = ref_pow2_ceil(R->cpus);
			nslabs = nslabs < 128 * nareas ? 128 * nareas : ref_pow2_ceil(nslabs);
		}
	}
	/* ARCH_LOW_ADDRESS_LIMIT: arm64_dma_phys_limit - 1; arm the generic 0xffffffff */
	low = min64(arm ? 0xffffffffu : limit - 1, R->current_limit);
	/* 6.12: half the slabs (aligned to 128) while more than 512 were asked */
	while (!ref_place(R, rup(nslabs << 11, R->page), R->page, 0, low, &base)) {
		if (!R->v612 || nslabs <= 512) {
			ref_kside_item(R, "swiotlb buffer", false, 0, rup(nslabs << 11, R->page));
			return;
		}
		nslabs = rup(nslabs / 2, 128);
	}
	ref_kside_item(R, "swiotlb buffer", true, base, rup(nslabs << 11, R->page));
	if (R->v612 && nslabs < 128 * nareas)
		nareas = nslabs / 128;
	kalloc(R, "swiotlb slots", rup(nslabs * (arm ? 16 : 24), R->page), R->page, R->current_limit,
	       NULL);
	kalloc(R, "swiotlb areas", nareas * (arm ? 12 : 16), 64, R->current_limit, NULL);
}

/*
 * 6.12 reserve_crashkernel_generic() (doc/engine.md, "The 6.12 flavour"):
 * crashkernel=SIZE[@BASE] below the DMA limit, 2 MiB-aligned, not
 * page-rounded; without BASE a failure tries above the limit up to the end
 * of memory, with 128 MiB more below it; SIZE,high above the limit first,
 * then below, with SIZE,low (128 MiB) below when it landed high. A low part
 * that does not fit gives the high one back.
 */
static void crash_612(struct ref *R)
{
	uint64_t low_max = ref_dma_limit(R), ms = 0, me = 0, size, lo = 0, hi, base = 0, low = 0, lb = 0;
	bool ok, high = false;

	if (!ref_mem_first_last(R, &ms, &me))
		return;
	if (R->crash_size) {
		size = R->crash_size;
	} else if (R->crash_high) {
		size = R->crash_high;
		high = true;
		low = R->crash_low ? R->crash_low : 128 * MiB;
	} else {
		return;
	}
	hi = high ? me : low_max;
	lo = high ? low_max : 0;
	if (R->crash_base && !high) {
		lo = R->crash_base;
		hi = R->crash_base + size;
	}
	ok = ref_place(R, size, 2 * MiB, lo, hi, &base);
	if (!ok && !R->crash_base && !high) {
		low = 128 * MiB;
		ok = low_max < me && ref_place(R, size, 2 * MiB, low_max, me, &base);
	} else if (!ok && high) {
		ok = ref_place(R, size, 2 * MiB, 0, low_max, &base);
	}
	if (ok && base >= low_max && low) {
		if (!ref_place(R, low, 2 * MiB, 0, low_max, &lb)) {
			ref_gclear(R, base, base + size, G_RSV);
			ok = false;
		} else {
			ref_kside_item(R, "crashkernel low", true, lb, low);
		}
	}
	ref_kside_item(R, "crashkernel", ok, base, size);
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

	if (R->v612 && R->arch == MX_ARCH_ARM64) {
		crash_612(R);
		return;
	}
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

/*
 * 6.12 calc_nr_kernel_pages() (doc/engine.md, "The 6.12 flavour"): whole
 * pages of memory that are free (not NOMAP, no reserved byte), all of them
 * and those below the HighMem start.
 */
void ref_nr_pages(struct ref *R)
{
	uint64_t hs_pfn = R->hs == NONE ? NONE : R->hs / R->page;

	R->nr_all = R->nr_kernel = 0;
	for (size_t i = 0; i < R->npages; i++) {
		if (!ref_page_free(R, i))
			continue;
		R->nr_all++;
		R->nr_kernel += ref_pfn0(R) + i < hs_pfn;
	}
	R->have_nr = true;
}

/*
 * page_ext (doc/engine.md, "The 6.12 flavour"; in the 6.1 lists too): with
 * FLATMEM and kernel-side page-ext: N, N bytes per page of the node span
 * (first to last memory pfn) plus a MAX_ORDER block when the span is off
 * one, page-aligned, top-down under the memblock limit.
 */
void ref_step_page_ext(struct ref *R)
{
	uint64_t n = R->p->kside.page_ext, first = NONE, end = 0, pages;

	if (!R->models || !n || R->sparse)
		return;
	for (size_t i = 0; i < R->npages; i++)
		if (ref_page_mem(R, i)) {
			first = min64(first, ref_pfn0(R) + i);
			end = ref_pfn0(R) + i + 1;
		}
	if (first == NONE)
		return;
	pages = end - first;
	if (first % R->mo_nr || end % R->mo_nr)
		pages += R->mo_nr;
	kalloc(R, "page_ext", pages * n, R->page, R->current_limit, NULL);
}
