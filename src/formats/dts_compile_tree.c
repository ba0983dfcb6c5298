/*
 * dts_compile_tree.c - the tree dtc 1.6.1 builds while it parses: the
 * grammar of scripts/dtc/dtc-parser.y (sourcefile, memreserves,
 * devicetree, nodedef, propdef, subnode, propdata, arrayprefix,
 * bytestring) and livetree.c's build/merge/delete operations, which keep
 * deleted nodes, properties and labels in their lists, flagged: a name
 * defined again gets its old place back (merge_nodes, add_label).
 */
#include <stdlib.h>
#include <string.h>

#include "dts_compile.h"

/* The property value being read (propdata), copied into the arena when done. */
struct vbuf {
	unsigned char *v;
	size_t n, max;
	struct dtsc_mark *m;
	size_t nm, maxm;
};

static const char *dup_tok(struct dtsc *c)
{
	const char *s = mxi_dtsc_strndup(&c->a, c->ts, c->tn);

	if (!s)
		c->rc = MX_ENOMEM;
	return s;
}

static void *zalloc(struct dtsc *c, size_t n)
{
	void *p = mxi_dtsc_alloc(&c->a, n);

	if (!p)
		c->rc = MX_ENOMEM;
	else
		memset(p, 0, n);
	return p;
}

/* Remember node label @l for references (every label ever put on a node). */
static int index_label(struct dtsc *c, struct dtsc_label *l)
{
	if (2 * (c->nlidx + 1) > c->maxlidx) {
		size_t max = c->maxlidx ? 2 * c->maxlidx : 256;
		struct dtsc_label **t = calloc(max, sizeof(*t));

		if (!t)
			return c->rc = MX_ENOMEM;
		for (size_t i = 0; i < c->maxlidx; i++) {
			size_t k;

			if (!c->lidx[i])
				continue;
			for (k = mxi_dtsc_hash(c->lidx[i]->name, SIZE_MAX) & (max - 1); t[k]; k = (k + 1) & (max - 1))
				;
			t[k] = c->lidx[i];
		}
		free(c->lidx);
		c->lidx = t;
		c->maxlidx = max;
	}
	size_t k = mxi_dtsc_hash(l->name, SIZE_MAX) & (c->maxlidx - 1);

	while (c->lidx[k])
		k = (k + 1) & (c->maxlidx - 1);
	c->lidx[k] = l;
	c->nlidx++;
	return 0;
}

/* add_label(): an existing one (deleted or not) is live again; a new one goes first */
static void add_label(struct dtsc *c, struct dtsc_label **list, const char *name, struct dtsc_node *owner)
{
	struct dtsc_label *l;

	for (l = *list; l; l = l->next)
		if (!strcmp(l->name, name)) {
			l->deleted = false;
			return;
		}
	if (!(l = zalloc(c, sizeof(*l))))
		return;
	l->name = name;
	l->owner = owner;
	l->next = *list;
	*list = l;
	if (owner)
		index_label(c, l);
}

static void delete_labels(struct dtsc_label *l)
{
	for (; l; l = l->next)
		l->deleted = true;
}

/* livetree.c delete_node(): flagged with its live subtree, properties and labels */
static void delete_node(struct dtsc_node *n)
{
	n->deleted = true;
	for (struct dtsc_node *k = n->children; k; k = k->next)
		if (!k->deleted)
			delete_node(k);
	for (struct dtsc_prop *p = n->props; p; p = p->next)
		if (!p->deleted) {
			p->deleted = true;
			delete_labels(p->labels);
		}
	delete_labels(n->labels);
}

static void add_prop(struct dtsc_node *n, struct dtsc_prop *p)
{
	struct dtsc_prop **pp = &n->props;

	while (*pp)
		pp = &(*pp)->next;
	p->next = NULL;
	*pp = p;
}

static void add_child(struct dtsc_node *n, struct dtsc_node *k)
{
	struct dtsc_node **pp = &n->children;

	while (*pp)
		pp = &(*pp)->next;
	k->next = NULL;
	k->parent = n;
	*pp = k;
}

/*
 * livetree.c merge_nodes(): @new's labels, properties (a deleted one
 * deletes the first of its name; one of an existing name, deleted or not,
 * replaces the value in place) and children (merged by name the same way)
 * go into @old, which is live again.
 */
