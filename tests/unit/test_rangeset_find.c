/* test_rangeset_find.c - the top-down searches and the index against their tables; add_set */
#include "rangeset_test.h"

/* ---- find_top_down ---------------------------------------------------------- */

struct fit_case {
	const char *name;
	struct mx_range mem[MAXR], busy[MAXR];
	size_t nmem, nbusy;
	uint64_t lo, hi, size, align;
	int ret;
	uint64_t want;
};

static const struct fit_case fit_cases[] = {
	/*
	 *   mem  |------------------------------|  0x1000 .. 0x100000
	 *                                  +xxxx+  at the top
	 */
	{ "fits at the top", { R(0x1000, 0xff000) }, {{0}}, 1, 0, 0, END, 0x1000, 0x1000, 0, 0xff000 },
	{ "whole range", { R(0x1000, 0xff000) }, {{0}}, 1, 0, 0, END, 0xff000, 0x1000, 0, 0x1000 },
	{ "one byte too big", { R(0x1000, 0xff000) }, {{0}}, 1, 0, 0, END, 0xff001, 1, MX_ENOSPACE, 0 },
	/*
	 *   mem  |------------------------------|
	 *   busy                        |-------|
	 *                         +xxxx+           right below the busy range
	 */
	{ "below busy top", { R(0x1000, 0xff000) }, { R(0xf0000, 0x10000) }, 1, 1, 0, END,
	  0x1000, 0x1000, 0, 0xef000 },
	/*
	 *   mem  |------------------------------|
	 *   busy          |---|  |-|    |--|          gaps of 0x800 and 0x2000 above
	 *            +xxxxxx+                         too small gaps are skipped
	 */
	{ "skips busy and small gaps", { R(0x0, 0x100000) },
	  { R(0x80000, 0x10000), R(0x90800, 0x6000), R(0x98800, 0x67800) }, 1, 3, 0, END,
	  0x4000, 0x1000, 0, 0x7c000 },
	/* a gap exactly the size fits */
	{ "exact gap", { R(0x0, 0x100000) }, { R(0x80000, 0x10000), R(0x94000, 0x6c000) }, 1, 2,
	  0, END, 0x4000, 0x1000, 0, 0x90000 },
	/*
	 *   mem  |------------------------------|  0 .. 0x100000
	 *   busy                           |----|  0xf8000 ..
	 *   round_down(0xf8000 - 0x1000, 0x10000) = 0xf0000
	 */
	{ "alignment pushes down", { R(0x0, 0x100000) }, { R(0xf8000, 0x8000) }, 1, 1, 0, END,
	  0x1000, 0x10000, 0, 0xf0000 },
	/*
	 *   busy      |----------|    |------|      0xe0000..0xf1000, 0xf8000..
	 *   free piece [0xf1000, 0xf8000): round_down(0xf7000, 64K) = 0xf0000 < 0xf1000: no;
	 *   next piece [0, 0xe0000): 0xd0000
	 */
	{ "alignment skips a piece", { R(0x0, 0x100000) }, { R(0xe0000, 0x11000), R(0xf8000, 0x8000) },
	  1, 2, 0, END, 0x1000, 0x10000, 0, 0xd0000 },
	{ "align 1", { R(0x0, 0x100000) }, { R(0xf8001, 0x7fff) }, 1, 1, 0, END, 0x3, 1, 0, 0xf7ffe },
	{ "huge alignment", { R(0x40000000, 0x40000000) }, {{0}}, 1, 0, 0, END, 0x1000, 1ULL << 30,
	  0, 0x40000000 },
	{ "huge alignment fails", { R(0x40001000, 0x3ffff000) }, {{0}}, 1, 0, 0, END, 0x1000,
	  1ULL << 30, MX_ENOSPACE, 0 },
	/*
	 *   mem  |-------|        |----|      top range too small: the lower one
	 */
	{ "top range too small", { R(0x10000, 0x10000), R(0x40000, 0x1000) }, {{0}}, 2, 0, 0, END,
	  0x2000, 0x1000, 0, 0x1e000 },
	{ "top range full", { R(0x10000, 0x10000), R(0x40000, 0x4000) }, { R(0x40000, 0x4000) }, 2, 1,
	  0, END, 0x1000, 0x1000, 0, 0x1f000 },
	/*
	 *   mem  |------------------------------|
	 *   window      +-------------+              clamped on both sides
	 */
	{ "window clamps the top", { R(0x0, 0x100000) }, {{0}}, 1, 0, 0, 0x80000, 0x1000, 0x1000,
	  0, 0x7f000 },
	{ "window clamps the bottom", { R(0x0, 0x100000) }, { R(0x10000, 0xf0000) }, 1, 1, 0x8000, END,
	  0x8000, 0x1000, 0, 0x8000 },
	{ "window too small", { R(0x0, 0x100000) }, { R(0x10000, 0xf0000) }, 1, 1, 0x8001, END,
	  0x8000, 0x1000, MX_ENOSPACE, 0 },
	{ "window in busy", { R(0x0, 0x100000) }, { R(0x10000, 0xf0000) }, 1, 1, 0x20000, 0x30000,
	  0x1000, 0x1000, MX_ENOSPACE, 0 },
	{ "window above memory", { R(0x0, 0x100000) }, {{0}}, 1, 0, 0x100000, END, 0x1000, 0x1000,
	  MX_ENOSPACE, 0 },
	{ "window below memory", { R(0x100000, 0x100000) }, {{0}}, 1, 0, 0, 0x100000, 0x1000, 0x1000,
	  MX_ENOSPACE, 0 },
	/* a busy range straddling the window's top edge */
	{ "busy across hi", { R(0x0, 0x100000) }, { R(0x78000, 0x10000) }, 1, 1, 0, 0x80000,
	  0x1000, 0x1000, 0, 0x77000 },
	/* a busy range straddling the window's bottom edge */
	{ "busy across lo", { R(0x0, 0x100000) }, { R(0x0, 0x9000), R(0x10000, 0xf0000) }, 1, 2,
	  0x8000, END, 0x7000, 0x1000, 0, 0x9000 },
	{ "busy across lo too big", { R(0x0, 0x100000) }, { R(0x0, 0x9000), R(0x10000, 0xf0000) }, 1, 2,
	  0x8000, END, 0x8000, 0x1000, MX_ENOSPACE, 0 },
	/* the rangeset itself does not skip page 0 (mxi_ctx_alloc raises lo) */
	{ "down to 0", { R(0x0, 0x2000) }, {{0}}, 1, 0, 0, END, 0x2000, 0x1000, 0, 0x0 },
	/* the very top of the address space */
	{ "top of the space", { R(END - 0xffff, 0xffff) }, {{0}}, 1, 0, 0, END, 0x1000, 0x1000, 0,
	  0xffffffffffffe000ULL },
	/* nothing fits: everything busy, empty memory */
	{ "all busy", { R(0x1000, 0x10000) }, { R(0x0, 0x20000) }, 1, 1, 0, END, 1, 1, MX_ENOSPACE, 0 },
	{ "no memory", {{0}}, {{0}}, 0, 0, 0, END, 1, 1, MX_ENOSPACE, 0 },
	/* rejected arguments */
	{ "size 0", { R(0x0, 0x100000) }, {{0}}, 1, 0, 0, END, 0, 0x1000, MX_ENOSPACE, 0 },
	{ "align 0", { R(0x0, 0x100000) }, {{0}}, 1, 0, 0, END, 0x1000, 0, MX_ENOSPACE, 0 },
	{ "align 3", { R(0x0, 0x100000) }, {{0}}, 1, 0, 0, END, 0x1000, 3, MX_ENOSPACE, 0 },
	{ "align 0x3000", { R(0x0, 0x100000) }, {{0}}, 1, 0, 0, END, 0x1000, 0x3000, MX_ENOSPACE, 0 },
	{ "lo == hi", { R(0x0, 0x100000) }, {{0}}, 1, 0, 0x1000, 0x1000, 1, 1, MX_ENOSPACE, 0 },
	{ "lo > hi", { R(0x0, 0x100000) }, {{0}}, 1, 0, 0x9000, 0x1000, 1, 1, MX_ENOSPACE, 0 },
};

