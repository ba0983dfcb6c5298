/*
 * dts_compile_flat.c - DTS text to a blob in memx's own process, as
 * `dtc -q -I dts -O dtb` (1.6.1) writes it: scripts/dtc/flattree.c
 * dt_to_blob() for version 17 (header, reserve map, structure block,
 * strings block; no padding). The compile gives up (MXI_DTS_FALLBACK)
 * wherever it is not sure to write dtc's bytes, and dtc runs instead.
 */
#include <stdlib.h>
#include <string.h>

#include "dts_compile.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_END 9u
#define HDR_SIZE 40u    /* version 17's header; the reserve map at ALIGN(40, 8) */

/*
 * The strings block as stringtable_insert() builds it: a name goes where
 * it is found first in the block (at any offset, so a suffix of an earlier
 * name shares its bytes), else at the end. Every suffix of the block's
 * strings is indexed with its first offset, so the scan is one lookup.
 */
struct strtab {
	struct mx_buf b;
	uint32_t *off, *len;   /* offset + 1 (0: empty slot), length */
	size_t n, max;
};

static size_t strtab_find(const struct strtab *t, const char *s, size_t n)
{
	size_t k = mxi_dtsc_hash(s, n) & (t->max - 1);

	for (; t->off[k]; k = (k + 1) & (t->max - 1))
		if (t->len[k] == n && !memcmp(t->b.buf + t->off[k] - 1, s, n))
			break;
	return k;
}

static int strtab_grow(struct strtab *t)
{
	struct strtab u = t[0];

	u.max = t->max ? 2 * t->max : 1024;
	u.off = calloc(u.max, sizeof(*u.off));
	u.len = calloc(u.max, sizeof(*u.len));
	if (!u.off || !u.len) {
		free(u.off);
		free(u.len);
		return MX_ENOMEM;
	}
	for (size_t i = 0; i < t->max; i++)
		if (t->off[i]) {
			size_t k = strtab_find(&u, t->b.buf + t->off[i] - 1, t->len[i]);

			u.off[k] = t->off[i];
			u.len[k] = t->len[i];
		}
	free(t->off);
	free(t->len);
	*t = u;
	return 0;
}

/* The offset of @s in the strings block, adding it when it is not there; -1 when out of memory. */
static long strtab_insert(struct strtab *t, const char *s)
{
	size_t n = strlen(s), k, at;

	if (2 * (t->n + n) >= t->max)
		while (2 * (t->n + n) >= t->max)
			if (strtab_grow(t))
				return -1;
	k = strtab_find(t, s, n);
	if (t->off[k])
		return (long)t->off[k] - 1;
	at = t->b.len;
	if (mx_buf_add(&t->b, s, n + 1))
		return -1;
	for (size_t i = 0; i < n; i++) {
		k = strtab_find(t, s + i, n - i);
		if (!t->off[k]) {
			t->off[k] = (uint32_t)(at + i + 1);
			t->len[k] = (uint32_t)(n - i);
			t->n++;
		}
	}
	return (long)at;
}

static void put32(struct mx_buf *b, uint32_t v)
{
	char be[4] = { (char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v };

	mx_buf_add(b, be, 4);
}

static void align4(struct mx_buf *b)
{
	static const char zero[4];

	mx_buf_add(b, zero, (4 - (b->len & 3)) & 3);
}

/* flatten_tree(): live nodes, their live properties, then their live children */
static int flatten(struct dtsc_node *n, struct mx_buf *dt, struct strtab *st)
{
	put32(dt, FDT_BEGIN_NODE);
	mx_buf_add(dt, n->name, strlen(n->name) + 1);
	align4(dt);
	for (struct dtsc_prop *p = n->props; p; p = p->next) {
		long off;

		if (p->deleted)
			continue;
		if ((off = strtab_insert(st, p->name)) < 0)
			return MX_ENOMEM;
		put32(dt, FDT_PROP);
		put32(dt, (uint32_t)p->len);
		put32(dt, (uint32_t)off);
		if (p->len)
			mx_buf_add(dt, (const char *)p->val, p->len);
		align4(dt);
	}
	for (struct dtsc_node *k = n->children; k; k = k->next)
		if (!k->deleted && flatten(k, dt, st))
			return MX_ENOMEM;
	put32(dt, FDT_END_NODE);
	return dt->failed ? MX_ENOMEM : 0;
}

/* dt_to_blob() with make_fdt_header() for version 17 */
static int to_blob(struct dtsc *c, void **blob, size_t *blob_len)
{
	struct mx_buf dt, out;
	struct strtab st = { 0 };
	size_t rsv = 8 * c->nrsv + 16;
	int rc;

	mx_buf_init(&dt);
	mx_buf_init(&out);
	mx_buf_init(&st.b);
	if (!(rc = flatten(c->root, &dt, &st))) {
		put32(&dt, FDT_END);
		uint32_t h[10] = { FDT_MAGIC, (uint32_t)(HDR_SIZE + rsv + dt.len + st.b.len),
				   (uint32_t)(HDR_SIZE + rsv), (uint32_t)(HDR_SIZE + rsv + dt.len), HDR_SIZE,
				   17, 16, c->boot_cpuid, (uint32_t)st.b.len, (uint32_t)dt.len };

		for (int i = 0; i < 10; i++)
			put32(&out, h[i]);
		for (size_t i = 0; i < c->nrsv; i++) {
			put32(&out, (uint32_t)(c->rsv[i] >> 32));
			put32(&out, (uint32_t)c->rsv[i]);
		}
		for (int i = 0; i < 4; i++)
			put32(&out, 0);
		mx_buf_add(&out, dt.buf, dt.len);
		mx_buf_add(&out, st.b.buf ? st.b.buf : "", st.b.len);
		rc = out.failed || dt.failed || st.b.failed ? MX_ENOMEM : 0;
	}
	if (!rc && out.len > 0x7fffffffu)
		rc = mxi_dtsc_fail(c, "a blob over 2 GiB");
	if (!rc)
		*blob = mx_buf_detach(&out, blob_len);
	mx_buf_release(&out);
	mx_buf_release(&dt);
	mx_buf_release(&st.b);
	free(st.off);
	free(st.len);
	return rc;
}

int mxi_dts_compile(const char *text, size_t len, void **blob, size_t *blob_len, const char **why)
{
	struct dtsc c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.s = text;
	c.len = len;
	*blob = NULL;
	*blob_len = 0;
	if (!(rc = mxi_dtsc_parse(&c)) && !(rc = mxi_dtsc_fixup(&c)))
		rc = to_blob(&c, blob, blob_len);
	if (why)
		*why = rc == MXI_DTS_FALLBACK ? c.why : NULL;
	mxi_dtsc_arena_release(&c.a);
	free(c.str);
	free(c.rsv);
	free(c.lidx);
	return rc;
}
