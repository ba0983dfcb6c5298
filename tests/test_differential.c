/* test_differential.c - random profiles through the engine and the reference model (diffref*.c) */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

#include "memx/buf.h"

/* The reference model: diffref*.c, linked in as memx_diffref (tests/CMakeLists.txt). */
#include "diffref.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static uint64_t rdown(uint64_t x, uint64_t a)
{
	return x / a * a;
}

static uint64_t rup(uint64_t x, uint64_t a)
{
	return (x + a - 1) / a * a;
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/*
 * Every profile is made from its own generator state, derived from the seed
 * and its index, so one failing profile replays alone:
 *   MEMX_DIFF_SEED=<seed> MEMX_DIFF_FIRST=<index> MEMX_DIFF_COUNT=1 ./test_differential
 * and MEMX_DIFF_PROFILE=<file.yaml> checks one written profile instead. All
 * profiles run; the first few that differ are printed in full (YAML and every
 * figure), the next ones in a line each.
 */
#define DEFAULT_SEED 1
#define DEFAULT_COUNT 2500
#define FULL_REPORTS 5
#define LINE_REPORTS 100

/* ---- splitmix64 ------------------------------------------------------------ */

struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *g)
{
	uint64_t z = (g->s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *g, uint64_t seed, uint64_t index)
{
	g->s = seed * 0xD1B54A32D192ED03ULL ^ index;
	g->s = rnd(g) ^ index * 0x9E3779B97F4A7C15ULL;
}

static uint64_t below(struct rng *g, uint64_t n)
{
	return n ? rnd(g) % n : 0;
}

static bool chance(struct rng *g, unsigned pct)
{
	return below(g, 100) < pct;
}

/* A multiple of @m in [lo, hi] (lo rounded up when there is none). */
static uint64_t mult(struct rng *g, uint64_t lo, uint64_t hi, uint64_t m)
{
	uint64_t a = rup(lo, m), b = rdown(hi, m);

	if (b < a)
		return a;
	return a + below(g, (b - a) / m + 1) * m;
}

static uint64_t pow2(struct rng *g, unsigned lo_shift, unsigned hi_shift)
{
	return 1ULL << (lo_shift + below(g, hi_shift - lo_shift + 1));
}

/* ---- profile generator ------------------------------------------------------ */

struct gen {
	struct rng *g;
	struct mx_profile *p;
	enum mx_arch arch;
	bool v510;
	uint64_t cma_align;
	uint64_t lo, hi;      /* where static things go: the hull of the banks, 1 MiB rounded */
	uint64_t kbase, ksize;
	int oom;
};

static void chk(struct gen *c, int r)
{
	if (r)
		c->oom = 1;
}

static char *xstrdup(struct gen *c, const char *s)
{
	char *d = strdup(s);

	if (!d)
		c->oom = 1;
	return d;
}

static void set_compat(struct gen *c, struct mx_region *r, const char *compat)
{
	if (compat)
		chk(c, mx_region_set_compatible(r, compat));
}

static void add_reg(struct gen *c, struct mx_region *r, uint64_t base, uint64_t size)
{
	struct mx_range *n = realloc(r->reg, (r->nreg + 1) * sizeof(*n));

	if (!n) {
		c->oom = 1;
		return;
	}
	r->reg = n;
	r->reg[r->nreg].base = base;
	r->reg[r->nreg].size = size;
	r->nreg++;
}

/* A static range inside the window: 64-aligned, sometimes page-aligned. */
static void static_range(struct gen *c, uint64_t maxsize, uint64_t *base, uint64_t *size)
{
	uint64_t m = chance(c->g, 40) ? 4096 : 64;
	uint64_t b = mult(c->g, c->lo, c->hi - 4096, m);
	uint64_t s = mult(c->g, m, maxsize, m);

	if (s > c->hi - b)
		s = rdown(c->hi - b, 64);
	*base = b;
	*size = s;
}

static void dyn_size(struct gen *c, struct mx_region *r, uint64_t max, bool mult64)
{
	r->has_size = true;
	r->size = mult64 || chance(c->g, 50) ? mult(c->g, 64, max, 64) : 1 + below(c->g, max);
}

static void alloc_ranges(struct gen *c, struct mx_region *r, unsigned pct)
{
	size_t n;

	if (!chance(c->g, pct))
		return;
	n = 1 + below(c->g, 2);
	r->alloc_ranges = calloc(n, sizeof(*r->alloc_ranges));
	if (!r->alloc_ranges) {
		c->oom = 1;
		return;
	}
	r->nalloc_ranges = n;
	for (size_t i = 0; i < n; i++) {
		uint64_t b = mult(c->g, c->lo > 8 * MiB ? c->lo - 8 * MiB : 0, c->hi, 64);

		r->alloc_ranges[i].base = b;
		r->alloc_ranges[i].size = mult(c->g, 64, c->hi + 8 * MiB - b, 64);
	}
}

static void maybe_align(struct gen *c, struct mx_region *r, unsigned pct, unsigned max_shift)
{
	if (chance(c->g, pct))
		r->align = pow2(c->g, 6, max_shift);
}

static void gen_region(struct gen *c, size_t i)
{
	struct mx_profile *p = c->p;
	struct rng *g = c->g;
	struct mx_region *r;
	char name[48];
	uint64_t b, s;
	unsigned t = (unsigned)below(g, 100);
	int idx;

	/* the unit address is the kind drawn below: handy when reading a failing profile */
	snprintf(name, sizeof(name), "r%zu@%u", i, t);
	idx = mx_profile_add_region(p, name);
	if (idx < 0) {
		c->oom = 1;
		return;
	}
	r = &p->regions[idx];
	if (t < 14) {
		/* static no-map, sometimes two reg entries */
		r->flags |= MX_REGION_NOMAP;
		set_compat(c, r, chance(g, 50) ? "removed-dma-pool" : NULL);
		for (size_t k = 0, n = chance(g, 20) ? 2 : 1; k < n; k++) {
			static_range(c, min64(4 * MiB, (c->hi - c->lo) / 8), &b, &s);
			add_reg(c, r, b, s);
		}
	} else if (t < 26) {
		/* static reserved: plain, removed-dma-pool or a coherent pool */
		unsigned k = (unsigned)below(g, 3);

		set_compat(c, r, k == 0 ? NULL : k == 1 ? "removed-dma-pool" : "shared-dma-pool");
		for (size_t j = 0, n = !k && chance(g, 25) ? 2 : 1; j < n; j++) {
			static_range(c, 4 * MiB, &b, &s);
			add_reg(c, r, b, s);
		}
	} else if (t < 36) {
		/* static reusable shared-dma-pool: CMA when aligned */
		uint64_t a = c->cma_align;

		set_compat(c, r, "shared-dma-pool");
		r->flags |= MX_REGION_REUSABLE;
		if (chance(g, 20))
			r->flags |= MX_REGION_CMA_DEFAULT;
		/* aligned when the window holds an aligned block, else it is misaligned anyway */
		b = rup(c->lo, a) + a <= c->hi ? mult(g, c->lo, c->hi - a, a) : c->lo;
		s = a * (1 + below(g, 2));
		if (chance(g, 25)) {
			if (chance(g, 50))
				b += mult(g, 64, 1 * MiB, 64);
			else
				s += mult(g, 4096, 1 * MiB, 4096);
		}
		if (b >= c->hi - 4096)
			b = c->hi - 4096;
		if (s > c->hi - b)
			s = rdown(c->hi - b, 64);
		add_reg(c, r, b, s);
	} else if (t < 51) {
		/* dynamic, not CMA */
		unsigned k = (unsigned)below(g, 3);

		set_compat(c, r, k == 0 ? NULL : k == 1 ? "removed-dma-pool" : "shared-dma-pool");
		dyn_size(c, r, chance(g, 70) ? 1 * MiB : 8 * MiB, false);
		maybe_align(c, r, 50, 22);
		alloc_ranges(c, r, 40);
	} else if (t < 66) {
		/* dynamic reusable shared-dma-pool */
		set_compat(c, r, "shared-dma-pool");
		r->flags |= MX_REGION_REUSABLE;
		if (chance(g, 25))
			r->flags |= MX_REGION_CMA_DEFAULT;
		r->has_size = true;
		if (chance(g, 75))
			r->size = c->cma_align * (1 + below(g, 3));
		else
			r->size = chance(g, 50) ? mult(g, 1 * MiB, 8 * MiB, 1 * MiB) : 1 + below(g, 8 * MiB);
		maybe_align(c, r, 30, 24);
		alloc_ranges(c, r, 30);
	} else if (t < 74) {
		/* dynamic no-map: size a multiple of 64 (see diffref.h) */
		r->flags |= MX_REGION_NOMAP;
		set_compat(c, r, chance(g, 30) ? "shared-dma-pool" : chance(g, 50) ? "removed-dma-pool" : NULL);
		dyn_size(c, r, 4 * MiB, true);
		maybe_align(c, r, 50, 22);
		alloc_ranges(c, r, 30);
	} else if (t < 90) {
		/* freed-late (splash) or no-map-fixup (modem), static or dynamic */
		bool fixup = t >= 82;
		bool nomap = chance(g, 15);

		if (fixup) {
			r->flags |= MX_REGION_NOMAP_FIXUP;
			set_compat(c, r, "removed-dma-pool");
		} else {
			r->flags |= MX_REGION_FREED_LATE;
			set_compat(c, r, chance(g, 50) ? "removed-dma-pool" : NULL);
		}
		if (nomap)
			r->flags |= MX_REGION_NOMAP;
		if (chance(g, 50)) {
			static_range(c, min64(8 * MiB, (c->hi - c->lo) / 4), &b, &s);
			add_reg(c, r, b, s);
		} else {
			dyn_size(c, r, 8 * MiB, nomap);
			s = r->size;
			maybe_align(c, r, 40, 22);
			alloc_ranges(c, r, 20);
		}
		if (fixup && chance(g, 75)) {
			r->has_fixup_keep = true;
			r->fixup_keep = chance(g, 50) ? mult(g, 0, s + s / 4, 64) : below(g, s + s / 4 + 1);
		}
	} else if (t < 95) {
		/* reusable + no-map: every handler refuses */
		set_compat(c, r, "shared-dma-pool");
		r->flags |= MX_REGION_REUSABLE | MX_REGION_NOMAP;
		if (chance(g, 50)) {
			static_range(c, min64(8 * MiB, (c->hi - c->lo) / 8), &b, &s);
			add_reg(c, r, b, s);
		} else {
			r->has_size = true;
			r->size = chance(g, 50) ? c->cma_align : mult(g, 64, 4 * MiB, 64);
		}
	} else {
		/* static no-map over something already reserved (refused by 5.10) */
		r->flags |= MX_REGION_NOMAP;
		b = rdown(c->kbase + below(g, c->ksize), 64);
		s = mult(g, 64, 1 * MiB, 64);
		if (b + s > c->hi)
			s = rdown(c->hi - b, 64);
		add_reg(c, r, b, s ? s : 64);
	}
	if (chance(g, 8))
		r->flags |= MX_REGION_DISABLED;
}

static void gen_early(struct gen *c, size_t n, bool calibration)
{
	struct mx_profile *p = c->p;
	struct rng *g = c->g;
	struct mx_early_alloc *e = realloc(p->early, (p->nearly + n) * sizeof(*e));

	if (!e) {
		c->oom = 1;
		return;
	}
	p->early = e;
	for (size_t i = 0; i < n; i++) {
		struct mx_early_alloc *a = &p->early[p->nearly];
		char name[32];
		unsigned k = (unsigned)below(g, 10);

		memset(a, 0, sizeof(*a));
		snprintf(name, sizeof(name), "%s%zu", calibration ? "cal" : "e", p->nearly);
		a->name = xstrdup(c, name);
		a->phase = (enum mx_phase)below(g, 3);
		a->calibration = calibration;
		a->size = k < 5 ? 1 + below(g, 256 * KiB) :
			  k < 8 ? mult(g, 64, 1 * MiB, 64) : mult(g, 1 * MiB, 8 * MiB, 4096);
		if (chance(g, 50))
			a->align = pow2(g, 6, 20);
		p->nearly++;
	}
}

/* Append one option to the command line being built. */
__attribute__((format(printf, 3, 4)))
static void add_arg(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n && n + 1 < len)
		buf[n++] = ' ';
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

/* The number as the kernel would read it: K or M when exact, else hex. */
static const char *num(char *buf, size_t len, uint64_t v)
{
	if (v && !(v % MiB))
		snprintf(buf, len, "%lluM", (unsigned long long)(v >> 20));
	else if (v && !(v % KiB))
		snprintf(buf, len, "%lluK", (unsigned long long)(v >> 10));
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)v);
	return buf;
}

