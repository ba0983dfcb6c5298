/* dt_scan.c - a DTS followed as dtc's grammar reads it, without a second dtc run: nodes, labels, includes */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dt_internal.h"

#include <libfdt.h>

/*
 * dtc compiles; this only follows the structure dtc will build, to learn
 * where each node was first written (dtc -T's first position: the line and
 * column of its '{') and the labels it carries, and to see every /include/
 * and /incbin/ before dtc opens it. Property values are skipped. It follows
 * dtc's grammar (dtc-parser.y): nodes, "&label {" and "&{/path} {"
 * references, /delete-node/, /plugin/ fragments; on anything else it stops
 * and leaves the error to dtc.
 */

#define MAX_DEPTH 100

struct src {
	const char *t;
	size_t n, i;
	int line, col;
	const char *file;   /* shown name (one of s->files) */
	char *dir;          /* where relative includes are tried first, or NULL */
	char *owned;        /* the text, when it was read here */
};

enum tk { T_EOF, T_NAME, T_LABEL, T_REF, T_PATHREF, T_KEYWORD, T_STRING, T_PUNCT, T_BAD };

struct token {
	enum tk k;
	char *s;            /* name, label, reference, keyword or string (malloc'd) */
	char c;             /* T_PUNCT */
	int line, col;
	const char *file;
};

struct scanner {
	struct mxi_dts_scan *s;
	struct mxi_dt_env *e;
	struct mx_diaglist *d;
	struct src st[MAX_DEPTH];
	int depth;
	int rc;             /* MX_EPARSE (refused) or MX_ENOMEM: stop */
	bool stop;          /* structure not followed: stop quietly */
};

/* --- the lexer --------------------------------------------------------------------------- */

static struct src *cur(struct scanner *k)
{
	return &k->st[k->depth];
}

static void pop(struct scanner *k)
{
	free(k->st[k->depth].owned);
	free(k->st[k->depth].dir);
	k->depth--;
}

static void advance(struct src *c)
{
	if (c->t[c->i] == '\n') {
		c->line++;
		c->col = 1;
	} else {
		c->col++;
	}
	c->i++;
}

/* A cpp line marker at the start of a line: # 41 "file" [flags] (dtc-lexer.l) */
static bool line_marker(struct scanner *k, struct src *c)
{
	size_t i = c->i + 1, q, e;
	long line;
	char *end, *name;
	const char *shown;

	if (!strncmp(c->t + i, "line", 4))
		i += 4;
	if (c->t[i] != ' ' && c->t[i] != '\t')
		return false;
	while (c->t[i] == ' ' || c->t[i] == '\t')
		i++;
	line = strtol(c->t + i, &end, 10);
	if (end == c->t + i)
		return false;
	for (q = (size_t)(end - c->t); c->t[q] == ' ' || c->t[q] == '\t'; q++)
		;
	if (c->t[q] != '"')
		return false;
	for (e = q + 1; e < c->n && c->t[e] != '"' && c->t[e] != '\n'; e++)
		;
	if (c->t[e] != '"')
		return false;
	if (!(name = strndup(c->t + q + 1, e - q - 1))) {
		k->rc = MX_ENOMEM;
		return false;
	}
	shown = mxi_dt_env_name(k->e, name);
	free(name);
	if (!shown || !(c->file = mxi_dts_scan_intern(k->s, shown))) {
		k->rc = MX_ENOMEM;
		return false;
	}
	while (c->i < c->n && c->t[c->i] != '\n')
		c->i++;
	if (c->i < c->n)
		c->i++;
	c->line = (int)line;
	c->col = 1;
	return true;
}

/* Skip blanks, comments and line markers; false at the end of every source. */
static bool skip_space(struct scanner *k)
{
	for (;;) {
		struct src *c = cur(k);

		if (k->rc)
			return false;
		if (c->i >= c->n) {
			if (k->depth == 0)
				return false;
			pop(k);
			continue;
		}
		if (c->t[c->i] == '#' && (c->i == 0 || c->t[c->i - 1] == '\n') && line_marker(k, c))
			continue;
		if (c->t[c->i] == ' ' || c->t[c->i] == '\t' || c->t[c->i] == '\n' || c->t[c->i] == '\r') {
			advance(c);
		} else if (c->t[c->i] == '/' && c->t[c->i + 1] == '*') {
			advance(c);
			advance(c);
			while (c->i < c->n && !(c->t[c->i] == '*' && c->t[c->i + 1] == '/'))
				advance(c);
			if (c->i < c->n) {
				advance(c);
				advance(c);
			}
		} else if (c->t[c->i] == '/' && c->t[c->i + 1] == '/') {
			while (c->i < c->n && c->t[c->i] != '\n')
				advance(c);
		} else {
			return true;
		}
	}
}

