/* diffref.c - the reference model: doc/engine.md replayed on 64-byte granules (see diffref.h) */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diffref_internal.h"

/* ---- small helpers ---------------------------------------------------- */

__attribute__((format(printf, 2, 3)))
void ref_unsupported(struct ref *R, const char *fmt, ...)
{
	va_list ap;

	if (R->r->unsupported[0])
		return;
	va_start(ap, fmt);
	vsnprintf(R->r->unsupported, sizeof(R->r->unsupported), fmt, ap);
	va_end(ap);
}

bool ref_has_compat(const struct mx_region *r, const char *c)
{
	for (size_t i = 0; i < r->ncompatible; i++)
		if (r->compatible[i] && !strcmp(r->compatible[i], c))
			return true;
	return false;
}

/* ---- the granule array ------------------------------------------------- */

#define GPP 64 /* granules per 4 KiB page */

/* Refresh the per-page counts of the pages holding granules [gb, ge). */
void ref_recount(struct ref *R, size_t gb, size_t ge)
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
		ref_unsupported(R, "range at %#llx wraps around", (unsigned long long)b);
	if (e <= b)
		return false;
	if (strict && (b < R->lo || e > R->hi))
		ref_unsupported(R, "range [%#llx, %#llx) leaves the span [%#llx, %#llx)",
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

void ref_gset(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	size_t gb, ge;

	if (gspan(R, b, e, true, &gb, &ge)) {
		for (size_t i = gb; i < ge; i++)
			R->g[i] = (uint8_t)(R->g[i] | bit);
		ref_recount(R, gb, ge);
	}
}

void ref_gclear(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	size_t gb, ge;

	if (gspan(R, b, e, true, &gb, &ge)) {
		for (size_t i = gb; i < ge; i++)
			R->g[i] = (uint8_t)(R->g[i] & ~bit);
		ref_recount(R, gb, ge);
	}
}

/* Some granule touching [b, e) has @bit (outside the span nothing has). */
bool ref_gany(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
{
	size_t gb, ge;

	if (gspan(R, b, e, false, &gb, &ge))
		for (size_t i = gb; i < ge; i++)
			if (R->g[i] & bit)
				return true;
	return false;
}

/* Every granule of [b, e) has @bit; nothing outside the span is memory. */
bool ref_gall(struct ref *R, uint64_t b, uint64_t e, unsigned bit)
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
bool ref_page_mem(const struct ref *R, size_t i)
{
	return R->pmem[i] == GPP;
}

bool ref_page_free(const struct ref *R, size_t i)
{
	return R->pfree[i] == GPP;
}

uint64_t ref_pfn0(const struct ref *R)
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
void ref_buddy_add(struct ref *R, uint64_t b, uint64_t e)
{
	uint64_t pb = rup(b, R->page) / R->page, pe = e / R->page;

	for (uint64_t pfn = pb; pfn < pe; pfn++) {
		size_t i;

		if (pfn < ref_pfn0(R) || pfn - ref_pfn0(R) >= R->npages)
			continue; /* outside the span nothing is memory */
		i = (size_t)(pfn - ref_pfn0(R));
		if (ref_page_mem(R, i))
			R->buddy[i] = 1;
	}
}

/* The whole pages inside [b, e) leave memblock.reserved. */
void ref_unreserve_pages(struct ref *R, uint64_t b, uint64_t e)
{
	uint64_t pb = rup(b, R->page), pe = rdown(e, R->page);

	if (pe > pb)
		ref_gclear(R, pb, pe, G_RSV);
}

uint64_t ref_bytes_of_whole_pages(const struct ref *R, uint64_t b, uint64_t e)
{
	uint64_t pb = rup(b, R->page), pe = rdown(e, R->page);

	return pe > pb ? pe - pb : 0;
}

/* memblock.memory as ranges, from the granules (memory is granule-exact). */
size_t ref_mem_ranges(struct ref *R, struct range **out)
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

bool ref_mem_first_last(const struct ref *R, uint64_t *start, uint64_t *end)
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
bool ref_place(struct ref *R, uint64_t size, uint64_t align, uint64_t lo, uint64_t hi,
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
			ref_gset(R, cand, cand + size, G_RSV);
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

int ref_item(struct ref *R, enum dref_class cls, int idx, int occ, enum mx_item_kind kind,
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

int ref_memmap_item(struct ref *R, enum mx_item_kind kind, const char *name, bool ok,
		       uint64_t base, uint64_t size)
{
	return ref_item(R, DREF_C_MEMMAP, 0, R->memmap_occ++, kind, name,
		    ok ? DREF_PLACED : DREF_FAILED, base, size);
}

uint64_t ref_cma_pages(const struct ref *R)
{
	uint64_t s = 0;

	for (size_t i = 0; i < R->ncma; i++)
		s += R->cma[i].size;
	return s / R->page;
}

void ref_count(const struct ref *R, uint64_t *mem, uint64_t *freep, uint64_t *buddy,
		  uint64_t *high)
{
	uint64_t hs_pfn = R->hs == NONE ? NONE : R->hs / R->page;

	*mem = *freep = *buddy = *high = 0;
	for (size_t i = 0; i < R->npages; i++) {
		*mem += ref_page_mem(R, i);
		*freep += ref_page_free(R, i);
		if (R->buddy[i]) {
			(*buddy)++;
			*high += ref_pfn0(R) + i >= hs_pfn;
		}
	}
}

void ref_stage(struct ref *R, enum mx_step step)
{
	struct dref_result *r = R->r;
	struct mx_counters *k = &r->after[r->nstages];
	uint64_t mem, freep, buddy, high;

	ref_count(R, &mem, &freep, &buddy, &high);
	r->steps[r->nstages++] = step;
	k->memory = mem;
	/*
	 * "memory - totalram" from mem_init on, saturating: memory can shrink
	 * under pages already released (a fix-up keeping part of a CMA area).
	 */
	k->reserved = !R->after_mem_init ? mem - freep : mem > buddy ? mem - buddy : 0;
	k->totalram = buddy;
	k->cma = ref_cma_pages(R);
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
		ref_unsupported(R, "bootargs '%s' not modelled", s);
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

void ref_resolve(struct ref *R)
{
	const struct mx_profile *p = R->p;
	const struct mx_kernel_image *k = &p->kernel_image;

	R->v510 = flavour_510(p->kernel);
	R->arch = p->arch;
	if (R->arch == MX_ARCH_NONE)
		ref_unsupported(R, "no arch");
	R->page = p->page_size ? p->page_size : 4096;
	if (R->page != 4096)
		ref_unsupported(R, "page size %llu", (unsigned long long)R->page);
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
		ref_unsupported(R, "SPARSEMEM without explicit section sizes");
	R->mo_nr = 1ULL << (R->max_order - 1);
	R->cma_align = R->page << (R->max_order - 1 > R->pb_order ? R->max_order - 1 : R->pb_order);
	if (!p->nmemory) {
		ref_unsupported(R, "no memory");
		return;
	}
	R->kbase = k->has_base ? k->base :
		   p->memory[0].base + (R->arch == MX_ARCH_ARM ? 0x8000 : 2 * MiB);
	R->init_base = k->has_init_base ? k->init_base : rup(R->kbase + k->code + k->rodata, R->page);
	R->pgd_size = p->pgd.present ? p->pgd.size : 16 * KiB;
	R->pgd_base = p->pgd.present && p->pgd.has_base ? p->pgd.base : R->kbase - R->pgd_size;
	if (p->fdt.present && !p->fdt.has_base)
		ref_unsupported(R, "fdt without a base");
	if (p->initrd.present && !p->initrd.has_base)
		ref_unsupported(R, "initrd without a base");
	parse_bootargs(R, p->bootargs);
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
	ref_resolve(&R);
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
		case MX_STEP_DRAM: ref_step_dram(&R); break;
		case MX_STEP_MEM_LIMIT: ref_step_mem_limit(&R); break;
		case MX_STEP_LOWMEM: ref_step_lowmem(&R); break;
		case MX_STEP_KERNEL: ref_step_kernel(&R); break;
		case MX_STEP_INITRD: ref_step_initrd(&R); break;
		case MX_STEP_PGD: ref_step_pgd(&R); break;
		case MX_STEP_FDT: ref_step_fdt(&R); break;
		case MX_STEP_RMEM_STATIC: ref_step_rmem_static(&R); break;
		case MX_STEP_RMEM_DYNAMIC: ref_step_rmem_dynamic(&R); break;
		case MX_STEP_CMA_DEFAULT: ref_step_cma_default(&R); break;
		case MX_STEP_EARLY_PAGING: ref_step_early(&R, MX_PHASE_PAGING, false); break;
		case MX_STEP_MEMMAP: ref_step_memmap(&R); break;
		case MX_STEP_EARLY_SETUP: ref_step_early(&R, MX_PHASE_SETUP, false); break;
		case MX_STEP_EARLY_START: ref_step_early(&R, MX_PHASE_START_KERNEL, false); break;
		case MX_STEP_CALIBRATION: ref_step_early(&R, MX_PHASE_PAGING, true); break;
		case MX_STEP_FREE_UNUSED_MEMMAP: ref_step_free_unused_memmap(&R); break;
		case MX_STEP_MEM_INIT: ref_step_mem_init(&R); break;
		case MX_STEP_CMA_ACTIVATE: ref_step_cma_activate(&R); break;
		case MX_STEP_INITRD_FREE: ref_step_initrd_free(&R); break;
		case MX_STEP_INIT_FREE: ref_step_init_free(&R); break;
		case MX_STEP_FIXUP: ref_step_fixup(&R); break;
		case MX_STEP_FREED_LATE: ref_step_freed_late(&R); break;
		default: break;
		}
		ref_stage(&R, st);
	}
	if (!R.oom) {
		uint64_t mem, freep;

		ref_count(&R, &mem, &freep, &r->memtotal, &r->hightotal);
		r->lowtotal = r->memtotal - r->hightotal;
		r->cmatotal = ref_cma_pages(&R);
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
