/*
 * bench_scale.c - how recompute scales with the number of /reserved-memory
 * regions (issue 15, "Scale"); a program, not a test.
 *
 *   build/tests/memx_bench_scale [SRCDIR [--write DIR] [--min N] [--max N] [--runs R]
 *                                [--kernel K] [--hash]]
 *
 * For N = 1k, 10k and 100k it builds arm64 boards with 1 TiB of DRAM and N
 * /reserved-memory children (static carve-outs, some no-map, static and
 * dynamic CMA pools, dynamic regions with and without alloc-ranges) on the
 * 6.1 flavour (no-map marked, kernel-side models on, from
 * profiles/qemu-virt-arm64-6.1.yaml) and on 5.10 (no-map removed from
 * memblock.memory), and on 6.12 (the 6.1 board under the 6.12 rules:
 * dynamic regions in DT order, statics initialised late). For each it prints the median of 5 recomputes
 * (mx_layout_compute into one reused layout) in CPU time, and per region
 * the peak heap of one recompute into a fresh layout and what the layout
 * keeps afterwards.
 *
 * Heap is counted by replacing malloc & co. in this program (glibc lets a
 * program interpose them; the engine's calls land here). Sanitizer builds
 * own malloc themselves: there the heap columns say n/a.
 *
 * A board whose recompute takes more than 10 s is timed once.
 * --kernel 6.12, 6.1 or 5.10 runs only that flavour; --min N starts at N regions.
 * --runs R makes each of the 5 timed runs R recomputes (default 10 at 1k, 2
 * at 10k, 1 at 100k): more samples for a profiler.
 * --hash prints two digests per board: where everything went (items and the
 * final memblock sets) and everything the layout holds that memx prints or
 * shows (every field of every item, stage, zone and fixup, the summary, every
 * log line's text, kind and item, every diagnostic), so that two builds can
 * be shown to compute the same layout byte for byte.
 * --write DIR saves each generated profile as YAML (for `memx report`).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "memx/layout.h"
#include "memx/profile.h"

#include "benchutil.h"

#if defined(__SANITIZE_ADDRESS__)
#define BENCH_NO_HEAP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define BENCH_NO_HEAP 1
#endif
#endif

#ifndef BENCH_NO_HEAP
#include <malloc.h>

/* glibc's own entry points, exported for exactly this use */
void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t sz);
void *__libc_realloc(void *p, size_t n);
void *__libc_memalign(size_t align, size_t n);
void __libc_free(void *p);

void *malloc(size_t n);
void *calloc(size_t n, size_t sz);
void *realloc(void *p, size_t n);
void free(void *p);
void *memalign(size_t align, size_t n);
void *aligned_alloc(size_t align, size_t n);
int posix_memalign(void **out, size_t align, size_t n);

static size_t heap_now, heap_peak;

static void *counted(void *p)
{
	if (p) {
		heap_now += malloc_usable_size(p);
		if (heap_now > heap_peak)
			heap_peak = heap_now;
	}
	return p;
}

static void uncount(void *p)
{
	if (p)
		heap_now -= malloc_usable_size(p);
}

void *malloc(size_t n)
{
	return counted(__libc_malloc(n));
}

void *calloc(size_t n, size_t sz)
{
	return counted(__libc_calloc(n, sz));
}

void *realloc(void *p, size_t n)
{
	size_t old = p ? malloc_usable_size(p) : 0;
	void *q = __libc_realloc(p, n);

	if (!q)
		return NULL; /* p is intact (or n was 0 and p is gone: then it was freed) */
	heap_now -= old;
	return counted(q);
}

void free(void *p)
{
	uncount(p);
	__libc_free(p);
}

void *memalign(size_t align, size_t n)
{
	return counted(__libc_memalign(align, n));
}

void *aligned_alloc(size_t align, size_t n)
{
	return counted(__libc_memalign(align, n));
}

int posix_memalign(void **out, size_t align, size_t n)
{
	void *p = __libc_memalign(align, n);

	if (!p)
		return 12; /* ENOMEM */
	*out = counted(p);
	return 0;
}

