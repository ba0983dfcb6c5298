/* diffref.h - a deliberately simple reference model of doc/engine.md for test_differential.c */
#ifndef MEMX_DIFFREF_H
#define MEMX_DIFFREF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/flavour.h"
#include "memx/layout.h"
#include "memx/profile.h"

/*
 * The reference replays doc/engine.md on an array with one byte per 64-byte
 * granule of the profile's address span (in memory / reserved / nomap) and
 * one "in buddy" byte per page. It shares no code with src/: it reads the
 * profile, resolves its own defaults and computes every figure the engine
 * publishes in struct mx_layout, so the test can compare them one by one.
 *
 * Exactness of the granule model: memory (and NOMAP) only ever changes on
 * 64-byte boundaries (static things are generated 64-aligned, dynamic no-map
 * sizes are multiples of 64, everything else is page-rounded), so a
 * granule is either memory or not. Reservations are byte-exact: a granule
 * that is only partly reserved keeps its byte mask on the side (G_PART),
 * which the 6.1 cost models need (4- and 8-byte aligned allocations that
 * may share a granule with their neighbours).
 */

/* Which figure of the engine an item stands for: the key both sides share. */
enum dref_class {
	DREF_C_KERNEL,
	DREF_C_INITRD,
	DREF_C_PGD,
	DREF_C_FDT,
	DREF_C_MEMRESERVE, /* idx: n-th /memreserve/ item */
	DREF_C_REGION,     /* idx: profile region; occ: n-th item of that region */
	DREF_C_CMA_DEFAULT,
	DREF_C_EARLY,      /* idx: profile early allocation */
	DREF_C_MEMMAP,     /* occ: n-th memmap / memmap-meta item */
	DREF_C_KSIDE,      /* occ: n-th 6.1 cost-model item (page tables, swiotlb, ...) */
};

enum dref_state {
	DREF_PLACED,
	DREF_FAILED,
	DREF_REFUSED,
	DREF_DISABLED,
	DREF_UNDONE,   /* placed, then given back by its own model (a log buffer half made) */
};

struct dref_item {
	enum dref_class cls;
	int idx, occ;
	enum mx_item_kind kind;  /* checked for the memmap pieces only */
	const char *name;        /* static string or borrowed from the profile */
	enum dref_state state;
	bool cma;                /* became a CMA area (counted in CmaTotal) */
	bool given_back;         /* init failed and the range was freed (5.10) */
	bool rmem_line;          /* 6.12: its "OF: reserved mem: A..B (N KiB) ..." line is printed */
	uint64_t base, size;     /* placed or refused; size only when failed */
};

struct dref_zone {
	bool highmem;
	uint64_t start_pfn, end_pfn, spanned, present, memmap_pages;
};

struct dref_result {
	/* the Memory line and /proc/meminfo, in pages */
	uint64_t physpages, available, reserved, cma_reserved, highmem_free;
	uint64_t memtotal, lowtotal, hightotal, cmatotal;
	bool has_lowmem_limit;   /* 32-bit ARM */
	uint64_t lowmem_limit;
	uint64_t vmalloc_total;  /* bytes, 32-bit ARM */
	uint64_t memmap_alloc, memmap_bytes, memmap_unused_freed; /* bytes */
	uint64_t total_pages;    /* "Total pages" of build_all_zonelists() */
	bool available_bound;    /* 6.12: the Memory line's X is an upper bound */
	/* one stage per step the arch runs */
	enum mx_step steps[MX_STEP__COUNT];
	struct mx_counters after[MX_STEP__COUNT];
	size_t nstages;
	struct dref_zone zones[2];
	size_t nzones;
	struct dref_item *items;
	size_t nitems, maxitems;
	/* ranges memblock's full arrays lost before memblock_allow_resize() (check memblock-full) */
	unsigned memblock_lost;
	/* set when the profile is outside what the model covers (a generator bug) */
	char unsupported[160];
	/*
	 * set when the profile reaches a case where the engine is known to
	 * disagree with the Linux kernel (each named in diffref_internal.h);
	 * the test draws another profile instead
	 */
	char known_issue[160];
};

void dref_result_init(struct dref_result *r);
void dref_result_release(struct dref_result *r);

/*
 * dref_compute - replay @p by the rules of doc/engine.md into @r
 * Returns: 0; 1 when the profile is outside the model (r->unsupported says
 * why); 2 when it hits a known engine disagreement (r->known_issue says
 * which); -1 when out of memory.
 */
int dref_compute(const struct mx_profile *p, struct dref_result *r);

#endif
