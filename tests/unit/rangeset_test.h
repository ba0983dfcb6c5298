/* rangeset_test.h - what the range-set test programs share: the two searches, checks */
#ifndef MEMX_RANGESET_TEST_H
#define MEMX_RANGESET_TEST_H

#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "memx/rangeset.h"
#include "rangeset_internal.h"

#define MAXR 8
#define END UINT64_MAX

/* The index's search and the kernel's walk, without where the free range starts. */
static inline int index_find(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
			     const struct mx_rangeset *busy, uint64_t lo, uint64_t hi, uint64_t size,
			     uint64_t align, uint64_t *out)
{
	return mxi_rangeset_index_find(mem, nomap, busy, lo, hi, size, align, out, NULL);
}

static inline int walk_top_down(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
				const struct mx_rangeset *busy, uint64_t lo, uint64_t hi, uint64_t size,
				uint64_t align, uint64_t *out)
{
	return mxi_rangeset_walk_top_down(mem, nomap, busy, lo, hi, size, align, out, NULL);
}

/*
 * Diagrams follow tools/testing/memblock: "|" marks range edges, "+"
 * the boundary of the operation's range, "-" bytes in the set, "x" the
 * operation's bytes.
 */

#define R(b, s) { (b), (s) }

static inline void set_from(struct mx_rangeset *rs, const struct mx_range *r, size_t n)
{
	mx_rangeset_clear(rs);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(mx_rangeset_add(rs, r[i].base, r[i].size), 0);
	tu_rangeset_check(rs);
	assert_int_equal(rs->cnt, n); /* the tables give sets in canonical form */
}

static inline void expect_ranges(const char *what, const struct mx_rangeset *rs, const struct mx_range *w,
				 size_t n)
{
	bool same = rs->cnt == n;

	for (size_t i = 0; same && i < n; i++)
		same = rs->r[i].base == w[i].base && rs->r[i].size == w[i].size;
	if (!same) {
		print_error("%s: got", what);
		for (size_t i = 0; i < rs->cnt; i++)
			print_error(" [%#llx+%#llx)", (unsigned long long)rs->r[i].base,
				    (unsigned long long)rs->r[i].size);
		print_error("; want");
		for (size_t i = 0; i < n; i++)
			print_error(" [%#llx+%#llx)", (unsigned long long)w[i].base,
				    (unsigned long long)w[i].size);
		print_error("\n");
		fail();
	}
	tu_rangeset_check(rs);
}

#endif
