/* yaml_read.c - read YAML nodes into the profile model, every error with file:line:col */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "yaml_read.h"

void mxi_yaml_err(struct yaml_load *L, const yaml_mark_t *m, const char *fmt, ...)
{
	struct mx_srcpos pos = { L->p->source, (int)m->line + 1, (int)m->column + 1 };
	struct mx_buf b;
	va_list ap;

	if (L->nerr++ >= MAX_ERRORS)
		return;
	mx_buf_init(&b);
	va_start(ap, fmt);
	mx_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (L->nerr == MAX_ERRORS)
		mx_buf_adds(&b, " (further errors not shown)");
	if (b.failed || mx_diag_add(L->diags, MX_SEV_ERROR, NULL, &pos, -1, "%s", b.buf))
		L->oom = true;
	mx_buf_release(&b);
}

const char *mxi_yaml_show(struct shown *b, const char *v)
{
	size_t o = 0;

	for (; *v; v++) {
		/* not inside a character (or inside a run of stray continuation bytes) */
		if (o >= SHOW_MAX && (((unsigned char)*v & 0xc0) != 0x80 || o >= SHOW_MAX + 3)) {
			memcpy(b->s + o, "...", 4);
			return b->s;
		}
		b->s[o++] = *v;
	}
	b->s[o] = '\0';
	return b->s;
}

void mxi_yaml_pos(struct yaml_load *L, const yaml_node_t *n, struct mx_srcpos *pos)
{
	pos->file = L->p->source;
	pos->line = (int)n->start_mark.line + 1;
	pos->col = (int)n->start_mark.column + 1;
}

const char *mxi_yaml_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE: return "a value";
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a mapping";
	default: return "nothing";
	}
}

/*
 * The text of a scalar, or NULL (with an error naming @what) for anything
 * else. A "\0" escape would end the C string early and drop what follows
 * without a word ("name: \"fw\\0@0\"" read as "fw"): refused.
 */
const char *mxi_yaml_scalar(struct yaml_load *L, yaml_node_t *n, const char *what)
{
	const char *v;

	if (n->type != YAML_SCALAR_NODE) {
		ERR(L, n, "expected %s, got %s", what, mxi_yaml_kind(n));
		return NULL;
	}
	v = (const char *)n->data.scalar.value;
	if (strlen(v) != n->data.scalar.length) {
		ERR(L, n, "expected %s without NUL bytes, got '%s' and then a NUL byte", what, SHOW(v));
		return NULL;
	}
	return v;
}

bool mxi_yaml_is_null(const yaml_node_t *n)
{
	const char *v;

	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	v = (const char *)n->data.scalar.value;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null");
}

bool mxi_yaml_size(struct yaml_load *L, yaml_node_t *n, uint64_t *out, const char *what)
{
	const char *v = mxi_yaml_scalar(L, n, what);
	int r;

	if (!v)
		return false;
	r = mx_size_parse(v, out);
	if (r == MX_ERANGE) {
		ERR(L, n, "%s '%s' does not fit in 64 bits", what, SHOW(v));
		return false;
	}
	if (r) {
		ERR(L, n, "expected %s (like 16M, 0x1000000 or 4096), got '%s'", what, SHOW(v));
		return false;
	}
	return true;
}

bool mxi_yaml_uint(struct yaml_load *L, yaml_node_t *n, unsigned *out, unsigned max, const char *what)
{
	uint64_t v;
	const char *s = mxi_yaml_scalar(L, n, what);

	if (!s)
		return false;
	if (mx_size_parse(s, &v) || strpbrk(s, "kKmMgGtT") || v > max) {
		ERR(L, n, "expected %s (an integer up to %u), got '%s'", what, max, SHOW(s));
		return false;
	}
	*out = (unsigned)v;
	return true;
}

bool mxi_yaml_bool(struct yaml_load *L, yaml_node_t *n, bool *out, const char *what)
{
	static const char *const t[] = { "true", "yes", "on", "True", "TRUE", "Yes", "YES" };
	static const char *const f[] = { "false", "no", "off", "False", "FALSE", "No", "NO" };
	const char *v;

	if (mxi_yaml_is_null(n)) { /* "no-map:" alone means present, as in a device tree */
		*out = true;
		return true;
	}
	/* not mxi_yaml_scalar(): "expected vmemmap, got a list" would not say what vmemmap takes */
	if (n->type != YAML_SCALAR_NODE) {
		ERR(L, n, "expected true or false for %s, got %s", what, mxi_yaml_kind(n));
		return false;
	}
	v = (const char *)n->data.scalar.value;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(v, t[i])) {
			*out = true;
			return true;
		}
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (!strcmp(v, f[i])) {
			*out = false;
			return true;
		}
	ERR(L, n, "expected true or false for %s, got '%s'", what, SHOW(v));
	return false;
}

