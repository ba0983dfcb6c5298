/* yaml_read.h - reading YAML nodes into the profile model, with file:line:col errors (internal) */
#ifndef MEMX_YAML_READ_H
#define MEMX_YAML_READ_H

#include <stdbool.h>
#include <stdint.h>
#include <yaml.h>

#include "memx/buf.h"
#include "memx/profile.h"

#define MAX_ERRORS 20
/*
 * A profile nests five deep (profile, reserved-memory, region, alloc-ranges,
 * range). libyaml's scanner is quadratic in the flow nesting depth (100000
 * '[' take 20 s), so deeper documents are refused before they are loaded.
 */
#define MAX_DEPTH 64

/* One load: the document, the profile being filled, where errors go. */
struct yaml_load {
	yaml_document_t *doc;
	struct mx_profile *p;
	struct mx_diaglist *diags;
	int nerr;
	bool oom;
};

/* An error at @m: "file:line:col: msg" (libyaml marks are zero-based). */
void mxi_yaml_err(struct yaml_load *L, const yaml_mark_t *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define ERR(L, n, ...) mxi_yaml_err((L), &(n)->start_mark, __VA_ARGS__)

/*
 * A value from the document as a message quotes it: at most SHOW_MAX bytes,
 * cut at a character boundary (an unknown 1 MiB key is not repeated). The
 * bytes are kept as they are: mx_diag_format() escapes what it prints.
 */
#define SHOW_MAX 64
struct shown {
	char s[SHOW_MAX + 8]; /* + a cut character's tail (3 bytes at most), "..." */
};
#define SHOW(v) mxi_yaml_show(&(struct shown){ { 0 } }, (v))
const char *mxi_yaml_show(struct shown *b, const char *v);

void mxi_yaml_pos(struct yaml_load *L, const yaml_node_t *n, struct mx_srcpos *pos);
const char *mxi_yaml_kind(const yaml_node_t *n);
/* The text of a scalar, or NULL (with an error naming @what) for anything else. */
const char *mxi_yaml_scalar(struct yaml_load *L, yaml_node_t *n, const char *what);
bool mxi_yaml_is_null(const yaml_node_t *n);
bool mxi_yaml_size(struct yaml_load *L, yaml_node_t *n, uint64_t *out, const char *what);
bool mxi_yaml_uint(struct yaml_load *L, yaml_node_t *n, unsigned *out, unsigned max, const char *what);
bool mxi_yaml_bool(struct yaml_load *L, yaml_node_t *n, bool *out, const char *what);
/*
 * A string: the scalar's text, or NULL for a plain null; a "!bytes" scalar
 * gives its bytes (a string that is not UTF-8 round-trips through YAML so).
 */
bool mxi_yaml_str(struct yaml_load *L, yaml_node_t *n, char **out, const char *what);
/* The tag of a string whose characters U+0001..U+00FF are bytes (profile_write.c writes it). */
#define MXI_YAML_BYTES_TAG "!bytes"
bool mxi_yaml_is_bytes(const yaml_node_t *n);
/* profile_write.c: @str as a double-quoted scalar mxi_yaml_str() reads back as the same bytes */
void mxi_yaml_qstr(struct mx_buf *b, const char *str);

/* A mapping walk: every key must be in @keys; each at most once. */
typedef bool (*yaml_key_fn)(struct yaml_load *L, yaml_node_t *val, void *obj, yaml_node_t *mapnode);

struct yaml_key {
	const char *name;
	yaml_key_fn fn;
};

bool mxi_yaml_map(struct yaml_load *L, yaml_node_t *map, const struct yaml_key *keys, size_t nkeys, void *obj,
		 const char *what);
/* {base: B, size: S} or [B, S] */
bool mxi_yaml_range(struct yaml_load *L, yaml_node_t *n, struct mx_range *r, const char *what);
/* {base, size} or [base, size] rather than a list of ranges */
bool mxi_yaml_is_single_range(struct yaml_load *L, yaml_node_t *n);
/* One range (when @single_ok), or a list of ranges; *out is malloc'd. */
bool mxi_yaml_ranges(struct yaml_load *L, yaml_node_t *n, struct mx_range **out, size_t *nout,
		    bool single_ok, const char *what);

/* profile_region.c: reserved-memory:, a list of regions, into L->p->regions */
bool mxi_yaml_regions(struct yaml_load *L, yaml_node_t *v);

#endif
