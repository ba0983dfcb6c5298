/* bootlog_blocks.c - a log line in context: multi-line blocks (zones, MEMBLOCK dumps, tables, meminfo) */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "bootlog_internal.h"
#include "memx/types.h"

/* "  DMA      [mem 0x0000000040000000-0x000000005fffffff]" / "  Normal   empty" */
static int r_zone(struct mx_blp *P, struct mx_blc *c)
{
	struct mx_bootlog_zone z;
	const char *s;
	uint64_t a, b;
	int r;

	bl_sp(c);
	s = c->p;
	while (c->p < c->end && bl_isword(*c->p))
		c->p++;
	if (c->p == s || (size_t)(c->p - s) >= sizeof(z.name) || c->p >= c->end || !bl_isblank(*c->p))
		return MX_BL_NO;
	memset(&z, 0, sizeof(z));
	mxi_bl_cpy(z.name, sizeof(z.name), s, c->p);
	bl_sp(c);
	if (bl_lit(c, "empty")) {
		z.empty = true;
	} else if (bl_lit(c, "[mem ")) {
		struct mx_blc at = *c;

		if ((r = mxi_bl_span(P, c, &a, &b)) != MX_BL_OK)
			return r;
		if (!bl_litc(c, ']'))
			return mxi_bl_bad(P, c, MX_BLW_TEXT);
		if (b < a)
			return mxi_bl_bad(P, &at, MX_BLW_BACKWARDS);
		z.start = a;
		z.end = b == UINT64_MAX ? b : b + 1;
	} else {
		return MX_BL_NO;
	}
	if (MX_BL_FULL(P->rec->nzones))
		return mxi_bl_bad(P, c, MX_BLW_MANY);
	{
		struct mx_bootlog_zone *d = mx_bl_push_zone(&P->rec->zones, &P->rec->nzones);

		if (!d)
			return MX_BL_NOMEM;
		*d = z;
	}
	return MX_BL_OK;
}

/* "  node   0: [mem 0x0000000040000000-0x000000005fffffff]" */
static int r_node(struct mx_blp *P, struct mx_blc *c)
{
	uint64_t nid, a, b;
	int r;

	bl_sp(c);
	if (!bl_lit(c, "node"))
		return MX_BL_NO;
	bl_sp(c);
	if ((r = mxi_bl_dec(P, c, &nid)) != MX_BL_OK || !bl_litc(c, ':'))
		return r == MX_BL_OK ? mxi_bl_bad(P, c, MX_BLW_TEXT) : r;
	bl_sp(c);
	if (!bl_lit(c, "[mem "))
		return mxi_bl_bad(P, c, MX_BLW_TEXT);
	if ((r = mxi_bl_span(P, c, &a, &b)) != MX_BL_OK)
		return r;
	if (!bl_litc(c, ']'))
		return mxi_bl_bad(P, c, MX_BLW_TEXT);
	if (MX_BL_FULL(P->rec->nnode_ranges))
		return mxi_bl_bad(P, c, MX_BLW_MANY);
	if (!mxi_bl_push_range(&P->rec->node_ranges, &P->rec->nnode_ranges, P->line, a,
			      mxi_bl_incl_size(a, b), 0))
		return MX_BL_NOMEM;
	return MX_BL_OK;
}

/*
 * memblock_dump_all(): " memory size = 0x.. reserved size = 0x..", " memory.cnt  = 0x1",
 * " memory[0x0]\t[0x..-0x..], 0x.. bytes[ on node 0] flags: 0x0". The printed
 * byte count is the size: the empty dummy region prints [0x0-0xffffffffffffffff], 0x0 bytes.
 */