static void find_top_down_table(void **state)
{
	struct mx_rangeset mem, busy;

	(void)state;
	mx_rangeset_init(&mem);
	mx_rangeset_init(&busy);
	for (size_t i = 0; i < sizeof(fit_cases) / sizeof(fit_cases[0]); i++) {
		const struct fit_case *c = &fit_cases[i];
		uint64_t out = 0xdead;
		int r;

		set_from(&mem, c->mem, c->nmem);
		set_from(&busy, c->busy, c->nbusy);
		r = mx_rangeset_find_top_down(&mem, &busy, c->lo, c->hi, c->size, c->align, &out);
		if (r != c->ret || (!r && out != c->want)) {
			print_error("%s: %d, %#llx; want %d, %#llx\n", c->name, r,
				    (unsigned long long)out, c->ret, (unsigned long long)c->want);
			fail();
		}
		if (r)
			assert_int_equal(out, 0xdead); /* untouched on failure */
		/* small sets are walked: the index must say the same */
		out = 0xdead;
		assert_int_equal(index_find(&mem, NULL, &busy, c->lo, c->hi, c->size, c->align,
							&out), c->ret);
		assert_int_equal(out, c->ret ? 0xdead : c->want);
		/* the sets are inputs only */
		expect_ranges(c->name, &mem, c->mem, c->nmem);
		expect_ranges(c->name, &busy, c->busy, c->nbusy);
	}
	mx_rangeset_release(&mem);
	mx_rangeset_release(&busy);
}

/* ---- add_set: many adds in one pass ----------------------------------------------------- */

struct union_case {
	const char *name;
	struct mx_range a[MAXR], b[MAXR], want[MAXR];
	size_t na, nb, nwant;
};

