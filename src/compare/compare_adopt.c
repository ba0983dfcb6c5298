/* compare_adopt.c - facts of a boot that its device tree file cannot say, taken from its log */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/compare.h"
#include "compare_internal.h"

/* "512M", "1G", "0x1234": a size as a user writes it in a profile */
static void short_size(char *out, size_t n, uint64_t v)
{
	if (v && !(v & ((1ULL << 30) - 1)))
		snprintf(out, n, "%" PRIu64 "G", v >> 30);
	else if (v && !(v & ((1ULL << 20) - 1)))
		snprintf(out, n, "%" PRIu64 "M", v >> 20);
	else if (v && !(v & ((1ULL << 10) - 1)))
		snprintf(out, n, "%" PRIu64 "K", v >> 10);
	else
		snprintf(out, n, "0x%" PRIx64, v);
}

/* "0x60000000+512M, 0x80000000+1G" into @out */
static void banks_text(char *out, size_t n, const struct mx_rangeset *s)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < s->cnt && used + 1 < n; i++) {
		char sz[32];
		int w;

		short_size(sz, sizeof(sz), s->r[i].size);
		w = snprintf(out + used, n - used, "%s0x%" PRIx64 "+%s", i ? ", " : "", s->r[i].base, sz);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	if (!s->cnt)
		snprintf(out, n, "none");
}

static bool same_set(const struct mx_rangeset *a, const struct mx_rangeset *b)
{
	if (a->cnt != b->cnt)
		return false;
	for (size_t i = 0; i < a->cnt; i++)
		if (a->r[i].base != b->r[i].base || a->r[i].size != b->r[i].size)
			return false;
	return true;
}

/*
 * The tree the kernel unflattened: drivers/of/fdt.c __unflatten_device_tree()
 * makes one dt_alloc(size + 4) through early_init_dt_alloc_memory_arch()
 * before any other allocation of that caller (of_alias_scan() comes later).
 */
static bool boot_tree_bytes(const struct mx_bootlog *b, uint64_t *bytes)
{
	struct mx_bootlog_memop o;

	for (size_t i = 0; mx_bootlog_op(b, i, &o); i++)
		if (o.op == MX_BLOP_ALLOC &&
		    (!strcmp(o.caller, "early_init_dt_alloc_memory_arch") ||
		     !strcmp(o.caller, "__unflatten_device_tree"))) {
			*bytes = o.size;
			return true;
		}
	return false;
}

static const struct mx_item *item_named(const struct mx_layout *L, const char *name)
{
	for (size_t i = 0; i < L->nitems; i++)
		if (L->items[i].kind == MX_ITEM_EARLY && !strcmp(L->items[i].name, name))
			return &L->items[i];
	return NULL;
}

static int note(struct mx_diaglist *notes, const struct mx_profile *p, const char *msg)
{
	return mx_diag_add(notes, MX_SEV_NOTE, NULL, &p->pos, -1, "%s", msg) ? MX_ENOMEM : 0;
}

/* /memory as the boot had it: "Early memory node ranges", adjacent ranges joined. */
static int adopt_memory(struct mx_profile *p, const struct mx_bootlog *b, struct mx_layout *L,
			struct mx_diaglist *notes)
{
	struct mx_rangeset obs;
	struct mx_bank *banks;
	char msg[640], was[200], now[200];
	int r = 0;

	if (!b->nnode_ranges)
		return 0;
	mx_rangeset_init(&obs);
	for (size_t i = 0; i < b->nnode_ranges && !r; i++)
		if (b->node_ranges[i].size)
			r = mx_rangeset_add(&obs, b->node_ranges[i].base, b->node_ranges[i].size);
	if (r || same_set(&obs, &L->memory)) {
		mx_rangeset_release(&obs);
		return r ? MX_ENOMEM : 0;
	}
	banks_text(was, sizeof(was), &L->dram);
	banks_text(now, sizeof(now), &obs);
	if (!(banks = calloc(obs.cnt, sizeof(*banks)))) {
		mx_rangeset_release(&obs);
		return MX_ENOMEM;
	}
	for (size_t i = 0; i < obs.cnt; i++) {
		banks[i].base = obs.r[i].base;
		banks[i].size = obs.r[i].size;
		banks[i].pos = p->nmemory ? p->memory[0].pos : p->pos;
	}
	free(p->memory);
	p->memory = banks;
	p->nmemory = obs.cnt;
	mx_rangeset_release(&obs);
	snprintf(msg, sizeof(msg), "the boot loader changed /memory: file %s, boot %s (the log's "
		 "\"Early memory node ranges\"; --keep-memory keeps the file's)", was, now);
	return note(notes, p, msg) ? MX_ENOMEM : 1;
}

static int adopt_tree(struct mx_profile *p, const struct mx_bootlog *b, const struct mx_layout *L,
		      struct mx_diaglist *notes)
{
	const struct mx_item *it = item_named(L, "unflattened device tree");
	uint64_t obs;
	char msg[320];

	if (!it || !(it->flags & MX_IF_PLACED) || !boot_tree_bytes(b, &obs) || obs == it->size)
		return 0;
	snprintf(msg, sizeof(msg), "the boot's unflattened device tree took %" PRIu64 " bytes where "
		 "the file's tree gives %" PRIu64 " (%+" PRId64 "): the boot loader edited the tree; "
		 "the boot's size is used (--keep-tree keeps the file's)", obs, it->size,
		 (int64_t)(obs - it->size));
	p->kside.unflattened = obs;
	return note(notes, p, msg) ? MX_ENOMEM : 1;
}

int mx_compare_adopt_boot(struct mx_profile *p, const struct mx_bootlog *b, const struct mx_ubootlog *u,
			  unsigned take, struct mx_diaglist *notes)
{
	struct mx_layout L;
	int n = 0, r;

	if ((take & MX_ADOPT_BOOTARGS) && b->cmdline && (!p->bootargs || strcmp(p->bootargs, b->cmdline))) {
		if (mx_str_set(&p->bootargs, b->cmdline) ||
		    note(notes, p, "bootargs: the log's \"Kernel command line\" (--keep-bootargs keeps the "
			 "profile's)"))
			return MX_ENOMEM;
		n++;
	}
	if ((take & MX_ADOPT_LOADER) && u) {
		if ((r = mxi_adopt_loader_settings(p, u, notes)) < 0)
			return r;
		n += r;
	}
	if (!(take & (MX_ADOPT_MEMORY | MX_ADOPT_TREE | MX_ADOPT_PLACEMENT)))
		return n;
	mx_layout_init(&L);
	r = mx_layout_compute(&L, p);
	if (!r && (take & MX_ADOPT_MEMORY) && (r = adopt_memory(p, b, &L, notes)) > 0) {
		n++;
		r = mx_layout_compute(&L, p);
	}
	if (!r && (take & MX_ADOPT_PLACEMENT) && (r = mxi_adopt_loader_placements(p, &L, b, u, notes)) > 0) {
		n += r;
		r = mx_layout_compute(&L, p);
	}
	if (!r && (take & MX_ADOPT_TREE) && (r = adopt_tree(p, b, &L, notes)) > 0) {
		n++;
		r = 0;
	}
	mx_layout_release(&L);
	return r < 0 ? r : n;
}

int mx_compare_adopt(struct mx_profile *p, const struct mx_bootlog *b, unsigned take,
		     struct mx_diaglist *notes)
{
	return mx_compare_adopt_boot(p, b, NULL, take, notes);
}
