/* check_tree.c - checks that only make sense on the merged tree (after includes, overrides and overlays) */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

/*
 * A board's /reserved-memory is written in pieces: the SoC .dtsi, the
 * board's &label overrides, /delete-node/, a boot loader's overlays. Each
 * piece can be right and the sum wrong; these look at the sum, with the
 * node's original position (its first definition) for the message.
 */

static bool enabled(const struct mx_region *r)
{
	return !(r->flags & MX_REGION_DISABLED);
}

/* Region @i is enabled, by its summary (mxi_rsum: the region itself is not read). */
static bool enabled_i(const struct mx_ctx *c, size_t i)
{
	return !(c->rsum[i].flags & MX_REGION_DISABLED);
}

/*
 * drivers/of/fdt.c (6.1): early_init_fdt_scan_reserved_mem() reserves the
 * header's /memreserve/ entries first; early_init_dt_reserve_memory() then
 * refuses no-map for a region that overlaps reserved memory (-EBUSY), and
 * reserves others a second time. Either way the carve-out is not what the
 * board author meant.
 */
static void memreserve_overlap(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;

	for (size_t m = 0; m < p->nmemreserve; m++) {
		uint64_t mb = p->memreserve[m].base, me;

		if (!p->memreserve[m].size || !mx_add_ok(mb, p->memreserve[m].size, &me))
			continue;
		for (size_t i = 0; i < p->nregions; i++) {
			const struct mx_region *r = &p->regions[i];

			if (!enabled_i(c, i) || !c->rsum[i].nreg)
				continue;
			for (size_t j = 0; enabled(r) && j < r->nreg; j++) {
				uint64_t b = r->reg[j].base, e;

				if (!r->reg[j].size || !mx_add_ok(b, r->reg[j].size, &e) || b >= me || mb >= e)
					continue;
				mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_MEMRESERVE_OVERLAP, &r->pos, (int)i,
					    "/memreserve/ [0x%" PRIx64 "-0x%" PRIx64 ") overlaps '%s' [0x%" PRIx64
					    "-0x%" PRIx64 "): the header's entry is reserved first%s", mb, me,
					    r->name, b, e, r->flags & MX_REGION_NOMAP ? ", so the kernel refuses "
					    "the no-map (early_init_dt_reserve_memory: -EBUSY)" : "");
				break;
			}
		}
	}
}

/*
 * of_reserved_mem.c: __reserved_mem_alloc_size() tries each alloc-ranges
 * entry on its own, [start, start + size) top-down at the node's alignment;
 * when no entry can hold the size, "failed to allocate memory for node".
 */
static void alloc_ranges_small(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;

	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];
		uint64_t align, largest = 0;
		bool fits = false;

		if (!enabled_i(c, i) || c->rsum[i].nreg || !c->rsum[i].sized || !c->rsum[i].windows)
			continue;
		align = r->align && mx_is_pow2(r->align) ? r->align : 1;
		for (size_t j = 0; j < r->nalloc_ranges && !fits; j++) {
			uint64_t b = r->alloc_ranges[j].base, e, start = mx_round_up(b, align);

			if (!mx_add_ok(b, r->alloc_ranges[j].size, &e))
				e = UINT64_MAX;
			if (start >= b && start < e) {
				fits = e - start >= r->size;
				if (e - start > largest)
					largest = e - start;
			}
		}
		if (!fits)
			mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_ALLOC_RANGES_SMALL, &r->pos, (int)i,
				    "'%s' needs 0x%" PRIx64 " bytes%s but its largest alloc-ranges window "
				    "holds 0x%" PRIx64 ": the kernel cannot allocate it", r->name, r->size,
				    align > 1 ? " (aligned)" : "", largest);
	}
}

/*
 * kernel/dma/contiguous.c: rmem_cma_setup() sets dma_contiguous_default_area
 * for every linux,cma-default pool it sets up: the last one wins and the
 * others stay plain CMA pools nobody's default.
 */
static void cma_default_twice(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;
	int first = -1;

	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];

		if (!enabled_i(c, i) || !(c->rsum[i].flags & MX_REGION_CMA_DEFAULT))
			continue;
		if (first < 0) {
			first = (int)i;
			continue;
		}
		mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_CMA_DEFAULT_TWICE, &r->pos, (int)i,
			    "'%s' and '%s' are both linux,cma-default: each becomes the default CMA area "
			    "in turn (rmem_cma_setup), only the last one set up stays it", p->regions[first].name,
			    r->name);
	}
}

/*
 * The reserved-memory binding allows one reg entry. of_reserved_mem.c:
 * __reserved_mem_reserve_reg() reserves every entry but records only the
 * first as the region a device's memory-region gets.
 */
static void reg_entries(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;

	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];

		if (enabled_i(c, i) && c->rsum[i].nreg > 1)
			mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_REG_ENTRIES, &r->pos, (int)i,
				    "'%s' has %zu reg entries; the binding allows one: the kernel reserves "
				    "them all but the region its users get is the first, [0x%" PRIx64 "-+0x%"
				    PRIx64 ")", r->name, r->nreg, r->reg[0].base, r->reg[0].size);
	}
}

/* The unit address says where the node is (DT spec 2.2.1): the first reg address, in hex. */
static void unit_address(struct mx_ctx *c)
{
	const struct mx_profile *p = c->p;

	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];
		const char *at;
		uint64_t unit = 0;
		bool hex;

		if (!c->rsum[i].nreg)
			continue;
		at = r->name ? strchr(r->name, '@') : NULL;
		hex = at && at[1];
		if (!at)
			continue;
		for (const char *s = at + 1; hex && *s && *s != ','; s++) {
			int v = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
				*s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;

			if (v < 0 || unit >> 60)
				hex = false;
			else
				unit = unit << 4 | (uint64_t)v;
		}
		if (!hex || unit != r->reg[0].base)
			mxi_ctx_diag(c, MX_SEV_WARNING, MX_CHECK_UNIT_ADDRESS, &r->pos, (int)i,
				    "the unit address of '%s' does not match its reg (0x%" PRIx64 "): the node "
				    "should be called %.*s@%" PRIx64, r->name, r->reg[0].base,
				    (int)(at - r->name), r->name, r->reg[0].base);
	}
}

void mxi_checks_tree(struct mx_ctx *c)
{
	memreserve_overlap(c);
	alloc_ranges_small(c);
	cma_default_twice(c);
	/* how the source is written (the binding, the spec): said about device trees, not YAML profiles */
	if (c->p->dt_source) {
		reg_entries(c);
		unit_address(c);
	}
}
