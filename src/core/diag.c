/* diag.c - diagnostic lists, their one-line format, and how untrusted text is printed */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "memx/diag.h"
#include "memx/types.h"

void mx_diaglist_init(struct mx_diaglist *l)
{
	memset(l, 0, sizeof(*l));
}

void mx_diaglist_clear(struct mx_diaglist *l)
{
	for (size_t i = 0; i < l->cnt; i++) {
		free(l->d[i].file);
		free(l->d[i].msg);
	}
	l->cnt = 0;
	l->failed = 0;
}

void mx_diaglist_release(struct mx_diaglist *l)
{
	mx_diaglist_clear(l);
	free(l->d);
	mx_diaglist_init(l);
}

static int push(struct mx_diaglist *l, enum mx_severity sev, const char *check,
		const char *file, int line, int col, int region, char *msg)
{
	struct mx_diag *d;

	if (mxi_grow((void **)&l->d, &l->max, l->cnt + 1, sizeof(*l->d)))
		goto fail;
	d = &l->d[l->cnt];
	d->file = NULL;
	if (file && !(d->file = strdup(file)))
		goto fail;
	d->sev = sev;
	d->check = check;
	d->line = line;
	d->col = col;
	d->region = region;
	d->msg = msg;
	l->cnt++;
	return 0;
fail:
	free(msg);
	l->failed = 1;
	return MX_ENOMEM;
}

int mx_diag_vadd(struct mx_diaglist *l, enum mx_severity sev, const char *check,
		 const struct mx_srcpos *pos, int region, const char *fmt, va_list ap)
{
	struct mx_buf b;
	char *msg;

	if (!l)
		return 0;
	mx_buf_init(&b);
	mx_buf_vaddf(&b, fmt, ap);
	if (b.failed) {
		mx_buf_release(&b);
		l->failed = 1;
		return MX_ENOMEM;
	}
	msg = mx_buf_detach(&b, NULL);
	if (!msg) {
		l->failed = 1;
		return MX_ENOMEM;
	}
	return push(l, sev, check, pos ? pos->file : NULL, pos ? pos->line : 0,
		    pos ? pos->col : 0, region, msg);
}

int mx_diag_add(struct mx_diaglist *l, enum mx_severity sev, const char *check,
		const struct mx_srcpos *pos, int region, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = mx_diag_vadd(l, sev, check, pos, region, fmt, ap);
	va_end(ap);
	return r;
}

int mx_diaglist_append(struct mx_diaglist *dst, const struct mx_diaglist *src)
{
	for (size_t i = 0; i < src->cnt; i++) {
		const struct mx_diag *s = &src->d[i];
		char *msg = strdup(s->msg ? s->msg : "");

		if (!msg) {
			dst->failed = 1;
			return MX_ENOMEM;
		}
		if (push(dst, s->sev, s->check, s->file, s->line, s->col, s->region, msg))
			return MX_ENOMEM;
	}
	return 0;
}

size_t mx_diaglist_count(const struct mx_diaglist *l, enum mx_severity sev)
{
	size_t n = 0;

	for (size_t i = 0; i < l->cnt; i++)
		n += l->d[i].sev == sev;
	return n;
}

const char *mx_severity_name(enum mx_severity sev)
{
	switch (sev) {
	case MX_SEV_NOTE: return "note";
	case MX_SEV_WARNING: return "warning";
	case MX_SEV_ERROR: return "error";
	}
	return "?";
}

size_t mxi_utf8_seq(const unsigned char *s, uint32_t *cp)
{
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	uint32_t v;

	if (!n || s[0] >= 0xf8)
		return 0;
	v = s[0] & (0x7fu >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) /* also stops at the NUL */
			return 0;
		v = v << 6 | (s[i] & 0x3fu);
	}
	if (v < min[n] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

/*
 * Code points a terminal or an editor acts on rather than shows: the C1
 * controls (U+009B is CSI on a terminal that reads them), the line and
 * paragraph separators, and the bidirectional overrides and isolates that
 * make text display in another order than it reads ("Trojan Source").
 */
static bool invisible(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

int mx_str_escape(struct mx_buf *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	while (*s) {
		const unsigned char *run = s;
		uint32_t cp;
		size_t n = 1;

		/* the common case: a run of printable ASCII other than the backslash */
		while (*s >= 0x20 && *s < 0x7f && *s != '\\')
			s++;
		if (s > run)
			mx_buf_add(out, (const char *)run, (size_t)(s - run));
		if (!*s)
			break;
		if (*s == '\\')
			mx_buf_adds(out, "\\\\");
		else if (*s == '\n')
			mx_buf_adds(out, "\\n");
		else if (*s == '\r')
			mx_buf_adds(out, "\\r");
		else if (*s == '\t')
			mx_buf_adds(out, "\\t");
		else if (*s < 0x80 || !(n = mxi_utf8_seq(s, &cp))) {
			n = 1; /* a control, or a byte that is not UTF-8 */
			mx_buf_addf(out, "\\x%02x", *s);
		} else if (invisible(cp))
			mx_buf_addf(out, "\\u%04x", (unsigned)cp);
		else
			mx_buf_add(out, (const char *)s, n);
		s += n;
	}
	return out->failed ? MX_ENOMEM : 0;
}

/* The file and the message may hold any byte (a name from the input): escaped. */
int mx_diag_format(const struct mx_diag *d, struct mx_buf *out)
{
	if (d->file) {
		mx_str_escape(out, d->file);
		if (d->line > 0) {
			mx_buf_addf(out, ":%d", d->line);
			if (d->col > 0)
				mx_buf_addf(out, ":%d", d->col);
		}
		mx_buf_adds(out, ": ");
	}
	mx_buf_addf(out, "%s: ", mx_severity_name(d->sev));
	mx_str_escape(out, d->msg);
	if (d->check)
		mx_buf_addf(out, " [%s]", d->check);
	return out->failed ? MX_ENOMEM : 0;
}
