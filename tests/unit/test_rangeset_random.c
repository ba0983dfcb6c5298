/* test_rangeset_random.c - the range set against a byte bitmap, on random operations */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "memx/rangeset.h"
#include "core_internal.h"
#include "rangeset_internal.h"

#define END UINT64_MAX

/* The index's search, without where the free range starts. */
static int index_find(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
		      const struct mx_rangeset *busy, uint64_t lo, uint64_t hi, uint64_t size,
		      uint64_t align, uint64_t *out)
{
	return mxi_rangeset_index_find(mem, nomap, busy, lo, hi, size, align, out, NULL);
}

#define U 4096 /* bytes in the universe */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

/* A random range inside the universe, often small, sometimes empty or large. */
static void rnd_range(uint64_t *base, uint64_t *size)
{
	*base = rnd_below(U);
	switch (rnd_below(4)) {
	case 0: *size = rnd_below(16); break;
	case 1: *size = rnd_below(256); break;
	case 2: *size = rnd_below(U - *base + 1); break;
	default: *size = 64 * rnd_below(8); *base &= ~(uint64_t)63; break;
	}
	if (*base + *size > U)
		*size = U - *base;
}

static void bitmap_check(const struct mx_rangeset *rs, const bool *bm, const char *what)
{
	size_t k = 0;
	uint64_t n = 0;

	tu_rangeset_check(rs);
	for (uint64_t a = 0; a < U; a++) {
		bool in;

		while (k < rs->cnt && mx_range_end(&rs->r[k]) <= a)
			k++;
		in = k < rs->cnt && rs->r[k].base <= a;
		if (in != bm[a]) {
			print_error("%s: byte %#llx is %s the set but %s the bitmap\n", what,
				    (unsigned long long)a, in ? "in" : "not in", bm[a] ? "in" : "not in");
			fail();
		}
		n += bm[a];
	}
	assert_true(mx_rangeset_end(rs) <= U);
	assert_int_equal(mx_rangeset_bytes(rs), n);
}

static uint64_t bm_bytes(const bool *bm, uint64_t b, uint64_t s)
{
	uint64_t n = 0;

	for (uint64_t a = b; a < b + s && a < U; a++)
		n += bm[a];
	return n;
}

/* Whole @page pages inside each maximal run of set bytes within [lo, hi). */
static uint64_t bm_pages(const bool *bm, uint64_t lo, uint64_t hi, uint64_t page)
{
	uint64_t n = 0;

	for (uint64_t a = lo; a < hi && a < U;) {
		uint64_t e;

		if (!bm[a]) {
			a++;
			continue;
		}
		for (e = a; e < hi && e < U && bm[e]; e++)
			;
		if (mx_round_down(e, page) > mx_round_up(a, page))
			n += (mx_round_down(e, page) - mx_round_up(a, page)) / page;
		a = e;
	}
	return n;
}

/* Highest aligned base with [base, base + size) free and inside [lo, hi). */
static int bm_fit(const bool *mem, const bool *busy, uint64_t lo, uint64_t hi, uint64_t size,
		  uint64_t align, uint64_t *out)
{
	if (hi > U)
		hi = U;
	if (lo >= hi || size > hi - lo)
		return MX_ENOSPACE;
	for (uint64_t b = mx_round_down(hi - size, align) + align; b-- > lo;) {
		bool ok = true;

		if (b & (align - 1))
			continue;
		if (b + size > hi)
			continue;
		for (uint64_t a = b; ok && a < b + size; a++)
			ok = mem[a] && !busy[a];
		if (ok) {
			*out = b;
			return 0;
		}
		if (b < align)
			break;
	}
	return MX_ENOSPACE;
}

