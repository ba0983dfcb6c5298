/* test_rangeset_open.c - an open range set (in chunks) against the same set closed, on random operations */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "memx/rangeset.h"
#include "core_internal.h"
#include "rangeset_internal.h"

static uint64_t rng_state;

static uint64_t rnd_below(uint64_t n)
{
	return n ? tu_rnd(&rng_state) % n : 0;
}

#define U (1ULL << 30) /* the universe: room for thousands of small ranges */

/* Mostly small ranges, so that sets hold thousands; now and then a wide one. */
static void rnd_range(uint64_t *base, uint64_t *size)
{
	*base = rnd_below(U);
	switch (rnd_below(16)) {
	case 0: *size = rnd_below(1 << 20); break;
	case 1: *size = 0; break;
	default: *size = 1 + rnd_below(4096); break;
	}
	if (*base + *size > U)
		*size = U - *base;
}

/* @open (possibly in chunks) holds what @closed holds: the ranges, written back, in order. */
static void same_ranges(const struct mx_rangeset *open, const struct mx_rangeset *closed)
{
	assert_int_equal(open->cnt, closed->cnt);
	mxi_rs_flat(open);
	assert_non_null(open->r);
	for (size_t i = 0; i < closed->cnt; i++) {
		assert_int_equal(open->r[i].base, closed->r[i].base);
		assert_int_equal(open->r[i].size, closed->r[i].size);
	}
	tu_rangeset_check(open);
}

struct collect {
	uint64_t *v;
	size_t n, max;
};

static int collect(uint64_t s, uint64_t e, void *p)
{
	struct collect *c = p;

	if (c->n + 2 > c->max) {
		c->max = c->max ? 2 * c->max : 256;
		c->v = realloc(c->v, c->max * sizeof(*c->v));
		assert_non_null(c->v);
	}
	c->v[c->n++] = s;
	c->v[c->n++] = e;
	return 0;
}

/* The free ranges of mem - nomap - busy in [lo, hi), both ways, are the same. */
static void same_free(const struct mx_rangeset *mem, const struct mx_rangeset *nomap_a,
		      const struct mx_rangeset *busy_a, const struct mx_rangeset *nomap_b,
		      const struct mx_rangeset *busy_b, uint64_t lo, uint64_t hi)
{
	struct collect a = { 0 }, b = { 0 };

	mxi_rangeset_each_free(mem, nomap_a, busy_a, lo, hi, collect, &a);
	mxi_rangeset_each_free(mem, nomap_b, busy_b, lo, hi, collect, &b);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++)
		assert_int_equal(a.v[i], b.v[i]);
	free(a.v);
	free(b.v);
}

/* Queries that read a set without flattening it, both ways. */
static void same_answers(const struct mx_rangeset *a, const struct mx_rangeset *b)
{
	for (int q = 0; q < 4; q++) {
		uint64_t base, size;

		rnd_range(&base, &size);
		assert_int_equal(mx_rangeset_gaps(a, base, size), mx_rangeset_gaps(b, base, size));
		assert_int_equal(mx_rangeset_overlaps(a, base, size), mx_rangeset_overlaps(b, base, size));
		assert_int_equal(mx_rangeset_contains(a, base, size), mx_rangeset_contains(b, base, size));
	}
	/* a set that wholly holds one of its own ranges */
	if (b->cnt) {
		const struct mx_range *r = &b->r[rnd_below(b->cnt)];

		assert_true(mx_rangeset_contains(a, r->base, r->size));
		assert_int_equal(mx_rangeset_gaps(a, r->base, r->size), 0);
	}
	assert_int_equal(mxi_rsc_check(a), 0);
	assert_int_equal(mx_rangeset_start(a), mx_rangeset_start(b));
	assert_int_equal(mx_rangeset_end(a), mx_rangeset_end(b));
	assert_int_equal(a->cnt, b->cnt);
}

/*
 * Random adds and removes on an open set and on a closed one; every query
 * agrees at every step, the free ranges and the top-down search through
 * the index agree every few steps, and the open set written back is the
 * closed one.
 */
