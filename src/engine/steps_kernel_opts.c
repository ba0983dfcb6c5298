/* steps_kernel_opts.c - 6.1 models of boot options: log_buf_len=, swiotlb, crashkernel= */
#include <inttypes.h>
#include <stdio.h>

#include "engine_internal.h"

#define LOG_BUF_LEN_MAX (1ULL << 31)      /* kernel/printk/printk.c */
#define LOG_CPU_MAX_BUF_LEN 4096ULL       /* CONFIG_LOG_CPU_MAX_BUF_SHIFT=12 */
#define DEFAULT_LOG_BUF (128ULL << 10)    /* CONFIG_LOG_BUF_SHIFT=17 */

/* Give back what an aborted model had taken (the kernel's memblock_free()s). */
static void undo(struct mx_ctx *c, int it)
{
	struct mx_item *x;

	if (it < 0)
		return;
	x = &c->L->items[it];
	mxi_ctx_unreserve(c, x->base, x->size);
	x->flags &= ~(unsigned)MX_IF_PLACED;
	x->flags |= MX_IF_FREED;
}

/*
 * kernel/printk/printk.c: log_buf_len= is capped at LOG_BUF_LEN_MAX and
 * rounded up to a power of two (log_buf_len_update()), and only a buffer
 * above the built-in one is made; without it, log_buf_add_cpu() grows the
 * buffer when the possible CPUs' share passes half of it. setup_log_buf()
 * then takes the text, one struct prb_desc and one struct printk_info per
 * 32 bytes (PRB_AVGBITS 5), and gives everything back if one of them fails.
 */
void mxi_step_logbuf(struct mx_ctx *c)
{
	uint64_t built_in = c->p->kside.log_buf ? c->p->kside.log_buf : DEFAULT_LOG_BUF;
	uint64_t len = c->P->log_buf_len, al = mxi_ptr_bytes(c), n, desc = 3 * mxi_ptr_bytes(c);
	unsigned cpus = mxi_ctx_possible_cpus(c);
	int it, d, in;
	const char *why = "log_buf_len=";

	if (!mxi_models_on(c))
		return;
	if (!len && cpus > 1 && (cpus - 1) * LOG_CPU_MAX_BUF_LEN > built_in / 2) {
		len = (cpus - 1) * LOG_CPU_MAX_BUF_LEN + built_in;
		why = "log_buf_add_cpu()";
	}
	if (!len)
		return;
	if (len > LOG_BUF_LEN_MAX)
		len = LOG_BUF_LEN_MAX;
	len = mxi_pow2_ceil(len);
	if (len <= built_in) {
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "%s %" PRIu64 " is not above the built-in %" PRIu64
			   " bytes: no new buffer", why, len, built_in);
		return;
	}
	n = len >> 5;
	if ((it = mxi_model_alloc(c, "log buffer", len, al, 0, c->current_limit)) < 0)
		return;
	if ((d = mxi_model_alloc(c, "log buffer descriptors", n * desc, al, 0, c->current_limit)) < 0) {
		undo(c, it);
		return;
	}
	if ((in = mxi_model_alloc(c, "log buffer infos", n * 88, al, 0, c->current_limit)) < 0) {
		undo(c, it);
		undo(c, d);
		return;
	}
	mxi_ctx_log(c, MX_LOG_MEMX, it, "%s: %" PRIu64 " bytes (a power of two above the built-in %"
		   PRIu64 ") + %" PRIu64 " x (%" PRIu64 " + 88) descriptor bytes", why, len, built_in, n,
		   desc);
}

/*
 * kernel/dma/swiotlb.c (after 6.1): round_up_default_nslabs() - every area
 * gets IO_TLB_SEGSIZE (128) slabs at least, else a slab count that is no
 * power of two is rounded up to one. 6.1 swiotlb_adjust_nareas() only did
 * the latter.
 */
static uint64_t round_up_slabs(const struct mx_ctx *c, uint64_t nslabs, uint64_t nareas)
{
	if (c->fl->swiotlb_retry && nslabs < 128 * nareas)
		return 128 * nareas;
	return mxi_pow2_ceil(nslabs);
}

/*
 * arch/arm64/mm/init.c (6.5+) mem_init(): with DMA_BOUNCE_UNALIGNED_KMALLOC
 * and no ZONE_DMA bouncing, swiotlb_adjust_size(min(default size,
 * DIV_ROUND_UP(memblock_phys_mem_size(), 1024))) - 1 MiB per GiB of
 * memblock.memory (no-map included) - which only acts on the default
 * 32768 slabs: ALIGN to 2 KiB, then ALIGN(size >> 11, 128) slabs, rounded
 * for the areas when swiotlb=,AREAS set them already. Returns the slabs.
 */