static void merge_nodes(struct dtsc *c, struct dtsc_node *old, struct dtsc_node *new)
{
	old->deleted = false;
	for (struct dtsc_label *l = new->labels; l; l = l->next)
		add_label(c, &old->labels, l->name, old);
	while (new->props) {
		struct dtsc_prop *np = new->props, *op;

		new->props = np->next;
		if (np->deleted) {
			for (op = old->props; op && strcmp(op->name, np->name); op = op->next)
				;
			if (op) {
				op->deleted = true;
				delete_labels(op->labels);
			}
			continue;
		}
		for (op = old->props; op && strcmp(op->name, np->name); op = op->next)
			;
		if (op) {
			for (struct dtsc_label *l = np->labels; l; l = l->next)
				add_label(c, &op->labels, l->name, NULL);
			op->val = np->val;
			op->len = np->len;
			op->marks = np->marks;
			op->nmarks = np->nmarks;
			op->deleted = false;
		} else {
			add_prop(old, np);
		}
	}
	while (new->children) {
		struct dtsc_node *nk = new->children, *ok;

		new->children = nk->next;
		nk->parent = NULL;
		nk->next = NULL;
		if (nk->deleted) {
			for (ok = old->children; ok && strcmp(ok->name, nk->name); ok = ok->next)
				;
			if (ok)
				delete_node(ok);
			continue;
		}
		for (ok = old->children; ok && strcmp(ok->name, nk->name); ok = ok->next)
			;
		if (ok)
			merge_nodes(c, ok, nk);
		else
			add_child(old, nk);
	}
}

/* livetree.c get_node_by_path(): full names, repeated '/' skipped, live children only */
static struct dtsc_node *by_path(struct dtsc_node *t, const char *path)
{
	const char *p;

	if (!*path)
		return t->deleted ? NULL : t;
	while (*path == '/')
		path++;
	p = strchr(path, '/');
	for (struct dtsc_node *k = t->children; k; k = k->next) {
		if (k->deleted)
			continue;
		if (p && strlen(k->name) == (size_t)(p - path) && !memcmp(path, k->name, (size_t)(p - path)))
			return by_path(k, p + 1);
		if (!p && !strcmp(path, k->name))
			return k;
	}
	return NULL;
}

/* In the tree (not a nodedef still being merged) and live? */
static bool attached(const struct dtsc *c, const struct dtsc_node *n)
{
	for (; n; n = n->parent) {
		if (n->deleted)
			return false;
		if (n == c->root)
			return true;
	}
	return false;
}

/*
 * livetree.c get_node_by_ref(): "/" is the root, a path is looked up, a
 * label is the first live node carrying it in a walk of the tree. Two live
 * nodes with one label is an error dtc reports (duplicate_label), so which
 * one it finds first does not matter: a fallback.
 */
struct dtsc_node *mxi_dtsc_by_ref(struct dtsc *c, const char *ref)
{
	struct dtsc_node *found = NULL;

	if (!strcmp(ref, "/"))
		return c->root;
	if (ref[0] == '/')
		return by_path(c->root, ref);
	if (!c->maxlidx)
		return NULL;
	for (size_t k = mxi_dtsc_hash(ref, SIZE_MAX) & (c->maxlidx - 1); c->lidx[k]; k = (k + 1) & (c->maxlidx - 1)) {
		struct dtsc_label *l = c->lidx[k];

		if (l->deleted || strcmp(l->name, ref) || !attached(c, l->owner) || l->owner == found)
			continue;
		if (found) {
			mxi_dtsc_fail(c, "one label on two nodes");
			return NULL;
		}
		found = l->owner;
	}
	return found;
}

static int grow(struct dtsc *c, void **v, size_t *max, size_t need, size_t size)
{
	if (need <= *max)
		return 0;
	size_t m = *max ? *max : 64;

	while (m < need)
		m *= 2;
	void *p = realloc(*v, m * size);

	if (!p)
		return c->rc = MX_ENOMEM;
	*v = p;
	*max = m;
	return 0;
}

static int put(struct dtsc *c, struct vbuf *b, const void *s, size_t n)
{
	if (!n)
		return 0;
	if (grow(c, (void **)&b->v, &b->max, b->n + n, 1))
		return c->rc;
	memcpy(b->v + b->n, s, n);
	b->n += n;
	return 0;
}

