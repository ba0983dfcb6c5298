/* diffref.c - the reference model: doc/engine.md replayed on a 64-byte granule array (see diffref.h) */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diffref.h"

/*
 * Where doc/engine.md is silent, the reference reads it as follows (each
 * reading is also what the kernel does; the engine agrees with all of them):
 *  - pages join the buddy allocator only if they are in memory, for every
 *    release (the text says so for the initrd and CMA only);
 *  - "cma=S@B is fixed at B" is refused when [B, B+S) overlaps reserved memory
 *    or crosses the HighMem start, and nothing else is checked;
 *  - a CMA area is activated when its first and last pages lie in the span of
 *    one zone (a page past the last memory pfn is in no zone);
 *  - from mem_init on, the stage's reserved = memory - totalram saturates at 0;
 *  - a 32-bit ARM memblock limit that rounds down to 0 counts as unset (the
 *    lowmem limit applies);
 *  - SPARSEMEM: a root page that does not fit ends the root walk, and that
 *    section and all later ones are not present; usemaps that do not fit mean
 *    no memmap buffer; without the buffer nothing is populated (no page
 *    tables); pieces of size 0 are not allocated.
 * And where it is ambiguous:
 *  - a "memory pfn" (first/last memory pfn, present sections) is a page
 *    wholly in memory, as physpages and present count them;
 *  - a region given back (5.10) leaves reserved even when it is no-map, and a
 *    static no-map region whose reservation step 8 refused is still
 *    initialised (and so given back) in step 9, as the text says for every
 *    enabled region.
 */

#define GRAN 64u
#define G_MEM 1u   /* the whole granule is in memblock.memory */
#define G_RSV 2u   /* some byte of the granule is in memblock.reserved */
#define G_NOMAP 4u /* NOMAP: the 6.x rule; 3.18 and 5.10 remove instead, so never set */
#define G_FREE G_MEM /* the only value of a free granule */

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define NONE UINT64_MAX

struct cma_area {
	uint64_t base, size;
};

struct range {
	uint64_t s, e;
};

struct ref {
	const struct mx_profile *p;
	struct dref_result *r;
	bool oom;

	/* settings resolved from the profile, per doc/engine.md and profile.h */
	bool v510; /* the 5.10 flavour's rules; else 3.18's */
	enum mx_arch arch;
	uint64_t page;
	uint64_t sp; /* sizeof(struct page) */
	bool sparse, vmemmap, extreme;
	unsigned max_order, pb_order, mpb, ssb;
	uint64_t mo_nr;     /* MAX_ORDER_NR_PAGES */
	uint64_t cma_align; /* PAGE_SIZE << max(MAX_ORDER - 1, pageblock_order) */
	uint64_t kbase, init_base, pgd_base, pgd_size;
	bool cma_cmdline, cma_fixed;
	uint64_t cma_cmd_size, cma_cmd_base, cma_cmd_limit;
	uint64_t mem_limit, mem_base;
	bool has_mem_base;

	/* state */
	uint64_t lo, hi; /* the span both arrays cover */
	size_t ngran, npages;
	uint8_t *g;     /* per granule: G_* */
	uint8_t *pmem;  /* per page: how many of its granules are memory (a cache of g) */
	uint8_t *pfree; /* per page: how many of its granules are free (a cache of g) */
	uint8_t *buddy; /* per page: handed to the buddy allocator */
	uint64_t current_limit;
	uint64_t hs;         /* HighMem start; NONE without highmem */
	uint64_t zbound_pfn; /* first pfn of the upper zone */
	bool after_mem_init;
	struct cma_area cma[64];
	size_t ncma;
	bool dt_default;
	int initrd_item; /* -1: refused or absent */
	bool *rplaced;   /* per region: reserved range known (static, or placed dynamic) */
	uint64_t *rbase, *rsize;
	bool have_map; /* FLATMEM node map placed */
	uint64_t map_base, map_pfn0, map_size;
	uint64_t fixup_map_freed;
	int memmap_occ;
};

/* ---- small helpers ---------------------------------------------------- */

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

static uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

__attribute__((format(printf, 2, 3)))
static void unsupported(struct ref *R, const char *fmt, ...)
{
	va_list ap;

	if (R->r->unsupported[0])
		return;
	va_start(ap, fmt);
	vsnprintf(R->r->unsupported, sizeof(R->r->unsupported), fmt, ap);
	va_end(ap);
}

static bool has_compat(const struct mx_region *r, const char *c)
{
	for (size_t i = 0; i < r->ncompatible; i++)
		if (r->compatible[i] && !strcmp(r->compatible[i], c))
			return true;
	return false;
}

/* ---- the granule array ------------------------------------------------- */

#define GPP 64 /* granules per 4 KiB page */

/* Refresh the per-page counts of the pages holding granules [gb, ge). */
static void recount(struct ref *R, size_t gb, size_t ge)
{
	for (size_t pg = gb / GPP; pg < R->npages && pg * GPP < ge; pg++) {
		unsigned m = 0, f = 0;

		for (size_t i = pg * GPP; i < (pg + 1) * GPP; i++) {
			m += R->g[i] & G_MEM;
			f += R->g[i] == G_FREE;
		}
		R->pmem[pg] = (uint8_t)m;
		R->pfree[pg] = (uint8_t)f;
	}
}

/*
 * Granules touched by [b, e), clipped to the span. @strict: a range reaching
 * outside the span is a generator bug (the span is the window everything is
 * generated in), so say so.
 */
static bool gspan(struct ref *R, uint64_t b, uint64_t e, bool strict, size_t *gb, size_t *ge)
{
	if (e < b)
		unsupported(R, "range at %#llx wraps around", (unsigned long long)b);
	if (e <= b)
		return false;
	if (strict && (b < R->lo || e > R->hi))
		unsupported(R, "range [%#llx, %#llx) leaves the span [%#llx, %#llx)",
			    (unsigned long long)b, (unsigned long long)e,
			    (unsigned long long)R->lo, (unsigned long long)R->hi);
	b = max64(b, R->lo);
	e = min64(e, R->hi);
	if (e <= b)
		return false;
	*gb = (size_t)((b - R->lo) / GRAN);
	*ge = (size_t)((rup(e, GRAN) - R->lo) / GRAN);
	return true;
}

static void gset(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	size_t gb, ge;

	if (gspan(R, b, e, true, &gb, &ge)) {
		for (size_t i = gb; i < ge; i++)
			R->g[i] = (uint8_t)(R->g[i] | bit);
		recount(R, gb, ge);
	}
}

static void gclear(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	size_t gb, ge;

	if (gspan(R, b, e, true, &gb, &ge)) {
		for (size_t i = gb; i < ge; i++)
			R->g[i] = (uint8_t)(R->g[i] & ~bit);
		recount(R, gb, ge);
	}
}

/* Some granule touching [b, e) has @bit (outside the span nothing has). */
static bool gany(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	size_t gb, ge;

	if (gspan(R, b, e, false, &gb, &ge))
		for (size_t i = gb; i < ge; i++)
			if (R->g[i] & bit)
				return true;
	return false;
}

