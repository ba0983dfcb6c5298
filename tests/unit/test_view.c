/* test_view.c - the view-model: segments, rows, text cells, and the whole screen against goldens */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "memx/dt.h"
#include "memx/view.h"
#include "testutil.h"
#include "view_internal.h" /* mxi_screen_last_cost() */

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

/* @prof computed and its view built (view_close() releases the three). */
static void view_open(struct mx_profile *p, struct mx_layout *L, struct mx_view *v, const char *prof)
{
	tu_load_profile(p, prof);
	mx_layout_init(L);
	mx_view_init(v);
	tu_compute(L, p);
	assert_int_equal(mx_view_build(v, L), 0);
}

static void view_close(struct mx_profile *p, struct mx_layout *L, struct mx_view *v)
{
	mx_view_release(v);
	mx_layout_release(L);
	mx_profile_release(p);
}

/* At every zoom, each placed item either wins a row or is counted in one. */
static void rows_drop_nothing(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	struct mx_view v;

	(void)state;
	view_open(&p, &L, &v, "msm8937.yaml");
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
	view_close(&p, &L, &v);
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
	view_close(&p, &L, &v);
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
	view_open(&p, &L, &v, "msm8937.yaml");
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
	view_close(&p, &L, &v);
}

/* The row grid fills the rows there are: no half-empty bar (at most 4 significant bits, pages). */
static void fit_fills_the_rows(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	struct mx_view v;

	(void)state;
	view_open(&p, &L, &v, "msm8937.yaml");
	for (int rows = 1; rows <= 200; rows++) {
		uint64_t span = mx_view_fit_span(&v, 4096, rows), o = mx_view_origin(&v, span);
		uint64_t used = (v.end - o + span - 1) / span;
		unsigned bits = 0;

		assert_true(span % 4096 == 0);
		assert_true(o + span * (uint64_t)rows >= v.end);
		for (uint64_t x = span / (span & (~span + 1)); x; x >>= 1)
			bits++;
		assert_true(bits <= 4);
		/* 1 GiB in 56 rows used 32 rows with powers of two; now at least 7 rows in 8 */
		if (rows >= 8)
			assert_true(used * 8 >= (uint64_t)rows * 7 || span == 4096);
		assert_int_equal(mx_view_row_floor(&v, span, v.start + span + 1), o + span);
	}
	/* 1 GiB at 0x80000000 in 56 rows: 20 MiB rows, 52 of them */
	assert_int_equal(mx_view_fit_span(&v, 4096, 56), 20u << 20);
	view_close(&p, &L, &v);
}

/* mx_view_cells gives, cell by cell, what mx_view_dominant gives for the cell alone. */
static void cells_match_dominant(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	struct mx_view v;
	int cells[97];

	(void)state;
	view_open(&p, &L, &v, "msm8937.yaml");
	for (uint64_t span = 1u << 20; span <= (64u << 20); span += 3u << 20)
		for (uint64_t rb = v.start; rb < v.end; rb += span)
			for (int n = 1; n <= 97; n += 24) {
				mx_view_cells(&v, rb, span, n, cells);
				for (int x = 0; x < n; x++) {
					uint64_t cb = rb + span / (uint64_t)n * (uint64_t)x +
						      span % (uint64_t)n * (uint64_t)x / (uint64_t)n;
					uint64_t ce = rb + span / (uint64_t)n * (uint64_t)(x + 1) +
						      span % (uint64_t)n * (uint64_t)(x + 1) / (uint64_t)n;

					assert_int_equal(cells[x], mx_view_dominant(&v, cb, ce - cb));
				}
			}
	view_close(&p, &L, &v);
}

/* g ADDR: the item that owns the byte, never a neighbour that wins the row (issue 11, bug 1). */
static void item_at_address(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	struct mx_view v;
	int it;

	(void)state;
	view_open(&p, &L, &v, "msm8937.yaml");
	it = mx_screen_item_at(&v, 0x8c900000);
	assert_true(it >= 0);
	assert_string_equal(L.items[it].name, "wcnss_fw_region@0");
	it = mx_screen_item_at(&v, 0x8f800000);
	assert_string_equal(L.items[it].name, "venus_region@0");
	assert_int_equal(mx_screen_item_at(&v, 0xa0000000), -1); /* free memory */
	assert_int_equal(mx_screen_item_at(&v, 0x10000000), -1); /* outside DRAM */
	view_close(&p, &L, &v);
}

