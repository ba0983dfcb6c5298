/* dt_internal.h - shared by the device-tree importer and exporter */
#ifndef MEMX_DT_INTERNAL_H
#define MEMX_DT_INTERNAL_H

#include <stdint.h>

#include "memx/dt.h"

/*
 * memx's own properties: what a device tree cannot say but a memx profile
 * can. The kernel ignores unknown properties; the exporter writes them so a
 * round trip keeps them, and the overrides form leaves them out.
 */
#define MX_DT_FREED_LATE "memx,freed-late"
#define MX_DT_FIXUP_KEEP "memx,fixup-keep"
#define MX_DT_ARCH "memx,arch"             /* root: the arch, so no guess is needed */

/* @n big-endian 32-bit cells (1 or 2) as one number */
static inline uint64_t mxi_dt_cells(const unsigned char *c, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = v << 32 | ((uint64_t)c[4 * i] << 24 | (uint64_t)c[4 * i + 1] << 16 |
			       (uint64_t)c[4 * i + 2] << 8 | c[4 * i + 3]);
	return v;
}

/* dt_run.c: cpp and dtc as child processes */
struct mxi_run {
	const char *tool;        /* argv[0] */
	struct mx_buf out, err;  /* what it wrote */
	int status;              /* exit status; 128 + signal; -1 when it did not run */
	int sig;                 /* the signal that ended it, or 0 */
	bool timed_out;          /* memx killed it at the wall-clock limit */
	int spawn_errno;         /* it could not be started (ENOENT: not installed) */
	unsigned limit_seconds;  /* the limits it ran under */
	uint64_t limit_bytes;
};
/*
 * Run @argv[0] (looked up in PATH) with stdin /dev/null, stdout and stderr
 * captured, in its own process group, under @o's time limit (CPU, and the
 * same in wall-clock seconds: the group is killed) and address-space limit.
 * Returns 0 (see @r: it may not have run) or MX_ENOMEM; release @r either way.
 */
int mxi_run(char *const argv[], const struct mx_import_opts *o, struct mxi_run *r);
void mxi_run_release(struct mxi_run *r);
/* One error at @pos when @r was killed, ran out of time, or failed silently; true if said. */
bool mxi_run_ended_badly(struct mx_diaglist *d, const struct mx_srcpos *pos, const struct mxi_run *r);

/* dt_cpp.c: where a DTS may include from, and the C preprocessor as the kernel runs it */
struct mxi_dt_env {
	char **idirs;            /* cpp -I and dtc -i, in order: -I dirs, then the kernel tree's */
	size_t nidirs;
	char **roots;            /* real paths includes may come from (the input's tree, -I dirs) */
	size_t nroots;
	char **assumed;          /* the kernel tree's include dirs memx added by itself */
	size_t nassumed;
	char *input_dir;         /* the input's directory (dtc -i, like the kernel's $(dir $<)) */
	bool allow_outside;      /* --allow-outside-includes */
	char *tmpdir;            /* where the preprocessed text goes, or NULL; removed on release */
	char **names;            /* display names already worked out: raw, shown pairs */
	size_t nnames;
};
/* The include directories and allowed roots for @path. Returns 0 or MX_ENOMEM. */
int mxi_dt_env_init(struct mxi_dt_env *e, const char *path, const struct mx_import_opts *o);
void mxi_dt_env_release(struct mxi_dt_env *e);
/* May @file (as dtc or cpp would open it) be read? Its real path lies under a root. */
bool mxi_dt_env_allows(const struct mxi_dt_env *e, const char *file);
/*
 * The name positions show for @file as cpp wrote it in a line marker: the
 * same string, or the real path (relative to the working directory when it
 * is inside it) when it went through a symlinked include-prefixes directory.
 * Owned by @e. NULL only when out of memory.
 */
const char *mxi_dt_env_name(struct mxi_dt_env *e, const char *file);
/* Does the source text need cpp (directives, __ macros, line continuations)? */
bool mxi_dts_needs_cpp(const char *text, size_t len, int *line);
/*
 * Preprocess @path as scripts/Makefile.lib's cmd_dtc does into a file in
 * e->tmpdir; *out is its name (owned by the caller), @text its content.
 * Returns 0, MX_EPARSE (said in @d: cpp failed, is missing, or read a file
 * outside the roots) or MX_ENOMEM.
 */
int mxi_dt_preprocess(struct mxi_dt_env *e, const char *path, const struct mx_import_opts *o,
		      char **out, struct mx_buf *text, struct mx_diaglist *d);

/* dt_scan.c, dt_scan_table.c: where every node of a DTS was first written, and its labels */
struct mx_dts_pos {
	char *path;
	const char *file;  /* one of the scan's file names */
	char *label;       /* the node's first label, or NULL */
	int line, col;     /* of the node's '{', as dtc -T gives it */
	bool deleted;
};
struct mxi_dts_scan {
	struct mx_dts_pos *v;
	size_t n, max;
	size_t *slots, nslots;      /* path hash: index + 1, 0 empty */
	char **labels;              /* label, path pairs */
	size_t nlabels, maxlabels;
	size_t *lslots, nlslots;    /* label hash */
	char **files;               /* file names positions point at (owned) */
	size_t nfiles;
	const void *symbols_fdt;    /* a tree whose __symbols__ resolves labels the scan lacks */
	bool plugin;                /* /plugin/;: references to unknown labels become fragments */
	unsigned nfragments;        /* overlay fragments seen, as dtc numbers them */
	bool failed;                /* out of memory */
};
/* dt_scan.c: the scan */
/*
 * Scan @text, the DTS dtc will read, named @file (cpp's line markers rename
 * it); @dir is the directory relative /include/ and /incbin/ are tried in
 * first (NULL: none, as for a preprocessed temporary), then e->idirs. Files
 * outside e's roots are refused (one error each, at the directive).
 * Structure it cannot follow ends the scan quietly: dtc says what is wrong.
 * Returns 0, MX_EPARSE (refused include) or MX_ENOMEM.
 */