static void random_against_bitmap(void **state)
{
	static bool bm[U], bm2[U], tmp[U];
	struct mx_rangeset rs, other, d;
	const int rounds = 3000;

	(void)state;
	rng_state = 0x9e3779b97f4a7c15ULL; /* fixed seed: reproducible */
	mx_rangeset_init(&rs);
	mx_rangeset_init(&other);
	mx_rangeset_init(&d);
	memset(bm, 0, sizeof(bm));
	memset(bm2, 0, sizeof(bm2));

	for (int i = 0; i < rounds; i++) {
		uint64_t b, s, b2, s2, out = 0, want = 0;
		int op = (int)rnd_below(10);

		rnd_range(&b, &s);
		/* add, remove, clip on the main set; keep a second set moving too */
		if (op < 5) {
			assert_int_equal(mx_rangeset_add(&rs, b, s), 0);
			for (uint64_t a = b; a < b + s; a++)
				bm[a] = true;
		} else if (op < 9) {
			assert_int_equal(mx_rangeset_remove(&rs, b, s), 0);
			for (uint64_t a = b; a < b + s; a++)
				bm[a] = false;
		} else if (rnd_below(4) == 0) {
			/* clip now and then (it empties most of the set) */
			assert_int_equal(mx_rangeset_clip(&rs, b, s), 0);
			for (uint64_t a = 0; a < U; a++)
				if (a < b || a >= b + s)
					bm[a] = false;
		}
		rnd_range(&b2, &s2);
		if (rnd_below(2)) {
			mx_rangeset_add(&other, b2, s2);
			for (uint64_t a = b2; a < b2 + s2; a++)
				bm2[a] = true;
		} else {
			mx_rangeset_remove(&other, b2, s2);
			for (uint64_t a = b2; a < b2 + s2; a++)
				bm2[a] = false;
		}
		bitmap_check(&rs, bm, "set");
		bitmap_check(&other, bm2, "other");

		/* queries against the bitmap */
		rnd_range(&b, &s);
		assert_int_equal(mx_rangeset_bytes_in(&rs, b, s), bm_bytes(bm, b, s));
		assert_int_equal(mx_rangeset_overlaps(&rs, b, s), bm_bytes(bm, b, s) > 0);
		assert_int_equal(mx_rangeset_contains(&rs, b, s), bm_bytes(bm, b, s) == s);
		assert_int_equal(mx_rangeset_pages(&rs, 64), bm_pages(bm, 0, U, 64));
		assert_int_equal(mx_rangeset_pages_in(&rs, 64, b, s), bm_pages(bm, b, b + s, 64));

		/* set algebra */
		assert_int_equal(mx_rangeset_subtract(&d, &rs, &other), 0);
		for (uint64_t a = 0; a < U; a++)
			tmp[a] = bm[a] && !bm2[a];
		bitmap_check(&d, tmp, "subtract");
		/* free pages: rounded inward per free range of rs - other */
		assert_int_equal(mx_rangeset_free_pages(&rs, &other, 64, b, b + s),
				 bm_pages(tmp, b, b + s, 64));
		assert_int_equal(mx_rangeset_free_pages(&rs, &other, 64, 0, END),
				 bm_pages(tmp, 0, U, 64));
		assert_int_equal(mx_rangeset_intersect(&d, &rs, &other), 0);
		for (uint64_t a = 0; a < U; a++)
			tmp[a] = bm[a] && bm2[a];
		bitmap_check(&d, tmp, "intersect");
		assert_int_equal(mx_rangeset_copy(&d, &rs), 0);
		assert_int_equal(mx_rangeset_add_set(&d, &other), 0);
		for (uint64_t a = 0; a < U; a++)
			tmp[a] = bm[a] || bm2[a];
		bitmap_check(&d, tmp, "union");

		/* top-down fit: the highest aligned free base, as a brute-force search finds */
		{
			uint64_t size = 1 + rnd_below(rnd_below(2) ? 64 : 512);
			uint64_t align = 1ULL << rnd_below(8);
			uint64_t lo = rnd_below(2) ? 0 : rnd_below(U);
			uint64_t hi = rnd_below(2) ? END : lo + rnd_below(U);
			uint64_t idx = 0;
			int r1 = mx_rangeset_find_top_down(&rs, &other, lo, hi, size, align, &out);
			int r2 = bm_fit(bm, bm2, lo, hi, size, align, &want);
			int r3 = index_find(&rs, NULL, &other, lo, hi, size, align, &idx);

			if (r1 != r2 || r3 != r2 || (!r1 && (out != want || idx != want))) {
				print_error("round %d: find_top_down(lo %#llx, hi %#llx, size %#llx, "
					    "align %#llx) = %d %#llx; brute force %d %#llx\n", i,
					    (unsigned long long)lo, (unsigned long long)hi,
					    (unsigned long long)size, (unsigned long long)align, r1,
					    (unsigned long long)out, r2, (unsigned long long)want);
				fail();
			}
		}
	}
	mx_rangeset_release(&rs);
	mx_rangeset_release(&other);
	mx_rangeset_release(&d);
}

