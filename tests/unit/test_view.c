/* test_view.c - the view-model: segments cover the span, rows drop nothing, order of items */
#include <stdlib.h>
#include <string.h>

#include "memx/view.h"
#include "testutil.h"

static const char *const profiles[] = {
	"msm8937.yaml", "riscv64-128m-flat.yaml", "riscv64-128m-sparse.yaml", "vexpress-a9.yaml",
	"ums312.yaml", "sun4i-a10.yaml", "stm32mp157a-dk1.yaml",
};

/* sorted, contiguous, non-empty, neighbours differ, exactly [start, end) */
static void check_segments(const struct mx_view *v, const struct mx_layout *L)
{
	assert_true(v->nseg > 0);
	assert_int_equal(v->start, mx_rangeset_start(&L->dram));
	assert_int_equal(v->end, mx_rangeset_end(&L->dram));
	assert_int_equal(v->seg[0].base, v->start);
	for (size_t i = 0; i < v->nseg; i++) {
		assert_true(v->seg[i].size > 0);
		if (i) {
			assert_int_equal(v->seg[i - 1].base + v->seg[i - 1].size, v->seg[i].base);
			assert_false(v->seg[i - 1].kind == v->seg[i].kind && v->seg[i - 1].item == v->seg[i].item);
		}
		assert_true((v->seg[i].kind == MX_SEG_ITEM) == (v->seg[i].item >= 0));
	}
	assert_int_equal(v->seg[v->nseg - 1].base + v->seg[v->nseg - 1].size, v->end);
}

static void segments_of_every_profile(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(profiles) / sizeof(profiles[0]); k++) {
		struct mx_profile p;
		struct mx_layout L;
		struct mx_view v;

		tu_load_profile(&p, profiles[k]);
		mx_layout_init(&L);
		mx_view_init(&v);
		tu_compute(&L, &p);
		assert_int_equal(mx_view_build(&v, &L), 0);
		check_segments(&v, &L);
		/* rebuilding reuses the memory and gives the same result */
		assert_int_equal(mx_view_build(&v, &L), 0);
		check_segments(&v, &L);
		mx_view_release(&v);
		mx_layout_release(&L);
		mx_profile_release(&p);
	}
}