static int gen_profile(struct mx_profile *p, uint64_t seed, uint64_t index)
{
	static const uint64_t wsizes[] = { 8, 16, 16, 24, 32, 32, 48, 64 };
	struct rng rg;
	struct gen C = { 0 };
	struct gen *c = &C;
	struct rng *g = &rg;
	char name[64], args[256] = "", n1[32], n2[32], n3[32];
	uint64_t W, S, mo, pb, nb, memstart;
	bool sparse;

	rng_seed(g, seed, index);
	mx_profile_init(p);
	c->g = g;
	c->p = p;
	snprintf(name, sizeof(name), "diff-%llu-%llu", (unsigned long long)seed,
		 (unsigned long long)index);
	chk(c, mx_str_set(&p->name, name));
	{
		unsigned a = (unsigned)below(g, 100);

		c->arch = a < 45 ? MX_ARCH_ARM : a < 75 ? MX_ARCH_ARM64 : MX_ARCH_RISCV64;
	}
	p->arch = c->arch;
	c->v510 = chance(g, 50);
	chk(c, mx_str_set(&p->kernel, c->v510 ? "5.10" : "3.18"));
	if (chance(g, 50))
		p->page_size = 4096;
	if (chance(g, 60)) {
		static const uint32_t sp[3][3] = { { 32, 36, 32 }, { 64, 32, 64 }, { 64, 56, 40 } };

		p->struct_page = sp[c->arch - MX_ARCH_ARM][below(g, 3)];
	}
	if (chance(g, 30))
		p->max_order = (unsigned)(10 + below(g, 3));
	mo = p->max_order ? p->max_order : 11;
	if (chance(g, 30))
		p->pageblock_order = (unsigned)(mo - 3 + below(g, 4));
	pb = p->pageblock_order ? p->pageblock_order : c->arch == MX_ARCH_ARM ? mo - 1 : 9;
	c->cma_align = 4096ULL << (mo - 1 > pb ? mo - 1 : pb);

	/* the memory window: at most 64 MiB */
	S = wsizes[below(g, sizeof(wsizes) / sizeof(wsizes[0]))] * MiB;
	if (c->arch == MX_ARCH_ARM) {
		static const uint64_t bases[] = { 0, 0x20000000, 0x40000000, 0x60000000, 0x80000000,
						  0xC0000000 };

		W = chance(g, 50) ? bases[below(g, 6)] + mult(g, 0, 256 * MiB, 16 * MiB) :
		    mult(g, 0, 0xE0000000, 1 * MiB);
	} else {
		unsigned k = (unsigned)below(g, 3);

		if (k == 0)
			W = mult(g, 0, 4 * GiB - S, 1 * MiB);
		else if (k == 1)
			W = 4 * GiB * (1 + below(g, 3)) + mult(g, 0, 1 * GiB, 1 * MiB);
		else
			W = 4 * GiB * (1 + below(g, 3)) - mult(g, 1 * MiB, S - 1 * MiB, 1 * MiB);
	}

	/* 1-3 banks, cut out of the window, holes between them sometimes */
	nb = 1 + below(g, 3);
	p->memory = calloc(nb, sizeof(*p->memory));
	if (!p->memory)
		return -1;
	p->nmemory = nb;
	{
		uint64_t cut[4], m = chance(g, 60) ? 4096 : 64;

		cut[0] = W;
		cut[nb] = W + S;
		for (uint64_t k = 1; k < nb; k++)
			cut[k] = mult(g, cut[k - 1] + 2 * MiB, W + S - (nb - k) * 2 * MiB, 1 * MiB);
		for (uint64_t k = 0; k < nb; k++) {
			uint64_t a = cut[k], e = cut[k + 1], len = e - a;
			uint64_t b = k == 0 && chance(g, 70) ? a : a + mult(g, 0, len / 4, m);
			uint64_t z = chance(g, 60) ? e : e - mult(g, 0, len / 4, m);

			p->memory[k].base = b;
			p->memory[k].size = z - b;
		}
	}
	c->lo = rdown(p->memory[0].base, MiB);
	c->hi = rup(p->memory[nb - 1].base + p->memory[nb - 1].size, MiB);

	/* mem= */
	memstart = rup(p->memory[0].base, 4096);
	if (chance(g, 12)) {
		uint64_t n = mult(g, 4 * MiB > S / 4 ? 4 * MiB : S / 4, S,
				  c->arch == MX_ARCH_ARM || chance(g, 50) ? 4096 : 64);

		add_arg(args, sizeof(args), "mem=%s", num(n1, sizeof(n1), n));
	} else if (c->arch == MX_ARCH_ARM && chance(g, 5)) {
		uint64_t b = mult(g, c->lo, c->lo + (c->hi - c->lo) / 2, 4096);
		uint64_t n = mult(g, 4 * MiB, c->hi - b, 4096);

		add_arg(args, sizeof(args), "mem=%s@%s", num(n1, sizeof(n1), n),
			num(n2, sizeof(n2), b));
		memstart = b;
	}

	/* kernel image */
	if (chance(g, 60)) {
		c->kbase = p->memory[0].base + (c->arch == MX_ARCH_ARM ? 0x8000 : 2 * MiB);
		if (c->kbase + 64 * KiB >= c->hi) {
			p->kernel_image.has_base = true;
			c->kbase = c->lo + 64 * KiB;
		}
	} else {
		p->kernel_image.has_base = true;
		c->kbase = mult(g, c->lo + 64 * KiB, c->lo + (c->hi - c->lo) / 2, 64);
	}
	p->kernel_image.base = p->kernel_image.has_base ? c->kbase : 0;
	c->ksize = mult(g, 64 * KiB, 3 * MiB, 64);
	if (c->kbase + c->ksize + 1 * MiB > c->hi)
		c->ksize = 64 * KiB;
	p->kernel_image.size = c->ksize;
	p->kernel_image.code = chance(g, 50) ? mult(g, 0, c->ksize / 3, 64) : below(g, c->ksize / 3);
	p->kernel_image.rodata = below(g, c->ksize / 3);
	p->kernel_image.rwdata = below(g, 1 * MiB);
	p->kernel_image.bss = below(g, 1 * MiB);
	p->kernel_image.init = chance(g, 50) ? mult(g, 0, c->ksize / 4, 4096) : below(g, c->ksize / 4);
	if (chance(g, 40)) {
		p->kernel_image.has_init_base = true;
		p->kernel_image.init_base = mult(g, c->kbase, c->kbase + c->ksize / 2, 64);
	}

	/* 32-bit ARM: VMSPLIT and vmalloc, often so that lowmem ends inside the window */
	if (c->arch == MX_ARCH_ARM) {
		static const uint64_t po[] = { 0xC0000000u, 0xC0000000u, 0xB0000000u, 0x80000000u,
					       0x40000000u };
		uint64_t vend = c->v510 ? 0xff800000u : 0xff000000u;
		uint64_t phys_offset = rdown(c->kbase, 16 * MiB);
		unsigned v = (unsigned)below(g, 5);

		p->vmsplit = (enum mx_vmsplit)v;
		if (chance(g, 70)) {
			uint64_t vlimit = rup(memstart + 1, MiB) + mult(g, 0, S + 8 * MiB, MiB);

			if (vlimit <= phys_offset)
				vlimit = phys_offset + MiB;
			p->vmalloc_size = vend - po[v] - 8 * MiB - (vlimit - phys_offset);
		}
	}

	/* swapper_pg_dir on 32-bit ARM */
	if (c->arch == MX_ARCH_ARM) {
		unsigned k = (unsigned)below(g, 4);

		if (k == 2) {
			p->pgd.present = p->pgd.has_base = true;
			p->pgd.size = 16 * KiB;
			p->pgd.base = mult(g, c->lo, c->hi - 16 * KiB, 64);
		} else if (k == 3) {
			p->pgd.present = true;
			p->pgd.size = chance(g, 50) ? 16 * KiB : 8 * KiB;
		}
	}

	if (chance(g, 50)) {
		p->initrd.present = p->initrd.has_base = true;
		p->initrd.base = mult(g, c->lo, c->hi - 64 * KiB, 64);
		p->initrd.size = mult(g, 4 * KiB, 2 * MiB, 64);
		if (p->initrd.base + p->initrd.size > c->hi)
			p->initrd.size = c->hi - p->initrd.base;
	}
	if (chance(g, 60)) {
		p->fdt.present = p->fdt.has_base = true;
		p->fdt.base = mult(g, c->lo, c->hi - 4 * KiB, 64);
		p->fdt.size = mult(g, 1 * KiB, 256 * KiB, 64);
		if (p->fdt.base + p->fdt.size > c->hi)
			p->fdt.size = c->hi - p->fdt.base;
	}
	if (chance(g, 25)) {
		size_t n = 1 + below(g, 2);

		p->memreserve = calloc(n, sizeof(*p->memreserve));
		if (!p->memreserve)
			return -1;
		p->nmemreserve = n;
		for (size_t i = 0; i < n; i++)
			static_range(c, 512 * KiB, &p->memreserve[i].base, &p->memreserve[i].size);
	}

	/* the default CMA area: CONFIG_CMA_SIZE_MBYTES and cma= */
	if (chance(g, 40)) {
		p->has_cma_size = true;
		p->cma_size = chance(g, 20) ? 0 : mult(g, 1 * MiB, 16 * MiB,
						       chance(g, 70) ? c->cma_align : 1 * MiB);
	}
	if (chance(g, 20)) {
		uint64_t size = chance(g, 10) ? 0 : mult(g, 1 * MiB, 16 * MiB,
							 chance(g, 70) ? c->cma_align : 1 * MiB);
		unsigned k = (unsigned)below(g, 10);

		uint64_t sz = rup(size, c->cma_align);

		/* a fixed area needs an aligned place inside the window */
		if (k >= 6 && k < 8 && rup(c->lo, c->cma_align) + sz > c->hi)
			k = 0;
		if (k < 6 || !size) {
			add_arg(args, sizeof(args), "cma=%s", num(n1, sizeof(n1), size));
		} else if (k < 8) {
			uint64_t b = mult(g, c->lo, c->hi - sz, c->cma_align);

			add_arg(args, sizeof(args), "cma=%s@%s", num(n1, sizeof(n1), size),
				num(n2, sizeof(n2), b));
		} else {
			uint64_t b = mult(g, 0, c->lo + (c->hi - c->lo) / 2, MiB);
			uint64_t l = mult(g, b + c->cma_align + MiB, c->hi + 16 * MiB, MiB);

			if (l == b + size)
				l += MiB;
			add_arg(args, sizeof(args), "cma=%s@%s-%s", num(n1, sizeof(n1), size),
				num(n2, sizeof(n2), b), num(n3, sizeof(n3), l));
		}
	}
	if (args[0])
		chk(c, mx_str_set(&p->bootargs, args));

	/* memory model */
	if (c->arch == MX_ARCH_ARM) {
		sparse = chance(g, 20);
		if (sparse) {
			p->model = MX_MM_SPARSE;
			p->vmemmap = chance(g, 50) ? 0 : -1;
			p->extreme = (int)below(g, 3) - 1;
		} else if (chance(g, 50)) {
			p->model = MX_MM_FLAT;
		}
	} else {
		sparse = chance(g, 65);
		if (sparse) {
			p->model = chance(g, 50) ? MX_MM_SPARSE : MX_MM_DEFAULT;
			p->vmemmap = chance(g, 75) ? (chance(g, 50) ? 1 : -1) : 0;
			p->extreme = (int)below(g, 3) - 1;
		} else {
			p->model = MX_MM_FLAT;
		}
	}
	if (sparse) {
		/* sections at least as large as a MAX_ORDER block and a pageblock */
		unsigned min = 12 + (unsigned)(mo - 1 > pb ? mo - 1 : pb);
		unsigned bits = 64 - (unsigned)__builtin_clzll(c->hi + 16 * MiB - 1);
		unsigned ssb;

		/* with VMEMMAP every present section costs 2 MiB of buffer: keep them few */
		if (p->vmemmap != 0 && c->arch != MX_ARCH_ARM) {
			unsigned wbits = 64 - (unsigned)__builtin_clzll(S - 1);

			if (min < wbits - 2)
				min = wbits - 2;
		}
		if (min < 22)
			min = 22;
		ssb = chance(g, 85) ? min + (unsigned)below(g, 3) : (unsigned)(25 + below(g, 4));
		if (ssb < min)
			ssb = min;
		p->section_size_bits = ssb;
		p->max_physmem_bits = (bits < 32 ? 32 : bits) + (unsigned)below(g, 3);
		if (p->max_physmem_bits < ssb)
			p->max_physmem_bits = ssb;
		if (p->max_physmem_bits - ssb > 14)
			p->max_physmem_bits = ssb + 14;
	}

	/* /reserved-memory and the early allocations */
	{
		unsigned k = (unsigned)below(g, 10);
		size_t n = k == 0 ? 0 : k < 5 ? 1 + below(g, 3) : 4 + below(g, 4);

		for (size_t i = 0; i < n && !c->oom; i++)
			gen_region(c, i);
	}
	gen_early(c, below(g, 9), false);
	if (chance(g, 25))
		gen_early(c, 1, true);
	return c->oom ? -1 : 0;
}

