/* memx/check.h - the registry of named checks (dtc's checks.c) */
#ifndef MEMX_CHECK_H
#define MEMX_CHECK_H

#include "memx/api.h"

#include <stddef.h>

#include "memx/diag.h"

struct mx_check {
	const char *name;          /* "static-overlap" */
	enum mx_severity sev;      /* default severity */
	const char *what;          /* one line for --help and the README */
};

/* All checks, in a fixed order. */
MX_API const struct mx_check *mx_check_registry(size_t *n);
/* The check called @name, or NULL. */
MX_API const struct mx_check *mx_check_find(const char *name);

#endif
