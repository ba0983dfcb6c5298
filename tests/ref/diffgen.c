/* diffgen.c - random profiles for the differential test (see diffgen.h) */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diffgen.h"
#include "diffgen_internal.h"

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
	uint64_t b;

	/* 6.1: now and then on a MiB, so that edges land on sections (32-bit ARM map_lowmem) */
	if (c->v61 && chance(c->g, 20))
		m = MiB;
	b = mult(c->g, c->lo, c->hi - 4096, m);
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
	if (c->v612 && c->last_window.size && chance(c->g, 70)) {
		/*
		 * 6.12 __reserved_mem_alloc_in_range(): a window that starts inside
		 * the region the previous window got (its top, when top-down) is
		 * searched bottom-up - or top-down again when it also ends in one
		 */
		struct mx_range *w = calloc(1, sizeof(*w));
		uint64_t e = c->last_window.base + c->last_window.size;

		if (!w) {
			c->oom = 1;
			return;
		}
		w->base = e > 64 * KiB ? e - mult(c->g, 64, 64 * KiB, 64) : e;
		w->size = chance(c->g, 70) ? mult(c->g, 1 * MiB, c->hi - c->lo + 8 * MiB, 64) :
			  mult(c->g, 64, 256 * KiB, 64);
		r->alloc_ranges = w;
		r->nalloc_ranges = 1;
		c->last_window = *w;
		return;
	}
	n = 1 + below(c->g, 2);
	r->alloc_ranges = calloc(n, sizeof(*r->alloc_ranges));
	if (!r->alloc_ranges) {
		c->oom = 1;
		return;
	}
	r->nalloc_ranges = n;
	for (size_t i = 0; i < n; i++) {
		uint64_t b = mult(c->g, c->lo > 8 * MiB ? c->lo - 8 * MiB : 0, c->hi, 64);
		/* phys_addr_t: 32 bits on ARM without LPAE */
		bool phys32 = c->arch == MX_ARCH_ARM && !c->lpae;
		uint64_t wrap = phys32 ? (1ULL << 32) - b : 0 - b; /* start + size == 0 */

		r->alloc_ranges[i].base = b;
		r->alloc_ranges[i].size = mult(c->g, 64, c->hi + 8 * MiB - b, 64);
		/*
		 * now and then an end that wraps in phys_addr_t: to 0 (anywhere
		 * above start) or below start (an empty window)
		 */
		if (b && chance(c->g, 12))
			r->alloc_ranges[i].size = chance(c->g, 60) || b <= 128 ? wrap :
						  wrap + mult(c->g, 64, b - 64, 64);
	}
	c->last_window = r->alloc_ranges[0];
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
	if (c->v61 && c->arch == MX_ARCH_ARM && t < 14 && chance(g, 25)) {
		/*
		 * 6.1 32-bit ARM: no-map at the start of memory, ending off a PMD,
		 * so that LOWMEM marks the rest of that PMD NOMAP
		 */
		r->flags |= MX_REGION_NOMAP;
		add_reg(c, r, p->memory[0].base, mult(g, 64 * KiB, 3 * MiB, 4096));
	} else if (t < 14) {
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
		/* 6.1 adds the bootmem phase (arm64 runs it; 32-bit ARM has none) */
		a->phase = (enum mx_phase)below(g, c->v61 ? 4 : 3);
		a->calibration = calibration;
		a->size = k < 5 ? 1 + below(g, 256 * KiB) :
			  k < 8 ? mult(g, 64, 1 * MiB, 64) : mult(g, 1 * MiB, 8 * MiB, 4096);
		if (chance(g, 50))
			a->align = pow2(g, 6, 20);
		if (c->v61) {
			a->per_cpu = chance(g, 20);
			a->temporary = chance(g, 15);
		}
		p->nearly++;
	}
}

/*
 * Now and then a reserved array of 64..127 entries that the start_kernel
 * allocations overflow: 64-byte pieces 8 KiB apart, each a region of its
 * own, so that the doubled array takes more than a page where struct
 * memblock_region is 24 bytes, one where it is 12 (32-bit ARM without LPAE).
 */