static bool label_char(char ch, bool first)
{
	return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (!first && ch >= '0' && ch <= '9');
}

static bool name_char(char ch)
{
	return label_char(ch, false) || strchr(",._+*#?@-", ch);
}

/* A quoted string at c->i; its text (escapes kept as written: only paths are read). */
static char *string_at(struct scanner *k, struct src *c)
{
	size_t st;

	advance(c);
	st = c->i;
	while (c->i < c->n && c->t[c->i] != '"') {
		if (c->t[c->i] == '\\' && c->i + 1 < c->n)
			advance(c);
		advance(c);
	}
	if (c->i >= c->n)
		return NULL;
	advance(c);
	{
		char *s = strndup(c->t + st, c->i - 1 - st);

		if (!s)
			k->rc = MX_ENOMEM;
		return s;
	}
}

/* Where dtc would open @name from the current source (srcfile_relative_open()). */
static char *resolve(struct scanner *k, const char *name)
{
	struct src *c = cur(k);
	struct stat st;
	char *full;

	if (name[0] == '/')
		return strdup(name);
	/* the current file's directory (none: the name as it is), then each -i directory */
	for (size_t i = 0; i <= k->e->nidirs; i++) {
		const char *dir = i == 0 ? c->dir : k->e->idirs[i - 1];

		if (!dir) {
			if (!stat(name, &st))
				return strdup(name);
			continue;
		}
		if (!(full = malloc(strlen(dir) + strlen(name) + 2)))
			return NULL;
		sprintf(full, "%s/%s", dir, name);
		if (!stat(full, &st))
			return full;
		free(full);
	}
	return strdup(name);
}

static char *dir_of(const char *path)
{
	const char *sl = strrchr(path, '/');

	return sl ? strndup(path, (size_t)(sl - path)) : strdup(".");
}

/* /include/ or /incbin/ of @name at @t: refused outside the roots; /include/ is scanned too. */
static void take_file(struct scanner *k, const char *kw, const char *name, const struct token *t)
{
	char *full = resolve(k, name), *text = NULL;
	struct stat st;
	size_t len;

	if (!full) {
		k->rc = MX_ENOMEM;
		return;
	}
	if (!mxi_dt_env_allows(k->e, full)) {
		struct mx_srcpos pos = { t->file, t->line, t->col };

		mx_diag_add(k->d, MX_SEV_ERROR, NULL, &pos, -1, "refusing %s \"%s\": %s lies outside "
			    "the input's tree and the -I directories (--allow-outside-includes reads it)",
			    kw, name, full);
		k->rc = MX_EPARSE;
		free(full);
		return;
	}
	if (strcmp(kw, "/include/") || k->depth + 1 >= MAX_DEPTH || stat(full, &st) ||
	    !S_ISREG(st.st_mode) || mx_file_read(full, &text, &len)) {
		free(full); /* dtc reads it (or says why it cannot) */
		return;
	}
	k->depth++;
	memset(cur(k), 0, sizeof(struct src));
	cur(k)->t = text;
	cur(k)->owned = text;
	cur(k)->n = len;
	cur(k)->line = cur(k)->col = 1;
	if (!(cur(k)->file = mxi_dts_scan_intern(k->s, full)) || !(cur(k)->dir = dir_of(full)))
		k->rc = MX_ENOMEM;
	free(full);
}

static void tok_free(struct token *t)
{
	free(t->s);
	t->s = NULL;
}

