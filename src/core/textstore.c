/* textstore.c - many short NUL-terminated strings in fixed chunks: the layout's log lines */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "memx/buf.h"
#include "memx/types.h"

/*
 * A growing buffer doubles, so at 100,000 regions the log's text sat in
 * an allocation up to twice its size (and a recompute's peak heap with
 * it). Here text goes into chunks that never move (4 KiB, then twice as
 * large up to 64 KiB, then 64 KiB each): a string takes
 * the rest of the current chunk or starts the next one, so at most the
 * tail of each chunk (less than one line) and of the last is unused. A
 * string longer than a chunk gets a chunk of its own size. A handle is
 * (chunk << 16) | position; positions stay below 64 KiB because a string
 * that starts inside a chunk ends inside its first 64 KiB.
 */
#define CHUNK_SHIFT 16
#define CHUNK ((size_t)1 << CHUNK_SHIFT)

struct chunk {
	char *buf;
	size_t cap;
};

struct mx_textstore {
	struct chunk *c;
	size_t n;    /* chunks in use: text is in c[0..n) */
	size_t max;  /* chunk slots; their buffers are kept for the next fill */
	size_t used; /* bytes used in c[n - 1] */
	struct mx_buf line; /* mxi_textstore_vaddf()'s string before it is added (reused) */
};

struct mx_textstore *mxi_textstore_new(void)
{
	struct mx_textstore *t = calloc(1, sizeof(*t));

	if (t)
		mx_buf_init(&t->line);
	return t;
}

void mxi_textstore_free(struct mx_textstore *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->max; i++)
		free(t->c[i].buf);
	free(t->c);
	mx_buf_release(&t->line);
	free(t);
}

void mxi_textstore_clear(struct mx_textstore *t)
{
	if (t)
		t->n = t->used = 0;
}

/* Start chunk t->n with room for @need bytes (a kept buffer when it is large enough). */
static int next_chunk(struct mx_textstore *t, size_t need)
{
	/* 4 KiB, 8 KiB, ... up to 64 KiB: a small board's few lines do not take 64 KiB */
	size_t cap = t->n < CHUNK_SHIFT - 12 ? (size_t)4096 << t->n : CHUNK;
	struct chunk *k;

	if (cap < need)
		cap = need;
	if (t->n == t->max) {
		size_t m = t->max ? 2 * t->max : 16;

		if (m > SIZE_MAX / sizeof(*t->c) || !(k = realloc(t->c, m * sizeof(*k))))
			return MX_ENOMEM;
		memset(k + t->max, 0, (m - t->max) * sizeof(*k));
		t->c = k;
		t->max = m;
	}
	k = &t->c[t->n];
	if (k->cap < cap) {
		char *b = realloc(k->buf, cap);

		if (!b)
			return MX_ENOMEM;
		k->buf = b;
		k->cap = cap;
	}
	t->n++;
	t->used = 0;
	return 0;
}

int mxi_textstore_add(struct mx_textstore *t, const char *s, size_t len, size_t *handle)
{
	unsigned char *at = mxi_textstore_reserve(t, len);

	if (!at)
		return MX_ENOMEM;
	memcpy(at, s, len);
	mxi_textstore_commit(t, len, handle);
	return 0;
}

unsigned char *mxi_textstore_reserve(struct mx_textstore *t, size_t max)
{
	size_t need = max + 1;

	if (max == SIZE_MAX)
		return NULL;
	/* the current chunk takes it if it ends inside the chunk's first 64 KiB */
	if (!t->n || t->used + need > t->c[t->n - 1].cap || t->used + need > CHUNK) {
		if (next_chunk(t, need))
			return NULL;
	}
	return (unsigned char *)t->c[t->n - 1].buf + t->used;
}

void mxi_textstore_commit(struct mx_textstore *t, size_t len, size_t *handle)
{
	t->c[t->n - 1].buf[t->used + len] = '\0';
	*handle = ((t->n - 1) << CHUNK_SHIFT) | t->used;
	t->used += len + 1;
}

int mxi_textstore_vaddf(struct mx_textstore *t, size_t *handle, const char *fmt, va_list ap)
{
	mx_buf_clear(&t->line);
	if (mx_buf_vaddf(&t->line, fmt, ap) || t->line.failed) {
		mx_buf_release(&t->line); /* a failed buffer stays failed: start afresh next time */
		return MX_ENOMEM;
	}
	return mxi_textstore_add(t, t->line.buf, t->line.len, handle);
}

const char *mxi_textstore_get(const struct mx_textstore *t, size_t handle)
{
	size_t k = handle >> CHUNK_SHIFT, pos = handle & (CHUNK - 1);

	if (!t || k >= t->n)
		return "";
	return t->c[k].buf + pos;
}

size_t mxi_textstore_bytes(const struct mx_textstore *t)
{
	size_t b = 0;

	for (size_t i = 0; t && i < t->max; i++)
		b += t->c[i].cap;
	return b;
}
