/* test_sort.c - the /reserved-memory order: mxi_heapsort_order() against lib/sort.c transcribed */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "engine_internal.h"

/*
 * lib/sort.c as of v5.2 ("lib/sort: use more efficient bottom-up heapsort
 * variant"), kept as close to the kernel text as C11 allows: byte offsets
 * pre-scaled by the element size, parent() computed with the lsbit trick,
 * generic byte swap. The elements are struct reserved_mem stand-ins sorted
 * with __rmem_cmp().
 */
struct rmem {
	uint64_t base, size;
	size_t dt; /* DT index: what we read back as the permutation */
};

typedef int (*cmp_func_t)(const void *, const void *);

static int rmem_cmp(const void *a, const void *b)
{
	const struct rmem *ra = a, *rb = b;

	if (ra->base < rb->base)
		return -1;
	if (ra->base > rb->base)
		return 1;
	/*
	 * Put the dynamic allocations (address == 0, size == 0) before static
	 * allocations at address 0x0 so that overlap detection works
	 * correctly.
	 */
	if (ra->size < rb->size)
		return -1;
	if (ra->size > rb->size)
		return 1;
	return 0;
}

static void generic_swap(void *a, void *b, size_t size)
{
	char *x = a, *y = b;

	do {
		char t = *x;

		*x++ = *y;
		*y++ = t;
	} while (--size > 0);
}

static size_t parent(size_t i, unsigned int lsbit, size_t size)
{
	i -= size;
	i -= size & -(i & lsbit);
	return i / 2;
}

static void kernel_sort(void *base, size_t num, size_t size, cmp_func_t cmp_func)
{
	/* pre-scale counters for performance */
	size_t n = num * size, a = (num / 2) * size;
	const unsigned int lsbit = (unsigned int)(size & -size); /* Used to find parent */
	char *b0 = base;

	if (!a) /* num < 2 || size == 0 */
		return;

	/*
	 * Loop invariants:
	 * 1. elements [a,n) satisfy the heap property (compare greater than
	 *    all of their children),
	 * 2. elements [n,num*size) are sorted, and
	 * 3. a <= b <= c <= d <= n (whenever they are valid).
	 */
	for (;;) {
		size_t b, c, d;

		if (a)                 /* Building heap: sift down --a */
			a -= size;
		else if (n -= size)    /* Sorting: Extract root to --n */
			generic_swap(b0, b0 + n, size);
		else                   /* Sort complete */
			break;

		/*
		 * Sift element at "a" down into heap. This is the
		 * "bottom-up" variant: find the sift-down path all the
		 * way to the leaves (one compare per level), then
		 * backtrack to find where to insert the target element.
		 */
		for (b = a; c = 2 * b + size, (d = c + size) < n;)
			b = cmp_func(b0 + c, b0 + d) >= 0 ? c : d;
		if (d == n) /* Special case last leaf with no sibling */
			b = c;

		/* Now backtrack from "b" to the correct location for "a" */
		while (b != a && cmp_func(b0 + a, b0 + b) >= 0)
			b = parent(b, lsbit, size);
		c = b; /* Where "a" belongs */
		while (b != a) { /* Shift it into place */
			b = parent(b, lsbit, size);
			generic_swap(b0 + b, b0 + c, size);
		}
	}
}

/* The permutation lib/sort.c makes of @idx (keys indexed by DT index). */
static void reference_order(size_t *out, const size_t *idx, const uint64_t *base,
			    const uint64_t *size, size_t n)
{
	struct rmem *v = calloc(n ? n : 1, sizeof(*v));

	assert_non_null(v);
	for (size_t k = 0; k < n; k++) {
		v[k].base = base[idx[k]];
		v[k].size = size[idx[k]];
		v[k].dt = idx[k];
	}
	kernel_sort(v, n, sizeof(*v), rmem_cmp);
	for (size_t k = 0; k < n; k++)
		out[k] = v[k].dt;
	free(v);
}

static uint64_t rng = 0x243f6a8885a308d3ULL;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

/* Many random arrays with many equal keys: the same permutation as lib/sort.c. */
static void heapsort_matches_lib_sort(void **state)
{
	enum { MAXN = 40 };
	size_t idx[MAXN], want[MAXN], all[2 * MAXN];
	uint64_t base[2 * MAXN], size[2 * MAXN];

	(void)state;
	for (int round = 0; round < 4000; round++) {
		size_t n = (size_t)(rnd() % (MAXN + 1));
		unsigned domain = 1 + (unsigned)(rnd() % 4); /* tiny key domains: many ties */
		bool subset = rnd() % 3 == 0;
		size_t m = subset ? 2 * n : n;

		for (size_t i = 0; i < m; i++) {
			/* often (0, 0) like a dynamic region; else a small static key */
			if (rnd() % 2) {
				base[i] = 0;
				size[i] = 0;
			} else {
				base[i] = (rnd() % domain) << 20;
				size[i] = (rnd() % domain) << 12;
			}
		}
		/* the engine sorts a list of region numbers: all, or every other one (disabled skipped) */
		for (size_t k = 0; k < n; k++)
			all[k] = subset ? 2 * k + 1 : k;
		memcpy(idx, all, n * sizeof(*idx));
		reference_order(want, idx, base, size, n);
		assert_int_equal(mxi_heapsort_order(idx, base, size, n), 0);
		for (size_t k = 0; k < n; k++) {
			if (idx[k] != want[k]) {
				print_error("round %d, n %zu: position %zu is %zu, lib/sort.c has %zu\n",
					    round, n, k, idx[k], want[k]);
				fail();
			}
			/* and it is sorted */
			if (k)
				assert_true(base[idx[k - 1]] < base[idx[k]] ||
					    (base[idx[k - 1]] == base[idx[k]] &&
					     size[idx[k - 1]] <= size[idx[k]]));
		}
	}
}

