/* cli_io.c - what every command shares: input options, loading, writing out, messages */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "memx/check.h"
#include "cli.h"
#include "memx/dt.h"
#include "memx/dts.h"
#include "memx/edit.h"
#include "memx/layout.h"
#include "memx/profile.h"
#include "memx/report.h"
#include "cli_internal.h"

/*
 * Names and paths from the input are printed escaped (mx_str_escape): one
 * of a few rotating buffers, so that a printf() can take several; kept
 * until the program ends (the front end's, not the library's).
 */
const char *mx_cli_esc(const char *s)
{
	static struct mx_buf ring[4];
	static unsigned next;
	struct mx_buf *b = &ring[next++ % 4];

	mx_buf_clear(b);
	if (mx_str_escape(b, s) || !b->buf)
		return "?";
	return b->buf;
}

void mx_cli_print_diags(const struct mx_diaglist *d, FILE *f)
{
	struct mx_buf b;

	mx_buf_init(&b);
	for (size_t i = 0; i < d->cnt; i++) {
		mx_buf_clear(&b);
		mx_diag_format(&d->d[i], &b);
		fprintf(f, "%s\n", b.buf);
	}
	mx_buf_release(&b);
}

/* The input options: those with a value, then the flags. */
static const char *const valued[] = { "--profile", "--arch", "-I", "-i", "--bootargs", "--overlay" };
static const char *const flags[] = { "--no-cpp", "--allow-outside-includes" };

int mx_cli_input_option(const char *arg)
{
	for (size_t k = 0; k < sizeof(valued) / sizeof(valued[0]); k++)
		if (!strcmp(arg, valued[k]))
			return 2;
	for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
		if (!strcmp(arg, flags[k]))
			return 1;
	return 0;
}

/*
 * Take argv[*i] if it is an input option or the input itself: 1 taken, 0 not
 * an input argument, -1 usage error (reported).
 */
int mx_cli_input_arg(const char *cmd, int argc, char **argv, int *i, struct mx_cli_input *in)
{
	const char *a = argv[*i], *v;
	int kind = mx_cli_input_option(a);

	if (kind == 1) {
		if (!strcmp(a, "--no-cpp"))
			in->no_cpp = true;
		else
			in->allow_outside = true;
		return 1;
	}
	if (kind == 2) {
		if (*i + 1 >= argc) {
			fprintf(stderr, "memx %s: %s needs a value\n", cmd, a);
			return -1;
		}
		v = argv[++(*i)];
		if (!strcmp(a, "--profile")) {
			in->base = v;
		} else if (!strcmp(a, "--bootargs")) {
			in->bootargs = v;
		} else if (!strcmp(a, "--arch")) {
			if (mx_arch_parse(v, &in->arch)) {
				fprintf(stderr, "memx %s: unknown arch '%s'; expected arm, arm64 or riscv64\n",
					cmd, v);
				return -1;
			}
		} else if (!strcmp(a, "--overlay")) {
			if (in->novl == MAX_OVERLAYS) {
				fprintf(stderr, "memx %s: at most %d --overlay files\n", cmd, MAX_OVERLAYS);
				return -1;
			}
			in->ovl[in->novl++] = v;
		} else if (in->ninc == MAX_INCLUDES) {
			fprintf(stderr, "memx %s: at most %d -I directories\n", cmd, MAX_INCLUDES);
			return -1;
		} else {
			in->inc[in->ninc++] = v;
		}
		return 1;
	}
	if (a[0] == '-' && a[1])
		return 0;
	if (in->file) {
		fprintf(stderr, "memx %s: one input at a time ('%s' and '%s')\n", cmd, in->file, a);
		return -1;
	}
	in->file = a;
	return 1;
}

static int load_code(int r)
{
	if (r == MX_ENOMEM) {
		fprintf(stderr, "memx: out of memory\n");
		return MX_EXIT_INTERNAL;
	}
	return r ? MX_EXIT_INPUT : MX_EXIT_OK;
}

