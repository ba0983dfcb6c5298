/* bootlog_internal.h - what the boot-log reader's files share: bootlog.c (boots, the record),
 * bootlog_input.c (the input cut into lines), bootlog_copies.c (copies of lines read),
 * bootlog_blocks.c (multi-line blocks), bootlog_lines.c (single lines), bootlog_scan.c (bytes) */
#ifndef MEMX_BOOTLOG_INTERNAL_H
#define MEMX_BOOTLOG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "memx/bootlog.h"

/*
 * One input line. raw..raw_end is the line without its end of line (trailing
 * CRs dropped); body..body_end is the kernel's text without a "<6>" level, a
 * "[    0.000000] " timestamp, a "[    T1] " caller id or a syslog "... kernel: "
 * prefix. Both point into the caller's buffer and may contain NUL bytes.
 */
struct mx_blline {
	const char *raw, *raw_end;
	const char *body, *body_end;
	int no;                    /* 1-based line number (INT_MAX past that) */
	bool has_ts;
	uint64_t ts;               /* the timestamp in microseconds when has_ts */
};

/* Multi-line blocks a line may continue; any line that does not fit ends them. */
enum mx_blmode {
	MX_BLM_NONE,
	MX_BLM_ZONES,              /* after "Zone ranges:" */
	MX_BLM_NODES,              /* after "Early memory node ranges" */
	MX_BLM_DUMP,               /* after "MEMBLOCK configuration:" (the first dump) */
	MX_BLM_DUMP_SKIP,          /* a later dump: read past, not kept */
	MX_BLM_MEMINFO,            /* a run of "Name: N kB" lines that began with MemTotal: */
	MX_BLM_TABLE,              /* a run of debugfs memblock table lines ("   0: 0x..00..0x..ff") */
};

/* Which debugfs memblock table a run of table lines is (see struct mx_bootlog). */
enum mx_bltbl { MX_BLT_UNKNOWN, MX_BLT_MEMORY, MX_BLT_RESERVED };

struct mx_blc;

/* What a reader made of its line. */
enum { MX_BL_NO, MX_BL_OK, MX_BL_BAD, MX_BL_NOMEM };

/* Why a known line could not be read (the warning says it). */
enum mx_blwhy { MX_BLW_NUM, MX_BLW_BIG, MX_BLW_SHORT, MX_BLW_TEXT, MX_BLW_ZERO, MX_BLW_BACKWARDS, MX_BLW_MANY };

/*
 * The most lines of one kind a boot's record keeps (each /reserved-memory,
 * CMA, Freeing, swiotlb, crashkernel, zone, node range, MEMBLOCK dump or
 * debugfs row, /proc/meminfo block and row): a kernel prints a handful to a
 * few hundred (MAX_RESERVED_REGIONS is 64 in 6.1). Past it a line is a
 * warning, not a record, so that a hostile log of millions of such lines
 * costs no more memory than its file (issue 15).
 */
#define MX_BL_MAX_RECORDS 65536
#define MX_BL_FULL(n) ((n) >= MX_BL_MAX_RECORDS)

/*
 * The reading state of one boot record. @rec is the record being filled
 * (borrowed); @file is borrowed for diagnostics.
 */
struct mx_blp {
	struct mx_bootlog *rec;
	const char *file;
	int line;                  /* the line being read */
	enum mx_blmode mode;
	/* the debugfs table being read (MX_BLM_TABLE), owned here until it closes */
	struct mx_bootlog_range *tbl;
	size_t ntbl;
	enum mx_bltbl tbl_kind;    /* what its header line said, else MX_BLT_UNKNOWN */
	uint64_t tbl_row;          /* the number of its last row */
	enum mx_bltbl hint;        /* the last line was a header naming memblock/memory or /reserved */
	size_t nwarn;              /* warnings so far: only the first MX_BL_MAX_WARN are kept */
	enum mx_blwhy why;         /* set by a reader that cannot read its line */
	int why_col;
};

#define MX_BL_MAX_WARN 100