/*
 * The bytes of a "!bytes" scalar (what mx_profile_write_yaml() writes for a
 * string that is not UTF-8, as "\xNN" escapes): each character U+0001 to
 * U+00FF is one byte. malloc'd; NULL with an error, or on L->oom.
 */
static char *tagged_bytes(struct yaml_load *L, yaml_node_t *n, const char *v, const char *what)
{
	const unsigned char *s = (const unsigned char *)v;
	char *out = malloc(strlen(v) + 1), *o = out;

	if (!out) {
		L->oom = true;
		return NULL;
	}
	while (*s) {
		uint32_t cp = *s;
		size_t k = 1;

		if (cp >= 0x80 && !(k = mxi_utf8_seq(s, &cp)))
			cp = 0x100; /* libyaml hands over UTF-8 only: not reached */
		if (cp > 0xff) {
			ERR(L, n, "expected %s as bytes after !bytes (characters U+0001 to U+00FF), got "
			    "U+%04X", what, (unsigned)cp);
			free(out);
			return NULL;
		}
		*o++ = (char)cp;
		s += k;
	}
	*o = '\0';
	return out;
}

bool mxi_yaml_is_bytes(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE && n->tag && !strcmp((const char *)n->tag, MXI_YAML_BYTES_TAG);
}

/* A plain null ("key:", "~", "null") leaves the string unset: NULL means "not given". */
bool mxi_yaml_str(struct yaml_load *L, yaml_node_t *n, char **out, const char *what)
{
	const char *v = mxi_yaml_scalar(L, n, what);
	char *bytes = NULL;
	int r;

	if (!v)
		return false;
	if (mxi_yaml_is_bytes(n) && !(v = bytes = tagged_bytes(L, n, v, what)))
		return false;
	r = mx_str_set(out, mxi_yaml_is_null(n) ? NULL : v);
	free(bytes);
	if (r) {
		L->oom = true;
		return false;
	}
	return true;
}

static void list_keys(struct mx_buf *b, const struct yaml_key *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mx_buf_addf(b, "%s%s", i ? ", " : "", keys[i].name);
}

