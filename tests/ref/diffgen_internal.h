/* diffgen_internal.h - what the generator's files share: the random source, one draw's state */
#ifndef MEMX_DIFFGEN_INTERNAL_H
#define MEMX_DIFFGEN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/profile.h"
#include "diffref_internal.h" /* KiB, MiB, rup(), rdown(), min64() */

/* ---- splitmix64 ------------------------------------------------------------ */

struct rng {
	uint64_t s;
};

static inline uint64_t rnd(struct rng *g)
{
	uint64_t z = (g->s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static inline void rng_seed(struct rng *g, uint64_t seed, uint64_t index)
{
	g->s = seed * 0xD1B54A32D192ED03ULL ^ index;
	g->s = rnd(g) ^ index * 0x9E3779B97F4A7C15ULL;
}

static inline uint64_t below(struct rng *g, uint64_t n)
{
	return n ? rnd(g) % n : 0;
}

static inline bool chance(struct rng *g, unsigned pct)
{
	return below(g, 100) < pct;
}

/* A multiple of @m in [lo, hi] (lo rounded up when there is none). */
static inline uint64_t mult(struct rng *g, uint64_t lo, uint64_t hi, uint64_t m)
{
	uint64_t a = rup(lo, m), b = rdown(hi, m);

	if (b < a)
		return a;
	return a + below(g, (b - a) / m + 1) * m;
}

static inline uint64_t pow2(struct rng *g, unsigned lo_shift, unsigned hi_shift)
{
	return 1ULL << (lo_shift + below(g, hi_shift - lo_shift + 1));
}

/* ---- profile generator ------------------------------------------------------ */

struct gen {
	struct rng *g;
	struct mx_profile *p;
	enum mx_arch arch;
	bool v510;            /* the 5.10 rules or newer */
	bool v61;             /* a 6.x profile, 6.1 or 6.12 (every draw for it is guarded, see diffgen_profile) */
	bool v612;            /* a 6.12 profile (v61 is set too: 6.12 keeps the 6.1 rules it does not replace) */
	struct mx_range last_window; /* 6.12: the first alloc-ranges window of the last dynamic region */
	bool kside;           /* a kernel-side: section (6.1 cost models, older flavours' models) */
	bool lpae;            /* 32-bit ARM with LPAE (kernel-side: lpae) */
	bool qemu;            /* boot-loader: qemu places the initrd and the DTB */
	uint64_t cma_align;
	uint64_t lo, hi;      /* where static things go: the hull of the banks, 1 MiB rounded */
	uint64_t kbase, ksize;
	int oom;
};

/* diffgen_args.c: the command line and the kernel-side section of a draw */
__attribute__((format(printf, 3, 4)))
void dg_add_arg(char *buf, size_t len, const char *fmt, ...);
const char *dg_num(char *buf, size_t len, uint64_t v);
void dg_args_61(struct gen *c, char *args, size_t len, uint64_t S);
void dg_kside(struct gen *c);
void dg_usable(struct gen *c, uint64_t S);
uint64_t dg_arm_mem(struct gen *c, char *args, size_t len, uint64_t S);

#endif