static int mark(struct dtsc *c, struct vbuf *b, enum dtsc_mark_type t)
{
	const char *ref = dup_tok(c);

	if (!ref || grow(c, (void **)&b->m, &b->maxm, b->nm + 1, sizeof(*b->m)))
		return c->rc = c->rc ? c->rc : MX_ENOMEM;
	b->m[b->nm].off = b->n;
	b->m[b->nm].type = t;
	b->m[b->nm++].ref = ref;
	mxi_dtsc_next(c);
	return 0;
}

/* @v as @bits big-endian bits (data_append_integer) */
static int put_int(struct dtsc *c, struct vbuf *b, uint64_t v, unsigned bits)
{
	unsigned char be[8];

	for (unsigned i = 0; i < bits / 8; i++)
		be[i] = (unsigned char)(v >> (bits - 8 - 8 * i));
	return put(c, b, be, bits / 8);
}

/* '<' ... '>' with arrayprefix's /bits/, range check and phandle references */
static int array(struct dtsc *c, struct vbuf *b)
{
	unsigned bits = 32;

	if (c->tok == T_BITS) {
		mxi_dtsc_next(c);
		if (c->tok != T_LITERAL)
			return mxi_dtsc_fail(c, "/bits/ without a literal");
		if (c->num != 8 && c->num != 16 && c->num != 32 && c->num != 64)
			return mxi_dtsc_fail(c, "/bits/ not 8, 16, 32 or 64");
		bits = (unsigned)c->num;
		mxi_dtsc_next(c);
	}
	if (c->tok != '<')
		return mxi_dtsc_fail(c, "syntax error: '<' was expected");
	mxi_dtsc_next(c);
	while (!c->rc && c->tok != '>') {
		if (c->tok == T_LABEL) {
			mark(c, b, DTSC_VALUE_LABEL);
		} else if (c->tok == T_REF) {
			/* "References are only allowed in arrays with 32-bit elements." */
			if (bits != 32)
				return mxi_dtsc_fail(c, "reference in a /bits/ array");
			if (!mark(c, b, DTSC_REF_PHANDLE))
				put_int(c, b, 0xffffffffu, 32);
		} else {
			uint64_t v = mxi_dtsc_prim(c), mask = bits < 64 ? (1ULL << bits) - 1 : ~0ULL;

			/* "Value out of range for %d-bit array element" */
			if (v > mask && (v | mask) != ~0ULL)
				return mxi_dtsc_fail(c, "value out of range for its /bits/");
			put_int(c, b, v, bits);
		}
	}
	if (!c->rc)
		mxi_dtsc_next(c);
	return c->rc;
}

/* propdata: strings, arrays, byte strings and path references, joined by ',', with labels */
static int propdata(struct dtsc *c, struct vbuf *b)
{
	for (;;) {
		while (c->tok == T_LABEL)
			mark(c, b, DTSC_VALUE_LABEL);
		if (c->tok == T_STRING) {
			put(c, b, c->str, c->nstr);
			put(c, b, "", 1);
			mxi_dtsc_next(c);
		} else if (c->tok == '<' || c->tok == T_BITS) {
			array(c, b);
		} else if (c->tok == '[') {
			mxi_dtsc_next(c);
			while (c->tok == T_BYTE || c->tok == T_LABEL) {
				if (c->tok == T_LABEL) {
					mark(c, b, DTSC_VALUE_LABEL);
					continue;
				}
				unsigned char byte = (unsigned char)c->num;

				put(c, b, &byte, 1);
				mxi_dtsc_next(c);
			}
			if (c->tok != ']')
				return mxi_dtsc_fail(c, "syntax error in a byte string");
			mxi_dtsc_next(c);
		} else if (c->tok == T_REF) {
			mark(c, b, DTSC_REF_PATH);
		} else {
			return mxi_dtsc_fail(c, "syntax error in a property value");
		}
		while (c->tok == T_LABEL)
			mark(c, b, DTSC_VALUE_LABEL);
		if (c->rc || c->tok != ',')
			return c->rc;
		mxi_dtsc_next(c);
	}
}

static bool expect(struct dtsc *c, int tok, const char *why)
{
	if (c->tok != tok) {
		mxi_dtsc_fail(c, why);
		return false;
	}
	mxi_dtsc_next(c);
	return true;
}

