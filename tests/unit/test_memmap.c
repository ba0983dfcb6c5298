/* test_memmap.c - calc_memmap_size, FLATMEM node maps and usemaps, free_unused_memmap, SPARSEMEM */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "engine_internal.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static void compute(struct mx_layout *L, struct mx_profile *p, const char *yaml)
{
	tu_load_ok(p, yaml);
	tu_compute(L, p);
}

static size_t count_items(const struct mx_layout *L, const char *name)
{
	size_t n = 0;

	for (size_t i = 0; i < L->nitems; i++)
		n += !strcmp(L->items[i].name, name);
	return n;
}

static const struct mx_zone *zone(const struct mx_layout *L, const char *name)
{
	for (size_t i = 0; i < L->nzones; i++)
		if (!strcmp(L->zones[i].name, name))
			return &L->zones[i];
	print_error("no zone %s\n", name);
	fail();
	return NULL;
}

/* ---- mxi_calc_memmap_pages -------------------------------------------------- */

struct calc_case {
	uint64_t spanned, present;
	bool sparse;
	uint32_t struct_page;
	uint64_t page, want;
};

static const struct calc_case calc_cases[] = {
	{ 0, 0, false, 32, 4096, 0 },
	{ 128, 128, false, 32, 4096, 1 },            /* 4096 bytes exactly */
	{ 129, 129, false, 32, 4096, 2 },            /* PAGE_ALIGN rounds up */
	{ 1000, 500, false, 32, 4096, 8 },           /* FLATMEM: spanned, holes and all */
	{ 1000, 500, true, 32, 4096, 4 },            /* SPARSEMEM: present (1000 > 500 + 31) */
	{ 32768, 32768, false, 56, 4096, 448 },      /* seeds/003: 1835008 bytes */
	{ 16384, 16384, false, 64, 65536, 16 },      /* 64 KiB pages */
	/*
	 * The threshold: spanned > present + present / 16.
	 * present 1600: the limit is 1700.
	 */
	{ 1700, 1600, true, 64, 4096, 27 },          /* 1700 is not above: spanned, 108800 B */
	{ 1701, 1600, true, 64, 4096, 25 },          /* above: present, 102400 B */
	{ 1701, 1600, false, 64, 4096, 27 },         /* FLATMEM never switches */
	/* present / 16 rounds down: present 15 -> limit 15, present 17 -> limit 18 */
	{ 15, 15, true, 4096, 4096, 15 },
	{ 16, 15, true, 4096, 4096, 15 },
	{ 16, 15, false, 4096, 4096, 16 },
	{ 18, 17, true, 4096, 4096, 18 },
	{ 19, 17, true, 4096, 4096, 17 },
	{ 5, 0, true, 64, 4096, 0 },                 /* nothing present */
	{ 5, 0, false, 64, 4096, 1 },
};

static void calc_memmap_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(calc_cases) / sizeof(calc_cases[0]); i++) {
		const struct calc_case *c = &calc_cases[i];
		uint64_t got = mxi_calc_memmap_pages(c->spanned, c->present, c->sparse,
						    c->struct_page, c->page);

		if (got != c->want) {
			print_error("case %zu: spanned %" PRIu64 " present %" PRIu64 " sparse %d: %"
				    PRIu64 ", want %" PRIu64 "\n", i, c->spanned, c->present, c->sparse,
				    got, c->want);
			fail();
		}
	}
}

/* ---- FLATMEM: the node map -------------------------------------------------- */

/*
 * 32-bit ARM, memory [0x60100000, 0x67f80000): pfn 0x60100 .. 0x67f80.
 * MAX_ORDER_NR_PAGES 0x400: the map covers pfn 0x60000 .. 0x68000,
 * 0x8000 pages x 32 B = 1 MiB.
 *
 * current_limit: the bank ends off a 1 MiB section -> 0x67f00000.
 * A 100-byte paging allocation (align 4) sits right below it, at
 * 0x67efff9c; the map goes below that, aligned to 64:
 * round_down(0x67efff9c - 0x100000, 64) = 0x67dfff80.
 * The Normal zone spans 0x7e80 pages from pfn 0x60100 (0x100 into its
 * pageblock): 0x7e80 + 0x100 = 0x8000 pages = 32 pageblocks of 1024,
 * 128 bits, 16 bytes. It fits in the 28-byte alignment gap between the
 * map and the paging allocation: round_down(0x67efff9c - 16, 64) = 0x67efff80.
 *
 *   0x67dfff80            0x67efff80  0x67efff9c  0x67f00000
 *   |------ mem_map -------|-usemap-|--|---pad----|
 */
