/* test_bootlog_bad.c - the boot-log reader on what it cannot read: unreadable lines, noise, too many warnings, what is no log */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootlog_test.h"
#include "memx/types.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)

/* ---- unreadable lines ------------------------------------------------------------ */

struct bad_case {
	const char *text;
	int col;             /* of the warning */
	const char *why;
};

static const struct bad_case bad_cases[] = {
	/* cut short */
	{ "[    0.000000] Memory: 98324K/524288K available (13248K kernel code, 2806K rwd", 79, "line cut short" },
	{ "[    0.000000] Memory: 98324K/5242", 35, "line cut short" },
	{ "[    0.000000] memblock_reserve: [0x0000000048000000-0x00000000480f", 68, "line cut short" },
	{ "[    0.000000] cma: Reserved 64 MiB at ", 40, "line cut short" },
	/* more than 64 bits: a warning, never a wrapped number */
	{ "[    0.000000] memblock_reserve: [0x10000000000000000-0x1] x+0x1/0x2", 35, "number too large" },
	{ "[    0.000000] Memory: 99999999999999999999K/524288K available (1K reserved)", 24, "number too large" },
	{ "[    0.000000] memblock_alloc_try_nid: 4096 bytes align=0x1000 nid=99999999999 from=0x0 max_addr=0x0 f+0x1/0x2", 68, "number too large" },
	{ "[    0.000000] Freeing initrd memory: 18446744073709551616K", 39, "number too large" },
	{ "[    0.000000] cma: Reserved 18446744073709551615 MiB at 0x0", 30, "number too large" },
	/* wrong text where a number or a word belongs */
	{ "Memory: 98324K/524288K available [13248K kernel code]", 34, "unexpected text" },
	{ "Memory: 0K/0K available (0K reserved)", 12, "a total of 0K" },
	{ "Freeing initrd memory: lots", 24, "number expected" },
	{ "software IO TLB: mapped [mem 0xf8000000 0xfc000000] (64MB)", 41, "unexpected text" },
	{ "Reserved memory: created CMA memory pool at 0x79000000 size 112 MiB", 55, "unexpected text" },
	{ "  [    0.000000] Built 1 zonelists, mobility grouping on.  Total pages: many", 73, "number expected" },
};

static void unreadable_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		const struct mx_diag *d;
		struct mx_bootlog b;

		print_message("case %zu: %s\n", i, c->text);
		parse_n(&b, c->text, strlen(c->text));
		print_diags(&b);
		assert_int_equal(b.diags.cnt, 1);
		d = &b.diags.d[0];
		assert_int_equal(d->sev, MX_SEV_WARNING);
		assert_string_equal(d->file, "t.log");
		assert_int_equal(d->line, 1);
		assert_int_equal(d->col, c->col);
		assert_non_null(strstr(d->msg, c->why));
		assert_false(b.mem.present);
		assert_int_equal(b.nops + b.nfreed + b.ncma + b.nswiotlb, 0);
		/* a rmem line that cannot be read is kept as text */
		if (b.nrmem) {
			assert_int_equal(b.rmem[0].kind, MX_BLR_OTHER);
			assert_false(b.rmem[0].has_base);
		}
		mx_bootlog_release(&b);
	}
}

/* NUL bytes are ordinary bytes, lines may be huge, numbers wrap nowhere. */
static void noise(void **state)
{
	static const char log[] =
		"\0\0\0\n"
		"[\n"
		"[    1.0\n"
		"[    0.000000] Memory: 1K/2K avail\0ble (1K reserved)\n"
		"<6\n"
		"<>[    0.000000]\n"
		"memblock_\n"
		"memblock_reserve:\n"
		"memblock_reserve: \n"
		"Zone ranges:\n"
		"  DMA\n"
		"  DMA      [mem\n"
		"@@ORACLE-BEGIN memblock-reserved\n"
		"   0: 0x0000000040000000..\n"
		"@@ORACLE-END\n"
		"[    0.000000] Memory: 98324K/524288K available (13248K kernel code, 2806K rwdata, 9504K rodata, 6464K init, 627K bss, 44068K reserved, 65536K cma-reserved)\n"
		"[    0.000000] memblock_reserve: [0x0000000000000000-0xffffffffffffffff] all+0x0/0x0\n"
		"[    0.000000] memblock_reserve: [0x0000000000001000-0xffffffffffffffff] top+0x0/0x0\n"
		"@@ORACLE-BEGIN memblock-memory\n"
		"   0: 0x0000000000000000..0xffffffffffffffff\n"
		"@@ORACLE-END\n";
	size_t big = 1 << 20;
	char *huge = malloc(big + sizeof(log));
	struct mx_bootlog b;

	(void)state;
	PARSE(&b, log);
	print_diags(&b);
	assert_non_null(diag_with(&b, MX_SEV_WARNING, "\"Memory:\""));
	assert_true(b.mem.present);
	assert_int_equal(b.mem.line, 16);
	assert_int_equal(b.mem.total_k, 524288);
	/* sizes that reach 2^64 are capped so that base + size fits */
	assert_int_equal(b.nops, 2);
	assert_int_equal(op_at(&b, 0)->size, 0); /* [0, ~0]: memblock's empty dummy */
	assert_int_equal(op_at(&b, 1)->size, UINT64_MAX - 0x1000);
	assert_true(b.has_dbg_memory);
	assert_int_equal(b.dbg_memory[0].size, 0);
	/* the cut table line is unreadable: the block is empty */
	assert_false(b.has_dbg_reserved);
	mx_bootlog_release(&b);

	/* a megabyte without a newline, then the log */
	assert_non_null(huge);
	memset(huge, 'x', big);
	memcpy(huge, "[    0.000000] memblock_reserve: Reserved memory: ", 50);
	memcpy(huge + big, log, sizeof(log) - 1);
	parse_n(&b, huge, big + sizeof(log) - 1);
	assert_true(b.mem.present);
	assert_int_equal(b.mem.total_k, 524288);
	mx_bootlog_release(&b);
	free(huge);
}