/* Every granule of [b, e) has @bit; nothing outside the span is memory. */
static bool gall(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	size_t gb, ge;

	if (b < R->lo || e > R->hi)
		return false;
	if (!gspan(R, b, e, false, &gb, &ge))
		return true;
	for (size_t i = gb; i < ge; i++)
		if (!(R->g[i] & bit))
			return false;
	return true;
}

/* Page @i of the span is wholly memory / wholly free (all 64 granules). */
static bool page_mem(const struct ref *R, size_t i)
{
	return R->pmem[i] == GPP;
}

static bool page_free(const struct ref *R, size_t i)
{
	return R->pfree[i] == GPP;
}

static uint64_t pfn0(const struct ref *R)
{
	return R->lo / R->page;
}

/*
 * The whole pages inside [b, e) join the buddy allocator. Only pages of
 * memory: doc/engine.md says so for the initrd and CMA and is silent for the
 * other releases; the buddy allocator can only be handed pages that exist
 * (and "reserved = memory - totalram" assumes it), so every release is read
 * that way.
 */
static void buddy_add(struct ref *R, uint64_t b, uint64_t e)
{
	uint64_t pb = rup(b, R->page) / R->page, pe = e / R->page;

	for (uint64_t pfn = pb; pfn < pe; pfn++) {
		size_t i;

		if (pfn < pfn0(R) || pfn - pfn0(R) >= R->npages)
			continue; /* outside the span nothing is memory */
		i = (size_t)(pfn - pfn0(R));
		if (page_mem(R, i))
			R->buddy[i] = 1;
	}
}

/* The whole pages inside [b, e) leave memblock.reserved. */
static void unreserve_pages(struct ref *R, uint64_t b, uint64_t e)
{
	uint64_t pb = rup(b, R->page), pe = rdown(e, R->page);

	if (pe > pb)
		gclear(R, pb, pe, G_RSV);
}

static uint64_t bytes_of_whole_pages(const struct ref *R, uint64_t b, uint64_t e)
{
	uint64_t pb = rup(b, R->page), pe = rdown(e, R->page);

	return pe > pb ? pe - pb : 0;
}

/* memblock.memory as ranges, from the granules (memory is granule-exact). */
static size_t mem_ranges(struct ref *R, struct range **out)
{
	size_t n = 0, max = 8;
	struct range *v = malloc(max * sizeof(*v));

	if (!v) {
		R->oom = true;
		*out = NULL;
		return 0;
	}
	for (size_t i = 0; i < R->ngran; i++) {
		uint64_t a = R->lo + (uint64_t)i * GRAN;

		if (!(R->g[i] & G_MEM))
			continue;
		if (n && v[n - 1].e == a) {
			v[n - 1].e = a + GRAN;
			continue;
		}
		if (n == max) {
			struct range *nv = realloc(v, 2 * max * sizeof(*v));

			if (!nv) {
				R->oom = true;
				break;
			}
			v = nv;
			max *= 2;
		}
		v[n].s = a;
		v[n].e = a + GRAN;
		n++;
	}
	*out = v;
	return n;
}

static bool mem_first_last(const struct ref *R, uint64_t *start, uint64_t *end)
{
	size_t i, j;

	for (i = 0; i < R->ngran && !(R->g[i] & G_MEM); i++)
		;
	if (i == R->ngran)
		return false;
	for (j = R->ngran; !(R->g[j - 1] & G_MEM); j--)
		;
	*start = R->lo + (uint64_t)i * GRAN;
	*end = R->lo + (uint64_t)j * GRAN;
	return true;
}

/*
 * Top-down placement by the written rule: candidates round_down(hi - size,
 * align), stepping down by align, each checked granule by granule. Two
 * shortcuts keep it fast without changing the answer: a wholly free page is
 * passed in one step (its count says all 64 granules are free), and when a
 * candidate hits a busy granule every candidate still covering it (or the
 * wholly busy pages right below it) is busy too, so the walk resumes below.
 */
static bool place(struct ref *R, uint64_t size, uint64_t align, uint64_t lo, uint64_t hi,
		  uint64_t *out)
{
	uint64_t cand;

	lo = max64(lo, R->page); /* memblock never hands out the first page */
	lo = max64(lo, R->lo);   /* nothing below the span is memory */
	hi = min64(hi, R->hi);
	if (!size || hi < lo || hi - lo < size)
		return false;
	cand = rdown(hi - size, align);
	while (cand >= lo) {
		size_t gb = (size_t)((cand - R->lo) / GRAN);
		size_t ge = (size_t)((rup(cand + size, GRAN) - R->lo) / GRAN);
		size_t i = ge, busy = ge;
		uint64_t ga, next;

		while (i > gb) {
			size_t pg = (i - 1) / GPP;

			if (i % GPP == 0 && i - GPP >= gb && R->pfree[pg] == GPP) {
				i -= GPP;
				continue;
			}
			i--;
			if (R->g[i] != G_FREE) {
				busy = i;
				break;
			}
		}
		if (busy == ge) {
			*out = cand;
			gset(R, cand, cand + size, G_RSV);
			return true;
		}
		/* lowest busy granule known: the bottom of the wholly busy pages below */
		if (R->pfree[busy / GPP] == 0) {
			size_t pg = busy / GPP;

			while (pg > 0 && R->pfree[pg - 1] == 0)
				pg--;
			busy = pg * GPP;
		}
		ga = R->lo + (uint64_t)busy * GRAN;
		if (ga < size)
			return false;
		next = rdown(ga - size, align);
		if (next >= cand) {
			if (cand < align)
				return false;
			next = cand - align;
		}
		cand = next;
	}
	return false;
}

/* ---- items and stages ---------------------------------------------------- */

static int item(struct ref *R, enum dref_class cls, int idx, int occ, enum mx_item_kind kind,
		const char *name, enum dref_state state, uint64_t base, uint64_t size)
{
	struct dref_result *r = R->r;
	struct dref_item *it;

	if (r->nitems == r->maxitems) {
		size_t max = r->maxitems ? 2 * r->maxitems : 32;
		struct dref_item *n = realloc(r->items, max * sizeof(*n));

		if (!n) {
			R->oom = true;
			return -1;
		}
		r->items = n;
		r->maxitems = max;
	}
	it = &r->items[r->nitems];
	memset(it, 0, sizeof(*it));
	it->cls = cls;
	it->idx = idx;
	it->occ = occ;
	it->kind = kind;
	it->name = name;
	it->state = state;
	if (state != DREF_DISABLED) {
		it->base = state == DREF_FAILED ? 0 : base;
		it->size = size; /* what was asked for, when failed */
	}
	return (int)r->nitems++;
}

static int memmap_item(struct ref *R, enum mx_item_kind kind, const char *name, bool ok,
		       uint64_t base, uint64_t size)
{
	return item(R, DREF_C_MEMMAP, 0, R->memmap_occ++, kind, name,
		    ok ? DREF_PLACED : DREF_FAILED, base, size);
}

static uint64_t cma_pages(const struct ref *R)
{
	uint64_t s = 0;

	for (size_t i = 0; i < R->ncma; i++)
		s += R->cma[i].size;
	return s / R->page;
}

