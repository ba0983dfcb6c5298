/* memx/breakdown.h - every KiB of physpages attributed to exactly one named cause */
#ifndef MEMX_BREAKDOWN_H
#define MEMX_BREAKDOWN_H

#include "memx/api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/buf.h"
#include "memx/layout.h"
#include "memx/profile.h"

/*
 * The version of the breakdown's JSON schema (doc/breakdown.schema.json).
 * It changes when a field is renamed or removed, or a fixed group's id
 * changes meaning; new groups and fields keep it.
 */
#define MX_BREAKDOWN_SCHEMA_VERSION 1

/*
 * One node of the breakdown tree. The tree is the physpages of the Memory
 * line (the pages of memblock.memory at mem_init) cut into causes:
 *
 *   physpages
 *     free at mem_init            what memblock_free_all() gave the buddy allocator
 *     kernel image                _stext.._end: code, rodata, rwdata, init, bss, other
 *     device-tree carve-outs      no-map, reserved, dynamic, CMA pools (one leaf per region)
 *     kernel allocations         memmap, page tables, per-cpu, hash tables, ... (one leaf per name)
 *     boot loader                 initrd, DTB, /memreserve/
 *     unattributed                only when a reserved page has no item (never, in the tests)
 *
 * A page belongs to exactly one leaf: where items overlap, the one of the
 * highest drawing priority (carve-outs over the kernel and the boot loader's
 * blobs over allocations, as the explorer draws them) holding the most
 * reserved bytes of the page wins. @memtotal_kib is the part of @kib in the
 * buddy allocator at the end of boot (counted in MemTotal: CMA activated,
 * initrd and init freed, fixup tails, regions freed late); the rest is kept.
 */
struct mx_bd_node {
	const char *id;        /* a fixed node's stable id ("kernel.code"), NULL for a named leaf */
	char *name;            /* owned by the breakdown */
	int kind;              /* a named leaf: the enum mx_item_kind of its items; else -1 */
	unsigned depth;        /* 0 for the root */
	bool group;            /* a group (its subtree follows it), else a leaf */
	uint64_t kib;
	uint64_t memtotal_kib;
};

/* The nodes in pre-order: each group is followed by its subtree. Owns every name. */
struct mx_breakdown {
	struct mx_bd_node *node;
	size_t nnode, maxnode;
	uint64_t physpages_kib;  /* the Memory line's physpages: node[0].kib */
	uint64_t memtotal_kib;   /* MemTotal at the end: node[0].memtotal_kib */
	uint64_t unattributed_kib;
};

/**
 * mx_breakdown_init - make @b an empty breakdown
 */
MX_API void mx_breakdown_init(struct mx_breakdown *b);
/**
 * mx_breakdown_release - free what @b holds and leave it empty
 */
MX_API void mx_breakdown_release(struct mx_breakdown *b);

/**
 * mx_breakdown_compute - attribute every page of @L's physpages to one cause
 * @b: an initialised breakdown; its previous content is replaced
 * @L: a computed layout
 * @p: the profile @L was computed from (kernel section sizes, listed
 *     allocations' kernel functions, region flags)
 *
 * Every group's kib and memtotal_kib are the sums of its children's.
 * Returns: 0 or MX_ENOMEM (then @b is empty).
 */
MX_API int mx_breakdown_compute(struct mx_breakdown *b, const struct mx_layout *L,
				const struct mx_profile *p);

/**
 * mx_breakdown_json - @b as one JSON document of the schema
 * doc/breakdown.schema.json, version MX_BREAKDOWN_SCHEMA_VERSION. Appends to @out.
 * Returns 0 or MX_ENOMEM.
 */
MX_API int mx_breakdown_json(const struct mx_breakdown *b, const struct mx_layout *L,
			     const struct mx_profile *p, struct mx_buf *out);

/**
 * mx_breakdown_text - @b as an indented table (KiB, in MemTotal, kept);
 * groups of 0 KiB are left out. Appends to @out. Returns 0 or MX_ENOMEM.
 */
MX_API int mx_breakdown_text(const struct mx_breakdown *b, const struct mx_layout *L,
			     const struct mx_profile *p, struct mx_buf *out);

#endif
