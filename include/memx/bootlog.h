/* memx/bootlog.h - what a kernel boot log says about memory */
#ifndef MEMX_BOOTLOG_H
#define MEMX_BOOTLOG_H

#include "memx/api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/diag.h"

/*
 * mx_bootlog_parse() reads a serial console log or `dmesg` output (with or
 * without "[    0.000000] " timestamps or "<6>" levels, LF or CRLF, any
 * interleaved noise) and fills a plain record of every memory fact the
 * kernel printed. It never fails on content: lines it does not know are
 * skipped; lines it knows but cannot read are warnings (file:line:col); an
 * input with no line it knows at all is one error ("not a kernel boot log").
 * Only MX_ENOMEM is returned as an error.
 *
 * Which boot: a log may hold several boots (logs concatenated, a board that
 * rebooted). Each "Linux version" line starts a boot (with the lines printed
 * at the same time just before it, such as arm64's "Booting Linux on
 * physical CPU"); the record describes the LAST complete boot (one that
 * printed its Memory: line, or the last boot when none did), @boots counts
 * the boots and a note says at which line the one used starts.
 *
 * Copies: a run of timestamped lines (one that begins where the time goes
 * back) that repeats the kernel lines of a boot already read, same timestamp
 * and text, is a copy of that boot and is not read again nor counted as a
 * boot: `dmesg` printed after the console log, a console that replays its
 * buffer, the same log twice. The repetition may lack a few lines the
 * console printed (or printed twice); it is a copy when it ends with that
 * boot's lines, with the input, or where the time goes back again, and a
 * new boot when it ends at a line that differs (the same kernel rebooted
 * prints its first lines at the same times) - unless it is a run of at least
 * 16 lines without a "Linux version" line (a `dmesg` whose ring buffer had
 * wrapped). Lines without a timestamp right after a copy that are the very
 * lines that followed the copied ones (a shell's dumps in a log copied
 * whole) go with the copy. A note gives each copy's lines. Logs without
 * timestamps have no copies. Memory (issue 15: never more than the input):
 * the reader keeps no record of every line (the input is read again where
 * needed), the memblock=debug operations are kept in a few bytes each
 * (mx_bootlog_op()), and mx_bootlog_parse_file() reads a file in place
 * (mapped, a window of it resident), not into a buffer of its size.
 *
 * Shell dumps are recognised by their content, wherever they are: a
 * /proc/meminfo block is a run of "Name:   N kB" lines that begins with
 * MemTotal:; a debugfs memblock table is a run of "   0: 0x..00..0x..ff"
 * rows (see struct mx_bootlog for which table is which).
 *
 * Every string and array is owned by the record (mx_bootlog_release).
 * Line numbers are 1-based lines of the input.
 */

struct mx_bootlog_memline {        /* "Memory: 98324K/524288K available (...)" */
	bool present;
	int line;
	uint64_t available_k, total_k;
	uint64_t code_k, rwdata_k, rodata_k, init_k, bss_k;
	uint64_t reserved_k;
	uint64_t cma_reserved_k;
	bool has_cma;                  /* ", NK cma-reserved" printed */
	uint64_t highmem_k;
	bool has_highmem;              /* ", NK highmem" printed */
};

enum mx_bootlog_rmem_kind {
	MX_BLR_CMA_POOL,   /* "Reserved memory: created CMA memory pool at 0x.., size N MiB" */
	MX_BLR_DMA_POOL,   /* "Reserved memory: created DMA memory pool at 0x.., size N MiB" */
	MX_BLR_ALLOCATED,  /* "Reserved memory: allocated memory for 'NAME' node: base 0x.., size N MiB" (3.x-5.x) */
	MX_BLR_INIT,       /* "OF: reserved mem: initialized node NAME, compatible id COMPAT" */
	MX_BLR_FAILED,     /* "Reserved memory: failed to allocate memory for node 'NAME'" and
			    * other "Reserved memory:"/"OF: reserved mem:" lines that say a node
			    * was refused, ignored or could not be initialised */
	MX_BLR_REGION,     /* 6.12: "OF: reserved mem: 0x..00..0x..ff (N KiB) map|nomap reusable|non-reusable NAME"
			    * (end inclusive): every saved region whose handlers did not refuse it, also
			    * one whose reservation failed or that lies outside memory */
	MX_BLR_OTHER,      /* any other "OF: reserved mem:" / "Reserved memory:" line (text kept) */
};

