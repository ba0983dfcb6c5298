/* testutil.h - helpers shared by the cmocka tests */
#ifndef MEMX_TESTUTIL_H
#define MEMX_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "memx/layout.h"
#include "memx/profile.h"
#include "memx/rangeset.h"

/* Load profiles/<name> from the source tree; fails the test on any error. */
void tu_load_profile(struct mx_profile *p, const char *name);
/* Parse YAML text; returns the loader's code, diagnostics into @d (may be NULL). */
int tu_load_text(struct mx_profile *p, const char *yaml, struct mx_diaglist *d);
/* Load @yaml (it must load cleanly) and resolve its parameters into *@P, diagnostics into @d. */
void tu_params_resolve(struct mx_params *P, struct mx_diaglist *d, const char *yaml);
/* How many diagnostics of @d come from check @check. */
size_t tu_count_check(const struct mx_diaglist *d, const char *check);
/* Parse YAML text that must load; prints any diagnostics, returns how many (warnings). */
size_t tu_load_ok(struct mx_profile *p, const char *yaml);
/* Compute; fails the test on MX_ENOMEM. */
void tu_compute(struct mx_layout *L, const struct mx_profile *p);
/* Load @head followed by @rest as one profile (must load) and compute it. */
void tu_compute_text(struct mx_layout *L, struct mx_profile *p, const char *head, const char *rest);
/* Bytes of every placed item called @name (page tables come as runs of pages). */
uint64_t tu_bytes_of(const struct mx_layout *L, const char *name);
/* How many placed items are called @name. */
size_t tu_count_of(const struct mx_layout *L, const char *name);
/* The first item called @name, or fails the test. */
const struct mx_item *tu_item(const struct mx_layout *L, const char *name);
/* True when a diagnostic of check @check (and region @region, -1 any) is present. */
bool tu_has_diag(const struct mx_layout *L, const char *check, int region);
/* Number of diagnostics of check @check. */
size_t tu_count_diag(const struct mx_layout *L, const char *check);
/* True when some log line contains @text. */
bool tu_log_has(const struct mx_layout *L, const char *text);
/* KiB of @pages for @L. */
uint64_t tu_k(const struct mx_layout *L, uint64_t pages);
/* Path under the source tree (static buffer, valid until the next call). */
const char *tu_src_path(const char *rel);
/*
 * A ../shared input (@what) is missing: say so on stderr (the terminal, not
 * only ctest's log); fail the test when MEMX_REQUIRE_SHARED=1 (CI), else skip
 * it and remember it for tu_exit().
 */
void tu_shared_missing(const char *what);
/* The exit status of a test program: 77 (ctest "Skipped") when it passed without ../shared. */
int tu_exit(int failed);
/* Fails the test unless @rs is canonical: non-empty, non-wrapping, sorted, apart, cnt <= max. */
void tu_rangeset_check(const struct mx_rangeset *rs);
/*
 * The provenance problems of a machine profile's @text (printed, counted):
 * a value line with no [config], [qemu], [base], [kernel] or [fitted] mark
 * of its own, of the key it belongs to, or of a comment line just above it
 * ("name" and "description" are labels); and any of @boots other than @base
 * named anywhere.
 */
int tu_provenance_problems(const char *file, const char *text, const char *base, char *const *boots,
			   size_t nboots);

/* xorshift64*: the next pseudo-random number from *@state (never 0), for random differential tests. */
uint64_t tu_rnd(uint64_t *state);

/*
 * TU_INT_ARG - call ARGS(x) with @v as the type an integer conversion
 * @conv ('d' 'i', or any other for the unsigned ones) with length @len
 * ("", "l", "ll", "z") reads: for tests that build formats at run time.
 */
#define TU_INT_ARG(conv, len, v, ARGS)						\
	do {									\
		if ((conv) == 'd' || (conv) == 'i') {				\
			if (!*(len)) ARGS((int)(v));				\
			else if ((len)[0] == 'z') ARGS((size_t)(v));		\
			else if ((len)[1]) ARGS((long long)(v));		\
			else ARGS((long)(v));					\
		} else {							\
			if (!*(len)) ARGS((unsigned)(v));			\
			else if ((len)[0] == 'z') ARGS((size_t)(v));		\
			else if ((len)[1]) ARGS((unsigned long long)(v));	\
			else ARGS((unsigned long)(v));				\
		}								\
	} while (0)

#endif