/* Start a measurement: the peak restarts from what is live now. */
static size_t heap_mark(void)
{
	heap_peak = heap_now;
	return heap_now;
}

static size_t heap_peak_since(size_t mark)
{
	return heap_peak - mark;
}

static size_t heap_live_since(size_t mark)
{
	return heap_now - mark;
}
#define HEAP_KNOWN 1
#else
static size_t heap_mark(void)
{
	return 0;
}

static size_t heap_peak_since(size_t mark)
{
	(void)mark;
	return 0;
}

static size_t heap_live_since(size_t mark)
{
	(void)mark;
	return 0;
}
#define HEAP_KNOWN 0
#endif

/* CPU time of this process: a shared machine's other jobs do not count (bench.c takes wall time) */
static double now(void)
{
	return bench_seconds(CLOCK_PROCESS_CPUTIME_ID);
}

/* FNV-1a over 64-bit words: a digest of where everything went. */
static uint64_t fnv(uint64_t h, uint64_t x)
{
	for (int i = 0; i < 8; i++) {
		h ^= (x >> (8 * i)) & 0xff;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t set_digest(uint64_t h, const struct mx_rangeset *rs)
{
	h = fnv(h, rs->cnt);
	for (size_t i = 0; i < rs->cnt; i++)
		h = fnv(fnv(h, rs->r[i].base), rs->r[i].size);
	return h;
}

static uint64_t str_digest(uint64_t h, const char *t)
{
	if (!t)
		return fnv(h, 0x6e756c6cULL); /* "null" */
	for (; *t; t++)
		h = fnv(h, (unsigned char)*t);
	return fnv(h, 0);
}

/* Where everything went: the items' places and the final memblock sets. */
static uint64_t place_digest(const struct mx_layout *L)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < L->nitems; i++) {
		const struct mx_item *it = &L->items[i];

		h = fnv(fnv(fnv(fnv(h, (uint64_t)it->kind), it->flags), it->base), it->size);
	}
	h = set_digest(h, &L->dram);
	h = set_digest(h, &L->memory);
	h = set_digest(h, &L->reserved);
	h = set_digest(h, &L->nomap);
	return set_digest(h, &L->buddy);
}

static uint64_t counters_digest(uint64_t h, const struct mx_counters *k)
{
	return fnv(fnv(fnv(fnv(fnv(h, k->memory), k->reserved), k->totalram), k->cma), k->highram);
}