static int r_dump(struct mx_blp *P, struct mx_blc *c)
{
	const char *s;
	uint64_t idx, a, b, size, nid, flags = 0;
	bool memory, reserved;
	int r;

	bl_sp(c);
	s = c->p;
	while (c->p < c->end && *c->p >= 'a' && *c->p <= 'z')
		c->p++;
	if (c->p == s)
		return MX_BL_NO;
	if (bl_peek(c, " size =") || bl_peek(c, ".cnt"))
		return MX_BL_OK;
	memory = c->p - s == 6 && !memcmp(s, "memory", 6);
	reserved = c->p - s == 8 && !memcmp(s, "reserved", 8);
	if (!bl_peek(c, "[0x"))
		return MX_BL_NO;
	c->p++;
	if ((r = mxi_bl_hex(P, c, &idx)) != MX_BL_OK)
		return r;
	if (!bl_litc(c, ']'))
		return mxi_bl_bad(P, c, MX_BLW_TEXT);
	bl_sp(c);
	if (!bl_litc(c, '['))
		return mxi_bl_bad(P, c, MX_BLW_TEXT);
	if ((r = mxi_bl_span(P, c, &a, &b)) != MX_BL_OK)
		return r;
	if (!bl_lit(c, "], "))
		return mxi_bl_bad(P, c, MX_BLW_TEXT);
	if ((r = mxi_bl_hex(P, c, &size)) != MX_BL_OK)
		return r;
	if (!bl_lit(c, " bytes"))
		return mxi_bl_bad(P, c, MX_BLW_TEXT);
	if (bl_lit(c, " on node ") && (r = mxi_bl_dec(P, c, &nid)) != MX_BL_OK)
		return r;
	bl_sp(c);
	if (bl_lit(c, "flags: ") && (r = mxi_bl_hex(P, c, &flags)) != MX_BL_OK)
		return r;
	if (size > UINT64_MAX - a)
		size = UINT64_MAX - a;
	if (P->mode != MX_BLM_DUMP || (!memory && !reserved))
		return MX_BL_OK; /* a later dump, or physmem */
	if (MX_BL_FULL(memory ? P->rec->ndump_memory : P->rec->ndump_reserved))
		return mxi_bl_bad(P, c, MX_BLW_MANY);
	if (!mxi_bl_push_range(memory ? &P->rec->dump_memory : &P->rec->dump_reserved,
			      memory ? &P->rec->ndump_memory : &P->rec->ndump_reserved, P->line, a, size,
			      (unsigned)flags))
		return MX_BL_NOMEM;
	return MX_BL_OK;
}

/* Newer debugfs tables name the flags: "   0: 0x..0x..    0 NOMAP". */
static unsigned flag_names(struct mx_blc *c)
{
	static const struct { const char *s; unsigned f; } names[] = {
		{ "HOTPLUG", 1 }, { "MIRROR", 2 }, { "NOMAP", 4 }, { "DRV_MNG", 8 }, { "RSV_NIT", 16 },
	};
	unsigned f = 0;

	while (c->p < c->end) {
		size_t i;

		bl_sp(c);
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (bl_lit(c, names[i].s)) {
				f |= names[i].f;
				break;
			}
		if (i == sizeof(names) / sizeof(names[0]) && c->p < c->end)
			c->p++;
	}
	return f;
}

/*
 * debugfs memblock/memory and memblock/reserved: "   0: 0x0000000040000000..0x0000000055afffff"
 * (end inclusive; newer kernels add "    0 NOMAP"). MX_BL_NO unless the line
 * begins "N: 0x<hex>..": only then is it a table line, cut or not.
 */
static int r_table(struct mx_blp *P, struct mx_blc *c, uint64_t *idx, uint64_t *base, uint64_t *size,
		   unsigned *flags)
{
	struct mx_blc at;
	uint64_t a, b;
	int r;

	bl_sp(c);
	if (mxi_bl_dec_raw(c, idx) != MX_BL_NUM_OK || !bl_litc(c, ':'))
		return MX_BL_NO;
	bl_sp(c);
	if (!bl_peek(c, "0x"))
		return MX_BL_NO;
	at = *c;
	r = mxi_bl_hex_raw(&at, &a);
	if (r == MX_BL_NUM_NONE || !bl_peek(&at, ".."))
		return MX_BL_NO;
	if ((r = mxi_bl_hex(P, c, &a)) != MX_BL_OK)
		return r;
	c->p += 2;
	if ((r = mxi_bl_hex(P, c, &b)) != MX_BL_OK)
		return r;
	*base = a;
	*size = mxi_bl_incl_size(a, b);
	*flags = flag_names(c);
	return MX_BL_OK;
}

