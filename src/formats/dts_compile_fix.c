/*
 * dts_compile_fix.c - what dtc 1.6.1 does between the parse and the blob
 * (dtc.c main, scripts/dtc/checks.c): full paths (fill_fullpaths), the
 * checks it runs as ERROR by default (a fallback here, so dtc says it),
 * explicit phandles (check_explicit_phandles), phandle references
 * (fixup_phandle_references, livetree.c get_node_phandle: numbers past
 * the ones in use, a "phandle" property appended) and path references
 * (fixup_path_references: the path inserted, NUL-terminated).
 */
#include <stdlib.h>
#include <string.h>

#include "dts_compile.h"

/* A set of strings or numbers, open addressing (the checks' lookups). */
struct set {
	const char **s;
	uint32_t *v;
	size_t n, max;
};

/* Add @s (a string) or @v (a number, @s NULL): 1 when it was there, 0 added, MX_ENOMEM. */
static int set_add(struct set *t, const char *s, uint32_t v)
{
	size_t k;

	if (2 * (t->n + 1) > t->max) {
		struct set u = { 0 };

		u.max = t->max ? 2 * t->max : 64;
		u.s = calloc(u.max, sizeof(*u.s));
		u.v = calloc(u.max, sizeof(*u.v));
		if (!u.s || !u.v) {
			free(u.s);
			free(u.v);
			return MX_ENOMEM;
		}
		for (size_t i = 0; i < t->max; i++)
			if (t->s[i] || t->v[i])
				set_add(&u, t->s[i], t->v[i]);
		free(t->s);
		free(t->v);
		*t = u;
	}
	for (k = (s ? mxi_dtsc_hash(s, SIZE_MAX) : v * 2654435761u) & (t->max - 1); t->s[k] || t->v[k];
	     k = (k + 1) & (t->max - 1))
		if (s ? t->s[k] && !strcmp(t->s[k], s) : !t->s[k] && t->v[k] == v)
			return 1;
	t->s[k] = s;
	t->v[k] = s ? 0 : v;
	t->n++;
	return 0;
}

static bool set_has(const struct set *t, uint32_t v)
{
	if (!t->max)
		return false;
	for (size_t k = (v * 2654435761u) & (t->max - 1); t->s[k] || t->v[k]; k = (k + 1) & (t->max - 1))
		if (!t->s[k] && t->v[k] == v)
			return true;
	return false;
}