/* Everything the layout holds that a report, the JSON or the explorer shows. */
static uint64_t all_digest(const struct mx_layout *L)
{
	const struct mx_summary *s = &L->sum;
	uint64_t h = place_digest(L);

	h = fnv(h, L->nitems);
	for (size_t i = 0; i < L->nitems; i++) {
		const struct mx_item *it = &L->items[i];

		h = str_digest(h, it->name);
		h = fnv(fnv(fnv(fnv(h, it->want), (uint64_t)it->region), (uint64_t)it->early),
			(uint64_t)it->step);
		h = fnv(fnv(fnv(fnv(h, (uint64_t)it->window), it->win_lo), it->win_hi), it->align);
	}
	h = fnv(h, L->nstages);
	for (size_t i = 0; i < L->nstages; i++) {
		const struct mx_stage *st = &L->stages[i];

		h = counters_digest(fnv(fnv(fnv(h, (uint64_t)st->step), st->log_first), st->log_count),
				    &st->after);
	}
	h = fnv(h, L->nzones);
	for (size_t i = 0; i < L->nzones; i++) {
		const struct mx_zone *z = &L->zones[i];

		h = fnv(fnv(fnv(str_digest(h, z->name), z->highmem), z->start_pfn), z->end_pfn);
		h = fnv(fnv(fnv(fnv(h, z->spanned), z->present), z->memmap_pages), z->managed);
	}
	h = fnv(h, L->nfixups);
	for (size_t i = 0; i < L->nfixups; i++) {
		const struct mx_fixup *f = &L->fixups[i];

		h = fnv(fnv(fnv(fnv(h, (uint64_t)f->item), f->keep_base), f->keep_size), f->memmap_base);
		h = fnv(fnv(fnv(h, f->memmap_size), f->tail_base), f->tail_size);
	}
	h = fnv(fnv(fnv(fnv(fnv(fnv(h, s->dram), s->physpages), s->available), s->reserved),
		    s->cma_reserved), s->highmem_free);
	h = fnv(fnv(fnv(fnv(fnv(h, s->memtotal), s->lowtotal), s->hightotal), s->cmatotal),
		s->has_highmem);
	h = fnv(fnv(fnv(fnv(fnv(h, s->lowmem_limit), s->vmalloc_total), s->memmap_bytes),
		    s->memmap_alloc), s->memmap_base);
	h = fnv(fnv(fnv(fnv(fnv(h, s->memmap_unused_freed), s->memmap_pages), s->sparse_roots),
		    s->init_freed), s->initrd_freed);
	h = fnv(h, L->nlog);
	for (size_t i = 0; i < L->nlog; i++)
		h = str_digest(fnv(fnv(h, (uint64_t)L->log[i].kind), (uint64_t)L->log[i].item),
			       mx_layout_logline(L, i));
	h = fnv(h, L->diags.cnt);
	for (size_t i = 0; i < L->diags.cnt; i++) {
		const struct mx_diag *d = &L->diags.d[i];

		h = str_digest(str_digest(fnv(h, (uint64_t)d->sev), d->check), d->file);
		h = str_digest(fnv(fnv(fnv(h, (uint64_t)d->line), (uint64_t)d->col), (uint64_t)d->region),
			       d->msg);
	}
	return h;
}

/* xorshift64*: the same board on every run and every build */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static uint64_t pick(uint64_t *s, uint64_t lo, uint64_t hi)
{
	return lo + rnd(s) % (hi - lo + 1);
}

#define KIB(x) ((uint64_t)(x) << 10)
#define MIB(x) ((uint64_t)(x) << 20)
#define GIB(x) ((uint64_t)(x) << 30)

static int set_reg(struct mx_region *g, uint64_t base, uint64_t size)
{
	if (!(g->reg = malloc(sizeof(*g->reg))))
		return -1;
	g->nreg = 1;
	g->reg[0].base = base;
	g->reg[0].size = size;
	return 0;
}

static int set_cma(struct mx_region *g)
{
	g->flags |= MX_REGION_REUSABLE;
	return mx_region_set_compatible(g, "shared-dma-pool");
}

/*
 * The board: @base_profile (qemu-virt-arm64-6.1) with 1 TiB at 0x40000000
 * and @n children. Statics sit one per slot of a grid over all of DRAM
 * above the kernel, initrd and DTB (so dynamic regions must fit between
 * them, top-down, in fragmented memory); per 16 children:
 *   5 static carve-outs (64K-2M), 2 of them no-map
 *   2 static CMA pools (4-8M at 4M)
 *   4 dynamic (4K-1M, align 0/4K/64K/1M), 1 of them no-map
 *   3 dynamic in alloc-ranges (below 4 GiB, or a random 8 GiB window)
 *   2 dynamic CMA pools (4-16M)
 * and one carve-out in 4096 is freed late by its driver (a splash screen).
 */
