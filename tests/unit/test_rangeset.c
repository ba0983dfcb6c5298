/* test_rangeset.c - range sets: add, remove, set algebra, counting, free pages (searches: _find) */
#include "rangeset_test.h"

struct rcase {
	const char *name;
	struct mx_range init[MAXR];
	size_t ninit;
	uint64_t base, size;
	struct mx_range want[MAXR];
	size_t nwant;
};

/* ---- add ------------------------------------------------------------------ */

static const struct rcase add_cases[] = {
	/*
	 *   +xxxx+
	 */
	{ "into an empty set", {{0}}, 0, 0x1000, 0x1000, { R(0x1000, 0x1000) }, 1 },
	/*
	 *            |----|
	 *   +xxx+
	 */
	{ "disjoint below", { R(0x4000, 0x1000) }, 1, 0x1000, 0x1000,
	  { R(0x1000, 0x1000), R(0x4000, 0x1000) }, 2 },
	/*
	 *   |----|
	 *            +xxx+
	 */
	{ "disjoint above", { R(0x1000, 0x1000) }, 1, 0x4000, 0x1000,
	  { R(0x1000, 0x1000), R(0x4000, 0x1000) }, 2 },
	/*
	 *   |--|           |--|
	 *         +xxxx+
	 */
	{ "disjoint between", { R(0x1000, 0x1000), R(0x8000, 0x1000) }, 2, 0x4000, 0x1000,
	  { R(0x1000, 0x1000), R(0x4000, 0x1000), R(0x8000, 0x1000) }, 3 },
	/*
	 *        |----|
	 *   +xxxx+          touching: one range (memblock_merge_regions)
	 */
	{ "touching below merges", { R(0x2000, 0x1000) }, 1, 0x1000, 0x1000,
	  { R(0x1000, 0x2000) }, 1 },
	/*
	 *   |----|
	 *        +xxxx+
	 */
	{ "touching above merges", { R(0x1000, 0x1000) }, 1, 0x2000, 0x1000,
	  { R(0x1000, 0x2000) }, 1 },
	/*
	 *   |----|    |----|
	 *        +xxxx+      fills the gap exactly: all three merge
	 */
	{ "bridging a gap merges three", { R(0x1000, 0x1000), R(0x3000, 0x1000) }, 2, 0x2000, 0x1000,
	  { R(0x1000, 0x3000) }, 1 },
	/*
	 *      |------|
	 *   +xxxxx+
	 */
	{ "overlapping the bottom", { R(0x2000, 0x2000) }, 1, 0x1000, 0x2000,
	  { R(0x1000, 0x3000) }, 1 },
	/*
	 *   |------|
	 *       +xxxxx+
	 */
	{ "overlapping the top", { R(0x1000, 0x2000) }, 1, 0x2000, 0x2000,
	  { R(0x1000, 0x3000) }, 1 },
	/*
	 *   |----------|
	 *      +xxx+        nothing changes
	 */
	{ "contained", { R(0x1000, 0x4000) }, 1, 0x2000, 0x1000, { R(0x1000, 0x4000) }, 1 },
	{ "identical", { R(0x1000, 0x4000) }, 1, 0x1000, 0x4000, { R(0x1000, 0x4000) }, 1 },
	/*
	 *      |--|
	 *   +xxxxxxxx+
	 */
	{ "containing", { R(0x2000, 0x1000) }, 1, 0x1000, 0x4000, { R(0x1000, 0x4000) }, 1 },
	/*
	 *   |--|  |--|  |--|  |--|       |--|
	 *      +xxxxxxxxxxxxxxxxx+            spans the middle three, keeps the ends apart
	 */
	{ "spanning several",
	  { R(0x1000, 0x1000), R(0x3000, 0x1000), R(0x5000, 0x1000), R(0x7000, 0x1000),
	    R(0xa000, 0x1000) }, 5, 0x2800, 0x5000,
	  { R(0x1000, 0x1000), R(0x2800, 0x5800), R(0xa000, 0x1000) }, 3 },
	/*
	 *   |--|  |--|  |--|
	 *     +xxxxxxxxxx+      from inside the first to inside the last
	 */
	{ "inside first to inside last",
	  { R(0x1000, 0x1000), R(0x3000, 0x1000), R(0x5000, 0x1000) }, 3, 0x1800, 0x4000,
	  { R(0x1000, 0x5000) }, 1 },
	{ "at address 0", { R(0x4000, 0x1000) }, 1, 0, 0x1000,
	  { R(0, 0x1000), R(0x4000, 0x1000) }, 2 },
	{ "at 0 touching", { R(0x1000, 0x1000) }, 1, 0, 0x1000, { R(0, 0x2000) }, 1 },
	{ "single byte", {{0}}, 0, 0x1234, 1, { R(0x1234, 1) }, 1 },
	/* a size of 0 adds nothing, even between ranges that would touch it */
	{ "size 0", { R(0x1000, 0x1000) }, 1, 0x2000, 0, { R(0x1000, 0x1000) }, 1 },
	{ "size 0 in empty set", {{0}}, 0, 0x2000, 0, {{0}}, 0 },
	/*
	 *                                    2^64
	 *   |--|                 +xxxxxxxxxx|xxxx+     the end is capped (memblock_cap_size)
	 */
	{ "capped at 2^64", { R(0x1000, 0x1000) }, 1, END - 0xfff, 0x2000,
	  { R(0x1000, 0x1000), R(END - 0xfff, 0xfff) }, 2 },
	{ "size 2^64-1 from 5", {{0}}, 0, 5, END, { R(5, END - 5) }, 1 },
	{ "the whole space", { R(0x1000, 0x1000), R(0x8000, 1) }, 2, 0, END, { R(0, END) }, 1 },
	{ "last byte", {{0}}, 0, END - 1, 1, { R(END - 1, 1) }, 1 },
	{ "past the last byte", {{0}}, 0, END, 0x1000, {{0}}, 0 },
	{ "touching the top range", { R(END - 0x1000, 0x1000) }, 1, END - 0x2000, 0x1000,
	  { R(END - 0x2000, 0x2000) }, 1 },
};

