/* bootlog_lines.c - the log lines that say something about memory on their own */
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bootlog_internal.h"

bool mxi_bl_is_version(const char *s, const char *end)
{
	while (s < end && bl_isblank(*s))
		s++;
	return (size_t)(end - s) >= 14 && !memcmp(s, "Linux version ", 14);
}

static int r_version(struct mx_blp *P, struct mx_blc *c)
{
	const char *s;

	if (!bl_lit(c, "Linux version "))
		return MX_BL_NO;
	s = c->p;
	while (c->p < c->end && !bl_isblank(*c->p))
		c->p++;
	if (c->p == s)
		return mxi_bl_bad(P, c, MX_BLW_TEXT);
	if (!P->rec->version && !(P->rec->version = mxi_bl_dup(s, c->p)))
		return MX_BL_NOMEM;
	return MX_BL_OK;
}

static int r_cmdline(struct mx_blp *P, struct mx_blc *c)
{
	if (!bl_lit(c, "Kernel command line: "))
		return MX_BL_NO;
	if (!P->rec->cmdline && !(P->rec->cmdline = mxi_bl_dup(c->p, mxi_bl_trim_end(c->p, c->end))))
		return MX_BL_NOMEM;
	return MX_BL_OK;
}

/* One "NK name" of the Memory line; names it does not know are left alone. */
static void mem_item(struct mx_bootlog_memline *m, const char *s, const char *e, uint64_t v)
{
	static const struct { const char *name; size_t off; } items[] = {
		{ "kernel code", offsetof(struct mx_bootlog_memline, code_k) },
		{ "rwdata", offsetof(struct mx_bootlog_memline, rwdata_k) },
		{ "rodata", offsetof(struct mx_bootlog_memline, rodata_k) },
		{ "init", offsetof(struct mx_bootlog_memline, init_k) },
		{ "bss", offsetof(struct mx_bootlog_memline, bss_k) },
		{ "reserved", offsetof(struct mx_bootlog_memline, reserved_k) },
		{ "cma-reserved", offsetof(struct mx_bootlog_memline, cma_reserved_k) },
		{ "highmem", offsetof(struct mx_bootlog_memline, highmem_k) },
	};
	size_t n = (size_t)(e - s);

	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		if (strlen(items[i].name) != n || memcmp(s, items[i].name, n))
			continue;
		memcpy((char *)m + items[i].off, &v, sizeof(v));
		if (items[i].off == offsetof(struct mx_bootlog_memline, cma_reserved_k))
			m->has_cma = true;
		if (items[i].off == offsetof(struct mx_bootlog_memline, highmem_k))
			m->has_highmem = true;
	}
}

/*
 * mem_init_print_info(): "Memory: 98324K/524288K available (13248K kernel
 * code, ..., 44068K reserved, 65536K cma-reserved[, 110592K highmem])", and
 * 3.x's "Memory: 1016208k/1016208k available, 32368k reserved, 0K highmem".
 * Only a whole line counts: a line cut before its ')' is unreadable.
 */
static int r_memory(struct mx_blp *P, struct mx_blc *c)
{
	struct mx_bootlog_memline m;
	struct mx_blc total;
	bool paren = false;
	int r;

	if (!bl_lit(c, "Memory: ") || c->p >= c->end || !bl_isdig(*c->p))
		return MX_BL_NO;
	memset(&m, 0, sizeof(m));
	if ((r = mxi_bl_dec(P, c, &m.available_k)) != MX_BL_OK)
		return r;
	if (c->p < c->end && (*c->p == 'M' || *c->p == 'G'))
		return MX_BL_NO; /* 3.x ARM's "Memory: 1024MB = 1024MB total" */
	if ((!bl_litc(c, 'K') && !bl_litc(c, 'k')) || !bl_litc(c, '/'))
		return mxi_bl_bad(P, c, MX_BLW_TEXT);
	total = *c;
	if ((r = mxi_bl_kib(P, c, &m.total_k)) != MX_BL_OK)
		return r;
	if (!bl_lit(c, " available"))
		return mxi_bl_bad(P, c, MX_BLW_TEXT);
	bl_sp(c);
	if (bl_litc(c, '('))
		paren = true;
	else if (!bl_litc(c, ','))
		return mxi_bl_bad(P, c, MX_BLW_TEXT);
	for (;;) {
		const char *name;
		uint64_t v;

		bl_sp(c);
		if ((r = mxi_bl_kib(P, c, &v)) != MX_BL_OK)
			return r;
		if (!bl_litc(c, ' '))
			return mxi_bl_bad(P, c, MX_BLW_TEXT);
		name = c->p;
		while (c->p < c->end && *c->p != ',' && *c->p != ')')
			c->p++;
		mem_item(&m, name, mxi_bl_trim_end(name, c->p), v);
		if (bl_litc(c, ','))
			continue;
		if (c->p < c->end) {
			if (!paren)
				return mxi_bl_bad(P, c, MX_BLW_TEXT);
			break;
		}
		if (paren)
			return mxi_bl_bad(P, c, MX_BLW_SHORT);
		break;
	}
	if (!m.total_k)
		return mxi_bl_bad(P, &total, MX_BLW_ZERO);
	if (!P->rec->mem.present) {
		m.present = true;
		m.line = P->line;
		P->rec->mem = m;
	}
	return MX_BL_OK;
}

