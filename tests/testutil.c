/* testutil.c - helpers shared by the cmocka tests */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/buf.h"
#include "rangeset_internal.h"
#include "testutil.h"

/*
 * MEMX_TEST_CHUNK_FROM=N: open range sets go into chunks from N ranges
 * (rangeset_chunk.c), for every test program. ctest runs the engine's
 * tests again with 1, so that every step works on memblock.reserved in
 * chunks, where a direct read of its array fails at once.
 */
__attribute__((constructor)) static void tu_chunk_from(void)
{
	const char *v = getenv("MEMX_TEST_CHUNK_FROM");

	if (v && *v)
		mxi_rs_chunk_from = (size_t)strtoull(v, NULL, 10);
}

const char *tu_src_path(const char *rel)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s/%s", MEMX_SOURCE_DIR, rel);
	return buf;
}

void tu_load_profile(struct mx_profile *p, const char *name)
{
	struct mx_diaglist d;
	char rel[512];
	int r;

	snprintf(rel, sizeof(rel), "profiles/%s", name);
	mx_diaglist_init(&d);
	mx_profile_init(p);
	r = mx_profile_load_yaml_file(p, tu_src_path(rel), &d);
	for (size_t i = 0; i < d.cnt; i++)
		print_error("%s:%d:%d: %s\n", d.d[i].file, d.d[i].line, d.d[i].col, d.d[i].msg);
	mx_diaglist_release(&d);
	assert_int_equal(r, 0);
}

int tu_load_text(struct mx_profile *p, const char *yaml, struct mx_diaglist *d)
{
	mx_profile_init(p);
	return mx_profile_load_yaml(p, yaml, strlen(yaml), "test.yaml", d);
}

size_t tu_load_ok(struct mx_profile *p, const char *yaml)
{
	struct mx_diaglist d;
	size_t n;
	int r;

	mx_diaglist_init(&d);
	r = tu_load_text(p, yaml, &d);
	for (size_t i = 0; i < d.cnt; i++)
		print_error("%s:%d:%d: %s\n", d.d[i].file, d.d[i].line, d.d[i].col, d.d[i].msg);
	n = d.cnt;
	mx_diaglist_release(&d);
	assert_int_equal(r, 0);
	return n;
}

void tu_compute(struct mx_layout *L, const struct mx_profile *p)
{
	assert_int_equal(mx_layout_compute(L, p), 0);
}

const struct mx_item *tu_item(const struct mx_layout *L, const char *name)
{
	for (size_t i = 0; i < L->nitems; i++)
		if (!strcmp(L->items[i].name, name))
			return &L->items[i];
	print_error("no item called '%s'\n", name);
	fail();
	return NULL;
}

bool tu_has_diag(const struct mx_layout *L, const char *check, int region)
{
	for (size_t i = 0; i < L->diags.cnt; i++)
		if (L->diags.d[i].check && !strcmp(L->diags.d[i].check, check) &&
		    (region < 0 || L->diags.d[i].region == region))
			return true;
	return false;
}

size_t tu_count_diag(const struct mx_layout *L, const char *check)
{
	size_t n = 0;

	for (size_t i = 0; i < L->diags.cnt; i++)
		n += L->diags.d[i].check && !strcmp(L->diags.d[i].check, check);
	return n;
}

bool tu_log_has(const struct mx_layout *L, const char *text)
{
	for (size_t i = 0; i < L->nlog; i++)
		if (strstr(mx_layout_logline(L, i), text))
			return true;
	return false;
}

uint64_t tu_k(const struct mx_layout *L, uint64_t pages)
{
	return mx_layout_kib(L, pages);
}

void tu_rangeset_check(const struct mx_rangeset *rs)
{
	for (size_t i = 0; i < rs->cnt; i++) {
		assert_true(rs->r[i].size > 0);                               /* never empty */
		assert_true(rs->r[i].size <= UINT64_MAX - rs->r[i].base);     /* no wrap */
		if (i)
			assert_true(mx_range_end(&rs->r[i - 1]) < rs->r[i].base); /* sorted, apart */
	}
	assert_true(rs->cnt <= rs->max);
}

static bool shared_missing;

void tu_shared_missing(const char *what)
{
	const char *req = getenv("MEMX_REQUIRE_SHARED");

	if (req && !strcmp(req, "1")) {
		fprintf(stderr, "FAILED: %s is missing and MEMX_REQUIRE_SHARED=1: the real data must be "
			"beside the clone (../shared)\n", what);
		fail();
	}
	fprintf(stderr, "SKIPPED: %s is missing: this part was NOT tested (MEMX_REQUIRE_SHARED=1 "
		"makes it a failure)\n", what);
	shared_missing = true;
	skip();
}

int tu_exit(int failed)
{
	return failed ? 1 : shared_missing ? 77 : 0;
}