/* clip against the bitmap on its own: the kept window is known exactly. */
static void random_clip(void **state)
{
	static bool bm[U];
	struct mx_rangeset rs;

	(void)state;
	rng_state = 0x1234567887654321ULL;
	mx_rangeset_init(&rs);
	for (int i = 0; i < 500; i++) {
		uint64_t b, s;

		mx_rangeset_clear(&rs);
		memset(bm, 0, sizeof(bm));
		for (int k = 0; k < 8; k++) {
			rnd_range(&b, &s);
			mx_rangeset_add(&rs, b, s);
			for (uint64_t a = b; a < b + s; a++)
				bm[a] = true;
		}
		rnd_range(&b, &s);
		assert_int_equal(mx_rangeset_clip(&rs, b, s), 0);
		for (uint64_t a = 0; a < U; a++)
			if (a < b || a >= b + s)
				bm[a] = false;
		bitmap_check(&rs, bm, "clip");
	}
	mx_rangeset_release(&rs);
}

/*
 * The search index against bitmaps: memory, NOMAP and reserved move at
 * random - several changes between searches, sometimes more than the
 * journal keeps, sometimes a set replaced - and allocations reserve what
 * they found, as mx_ctx_alloc() does. Every search is held to a brute
 * force over the bitmaps and to the kernel's walk, and the index to the
 * sets. Bytes are @unit wide: with 1 KiB units the alignments reach the
 * index's capacity classes (4K .. 16M) and beyond, and ranges end on 1K
 * boundaries that the 4K capacity units must round up.
 */
struct three {
	struct mx_rangeset set[3]; /* memory, NOMAP, reserved */
	bool bm[3][U];
};

static void three_change(struct three *t, int which, uint64_t unit)
{
	struct mx_rangeset *rs = &t->set[which];
	bool *bm = t->bm[which];
	uint64_t b, s;
	int op = (int)rnd_below(20);

	rnd_range(&b, &s);
	if (op < 9) {
		assert_int_equal(mx_rangeset_add(rs, b * unit, s * unit), 0);
		for (uint64_t a = b; a < b + s; a++)
			bm[a] = true;
	} else if (op < 18) {
		assert_int_equal(mx_rangeset_remove(rs, b * unit, s * unit), 0);
		for (uint64_t a = b; a < b + s; a++)
			bm[a] = false;
	} else if (op < 19 && rnd_below(2)) {
		assert_int_equal(mx_rangeset_clip(rs, b * unit, s * unit), 0);
		for (uint64_t a = 0; a < U; a++)
			if (a < b || a >= b + s)
				bm[a] = false;
	} else if (op < 19) {
		/* a few ranges joining at once */
		struct mx_rangeset more;

		mx_rangeset_init(&more);
		for (int k = 0; k < 4; k++) {
			rnd_range(&b, &s);
			s = s > 64 ? 64 : s;
			assert_int_equal(mx_rangeset_add(&more, b * unit, s * unit), 0);
			for (uint64_t a = b; a < b + s; a++)
				bm[a] = true;
		}
		assert_int_equal(mx_rangeset_add_set(rs, &more), 0);
		mx_rangeset_release(&more);
	} else {
		mx_rangeset_clear(rs);
		memset(bm, 0, U);
	}
}

/* Highest aligned base (in units) with [base, base + size) in mem, out of nomap and busy. */
static int bm_fit3(const struct three *t, uint64_t lo, uint64_t hi, uint64_t size, uint64_t align,
		   uint64_t *out)
{
	static bool freebm[U], none[U];

	for (uint64_t a = 0; a < U; a++)
		freebm[a] = t->bm[0][a] && !t->bm[1][a] && !t->bm[2][a];
	return bm_fit(freebm, none, lo, hi, size, align, out);
}