/* "cma: Reserved 64 MiB at 0x000000005b600000[ on node -1]", 3.x "cma: CMA: reserved 16 MiB at 2e800000",
 * "cma: Failed to reserve 512 MiB" */
static int r_cma(struct mx_blp *P, struct mx_blc *c)
{
	struct mx_bootlog_cma *e;
	uint64_t size, base = 0;
	bool failed;
	int r;

	if (!bl_lit(c, "cma: "))
		return MX_BL_NO;
	bl_lit(c, "CMA: ");
	if (bl_lit(c, "Reserved ") || bl_lit(c, "reserved "))
		failed = false;
	else if (bl_lit(c, "Failed to reserve ") || bl_lit(c, "failed to reserve "))
		failed = true;
	else
		return MX_BL_NO;
	if ((r = mxi_bl_sized(P, c, &size)) != MX_BL_OK)
		return r;
	if (!failed) {
		if (!bl_lit(c, " at "))
			return mxi_bl_bad(P, c, MX_BLW_TEXT);
		if ((r = mxi_bl_hex_any(P, c, &base)) != MX_BL_OK)
			return r;
	}
	if (MX_BL_FULL(P->rec->ncma))
		return mxi_bl_bad(P, c, MX_BLW_MANY);
	if (!(e = mx_bl_push_cma(&P->rec->cma, &P->rec->ncma)))
		return MX_BL_NOMEM;
	e->base = base;
	e->size = size;
	e->failed = failed;
	e->line = P->line;
	return MX_BL_OK;
}

