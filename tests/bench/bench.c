/* bench.c - how long one recompute and one frame's view-model take (the TUI does both per key); not a test */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "memx/layout.h"
#include "memx/profile.h"
#include "memx/view.h"

#include "benchutil.h"

/* wall time: the explorer's user waits for it */
static double now(void)
{
	return bench_seconds(CLOCK_MONOTONIC);
}

/*
 * What the explorer does for one frame after a recompute, on a 200x60
 * terminal: rebuild the segments, cut the whole span into 56 bar rows and
 * pick the dominant segment of each of 40 cells per row (ui/app.c,
 * ui/pane_bar.c).
 */
enum { FRAME_ROWS = 56, FRAME_CELLS = 40 };

static int frame(struct mx_view *v, const struct mx_layout *L, struct mx_row *rows)
{
	uint64_t span, cell;
	int sum = 0;

	if (mx_view_build(v, L))
		return -1;
	span = (v->end - v->start + FRAME_ROWS - 1) / FRAME_ROWS;
	cell = span / FRAME_CELLS ? span / FRAME_CELLS : 1;
	mx_view_rows(v, L, v->start, span, FRAME_ROWS, rows);
	for (size_t r = 0; r < FRAME_ROWS; r++)
		for (uint64_t x = 0; x < FRAME_CELLS; x++)
			sum += mx_view_dominant(v, rows[r].base + x * cell, cell);
	return sum == -2 ? 1 : 0; /* keep the loop from being optimised away */
}

/* Time @iters recomputes of @p into one reused layout, then @iters frames; medians of 5 runs. */
static void bench(const char *what, const struct mx_profile *p, int iters)
{
	struct mx_layout L;
	struct mx_view v;
	struct mx_row rows[FRAME_ROWS];
	double runs[5], fruns[5], compute_us;

	mx_layout_init(&L);
	mx_view_init(&v);
	for (int r = 0; r < 5; r++) {
		double t0 = now();

		for (int i = 0; i < iters; i++)
			if (mx_layout_compute(&L, p)) {
				fprintf(stderr, "compute failed\n");
				exit(1);
			}
		runs[r] = (now() - t0) / iters;
	}
	compute_us = bench_median5(runs) * 1e6;
	for (int r = 0; r < 5; r++) {
		double t0 = now();

		for (int i = 0; i < iters; i++)
			if (frame(&v, &L, rows) < 0) {
				fprintf(stderr, "view failed\n");
				exit(1);
			}
		fruns[r] = (now() - t0) / iters;
	}
	printf("%-34s %9.1f us recompute %9.1f us frame (median of 5 x %d; %zu items, %zu segments)\n",
	       what, compute_us, bench_median5(fruns) * 1e6, iters, L.nitems, v.nseg);
	mx_view_release(&v);
	mx_layout_release(&L);
}

/* A synthetic board: @n static and dynamic carve-outs on 4 GiB of arm64. */
static int synthetic(struct mx_profile *p, size_t n)
{
	char name[32];

	mx_profile_init(p);
	p->arch = MX_ARCH_ARM64;
	if (mx_str_set(&p->kernel, "5.10") || mx_str_set(&p->name, "synthetic"))
		return -1;
	p->memory = calloc(1, sizeof(*p->memory));
	if (!p->memory)
		return -1;
	p->nmemory = 1;
	p->memory[0].base = 0x80000000;
	p->memory[0].size = 4ULL << 30;
	p->kernel_image.size = 32u << 20;
	for (size_t i = 0; i < n; i++) {
		int r;
		struct mx_region *g;

		snprintf(name, sizeof(name), "region@%zx", i);
		if ((r = mx_profile_add_region(p, name)) < 0)
			return -1;
		g = &p->regions[r];
		if (i % 2) {
			g->has_size = true;
			g->size = 64u << 10;
			g->align = 4096;
		} else {
			g->reg = malloc(sizeof(*g->reg));
			if (!g->reg)
				return -1;
			g->nreg = 1;
			g->reg[0].base = 0x100000000ULL + i * (256u << 10);
			g->reg[0].size = 128u << 10;
			g->flags = i % 4 ? 0 : MX_REGION_NOMAP;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct mx_profile p;
	struct mx_diaglist d;
	const char *src = argc > 1 ? argv[1] : ".";
	static const char *const profiles[] = {
		"msm8937.yaml", "riscv64-128m-flat.yaml", "riscv64-128m-sparse.yaml",
		"qemu-virt-arm64-6.1.yaml", "qemu-virt-armhf-lpae-6.1.yaml",
	};

	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/profiles/%s", src, profiles[i]);
		mx_diaglist_init(&d);
		mx_profile_init(&p);
		if (mx_profile_load_yaml_file(&p, path, &d)) {
			fprintf(stderr, "cannot load %s\n", path);
			return 1;
		}
		bench(profiles[i], &p, 2000);
		mx_profile_release(&p);
		mx_diaglist_release(&d);
	}
	for (size_t n = 100; n <= 10000; n *= 10) {
		char what[64];

		if (synthetic(&p, n)) {
			fprintf(stderr, "out of memory\n");
			return 1;
		}
		snprintf(what, sizeof(what), "synthetic arm64, %zu regions", n);
		bench(what, &p, n >= 10000 ? 5 : n >= 1000 ? 50 : 500);
		mx_profile_release(&p);
	}
	return 0;
}
