/* bootlog_scan.c - reading the bytes of one log line: literals, numbers, sizes, ranges */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "bootlog_internal.h"

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* The first @s at or after the cursor, or NULL. */
const char *mxi_bl_find(const struct mx_blc *c, const char *s)
{
	size_t n = strlen(s);
	const char *q = c->p;

	while ((size_t)(c->end - q) >= n) {
		q = memchr(q, s[0], (size_t)(c->end - q) - n + 1);
		if (!q)
			return NULL;
		if (!memcmp(q, s, n))
			return q;
		q++;
	}
	return NULL;
}

/* The last @s at or after the cursor, or NULL. */
const char *mxi_bl_find_last(const struct mx_blc *c, const char *s)
{
	size_t n = strlen(s);
	const char *q;

	if (bl_left(c) < n)
		return NULL;
	for (q = c->end - n;; q--) {
		if (*q == s[0] && !memcmp(q, s, n))
			return q;
		if (q == c->p)
			return NULL;
	}
}

static int col(const struct mx_blc *c)
{
	ptrdiff_t d = c->p - c->line;

	return d < INT_MAX - 1 ? (int)d + 1 : INT_MAX;
}

/* Give up on a known line at the cursor's column. */
int mxi_bl_bad(struct mx_blp *P, const struct mx_blc *c, enum mx_blwhy why)
{
	P->why = c->p >= c->end && why != MX_BLW_BIG && why != MX_BLW_MANY ? MX_BLW_SHORT : why;
	P->why_col = col(c);
	return MX_BL_BAD;
}

int mxi_bl_dec_raw(struct mx_blc *c, uint64_t *v)
{
	uint64_t x = 0;
	bool big = false;

	if (c->p >= c->end || !bl_isdig(*c->p))
		return MX_BL_NUM_NONE;
	for (; c->p < c->end && bl_isdig(*c->p); c->p++) {
		unsigned d = (unsigned)(*c->p - '0');

		if (x > (UINT64_MAX - d) / 10)
			big = true;
		else
			x = x * 10 + d;
	}
	if (big)
		return MX_BL_NUM_BIG;
	*v = x;
	return MX_BL_NUM_OK;
}

/* Hex digits, with or without "0x" ("%08lx" of old kernels has none). */
int mxi_bl_hex_raw(struct mx_blc *c, uint64_t *v)
{
	uint64_t x = 0;
	bool big = false;
	int d;

	if (!bl_lit(c, "0x"))
		bl_lit(c, "0X");
	if (c->p >= c->end || hexval(*c->p) < 0)
		return MX_BL_NUM_NONE;
	for (; c->p < c->end && (d = hexval(*c->p)) >= 0; c->p++) {
		if (x >> 60)
			big = true;
		else
			x = x << 4 | (unsigned)d;
	}
	if (big)
		return MX_BL_NUM_BIG;
	*v = x;
	return MX_BL_NUM_OK;
}

static int num_result(struct mx_blp *P, struct mx_blc *c, const struct mx_blc *at, int r)
{
	if (r == MX_BL_NUM_OK)
		return MX_BL_OK;
	return r == MX_BL_NUM_BIG ? mxi_bl_bad(P, at, MX_BLW_BIG) : mxi_bl_bad(P, c, MX_BLW_NUM);
}

int mxi_bl_dec(struct mx_blp *P, struct mx_blc *c, uint64_t *v)
{
	struct mx_blc at = *c;

	return num_result(P, c, &at, mxi_bl_dec_raw(c, v));
}

/* "0x..." */
int mxi_bl_hex(struct mx_blp *P, struct mx_blc *c, uint64_t *v)
{
	struct mx_blc at = *c;

	if (!bl_peek(c, "0x") && !bl_peek(c, "0X"))
		return mxi_bl_bad(P, c, MX_BLW_NUM);
	return num_result(P, c, &at, mxi_bl_hex_raw(c, v));
}

int mxi_bl_hex_any(struct mx_blp *P, struct mx_blc *c, uint64_t *v)
{
	struct mx_blc at = *c;

	return num_result(P, c, &at, mxi_bl_hex_raw(c, v));
}