/* ---- comparison ------------------------------------------------------------- */

struct diffs {
	struct mx_buf out;
	unsigned n;
};

__attribute__((format(printf, 4, 5)))
static void diff(struct diffs *d, uint64_t eng, uint64_t ref, const char *fmt, ...)
{
	va_list ap;
	char what[160];

	if (eng == ref)
		return;
	if (++d->n > 60)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	mx_buf_addf(&d->out, "  %s: engine %" PRIu64 " (%#" PRIx64 "), reference %" PRIu64
		    " (%#" PRIx64 ")\n", what, eng, eng, ref, ref);
}

static const char *state_name(int s)
{
	static const char *const n[] = { "placed", "failed", "refused", "disabled", "?" };

	return n[s >= 0 && s < 4 ? s : 4];
}

static int engine_state(unsigned f)
{
	if (f & MX_IF_DISABLED)
		return DREF_DISABLED;
	if (f & MX_IF_FAILED)
		return DREF_FAILED;
	if (f & MX_IF_REFUSED)
		return DREF_REFUSED;
	/* a range given back was placed first; compared through MX_IF_GIVEN_BACK */
	if (f & (MX_IF_PLACED | MX_IF_GIVEN_BACK))
		return DREF_PLACED;
	return 4;
}

/* The engine item's key: what it stands for, shared with the reference. */
static void engine_key(const struct mx_item *it, enum dref_class *cls, int *idx)
{
	*idx = 0;
	if (it->region >= 0) {
		*cls = DREF_C_REGION;
		*idx = it->region;
		return;
	}
	if (it->early >= 0) {
		*cls = DREF_C_EARLY;
		*idx = it->early;
		return;
	}
	switch (it->kind) {
	case MX_ITEM_KERNEL: *cls = DREF_C_KERNEL; break;
	case MX_ITEM_INITRD: *cls = DREF_C_INITRD; break;
	case MX_ITEM_PGD: *cls = DREF_C_PGD; break;
	case MX_ITEM_FDT: *cls = DREF_C_FDT; break;
	case MX_ITEM_MEMRESERVE: *cls = DREF_C_MEMRESERVE; break;
	case MX_ITEM_CMA_DEFAULT: *cls = DREF_C_CMA_DEFAULT; break;
	default: *cls = DREF_C_MEMMAP; break;
	}
}