static void flat_node_map_odd_span(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const struct mx_item *map, *um;

	(void)state;
	mx_layout_init(&L);
	compute(&L, &p, "arch: arm\nkernel: \"3.18\"\n"
		"memory: [{ base: 0x60100000, size: 0x7e80000 }]\n"
		"early-allocations:\n"
		"  - { name: pad, phase: paging, size: 100, align: 4 }\n");
	assert_int_equal(tu_item(&L, "pad")->base, 0x67efff9c);
	map = tu_item(&L, "mem_map");
	assert_int_equal(map->kind, MX_ITEM_MEMMAP);
	assert_int_equal(map->size, 0x100000);
	assert_int_equal(map->base, 0x67dfff80);
	assert_int_equal(map->base % 64, 0);
	assert_int_equal(map->align, 64);
	assert_int_equal(map->win_hi, 0x67f00000);      /* under current_limit */
	assert_int_equal(L.sum.memmap_base, 0x67dfff80);
	assert_int_equal(L.sum.memmap_alloc, 0x100000);
	assert_int_equal(L.sum.memmap_bytes, 0x100000);  /* no holes to free */
	assert_int_equal(L.sum.memmap_unused_freed, 0);
	assert_true(tu_log_has(&L, "alloc_node_mem_map: 1048576 bytes at 0x67dfff80 "
			       "(pfn 0x60000-0x68000 x 32 B)"));

	um = tu_item(&L, "usemap (Normal)");
	assert_int_equal(um->kind, MX_ITEM_MEMMAP_META);
	assert_int_equal(um->size, 16);
	assert_int_equal(um->base, 0x67efff80);
	assert_int_equal(count_items(&L, "usemap (HighMem)"), 0); /* empty zone: no usemap */

	/* the printed figure: spanned 0x7e80 pages x 32 B = 253 pages */
	assert_int_equal(zone(&L, "Normal")->spanned, 0x7e80);
	assert_int_equal(zone(&L, "Normal")->memmap_pages, 253);
	assert_true(tu_log_has(&L, "Normal zone: 253 pages used for memmap"));
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* ---- usemap sizes ------------------------------------------------------------ */

/*
 * usemap_size(): bits = round_up(spanned + start % pageblock_nr, pageblock_nr)
 * / pageblock_nr * 4, rounded up to a whole long (32 bits on arm, 64 else).
 */
struct usemap_case {
	const char *name;
	const char *arch;
	uint64_t base, size;
	unsigned pageblock;
	const char *zone;
	uint64_t want;
};

static const struct usemap_case usemap_cases[] = {
	/* 32768 pages, 64 blocks of 512: 256 bits, a multiple of 32 and 64 */
	{ "exact, arm", "arm", 0x80000000, 128 * MiB, 9, "usemap (Normal)", 32 },
	{ "exact, riscv64", "riscv64", 0x80000000, 128 * MiB, 9, "usemap (DMA32)", 32 },
	/* one page more: 65 blocks, 260 bits -> 288 (arm) or 320 (64-bit) */
	{ "one page over, arm", "arm", 0x80000000, 128 * MiB + 4096, 9, "usemap (Normal)", 36 },
	{ "one page over, riscv64", "riscv64", 0x80000000, 128 * MiB + 4096, 9, "usemap (DMA32)", 40 },
	/* a zone starting 256 pages into a block: 32768 + 256 -> 65 blocks */
	{ "start offset, arm", "arm", 0x80100000, 128 * MiB, 9, "usemap (Normal)", 36 },
	{ "start offset, riscv64", "riscv64", 0x80100000, 128 * MiB, 9, "usemap (DMA32)", 40 },
	/* pageblock 10: 32768 pages = 32 blocks = 128 bits: 16 bytes on both */
	{ "pageblock 10, arm", "arm", 0x80000000, 128 * MiB, 10, "usemap (Normal)", 16 },
	{ "pageblock 10, riscv64", "riscv64", 0x80000000, 128 * MiB, 10, "usemap (DMA32)", 16 },
	/* 256 pages: 1 block, 4 bits, one long */
	{ "tiny, arm", "arm", 0x80000000, 1 * MiB, 9, "usemap (Normal)", 4 },
	{ "tiny, riscv64", "riscv64", 0x80000000, 1 * MiB, 9, "usemap (DMA32)", 8 },
};

static void usemap_sizes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(usemap_cases) / sizeof(usemap_cases[0]); i++) {
		const struct usemap_case *c = &usemap_cases[i];
		struct mx_profile p;
		struct mx_layout L;
		char yaml[512];
		const struct mx_item *it;

		snprintf(yaml, sizeof(yaml), "arch: %s\nkernel: \"3.18\"\nmemory-model: flatmem\n"
			 "pageblock-order: %u\nmemory: [{ base: %#" PRIx64 ", size: %#" PRIx64 " }]\n",
			 c->arch, c->pageblock, c->base, c->size);
		mx_layout_init(&L);
		compute(&L, &p, yaml);
		it = tu_item(&L, c->zone);
		if (it->size != c->want) {
			print_error("%s: %" PRIu64 " bytes, want %" PRIu64 "\n", c->name, it->size, c->want);
			fail();
		}
		assert_true(it->flags & MX_IF_PLACED);
		assert_int_equal(it->base % 64, 0);
		mx_layout_release(&L);
		mx_profile_release(&p);
	}
}