static void add_table(void **state)
{
	struct mx_rangeset rs;

	(void)state;
	mx_rangeset_init(&rs);
	for (size_t i = 0; i < sizeof(add_cases) / sizeof(add_cases[0]); i++) {
		const struct rcase *c = &add_cases[i];

		set_from(&rs, c->init, c->ninit);
		assert_int_equal(mx_rangeset_add(&rs, c->base, c->size), 0);
		expect_ranges(c->name, &rs, c->want, c->nwant);
	}
	mx_rangeset_release(&rs);
}

/* Adding in any order gives the same set. */
static void add_order_independent(void **state)
{
	static const struct mx_range parts[] = {
		R(0x5000, 0x1000), R(0x1000, 0x800), R(0x1800, 0x800), R(0x9000, 0x10),
		R(0x3000, 0x2000), R(0x8ff0, 0x10), R(0x2000, 0x1000),
	};
	static const struct mx_range want[] = { R(0x1000, 0x5000), R(0x8ff0, 0x20) };
	const size_t n = sizeof(parts) / sizeof(parts[0]);
	struct mx_rangeset rs;

	(void)state;
	mx_rangeset_init(&rs);
	/* every rotation and its reverse */
	for (size_t rot = 0; rot < n; rot++) {
		for (int rev = 0; rev < 2; rev++) {
			mx_rangeset_clear(&rs);
			for (size_t k = 0; k < n; k++) {
				size_t j = (rot + (rev ? n - 1 - k : k)) % n;

				assert_int_equal(mx_rangeset_add(&rs, parts[j].base, parts[j].size), 0);
				tu_rangeset_check(&rs);
			}
			expect_ranges("order", &rs, want, 2);
		}
	}
	mx_rangeset_release(&rs);
}

/* Many ranges: the array grows past its first allocation. */
static void add_grows(void **state)
{
	struct mx_rangeset rs, cp;

	(void)state;
	mx_rangeset_init(&rs);
	mx_rangeset_init(&cp);
	for (uint64_t i = 0; i < 1000; i++)
		assert_int_equal(mx_rangeset_add(&rs, (999 - i) * 0x2000, 0x1000), 0);
	assert_int_equal(rs.cnt, 1000);
	tu_rangeset_check(&rs);
	assert_int_equal(mx_rangeset_bytes(&rs), 1000 * 0x1000);
	assert_int_equal(mx_rangeset_copy(&cp, &rs), 0);
	assert_int_equal(cp.cnt, 1000);
	assert_memory_equal(cp.r, rs.r, 1000 * sizeof(struct mx_range));
	/* fill every gap: one range */
	for (uint64_t i = 0; i < 999; i++)
		assert_int_equal(mx_rangeset_add(&rs, i * 0x2000 + 0x1000, 0x1000), 0);
	assert_int_equal(rs.cnt, 1);
	assert_int_equal(rs.r[0].size, 999 * 0x2000 + 0x1000);
	mx_rangeset_clear(&rs);
	assert_int_equal(rs.cnt, 0);
	assert_int_equal(mx_rangeset_copy(&cp, &rs), 0); /* copying an empty set */
	assert_int_equal(cp.cnt, 0);
	mx_rangeset_release(&rs);
	mx_rangeset_release(&cp);
	mx_rangeset_release(&cp); /* released twice is fine */
}