static uint64_t kmalloc_bounce_slabs(struct mx_ctx *c, uint64_t nslabs, uint64_t set_areas)
{
	uint64_t size = (mx_rangeset_bytes(&c->L->memory) + 1023) / 1024;

	if (nslabs != 32768) {
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "swiotlb: swiotlb= gave %" PRIu64 " slabs; "
			   "swiotlb_adjust_size() leaves them", nslabs);
		return nslabs;
	}
	if (size > nslabs << 11)
		size = nslabs << 11;
	size = mx_round_up(size, 2048);
	nslabs = mx_round_up(size >> 11, 128);
	if (set_areas) {
		uint64_t r = round_up_slabs(c, nslabs, set_areas);

		if (r != nslabs)
			size = r << 11;
		nslabs = r;
	}
	mxi_ctx_log(c, MX_LOG_KERNEL, -1, "software IO TLB: SWIOTLB bounce buffer size adjusted to %"
		   PRIu64 "MB", size >> 20);
	return nslabs;
}

/* swiotlb_adjust_nareas(): the areas a power of two, the slabs rounded for them */
static uint64_t adjust_nareas(struct mx_ctx *c, uint64_t *nslabs, uint64_t n)
{
	uint64_t nareas = mxi_pow2_ceil(n ? n : 1), r = round_up_slabs(c, *nslabs, nareas);

	mxi_ctx_log(c, MX_LOG_KERNEL, -1, "software IO TLB: area num %" PRIu64 ".", nareas);
	if (r != *nslabs)
		mxi_ctx_log(c, MX_LOG_KERNEL, -1, "software IO TLB: SWIOTLB bounce buffer size "
			   "roundup to %" PRIu64 "MB", (r << 11) >> 20);
	*nslabs = r;
	return nareas;
}

/*
 * mem_init() -> swiotlb_init(max_pfn > PFN_DOWN(DMA limit)): arm64
 * (arch/arm64/mm/init.c) and 32-bit ARM with LPAE (arch/arm/mm/init.c,
 * max_pfn > arm_dma_pfn_limit); swiotlb=force makes it anyway, noforce
 * never; 6.5+ arm64 also makes a small kmalloc bounce buffer otherwise.
 * swiotlb_init_remap(): swiotlb_adjust_nareas() rounds the areas
 * (possible CPUs, or swiotlb=N,AREAS) up to a power of two and with them
 * the slab count; the bounce buffer goes below ARCH_LOW_ADDRESS_LIMIT
 * (memblock_alloc_low(), which memblock_alloc_internal() also keeps under
 * memblock.current_limit) - 6.2+ tries half the slabs (aligned to 128)
 * while it does not fit and more than IO_TLB_MIN_SLABS (512) are asked,
 * 6.1 gives up at once; then the page-rounded struct io_tlb_slot array
 * and one struct io_tlb_area per area (at most one per 128 slabs).
 */
