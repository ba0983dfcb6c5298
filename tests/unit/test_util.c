/* test_util.c - sizes, strings, diagnostics, error codes, the text store (reading: test_fileio.c) */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "core_internal.h"
#include "memx/buf.h"
#include "memx/diag.h"
#include "memx/profile.h"
#include "memx/types.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define TiB (1ULL << 40)

/* ---- mx_size_parse ------------------------------------------------------ */

struct size_case {
	const char *text;
	int ret;          /* 0, MX_EPARSE or MX_ERANGE */
	uint64_t want;    /* when ret == 0 */
};

static const struct size_case size_cases[] = {
	/* plain decimal and hex */
	{ "0", 0, 0 },
	{ "4096", 0, 4096 },
	{ "0x1000000", 0, 16 * MiB },
	{ "0X10", 0, 16 },
	{ "0xdeadBEEF", 0, 0xdeadbeefULL },
	{ "1_000_000", 0, 1000000 },
	/* surrounding blanks */
	{ "  16M", 0, 16 * MiB },
	{ "16M  ", 0, 16 * MiB },
	{ "\t4096\n", 0, 4096 },
	/* every suffix, both cases, bare / "B" / "iB" */
	{ "1784K", 0, 1784 * KiB },
	{ "1784k", 0, 1784 * KiB },
	{ "1784KB", 0, 1784 * KiB },
	{ "1784KiB", 0, 1784 * KiB },
	{ "16M", 0, 16 * MiB },
	{ "16m", 0, 16 * MiB },
	{ "16MB", 0, 16 * MiB },
	{ "16MiB", 0, 16 * MiB },
	{ "2G", 0, 2 * GiB },
	{ "2g", 0, 2 * GiB },
	{ "2GB", 0, 2 * GiB },
	{ "2GiB", 0, 2 * GiB },
	{ "3T", 0, 3 * TiB },
	{ "3t", 0, 3 * TiB },
	{ "3TB", 0, 3 * TiB },
	{ "3TiB", 0, 3 * TiB },
	{ "4096B", 0, 4096 },
	/* hex with a suffix: the suffix letter is not a hex digit */
	{ "0x10M", 0, 16 * MiB },
	{ "0x4K", 0, 4 * KiB },
	{ "0x1fK", 0, 0x1f * KiB },
	/* the edges of 64 bits */
	{ "18446744073709551615", 0, UINT64_MAX },
	{ "0xffffffffffffffff", 0, UINT64_MAX },
	{ "16777215T", 0, 16777215ULL * TiB },
	{ "18446744073709551616", MX_ERANGE, 0 },
	{ "99999999999999999999999", MX_ERANGE, 0 },
	{ "0x10000000000000000", MX_ERANGE, 0 },
	{ "16777216T", MX_ERANGE, 0 },            /* exactly 2^64 */
	{ "17179869184G", MX_ERANGE, 0 },         /* exactly 2^64 */
	{ "0xffffffffffffffffK", MX_ERANGE, 0 },
	/* garbage */
	{ "", MX_EPARSE, 0 },
	{ "   ", MX_EPARSE, 0 },
	{ "M", MX_EPARSE, 0 },
	{ "abc", MX_EPARSE, 0 },
	{ "0x", MX_EPARSE, 0 },
	{ "0xg", MX_EPARSE, 0 },
	{ "16Q", MX_EPARSE, 0 },
	{ "16 M", MX_EPARSE, 0 },
	{ "16MiBs", MX_EPARSE, 0 },
	{ "16iB", MX_EPARSE, 0 },
	{ "16Bx", MX_EPARSE, 0 },
	{ "16MM", MX_EPARSE, 0 },
	{ "-1", MX_EPARSE, 0 },
	{ "+1", MX_EPARSE, 0 },
	{ "1.5G", MX_EPARSE, 0 },
	{ "12 34", MX_EPARSE, 0 },
	{ "1e3", MX_EPARSE, 0 },
};