static void random_open_against_closed(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct mx_rangeset a, b, mem;
		bool chunked = false;

		rng_state = seed * 0x9e3779b97f4a7c15ULL;
		mx_rangeset_init(&a);
		mx_rangeset_init(&b);
		mx_rangeset_init(&mem);
		assert_int_equal(mx_rangeset_add(&mem, 0, U), 0);
		/* seeds 1-3 start with many ranges (cut into chunks at open), 4-6 grow past the threshold */
		for (int i = 0; seed <= 3 && i < 3000; i++) {
			uint64_t base = rnd_below(U), size = 1 + rnd_below(2048);

			assert_int_equal(mx_rangeset_add(&a, base, size), 0);
			assert_int_equal(mx_rangeset_add(&b, base, size), 0);
		}
		mxi_rangeset_open(&a);
		for (int op = 0; op < 6000; op++) {
			uint64_t base, size;
			int ra, rb;

			rnd_range(&base, &size);
			if (rnd_below(seed <= 3 ? 3 : 6)) {
				ra = mx_rangeset_add(&a, base, size);
				rb = mx_rangeset_add(&b, base, size);
			} else {
				ra = mx_rangeset_remove(&a, base, size);
				rb = mx_rangeset_remove(&b, base, size);
			}
			assert_int_equal(ra, rb);
			chunked |= a.ck != NULL;
			/* in chunks, the array must not be read */
			if (a.ck)
				assert_null(a.r);
			same_answers(&a, &b);
			if (op % 97 == 0) {
				uint64_t lo = rnd_below(U), hi = lo + rnd_below(U - lo + 1), oa, ob;
				uint64_t sz = 1 + rnd_below(1 << 16), al = 1ULL << rnd_below(17);

				same_free(&mem, NULL, &a, NULL, &b, lo, hi);
				same_free(&mem, &a, &b, &b, &a, 0, U);
				ra = mx_rangeset_find_top_down(&mem, &a, lo, hi, sz, al, &oa);
				rb = mx_rangeset_find_top_down(&mem, &b, lo, hi, sz, al, &ob);
				assert_int_equal(ra, rb);
				if (!ra)
					assert_int_equal(oa, ob);
			}
			if (op % 1500 == 1499)
				same_ranges(&a, &b); /* written back mid-run: it stays open */
		}
		if (!chunked)
			print_error("seed %llu: the open set never reached %d ranges\n",
				    (unsigned long long)seed, (int)mxi_rs_chunk_from);
		assert_true(chunked);
		mxi_rangeset_close(&a);
		assert_false(a.open);
		assert_null(a.ck);
		same_ranges(&a, &b);
		mx_rangeset_release(&a);
		mx_rangeset_release(&b);
		mx_rangeset_release(&mem);
	}
}

/* A set of n ranges of 16 bytes every 64: chunked at open. */
static void grid(struct mx_rangeset *rs, size_t n, uint64_t at)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(mx_rangeset_add(rs, at + 64 * i, 16), 0);
}

/*
 * Insertions into one spot split a full chunk again and again; a removal
 * across many chunks empties some and trims the ends of others; a split
 * of one range at a chunk's end.
 */
static void chunk_splits_and_drops(void **state)
{
	struct mx_rangeset a, b;

	(void)state;
	mx_rangeset_init(&a);
	mx_rangeset_init(&b);
	grid(&a, 2000, 0x100000);
	grid(&b, 2000, 0x100000);
	mxi_rangeset_open(&a);
	assert_non_null(a.ck);
	assert_null(a.r);
	/* 300 ranges inside one gap of the grid's middle: 4 bytes each, 1 apart */
	for (uint64_t i = 0; i < 300; i++) {
		uint64_t base = 0x100000 + 64 * 1000 + 16 + 0x100000 + i * 5;

		assert_int_equal(mx_rangeset_add(&a, base, 4), 0);
		assert_int_equal(mx_rangeset_add(&b, base, 4), 0);
	}
	same_answers(&a, &b);
	/* a removal over a run of chunks, starting and ending inside ranges */
	assert_int_equal(mx_rangeset_remove(&a, 0x100000 + 64 * 100 + 8, 64 * 900), 0);
	assert_int_equal(mx_rangeset_remove(&b, 0x100000 + 64 * 100 + 8, 64 * 900), 0);
	same_answers(&a, &b);
	/* one range split in two, and the merge of many into one */
	assert_int_equal(mx_rangeset_remove(&a, 0x100000 + 64 * 1500 + 4, 8), 0);
	assert_int_equal(mx_rangeset_remove(&b, 0x100000 + 64 * 1500 + 4, 8), 0);
	assert_int_equal(mx_rangeset_add(&a, 0x100000 + 64 * 1600, 64 * 300), 0);
	assert_int_equal(mx_rangeset_add(&b, 0x100000 + 64 * 1600, 64 * 300), 0);
	same_answers(&a, &b);
	/* everything goes, then comes back */
	assert_int_equal(mx_rangeset_remove(&a, 0, UINT64_MAX), 0);
	assert_int_equal(mx_rangeset_remove(&b, 0, UINT64_MAX), 0);
	assert_int_equal(a.cnt, 0);
	same_answers(&a, &b);
	assert_int_equal(mx_rangeset_add(&a, 4096, 4096), 0);
	assert_int_equal(mx_rangeset_add(&b, 4096, 4096), 0);
	same_answers(&a, &b);
	mxi_rangeset_close(&a);
	same_ranges(&a, &b);
	mx_rangeset_release(&a);
	mx_rangeset_release(&b);
}

/*
 * Every range of a grid is touched at its end, trimmed at its top and
 * asked about where its top was: whichever ranges end their chunks (the
 * directory's keys), the answers are the closed set's.
 */