void mxi_step_swiotlb(struct mx_ctx *c)
{
	uint64_t limit = mxi_ctx_dma_limit(c), nslabs, low, end, base;
	uint64_t ptr = mxi_ptr_bytes(c), phys = c->P->phys_digits == 16 ? 8 : 4;
	/* struct io_tlb_slot { phys_addr_t; size_t; unsigned int; (6.12: unsigned short x2) }, aligned */
	uint64_t slot = mx_round_up(phys + ptr + 4, phys > ptr ? phys : ptr);
	/* struct io_tlb_area { unsigned long; unsigned int; spinlock_t; } */
	uint64_t area = ptr + 4 + 4, nareas, slots, asked;
	unsigned cpus = mxi_ctx_possible_cpus(c);
	bool kmalloc = false;
	int it;

	if (!mxi_models_on(c) || !c->L->memory.cnt ||
	    !(c->P->arch == MX_ARCH_ARM64 || (c->P->arch == MX_ARCH_ARM && c->p->kside.lpae)))
		return;
	if (c->P->swiotlb_off) {
		mxi_ctx_log(c, MX_LOG_MEMX, -1, "no swiotlb: swiotlb=noforce");
		return;
	}
	end = mx_rangeset_end(&c->L->memory);
	if (end / c->page <= limit / c->page && !c->P->swiotlb_force) {
		if (!c->fl->swiotlb_kmalloc_bounce[c->P->arch]) {
			mxi_ctx_log(c, MX_LOG_MEMX, -1, "no swiotlb: memory ends at 0x%" PRIx64
				   ", within the DMA limit 0x%" PRIx64, end, limit);
			return;
		}
		kmalloc = true;
	}
	nslabs = c->P->swiotlb_slabs ? mx_round_up(c->P->swiotlb_slabs, 128) : 32768;
	if (!nslabs || nslabs > (1ULL << 40)) {
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_BOOTARGS, &c->p->pos, -1,
			    "swiotlb=%" PRIu64 " slabs is out of range; no swiotlb modelled",
			    c->P->swiotlb_slabs);
		return;
	}
	/* in the kernel's order: swiotlb= (setup_io_tlb_npages()), mem_init(), swiotlb_init_remap() */
	nareas = c->P->swiotlb_nareas ? adjust_nareas(c, &nslabs, c->P->swiotlb_nareas) : 0;
	if (kmalloc)
		nslabs = kmalloc_bounce_slabs(c, nslabs, nareas);
	if (!nareas)
		nareas = adjust_nareas(c, &nslabs, cpus);
	/* arm64: ARCH_LOW_ADDRESS_LIMIT = arm64_dma_phys_limit - 1; arm: 0xffffffff */
	low = c->P->arch == MX_ARCH_ARM64 ? limit - 1 : 0xffffffffULL;
	if (low > c->current_limit)
		low = c->current_limit;
	asked = nslabs;
	for (;;) {
		if (!mxi_ctx_alloc(c, mx_round_up(nslabs << 11, c->page), c->page, 0, low, &base)) {
			it = mxi_ctx_placed_item(c, MX_ITEM_EARLY, "swiotlb buffer", base,
						 mx_round_up(nslabs << 11, c->page), c->page, 0, low);
			break;
		}
		if (!c->fl->swiotlb_retry || nslabs <= 512) {
			mxi_model_alloc(c, "swiotlb buffer", mx_round_up(nslabs << 11, c->page), c->page, 0,
					low);
			return;
		}
		nslabs = mx_round_up(nslabs >> 1, 128);
	}
	if (nslabs != asked)
		mxi_ctx_log(c, MX_LOG_KERNEL, it, "software IO TLB: SWIOTLB bounce buffer size adjusted %"
			   PRIu64 " -> %" PRIu64 " slabs", asked, nslabs);
	/* 6.12 limit_nareas(): no more areas than 128-slab segments (6.1 keeps them all) */
	if (c->fl->swiotlb_retry && nslabs < nareas * 128)
		nareas = nslabs / 128;
	slots = mx_round_up(nslabs * slot, c->page);
	mxi_model_alloc(c, "swiotlb slots", slots, c->page, 0, c->current_limit);
	mxi_model_alloc(c, "swiotlb areas", nareas * area, c->P->smp_cache_bytes, 0, c->current_limit);
	mxi_ctx_log(c, MX_LOG_KERNEL, it, "software IO TLB: mapped [mem " MXI_PA "-0x%016" PRIx64 "] (%"
		   PRIu64 "MB)", mxi_pa_digits(c), c->L->items[it].base,
		   c->L->items[it].base + (nslabs << 11), (nslabs << 11) >> 20);
	mxi_ctx_log(c, MX_LOG_MEMX, it, "swiotlb%s: %" PRIu64 " slabs x 2 KiB below 0x%" PRIx64 ", %"
		   PRIu64 " x %" PRIu64 " bytes of slots (page-rounded), %" PRIu64 " area(s) of %" PRIu64
		   " bytes", kmalloc ? " (kmalloc bounce buffer: 1 MiB per GiB of memory)" : "", nslabs,
		   low, nslabs, slot, nareas, area);
}

/* kernel/crash_core.c: parse_crashkernel_mem(): the size for this much memory, 0 if none */
static uint64_t crash_from_ranges(const struct mx_params *P, uint64_t mem)
{
	for (unsigned i = 0; i < P->ncrash_ranges; i++)
		if (mem >= P->crash_ranges[i].start &&
		    (!P->crash_ranges[i].end || mem < P->crash_ranges[i].end))
			return P->crash_ranges[i].size;
	return 0;
}