static int scale_board(struct mx_profile *p, const struct mx_profile *base_profile, size_t n,
		       const char *kernel)
{
	const uint64_t mbase = GIB(1), msize = GIB(1024), first = mbase + MIB(512);
	size_t nstatic = (n * 7 + 15) / 16, slot = 0;
	uint64_t stride, seed = 0x9e3779b97f4a7c15ULL ^ n;
	unsigned arrays = 256;
	char name[48];

	if (mx_profile_copy(p, base_profile) || mx_str_set(&p->kernel, kernel))
		return -1;
	snprintf(name, sizeof(name), "scale-%zu-%s", n, kernel);
	if (mx_str_set(&p->name, name))
		return -1;
	p->memory[0].base = mbase;
	p->memory[0].size = msize;
	p->nmemory = 1;
	if (!strcmp(kernel, "5.10"))
		p->kside.present = false; /* 5.10 has no kernel-side models */
	/* room in memblock's arrays for every region from the start (they cannot grow before paging_init) */
	while (arrays < 4 * n + 256)
		arrays *= 2;
	p->kside.memblock_memory = arrays;
	p->kside.memblock_reserved = arrays;
	stride = mx_round_down((mbase + msize - first) / (nstatic ? nstatic : 1), MIB(2));
	for (size_t i = 0; i < n; i++) {
		unsigned kind = (unsigned)(i % 16);
		struct mx_region *g;
		int r;

		snprintf(name, sizeof(name), "r%zu@%zx", i, i);
		if ((r = mx_profile_add_region(p, name)) < 0)
			return -1;
		g = &p->regions[r];
		if (kind < 7) {
			uint64_t at = first + slot++ * stride, size;

			if (kind < 5) {
				size = KIB(64) << pick(&seed, 0, 5);
				at += mx_round_down(pick(&seed, 0, stride - size), KIB(64));
				if (kind < 2)
					g->flags |= MX_REGION_NOMAP;
				else if (i % 4096 == 4)
					g->flags |= MX_REGION_FREED_LATE;
			} else {
				/* aligned for every flavour (MAX_ORDER - 1 blocks: 4M), as boards give them */
				size = MIB(4) * pick(&seed, 1, 2);
				at = mx_round_up(at, MIB(4)) +
					mx_round_down(pick(&seed, 0, stride - size - MIB(4)), MIB(4));
				if (set_cma(g))
					return -1;
			}
			if (set_reg(g, at, size))
				return -1;
			continue;
		}
		g->has_size = true;
		if (kind < 11) {
			static const uint64_t aligns[4] = { 0, KIB(4), KIB(64), MIB(1) };

			g->size = KIB(4) << pick(&seed, 0, 8);
			g->align = aligns[pick(&seed, 0, 3)];
			if (kind == 10)
				g->flags |= MX_REGION_NOMAP;
		} else if (kind < 14) {
			g->size = KIB(64) << pick(&seed, 0, 4);
			g->align = KIB(64);
			if (!(g->alloc_ranges = malloc(2 * sizeof(*g->alloc_ranges))))
				return -1;
			g->nalloc_ranges = 1;
			if (kind == 11) {
				g->alloc_ranges[0].base = 0;
				g->alloc_ranges[0].size = GIB(4);
			} else {
				g->alloc_ranges[0].base = mbase + GIB(8) * pick(&seed, 0, msize / GIB(8) - 1);
				g->alloc_ranges[0].size = GIB(8);
				g->alloc_ranges[1].base = mbase;
				g->alloc_ranges[1].size = msize;
				g->nalloc_ranges = 2;
			}
		} else {
			g->size = MIB(4) * pick(&seed, 1, 4);
			if (set_cma(g))
				return -1;
		}
	}
	return 0;
}

struct result {
	double compute_ms;
	size_t compute_heap, retained;
	size_t nitems, nlog, failed;
	uint64_t place, all;
	bool single; /* one run, not a median of 5 */
};

static int measure(const struct mx_profile *p, int runs_of, struct result *res)
{
	struct mx_layout L;
	double runs[5];
	size_t mark;

	memset(res, 0, sizeof(*res));
	/* heap of one recompute into a fresh layout: what the layout keeps and the scratch on top */
	mx_layout_init(&L);
	mark = heap_mark();
	if (mx_layout_compute(&L, p))
		return -1;
	res->compute_heap = heap_peak_since(mark);
	res->retained = heap_live_since(mark);
	for (int r = 0; r < 5; r++) {
		double t0 = now();

		for (int i = 0; i < runs_of; i++)
			if (mx_layout_compute(&L, p))
				return -1;
		runs[r] = (now() - t0) / runs_of;
		if (runs[r] > 10.0) {
			/* minutes per board: one run says enough */
			runs[0] = runs[1] = runs[2] = runs[3] = runs[4] = runs[r];
			res->single = true;
			break;
		}
	}
	res->compute_ms = bench_median5(runs) * 1e3;
	res->nitems = L.nitems;
	res->nlog = L.nlog;
	for (size_t i = 0; i < L.nitems; i++)
		if (L.items[i].flags & MX_IF_FAILED)
			res->failed++;
	res->place = place_digest(&L);
	res->all = all_digest(&L);
	mx_layout_release(&L);
	return 0;
}