static const struct union_case union_cases[] = {
	{ "into an empty set", {{0}}, { R(0x1000, 0x1000), R(0x4000, 0x1000) }, {
	  R(0x1000, 0x1000), R(0x4000, 0x1000) }, 0, 2, 2 },
	{ "an empty set", { R(0x1000, 0x1000) }, {{0}}, { R(0x1000, 0x1000) }, 1, 0, 1 },
	/*
	 *   a   |--|      |--|         |--|
	 *   b         |--|      |--|          interleaved, apart
	 */
	{ "interleaved", { R(0x1000, 0x1000), R(0x5000, 0x1000), R(0x9000, 0x1000) },
	  { R(0x3000, 0x1000), R(0x7000, 0x1000) },
	  { R(0x1000, 0x1000), R(0x3000, 0x1000), R(0x5000, 0x1000), R(0x7000, 0x1000),
	    R(0x9000, 0x1000) }, 3, 2, 5 },
	/*
	 *   a   |--|  |--|
	 *   b      |--|  |--|       touching: one range
	 */
	{ "touching", { R(0x1000, 0x1000), R(0x3000, 0x1000) }, { R(0x2000, 0x1000), R(0x4000, 0x1000) },
	  { R(0x1000, 0x4000) }, 2, 2, 1 },
	/*
	 *   a   |--|     |--|
	 *   b     |--------------|    one range of b swallows several of a
	 */
	{ "swallowing", { R(0x1000, 0x2000), R(0x5000, 0x1000), R(0x9000, 0x1000) },
	  { R(0x2000, 0x5000) }, { R(0x1000, 0x6000), R(0x9000, 0x1000) }, 3, 1, 2 },
	/*
	 *   a   |--------------------|
	 *   b      |--|  |--|  |--|       inside: nothing changes
	 */
	{ "inside", { R(0x1000, 0x10000) }, { R(0x2000, 0x1000), R(0x4000, 0x1000), R(0x6000, 0x1000) },
	  { R(0x1000, 0x10000) }, 1, 3, 1 },
	/*
	 *   a       |--|    |--|
	 *   b   |--|   |xxxxxx|   |--|    bridging, below and above
	 */
	{ "bridging", { R(0x2000, 0x1000), R(0x6000, 0x1000) },
	  { R(0x0, 0x1000), R(0x3000, 0x3000), R(0x9000, 0x1000) },
	  { R(0x0, 0x1000), R(0x2000, 0x5000), R(0x9000, 0x1000) }, 2, 3, 3 },
	{ "up to 2^64", { R(0x1000, 0x1000) }, { R(0x1800, END - 0x1800) }, { R(0x1000, END - 0x1000) },
	  1, 1, 1 },
};

static void add_set_table(void **state)
{
	struct mx_rangeset a, b, one;

	(void)state;
	mx_rangeset_init(&a);
	mx_rangeset_init(&b);
	mx_rangeset_init(&one);
	for (size_t i = 0; i < sizeof(union_cases) / sizeof(union_cases[0]); i++) {
		const struct union_case *c = &union_cases[i];

		set_from(&a, c->a, c->na);
		set_from(&b, c->b, c->nb);
		assert_int_equal(mx_rangeset_add_set(&a, &b), 0);
		expect_ranges(c->name, &a, c->want, c->nwant);
		expect_ranges(c->name, &b, c->b, c->nb); /* an input only */
		/* the same as adding one by one */
		set_from(&one, c->a, c->na);
		for (size_t k = 0; k < c->nb; k++)
			assert_int_equal(mx_rangeset_add(&one, c->b[k].base, c->b[k].size), 0);
		expect_ranges(c->name, &one, c->want, c->nwant);
	}
	/* a set with no room yet, and one that must grow */
	mx_rangeset_release(&a);
	mx_rangeset_clear(&b);
	for (uint64_t k = 0; k < 100; k++)
		mx_rangeset_add(&b, k * 0x2000, 0x1000);
	assert_int_equal(mx_rangeset_add_set(&a, &b), 0);
	assert_int_equal(a.cnt, 100);
	assert_memory_equal(a.r, b.r, 100 * sizeof(struct mx_range));
	mx_rangeset_clear(&b);
	for (uint64_t k = 0; k < 100; k++)
		mx_rangeset_add(&b, k * 0x2000 + 0x1000, 0x800);
	assert_int_equal(mx_rangeset_add_set(&a, &b), 0);
	assert_int_equal(a.cnt, 100);
	tu_rangeset_check(&a);
	assert_int_equal(mx_rangeset_bytes(&a), 100 * 0x1800);
	mx_rangeset_release(&a);
	mx_rangeset_release(&b);
	mx_rangeset_release(&one);
}

/* ---- find_top_down_nomap: memory minus NOMAP minus reserved ---------------------------- */

struct fit3_case {
	const char *name;
	struct mx_range mem[MAXR], nomap[MAXR], busy[MAXR];
	size_t nmem, nnomap, nbusy;
	uint64_t lo, hi, size, align;
	int ret;
	uint64_t want;
};

