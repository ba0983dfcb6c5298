/* breakdown.c - every page of physpages attributed to exactly one named cause */
#include <stdlib.h>
#include <string.h>

#include "memx/breakdown.h"
#include "core_internal.h"
#include "view_internal.h"

/* The fixed nodes, in the order they are printed. A group's children follow it. */
enum fixed {
	F_ROOT, F_FREE,
	F_KERNEL, F_K_CODE, F_K_RODATA, F_K_RWDATA, F_K_INIT, F_K_BSS, F_K_OTHER,
	F_CARVE, F_C_NOMAP, F_C_RESERVED, F_C_DYNAMIC, F_C_CMA,
	F_ALLOC, F_A_MEMMAP, F_A_PGTABLES, F_A_PERCPU, F_A_HASH, F_A_DT, F_A_CMDLINE,
	F_A_RESOURCES, F_A_NODE, F_A_LOGBUF, F_A_SWIOTLB, F_A_CRASH, F_A_OTHER, F_A_CALIB,
	F_LOADER,
	F_UNATTRIBUTED,
	F__COUNT
};

static const struct fixed_node {
	const char *id, *name;
	int parent;       /* enum fixed, -1 for the root */
	bool group;
} fixed[F__COUNT] = {
	[F_ROOT] = { "physpages", "physpages", -1, true },
	[F_FREE] = { "free", "free at mem_init", F_ROOT, false },
	[F_KERNEL] = { "kernel", "kernel image", F_ROOT, true },
	[F_K_CODE] = { "kernel.code", "code", F_KERNEL, false },
	[F_K_RODATA] = { "kernel.rodata", "rodata", F_KERNEL, false },
	[F_K_RWDATA] = { "kernel.rwdata", "rwdata", F_KERNEL, false },
	[F_K_INIT] = { "kernel.init", "init (freed by free_initmem)", F_KERNEL, false },
	[F_K_BSS] = { "kernel.bss", "bss", F_KERNEL, false },
	[F_K_OTHER] = { "kernel.other", "other (alignment, in-image tables)", F_KERNEL, false },
	[F_CARVE] = { "carveouts", "device-tree carve-outs", F_ROOT, true },
	[F_C_NOMAP] = { "carveouts.no-map", "no-map", F_CARVE, true },
	[F_C_RESERVED] = { "carveouts.reserved", "reserved", F_CARVE, true },
	[F_C_DYNAMIC] = { "carveouts.dynamic", "dynamic", F_CARVE, true },
	[F_C_CMA] = { "carveouts.cma", "CMA pools", F_CARVE, true },
	[F_ALLOC] = { "kernel-alloc", "kernel allocations", F_ROOT, true },
	[F_A_MEMMAP] = { "kernel-alloc.memmap", "memmap (struct page)", F_ALLOC, true },
	[F_A_PGTABLES] = { "kernel-alloc.page-tables", "page tables and vectors", F_ALLOC, true },
	[F_A_PERCPU] = { "kernel-alloc.per-cpu", "per-cpu", F_ALLOC, true },
	[F_A_HASH] = { "kernel-alloc.hash-tables", "hash tables", F_ALLOC, true },
	[F_A_DT] = { "kernel-alloc.device-tree", "unflattened device tree", F_ALLOC, true },
	[F_A_CMDLINE] = { "kernel-alloc.command-line", "command line", F_ALLOC, true },
	[F_A_RESOURCES] = { "kernel-alloc.resources", "resources", F_ALLOC, true },
	[F_A_NODE] = { "kernel-alloc.node-data", "node data (NUMA)", F_ALLOC, true },
	[F_A_LOGBUF] = { "kernel-alloc.log-buffer", "log buffer", F_ALLOC, true },
	[F_A_SWIOTLB] = { "kernel-alloc.swiotlb", "swiotlb", F_ALLOC, true },
	[F_A_CRASH] = { "kernel-alloc.crashkernel", "crashkernel", F_ALLOC, true },
	[F_A_OTHER] = { "kernel-alloc.other", "other early allocations", F_ALLOC, true },
	[F_A_CALIB] = { "kernel-alloc.calibration", "calibration (fitted residual)", F_ALLOC, true },
	[F_LOADER] = { "boot-loader", "boot loader", F_ROOT, true },
	[F_UNATTRIBUTED] = { "unattributed", "unattributed", F_ROOT, false },
};

/*
 * A listed early allocation goes where its kernel function says (the
 * profile's func:); a prefix table, first match wins.
 */