/* Lowest aligned base (in units) with [base, base + size) in mem, out of nomap and busy, in [lo, hi). */
static int bm_fit3_up(const struct three *t, uint64_t lo, uint64_t hi, uint64_t size, uint64_t align,
		      uint64_t *out)
{
	if (hi > U)
		hi = U;
	for (uint64_t b = mx_round_up(lo, align); b < hi && size <= hi - b; b += align) {
		bool ok = true;

		for (uint64_t a = b; ok && a < b + size; a++)
			ok = t->bm[0][a] && !t->bm[1][a] && !t->bm[2][a];
		if (ok) {
			*out = b;
			return 0;
		}
	}
	return MX_ENOSPACE;
}

/* The bottom-up search (index, walk, and the one the engine calls) against brute force. */
static void bottom_up_against_bitmaps(struct three *t, uint64_t unit, int round, uint64_t lo,
				      uint64_t hi, uint64_t size, uint64_t align, uint64_t align_u)
{
	uint64_t lo_b = lo * unit, hi_b = hi < U ? hi * unit : END;
	uint64_t a = 0, b = 0, c = 0, want = 0;
	int ra = mxi_rangeset_index_find_bottom_up(&t->set[0], &t->set[1], &t->set[2], lo_b, hi_b,
						   size * unit, align, &a);
	int rb = mxi_rangeset_walk_bottom_up(&t->set[0], &t->set[1], &t->set[2], lo_b, hi_b,
					     size * unit, align, &b);
	int rc = mxi_rangeset_find_bottom_up(&t->set[0], &t->set[1], &t->set[2], lo_b, hi_b,
					     size * unit, align, &c);
	int rw = bm_fit3_up(t, lo, hi, size, align_u, &want);

	if (ra != rw || rb != rw || rc != rw || (!rw && (a != want * unit || b != want * unit ||
							  c != want * unit))) {
		print_error("unit %llu round %d: bottom-up lo %#llx hi %#llx size %#llx align %#llx: "
			    "index %d %#llx, walk %d %#llx, search %d %#llx, brute force %d %#llx\n",
			    (unsigned long long)unit, round, (unsigned long long)lo,
			    (unsigned long long)hi, (unsigned long long)size, (unsigned long long)align,
			    ra, (unsigned long long)a, rb, (unsigned long long)b, rc,
			    (unsigned long long)c, rw, (unsigned long long)(want * unit));
		fail();
	}
}