/* At every zoom, each placed item either wins a row or is counted in one. */
static void rows_drop_nothing(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	struct mx_view v;

	(void)state;
	tu_load_profile(&p, "msm8937.yaml");
	mx_layout_init(&L);
	mx_view_init(&v);
	tu_compute(&L, &p);
	assert_int_equal(mx_view_build(&v, &L), 0);
	for (uint64_t span = 4096; span <= (1ULL << 30); span *= 4) {
		size_t nrows = (size_t)((v.end - v.start + span - 1) / span);
		struct mx_row *rows = calloc(nrows, sizeof(*rows));
		bool *seen = calloc(L.nitems, sizeof(*seen));

		assert_non_null(rows);
		assert_non_null(seen);
		mx_view_rows(&v, &L, v.start, span, nrows, rows);
		for (size_t r = 0; r < nrows; r++) {
			assert_true(rows[r].seg >= 0);
			if (v.seg[rows[r].seg].item >= 0)
				seen[v.seg[rows[r].seg].item] = true;
			/* the items that start in the row: the winner or counted as small */
			for (size_t j = 0; j < v.nbyaddr; j++) {
				const struct mx_item *it = &L.items[v.byaddr[j]];

				if (it->base >= rows[r].base && it->base < rows[r].base + span &&
				    v.seg[rows[r].seg].item != v.byaddr[j]) {
					assert_true(rows[r].nsmall > 0);
					seen[v.byaddr[j]] = true;
				}
			}
		}
		for (size_t i = 0; i < L.nitems; i++)
			if ((L.items[i].flags & MX_IF_PLACED) && L.items[i].size &&
			    L.items[i].base >= v.start && L.items[i].base < v.end && !seen[i]) {
				print_error("span %llu: item '%s' is invisible\n", (unsigned long long)span,
					    L.items[i].name);
				fail();
			}
		free(rows);
		free(seen);
	}
	/* the lowmem/highmem boundary is marked in exactly one row */
	{
		struct mx_row rows[16];
		int marks = 0;

		mx_view_rows(&v, &L, 0x80000000, 64u << 20, 16, rows);
		for (int r = 0; r < 16; r++)
			marks += rows[r].boundary;
		assert_int_equal(marks, 1);
		assert_true(rows[(0xaf800000 - 0x80000000) / (64u << 20)].boundary);
	}
	mx_view_release(&v);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* Carve-outs win over what overlaps them; holes, free and removed memory are told apart. */
static void kinds_and_priorities(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	struct mx_view v;
	const char *y =
		"arch: arm64\nkernel: \"5.10\"\n"
		"memory: [{ base: 0x40000000, size: 64M }, { base: 0x48000000, size: 64M }]\n"
		"kernel-image: { base: 0x40200000, size: 2M }\n"
		"initrd: { base: 0x41000000, size: 1M }\n"
		"bootargs: \"mem=96M\"\n"
		"reserved-memory:\n"
		"  - { name: over@41000000, reg: { base: 0x41000000, size: 4M } }\n";
	int s;

	(void)state;
	assert_int_equal(tu_load_text(&p, y, NULL), 0);
	mx_layout_init(&L);
	mx_view_init(&v);
	tu_compute(&L, &p);
	assert_int_equal(mx_view_build(&v, &L), 0);
	check_segments(&v, &L);
	/* the initrd refused (it overlaps the carve-out?) or hidden: the carve-out owns the bytes */
	s = mx_view_seg_at(&v, 0x41080000);
	assert_int_equal(v.seg[s].kind, MX_SEG_ITEM);
	assert_string_equal(L.items[v.seg[s].item].name, "over@41000000");
	assert_int_equal(v.seg[mx_view_seg_at(&v, 0x40300000)].ikind, MX_ITEM_KERNEL);
	assert_int_equal(v.seg[mx_view_seg_at(&v, 0x44000000)].kind, MX_SEG_HOLE);
	assert_int_equal(v.seg[mx_view_seg_at(&v, 0x4a000000)].kind, MX_SEG_REMOVED); /* mem=96M */
	assert_int_equal(v.seg[mx_view_seg_at(&v, 0x40000000 + 0x1000)].kind, MX_SEG_FREE);
	assert_string_equal(mx_seg_name(&v.seg[mx_view_seg_at(&v, 0x44000000)]), "hole");
	assert_int_equal(mx_view_dominant(&v, 0x40100000, 3u << 20),
			 mx_view_seg_at(&v, 0x40200000));
	assert_int_equal(mx_view_dominant(&v, 0x10000000, 4096), -1);
	mx_view_release(&v);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* next/prev walk every placed item once, in address order. */
static void item_order(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	struct mx_view v;
	size_t n = 0;
	uint64_t last = 0;

	(void)state;
	tu_load_profile(&p, "msm8937.yaml");
	mx_layout_init(&L);
	mx_view_init(&v);
	tu_compute(&L, &p);
	assert_int_equal(mx_view_build(&v, &L), 0);
	for (int it = mx_view_next_item(&v, &L, -1); it >= 0; it = mx_view_next_item(&v, &L, it)) {
		assert_true(L.items[it].base >= last);
		last = L.items[it].base;
		n++;
	}
	assert_int_equal(n, v.nbyaddr);
	n = 0;
	for (int it = mx_view_prev_item(&v, &L, -1); it >= 0; it = mx_view_prev_item(&v, &L, it))
		n++;
	assert_int_equal(n, v.nbyaddr);
	mx_view_release(&v);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(segments_of_every_profile),
		cmocka_unit_test(rows_drop_nothing),
		cmocka_unit_test(kinds_and_priorities),
		cmocka_unit_test(item_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
