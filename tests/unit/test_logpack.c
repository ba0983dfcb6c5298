/* test_logpack.c - log lines kept as format and arguments (logpack.c) against the text made at once */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "core_internal.h"
#include "memx/buf.h"

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
	return tu_rnd(&rng);
}

/*
 * The reference: what mx_buf_vaddf() writes at once (itself held to
 * vsnprintf() by test_util). Each line is added to the pack and its text
 * kept as a plain copy; the formats live as long as the test (the pack
 * keeps them by address).
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static char *add_both(struct mx_logpack *p, const char *self, size_t *h, const char *fmt, ...)
{
	struct mx_buf b;
	va_list ap, cp;

	va_start(ap, fmt);
	va_copy(cp, ap);
	mx_buf_init(&b);
	assert_int_equal(mx_buf_vaddf(&b, fmt, ap), 0);
	assert_int_equal(mxi_logpack_vadd(p, self, h, fmt, cp), 0);
	va_end(cp);
	va_end(ap);
	return mx_buf_detach(&b, NULL);
}
#pragma GCC diagnostic pop

/* Strings of every kind the pack codes differently, and near misses of them. */
static const char *const strs[] = {
	"", "a", "map", "nomap", "reusable", "non-reusable", "OF: reserved mem: ",
	"0x", "0x0", "0x00000000", "0x0000000080000000", "0xffffffffffffffff", "0x1234abcd",
	"0x00000000000000000", /* 17 digits: interned, not a number */
	"0xABCD", "0x12g4", "0X12", "00x1", "0x1 ", " 0x1", "0x-1",
	"node@1000", "r7@7", NULL,
};
#define NSTRS (sizeof(strs) / sizeof(strs[0]))

/* Item names: the line's own name is coded as a reference to it. */
static const char *const selves[] = { "r7@7", "node@1000", "", "map", NULL };

static unsigned long long value(void)
{
	/* and where a number's record takes one byte more: 0xf8, 0x100, 0x10000, ... */
	static const unsigned long long edge[] = { 0, 1, 127, 128, 0xf7, 0xf8, 0xff, 0x100, 0xffff,
						   0x10000, 0x7fffffff, 0x80000000ULL, 0xffffffffULL,
						   0x100000000ULL, ~0ULL, 1ULL << 63, (1ULL << 63) - 1 };

	switch (rnd() % 3) {
	case 0: return edge[rnd() % (sizeof(edge) / sizeof(edge[0]))];
	case 1: return rnd() >> (rnd() % 64);
	default: return rnd() % 1000;
	}
}

enum { NLINE = 20000 };

struct line {
	size_t h;
	const char *self;
	char *fmt; /* kept while the pack holds the line */
	char *want;
};

/* Every line read back, in a random order, and each twice: the text is made on every read. */
static void check_lines(struct mx_logpack *p, const struct line *l, size_t n)
{
	for (size_t k = 0; k < 2 * n; k++) {
		size_t i = (size_t)(rnd() % n);
		const char *got = mxi_logpack_get(p, l[i].h, l[i].self);

		if (strcmp(got, l[i].want))
			fail_msg("line %zu, format \"%s\": \"%s\", want \"%s\"", i, l[i].fmt, got, l[i].want);
	}
}

/*
 * Random formats of one conversion (every flag, width, '*', length and
 * conversion the formatter writes itself, and now and then one it leaves
 * to vsnprintf()), with text around, arguments at the edges, strings of
 * every kind the pack codes: the text read back is the text made at once.
 */