static void gen_many_regions(struct gen *c)
{
	struct mx_profile *p = c->p;
	unsigned max = (unsigned)(64 + below(c->g, 64));
	size_t n = max + 4, first = p->nearly;
	struct mx_early_alloc *e = realloc(p->early, (p->nearly + n) * sizeof(*e));

	if (!e) {
		c->oom = 1;
		return;
	}
	p->early = e;
	p->kside.memblock_reserved = max;
	for (size_t i = first; i < first + n; i++) {
		char name[32];

		memset(&p->early[i], 0, sizeof(p->early[i]));
		snprintf(name, sizeof(name), "piece%zu", i);
		p->early[i].name = xstrdup(c, name);
		p->early[i].phase = MX_PHASE_START_KERNEL;
		p->early[i].size = 64;
		p->early[i].align = 8 * KiB;
		p->nearly++;
	}
}
int diffgen_profile(struct mx_profile *p, uint64_t seed, uint64_t index, unsigned attempt)
{
	static const uint64_t wsizes[] = { 8, 16, 16, 24, 32, 32, 48, 64 };
	struct rng rg;
	struct gen C = { 0 };
	struct gen *c = &C;
	struct rng *g = &rg;
	char name[64], args[256] = "", n1[32], n2[32], n3[32];
	uint64_t W, S, mo, pb, nb, memstart;
	bool sparse;

	/*
	 * Whether this index is a 6.1 profile comes from a stream of its own;
	 * each kind then has its own stream, which depends on the attempt (a
	 * known engine issue can hit any flavour now; attempt 0 of an older
	 * flavour keeps the stream it always had).
	 */
	rng_seed(g, seed ^ 0x6101610161016101ULL, index);
	{
		unsigned k = (unsigned)below(g, 3);

		c->v61 = k < 2;
		c->v612 = k == 1;
	}
	if (c->v612)
		rng_seed(g, seed + 0x61200000ULL * (attempt + 1), index);
	else if (c->v61)
		rng_seed(g, seed + 0x61000000ULL * (attempt + 1), index);
	else
		rng_seed(g, seed + 0x51000000ULL * attempt, index);
	mx_profile_init(p);
	c->g = g;
	c->p = p;
	snprintf(name, sizeof(name), "diff-%llu-%llu", (unsigned long long)seed,
		 (unsigned long long)index);
	chk(c, mx_str_set(&p->name, name));
	if (c->v61) {
		/* arm and arm64 (6.1 riscv64 runs the generic steps: nothing new to test) */
		c->arch = chance(g, 50) ? MX_ARCH_ARM : MX_ARCH_ARM64;
		c->v510 = true;
		c->kside = chance(g, 75);
	} else {
		unsigned a = (unsigned)below(g, 100);

		c->arch = a < 45 ? MX_ARCH_ARM : a < 75 ? MX_ARCH_ARM64 : MX_ARCH_RISCV64;
		c->v510 = chance(g, 50);
		/* the models older kernels share with 6.1 */
		c->kside = chance(g, 30);
	}
	c->lpae = c->arch == MX_ARCH_ARM && c->kside && chance(g, 40);
	/* QEMU's direct boot (arm, arm64): one bank of -m */
	c->qemu = c->arch != MX_ARCH_RISCV64 && chance(g, 12);
	p->arch = c->arch;
	chk(c, mx_str_set(&p->kernel, c->v612 ? "6.12" : c->v61 ? "6.1" : c->v510 ? "5.10" : "3.18"));
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
	/* 6.1: CMA_MIN_ALIGNMENT_BYTES is one pageblock */
	c->cma_align = 4096ULL << (c->v61 ? pb : mo - 1 > pb ? mo - 1 : pb);

	/*
	 * the memory window: at most 64 MiB; now and then 288 MiB for QEMU,
	 * whose initrd goes at MIN(RAM / 2, 128 MiB)
	 */
	S = wsizes[below(g, sizeof(wsizes) / sizeof(wsizes[0]))] * MiB;
	if (c->qemu && chance(g, 15))
		S = 288 * MiB;
	if (c->arch == MX_ARCH_ARM && c->lpae && c->v61 && chance(g, 35)) {
		/*
		 * 6.1 LPAE: memory that ends at 4 GiB (max_pfn past
		 * arm_dma_pfn_limit: a bounce buffer) or crosses it
		 */
		S = rup(S, 16 * MiB);
		W = 4 * GiB - (chance(g, 70) ? S : S / 2);
	} else if (c->arch == MX_ARCH_ARM) {
		static const uint64_t bases[] = { 0, 0x20000000, 0x40000000, 0x60000000, 0x80000000,
						  0xC0000000 };

		/*
		 * 6.1: memory starts on 16 MiB (PHYS_OFFSET, and a PMD-aligned first
		 * block: the first adjust_lowmem_bounds() marks nothing NOMAP, which
		 * doc/engine.md does not model before /reserved-memory)
		 */
		if (c->v61)
			W = chance(g, 50) ? bases[below(g, 6)] + mult(g, 0, 256 * MiB, 16 * MiB) :
			    mult(g, 16 * MiB, 0xE0000000, 16 * MiB);
		else
			W = chance(g, 50) ? bases[below(g, 6)] + mult(g, 0, 256 * MiB, 16 * MiB) :
			    mult(g, 0, 0xE0000000, 1 * MiB);
	} else {
		unsigned k = (unsigned)below(g, 3);

		if (k == 0)
			W = mult(g, 0, 4 * GiB - S, 1 * MiB);
		else if (k == 1)
			W = 4 * GiB * (1 + below(g, 3)) + mult(g, 0, 1 * GiB, 1 * MiB);
		else /* across 4, 8 or 12 GiB; 6.1 mostly 4 GiB (the DMA limit, see dg_usable()) */
			W = 4 * GiB * (c->v61 && chance(g, 60) ? 1 : 1 + below(g, 3)) -
			    mult(g, 1 * MiB, S - 1 * MiB, 1 * MiB);
	}

	/* 1-3 banks, cut out of the window, holes between them sometimes */
	nb = c->qemu ? 1 : 1 + below(g, 3);
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
			uint64_t b = k == 0 && (chance(g, 70) || (c->v61 && c->arch == MX_ARCH_ARM)) ? a :
				     a + mult(g, 0, len / 4, m);
			uint64_t z = chance(g, 60) ? e : e - mult(g, 0, len / 4, m);

			/* ending a page short of 4 GiB: PFN_DOWN is within arm_dma_pfn_limit */
			if (c->lpae && e == 4 * GiB && chance(g, 30))
				z = e - 4096;
			p->memory[k].base = b;
			p->memory[k].size = z - b;
		}
	}
	c->lo = rdown(p->memory[0].base, MiB);
	c->hi = rup(p->memory[nb - 1].base + p->memory[nb - 1].size, MiB);
	dg_usable(c, S);

	/* kernel image */
	if (chance(g, 60)) {
		c->kbase = p->memory[0].base + (c->arch == MX_ARCH_ARM ? 0x8000 : 2 * MiB);
		if (c->kbase + 64 * KiB >= c->hi) {
			p->kernel_image.has_base = true;
			c->kbase = c->lo + 64 * KiB;
		}
	} else {
		p->kernel_image.has_base = true;
		/* 6.1 32-bit ARM: PHYS_OFFSET stays the start of memory */
		c->kbase = mult(g, c->lo + 64 * KiB, c->v61 && c->arch == MX_ARCH_ARM ?
				c->lo + min64((c->hi - c->lo) / 2, 12 * MiB) : c->lo + (c->hi - c->lo) / 2, 64);
	}
	p->kernel_image.base = p->kernel_image.has_base ? c->kbase : 0;
	c->ksize = mult(g, 64 * KiB, 3 * MiB, 64);
	/* 6.12 arm64: an image with whole 2 MiB blocks before __init_begin (block-mapped) */
	if (c->v612 && c->arch == MX_ARCH_ARM64 && chance(g, 40) && S >= 48 * MiB &&
	    c->kbase + 16 * MiB < c->hi)
		c->ksize = mult(g, 4 * MiB, 12 * MiB, 64);
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
		if (c->v612 && chance(g, 50))
			p->kernel_image.init_base = mult(g, c->kbase, c->kbase + c->ksize, 4096);
	}

	memstart = c->arch == MX_ARCH_ARM ? dg_arm_mem(c, args, sizeof(args), S) :
		   rup(p->memory[0].base, 4096);
	if (c->arch != MX_ARCH_ARM && chance(g, 12)) {
		/* arm64, riscv64: keep the first N bytes */
		uint64_t n = mult(g, 4 * MiB > S / 4 ? 4 * MiB : S / 4, S, chance(g, 50) ? 4096 : 64);

		dg_add_arg(args, sizeof(args), "mem=%s", dg_num(n1, sizeof(n1), n));
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
			/*
			 * 6.1: mostly a PMD-aligned vmalloc limit, at least 2 MiB past
			 * the first PMD (no-map at the start of memory and the PMD
			 * LOWMEM marks NOMAP could leave no lowmem at all)
			 */
			uint64_t vlimit = !c->v61 ? rup(memstart + 1, MiB) + mult(g, 0, S + 8 * MiB, MiB) :
					  rup(memstart + 1, 2 * MiB) + 2 * MiB +
					  mult(g, 0, S + 6 * MiB, chance(g, 80) ? 2 * MiB : MiB);

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

	if (c->qemu) {
		/*
		 * QEMU places the initrd (unless the profile gives a base) and the
		 * DTB after it: keep both inside the one bank
		 */
		p->boot.type = MX_LOADER_QEMU;
		p->boot.dtb_file = 1000 + below(g, 60000);
		if (chance(g, 70)) {
			p->initrd.present = true;
			p->initrd.size = mult(g, 4 * KiB, S / 8, chance(g, 50) ? 4096 : 64);
			if (chance(g, 30)) {
				p->initrd.has_base = true;
				p->initrd.base = mult(g, c->lo, c->lo + S / 2, 64);
			}
		}
	} else if (chance(g, 50)) {
		/*
		 * whole pages on 32-bit ARM and 6.1 arm64, so sometimes page-aligned;
		 * 6.1 arm64: not below memory (the kernel drops such an initrd)
		 */
		uint64_t ilo = c->v61 ? max64(c->lo, rup(p->memory[0].base, 4096)) : c->lo;
		uint64_t ial = chance(g, 50) ? 4096 : 64;

		p->initrd.present = p->initrd.has_base = true;
		p->initrd.base = mult(g, ilo, c->hi - 64 * KiB, ial);
		p->initrd.size = mult(g, 4 * KiB, 2 * MiB, ial);
		if (p->initrd.base + p->initrd.size > c->hi)
			p->initrd.size = c->hi - p->initrd.base;
	}
	if (!c->qemu && chance(g, 60)) {
		p->fdt.present = p->fdt.has_base = true;
		p->fdt.base = mult(g, c->lo, c->hi - 4 * KiB, 64);
		p->fdt.size = mult(g, 1 * KiB, 256 * KiB, 64);
		if (p->fdt.base + p->fdt.size > c->hi)
			p->fdt.size = c->hi - p->fdt.base;
	}
	/* 6.12 reserves /memreserve/ after the dynamic regions: a known engine issue, drawn rarely */
	if (chance(g, c->v612 ? 6 : 25)) {
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
			dg_add_arg(args, sizeof(args), "cma=%s", dg_num(n1, sizeof(n1), size));
		} else if (k < 8) {
			uint64_t b = mult(g, c->lo, c->hi - sz, c->cma_align);

			dg_add_arg(args, sizeof(args), "cma=%s@%s", dg_num(n1, sizeof(n1), size),
				dg_num(n2, sizeof(n2), b));
		} else {
			uint64_t b = mult(g, 0, c->lo + (c->hi - c->lo) / 2, MiB);
			uint64_t l = mult(g, b + c->cma_align + MiB, c->hi + 16 * MiB, MiB);

			if (l == b + size)
				l += MiB;
			dg_add_arg(args, sizeof(args), "cma=%s@%s-%s", dg_num(n1, sizeof(n1), size),
				dg_num(n2, sizeof(n2), b), dg_num(n3, sizeof(n3), l));
		}
	}
	if (c->kside)
		dg_kside(c);
	if (c->v61)
		dg_args_61(c, args, sizeof(args), S);
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
	if (c->kside && chance(g, 4))
		gen_many_regions(c);
	return c->oom ? -1 : 0;
}