/* Load the input (or the default profile). Prints loader errors; returns an exit code. */
int mx_cli_load_input(const struct mx_cli_input *in, struct mx_profile *p)
{
	struct mx_import_opts o;
	struct mx_profile base;
	struct mx_diaglist d;
	int r = 0;

	memset(&o, 0, sizeof(o));
	o.arch = in->arch;
	o.include_dirs = in->inc;
	o.ninclude = in->ninc;
	o.overlays = in->ovl;
	o.noverlays = in->novl;
	o.no_cpp = in->no_cpp;
	o.allow_outside = in->allow_outside;
	mx_diaglist_init(&d);
	mx_profile_init(&base);
	if (in->novl && !in->file) {
		fprintf(stderr, "memx: --overlay needs a device tree to apply it to\n");
		return MX_EXIT_USAGE;
	}
	if (in->base) {
		r = mx_profile_load_yaml_file(&base, in->base, &d);
		o.base = &base;
	}
	if (!r)
		r = in->file ? mx_profile_load_file(p, in->file, &o, &d) : mx_profile_load_default(p, &d);
	if (!r && in->bootargs && mx_str_set(&p->bootargs, in->bootargs))
		r = MX_ENOMEM;
	mx_cli_print_diags(&d, stderr);
	mx_diaglist_release(&d);
	mx_profile_release(&base);
	return load_code(r);
}

/* The same file, however the paths are spelled (an output that does not exist yet is none). */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (!a || !b)
		return false;
	if (!strcmp(a, b))
		return true;
	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int mx_cli_write_out(const char *out, const struct mx_buf *b, bool force, const struct mx_cli_input *in)
{
	int r;

	if (!out) {
		if (fwrite(b->buf, 1, b->len, stdout) != b->len || fflush(stdout)) {
			perror("memx: stdout");
			return MX_EXIT_OUTPUT;
		}
		return MX_EXIT_OK;
	}
	bool is_input = in && (same_file(in->file, out) || same_file(in->base, out) ||
			       same_file(in->log, out) || same_file(in->loader_log, out));

	for (size_t i = 0; in && i < in->novl; i++)
		is_input = is_input || same_file(in->ovl[i], out);
	if (is_input) {
		fprintf(stderr, "memx: %s is an input; write the output somewhere else\n", mx_cli_esc(out));
		return MX_EXIT_OUTPUT;
	}
	r = mx_file_write_atomic(out, b->buf, b->len, force);
	if (r == MX_EISDIR || r == MX_ENOTREG) {
		struct stat st;
		const char *kind = r == MX_EISDIR ? "a directory" : "not a regular file";

		if (r == MX_ENOTREG && !stat(out, &st))
			kind = S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISCHR(st.st_mode) ? "a character device" :
			       S_ISBLK(st.st_mode) ? "a block device" : S_ISSOCK(st.st_mode) ? "a socket" : kind;
		fprintf(stderr, "memx: %s: is %s; -o writes a regular file (not replaced, even with --force)\n",
			mx_cli_esc(out), kind);
		return MX_EXIT_OUTPUT;
	}
	if (r == MX_EEXIST) {
		fprintf(stderr, "memx: %s: exists; not overwritten (--force replaces it)\n", mx_cli_esc(out));
		return MX_EXIT_OUTPUT;
	}
	if (r) {
		fprintf(stderr, "memx: %s: cannot write: %s\n", mx_cli_esc(out), strerror(errno));
		return MX_EXIT_OUTPUT;
	}
	return MX_EXIT_OK;
}

int mx_cli_bad_option(const char *cmd, const char *opt)
{
	/* one line and where to look, not the whole usage */
	fprintf(stderr, "memx%s%s: unknown option '%s' (see memx%s%s --help)\n", *cmd ? " " : "", cmd, mx_cli_esc(opt),
		*cmd ? " " : "", cmd);
	return MX_EXIT_USAGE;
}

int mx_cli_need_value(const char *cmd, int argc, int i)
{
	if (i + 1 < argc)
		return 0;
	fprintf(stderr, "memx %s: an option needs a value\n", cmd);
	return -1;
}

