/*
 * dts_compile.h - shared by dts_compile*.c only: the live tree dtc 1.6.1 builds
 * from DTS text (scripts/dtc/dtc.h: struct node, struct property, struct
 * label, struct marker), the lexer's tokens, and the arena all of it lives in.
 */
#ifndef MEMX_DTS_COMPILE_H
#define MEMX_DTS_COMPILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dt_internal.h"

/* dtc's labels: deleted ones stay in the list (livetree.c delete_labels) */
struct dtsc_label {
	const char *name;
	bool deleted;
	struct dtsc_node *owner;       /* a node label: its node (for the label index) */
	struct dtsc_label *next;
};

/* dtc's markers that matter for the blob: references (a label marker only names) */
enum dtsc_mark_type { DTSC_REF_PHANDLE, DTSC_REF_PATH, DTSC_VALUE_LABEL };
struct dtsc_mark {
	size_t off;                    /* in the value before any path is inserted */
	enum dtsc_mark_type type;
	const char *ref;               /* label, or a path starting with '/' */
};

struct dtsc_prop {
	const char *name;
	unsigned char *val;            /* in the arena */
	size_t len;
	struct dtsc_mark *marks;
	size_t nmarks;
	struct dtsc_label *labels;
	bool deleted;
	struct dtsc_prop *next;
};

struct dtsc_node {
	const char *name;
	struct dtsc_prop *props;
	struct dtsc_node *children, *next, *parent;
	struct dtsc_label *labels;
	bool deleted;
	uint32_t phandle;              /* 0: none yet */
	const char *fullpath;          /* set for live nodes after the parse */
};

/* Everything a compile allocates, freed at once. */
struct dtsc_arena {
	struct dtsc_chunk *head;
};
void *mxi_dtsc_alloc(struct dtsc_arena *a, size_t n);
/* @n bytes of @s as a NUL-terminated arena string, or NULL */
char *mxi_dtsc_strndup(struct dtsc_arena *a, const char *s, size_t n);
void mxi_dtsc_arena_release(struct dtsc_arena *a);

enum dtsc_tok {
	T_EOF = 256, T_V1, T_PLUGIN, T_MEMRESERVE, T_BITS, T_DELPROP, T_DELNODE, T_OMIT,
	T_LABEL, T_LITERAL, T_CHAR, T_REF, T_BYTE, T_NAME, T_STRING, T_INCBIN, T_INCLUDE,
	T_LSHIFT, T_RSHIFT, T_LE, T_GE, T_EQ, T_NE, T_AND, T_OR, T_BAD
};

/* The whole compile: lexer position and state, the tree, the result. */
struct dtsc {
	const char *s;
	size_t len, pos;
	int state;                     /* flex start condition (dtc-lexer.l) */
	int tok;                       /* the lookahead token */
	const char *ts;                /* its text (T_LABEL, T_REF, T_NAME: the name) */
	size_t tn;
	uint64_t num;                  /* T_LITERAL, T_CHAR, T_BYTE */
	unsigned char *str;            /* T_STRING: the unescaped bytes, without the NUL */
	size_t nstr, maxstr;
	struct dtsc_arena a;
	struct dtsc_node *root;
	uint64_t *rsv;                 /* /memreserve/ address, size pairs */
	size_t nrsv, maxrsv;
	uint32_t boot_cpuid;           /* guess_boot_cpuid() at the end of the parse */
	struct dtsc_label **lidx;      /* node labels by name (open addressing), for references */
	size_t nlidx, maxlidx;
	int depth;                     /* of the expression being read */
	int ndepth;                    /* the deepest level of the last nodedef */
	int rc;                        /* 0, MXI_DTS_FALLBACK or MX_ENOMEM: the first problem */
	const char *why;               /* why it fell back (tests print it) */
};

/* FNV-1a of @s, up to @n bytes or its NUL: the hash of the label, name and string tables */
static inline uint32_t mxi_dtsc_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n && s[i]; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Give up: dtc decides (@why says which rule). Returns rc. */
int mxi_dtsc_fail(struct dtsc *c, const char *why);

/* dts_compile_lex.c */
/* Read the next token into c->tok (T_BAD: none dtc's lexer would accept). */
void mxi_dtsc_next(struct dtsc *c);
/* integer_prim of dtc-parser.y: a literal, a char literal or a (expression); 0 on a failure */
uint64_t mxi_dtsc_prim(struct dtsc *c);

/* dts_compile_tree.c: livetree.c's operations and the grammar's structure */
int mxi_dtsc_parse(struct dtsc *c);
struct dtsc_node *mxi_dtsc_by_ref(struct dtsc *c, const char *ref);

/* dts_compile_fix.c: checks.c's errors, explicit phandles and references */
int mxi_dtsc_fixup(struct dtsc *c);

#endif
