/* memx/diag.h - diagnostics: what went wrong, where in the input, which check */
#ifndef MEMX_DIAG_H
#define MEMX_DIAG_H

#include "memx/api.h"

#include <stdarg.h>
#include <stddef.h>

#include "memx/buf.h"

enum mx_severity {
	MX_SEV_NOTE = 0,
	MX_SEV_WARNING = 1,
	MX_SEV_ERROR = 2,
};

/* A position in a source file; line and col are 1-based, 0 when unknown. */
struct mx_srcpos {
	const char *file; /* borrowed; see the owner's documentation */
	int line;
	int col;
};

/*
 * One diagnostic. @check is a static string naming the check that fired
 * (see mx_check_registry() in memx/check.h), or NULL for loader errors.
 * The diag owns @file and @msg.
 */
struct mx_diag {
	enum mx_severity sev;
	const char *check;
	char *file;
	int line;
	int col;
	int region; /* index into the profile's reserved-memory regions, or -1 */
	char *msg;
};

struct mx_diaglist {
	struct mx_diag *d;
	size_t cnt;
	size_t max;
	int failed; /* an add ran out of memory: the list is incomplete */
};

MX_API void mx_diaglist_init(struct mx_diaglist *l);
MX_API void mx_diaglist_release(struct mx_diaglist *l);
MX_API void mx_diaglist_clear(struct mx_diaglist *l);
/* Returns 0 or MX_ENOMEM. @pos may be NULL. */
MX_API int mx_diag_add(struct mx_diaglist *l, enum mx_severity sev, const char *check,
		const struct mx_srcpos *pos, int region, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
MX_API int mx_diag_vadd(struct mx_diaglist *l, enum mx_severity sev, const char *check,
		 const struct mx_srcpos *pos, int region, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));
MX_API size_t mx_diaglist_count(const struct mx_diaglist *l, enum mx_severity sev);
/* Append another list's entries (copies). Returns 0 or MX_ENOMEM. */
MX_API int mx_diaglist_append(struct mx_diaglist *dst, const struct mx_diaglist *src);

MX_API const char *mx_severity_name(enum mx_severity sev);
/*
 * mx_diag_format - "file:line:col: error: msg [check]" (parts that are
 * unknown are left out), no trailing newline.
 */
MX_API int mx_diag_format(const struct mx_diag *d, struct mx_buf *out);

#endif
