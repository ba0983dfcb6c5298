/* files.c - save the profile, export /reserved-memory: atomic writes, asking before replacing */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/dt.h"
#include "memx/dts.h"
#include "tui.h"

/* What the save/export prompts write. */
enum { OUT_YAML, OUT_DTS, OUT_OVERRIDES };

/*
 * Output names from the input's name: board.dts -> board.yaml (a new
 * profile), board-reserved-memory.dtsi, board-overrides.dtsi; a profile
 * board.yaml -> board-edited.yaml (never the input itself).
 */
void files_default_paths(struct app *a)
{
	char stem[256];
	const char *src = a->path, *slash, *dot;
	bool dt = a->path && mx_path_is_dt(a->path);

	if (src) {
		slash = strrchr(src, '/');
		src = slash ? slash + 1 : src;
		dot = strrchr(src, '.');
		snprintf(stem, sizeof(stem), "%.*s", dot && dot > src ? (int)(dot - src) : (int)strlen(src), src);
	} else {
		snprintf(stem, sizeof(stem), "%s", a->prof.name ? a->prof.name : "profile");
	}
	snprintf(a->save_path, sizeof(a->save_path), dt ? "%s.yaml" : "%s-edited.yaml", stem);
	snprintf(a->export_path, sizeof(a->export_path), "%s-reserved-memory.dtsi", stem);
	snprintf(a->overrides_path, sizeof(a->overrides_path), "%s-overrides.dtsi", stem);
}

static char *path_of(struct app *a, int what)
{
	return what == OUT_YAML ? a->save_path : what == OUT_DTS ? a->export_path : a->overrides_path;
}

static int write_file(struct app *a, const char *path, int what, bool force, char *err, size_t errlen)
{
	struct mx_buf b;
	int rc;

	mx_buf_init(&b);
	if (what == OUT_YAML)
		rc = mx_profile_write_yaml(&a->prof, &b);
	else
		rc = mx_dts_export(&a->prof, &a->base, what == OUT_DTS ? MX_DTS_NODE : MX_DTS_OVERRIDES, false, &b);
	if (!rc)
		rc = mx_file_write_atomic(path, b.buf, b.len, force);
	mx_buf_release(&b);
	if (rc == MX_EEXIST)
		return 1;
	if (rc) {
		/* the library's codes first: errno may be stale once the write was refused */
		snprintf(err, errlen, "cannot write %s: %s", path,
			 rc == MX_ENOMEM ? "out of memory" :
			 rc == MX_EINVAL ? "a region's name, label or property is no devicetree name "
					   "(memx export says which)" :
			 rc == MX_ENOTREG ? "not a regular file (never replaced, even when confirmed)" :
			 rc == MX_EISDIR ? "is a directory" : strerror(errno));
		return -1;
	}
	if (what == OUT_YAML) {
		a->dirty = false;
		app_message(a, MX_VS_INFO, "saved the profile to %s", path);
	} else {
		app_message(a, MX_VS_INFO, "exported %s to %s", what == OUT_DTS ? "/reserved-memory" :
			    "the changes as overrides", path);
	}
	return 0;
}

static int overwrite_done(struct app *a, const char *text, char *unused, size_t unused_len)
{
	int what = a->prompt.arg;
	const char *path = path_of(a, what);
	char err[600];

	(void)unused;
	(void)unused_len;
	if (text[0] != 'y' && text[0] != 'Y') {
		app_message(a, MX_VS_INFO, "not written: %s is left as it was", path);
		return 0;
	}
	if (write_file(a, path, what, true, err, sizeof(err)) < 0)
		app_message(a, MX_VS_ERROR, "%s", err);
	return 0;
}

/* Lines of a YAML file that hold a comment (what writing it anew would drop). */
static size_t comment_lines(const char *path)
{
	char *text = NULL;
	size_t len = 0, n = 0;
	bool quoted = false, comment = false;

	if (mx_file_read(path, &text, &len))
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if (c == '\n') {
			n += comment;
			quoted = comment = false;
		} else if (c == '"' || c == '\'') {
			quoted = !quoted;
		} else if (c == '#' && !quoted && (i == 0 || isspace((unsigned char)text[i - 1]))) {
			comment = true;
		}
	}
	free(text);
	return n + comment;
}

static int path_done(struct app *a, const char *text, char *err, size_t errlen, int what)
{
	char *dst = path_of(a, what);
	size_t dlen = sizeof(a->save_path); /* the three are the same size */
	char q[700];
	int rc;

	while (isspace((unsigned char)*text))
		text++;
	if (!*text) {
		snprintf(err, errlen, "expected a file name");
		return -1;
	}
	if (strlen(text) >= dlen) {
		snprintf(err, errlen, "the file name is too long");
		return -1;
	}
	snprintf(dst, dlen, "%s", text);
	rc = write_file(a, dst, what, false, err, errlen);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		size_t nc = what == OUT_YAML ? comment_lines(dst) : 0;

		if (nc)
			snprintf(q, sizeof(q), "%s exists and has %zu comment line%s, which the saved profile will not "
				 "keep. Overwrite it? (y/n)", dst, nc, nc == 1 ? "" : "s");
		else
			snprintf(q, sizeof(q), "%s exists. Overwrite it? (y/n)", dst);
		prompt_yesno(a, q, overwrite_done, what);
		return 1; /* the yes/no prompt replaces this one */
	}
	return 0;
}

static int save_done(struct app *a, const char *text, char *err, size_t errlen)
{
	return path_done(a, text, err, errlen, OUT_YAML);
}

static int export_done(struct app *a, const char *text, char *err, size_t errlen)
{
	return path_done(a, text, err, errlen, OUT_DTS);
}

static int overrides_done(struct app *a, const char *text, char *err, size_t errlen)
{
	return path_done(a, text, err, errlen, OUT_OVERRIDES);
}

unsigned act_export_overrides(struct app *a)
{
	prompt_open(a, "export the changes as DTS overrides (&label { ... }) to:", a->overrides_path,
		    overrides_done, 0);
	return R_REDRAW;
}

unsigned act_save(struct app *a)
{
	prompt_open(a, "save the profile (YAML) as:", a->save_path, save_done, 0);
	return R_REDRAW;
}

unsigned act_export(struct app *a)
{
	prompt_open(a, "export /reserved-memory (a DTS fragment to #include after the board's DTS) to:",
		    a->export_path, export_done, 0);
	return R_REDRAW;
}
