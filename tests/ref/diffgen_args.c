/* diffgen_args.c - the command line and kernel-side section of a random profile */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diffgen_internal.h"

/* Append one option to the command line being built. */
void dg_add_arg(char *buf, size_t len, const char *fmt, ...)
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
const char *dg_num(char *buf, size_t len, uint64_t v)
{
	if (v && !(v % MiB))
		snprintf(buf, len, "%lluM", (unsigned long long)(v >> 20));
	else if (v && !(v % KiB))
		snprintf(buf, len, "%lluK", (unsigned long long)(v >> 10));
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)v);
	return buf;
}

/*
 * 6.1 bootargs: crashkernel=, log_buf_len=, nr_cpus= and swiotlb= (arm64;
 * 32-bit ARM with LPAE). Memory that needs a bounce buffer mostly gets a
 * small one or none (the default 64 MiB rarely fits a 64 MiB window);
 * block mappings never meet crashkernel= (6.1 arm64 maps everything with
 * pages then: crash_mem_map).
 */
void dg_args_61(struct gen *c, char *args, size_t len, uint64_t S)
{
	struct rng *g = c->g;
	struct mx_profile *p = c->p;
	char n1[32], n2[32];
	uint64_t mend = p->memory[p->nmemory - 1].base + p->memory[p->nmemory - 1].size;
	bool past_dma = c->arch == MX_ARCH_ARM ? mend >= 4 * GiB :
			mend > rdown(p->memory[0].base, 4 * GiB) + 4 * GiB;

	if (c->v612 && c->arch == MX_ARCH_ARM64 && chance(g, past_dma ? 30 : 8) &&
	    !p->kside.linear_map_blocks) {
		/* reserve_crashkernel_generic(): SIZE,high [SIZE,low] */
		dg_add_arg(args, len, "crashkernel=%s,high",
			dg_num(n1, sizeof(n1), mult(g, 1 * MiB, min64(16 * MiB, S / 2), 1 * MiB)));
		if (chance(g, 50))
			dg_add_arg(args, len, "crashkernel=%s,low",
				dg_num(n1, sizeof(n1), mult(g, 1 * MiB, min64(8 * MiB, S / 4), 1 * MiB)));
	} else if (chance(g, 20) && !p->kside.linear_map_blocks) {
		uint64_t size = mult(g, 1 * MiB, min64(c->v612 ? 64 * MiB : 16 * MiB, S / 2), 1 * MiB);

		if (chance(g, 40)) {
			/* SECTION_SIZE alignment at a base on 32-bit ARM: 1 MiB, LPAE 2 MiB */
			uint64_t b = mult(g, c->lo, c->hi - size, c->arch == MX_ARCH_ARM ? MiB : 2 * MiB);

			dg_add_arg(args, len, "crashkernel=%s@%s", dg_num(n1, sizeof(n1), size),
				dg_num(n2, sizeof(n2), b));
		} else {
			dg_add_arg(args, len, "crashkernel=%s", dg_num(n1, sizeof(n1), size));
		}
	}
	if (chance(g, 30))
		dg_add_arg(args, len, "log_buf_len=%s",
			dg_num(n1, sizeof(n1), chance(g, 70) ? pow2(g, 16, 20) : mult(g, 32 * KiB, 1 * MiB, 4096)));
	/* nr_cpus=: 0 and values not below nr_cpu_ids are ignored */
	if (chance(g, 15))
		dg_add_arg(args, len, "nr_cpus=%u", (unsigned)below(g, p->kside.cpus + 3));
	if (c->arch == MX_ARCH_ARM && !c->lpae)
		return;
	if (past_dma || chance(g, 25)) {
		/*
		 * memory past the DMA limit needs a bounce buffer; or force one.
		 * Slab counts are rounded up to 128 and then to a power of two,
		 * areas to a power of two.
		 */
		unsigned k = (unsigned)below(g, 10);
		char areas[24] = "";

		if (chance(g, 20))
			snprintf(areas, sizeof(areas), ",%u", (unsigned)(1 + below(g, 12)));
		if (k < 2)
			dg_add_arg(args, len, "swiotlb=noforce");
		else if (k < 4 && c->arch == MX_ARCH_ARM)
			dg_add_arg(args, len, "swiotlb=force");
		else
			dg_add_arg(args, len, "swiotlb=%llu%s%s",
				(unsigned long long)(chance(g, 50) ? 1024ULL << below(g, 3) :
						     900 + below(g, 3200)),
				areas, k < 5 ? ",force" : "");
	}
}

