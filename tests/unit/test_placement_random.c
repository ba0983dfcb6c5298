/* test_placement_random.c - the engine's fast paths against the plain loops they replace, on random layouts */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "engine_internal.h"
#include "rangeset_internal.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)

/* ---- mxi_ctx_alloc_pages: a free range at a time, as one page at a time ---------- */

static uint64_t pages_rng;

static uint64_t pages_rnd(uint64_t n)
{
	pages_rng ^= pages_rng >> 12;
	pages_rng ^= pages_rng << 25;
	pages_rng ^= pages_rng >> 27;
	return n ? pages_rng * 2685821657736338717ULL % n : 0;
}

/* One engine context over a layout of its own, memblock's arrays @rsv_max long. */
static void pages_ctx(struct mx_ctx *c, struct mx_layout *L, const struct mx_profile *p,
		      const struct mx_params *P, uint64_t rsv_max)
{
	memset(c, 0, sizeof(*c));
	c->L = L;
	c->p = p;
	c->P = P;
	c->page = 4096;
	c->current_limit = 64 * MiB;
	c->can_resize = true; /* memblock_double_array() may run inside the one-page allocations */
	c->rsv_max = rsv_max;
	c->mem_max = 1024;
	c->rsv_array_item = c->mem_array_item = -1;
	mx_rangeset_init(&c->scratch);
}

/*
 * The naive reference: @n calls of mxi_ctx_alloc(PAGE_SIZE, PAGE_SIZE), a
 * run of pages that follow one another downwards made one item, as the
 * linear-map step did before it took a free range at a time.
 */
static uint64_t pages_naive(struct mx_ctx *c, uint64_t n, uint64_t lo, uint64_t hi, int *last)
{
	uint64_t run_base = 0, run_len = 0, i;

	for (i = 0; i < n; i++) {
		uint64_t base;

		if (mxi_ctx_alloc(c, c->page, c->page, lo, hi, &base))
			break;
		if (run_len && base + c->page == run_base) {
			run_base = base;
			run_len += c->page;
			continue;
		}
		if (run_len)
			*last = mxi_ctx_placed_item(c, MX_ITEM_EARLY, "pt", run_base, run_len, c->page, lo, hi);
		run_base = base;
		run_len = c->page;
	}
	if (run_len)
		*last = mxi_ctx_placed_item(c, MX_ITEM_EARLY, "pt", run_base, run_len, c->page, lo, hi);
	return i;
}

static void same_sets(const char *what, int round, const struct mx_rangeset *a,
		      const struct mx_rangeset *b)
{
	bool same = a->cnt == b->cnt;

	for (size_t i = 0; same && i < a->cnt; i++)
		same = a->r[i].base == b->r[i].base && a->r[i].size == b->r[i].size;
	if (!same)
		fail_msg("round %d: %s differ (%zu and %zu ranges)", round, what, a->cnt, b->cnt);
}

/*
 * Random memory, NOMAP and reserved (unaligned edges too), random page
 * counts and windows, reserved arrays from nearly full (so that the array
 * doubles inside the run) to roomy: mxi_ctx_alloc_pages() must leave
 * exactly what the one-page calls leave - reserved, the items (place, size,
 * order), the pages made, the array's size and the log.
 */
static void alloc_pages_as_one_by_one(void **state)
{
	struct mx_profile p;
	struct mx_params P;

	(void)state;
	mx_profile_init(&p);
	memset(&P, 0, sizeof(P));
	P.phys_digits = 16;
	pages_rng = 0x5eed5eed12345ULL;
	for (int round = 0; round < 400; round++) {
		struct mx_layout La, Lb;
		struct mx_ctx a, b;
		uint64_t n = 1 + pages_rnd(round % 4 ? 64 : 4096), lo = 0, hi = 64 * MiB, da, db;
		int la = -7, lb = -7;

		mx_layout_init(&La);
		mx_layout_init(&Lb);
		for (int k = 0, nm = 1 + (int)pages_rnd(4); k < nm; k++)
			mx_rangeset_add(&La.memory, pages_rnd(64 * MiB), 1 + pages_rnd(16 * MiB));
		for (int k = 0, nn = (int)pages_rnd(3); k < nn; k++)
			mx_rangeset_add(&La.nomap, pages_rnd(64 * MiB), 1 + pages_rnd(MiB));
		for (int k = 0, nr = (int)pages_rnd(200); k < nr; k++)
			mx_rangeset_add(&La.reserved, pages_rnd(64 * MiB) & ~(uint64_t)(pages_rnd(2) ? 4095 : 0),
					1 + pages_rnd(pages_rnd(2) ? 4 * 4096 : 256 * KiB));
		if (pages_rnd(2)) {
			lo = pages_rnd(32 * MiB);
			hi = lo + pages_rnd(48 * MiB);
		}
		assert_int_equal(mx_rangeset_copy(&Lb.memory, &La.memory), 0);
		assert_int_equal(mx_rangeset_copy(&Lb.nomap, &La.nomap), 0);
		assert_int_equal(mx_rangeset_copy(&Lb.reserved, &La.reserved), 0);
		{
			uint64_t room = pages_rnd(4) ? La.reserved.cnt + 1 + pages_rnd(6) : 4096;

			pages_ctx(&a, &La, &p, &P, room);
			pages_ctx(&b, &Lb, &p, &P, room);
		}
		da = mxi_ctx_alloc_pages(&a, MX_ITEM_EARLY, "pt", n, lo, hi, &la);
		db = pages_naive(&b, n, lo, hi, &lb);
		if (da != db)
			fail_msg("round %d: %" PRIu64 " pages made, one by one %" PRIu64, round, da, db);
		same_sets("reserved", round, &La.reserved, &Lb.reserved);
		assert_int_equal(a.rsv_max, b.rsv_max);
		assert_int_equal(la, lb);
		assert_int_equal(La.nitems, Lb.nitems);
		for (size_t i = 0; i < La.nitems; i++) {
			assert_int_equal(La.items[i].base, Lb.items[i].base);
			assert_int_equal(La.items[i].size, Lb.items[i].size);
			assert_int_equal(La.items[i].flags, Lb.items[i].flags);
		}
		assert_int_equal(La.nlog, Lb.nlog);
		assert_int_equal(a.err, 0);
		mx_rangeset_release(&a.scratch);
		mx_rangeset_release(&b.scratch);
		mx_layout_release(&La);
		mx_layout_release(&Lb);
	}
	mx_profile_release(&p);
}