/* "MemTotal:         487648 kB", "HugePages_Total:       0" */
static bool meminfo_line(struct mx_blc *c, char name[24], uint64_t *v)
{
	const char *s;

	bl_sp(c);
	s = c->p;
	while (c->p < c->end && (bl_isword(*c->p) || *c->p == '(' || *c->p == ')'))
		c->p++;
	if (c->p == s || (size_t)(c->p - s) >= 24 || !bl_litc(c, ':') || c->p >= c->end ||
	    !bl_isblank(*c->p))
		return false;
	mxi_bl_cpy(name, 24, s, c->p - 1);
	bl_sp(c);
	if (mxi_bl_dec_raw(c, v) != MX_BL_NUM_OK)
		return false;
	bl_sp(c);
	bl_lit(c, "kB");
	bl_sp(c);
	return c->p == c->end;
}

static int meminfo_add(struct mx_blp *P, bool start, const char *name, uint64_t v)
{
	struct mx_bootlog *rec = P->rec;
	struct mx_bootlog_meminfo *m;
	void *p;

	if (start && MX_BL_FULL(rec->nmeminfo)) {
		/* the last block is the one read: it takes the newest (MX_BL_MAX_RECORDS) */
		m = &rec->meminfo[rec->nmeminfo - 1];
		m->n = 0;
		m->line = P->line;
	} else if (start) {
		if (!(m = mx_bl_push_meminfo(&rec->meminfo, &rec->nmeminfo)))
			return MX_BL_NOMEM;
		m->line = P->line;
	}
	m = &rec->meminfo[rec->nmeminfo - 1];
	if (MX_BL_FULL(m->n)) {
		P->why = MX_BLW_MANY;
		P->why_col = 1;
		return MX_BL_BAD;
	}
	if (!(p = mxi_bl_grow(m->names, m->n, sizeof(*m->names))))
		return MX_BL_NOMEM;
	m->names = p;
	if (!(p = mxi_bl_grow(m->kib, m->n, sizeof(*m->kib))))
		return MX_BL_NOMEM;
	m->kib = p;
	memcpy(m->names[m->n], name, 24);
	m->kib[m->n++] = v;
	return MX_BL_OK;
}

/* ---- debugfs tables -------------------------------------------------------- */

static void table_close(struct mx_blp *P);

/*
 * A table line: the first one opens a table, which takes the kind its header
 * line gave. Rows are numbered from 0: a row numbered no higher than the
 * one before begins the next table (two tables printed one after the other).
 */
static int table_add(struct mx_blp *P, struct mx_blc *c)
{
	uint64_t idx = 0, base = 0, size = 0;
	unsigned flags = 0;
	int r = r_table(P, c, &idx, &base, &size, &flags);

	if (r != MX_BL_OK)
		return r;
	if (P->mode == MX_BLM_TABLE && idx <= P->tbl_row) {
		table_close(P);
		P->mode = MX_BLM_NONE;
		P->hint = MX_BLT_UNKNOWN;
	}
	if (P->mode != MX_BLM_TABLE) {
		P->mode = MX_BLM_TABLE;
		P->ntbl = 0;
		P->tbl_kind = P->hint;
	}
	P->tbl_row = idx;
	if (MX_BL_FULL(P->ntbl))
		return mxi_bl_bad(P, c, MX_BLW_MANY);
	return mxi_bl_push_range(&P->tbl, &P->ntbl, P->line, base, size, flags) ? MX_BL_OK : MX_BL_NOMEM;
}

static bool sorted(const struct mx_bootlog_range *r, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (r[i].base < r[i - 1].base)
			return false;
	return true;
}

/*
 * Does every range of @t lie inside the union of @m (adjacent ranges join:
 * a reserved range may span two memory regions that differ only in flags)?
 * Both are sorted as debugfs prints them; unsorted input is "no". Empty
 * ranges are inside anything. One sweep over both, no allocation.
 */
