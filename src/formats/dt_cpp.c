/* dt_cpp.c - DTS the way the kernel builds it: include directories, a kernel tree's, and cpp */
/* realpath() is XSI */
#define _XOPEN_SOURCE 700
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dt_internal.h"

/* The kernel's include directory for DTS (scripts/Makefile.lib: DTC_INCLUDE). */
#define PREFIXES "scripts/dtc/include-prefixes"

static int push(char ***v, size_t *n, const char *s)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return MX_ENOMEM;
	*v = nv;
	if (!(nv[*n] = strdup(s)))
		return MX_ENOMEM;
	(*n)++;
	return 0;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static bool is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

/* @abs shown relative to the working directory when it lies inside it. */
static char *relative(const char *abs)
{
	char cwd[PATH_MAX];
	size_t n;

	if (getcwd(cwd, sizeof(cwd)) && (n = strlen(cwd)) > 1 && !strncmp(abs, cwd, n) && abs[n] == '/')
		return strdup(abs + n + 1);
	return strdup(abs);
}

/* The directory of @path as typed ("." for a bare name). */
static char *dir_of(const char *path)
{
	const char *sl = strrchr(path, '/');

	if (!sl)
		return strdup(".");
	if (sl == path)
		return strdup("/");
	return strndup(path, (size_t)(sl - path));
}

/*
 * The kernel tree @dir lies in: the nearest directory above it (or itself)
 * with scripts/dtc/include-prefixes, as a real path. NULL: none.
 */
static char *kernel_root(const char *dir)
{
	char *r = realpath(dir, NULL);

	while (r) {
		size_t n = strlen(r);
		char *probe = malloc(n + sizeof(PREFIXES) + 2);
		char *sl;

		if (!probe)
			break;
		sprintf(probe, "%s/%s", strcmp(r, "/") ? r : "", PREFIXES);
		if (is_dir(probe)) {
			free(probe);
			return r;
		}
		free(probe);
		if (!strcmp(r, "/") || !(sl = strrchr(r, '/')))
			break;
		if (sl == r)
			sl[1] = '\0';
		else
			*sl = '\0';
	}
	free(r);
	return NULL;
}

int mxi_dt_env_init(struct mxi_dt_env *e, const char *path, const struct mx_import_opts *o)
{
	char *root = NULL, *real;
	int rc = MX_ENOMEM;

	memset(e, 0, sizeof(*e));
	e->allow_outside = o && o->allow_outside;
	if (!(e->input_dir = dir_of(path)))
		return MX_ENOMEM;
	for (size_t i = 0; o && i < o->ninclude; i++) {
		if (push(&e->idirs, &e->nidirs, o->include_dirs[i]))
			return MX_ENOMEM;
		if ((real = realpath(o->include_dirs[i], NULL))) {
			rc = push(&e->roots, &e->nroots, real);
			free(real);
			if (rc)
				return rc;
		}
	}
	/* scripts/Makefile.lib: DTC_INCLUDE := $(srctree)/scripts/dtc/include-prefixes */
	if ((root = kernel_root(e->input_dir))) {
		char *inc = malloc(strlen(root) + sizeof(PREFIXES) + 2), *shown;

		if (!inc)
			goto out;
		sprintf(inc, "%s/%s", strcmp(root, "/") ? root : "", PREFIXES);
		shown = relative(inc);
		free(inc);
		if (!shown || push(&e->idirs, &e->nidirs, shown) || push(&e->assumed, &e->nassumed, shown)) {
			free(shown);
			goto out;
		}
		free(shown);
		if (push(&e->roots, &e->nroots, root))
			goto out;
	} else if ((real = realpath(e->input_dir, NULL))) {
		/* no kernel tree: the input's own directory and what lies below it */
		rc = push(&e->roots, &e->nroots, real);
		free(real);
		if (rc)
			return rc;
	}
	rc = 0;
out:
	free(root);
	return rc;
}

void mxi_dt_env_release(struct mxi_dt_env *e)
{
	free_list(e->idirs, e->nidirs);
	free_list(e->roots, e->nroots);
	free_list(e->assumed, e->nassumed);
	free_list(e->names, e->nnames);
	free(e->input_dir);
	if (e->tmpdir) {
		rmdir(e->tmpdir);
		free(e->tmpdir);
	}
	memset(e, 0, sizeof(*e));
}