static void warnings_are_capped(void **state)
{
	struct mx_buf t;
	struct mx_bootlog b;

	(void)state;
	mx_buf_init(&t);
	for (int i = 0; i < 1000; i++)
		mx_buf_adds(&t, "Freeing initrd memory: ?K\n");
	parse_n(&b, t.buf, t.len);
	assert_int_equal(mx_diaglist_count(&b.diags, MX_SEV_WARNING), 100);
	assert_non_null(diag_with(&b, MX_SEV_NOTE, "not reported"));
	mx_bootlog_release(&b);
	mx_buf_release(&t);
}

/*
 * Anything that is not a boot log at all (no line the reader knows, readable
 * or not) yields one diagnostic, an error, that says so; a log with lines it
 * knows but cannot read keeps its warnings (unreadable_lines).
 */
static void not_a_boot_log(void **state)
{
	static const char *const junk[] = {
		"hello\nworld\n",
		"cpu: 0\n  count: 0\nNode 0, zone      DMA\n        spanned  131072\n",
		"\x7f\x45LF\x02\x01\x01\0\0\0\n\xff\xfe\n",
		"40000000-5fffffff : System RAM\n  40210000-4185ffff : Kernel code\n",
	};
	struct mx_bootlog b;
	struct mx_buf out;

	(void)state;
	mx_buf_init(&out);
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		parse_n(&b, junk[i], i == 2 ? 14 : strlen(junk[i]));
		print_diags(&b);
		assert_false(mx_bootlog_usable(&b));
		assert_int_equal(b.diags.cnt, 1);
		assert_int_equal(b.diags.d[0].sev, MX_SEV_ERROR);
		assert_string_equal(b.diags.d[0].msg, "not a kernel boot log: no \"Linux version\" line, no "
					"\"Memory:\" line and no /proc/meminfo block");
		mx_buf_clear(&out);
		assert_int_equal(mx_diag_format(&b.diags.d[0], &out), 0);
		assert_non_null(strstr(out.buf, "t.log:1:1: error: not a kernel boot log"));
		mx_bootlog_release(&b);
	}
	mx_buf_release(&out);
	/* a kernel log without a Memory line is a boot log: no error, the caller sees it is not usable */
	PARSE(&b, "[    0.000000] Linux version 6.1.0-50-arm64 (gcc) #1 SMP\n");
	assert_false(mx_bootlog_usable(&b));
	assert_int_equal(b.diags.cnt, 0);
	mx_bootlog_release(&b);
}

static void empty_and_missing(void **state)
{
	struct mx_bootlog b;

	(void)state;
	mx_bootlog_init(&b);
	assert_int_equal(mx_bootlog_parse(&b, NULL, 0, NULL), 0);
	assert_int_equal(b.boots, 0);
	assert_false(mx_bootlog_usable(&b));
	assert_int_equal(mx_bootlog_parse(&b, "", 0, "x"), 0);
	assert_int_equal(mx_bootlog_parse(&b, "\n\n\r\n", 4, "x"), 0);
	/* no boot log: one error says so (not_a_boot_log) */
	assert_int_equal(b.diags.cnt, 1);
	assert_int_equal(b.diags.d[0].sev, MX_SEV_ERROR);
	assert_non_null(strstr(b.diags.d[0].msg, "the input is empty"));
	assert_int_equal(mx_bootlog_parse_file(&b, "/nonexistent/console.log"), MX_ENOENT);
	assert_false(b.mem.present);
	mx_bootlog_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unreadable_lines),
		cmocka_unit_test(noise),
		cmocka_unit_test(warnings_are_capped),
		cmocka_unit_test(not_a_boot_log),
		cmocka_unit_test(empty_and_missing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