static void size_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(size_cases) / sizeof(size_cases[0]); i++) {
		const struct size_case *c = &size_cases[i];
		uint64_t out = 0x5a5a5a5a;
		int r = mx_size_parse(c->text, &out);

		if (r != c->ret || (r == 0 && out != c->want)) {
			print_error("mx_size_parse(\"%s\") = %d, %#llx; want %d, %#llx\n", c->text, r,
				    (unsigned long long)out, c->ret, (unsigned long long)c->want);
			fail();
		}
	}
}

/* ---- mx_size_human ------------------------------------------------------- */

struct human_case {
	uint64_t bytes;
	const char *want;
};

static const struct human_case human_cases[] = {
	{ 0, "0 B" },
	{ 1, "1 B" },
	{ 1023, "1023 B" },
	{ 1024, "1 KiB" },
	{ 4096, "4 KiB" },
	{ 213 * KiB, "213 KiB" },         /* the DTB line of seeds/000 */
	{ 1023 * KiB, "1023 KiB" },
	{ 16 * MiB, "16 MiB" },
	{ 768 * MiB, "768 MiB" },
	{ GiB, "1 GiB" },
	{ 3 * GiB, "3 GiB" },
	{ 2 * TiB, "2 TiB" },
	{ 1ULL << 50, "1 PiB" },
	{ 1ULL << 60, "1 EiB" },
	{ 1ULL << 63, "8 EiB" },
	/* not exact: one decimal in the largest unit */
	{ 1025, "1.0 KiB" },
	{ 1536, "1.5 KiB" },
	{ GiB + GiB / 2 + 1, "1.5 GiB" },
	{ UINT64_MAX, "16.0 EiB" },
};

static void size_human_table(void **state)
{
	char buf[32];

	(void)state;
	for (size_t i = 0; i < sizeof(human_cases) / sizeof(human_cases[0]); i++) {
		const char *got = mx_size_human(human_cases[i].bytes, buf, sizeof(buf));

		assert_ptr_equal(got, buf);
		if (strcmp(got, human_cases[i].want)) {
			print_error("mx_size_human(%llu) = \"%s\"; want \"%s\"\n",
				    (unsigned long long)human_cases[i].bytes, got, human_cases[i].want);
			fail();
		}
	}
}

/*
 * The header's own example: "1784 KiB" (the initrd of seeds/000) is exact in
 * KiB and must print as such, not rounded to "1.7 MiB".
 */
static void size_human_exact_kib_above_1024(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(mx_size_human(1784 * KiB, buf, sizeof(buf)), "1784 KiB");
	assert_string_equal(mx_size_human(1536 * MiB, buf, sizeof(buf)), "1536 MiB");
}

/* mx_size_exact never rounds: where mx_size_human says "1.5 KiB" it says the bytes */
static void size_exact_never_rounds(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(mx_size_exact(0, buf, sizeof(buf)), "0 B");
	assert_string_equal(mx_size_exact(1536, buf, sizeof(buf)), "1536 B");
	assert_string_equal(mx_size_human(1536, buf, sizeof(buf)), "1.5 KiB");
	assert_string_equal(mx_size_exact(4097 * KiB, buf, sizeof(buf)), "4097 KiB");
	assert_string_equal(mx_size_exact(16 * MiB, buf, sizeof(buf)), "16 MiB");
	assert_string_equal(mx_size_exact(UINT64_MAX, buf, sizeof(buf)), "18446744073709551615 B");
}

static void size_human_small_buffer(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_ptr_equal(mx_size_human(1784 * KiB + 1, buf, 4), buf);
	assert_int_equal(strlen(buf), 3); /* truncated, still terminated */
	assert_int_equal(buf[4], 'x');    /* nothing written past len */
}

/* ---- mx_buf ------------------------------------------------------------- */