struct mx_bootlog_rmem {
	enum mx_bootlog_rmem_kind kind;
	char *name;        /* node name when the line names one, else NULL */
	char *compat;      /* MX_BLR_INIT: compatible id, else NULL */
	uint64_t base, size; /* bytes; valid when has_base / has_size */
	bool has_base, has_size;
	bool nomap, reusable; /* MX_BLR_REGION: "nomap", "reusable" printed */
	char *text;        /* the line without timestamp */
	int line;
};

struct mx_bootlog_cma {            /* "cma: Reserved 64 MiB at 0x000000005b600000" */
	uint64_t base, size;
	int line;
	bool failed;                   /* "cma: Failed to reserve N MiB" (base 0) */
};

struct mx_bootlog_zone {           /* "  DMA      [mem 0x..-0x..]" / "  Normal   empty" */
	char name[16];
	bool empty;
	uint64_t start, end;           /* [start, end) bytes; end = printed end + 1 */
};

struct mx_bootlog_range {          /* node ranges, swiotlb, crashkernel, debugfs tables */
	uint64_t base, size;
	unsigned flags;                /* debugfs/MEMBLOCK dump flags when printed, else 0 */
	int line;
};

struct mx_bootlog_freed {          /* "Freeing initrd memory: 964K" */
	char *what;                    /* "initrd", "unused kernel", "unused kernel image (initmem)" */
	uint64_t kib;
	int line;
};

enum mx_bootlog_op {
	MX_BLOP_ADD, MX_BLOP_REMOVE, MX_BLOP_RESERVE, MX_BLOP_FREE, /* "[0x..-0x..] caller" forms */
	MX_BLOP_MARK_NOMAP, MX_BLOP_CLEAR_NOMAP,
	MX_BLOP_ALLOC,     /* "memblock_*alloc*: N bytes align=0x.. nid=.. from=0x.. max_addr=0x.. caller" */
	MX_BLOP_OTHER,     /* any other "memblock_xxx: [range] caller" */
};

/*
 * One memblock=debug operation, as mx_bootlog_op() gives it. A boot may
 * print hundreds of thousands: the record keeps them encoded in a few bytes
 * each (struct mx_bootlog_opstore, private), never as an array of these.
 */
struct mx_bootlog_memop {
	enum mx_bootlog_op op;
	const char *fn;                /* the memblock function as printed: "memblock_phys_free" (its
					* first 39 bytes); owned by the record, valid until it is released */
	const char *caller;            /* caller without "+0x../0x..": "early_pgtable_alloc" (its first
					* 47 bytes), "" when none; owned by the record like @fn */
	uint64_t base, size;           /* range forms: [base, base + size); end printed inclusive */
	uint64_t align, from, max_addr; /* alloc form */
	int nid;                       /* alloc form; -1 when not printed */
	int line;
};

struct mx_bootlog_opstore;

struct mx_bootlog_meminfo {        /* one /proc/meminfo block: values in kB */
	char (*names)[24];
	uint64_t *kib;
	size_t n;
	int line;                      /* of its first line */
};

struct mx_bootlog {
	int boots;                     /* boots read: "Linux version" lines outside copies (0 if none) */
	int boot_line;                 /* the line the described boot starts at (0: no such line) */
	char *version;                 /* "6.1.0-50-arm64" from "Linux version ..." or NULL */
	char *cmdline;                 /* "Kernel command line: ..." or NULL */
	struct mx_bootlog_memline mem;
	struct mx_bootlog_rmem *rmem;  size_t nrmem;
	struct mx_bootlog_cma *cma;    size_t ncma;
	struct mx_bootlog_zone *zones; size_t nzones;   /* "Zone ranges:" block */
	struct mx_bootlog_range *node_ranges; size_t nnode_ranges; /* "Early memory node ranges" */
	struct mx_bootlog_freed *freed; size_t nfreed;
	struct mx_bootlog_range *swiotlb; size_t nswiotlb; /* "software IO TLB: mapped [mem ..] (64MB)" */
	struct mx_bootlog_range *crashkernel; size_t ncrashkernel; /* "crashkernel reserved: 0x.. - 0x.. (N MB)" */
	struct mx_bootlog_opstore *opstore; size_t nops; /* memblock=debug, in log order: mx_bootlog_op() */
	/* "MEMBLOCK configuration:" dump (memblock_dump_all) inside the boot, first one */
	struct mx_bootlog_range *dump_memory; size_t ndump_memory;
	struct mx_bootlog_range *dump_reserved; size_t ndump_reserved;
	bool has_dump;
	/*
	 * debugfs memblock/memory and memblock/reserved: a table is a run of consecutive rows
	 * "   N: 0x<base>..0x<end>[ flags]" (end inclusive); a row numbered no higher than the
	 * one before starts the next table. The two tables look alike, so which one a table
	 * is goes by, first, the line just before it when that line names
	 * "memblock/memory" or "memblock/reserved" (a shell's `cat` of the debugfs file);
	 * else by content: the reserved table is a table that differs from the boot's memory
	 * table read before it and whose every range lies inside that table (adjacent memory
	 * ranges joined); any other table is the memory table. So a reserved table printed
	 * before the memory table, without its header line, is taken for a memory table.
	 * The last table of each kind printed in the boot counts.
	 */
	struct mx_bootlog_range *dbg_memory; size_t ndbg_memory;
	struct mx_bootlog_range *dbg_reserved; size_t ndbg_reserved;
	bool has_dbg_memory, has_dbg_reserved;
	struct mx_bootlog_meminfo *meminfo; size_t nmeminfo; /* every block, in order */
	uint64_t total_pages;          /* "Built N zonelists, ... Total pages: N" */
	bool has_total_pages;
	struct mx_diaglist diags;      /* warnings: unreadable known lines; notes: the boot used, the
					* copies read past; an error: not a boot log at all */
};