int mxi_dts_scan(struct mxi_dts_scan *s, struct mxi_dt_env *e, const char *text, size_t len,
		 const char *file, const char *dir, struct mx_diaglist *d);
/* dt_scan_table.c: the tables the scan fills */
void mxi_dts_scan_init(struct mxi_dts_scan *s);
void mxi_dts_scan_release(struct mxi_dts_scan *s);
/* The position of the node at @path, or NULL. */
const struct mx_dts_pos *mxi_dts_scan_find(const struct mxi_dts_scan *s, const char *path);
/* The path of @label (a node label), or NULL. */
const char *mxi_dts_scan_label(const struct mxi_dts_scan *s, const char *label);
/* Record @path at @file:@line:@col with @label (may be NULL), unless it is known. 0 or MX_ENOMEM. */
int mxi_dts_scan_add(struct mxi_dts_scan *s, const char *path, const char *file, int line, int col,
		     const char *label);
/* @file as one of s->files (kept once, owned by @s), or NULL when out of memory. */
const char *mxi_dts_scan_intern(struct mxi_dts_scan *s, const char *file);
/* A node definition at @file:@line:@col with its @nlabels labels, the first its own. 0 or MX_ENOMEM. */
int mxi_dts_scan_define(struct mxi_dts_scan *s, const char *path, const char *file, int line, int col,
			char *const *labels, size_t nlabels);
/* /delete-node/ of @path: it and its subtree deleted, their labels forgotten (dtc keeps none). */
void mxi_dts_scan_delete(struct mxi_dts_scan *s, const char *path);

/* dts_compile*.c: DTS text to a blob in memx's process, byte-identical to dtc 1.6.1 */
#define MXI_DTS_FALLBACK 1  /* not sure, not supported, or an error: run dtc as before */
/**
 * mxi_dts_compile - compile @len bytes of DTS @text (as dtc would read it:
 * after cpp when the source needs cpp) into the blob `dtc -q -I dts -O dtb`
 * writes for it, byte for byte.
 * @blob: the blob (malloc'd; the caller frees it), NULL unless 0 is returned
 * @blob_len: its size
 * @why: (may be NULL) on a fallback, the rule that made it (a static string)
 *
 * Falls back for /include/, /incbin/, /plugin/, /omit-if-no-ref/, every
 * syntax error and every condition dtc's parser or checks.c treat as an
 * ERROR (so dtc's own message reaches the user), and what is not mirrored
 * ("name" and "linux,phandle" properties).
 * Returns: 0, MXI_DTS_FALLBACK or MX_ENOMEM.
 */
int mxi_dts_compile(const char *text, size_t len, void **blob, size_t *blob_len, const char **why);

/* dt_overlay.c: overlays applied onto a base blob */
struct mxi_overlay {
	const char *path;        /* as the user gave it */
	void *blob;              /* compiled overlay (malloc'd) */
	size_t len;
	struct mxi_dts_scan scan; /* its source positions (empty for a .dtbo) */
};
/*
 * Apply @n overlays onto @base (@len bytes, left untouched) in order, as a
 * boot loader does with libfdt's fdt_overlay_apply(). When an overlay needs
 * the base's __symbols__ and it has none, @synthesize makes them from
 * @scan's labels as dtc -@ would (the base came from source), else it is an
 * error (a DTB built without -@). @scan gets the position of every node an
 * overlay adds. *@merged is the packed result (malloc'd).
 * Returns 0, MX_EPARSE (said in @d, naming the overlay) or MX_ENOMEM.
 */
int mxi_dt_overlays_apply(const void *base, size_t len, const char *base_name, struct mxi_overlay *ov,
			  size_t n, struct mxi_dts_scan *scan, bool synthesize, void **merged,
			  size_t *mlen, struct mx_diaglist *d);

/* What the blob loader is told besides the blob. */
struct mxi_dt_extra {
	const struct mxi_dts_scan *scan;  /* node positions and labels, or NULL */
	uint64_t dtb_file;                /* the board's own blob size (no -@), 0: the blob's */
	char *const *assumed;             /* include dirs memx assumed (kernel tree) */
	size_t nassumed;
};

/* Load a blob; @x (may be NULL) says where its nodes were written. */
int mxi_dt_load_blob(struct mx_profile *p, const void *blob, size_t len, const char *name,
		    const struct mx_import_opts *o, const struct mxi_dt_extra *x,
		    struct mx_diaglist *diags);

/* dt_loader.c: what a boot loader's fixups will find in @fdt, into @b->tree (a checked blob) */
void mxi_dt_loader_facts(const void *fdt, struct mx_bootloader *b);

/*
 * The checks every blob passes before anything reads it: the magic, the
 * size, mxi_fdt_header_problem(), fdt_check_full(). 0 or MX_EPARSE (one
 * error naming @name in @d).
 */
int mxi_dt_check_blob(const void *blob, size_t len, const char *name, struct mx_diaglist *d);

/*
 * A blob header libfdt can be trusted with (@len >= 40 and the totalsize
 * within it already checked): version 16 or 17, every block inside the
 * blob, aligned, and apart. Returns 0, or -1 with what is wrong in @why.
 */
int mxi_fdt_header_problem(const void *blob, char *why, size_t n);

#endif