/* ---- remove --------------------------------------------------------------- */

static const struct rcase remove_cases[] = {
	/*
	 *   |--------|
	 *        +xxxxxxx+     trim the top
	 */
	{ "trim the top", { R(0x1000, 0x3000) }, 1, 0x3000, 0x2000, { R(0x1000, 0x2000) }, 1 },
	/*
	 *        |--------|
	 *   +xxxxxxx+          trim the bottom
	 */
	{ "trim the bottom", { R(0x2000, 0x3000) }, 1, 0x1000, 0x2000, { R(0x3000, 0x2000) }, 1 },
	/*
	 *      |---|
	 *   +xxxxxxxxx+        drop it
	 */
	{ "drop it", { R(0x2000, 0x1000) }, 1, 0x1000, 0x4000, {{0}}, 0 },
	{ "drop exactly", { R(0x2000, 0x1000), R(0x5000, 0x1000) }, 2, 0x2000, 0x1000,
	  { R(0x5000, 0x1000) }, 1 },
	/*
	 *   |---------------|
	 *        +xxxxx+       split in two
	 */
	{ "split", { R(0x1000, 0x8000) }, 1, 0x3000, 0x2000,
	  { R(0x1000, 0x2000), R(0x5000, 0x4000) }, 2 },
	{ "split among others", { R(0x0, 0x800), R(0x1000, 0x8000), R(0xa000, 0x1000) }, 3,
	  0x3000, 0x1, { R(0x0, 0x800), R(0x1000, 0x2000), R(0x3001, 0x5fff), R(0xa000, 0x1000) }, 4 },
	/*
	 *   |----|  |--|  |--|  |-----|
	 *      +xxxxxxxxxxxxxxxxxx+        trims the first and last, drops the middle
	 */
	{ "several",
	  { R(0x1000, 0x2000), R(0x4000, 0x1000), R(0x6000, 0x1000), R(0x8000, 0x3000) }, 4,
	  0x2000, 0x7000, { R(0x1000, 0x1000), R(0x9000, 0x2000) }, 2 },
	/*
	 *   |----|          |----|
	 *          +xxxxx+           in a gap: nothing
	 */
	{ "nothing in a gap", { R(0x1000, 0x1000), R(0x5000, 0x1000) }, 2, 0x2800, 0x1000,
	  { R(0x1000, 0x1000), R(0x5000, 0x1000) }, 2 },
	/*
	 *   |----|     |----|
	 *        +xxxxx+        touching both: nothing
	 */
	{ "touching only", { R(0x1000, 0x1000), R(0x3000, 0x1000) }, 2, 0x2000, 0x1000,
	  { R(0x1000, 0x1000), R(0x3000, 0x1000) }, 2 },
	{ "from an empty set", {{0}}, 0, 0x1000, 0x1000, {{0}}, 0 },
	{ "size 0", { R(0x1000, 0x2000) }, 1, 0x1800, 0, { R(0x1000, 0x2000) }, 1 },
	{ "below everything", { R(0x10000, 0x1000) }, 1, 0, 0x1000, { R(0x10000, 0x1000) }, 1 },
	{ "above everything", { R(0x1000, 0x1000) }, 1, 0x10000, 0x1000, { R(0x1000, 0x1000) }, 1 },
	/* the end is capped at 2^64, as for add */
	{ "to 2^64", { R(0x1000, 0x1000), R(0x4000, 0x1000), R(END - 0x10, 0x10) }, 3, 0x4800, END,
	  { R(0x1000, 0x1000), R(0x4000, 0x800) }, 2 },
	{ "everything", { R(0, 0x1000), R(0x4000, 0x1000), R(END - 0x10, 0x10) }, 3, 0, END,
	  {{0}}, 0 },
	{ "the last byte", { R(END - 0x10, 0x10) }, 1, END - 1, 1, { R(END - 0x10, 0xf) }, 1 },
	/*
	 *   |--|  |--|  |--|  |--|  |--|  |--|
	 *         +xxxxxxxxxxxxxxxxxxxx+           a run of whole ranges goes in one move
	 */
	{ "a run exactly",
	  { R(0x1000, 0x1000), R(0x3000, 0x1000), R(0x5000, 0x1000), R(0x7000, 0x1000),
	    R(0x9000, 0x1000), R(0xb000, 0x1000) }, 6, 0x3000, 0x7000,
	  { R(0x1000, 0x1000), R(0xb000, 0x1000) }, 2 },
	/*
	 *   |--|  |--|  |--|  |-----|
	 *   +xxxxxxxxxxxxxxxxxxxxx+        the run from the first, then the next is trimmed
	 */
	{ "a run, then a trim",
	  { R(0x1000, 0x1000), R(0x3000, 0x1000), R(0x5000, 0x1000), R(0x7000, 0x2000) }, 4,
	  0x1000, 0x7000, { R(0x8000, 0x1000) }, 1 },
	/*
	 *   |-----|  |--|  |--|  |--|
	 *       +xxxxxxxxxxxxxxxxxxxxxxxx+   a trim, then the run to the last range
	 */
	{ "a trim, then the run to the end",
	  { R(0x1000, 0x2000), R(0x4000, 0x1000), R(0x6000, 0x1000), R(0x8000, 0x1000) }, 4,
	  0x2000, END, { R(0x1000, 0x1000) }, 1 },
	/*
	 *   |--|  |--|  |--|      |--|
	 *   +xxxxxxxxxxxxxx+               the run from the first range, the rest moves down
	 */
	{ "a leading run", { R(0x1000, 0x1000), R(0x3000, 0x1000), R(0x5000, 0x1000), R(0x9000, 0x1000) },
	  4, 0, 0x6000, { R(0x9000, 0x1000) }, 1 },
	{ "single byte in the middle", { R(0, 3) }, 1, 1, 1, { R(0, 1), R(2, 1) }, 2 },
};