MX_API void mx_bootlog_init(struct mx_bootlog *b);
MX_API void mx_bootlog_release(struct mx_bootlog *b);

/**
 * mx_bootlog_parse - read a boot log into a record
 * @b: an initialised record; its previous content is released
 * @text: @len bytes, need not be NUL-terminated, may contain NUL and any byte; borrowed
 *        for the call only (nothing in @b points into it)
 * @len: the length of @text
 * @file: the name diagnostics give (copied), or NULL
 *
 * Linear in @len; the heap used, the record included, is under @len for
 * any input of memblock=debug lines, copies and boots (millions of the
 * other lines the record keeps one by one - Reserved memory, Freeing, Zone
 * ranges, /proc/meminfo rows - still cost more: a plain struct per line).
 *
 * Returns: 0 (whatever the content; see the diagnostics) or MX_ENOMEM (then
 * @b is empty).
 */
MX_API int mx_bootlog_parse(struct mx_bootlog *b, const char *text, size_t len, const char *file);
/**
 * mx_bootlog_parse_file - read the file @path and parse it (see mx_bootlog_parse)
 * @b: an initialised record; its previous content is released
 * @path: the file, also the name diagnostics give
 *
 * A regular file is mapped read-only and read in place: every sixteenth of
 * the file read (at least 256 KiB), the pages read are given back to the
 * system (madvise MADV_DONTNEED), so what is resident of it stays a window
 * (plus the page cache's folio size: up to 2 MiB on Linux 6.18). Appending
 * to the file meanwhile is safe (the size at open is read). A file
 * truncated by another process while it is read would make the system send
 * SIGBUS: for the length of the call a SIGBUS handler is installed (the
 * previous one is restored, and gets any SIGBUS not of this mapping), and
 * the call returns MX_EIO ("the file shrank"). A pipe, a FIFO or a file
 * that cannot be mapped is read into one buffer by mx_file_read_max().
 * Limit: 256 MiB.
 *
 * Returns: 0, MX_ENOMEM, MX_ENOENT (no such file), MX_EISDIR, MX_ENOTREG (a
 * device), MX_ETOOBIG or MX_EIO (unreadable, or truncated while it was
 * read; then @b is empty).
 */
MX_API int mx_bootlog_parse_file(struct mx_bootlog *b, const char *path);

/**
 * mx_bootlog_op - the @i-th memblock=debug operation of the record
 * @b: a record
 * @i: 0 .. @b->nops - 1, in log order
 * @op: filled; its strings belong to @b (valid until @b is released or parsed again)
 *
 * Constant time (at most 15 operations before it are decoded again).
 *
 * Returns: true, or false when @i is not below @b->nops (@op untouched).
 */
MX_API bool mx_bootlog_op(const struct mx_bootlog *b, size_t i, struct mx_bootlog_memop *op);

/* The last meminfo block's value of @name ("MemTotal"), or false when absent. */
MX_API bool mx_bootlog_meminfo_get(const struct mx_bootlog *b, const char *name, uint64_t *kib);
/* True when the log has anything memx can compare (a Memory line or meminfo). */
MX_API bool mx_bootlog_usable(const struct mx_bootlog *b);

#endif
