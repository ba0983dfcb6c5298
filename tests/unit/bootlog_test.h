/* bootlog_test.h - what the boot-log reader's tests share: parse inline text, find and print diagnostics */
#ifndef MEMX_BOOTLOG_TEST_H
#define MEMX_BOOTLOG_TEST_H

#include <string.h>

#include "testutil.h"
#include "memx/bootlog.h"

/* Parse @n bytes (string literals may hold NUL: use PARSE). */
static inline void parse_n(struct mx_bootlog *b, const char *text, size_t n)
{
	mx_bootlog_init(b);
	assert_int_equal(mx_bootlog_parse(b, text, n, "t.log"), 0);
}
#define PARSE(b, lit) parse_n((b), (lit), sizeof(lit) - 1)

/* The first diagnostic of @sev whose message holds @needle, or NULL. */
static inline const struct mx_diag *diag_with(const struct mx_bootlog *b, enum mx_severity sev, const char *needle)
{
	for (size_t i = 0; i < b->diags.cnt; i++)
		if (b->diags.d[i].sev == sev && strstr(b->diags.d[i].msg, needle))
			return &b->diags.d[i];
	return NULL;
}

static inline void print_diags(const struct mx_bootlog *b)
{
	for (size_t i = 0; i < b->diags.cnt; i++)
		print_message("%s:%d:%d: %s\n", b->diags.d[i].file, b->diags.d[i].line,
			      b->diags.d[i].col, b->diags.d[i].msg);
}

/* Memblock operation @i of @b (it must have one), decoded; valid until the next call. */
static inline const struct mx_bootlog_memop *op_at(const struct mx_bootlog *b, size_t i)
{
	static struct mx_bootlog_memop o;

	assert_true(i < b->nops);
	assert_true(mx_bootlog_op(b, i, &o));
	return &o;
}

#endif
