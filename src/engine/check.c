/* check.c - the registry of named checks and the checks made on the profile itself */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "engine_internal.h"
#include "memx/check.h"

static const struct mx_check registry[MX_CHECK__COUNT] = {
	[MX_CHECK_NO_MEMORY] = { "no-memory", MX_SEV_ERROR, "the profile declares no memory" },
	[MX_CHECK_PARAMS] = { "params", MX_SEV_ERROR, "a setting is missing or out of range (arch, page size, orders)" },
	[MX_CHECK_BOOTARGS] = { "bootargs", MX_SEV_ERROR, "cma=, mem= or vmalloc= in bootargs cannot be parsed" },
	[MX_CHECK_FLAVOUR] = { "flavour", MX_SEV_NOTE, "the kernel version has no flavour of its own; the nearest is used" },
	[MX_CHECK_OVERFLOW] = { "overflow", MX_SEV_ERROR, "base + size overflows 64 bits" },
	[MX_CHECK_ZERO_SIZE] = { "zero-size", MX_SEV_WARNING, "a region or reg entry has size zero (the kernel skips it)" },
	[MX_CHECK_REG_AND_SIZE] = { "reg-and-size", MX_SEV_WARNING, "a region has both reg and size; the kernel uses reg" },
	[MX_CHECK_NO_REG_NO_SIZE] = { "no-reg-no-size", MX_SEV_ERROR, "a region has neither reg nor size; the kernel skips it" },
	[MX_CHECK_ALIGNMENT] = { "alignment", MX_SEV_ERROR, "an alignment is not a power of two" },
	[MX_CHECK_STATIC_OVERLAP] = { "static-overlap", MX_SEV_WARNING, "two static carve-outs overlap" },
	[MX_CHECK_OUTSIDE_DRAM] = { "outside-dram", MX_SEV_WARNING, "a region lies partly or wholly outside memory" },
	[MX_CHECK_ALLOC_FAILED] = { "alloc-failed", MX_SEV_ERROR, "a dynamic region or early allocation cannot be placed" },
	[MX_CHECK_NOMAP_REUSABLE] = { "nomap-reusable", MX_SEV_ERROR, "no-map together with reusable: CMA refuses the pool" },
	[MX_CHECK_CMA_ALIGNMENT] = { "cma-alignment", MX_SEV_ERROR, "a CMA pool's base or size is not aligned to its block" },
	[MX_CHECK_CMA_STRADDLE] = { "cma-straddle", MX_SEV_ERROR, "a CMA pool straddles the lowmem/highmem (zone) boundary" },
	[MX_CHECK_FIXUP_KEEP] = { "fixup-keep", MX_SEV_ERROR, "fixup-keep is larger than its region, or set without no-map-fixup" },
	[MX_CHECK_NOMAP_REFUSED] = { "nomap-refused", MX_SEV_WARNING, "no-map over memory already reserved is refused" },
	[MX_CHECK_INITRD_REFUSED] = { "initrd-refused", MX_SEV_ERROR, "the initrd is not in memory or overlaps reserved memory" },
	[MX_CHECK_CMA_BYPASSED] = { "cma-bypassed", MX_SEV_NOTE, "a linux,cma-default pool is bypassed because cma= is given" },
	[MX_CHECK_FREED_LATE_NOMAP] = { "freed-late-nomap", MX_SEV_WARNING, "freed-late on a no-map region gives nothing back" },
	[MX_CHECK_DUPLICATE_NAME] = { "duplicate-name", MX_SEV_WARNING, "two regions have the same node name" },
	[MX_CHECK_MEMBLOCK_FULL] = { "memblock-full", MX_SEV_ERROR, "memblock's region array is full and cannot grow; a range is lost" },
	[MX_CHECK_LOADER_REFUSED] = { "boot-loader-refused", MX_SEV_ERROR, "the boot loader stops before the kernel runs (an allocation it cannot make)" },
	[MX_CHECK_LOADER_LMB] = { "lmb-full", MX_SEV_ERROR, "the tree's reserved regions fill U-Boot's LMB table: it cannot place the tree and does not boot" },
	[MX_CHECK_LOADER_LMB_LOST] = { "lmb-lost", MX_SEV_WARNING, "U-Boot's LMB table has no room for a reserved region of the tree: it may load over it" },
	[MX_CHECK_LOADER_OVERLAP] = { "load-overlap", MX_SEV_ERROR, "a load address of the boot loader overlaps the kernel, another file, U-Boot or the end of DRAM" },
	[MX_CHECK_LOADER_CARVEOUT] = { "load-carveout", MX_SEV_WARNING, "the boot loader loads a file, or runs the kernel, over a carve-out of the tree" },
	[MX_CHECK_LOADER_EARLY] = { "early-section", MX_SEV_WARNING, "the initrd or the tree lies in the memory the kernel initialises first: the Memory line's available loses it" },
	/* check_tree.c: the merged tree (includes, overrides, overlays) */
	[MX_CHECK_MEMRESERVE_OVERLAP] = { "memreserve-overlap", MX_SEV_WARNING, "a /memreserve/ entry overlaps a carve-out (a no-map there is refused)" },
	[MX_CHECK_ALLOC_RANGES_SMALL] = { "alloc-ranges-small", MX_SEV_ERROR, "no alloc-ranges window of a dynamic region can hold its size" },
	[MX_CHECK_CMA_DEFAULT_TWICE] = { "cma-default-twice", MX_SEV_WARNING, "two linux,cma-default pools; only the last one set up is the default" },
	[MX_CHECK_REG_ENTRIES] = { "reg-entries", MX_SEV_WARNING, "a /reserved-memory node of a device tree has several reg entries (the binding allows one)" },
	[MX_CHECK_UNIT_ADDRESS] = { "unit-address", MX_SEV_WARNING, "a device-tree node's unit address does not match its reg" },
	[MX_CHECK_REUSABLE_IGNORED] = { "reusable-ignored", MX_SEV_WARNING, "reusable without a compatible that honours it (shared-dma-pool): no CMA pool" },
};