static const struct fit3_case fit3_cases[] = {
	/*
	 *   mem    |------------------------------|
	 *   nomap                          |------|   skipped like reserved
	 */
	{ "below nomap at the top", { R(0x0, 0x100000) }, { R(0xf0000, 0x10000) }, {{0}}, 1, 1, 0,
	  0, END, 0x1000, 0x1000, 0, 0xef000 },
	/*
	 *   mem    |------------------------------|
	 *   nomap          |--|    |--|
	 *   busy                          |-------|   the gaps between them are too small
	 *   free   +xxxxxx+                            so the bottom piece
	 */
	{ "nomap and busy cut small gaps", { R(0x0, 0x100000) },
	  { R(0x80000, 0x30000), R(0xb2000, 0x2000) }, { R(0xb5000, 0x4b000) }, 1, 2, 1, 0, END,
	  0x4000, 0x1000, 0, 0x7c000 },
	/*
	 *   nomap         |-------|
	 *   busy              |--------|     overlapping blockers bound one gap
	 */
	{ "overlapping blockers", { R(0x0, 0x100000) }, { R(0xc0000, 0x20000) }, { R(0xd0000, 0x30000) },
	  1, 1, 1, 0, END, 0x1000, 0x1000, 0, 0xbf000 },
	/*
	 *   nomap     |----|
	 *   busy           |----|            touching blockers: no gap between them
	 */
	{ "touching blockers", { R(0x0, 0x100000) }, { R(0xe0000, 0x10000) }, { R(0xf0000, 0x10000) },
	  1, 1, 1, 0, END, 0x1000, 0x1000, 0, 0xdf000 },
	/* busy inside nomap, nomap inside busy */
	{ "busy inside nomap", { R(0x0, 0x100000) }, { R(0xe0000, 0x20000) }, { R(0xe8000, 0x1000) },
	  1, 1, 1, 0, END, 0x1000, 0x1000, 0, 0xdf000 },
	{ "nomap inside busy", { R(0x0, 0x100000) }, { R(0xe8000, 0x1000) }, { R(0xe0000, 0x20000) },
	  1, 1, 1, 0, END, 0x1000, 0x1000, 0, 0xdf000 },
	/* NOMAP outside memory changes nothing */
	{ "nomap outside memory", { R(0x100000, 0x100000) }, { R(0x0, 0x100000), R(0x200000, 0x1000) },
	  {{0}}, 1, 2, 0, 0, END, 0x1000, 0x1000, 0, 0x1ff000 },
	/* all of memory NOMAP */
	{ "all nomap", { R(0x100000, 0x100000) }, { R(0x0, 0x300000) }, {{0}}, 1, 1, 0, 0, END,
	  1, 1, MX_ENOSPACE, 0 },
	/* nomap across the window's edges */
	{ "nomap across hi", { R(0x0, 0x100000) }, { R(0x78000, 0x10000) }, {{0}}, 1, 1, 0, 0, 0x80000,
	  0x1000, 0x1000, 0, 0x77000 },
	{ "nomap across lo", { R(0x0, 0x100000) }, { R(0x0, 0x9000) }, { R(0x10000, 0xf0000) }, 1, 1, 1,
	  0x8000, END, 0x7000, 0x1000, 0, 0x9000 },
	/* a nomap range splits a memory range: each side on its own */
	{ "nomap splits memory", { R(0x10000, 0x20000), R(0x40000, 0x10000) }, { R(0x40000, 0xc000) },
	  { R(0x2e000, 0x2000) }, 2, 1, 1, 0, END, 0x8000, 0x1000, 0, 0x26000 },
};

/* Build the three sets of a case (an empty nomap table still makes a set). */
static void fit3_sets(const struct fit3_case *c, struct mx_rangeset *mem, struct mx_rangeset *nomap,
		      struct mx_rangeset *busy)
{
	set_from(mem, c->mem, c->nmem);
	set_from(nomap, c->nomap, c->nnomap);
	set_from(busy, c->busy, c->nbusy);
}

