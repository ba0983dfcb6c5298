/* dts_import.c - DTS through cpp and dtc (or memx's own compile), overlays, and picking the right loader for a file */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libfdt.h>

#include "dt_internal.h"

/*
 * dtc's errors: "Error: file.dts:12.3-14 syntax error" -> file:12:3 (the
 * file as cpp's line markers name it: the user's own); the first error line
 * becomes the diagnostic, the rest is dtc's to tell.
 */
static void dtc_failure(struct mxi_dt_env *e, struct mx_diaglist *d, const char *path,
			const struct mxi_run *r)
{
	const char *s = r->err.buf, *end;
	char file[4096] = "";
	int line = 0, col = 0;
	struct mx_srcpos pos = { path, 0, 0 };

	while (*s && strncmp(s, "Error: ", 7) && strncmp(s, "FATAL ERROR: ", 13)) {
		const char *nl = strchr(s, '\n');

		if (!nl)
			break;
		s = nl + 1;
	}
	if (!*s)
		s = r->err.buf;
	if (!strncmp(s, "Error: ", 7))
		s += 7;
	end = strchr(s, '\n');
	if (sscanf(s, "%4095[^:]:%d.%d", file, &line, &col) >= 2 && line > 0) {
		const char *msg = strchr(s, ' '), *shown = mxi_dt_env_name(e, file);

		pos.file = shown ? shown : file;
		pos.line = line;
		pos.col = col;
		if (msg && (!end || msg < end))
			s = msg + 1;
	}
	mx_diag_add(d, MX_SEV_ERROR, NULL, &pos, -1, "dtc: %.*s", end ? (int)(end - s) : (int)strlen(s),
		    *s ? s : "failed without a message");
}

static char *dir_of(const char *path)
{
	const char *sl = strrchr(path, '/');

	return sl ? strndup(path, (size_t)(sl - path)) : strdup(".");
}

/*
 * May the text dtc would read be compiled in memx's own process
 * (mxi_dts_compile: the same bytes, without dtc's ~3 ms process start)?
 * Not when the caller named a compiler (mx_import_opts.dtc) or the user
 * set MEMX_DTC=always; an overlay source needs dtc -@ (__symbols__, fixups).
 */
static bool in_process(const struct mx_import_opts *o)
{
	const char *env = getenv("MEMX_DTC");

	return !(o && o->dtc) && !(env && !strcmp(env, "always"));
}

/*
 * @path to a blob, the way the kernel builds it: cpp when the source uses
 * it, then dtc's compile - in memx's process when mxi_dts_compile() is
 * sure to write dtc's bytes, else one dtc run (-@ for an overlay: it needs
 * __fixups__), with dtc -i the input's directory and the include directories. @scan learns every
 * node's position and labels from the text dtc reads, first: includes from
 * outside the tree are refused before any tool opens them.
 * @text (@len bytes, NULL: read from @path here) is the file's text, freed here.
 */
static int compile(struct mxi_dt_env *e, const char *path, char *text, size_t len,
		   const struct mx_import_opts *o, bool overlay, struct mxi_dts_scan *scan,
		   struct mx_buf *blob, struct mx_diaglist *d)
{
	struct mx_srcpos pos = { path, 0, 0 };
	char *pre = NULL, *dir = NULL, **argv = NULL;
	struct mx_buf ptext;
	struct mxi_run r;
	size_t k = 0;
	int rc = 0, line;