/* ---- the regions saved so far (6.12 __reserved_mem_alloc_in_range()) ------------ */

static uint64_t saved_rng = 0x243f6a8885a308d3ULL;

static uint64_t saved_rnd(void)
{
	return tu_rnd(&saved_rng);
}

/* An address near 0, near 2^64 or near a multiple of 64: where the closed ends and the wrap meet. */
static uint64_t saved_addr(void)
{
	uint64_t v = saved_rnd() % 256;

	switch (saved_rnd() % 3) {
	case 0: return v;
	case 1: return UINT64_MAX - v;
	default: return (saved_rnd() % 64) * 64 + v % 8;
	}
}

/* The set against the kernel's loop over reserved_mem[] (base <= x <= base + size, the end wrapping). */
static void saved_set_is_the_loop(void **state)
{
	(void)state;
	for (int round = 0; round < 200; round++) {
		struct mxi_rmem_saved sv;
		struct mx_range r[40];
		size_t n = 1 + saved_rnd() % 40;

		mxi_rmem_saved_init(&sv);
		for (size_t k = 0; k < n; k++) {
			r[k].base = saved_addr();
			r[k].size = saved_rnd() % 4 ? saved_rnd() % 200 : saved_addr();
			assert_int_equal(mxi_rmem_saved_add(&sv, r[k].base, r[k].size), 0);
			for (int q = 0; q < 50; q++) {
				uint64_t x = saved_addr();
				bool want = false;

				for (size_t j = 0; j <= k; j++) {
					uint64_t b = r[j].base, e = b + r[j].size;

					if (x >= b && x <= e)
						want = true;
				}
				if (mxi_rmem_saved_holds(&sv, x) != want)
					fail_msg("round %d: %#" PRIx64 " is %sin the %zu saved regions", round,
						 x, want ? "" : "not ", k + 1);
			}
		}
		mxi_rmem_saved_release(&sv);
	}
}

/* The same, with the saved set in chunks from its first range. */
static void saved_set_in_chunks_is_the_loop(void **state)
{
	size_t from = mxi_rs_chunk_from;

	mxi_rs_chunk_from = 1;
	saved_set_is_the_loop(state);
	mxi_rs_chunk_from = from;
}

/* ---- the reserved-memory step's open sets: in chunks or in one array, the same layout ---- */

/*
 * A board with @n regions over 64 GiB (per 16: 7 statics on a grid, 2 of
 * them no-map, 1 a CMA pool; 9 dynamic, 1 no-map, 3 in alloc-ranges
 * windows, 2 CMA pools): enough allocations in memblock.reserved for the
 * open sets to be cut into chunks.
 */