static void find_top_down_nomap_table(void **state)
{
	struct mx_rangeset mem, nomap, busy, diff;

	(void)state;
	mx_rangeset_init(&mem);
	mx_rangeset_init(&nomap);
	mx_rangeset_init(&busy);
	mx_rangeset_init(&diff);
	for (size_t i = 0; i < sizeof(fit3_cases) / sizeof(fit3_cases[0]); i++) {
		const struct fit3_case *c = &fit3_cases[i];
		uint64_t out = 0xdead, walk = 0xbeef, old = 0xf00d, idx = 0xcafe;
		int r, rw, ro;

		fit3_sets(c, &mem, &nomap, &busy);
		r = mx_rangeset_find_top_down_nomap(&mem, &nomap, &busy, c->lo, c->hi, c->size, c->align,
						    &out);
		if (r != c->ret || (!r && out != c->want)) {
			print_error("%s: %d, %#llx; want %d, %#llx\n", c->name, r,
				    (unsigned long long)out, c->ret, (unsigned long long)c->want);
			fail();
		}
		assert_int_equal(mxi_rangeset_index_check(&mem, &nomap, &busy), 0);
		/* the kernel's walk, and memory minus NOMAP built first (what mx_ctx_alloc did) */
		assert_int_equal(index_find(&mem, &nomap, &busy, c->lo, c->hi, c->size,
							c->align, &idx), r);
		if (!r)
			assert_int_equal(idx, out);
		rw = walk_top_down(&mem, &nomap, &busy, c->lo, c->hi, c->size, c->align, &walk);
		assert_int_equal(mx_rangeset_subtract(&diff, &mem, &nomap), 0);
		ro = mx_rangeset_find_top_down(&diff, &busy, c->lo, c->hi, c->size, c->align, &old);
		assert_int_equal(rw, r);
		assert_int_equal(ro, r);
		if (!r) {
			assert_int_equal(walk, out);
			assert_int_equal(old, out);
		}
		/* the sets are inputs only */
		expect_ranges(c->name, &mem, c->mem, c->nmem);
		expect_ranges(c->name, &nomap, c->nomap, c->nnomap);
		expect_ranges(c->name, &busy, c->busy, c->nbusy);
	}
	/* without NOMAP: find_top_down itself */
	for (size_t i = 0; i < sizeof(fit_cases) / sizeof(fit_cases[0]); i++) {
		const struct fit_case *c = &fit_cases[i];
		uint64_t out = 0xdead, walk = 0xbeef;

		set_from(&mem, c->mem, c->nmem);
		set_from(&busy, c->busy, c->nbusy);
		assert_int_equal(mx_rangeset_find_top_down_nomap(&mem, NULL, &busy, c->lo, c->hi, c->size,
								 c->align, &out), c->ret);
		assert_int_equal(walk_top_down(&mem, NULL, &busy, c->lo, c->hi, c->size,
							   c->align, &walk), c->ret);
		if (!c->ret) {
			assert_int_equal(out, c->want);
			assert_int_equal(walk, c->want);
		}
	}
	mx_rangeset_release(&mem);
	mx_rangeset_release(&nomap);
	mx_rangeset_release(&busy);
	mx_rangeset_release(&diff);
}

/* ---- the search index follows its sets ------------------------------------------------ */

/* One search, held to the kernel's walk, and the index held to the sets. */
static void same_as_walk(const char *what, const struct mx_rangeset *mem,
			 const struct mx_rangeset *nomap, const struct mx_rangeset *busy, uint64_t lo,
			 uint64_t hi, uint64_t size, uint64_t align)
{
	uint64_t a = 0, b = 0, c = 0, fa = 0, fb = 0;
	int ra = mxi_rangeset_index_find(mem, nomap, busy, lo, hi, size, align, &a, &fa);
	int rb = mxi_rangeset_walk_top_down(mem, nomap, busy, lo, hi, size, align, &b, &fb);
	int rc = mx_rangeset_find_top_down_nomap(mem, nomap, busy, lo, hi, size, align, &c);

	/* and both say where the free range starts (what a run of page allocations fills) */
	if (ra != rb || rc != rb || (!ra && (a != b || c != b || fa != fb))) {
		print_error("%s: index %d %#llx, walk %d %#llx, search %d %#llx\n", what, ra,
			    (unsigned long long)a, rb, (unsigned long long)b, rc, (unsigned long long)c);
		fail();
	}
	if (mxi_rangeset_index_check(mem, nomap, busy)) {
		print_error("%s: the index is not the free space\n", what);
		fail();
	}
}

/* A few requests of every kind after each change. */
static void probe(const char *what, const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
		  const struct mx_rangeset *busy)
{
	static const uint64_t sizes[] = { 1, 0x800, 0x1000, 0x3000, 0x10000, 0x40000 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		same_as_walk(what, mem, nomap, busy, 0, END, sizes[i], 1);
		same_as_walk(what, mem, nomap, busy, 0, END, sizes[i], 0x1000);
		same_as_walk(what, mem, nomap, busy, 0, END, sizes[i], 0x10000);
		same_as_walk(what, mem, nomap, busy, 0x30000, 0xa0000, sizes[i], 0x1000);
	}
}

