/* zones.c - zone spans and sizes (free_area_init / zone_sizes_init) */
#include <inttypes.h>

#include "engine_internal.h"

struct zone_def {
	const char *name;
	uint64_t lo, hi; /* physical bounds */
	bool highmem;
};

/*
 * The zones each arch configures, with their physical limits:
 * 32-bit ARM (no ZONE_DMA): Normal up to the lowmem limit, HighMem above.
 * arm64: ZONE_DMA up to the 4 GiB boundary above the start of RAM
 * (max_zone_dma_phys(); DMA32 on 5.x), Normal above. riscv64: DMA32 below
 * 4 GiB, Normal above.
 */
static size_t zone_defs(const struct mx_ctx *c, struct zone_def *z)
{
	uint64_t start = mx_rangeset_start(&c->L->memory);

	switch (c->P->arch) {
	case MX_ARCH_ARM:
		/* with CONFIG_ZONE_DMA and no machine DMA limit, all of lowmem is ZONE_DMA */
		z[0] = (struct zone_def){ c->p->kside.zone_dma ? "DMA" : "Normal", 0, c->lowmem_limit, false };
		z[1] = (struct zone_def){ "HighMem", c->lowmem_limit, UINT64_MAX, true };
		return 2;
	case MX_ARCH_ARM64: {
		uint64_t dma = mx_round_down(start, 1ULL << 32) + (1ULL << 32);

		/* 6.x max_zone_phys(): DRAM that starts above 4 GiB is all ZONE_DMA */
		if (c->fl->arm64_dma_above_4g_all)
			dma = start > 0xffffffffULL ? UINT64_MAX : 1ULL << 32;

		z[0] = (struct zone_def){ c->fl->arm64_zone_dma ? "DMA" : "DMA32", 0, dma, false };
		z[1] = (struct zone_def){ "Normal", dma, UINT64_MAX, false };
		return 2;
	}
	case MX_ARCH_RISCV64:
	case MX_ARCH_NONE:
		break;
	}
	z[0] = (struct zone_def){ "DMA32", 0, 1ULL << 32, false };
	z[1] = (struct zone_def){ "Normal", 1ULL << 32, UINT64_MAX, false };
	return 2;
}

void mxi_zones_compute(struct mx_ctx *c)
{
	struct mx_layout *L = c->L;
	struct zone_def defs[4];
	size_t n = zone_defs(c, defs);
	uint64_t page = c->page, total = 0;
	bool wide = c->fl->klog != MX_KLOG_318;

	/* for_each_mem_pfn_range(): PFN_UP(base)..PFN_DOWN(end) of each region, slivers skipped */
	c->node_start_pfn = UINT64_MAX;
	c->node_end_pfn = 0;
	for (size_t i = 0; i < L->memory.cnt; i++) {
		uint64_t s = mx_round_up(L->memory.r[i].base, page) / page;
		uint64_t e = mx_range_end(&L->memory.r[i]) / page;

		if (s >= e)
			continue;
		if (s < c->node_start_pfn)
			c->node_start_pfn = s;
		if (e > c->node_end_pfn)
			c->node_end_pfn = e;
	}
	if (c->node_start_pfn > c->node_end_pfn)
		c->node_start_pfn = c->node_end_pfn = 0;
	L->nzones = n;
	mxi_ctx_log(c, MX_LOG_KERNEL, -1, "Zone ranges:");
	for (size_t i = 0; i < n; i++) {
		struct mx_zone *z = &L->zones[i];
		uint64_t lo = defs[i].lo / page;
		uint64_t hi = defs[i].hi == UINT64_MAX ? UINT64_MAX : defs[i].hi / page;

		z->name = defs[i].name;
		z->highmem = defs[i].highmem;
		z->start_pfn = lo > c->node_start_pfn ? lo : c->node_start_pfn;
		z->end_pfn = hi < c->node_end_pfn ? hi : c->node_end_pfn;
		if (z->end_pfn <= z->start_pfn) {
			z->start_pfn = z->end_pfn = 0;
			mxi_ctx_log(c, MX_LOG_KERNEL, -1, "  %-8s empty", z->name);
			continue;
		}
		z->spanned = z->end_pfn - z->start_pfn;
		z->present = mx_rangeset_pages_in(&L->memory, page, z->start_pfn * page,
						   z->spanned * page);
		total += z->present;
		z->memmap_pages = z->highmem ? 0 :
			mxi_calc_memmap_pages(z->spanned, z->present, c->P->model == MX_MM_SPARSE,
					     c->P->struct_page, page);
		L->sum.memmap_pages += z->memmap_pages;
		if (wide)
			mxi_ctx_log(c, MX_LOG_KERNEL, -1, "  %-8s [mem %#018" PRIx64 "-%#018" PRIx64 "]",
				   z->name, z->start_pfn * page, z->end_pfn * page - 1);
		else
			mxi_ctx_log(c, MX_LOG_KERNEL, -1, "  %-8s [mem %#010" PRIx64 "-%#010" PRIx64 "]",
				   z->name, z->start_pfn * page, z->end_pfn * page - 1);
	}
	/* CONFIG_ZONE_DEVICE (Debian arm64 6.12): an empty zone after Normal */
	if (c->fl->zone_device && c->P->arch == MX_ARCH_ARM64)
		mxi_ctx_log(c, MX_LOG_KERNEL, -1, "  %-8s empty", "Device");
	mxi_ctx_log(c, MX_LOG_KERNEL, -1, "On node 0 totalpages: %" PRIu64, total);
	/*
	 * build_all_zonelists(): "Total pages" is nr_free_zone_pages() with the
	 * watermarks still 0, i.e. the zones' managed pages as
	 * free_area_init_core() set them: present minus the memmap pages of
	 * each lowmem zone (calc_memmap_size()), or (6.10+,
	 * zone_init_internals(zone->present_pages)) the present pages
	 */
	L->sum.total_pages = 0;
	for (size_t i = 0; i < n; i++) {
		const struct mx_zone *z = &L->zones[i];

		L->sum.total_pages += z->present;
		if (!c->fl->total_pages_present)
			L->sum.total_pages -= z->memmap_pages < z->present ? z->memmap_pages : z->present;
	}
	for (size_t i = 0; i < n; i++) {
		const struct mx_zone *z = &L->zones[i];

		if (z->memmap_pages && z->present >= z->memmap_pages)
			mxi_ctx_log(c, MX_LOG_KERNEL, -1, "  %s zone: %" PRIu64 " pages used for memmap",
				   z->name, z->memmap_pages);
		else if (z->memmap_pages)
			mxi_ctx_log(c, MX_LOG_KERNEL, -1, "  %s zone: %" PRIu64 " pages exceeds freesize %"
				   PRIu64, z->name, z->memmap_pages, z->present);
	}
}