static void crash_failed(struct mx_ctx *c, uint64_t size, const char *kernel_says)
{
	int it = mxi_ctx_item(c, MX_ITEM_EARLY, "crashkernel", 0, 0, MX_IF_FAILED | MX_IF_DYNAMIC, -1, -1);

	if (it >= 0)
		c->L->items[it].want = size;
	mxi_ctx_log(c, MX_LOG_KERNEL, -1, "%s", kernel_says);
	mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_ALLOC_FAILED, &c->p->pos, -1,
		    "crashkernel= of %" PRIu64 " MiB does not fit: %s", size >> 20, kernel_says);
}

/*
 * arch/arm/kernel/setup.c: reserve_crashkernel() - the plain form only,
 * sized against lowmem (get_total_mem()); 128 MiB-aligned from 128 MiB up
 * to the end of lowmem, or SECTION_SIZE-aligned exactly at BASE.
 */
static void crash_arm(struct mx_ctx *c)
{
	uint64_t lowmem = c->lowmem_limit - mx_rangeset_start(&c->L->memory);
	uint64_t size = c->P->ncrash_ranges ? crash_from_ranges(c->P, lowmem) : c->P->crash_size;
	uint64_t base = c->P->crash_base, align = 128ULL << 20, lo = align, hi = c->lowmem_limit, addr;
	char msg[160];
	int it;

	if (!c->P->has_crash || !size)
		return;
	if (base) {
		align = c->p->kside.lpae ? 2ULL << 20 : 1ULL << 20;
		lo = base;
		if (!mx_add_ok(base, size, &hi)) {
			mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_OVERFLOW, &c->p->pos, -1, "crashkernel= ends past 2^64");
			return;
		}
	}
	if (mxi_ctx_alloc(c, size, align, lo, hi, &addr)) {
		crash_failed(c, size, base ? "crashkernel reservation failed - memory is in use." :
			     "crashkernel reservation failed - No suitable area found.");
		return;
	}
	it = mxi_ctx_placed_item(c, MX_ITEM_EARLY, "crashkernel", addr, size, align, lo, hi);
	snprintf(msg, sizeof(msg), "Reserving %" PRIu64 "MB of memory at %" PRIu64
		 "MB for crashkernel (System RAM: %" PRIu64 "MB)", size >> 20, addr >> 20, lowmem >> 20);
	mxi_ctx_log(c, MX_LOG_KERNEL, it, "%s", msg);
}

/*
 * arch/arm64/mm/init.c (6.1): reserve_crashkernel() - the plain form only
 * (SIZE[@BASE] or RANGE:SIZE against all memory; ,high / ,low and the
 * fall-back above the DMA limit came with 6.2): page-rounded, 2 MiB-aligned
 * below the DMA limit, or exactly at BASE; otherwise nothing.
 */
static void crash_arm64(struct mx_ctx *c)
{
	uint64_t max = mxi_ctx_dma_limit(c), align = 2ULL << 20, size, base, addr;
	char msg[160];
	int it;

	if (!c->P->has_crash) {
		if (c->P->has_crash_high)
			mxi_ctx_log(c, MX_LOG_MEMX, -1, "crashkernel=SIZE,high: not read by 6.1 arm64 "
				   "(it came with 6.2); nothing reserved");
		return;
	}
	size = c->P->ncrash_ranges ? crash_from_ranges(c->P, mx_rangeset_bytes(&c->L->memory)) :
	       c->P->crash_size;
	base = c->P->crash_base;
	if (!size)
		return;
	if (size > UINT64_MAX - c->page) {
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_OVERFLOW, &c->p->pos, -1, "crashkernel= size is past 2^64");
		return;
	}
	size = mx_round_up(size, c->page);
	if (base && !mx_add_ok(base, size, &max)) {
		mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_OVERFLOW, &c->p->pos, -1, "crashkernel= ends past 2^64");
		return;
	}
	if (mxi_ctx_alloc(c, size, align, base, max, &addr)) {
		snprintf(msg, sizeof(msg), "cannot allocate crashkernel (size:0x%" PRIx64 ")", size);
		crash_failed(c, size, msg);
		return;
	}
	it = mxi_ctx_placed_item(c, MX_ITEM_EARLY, "crashkernel", addr, size, align, base, max);
	mxi_ctx_log(c, MX_LOG_KERNEL, it, "crashkernel reserved: 0x%016" PRIx64 " - 0x%016" PRIx64
		   " (%" PRIu64 " MB)", addr, addr + size, size >> 20);
}