static void remove_table(void **state)
{
	struct mx_rangeset rs;

	(void)state;
	mx_rangeset_init(&rs);
	for (size_t i = 0; i < sizeof(remove_cases) / sizeof(remove_cases[0]); i++) {
		const struct rcase *c = &remove_cases[i];

		set_from(&rs, c->init, c->ninit);
		assert_int_equal(mx_rangeset_remove(&rs, c->base, c->size), 0);
		expect_ranges(c->name, &rs, c->want, c->nwant);
	}
	mx_rangeset_release(&rs);
}

/* ---- clip ----------------------------------------------------------------- */

static const struct rcase clip_cases[] = {
	/*
	 *   |------|  |--|  |------|
	 *       +xxxxxxxxxxxxxx+        keep [base, base + size)
	 */
	{ "both edges", { R(0x1000, 0x2000), R(0x4000, 0x1000), R(0x6000, 0x2000) }, 3,
	  0x2000, 0x5000, { R(0x2000, 0x1000), R(0x4000, 0x1000), R(0x6000, 0x1000) }, 3 },
	{ "inside one range", { R(0x1000, 0x8000) }, 1, 0x2000, 0x1000, { R(0x2000, 0x1000) }, 1 },
	{ "a gap", { R(0x1000, 0x1000), R(0x5000, 0x1000) }, 2, 0x2000, 0x3000, {{0}}, 0 },
	{ "covering all", { R(0x1000, 0x1000), R(0x5000, 0x1000) }, 2, 0, 0x10000,
	  { R(0x1000, 0x1000), R(0x5000, 0x1000) }, 2 },
	{ "size 0", { R(0x1000, 0x1000) }, 1, 0x1800, 0, {{0}}, 0 },
	{ "capped window", { R(0x1000, 0x1000), R(END - 0x100, 0x100) }, 2, 0x1800, END,
	  { R(0x1800, 0x800), R(END - 0x100, 0x100) }, 2 },
	{ "from 0", { R(0, 0x1000), R(0x2000, 0x1000) }, 2, 0, 0x2800,
	  { R(0, 0x1000), R(0x2000, 0x800) }, 2 },
};

static void clip_table(void **state)
{
	struct mx_rangeset rs;

	(void)state;
	mx_rangeset_init(&rs);
	for (size_t i = 0; i < sizeof(clip_cases) / sizeof(clip_cases[0]); i++) {
		const struct rcase *c = &clip_cases[i];

		set_from(&rs, c->init, c->ninit);
		assert_int_equal(mx_rangeset_clip(&rs, c->base, c->size), 0);
		expect_ranges(c->name, &rs, c->want, c->nwant);
	}
	mx_rangeset_release(&rs);
}

/* ---- subtract / intersect ------------------------------------------------ */

struct setop_case {
	const char *name;
	struct mx_range a[MAXR], b[MAXR];
	size_t na, nb;
	struct mx_range sub[MAXR], isect[MAXR];
	size_t nsub, nisect;
};