/* The next token (follows /include/ by itself). */
static void next(struct scanner *k, struct token *t)
{
	struct src *c;
	size_t st;

	memset(t, 0, sizeof(*t));
	for (;;) {
		if (!skip_space(k)) {
			t->k = T_EOF;
			return;
		}
		c = cur(k);
		t->line = c->line;
		t->col = c->col;
		t->file = c->file;
		st = c->i;
		if (c->t[st] == '/' && label_char(c->t[st + 1], true)) {
			/* a keyword: /dts-v1/, /include/, /delete-node/ ... */
			size_t e = st + 1;

			while (e < c->n && (name_char(c->t[e]) && c->t[e] != '/'))
				e++;
			if (c->t[e] == '/') {
				while (c->i <= e)
					advance(c);
				if (!(t->s = strndup(c->t + st, e + 1 - st))) {
					k->rc = MX_ENOMEM;
					t->k = T_EOF;
					return;
				}
				if (!strcmp(t->s, "/include/")) {
					struct token f;

					tok_free(t);
					skip_space(k);
					c = cur(k);
					if (c->i < c->n && c->t[c->i] == '"') {
						char *name;

						f.file = c->file;
						f.line = c->line;
						f.col = c->col;
						if ((name = string_at(k, c))) {
							take_file(k, "/include/", name, &f);
							free(name);
						}
						continue;
					}
					t->k = T_BAD;
					return;
				}
				t->k = T_KEYWORD;
				return;
			}
		}
		if (c->t[st] == '"') {
			t->k = (t->s = string_at(k, c)) ? T_STRING : T_BAD;
			return;
		}
		if (c->t[st] == '&') {
			advance(c);
			if (c->t[c->i] == '{') {
				size_t e = c->i + 1;

				while (e < c->n && c->t[e] != '}' && c->t[e] != '\n')
					e++;
				if (c->t[e] != '}') {
					t->k = T_BAD;
					return;
				}
				t->s = strndup(c->t + c->i + 1, e - c->i - 1);
				while (c->i <= e)
					advance(c);
				t->k = t->s ? T_PATHREF : T_BAD;
				return;
			}
			st = c->i;
			while (c->i < c->n && label_char(c->t[c->i], c->i == st))
				advance(c);
			t->s = strndup(c->t + st, c->i - st);
			t->k = t->s && *t->s ? T_REF : T_BAD;
			return;
		}
		if (name_char(c->t[st]) || c->t[st] == '/') {
			size_t e = st + 1;

			if (c->t[st] != '/')
				while (e < c->n && name_char(c->t[e]))
					e++;
			t->s = strndup(c->t + st, e - st);
			while (c->i < e)
				advance(c);
			if (!t->s) {
				k->rc = MX_ENOMEM;
				t->k = T_EOF;
				return;
			}
			t->k = T_NAME;
			if (c->i < c->n && c->t[c->i] == ':' && label_char(t->s[0], true)) {
				bool lab = true;

				for (const char *p = t->s; *p; p++)
					lab = lab && label_char(*p, false);
				if (lab) {
					advance(c);
					t->k = T_LABEL;
				}
			}
			return;
		}
		t->k = T_PUNCT;
		t->c = c->t[st];
		advance(c);
		return;
	}
}

/*
 * Skip a property value up to its ';' (strings, characters, comments and
 * line markers included), checking every /incbin/ on the way.
 */
static void skip_value(struct scanner *k)
{
	for (;;) {
		struct src *c;

		if (!skip_space(k)) {
			k->stop = true;
			return;
		}
		c = cur(k);
		switch (c->t[c->i]) {
		case ';':
			advance(c);
			return;
		case '{':
		case '}':
			k->stop = true; /* not a value dtc accepts */
			return;
		case '"': {
			char *s = string_at(k, c);

			if (!s) {
				k->stop = true;
				return;
			}
			free(s);
			break;
		}
		case '\'':
			advance(c);
			while (c->i < c->n && c->t[c->i] != '\'' && c->t[c->i] != '\n') {
				if (c->t[c->i] == '\\')
					advance(c);
				advance(c);
			}
			if (c->i < c->n)
				advance(c);
			break;
		default:
			if (!strncmp(c->t + c->i, "/incbin/", 8)) {
				struct token f = { T_BAD, NULL, 0, c->line, c->col, c->file };

				for (int j = 0; j < 8; j++)
					advance(c);
				skip_space(k);
				c = cur(k);
				if (c->t[c->i] == '(')
					advance(c);
				skip_space(k);
				c = cur(k);
				if (c->t[c->i] == '"') {
					char *name = string_at(k, c);

					if (name) {
						take_file(k, "/incbin/", name, &f);
						free(name);
					}
					if (k->rc)
						return;
				}
				break;
			}
			advance(c);
		}
	}
}