const struct mx_check *mx_check_get(enum mx_check_id id)
{
	return (unsigned)id < MX_CHECK__COUNT ? &registry[id] : NULL;
}

const char *mxi_check_name(enum mx_check_id id)
{
	return (unsigned)id < MX_CHECK__COUNT ? registry[id].name : NULL;
}

const struct mx_check *mx_check_registry(size_t *n)
{
	*n = sizeof(registry) / sizeof(registry[0]);
	return registry;
}

const struct mx_check *mx_check_find(const char *name)
{
	for (size_t i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
		if (!strcmp(registry[i].name, name))
			return &registry[i];
	return NULL;
}

struct span {
	uint64_t base, end;
	size_t region;
};

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return x->region < y->region ? -1 : x->region > y->region;
}

static void overlap_diag(struct mx_ctx *c, const struct span *top, const struct span *k)
{
	const struct mx_region *a = &c->p->regions[top->region], *b = &c->p->regions[k->region];

	mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_STATIC_OVERLAP, &b->pos, (int)k->region,
		    "'%s' [0x%" PRIx64 "-0x%" PRIx64 ") overlaps '%s' [0x%" PRIx64 "-0x%" PRIx64 ")",
		    b->name, k->base, k->end, a->name, top->base, top->end);
}

/*
 * The sweep over static reg entries in (base, region) order: each one
 * against the entry reaching highest before it. Boards list carve-outs by
 * address as a rule, so the entries are first swept as they come, their
 * overlaps kept aside; only if they turn out not to be in order are they
 * gathered and sorted: O(n log n) even with thousands of regions.
 */