/* Deep heaps (thousands of entries, as at scale): mxi_heapsort_keys moves the entries, lib/sort.c an index. */
static void heapsort_keys_large(void **state)
{
	enum { MAXN = 5000 };
	static size_t idx[MAXN], want[MAXN];
	static uint64_t base[MAXN], size[MAXN];
	static struct mxi_sort_key keys[MAXN];

	(void)state;
	for (int round = 0; round < 24; round++) {
		size_t n = 1000 + (size_t)(rnd() % (MAXN - 1000));

		/*
		 * Every path of the sort, by round: keys that pack into one number
		 * with the entry's number beside it (boards' addresses), 64-bit keys
		 * from a small pool (ties) that do not pack, only bases or only sizes
		 * of any width, and keys of 53 bits that pack without the number.
		 */
		static uint64_t pool[8];
		int kind = round % 6;

		for (int j = 0; j < 8; j++)
			pool[j] = kind == 2 ? (rnd() | 1ULL << 57) & ~0xfULL :
				kind == 3 ? rnd() | 1 : kind == 4 ? rnd() >> (rnd() % 64) : 0;
		for (size_t i = 0; i < n; i++) {
			bool dyn = rnd() % 3 == 0; /* (0, 0): a dynamic region */

			base[i] = dyn ? 0 : kind == 2 || kind == 3 ? pool[rnd() % 8] :
				kind == 4 ? (round % 2 ? pool[rnd() % 8] : 0) :
				kind == 5 ? (1ULL << 62 | (rnd() % 64) << 20) : (rnd() % 64) << 20;
			size[i] = dyn ? 0 : kind == 2 ? (rnd() % 2) << 4 : kind == 3 ? pool[rnd() % 8] :
				kind == 4 ? (round % 2 ? 0 : pool[rnd() % 8]) : (rnd() % 4) << 12;
			idx[i] = i;
			keys[i] = (struct mxi_sort_key){ base[i], size[i], i };
		}
		reference_order(want, idx, base, size, n);
		mxi_heapsort_keys(keys, n);
		for (size_t k = 0; k < n; k++)
			if (keys[k].idx != want[k] || keys[k].base != base[want[k]] ||
			    keys[k].size != size[want[k]])
				fail_msg("round %d, n %zu: position %zu is %zu, lib/sort.c has %zu", round, n,
					 k, keys[k].idx, want[k]);
	}
}

/* All keys equal: the permutation is the heapsort's own, not the identity. */
static void heapsort_equal_keys(void **state)
{
	size_t idx[8], want[8];
	uint64_t zero[8] = { 0 };

	(void)state;
	for (size_t n = 0; n <= 8; n++) {
		for (size_t i = 0; i < n; i++)
			idx[i] = i;
		reference_order(want, idx, zero, zero, n);
		assert_int_equal(mxi_heapsort_order(idx, zero, zero, n), 0);
		assert_memory_equal(idx, want, n * sizeof(*idx));
	}
	/* two equal entries swap; the kernel's sort is not stable */
	idx[0] = 0;
	idx[1] = 1;
	assert_int_equal(mxi_heapsort_order(idx, zero, zero, 2), 0);
	assert_int_equal(idx[0], 1);
	assert_int_equal(idx[1], 0);
}

/*
 * The phone layout (SPEC section 11): statics other_ext, modem, adsp_fw,
 * wcnss_fw, the four dynamic pools, then the splash screen. The 6.1 kernel
 * allocates the dynamic ones as secure, adsp, qseecom, venus.
 */
static void heapsort_phone_layout(void **state)
{
	/* as SPEC and the brief give them ... */
	static const uint64_t base_a[9] = { 0x5b00000, 0x56800000, 0x5b800000, 0x5c900000, 0, 0, 0, 0,
					    0x60000000 };
	static const uint64_t size_a[9] = { 0xd00000, 0x5000000, 0x1100000, 0x700000, 0, 0, 0, 0,
					    0x1400000 };
	/* ... and as msm8937.yaml has them: the same order of keys, the same permutation */
	static const uint64_t base_b[9] = { 0x85b00000, 0x86800000, 0x8b800000, 0x8c900000, 0, 0, 0, 0,
					    0x90000000 };
	static const uint64_t size_b[9] = { 0xd00000, 0x5000000, 0x1100000, 0x700000, 0, 0, 0, 0,
					    0x1400000 };
	enum { OTHER_EXT, MODEM, ADSP_FW, WCNSS_FW, VENUS, SECURE, QSEECOM, ADSP, SPLASH };
	static const size_t want[9] = { SECURE, ADSP, QSEECOM, VENUS, OTHER_EXT, MODEM, ADSP_FW,
					WCNSS_FW, SPLASH };
	size_t idx[9], ref[9];

	(void)state;
	for (size_t i = 0; i < 9; i++)
		idx[i] = i;
	reference_order(ref, idx, base_a, size_a, 9);
	assert_memory_equal(ref, want, sizeof(want)); /* the transcription agrees with SPEC */
	assert_int_equal(mxi_heapsort_order(idx, base_a, size_a, 9), 0);
	assert_memory_equal(idx, want, sizeof(want));

	for (size_t i = 0; i < 9; i++)
		idx[i] = i;
	assert_int_equal(mxi_heapsort_order(idx, base_b, size_b, 9), 0);
	assert_memory_equal(idx, want, sizeof(want));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(heapsort_matches_lib_sort),
		cmocka_unit_test(heapsort_equal_keys),
		cmocka_unit_test(heapsort_keys_large),
		cmocka_unit_test(heapsort_phone_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