static void index_follows_changes(void **state)
{
	struct mx_rangeset mem, nomap, busy, other;
	uint64_t at = 0;

	(void)state;
	mx_rangeset_init(&mem);
	mx_rangeset_init(&nomap);
	mx_rangeset_init(&busy);
	mx_rangeset_init(&other);
	assert_int_equal(mxi_rangeset_index_size(&busy), 0); /* none before the first search */
	mx_rangeset_add(&mem, 0x0, 0x100000);
	mx_rangeset_add(&busy, 0x20000, 0x10000);
	mx_rangeset_add(&nomap, 0x60000, 0x8000);
	probe("built", &mem, &nomap, &busy);
	/* free: [0, 0x20000) [0x30000, 0x60000) [0x68000, 0x100000) */
	assert_int_equal(mxi_rangeset_index_size(&busy), 3);

	/*
	 * reserved grows (the index cuts in place or recomputes):
	 *   free  |------------------|         |-----|
	 *                       +xxxx+   top    bottom +xx+    middle  +xx+
	 */
	mx_rangeset_add(&busy, 0xff000, 0x1000); /* the top of the highest range */
	probe("top trimmed", &mem, &nomap, &busy);
	mx_rangeset_add(&busy, 0x68000, 0x1000); /* the bottom of one */
	probe("bottom trimmed", &mem, &nomap, &busy);
	mx_rangeset_add(&busy, 0x40000, 0x1000); /* the middle: two ranges */
	probe("split", &mem, &nomap, &busy);
	assert_int_equal(mxi_rangeset_index_size(&busy), 4);
	mx_rangeset_add(&busy, 0x41000, 0x1f000); /* exactly a whole range */
	probe("whole range", &mem, &nomap, &busy);
	mx_rangeset_add(&busy, 0x10000, 0x80000); /* over several */
	probe("several", &mem, &nomap, &busy);
	mx_rangeset_add(&busy, 0x90000, 0x800);   /* touching from above, unaligned */
	probe("unaligned", &mem, &nomap, &busy);

	/*
	 * several ranges join reserved at once (add_set): only they leave the
	 * free space, not the bytes between them that their span covers
	 *   free  |----------------------------------|
	 *            +xx+      +xx+
	 */
	{
		struct mx_rangeset two;

		mx_rangeset_init(&two);
		mx_rangeset_add(&two, 0xa0000, 0x1000);
		mx_rangeset_add(&two, 0xc0000, 0x1000);
		mx_rangeset_add_set(&busy, &two);
		probe("add_set inside one free range", &mem, &nomap, &busy);
		mx_rangeset_release(&two);
	}

	/* reserved shrinks: free space comes back, merging with its neighbours */
	mx_rangeset_remove(&busy, 0xa0000, 0x21000);
	probe("add_set freed", &mem, &nomap, &busy);
	mx_rangeset_remove(&busy, 0x10000, 0x80800);
	probe("freed", &mem, &nomap, &busy);
	mx_rangeset_remove(&busy, 0x0, END);
	probe("all freed", &mem, &nomap, &busy);

	/* memory and NOMAP change the free space too */
	mx_rangeset_remove(&mem, 0x80000, 0x10000);
	probe("memory removed", &mem, &nomap, &busy);
	mx_rangeset_add(&mem, 0x80000, 0x4000);
	probe("memory added", &mem, &nomap, &busy);
	mx_rangeset_add(&nomap, 0xc0000, 0x10000);
	probe("nomap added", &mem, &nomap, &busy);
	mx_rangeset_remove(&nomap, 0x60000, 0x4000);
	probe("nomap removed", &mem, &nomap, &busy);
	mx_rangeset_clip(&mem, 0x8000, 0xf0000);
	probe("memory clipped", &mem, &nomap, &busy);

	/* many ranges joining reserved at once */
	mx_rangeset_clear(&other);
	mx_rangeset_add(&other, 0x12000, 0x1000);
	mx_rangeset_add(&other, 0x70000, 0x20000);
	assert_int_equal(mx_rangeset_add_set(&busy, &other), 0);
	probe("joined", &mem, &nomap, &busy);
	mx_rangeset_clear(&other);

	/* one change to each set between two searches, in a different order */
	mx_rangeset_add(&nomap, 0x9000, 0x1000);
	mx_rangeset_remove(&mem, 0xa000, 0x1000);
	mx_rangeset_add(&busy, 0xb000, 0x1000);
	mx_rangeset_remove(&nomap, 0x9000, 0x800);
	mx_rangeset_add(&mem, 0xa000, 0x800);
	mx_rangeset_remove(&busy, 0xb800, 0x800);
	probe("interleaved", &mem, &nomap, &busy);

	/* more changes than the journal keeps: a rebuild */
	for (uint64_t i = 0; i < 3 * MX_RANGESET_JOURNAL; i++)
		mx_rangeset_add(&busy, 0x20000 + i * 0x2000, 0x1000);
	probe("past the journal", &mem, &nomap, &busy);

	/* wholesale changes: a rebuild */
	mx_rangeset_clear(&nomap);
	probe("nomap cleared", &mem, &nomap, &busy);
	mx_rangeset_add(&other, 0x0, 0x200000);
	mx_rangeset_copy(&mem, &other);
	probe("memory replaced", &mem, &nomap, &busy);
	mx_rangeset_add(&other, 0x1000000, 0x1000);
	assert_int_equal(mx_rangeset_subtract(&busy, &other, &mem), 0);
	probe("reserved replaced", &mem, &nomap, &busy);

	/* other sets than the index was built from: it follows the search */
	probe("another memory", &other, &nomap, &busy);
	probe("no nomap", &mem, NULL, &busy);
	probe("back", &mem, &nomap, &busy);
	/* a set released and another made in its place is not taken for it */
	mx_rangeset_release(&nomap);
	mx_rangeset_init(&nomap);
	mx_rangeset_add(&nomap, 0x1000, 0xfe000);
	probe("nomap made anew", &mem, &nomap, &busy);

	/* allocating as mx_ctx_alloc does: find, then reserve what was found */
	mx_rangeset_clear(&nomap);
	mx_rangeset_clear(&busy);
	for (int i = 0; i < 200; i++) {
		uint64_t size = 0x1000 << (i % 3), align = 0x1000 << (i % 5);

		if (index_find(&mem, &nomap, &busy, 0, END, size, align, &at))
			break;
		mx_rangeset_add(&busy, at, size);
		if (i % 7 == 0)
			mx_rangeset_add(&nomap, at, size); /* a no-map region: reserved, then NOMAP */
		if (i % 11 == 0)
			mx_rangeset_remove(&busy, at, size / 2); /* given back */
		if (i % 10 == 0)
			probe("allocating", &mem, &nomap, &busy);
	}
	probe("allocated", &mem, &nomap, &busy);

	/* more ranges than the rebuild left room for: splits grow the index */
	mx_rangeset_clear(&nomap);
	mx_rangeset_clear(&busy);
	for (uint64_t k = 0; k < 80; k++)
		mx_rangeset_add(&busy, k * 0x2000, 0x1000);
	probe("before the splits", &mem, &nomap, &busy);
	for (uint64_t k = 0; k < 300; k++) {
		mx_rangeset_add(&busy, 0x100000 + k * 0x100, 0x10); /* each in the middle of free space */
		same_as_walk("splitting", &mem, &nomap, &busy, 0, END, 0x80, 0x10);
	}
	assert_true(mxi_rangeset_index_size(&busy) > 300);
	probe("after the splits", &mem, &nomap, &busy);

	/* releasing a set with an index frees it; the set can be used again */
	mx_rangeset_release(&busy);
	assert_int_equal(mxi_rangeset_index_size(&busy), 0);
	mx_rangeset_add(&busy, 0x1000, 0x1000);
	probe("again", &mem, &nomap, &busy);
	mx_rangeset_release(&mem);
	mx_rangeset_release(&nomap);
	mx_rangeset_release(&busy);
	mx_rangeset_release(&other);
}