bool mxi_yaml_map(struct yaml_load *L, yaml_node_t *map, const struct yaml_key *keys, size_t nkeys,
		     void *obj, const char *what)
{
	yaml_node_pair_t *pr;
	unsigned char seen[64] = { 0 };
	bool ok = true;

	if (map->type != YAML_MAPPING_NODE) {
		ERR(L, map, "expected %s (a mapping of keys), got %s", what, mxi_yaml_kind(map));
		return false;
	}
	for (pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(L->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(L->doc, pr->value);
		const char *name;
		size_t i;

		if (!k || !v)
			continue;
		if (!(name = mxi_yaml_scalar(L, k, "a key"))) {
			ok = false;
			continue;
		}
		for (i = 0; i < nkeys && strcmp(keys[i].name, name); i++)
			;
		if (i == nkeys) {
			struct mx_buf b;

			mx_buf_init(&b);
			list_keys(&b, keys, nkeys);
			ERR(L, k, "unknown key '%s' in %s; expected one of: %s", SHOW(name), what,
			    b.failed ? "?" : b.buf);
			mx_buf_release(&b);
			ok = false;
			continue;
		}
		/*
		 * Saturate rather than count: a counter would wrap after 256
		 * copies of a key and let the next one through, running a list
		 * handler twice and leaking the first list.
		 */
		if (i < sizeof(seen) && seen[i]) {
			ERR(L, k, "duplicate key '%s' in %s", SHOW(name), what);
			ok = false;
			continue;
		}
		if (i < sizeof(seen))
			seen[i] = 1;
		if (!keys[i].fn(L, v, obj, map))
			ok = false;
		if (L->oom)
			return false;
	}
	return ok;
}

/* {base: B, size: S} or [B, S] */
bool mxi_yaml_range(struct yaml_load *L, yaml_node_t *n, struct mx_range *r, const char *what)
{
	if (n->type == YAML_SEQUENCE_NODE) {
		yaml_node_item_t *it = n->data.sequence.items.start;

		if (n->data.sequence.items.top - it != 2) {
			ERR(L, n, "expected %s as [base, size], got a list of %d item(s)", what,
			    (int)(n->data.sequence.items.top - it));
			return false;
		}
		{
			/* both halves are checked, so both errors are reported */
			bool b = mxi_yaml_size(L, yaml_document_get_node(L->doc, it[0]), &r->base, "a base address");
			bool s = mxi_yaml_size(L, yaml_document_get_node(L->doc, it[1]), &r->size, "a size");

			return b && s;
		}
	}
	if (n->type == YAML_MAPPING_NODE) {
		bool hb = false, hs = false, ok = true;

		for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = yaml_document_get_node(L->doc, pr->key);
			yaml_node_t *v = yaml_document_get_node(L->doc, pr->value);
			const char *name = k ? mxi_yaml_scalar(L, k, "a key") : NULL;

			if (!name || !v) {
				ok = false;
			} else if (!strcmp(name, "base")) {
				ok &= !hb && mxi_yaml_size(L, v, &r->base, "a base address");
				if (hb)
					ERR(L, k, "duplicate key 'base' in %s", what);
				hb = true;
			} else if (!strcmp(name, "size")) {
				ok &= !hs && mxi_yaml_size(L, v, &r->size, "a size");
				if (hs)
					ERR(L, k, "duplicate key 'size' in %s", what);
				hs = true;
			} else {
				ERR(L, k, "unknown key '%s' in %s; expected base and size", SHOW(name), what);
				ok = false;
			}
		}
		if (ok && !hb && !hs) {
			ERR(L, n, "%s needs both base and size, got neither", what);
			ok = false;
		} else if (ok && (!hb || !hs)) {
			ERR(L, n, "%s needs both base and size; %s is missing", what, hb ? "size" : "base");
			ok = false;
		}
		return ok;
	}
	ERR(L, n, "expected %s as {base: ..., size: ...} or [base, size], got %s", what, mxi_yaml_kind(n));
	return false;
}

/*
 * {base, size} or [base, size] rather than a list of ranges. A list that
 * starts with a scalar is taken as one range whatever its length, so that
 * "reg: [1, 2, 3]" is one error about the shape ("a list of 3 item(s)")
 * instead of three about scalars that are not ranges.
 */
bool mxi_yaml_is_single_range(struct yaml_load *L, yaml_node_t *n)
{
	yaml_node_t *first;

	if (n->type == YAML_MAPPING_NODE)
		return true;
	if (n->type != YAML_SEQUENCE_NODE || n->data.sequence.items.top == n->data.sequence.items.start)
		return false;
	first = yaml_document_get_node(L->doc, n->data.sequence.items.start[0]);
	return first && first->type == YAML_SCALAR_NODE;
}

/* One range, or a list of ranges. */
bool mxi_yaml_ranges(struct yaml_load *L, yaml_node_t *n, struct mx_range **out, size_t *nout,
		       bool single_ok, const char *what)
{
	size_t cnt;
	struct mx_range *v;
	bool ok = true;

	free(*out);
	*out = NULL;
	*nout = 0;
	if (single_ok && mxi_yaml_is_single_range(L, n)) {
		if (!(v = malloc(sizeof(*v)))) {
			L->oom = true;
			return false;
		}
		*out = v;
		*nout = 1;
		return mxi_yaml_range(L, n, v, what);
	}
	if (n->type != YAML_SEQUENCE_NODE) {
		ERR(L, n, "expected %s as a list of {base, size}, got %s", what, mxi_yaml_kind(n));
		return false;
	}
	cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (!cnt)
		return true;
	if (!(v = calloc(cnt, sizeof(*v)))) {
		L->oom = true;
		return false;
	}
	*out = v;
	*nout = cnt;
	for (size_t i = 0; i < cnt; i++)
		ok &= mxi_yaml_range(L, yaml_document_get_node(L->doc, n->data.sequence.items.start[i]),
				&v[i], what);
	return ok;
}

/* ---- top level ---- */