static void canvas_row(const struct mx_canvas *c, int y, char *out, size_t len)
{
	size_t k = 0;

	for (int x = 0; x < c->w && k + 4 < len; x++) {
		uint32_t ch = c->cells[(size_t)y * (size_t)c->w + (size_t)x].ch;

		if (ch < 0x80) {
			out[k++] = (char)ch;
		} else if (ch == 0x2026) {
			out[k++] = (char)0xe2;
			out[k++] = (char)0x80;
			out[k++] = (char)0xa6;
		} else if (ch) {
			out[k++] = '?';
		}
	}
	while (k && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
}

/* Names with control bytes are shown escaped, never sent raw; cut text ends in an ellipsis. */
static void text_is_escaped_and_elided(void **state)
{
	struct mx_canvas c = { 0 };
	char row[256];

	(void)state;
	c.w = 40;
	c.h = 1;
	c.cells = calloc(40, sizeof(*c.cells));
	assert_non_null(c.cells);
	mx_canvas_text(&c, 0, 0, 40, MX_VS_NORMAL, "evil\nname\x1b[2J\x7f\xff!");
	canvas_row(&c, 0, row, sizeof(row));
	assert_string_equal(row, "evil\\nname\\x1b[2J\\x7f\\xff!");
	assert_int_equal(mx_text_cols("a\tb"), 4);
	memset(c.cells, 0, 40 * sizeof(*c.cells));
	assert_int_equal(mx_canvas_text(&c, 0, 0, 10, MX_VS_NORMAL, "splash_region@83000000"), 10);
	canvas_row(&c, 0, row, sizeof(row));
	assert_string_equal(row, "splash_re\xe2\x80\xa6");
	c.ascii = true;
	mx_canvas_text(&c, 0, 0, 10, MX_VS_NORMAL, "splash_region@83000000");
	canvas_row(&c, 0, row, sizeof(row));
	assert_string_equal(row, "splash_re~");
	/* a character of two columns takes two cells */
	memset(c.cells, 0, 40 * sizeof(*c.cells));
	assert_int_equal(mx_canvas_text(&c, 0, 0, 40, MX_VS_NORMAL, "\xe6\x97\xa5x"), 3);
	assert_int_equal(c.cells[1].ch, 0);
	mx_canvas_release(&c);
}

/* One unit style: exact binary units, never rounded. */
static void units(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(mx_view_size(20u << 20, b, sizeof(b)), "20 MiB");
	assert_string_equal(mx_view_size(1784u << 10, b, sizeof(b)), "1784 KiB");
	assert_string_equal(mx_view_size(1536u << 20, b, sizeof(b)), "1536 MiB");
	assert_string_equal(mx_view_size(4435, b, sizeof(b)), "4435 B");
	assert_string_equal(mx_view_size(1ULL << 30, b, sizeof(b)), "1 GiB");
}

/* The details wrap at spaces: a number is never split (issue 11, bug 13). */
static void wrap_keeps_numbers_whole(void **state)
{
	struct mx_screen s;
	struct mx_profile p;
	struct mx_layout L;
	struct mx_view v;
	struct mx_buf out;

	(void)state;
	view_open(&p, &L, &v, "qemu-virt-arm64-6.1.yaml");
	assert_int_equal(mx_screen_init(&s), 0);
	s.W = 80;
	s.H = 24;
	s.L = s.base = &L;
	s.prof = &p;
	s.view = &v;
	s.gen = 1;
	s.filter = "";
	for (size_t i = 0; i < L.nitems; i++)
		if (!strcmp(L.items[i].name, "linear-map page tables"))
			s.sel = (int)i;
	assert_true(s.sel >= 0);
	mx_screen_layout(&s);
	s.span = mx_view_fit_span(&v, 4096, s.bar_rows);
	s.top = s.cur = mx_view_origin(&v, s.span);
	assert_int_equal(mx_screen_build(&s), 0);
	mx_buf_init(&out);
	assert_int_equal(mx_screen_dump(&s, &out), 0);
	/* every line of the "how" text ends at a word: no line ends in a digit followed on the next by one */
	{
		const char *t = out.buf;

		assert_non_null(strstr(t, "how"));
		for (const char *l = strstr(t, "how"); l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
			const char *e = strchr(l, '\n');

			if (!e || e == l)
				break;
			assert_false(e[-1] == '+' || e[-1] == '/');
		}
	}
	mx_buf_release(&out);
	mx_screen_release(&s);
	view_close(&p, &L, &v);
}

/* A check that fires twice for one cause is listed once; the title counts what the list shows. */
static void diagnostics_folded(void **state)
{
	struct mx_screen s;
	struct mx_profile p;
	struct mx_layout L;
	struct mx_view v;
	const char *y =
		"arch: arm64\nkernel: \"6.1\"\n"
		"memory: [{ base: 0x40000000, size: 256M }]\n"
		"reserved-memory:\n"
		"  - { name: odd, size: 4M, alignment: 0x3000 }\n";
	size_t align = 0;

	(void)state;
	tu_load_ok(&p, y);
	mx_layout_init(&L);
	mx_view_init(&v);
	tu_compute(&L, &p);
	assert_int_equal(mx_view_build(&v, &L), 0);
	assert_int_equal(mx_screen_init(&s), 0);
	s.W = 120;
	s.H = 40;
	s.L = s.base = &L;
	s.prof = &p;
	s.view = &v;
	s.gen = 1;
	s.filter = "";
	mx_screen_layout(&s);
	s.span = mx_view_fit_span(&v, 4096, s.bar_rows);
	s.top = s.cur = mx_view_origin(&v, s.span);
	assert_int_equal(mx_screen_build(&s), 0);
	for (size_t i = 0; i < s.ndiag; i++)
		align += s.diag[i].check && !strcmp(s.diag[i].check, "alignment");
	assert_int_equal(align, 1);
	assert_int_equal(s.nerrors, mx_diaglist_count(&L.diags, MX_SEV_ERROR));
	mx_screen_release(&s);
	view_close(&p, &L, &v);
}

/*
 * The golden screens: the view-model of a whole screen as text, at 80x24,
 * 120x40 and 200x60, for the built-in board, a 6.1 profile and a corpus
 * board. MEMX_GOLDEN_UPDATE=1 rewrites them (then read the diff).
 */
struct golden_case {
	const char *name;
	const char *input;   /* profiles/NAME, or corpus/NAME under ../shared */
	bool corpus;
	const char *select;  /* the item selected, by name */
	enum mx_page page;
};

static void repoint(struct mx_srcpos *pos, const char *old, const char *now)
{
	if (pos->file == old)
		pos->file = now;
}

/* Goldens must not hold this machine's paths: the input's name becomes @name. */
static void relabel(struct mx_profile *p, const char *name)
{
	char *old = p->source, *now = strdup(name);

	assert_non_null(now);
	repoint(&p->pos, old, now);
	for (size_t i = 0; i < p->nregions; i++)
		repoint(&p->regions[i].pos, old, now);
	for (size_t i = 0; i < p->nmemory; i++)
		repoint(&p->memory[i].pos, old, now);
	for (size_t i = 0; i < p->nearly; i++)
		repoint(&p->early[i].pos, old, now);
	repoint(&p->kernel_image.pos, old, now);
	repoint(&p->pgd.pos, old, now);
	repoint(&p->initrd.pos, old, now);
	repoint(&p->fdt.pos, old, now);
	repoint(&p->boot.pos, old, now);
	p->source = now;
	free(old);
}

/* A screen of @p (@L, @B and @v made here; the caller releases them) at WxH, @select selected. */
static void screen_open(struct mx_screen *s, struct mx_profile *p, struct mx_layout *L, struct mx_layout *B,
			struct mx_view *v, int W, int H, const char *select)
{
	static const char *const keys[] = { "?", "q" }, *const helps[] = { "help", "quit" };

	mx_layout_init(L);
	mx_layout_init(B);
	mx_view_init(v);
	tu_compute(L, p);
	tu_compute(B, p);
	assert_int_equal(mx_view_build(v, L), 0);
	assert_int_equal(mx_screen_init(s), 0);
	s->W = W;
	s->H = H;
	s->L = L;
	s->base = B;
	s->prof = p;
	s->view = v;
	s->gen = 1;
	s->board = p->name;
	s->filter = "";
	s->hints = " ? help  q quit";
	s->help_keys = keys;
	s->help_text = helps;
	s->nhelp = 2;
	s->costs_now = true;
	for (size_t i = 0; i < L->nitems; i++)
		if (select && !strcmp(L->items[i].name, select))
			s->sel = (int)i;
}

/* Release what screen_open() made, and @p. */
static void screen_close(struct mx_screen *s, struct mx_profile *p, struct mx_layout *L, struct mx_layout *B,
			 struct mx_view *v)
{
	mx_screen_release(s);
	mx_view_release(v);
	mx_layout_release(L);
	mx_layout_release(B);
	mx_profile_release(p);
}

/* The bar shows all of DRAM, its cursor on the selection (after mx_screen_layout). */
static void screen_place_bar(struct mx_screen *s, struct mx_view *v, struct mx_layout *L)
{
	s->span = mx_view_fit_span(v, L->params.page, s->bar_rows);
	s->top = mx_view_origin(v, s->span);
	s->cur = s->sel >= 0 ? mx_view_row_floor(v, s->span, L->items[s->sel].base) : s->top;
	s->point = v->start;
}

static void golden_screen(const struct golden_case *g, int W, int H)
{
	struct mx_screen s;
	struct mx_profile p;
	struct mx_layout L, B;
	struct mx_view v;
	struct mx_buf out;
	char path[512], rel[256], *want = NULL;
	size_t wlen = 0;

	if (g->corpus) {
		struct mx_diaglist d;
		struct mx_import_opts o = { 0 };
		struct stat st;

		snprintf(path, sizeof(path), "%s/corpus/%s", MEMX_SHARED_DIR, g->input);
		if (stat(path, &st)) {
			tu_shared_missing(path);
			return;
		}
		mx_diaglist_init(&d);
		mx_profile_init(&p);
		if (mx_profile_load_file(&p, path, &o, &d)) {
			mx_diaglist_release(&d);
			print_message("SKIPPED: %s does not load here (is dtc installed?)\n", path);
			skip();
		}
		mx_diaglist_release(&d);
		snprintf(rel, sizeof(rel), "corpus/%s", g->input);
		relabel(&p, rel);
	} else {
		tu_load_profile(&p, g->input);
		snprintf(rel, sizeof(rel), "profiles/%s", g->input);
		relabel(&p, rel);
	}
	screen_open(&s, &p, &L, &B, &v, W, H, g->select);
	s.source = rel;
	s.page = g->page;
	mx_screen_layout(&s);
	screen_place_bar(&s, &v, &L);
	assert_int_equal(mx_screen_build(&s), 0);
	mx_buf_init(&out);
	assert_int_equal(mx_screen_dump(&s, &out), 0);
	snprintf(rel, sizeof(rel), "tests/golden/view/%s-%dx%d.txt", g->name, W, H);
	if (getenv("MEMX_GOLDEN_UPDATE")) {
		FILE *f = fopen(tu_src_path(rel), "w");

		assert_non_null(f);
		assert_int_equal(fwrite(out.buf, 1, out.len, f), out.len);
		fclose(f);
		print_message("rewrote %s\n", rel);
	} else if (mx_file_read(tu_src_path(rel), &want, &wlen) || wlen != out.len ||
		   memcmp(want, out.buf, wlen)) {
		print_error("%s differs from the screen the view-model builds; the screen is:\n%s\n"
			    "(MEMX_GOLDEN_UPDATE=1 build/tests/test_view rewrites it; read the diff)\n", rel, out.buf);
		fail();
	}
	free(want);
	mx_buf_release(&out);
	screen_close(&s, &p, &L, &B, &v);
}

static const struct golden_case goldens[] = {
	{ "msm8937", "msm8937.yaml", false, "secure_region@0", MX_PAGE_MAP },
	{ "virt-arm64-6.1", "qemu-virt-arm64-6.1.yaml", false, "linear-map page tables", MX_PAGE_MAP },
	{ "sm8550", "sm8550-sony-xperia-yodo-pdx234.dts", true, "hyp-region@80000000", MX_PAGE_MAP },
};

static void golden_screens(void **state)
{
	static const int sizes[][2] = { { 80, 24 }, { 120, 40 }, { 200, 60 } };

	(void)state;
	for (size_t k = 0; k < sizeof(goldens) / sizeof(goldens[0]); k++)
		for (size_t i = 0; i < 3; i++)
			golden_screen(&goldens[k], sizes[i][0], sizes[i][1]);
}

/* The pages: the legend, the table and the diagnostics list. */
static void golden_pages(void **state)
{
	static const struct golden_case pages[] = {
		{ "msm8937-legend", "msm8937.yaml", false, NULL, MX_PAGE_LEGEND },
		{ "msm8937-table", "msm8937.yaml", false, "secure_region@0", MX_PAGE_TABLE },
		{ "sm8550-diags", "sm8550-sony-xperia-yodo-pdx234.dts", true, NULL, MX_PAGE_DIAGS },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(pages) / sizeof(pages[0]); k++)
		golden_screen(&pages[k], 80, 24);
}

/* Pages share one canvas: the table after the legend is drawn whole; the legend scrolls no further than its end. */
static void pages_share_a_canvas(void **state)
{
	static const enum mx_page seq[] = { MX_PAGE_LEGEND, MX_PAGE_TABLE, MX_PAGE_HELP, MX_PAGE_TABLE, MX_PAGE_LEGEND };
	struct mx_screen s;
	struct mx_profile p;
	struct mx_layout L, B;
	struct mx_view v;

	(void)state;
	tu_load_profile(&p, "msm8937.yaml");
	screen_open(&s, &p, &L, &B, &v, 80, 24, NULL);
	for (size_t k = 0; k < sizeof(seq) / sizeof(seq[0]); k++) {
		struct mx_buf out;

		s.page = seq[k];
		s.help_top = 1000;  /* End on the legend */
		mx_screen_layout(&s);
		screen_place_bar(&s, &v, &L);
		assert_int_equal(mx_screen_build(&s), 0);
		mx_buf_init(&out);
		assert_int_equal(mx_screen_dump(&s, &out), 0);
		if (seq[k] == MX_PAGE_TABLE) {
			assert_non_null(strstr(out.buf, "Regions: "));
			assert_non_null(strstr(out.buf, "swapper_pg_dir"));
			assert_null(strstr(out.buf, "Legend"));
		} else if (seq[k] == MX_PAGE_LEGEND) {
			/* scrolled to the end, and the end is on the screen */
			assert_true(s.help_top > 0 && s.help_top < 1000);
			assert_non_null(strstr(out.buf, "observed"));
			assert_null(strstr(out.buf, "Regions: "));
		}
		mx_buf_release(&out);
	}
	screen_close(&s, &p, &L, &B, &v);
}

/*
 * The table sorted by cost (either way): regions with a cost first, then the
 * rest by address, unplaced last. The rest once compared keys never set
 * (valgrind: a jump on uninitialised values), so their order was chance.
 */
static void table_by_cost_rest_by_address(void **state)
{
	struct mx_screen s;
	struct mx_profile p;
	struct mx_layout L, B;
	struct mx_view v;

	(void)state;
	tu_load_profile(&p, "msm8937.yaml");
	screen_open(&s, &p, &L, &B, &v, 120, 40, NULL);
	s.page = MX_PAGE_TABLE;
	s.sort = MX_SORT_COST;
	for (int desc = 0; desc < 2; desc++) {
		size_t first_rest = SIZE_MAX, rest = 0;

		s.sort_desc = desc;
		s.gen++;
		mx_screen_layout(&s);
		screen_place_bar(&s, &v, &L);
		assert_int_equal(mx_screen_build(&s), 0);
		assert_true(s.ntable > 0);
		for (size_t i = 0; i < s.ntable; i++) {
			const struct mx_item *it = &L.items[s.table[i]];
			int64_t c;
			bool costed = it->region >= 0 && mxi_screen_last_cost(&s, it->region, &c);

			if (!costed && first_rest == SIZE_MAX)
				first_rest = i;
			assert_true(costed || first_rest <= i);
			assert_false(costed && first_rest != SIZE_MAX);
		}
		assert_true(first_rest != SIZE_MAX);
		for (size_t i = first_rest + 1; i < s.ntable; i++) {
			const struct mx_item *a = &L.items[s.table[i - 1]], *b = &L.items[s.table[i]];
			uint64_t ka = a->flags & MX_IF_PLACED ? a->base : UINT64_MAX;
			uint64_t kb = b->flags & MX_IF_PLACED ? b->base : UINT64_MAX;

			assert_true(ka < kb || (ka == kb && s.table[i - 1] < s.table[i]));
			rest++;
		}
		assert_true(rest > 3);
	}
	screen_close(&s, &p, &L, &B, &v);
}

/* A yes/no question too long for one row keeps its two rows on the frames that follow (idle frames). */
static void long_question_keeps_two_rows(void **state)
{
	static const char q[] = "mycma is not compatible with \"shared-dma-pool\": reusable alone makes no CMA pool. "
				"Make it a CMA pool (compatible, reusable)? y: yes, n: only reusable";
	struct mx_screen s;
	struct mx_profile p;
	struct mx_layout L, B;
	struct mx_view v;

	(void)state;
	tu_load_profile(&p, "msm8937.yaml");
	screen_open(&s, &p, &L, &B, &v, 80, 24, NULL);
	s.prompt = s.yesno = true;
	s.question = q;
	for (int frame = 0; frame < 2; frame++) {
		struct mx_buf out;
		const char *last;

		mx_screen_layout(&s);
		screen_place_bar(&s, &v, &L);
		assert_int_equal(mx_screen_build(&s), 0);
		mx_buf_init(&out);
		assert_int_equal(mx_screen_dump(&s, &out), 0);
		/* the question starts on the second last row */
		last = out.buf;
		for (int row = 0; row < s.H - 2; row++) {
			last = strchr(last, '\n');
			assert_non_null(last);
			last++;
		}
		assert_true(!strncmp(last, "mycma is not", 12));
		mx_buf_release(&out);
	}
	screen_close(&s, &p, &L, &B, &v);
}

/*
 * One description of a placement for the report ([start-end)) and the
 * explorer ([first-last]): each kind of window, the alignment, the outcomes.
 */
static void how_placed_both_forms(void **state)
{
	static const struct {
		int window;
		uint64_t lo, hi, align;
		unsigned flags;
		const char *report, *explorer;
	} t[] = {
		{ -1, 0, 0, 0, 0, "static", "static" },
		{ -1, 0, 0, 0x400000, MX_IF_DYNAMIC, "top-down, align 0x400000", "top-down, align 0x400000" },
		{ 2, 0x80000000, 0x90000000, 0, MX_IF_DYNAMIC,
		  "top-down in alloc-ranges #2 [0x80000000-0x90000000)",
		  "top-down in alloc-ranges #2 [0x80000000-0x8fffffff]" },
		{ -1, 0x1000, 0x2000, 0, MX_IF_DYNAMIC, "top-down in [0x1000-0x2000)", "top-down in [0x1000-0x1fff]" },
		{ -1, 0x1000, UINT64_MAX, 0, MX_IF_DYNAMIC, "top-down above 0x1000", "top-down above 0x1000" },
		{ -1, 0, 0x40000000, 0, MX_IF_DYNAMIC, "top-down below 0x40000000", "top-down below 0x40000000" },
		{ -1, 0, 0, 0, MX_IF_GIVEN_BACK | MX_IF_CMA_FAILED | MX_IF_OUTSIDE,
		  "static; init failed, given back; not CMA; outside memory",
		  "static; init failed, given back; not CMA; outside memory" },
	};
	struct mx_buf b;

	(void)state;
	mx_buf_init(&b);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct mx_item it = { 0 };

		it.window = t[i].window;
		it.win_lo = t[i].lo;
		it.win_hi = t[i].hi;
		it.align = t[i].align;
		it.flags = t[i].flags;
		mx_buf_clear(&b);
		assert_int_equal(mx_item_how_placed(&it, false, &b), 0);
		assert_string_equal(b.buf, t[i].report);
		mx_buf_clear(&b);
		assert_int_equal(mx_item_how_placed(&it, true, &b), 0);
		assert_string_equal(b.buf, t[i].explorer);
	}
	mx_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(segments_of_every_profile),
		cmocka_unit_test(rows_drop_nothing),
		cmocka_unit_test(kinds_and_priorities),
		cmocka_unit_test(item_order),
		cmocka_unit_test(fit_fills_the_rows),
		cmocka_unit_test(cells_match_dominant),
		cmocka_unit_test(item_at_address),
		cmocka_unit_test(text_is_escaped_and_elided),
		cmocka_unit_test(units),
		cmocka_unit_test(wrap_keeps_numbers_whole),
		cmocka_unit_test(diagnostics_folded),
		cmocka_unit_test(golden_screens),
		cmocka_unit_test(golden_pages),
		cmocka_unit_test(pages_share_a_canvas),
		cmocka_unit_test(long_question_keeps_two_rows),
		cmocka_unit_test(how_placed_both_forms),
		cmocka_unit_test(table_by_cost_rest_by_address),
	};

	return tu_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