static const struct { const char *prefix; enum fixed group; } func_groups[] = {
	{ "pcpu_", F_A_PERCPU }, { "setup_per_cpu_areas", F_A_PERCPU },
	{ "early_pte_alloc", F_A_PGTABLES }, { "early_pgtable_alloc", F_A_PGTABLES },
	{ "early_alloc", F_A_PGTABLES }, { "paging_init", F_A_PGTABLES },
	{ "devicemaps_init", F_A_PGTABLES }, { "map_mem", F_A_PGTABLES },
	{ "of_alias_scan", F_A_DT }, { "unflatten", F_A_DT }, { "__unflatten", F_A_DT },
	{ "early_init_dt_alloc_memory_arch", F_A_DT },
	{ "request_standard_resources", F_A_RESOURCES },
	{ "setup_command_line", F_A_CMDLINE },
	{ "alloc_large_system_hash", F_A_HASH }, { "pidhash_init", F_A_HASH },
	{ "vfs_caches_init", F_A_HASH },
	{ "numa_", F_A_NODE }, { "alloc_node_data", F_A_NODE },
	{ "setup_log_buf", F_A_LOGBUF }, { "swiotlb", F_A_SWIOTLB },
	{ "reserve_crashkernel", F_A_CRASH },
};

/* The group of a computed allocation: the boot step that made it. */
static enum fixed step_group(int step)
{
	switch (step) {
	case MX_STEP_PAGETABLES: case MX_STEP_EARLY_PAGING: return F_A_PGTABLES;
	case MX_STEP_UNFLATTEN: return F_A_DT;
	case MX_STEP_MEMMAP: return F_A_MEMMAP;
	case MX_STEP_CRASHKERNEL: return F_A_CRASH;
	case MX_STEP_RESOURCES: return F_A_RESOURCES;
	case MX_STEP_CMDLINE: return F_A_CMDLINE;
	case MX_STEP_LOGBUF: return F_A_LOGBUF;
	case MX_STEP_HASH: return F_A_HASH;
	case MX_STEP_SWIOTLB: return F_A_SWIOTLB;
	case MX_STEP_EARLY_BOOTMEM: return F_A_NODE;
	case MX_STEP_CALIBRATION: return F_A_CALIB;
	default: return F_A_OTHER;
	}
}

static enum fixed item_group(const struct mx_item *it, const struct mx_profile *p)
{
	switch (it->kind) {
	case MX_ITEM_KERNEL: return F_KERNEL;
	case MX_ITEM_PGD: return F_A_PGTABLES;
	case MX_ITEM_INITRD: case MX_ITEM_FDT: case MX_ITEM_MEMRESERVE: return F_LOADER;
	case MX_ITEM_NOMAP: return F_C_NOMAP;
	case MX_ITEM_STATIC: case MX_ITEM_FIXUP: case MX_ITEM_FREED_LATE: return F_C_RESERVED;
	case MX_ITEM_DYNAMIC: return F_C_DYNAMIC;
	case MX_ITEM_CMA: case MX_ITEM_CMA_DEFAULT: return F_C_CMA;
	case MX_ITEM_MEMMAP: case MX_ITEM_MEMMAP_META: return F_A_MEMMAP;
	case MX_ITEM_CALIBRATION: return F_A_CALIB;
	case MX_ITEM_EARLY: default: break;
	}
	if (it->early >= 0 && (size_t)it->early < p->nearly) {
		const struct mx_early_alloc *e = &p->early[it->early];

		if (e->calibration)
			return F_A_CALIB;
		for (size_t i = 0; e->func && i < sizeof(func_groups) / sizeof(func_groups[0]); i++)
			if (!strncmp(e->func, func_groups[i].prefix, strlen(func_groups[i].prefix)))
				return func_groups[i].group;
		if (e->phase == MX_PHASE_BOOTMEM)
			return F_A_NODE;
		return F_A_OTHER;
	}
	return step_group(it->step);
}

/* While computing: a node with its children as a linked list. */
struct tnode {
	const char *id;
	char *name;
	int kind;
	bool group;
	int first, last, next; /* children, next sibling; -1 none */
	uint64_t pages, mt_pages; /* leaves of items: pages; fixed kernel leaves: KiB (see split_kernel) */
	uint64_t kib, mt_kib;
};

struct builder {
	struct tnode *t;
	size_t n, max;
	int *leaf_of_item;     /* item index -> its leaf, or -1 */
	int err;
};