static void compare_items(struct diffs *d, const struct mx_layout *L, const struct dref_result *R)
{
	size_t n = L->nitems;
	enum dref_class *cls = calloc(n + 1, sizeof(*cls));
	int *idx = calloc(n + 1, sizeof(*idx)), *occ = calloc(n + 1, sizeof(*occ));
	bool *used = calloc(n + 1, sizeof(*used));

	assert_non_null(cls);
	assert_non_null(idx);
	assert_non_null(occ);
	assert_non_null(used);
	for (size_t i = 0; i < n; i++) {
		engine_key(&L->items[i], &cls[i], &idx[i]);
		for (size_t j = 0; j < i; j++)
			occ[i] += cls[j] == cls[i] && idx[j] == idx[i];
	}
	for (size_t k = 0; k < R->nitems; k++) {
		const struct dref_item *ri = &R->items[k];
		const struct mx_item *e = NULL;
		int es;

		for (size_t i = 0; i < n && !e; i++)
			if (!used[i] && cls[i] == ri->cls && idx[i] == ri->idx && occ[i] == ri->occ) {
				used[i] = true;
				e = &L->items[i];
			}
		if (!e) {
			d->n++;
			mx_buf_addf(&d->out, "  item '%s' (%s): missing in the engine\n", ri->name,
				    state_name((int)ri->state));
			continue;
		}
		es = engine_state(e->flags);
		if (es != (int)ri->state) {
			d->n++;
			mx_buf_addf(&d->out, "  item '%s': engine %s, reference %s\n", e->name,
				    state_name(es), state_name((int)ri->state));
			continue;
		}
		if (ri->cls == DREF_C_MEMMAP)
			diff(d, e->kind, ri->kind, "item '%s' (reference '%s') kind", e->name, ri->name);
		if (ri->state == DREF_PLACED || ri->state == DREF_REFUSED) {
			diff(d, e->base, ri->base, "item '%s' base", e->name);
			diff(d, e->size, ri->size, "item '%s' size", e->name);
		} else if (ri->state == DREF_FAILED) {
			diff(d, e->want, ri->size, "item '%s' size asked for", e->name);
		}
		diff(d, !!(e->flags & MX_IF_CMA), ri->cma, "item '%s' CMA flag", e->name);
		diff(d, !!(e->flags & MX_IF_GIVEN_BACK), ri->given_back, "item '%s' given back",
		     e->name);
	}
	for (size_t i = 0; i < n; i++) {
		if (used[i])
			continue;
		d->n++;
		mx_buf_addf(&d->out, "  item '%s' (%s, base %#" PRIx64 ", size %#" PRIx64
			    "): not in the reference\n", L->items[i].name,
			    state_name(engine_state(L->items[i].flags)), L->items[i].base,
			    L->items[i].size);
	}
	free(cls);
	free(idx);
	free(occ);
	free(used);
}