static const struct setop_case setop_cases[] = {
	{ "empty b", { R(0x1000, 0x1000) }, {{0}}, 1, 0, { R(0x1000, 0x1000) }, {{0}}, 1, 0 },
	{ "empty a", {{0}}, { R(0x1000, 0x1000) }, 0, 1, {{0}}, {{0}}, 0, 0 },
	{ "both empty", {{0}}, {{0}}, 0, 0, {{0}}, {{0}}, 0, 0 },
	{ "identical", { R(0x1000, 0x1000), R(0x3000, 0x1000) }, { R(0x1000, 0x1000), R(0x3000, 0x1000) },
	  2, 2, {{0}}, { R(0x1000, 0x1000), R(0x3000, 0x1000) }, 0, 2 },
	/*
	 *   a: |----------------|
	 *   b:    |--|    |--|
	 *  a-b: |-|  |----|  |--|     a&b: the two holes
	 */
	{ "holes in one range", { R(0x1000, 0x8000) }, { R(0x2000, 0x1000), R(0x5000, 0x1000) }, 1, 2,
	  { R(0x1000, 0x1000), R(0x3000, 0x2000), R(0x6000, 0x3000) },
	  { R(0x2000, 0x1000), R(0x5000, 0x1000) }, 3, 2 },
	/*
	 *   a: |-----|   |-----|   |-----|
	 *   b:     |--------|        |--|
	 */
	{ "straddling",
	  { R(0x1000, 0x2000), R(0x4000, 0x2000), R(0x7000, 0x2000) },
	  { R(0x2000, 0x3000), R(0x7800, 0x800) }, 3, 2,
	  { R(0x1000, 0x1000), R(0x5000, 0x1000), R(0x7000, 0x800), R(0x8000, 0x1000) },
	  { R(0x2000, 0x1000), R(0x4000, 0x1000), R(0x7800, 0x800) }, 4, 3 },
	/*
	 *   a:    |--|  |--|
	 *   b: |--------------|
	 */
	{ "b covers a", { R(0x2000, 0x1000), R(0x4000, 0x1000) }, { R(0x1000, 0x8000) }, 2, 1,
	  {{0}}, { R(0x2000, 0x1000), R(0x4000, 0x1000) }, 0, 2 },
	/*
	 *   a: |--|    |--|
	 *   b:     |--|    |--|    touching only
	 */
	{ "touching", { R(0x1000, 0x1000), R(0x3000, 0x1000) }, { R(0x2000, 0x1000), R(0x4000, 0x1000) },
	  2, 2, { R(0x1000, 0x1000), R(0x3000, 0x1000) }, {{0}}, 2, 0 },
	{ "b below and above", { R(0x4000, 0x1000) }, { R(0x1000, 0x1000), R(0x8000, 0x1000) }, 1, 2,
	  { R(0x4000, 0x1000) }, {{0}}, 1, 0 },
	{ "to the top of the space", { R(0, END) }, { R(0x1000, 0x1000), R(END - 0x10, 0x10) }, 1, 2,
	  { R(0, 0x1000), R(0x2000, END - 0x10 - 0x2000) },
	  { R(0x1000, 0x1000), R(END - 0x10, 0x10) }, 2, 2 },
	/* one b range over several a ranges, then more b ranges inside the last */
	{ "one over many",
	  { R(0x1000, 0x1000), R(0x3000, 0x1000), R(0x5000, 0x4000) },
	  { R(0x1800, 0x4000), R(0x6000, 0x100), R(0x7000, 0x100) }, 3, 3,
	  { R(0x1000, 0x800), R(0x5800, 0x800), R(0x6100, 0xf00), R(0x7100, 0x1f00) },
	  { R(0x1800, 0x800), R(0x3000, 0x1000), R(0x5000, 0x800), R(0x6000, 0x100), R(0x7000, 0x100) },
	  4, 5 },
};

static void setop_table(void **state)
{
	struct mx_rangeset a, b, d;

	(void)state;
	mx_rangeset_init(&a);
	mx_rangeset_init(&b);
	mx_rangeset_init(&d);
	for (size_t i = 0; i < sizeof(setop_cases) / sizeof(setop_cases[0]); i++) {
		const struct setop_case *c = &setop_cases[i];
		char what[96];

		set_from(&a, c->a, c->na);
		set_from(&b, c->b, c->nb);
		/* a stale destination is overwritten */
		mx_rangeset_add(&d, 0x123456000, 0x1000);
		assert_int_equal(mx_rangeset_subtract(&d, &a, &b), 0);
		snprintf(what, sizeof(what), "%s: a - b", c->name);
		expect_ranges(what, &d, c->sub, c->nsub);
		mx_rangeset_add(&d, 0x123456000, 0x1000);
		assert_int_equal(mx_rangeset_intersect(&d, &a, &b), 0);
		snprintf(what, sizeof(what), "%s: a & b", c->name);
		expect_ranges(what, &d, c->isect, c->nisect);
		/* intersection is symmetric */
		assert_int_equal(mx_rangeset_intersect(&d, &b, &a), 0);
		snprintf(what, sizeof(what), "%s: b & a", c->name);
		expect_ranges(what, &d, c->isect, c->nisect);
		/* |a - b| + |a & b| = |a| */
		assert_int_equal(mx_rangeset_subtract(&d, &a, &b), 0);
		{
			uint64_t sub = mx_rangeset_bytes(&d);

			assert_int_equal(mx_rangeset_intersect(&d, &a, &b), 0);
			assert_int_equal(sub + mx_rangeset_bytes(&d), mx_rangeset_bytes(&a));
		}
	}
	mx_rangeset_release(&a);
	mx_rangeset_release(&b);
	mx_rangeset_release(&d);
}

