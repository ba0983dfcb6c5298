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
	mx_bl_cpy(z.name, sizeof(z.name), s, c->p);
	bl_sp(c);
	if (bl_lit(c, "empty")) {
		z.empty = true;
	} else if (bl_lit(c, "[mem ")) {
		struct mx_blc at = *c;

		if ((r = mx_bl_span(P, c, &a, &b)) != MX_BL_OK)
			return r;
		if (!bl_litc(c, ']'))
			return mx_bl_bad(P, c, MX_BLW_TEXT);
		if (b < a)
			return mx_bl_bad(P, &at, MX_BLW_BACKWARDS);
		z.start = a;
		z.end = b == UINT64_MAX ? b : b + 1;
	} else {
		return MX_BL_NO;
	}
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
	if ((r = mx_bl_dec(P, c, &nid)) != MX_BL_OK || !bl_litc(c, ':'))
		return r == MX_BL_OK ? mx_bl_bad(P, c, MX_BLW_TEXT) : r;
	bl_sp(c);
	if (!bl_lit(c, "[mem "))
		return mx_bl_bad(P, c, MX_BLW_TEXT);
	if ((r = mx_bl_span(P, c, &a, &b)) != MX_BL_OK)
		return r;
	if (!bl_litc(c, ']'))
		return mx_bl_bad(P, c, MX_BLW_TEXT);
	if (!mx_bl_push_range(&P->rec->node_ranges, &P->rec->nnode_ranges, P->line, a,
			      mx_bl_incl_size(a, b), 0))
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
	if ((r = mx_bl_hex(P, c, &idx)) != MX_BL_OK)
		return r;
	if (!bl_litc(c, ']'))
		return mx_bl_bad(P, c, MX_BLW_TEXT);
	bl_sp(c);
	if (!bl_litc(c, '['))
		return mx_bl_bad(P, c, MX_BLW_TEXT);
	if ((r = mx_bl_span(P, c, &a, &b)) != MX_BL_OK)
		return r;
	if (!bl_lit(c, "], "))
		return mx_bl_bad(P, c, MX_BLW_TEXT);
	if ((r = mx_bl_hex(P, c, &size)) != MX_BL_OK)
		return r;
	if (!bl_lit(c, " bytes"))
		return mx_bl_bad(P, c, MX_BLW_TEXT);
	if (bl_lit(c, " on node ") && (r = mx_bl_dec(P, c, &nid)) != MX_BL_OK)
		return r;
	bl_sp(c);
	if (bl_lit(c, "flags: ") && (r = mx_bl_hex(P, c, &flags)) != MX_BL_OK)
		return r;
	if (size > UINT64_MAX - a)
		size = UINT64_MAX - a;
	if (P->mode != MX_BLM_DUMP || (!memory && !reserved))
		return MX_BL_OK; /* a later dump, or physmem */
	if (!mx_bl_push_range(memory ? &P->rec->dump_memory : &P->rec->dump_reserved,
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

/* debugfs memblock/memory and memblock/reserved: "   0: 0x0000000040000000..0x0000000055afffff" */
static int r_table(struct mx_blp *P, struct mx_blc *c, uint64_t *base, uint64_t *size, unsigned *flags)
{
	uint64_t idx, a, b;
	int r;

	bl_sp(c);
	if (mx_bl_dec_raw(c, &idx) != MX_BL_NUM_OK || !bl_litc(c, ':'))
		return MX_BL_NO;
	bl_sp(c);
	if (!bl_peek(c, "0x"))
		return MX_BL_NO;
	if ((r = mx_bl_hex(P, c, &a)) != MX_BL_OK)
		return r;
	if (!bl_lit(c, ".."))
		return mx_bl_bad(P, c, MX_BLW_TEXT);
	if ((r = mx_bl_hex(P, c, &b)) != MX_BL_OK)
		return r;
	*base = a;
	*size = mx_bl_incl_size(a, b);
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
	mx_bl_cpy(name, 24, s, c->p - 1);
	bl_sp(c);
	if (mx_bl_dec_raw(c, v) != MX_BL_NUM_OK)
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

	if (start) {
		if (!(m = mx_bl_push_meminfo(&rec->meminfo, &rec->nmeminfo)))
			return MX_BL_NOMEM;
		m->line = P->line;
	}
	m = &rec->meminfo[rec->nmeminfo - 1];
	if (!(p = mx_bl_grow(m->names, m->n, sizeof(*m->names))))
		return MX_BL_NOMEM;
	m->names = p;
	if (!(p = mx_bl_grow(m->kib, m->n, sizeof(*m->kib))))
		return MX_BL_NOMEM;
	m->kib = p;
	memcpy(m->names[m->n], name, 24);
	m->kib[m->n++] = v;
	return MX_BL_OK;
}

/* The open debugfs table of @P's mode or block. */
static void table_of(struct mx_blp *P, bool memory, struct mx_bootlog_range ***arr, size_t **n,
		     bool **has)
{
	struct mx_bootlog *rec = P->rec;

	*arr = memory ? &rec->dbg_memory : &rec->dbg_reserved;
	*n = memory ? &rec->ndbg_memory : &rec->ndbg_reserved;
	*has = memory ? &rec->has_dbg_memory : &rec->has_dbg_reserved;
}

/* A table line: the first one replaces the table read before (the last one printed counts). */
static int table_add(struct mx_blp *P, bool memory, struct mx_blc *c)
{
	struct mx_bootlog_range **arr;
	uint64_t base = 0, size = 0;
	unsigned flags = 0;
	size_t *n;
	bool *has;
	int r = r_table(P, c, &base, &size, &flags);

	if (r != MX_BL_OK)
		return r;
	table_of(P, memory, &arr, &n, &has);
	if (!P->table_open) {
		*n = 0;
		*has = false;
		P->table_open = true;
	}
	return mx_bl_push_range(arr, n, P->line, base, size, flags) ? MX_BL_OK : MX_BL_NOMEM;
}

static void table_close(struct mx_blp *P, bool memory, bool keep)
{
	struct mx_bootlog_range **arr;
	size_t *n;
	bool *has;

	if (!P->table_open)
		return;
	table_of(P, memory, &arr, &n, &has);
	if (keep)
		*has = *n > 0;
	else
		*n = 0;
	P->table_open = false;
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
	case MX_BLM_DBG_MEM:
	case MX_BLM_DBG_RES:
		*what = "memblock table";
		return table_add(P, P->mode == MX_BLM_DBG_MEM, c);
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

void mx_bl_break(struct mx_blp *P)
{
	if (P->mode == MX_BLM_DBG_MEM || P->mode == MX_BLM_DBG_RES)
		table_close(P, P->mode == MX_BLM_DBG_MEM, true);
	P->mode = MX_BLM_NONE;
}

int mx_bl_line(struct mx_blp *P, const struct mx_blline *l)
{
	struct mx_blc c = { l->body, l->body_end, l->raw };
	const char *what = "";
	int r;

	P->line = l->no;
	if (P->mode != MX_BLM_NONE) {
		r = continue_mode(P, &c, &what);
		if (r != MX_BL_NO)
			return result(P, r, what);
		mx_bl_break(P);
		c = (struct mx_blc){ l->body, l->body_end, l->raw };
	}
	bl_sp(&c);
	if ((r = mx_bl_read_line(P, &c, &what)) != MX_BL_NO)
		return result(P, r, what);
	c = (struct mx_blc){ l->body, l->body_end, l->raw };
	bl_sp(&c);
	if ((r = r_header(P, &c)) != MX_BL_NO)
		return result(P, r, "header");
	/* "# cat /sys/kernel/debug/memblock/reserved": a table follows */
	c = (struct mx_blc){ l->raw, l->raw_end, l->raw };
	if (mx_bl_find(&c, "memblock/memory"))
		P->mode = MX_BLM_DBG_MEM;
	else if (mx_bl_find(&c, "memblock/reserved"))
		P->mode = MX_BLM_DBG_RES;
	P->table_open = false;
	return 0;
}

int mx_bl_block_line(struct mx_blp *P, const struct mx_blline *l)
{
	struct mx_blc c = { l->body, l->body_end, l->raw };
	char name[24];
	uint64_t v;
	int r = MX_BL_NO;

	P->line = l->no;
	if (l->blk == MX_BLK_MEMINFO) {
		if (meminfo_line(&c, name, &v)) {
			r = meminfo_add(P, !P->meminfo_open, name, v);
			P->meminfo_open = true;
		}
	} else if (l->blk == MX_BLK_MBMEM || l->blk == MX_BLK_MBRES) {
		r = table_add(P, l->blk == MX_BLK_MBMEM, &c);
	}
	return result(P, r, "memblock table");
}

void mx_bl_marker(struct mx_blp *P, const struct mx_blline *l)
{
	mx_bl_break(P);
	/* a table block ends at the next marker, whichever: END may have been lost */
	if (P->blk == MX_BLK_MBMEM || P->blk == MX_BLK_MBRES)
		table_close(P, P->blk == MX_BLK_MBMEM, true);
	P->blk = l->blk;
	P->meminfo_open = false;
	P->table_open = false;
	if (P->blk == MX_BLK_MBMEM || P->blk == MX_BLK_MBRES) {
		struct mx_bootlog_range **arr;
		size_t *n;
		bool *has;

		/* an empty block still replaces what an earlier one said */
		table_of(P, P->blk == MX_BLK_MBMEM, &arr, &n, &has);
		*n = 0;
		*has = false;
		P->table_open = true;
	}
}

void mx_bl_end(struct mx_blp *P)
{
	mx_bl_break(P);
	/* the input ended inside a table block: the table may be cut short */
	if (P->blk == MX_BLK_MBMEM || P->blk == MX_BLK_MBRES)
		table_close(P, P->blk == MX_BLK_MBMEM, false);
	P->blk = MX_BLK_NONE;
}

void mx_bl_begin(struct mx_blp *P, struct mx_bootlog *rec, const char *file)
{
	memset(P, 0, sizeof(*P));
	P->rec = rec;
	P->file = file;
	P->mode = MX_BLM_NONE;
	P->blk = MX_BLK_NONE;
}