static int add_node(struct builder *B, int parent, const char *id, const char *name, int kind, bool group)
{
	struct tnode *t;

	if (mxi_grow((void **)&B->t, &B->max, B->n + 1, sizeof(*B->t))) {
		B->err = MX_ENOMEM;
		return -1;
	}
	t = &B->t[B->n];
	memset(t, 0, sizeof(*t));
	t->id = id;
	t->kind = kind;
	t->group = group;
	t->first = t->last = t->next = -1;
	if (!(t->name = strdup(name))) {
		B->err = MX_ENOMEM;
		return -1;
	}
	if (parent >= 0) {
		if (B->t[parent].last >= 0)
			B->t[B->t[parent].last].next = (int)B->n;
		else
			B->t[parent].first = (int)B->n;
		B->t[parent].last = (int)B->n;
	}
	return (int)B->n++;
}

/* The leaf of item @i under @group: one leaf per name in a group. */
static int leaf_for(struct builder *B, const struct mx_layout *L, int group, size_t i)
{
	const struct mx_item *it = &L->items[i];

	if (B->leaf_of_item[i] >= 0)
		return B->leaf_of_item[i];
	for (int c = B->t[group].first; c >= 0; c = B->t[c].next)
		if (!strcmp(B->t[c].name, it->name)) {
			if (B->t[c].kind != (int)it->kind)
				B->t[c].kind = -1; /* same name, several kinds */
			return B->leaf_of_item[i] = c;
		}
	return B->leaf_of_item[i] = add_node(B, group, NULL, it->name, (int)it->kind, false);
}

static bool candidate(const struct mx_item *it)
{
	return (it->flags & MX_IF_PLACED) && it->size && it->base + it->size > it->base;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

struct span {
	uint64_t lo, hi; /* the item's pages: [round_down(base), round_up(end)) */
	int item;
};

static int cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->item - y->item;
}

/*
 * The sets the walk needs, rebuilt from the layout's end state:
 * @U physpages' memory as mem_init saw it (memblock.memory plus what a
 * no-map-fixup removed afterwards); @held what was reserved at mem_init
 * (memblock.reserved, the regions given back after it by the fixup and by
 * their drivers, the memmap the fixup freed) plus NOMAP memory.
 */
static int mem_init_sets(const struct mx_layout *L, const struct mx_profile *p, struct mx_rangeset *U,
			 struct mx_rangeset *held)
{
	if (mx_rangeset_copy(U, &L->memory) || mx_rangeset_copy(held, &L->reserved))
		return MX_ENOMEM;
	for (size_t i = 0; i < L->nfixups; i++) {
		const struct mx_fixup *f = &L->fixups[i];
		const struct mx_item *it = &L->items[f->item];

		if (mx_rangeset_add(U, f->keep_base, f->keep_size) ||
		    mx_rangeset_add(held, it->base, it->size) ||
		    mx_rangeset_add(held, f->memmap_base, f->memmap_size))
			return MX_ENOMEM;
	}
	for (size_t i = 0; i < L->nitems; i++) {
		const struct mx_item *it = &L->items[i];

		if (candidate(it) && it->region >= 0 && (size_t)it->region < p->nregions &&
		    (p->regions[it->region].flags & MX_REGION_FREED_LATE) && (it->flags & MX_IF_FREED) &&
		    !(it->flags & MX_IF_NOMAP) && mx_rangeset_add(held, it->base, it->size))
			return MX_ENOMEM;
	}
	for (size_t i = 0; i < L->nomap.cnt; i++)
		if (mx_rangeset_add(held, L->nomap.r[i].base, L->nomap.r[i].size))
			return MX_ENOMEM;
	return 0;
}

/* The breakpoints of one set: both page edges around each end (@inward: only the inner ones). */
static size_t edges(uint64_t *b, size_t n, const struct mx_rangeset *s, uint64_t page, bool inward)
{
	for (size_t i = 0; i < s->cnt; i++) {
		uint64_t lo = s->r[i].base, hi = mx_range_end(&s->r[i]);

		b[n++] = mx_round_up(lo, page);
		b[n++] = mx_round_down(hi, page);
		if (!inward) {
			b[n++] = mx_round_down(lo, page);
			b[n++] = hi > UINT64_MAX - page ? mx_round_down(hi, page) : mx_round_up(hi, page);
		}
	}
	return n;
}

/*
 * The page walk: the address space cut at every page edge where something
 * starts or stops, so that inside one interval every page is alike (a page
 * an item or a set only partly covers is an interval of its own).
 */