static void compare(struct diffs *d, const struct mx_layout *L, const struct dref_result *R)
{
	const struct mx_summary *s = &L->sum;

	diff(d, s->physpages, R->physpages, "summary physpages");
	diff(d, s->available, R->available, "summary available");
	diff(d, s->reserved, R->reserved, "summary reserved");
	diff(d, s->cma_reserved, R->cma_reserved, "summary cma_reserved");
	diff(d, s->highmem_free, R->highmem_free, "summary highmem_free");
	diff(d, s->memtotal, R->memtotal, "summary memtotal");
	diff(d, s->lowtotal, R->lowtotal, "summary lowtotal");
	diff(d, s->hightotal, R->hightotal, "summary hightotal");
	diff(d, s->cmatotal, R->cmatotal, "summary cmatotal");
	if (R->has_lowmem_limit) {
		diff(d, s->lowmem_limit, R->lowmem_limit, "summary lowmem_limit");
		diff(d, s->vmalloc_total, R->vmalloc_total, "summary vmalloc_total");
	}
	diff(d, s->memmap_alloc, R->memmap_alloc, "summary memmap_alloc");
	diff(d, s->memmap_bytes, R->memmap_bytes, "summary memmap_bytes");
	diff(d, s->memmap_unused_freed, R->memmap_unused_freed, "summary memmap_unused_freed");

	diff(d, L->nstages, R->nstages, "number of stages");
	for (size_t i = 0; i < L->nstages && i < R->nstages; i++) {
		const struct mx_counters *e = &L->stages[i].after, *r = &R->after[i];
		const char *nm = mx_step_name(R->steps[i]);

		diff(d, L->stages[i].step, R->steps[i], "stage %zu step", i);
		diff(d, e->memory, r->memory, "stage '%s' memory", nm);
		diff(d, e->reserved, r->reserved, "stage '%s' reserved", nm);
		diff(d, e->totalram, r->totalram, "stage '%s' totalram", nm);
		diff(d, e->cma, r->cma, "stage '%s' cma", nm);
		diff(d, e->highram, r->highram, "stage '%s' highram", nm);
	}

	diff(d, L->nzones, R->nzones, "number of zones");
	for (size_t z = 0; z < L->nzones && z < R->nzones; z++) {
		const struct mx_zone *e = &L->zones[z];
		const struct dref_zone *r = &R->zones[z];

		diff(d, e->spanned, r->spanned, "zone %s spanned", e->name);
		diff(d, e->present, r->present, "zone %s present", e->name);
		diff(d, e->memmap_pages, r->memmap_pages, "zone %s memmap pages", e->name);
		if (r->spanned) {
			diff(d, e->start_pfn, r->start_pfn, "zone %s start pfn", e->name);
			diff(d, e->end_pfn, r->end_pfn, "zone %s end pfn", e->name);
		}
	}
	compare_items(d, L, R);
}