/*
 * msm8937's geometry (1 GiB at 0x80000000, lowmem to 0xaf800000), default
 * pageblock 10: Normal 194560 pages = 190 blocks = 760 bits -> 768 = 96 B;
 * HighMem 67584 pages = 66 blocks = 264 bits -> 288 = 36 B.
 */
static void usemap_per_zone(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	mx_layout_init(&L);
	compute(&L, &p, "arch: arm\nkernel: \"3.18\"\nmemory: [{ base: 0x80000000, size: 1G }]\n");
	assert_int_equal(zone(&L, "Normal")->spanned, 194560);
	assert_int_equal(zone(&L, "HighMem")->spanned, 67584);
	assert_int_equal(tu_item(&L, "usemap (Normal)")->size, 96);
	assert_int_equal(tu_item(&L, "usemap (HighMem)")->size, 36);
	/* HighMem prints no memmap figure */
	assert_int_equal(zone(&L, "HighMem")->memmap_pages, 0);
	assert_int_equal(zone(&L, "Normal")->memmap_pages, 194560 * 32 / 4096);
	assert_int_equal(L.sum.memmap_pages, 1520);
	/* the node map covers both zones: 0x40000 pages x 32 B */
	assert_int_equal(tu_item(&L, "mem_map")->size, 8 * MiB);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* ---- free_unused_memmap --------------------------------------------------------- */

struct unused_case {
	const char *name;
	const char *yaml;
	uint64_t map_base;
	uint64_t freed_base, freed;   /* the whole pages that leave memblock.reserved */
};

#define HOLES(banks, extra) \
	"arch: arm\nkernel: \"3.18\"\nmemory: " banks "\n" \
	"kernel-image: { base: 0x60008000, size: 4M }\n" extra

static const struct unused_case unused_cases[] = {
	/*
	 * Banks A [0x60000000, 0x64000000) and B [0x68180000, 0x6c000000).
	 * The map covers pfn 0x60000 .. 0x6c000: 0xc000 x 32 B = 0x180000.
	 * current_limit: B starts off a section -> round_down(0x68180000, 1M)
	 * = 0x68100000, in the hole, so the map tops out at A's end:
	 * 0x64000000 - 0x180000 = 0x63e80000.
	 *
	 *   prev_end = round_up(0x64000, 0x400) = 0x64000
	 *   start    = round_down(PFN_UP(0x68180000), 0x400) = 0x68000
	 *   map(0x64000) = 0x63e80000 + 0x4000 * 32 = 0x63f00000
	 *   map(0x68000) = 0x63e80000 + 0x8000 * 32 = 0x63f80000  -> 512 KiB freed
	 */
	{ "a hole of whole blocks",
	  HOLES("[{ base: 0x60000000, size: 64M }, { base: 0x68180000, size: 0x3e80000 }]", ""),
	  0x63e80000, 0x63f00000, 0x80000 },
	/*
	 * The same with a 64-byte allocation at the top of A first: the map
	 * is only 64-aligned, round_down(0x63ffffc0 - 0x180000, 64) = 0x63e7ffc0.
	 *   map(0x64000) = 0x63efffc0 -> up to a page:   0x63f00000
	 *   map(0x68000) = 0x63f7ffc0 -> down to a page: 0x63f7f000  -> 508 KiB
	 */
	{ "map not page-aligned",
	  HOLES("[{ base: 0x60000000, size: 64M }, { base: 0x68180000, size: 0x3e80000 }]",
		"early-allocations:\n  - { name: pad, phase: paging, size: 64, align: 64 }\n"),
	  0x63e7ffc0, 0x63f00000, 0x7f000 },
	/*
	 * A ends inside a block (pfn 0x64080): prev_end = 0x64400.
	 * current_limit = round_down(0x64080000, 1M) = 0x64000000, the map at
	 * 0x63e80000 again.
	 *   map(0x64400) = 0x63e80000 + 0x4400 * 32 = 0x63f08000
	 *   map(0x68000) = 0x63f80000  -> 0x78000 = 480 KiB
	 */
	{ "first bank ends inside a block",
	  HOLES("[{ base: 0x60000000, size: 0x4080000 }, { base: 0x68000000, size: 64M }]", ""),
	  0x63e80000, 0x63f08000, 0x78000 },
	/*
	 * A 2 MiB hole (512 pages) inside one 1024-page block: B's start
	 * rounds down to A's rounded-up end, nothing is freed.
	 * current_limit 0x6c000000 (all section-aligned): the map at the top.
	 */
	{ "hole smaller than a block",
	  HOLES("[{ base: 0x60000000, size: 64M }, { base: 0x64200000, size: 0x7e00000 }]", ""),
	  0x6be80000, 0, 0 },
	/* three banks, two holes */
	{ "two holes",
	  HOLES("[{ base: 0x60000000, size: 16M }, { base: 0x62000000, size: 16M },"
		" { base: 0x64000000, size: 128M }]", ""),
	  0, 0, 2 * 0x20000 },
};

static void free_unused_memmap_holes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(unused_cases) / sizeof(unused_cases[0]); i++) {
		const struct unused_case *c = &unused_cases[i];
		struct mx_profile p;
		struct mx_layout L;
		const struct mx_item *map;
		const struct mx_stage *before, *after;

		mx_layout_init(&L);
		compute(&L, &p, c->yaml);
		map = tu_item(&L, "mem_map");
		if ((c->map_base && map->base != c->map_base) || L.sum.memmap_unused_freed != c->freed) {
			print_error("%s: map at %#" PRIx64 ", %#" PRIx64 " bytes freed; want %#" PRIx64
				    ", %#" PRIx64 "\n", c->name, map->base, L.sum.memmap_unused_freed,
				    c->map_base, c->freed);
			fail();
		}
		assert_int_equal(L.sum.memmap_bytes, map->size - c->freed);
		if (c->freed_base) {
			/* the freed pages left memblock.reserved; the rest of the map did not */
			assert_false(mx_rangeset_overlaps(&L.reserved, c->freed_base, c->freed));
			assert_true(mx_rangeset_contains(&L.reserved, map->base,
							  c->freed_base - map->base));
			assert_true(mx_rangeset_contains(&L.reserved, c->freed_base + c->freed,
							  map->base + map->size - c->freed_base - c->freed));
		}
		/* the stage counter drops by exactly the freed pages */
		before = mx_layout_stage(&L, MX_STEP_CALIBRATION);
		after = mx_layout_stage(&L, MX_STEP_FREE_UNUSED_MEMMAP);
		assert_non_null(before);
		assert_non_null(after);
		assert_int_equal(before->after.reserved - after->after.reserved, c->freed / 4096);
		assert_int_equal(after->log_count, c->freed ? (c->freed == 2 * 0x20000 ? 2u : 1u) : 0u);
		mx_layout_release(&L);
		mx_profile_release(&p);
	}
}