static void big_board(struct mx_profile *p, size_t n, const char *kernel, uint64_t seed)
{
	const uint64_t mbase = 1ULL << 30, msize = 64ULL << 30, first = mbase + 512 * MiB;
	size_t nstatic = (n * 7 + 15) / 16, slot = 0;
	uint64_t stride;
	char name[48];

	tu_load_profile(p, "qemu-virt-arm64-6.1.yaml");
	assert_int_equal(mx_str_set(&p->kernel, kernel), 0);
	p->memory[0].base = mbase;
	p->memory[0].size = msize;
	p->nmemory = 1;
	if (!strcmp(kernel, "5.10"))
		p->kside.present = false;
	p->kside.memblock_memory = p->kside.memblock_reserved = (unsigned)(8 * n + 256);
	stride = (mbase + msize - first) / nstatic / (2 * MiB) * (2 * MiB);
	for (size_t i = 0; i < n; i++) {
		unsigned kind = (unsigned)(i % 16);
		struct mx_region *g;
		int r;

		snprintf(name, sizeof(name), "r%zu", i);
		assert_true((r = mx_profile_add_region(p, name)) >= 0);
		g = &p->regions[r];
		if (kind < 7) {
			uint64_t at = first + slot++ * stride, size = 64 * KiB << tu_rnd(&seed) % 4;

			if (kind == 6) {
				size = 4 * MiB;
				at = (at + 4 * MiB - 1) / (4 * MiB) * (4 * MiB);
				g->flags |= MX_REGION_REUSABLE;
				assert_int_equal(mx_region_set_compatible(g, "shared-dma-pool"), 0);
			} else {
				at += tu_rnd(&seed) % (stride - size) / (64 * KiB) * (64 * KiB);
				if (kind < 2)
					g->flags |= MX_REGION_NOMAP;
			}
			assert_non_null(g->reg = malloc(sizeof(*g->reg)));
			g->nreg = 1;
			g->reg[0].base = at;
			g->reg[0].size = size;
			continue;
		}
		g->has_size = true;
		g->size = 4 * KiB << tu_rnd(&seed) % 8;
		g->align = (uint64_t[]){ 0, 4 * KiB, 64 * KiB, MiB }[tu_rnd(&seed) % 4];
		if (kind == 7)
			g->flags |= MX_REGION_NOMAP;
		if (kind >= 8 && kind < 11) {
			assert_non_null(g->alloc_ranges = malloc(sizeof(*g->alloc_ranges)));
			g->nalloc_ranges = 1;
			g->alloc_ranges[0].base = kind == 8 ? 0 : mbase + (tu_rnd(&seed) % 60) * (1ULL << 30);
			g->alloc_ranges[0].size = 4ULL << 30;
		}
		if (kind >= 14) {
			g->size = 4 * MiB;
			g->align = 0;
			g->flags |= MX_REGION_REUSABLE;
			assert_int_equal(mx_region_set_compatible(g, "shared-dma-pool"), 0);
		}
	}
}

static void same_set(const char *what, const struct mx_rangeset *a, const struct mx_rangeset *b)
{
	tu_rangeset_check(a);
	if (a->cnt != b->cnt)
		fail_msg("%s: %zu ranges in chunks, %zu in one array", what, a->cnt, b->cnt);
	for (size_t i = 0; i < a->cnt; i++)
		if (a->r[i].base != b->r[i].base || a->r[i].size != b->r[i].size)
			fail_msg("%s: range %zu differs", what, i);
}

static void big_board_same_in_chunks(void **state)
{
	static const char *const kernels[] = { "6.1", "6.12", "5.10" };
	size_t from = mxi_rs_chunk_from;

	(void)state;
	for (size_t k = 0; k < sizeof(kernels) / sizeof(kernels[0]); k++) {
		struct mx_profile p;
		struct mx_layout a, b;
		size_t placed = 0;

		big_board(&p, 6000, kernels[k], 0x5eed + k);
		mx_layout_init(&a);
		mx_layout_init(&b);
		mxi_rs_chunk_from = MXI_RS_CHUNK_FROM;
		tu_compute(&a, &p);
		mxi_rs_chunk_from = SIZE_MAX; /* never in chunks */
		tu_compute(&b, &p);
		mxi_rs_chunk_from = from;
		assert_int_equal(a.nitems, b.nitems);
		for (size_t i = 0; i < a.nitems; i++) {
			const struct mx_item *x = &a.items[i], *y = &b.items[i];

			if (x->kind != y->kind || x->flags != y->flags || x->base != y->base || x->size != y->size)
				fail_msg("%s: item %zu (%s) differs", kernels[k], i, x->name);
			placed += (x->flags & MX_IF_PLACED) && (x->flags & MX_IF_DYNAMIC);
		}
		/* enough of them to have been in chunks */
		assert_true(a.reserved.cnt > MXI_RS_CHUNK_FROM);
		assert_true(placed > 2000);
		same_set("memory", &a.memory, &b.memory);
		same_set("reserved", &a.reserved, &b.reserved);
		same_set("nomap", &a.nomap, &b.nomap);
		same_set("buddy", &a.buddy, &b.buddy);
		assert_false(a.reserved.open || a.nomap.open);
		assert_int_equal(a.nlog, b.nlog);
		for (size_t i = 0; i < a.nlog; i += 97)
			assert_string_equal(mx_layout_logline(&a, i), mx_layout_logline(&b, i));
		assert_int_equal(a.sum.memtotal, b.sum.memtotal);
		mx_layout_release(&a);
		mx_layout_release(&b);
		mx_profile_release(&p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alloc_pages_as_one_by_one),
		cmocka_unit_test(saved_set_is_the_loop),
		cmocka_unit_test(saved_set_in_chunks_is_the_loop),
		cmocka_unit_test(big_board_same_in_chunks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