/* ---- coverage ------------------------------------------------------------------ */

struct coverage {
	unsigned arch[4], v510, sparse, vmemmap, highmem, mem_limit, cma_cmdline, nomap_refused;
	unsigned items_failed, regions_failed, cma_areas, given_back, default_cma, fixup,
		 freed_late, profiles;
};

/* What the profiles exercised (the engine's resolved settings serve as labels only). */
static void cover(struct coverage *cv, const struct mx_profile *p, const struct mx_layout *L,
		  const struct dref_result *R)
{
	cv->profiles++;
	cv->arch[p->arch]++;
	cv->v510 += p->kernel && !strcmp(p->kernel, "5.10");
	cv->sparse += L->params.model == MX_MM_SPARSE;
	cv->vmemmap += L->params.model == MX_MM_SPARSE && L->params.vmemmap;
	cv->highmem += R->hightotal > 0;
	cv->mem_limit += p->bootargs && strstr(p->bootargs, "mem=") != NULL;
	cv->cma_cmdline += p->bootargs && strstr(p->bootargs, "cma=") != NULL;
	for (size_t i = 0; i < R->nitems; i++) {
		const struct dref_item *it = &R->items[i];

		cv->items_failed += it->state == DREF_FAILED;
		cv->regions_failed += it->state == DREF_FAILED && it->cls == DREF_C_REGION;
		cv->nomap_refused += it->state == DREF_REFUSED && it->cls == DREF_C_REGION;
		cv->cma_areas += it->cma;
		cv->given_back += it->given_back;
		cv->default_cma += it->cls == DREF_C_CMA_DEFAULT && it->state == DREF_PLACED;
	}
	for (size_t i = 0; i < p->nregions; i++) {
		cv->fixup += !!(p->regions[i].flags & MX_REGION_NOMAP_FIXUP);
		cv->freed_late += !!(p->regions[i].flags & MX_REGION_FREED_LATE);
	}
}