static void check_overlaps(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;
	struct span *v = NULL, top = { 0 }, prev = { 0 }, *hit = NULL;
	size_t n = 0, cap = 0, nhit = 0, maxhit = 0;
	bool sorted = true;

	for (size_t i = 0; i < p->nregions && sorted; i++) {
		const struct mx_region *r = &p->regions[i];

		/* each region's reg entries lie in a block of their own: asked for a few turns ahead */
		if (i + 8 < p->nregions && c->rsum[i + 8].nreg)
			__builtin_prefetch(p->regions[i + 8].reg);
		if ((c->rsum[i].flags & MX_REGION_DISABLED) || !c->rsum[i].nreg)
			continue;
		for (size_t j = 0; j < r->nreg && sorted; j++) {
			struct span s = { r->reg[j].base, 0, i };

			if (!r->reg[j].size || !mx_add_ok(r->reg[j].base, r->reg[j].size, &s.end))
				continue;
			if (n && span_cmp(&prev, &s) > 0) {
				sorted = false;
				break;
			}
			if (n && s.base < top.end && s.region != top.region) {
				/* overlaps are rare: pairs kept as they come */
				if (mxi_grow((void **)&hit, &maxhit, nhit + 2, sizeof(*hit))) {
					mxi_ctx_fail(c, MX_ENOMEM);
					goto out;
				}
				hit[nhit++] = top;
				hit[nhit++] = s;
			}
			if (!n || s.end > top.end)
				top = s;
			prev = s;
			n++;
		}
	}
	if (sorted) {
		for (size_t k = 0; k < nhit; k += 2)
			overlap_diag(c, &hit[k], &hit[k + 1]);
		goto out;
	}
	/* not in order: all of them, sorted, then the same sweep */
	n = 0;
	for (size_t i = 0; i < p->nregions; i++)
		if (!(c->rsum[i].flags & MX_REGION_DISABLED) && c->rsum[i].nreg)
			cap += p->regions[i].nreg;
	if (!(v = malloc(cap * sizeof(*v)))) {
		mxi_ctx_fail(c, MX_ENOMEM);
		goto out;
	}
	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];

		if ((c->rsum[i].flags & MX_REGION_DISABLED) || !c->rsum[i].nreg)
			continue;
		for (size_t j = 0; j < r->nreg; j++) {
			uint64_t e;

			if (!r->reg[j].size || !mx_add_ok(r->reg[j].base, r->reg[j].size, &e))
				continue;
			v[n].base = r->reg[j].base;
			v[n].end = e;
			v[n].region = i;
			n++;
		}
	}
	qsort(v, n, sizeof(*v), span_cmp);
	for (size_t k = 1, t = 0; k < n; k++) {
		if (v[k].base < v[t].end && v[k].region != v[t].region)
			overlap_diag(c, &v[t], &v[k]);
		if (v[k].end > v[t].end)
			t = k;
	}
out:
	free(hit);
	free(v);
}

struct named {
	const char *name;
	size_t region;
};

static int name_cmp(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	if (r)
		return r;
	return x->region < y->region ? -1 : 1;
}

/* FNV-1a of a name: where check_names() looks it up. */
static uint64_t name_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/*
 * Names that occur more than once, in O(n): an open-addressing table of
 * first occurrences finds the repeats (and their first occurrence) in one
 * pass; only those are sorted, so that the warnings come in the order of
 * a sort of all names (by name, then region) without sorting 100,000
 * distinct names. A slot keeps the upper half of its name's hash too, so
 * a probe past another name compares two numbers, not two strings that
 * sit anywhere in memory.
 */
struct name_slot {
	uint32_t region; /* region + 1, 0 for empty */
	uint32_t tag;    /* the hash's upper 32 bits */
};