/* ---- counting ------------------------------------------------------------- */

/*
 * The set for the counting tests (page 0x1000):
 *
 *   0x800        0x2800        0x5000  0x5800         0x9000     0x9fff
 *     |------------|             |-------|              |----------|
 *   PFN_UP 1, PFN_DOWN 2        5 .. 5: none           9 .. 9: none
 */
static const struct mx_range count_set[] = { R(0x800, 0x2000), R(0x5000, 0x800), R(0x9000, 0xfff) };

static void bytes_and_pages(void **state)
{
	struct mx_rangeset rs;

	(void)state;
	mx_rangeset_init(&rs);
	assert_int_equal(mx_rangeset_bytes(&rs), 0);
	assert_int_equal(mx_rangeset_pages(&rs, 0x1000), 0);
	assert_int_equal(mx_rangeset_start(&rs), 0);
	assert_int_equal(mx_rangeset_end(&rs), 0);
	set_from(&rs, count_set, 3);
	assert_int_equal(mx_rangeset_bytes(&rs), 0x2000 + 0x800 + 0xfff);
	assert_int_equal(mx_rangeset_start(&rs), 0x800);
	assert_int_equal(mx_rangeset_end(&rs), 0x9fff);
	/* whole pages only, per range */
	assert_int_equal(mx_rangeset_pages(&rs, 0x1000), 1);
	assert_int_equal(mx_rangeset_pages(&rs, 0x800), 4 + 1 + 1);
	assert_int_equal(mx_rangeset_pages(&rs, 0x100), 0x20 + 0x8 + 0xf);
	assert_int_equal(mx_rangeset_pages(&rs, 1), mx_rangeset_bytes(&rs));

	/* bytes_in / pages_in over windows */
	assert_int_equal(mx_rangeset_bytes_in(&rs, 0, END), mx_rangeset_bytes(&rs));
	assert_int_equal(mx_rangeset_bytes_in(&rs, 0, 0x800), 0);
	assert_int_equal(mx_rangeset_bytes_in(&rs, 0x1000, 0x1000), 0x1000);
	assert_int_equal(mx_rangeset_bytes_in(&rs, 0x2000, 0x3400), 0x800 + 0x400);
	assert_int_equal(mx_rangeset_bytes_in(&rs, 0x2800, 0x2800), 0);
	assert_int_equal(mx_rangeset_bytes_in(&rs, 0x9ffe, 0x10), 1);
	assert_int_equal(mx_rangeset_bytes_in(&rs, 0x9000, END), 0xfff); /* capped */
	assert_int_equal(mx_rangeset_bytes_in(&rs, 0x1000, 0), 0);
	/* window [0x1800, 0x2800): no whole page (the page at 0x2000 ends at 0x3000) */
	assert_int_equal(mx_rangeset_pages_in(&rs, 0x1000, 0x1800, 0x1000), 0);
	/* window [0x1000, 0x2800): the page at 0x1000 */
	assert_int_equal(mx_rangeset_pages_in(&rs, 0x1000, 0x1000, 0x1800), 1);
	/* window [0x1800, 0x2000): part of page 1 only */
	assert_int_equal(mx_rangeset_pages_in(&rs, 0x1000, 0x1800, 0x800), 0);
	/* window [0x0, 0x1000): [0x800, 0x1000) is half a page */
	assert_int_equal(mx_rangeset_pages_in(&rs, 0x1000, 0, 0x1000), 0);
	assert_int_equal(mx_rangeset_pages_in(&rs, 0x800, 0, 0x1000), 1);
	assert_int_equal(mx_rangeset_pages_in(&rs, 0x1000, 0, END), 1);
	assert_int_equal(mx_rangeset_pages_in(&rs, 0x800, 0x5000, 0x800), 1);
	assert_int_equal(mx_rangeset_pages_in(&rs, 0x800, 0x5000, 0x7ff), 0);

	/* a range reaching the top of the space */
	mx_rangeset_clear(&rs);
	mx_rangeset_add(&rs, END - 0x2800, 0x2800); /* [0x..d7ff, 0x..ffff) */
	/* PFN_UP(0x..d7ff) = 0x..e, PFN_DOWN(0x..ffff) = 0x..f: one page [0x..e000, 0x..f000) */
	assert_int_equal(mx_rangeset_pages(&rs, 0x1000), 1);
	assert_int_equal(mx_rangeset_pages_in(&rs, 0x1000, END - 0x10000, END), 1);
	mx_rangeset_release(&rs);
}