static void index_against_bitmaps(uint64_t unit, uint64_t seed)
{
	struct three *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	rng_state = seed;
	for (int k = 0; k < 3; k++)
		mx_rangeset_init(&t->set[k]);
	for (int round = 0; round < 1500; round++) {
		/* a few changes, now and then more than the journal holds */
		int n = rnd_below(8) ? (int)rnd_below(4) : (int)rnd_below(3 * MX_RANGESET_JOURNAL);

		for (int i = 0; i < n; i++)
			three_change(t, (int)rnd_below(3), unit);
		for (int q = 0; q < 4; q++) {
			uint64_t size = 1 + rnd_below(rnd_below(2) ? 16 : 256);
			int shift = (int)rnd_below(unit > 1 ? 28 : 8);
			uint64_t align = 1ULL << shift;
			uint64_t align_u = align > unit ? align / unit : 1;
			uint64_t lo = rnd_below(2) ? 0 : rnd_below(U);
			uint64_t hi = rnd_below(2) ? U : lo + rnd_below(U);
			uint64_t out = 0, walk = 0, want = 0, idx = 0, from = 0, wfrom = 0;
			int r1, r2, r3;

			if (hi > U)
				hi = U;
			bottom_up_against_bitmaps(t, unit, round, lo, hi, size, align, align_u);
			r1 = mxi_rangeset_index_find(&t->set[0], &t->set[1], &t->set[2], lo * unit,
						     hi < U ? hi * unit : END, size * unit, align, &out,
						     &from);
			assert_int_equal(mx_rangeset_find_top_down_nomap(&t->set[0], &t->set[1], &t->set[2],
									 lo * unit, hi < U ? hi * unit : END,
									 size * unit, align, &idx), r1);
			if (!r1)
				assert_int_equal(idx, out);
			r2 = mxi_rangeset_walk_top_down(&t->set[0], &t->set[1], &t->set[2], lo * unit,
							hi < U ? hi * unit : END, size * unit, align,
							&walk, &wfrom);
			r3 = bm_fit3(t, lo, hi, size, align_u, &want);
			if (!r3) {
				/* where the free range holding the answer starts, clamped to lo */
				uint64_t f = want;

				while (f > lo && t->bm[0][f - 1] && !t->bm[1][f - 1] && !t->bm[2][f - 1])
					f--;
				if (!r1 && from != f * unit)
					fail_msg("unit %llu round %d: index says the range starts at %#llx, "
						 "brute force %#llx", (unsigned long long)unit, round,
						 (unsigned long long)from, (unsigned long long)(f * unit));
				if (!r2 && wfrom != f * unit)
					fail_msg("unit %llu round %d: walk says the range starts at %#llx, "
						 "brute force %#llx", (unsigned long long)unit, round,
						 (unsigned long long)wfrom, (unsigned long long)(f * unit));
			}
			if (r1 != r3 || r2 != r3 || (!r3 && (out != want * unit || walk != want * unit))) {
				print_error("unit %llu round %d: lo %#llx hi %#llx size %#llx align %#llx: "
					    "search %d %#llx, walk %d %#llx, brute force %d %#llx\n",
					    (unsigned long long)unit, round, (unsigned long long)lo,
					    (unsigned long long)hi, (unsigned long long)size,
					    (unsigned long long)align, r1, (unsigned long long)out, r2,
					    (unsigned long long)walk, r3, (unsigned long long)(want * unit));
				fail();
			}
			/* an allocation reserves what it found (and a no-map one leaves memory) */
			if (!r1 && rnd_below(2)) {
				assert_int_equal(mx_rangeset_add(&t->set[2], out, size * unit), 0);
				for (uint64_t a = want; a < want + size; a++)
					t->bm[2][a] = true;
				if (!rnd_below(4)) {
					assert_int_equal(mx_rangeset_add(&t->set[1], out, size * unit), 0);
					for (uint64_t a = want; a < want + size; a++)
						t->bm[1][a] = true;
				}
			}
		}
		if (mxi_rangeset_index_check(&t->set[0], &t->set[1], &t->set[2])) {
			print_error("unit %llu round %d: the index is not the free space\n",
				    (unsigned long long)unit, round);
			fail();
		}
		/* the whole pages the index keeps counting, against a walk (a page size kept, or changed) */
		{
			uint64_t page = unit * (round % 5 ? 8 : 64), got, want_pages;
			struct mx_rangeset avail;

			mx_rangeset_init(&avail);
			assert_int_equal(mx_rangeset_subtract(&avail, &t->set[0], &t->set[1]), 0);
			want_pages = mx_rangeset_free_pages(&avail, &t->set[2], page, 0, UINT64_MAX);
			assert_int_equal(mxi_rangeset_index_free_pages(&t->set[0], &t->set[1], &t->set[2], page,
								       &got), 0);
			assert_int_equal(got, want_pages);
			mx_rangeset_release(&avail);
		}
		for (int k = 0; unit == 1 && k < 3; k++)
			bitmap_check(&t->set[k], t->bm[k], "set");
	}
	for (int k = 0; k < 3; k++)
		mx_rangeset_release(&t->set[k]);
	free(t);
}

static void random_index_bytes(void **state)
{
	(void)state;
	index_against_bitmaps(1, 0x0123456789abcdefULL);
}

static void random_index_kib(void **state)
{
	(void)state;
	index_against_bitmaps(1024, 0xfedcba9876543210ULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_against_bitmap),
		cmocka_unit_test(random_clip),
		cmocka_unit_test(random_index_bytes),
		cmocka_unit_test(random_index_kib),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
