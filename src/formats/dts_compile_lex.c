/*
 * dts_compile_lex.c - dtc 1.6.1's lexer (scripts/dtc/dtc-lexer.l) and its
 * values: tokens by flex's rules (longest match, the earlier rule on a tie,
 * the start conditions INITIAL, V1, PROPNODENAME and BYTESTRING), string
 * escapes (util.c get_escape_char), integer literals and the integer
 * expression grammar of dtc-parser.y. Whatever dtc would call a lexical
 * error ends the compile with a fallback: dtc then says it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dts_compile.h"

enum { S_INITIAL, S_V1, S_PROP, S_BYTES };

/* The arena: chunks of at least 64 KiB, 8-byte aligned allocations. */
struct dtsc_chunk {
	struct dtsc_chunk *next;
	size_t used, size;
	max_align_t data[];
};

void *mxi_dtsc_alloc(struct dtsc_arena *a, size_t n)
{
	struct dtsc_chunk *k = a->head;

	n = (n + 7) & ~(size_t)7;
	if (!k || k->size - k->used < n) {
		size_t size = n > 65536 ? n : 65536;

		if (!(k = malloc(sizeof(*k) + size)))
			return NULL;
		k->size = size;
		k->used = 0;
		k->next = a->head;
		a->head = k;
	}
	k->used += n;
	return (char *)k->data + k->used - n;
}

