/* util_internal.h - small helpers shared by the engine's files (not part of the API) */
#ifndef MEMX_UTIL_INTERNAL_H
#define MEMX_UTIL_INTERNAL_H

#include <stddef.h>

/*
 * mx_grow - make the array *@p (of *@max elements of @sz bytes) hold at
 * least @need elements, doubling. Returns 0 or MX_ENOMEM (then *@p is intact).
 */
int mx_grow(void **p, size_t *max, size_t need, size_t sz);

#endif
