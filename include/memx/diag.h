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
 * The diag owns @file and @msg. Both hold the text as it came (a name from
 * the input may carry a newline or an escape sequence): print them through
 * mx_diag_format() or mx_str_escape(), never raw to a terminal.
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

/**
 * mx_diaglist_init - make @l an empty list
 */
MX_API void mx_diaglist_init(struct mx_diaglist *l);
/**
 * mx_diaglist_release - free every diagnostic of @l (their file and message) and leave it empty
 */
MX_API void mx_diaglist_release(struct mx_diaglist *l);
/**
 * mx_diaglist_clear - empty @l, keeping its array for reuse
 */
MX_API void mx_diaglist_clear(struct mx_diaglist *l);
/**
 * mx_diag_add - append a diagnostic of check @check (a static name, or NULL) at @pos
 * (may be NULL) about region @region (-1: none), with a printf-style message.
 * The list copies the file name and owns the message. Returns: 0 or MX_ENOMEM.
 */
MX_API int mx_diag_add(struct mx_diaglist *l, enum mx_severity sev, const char *check,
		const struct mx_srcpos *pos, int region, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/**
 * mx_diag_vadd - mx_diag_add() with a va_list. Returns 0 or MX_ENOMEM
 */
MX_API int mx_diag_vadd(struct mx_diaglist *l, enum mx_severity sev, const char *check,
		 const struct mx_srcpos *pos, int region, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));
/**
 * mx_diaglist_count - the number of diagnostics of severity @sev in @l
 */
MX_API size_t mx_diaglist_count(const struct mx_diaglist *l, enum mx_severity sev);
/**
 * mx_diaglist_append - append another list's entries (copies). Returns 0 or MX_ENOMEM.
 */
MX_API int mx_diaglist_append(struct mx_diaglist *dst, const struct mx_diaglist *src);

/**
 * mx_severity_name - "note", "warning" or "error" (a static string)
 */
MX_API const char *mx_severity_name(enum mx_severity sev);
/**
 * mx_diag_format - "file:line:col: error: msg [check]" (parts that are
 * unknown are left out), no trailing newline; the file name and the message
 * escaped by mx_str_escape(), so the line is one line of printable text.
 * Returns: 0 or MX_ENOMEM.
 */
MX_API int mx_diag_format(const struct mx_diag *d, struct mx_buf *out);

/**
 * mx_str_escape - append @s (NULL: nothing) to @out as printable text:
 * a backslash as \\, newline, carriage return and tab as \n \r \t, other
 * control bytes and bytes that are not UTF-8 as \xNN, the C1 controls,
 * line separators and bidirectional controls as \uNNNN; other UTF-8 as it
 * is. Diagnostics, reports and the command line print names through it, so
 * a name cannot start a line of its own or send a terminal escape.
 * Returns: 0 or MX_ENOMEM.
 */
MX_API int mx_str_escape(struct mx_buf *out, const char *s);

#endif