static void free_unused_memmap_log(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	mx_layout_init(&L);
	compute(&L, &p, HOLES("[{ base: 0x60000000, size: 64M }, { base: 0x68180000, size: 0x3e80000 }]", ""));
	assert_true(tu_log_has(&L, "free_unused_memmap: 512K of memmap at 0x63f00000 "
			       "(pfn 0x64000-0x68000)"));
	mx_profile_release(&p);

	/* SPARSEMEM on 32-bit ARM: no node map, nothing freed this way */
	compute(&L, &p, "arch: arm\nkernel: \"3.18\"\nmemory-model: sparsemem\n"
		"memory: [{ base: 0x60000000, size: 64M }, { base: 0x68180000, size: 0x3e80000 }]\n");
	assert_int_equal(count_items(&L, "mem_map"), 0);
	assert_int_equal(L.sum.memmap_unused_freed, 0);
	mx_profile_release(&p);
	mx_layout_release(&L);
}

/* ---- SPARSEMEM ------------------------------------------------------------------ */

/*
 * riscv64, SECTION_SIZE_BITS 27 (128 MiB sections), 5.10:
 *
 *   0x80000000  0x85000000   0x8c000000            0x94000000
 *   |--A+A'---|              |---------- B ---------|
 *   section 16               |  section 17 | section 18 ...
 *
 * A and A' touch (one range); B spans two sections: 3 present.
 * Roots: 2^(56-27) sections / 256 per root = 2^21 roots x 8 B = 16 MiB,
 * all three sections in root 0: one root page.
 * Usemaps: (8 + 64 blocks x 4 bits / 8) x 3 = 40 x 3 = 120 B.
 * Buffer: round_up(32768 x 56 B, 2 MiB) = 2 MiB per section: 6 MiB.
 * vmemmap (base pfn 0, struct page 56): section s maps [pfn x 56, + 1792 KiB):
 *   16: 0x1c00000-0x1dc0000, 17: 0x1dc0000-0x1f80000, 18: 0x1f80000-0x2140000
 *   base pages: 3 x 448 = 1344 pages = 5376 KiB used, 768 KiB tail freed;
 *   PTE tables for the 2 MiB spans 14, 15, 16 and one PMD table: 4 pages.
 *
 * Placement, top-down from 0x94000000: roots at 0x93000000, root page
 * 0x92fff000, usemaps round_down(0x92fff000 - 120, 64) = 0x92ffef80,
 * buffer round_down(0x92ffef80 - 6M, 2M) = 0x92800000; the tail
 * [0x92d40000, 0x92e00000) is given back.
 */