static int write_profile(const struct mx_profile *p, const char *dir)
{
	struct mx_buf b;
	char path[4096];
	int r;

	mx_buf_init(&b);
	snprintf(path, sizeof(path), "%s/%s.yaml", dir, p->name);
	r = mx_profile_write_yaml(p, &b) ? -1 :
		mx_file_write_atomic(path, b.buf ? b.buf : "", b.len, true) ? -1 : 0;
	mx_buf_release(&b);
	if (!r)
		printf("  wrote %s\n", path);
	return r;
}

static void heap_col(char *out, size_t len, size_t bytes, size_t n)
{
	if (HEAP_KNOWN)
		snprintf(out, len, "%8.0f B", (double)bytes / (double)n);
	else
		snprintf(out, len, "%10s", "n/a");
}

int main(int argc, char **argv)
{
	const char *src = argc > 1 ? argv[1] : ".", *dir = NULL, *only = NULL;
	static const char *const kernels[] = { "6.12", "6.1", "5.10" };
	struct mx_profile base, p;
	struct mx_diaglist d;
	char path[4096];
	size_t max = 100000, min = 1000, runs = 0;
	bool hash = false;

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--write") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--max") && i + 1 < argc)
			max = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--min") && i + 1 < argc)
			min = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--kernel") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--hash"))
			hash = true;
		else {
			fprintf(stderr, "usage: %s [SRCDIR [--write DIR] [--min N] [--max N] [--runs R] "
				"[--kernel K] [--hash]]\n",
				argv[0]);
			return 2;
		}
	}
	snprintf(path, sizeof(path), "%s/profiles/qemu-virt-arm64-6.1.yaml", src);
	mx_diaglist_init(&d);
	mx_profile_init(&base);
	if (mx_profile_load_yaml_file(&base, path, &d)) {
		fprintf(stderr, "cannot load %s\n", path);
		return 1;
	}
	mx_diaglist_release(&d);
	printf("%-22s %10s %12s %12s %8s %8s %7s%s\n", "board", "recompute", "peak/region",
	       "kept/region", "items", "log", "failed", hash ? "  digest (placement, everything)" : "");
	for (size_t k = 0; k < sizeof(kernels) / sizeof(kernels[0]); k++)
		for (size_t n = min; n <= max && (!only || !strcmp(only, kernels[k])); n *= 10) {
			struct result res;
			char h1[32], h2[32];

			mx_profile_init(&p);
			if (scale_board(&p, &base, n, kernels[k])) {
				fprintf(stderr, "out of memory\n");
				return 1;
			}
			if (measure(&p, runs ? (int)runs : n >= 100000 ? 1 : n >= 10000 ? 2 : 10, &res)) {
				fprintf(stderr, "%s: compute failed\n", p.name);
				return 1;
			}
			heap_col(h1, sizeof(h1), res.compute_heap, n);
			heap_col(h2, sizeof(h2), res.retained, n);
			printf("%-22s %7.2f ms %12s %12s %8zu %8zu %7zu", p.name, res.compute_ms, h1, h2,
			       res.nitems, res.nlog, res.failed);
			if (hash)
				printf("  %016llx %016llx", (unsigned long long)res.place,
				       (unsigned long long)res.all);
			if (res.single)
				printf("  (one run)");
			printf("\n");
			fflush(stdout);
			if (dir && write_profile(&p, dir))
				fprintf(stderr, "cannot write %s's profile to %s\n", p.name, dir);
			mx_profile_release(&p);
		}
	mx_profile_release(&base);
	return 0;
}