static bool inside(const struct mx_bootlog_range *t, size_t nt, const struct mx_bootlog_range *m, size_t nm)
{
	uint64_t ua = 0, ub = 0;
	bool have = false;
	size_t i = 0;

	if (!sorted(t, nt) || !sorted(m, nm))
		return false;
	for (size_t k = 0; k < nt; k++) {
		if (!t[k].size)
			continue;
		/* the joined memory span that may hold t[k] */
		while (!have || ub <= t[k].base) {
			while (i < nm && !m[i].size)
				i++;
			if (i == nm)
				return false;
			ua = m[i].base;
			ub = m[i].base + m[i].size;
			for (i++; i < nm && m[i].base <= ub; i++)
				if (m[i].base + m[i].size > ub)
					ub = m[i].base + m[i].size;
			have = true;
		}
		if (t[k].base < ua || t[k].size > ub - t[k].base)
			return false;
	}
	return true;
}

static bool same_ranges(const struct mx_bootlog_range *a, size_t na, const struct mx_bootlog_range *b,
			size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i].base != b[i].base || a[i].size != b[i].size)
			return false;
	return true;
}

/*
 * The table read ends: decide which it is and put it in the record, where it
 * replaces the one of its kind read before (the last one printed counts).
 * The two tables look alike, so (see struct mx_bootlog): the header line
 * before it decides when there is one; else a table is the reserved table when
 * it differs from this boot's memory table and lies inside it, and the memory
 * table otherwise.
 */
static void table_close(struct mx_blp *P)
{
	struct mx_bootlog *rec = P->rec;
	enum mx_bltbl kind = P->tbl_kind;
	struct mx_bootlog_range **arr;
	size_t *n;

	if (kind == MX_BLT_UNKNOWN)
		kind = rec->has_dbg_memory && !same_ranges(P->tbl, P->ntbl, rec->dbg_memory, rec->ndbg_memory) &&
		       inside(P->tbl, P->ntbl, rec->dbg_memory, rec->ndbg_memory) ?
			       MX_BLT_RESERVED : MX_BLT_MEMORY;
	arr = kind == MX_BLT_MEMORY ? &rec->dbg_memory : &rec->dbg_reserved;
	n = kind == MX_BLT_MEMORY ? &rec->ndbg_memory : &rec->ndbg_reserved;
	free(*arr);
	*arr = P->tbl;
	*n = P->ntbl;
	if (kind == MX_BLT_MEMORY)
		rec->has_dbg_memory = P->ntbl > 0;
	else
		rec->has_dbg_reserved = P->ntbl > 0;
	P->tbl = NULL;
	P->ntbl = 0;
}

/* ---- the dispatcher -------------------------------------------------------- */

static int warn(struct mx_blp *P, const char *what)
{
	static const char *const why[] = {
		[MX_BLW_NUM] = "number expected",
		[MX_BLW_BIG] = "number too large",
		[MX_BLW_SHORT] = "line cut short",
		[MX_BLW_TEXT] = "unexpected text",
		[MX_BLW_ZERO] = "a total of 0K",
		[MX_BLW_BACKWARDS] = "the range ends before it starts",
		[MX_BLW_MANY] = "more than 65536 lines of this kind in one boot",
	};
	struct mx_srcpos pos = { P->file, P->line, P->why_col };

	int r = 0;

	if (P->nwarn < MX_BL_MAX_WARN)
		r = mx_diag_add(&P->rec->diags, MX_SEV_WARNING, NULL, &pos, -1,
				"cannot read this \"%s\" line (%s); ignored", what, why[P->why]);
	else if (P->nwarn == MX_BL_MAX_WARN)
		r = mx_diag_add(&P->rec->diags, MX_SEV_NOTE, NULL, &pos, -1,
				"more unreadable lines follow; not reported");
	P->nwarn++;
	return r ? MX_BL_NOMEM : MX_BL_OK;
}

/* Lines that open a multi-line block. */
static int r_header(struct mx_blp *P, struct mx_blc *c)
{
	struct mx_bootlog *rec = P->rec;
	char name[24];
	uint64_t v;

	if (bl_lit(c, "Zone ranges:")) {
		P->mode = rec->nzones ? MX_BLM_NONE : MX_BLM_ZONES; /* the first block counts */
		return MX_BL_OK;
	}
	if (bl_lit(c, "Early memory node ranges")) {
		P->mode = rec->nnode_ranges ? MX_BLM_NONE : MX_BLM_NODES;
		return MX_BL_OK;
	}
	if (bl_lit(c, "MEMBLOCK configuration:")) {
		P->mode = rec->has_dump ? MX_BLM_DUMP_SKIP : MX_BLM_DUMP;
		rec->has_dump = true;
		return MX_BL_OK;
	}
	if (bl_peek(c, "MemTotal:") && meminfo_line(c, name, &v)) {
		P->mode = MX_BLM_MEMINFO;
		return meminfo_add(P, true, name, v);
	}
	return MX_BL_NO;
}

