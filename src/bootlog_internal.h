/* bootlog_internal.h - what bootlog.c (lines, boots, copies) and bootlog_lines.c (one line's meaning) share */
#ifndef MEMX_BOOTLOG_INTERNAL_H
#define MEMX_BOOTLOG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/bootlog.h"

/* Which "@@ORACLE-BEGIN <name>" dump a line sits in (the oracle initramfs prints them). */
enum mx_blblock {
	MX_BLK_NONE,
	MX_BLK_DMESG,      /* a copy of the kernel log: never read */
	MX_BLK_MEMINFO,    /* /proc/meminfo */
	MX_BLK_MBMEM,      /* debugfs memblock/memory */
	MX_BLK_MBRES,      /* debugfs memblock/reserved */
	MX_BLK_OTHER,      /* iomem, zoneinfo, ...: not read */
};

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
	bool marker;               /* an "@@ORACLE-" line: blk is the block it opens, NONE if it closes */
	enum mx_blblock blk;       /* ordinary lines: the block the line is in */
};

/* Multi-line blocks a line may continue; any line that does not fit ends them. */
enum mx_blmode {
	MX_BLM_NONE,
	MX_BLM_ZONES,              /* after "Zone ranges:" */
	MX_BLM_NODES,              /* after "Early memory node ranges" */
	MX_BLM_DUMP,               /* after "MEMBLOCK configuration:" (the first dump) */
	MX_BLM_DUMP_SKIP,          /* a later dump: read past, not kept */
	MX_BLM_MEMINFO,            /* a run of "Name: N kB" lines that began with MemTotal: */
	MX_BLM_DBG_MEM,            /* after a "memblock/memory" header line */
	MX_BLM_DBG_RES,            /* after a "memblock/reserved" header line */
};

/*
 * The reading state of one boot record. @rec is the record being filled
 * (borrowed); @file is borrowed for diagnostics.
 */
struct mx_blp {
	struct mx_bootlog *rec;
	const char *file;
	int line;                  /* the line being read */
	enum mx_blblock blk;       /* the @@ORACLE block the last marker opened */
	enum mx_blmode mode;
	bool table_open;           /* the debugfs table being read has its first line */
	bool meminfo_open;         /* the @@ORACLE meminfo block has begun its record */
	size_t nwarn;              /* warnings so far: only the first MX_BL_MAX_WARN are kept */
	const char *why;           /* set by a reader that cannot read its line */
	int why_col;
};

#define MX_BL_MAX_WARN 100

/* Start reading a record into @rec (already initialised). */
void mx_bl_begin(struct mx_blp *P, struct mx_bootlog *rec, const char *file);
/* An ordinary line (outside any @@ORACLE block). Returns 0 or MX_ENOMEM. */
int mx_bl_line(struct mx_blp *P, const struct mx_blline *l);
/* A line inside an @@ORACLE meminfo or memblock-* block. Returns 0 or MX_ENOMEM. */
int mx_bl_block_line(struct mx_blp *P, const struct mx_blline *l);
/* An @@ORACLE- marker line. */
void mx_bl_marker(struct mx_blp *P, const struct mx_blline *l);
/* A line the reader does not see (a copy): ends any open multi-line block. */
void mx_bl_break(struct mx_blp *P);
/* The record's last line was read: close open tables. */
void mx_bl_end(struct mx_blp *P);
/* True when @s..@end is a "Linux version " line: it starts a boot. */
bool mx_bl_is_version(const char *s, const char *end);
/*
 * mx_bl_grow - make room for element @n of the array @arr (@n elements of @sz
 * bytes, grown only by this function: its capacity is implied by @n).
 * Returns the array, moved perhaps, or NULL when out of memory (@arr intact).
 */
void *mx_bl_grow(void *arr, size_t n, size_t sz);

#endif