static int walk(struct builder *B, const struct mx_layout *L, const struct mx_profile *p,
		const int *group_node, uint64_t *free_pages, uint64_t *unattr_pages,
		uint64_t *kernel_pages, uint64_t *kernel_mt)
{
	uint64_t page = L->params.page;
	struct mx_rangeset U, held;
	struct span *sp = NULL;
	int *active = NULL;
	uint64_t *b = NULL;
	size_t nb = 0, nsp = 0, nact = 0, cap, next = 0;
	int r = MX_ENOMEM;

	mx_rangeset_init(&U);
	mx_rangeset_init(&held);
	if (mem_init_sets(L, p, &U, &held))
		goto out;
	cap = 4 * (U.cnt + held.cnt + L->buddy.cnt + L->nitems) + 2;
	if (!(b = malloc(cap * sizeof(*b))) || !(sp = malloc((L->nitems + 1) * sizeof(*sp))) ||
	    !(active = malloc((L->nitems + 1) * sizeof(*active))))
		goto out;
	nb = edges(b, nb, &U, page, true);
	nb = edges(b, nb, &held, page, false);
	nb = edges(b, nb, &L->buddy, page, true);
	for (size_t i = 0; i < L->nitems; i++) {
		const struct mx_item *it = &L->items[i];
		uint64_t e;

		if (!candidate(it))
			continue;
		e = it->base + it->size;
		sp[nsp].lo = mx_round_down(it->base, page);
		sp[nsp].hi = e > UINT64_MAX - page ? mx_round_down(e, page) : mx_round_up(e, page);
		sp[nsp].item = (int)i;
		b[nb++] = sp[nsp].lo;
		b[nb++] = mx_round_up(it->base, page);
		b[nb++] = mx_round_down(e, page);
		b[nb++] = sp[nsp].hi;
		nsp++;
	}
	qsort(b, nb, sizeof(*b), cmp_u64);
	qsort(sp, nsp, sizeof(*sp), cmp_span);
	for (size_t k = 0; k + 1 < nb; k++) {
		uint64_t a = b[k], e = b[k + 1], pages;
		int best = -1, bprio = 0;
		uint64_t bbytes = 0;

		if (a == e || !mx_rangeset_contains(&U, a, e - a))
			continue;
		pages = (e - a) / page;
		/* the items whose pages cover [a, e) */
		while (next < nsp && sp[next].lo <= a)
			active[nact++] = (int)next++;
		for (size_t j = 0; j < nact;) {
			if (sp[active[j]].hi <= a)
				active[j] = active[--nact];
			else
				j++;
		}
		if (!mx_rangeset_overlaps(&held, a, e - a)) {
			*free_pages += pages;
			continue;
		}
		for (size_t j = 0; j < nact; j++) {
			const struct mx_item *it = &L->items[sp[active[j]].item];
			uint64_t lo = it->base > a ? it->base : a;
			uint64_t hi = it->base + it->size < e ? it->base + it->size : e;
			uint64_t bytes = hi > lo ? mx_rangeset_bytes_in(&held, lo, hi - lo) : 0;
			int prio = mxi_view_priority(it->kind);

			if (!bytes)
				continue;
			if (best < 0 || prio > bprio || (prio == bprio && bytes > bbytes) ||
			    (prio == bprio && bytes == bbytes && sp[active[j]].item < best)) {
				best = sp[active[j]].item;
				bprio = prio;
				bbytes = bytes;
			}
		}
		if (best < 0) {
			*unattr_pages += pages;
			continue;
		}
		{
			bool freed = mx_rangeset_contains(&L->buddy, a, e - a);
			enum fixed g = item_group(&L->items[best], p);
			int leaf;

			if (g == F_KERNEL) {
				*kernel_pages += pages;
				*kernel_mt += freed ? pages : 0;
				continue;
			}
			if ((leaf = leaf_for(B, L, group_node[g], (size_t)best)) < 0)
				goto out;
			B->t[leaf].pages += pages;
			B->t[leaf].mt_pages += freed ? pages : 0;
		}
	}
	r = 0;
out:
	free(b);
	free(sp);
	free(active);
	mx_rangeset_release(&U);
	mx_rangeset_release(&held);
	return r;
}

/*
 * _stext.._end by the Memory line's section sizes (what the kernel prints,
 * mem_init_print_info()): the pages free_initmem() gave back are "init";
 * the kept rest is code, rodata, rwdata and bss as printed, in that order,
 * each as far as the kept pages go, and what remains is "other" (alignment
 * between the sections, arm64's in-image page tables, ...).
 */