static void overlaps_and_contains(void **state)
{
	struct mx_rangeset rs;

	(void)state;
	mx_rangeset_init(&rs);
	assert_false(mx_rangeset_overlaps(&rs, 0, END));
	assert_true(mx_rangeset_contains(&rs, 0x1000, 0)); /* the empty range is everywhere */
	assert_false(mx_rangeset_contains(&rs, 0x1000, 1));
	set_from(&rs, count_set, 3);
	/*
	 *   0x800        0x2800        0x5000  0x5800
	 *     |------------|             |-------|
	 */
	assert_true(mx_rangeset_overlaps(&rs, 0x0, 0x801));
	assert_false(mx_rangeset_overlaps(&rs, 0x0, 0x800));      /* touching below */
	assert_false(mx_rangeset_overlaps(&rs, 0x2800, 0x2800));   /* touching both */
	assert_true(mx_rangeset_overlaps(&rs, 0x27ff, 1));
	assert_true(mx_rangeset_overlaps(&rs, 0x2000, 0x4000));    /* spans a gap */
	assert_true(mx_rangeset_overlaps(&rs, 0x100, END));        /* capped, still overlaps */
	assert_false(mx_rangeset_overlaps(&rs, 0x1000, 0));        /* empty range */
	assert_false(mx_rangeset_overlaps(&rs, 0xa000, END));

	assert_true(mx_rangeset_contains(&rs, 0x800, 0x2000));
	assert_true(mx_rangeset_contains(&rs, 0x1000, 0x1000));
	assert_false(mx_rangeset_contains(&rs, 0x7ff, 2));
	assert_false(mx_rangeset_contains(&rs, 0x27ff, 2));
	assert_false(mx_rangeset_contains(&rs, 0x2000, 0x3400));   /* spans a gap */
	assert_false(mx_rangeset_contains(&rs, 0x3000, 0x100));    /* in the gap */
	assert_true(mx_rangeset_contains(&rs, 0x3000, 0));
	assert_false(mx_rangeset_contains(&rs, 0x9000, END));      /* wraps: never contained */

	mx_rangeset_clear(&rs);
	mx_rangeset_add(&rs, 0, END);
	assert_true(mx_rangeset_contains(&rs, 0, END));
	assert_true(mx_rangeset_contains(&rs, END - 1, 1));
	assert_false(mx_rangeset_contains(&rs, END, 1));
	mx_rangeset_release(&rs);
}

/* ---- free pages ------------------------------------------------------------ */

struct free_case {
	const char *name;
	struct mx_range mem[MAXR], busy[MAXR];
	size_t nmem, nbusy;
	uint64_t lo, hi;
	struct mx_range pages[MAXR]; /* what add_free_pages adds */
	size_t npages;
};