static void buf_check(const struct mx_buf *b)
{
	assert_non_null(b->buf);
	assert_int_equal(b->buf[b->len], '\0');
	if (b->alloc)
		assert_true(b->len < b->alloc);
	assert_int_equal(strlen(b->buf), b->len);
}

static void buf_init_empty(void **state)
{
	struct mx_buf b;

	(void)state;
	mx_buf_init(&b);
	buf_check(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	assert_int_equal(b.failed, 0);
	assert_string_equal(b.buf, "");
	mx_buf_clear(&b); /* clearing a never-used buffer is fine */
	buf_check(&b);
	mx_buf_release(&b);
	buf_check(&b);
	mx_buf_release(&b); /* twice is fine */
}

static void buf_growth(void **state)
{
	struct mx_buf b;
	char want[5001];

	(void)state;
	mx_buf_init(&b);
	for (size_t i = 0; i < 5000; i++) {
		char ch = (char)('a' + (i % 26));

		want[i] = ch;
		assert_int_equal(mx_buf_add(&b, &ch, 1), 0);
		buf_check(&b);
		assert_int_equal(b.len, i + 1);
	}
	want[5000] = '\0';
	assert_string_equal(b.buf, want);
	assert_true(b.alloc > 5000);

	/* an add of 0 bytes allocates but changes nothing */
	assert_int_equal(mx_buf_add(&b, "zzz", 0), 0);
	assert_int_equal(b.len, 5000);

	/* clear keeps the memory */
	{
		size_t alloc = b.alloc;
		char *p = b.buf;

		mx_buf_clear(&b);
		buf_check(&b);
		assert_int_equal(b.len, 0);
		assert_int_equal(b.alloc, alloc);
		assert_ptr_equal(b.buf, p);
	}
	assert_int_equal(mx_buf_adds(&b, "hello"), 0);
	assert_int_equal(mx_buf_adds(&b, ", world"), 0);
	assert_string_equal(b.buf, "hello, world");
	mx_buf_release(&b);
	buf_check(&b);
	assert_int_equal(b.alloc, 0);
}

static void buf_addf(void **state)
{
	struct mx_buf b;
	char longer[300];

	(void)state;
	mx_buf_init(&b);
	assert_int_equal(mx_buf_addf(&b, "%d-%s-%#x", 42, "x", 255), 0);
	assert_string_equal(b.buf, "42-x-0xff");
	buf_check(&b);
	assert_int_equal(mx_buf_addf(&b, "%s", ""), 0);
	assert_string_equal(b.buf, "42-x-0xff");

	/* longer than the first guess: the second vsnprintf must see the same arguments */
	memset(longer, 'q', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(mx_buf_addf(&b, "[%s|%d]", longer, 7), 0);
	buf_check(&b);
	assert_int_equal(b.len, 9 + 1 + 299 + 3);
	assert_memory_equal(b.buf + 9, "[qqq", 4);
	assert_string_equal(b.buf + b.len - 3, "|7]");

	/* many small appends after a large one */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(mx_buf_addf(&b, "%03d", i % 1000), 0);
	buf_check(&b);
	assert_int_equal(b.len, 9 + 303 + 3000);
	assert_string_equal(b.buf + b.len - 6, "998999");
	mx_buf_release(&b);
}

struct json_case {
	const char *in;
	const char *want;
};

static const struct json_case json_cases[] = {
	{ "", "\"\"" },
	{ "plain", "\"plain\"" },
	{ "say \"hi\"", "\"say \\\"hi\\\"\"" },
	{ "back\\slash", "\"back\\\\slash\"" },
	{ "a\nb\rc\td", "\"a\\nb\\rc\\td\"" },
	{ "\x01\x02\x1f", "\"\\u0001\\u0002\\u001f\"" },
	{ "\b\f", "\"\\u0008\\u000c\"" },
	{ "del\x7f", "\"del\\u007f\"" },               /* legal raw, escaped for terminals */
	{ "caf\xc3\xa9", "\"caf\xc3\xa9\"" },         /* UTF-8 passes through */
	/* bytes that are not UTF-8: \u00NN (the Latin-1 reading), so the document is valid JSON */
	{ "a\xff" "b\xc3(", "\"a\\u00ffb\\u00c3(\"" },
	{ "\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"" },   /* a surrogate */
	{ "\xc0\xaf", "\"\\u00c0\\u00af\"" },                /* overlong '/' */
	{ "\xe2\x82", "\"\\u00e2\\u0082\"" },                /* truncated */
	/* C1 controls, line and paragraph separators */
	{ "\xc2\x9b" "2J \xe2\x80\xa8\xe2\x80\xa9", "\"\\u009b2J \\u2028\\u2029\"" },
	{ "\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"" },   /* 4-byte UTF-8 as it is */
	{ "venus_region@0", "\"venus_region@0\"" },
	{ "/<>'&", "\"/<>'&\"" },
};

static void buf_json(void **state)
{
	struct mx_buf b;

	(void)state;
	mx_buf_init(&b);
	for (size_t i = 0; i < sizeof(json_cases) / sizeof(json_cases[0]); i++) {
		mx_buf_clear(&b);
		assert_int_equal(mx_buf_add_json_str(&b, json_cases[i].in), 0);
		buf_check(&b);
		assert_string_equal(b.buf, json_cases[i].want);
	}
	/* NULL is the empty string */
	mx_buf_clear(&b);
	assert_int_equal(mx_buf_add_json_str(&b, NULL), 0);
	assert_string_equal(b.buf, "\"\"");
	/* appends after what is there */
	mx_buf_clear(&b);
	mx_buf_adds(&b, "{\"k\":");
	mx_buf_add_json_str(&b, "v\"");
	mx_buf_adds(&b, "}");
	assert_string_equal(b.buf, "{\"k\":\"v\\\"\"}");
	mx_buf_release(&b);
}

static void buf_detach(void **state)
{
	struct mx_buf b;
	size_t len = 99;
	char *s;

	(void)state;
	mx_buf_init(&b);
	mx_buf_adds(&b, "owned by the caller");
	s = mx_buf_detach(&b, &len);
	assert_non_null(s);
	assert_string_equal(s, "owned by the caller");
	assert_int_equal(len, strlen(s));
	/* the buffer is empty and usable again */
	buf_check(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	mx_buf_adds(&b, "again");
	assert_string_equal(b.buf, "again");
	assert_true(b.buf != s);
	free(s);

	/* detaching a never-allocated buffer still gives a malloc'd "" */
	mx_buf_release(&b);
	len = 99;
	s = mx_buf_detach(&b, &len);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	s = mx_buf_detach(&b, NULL); /* len may be NULL */
	assert_non_null(s);
	free(s);
	mx_buf_release(&b);
}

/* ---- mx_diag_format ----------------------------------------------------- */

struct fmt_case {
	const char *file;
	int line, col;
	enum mx_severity sev;
	const char *check;
	const char *msg;
	const char *want;
};

static const struct fmt_case fmt_cases[] = {
	{ "board.yaml", 12, 5, MX_SEV_ERROR, "alloc-failed", "'venus' does not fit",
	  "board.yaml:12:5: error: 'venus' does not fit [alloc-failed]" },
	{ "board.yaml", 12, 5, MX_SEV_WARNING, "static-overlap", "overlap",
	  "board.yaml:12:5: warning: overlap [static-overlap]" },
	{ "board.yaml", 12, 5, MX_SEV_NOTE, "flavour", "nearest",
	  "board.yaml:12:5: note: nearest [flavour]" },
	/* no check: loader errors */
	{ "board.yaml", 3, 1, MX_SEV_ERROR, NULL, "expected a size",
	  "board.yaml:3:1: error: expected a size" },
	/* column unknown */
	{ "board.yaml", 7, 0, MX_SEV_ERROR, "params", "m", "board.yaml:7: error: m [params]" },
	/* line unknown: the column alone means nothing */
	{ "board.yaml", 0, 9, MX_SEV_ERROR, "params", "m", "board.yaml: error: m [params]" },
	{ "board.yaml", 0, 0, MX_SEV_WARNING, NULL, "m", "board.yaml: warning: m" },
	/* no file at all */
	{ NULL, 4, 2, MX_SEV_ERROR, "params", "m", "error: m [params]" },
	{ NULL, 0, 0, MX_SEV_NOTE, NULL, "just a note", "note: just a note" },
	/* no message */
	{ "f", 1, 1, MX_SEV_ERROR, "x", NULL, "f:1:1: error:  [x]" },
	/* a name in a message or a file name cannot forge a line or reach the terminal */
	{ "b.yaml", 4, 13, MX_SEV_ERROR, NULL, "no region 'a\nb.yaml:1:1: error: forged'",
	  "b.yaml:4:13: error: no region 'a\\nb.yaml:1:1: error: forged'" },
	{ "evil\n.yaml", 1, 1, MX_SEV_ERROR, NULL, "m", "evil\\n.yaml:1:1: error: m" },
	{ "\x1b]0;title\x07.yaml", 0, 0, MX_SEV_ERROR, NULL, "\x1b[2J\r\t",
	  "\\x1b]0;title\\x07.yaml: error: \\x1b[2J\\r\\t" },
	{ "c:\\dir", 0, 0, MX_SEV_ERROR, NULL, "a\\nb", "c:\\\\dir: error: a\\\\nb" },
	{ "f", 0, 0, MX_SEV_ERROR, NULL, "\xff\xc2\x9b\xe2\x80\xae caf\xc3\xa9",
	  "f: error: \\xff\\u009b\\u202e caf\xc3\xa9" },
};

/* mx_str_escape: every byte value on its own, and the result is printable and unambiguous */
static void str_escape_bytes(void **state)
{
	struct mx_buf b;

	(void)state;
	mx_buf_init(&b);
	for (unsigned c = 1; c < 256; c++) {
		char in[2] = { (char)c, 0 };

		mx_buf_clear(&b);
		assert_int_equal(mx_str_escape(&b, in), 0);
		for (size_t i = 0; i < b.len; i++)
			assert_true((unsigned char)b.buf[i] >= 0x20 && (unsigned char)b.buf[i] < 0x7f);
		if (c >= 0x20 && c < 0x7f && c != '\\')
			assert_int_equal(b.len, 1);
		else
			assert_true(b.buf[0] == '\\' && b.len >= 2);
	}
	mx_buf_clear(&b);
	assert_int_equal(mx_str_escape(&b, NULL), 0);
	assert_int_equal(b.len, 0);
	mx_buf_release(&b);
}

static void diag_format_table(void **state)
{
	struct mx_buf b;

	(void)state;
	mx_buf_init(&b);
	for (size_t i = 0; i < sizeof(fmt_cases) / sizeof(fmt_cases[0]); i++) {
		const struct fmt_case *c = &fmt_cases[i];
		struct mx_diag d = {
			.sev = c->sev, .check = c->check, .file = (char *)(uintptr_t)c->file,
			.line = c->line, .col = c->col, .region = -1, .msg = (char *)(uintptr_t)c->msg,
		};

		mx_buf_clear(&b);
		assert_int_equal(mx_diag_format(&d, &b), 0);
		if (strcmp(b.buf, c->want)) {
			print_error("case %zu: \"%s\"; want \"%s\"\n", i, b.buf, c->want);
			fail();
		}
	}
	mx_buf_release(&b);
}

/* Through mx_diag_add: the list owns copies; the format appends to the buffer. */
static void diag_add_and_format(void **state)
{
	struct mx_diaglist l, copy;
	struct mx_buf b;
	char file[] = "dyn.yaml";
	struct mx_srcpos pos = { file, 40, 3 };

	(void)state;
	mx_diaglist_init(&l);
	mx_diaglist_init(&copy);
	mx_buf_init(&b);
	assert_int_equal(mx_diag_add(&l, MX_SEV_ERROR, "alloc-failed", &pos, 2,
				     "dynamic region '%s' (%d bytes) does not fit", "adsp", 4096), 0);
	assert_int_equal(mx_diag_add(&l, MX_SEV_NOTE, NULL, NULL, -1, "no position"), 0);
	file[0] = 'X'; /* the list kept its own copy */
	assert_int_equal(l.cnt, 2);
	assert_int_equal(l.d[0].region, 2);
	assert_int_equal(mx_diaglist_count(&l, MX_SEV_ERROR), 1);
	assert_int_equal(mx_diaglist_count(&l, MX_SEV_NOTE), 1);
	assert_int_equal(mx_diaglist_count(&l, MX_SEV_WARNING), 0);

	mx_buf_adds(&b, "> ");
	assert_int_equal(mx_diag_format(&l.d[0], &b), 0);
	assert_string_equal(b.buf, "> dyn.yaml:40:3: error: dynamic region 'adsp' (4096 bytes) "
			    "does not fit [alloc-failed]");
	mx_buf_clear(&b);
	assert_int_equal(mx_diag_format(&l.d[1], &b), 0);
	assert_string_equal(b.buf, "note: no position");

	assert_int_equal(mx_diaglist_append(&copy, &l), 0);
	assert_int_equal(copy.cnt, 2);
	mx_diaglist_release(&l);
	mx_buf_clear(&b);
	mx_diag_format(&copy.d[0], &b);
	assert_string_equal(b.buf, "dyn.yaml:40:3: error: dynamic region 'adsp' (4096 bytes) "
			    "does not fit [alloc-failed]");

	/* a NULL list swallows everything */
	assert_int_equal(mx_diag_add(NULL, MX_SEV_ERROR, "x", NULL, -1, "ignored"), 0);

	mx_diaglist_clear(&copy);
	assert_int_equal(copy.cnt, 0);
	mx_diaglist_release(&copy);
	mx_buf_release(&b);
}

static void severity_names(void **state)
{
	(void)state;
	assert_string_equal(mx_severity_name(MX_SEV_NOTE), "note");
	assert_string_equal(mx_severity_name(MX_SEV_WARNING), "warning");
	assert_string_equal(mx_severity_name(MX_SEV_ERROR), "error");
	assert_string_equal(mx_severity_name((enum mx_severity)7), "?");
}

/* ---- mx_strerror -------------------------------------------------------- */

static void strerror_every_code(void **state)
{
	static const int codes[] = {
		MX_OK, MX_ENOMEM, MX_EINVAL, MX_EPARSE, MX_EIO, MX_ERANGE, MX_ENOENT, MX_EEXIST,
		MX_ENOSPACE, MX_EISDIR, MX_ENOTREG, MX_ETOOBIG, MX_EACCES,
	};
	static const char *const want[] = {
		"success", "out of memory", "invalid argument", "malformed input",
		"input/output error", "value out of range", "no such file or item", "file exists",
		"allocation does not fit", "is a directory", "not a regular file (a device or a socket)",
		"larger than memx reads (16 MiB for a profile or device tree, 256 MiB for a boot log)",
		"permission denied",
	};
	const size_t n = sizeof(codes) / sizeof(codes[0]);
	const char *unknown = mx_strerror(-99);

	(void)state;
	assert_non_null(unknown);
	assert_string_equal(unknown, "unknown error");
	assert_string_equal(mx_strerror(1), "unknown error");
	assert_string_equal(mx_strerror(-13), "unknown error");
	for (size_t i = 0; i < n; i++) {
		const char *s = mx_strerror(codes[i]);

		assert_non_null(s);
		assert_string_equal(s, want[i]);
		/* every code has its own text, none is the fallback */
		assert_string_not_equal(s, unknown);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(s, mx_strerror(codes[j]));
	}
}

/* ---- mx_buf_addf's own conversions against vsnprintf ------------------------------ */

/* Format with both (the format is built at run time: that is the point here). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void fmt_both(const char *fmt, ...)
{
	struct mx_buf b;
	char want[512];
	va_list ap, cp;
	int n;

	va_start(ap, fmt);
	va_copy(cp, ap);
	n = vsnprintf(want, sizeof(want), fmt, ap);
	mx_buf_init(&b);
	mx_buf_add(&b, "<", 1);
	assert_int_equal(mx_buf_vaddf(&b, fmt, cp), 0);
	va_end(cp);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof(want));
	if (b.len != (size_t)n + 1 || memcmp(b.buf + 1, want, (size_t)n) || b.buf[b.len])
		fail_msg("format \"%s\": mx_buf_vaddf wrote \"%s\", vsnprintf \"%s\"", fmt, b.buf + 1,
			 want);
	mx_buf_release(&b);
}
#pragma GCC diagnostic pop

static uint64_t fmt_rng = 0x853c49e6748fea9bULL;

static uint64_t fmt_rnd(void)
{
	return tu_rnd(&fmt_rng);
}

/* A value of every size, often at the edges. */
static unsigned long long fmt_value(void)
{
	static const unsigned long long edge[] = { 0, 1, 9, 10, 15, 16, 0x7fffffff, 0x80000000ULL,
						   0xffffffffULL, 0x100000000ULL, ~0ULL, 1ULL << 63,
						   (1ULL << 63) - 1 };

	switch (fmt_rnd() % 3) {
	case 0: return edge[fmt_rnd() % (sizeof(edge) / sizeof(edge[0]))];
	case 1: return fmt_rnd() >> (fmt_rnd() % 64);
	default: return fmt_rnd() % 1000;
	}
}

static void buf_addf_is_vsnprintf(void **state)
{
	static const char *const flags[] = { "", "-", "0", "-0", "0-", "00" };
	static const char *const lens[] = { "", "l", "ll", "z" };
	static const char convs[] = "diuxXsc%";
	static const char *const strs[] = { "", "a", "node-name@1000", "0x0000000080000000", NULL };

	(void)state;
	for (int round = 0; round < 20000; round++) {
		char fmt[64], width[8] = "";
		const char *fl = flags[fmt_rnd() % 6], *len = lens[fmt_rnd() % 4];
		char conv = convs[fmt_rnd() % 8];
		bool star = fmt_rnd() % 4 == 0;
		int w = (int)(fmt_rnd() % 30) - (star ? 15 : 0);
		unsigned long long v = fmt_value();
		const char *str = strs[fmt_rnd() % 5];

		if (conv == 's' || conv == 'c')
			len = ""; /* %ls, %lc: wide characters, not what this is about */
		if (conv == 's' && !str && (*fl || star || fmt_rnd() % 2))
			str = "x"; /* "(null)" is glibc's alone; pad only real strings */
		if (star)
			snprintf(width, sizeof(width), "*");
		else if (fmt_rnd() % 2)
			snprintf(width, sizeof(width), "%d", w < 0 ? -w : w);
		if (conv == '%') {
			fl = len = "";
			width[0] = '\0';
			star = false;
		}
		snprintf(fmt, sizeof(fmt), "a%%%s%s%s%cb", fl, width, len, conv);
#define ARGS(x) do { if (star) fmt_both(fmt, w, x); else fmt_both(fmt, x); } while (0)
		switch (conv) {
		case 's': ARGS(str); break;
		case 'c': ARGS((int)(v % 95 + 32)); break;
		case '%': fmt_both(fmt); break;
		default:
			TU_INT_ARG(conv, len, v, ARGS);
			break;
		}
#undef ARGS
	}
	/* the engine's lines: several conversions, text between them */
	fmt_both("Reserved memory: allocated memory for '%s' node: base %s, size %llu MiB", "r1@1",
		 "0x0000000080000000", 16ULL);
	fmt_both("%s..%s (%llu KiB) %s %s %s", "0x1", "0x2", 4ULL, "map", "reusable", "n");
	fmt_both("%-8s|%08lx|%-5d|%5d|%05d|%c%%", "ab", 0xbeefUL, -3, -3, -3, 'z');
	fmt_both("%0*llx %*s", 16, 0x80000000ULL, -6, "l");
	fmt_both("%.3s %#x %+d % d %hd %p", "abcdef", 255, 5, 5, (short)7, (void *)0); /* vsnprintf's */
}

/* ---- the text store against a plain array of copies ---------------------------------- */

static void textstore_is_copies(void **state)
{
	struct mx_textstore *t = mxi_textstore_new();
	enum { N = 3000 };
	static char *want[N];
	static size_t handle[N];
	char *big = malloc(200000);

	(void)state;
	assert_non_null(t);
	assert_non_null(big);
	assert_string_equal(mxi_textstore_get(t, 0), ""); /* nothing added yet */
	for (int fill = 0; fill < 3; fill++) {
		size_t n = fill == 1 ? N / 3 : N;

		for (size_t i = 0; i < n; i++) {
			/* mostly lines, now and then one near or past a chunk (64 KiB), or empty */
			uint64_t r = fmt_rnd();
			size_t len = r % 50 == 0 ? 65000 + fmt_rnd() % 70000 : r % 7 == 0 ? 0 : fmt_rnd() % 300;

			for (size_t k = 0; k < len; k++)
				big[k] = (char)('a' + (i + k) % 26);
			want[i] = malloc(len + 1);
			assert_non_null(want[i]);
			memcpy(want[i], big, len);
			want[i][len] = '\0';
			assert_int_equal(mxi_textstore_add(t, big, len, &handle[i]), 0);
			/* every string added so far is still there, unmoved */
			if (i % 97 == 0 || len > 60000)
				for (size_t j = 0; j <= i; j++)
					assert_string_equal(mxi_textstore_get(t, handle[j]), want[j]);
		}
		for (size_t j = 0; j < n; j++) {
			assert_string_equal(mxi_textstore_get(t, handle[j]), want[j]);
			free(want[j]);
		}
		mxi_textstore_clear(t);
		assert_string_equal(mxi_textstore_get(t, handle[0]), ""); /* cleared */
	}
	free(big);
	mxi_textstore_free(t);
	mxi_textstore_free(NULL);
}

/* Small stores take small chunks (a board's few dozen lines do not take 64 KiB). */
static void textstore_small(void **state)
{
	struct mx_textstore *t = mxi_textstore_new();
	size_t h;

	(void)state;
	assert_non_null(t);
	for (int i = 0; i < 40; i++)
		assert_int_equal(mxi_textstore_add(t, "Memory: 1024K/2048K available", 29, &h), 0);
	assert_true(mxi_textstore_bytes(t) <= 4096);
	mxi_textstore_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(size_parse_table),
		cmocka_unit_test(size_human_table),
		cmocka_unit_test(size_human_exact_kib_above_1024),
		cmocka_unit_test(size_exact_never_rounds),
		cmocka_unit_test(size_human_small_buffer),
		cmocka_unit_test(buf_init_empty),
		cmocka_unit_test(buf_growth),
		cmocka_unit_test(buf_addf),
		cmocka_unit_test(buf_json),
		cmocka_unit_test(buf_detach),
		cmocka_unit_test(diag_format_table),
		cmocka_unit_test(str_escape_bytes),
		cmocka_unit_test(diag_add_and_format),
		cmocka_unit_test(severity_names),
		cmocka_unit_test(strerror_every_code),
		cmocka_unit_test(buf_addf_is_vsnprintf),
		cmocka_unit_test(textstore_is_copies),
		cmocka_unit_test(textstore_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
