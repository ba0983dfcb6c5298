/* rangeset_find.c - where memblock puts an allocation: the top-down search, walked or indexed */
#include "core_internal.h"
#include "memx/rangeset.h"
#include "rangeset_internal.h"

/* Last index whose base is < @addr, or (size_t)-1. */
static size_t last_starting_below(const struct mx_rangeset *rs, uint64_t addr)
{
	size_t lo = 0, hi = rs->cnt;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rs->r[mid].base < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1; /* wraps to SIZE_MAX when lo == 0 */
}

/* try_fit() on [s, e), saying where the range started. */
static bool fit_from(uint64_t s, uint64_t e, uint64_t size, uint64_t align, uint64_t *out,
		     uint64_t *from)
{
	if (!mxi_rangeset_try_fit(s, e, size, align, out))
		return false;
	if (from)
		*from = s;
	return true;
}

/*
 * The kernel's walk: for_each_free_mem_range_reverse() - memory ranges from
 * the top, and inside each the gaps between reserved (and NOMAP) ranges
 * from the top. Of the blockers that start below the current top @e, the
 * one ending highest bounds the next gap; the sets are sorted and merged,
 * so that is the last one of each set that starts below @e.
 */
int mxi_rangeset_walk_top_down(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
			       const struct mx_rangeset *busy, uint64_t lo, uint64_t hi,
			       uint64_t size, uint64_t align, uint64_t *out, uint64_t *from)
{
	const size_t none = (size_t)-1;

	if (!size || !mx_is_pow2(align) || lo >= hi)
		return MX_ENOSPACE;
	/* the walk reads the arrays (an open set in chunks is walked only when its index has no memory) */
	mxi_rs_flat(mem);
	mxi_rs_flat(busy);
	if (nomap)
		mxi_rs_flat(nomap);
	for (size_t i = mem->cnt; i-- > 0;) {
		uint64_t s = mem->r[i].base, e = mx_range_end(&mem->r[i]);
		size_t kb, kn;

		if (s < lo)
			s = lo;
		if (e > hi)
			e = hi;
		if (s >= e)
			continue;
		kb = last_starting_below(busy, e);
		kn = nomap ? last_starting_below(nomap, e) : none;
		while (s < e) {
			uint64_t be = kb != none ? mx_range_end(&busy->r[kb]) : 0;
			uint64_t ne = kn != none ? mx_range_end(&nomap->r[kn]) : 0;
			uint64_t top = be > ne ? be : ne, below;

			if ((kb == none && kn == none) || top <= s) {
				/* nothing blocks the rest of this memory range */
				if (fit_from(s, e, size, align, out, from))
					return 0;
				break;
			}
			if (top < e && fit_from(top, e, size, align, out, from))
				return 0;
			below = kb != none && be >= ne ? busy->r[kb].base : nomap->r[kn].base;
			e = below;
			while (kb != none && busy->r[kb].base >= e)
				kb--;
			while (kn != none && nomap->r[kn].base >= e)
				kn--;
		}
	}
	return MX_ENOSPACE;
}

struct up_ctx {
	uint64_t size, align, *out;
};

static int try_up(uint64_t s, uint64_t e, void *p)
{
	struct up_ctx *u = p;

	return mxi_rangeset_try_fit_up(s, e, u->size, u->align, u->out);
}

/* The kernel's walk: for_each_free_mem_range() - the free ranges from the bottom, clamped. */
int mxi_rangeset_walk_bottom_up(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
				const struct mx_rangeset *busy, uint64_t lo, uint64_t hi,
				uint64_t size, uint64_t align, uint64_t *out)
{
	struct up_ctx u = { size, align, out };

	if (!size || !mx_is_pow2(align) || lo >= hi)
		return MX_ENOSPACE;
	return mxi_rangeset_each_free(mem, nomap, busy, lo, hi, try_up, &u) ? 0 : MX_ENOSPACE;
}

/*
 * Below this many reserved and NOMAP ranges the walk costs less than
 * keeping the index up to date (a board's few dozen: the QEMU boards'
 * recompute would take twice as long); above it the walk is what made
 * recompute quadratic.
 */
#define WALK_MAX 64

int mxi_rangeset_find_top_down_from(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
				    const struct mx_rangeset *busy, uint64_t lo, uint64_t hi,
				    uint64_t size, uint64_t align, uint64_t *out, uint64_t *from)
{
	if (busy->cnt + (nomap ? nomap->cnt : 0) <= WALK_MAX)
		return mxi_rangeset_walk_top_down(mem, nomap, busy, lo, hi, size, align, out, from);
	return mxi_rangeset_index_find(mem, nomap, busy, lo, hi, size, align, out, from);
}

int mxi_rangeset_find_bottom_up(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
				const struct mx_rangeset *busy, uint64_t lo, uint64_t hi,
				uint64_t size, uint64_t align, uint64_t *out)
{
	if (busy->cnt + (nomap ? nomap->cnt : 0) <= WALK_MAX)
		return mxi_rangeset_walk_bottom_up(mem, nomap, busy, lo, hi, size, align, out);
	return mxi_rangeset_index_find_bottom_up(mem, nomap, busy, lo, hi, size, align, out);
}

int mx_rangeset_find_top_down_nomap(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
				    const struct mx_rangeset *busy, uint64_t lo, uint64_t hi,
				    uint64_t size, uint64_t align, uint64_t *out)
{
	return mxi_rangeset_find_top_down_from(mem, nomap, busy, lo, hi, size, align, out, NULL);
}

int mx_rangeset_find_top_down(const struct mx_rangeset *mem, const struct mx_rangeset *busy,
			      uint64_t lo, uint64_t hi, uint64_t size, uint64_t align,
			      uint64_t *out)
{
	return mxi_rangeset_find_top_down_from(mem, NULL, busy, lo, hi, size, align, out, NULL);
}