static void split_kernel(struct builder *B, const int *group_node, const struct mx_profile *p,
			 uint64_t kib, uint64_t mt_kib)
{
	const struct mx_kernel_image *k = &p->kernel_image;
	const struct { enum fixed f; uint64_t bytes; } parts[] = {
		{ F_K_CODE, k->code }, { F_K_RODATA, k->rodata }, { F_K_RWDATA, k->rwdata }, { F_K_BSS, k->bss },
	};
	uint64_t rest = kib - mt_kib;

	B->t[group_node[F_K_INIT]].kib = B->t[group_node[F_K_INIT]].mt_kib = mt_kib;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		uint64_t v = parts[i].bytes >> 10;

		if (v > rest)
			v = rest;
		B->t[group_node[parts[i].f]].kib = v;
		rest -= v;
	}
	B->t[group_node[F_K_OTHER]].kib = rest;
}

/* Leaves of items: pages to KiB; groups: the sums of their children. */
static void sum_up(struct builder *B, int n, uint64_t pk)
{
	struct tnode *t = &B->t[n];

	if (!t->group) {
		if (!t->id) {
			t->kib = t->pages * pk;
			t->mt_kib = t->mt_pages * pk;
		}
		return;
	}
	t->kib = t->mt_kib = 0;
	for (int c = t->first; c >= 0; c = B->t[c].next) {
		sum_up(B, c, pk);
		t->kib += B->t[c].kib;
		t->mt_kib += B->t[c].mt_kib;
	}
}

static int flatten(struct mx_breakdown *bd, struct builder *B, int n, unsigned depth)
{
	struct tnode *t = &B->t[n];
	struct mx_bd_node *o;

	if (mxi_grow((void **)&bd->node, &bd->maxnode, bd->nnode + 1, sizeof(*bd->node)))
		return MX_ENOMEM;
	o = &bd->node[bd->nnode++];
	o->id = t->id;
	o->name = t->name;
	t->name = NULL; /* handed over */
	o->kind = t->kind;
	o->depth = depth;
	o->group = t->group;
	o->kib = t->kib;
	o->memtotal_kib = t->mt_kib;
	for (int c = t->first; c >= 0; c = B->t[c].next)
		if (flatten(bd, B, c, depth + 1))
			return MX_ENOMEM;
	return 0;
}

void mx_breakdown_init(struct mx_breakdown *b)
{
	memset(b, 0, sizeof(*b));
}

void mx_breakdown_release(struct mx_breakdown *b)
{
	for (size_t i = 0; i < b->nnode; i++)
		free(b->node[i].name);
	free(b->node);
	mx_breakdown_init(b);
}

int mx_breakdown_compute(struct mx_breakdown *bd, const struct mx_layout *L, const struct mx_profile *p)
{
	struct builder B = { NULL, 0, 0, NULL, 0 };
	int group_node[F__COUNT];
	uint64_t pk = L->params.page / 1024, free_pages = 0, unattr = 0, kpages = 0, kmt = 0;
	int r;

	mx_breakdown_release(bd);
	if (!(B.leaf_of_item = malloc((L->nitems + 1) * sizeof(int)))) {
		r = MX_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < L->nitems; i++)
		B.leaf_of_item[i] = -1;
	for (int f = 0; f < F__COUNT; f++)
		group_node[f] = add_node(&B, fixed[f].parent < 0 ? -1 : group_node[fixed[f].parent], fixed[f].id,
					 fixed[f].name, -1, fixed[f].group);
	if (B.err || (r = walk(&B, L, p, group_node, &free_pages, &unattr, &kpages, &kmt)) || B.err) {
		r = MX_ENOMEM;
		goto out;
	}
	B.t[group_node[F_FREE]].kib = B.t[group_node[F_FREE]].mt_kib = free_pages * pk;
	B.t[group_node[F_UNATTRIBUTED]].kib = unattr * pk;
	split_kernel(&B, group_node, p, kpages * pk, kmt * pk);
	sum_up(&B, group_node[F_ROOT], pk);
	r = flatten(bd, &B, group_node[F_ROOT], 0);
	if (r)
		goto out;
	/* "unattributed" is there only when something is */
	if (!unattr) {
		for (size_t i = 0; i < bd->nnode; i++)
			if (bd->node[i].id && !strcmp(bd->node[i].id, "unattributed")) {
				free(bd->node[i].name);
				memmove(&bd->node[i], &bd->node[i + 1], (bd->nnode - i - 1) * sizeof(*bd->node));
				bd->nnode--;
				break;
			}
	}
	bd->physpages_kib = bd->node[0].kib;
	bd->memtotal_kib = bd->node[0].memtotal_kib;
	bd->unattributed_kib = unattr * pk;
out:
	for (size_t i = 0; i < B.n; i++)
		free(B.t[i].name);
	free(B.t);
	free(B.leaf_of_item);
	if (r)
		mx_breakdown_release(bd);
	return r;
}