static void check_names(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;
	size_t n = p->nregions, mask, ndup = 0, maxdup = 0;
	struct named *dup = NULL;
	struct name_slot *slot;
	bool *listed;   /* per region: already in dup[] */
	enum { AHEAD = 16 };
	uint64_t ahead[AHEAD]; /* the hashes of the next regions' names */

	if (n < 2)
		return;
	if (n >= UINT32_MAX) {
		mxi_ctx_fail(c, MX_ENOMEM);
		return;
	}
	mask = (size_t)mxi_pow2_ceil(2 * (uint64_t)n) - 1;
	slot = calloc(mask + 1, sizeof(*slot));
	listed = calloc(n, sizeof(*listed));
	if (!slot || !listed) {
		mxi_ctx_fail(c, MX_ENOMEM);
		goto out;
	}
	/*
	 * The table is larger than a cache and every probe lands somewhere
	 * else: each region's name is hashed AHEAD turns early and its slot
	 * asked for, so that the probe finds it there.
	 */
	for (size_t i = 0; i < n && i < AHEAD; i++)
		ahead[i] = name_hash(p->regions[i].name ? p->regions[i].name : "");
	for (size_t i = 0; i < n; i++) {
		const char *name = p->regions[i].name ? p->regions[i].name : "";
		uint64_t hash = ahead[i % AHEAD];
		uint32_t tag = (uint32_t)(hash >> 32);
		size_t h = (size_t)hash & mask;

		if (i + 2 * AHEAD < n)
			__builtin_prefetch(p->regions[i + 2 * AHEAD].name); /* to be hashed AHEAD turns on */
		if (i + AHEAD < n) {
			uint64_t next = name_hash(p->regions[i + AHEAD].name ? p->regions[i + AHEAD].name : "");

			ahead[i % AHEAD] = next;
			__builtin_prefetch(&slot[(size_t)next & mask]);
		}

		for (;; h = (h + 1) & mask) {
			size_t f;
			const char *fname;

			if (!slot[h].region) {
				slot[h].region = (uint32_t)i + 1;
				slot[h].tag = tag;
				break;
			}
			if (slot[h].tag != tag)
				continue;
			f = slot[h].region - 1;
			fname = p->regions[f].name ? p->regions[f].name : "";
			if (strcmp(fname, name))
				continue;
			/* repeats are rare: the list grows as they come */
			if (mxi_grow((void **)&dup, &maxdup, ndup + 2, sizeof(*dup))) {
				mxi_ctx_fail(c, MX_ENOMEM);
				goto out;
			}
			if (!listed[f]) {
				listed[f] = true;
				dup[ndup].name = fname;
				dup[ndup++].region = f;
			}
			dup[ndup].name = name;
			dup[ndup++].region = i;
			break;
		}
	}
	if (ndup)
		qsort(dup, ndup, sizeof(*dup), name_cmp);
	for (size_t k = 1; k < ndup; k++)
		if (!strcmp(dup[k].name, dup[k - 1].name))
			mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_DUPLICATE_NAME, &p->regions[dup[k].region].pos,
				    (int)dup[k].region, "a second region is called '%s'", dup[k].name);
out:
	free(slot);
	free(listed);
	free(dup);
}

