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

/*
 * Take argv[*i] if it is an input option or the input itself: 1 taken, 0 not
 * an input argument, -1 usage error (reported).
 */
int mx_cli_input_arg(const char *cmd, int argc, char **argv, int *i, struct mx_cli_input *in)
{
	const char *a = argv[*i];

	if (!strcmp(a, "--profile") || !strcmp(a, "--arch") || !strcmp(a, "-i") ||
	    !strcmp(a, "--bootargs")) {
		if (*i + 1 >= argc) {
			fprintf(stderr, "memx %s: %s needs a value\n", cmd, a);
			return -1;
		}
		(*i)++;
		if (!strcmp(a, "--profile")) {
			in->base = argv[*i];
		} else if (!strcmp(a, "--bootargs")) {
			in->bootargs = argv[*i];
		} else if (!strcmp(a, "--arch")) {
			if (mx_arch_parse(argv[*i], &in->arch)) {
				fprintf(stderr, "memx %s: unknown arch '%s'; expected arm, arm64 or riscv64\n",
					cmd, argv[*i]);
				return -1;
			}
		} else if (in->ninc == MAX_INCLUDES) {
			fprintf(stderr, "memx %s: at most %d -i directories\n", cmd, MAX_INCLUDES);
			return -1;
		} else {
			in->inc[in->ninc++] = argv[*i];
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
	struct mx_import_opts o = { NULL, in->arch, in->inc, in->ninc, NULL };
	struct mx_profile base;
	struct mx_diaglist d;
	int r = 0;

	mx_diaglist_init(&d);
	mx_profile_init(&base);
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
	if (in && (same_file(in->file, out) || same_file(in->base, out) || same_file(in->log, out))) {
		fprintf(stderr, "memx: %s is an input; write the output somewhere else\n", out);
		return MX_EXIT_OUTPUT;
	}
	r = mx_file_write_atomic(out, b->buf, b->len, force);
	if (r == MX_EEXIST) {
		fprintf(stderr, "memx: %s: exists; not overwritten (--force replaces it)\n", out);
		return MX_EXIT_OUTPUT;
	}
	if (r) {
		fprintf(stderr, "memx: %s: cannot write: %s\n", out, strerror(errno));
		return MX_EXIT_OUTPUT;
	}
	return MX_EXIT_OK;
}

int mx_cli_bad_option(const char *cmd, const char *opt)
{
	/* one line and where to look, not the whole usage */
	fprintf(stderr, "memx%s%s: unknown option '%s' (see memx%s%s --help)\n", *cmd ? " " : "", cmd, opt,
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