/*
 * Few ranges are walked, many searched through the index; a set that grows
 * past the threshold and shrinks back is answered the same on both sides,
 * and the index catches up with what changed while it was not used.
 */
static void walk_or_index(void **state)
{
	struct mx_rangeset mem, busy;
	uint64_t out = 0;

	(void)state;
	mx_rangeset_init(&mem);
	mx_rangeset_init(&busy);
	mx_rangeset_add(&mem, 0, 0x10000000);
	for (uint64_t k = 0; k < 10; k++)
		mx_rangeset_add(&busy, k * 0x100000, 0x80000);
	assert_int_equal(mx_rangeset_find_top_down(&mem, &busy, 0, END, 0x1000, 0x1000, &out), 0);
	assert_int_equal(mxi_rangeset_index_size(&busy), 0); /* walked */
	for (uint64_t k = 10; k < 200; k++)
		mx_rangeset_add(&busy, k * 0x100000, 0x80000);
	probe("grown", &mem, NULL, &busy);
	assert_int_equal(mx_rangeset_find_top_down(&mem, &busy, 0, END, 0x1000, 0x1000, &out), 0);
	assert_true(mxi_rangeset_index_size(&busy) > 100); /* searched through the index */
	mx_rangeset_remove(&busy, 0x1000000, END);
	probe("shrunk", &mem, NULL, &busy);
	/* changes made while the set was walked reach the index when it is used again */
	mx_rangeset_add(&busy, 0x2000000, 0x1000);
	mx_rangeset_remove(&busy, 0x100000, 0x40000);
	for (uint64_t k = 0; k < 60; k++)
		mx_rangeset_add(&busy, 0x3000000 + k * 0x100000, 0x80000);
	probe("grown again", &mem, NULL, &busy);
	mx_rangeset_release(&mem);
	mx_rangeset_release(&busy);
}

/*
 * Capacities per alignment class: a thousand free ranges, each long enough
 * for 16K but none with a 64K boundary low enough in it, above the one
 * range that takes 16K at 64K alignment. The search must skip them by the
 * classes (and still answer exactly as the walk does for every alignment,
 * between the classes and beyond them).
 *
 *   |  |xxx|  |xxx| ... |xxx|      [k M + 4K, k M + 64K): 60K free, no 64K
 *   boundary with 16K above it below the end
 */