/* Words in "OF: reserved mem:" lines that say a node was refused. */
static bool says_failed(const struct mx_blc *c)
{
	static const char *const words[] = {
		"fail", "Fail", "ignor", "skip", "invalid", "unsupported", "not supported",
		"not yet supported", "incorrect", "not enough", "unable", "cannot", "can't",
		"overlap", "OVERLAP", "refus", "error", "too small", "too big",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (mxi_bl_find(c, words[i]))
			return true;
	return false;
}

/*
 * Best effort for the other lines: 'NAME' in quotes, or "node NAME compatible
 * matching fail" (the one unquoted form); "base 0x..", "size N MiB". A node
 * name may hold commas ("linux,cma"): it runs to its closing quote or to a blank.
 */
static int rmem_loose(struct mx_blp *P, struct mx_blc *c, struct mx_bootlog_rmem *e)
{
	const char *q, *s;
	struct mx_blc t;

	if ((q = mxi_bl_find(c, "'")) && (s = memchr(q + 1, '\'', (size_t)(c->end - q - 1)))) {
		if (!(e->name = mxi_bl_dup(q + 1, s)))
			return MX_BL_NOMEM;
	} else if ((q = mxi_bl_find(c, "node "))) {
		/* not "No reserved-memory node in the DT": only a word that " compatible" follows */
		t = (struct mx_blc){ q + 5, c->end, c->line };
		s = t.p;
		while (t.p < t.end && !bl_isblank(*t.p))
			t.p++;
		if (t.p > s && bl_peek(&t, " compatible") && !(e->name = mxi_bl_dup(s, t.p)))
			return MX_BL_NOMEM;
	}
	if ((q = mxi_bl_find(c, "base 0x"))) {
		t = (struct mx_blc){ q + 5, c->end, c->line };
		e->has_base = mxi_bl_hex_raw(&t, &e->base) == MX_BL_NUM_OK;
	}
	if ((q = mxi_bl_find(c, "size "))) {
		t = (struct mx_blc){ q + 5, c->end, c->line };
		e->has_size = mxi_bl_sized(P, &t, &e->size) == MX_BL_OK;
	}
	e->kind = says_failed(c) ? MX_BLR_FAILED : MX_BLR_OTHER;
	return MX_BL_OK;
}

/* "... at 0x.., size N MiB" of the pool lines */
static int rmem_pool(struct mx_blp *P, struct mx_blc *c, struct mx_bootlog_rmem *e)
{
	int r;

	if ((r = mxi_bl_hex(P, c, &e->base)) != MX_BL_OK)
		return r;
	if (!bl_lit(c, ", size "))
		return mxi_bl_bad(P, c, MX_BLW_TEXT);
	if ((r = mxi_bl_sized(P, c, &e->size)) != MX_BL_OK)
		return r;
	e->has_base = e->has_size = true;
	return MX_BL_OK;
}

/* The line's structured part; MX_BL_BAD leaves @e an MX_BLR_OTHER with the text only. */
static int rmem_fields(struct mx_blp *P, struct mx_blc *c, struct mx_bootlog_rmem *e)
{
	const char *s, *rest;
	uint64_t a, b;
	int r;

	if (bl_lit(c, "created CMA memory pool at ")) {
		e->kind = MX_BLR_CMA_POOL;
		return rmem_pool(P, c, e);
	}
	if (bl_lit(c, "created DMA memory pool at ") || bl_lit(c, "created restricted DMA pool at ")) {
		e->kind = MX_BLR_DMA_POOL;
		return rmem_pool(P, c, e);
	}
	if (bl_lit(c, "allocated memory for '")) {
		/* 3.x-5.x: "allocated memory for 'NAME' node: base 0x.., size 8 MiB" */
		e->kind = MX_BLR_ALLOCATED;
		s = c->p;
		while (c->p < c->end && *c->p != '\'')
			c->p++;
		if (!(e->name = mxi_bl_dup(s, c->p)))
			return MX_BL_NOMEM;
		if (!bl_lit(c, "' node: base "))
			return mxi_bl_bad(P, c, MX_BLW_TEXT);
		return rmem_pool(P, c, e);
	}
	if (bl_lit(c, "initialized node ")) {
		/* "initialized node NAME, compatible id COMPAT": NAME may hold commas
		 * ("linux,cma"), so the separator is the last ", compatible id " */
		static const char key[] = ", compatible id ";
		const char *sep = mxi_bl_find_last(c, key);

		e->kind = MX_BLR_INIT;
		if (!sep || sep == c->p) {
			if (sep)
				return mxi_bl_bad(P, c, MX_BLW_TEXT);
			c->p = c->end;
			return mxi_bl_bad(P, c, MX_BLW_SHORT);
		}
		s = c->p;
		c->p = sep + sizeof(key) - 1;
		e->name = mxi_bl_dup(s, sep);
		e->compat = mxi_bl_dup(c->p, mxi_bl_trim_end(c->p, c->end));
		if (!e->name || !e->compat)
			return MX_BL_NOMEM;
		return MX_BL_OK;
	}
	if (bl_peek(c, "0x")) {
		/*
		 * fdt_init_reserved_mem_node() (6.12): "%pa..%pa (%lu KiB) %s %s %s":
		 * "0x..0000..0x..ffff (16384 KiB) nomap non-reusable NAME" (end
		 * inclusive; later kernels put "dump|no-dump" before the name)
		 */
		if ((r = mxi_bl_hex(P, c, &a)) != MX_BL_OK)
			return r;
		bl_sp(c);
		if (!bl_lit(c, ".."))
			return mxi_bl_bad(P, c, MX_BLW_TEXT);
		bl_sp(c);
		if ((r = mxi_bl_hex(P, c, &b)) != MX_BL_OK)
			return r;
		e->base = a;
		e->size = mxi_bl_incl_size(a, b);
		e->has_base = e->has_size = true;
		/* the node's name is the last word: "... nomap non-reusable NAME" */
		rest = c->p;
		s = mxi_bl_trim_end(rest, c->end);
		c->p = s;
		while (c->p > rest && !bl_isblank(c->p[-1]))
			c->p--;
		if (c->p > rest && c->p < s && s[-1] != ')' && !(e->name = mxi_bl_dup(c->p, s)))
			return MX_BL_NOMEM;
		if (e->name) {
			struct mx_blc w = { rest, c->p, c->line };

			e->kind = MX_BLR_REGION;
			e->nomap = mxi_bl_find(&w, " nomap ") != NULL;
			e->reusable = mxi_bl_find(&w, " reusable ") != NULL;
		}
		return MX_BL_OK;
	}
	return rmem_loose(P, c, e);
}

/* "OF: reserved mem: ...", "Reserved memory: ...", 6.1's "OF: fdt: Reserved memory: failed to reserve ..." */
static int r_rmem(struct mx_blp *P, struct mx_blc *c)
{
	const char *text = c->p;
	struct mx_bootlog_rmem *e;
	int r;

	if (!bl_lit(c, "OF: reserved mem: ") && !bl_lit(c, "Reserved memory: ") &&
	    !bl_lit(c, "OF: Reserved memory: ") && !bl_lit(c, "OF: fdt: Reserved memory: "))
		return MX_BL_NO;
	if (MX_BL_FULL(P->rec->nrmem))
		return mxi_bl_bad(P, c, MX_BLW_MANY);
	if (!(e = mx_bl_push_rmem(&P->rec->rmem, &P->rec->nrmem)))
		return MX_BL_NOMEM;
	e->line = P->line;
	e->kind = MX_BLR_OTHER;
	if (!(e->text = mxi_bl_dup(text, mxi_bl_trim_end(text, c->end))))
		return MX_BL_NOMEM;
	r = rmem_fields(P, c, e);
	if (r == MX_BL_BAD) {
		free(e->name);
		free(e->compat);
		e->name = e->compat = NULL;
		e->kind = MX_BLR_OTHER;
		e->base = e->size = 0;
		e->has_base = e->has_size = false;
		e->nomap = e->reusable = false;
	}
	return r;
}

/* "Freeing initrd memory: 964K", "Freeing unused kernel image (initmem) memory: 2048K" */
static int r_freed(struct mx_blp *P, struct mx_blc *c)
{
	struct mx_bootlog_freed *e;
	const char *s, *q;
	uint64_t v;
	int r;

	if (!bl_lit(c, "Freeing "))
		return MX_BL_NO;
	s = c->p;
	if (!(q = mxi_bl_find(c, " memory: ")))
		return MX_BL_NO;
	c->p = q + 9;
	if ((r = mxi_bl_kib(P, c, &v)) != MX_BL_OK)
		return r;
	if (MX_BL_FULL(P->rec->nfreed))
		return mxi_bl_bad(P, c, MX_BLW_MANY);
	if (!(e = mx_bl_push_freed(&P->rec->freed, &P->rec->nfreed)))
		return MX_BL_NOMEM;
	e->kib = v;
	e->line = P->line;
	return (e->what = mxi_bl_dup(s, q)) ? MX_BL_OK : MX_BL_NOMEM;
}

/*
 * "software IO TLB: mapped [mem 0x..f8000000-0x..fc000000] (64MB)": the end
 * is mem->end, one past the buffer. 4.x printed "software IO TLB [mem a-b]
 * (64MB) mapped at [...]" with an inclusive end.
 */
static int r_swiotlb(struct mx_blp *P, struct mx_blc *c)
{
	uint64_t a, b;
	bool excl;
	int r;

	if (!bl_lit(c, "software IO TLB"))
		return MX_BL_NO;
	if (bl_lit(c, ": mapped [mem "))
		excl = true;
	else if (bl_lit(c, " [mem "))
		excl = false;
	else
		return MX_BL_NO;
	if ((r = mxi_bl_span(P, c, &a, &b)) != MX_BL_OK)
		return r;
	if (!bl_litc(c, ']'))
		return mxi_bl_bad(P, c, MX_BLW_TEXT);
	if (MX_BL_FULL(P->rec->nswiotlb))
		return mxi_bl_bad(P, c, MX_BLW_MANY);
	if (!mxi_bl_push_range(&P->rec->swiotlb, &P->rec->nswiotlb, P->line, a,
			excl ? (b >= a ? b - a : 0) : mxi_bl_incl_size(a, b), 0))
		return MX_BL_NOMEM;
	return MX_BL_OK;
}

/*
 * arm64: "crashkernel reserved: 0x..dc000000 - 0x..fc000000 (512 MB)" (end
 * exclusive); arm and x86: "Reserving 256MB of memory at 640MB for crashkernel ...".
 */
static int r_crash(struct mx_blp *P, struct mx_blc *c)
{
	uint64_t a, b, size, base;
	int r;

	if (bl_lit(c, "crashkernel reserved: ")) {
		if (MX_BL_FULL(P->rec->ncrashkernel))
			return mxi_bl_bad(P, c, MX_BLW_MANY);
		if ((r = mxi_bl_span(P, c, &a, &b)) != MX_BL_OK)
			return r;
		return mxi_bl_push_range(&P->rec->crashkernel, &P->rec->ncrashkernel, P->line, a,
				  b >= a ? b - a : 0, 0) ? MX_BL_OK : MX_BL_NOMEM;
	}
	if (!bl_lit(c, "Reserving ") || !mxi_bl_find(c, "for crashkernel"))
		return MX_BL_NO;
	if ((r = mxi_bl_sized(P, c, &size)) != MX_BL_OK)
		return r;
	if (!bl_lit(c, " of memory at "))
		return mxi_bl_bad(P, c, MX_BLW_TEXT);
	if ((r = mxi_bl_sized(P, c, &base)) != MX_BL_OK)
		return r;
	if (MX_BL_FULL(P->rec->ncrashkernel))
		return mxi_bl_bad(P, c, MX_BLW_MANY);
	return mxi_bl_push_range(&P->rec->crashkernel, &P->rec->ncrashkernel, P->line, base, size, 0) ?
		       MX_BL_OK : MX_BL_NOMEM;
}

/* "Built 1 zonelists, mobility grouping on.  Total pages: 129024" */
static int r_total(struct mx_blp *P, struct mx_blc *c)
{
	const char *q;
	uint64_t v;
	int r;

	if (!bl_lit(c, "Built ") || !(q = mxi_bl_find(c, "Total pages: ")))
		return MX_BL_NO;
	c->p = q + 13;
	if ((r = mxi_bl_dec(P, c, &v)) != MX_BL_OK)
		return r;
	if (!P->rec->has_total_pages) {
		P->rec->total_pages = v;
		P->rec->has_total_pages = true;
	}
	return MX_BL_OK;
}

static enum mx_bootlog_op op_of(const char *fn)
{
	static const struct { const char *fn; enum mx_bootlog_op op; } ops[] = {
		{ "memblock_add", MX_BLOP_ADD },
		{ "memblock_add_node", MX_BLOP_ADD },
		{ "memblock_remove", MX_BLOP_REMOVE },
		{ "memblock_reserve", MX_BLOP_RESERVE },
		{ "memblock_reserve_kern", MX_BLOP_RESERVE },
		{ "memblock_free", MX_BLOP_FREE },
		{ "memblock_phys_free", MX_BLOP_FREE },
		{ "memblock_free_late", MX_BLOP_FREE },
		{ "__memblock_free_late", MX_BLOP_FREE },
		{ "memblock_free_early", MX_BLOP_FREE },
		{ "__memblock_free_early", MX_BLOP_FREE },
		{ "memblock_free_early_nid", MX_BLOP_FREE },
		{ "memblock_mark_nomap", MX_BLOP_MARK_NOMAP },
		{ "memblock_clear_nomap", MX_BLOP_CLEAR_NOMAP },
	};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(fn, ops[i].fn))
			return ops[i].op;
	return MX_BLOP_OTHER;
}