static void every_range_end(void **state)
{
	struct mx_rangeset a, b;
	const uint64_t at = 0x10000;
	const size_t n = 3000;

	(void)state;
	mx_rangeset_init(&a);
	mx_rangeset_init(&b);
	grid(&a, n, at);
	grid(&b, n, at);
	mxi_rangeset_open(&a);
	assert_non_null(a.ck);
	/* [64i, 64i + 16) + [64i + 16, 64i + 20): touching, so merged */
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(mx_rangeset_add(&a, at + 64 * i + 16, 4), 0);
		assert_int_equal(mx_rangeset_add(&b, at + 64 * i + 16, 4), 0);
		assert_int_equal(a.cnt, n);
	}
	/* the top 8 bytes of each go; then each byte of them is free, the one below is not */
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(mx_rangeset_remove(&a, at + 64 * i + 12, 8), 0);
		assert_int_equal(mx_rangeset_remove(&b, at + 64 * i + 12, 8), 0);
	}
	same_answers(&a, &b);
	for (size_t i = 0; i < n; i++) {
		uint64_t top = at + 64 * i + 12;

		assert_false(mx_rangeset_overlaps(&a, top, 8));
		assert_true(mx_rangeset_contains(&a, top - 12, 12));
		assert_int_equal(mx_rangeset_gaps(&a, top - 4, 8), 1);
		assert_int_equal(mx_rangeset_add(&a, top, 2), 0); /* touches: merged, 14 bytes */
		assert_int_equal(mx_rangeset_add(&b, top, 2), 0);
		assert_int_equal(a.cnt, n);
	}
	same_answers(&a, &b);
	mxi_rangeset_close(&a);
	same_ranges(&a, &b);
	mx_rangeset_release(&a);
	mx_rangeset_release(&b);
}

/* A small open set stays one array; functions that read the array write an open one back first. */
static void small_stays_array_big_written_back(void **state)
{
	struct mx_rangeset a, b, c, d;

	(void)state;
	mx_rangeset_init(&a);
	mx_rangeset_init(&b);
	mx_rangeset_init(&c);
	mx_rangeset_init(&d);
	grid(&a, 10, 0);
	mxi_rangeset_open(&a);
	assert_null(a.ck);
	assert_non_null(a.r);
	mxi_rangeset_close(&a);
	mx_rangeset_clear(&a);
	grid(&a, 3000, 0);
	grid(&b, 3000, 0);
	mxi_rangeset_open(&a);
	assert_non_null(a.ck);
	assert_int_equal(mx_rangeset_bytes(&a), mx_rangeset_bytes(&b));
	assert_non_null(a.r); /* written back: the array is valid, the set still open */
	assert_true(a.open);
	assert_int_equal(mx_rangeset_add(&a, 64 * 3000 + 100, 1), 0); /* in chunks again */
	assert_int_equal(mx_rangeset_add(&b, 64 * 3000 + 100, 1), 0);
	assert_non_null(a.ck);
	assert_int_equal(mx_rangeset_pages(&a, 16), mx_rangeset_pages(&b, 16));
	assert_int_equal(mx_rangeset_add(&a, 20, 1), 0); /* between the grid's first two ranges */
	assert_int_equal(mx_rangeset_add(&b, 20, 1), 0);
	assert_int_equal(mx_rangeset_copy(&c, &a), 0);
	same_ranges(&c, &b);
	assert_int_equal(mx_rangeset_add(&a, 30, 1), 0);
	assert_int_equal(mx_rangeset_add(&b, 30, 1), 0);
	assert_int_equal(mx_rangeset_subtract(&d, &a, &c), 0);
	assert_int_equal(d.cnt, 1);
	assert_int_equal(d.r[0].base, 30);
	assert_int_equal(mx_rangeset_add(&a, 40, 1), 0);
	assert_int_equal(mx_rangeset_add(&b, 40, 1), 0);
	assert_int_equal(mx_rangeset_intersect(&d, &a, &c), 0);
	same_ranges(&d, &c);
	/* a set in chunks written over: its chunks go, the result is the source's */
	mxi_rangeset_open(&d);
	grid(&d, 2000, 1ULL << 32);
	assert_non_null(d.ck);
	assert_int_equal(mx_rangeset_copy(&d, &c), 0);
	assert_null(d.ck);
	same_ranges(&d, &c);
	grid(&d, 2000, 1ULL << 32);
	assert_non_null(d.ck);
	assert_int_equal(mx_rangeset_intersect(&d, &a, &c), 0);
	assert_null(d.ck);
	same_ranges(&d, &c);
	mxi_rangeset_close(&d);
	mx_rangeset_clear(&a); /* an open set in chunks, cleared */
	assert_int_equal(a.cnt, 0);
	assert_null(a.ck);
	mxi_rangeset_close(&a);
	mx_rangeset_release(&a);
	mx_rangeset_release(&b);
	mx_rangeset_release(&c);
	mx_rangeset_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_open_against_closed),
		cmocka_unit_test(chunk_splits_and_drops),
		cmocka_unit_test(every_range_end),
		cmocka_unit_test(small_stays_array_big_written_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