/* Start reading a record into @rec (already initialised). */
void mxi_bl_begin(struct mx_blp *P, struct mx_bootlog *rec, const char *file);
/* One line of the record's boot. Returns 0 or MX_ENOMEM. */
int mxi_bl_line(struct mx_blp *P, const struct mx_blline *l);
/* Lines the reader does not see (a copy) come next: ends any open multi-line block. */
void mxi_bl_break(struct mx_blp *P);
/* The record's last line was read: the open table goes to the record, @P owns nothing. */
void mxi_bl_end(struct mx_blp *P);
/* True when @s..@end is a "Linux version " line: it starts a boot. */
bool mxi_bl_is_version(const char *s, const char *end);

/* ---- bootlog_file.c: a file mapped, a window of it resident ---- */

struct mx_blpager {
	const char *base;          /* the mapping, @len bytes */
	size_t len;
	size_t window;             /* bytes touched between two drops of the resident pages */
	size_t touched;            /* since the last drop */
};

/* @n bytes of the input were (or are about to be) read: drop the resident pages every window. NULL: nothing. */
void mxi_bl_touch(struct mx_blpager *pg, size_t n);
/* Tests only: called on every mxi_bl_touch() of a mapped file (e.g. to truncate it mid-read). */
extern void (*mxi_bl_touch_hook)(void);
/* mx_bootlog_parse() with the input's pager (NULL: a caller's buffer, nothing to drop). */
int mxi_bl_parse(struct mx_bootlog *b, const char *text, size_t len, const char *file, struct mx_blpager *pg);

/* An earlier place of the input is read again: count the pages around it as touched. */
#define MX_BL_TOUCH_JUMP (64u << 10)

static inline void mxi_bl_touch_line(struct mx_blpager *pg, const struct mx_blline *l)
{
	if (pg)
		mxi_bl_touch(pg, (size_t)(l->raw_end - l->raw) + 1);
}

/* ---- bootlog_input.c: the input cut into lines ---- */

/* Lines of the caller's buffer from @p to @end; @no is the number of the last one given. */
struct mx_bliter {
	const char *p, *end;
	int no;
};

/* The next line of @it (ends at '\n' or @it->end), or false at the end. */
bool mxi_bl_next_line(struct mx_bliter *it, struct mx_blline *l);
/* A hash of the line's timestamp and kernel text (what mxi_bl_same_line() compares). */
uint64_t mxi_bl_line_hash(const struct mx_blline *l);
/* The same kernel line: timestamp and text. */
bool mxi_bl_same_line(const struct mx_blline *a, const struct mx_blline *b);
/* Where the line that ends just before the line start @p begins (@p > @lo). */
const char *mxi_bl_line_before(const char *lo, const char *p);

/* ---- bootlog_copies.c: copies of lines read, found by content (how: see there) ---- */

struct mx_blpart {             /* the lines of one boot (part 0: those before the first) */
	const char *start;
	int line;                  /* its "Linux version" line (0 for part 0) */
};

struct mx_blspan {             /* a copy: lines not read */
	const char *start, *end;
};

/*
 * An indexed line read, in 16 bytes (a log may have a run on every line): the
 * low 32 bits of its hash (a filter only: lines are compared byte for byte)
 * and its offset in the input.
 */
struct mx_blent {
	uint64_t off;              /* raw - the input's start */
	uint32_t hash;
	uint32_t prev;             /* 1 + the entry of the same hash read before it, 0 if none */
};

/* Open addressing from a line's hash to its latest entry (slot = 1 + entry). */
struct mx_blindex {
	const char *text;          /* the input: an entry's line is text + off */
	struct mx_blent *v;
	size_t n, max;             /* n < UINT32_MAX: past that, lines are not indexed */
	uint32_t *slot;
	size_t nslot;              /* 0 or a power of two, at least twice n */
};

/*
 * Earlier places looked at: a line printed many times at the same time
 * (arm64's early page-table allocations) has hundreds. Each line read adds
 * MX_BL_LOOKS_PER_LINE to what may be spent, so that parse time stays linear
 * whatever the input.
 */
#define MX_BL_LOOKS_FIRST 8192
#define MX_BL_LOOKS_PER_LINE 32
#define MX_BL_LOOKS_MAX (1 << 20)