void tu_compute_text(struct mx_layout *L, struct mx_profile *p, const char *head, const char *rest)
{
	struct mx_buf b;

	mx_buf_init(&b);
	assert_int_equal(mx_buf_adds(&b, head), 0);
	assert_int_equal(mx_buf_adds(&b, rest), 0);
	tu_load_ok(p, b.buf);
	mx_buf_release(&b);
	tu_compute(L, p);
}

uint64_t tu_bytes_of(const struct mx_layout *L, const char *name)
{
	uint64_t n = 0;

	for (size_t i = 0; i < L->nitems; i++)
		if (L->items[i].name && !strcmp(L->items[i].name, name) && (L->items[i].flags & MX_IF_PLACED))
			n += L->items[i].size;
	return n;
}

size_t tu_count_of(const struct mx_layout *L, const char *name)
{
	size_t n = 0;

	for (size_t i = 0; i < L->nitems; i++)
		if (L->items[i].name && !strcmp(L->items[i].name, name) && (L->items[i].flags & MX_IF_PLACED))
			n++;
	return n;
}

/* ---- provenance of a machine profile (tests/real) ---------------------------- */

static bool has_mark(const char *s, size_t n)
{
	static const char *const marks[] = { "[config]", "[qemu]", "[base]", "[kernel]", "[fitted]" };
	const char *hash = memchr(s, '#', n);

	for (size_t i = 0; hash && i < sizeof(marks) / sizeof(marks[0]); i++) {
		size_t m = strlen(marks[i]);

		for (const char *p = hash; p + m <= s + n; p++)
			if (!memcmp(p, marks[i], m))
				return true;
	}
	return false;
}

/* Does @text name @word as a whole boot name (not a longer one, e.g. a64-1g-phone in a64-1g-phone-lit)? */
static bool names_boot(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
		char before = p > text ? p[-1] : ' ', after = p[n];

		if (!(isalnum((unsigned char)before) || before == '-' || before == '_') &&
		    !(isalnum((unsigned char)after) || after == '-' || after == '_'))
			return true;
	}
	return false;
}

/*
 * The problems of a machine profile's @text: a value line with no mark of
 * its own, of the key it belongs to, or of a comment line just above it
 * ("name" and "description" are labels, not figures); and any of @boots
 * other than @base named anywhere. Returns how many (printed).
 */
int tu_provenance_problems(const char *file, const char *text, const char *base,
			       char *const *boots, size_t nboots)
{
	struct { int indent; bool marked; } stack[32];
	size_t depth = 0;
	bool comment_mark = false;
	int bad = 0, no = 0;

	for (const char *l = text; *l; ) {
		const char *e = strchr(l, '\n'), *s = l, *colon;
		size_t n = e ? (size_t)(e - l) : strlen(l);
		int indent;
		bool own, inherited = false, has_value = false;

		no++;
		while (s < l + n && *s == ' ')
			s++;
		indent = (int)(s - l);
		if (s == l + n || *s == '#') {
			comment_mark = s < l + n && has_mark(s, (size_t)(l + n - s));
			goto next;
		}
		while (depth && stack[depth - 1].indent >= indent)
			depth--;
		for (size_t i = 0; i < depth; i++)
			inherited |= stack[i].marked;
		own = has_mark(s, (size_t)(l + n - s));
		colon = memchr(s, ':', (size_t)(l + n - s));
		if (colon) {
			const char *v = colon + 1;

			while (v < l + n && *v == ' ')
				v++;
			has_value = v < l + n && *v != '#';
		}
		if (has_value && !own && !inherited && !comment_mark &&
		    strncmp(s, "name:", 5) && strncmp(s, "description:", 12)) {
			print_message("%s:%d: a value without its source ([config], [qemu], [base], [kernel] "
				      "or [fitted]): %.*s\n", file, no, (int)n, l);
			bad++;
		}
		if (depth < sizeof(stack) / sizeof(stack[0])) {
			stack[depth].indent = indent;
			stack[depth++].marked = own || (comment_mark && !has_value);
		}
		comment_mark = false;
next:
		l = e ? e + 1 : l + n;
	}
	for (size_t i = 0; i < nboots; i++)
		if (strcmp(boots[i], base) && names_boot(text, boots[i])) {
			print_message("%s: names the oracle boot %s; a machine profile may only come from "
				      "its base boot %s\n", file, boots[i], base);
			bad++;
		}
	return bad;
}

void tu_params_resolve(struct mx_params *P, struct mx_diaglist *d, const char *yaml)
{
	struct mx_profile p;

	tu_load_ok(&p, yaml);
	assert_int_equal(mx_params_resolve(P, &p, d), 0);
	mx_profile_release(&p);
}

size_t tu_count_check(const struct mx_diaglist *d, const char *check)
{
	size_t n = 0;

	for (size_t i = 0; i < d->cnt; i++)
		n += d->d[i].check && !strcmp(d->d[i].check, check);
	return n;
}

uint64_t tu_rnd(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 2685821657736338717ULL;
}