/*
 * The kernel-side: section: configuration facts and the device tree's
 * shape. 6.1 reads all of it; the older flavours run the page-table,
 * unflattened-tree and hash models with it (and the memblock arrays).
 */
void dg_kside(struct gen *c)
{
	struct rng *g = c->g;
	struct mx_kside *k = &c->p->kside;
	static const uint64_t logbuf[] = { 16 * KiB, 32 * KiB, 64 * KiB, 128 * KiB, 256 * KiB, 0 };

	k->present = true;
	k->cpus = chance(g, 50) ? 1 : (unsigned)(chance(g, 20) ? 0 : 2 + below(g, 15));
	/* CONFIG_NR_CPUS below the tree's CPUs now and then */
	if (chance(g, 20))
		k->nr_cpus_max = (unsigned)(1 + below(g, 8));
	k->lpae = c->lpae;
	k->zone_dma = c->arch == MX_ARCH_ARM && chance(g, 50);
	/*
	 * page-tables: listed; more often on 3.18 arm64, where the engine's
	 * linear map is a known issue ("arm64-318-linear-map")
	 */
	k->page_tables_listed = chance(g, c->v510 ? 15 : c->arch == MX_ARCH_ARM64 ? 85 : 30);
	/*
	 * memblock's region arrays: small ones fill up before
	 * memblock_allow_resize() (a range lost) and double afterwards
	 */
	if (chance(g, 30))
		k->memblock_reserved = (unsigned)(4 + below(g, 13));
	if (chance(g, 15))
		k->memblock_memory = (unsigned)(4 + below(g, 13));
	if (c->v61) {
		k->page_extension = chance(g, 50);
		/* DEFERRED_STRUCT_PAGE_INIT depends on 64BIT: arm64 only */
		k->deferred_init = c->arch == MX_ARCH_ARM64 && chance(g, 50);
		k->linear_map_blocks = c->arch == MX_ARCH_ARM64 && chance(g, 30);
		k->log_buf = logbuf[below(g, 6)];
		/* page_ext: 32-bit PAGE_IDLE_FLAG (4 bytes), now and then more clients */
		if (chance(g, c->v612 ? 50 : 15))
			k->page_ext = chance(g, 70) ? 4 : (unsigned)(4 * (1 + below(g, 8)));
	}
	/* 3.18: mostly a measured tree ("old-unflatten-shape") */
	if (chance(g, c->v510 ? 70 : 15)) {
		k->has_dt = true;
		k->dt.nodes = (unsigned)(8 + below(g, 300));
		k->dt.props = k->dt.nodes * (unsigned)(2 + below(g, 4)) + (unsigned)below(g, 50);
		k->dt.unnamed = (unsigned)below(g, k->dt.nodes / 4 + 1);
		k->dt.names4 = 4ULL * (k->dt.nodes + k->dt.unnamed) * (2 + below(g, 5));
		k->dt.names8 = k->dt.names4 + 4ULL * below(g, k->dt.nodes + k->dt.unnamed + 1);
		k->dt.chosen_bootargs = chance(g, 50);
		k->dt.chosen_initrd = chance(g, 50);
		/* a measured size beats the shape */
		if (chance(g, 20))
			k->unflattened = 1 + below(g, 64 * KiB);
	} else if (chance(g, 70)) {
		k->unflattened = 1 + below(g, 64 * KiB);
	}
}

/*
 * linux,usable-memory-range (a kdump kernel's /chosen): the first range
 * caps memory, 6.1 adds the second back (a third is never read); older
 * flavours read one (5.10 arm64) or none. 64-aligned, inside the window;
 * on 6.1 32-bit ARM the first starts on a PMD (see the window above).
 */