/* --- the parser -------------------------------------------------------------------------- */

static bool expect(struct scanner *k, char ch)
{
	struct token t;

	next(k, &t);
	if (t.k == T_PUNCT && t.c == ch)
		return true;
	tok_free(&t);
	k->stop = true;
	return false;
}

static char *join(const char *parent, const char *name)
{
	char *p = malloc(strlen(parent) + strlen(name) + 2);

	if (p)
		sprintf(p, "%s/%s", strcmp(parent, "/") ? parent : "", name);
	return p;
}

/* A path a __symbols__ entry gives for @label, or NULL. */
static const char *symbol(const struct mxi_dts_scan *s, const char *label)
{
	int sym, len;
	const char *v;

	if (!s->symbols_fdt || (sym = fdt_path_offset(s->symbols_fdt, "/__symbols__")) < 0)
		return NULL;
	v = fdt_getprop(s->symbols_fdt, sym, label, &len);
	return v && len > 0 && v[len - 1] == '\0' ? v : NULL;
}

/* The node a reference names ("label", "label/sub" or "/path"); malloc'd, or NULL. */
static char *deref(struct scanner *k, const char *ref)
{
	const char *sl, *base;
	char *lab, *p;

	if (ref[0] == '/')
		return strdup(ref);
	sl = strchr(ref, '/');
	if (!(lab = sl ? strndup(ref, (size_t)(sl - ref)) : strdup(ref))) {
		k->rc = MX_ENOMEM;
		return NULL;
	}
	base = mxi_dts_scan_label(k->s, lab);
	if (!base)
		base = symbol(k->s, lab);
	free(lab);
	if (!base)
		return NULL;
	p = sl ? join(base, sl + 1) : strdup(base);
	if (!p)
		k->rc = MX_ENOMEM;
	return p;
}

static void node_body(struct scanner *k, const char *path);

/* A node opened at @t ('{' just read): record it, labels and all, then its body. */
static void open_node(struct scanner *k, const char *path, const struct token *brace, char **labels,
		      size_t nlabels)
{
	if (mxi_dts_scan_define(k->s, path, brace->file, brace->line, brace->col, labels, nlabels)) {
		k->rc = MX_ENOMEM;
		return;
	}
	node_body(k, path);
}

#define MAX_LABELS 16

static void free_labels(char **l, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free(l[i]);
	*n = 0;
}

/* "label:" before a node: kept (up to MAX_LABELS) for the node that follows. */
static bool take_label(char **labels, size_t *nl, struct token *t)
{
	if (t->k != T_LABEL)
		return false;
	if (*nl < MAX_LABELS)
		labels[(*nl)++] = t->s;
	else
		free(t->s);
	t->s = NULL;
	return true;
}

static void node_body(struct scanner *k, const char *path)
{
	char *labels[MAX_LABELS];
	size_t nl = 0;

	while (!k->rc && !k->stop) {
		struct token t;

		next(k, &t);
		if (t.k == T_EOF || t.k == T_BAD) {
			tok_free(&t);
			k->stop = true;
			break;
		}
		if (t.k == T_PUNCT && t.c == '}' && !nl) {
			expect(k, ';');
			return;
		}
		if (take_label(labels, &nl, &t))
			continue;
		if (t.k == T_KEYWORD && (!strcmp(t.s, "/delete-node/") || !strcmp(t.s, "/delete-property/"))) {
			bool node = !strcmp(t.s, "/delete-node/");
			struct token n;

			tok_free(&t);
			next(k, &n);
			if (n.k != T_NAME) {
				tok_free(&n);
				k->stop = true;
				break;
			}
			if (node) {
				char *cp = join(path, n.s);

				if (!cp)
					k->rc = MX_ENOMEM;
				else
					mxi_dts_scan_delete(k->s, cp);
				free(cp);
			}
			tok_free(&n);
			expect(k, ';');
			continue;
		}
		if (t.k == T_KEYWORD && !strcmp(t.s, "/omit-if-no-ref/")) {
			tok_free(&t);
			continue;
		}
		if (t.k == T_NAME) {
			struct token a;

			next(k, &a);
			if (a.k == T_PUNCT && a.c == '{') {
				char *cp = join(path, t.s);

				if (!cp)
					k->rc = MX_ENOMEM;
				else
					open_node(k, cp, &a, labels, nl);
				free(cp);
			} else if (a.k == T_PUNCT && a.c == '=') {
				skip_value(k);
			} else if (!(a.k == T_PUNCT && a.c == ';')) {
				k->stop = true;
			}
			tok_free(&a);
			tok_free(&t);
			free_labels(labels, &nl);
			continue;
		}
		tok_free(&t);
		k->stop = true;
	}
	free_labels(labels, &nl);
}

