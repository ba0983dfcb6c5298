/* dts_import.c - DTS files through dtc, and picking the right loader for a file */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dt_internal.h"

extern char **environ;

struct run {
	struct mx_buf out;  /* dtc's stdout */
	struct mx_buf err;  /* dtc's stderr */
	int status;         /* exit status, or -1 when it could not run */
	int spawn_errno;
};

/*
 * Run @argv with stdout into a pipe and stderr into a temporary file, so a
 * chatty stderr never blocks the reading of stdout.
 */
static int run(char *const argv[], struct run *r)
{
	posix_spawn_file_actions_t fa;
	char tmpl[] = "/tmp/memx-dtc-XXXXXX";
	int pipefd[2], errfd, st;
	pid_t pid;
	char buf[65536];
	ssize_t n;

	mx_buf_init(&r->out);
	mx_buf_init(&r->err);
	r->status = -1;
	r->spawn_errno = 0;
	if (pipe(pipefd))
		return MX_EIO;
	errfd = mkstemp(tmpl);
	if (errfd < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return MX_EIO;
	}
	unlink(tmpl);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, errfd, STDERR_FILENO);
	posix_spawn_file_actions_addclose(&fa, pipefd[0]);
	r->spawn_errno = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (r->spawn_errno) {
		close(pipefd[0]);
		close(errfd);
		return 0;
	}
	while ((n = read(pipefd[0], buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		mx_buf_add(&r->out, buf, (size_t)n);
	}
	close(pipefd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	if (lseek(errfd, 0, SEEK_SET) == 0)
		while ((n = read(errfd, buf, sizeof(buf))) > 0)
			mx_buf_add(&r->err, buf, (size_t)n);
	close(errfd);
	return r->out.failed || r->err.failed ? MX_ENOMEM : 0;
}

static void run_release(struct run *r)
{
	mx_buf_release(&r->out);
	mx_buf_release(&r->err);
}

/*
 * dtc's errors: "Error: file.dts:12.3-14 syntax error" -> file:12:3; the
 * first error line becomes the diagnostic, the rest is dtc's to tell.
 */
static void dtc_failure(struct mx_diaglist *d, const char *path, const struct run *r)
{
	const char *s = r->err.buf, *e;
	char file[512] = "";
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
	e = strchr(s, '\n');
	if (sscanf(s, "%511[^:]:%d.%d", file, &line, &col) >= 2 && line > 0) {
		const char *msg = strchr(s, ' ');

		pos.file = file;
		pos.line = line;
		pos.col = col;
		if (msg && (!e || msg < e))
			s = msg + 1;
	}
	mx_diag_add(d, MX_SEV_ERROR, NULL, &pos, -1, "dtc: %.*s", e ? (int)(e - s) : (int)strlen(s),
		    *s ? s : "failed without a message");
}

/* Parse dtc -T output: "\t\tlabel: name { / * file:line:col-line:col * /" */
static int positions(const char *dts, struct mx_dts_pos **out, size_t *n)
{
	char *stack[64] = { 0 };
	const char *line = dts;
	size_t cnt = 0, max = 0;
	struct mx_dts_pos *v = NULL;

	while (line && *line) {
		const char *nl = strchr(line, '\n'), *brace, *ann, *name;
		size_t depth = 0, len = nl ? (size_t)(nl - line) : strlen(line);
		char nm[256], file[512];
		int l, c;

		while (depth < len && line[depth] == '\t')
			depth++;
		brace = memchr(line, '{', len);
		ann = brace ? strstr(brace, "/* ") : NULL;
		c = 0;
		if (brace && ann && (!nl || ann < nl) && depth < 63 &&
		    sscanf(ann, "/* %511[^:]:%d:%d", file, &l, &c) >= 2) {
			/* the node name is the last word before the brace */
			const char *end = brace;
			size_t nlen;

			while (end > line && end[-1] == ' ')
				end--;
			name = end;
			while (name > line + depth && name[-1] != ' ' && name[-1] != '\t')
				name--;
			nlen = (size_t)(end - name);
			if (nlen >= sizeof(nm))
				nlen = sizeof(nm) - 1;
			memcpy(nm, name, nlen);
			nm[nlen] = '\0';
			free(stack[depth]);
			stack[depth] = strdup(depth == 0 ? "" : nm);
			for (size_t k = depth + 1; k < 64; k++) {
				free(stack[k]);
				stack[k] = NULL;
			}
			if (cnt == max) {
				struct mx_dts_pos *nv = realloc(v, (max = max ? 2 * max : 64) * sizeof(*v));

				if (!nv)
					goto oom;
				v = nv;
			}
			{
				struct mx_buf p;

				mx_buf_init(&p);
				for (size_t k = 1; k <= depth; k++)
					mx_buf_addf(&p, "/%s", stack[k] ? stack[k] : "?");
				if (!depth)
					mx_buf_adds(&p, "/");
				v[cnt].path = mx_buf_detach(&p, NULL);
				v[cnt].file = strdup(file);
				v[cnt].label = NULL;
				v[cnt].line = l;
				v[cnt].col = c;
				{
					/* "label: [label2: ...] name {": the first word ending in ':' */
					const char *w = line + depth, *colon = memchr(w, ':', (size_t)(name - w));
					const char *sp = memchr(w, ' ', (size_t)(name - w));

					if (colon && (!sp || colon < sp) && colon > w)
						v[cnt].label = strndup(w, (size_t)(colon - w));
				}
				if (!v[cnt].path || !v[cnt].file) {
					free(v[cnt].path);
					free(v[cnt].file);
					free(v[cnt].label);
					goto oom;
				}
				cnt++;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	for (size_t k = 0; k < 64; k++)
		free(stack[k]);
	*out = v;
	*n = cnt;
	return 0;
oom:
	for (size_t k = 0; k < 64; k++)
		free(stack[k]);
	for (size_t i = 0; i < cnt; i++) {
		free(v[i].path);
		free(v[i].file);
		free(v[i].label);
	}
	free(v);
	return MX_ENOMEM;
}

static void positions_free(struct mx_dts_pos *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].file);
		free(v[i].label);
	}
	free(v);
}

/* argv for dtc: dtc -q [-i DIR]... EXTRA... -o - PATH */
static char **dtc_argv(const struct mx_import_opts *o, const char *path, const char *const *extra,
		       size_t nextra)
{
	size_t ninc = o ? o->ninclude : 0, k = 0;
	char **a = calloc(5 + 2 * ninc + nextra, sizeof(char *));

	if (!a)
		return NULL;
	a[k++] = (char *)(o && o->dtc ? o->dtc : "dtc");
	a[k++] = (char *)"-q";
	for (size_t i = 0; i < ninc; i++) {
		a[k++] = (char *)"-i";
		a[k++] = (char *)o->include_dirs[i];
	}
	for (size_t i = 0; i < nextra; i++)
		a[k++] = (char *)extra[i];
	a[k++] = (char *)path;
	a[k] = NULL;
	return a;
}

int mx_profile_load_dts_file(struct mx_profile *p, const char *path,
			     const struct mx_import_opts *o, struct mx_diaglist *diags)
{
	/*
	 * The blob as a board's build makes it (no -@: a boot loader is given
	 * no __symbols__, and the unflattened-tree model must not count them);
	 * labels come from the annotated run below.
	 */
	static const char *const to_dtb[] = { "-I", "dts", "-O", "dtb", "-o", "-" };
	static const char *const to_dts[] = { "-I", "dts", "-O", "dts", "-T", "-T", "-o", "-" };
	struct mx_srcpos pos = { path, 0, 0 };
	struct run blob, ann;
	struct mx_dts_pos *pv = NULL;
	size_t npv = 0;
	char **argv;
	int rc;

	mx_profile_release(p);
	if (access(path, R_OK)) {
		mx_diag_add(diags, MX_SEV_ERROR, NULL, &pos, -1, "cannot read the device tree: %s",
			    strerror(errno));
		return errno == ENOENT ? MX_ENOENT : MX_EIO;
	}
	if (!(argv = dtc_argv(o, path, to_dtb, sizeof(to_dtb) / sizeof(to_dtb[0]))))
		return MX_ENOMEM;
	rc = run(argv, &blob);
	free(argv);
	if (rc) {
		run_release(&blob);
		return rc;
	}
	if (blob.spawn_errno) {
		mx_diag_add(diags, MX_SEV_ERROR, NULL, &pos, -1, "cannot run %s to compile the DTS: %s%s",
			    o && o->dtc ? o->dtc : "dtc", strerror(blob.spawn_errno),
			    blob.spawn_errno == ENOENT ? " (install device-tree-compiler, or give memx "
			    "the .dtb)" : "");
		run_release(&blob);
		return MX_ENOENT;
	}
	if (blob.status) {
		dtc_failure(diags, path, &blob);
		run_release(&blob);
		return MX_EPARSE;
	}
	/* the same source annotated with file:line:col per node (positions only) */
	if ((argv = dtc_argv(o, path, to_dts, sizeof(to_dts) / sizeof(to_dts[0])))) {
		if (!run(argv, &ann) && !ann.spawn_errno && !ann.status)
			positions(ann.out.buf, &pv, &npv);
		run_release(&ann);
		free(argv);
	}
	{
		/* dtc names the top file by its base name: give positions the path as typed */
		const char *bn = strrchr(path, '/');

		for (size_t i = 0; bn && i < npv; i++)
			if (!strcmp(pv[i].file, bn + 1)) {
				char *full = strdup(path);

				if (full) {
					free(pv[i].file);
					pv[i].file = full;
				}
			}
	}
	rc = mxi_dt_load_blob(p, blob.out.buf, blob.out.len, path, o, pv, npv, diags);
	positions_free(pv, npv);
	run_release(&blob);
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
	    ends_with(path, ".dtbo"))
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
		r = mx_profile_load_dts_file(p, path, o, diags);
	free(buf);
	return r;
}