static void aligned_classes(void **state)
{
	struct mx_rangeset mem, busy;
	static const uint64_t aligns[] = {
		1, 0x40, 0x1000, 0x2000, 0x8000, 0x10000, 0x20000, 0x100000, 0x200000, 0x300000,
		0x400000, 0x800000, 0x1000000, 0x4000000, 1ULL << 40,
	};
	uint64_t out = 0;

	(void)state;
	mx_rangeset_init(&mem);
	mx_rangeset_init(&busy);
	mx_rangeset_add(&mem, 0, 0x80000000);
	mx_rangeset_add(&busy, 0, 0x80000000);
	for (uint64_t k = 1; k <= 1000; k++)
		mx_rangeset_remove(&busy, 0x40000000 + k * 0x100000 + 0x1000, 0xf000);
	mx_rangeset_remove(&busy, 0x10000000, 0x4000); /* the one that takes 16K at 64K */
	assert_int_equal(mx_rangeset_find_top_down(&mem, &busy, 0, END, 0x4000, 0x10000, &out), 0);
	assert_int_equal(out, 0x10000000);
	assert_int_equal(mx_rangeset_find_top_down(&mem, &busy, 0, END, 0x4000, 0x1000, &out), 0);
	assert_int_equal(out, 0x40000000 + 1000 * 0x100000 + 0xc000);
	for (size_t i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++)
		for (uint64_t size = 0x800; size <= 0x20000; size *= 2) {
			same_as_walk("classes", &mem, NULL, &busy, 0, END, size, aligns[i]);
			same_as_walk("classes", &mem, NULL, &busy, 0x40000000, END, size + 1, aligns[i]);
		}
	/* capacities are whole 4K units rounded up: a range of 6K + 1 takes 6K + 1 */
	mx_rangeset_clear(&busy);
	mx_rangeset_add(&busy, 0, 0x80000000);
	mx_rangeset_remove(&busy, 0x50001000, 0x1801);
	assert_int_equal(mx_rangeset_find_top_down(&mem, &busy, 0, END, 0x1801, 0x1000, &out), 0);
	assert_int_equal(out, 0x50001000);
	assert_int_equal(mx_rangeset_find_top_down(&mem, &busy, 0, END, 0x1802, 0x1000, &out),
			 MX_ENOSPACE);
	assert_int_equal(mx_rangeset_find_top_down(&mem, &busy, 0, END, 0x1801, 0x2000, &out),
			 MX_ENOSPACE);
	mx_rangeset_remove(&busy, 0x50010000, 0x10000); /* 64K at 64K: the classes' own bound */
	assert_int_equal(mx_rangeset_find_top_down(&mem, &busy, 0, END, 0x10000, 0x10000, &out), 0);
	assert_int_equal(out, 0x50010000);
	assert_int_equal(mxi_rangeset_index_check(&mem, NULL, &busy), 0);
	/* huge ranges: capacities too big to count in 32 bits of 4K units */
	mx_rangeset_clear(&mem);
	mx_rangeset_clear(&busy);
	mx_rangeset_add(&mem, 0x1000, END - 0x1000);
	mx_rangeset_add(&busy, 1ULL << 62, 0x1000);
	assert_int_equal(index_find(&mem, NULL, &busy, 0, 1ULL << 62, 1ULL << 60, 1ULL << 24,
						&out), 0);
	assert_int_equal(out, 3ULL << 60);
	same_as_walk("huge", &mem, NULL, &busy, 0, END, 1ULL << 62, 1ULL << 22);
	same_as_walk("huge", &mem, NULL, &busy, 0, END, (1ULL << 62) + 1, 0x1000);
	mx_rangeset_release(&mem);
	mx_rangeset_release(&busy);
}

/*
 * A search that finds nothing after one that found a range: the range
 * the first one found is still where the next allocation's cut starts
 * (cut() reuses the path to it), but the failed search walked other
 * nodes in between. The cut must not use the path it overwrote.
 */
static void failed_search_between(void **state)
{
	struct mx_rangeset mem, busy;
	uint64_t a, b;

	(void)state;
	mx_rangeset_init(&mem);
	mx_rangeset_init(&busy);
	assert_int_equal(mx_rangeset_add(&mem, 0, 1 << 24), 0);
	/* 300 free ranges of 1 KiB at 0x900 into each page below, one of 4 MiB at the top */
	for (uint64_t i = 0; i < 300; i++) {
		assert_int_equal(mx_rangeset_add(&busy, i * 0x1000, 0x900), 0);
		assert_int_equal(mx_rangeset_add(&busy, i * 0x1000 + 0xd00, 0x300), 0);
	}
	assert_int_equal(mx_rangeset_add(&busy, 300 * 0x1000, (1 << 24) - (4 << 20) - 300 * 0x1000), 0);
	assert_int_equal(mx_rangeset_find_top_down(&mem, &busy, 0, UINT64_MAX, 0x1000, 0x1000, &a), 0);
	assert_int_equal(a, (1 << 24) - 0x1000);
	/* 1 KiB at 2 KiB alignment: every small range is long enough and none holds it, so all are tried */
	assert_int_equal(mx_rangeset_find_top_down(&mem, &busy, 0, 0x80000, 0x400, 0x800, &b), MX_ENOSPACE);
	assert_int_equal(mx_rangeset_add(&busy, a, 0x1000), 0);
	assert_int_equal(mxi_rangeset_index_check(&mem, NULL, &busy), 0);
	mx_rangeset_release(&mem);
	mx_rangeset_release(&busy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(find_top_down_table),
		cmocka_unit_test(add_set_table),
		cmocka_unit_test(find_top_down_nomap_table),
		cmocka_unit_test(index_follows_changes),
		cmocka_unit_test(walk_or_index),
		cmocka_unit_test(aligned_classes),
		cmocka_unit_test(failed_search_between),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