static void top(struct scanner *k)
{
	char *labels[MAX_LABELS];
	size_t nl = 0;

	while (!k->rc && !k->stop) {
		struct token t;

		next(k, &t);
		if (t.k == T_EOF) {
			tok_free(&t);
			break;
		}
		if (take_label(labels, &nl, &t))
			continue;
		if (t.k == T_KEYWORD) {
			if (!strcmp(t.s, "/plugin/"))
				k->s->plugin = true;
			if (!strcmp(t.s, "/delete-node/")) {
				struct token r;
				char *p;

				next(k, &r);
				if ((r.k == T_REF || r.k == T_PATHREF) && (p = deref(k, r.s))) {
					mxi_dts_scan_delete(k->s, p);
					free(p);
				}
				tok_free(&r);
				expect(k, ';');
			} else if (!strcmp(t.s, "/omit-if-no-ref/")) {
				/* the reference and its ';' follow */
			} else if (strcmp(t.s, "/dts-v1/") && strcmp(t.s, "/plugin/")) {
				skip_value(k); /* /memreserve/ a b; */
			} else {
				expect(k, ';');
			}
			tok_free(&t);
			free_labels(labels, &nl);
			continue;
		}
		if ((t.k == T_NAME && !strcmp(t.s, "/")) || t.k == T_REF || t.k == T_PATHREF) {
			struct token b;
			char *p;

			if (t.k == T_NAME) {
				p = strdup("/");
			} else if (k->s->plugin && !(t.k == T_REF ? mxi_dts_scan_label(k->s, t.s) != NULL :
						      mxi_dts_scan_find(k->s, t.s) != NULL)) {
				/*
				 * An overlay's reference its own tree does not hold: dtc makes it
				 * an orphan fragment@N, resolved against the base when applied
				 * (the base's __symbols__ say where, when the scan has them).
				 */
				char frag[64];

				snprintf(frag, sizeof(frag), "/fragment@%u/__overlay__", k->s->nfragments++);
				p = deref(k, t.s);
				if (!p && !k->rc)
					p = strdup(frag);
			} else {
				p = deref(k, t.s);
			}
			if (!p && !k->rc && t.k == T_NAME)
				k->rc = MX_ENOMEM;
			next(k, &b);
			if (!p || !(b.k == T_PUNCT && b.c == '{')) {
				if (!p && !k->rc && b.k == T_PUNCT && b.c == ';')
					; /* "/omit-if-no-ref/ &label;" */
				else
					k->stop = true;
			} else {
				open_node(k, p, &b, labels, nl);
			}
			free(p);
			tok_free(&b);
			tok_free(&t);
			free_labels(labels, &nl);
			continue;
		}
		tok_free(&t);
		k->stop = true;
	}
	free_labels(labels, &nl);
}

int mxi_dts_scan(struct mxi_dts_scan *s, struct mxi_dt_env *e, const char *text, size_t len,
		 const char *file, const char *dir, struct mx_diaglist *d)
{
	struct scanner k;

	memset(&k, 0, sizeof(k));
	k.s = s;
	k.e = e;
	k.d = d;
	k.st[0].t = text;
	k.st[0].n = len;
	k.st[0].line = k.st[0].col = 1;
	if (!(k.st[0].file = mxi_dts_scan_intern(s, file)) || (dir && !(k.st[0].dir = strdup(dir))))
		return MX_ENOMEM;
	top(&k);
	while (k.depth > 0)
		pop(&k);
	free(k.st[0].dir);
	return k.rc;
}