static const struct free_case free_cases[] = {
	{ "no busy", { R(0x1000, 0x8000) }, {{0}}, 1, 0, 0, END, { R(0x1000, 0x8000) }, 1 },
	/*
	 *   mem  |--------------------------------|      0x0 .. 0x4000
	 *   busy      |-|   |-|                          0x1100, 0x1300
	 *   free |----|  |--|  |------------------|
	 *   pages 0x0 ..0x1000        0x2000 .. 0x4000   (each free range rounded inward:
	 *                                                 the piece 0x1200..0x1300 has none)
	 */
	{ "two busy in one page", { R(0, 0x4000) }, { R(0x1100, 0x100), R(0x1300, 0x100) }, 1, 2,
	  0, END, { R(0, 0x1000), R(0x2000, 0x2000) }, 2 },
	/*
	 *   mem  |--------------------------------|      0x1000 .. 0x10000
	 *   busy           |--------|                    0x2800 .. 0x3800
	 *   pages |------|           |-------------|     0x1000..0x2000, 0x4000..0x10000
	 */
	{ "busy across pages", { R(0x1000, 0xf000) }, { R(0x2800, 0x1000) }, 1, 1, 0, END,
	  { R(0x1000, 0x1000), R(0x4000, 0xc000) }, 2 },
	/* unaligned memory: rounded inward too */
	{ "unaligned memory", { R(0x800, 0x2000), R(0x5000, 0x800) }, {{0}}, 2, 0, 0, END,
	  { R(0x1000, 0x1000) }, 1 },
	/* busy outside memory changes nothing; busy over everything leaves nothing */
	{ "busy elsewhere", { R(0x4000, 0x4000) }, { R(0x0, 0x2000), R(0x10000, 0x1000) }, 1, 2,
	  0, END, { R(0x4000, 0x4000) }, 1 },
	{ "all busy", { R(0x4000, 0x4000) }, { R(0x3000, 0x6000) }, 1, 1, 0, END, {{0}}, 0 },
	/* busy touching memory edges */
	{ "busy at the edges", { R(0x4000, 0x4000) }, { R(0x3000, 0x1800), R(0x7800, 0x1000) }, 1, 2,
	  0, END, { R(0x5000, 0x2000) }, 1 },
	/* a window cuts free ranges first, then they are rounded */
	{ "window", { R(0x1000, 0x8000) }, { R(0x4000, 0x1000) }, 1, 1, 0x1800, 0x6800,
	  { R(0x2000, 0x2000), R(0x5000, 0x1000) }, 2 },
	{ "empty window", { R(0x1000, 0x8000) }, {{0}}, 1, 0, 0x3000, 0x3000, {{0}}, 0 },
	{ "window outside", { R(0x1000, 0x8000) }, {{0}}, 1, 0, 0x10000, END, {{0}}, 0 },
	/* several memory ranges, busy spanning the hole between them */
	{ "busy over a hole", { R(0x1000, 0x2000), R(0x5000, 0x2000) }, { R(0x2800, 0x3000) }, 2, 1,
	  0, END, { R(0x1000, 0x1000), R(0x6000, 0x1000) }, 2 },
};

static void free_pages_table(void **state)
{
	struct mx_rangeset mem, busy, dst;

	(void)state;
	mx_rangeset_init(&mem);
	mx_rangeset_init(&busy);
	mx_rangeset_init(&dst);
	for (size_t i = 0; i < sizeof(free_cases) / sizeof(free_cases[0]); i++) {
		const struct free_case *c = &free_cases[i];
		uint64_t want = 0;

		set_from(&mem, c->mem, c->nmem);
		set_from(&busy, c->busy, c->nbusy);
		for (size_t k = 0; k < c->npages; k++)
			want += c->pages[k].size / 0x1000;
		if (mx_rangeset_free_pages(&mem, &busy, 0x1000, c->lo, c->hi) != want) {
			print_error("%s: %llu free pages, want %llu\n", c->name,
				    (unsigned long long)mx_rangeset_free_pages(&mem, &busy, 0x1000,
									       c->lo, c->hi),
				    (unsigned long long)want);
			fail();
		}
		mx_rangeset_clear(&dst);
		assert_int_equal(mx_rangeset_add_free_pages(&dst, &mem, &busy, 0x1000, c->lo, c->hi), 0);
		expect_ranges(c->name, &dst, c->pages, c->npages);
		assert_int_equal(mx_rangeset_pages(&dst, 0x1000), want);
	}
	mx_rangeset_release(&mem);
	mx_rangeset_release(&busy);
	mx_rangeset_release(&dst);
}

/* add_free_pages adds to what is there (the buddy allocator grows). */
static void add_free_pages_merges(void **state)
{
	struct mx_rangeset mem, busy, dst;
	static const struct mx_range want[] = { R(0x0, 0x3000), R(0x8000, 0x1000) };

	(void)state;
	mx_rangeset_init(&mem);
	mx_rangeset_init(&busy);
	mx_rangeset_init(&dst);
	mx_rangeset_add(&mem, 0x1000, 0x2000);
	mx_rangeset_add(&dst, 0x0, 0x1000);
	mx_rangeset_add(&dst, 0x8000, 0x1000);
	assert_int_equal(mx_rangeset_add_free_pages(&dst, &mem, &busy, 0x1000, 0, END), 0);
	expect_ranges("merge", &dst, want, 2);
	mx_rangeset_release(&mem);
	mx_rangeset_release(&busy);
	mx_rangeset_release(&dst);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_table),
		cmocka_unit_test(add_order_independent),
		cmocka_unit_test(add_grows),
		cmocka_unit_test(remove_table),
		cmocka_unit_test(clip_table),
		cmocka_unit_test(setop_table),
		cmocka_unit_test(bytes_and_pages),
		cmocka_unit_test(overlaps_and_contains),
		cmocka_unit_test(free_pages_table),
		cmocka_unit_test(add_free_pages_merges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