	mx_buf_init(&ptext);
	memset(&r, 0, sizeof(r));
	mx_buf_init(&r.out);
	mx_buf_init(&r.err);
	if (!text && (rc = mx_file_read(path, &text, &len))) {
		mx_diag_add(d, MX_SEV_ERROR, NULL, &pos, -1, "cannot read the device tree: %s",
			    rc == MX_ENOENT ? "no such file" : mx_strerror(rc));
		return rc;
	}
	if (!(o && o->no_cpp) && mxi_dts_needs_cpp(text, len, &line)) {
		if ((rc = mxi_dt_preprocess(e, path, o, &pre, &ptext, d)))
			goto out;
		rc = mxi_dts_scan(scan, e, ptext.buf, ptext.len, path, e->tmpdir, d);
	} else {
		rc = (dir = dir_of(path)) ? mxi_dts_scan(scan, e, text, len, path, dir, d) : MX_ENOMEM;
	}
	if (rc)
		goto out;
	if (!overlay && in_process(o)) {
		void *b;
		size_t blen;

		rc = pre ? mxi_dts_compile(ptext.buf, ptext.len, &b, &blen, NULL)
			 : mxi_dts_compile(text, len, &b, &blen, NULL);
		if (!rc) {
			rc = mx_buf_add(blob, b, blen);
			free(b);
			goto out;
		}
		if (rc != MXI_DTS_FALLBACK)
			goto out;
	}
	rc = MX_ENOMEM;
	if (!(argv = calloc(12 + 2 * e->nidirs, sizeof(char *))))
		goto out;
	argv[k++] = (char *)(o && o->dtc ? o->dtc : "dtc");
	argv[k++] = (char *)"-q";
	if (overlay)
		argv[k++] = (char *)"-@";
	argv[k++] = (char *)"-I";
	argv[k++] = (char *)"dts";
	argv[k++] = (char *)"-O";
	argv[k++] = (char *)"dtb";
	argv[k++] = (char *)"-o";
	argv[k++] = (char *)"-";
	/* scripts/Makefile.lib: $(addprefix -i,$(dir $<) $(DTC_INCLUDE)) */
	argv[k++] = (char *)"-i";
	argv[k++] = e->input_dir;
	for (size_t i = 0; i < e->nidirs; i++) {
		argv[k++] = (char *)"-i";
		argv[k++] = e->idirs[i];
	}
	argv[k++] = pre ? pre : (char *)path;
	if ((rc = mxi_run(argv, o, &r)))
		goto out;
	rc = MX_EPARSE;
	if (r.spawn_errno) {
		mx_diag_add(d, MX_SEV_ERROR, NULL, &pos, -1, "cannot run %s to compile the DTS: %s%s",
			    r.tool, strerror(r.spawn_errno), r.spawn_errno == ENOENT ? " (install "
			    "device-tree-compiler, or give memx the .dtb)" : "");
		rc = MX_ENOENT;
	} else if (!mxi_run_ended_badly(d, &pos, &r) && r.status) {
		dtc_failure(e, d, path, &r);
	} else if (!r.status) {
		*blob = r.out;
		mx_buf_init(&r.out);
		rc = 0;
	}
out:
	if (pre) {
		unlink(pre);
		free(pre);
	}
	mxi_run_release(&r);
	mx_buf_release(&ptext);
	free(argv);
	free(dir);
	free(text);
	return rc;
}

static bool is_blob(const char *b, size_t len)
{
	return len >= 4 && (unsigned char)b[0] == 0xd0 && (unsigned char)b[1] == 0x0d &&
	       (unsigned char)b[2] == 0xfe && (unsigned char)b[3] == 0xed;
}

static void overlays_free(struct mxi_overlay *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].blob);
		mxi_dts_scan_release(&v[i].scan);
	}
	free(v);
}