/* propdef's value into a new property named by the current token */
static struct dtsc_prop *new_prop(struct dtsc *c, const char *name, struct vbuf *b)
{
	struct dtsc_prop *p = zalloc(c, sizeof(*p));

	if (!p)
		return NULL;
	p->name = name;
	/* never NULL, even empty: the fixups and the flattening index it */
	if (!(p->val = mxi_dtsc_alloc(&c->a, b ? b->n : 0)))
		c->rc = MX_ENOMEM;
	else if (b && b->n)
		memcpy(p->val, b->v, b->n);
	if (b && b->nm && (p->marks = mxi_dtsc_alloc(&c->a, b->nm * sizeof(*b->m))))
		memcpy(p->marks, b->m, b->nm * sizeof(*b->m));
	if (b && b->nm && !p->marks)
		c->rc = MX_ENOMEM;
	p->len = b ? b->n : 0;
	p->nmarks = b ? b->nm : 0;
	return p;
}

/* nodedef: '{' proplist subnodes '}' ';' (build_node: properties in order, then children) */
static struct dtsc_node *nodedef(struct dtsc *c, struct vbuf *b, int depth)
{
	struct dtsc_node *n = zalloc(c, sizeof(*n));
	struct dtsc_prop **ptail = n ? &n->props : NULL;
	struct dtsc_node **ktail = n ? &n->children : NULL;
	const char *labels[16];
	bool subnodes = false;

	if (!n || !expect(c, '{', "syntax error: '{' was expected"))
		return NULL;
	if (depth > 1000) {
		mxi_dtsc_fail(c, "nodes nested too deep");
		return NULL;
	}
	if (depth > c->ndepth)
		c->ndepth = depth;
	while (!c->rc && c->tok != '}') {
		size_t nl = 0;
		struct dtsc_prop *p = NULL;
		struct dtsc_node *k = NULL;

		for (; c->tok == T_LABEL && nl < 16; mxi_dtsc_next(c))
			if (!(labels[nl++] = dup_tok(c)))
				return NULL;
		if (c->tok == T_DELPROP || c->tok == T_DELNODE) {
			bool node = c->tok == T_DELNODE;
			const char *name;

			mxi_dtsc_next(c);
			if (c->tok != T_NAME || !(name = dup_tok(c)))
				return mxi_dtsc_fail(c, "syntax error after /delete-*/"), NULL;
			mxi_dtsc_next(c);
			if (!expect(c, ';', "syntax error: ';' was expected"))
				return NULL;
			if (node) {
				if ((k = zalloc(c, sizeof(*k)))) {   /* build_node_delete() */
					k->name = name;
					k->deleted = true;
				}
			} else if ((p = new_prop(c, name, NULL))) {
				p->deleted = true;                /* build_property_delete() */
			}
		} else if (c->tok == T_NAME) {
			const char *name = dup_tok(c);

			mxi_dtsc_next(c);
			if (!name)
				return NULL;
			if (c->tok == '{') {
				if ((k = nodedef(c, b, depth + 1)))
					k->name = name;
			} else {
				b->n = b->nm = 0;
				if (c->tok == '=') {
					mxi_dtsc_next(c);
					propdata(c, b);
				}
				if (expect(c, ';', "syntax error in a property"))
					p = new_prop(c, name, b);
			}
		} else {
			mxi_dtsc_fail(c, nl == 16 ? "too many labels" : "syntax error in a node");
		}
		if (c->rc)
			return NULL;
		if (p) {
			/* subnodes: subnode propdef -> "Properties must precede subnodes" */
			if (subnodes)
				return mxi_dtsc_fail(c, "properties after subnodes"), NULL;
			for (size_t i = 0; i < nl; i++)
				add_label(c, &p->labels, labels[i], NULL);
			*ptail = p;
			ptail = &p->next;
		} else if (k) {
			subnodes = true;
			for (size_t i = 0; i < nl; i++)
				add_label(c, &k->labels, labels[i], k);
			k->parent = n;
			*ktail = k;
			ktail = &k->next;
		}
	}
	if (c->rc || !expect(c, '}', "syntax error: '}' was expected") ||
	    !expect(c, ';', "syntax error: ';' was expected after '}'"))
		return NULL;
	return n;
}