static void count(const struct ref *R, uint64_t *mem, uint64_t *freep, uint64_t *buddy,
		  uint64_t *high)
{
	uint64_t hs_pfn = R->hs == NONE ? NONE : R->hs / R->page;

	*mem = *freep = *buddy = *high = 0;
	for (size_t i = 0; i < R->npages; i++) {
		*mem += page_mem(R, i);
		*freep += page_free(R, i);
		if (R->buddy[i]) {
			(*buddy)++;
			*high += pfn0(R) + i >= hs_pfn;
		}
	}
}

static void stage(struct ref *R, enum mx_step step)
{
	struct dref_result *r = R->r;
	struct mx_counters *k = &r->after[r->nstages];
	uint64_t mem, freep, buddy, high;

	count(R, &mem, &freep, &buddy, &high);
	r->steps[r->nstages++] = step;
	k->memory = mem;
	/*
	 * "memory - totalram" from mem_init on, saturating: memory can shrink
	 * under pages already released (a fix-up keeping part of a CMA area).
	 */
	k->reserved = !R->after_mem_init ? mem - freep : mem > buddy ? mem - buddy : 0;
	k->totalram = buddy;
	k->cma = cma_pages(R);
	k->highram = high;
}

/* ---- settings ---------------------------------------------------------- */

/* memparse: decimal or 0x hex, optional K/M/G suffix. */
static bool parse_num(const char **sp, uint64_t *out)
{
	const char *s = *sp;
	uint64_t v = 0;
	int digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		for (;; s++, digits++) {
			int d = *s >= '0' && *s <= '9' ? *s - '0' :
				*s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
				*s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;
			if (d < 0)
				break;
			v = v * 16 + (uint64_t)d;
		}
	} else {
		for (; *s >= '0' && *s <= '9'; s++, digits++)
			v = v * 10 + (uint64_t)(*s - '0');
	}
	if (!digits)
		return false;
	switch (*s) {
	case 'K': case 'k': v <<= 10; s++; break;
	case 'M': case 'm': v <<= 20; s++; break;
	case 'G': case 'g': v <<= 30; s++; break;
	default: break;
	}
	*out = v;
	*sp = s;
	return true;
}

/* cma=size[@base[-limit]] and mem=size[@base]; anything else is not generated. */
static void parse_bootargs(struct ref *R, const char *s)
{
	while (s && *s) {
		const char *end;
		size_t n;
		uint64_t a, b, c;

		while (*s == ' ')
			s++;
		end = strchr(s, ' ');
		n = end ? (size_t)(end - s) : strlen(s);
		if (!n)
			break;
		if (!strncmp(s, "cma=", 4)) {
			const char *q = s + 4;

			if (!parse_num(&q, &a))
				goto bad;
			R->cma_cmdline = true;
			R->cma_cmd_size = a;
			R->cma_cmd_base = 0;
			R->cma_cmd_limit = 0;
			R->cma_fixed = false;
			if (*q == '@') {
				q++;
				if (!parse_num(&q, &b))
					goto bad;
				R->cma_cmd_base = b;
				if (*q == '-') {
					q++;
					if (!parse_num(&q, &c))
						goto bad;
					R->cma_cmd_limit = c;
				} else {
					R->cma_fixed = true; /* "cma=S@B is fixed at B" */
				}
			}
			if (q != s + n)
				goto bad;
		} else if (!strncmp(s, "mem=", 4)) {
			const char *q = s + 4;

			if (!parse_num(&q, &a))
				goto bad;
			R->mem_limit = a;
			if (*q == '@') {
				q++;
				if (!parse_num(&q, &b))
					goto bad;
				R->has_mem_base = true;
				R->mem_base = b;
			}
			if (q != s + n)
				goto bad;
		} else {
			goto bad;
		}
		s += n;
		continue;
bad:
		unsupported(R, "bootargs '%s' not modelled", s);
		return;
	}
}

static bool flavour_510(const char *v)
{
	unsigned maj = 0, min = 0;

	if (!v || !*v)
		return true; /* the newest flavour */
	if (sscanf(v, "%u.%u", &maj, &min) != 2)
		return true;
	return maj * 1000 + min >= 4014;
}

static void resolve(struct ref *R)
{
	const struct mx_profile *p = R->p;
	const struct mx_kernel_image *k = &p->kernel_image;

	R->v510 = flavour_510(p->kernel);
	R->arch = p->arch;
	if (R->arch == MX_ARCH_NONE)
		unsupported(R, "no arch");
	R->page = p->page_size ? p->page_size : 4096;
	if (R->page != 4096)
		unsupported(R, "page size %llu", (unsigned long long)R->page);
	R->sp = p->struct_page ? p->struct_page : R->arch == MX_ARCH_ARM ? 32 : 64;
	R->sparse = p->model == MX_MM_SPARSE ||
		    (p->model == MX_MM_DEFAULT && R->arch != MX_ARCH_ARM);
	R->vmemmap = p->vmemmap >= 0 ? p->vmemmap != 0 : R->arch != MX_ARCH_ARM;
	R->extreme = p->extreme >= 0 ? p->extreme != 0 : R->arch != MX_ARCH_ARM;
	R->max_order = p->max_order ? p->max_order : 11;
	/* per arch: MAX_ORDER - 1 on 32-bit ARM, the 2 MiB HUGETLB order elsewhere */
	R->pb_order = p->pageblock_order ? p->pageblock_order :
		      R->arch == MX_ARCH_ARM ? R->max_order - 1 : 9;
	R->mpb = p->max_physmem_bits;
	R->ssb = p->section_size_bits;
	if (R->sparse && (!R->mpb || !R->ssb))
		unsupported(R, "SPARSEMEM without explicit section sizes");
	R->mo_nr = 1ULL << (R->max_order - 1);
	R->cma_align = R->page << (R->max_order - 1 > R->pb_order ? R->max_order - 1 : R->pb_order);
	if (!p->nmemory) {
		unsupported(R, "no memory");
		return;
	}
	R->kbase = k->has_base ? k->base :
		   p->memory[0].base + (R->arch == MX_ARCH_ARM ? 0x8000 : 2 * MiB);
	R->init_base = k->has_init_base ? k->init_base : rup(R->kbase + k->code + k->rodata, R->page);
	R->pgd_size = p->pgd.present ? p->pgd.size : 16 * KiB;
	R->pgd_base = p->pgd.present && p->pgd.has_base ? p->pgd.base : R->kbase - R->pgd_size;
	if (p->fdt.present && !p->fdt.has_base)
		unsupported(R, "fdt without a base");
	if (p->initrd.present && !p->initrd.has_base)
		unsupported(R, "initrd without a base");
	parse_bootargs(R, p->bootargs);
}

/* ---- the steps ------------------------------------------------------------ */

static void step_dram(struct ref *R)
{
	for (size_t i = 0; i < R->p->nmemory; i++) {
		uint64_t b = rup(R->p->memory[i].base, R->page);
		uint64_t e = rdown(R->p->memory[i].base + R->p->memory[i].size, R->page);

		if (R->arch == MX_ARCH_ARM)
			e = min64(e, 4 * GiB); /* no LPAE: memory above 4 GiB is ignored */
		if (e > b)
			gset(R, b, e, G_MEM);
	}
}