/* "0x..." or decimal */
int mxi_bl_num(struct mx_blp *P, struct mx_blc *c, uint64_t *v)
{
	return bl_peek(c, "0x") || bl_peek(c, "0X") ? mxi_bl_hex(P, c, v) : mxi_bl_dec(P, c, v);
}

/* "NK" or "Nk" (the kernel's %luK) */
int mxi_bl_kib(struct mx_blp *P, struct mx_blc *c, uint64_t *v)
{
	int r = mxi_bl_dec(P, c, v);

	if (r != MX_BL_OK)
		return r;
	if (!bl_litc(c, 'K') && !bl_litc(c, 'k'))
		return mxi_bl_bad(P, c, MX_BLW_TEXT);
	return MX_BL_OK;
}

/* "64 MiB", "512MB", "964K": a size in bytes. */
int mxi_bl_sized(struct mx_blp *P, struct mx_blc *c, uint64_t *bytes)
{
	static const struct { const char *s; unsigned shift; } units[] = {
		{ "GiB", 30 }, { "GB", 30 }, { "MiB", 20 }, { "MB", 20 }, { "KiB", 10 },
		{ "kiB", 10 }, { "kB", 10 }, { "KB", 10 }, { "bytes", 0 }, { "G", 30 },
		{ "M", 20 }, { "K", 10 },
	};
	struct mx_blc at = *c;
	uint64_t n;
	int r = mxi_bl_dec(P, c, &n);

	if (r != MX_BL_OK)
		return r;
	bl_sp(c);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (!bl_lit(c, units[i].s))
			continue;
		if (n > UINT64_MAX >> units[i].shift)
			return mxi_bl_bad(P, &at, MX_BLW_BIG);
		*bytes = n << units[i].shift;
		return MX_BL_OK;
	}
	return mxi_bl_bad(P, c, MX_BLW_TEXT);
}

/* "0x..-0x.." as printed, spaces allowed around the dash */
int mxi_bl_span(struct mx_blp *P, struct mx_blc *c, uint64_t *a, uint64_t *b)
{
	int r = mxi_bl_hex(P, c, a);

	if (r != MX_BL_OK)
		return r;
	bl_sp(c);
	if (!bl_litc(c, '-'))
		return mxi_bl_bad(P, c, MX_BLW_TEXT);
	bl_sp(c);
	return mxi_bl_hex(P, c, b);
}

/*
 * The size of [a, b] printed with an inclusive end. b < a is memblock's way
 * of printing nothing ("memblock_remove: [0x0001000000000000-0x0000fffffffffffe]")
 * and [0, ~0] its empty dummy region: both are 0. A range reaching 2^64 is
 * capped so that base + size fits (memblock_cap_size()).
 */
uint64_t mxi_bl_incl_size(uint64_t a, uint64_t b)
{
	if (b < a || (a == 0 && b == UINT64_MAX))
		return 0;
	if (b == UINT64_MAX)
		return b - a;
	return b - a + 1;
}

char *mxi_bl_dup(const char *s, const char *e)
{
	size_t n = (size_t)(e - s);
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Copy into a fixed array, cut to fit. */
void mxi_bl_cpy(char *dst, size_t cap, const char *s, const char *e)
{
	size_t n = (size_t)(e - s);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

const char *mxi_bl_trim_end(const char *s, const char *e)
{
	while (e > s && bl_isblank(e[-1]))
		e--;
	return e;
}

void *mxi_bl_grow(void *arr, size_t n, size_t sz)
{
	size_t cap;
	void *p;

	if (n && (n < 8 || (n & (n - 1))))
		return arr; /* room left: the capacity is 8 or the next power of two */
	cap = n ? n * 2 : 8;
	if (cap < n || cap > SIZE_MAX / sz)
		return NULL;
	p = realloc(arr, cap * sz);
	return p;
}

struct mx_bootlog_range *mxi_bl_push_range(struct mx_bootlog_range **arr, size_t *n, int line,
					   uint64_t base, uint64_t size, unsigned flags)
{
	struct mx_bootlog_range *r = mx_bl_push_range0(arr, n);

	if (r) {
		r->base = base;
		r->size = size;
		r->flags = flags;
		r->line = line;
	}
	return r;
}