/* ---- the test -------------------------------------------------------------------- */

static uint64_t env_u64(const char *name, uint64_t def)
{
	const char *v = getenv(name);
	char *end;
	unsigned long long x;

	if (!v || !*v)
		return def;
	x = strtoull(v, &end, 0);
	if (*end) {
		print_error("%s='%s' is not a number\n", name, v);
		fail();
	}
	return x;
}

/* Print a differing profile: who it is, how to replay it, itself as YAML and the figures. */
static void report(const char *who, const char *replay, const struct mx_profile *p,
		   const char *what, const char *detail)
{
	struct mx_buf y;

	struct mx_profile back;
	struct mx_diaglist dl;
	bool same;

	mx_buf_init(&y);
	mx_profile_write_yaml(p, &y);
	/* the YAML is the reproducer: say so if it does not load back as the same profile */
	mx_diaglist_init(&dl);
	mx_profile_init(&back);
	same = !mx_profile_load_yaml(&back, y.buf, y.len, "diff.yaml", &dl) &&
	       mx_profile_equal(p, &back);
	mx_profile_release(&back);
	mx_diaglist_release(&dl);
	fprintf(stderr, "\n=== differential: %s %s\nreplay: %s\n--- profile%s ---\n%s--- %s ---\n%s\n",
		who, what, replay, same ? "" : " (WARNING: does not load back as the same profile)",
		y.buf, what, detail);
	mx_buf_release(&y);
}

/*
 * One profile through the engine and the reference; returns the number of
 * differences. @verbosity: 2 prints them all with the profile, 1 the first
 * one in a line, 0 nothing.
 */