static void step_mem_limit(struct ref *R)
{
	if (R->has_mem_base) {
		gclear(R, R->lo, R->hi, G_MEM);
		gset(R, R->mem_base, R->mem_base + R->mem_limit, G_MEM);
	} else if (R->mem_limit) {
		uint64_t left;

		if (R->mem_limit % GRAN)
			unsupported(R, "mem= not a multiple of 64");
		left = R->mem_limit / GRAN;
		for (size_t i = 0; i < R->ngran; i++) {
			if (!(R->g[i] & G_MEM))
				continue;
			if (left)
				left--;
			else
				R->g[i] = (uint8_t)(R->g[i] & ~G_MEM);
		}
		recount(R, 0, R->ngran);
	}
}

static uint64_t page_offset(enum mx_vmsplit v)
{
	switch (v) {
	case MX_VMSPLIT_3G_OPT: return 0xB0000000u;
	case MX_VMSPLIT_2G: return 0x80000000u;
	case MX_VMSPLIT_1G: return 0x40000000u;
	default: return 0xC0000000u;
	}
}

static void step_lowmem(struct ref *R)
{
	uint64_t phys_offset = rdown(R->kbase, 16 * MiB);
	uint64_t vend = R->v510 ? 0xff800000u : 0xff000000u;
	uint64_t po = page_offset(R->p->vmsplit);
	uint64_t vm = R->p->vmalloc_size ? R->p->vmalloc_size : 240 * MiB;
	uint64_t vmalloc_min = vend - min64(vm + 8 * MiB, vend - po);
	uint64_t vlimit = vmalloc_min - po + phys_offset;
	uint64_t lowmem = 0, odd = 0;
	bool any = false, have_odd = false;
	struct range *v;
	size_t n = mem_ranges(R, &v);

	/*
	 * "a lowmem range ends off a 1 MiB boundary" could mean the clipped or
	 * the raw end; with a 1 MiB aligned vmalloc limit (all the generator
	 * makes) both readings agree.
	 */
	if (vlimit % MiB)
		unsupported(R, "vmalloc limit %#llx not 1 MiB aligned", (unsigned long long)vlimit);
	for (size_t i = 0; i < n; i++) {
		if (v[i].s >= vlimit)
			break; /* it and every later range are highmem */
		lowmem = min64(v[i].e, vlimit);
		any = true;
		if (!have_odd && v[i].s % MiB) {
			odd = v[i].s;
			have_odd = true;
		} else if (!have_odd && lowmem % MiB) {
			odd = lowmem;
			have_odd = true;
		}
	}
	free(v);
	if (!any) {
		unsupported(R, "no lowmem at all");
		return;
	}
	R->hs = lowmem;
	/* VMALLOC_START: the virtual end of lowmem + 8 MiB, rounded down to 8 MiB */
	R->r->vmalloc_total = vend - rdown(lowmem - phys_offset + po + 8 * MiB, 8 * MiB);
	/* as sanity_check_meminfo(): a limit that rounds down to 0 counts as unset */
	R->current_limit = have_odd && rdown(odd, MiB) ? rdown(odd, MiB) : lowmem;
	R->r->has_lowmem_limit = true;
	R->r->lowmem_limit = lowmem;
}

static void step_kernel(struct ref *R)
{
	uint64_t size = R->p->kernel_image.size;

	if (size)
		gset(R, R->kbase, R->kbase + size, G_RSV);
	item(R, DREF_C_KERNEL, 0, 0, MX_ITEM_KERNEL, "kernel image", DREF_PLACED, R->kbase, size);
}

static void step_initrd(struct ref *R)
{
	const struct mx_blob *b = &R->p->initrd;
	uint64_t e = b->base + b->size;

	R->initrd_item = -1;
	if (!b->present)
		return;
	if (!gall(R, b->base, e, G_MEM) || gany(R, b->base, e, G_RSV)) {
		item(R, DREF_C_INITRD, 0, 0, MX_ITEM_INITRD, "initrd", DREF_REFUSED, b->base, b->size);
		return;
	}
	gset(R, b->base, e, G_RSV);
	R->initrd_item = item(R, DREF_C_INITRD, 0, 0, MX_ITEM_INITRD, "initrd", DREF_PLACED,
			      b->base, b->size);
}

static void step_pgd(struct ref *R)
{
	gset(R, R->pgd_base, R->pgd_base + R->pgd_size, G_RSV);
	item(R, DREF_C_PGD, 0, 0, MX_ITEM_PGD, "swapper_pg_dir", DREF_PLACED, R->pgd_base,
	     R->pgd_size);
}

static void step_fdt(struct ref *R)
{
	const struct mx_profile *p = R->p;

	if (p->fdt.present) {
		gset(R, p->fdt.base, p->fdt.base + p->fdt.size, G_RSV);
		item(R, DREF_C_FDT, 0, 0, MX_ITEM_FDT, "device tree blob", DREF_PLACED, p->fdt.base,
		     p->fdt.size);
	}
	for (size_t i = 0; i < p->nmemreserve; i++) {
		const struct mx_range *m = &p->memreserve[i];

		gset(R, m->base, m->base + m->size, G_RSV);
		item(R, DREF_C_MEMRESERVE, 0, (int)i, MX_ITEM_MEMRESERVE, "/memreserve/", DREF_PLACED,
		     m->base, m->size);
	}
}

static void step_rmem_static(struct ref *R)
{
	const struct mx_profile *p = R->p;

	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];
		int occ = 0;

		if (r->flags & MX_REGION_DISABLED) {
			item(R, DREF_C_REGION, (int)i, 0, MX_ITEM_STATIC, r->name, DREF_DISABLED, 0, 0);
			continue;
		}
		if (!r->nreg)
			continue;
		if (r->has_size)
			unsupported(R, "region with reg and size");
		R->rplaced[i] = true;
		R->rbase[i] = r->reg[0].base;
		R->rsize[i] = r->reg[0].size;
		for (size_t j = 0; j < r->nreg; j++) {
			uint64_t b = r->reg[j].base, e = b + r->reg[j].size;
			enum dref_state st = DREF_PLACED;

			if (b == e) {
				unsupported(R, "zero-size reg entry");
				continue;
			}
			if (r->flags & MX_REGION_NOMAP) {
				if (R->v510 && gany(R, b, e, G_RSV))
					st = DREF_REFUSED; /* no-map over reserved memory */
				else
					gclear(R, b, e, G_MEM);
			} else {
				gset(R, b, e, G_RSV);
			}
			item(R, DREF_C_REGION, (int)i, occ++, MX_ITEM_STATIC, r->name, st, b, e - b);
		}
	}
}

/*
 * lib/sort.c (v5.1+) sort_r() on an index array, keys (base, size): the
 * bottom-up heapsort, element for element, because its permutation of equal
 * keys (every dynamic region is (0, 0)) is what the 5.10 rule is about.
 */
static int key_cmp(const uint64_t *kb, const uint64_t *ks, size_t a, size_t b)
{
	if (kb[a] != kb[b])
		return kb[a] < kb[b] ? -1 : 1;
	if (ks[a] != ks[b])
		return ks[a] < ks[b] ? -1 : 1;
	return 0;
}