/* The "key=value" words and the caller after a memblock=debug line's numbers. */
static int memop_tail(struct mx_blp *P, struct mx_blc *c, struct mx_blop *e)
{
	bool caller = false;
	int r = MX_BL_OK;

	for (;;) {
		const char *s;
		uint64_t v;

		bl_sp(c);
		if (c->p >= c->end)
			return MX_BL_OK;
		if (bl_lit(c, "align="))
			r = mxi_bl_num(P, c, &e->align);
		else if (bl_lit(c, "from="))
			r = mxi_bl_num(P, c, &e->from);
		else if (bl_lit(c, "max_addr="))
			r = mxi_bl_num(P, c, &e->max_addr);
		else if (bl_lit(c, "nid=")) {
			struct mx_blc at = *c;
			bool neg = bl_litc(c, '-');

			r = mxi_bl_dec(P, c, &v);
			if (r == MX_BL_OK && v > (neg ? (uint64_t)INT_MAX + 1 : INT_MAX))
				r = mxi_bl_bad(P, &at, MX_BLW_BIG);
			if (r == MX_BL_OK)
				e->nid = neg ? (int)(-(int64_t)v) : (int)v;
		} else if (bl_lit(c, "flags ")) {
			/* 4.x: "memblock_reserve: [...] flags 0x0 caller" */
			bl_sp(c);
			r = mxi_bl_num(P, c, &v);
		} else if (bl_lit(c, "flags=")) {
			r = mxi_bl_num(P, c, &v);
		} else {
			/* "early_pgtable_alloc+0x2c/0xb0": the function only */
			s = c->p;
			while (c->p < c->end && !bl_isblank(*c->p))
				c->p++;
			if (!caller) {
				const char *plus = memchr(s, '+', (size_t)(c->p - s));

				mxi_bl_cpy(e->caller, sizeof(e->caller), s, plus ? plus : c->p);
				caller = true;
			}
		}
		if (r != MX_BL_OK)
			return r;
	}
}