static void logpack_is_text(void **state)
{
	static const char *const flags[] = { "", "-", "0", "-0" };
	static const char *const lens[] = { "", "l", "ll", "z" };
	static const char convs[] = "diuxXsc%";
	static struct line l[NLINE];
	struct mx_logpack *p = mxi_logpack_new();

	(void)state;
	assert_non_null(p);
	for (int fill = 0; fill < 3; fill++) {
		size_t n = fill == 1 ? NLINE / 10 : NLINE;

		for (size_t i = 0; i < n; i++) {
			char fmt[64], width[8] = "";
			const char *fl = flags[rnd() % 4], *len = lens[rnd() % 4];
			char conv = convs[rnd() % 8];
			bool star = rnd() % 4 == 0, odd = rnd() % 16 == 0;
			int w = (int)(rnd() % 30) - (star ? 15 : 0);
			unsigned long long v = value();
			const char *self = selves[rnd() % (sizeof(selves) / sizeof(selves[0]))];
			const char *str = rnd() % 3 == 0 && self ? self : strs[rnd() % NSTRS];

			if (conv == 's' || conv == 'c') {
				len = ""; /* %ls, %lc: wide characters */
				if (strchr(fl, '0'))
					fl = ""; /* '0' on s or c is undefined */
			}
			if (conv == 's' && !str && (*fl || star || rnd() % 2))
				str = "x"; /* "(null)" is glibc's alone; pad only real strings */
			if (star)
				snprintf(width, sizeof(width), "*");
			else if (rnd() % 2)
				snprintf(width, sizeof(width), "%d", w < 0 ? -w : w);
			if (conv == '%') {
				fl = len = "";
				width[0] = '\0';
				star = false;
			}
			snprintf(fmt, sizeof(fmt), "[%%s]%s a%%%s%s%s%cb", odd ? "%.2s" : "", fl, width, len, conv);
			l[i].fmt = strdup(fmt);
			l[i].self = self;
			assert_non_null(l[i].fmt);
#define ARGS(x) do { \
		if (odd && star) l[i].want = add_both(p, self, &l[i].h, l[i].fmt, str, "zz", w, x); \
		else if (odd) l[i].want = add_both(p, self, &l[i].h, l[i].fmt, str, "zz", x); \
		else if (star) l[i].want = add_both(p, self, &l[i].h, l[i].fmt, str, w, x); \
		else l[i].want = add_both(p, self, &l[i].h, l[i].fmt, str, x); \
	} while (0)
			if (!str && !odd)
				str = "y"; /* the [%s] in front: no "(null)" either */
			if (!str)
				str = "y";
			switch (conv) {
			case 's': ARGS(strs[rnd() % (NSTRS - 1)]); break;
			case 'c': ARGS((int)(v % 95 + 32)); break;
			case '%':
				l[i].want = odd ? add_both(p, self, &l[i].h, l[i].fmt, str, "zz") :
					add_both(p, self, &l[i].h, l[i].fmt, str);
				break;
			default:
				TU_INT_ARG(conv, len, v, ARGS);
				break;
			}
#undef ARGS
			assert_non_null(l[i].want);
			if (i % 997 == 0)
				check_lines(p, l, i + 1); /* lines added later leave the earlier ones alone */
		}
		check_lines(p, l, n);
		mxi_logpack_clear(p);
		assert_string_equal(mxi_logpack_get(p, l[0].h, l[0].self), ""); /* cleared */
		for (size_t i = 0; i < n; i++) {
			free(l[i].fmt);
			free(l[i].want);
		}
	}
	mxi_logpack_free(p);
	mxi_logpack_free(NULL);
	assert_string_equal(mxi_logpack_get(NULL, 0, NULL), "");
}

/*
 * The engine's own lines, many conversions each: the same text, and the
 * few bytes a line takes that made the point (an "OF: reserved mem" line
 * of 90 characters in about 25 bytes).
 */
static void logpack_engine_lines(void **state)
{
	enum { N = 30000 };
	static struct line l[N];
	static char names[N][24];
	static char pa[N][24], pb[N][24];
	static const char *const map[] = { "map", "nomap" }, *const reuse[] = { "reusable", "non-reusable" };
	struct mx_logpack *p = mxi_logpack_new();
	size_t bytes;

	(void)state;
	assert_non_null(p);
	for (size_t i = 0; i < N; i++) {
		uint64_t base = rnd() >> 20 << 12, size = (rnd() % 4096 + 1) << 12;

		snprintf(names[i], sizeof(names[i]), "r%zu@%zx", i, i);
		snprintf(pa[i], sizeof(pa[i]), "0x%016llx", (unsigned long long)base);
		snprintf(pb[i], sizeof(pb[i]), "0x%016llx", (unsigned long long)(base + size - 1));
		l[i].self = names[i];
		l[i].fmt = NULL;
		if (i % 3 == 2)
			l[i].want = add_both(p, names[i], &l[i].h, "Reserved memory: allocated memory for '%s' "
					     "node: base %s, size %llu MiB", names[i], pa[i],
					     (unsigned long long)(size >> 20));
		else
			l[i].want = add_both(p, names[i], &l[i].h, "OF: reserved mem: %s..%s (%llu KiB) %s %s %s",
					     pa[i], pb[i], (unsigned long long)(size >> 10), map[i % 2],
					     reuse[(i / 2) % 2], names[i]);
		assert_non_null(l[i].want);
	}
	check_lines(p, l, N);
	/* given another name, the line says that one: it was kept as "the line's name" */
	{
		char want[160];
		const char *got = mxi_logpack_get(p, l[0].h, "other@0");

		snprintf(want, sizeof(want), "%.*sother@0", (int)(strlen(l[0].want) - strlen(names[0])),
			 l[0].want);
		assert_string_equal(got, want);
	}
	bytes = mxi_logpack_bytes(p);
	if (bytes > (size_t)N * 32)
		fail_msg("%zu bytes for %d lines: %zu a line", bytes, N, bytes / N);
	for (size_t i = 0; i < N; i++)
		free(l[i].want);
	mxi_logpack_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(logpack_is_text),
		cmocka_unit_test(logpack_engine_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