bool mxi_dt_env_allows(const struct mxi_dt_env *e, const char *file)
{
	char *real;
	bool ok = false;

	if (e->allow_outside)
		return true;
	if (!(real = realpath(file, NULL)))
		return true; /* not there: the tool says so itself, nothing is read */
	for (size_t i = 0; i < e->nroots && !ok; i++) {
		size_t n = strlen(e->roots[i]);

		ok = !strncmp(real, e->roots[i], n) && (real[n] == '/' || real[n] == '\0' ||
							!strcmp(e->roots[i], "/"));
	}
	free(real);
	return ok;
}

const char *mxi_dt_env_name(struct mxi_dt_env *e, const char *file)
{
	char *real, *shown;

	for (size_t i = 0; i + 1 < e->nnames; i += 2)
		if (!strcmp(e->names[i], file))
			return e->names[i + 1];
	/* through the kernel's symlinks (include-prefixes/arm64 -> arch/arm64/boot/dts): the real file */
	if (strstr(file, "include-prefixes/") && (real = realpath(file, NULL))) {
		shown = relative(real);
		free(real);
	} else {
		shown = strdup(file);
	}
	if (!shown || push(&e->names, &e->nnames, file) || push(&e->names, &e->nnames, shown)) {
		free(shown);
		return NULL;
	}
	free(shown);
	return e->names[e->nnames - 1];
}

/*
 * cpp changes nothing in a DTS without directives, "__" names (__DTS__,
 * __FILE__, the standard macros -undef keeps) or backslash-newlines: such a
 * file goes to dtc as it is, which saves a cpp run (most of the time of a
 * small board). Directives: a '#' first on a line, then a directive name or a
 * digit; "#address-cells" is a property.
 */
bool mxi_dts_needs_cpp(const char *t, size_t n, int *line)
{
	static const char *const dir[] = {
		"include", "define", "undef", "if", "ifdef", "ifndef", "elif", "else", "endif", "error",
		"warning", "pragma", "line", "include_next", "import", "ident", "sccs", "assert",
		"unassert", "elifdef", "elifndef",
	};
	int ln = 1;
	bool bol = true;

	for (size_t i = 0; i < n; i++) {
		char c = t[i];

		if (c == '\n') {
			ln++;
			bol = true;
			continue;
		}
		if (c == '\\' && (i + 1 < n && (t[i + 1] == '\n' || (t[i + 1] == '\r' && i + 2 < n && t[i + 2] == '\n'))))
			goto yes;
		if (c == '_' && i + 1 < n && t[i + 1] == '_')
			goto yes;
		if (bol && c == '#') {
			size_t j = i + 1, k;

			while (j < n && (t[j] == ' ' || t[j] == '\t'))
				j++;
			if (j >= n || t[j] == '\n' || isdigit((unsigned char)t[j]))
				goto yes;
			for (k = j; k < n && (isalnum((unsigned char)t[k]) || t[k] == '_'); k++)
				;
			for (size_t d = 0; d < sizeof(dir) / sizeof(dir[0]); d++)
				if (k - j == strlen(dir[d]) && !memcmp(t + j, dir[d], k - j))
					goto yes;
		}
		if (c != ' ' && c != '\t' && c != '\r')
			bol = false;
	}
	return false;
yes:
	if (line)
		*line = ln;
	return true;
}

/* cpp's first error: "file:line:col: error: msg" (gcc) -> a diagnostic there. */
static void cpp_failure(struct mxi_dt_env *e, struct mx_diaglist *d, const char *path,
			const struct mxi_run *r)
{
	const char *s = r->err.buf, *hit = NULL;
	struct mx_srcpos pos = { path, 0, 0 };
	char file[PATH_MAX];
	int line = 0, col = 0;

	for (const char *l = s; l && *l; ) {
		const char *nl = strchr(l, '\n'), *er = strstr(l, "error: ");

		if (er && (!nl || er < nl)) {
			hit = l;
			break;
		}
		l = nl ? nl + 1 : NULL;
	}
	if (!hit) {
		mx_diag_add(d, MX_SEV_ERROR, NULL, &pos, -1, "cpp: %.*s", (int)strcspn(s, "\n"),
			    *s ? s : "failed");
		return;
	}
	if (sscanf(hit, "%4095[^:]:%d:%d", file, &line, &col) >= 2 && line > 0) {
		const char *shown = mxi_dt_env_name(e, file);

		pos.file = shown ? shown : file;
		pos.line = line;
		pos.col = col;
		hit = strstr(hit, "error: ") + 7;
	}
	mx_diag_add(d, MX_SEV_ERROR, NULL, &pos, -1, "cpp: %.*s", (int)strcspn(hit, "\n"), hit);
}