static unsigned check_profile(struct mx_layout *L, struct dref_result *R,
			      const struct mx_profile *p, const char *who, const char *replay,
			      struct coverage *cv, int verbosity)
{
	struct diffs d;
	const char *what;
	int rc;

	assert_int_equal(mx_layout_compute(L, p), 0);
	rc = dref_compute(p, R);
	assert_true(rc >= 0);
	mx_buf_init(&d.out);
	d.n = 0;
	if (rc > 0) {
		d.n = 1;
		what = "is outside the reference model (a generator bug)";
		mx_buf_addf(&d.out, "  %s\n", R->unsupported);
	} else {
		what = "differs (engine vs reference)";
		compare(&d, L, R);
		if (d.n > 60)
			mx_buf_addf(&d.out, "  ... %u differences in all\n", d.n);
		cover(cv, p, L, R);
	}
	if (d.n && verbosity > 1) {
		report(who, replay, p, what, d.out.buf);
	} else if (d.n && verbosity == 1) {
		/* the first difference, without its indent */
		const char *first = d.out.buf + 2, *nl = strchr(first, '\n');

		fprintf(stderr, "=== differential: %s %s: %.*s\n", who, what,
			(int)(nl ? nl - first : (ptrdiff_t)strlen(first)), first);
	}
	mx_buf_release(&d.out);
	return d.n;
}

/* MEMX_DIFF_PROFILE=file.yaml: that profile instead of the random ones. */
static void check_file(const char *path, struct mx_layout *L, struct dref_result *R,
		       struct coverage *cv)
{
	struct mx_profile p;
	struct mx_diaglist dl;
	char replay[600];
	unsigned n;

	mx_diaglist_init(&dl);
	mx_profile_init(&p);
	if (mx_profile_load_yaml_file(&p, path, &dl)) {
		for (size_t i = 0; i < dl.cnt; i++)
			print_error("%s:%d:%d: %s\n", dl.d[i].file, dl.d[i].line, dl.d[i].col,
				    dl.d[i].msg);
		mx_diaglist_release(&dl);
		fail_msg("cannot load %s", path);
	}
	mx_diaglist_release(&dl);
	snprintf(replay, sizeof(replay), "MEMX_DIFF_PROFILE=%s ./test_differential", path);
	n = check_profile(L, R, &p, path, replay, cv, 2);
	mx_profile_release(&p);
	if (n)
		fail_msg("%s: %u difference(s) between the engine and the reference", path, n);
	print_message("differential: %s agrees with the reference\n", path);
}

static void differential(void **state)
{
	uint64_t seed = env_u64("MEMX_DIFF_SEED", DEFAULT_SEED);
	uint64_t count = env_u64("MEMX_DIFF_COUNT", DEFAULT_COUNT);
	uint64_t first = env_u64("MEMX_DIFF_FIRST", 0);
	const char *file = getenv("MEMX_DIFF_PROFILE");
	struct coverage cv = { 0 };
	struct mx_layout L;
	struct dref_result R;
	struct timespec t0, t1;
	uint64_t failed = 0, first_failed = 0, done = 0;

	(void)state;
	mx_layout_init(&L);
	dref_result_init(&R);
	if (file && *file) {
		check_file(file, &L, &R, &cv);
		dref_result_release(&R);
		mx_layout_release(&L);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (uint64_t i = first; i < first + count; i++) {
		struct mx_profile p;
		char who[80], replay[160];
		unsigned n;

		snprintf(who, sizeof(who), "profile %" PRIu64 " of seed %" PRIu64, i, seed);
		snprintf(replay, sizeof(replay), "MEMX_DIFF_SEED=%" PRIu64 " MEMX_DIFF_FIRST=%" PRIu64
			 " MEMX_DIFF_COUNT=1 ./test_differential", seed, i);
		assert_int_equal(gen_profile(&p, seed, i), 0);
		n = check_profile(&L, &R, &p, who, replay, &cv,
				  failed < FULL_REPORTS ? 2 : failed < FULL_REPORTS + LINE_REPORTS);
		mx_profile_release(&p);
		done++;
		if (n && !failed++)
			first_failed = i;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	print_message("differential: seed %" PRIu64 ", %" PRIu64 " profiles from %" PRIu64
		      " in %.2f s; %u arm, %u arm64, %u riscv64, %u 5.10, %u SPARSEMEM (%u VMEMMAP), "
		      "%u with highmem, %u mem=, %u cma=; %u failed placements (%u regions), "
		      "%u no-map refused, %u CMA areas, %u given back, %u default CMA, "
		      "%u fixup, %u freed-late\n",
		      seed, done, first,
		      (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		      cv.arch[MX_ARCH_ARM], cv.arch[MX_ARCH_ARM64], cv.arch[MX_ARCH_RISCV64], cv.v510,
		      cv.sparse, cv.vmemmap, cv.highmem, cv.mem_limit, cv.cma_cmdline,
		      cv.items_failed, cv.regions_failed, cv.nomap_refused, cv.cma_areas,
		      cv.given_back, cv.default_cma, cv.fixup, cv.freed_late);
	dref_result_release(&R);
	mx_layout_release(&L);
	if (failed)
		fail_msg("%" PRIu64 " of %" PRIu64 " profiles differ; the first is index %" PRIu64
			 " of seed %" PRIu64, failed, done, first_failed, seed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(differential),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