void mxi_checks_profile(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;
	struct mx_rangeset *banks = &c->scratch;

	mx_rangeset_clear(banks);
	for (size_t i = 0; i < p->nmemory; i++)
		if (mx_rangeset_add(banks, p->memory[i].base, p->memory[i].size))
			mxi_ctx_fail(c, MX_ENOMEM);

	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];
		const struct mx_srcpos *pos = &r->pos;
		bool enabled = !(r->flags & MX_REGION_DISABLED);
		int ri = (int)i;

		if (r->nreg && r->has_size)
			mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_REG_AND_SIZE, pos, ri,
				    "'%s' has both reg and size; the kernel uses reg and ignores size",
				    r->name);
		if (!r->nreg && !r->has_size && enabled)
			mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_NO_REG_NO_SIZE, pos, ri,
				    "'%s' has neither reg nor size; the kernel skips it", r->name);
		if (!r->nreg && r->has_size && !r->size)
			mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_ZERO_SIZE, pos, ri,
				    "'%s' has size 0; nothing is allocated", r->name);
		for (size_t j = 0; j < r->nreg; j++) {
			uint64_t e;

			if (!r->reg[j].size) {
				mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_ZERO_SIZE, pos, ri,
					    "reg entry %zu of '%s' has size 0; the kernel skips it", j, r->name);
				continue;
			}
			if (!mx_add_ok(r->reg[j].base, r->reg[j].size, &e)) {
				mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_OVERFLOW, pos, ri,
					    "reg entry %zu of '%s' (0x%" PRIx64 " + 0x%" PRIx64 ") ends past 2^64",
					    j, r->name, r->reg[j].base, r->reg[j].size);
				continue;
			}
			if (enabled && !mx_rangeset_contains(banks, r->reg[j].base, r->reg[j].size))
				mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_OUTSIDE_DRAM, pos, ri,
					    "'%s' [0x%" PRIx64 "-0x%" PRIx64 ") is %s outside memory", r->name,
					    r->reg[j].base, e,
					    mx_rangeset_overlaps(banks, r->reg[j].base, r->reg[j].size) ?
					    "partly" : "wholly");
		}
		for (size_t j = 0; j < r->nalloc_ranges; j++) {
			/* the kernel adds in phys_addr_t: an end that wraps to 0 means "anywhere" */
			uint64_t b = r->alloc_ranges[j].base, e = b + r->alloc_ranges[j].size;
			bool narrow = c->P->phys_digits == 8;

			if (narrow)
				e &= 0xffffffffULL;
			if (e && e < b)
				mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_OVERFLOW, pos, ri,
					    "alloc-ranges entry %zu of '%s' ends past 2^%d: the kernel's end wraps "
					    "to 0x%" PRIx64 " and the window is empty", j, r->name,
					    narrow ? 32 : 64, e);
		}
		/* a dynamic region the kernel will try to place says it there (rmem.c), once */
		if (r->align && !mx_is_pow2(r->align) && !(enabled && !r->nreg && r->has_size && r->size))
			mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_ALIGNMENT, pos, ri,
				    "alignment 0x%" PRIx64 " of '%s' is not a power of two", r->align, r->name);
		/*
		 * Only rmem_cma_setup() (kernel/dma/contiguous.c, compatible
		 * "shared-dma-pool") makes a reusable node a CMA pool; the other
		 * handler of that compatible, rmem_dma_setup() (coherent.c),
		 * refuses reusable. Anything else leaves the memory reserved.
		 */
		if ((r->flags & MX_REGION_REUSABLE) && enabled && !c->rsum[ri].shared_dma)
			mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_REUSABLE_IGNORED, pos, ri,
				    "'%s' is reusable but not compatible with \"shared-dma-pool\": no kernel "
				    "driver makes it a CMA pool and its memory stays reserved", r->name);
		if ((r->flags & MX_REGION_NOMAP) && (r->flags & MX_REGION_REUSABLE))
			mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_NOMAP_REUSABLE, pos, ri,
				    "'%s' is both no-map and reusable; CMA refuses such a pool", r->name);
		if (r->has_fixup_keep && !(r->flags & MX_REGION_NOMAP_FIXUP))
			mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_FIXUP_KEEP, pos, ri,
				    "'%s' has fixup-keep but not no-map-fixup; it is ignored", r->name);
		if ((r->flags & MX_REGION_NOMAP_FIXUP) && r->has_fixup_keep) {
			uint64_t size = r->nreg ? r->reg[0].size : r->size;

			if (r->fixup_keep > size)
				mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_FIXUP_KEEP, pos, ri,
					    "fixup-keep 0x%" PRIx64 " of '%s' is larger than the region (0x%"
					    PRIx64 ")", r->fixup_keep, r->name, size);
		}
	}
	check_overlaps(c);
	check_names(c);
	mxi_checks_bootloader(c);
	mxi_checks_tree(c);
}