void dg_usable(struct gen *c, uint64_t S)
{
	struct rng *g = c->g;
	struct mx_profile *p = c->p;
	bool arm61 = c->v61 && c->arch == MX_ARCH_ARM;
	uint64_t m = chance(g, 50) ? 4096 : 64, b, e;
	/* 6.1 arm64 across 4 GiB: see the end */
	bool cross = c->v61 && c->arch == MX_ARCH_ARM64 && c->lo < 4 * GiB &&
		     c->hi > 4 * GiB + 64 * KiB;
	size_t n;

	if (!chance(g, cross ? 40 : c->v61 ? 15 : 8))
		return;
	n = cross && chance(g, 60) ? 2 : 1 + below(g, 3);
	p->usable = calloc(n, sizeof(*p->usable));
	if (!p->usable) {
		c->oom = 1;
		return;
	}
	p->nusable = n;
	b = arm61 ? p->memory[0].base + mult(g, 0, S / 4, 2 * MiB) : mult(g, c->lo, c->lo + S / 4, m);
	e = mult(g, b + S / 2, c->hi, m);
	p->usable[0].base = b;
	p->usable[0].size = e - b;
	for (size_t i = 1; i < n; i++) {
		b = mult(g, c->lo, c->hi - 64 * KiB, m);
		p->usable[i].base = b;
		p->usable[i].size = mult(g, 64 * KiB, min64(S / 4, c->hi - b), m);
	}
	/*
	 * 6.1 arm64 across 4 GiB: memory that ends less than a page past the
	 * DMA limit (PFN_DOWN(end) is the limit's: no bounce buffer)
	 */
	if (cross && n > 1 && p->usable[0].base + S / 2 < 4 * GiB - 64 * KiB && chance(g, 70)) {
		p->usable[0].size = mult(g, S / 2, 4 * GiB - 64 * KiB - p->usable[0].base, 4096);
		p->usable[1].base = 4 * GiB - mult(g, 4096, 64 * KiB, 4096);
		p->usable[1].size = 4 * GiB + 64 * (1 + below(g, 63)) - p->usable[1].base;
	}
}

/* A size or base as early_mem() gets it: page-aligned or not. */
static uint64_t arm_mem_num(struct gen *c, uint64_t lo, uint64_t hi)
{
	unsigned k = (unsigned)below(c->g, 10);

	return mult(c->g, lo, hi, k < 6 ? 4096 : k < 9 ? 64 : 1);
}

/*
 * 32-bit ARM mem= (early_mem(): the first one drops the tree's memory,
 * each adds [PHYS_OFFSET or @B, +N), page-aligned, nothing below
 * PHYS_OFFSET, past 4 GiB cut without LPAE). 6.1 keeps every bank start
 * on a PMD (see the window above). Returns where memory starts, for the
 * vmalloc limit.
 */
uint64_t dg_arm_mem(struct gen *c, char *args, size_t len, uint64_t S)
{
	struct rng *g = c->g;
	uint64_t po = rdown(c->kbase, 16 * MiB), n, b;
	char n1[32], n2[32], n3[32];
	unsigned k = (unsigned)below(g, 100);

	if (k < 10) {
		n = arm_mem_num(c, max64(4 * MiB, S / 4), S + 8 * MiB);
		dg_add_arg(args, len, "mem=%s", dg_num(n1, sizeof(n1), n));
		return po;
	}
	if (k < 16) {
		if (c->v61)
			b = mult(g, po, po + S / 2, 2 * MiB);
		else if (chance(g, 20) && po >= 4 * MiB)
			b = arm_mem_num(c, po - 4 * MiB, po); /* partly below PHYS_OFFSET */
		else
			b = arm_mem_num(c, po, po + S / 2);
		n = arm_mem_num(c, 4 * MiB, S) + (b < po ? po - b : 0);
		dg_add_arg(args, len, "mem=%s@%s", dg_num(n1, sizeof(n1), n), dg_num(n2, sizeof(n2), b));
		return max64(rup(b, 4096), po);
	}
	if (k < 19 || (k < 21 && !c->lpae && c->lo >= 0xC0000000u)) {
		/* two banks; now and then (no LPAE) the second runs past 4 GiB */
		uint64_t n0 = arm_mem_num(c, 4 * MiB, max64(4 * MiB, S / 2));

		if (k >= 19) {
			b = 0xFF000000u + mult(g, 0, 8 * MiB, c->v61 ? 2 * MiB : 4096);
			n = 32 * MiB;
		} else {
			b = mult(g, po + n0 + MiB, po + n0 + S, c->v61 ? 2 * MiB : 4096);
			n = arm_mem_num(c, MiB, max64(MiB, S / 2));
		}
		dg_add_arg(args, len, "mem=%s mem=%s@%s", dg_num(n1, sizeof(n1), n0), dg_num(n2, sizeof(n2), n),
			dg_num(n3, sizeof(n3), b));
		return po;
	}
	return rup(c->p->memory[0].base, 4096);
}