static void heapsort_idx(size_t *v, const uint64_t *kbase, const uint64_t *ksize, size_t num)
{
	size_t n = num, a = num / 2;

	if (!a)
		return;
	for (;;) {
		size_t b, c, d, t;

		if (a) {
			a--;
		} else if (--n) {
			t = v[0];
			v[0] = v[n];
			v[n] = t;
		} else {
			break;
		}
		for (b = a; c = 2 * b + 1, (d = c + 1) < n;)
			b = key_cmp(kbase, ksize, v[c], v[d]) >= 0 ? c : d;
		if (d == n)
			b = c;
		while (b != a && key_cmp(kbase, ksize, v[a], v[b]) >= 0)
			b = (b - 1) / 2;
		c = b;
		while (b != a) {
			b = (b - 1) / 2;
			t = v[b];
			v[b] = v[c];
			v[c] = t;
		}
	}
}

static void step_rmem_dynamic(struct ref *R)
{
	const struct mx_profile *p = R->p;
	size_t *order = calloc(p->nregions + 1, sizeof(*order));
	uint64_t *kb = calloc(p->nregions + 1, sizeof(*kb));
	uint64_t *ks = calloc(p->nregions + 1, sizeof(*ks));
	size_t n = 0;

	if (!order || !kb || !ks) {
		R->oom = true;
		goto out;
	}
	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];

		if (r->flags & MX_REGION_DISABLED)
			continue;
		if (!r->nreg && !(r->has_size && r->size)) {
			unsupported(R, "region without reg or size");
			continue;
		}
		kb[i] = r->nreg ? r->reg[0].base : 0;
		ks[i] = r->nreg ? r->reg[0].size : 0;
		order[n++] = i;
	}
	if (R->v510)
		heapsort_idx(order, kb, ks, n);

	for (size_t k = 0; k < n; k++) {
		size_t i = order[k];
		const struct mx_region *r = &p->regions[i];
		bool nomap = r->flags & MX_REGION_NOMAP;
		bool pool = has_compat(r, "shared-dma-pool");
		bool reusable = r->flags & MX_REGION_REUSABLE;
		bool refused = false, is_cma = false;
		uint64_t base, size;
		int it;

		if (!r->nreg) {
			uint64_t align = r->align ? r->align : R->v510 ? 64 : R->page;
			bool ok = false;

			if (pool && reusable && !nomap)
				align = max64(align, R->cma_align);
			size = r->size;
			if (nomap && size % GRAN)
				unsupported(R, "dynamic no-map size not a multiple of 64");
			base = 0;
			if (r->nalloc_ranges) {
				for (size_t w = 0; w < r->nalloc_ranges && !ok; w++)
					ok = place(R, size, align, r->alloc_ranges[w].base,
						   r->alloc_ranges[w].base + r->alloc_ranges[w].size,
						   &base);
			} else {
				ok = place(R, size, align, 0, NONE, &base);
			}
			if (!ok) {
				item(R, DREF_C_REGION, (int)i, 0, MX_ITEM_DYNAMIC, r->name, DREF_FAILED,
				     0, size);
				continue;
			}
			it = item(R, DREF_C_REGION, (int)i, 0, MX_ITEM_DYNAMIC, r->name, DREF_PLACED,
				  base, size);
			if (nomap)
				gclear(R, base, base + size, G_MEM);
			R->rplaced[i] = true;
			R->rbase[i] = base;
			R->rsize[i] = size;
		} else {
			base = r->reg[0].base;
			size = r->reg[0].size;
			it = -1;
			for (size_t j = 0; j < R->r->nitems; j++)
				if (R->r->items[j].cls == DREF_C_REGION && R->r->items[j].idx == (int)i &&
				    R->r->items[j].occ == 0)
					it = (int)j;
		}

		/* init: the handlers of __reservedmem_of_table */
		if (pool && reusable && !nomap) {
			if (base % R->cma_align || size % R->cma_align)
				refused = true; /* cma-alignment */
			else if ((r->flags & MX_REGION_CMA_DEFAULT) && R->v510 && R->cma_cmdline)
				refused = true; /* bypassed: cma= wins */
			else
				is_cma = true;
		} else if (pool && reusable) {
			refused = true; /* CMA refuses no-map, the coherent pool refuses reusable */
		} else if (pool) {
			refused = R->arch == MX_ARCH_ARM && !nomap;
		}
		if (is_cma) {
			if (R->ncma == sizeof(R->cma) / sizeof(R->cma[0])) {
				unsupported(R, "too many CMA areas");
			} else {
				R->cma[R->ncma].base = base;
				R->cma[R->ncma].size = size;
				R->ncma++;
			}
			if (r->flags & MX_REGION_CMA_DEFAULT)
				R->dt_default = true;
			if (it >= 0)
				R->r->items[it].cma = true;
		}
		if (refused && R->v510) {
			gclear(R, base, base + size, G_RSV);
			if (nomap)
				gset(R, base, base + size, G_MEM);
			R->rplaced[i] = false; /* given back: nothing left to free later */
			if (it >= 0)
				R->r->items[it].given_back = true;
		}
	}
out:
	free(order);
	free(kb);
	free(ks);
}

static void step_cma_default(struct ref *R)
{
	uint64_t size, base, limit, mstart = 0, mend = 0, got = 0;
	bool ok;
	int it;

	if (R->dt_default)
		return;
	size = R->cma_cmdline ? R->cma_cmd_size : R->p->has_cma_size ? R->p->cma_size : 0;
	if (!size)
		return;
	if (!mem_first_last(R, &mstart, &mend)) {
		unsupported(R, "no memory left for the default CMA area");
		return;
	}
	size = rup(size, R->cma_align);
	base = rup(R->cma_cmdline ? R->cma_cmd_base : 0, R->cma_align);
	limit = R->arch == MX_ARCH_ARM ? 0xffffffffu : min64(4 * GiB, mend);
	if (R->cma_cmdline && R->cma_cmd_limit && R->cma_cmd_limit < limit)
		limit = R->cma_cmd_limit;
	limit = rdown(limit, R->cma_align);
	limit = min64(limit, mend);
	if (R->cma_fixed) {
		/*
		 * "cma=S@B is fixed at B": read as cma_declare_contiguous() does it,
		 * refused when the area overlaps reserved memory or crosses the
		 * lowmem/highmem boundary (no other check).
		 */
		ok = !gany(R, base, base + size, G_RSV) &&
		     !(R->hs != NONE && base < R->hs && base + size > R->hs);
		if (ok)
			gset(R, base, base + size, G_RSV);
		got = base;
	} else if (R->hs != NONE && base < R->hs && R->hs < limit) {
		ok = place(R, size, R->cma_align, R->hs, limit, &got) ||
		     place(R, size, R->cma_align, base, min64(limit, R->hs), &got);
	} else {
		ok = place(R, size, R->cma_align, base, limit, &got);
	}
	if (!ok) {
		item(R, DREF_C_CMA_DEFAULT, 0, 0, MX_ITEM_CMA_DEFAULT, "default CMA", DREF_FAILED, 0,
		     size);
		return;
	}
	it = item(R, DREF_C_CMA_DEFAULT, 0, 0, MX_ITEM_CMA_DEFAULT, "default CMA", DREF_PLACED,
		  got, size);
	if (it >= 0)
		R->r->items[it].cma = true;
	if (R->ncma < sizeof(R->cma) / sizeof(R->cma[0])) {
		R->cma[R->ncma].base = got;
		R->cma[R->ncma].size = size;
		R->ncma++;
	}
}