/*
 * kernel/crash_reserve.c (6.12): reserve_crashkernel_generic() from arm64
 * arch_reserve_crashkernel(): crashkernel=SIZE[@BASE] (or RANGE:SIZE
 * against memblock_phys_mem_size()) is tried below CRASH_ADDR_LOW_MAX (the
 * DMA limit), 2 MiB-aligned, and when that fails above it up to the end of
 * memory, with DEFAULT_CRASH_KERNEL_LOW_SIZE (128 MiB) more below the limit;
 * without a plain form, SIZE,high is tried above the limit first and then
 * below it, with SIZE,low (default 128 MiB) below the limit when it landed
 * high. A low part that does not fit gives the whole reservation back.
 * @BASE is exactly there or nothing. The size is not page-rounded.
 */
static void crash_generic(struct mx_ctx *c)
{
	uint64_t low_max = mxi_ctx_dma_limit(c), high_max = mx_rangeset_end(&c->L->memory);
	uint64_t align = 2ULL << 20, size, base = c->P->crash_base, lo = 0, hi = low_max, addr = 0;
	uint64_t low_size = 0, low_addr = 0;
	bool high = false, fixed = false, ok;
	char msg[160];
	int it;

	if (c->P->has_crash) {
		size = c->P->ncrash_ranges ? crash_from_ranges(c->P, mx_rangeset_bytes(&c->L->memory)) :
		       c->P->crash_size;
	} else if (c->P->has_crash_high && c->P->crash_high) {
		size = c->P->crash_high;
		high = true;
		base = 0;
		low_size = c->P->has_crash_low ? c->P->crash_low : 128ULL << 20;
		lo = low_max;
		hi = high_max;
	} else {
		return;
	}
	if (!size)
		return;
	if (base) {
		fixed = true;
		lo = base;
		if (!mx_add_ok(base, size, &hi)) {
			mxi_ctx_diag(c, MX_SEV_ERROR, MX_CHECK_OVERFLOW, &c->p->pos, -1, "crashkernel= ends past 2^64");
			return;
		}
	}
	ok = !mxi_ctx_alloc(c, size, align, lo, hi, &addr);
	if (!ok && !fixed && !high) {
		/* the first try was below the limit: above it, with a low part */
		lo = low_max;
		hi = high_max;
		low_size = 128ULL << 20;
		ok = lo < hi && !mxi_ctx_alloc(c, size, align, lo, hi, &addr);
	} else if (!ok && high) {
		lo = 0;
		hi = low_max;
		ok = !mxi_ctx_alloc(c, size, align, lo, hi, &addr);
	}
	if (!ok) {
		if (fixed)
			snprintf(msg, sizeof(msg), "crashkernel reservation failed - memory is in use.");
		else
			snprintf(msg, sizeof(msg), "cannot allocate crashkernel (size:0x%" PRIx64 ")", size);
		crash_failed(c, size, msg);
		return;
	}
	if (addr >= low_max && low_size) {
		if (mxi_ctx_alloc(c, low_size, align, 0, low_max, &low_addr)) {
			/* reserve_crashkernel_low() failed: memblock_phys_free() of the high part */
			mxi_ctx_unreserve(c, addr, size);
			snprintf(msg, sizeof(msg), "cannot allocate crashkernel low memory (size:0x%" PRIx64 ").",
				 low_size);
			crash_failed(c, size, msg);
			return;
		}
		it = mxi_ctx_placed_item(c, MX_ITEM_EARLY, "crashkernel low", low_addr, low_size, align, 0,
					 low_max);
		mxi_ctx_log(c, MX_LOG_KERNEL, it, "crashkernel low memory reserved: 0x%08" PRIx64 " - 0x%08"
			   PRIx64 " (%" PRIu64 " MB)", low_addr, low_addr + low_size, low_size >> 20);
	}
	it = mxi_ctx_placed_item(c, MX_ITEM_EARLY, "crashkernel", addr, size, align, lo, hi);
	mxi_ctx_log(c, MX_LOG_KERNEL, it, "crashkernel reserved: 0x%016" PRIx64 " - 0x%016" PRIx64
		   " (%" PRIu64 " MB)", addr, addr + size, size >> 20);
}

void mxi_step_crashkernel(struct mx_ctx *c)
{
	if (c->P->arch == MX_ARCH_ARM)
		crash_arm(c);
	else if (c->P->arch == MX_ARCH_ARM64 && c->fl->crash_generic)
		crash_generic(c);
	else if (c->P->arch == MX_ARCH_ARM64)
		crash_arm64(c);
}