static void set_release(struct set *t)
{
	free(t->s);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* fill_fullpaths() with join_path(): "/" for the root, then parent + "/" + name */
static int fullpaths(struct dtsc *c, struct dtsc_node *n, const char *prefix)
{
	size_t a = strlen(prefix), b = strlen(n->name);
	bool slash = !(a && prefix[a - 1] == '/');
	char *p = mxi_dtsc_alloc(&c->a, a + b + 2);

	if (!p)
		return c->rc = MX_ENOMEM;
	memcpy(p, prefix, a);
	if (slash)
		p[a++] = '/';
	memcpy(p + a, n->name, b + 1);
	n->fullpath = p;
	for (struct dtsc_node *k = n->children; k; k = k->next)
		if (!k->deleted && fullpaths(c, k, p))
			return c->rc;
	return 0;
}

static bool only(const char *s, const char *chars)
{
	return s[strspn(s, chars)] == 0;
}

#define NAMECHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,._+-"

/*
 * Two live siblings (@props: properties, else nodes) of @n with one name?
 * Pairwise for a few, a set for many. 1, 0 or MX_ENOMEM.
 */
static int duplicate_names(struct dtsc_node *n, bool props)
{
	struct set t = { 0 };
	size_t count = 0;
	int r = 0;

	if (props) {
		for (struct dtsc_prop *p = n->props; p; p = p->next)
			count += !p->deleted;
	} else {
		for (struct dtsc_node *k = n->children; k; k = k->next)
			count += !k->deleted;
	}
	if (count < 2)
		return 0;
	if (props) {
		for (struct dtsc_prop *p = n->props; p && !r; p = p->next) {
			if (p->deleted)
				continue;
			if (count > 16)
				r = set_add(&t, p->name, 0);
			else
				for (struct dtsc_prop *q = p->next; q && !r; q = q->next)
					r = !q->deleted && !strcmp(p->name, q->name);
		}
	} else {
		for (struct dtsc_node *k = n->children; k && !r; k = k->next) {
			if (k->deleted)
				continue;
			if (count > 16)
				r = set_add(&t, k->name, 0);
			else
				for (struct dtsc_node *q = k->next; q && !r; q = q->next)
					r = !q->deleted && !strcmp(k->name, q->name);
		}
	}
	set_release(&t);
	return r;
}

/*
 * One live node: node_name_chars and node_name_format (NODECHARS, one '@'),
 * duplicate_node_names, duplicate_property_names, property_name_chars
 * (PROPNODECHARS), a "name" property (name_is_string/name_properties may
 * fail, or delete it), "linux,phandle" (not mirrored), and every label
 * (duplicate_label). All errors dtc stops on, or rules not mirrored.
 */
static int check_node(struct dtsc *c, struct dtsc_node *n, struct set *labels)
{
	const char *at = strchr(n->name, '@');
	int r;

	if (!only(n->name, NAMECHARS "@") || (at && strchr(at + 1, '@')))
		return mxi_dtsc_fail(c, "bad node name");
	for (struct dtsc_label *l = n->labels; l; l = l->next)
		if (!l->deleted && (r = set_add(labels, l->name, 0)))
			return r < 0 ? (c->rc = r) : mxi_dtsc_fail(c, "duplicate label");
	for (struct dtsc_prop *p = n->props; p; p = p->next) {
		if (p->deleted)
			continue;
		if (!only(p->name, NAMECHARS "*#?"))
			return mxi_dtsc_fail(c, "bad property name");
		if (!strcmp(p->name, "name") || !strcmp(p->name, "linux,phandle"))
			return mxi_dtsc_fail(c, "a \"name\" or \"linux,phandle\" property");
		for (struct dtsc_label *l = p->labels; l; l = l->next)
			if (!l->deleted && (r = set_add(labels, l->name, 0)))
				return r < 0 ? (c->rc = r) : mxi_dtsc_fail(c, "duplicate label");
		for (size_t i = 0; i < p->nmarks; i++)
			if (p->marks[i].type == DTSC_VALUE_LABEL && (r = set_add(labels, p->marks[i].ref, 0)))
				return r < 0 ? (c->rc = r) : mxi_dtsc_fail(c, "duplicate label");
	}
	if ((r = duplicate_names(n, true)))
		return r < 0 ? (c->rc = r) : mxi_dtsc_fail(c, "duplicate property name");
	if ((r = duplicate_names(n, false)))
		return r < 0 ? (c->rc = r) : mxi_dtsc_fail(c, "duplicate node name");
	for (struct dtsc_node *k = n->children; k; k = k->next)
		if (!k->deleted && check_node(c, k, labels))
			return c->rc;
	return 0;
}

/* check_explicit_phandles(): one cell, not 0 or -1, not a reference, unique */
static int explicit_phandles(struct dtsc *c, struct dtsc_node *n, struct set *used)
{
	for (struct dtsc_prop *p = n->props; p; p = p->next) {
		uint32_t v;
		int r;

		if (p->deleted || strcmp(p->name, "phandle"))
			continue;
		if (p->len != 4 || p->nmarks)
			return mxi_dtsc_fail(c, "a phandle property dtc would refuse or fill in");
		v = (uint32_t)mxi_dt_cells(p->val, 1);
		if (!v || v == 0xffffffffu)
			return mxi_dtsc_fail(c, "phandle 0 or -1");
		if ((r = set_add(used, NULL, v)))
			return r < 0 ? (c->rc = r) : mxi_dtsc_fail(c, "duplicate phandle");
		n->phandle = v;
	}
	for (struct dtsc_node *k = n->children; k; k = k->next)
		if (!k->deleted && explicit_phandles(c, k, used))
			return c->rc;
	return 0;
}

/* get_node_phandle(): the next number no live node has (the counter never goes back) */
static uint32_t node_phandle(struct dtsc *c, struct dtsc_node *n, struct set *used, uint32_t *next)
{
	struct dtsc_prop *p;
	unsigned char *v;

	if (n->phandle)
		return n->phandle;
	while (set_has(used, *next))
		++*next;
	if (set_add(used, NULL, *next) < 0 || !(p = mxi_dtsc_alloc(&c->a, sizeof(*p))) ||
	    !(v = mxi_dtsc_alloc(&c->a, 4))) {
		c->rc = MX_ENOMEM;
		return 0;
	}
	n->phandle = *next;
	for (int i = 0; i < 4; i++)
		v[i] = (unsigned char)(n->phandle >> (24 - 8 * i));
	memset(p, 0, sizeof(*p));
	p->name = "phandle";
	p->val = v;
	p->len = 4;
	for (struct dtsc_prop **pp = &n->props; ; pp = &(*pp)->next)
		if (!*pp) {
			*pp = p;
			break;
		}
	return n->phandle;
}

/* fixup_phandle_references(): the walk of checks.c (node, its properties, its children) */
static int phandle_refs(struct dtsc *c, struct dtsc_node *n, struct set *used, uint32_t *next)
{
	for (struct dtsc_prop *p = n->props; p; p = p->next) {
		if (p->deleted)
			continue;
		for (size_t i = 0; i < p->nmarks; i++) {
			struct dtsc_node *t;
			uint32_t ph;

			if (p->marks[i].type != DTSC_REF_PHANDLE)
				continue;
			if (!(t = mxi_dtsc_by_ref(c, p->marks[i].ref)))
				return mxi_dtsc_fail(c, "reference to a non-existent node or label");
			if (!(ph = node_phandle(c, t, used, next)))
				return c->rc;
			for (int b = 0; b < 4; b++)
				p->val[p->marks[i].off + (size_t)b] = (unsigned char)(ph >> (24 - 8 * b));
		}
	}
	for (struct dtsc_node *k = n->children; k; k = k->next)
		if (!k->deleted && phandle_refs(c, k, used, next))
			return c->rc;
	return 0;
}

/* fixup_path_references(): each path and its NUL inserted where the reference was */
static int path_refs(struct dtsc *c, struct dtsc_node *n)
{
	for (struct dtsc_prop *p = n->props; p; p = p->next) {
		size_t add = 0, at = 0, o = 0;
		unsigned char *v;

		if (p->deleted)
			continue;
		for (size_t i = 0; i < p->nmarks; i++) {
			struct dtsc_node *t;

			if (p->marks[i].type != DTSC_REF_PATH)
				continue;
			if (!(t = mxi_dtsc_by_ref(c, p->marks[i].ref)))
				return mxi_dtsc_fail(c, "path reference to a non-existent node or label");
			add += strlen(t->fullpath) + 1;
		}
		if (!add)
			continue;
		if (!(v = mxi_dtsc_alloc(&c->a, p->len + add)))
			return c->rc = MX_ENOMEM;
		for (size_t i = 0; i < p->nmarks; i++) {
			const char *path;
			size_t len;

			if (p->marks[i].type != DTSC_REF_PATH)
				continue;
			path = mxi_dtsc_by_ref(c, p->marks[i].ref)->fullpath;
			len = strlen(path) + 1;
			memcpy(v + o, p->val + at, p->marks[i].off - at);
			o += p->marks[i].off - at;
			at = p->marks[i].off;
			memcpy(v + o, path, len);
			o += len;
		}
		memcpy(v + o, p->val + at, p->len - at);
		p->val = v;
		p->len += add;
	}
	for (struct dtsc_node *k = n->children; k; k = k->next)
		if (!k->deleted && path_refs(c, k))
			return c->rc;
	return 0;
}

int mxi_dtsc_fixup(struct dtsc *c)
{
	struct set labels = { 0 }, used = { 0 };
	uint32_t next = 1;

	if (!fullpaths(c, c->root, "") && !check_node(c, c->root, &labels) &&
	    !explicit_phandles(c, c->root, &used) && !phandle_refs(c, c->root, &used, &next))
		path_refs(c, c->root);
	set_release(&labels);
	set_release(&used);
	return c->rc;
}