/* Every file cpp read (its line markers) lies under a root; else one error for the first that does not. */
static int markers_inside(struct mxi_dt_env *e, const char *path, const struct mx_buf *t,
			  struct mx_diaglist *d)
{
	const char *prev = NULL;
	size_t prevlen = 0;
	char file[PATH_MAX];

	for (const char *l = t->buf; l && *l; ) {
		const char *nl = strchr(l, '\n');

		if (l[0] == '#' && l[1] == ' ' && isdigit((unsigned char)l[2])) {
			const char *q = strchr(l, '"'), *qe = q ? strchr(q + 1, '"') : NULL;
			size_t n = qe ? (size_t)(qe - q - 1) : 0;

			if (qe && (!nl || qe < nl) && n && n < sizeof(file) && q[1] != '<' &&
			    !(prev && n == prevlen && !memcmp(prev, q + 1, n))) {
				memcpy(file, q + 1, n);
				file[n] = '\0';
				prev = q + 1;
				prevlen = n;
				if (!mxi_dt_env_allows(e, file)) {
					struct mx_srcpos pos = { path, 0, 0 };

					mx_diag_add(d, MX_SEV_ERROR, NULL, &pos, -1, "refusing to include %s: it "
						    "lies outside the input's tree and the -I directories "
						    "(--allow-outside-includes reads it)", file);
					return MX_EPARSE;
				}
			}
		}
		l = nl ? nl + 1 : NULL;
	}
	return 0;
}

int mxi_dt_preprocess(struct mxi_dt_env *e, const char *path, const struct mx_import_opts *o,
		      char **out, struct mx_buf *text, struct mx_diaglist *d)
{
	/* scripts/Makefile.lib: cmd_dtc: $(HOSTCC) -E $(dtc_cpp_flags) -x assembler-with-cpp */
	static const char *const flags[] = { "-nostdinc", "-undef", "-D__DTS__", "-x",
					     "assembler-with-cpp" };
	size_t nf = sizeof(flags) / sizeof(flags[0]), k = 0;
	char **argv = calloc(nf + 2 * e->nidirs + 3, sizeof(char *)), *tmp = NULL;
	struct mx_srcpos pos = { path, 0, 0 };
	struct mxi_run r;
	int rc;

	*out = NULL;
	if (!argv)
		return MX_ENOMEM;
	argv[k++] = (char *)(o && o->cpp ? o->cpp : "cpp");
	for (size_t i = 0; i < nf; i++)
		argv[k++] = (char *)flags[i];
	for (size_t i = 0; i < e->nidirs; i++) {
		argv[k++] = (char *)"-I";
		argv[k++] = e->idirs[i];
	}
	argv[k++] = (char *)path;
	rc = mxi_run(argv, o, &r);
	free(argv);
	if (rc)
		goto out;
	rc = MX_EPARSE;
	if (r.spawn_errno) {
		mx_diag_add(d, MX_SEV_ERROR, NULL, &pos, -1, "cannot run %s to preprocess the DTS (it "
			    "uses #include or macros): %s (install cpp, or give memx the flattened "
			    "DTS or the DTB; --no-cpp hands the file to dtc as it is)", r.tool,
			    strerror(r.spawn_errno));
		goto out;
	}
	/* what cpp read must come from the tree, whatever it then said */
	if (markers_inside(e, path, &r.out, d))
		goto out;
	if (mxi_run_ended_badly(d, &pos, &r))
		goto out;
	if (r.status) {
		cpp_failure(e, d, path, &r);
		goto out;
	}
	rc = MX_ENOMEM;
	if (!e->tmpdir) {
		char t[] = "/tmp/memx-cpp-XXXXXX";

		if (!mkdtemp(t) || !(e->tmpdir = strdup(t))) {
			rc = MX_EIO;
			goto out;
		}
	}
	if (!(tmp = malloc(strlen(e->tmpdir) + 16)))
		goto out;
	sprintf(tmp, "%s/%s", e->tmpdir, "preprocessed");
	{
		FILE *f = fopen(tmp, "wb");

		if (!f || fwrite(r.out.buf, 1, r.out.len, f) != r.out.len) {
			if (f)
				fclose(f);
			unlink(tmp);
			free(tmp);
			rc = MX_EIO;
			goto out;
		}
		if (fclose(f)) {
			unlink(tmp);
			free(tmp);
			rc = MX_EIO;
			goto out;
		}
	}
	*out = tmp;
	*text = r.out;
	mx_buf_init(&r.out);
	rc = 0;
out:
	mxi_run_release(&r);
	return rc;
}