/* The reading of one log (bootlog.c's mx_bootlog_parse()); the input is the caller's. */
struct mx_blstate {
	const char *text, *end;       /* the input */
	struct mx_blpager *pg;        /* its pages, when mapped (bootlog_file.c), else NULL */
	const char *file;
	struct mx_bootlog cur;        /* the boot being read */
	struct mx_bootlog best;       /* the last earlier boot that printed its Memory line */
	bool has_best;
	struct mx_blp P;
	int boots;
	struct mx_blpart *parts;      /* parts[0].start == text; in input order */
	size_t nparts, maxparts;
	struct mx_blspan *spans;      /* in input order, never across a part's end */
	size_t nspans, maxspans;
	struct mx_blindex X;
	size_t nread;                 /* timestamped lines read */
	size_t nrunidx;               /* lines indexed only for being a run's first */
	size_t looks;                 /* earlier places that may still be looked at */
	bool has_tmax;
	uint64_t tmax;                /* the latest timestamp of the current run */
	bool run_first;               /* the next timestamped line read is a run's first */
	bool has_last;
	uint64_t last_ts;             /* the timestamp of the last line read */
	const char *same;             /* the first of the lines read since at that time */
	bool same_indexed;            /* it is in the index */
	const char *check_from;       /* no copy check before this line: one looked there already */
	const char *skip_to;          /* the end of the copy being read past */
	struct mx_diaglist notes;
	size_t ncopies;
};

/* Index the line read at @raw under hash @h. 0 or MX_ENOMEM. */
int mxi_bl_index_add(struct mx_blindex *X, uint64_t h, const char *raw);
/* @l begins a run (@after: the lines after it): *@copy when it is a copy, read past. 0 or MX_ENOMEM. */
int mxi_bl_copy_check(struct mx_blstate *S, const struct mx_bliter *after, const struct mx_blline *l,
		      bool *copy);
/* A timestamped line read: indexed when it is a run's first or every MX_BL_SAMPLE-th. 0 or MX_ENOMEM. */
int mxi_bl_index_line(struct mx_blstate *S, const struct mx_blline *l);

/* ---- bootlog_ops.c: the record's memblock=debug operations, encoded ---- */

#define MX_BL_FN_MAX 40
#define MX_BL_CALLER_MAX 48

/* One operation as read (struct mx_bootlog_memop with its strings in place, cut to fit). */
struct mx_blop {
	enum mx_bootlog_op op;
	char fn[MX_BL_FN_MAX];
	char caller[MX_BL_CALLER_MAX];
	uint64_t base, size, align, from, max_addr;
	int nid, line;
};

/* Append @e to the store *@st (made on first use), *@nops operations so far. 0 or MX_ENOMEM (nothing added). */
int mxi_bl_ops_push(struct mx_bootlog_opstore **st, size_t *nops, const struct mx_blop *e);
/* Free a store (NULL: nothing). */
void mxi_bl_ops_free(struct mx_bootlog_opstore *st);

/* ---- bootlog_lines.c: the lines that stand alone ---- */

/* Memory:, cma:, reserved mem, memblock=debug, Freeing, ... (@what names the kind for a warning). */
int mxi_bl_read_line(struct mx_blp *P, struct mx_blc *c, const char **what);

/* ---- bootlog_scan.c: reading one line's bytes ---- */

/*
 * A cursor over one line's bytes: no NUL terminator, NUL is an ordinary
 * byte. @line is where the raw line starts, for columns.
 */
struct mx_blc {
	const char *p, *end, *line;
};

static inline bool bl_isdig(char ch)
{
	return ch >= '0' && ch <= '9';
}