/* Each --overlay as a checked blob: a .dtbo as it is, an overlay source through cpp and dtc -@. */
static int load_overlays(const struct mx_import_opts *o, struct mxi_overlay **out, struct mx_diaglist *d)
{
	struct mxi_overlay *v = calloc(o->noverlays, sizeof(*v));
	int rc = 0;

	*out = v;
	if (!v)
		return MX_ENOMEM;
	for (size_t i = 0; i < o->noverlays && !rc; i++) {
		const char *path = o->overlays[i];
		struct mx_srcpos pos = { path, 0, 0 };
		char *buf;
		size_t len;

		v[i].path = path;
		mxi_dts_scan_init(&v[i].scan);
		if ((rc = mx_file_read(path, &buf, &len))) {
			mx_diag_add(d, MX_SEV_ERROR, NULL, &pos, -1, "cannot read the overlay: %s",
				    rc == MX_ENOENT ? "no such file" : mx_strerror(rc));
			break;
		}
		if (is_blob(buf, len)) {
			v[i].blob = buf;
			v[i].len = len;
		} else {
			struct mxi_dt_env e;
			struct mx_buf b;

			mx_buf_init(&b);
			if (!(rc = mxi_dt_env_init(&e, path, o)))
				rc = compile(&e, path, buf, len, o, true, &v[i].scan, &b, d); /* frees buf */
			else
				free(buf);
			mxi_dt_env_release(&e);
			v[i].len = b.len;
			v[i].blob = mx_buf_detach(&b, NULL);
			if (rc)
				break;
		}
		if ((rc = mxi_dt_check_blob(v[i].blob, v[i].len, path, d)))
			break;
		if (fdt_path_offset(v[i].blob, "/__fixups__") < 0 && fdt_path_offset(v[i].blob, "/__local_fixups__") < 0 &&
		    fdt_path_offset(v[i].blob, "/fragment@0") < 0) {
			int frag, found = 0;

			fdt_for_each_subnode(frag, v[i].blob, 0)
				found |= fdt_subnode_offset(v[i].blob, frag, "__overlay__") >= 0;
			if (!found) {
				mx_diag_add(d, MX_SEV_ERROR, NULL, &pos, -1, "not an overlay: no fragment with "
					    "an __overlay__ node (an overlay source starts with /plugin/;)");
				rc = MX_EPARSE;
			}
		}
	}
	return rc;
}

/*
 * Apply @o's overlays onto the checked @blob and load the merged tree; the
 * board's own blob size (@len) stays the one a boot loader is given.
 */
static int load_merged(struct mx_profile *p, const void *blob, size_t len, const char *name,
		       const struct mx_import_opts *o, struct mxi_dts_scan *scan, bool from_source,
		       struct mxi_dt_extra *x, struct mx_diaglist *d)
{
	struct mxi_overlay *ov = NULL;
	void *merged = NULL;
	size_t mlen = 0;
	int rc;

	if (!(rc = load_overlays(o, &ov, d)) &&
	    !(rc = mxi_dt_overlays_apply(blob, len, name, ov, o->noverlays, scan, from_source, &merged,
					 &mlen, d))) {
		x->scan = scan;
		x->dtb_file = len;
		rc = mxi_dt_load_blob(p, merged, mlen, name, o, x, d);
	}
	free(merged);
	overlays_free(ov, o->noverlays);
	return rc;
}

/* mx_profile_load_dts_file() on @text, the file's @len bytes already read (NULL: read here); frees it. */
static int load_dts(struct mx_profile *p, const char *path, char *text, size_t len,
		    const struct mx_import_opts *o, struct mx_diaglist *diags)
{
	struct mx_srcpos pos = { path, 0, 0 };
	struct mxi_dt_extra x = { 0 };
	struct mxi_dts_scan scan;
	struct mxi_dt_env e;
	struct mx_buf blob;
	struct mx_diaglist scratch;
	int rc;

	mx_profile_release(p);
	mx_diaglist_init(&scratch);
	if (!diags)
		diags = &scratch;
	if (!text && access(path, R_OK)) {
		mx_diag_add(diags, MX_SEV_ERROR, NULL, &pos, -1, "cannot read the device tree: %s",
			    strerror(errno));
		return errno == ENOENT ? MX_ENOENT : MX_EIO;
	}
	mx_buf_init(&blob);
	mxi_dts_scan_init(&scan);
	if ((rc = mxi_dt_env_init(&e, path, o)))
		goto out;
	/*
	 * The blob as a board's build makes it (no -@: a boot loader is given no
	 * __symbols__, and the unflattened-tree model must not count them); the
	 * labels and positions come from the scan of the source.
	 */
	rc = compile(&e, path, text, len, o, false, &scan, &blob, diags);
	text = NULL; /* compile() freed it */
	if (rc)
		goto out;
	x.scan = &scan;
	x.assumed = e.assumed;
	x.nassumed = e.nassumed;
	if (o && o->noverlays) {
		if (!(rc = mxi_dt_check_blob(blob.buf, blob.len, path, diags)))
			rc = load_merged(p, blob.buf, blob.len, path, o, &scan, true, &x, diags);
	} else {
		rc = mxi_dt_load_blob(p, blob.buf, blob.len, path, o, &x, diags);
	}
out:
	free(text);
	mxi_dt_env_release(&e);
	mxi_dts_scan_release(&scan);
	mx_buf_release(&blob);
	mx_diaglist_release(&scratch);
	return rc;
}