static void step_early(struct ref *R, enum mx_phase phase, bool calibration)
{
	const struct mx_profile *p = R->p;

	for (size_t i = 0; i < p->nearly; i++) {
		const struct mx_early_alloc *e = &p->early[i];
		uint64_t base = 0;
		bool ok;

		if (e->calibration != calibration || (!calibration && e->phase != phase))
			continue;
		ok = place(R, e->size, e->align ? e->align : 64, 0, R->current_limit, &base);
		item(R, DREF_C_EARLY, (int)i, 0, e->calibration ? MX_ITEM_CALIBRATION : MX_ITEM_EARLY,
		     e->name, ok ? DREF_PLACED : DREF_FAILED, base, e->size);
	}
}

/* Whole memory pages: the first pfn and the end pfn (exclusive). */
static bool mem_pfns(const struct ref *R, uint64_t *first, uint64_t *end)
{
	size_t i, j;

	for (i = 0; i < R->npages && !page_mem(R, i); i++)
		;
	if (i == R->npages)
		return false;
	for (j = R->npages; !page_mem(R, j - 1); j--)
		;
	*first = pfn0(R) + i;
	*end = pfn0(R) + j;
	return true;
}

static void zones(struct ref *R, uint64_t first, uint64_t end)
{
	struct dref_result *r = R->r;
	uint64_t mstart = 0, mend = 0;

	mem_first_last(R, &mstart, &mend);
	switch (R->arch) {
	case MX_ARCH_ARM:
		R->zbound_pfn = R->hs / R->page;
		break;
	case MX_ARCH_ARM64:
		R->zbound_pfn = (rdown(mstart, 4 * GiB) + 4 * GiB) / R->page;
		break;
	default:
		R->zbound_pfn = 4 * GiB / R->page;
		break;
	}
	r->nzones = 2;
	for (size_t z = 0; z < 2; z++) {
		struct dref_zone *Z = &r->zones[z];
		uint64_t zlo = z ? R->zbound_pfn : 0, zhi = z ? NONE : R->zbound_pfn;
		uint64_t pages;

		Z->highmem = z == 1 && R->arch == MX_ARCH_ARM;
		Z->start_pfn = max64(zlo, first);
		Z->end_pfn = min64(zhi, end);
		if (Z->end_pfn <= Z->start_pfn) {
			Z->end_pfn = Z->start_pfn;
			continue;
		}
		Z->spanned = Z->end_pfn - Z->start_pfn;
		for (uint64_t pfn = Z->start_pfn; pfn < Z->end_pfn; pfn++)
			Z->present += page_mem(R, (size_t)(pfn - pfn0(R)));
		pages = Z->spanned;
		if (R->sparse && Z->spanned > Z->present + Z->present / 16)
			pages = Z->present;
		Z->memmap_pages = Z->highmem ? 0 : rup(pages * R->sp, R->page) / R->page;
	}
}

static uint64_t bits_per_long(const struct ref *R)
{
	return R->arch == MX_ARCH_ARM ? 32 : 64;
}

static void memmap_flat(struct ref *R, uint64_t first, uint64_t end)
{
	static const char *const usemap_name[2][2] = {
		{ "usemap (Normal)", "usemap (HighMem)" }, /* arm */
		{ "usemap (DMA)", "usemap (Normal)" },
	};
	uint64_t start = rdown(first, R->mo_nr), stop = rup(end, R->mo_nr);
	uint64_t size = (stop - start) * R->sp, base = 0;
	uint64_t pb_nr = 1ULL << R->pb_order;

	R->have_map = place(R, size, 64, 0, R->current_limit, &base);
	memmap_item(R, MX_ITEM_MEMMAP, "mem_map", R->have_map, base, size);
	if (R->have_map) {
		R->map_base = base;
		R->map_pfn0 = start;
		R->map_size = size;
		R->r->memmap_alloc = size;
	}
	for (size_t z = 0; z < R->r->nzones; z++) {
		const struct dref_zone *Z = &R->r->zones[z];
		uint64_t n, bits, ub = 0;
		bool ok;

		if (!Z->spanned)
			continue;
		n = Z->spanned + Z->start_pfn % pb_nr;
		bits = rup(n, pb_nr) / pb_nr * 4;
		bits = rup(bits, bits_per_long(R));
		ok = place(R, bits / 8, 64, 0, R->current_limit, &ub);
		memmap_item(R, MX_ITEM_MEMMAP_META, usemap_name[R->arch != MX_ARCH_ARM][z], ok, ub,
			    bits / 8);
	}
}

static uint64_t map_addr(const struct ref *R, uint64_t pfn)
{
	return R->map_base + (pfn - R->map_pfn0) * R->sp;
}