/* The line inside a multi-line block, or MX_BL_NO when it ends the block. */
static int continue_mode(struct mx_blp *P, struct mx_blc *c, const char **what)
{
	char name[24];
	uint64_t v;

	switch (P->mode) {
	case MX_BLM_ZONES:
		*what = "Zone ranges";
		return r_zone(P, c);
	case MX_BLM_NODES:
		*what = "Early memory node ranges";
		return r_node(P, c);
	case MX_BLM_DUMP:
	case MX_BLM_DUMP_SKIP:
		*what = "MEMBLOCK configuration";
		return r_dump(P, c);
	case MX_BLM_MEMINFO:
		return meminfo_line(c, name, &v) ? meminfo_add(P, false, name, v) : MX_BL_NO;
	case MX_BLM_TABLE:
		*what = "memblock table";
		return table_add(P, c);
	case MX_BLM_NONE:
		break;
	}
	return MX_BL_NO;
}

static int result(struct mx_blp *P, int r, const char *what)
{
	if (r == MX_BL_NOMEM)
		return MX_ENOMEM;
	if (r == MX_BL_BAD && warn(P, what) == MX_BL_NOMEM)
		return MX_ENOMEM;
	return 0;
}

void mxi_bl_break(struct mx_blp *P)
{
	if (P->mode == MX_BLM_TABLE)
		table_close(P);
	P->mode = MX_BLM_NONE;
	P->hint = MX_BLT_UNKNOWN;
}

int mxi_bl_line(struct mx_blp *P, const struct mx_blline *l)
{
	struct mx_blc c = { l->body, l->body_end, l->raw };
	const char *what = "";
	enum mx_bltbl hint = P->hint;
	int r;

	P->line = l->no;
	P->hint = MX_BLT_UNKNOWN;
	if (P->mode != MX_BLM_NONE) {
		r = continue_mode(P, &c, &what);
		if (r != MX_BL_NO)
			return result(P, r, what);
		mxi_bl_break(P);
		hint = MX_BLT_UNKNOWN;
		c = (struct mx_blc){ l->body, l->body_end, l->raw };
	}
	bl_sp(&c);
	if ((r = mxi_bl_read_line(P, &c, &what)) != MX_BL_NO)
		return result(P, r, what);
	c = (struct mx_blc){ l->body, l->body_end, l->raw };
	bl_sp(&c);
	if ((r = r_header(P, &c)) != MX_BL_NO)
		return result(P, r, "header");
	c = (struct mx_blc){ l->body, l->body_end, l->raw };
	P->hint = hint;
	if ((r = table_add(P, &c)) != MX_BL_NO) {
		if (r != MX_BL_OK)
			P->hint = MX_BLT_UNKNOWN;
		return result(P, r, "memblock table");
	}
	/* "# cat /sys/kernel/debug/memblock/reserved": the table that follows is that one */
	c = (struct mx_blc){ l->raw, l->raw_end, l->raw };
	P->hint = mxi_bl_find(&c, "memblock/memory") ? MX_BLT_MEMORY :
		  mxi_bl_find(&c, "memblock/reserved") ? MX_BLT_RESERVED : MX_BLT_UNKNOWN;
	return 0;
}

void mxi_bl_end(struct mx_blp *P)
{
	mxi_bl_break(P);
	free(P->tbl); /* only when a table line could not be kept (out of memory) */
	P->tbl = NULL;
	P->ntbl = 0;
}

void mxi_bl_begin(struct mx_blp *P, struct mx_bootlog *rec, const char *file)
{
	memset(P, 0, sizeof(*P));
	P->rec = rec;
	P->file = file;
	P->mode = MX_BLM_NONE;
	P->hint = MX_BLT_UNKNOWN;
}
