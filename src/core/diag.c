/* diag.c - diagnostic lists and their one-line format */
#include <stdarg.h>
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

int mx_diag_format(const struct mx_diag *d, struct mx_buf *out)
{
	if (d->file) {
		mx_buf_adds(out, d->file);
		if (d->line > 0) {
			mx_buf_addf(out, ":%d", d->line);
			if (d->col > 0)
				mx_buf_addf(out, ":%d", d->col);
		}
		mx_buf_adds(out, ": ");
	}
	mx_buf_addf(out, "%s: %s", mx_severity_name(d->sev), d->msg ? d->msg : "");
	if (d->check)
		mx_buf_addf(out, " [%s]", d->check);
	return out->failed ? MX_ENOMEM : 0;
}