#define RISCV_BANKS \
	"arch: riscv64\nkernel: \"5.10\"\nstruct-page: 56\n" \
	"memory: [{ base: 0x80000000, size: 64M }, { base: 0x84000000, size: 16M },\n" \
	"         { base: 0x8c000000, size: 128M }]\n"

static void sparse_several_banks(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const struct mx_item *buf;
	const struct mx_zone *z;

	(void)state;
	mx_layout_init(&L);
	compute(&L, &p, RISCV_BANKS);
	assert_int_equal(L.params.model, MX_MM_SPARSE);
	assert_int_equal(tu_item(&L, "mem_section roots")->size, 16 * MiB);
	assert_int_equal(tu_item(&L, "mem_section roots")->base, 0x93000000);
	assert_int_equal(L.sum.sparse_roots, 16 * MiB);
	assert_int_equal(count_items(&L, "mem_section root page"), 1);
	assert_int_equal(tu_item(&L, "mem_section root page")->size, 4096);
	assert_int_equal(tu_item(&L, "section usemaps")->size, 120);
	assert_int_equal(tu_item(&L, "section usemaps")->base, 0x92ffef80);
	assert_true(tu_log_has(&L, "for 3 present section(s)"));

	buf = tu_item(&L, "memmap (sections)");
	assert_int_equal(buf->kind, MX_ITEM_MEMMAP);
	assert_int_equal(buf->size, 6 * MiB);
	assert_int_equal(buf->align, 2 * MiB);
	assert_int_equal(buf->base, 0x92800000);
	assert_int_equal(L.sum.memmap_alloc, 6 * MiB);
	assert_int_equal(L.sum.memmap_bytes, 5376 * KiB);

	assert_int_equal(count_items(&L, "vmemmap page table"), 4);
	for (size_t i = 0; i < L.nitems; i++)
		if (!strcmp(L.items[i].name, "vmemmap page table")) {
			assert_int_equal(L.items[i].size, 4096);
			assert_int_equal(L.items[i].base % 4096, 0);
		}

	/* the buffer's tail left memblock.reserved */
	assert_true(mx_rangeset_contains(&L.reserved, 0x92800000, 5376 * KiB));
	assert_false(mx_rangeset_overlaps(&L.reserved, 0x92d40000, 768 * KiB));
	assert_true(tu_log_has(&L, "sparse_buffer_fini: unused tail of 786432 bytes at "
			       "0x0000000092d40000 freed"));

	/*
	 * The zone: spans pfn 0x80000 .. 0x94000 = 81920 pages, 53248 present;
	 * 81920 > 53248 + 3328, so the printed figure counts present pages:
	 * 53248 x 56 / 4096 = 728.
	 */
	z = zone(&L, "DMA32");
	assert_int_equal(z->spanned, 81920);
	assert_int_equal(z->present, 53248);
	assert_int_equal(z->memmap_pages, 728);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* Same board, FLATMEM: the figure counts spanned pages. */
static void flat_counts_spanned(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	mx_layout_init(&L);
	compute(&L, &p, RISCV_BANKS "memory-model: flatmem\n");
	assert_int_equal(zone(&L, "DMA32")->memmap_pages, 81920 * 56 / 4096);
	assert_int_equal(tu_item(&L, "mem_map")->size, 81920 * 56);
	assert_int_equal(count_items(&L, "mem_section roots"), 0);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* 3.18: no subsection map in front of the pageblock bits. */
static void sparse_usemap_header_per_flavour(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	char yaml[512];

	(void)state;
	mx_layout_init(&L);
	snprintf(yaml, sizeof(yaml), "%s", RISCV_BANKS);
	memcpy(strstr(yaml, "5.10"), "3.18", 4);
	compute(&L, &p, yaml);
	assert_int_equal(tu_item(&L, "section usemaps")->size, 32 * 3);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/*
 * 5.10's struct mem_section_usage starts with the subsection bitmap,
 * DECLARE_BITMAP(subsection_map, SUBSECTIONS_PER_SECTION) with
 * SUBSECTIONS_PER_SECTION = 2^(SECTION_SIZE_BITS - SUBSECTION_SHIFT (21)),
 * then the pageblock bits; mem_section_usage_size() is their sum:
 *
 *   riscv64, 27-bit sections:  64 bits =  8 B + 2^(15-9) x 4 bits =  32 B ->  40 B
 *   riscv64, 29-bit sections: 256 bits = 32 B + 2^(17-9) x 4 bits = 128 B -> 160 B
 *   arm64,   30-bit sections: 512 bits = 64 B + 2^(18-9) x 4 bits = 256 B -> 320 B
 */
struct usage_case {
	const char *arch;
	unsigned secbits;
	uint64_t base, size;
	size_t present;
	uint64_t per_section;
};

static const struct usage_case usage_cases[] = {
	{ "riscv64", 27, 0x80000000, 256 * MiB, 2, 40 },
	{ "riscv64", 29, 0x80000000, 1 * GiB, 2, 160 },
	{ "arm64", 30, 0x80000000, 2 * GiB, 2, 320 },
};

static void sparse_usemap_subsection_map(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(usage_cases) / sizeof(usage_cases[0]); i++) {
		const struct usage_case *c = &usage_cases[i];
		struct mx_profile p;
		struct mx_layout L;
		char yaml[512];
		uint64_t got;

		snprintf(yaml, sizeof(yaml), "arch: %s\nkernel: \"5.10\"\nsection-size-bits: %u\n"
			 "memory: [{ base: %#" PRIx64 ", size: %#" PRIx64 " }]\n", c->arch, c->secbits,
			 c->base, c->size);
		mx_layout_init(&L);
		compute(&L, &p, yaml);
		got = tu_item(&L, "section usemaps")->size;
		mx_layout_release(&L);
		mx_profile_release(&p);
		if (got != c->present * c->per_section) {
			print_error("%s, %u-bit sections: section usemaps %" PRIu64 " bytes, want %zu x %"
				    PRIu64 "\n", c->arch, c->secbits, got, c->present, c->per_section);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Without VMEMMAP: page-rounded section maps, page alignment, nothing to walk. */
static void sparse_without_vmemmap(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	const struct mx_item *buf;

	(void)state;
	mx_layout_init(&L);
	compute(&L, &p, RISCV_BANKS "vmemmap: false\n");
	buf = tu_item(&L, "memmap (sections)");
	assert_int_equal(buf->size, 3 * 1835008);
	assert_int_equal(buf->align, 4096);
	assert_int_equal(count_items(&L, "vmemmap page table"), 0);
	assert_int_equal(L.sum.memmap_bytes, 3 * 1835008);
	assert_true(mx_rangeset_contains(&L.reserved, buf->base, buf->size));
	mx_layout_release(&L);
	mx_profile_release(&p);

	/* and without EXTREME: no root array */
	compute(&L, &p, RISCV_BANKS "sparsemem-extreme: false\n");
	assert_int_equal(count_items(&L, "mem_section roots"), 0);
	assert_int_equal(count_items(&L, "mem_section root page"), 0);
	assert_int_equal(L.sum.sparse_roots, 0);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* The root array: ceil(2^(MAX_PHYSMEM_BITS - SECTION_SIZE_BITS) / per root) pointers. */
struct roots_case {
	const char *arch;
	unsigned physbits, secbits;
	const char *page;
	uint64_t want;
};

static const struct roots_case roots_cases[] = {
	{ "riscv64", 56, 27, "4K", 16 * MiB },    /* 2^29 / 256 x 8 */
	{ "riscv64", 39, 27, "4K", 128 },         /* 2^12 / 256 x 8 */
	{ "arm64", 48, 30, "4K", 8 * KiB },       /* 2^18 / 256 x 8 */
	{ "arm64", 52, 30, "4K", 128 * KiB },
	{ "arm64", 48, 29, "64K", 1 * KiB },      /* 2^19 / 4096 x 8 */
	{ "arm64", 31, 30, "4K", 8 },             /* 2 sections: one root */
	{ "arm", 32, 28, "4K", 4 },               /* 16 / 512 rounds up to one 4-byte pointer */
	{ "arm", 40, 28, "4K", 32 },              /* 4096 / 512 x 4 */
};

static void sparse_root_array(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(roots_cases) / sizeof(roots_cases[0]); i++) {
		const struct roots_case *c = &roots_cases[i];
		struct mx_profile p;
		struct mx_layout L;
		char yaml[512];

		snprintf(yaml, sizeof(yaml), "arch: %s\nkernel: \"5.10\"\npage-size: %s\n"
			 "memory-model: sparsemem\nsparsemem-extreme: true\n"
			 "max-physmem-bits: %u\nsection-size-bits: %u\n"
			 "memory: [{ base: 0x40000000, size: 1G }]\n", c->arch, c->page, c->physbits,
			 c->secbits);
		mx_layout_init(&L);
		compute(&L, &p, yaml);
		if (L.sum.sparse_roots != c->want ||
		    tu_item(&L, "mem_section roots")->size != c->want) {
			print_error("%s %u/%u: %" PRIu64 " bytes of roots, want %" PRIu64 "\n", c->arch,
				    c->physbits, c->secbits, L.sum.sparse_roots, c->want);
			fail();
		}
		assert_int_equal(count_items(&L, "mem_section root page"), 1);
		mx_layout_release(&L);
		mx_profile_release(&p);
	}
}

/*
 * arm64: 4 levels, the vmemmap mapped with 2 MiB PMD blocks taken from the
 * buffer; only PUD tables (512 GiB of vmemmap each) and PMD tables (1 GiB)
 * are page-table pages. SECTION_SIZE_BITS 30: 262144 pages x 64 B = 16 MiB
 * of struct pages per section = 8 blocks. The vmemmap offset counts from
 * the 1 GiB-aligned start of memory.
 */
struct arm64_case {
	const char *name;
	const char *memory;
	unsigned struct_page;
	size_t present, root_pages, tables;
	uint64_t buffer, used;
};

static const struct arm64_case arm64_cases[] = {
	/* sections 2 and 3 at vmemmap offsets 0 and 16M: one PUD, one PMD table */
	{ "2 GiB", "[{ base: 0x80000000, size: 2G }]", 64, 2, 1, 2, 32 * MiB, 32 * MiB },
	/*
	 * 256 GiB apart: section 256 is in root 1 (256 sections per root), its
	 * vmemmap at (0x4000000 - 0x80000) x 64 = 0xfe000000, a new 1 GiB span:
	 * one more PMD table
	 */
	{ "256 GiB apart", "[{ base: 0x80000000, size: 1G }, { base: 0x4000000000, size: 1G }]", 64,
	  2, 2, 3, 32 * MiB, 32 * MiB },
	/*
	 * 32 TiB apart: the vmemmap offset 2^45 / 4096 x 64 = 512 GiB, a new
	 * PUD table as well as a new PMD table
	 */
	{ "32 TiB apart", "[{ base: 0x80000000, size: 1G }, { base: 0x200080000000, size: 1G }]", 64,
	  2, 2, 4, 32 * MiB, 32 * MiB },
	/*
	 * struct page 60: 15 MiB per section, buffer 2 x 16 MiB. Section 3
	 * starts at offset 15M inside block 7, already populated by section 2:
	 * 8 + 7 blocks = 30 MiB used, the last 2 MiB of the buffer freed.
	 */
	{ "shared block", "[{ base: 0x80000000, size: 2G }]", 60, 2, 1, 2, 32 * MiB, 30 * MiB },
};

static void sparse_arm64_vmemmap(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(arm64_cases) / sizeof(arm64_cases[0]); i++) {
		const struct arm64_case *c = &arm64_cases[i];
		struct mx_profile p;
		struct mx_layout L;
		char yaml[512], present[64];
		const struct mx_item *buf;

		snprintf(yaml, sizeof(yaml), "arch: arm64\nkernel: \"5.10\"\nstruct-page: %u\n"
			 "memory: %s\n", c->struct_page, c->memory);
		mx_layout_init(&L);
		compute(&L, &p, yaml);
		assert_int_equal(L.params.pgtable_levels, 4);
		assert_true(L.params.vmemmap_pmd);
		snprintf(present, sizeof(present), "for %zu present section(s)", c->present);
		assert_true(tu_log_has(&L, present));
		buf = tu_item(&L, "memmap (sections)");
		if (count_items(&L, "mem_section root page") != c->root_pages ||
		    count_items(&L, "vmemmap page table") != c->tables || buf->size != c->buffer ||
		    L.sum.memmap_bytes != c->used) {
			print_error("%s: %zu root pages, %zu tables, buffer %#" PRIx64 ", used %#" PRIx64
				    "\n", c->name, count_items(&L, "mem_section root page"),
				    count_items(&L, "vmemmap page table"), buf->size, L.sum.memmap_bytes);
			fail();
		}
		/* the buffer is aligned to a section's map */
		assert_int_equal(buf->align, 16 * MiB);
		assert_int_equal(buf->base % (16 * MiB), 0);
		assert_int_equal(L.sum.sparse_roots, 8 * KiB); /* 48/30 */
		if (c->used < c->buffer)
			assert_false(mx_rangeset_overlaps(&L.reserved, buf->base + c->used,
							  c->buffer - c->used));
		else
			assert_true(mx_rangeset_contains(&L.reserved, buf->base, buf->size));
		mx_layout_release(&L);
		mx_profile_release(&p);
	}
}

/*
 * riscv64: 3 levels with base pages. 1 GiB at 0x80000000 = sections 16..23;
 * struct page 64: each section's vmemmap is 2 MiB, offsets 0x2000000 ..
 * 0x3000000: 8 PTE tables, one PMD table (all inside the first 1 GiB).
 * Everything in the buffer is used.
 */
static void sparse_riscv64_vmemmap(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	mx_layout_init(&L);
	compute(&L, &p, "arch: riscv64\nkernel: \"5.10\"\nmemory: [{ base: 0x80000000, size: 1G }]\n");
	assert_int_equal(L.params.pgtable_levels, 3);
	assert_false(L.params.vmemmap_pmd);
	assert_true(tu_log_has(&L, "for 8 present section(s)"));
	assert_int_equal(count_items(&L, "vmemmap page table"), 8 + 1);
	assert_int_equal(tu_item(&L, "memmap (sections)")->size, 16 * MiB);
	assert_int_equal(L.sum.memmap_bytes, 16 * MiB);
	assert_int_equal(tu_item(&L, "section usemaps")->size, 40 * 8);
	mx_profile_release(&p);

	/*
	 * The seeds/003 board (SPEC section 4): one section, struct page 56:
	 * 1792 KiB of vmemmap in one 2 MiB span: one PTE + one PMD table;
	 * 256 KiB of the 2 MiB buffer freed.
	 */
	tu_load_profile(&p, "riscv64-128m-sparse.yaml");
	tu_compute(&L, &p);
	assert_int_equal(count_items(&L, "vmemmap page table"), 2);
	assert_int_equal(L.sum.memmap_alloc, 2 * MiB);
	assert_int_equal(L.sum.memmap_bytes, 1835008);
	assert_true(tu_log_has(&L, "sparse_buffer_fini: unused tail of 262144 bytes"));
	mx_profile_release(&p);
	mx_layout_release(&L);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(calc_memmap_table),
		cmocka_unit_test(flat_node_map_odd_span),
		cmocka_unit_test(usemap_sizes),
		cmocka_unit_test(usemap_per_zone),
		cmocka_unit_test(free_unused_memmap_holes),
		cmocka_unit_test(free_unused_memmap_log),
		cmocka_unit_test(sparse_several_banks),
		cmocka_unit_test(flat_counts_spanned),
		cmocka_unit_test(sparse_usemap_header_per_flavour),
		cmocka_unit_test(sparse_usemap_subsection_map),
		cmocka_unit_test(sparse_without_vmemmap),
		cmocka_unit_test(sparse_root_array),
		cmocka_unit_test(sparse_arm64_vmemmap),
		cmocka_unit_test(sparse_riscv64_vmemmap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