static void memmap_sparse(struct ref *R, uint64_t first, uint64_t end)
{
	unsigned shift = R->ssb - 12; /* PFN_SECTION_SHIFT */
	uint64_t pps = 1ULL << shift;
	uint64_t s0 = first >> shift, s1 = (end - 1) >> shift;
	size_t nsec = (size_t)(s1 - s0 + 1), npresent = 0;
	bool *present = calloc(nsec, sizeof(*present));
	uint64_t mstart = 0, mend = 0, a = 0, bufsize, section_map, balign, buf = 0;
	bool buf_ok;

	if (!present) {
		R->oom = true;
		return;
	}
	mem_first_last(R, &mstart, &mend);
	for (uint64_t pfn = first; pfn < end; pfn++)
		if (page_mem(R, (size_t)(pfn - pfn0(R))))
			present[(pfn >> shift) - s0] = true;
	for (size_t i = 0; i < nsec; i++)
		npresent += present[i];

	if (R->extreme) {
		uint64_t per_root = R->arch == MX_ARCH_ARM ? R->page / 8 : R->page / 16;
		uint64_t ptr = R->arch == MX_ARCH_ARM ? 4 : 8;
		uint64_t nr_sections = 1ULL << (R->mpb - R->ssb);
		uint64_t roots = rup(nr_sections, per_root) / per_root * ptr;
		uint64_t last_root = NONE;
		bool ok = place(R, roots, 64, 0, R->current_limit, &a);

		memmap_item(R, MX_ITEM_MEMMAP_META, "mem_section roots", ok, a, roots);
		/*
		 * doc/engine.md is silent on a root page that does not fit; read as
		 * the engine does it: the walk ends there, and that section and all
		 * later ones are not present (no usemap, no memmap).
		 */
		for (size_t i = 0; i < nsec; i++) {
			uint64_t root = (s0 + i) / per_root;

			if (!present[i] || root == last_root)
				continue;
			last_root = root;
			ok = place(R, R->page, 64, 0, R->current_limit, &a);
			memmap_item(R, MX_ITEM_MEMMAP_META, "mem_section root page", ok, a, R->page);
			if (!ok) {
				memset(present + i, 0, (nsec - i) * sizeof(*present));
				break;
			}
		}
		npresent = 0;
		for (size_t i = 0; i < nsec; i++)
			npresent += present[i];
	}
	if (!npresent) {
		free(present); /* nothing left to allocate for */
		return;
	}
	{
		/* 5.10 with VMEMMAP: a bitmap of the section's 2 MiB subsections first */
		uint64_t sub = R->v510 && R->vmemmap ?
			       rup(1ULL << (R->ssb - 21), bits_per_long(R)) / 8 : 0;
		uint64_t bits = rup((1ULL << (shift - R->pb_order)) * 4, bits_per_long(R));
		uint64_t size = (sub + bits / 8) * npresent;
		bool ok = place(R, size, 64, 0, R->current_limit, &a);

		memmap_item(R, MX_ITEM_MEMMAP_META, "section usemaps", ok, a, size);
		if (!ok) {
			/* silent in doc/engine.md; read as sparse_init_nid(): no memmap then */
			free(present);
			return;
		}
	}
	section_map = R->vmemmap ? rup(pps * R->sp, 2 * MiB) : rup(pps * R->sp, R->page);
	/* doc/engine.md: the buffer is aligned to section_map (2 MiB when that is no power of two) */
	balign = !R->vmemmap ? R->page : (section_map & (section_map - 1)) ? 2 * MiB : section_map;
	bufsize = section_map * npresent;
	buf_ok = place(R, bufsize, balign, mstart, R->current_limit, &buf);
	memmap_item(R, MX_ITEM_MEMMAP, "memmap (sections)", buf_ok, buf, bufsize);
	if (buf_ok)
		R->r->memmap_alloc = bufsize;
	/*
	 * doc/engine.md does not say what happens without the buffer; read as:
	 * nothing to populate the vmemmap from, so no leaves and no page tables.
	 */
	if (!R->vmemmap || !buf_ok) {
		R->r->memmap_bytes = buf_ok ? bufsize : 0;
		free(present);
		return;
	}
	{
		uint64_t step = R->arch == MX_ARCH_ARM64 ? 2 * MiB : R->page;
		uint64_t base_pfn = R->arch == MX_ARCH_ARM64 ? rdown(mstart, GiB) / R->page : 0;
		uint64_t consumed = 0, last_leaf = NONE, last_pud = NONE, last_pmd = NONE,
			 last_pte = NONE;

		for (size_t i = 0; i < nsec; i++) {
			uint64_t sp0 = (s0 + i) * pps, off_s, off_e;

			if (!present[i])
				continue;
			if (sp0 < base_pfn) {
				unsupported(R, "section below the vmemmap base");
				continue;
			}
			off_s = (sp0 - base_pfn) * R->sp;
			off_e = (sp0 + pps - base_pfn) * R->sp;
			for (uint64_t leaf = rdown(off_s, step); leaf < off_e; leaf += step) {
				bool ok;

				if (leaf == last_leaf)
					continue; /* populated by the previous section */
				last_leaf = leaf;
				/* page-table pages, higher levels first */
				if (R->arch == MX_ARCH_ARM64 && leaf / (512 * GiB) != last_pud) {
					last_pud = leaf / (512 * GiB);
					ok = place(R, R->page, R->page, mstart, R->current_limit, &a);
					memmap_item(R, MX_ITEM_MEMMAP_META, "vmemmap page table", ok, a,
						    R->page);
				}
				if (leaf / GiB != last_pmd) {
					last_pmd = leaf / GiB;
					ok = place(R, R->page, R->page, mstart, R->current_limit, &a);
					memmap_item(R, MX_ITEM_MEMMAP_META, "vmemmap page table", ok, a,
						    R->page);
				}
				if (step == R->page && leaf / (2 * MiB) != last_pte) {
					last_pte = leaf / (2 * MiB);
					ok = place(R, R->page, R->page, mstart, R->current_limit, &a);
					memmap_item(R, MX_ITEM_MEMMAP_META, "vmemmap page table", ok, a,
						    R->page);
				}
				consumed += step;
			}
		}
		if (consumed > bufsize)
			unsupported(R, "vmemmap consumes more than the buffer");
		if (consumed < bufsize)
			gclear(R, buf + consumed, buf + bufsize, G_RSV); /* the unused tail */
		R->r->memmap_bytes = min64(consumed, bufsize);
	}
	free(present);
}

static void step_memmap(struct ref *R)
{
	uint64_t first, end;

	if (!mem_pfns(R, &first, &end)) {
		unsupported(R, "no memory page at the memmap step");
		return;
	}
	zones(R, first, end);
	if (R->sparse)
		memmap_sparse(R, first, end);
	else
		memmap_flat(R, first, end);
}

static void step_free_unused_memmap(struct ref *R)
{
	struct range *v;
	size_t n;

	if (R->sparse || !R->have_map)
		return;
	n = mem_ranges(R, &v);
	for (size_t i = 1; i < n; i++) {
		uint64_t prev_end = rup(v[i - 1].e / R->page, R->mo_nr);
		uint64_t start = rdown(rup(v[i].s, R->page) / R->page, R->mo_nr);

		if (prev_end < start) {
			uint64_t a = map_addr(R, prev_end), b = map_addr(R, start);

			unreserve_pages(R, a, b);
			R->r->memmap_unused_freed += bytes_of_whole_pages(R, a, b);
		}
	}
	free(v);
}

static void step_mem_init(struct ref *R)
{
	struct dref_result *r = R->r;
	uint64_t mem, freep, buddy, high;

	for (size_t i = 0; i < R->npages; i++)
		R->buddy[i] = page_free(R, i);
	R->after_mem_init = true;
	count(R, &mem, &freep, &buddy, &high);
	r->physpages = mem;
	r->available = buddy;
	r->cma_reserved = cma_pages(R);
	r->reserved = mem - buddy - (R->v510 ? r->cma_reserved : 0);
	r->highmem_free = high;
}

/* The zone whose span holds @pfn, or -1: a page past the spans is in no zone. */
static int zone_of(const struct ref *R, uint64_t pfn)
{
	for (size_t z = 0; z < R->r->nzones; z++)
		if (R->r->zones[z].start_pfn <= pfn && pfn < R->r->zones[z].end_pfn)
			return (int)z;
	return -1;
}

static void step_cma_activate(struct ref *R)
{
	for (size_t i = 0; i < R->ncma; i++) {
		uint64_t b = R->cma[i].base, e = b + R->cma[i].size;
		int z = zone_of(R, b / R->page);

		if (z >= 0 && z == zone_of(R, (e - 1) / R->page))
			buddy_add(R, b, e);
	}
}

static void step_initrd_free(struct ref *R)
{
	const struct mx_blob *b = &R->p->initrd;

	if (R->initrd_item >= 0)
		buddy_add(R, b->base, b->base + b->size);
}

static void step_init_free(struct ref *R)
{
	buddy_add(R, R->init_base, R->init_base + R->p->kernel_image.init);
}