/*
 * memblock=debug: "memblock_reserve: [0x..48000000-0x..480f1fff] caller+0x../0x.."
 * (end inclusive) and "memblock_alloc_try_nid: 39964 bytes align=0x8 nid=-1
 * from=0x0 max_addr=0x0 caller+0x../0x..".
 */
static int r_memop(struct mx_blp *P, struct mx_blc *c)
{
	struct mx_blop e;
	const char *fn = c->p;
	bool whole;
	uint64_t a, b;
	int r;

	if (!bl_peek(c, "memblock_") && !bl_peek(c, "__memblock_"))
		return MX_BL_NO;
	while (c->p < c->end && bl_isword(*c->p))
		c->p++;
	memset(&e, 0, sizeof(e));
	mxi_bl_cpy(e.fn, sizeof(e.fn), fn, c->p);
	whole = (size_t)(c->p - fn) < sizeof(e.fn);
	if (!bl_lit(c, ": "))
		return MX_BL_NO;
	e.nid = -1;
	e.line = P->line;
	if (bl_litc(c, '[')) {
		if ((r = mxi_bl_span(P, c, &a, &b)) != MX_BL_OK)
			return r;
		if (!bl_litc(c, ']'))
			return mxi_bl_bad(P, c, MX_BLW_TEXT);
		e.base = a;
		e.size = mxi_bl_incl_size(a, b);
		e.op = whole ? op_of(e.fn) : MX_BLOP_OTHER;
	} else if (c->p < c->end && bl_isdig(*c->p)) {
		if ((r = mxi_bl_dec(P, c, &e.size)) != MX_BL_OK)
			return r;
		if (!bl_lit(c, " bytes"))
			return mxi_bl_bad(P, c, MX_BLW_TEXT);
		e.op = MX_BLOP_ALLOC;
	} else {
		return MX_BL_NO;
	}
	if ((r = memop_tail(P, c, &e)) != MX_BL_OK)
		return r;
	return mxi_bl_ops_push(&P->rec->opstore, &P->rec->nops, &e) ? MX_BL_NOMEM : MX_BL_OK;
}

static const struct reader {
	int (*fn)(struct mx_blp *P, struct mx_blc *c);
	const char *what;
} readers[] = {
	{ r_memop, "memblock" },
	{ r_memory, "Memory:" },
	{ r_cma, "cma:" },
	{ r_rmem, "reserved mem" },
	{ r_freed, "Freeing" },
	{ r_swiotlb, "software IO TLB" },
	{ r_crash, "crashkernel" },
	{ r_total, "Total pages" },
	{ r_version, "Linux version" },
	{ r_cmdline, "Kernel command line" },
};

int mxi_bl_read_line(struct mx_blp *P, struct mx_blc *c, const char **what)
{
	struct mx_blc at = *c;

	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++) {
		int r;

		*c = at;
		r = readers[i].fn(P, c);
		if (r != MX_BL_NO) {
			*what = readers[i].what;
			return r;
		}
	}
	return MX_BL_NO;
}