static inline bool bl_isblank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static inline bool bl_isword(char ch)
{
	return bl_isdig(ch) || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static inline size_t bl_left(const struct mx_blc *c)
{
	return (size_t)(c->end - c->p);
}

static inline bool bl_peek(const struct mx_blc *c, const char *s)
{
	size_t n = strlen(s);

	return bl_left(c) >= n && !memcmp(c->p, s, n);
}

static inline bool bl_lit(struct mx_blc *c, const char *s)
{
	if (!bl_peek(c, s))
		return false;
	c->p += strlen(s);
	return true;
}

static inline bool bl_litc(struct mx_blc *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

static inline void bl_sp(struct mx_blc *c)
{
	while (c->p < c->end && bl_isblank(*c->p))
		c->p++;
}

/* The first @s at or after the cursor, or NULL. */
const char *mxi_bl_find(const struct mx_blc *c, const char *s);
/* The last @s at or after the cursor, or NULL. */
const char *mxi_bl_find_last(const struct mx_blc *c, const char *s);
/* Give up on a known line: @why at the cursor's column (at its end: "line cut short"). MX_BL_BAD. */
int mxi_bl_bad(struct mx_blp *P, const struct mx_blc *c, enum mx_blwhy why);

/* Raw number readers: MX_BL_NUM_OK, _NONE (no digit) or _BIG (over 64 bits: never wrapped). */
enum { MX_BL_NUM_OK, MX_BL_NUM_NONE, MX_BL_NUM_BIG };
int mxi_bl_dec_raw(struct mx_blc *c, uint64_t *v);
int mxi_bl_hex_raw(struct mx_blc *c, uint64_t *v); /* "0x" optional */

/* Number readers that give up like mxi_bl_bad(): MX_BL_OK or MX_BL_BAD. */
int mxi_bl_dec(struct mx_blp *P, struct mx_blc *c, uint64_t *v);
int mxi_bl_hex(struct mx_blp *P, struct mx_blc *c, uint64_t *v);     /* "0x..." */
int mxi_bl_hex_any(struct mx_blp *P, struct mx_blc *c, uint64_t *v); /* with or without "0x" */
int mxi_bl_num(struct mx_blp *P, struct mx_blc *c, uint64_t *v);     /* "0x..." or decimal */
int mxi_bl_kib(struct mx_blp *P, struct mx_blc *c, uint64_t *v);     /* "964K" */
int mxi_bl_sized(struct mx_blp *P, struct mx_blc *c, uint64_t *bytes); /* "64 MiB", "512MB" */
int mxi_bl_span(struct mx_blp *P, struct mx_blc *c, uint64_t *a, uint64_t *b); /* "0x..-0x.." */
/* The size of [@a, @b] printed with an inclusive end (0 for b < a; capped below 2^64). */
uint64_t mxi_bl_incl_size(uint64_t a, uint64_t b);

/* A malloc'd copy of @s..@e (the caller frees it), or NULL. */
char *mxi_bl_dup(const char *s, const char *e);
/* Copy @s..@e into @dst of @cap bytes, cut to fit. */
void mxi_bl_cpy(char *dst, size_t cap, const char *s, const char *e);
const char *mxi_bl_trim_end(const char *s, const char *e);

/*
 * mxi_bl_grow - make room for element @n of the array @arr (@n elements of @sz
 * bytes, grown only by this function: its capacity is implied by @n).
 * Returns the array, moved perhaps, or NULL when out of memory (@arr intact).
 */
void *mxi_bl_grow(void *arr, size_t n, size_t sz);

/* One push per record array: a zeroed element appended, or NULL (the array intact). */
#define MX_BL_DEFINE_PUSH(name, type)                                    \
	static inline type *name(type **arr, size_t *n)                  \
	{                                                                \
		type *p = mxi_bl_grow(*arr, *n, sizeof(type));            \
                                                                         \
		if (!p)                                                  \
			return NULL;                                     \
		*arr = p;                                                \
		memset(&p[*n], 0, sizeof(type));                        \
		return &p[(*n)++];                                       \
	}
MX_BL_DEFINE_PUSH(mx_bl_push_cma, struct mx_bootlog_cma)
MX_BL_DEFINE_PUSH(mx_bl_push_rmem, struct mx_bootlog_rmem)
MX_BL_DEFINE_PUSH(mx_bl_push_freed, struct mx_bootlog_freed)
MX_BL_DEFINE_PUSH(mx_bl_push_zone, struct mx_bootlog_zone)
MX_BL_DEFINE_PUSH(mx_bl_push_meminfo, struct mx_bootlog_meminfo)
MX_BL_DEFINE_PUSH(mx_bl_push_range0, struct mx_bootlog_range)
#undef MX_BL_DEFINE_PUSH

struct mx_bootlog_range *mxi_bl_push_range(struct mx_bootlog_range **arr, size_t *n, int line,
					  uint64_t base, uint64_t size, unsigned flags);

#endif