/* livetree.c guess_boot_cpuid(): the first child of /cpus (even a deleted one), its 1-cell reg */
static uint32_t guess_boot_cpuid(struct dtsc *c)
{
	struct dtsc_node *cpus = by_path(c->root, "/cpus");
	struct dtsc_prop *reg;

	if (!cpus || !cpus->children)
		return 0;
	for (reg = cpus->children->props; reg && (reg->deleted || strcmp(reg->name, "reg")); reg = reg->next)
		;
	if (!reg || reg->len != 4)
		return 0;
	return (uint32_t)mxi_dt_cells(reg->val, 1);
}

/*
 * sourcefile: headers memreserves devicetree. The devicetree rules: '/'
 * nodedef (merged into the root after the first), [label] &ref nodedef
 * (merged into the node the reference names at that point, the label
 * added), /delete-node/ &ref ';'. References not found are errors.
 */
int mxi_dtsc_parse(struct dtsc *c)
{
	struct vbuf b = { 0 };

	mxi_dtsc_next(c);
	if (c->tok != T_V1)
		return mxi_dtsc_fail(c, "no /dts-v1/ first");
	while (c->tok == T_V1) {
		mxi_dtsc_next(c);
		expect(c, ';', "syntax error after /dts-v1/");
	}
	while (!c->rc && (c->tok == T_LABEL || c->tok == T_MEMRESERVE)) {
		uint64_t r[2];

		while (c->tok == T_LABEL)
			mxi_dtsc_next(c);
		if (!expect(c, T_MEMRESERVE, "syntax error before /memreserve/"))
			break;
		r[0] = mxi_dtsc_prim(c);
		r[1] = mxi_dtsc_prim(c);
		if (!expect(c, ';', "syntax error in /memreserve/") ||
		    grow(c, (void **)&c->rsv, &c->maxrsv, c->nrsv + 2, sizeof(*c->rsv)))
			break;
		c->rsv[c->nrsv++] = r[0];
		c->rsv[c->nrsv++] = r[1];
	}
	if (!c->rc && expect(c, '/', "no root node '/' first") && (c->root = nodedef(c, &b, 0)))
		c->root->name = "";
	while (!c->rc && c->tok != T_EOF) {
		struct dtsc_node *n, *target;
		const char *label = NULL, *ref;

		if (c->tok == '/') {
			mxi_dtsc_next(c);
			if ((n = nodedef(c, &b, 0)))
				merge_nodes(c, c->root, n);
			continue;
		}
		if (c->tok == T_DELNODE) {
			mxi_dtsc_next(c);
			if (c->tok != T_REF || !(ref = dup_tok(c))) {
				mxi_dtsc_fail(c, "syntax error after /delete-node/");
				break;
			}
			mxi_dtsc_next(c);
			if (!expect(c, ';', "syntax error: ';' was expected"))
				break;
			if (!(target = mxi_dtsc_by_ref(c, ref)) || target == c->root)
				mxi_dtsc_fail(c, target ? "/delete-node/ of the root" : "label or path not found");
			else
				delete_node(target);
			continue;
		}
		if (c->tok == T_LABEL) {
			if (!(label = dup_tok(c)))
				break;
			mxi_dtsc_next(c);
		}
		if (c->tok != T_REF || !(ref = dup_tok(c))) {
			mxi_dtsc_fail(c, "syntax error at the top level");
			break;
		}
		mxi_dtsc_next(c);
		c->ndepth = 0;
		if (!(n = nodedef(c, &b, 0)))
			break;
		if (!(target = mxi_dtsc_by_ref(c, ref))) {
			mxi_dtsc_fail(c, "label or path not found");
			break;
		}
		/* overrides of deep nodes could nest without end: every walk of the tree recurses */
		int depth = c->ndepth;

		for (struct dtsc_node *up = target; up; up = up->parent)
			depth++;
		if (depth > 4000) {
			mxi_dtsc_fail(c, "nodes nested too deep");
			break;
		}
		if (label)
			add_label(c, &target->labels, label, target);
		merge_nodes(c, target, n);
	}
	free(b.v);
	free(b.m);
	if (!c->rc)
		c->boot_cpuid = guess_boot_cpuid(c);
	return c->rc;
}