int mx_profile_load_dts_file(struct mx_profile *p, const char *path,
			     const struct mx_import_opts *o, struct mx_diaglist *diags)
{
	return load_dts(p, path, NULL, 0, o, diags);
}

int mx_profile_load_dtb(struct mx_profile *p, const void *blob, size_t len, const char *name,
			const struct mx_import_opts *o, struct mx_diaglist *diags)
{
	struct mxi_dt_extra x = { 0 };
	struct mxi_dts_scan scan;
	struct mx_diaglist scratch;
	int rc;

	if (!o || !o->noverlays)
		return mxi_dt_load_blob(p, blob, len, name, o, NULL, diags);
	mx_profile_release(p);
	mx_diaglist_init(&scratch);
	mxi_dts_scan_init(&scan);
	if (!diags)
		diags = &scratch;
	if (!(rc = mxi_dt_check_blob(blob, len, name ? name : "<dtb>", diags)))
		rc = load_merged(p, blob, len, name ? name : "<dtb>", o, &scan, false, &x, diags);
	mxi_dts_scan_release(&scan);
	mx_diaglist_release(&scratch);
	return rc;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/* After blanks and comments, does the text start with "/dts-v1/"? */
static bool starts_dts(const unsigned char *t, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (isspace(t[i])) {
			i++;
		} else if (i + 1 < n && t[i] == '/' && t[i + 1] == '*') {
			for (i += 2; i + 1 < n && !(t[i] == '*' && t[i + 1] == '/'); i++)
				;
			i += 2;
		} else if (i + 1 < n && t[i] == '/' && t[i + 1] == '/') {
			while (i < n && t[i] != '\n')
				i++;
		} else {
			break;
		}
	}
	return i + 8 <= n && !memcmp(t + i, "/dts-v1/", 8);
}

bool mx_path_is_dt(const char *path)
{
	unsigned char head[4096] = { 0 };
	struct stat st;
	FILE *f;
	size_t n;

	if (ends_with(path, ".dtb") || ends_with(path, ".dts") || ends_with(path, ".dtsi") ||
	    ends_with(path, ".dtbo") || ends_with(path, ".dtso"))
		return true;
	/*
	 * Only a regular file is sniffed: opening a FIFO blocks until it has a
	 * writer, and what is read from a pipe here is gone for the loader (a
	 * pipe is read once, whole, as a profile).
	 */
	if (stat(path, &st) || !S_ISREG(st.st_mode) || !(f = fopen(path, "rb")))
		return false;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	if (n >= 4 && head[0] == 0xd0 && head[1] == 0x0d && head[2] == 0xfe && head[3] == 0xed)
		return true;
	return starts_dts(head, n);
}

int mx_profile_load_file(struct mx_profile *p, const char *path, const struct mx_import_opts *o,
			 struct mx_diaglist *diags)
{
	char *buf;
	size_t len;
	int r;

	if (!mx_path_is_dt(path))
		return mx_profile_load_yaml_file(p, path, diags);
	if ((r = mx_file_read(path, &buf, &len))) {
		struct mx_srcpos pos = { path, 0, 0 };

		mx_diag_add(diags, MX_SEV_ERROR, NULL, &pos, -1, "cannot read the device tree: %s",
			    r == MX_ENOENT ? "no such file" : mx_strerror(r));
		return r;
	}
	if (len >= 4 && (unsigned char)buf[0] == 0xd0 && (unsigned char)buf[1] == 0x0d &&
	    (unsigned char)buf[2] == 0xfe && (unsigned char)buf[3] == 0xed)
		r = mx_profile_load_dtb(p, buf, len, path, o, diags);
	else if (ends_with(path, ".dtb") || ends_with(path, ".dtbo"))
		r = mx_profile_load_dtb(p, buf, len, path, o, diags); /* reports the bad magic */
	else
		return load_dts(p, path, buf, len, o, diags); /* the text read once: it frees buf */
	free(buf);
	return r;
}