static void step_fixup(struct ref *R)
{
	const struct mx_profile *p = R->p;

	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];
		uint64_t base = R->rbase[i], size = R->rsize[i], keep;

		if (!R->rplaced[i] || !(r->flags & MX_REGION_NOMAP_FIXUP) || (r->flags & MX_REGION_NOMAP))
			continue;
		keep = rdown(min64(r->has_fixup_keep ? r->fixup_keep : size, size), R->page);
		gclear(R, base, base + size, G_RSV);
		gclear(R, base, base + keep, G_MEM);
		if (!R->sparse && R->have_map) {
			uint64_t bs = rup(base / R->page, R->mo_nr);
			uint64_t be = rdown((base + keep) / R->page, R->mo_nr);

			if (bs < be) {
				uint64_t a = map_addr(R, bs), b = map_addr(R, be);

				buddy_add(R, a, b);
				unreserve_pages(R, a, b);
				R->fixup_map_freed += bytes_of_whole_pages(R, a, b);
			}
		}
		buddy_add(R, base + keep, base + size);
	}
}

static void step_freed_late(struct ref *R)
{
	const struct mx_profile *p = R->p;

	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];

		if (!R->rplaced[i] || !(r->flags & MX_REGION_FREED_LATE) || (r->flags & MX_REGION_NOMAP))
			continue;
		gclear(R, R->rbase[i], R->rbase[i] + R->rsize[i], G_RSV);
		buddy_add(R, R->rbase[i], R->rbase[i] + R->rsize[i]);
	}
}

/* ---- driver ------------------------------------------------------------------ */

void dref_result_init(struct dref_result *r)
{
	memset(r, 0, sizeof(*r));
}

void dref_result_release(struct dref_result *r)
{
	free(r->items);
	dref_result_init(r);
}

/* The span: every static thing of a generated profile lies in the memory window. */
static void find_span(struct ref *R)
{
	const struct mx_profile *p = R->p;
	uint64_t lo = NONE, hi = 0;

	for (size_t i = 0; i < p->nmemory; i++) {
		lo = min64(lo, p->memory[i].base);
		hi = max64(hi, p->memory[i].base + p->memory[i].size);
	}
	/* a little slack each side for carve-outs that overhang DRAM */
	lo = rdown(lo, 16 * MiB);
	hi = rup(hi, 16 * MiB);
	R->lo = lo;
	R->hi = hi;
}

int dref_compute(const struct mx_profile *p, struct dref_result *r)
{
	static const enum mx_step arm_steps[] = {
		MX_STEP_DRAM, MX_STEP_MEM_LIMIT, MX_STEP_LOWMEM, MX_STEP_KERNEL, MX_STEP_INITRD,
		MX_STEP_PGD, MX_STEP_FDT, MX_STEP_RMEM_STATIC, MX_STEP_RMEM_DYNAMIC,
		MX_STEP_CMA_DEFAULT, MX_STEP_EARLY_PAGING, MX_STEP_MEMMAP, MX_STEP_EARLY_SETUP,
		MX_STEP_EARLY_START, MX_STEP_CALIBRATION, MX_STEP_FREE_UNUSED_MEMMAP,
		MX_STEP_MEM_INIT, MX_STEP_CMA_ACTIVATE, MX_STEP_INITRD_FREE, MX_STEP_INIT_FREE,
		MX_STEP_FIXUP, MX_STEP_FREED_LATE,
	};
	struct ref R;
	size_t nsteps = sizeof(arm_steps) / sizeof(arm_steps[0]);
	int ret = 0;

	dref_result_release(r);
	memset(&R, 0, sizeof(R));
	R.p = p;
	R.r = r;
	R.current_limit = NONE;
	R.hs = NONE;
	R.zbound_pfn = NONE;
	R.initrd_item = -1;
	resolve(&R);
	if (r->unsupported[0])
		return 1;
	find_span(&R);
	R.ngran = (size_t)((R.hi - R.lo) / GRAN);
	R.npages = (size_t)((R.hi - R.lo) / R.page);
	R.g = calloc(R.ngran, 1);
	R.pmem = calloc(R.npages, 1);
	R.pfree = calloc(R.npages, 1);
	R.buddy = calloc(R.npages, 1);
	R.rplaced = calloc(p->nregions + 1, sizeof(*R.rplaced));
	R.rbase = calloc(p->nregions + 1, sizeof(*R.rbase));
	R.rsize = calloc(p->nregions + 1, sizeof(*R.rsize));
	if (!R.g || !R.pmem || !R.pfree || !R.buddy || !R.rplaced || !R.rbase || !R.rsize) {
		R.oom = true;
		goto out;
	}
	for (size_t s = 0; s < nsteps && !R.oom; s++) {
		enum mx_step st = arm_steps[s];

		if (R.arch != MX_ARCH_ARM &&
		    (st == MX_STEP_LOWMEM || st == MX_STEP_PGD || st == MX_STEP_FREE_UNUSED_MEMMAP))
			continue;
		switch (st) {
		case MX_STEP_DRAM: step_dram(&R); break;
		case MX_STEP_MEM_LIMIT: step_mem_limit(&R); break;
		case MX_STEP_LOWMEM: step_lowmem(&R); break;
		case MX_STEP_KERNEL: step_kernel(&R); break;
		case MX_STEP_INITRD: step_initrd(&R); break;
		case MX_STEP_PGD: step_pgd(&R); break;
		case MX_STEP_FDT: step_fdt(&R); break;
		case MX_STEP_RMEM_STATIC: step_rmem_static(&R); break;
		case MX_STEP_RMEM_DYNAMIC: step_rmem_dynamic(&R); break;
		case MX_STEP_CMA_DEFAULT: step_cma_default(&R); break;
		case MX_STEP_EARLY_PAGING: step_early(&R, MX_PHASE_PAGING, false); break;
		case MX_STEP_MEMMAP: step_memmap(&R); break;
		case MX_STEP_EARLY_SETUP: step_early(&R, MX_PHASE_SETUP, false); break;
		case MX_STEP_EARLY_START: step_early(&R, MX_PHASE_START_KERNEL, false); break;
		case MX_STEP_CALIBRATION: step_early(&R, MX_PHASE_PAGING, true); break;
		case MX_STEP_FREE_UNUSED_MEMMAP: step_free_unused_memmap(&R); break;
		case MX_STEP_MEM_INIT: step_mem_init(&R); break;
		case MX_STEP_CMA_ACTIVATE: step_cma_activate(&R); break;
		case MX_STEP_INITRD_FREE: step_initrd_free(&R); break;
		case MX_STEP_INIT_FREE: step_init_free(&R); break;
		case MX_STEP_FIXUP: step_fixup(&R); break;
		case MX_STEP_FREED_LATE: step_freed_late(&R); break;
		default: break;
		}
		stage(&R, st);
	}
	if (!R.oom) {
		uint64_t mem, freep;

		count(&R, &mem, &freep, &r->memtotal, &r->hightotal);
		r->lowtotal = r->memtotal - r->hightotal;
		r->cmatotal = cma_pages(&R);
		if (!R.sparse)
			r->memmap_bytes = R.have_map ? R.map_size - r->memmap_unused_freed -
						       R.fixup_map_freed : 0;
	}
out:
	if (R.oom)
		ret = -1;
	else if (r->unsupported[0])
		ret = 1;
	free(R.g);
	free(R.pmem);
	free(R.pfree);
	free(R.buddy);
	free(R.rplaced);
	free(R.rbase);
	free(R.rsize);
	return ret;
}