char *mxi_dtsc_strndup(struct dtsc_arena *a, const char *s, size_t n)
{
	char *d = mxi_dtsc_alloc(a, n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

void mxi_dtsc_arena_release(struct dtsc_arena *a)
{
	while (a->head) {
		struct dtsc_chunk *k = a->head;

		a->head = k->next;
		free(k);
	}
}

int mxi_dtsc_fail(struct dtsc *c, const char *why)
{
	if (!c->rc) {
		c->rc = MXI_DTS_FALLBACK;
		c->why = why;
	}
	c->tok = T_BAD;
	return c->rc;
}

static bool is_space(int ch)
{
	return ch == ' ' || (ch >= '\t' && ch <= '\r');   /* [[:space:]] in the C locale */
}

static bool is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static bool is_hex(int ch)
{
	return is_digit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

static bool is_ident(int ch, bool first)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || (!first && is_digit(ch));
}

/* PROPNODECHAR [a-zA-Z0-9,._+*#?@-] */
static bool is_propnode(int ch)
{
	return is_ident(ch, false) || (ch && strchr(",.+*#?@-", ch));
}

static int hexval(int ch)
{
	return is_digit(ch) ? ch - '0' : (ch | 0x20) - 'a' + 10;
}

/*
 * data_copy_escape_string() of @n bytes at @s into c->str: get_escape_char
 * reads one past the text when it ends in a backslash (the closing quote
 * in yytext), so @s[n] must be readable. "\x" without a hex digit makes dtc
 * die(); strtol's sign and blank skipping are not mirrored: a fallback.
 */
static int unescape(struct dtsc *c, const char *s, size_t n)
{
	c->nstr = 0;
	if (c->maxstr < n + 1) {
		unsigned char *p = realloc(c->str, n + 1);

		if (!p)
			return c->rc = MX_ENOMEM;
		c->str = p;
		c->maxstr = n + 1;
	}
	for (size_t i = 0; i < n; ) {
		unsigned ch = (unsigned char)s[i++];

		if (ch == '\\') {
			unsigned e = (unsigned char)s[i++];
			static const char from[] = "abtnvfr", to[] = "\a\b\t\n\v\f\r";
			const char *k = e ? strchr(from, (int)e) : NULL;

			if (k) {
				ch = (unsigned char)to[k - from];
			} else if (e >= '0' && e <= '7') {
				ch = e - '0';      /* get_oct_char: up to 3 digits */
				for (int d = 1; d < 3 && i < n + 1 && s[i] >= '0' && s[i] <= '7'; d++)
					ch = ch * 8 + (unsigned)(s[i++] - '0');
				ch &= 0xff;
			} else if (e == 'x') {
				if (!is_hex((unsigned char)s[i]))
					return mxi_dtsc_fail(c, "\\x without hex digits");
				ch = (unsigned)hexval((unsigned char)s[i++]);
				if (is_hex((unsigned char)s[i]))
					ch = ch * 16 + (unsigned)hexval((unsigned char)s[i++]);
			} else {
				ch = e;            /* get_escape_char's default: the character */
			}
		}
		c->str[c->nstr++] = (unsigned char)ch;
	}
	return 0;
}

/* Does @kw start at c->pos? */
static bool at(const struct dtsc *c, const char *kw)
{
	size_t n = strlen(kw);

	return c->len - c->pos >= n && !memcmp(c->s + c->pos, kw, n);
}

/* {STRING} \"([^\\"]|\\.)*\" at @i: its length, or 0 */
static size_t string_at(const struct dtsc *c, size_t i)
{
	size_t j = i + 1;

	while (j < c->len && c->s[j] != '"') {
		if (c->s[j] == '\\') {
			if (j + 1 >= c->len || c->s[j + 1] == '\n')
				return 0;
			j++;
		}
		j++;
	}
	return j < c->len ? j + 1 - i : 0;
}

/*
 * The cpp line marker rule, ^"#"(line)?[ \t]+[0-9]+[ \t]+{STRING}([ \t]+[0-9]+)*:
 * its length at c->pos, or 0. It only moves dtc's positions (and a NUL in
 * the name is a lexical error).
 */
static size_t line_marker(struct dtsc *c)
{
	size_t i = c->pos + 1, n, j;

	if (c->pos && c->s[c->pos - 1] != '\n')
		return 0;
	if (c->len - i >= 4 && !memcmp(c->s + i, "line", 4))
		i += 4;
	for (j = i; j < c->len && (c->s[j] == ' ' || c->s[j] == '\t'); j++)
		;
	if (j == i)
		return 0;
	for (i = j; j < c->len && is_digit((unsigned char)c->s[j]); j++)
		;
	if (j == i)
		return 0;
	for (i = j; j < c->len && (c->s[j] == ' ' || c->s[j] == '\t'); j++)
		;
	if (j == i || j >= c->len || !(n = string_at(c, j)))
		return 0;
	if (unescape(c, c->s + j + 1, n - 2))
		return 0;
	if (memchr(c->str, 0, c->nstr)) {
		mxi_dtsc_fail(c, "NUL in a line marker");
		return 0;
	}
	/* the flags: dtc 1.6.1 takes any number of them (cpp writes "1 3 4") */
	for (j += n; ; j = i) {
		for (i = j; i < c->len && (c->s[i] == ' ' || c->s[i] == '\t'); i++)
			;
		if (i == j || i >= c->len || !is_digit((unsigned char)c->s[i]))
			break;
		while (i < c->len && is_digit((unsigned char)c->s[i]))
			i++;
	}
	return j - c->pos;
}

/* {CHAR_LITERAL} '([^']|\\')*' by longest match: its length at c->pos, or 0 */
static size_t char_literal(const struct dtsc *c)
{
	const char *s = c->s;
	size_t best = 0, i = c->pos + 1;
	bool r2 = false, r1 = false, r0 = true;   /* reachable: i - 2, i - 1, i */

	for (; i < c->len && (r0 || r1); i++) {
		if (r0 && s[i] == '\'')
			best = i + 1;
		/* reach(i + 1) = reach(i) && s[i] != '\'' || reach(i - 1) && s[i - 1..i] == "\\'" */
		bool next = (r0 && s[i] != '\'') || (r1 && s[i - 1] == '\\' && s[i] == '\'');

		r2 = r1;
		r1 = r0;
		r0 = next;
	}
	(void)r2;
	return best ? best - c->pos : 0;
}

/* The V1 integer literal ([0-9]+|0[xX][0-9a-fA-F]+)(U|L|UL|LL|ULL)?, as strtoull(, 0) reads it */
static int literal(struct dtsc *c)
{
	const char *s = c->s;
	size_t i = c->pos, j = i;
	char buf[96], *e;

	if (s[i] == '0' && i + 2 < c->len && (s[i + 1] | 0x20) == 'x' && is_hex((unsigned char)s[i + 2]))
		for (j = i + 2; j < c->len && is_hex((unsigned char)s[j]); j++)
			;
	else
		for (; j < c->len && is_digit((unsigned char)s[j]); j++)
			;
	if (c->len - j >= 3 && !memcmp(s + j, "ULL", 3))
		j += 3;
	else if (c->len - j >= 2 && (!memcmp(s + j, "UL", 2) || !memcmp(s + j, "LL", 2)))
		j += 2;
	else if (j < c->len && (s[j] == 'U' || s[j] == 'L'))
		j++;
	if (j - i >= sizeof(buf))
		return mxi_dtsc_fail(c, "integer literal out of range");
	memcpy(buf, s + i, j - i);
	buf[j - i] = 0;
	errno = 0;
	c->num = strtoull(buf, &e, 0);
	if (*e && e[strspn(e, "UL")])
		return mxi_dtsc_fail(c, "bad integer literal");
	if (errno)
		return mxi_dtsc_fail(c, "integer literal out of range");
	c->pos = j;
	c->tok = T_LITERAL;
	return 0;
}

static const struct { const char *kw; int tok, state; } keywords[] = {
	{ "/dts-v1/", T_V1, S_V1 }, { "/plugin/", T_PLUGIN, -1 }, { "/memreserve/", T_MEMRESERVE, S_V1 },
	{ "/bits/", T_BITS, S_V1 }, { "/delete-property/", T_DELPROP, S_PROP },
	{ "/delete-node/", T_DELNODE, S_PROP }, { "/omit-if-no-ref/", T_OMIT, S_PROP },
	{ "/include/", T_INCLUDE, -1 },
};

/* The two-character operators (<*>"<<" ... <*>"||") */
static const struct { char op[3]; int tok; } ops[] = {
	{ "<<", T_LSHIFT }, { ">>", T_RSHIFT }, { "<=", T_LE }, { ">=", T_GE },
	{ "==", T_EQ }, { "!=", T_NE }, { "&&", T_AND }, { "||", T_OR },
};

/* One token, with the rule order of dtc-lexer.l where two rules overlap. */
static void lex(struct dtsc *c)
{
	const char *s = c->s;
	size_t n;
	int ch;

again:
	if (c->rc) {
		c->tok = T_BAD;
		return;
	}
	if (c->pos >= c->len) {
		c->tok = T_EOF;
		return;
	}
	ch = (unsigned char)s[c->pos];
	if (is_space(ch)) {
		c->pos++;
		goto again;
	}
	if (ch == '/' && c->pos + 1 < c->len && s[c->pos + 1] == '*') {
		size_t j = c->pos + 2;

		while (j + 1 < c->len && !(s[j] == '*' && s[j + 1] == '/'))
			j++;
		if (j + 1 >= c->len) {
			mxi_dtsc_fail(c, "unterminated comment");
			goto again;
		}
		c->pos = j + 2;
		goto again;
	}
	if (ch == '/' && c->pos + 1 < c->len && s[c->pos + 1] == '/') {
		const char *e = memchr(s + c->pos, '\n', c->len - c->pos);

		if (!e) {
			mxi_dtsc_fail(c, "// comment without a newline");
			goto again;
		}
		c->pos = (size_t)(e - s) + 1;
		goto again;
	}
	if (ch == '#' && (n = line_marker(c))) {
		c->pos += n;
		goto again;
	}
	if (c->rc)
		goto again;
	c->ts = s + c->pos;
	if (ch == '/') {
		for (size_t k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
			if (at(c, keywords[k].kw)) {
				c->pos += strlen(keywords[k].kw);
				c->tok = keywords[k].tok;
				if (keywords[k].state >= 0)
					c->state = keywords[k].state;
				return;
			}
		if (at(c, "/incbin/") && c->state != S_PROP && c->state != S_BYTES) {
			c->pos += 8;
			c->tok = T_INCBIN;
			return;
		}
	}
	if (ch == '"') {
		if (!(n = string_at(c, c->pos))) {
			mxi_dtsc_fail(c, "unterminated string");
			goto again;
		}
		if (unescape(c, s + c->pos + 1, n - 2))
			goto again;
		c->pos += n;
		c->tok = T_STRING;
		return;
	}
	if (is_ident(ch, true)) {
		/* <*>{LABEL}: beats the name and byte rules when the identifier is followed by ':' */
		size_t j = c->pos + 1;

		while (j < c->len && is_ident((unsigned char)s[j], false))
			j++;
		if (j < c->len && s[j] == ':') {
			c->tn = j - c->pos;
			c->pos = j + 1;
			c->tok = T_LABEL;
			return;
		}
	}
	if (c->state == S_V1 && is_digit(ch)) {
		literal(c);
		return;
	}
	if (ch == '\'') {
		if (!(n = char_literal(c)) || unescape(c, s + c->pos + 1, n - 2) || c->nstr != 1) {
			mxi_dtsc_fail(c, "bad character literal");
			goto again;
		}
		c->num = c->str[0];
		c->pos += n;
		c->tok = T_CHAR;
		return;
	}
	if (ch == '&' && c->pos + 1 < c->len && is_ident((unsigned char)s[c->pos + 1], true)) {
		size_t j = c->pos + 2;

		while (j < c->len && is_ident((unsigned char)s[j], false))
			j++;
		c->ts = s + c->pos + 1;
		c->tn = j - c->pos - 1;
		c->pos = j;
		c->tok = T_REF;
		return;
	}
	if (ch == '&' && at(c, "&{/")) {
		size_t j = c->pos + 3;

		while (j < c->len && (is_propnode((unsigned char)s[j]) || s[j] == '/'))
			j++;
		if (j < c->len && s[j] == '}') {
			c->ts = s + c->pos + 2;
			c->tn = j - c->pos - 2;
			c->pos = j + 1;
			c->tok = T_REF;
			return;
		}
	}
	if (c->state == S_BYTES && is_hex(ch) && c->pos + 1 < c->len && is_hex((unsigned char)s[c->pos + 1])) {
		c->num = (uint64_t)(hexval(ch) * 16 + hexval((unsigned char)s[c->pos + 1]));
		c->pos += 2;
		c->tok = T_BYTE;
		return;
	}
	if (c->state == S_BYTES && ch == ']') {
		c->pos++;
		c->state = S_V1;
		c->tok = ']';
		return;
	}
	if (c->state == S_PROP && (is_propnode(ch) || (ch == '\\' && c->pos + 1 < c->len &&
						      is_propnode((unsigned char)s[c->pos + 1])))) {
		size_t j = c->pos + 1;

		while (j < c->len && is_propnode((unsigned char)s[j]))
			j++;
		c->ts = s + c->pos + (ch == '\\');
		c->tn = j - c->pos - (ch == '\\');
		c->pos = j;
		c->state = S_V1;
		c->tok = T_NAME;
		return;
	}
	for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
		if (at(c, ops[k].op)) {
			c->pos += 2;
			c->tok = ops[k].tok;
			return;
		}
	/* <*>. : one character ('.' is not a newline, and a NUL is no DTS) */
	if (!ch || ch >= 0x80) {
		mxi_dtsc_fail(c, "a character dtc does not read");
		goto again;
	}
	c->pos++;
	if (ch == '[')
		c->state = S_BYTES;
	else if (ch == '{' || ch == ';')
		c->state = S_PROP;
	c->tok = ch;
}

void mxi_dtsc_next(struct dtsc *c)
{
	lex(c);
	if (c->tok == T_INCLUDE || c->tok == T_INCBIN)
		mxi_dtsc_fail(c, c->tok == T_INCLUDE ? "/include/" : "/incbin/");
	else if (c->tok == T_PLUGIN || c->tok == T_OMIT)
		mxi_dtsc_fail(c, c->tok == T_PLUGIN ? "/plugin/" : "/omit-if-no-ref/");
}

/* The expression grammar of dtc-parser.y, integer_expr down to integer_unary (uint64_t) */
static uint64_t ternary(struct dtsc *c);

static bool take(struct dtsc *c, int tok)
{
	if (c->tok != tok)
		return false;
	mxi_dtsc_next(c);
	return true;
}

static uint64_t unary(struct dtsc *c)
{
	int op = c->tok;

	if (c->depth > 256) {
		mxi_dtsc_fail(c, "expression nested too deep");   /* bison's stack has a limit too */
		return 0;
	}
	if (op == '-' || op == '~' || op == '!') {
		uint64_t v;

		mxi_dtsc_next(c);
		c->depth++;
		v = unary(c);
		c->depth--;
		return op == '-' ? -v : op == '~' ? ~v : !v;
	}
	if (op == '(' || op == T_LITERAL || op == T_CHAR)
		return mxi_dtsc_prim(c);
	mxi_dtsc_fail(c, "syntax error in an expression");
	return 0;
}

/* Binary levels from integer_mul (level 0) up to integer_or (level 9), all left-associative. */
static uint64_t binary(struct dtsc *c, int level)
{
	static const int lv[10][3] = {
		{ '*', '/', '%' }, { '+', '-', 0 }, { T_LSHIFT, T_RSHIFT, 0 }, { '<', '>', T_LE },
		{ T_EQ, T_NE, 0 }, { '&', 0, 0 }, { '^', 0, 0 }, { '|', 0, 0 }, { T_AND, 0, 0 }, { T_OR, 0, 0 },
	};
	uint64_t a = level ? binary(c, level - 1) : unary(c);

	for (;;) {
		int op = c->tok;
		uint64_t b;

		if (!op || !(op == lv[level][0] || op == lv[level][1] || op == lv[level][2] ||
			     (level == 3 && op == T_GE)))
			return a;
		mxi_dtsc_next(c);
		b = level ? binary(c, level - 1) : unary(c);
		switch (op) {
		case '*': a *= b; break;
		case '/': case '%':
			if (!b)
				mxi_dtsc_fail(c, "division by zero");   /* ERROR(&@$, "Division by zero") */
			else
				a = op == '/' ? a / b : a % b;
			break;
		case '+': a += b; break;
		case '-': a -= b; break;
		case T_LSHIFT: case T_RSHIFT:
			if (b >= 64)
				mxi_dtsc_fail(c, "shift of 64 or more");
			else
				a = op == T_LSHIFT ? a << b : a >> b;
			break;
		case '<': a = a < b; break;
		case '>': a = a > b; break;
		case T_LE: a = a <= b; break;
		case T_GE: a = a >= b; break;
		case T_EQ: a = a == b; break;
		case T_NE: a = a != b; break;
		case '&': a &= b; break;
		case '^': a ^= b; break;
		case '|': a |= b; break;
		case T_AND: a = a && b; break;
		default: a = a || b; break;
		}
	}
}

/* integer_trinary: integer_or | integer_or '?' integer_expr ':' integer_trinary (both sides read) */
static uint64_t ternary(struct dtsc *c)
{
	uint64_t cond = binary(c, 9), a, b;

	if (!take(c, '?'))
		return cond;
	c->depth++;
	a = ternary(c);
	if (!take(c, ':')) {
		mxi_dtsc_fail(c, "syntax error in a ?: expression");
		c->depth--;
		return 0;
	}
	b = ternary(c);
	c->depth--;
	return cond ? a : b;
}

uint64_t mxi_dtsc_prim(struct dtsc *c)
{
	uint64_t v = c->num;

	if (c->tok == T_LITERAL || c->tok == T_CHAR) {
		mxi_dtsc_next(c);
		return v;
	}
	if (c->tok != '(') {
		mxi_dtsc_fail(c, "syntax error: a number was expected");
		return 0;
	}
	mxi_dtsc_next(c);
	c->depth++;
	if (c->depth > 256)
		mxi_dtsc_fail(c, "expression nested too deep");
	else
		v = ternary(c);
	c->depth--;
	if (!take(c, ')'))
		mxi_dtsc_fail(c, "syntax error: ')' was expected");
	return v;
}
