/* cli.c - memx report / check / checks: the command-line front end */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/check.h"
#include "memx/cli.h"
#include "memx/dts.h"
#include "memx/layout.h"
#include "memx/profile.h"
#include "memx/report.h"

static const char usage[] =
	"usage: memx [FILE]                      explore FILE (default: the built-in msm8937 profile)\n"
	"       memx report [--json] [-o OUT] [FILE]\n"
	"                                        print the boot timeline, zones, regions, meminfo\n"
	"       memx check [FILE]                print the diagnostics; exit 1 when there are errors\n"
	"       memx checks                      list the checks memx runs\n"
	"       memx export [--standalone] [-o OUT] [FILE]\n"
	"                                        print FILE's /reserved-memory as DTS\n"
	"       memx --help | --version\n"
	"\n"
	"FILE is a YAML board profile (see README: Profiles).\n"
	"\n"
	"exit codes: 0 success, 1 check found errors, 2 usage error, 3 input missing or\n"
	"malformed, 4 output not written, 5 internal error (out of memory)\n";

static void print_diags(const struct mx_diaglist *d, FILE *f)
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

/* Load FILE (or the default profile). Prints loader errors; returns an exit code. */
static int load(const char *file, struct mx_profile *p)
{
	struct mx_diaglist d;
	int r;

	mx_diaglist_init(&d);
	r = file ? mx_profile_load_yaml_file(p, file, &d) : mx_profile_load_default(p, &d);
	print_diags(&d, stderr);
	mx_diaglist_release(&d);
	if (r == MX_ENOMEM) {
		fprintf(stderr, "memx: out of memory\n");
		return MX_EXIT_INTERNAL;
	}
	return r ? MX_EXIT_INPUT : MX_EXIT_OK;
}

static int write_out(const char *out, const struct mx_buf *b)
{
	int r;

	if (!out) {
		if (fwrite(b->buf, 1, b->len, stdout) != b->len || fflush(stdout)) {
			perror("memx: stdout");
			return MX_EXIT_OUTPUT;
		}
		return MX_EXIT_OK;
	}
	r = mx_file_write_atomic(out, b->buf, b->len, false);
	if (r == MX_EEXIST) {
		fprintf(stderr, "memx: %s: exists; not overwritten\n", out);
		return MX_EXIT_OUTPUT;
	}
	if (r) {
		fprintf(stderr, "memx: %s: cannot write: %s\n", out, strerror(errno));
		return MX_EXIT_OUTPUT;
	}
	return MX_EXIT_OK;
}

static int cmd_report(int argc, char **argv)
{
	const char *file = NULL, *out = NULL;
	bool json = false;
	struct mx_profile p;
	struct mx_layout L;
	struct mx_buf b;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
			if (++i == argc) {
				fprintf(stderr, "memx report: %s needs a file name\n%s", argv[i - 1], usage);
				return MX_EXIT_USAGE;
			}
			out = argv[i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "memx report: unknown option '%s'\n%s", argv[i], usage);
			return MX_EXIT_USAGE;
		} else if (file) {
			fprintf(stderr, "memx report: one profile at a time ('%s' and '%s')\n", file, argv[i]);
			return MX_EXIT_USAGE;
		} else {
			file = argv[i];
		}
	}
	mx_profile_init(&p);
	if ((rc = load(file, &p))) {
		mx_profile_release(&p);
		return rc;
	}
	mx_layout_init(&L);
	mx_buf_init(&b);
	if (mx_layout_compute(&L, &p) ||
	    (json ? mx_report_json(&L, &p, &b) : mx_report_text(&L, &p, &b))) {
		fprintf(stderr, "memx: out of memory\n");
		rc = MX_EXIT_INTERNAL;
	} else {
		rc = write_out(out, &b);
	}
	mx_buf_release(&b);
	mx_layout_release(&L);
	mx_profile_release(&p);
	return rc;
}

static int cmd_check(int argc, char **argv)
{
	struct mx_profile p;
	struct mx_layout L;
	const char *file = NULL;
	size_t ne, nw;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "memx check: unknown option '%s'\n%s", argv[i], usage);
			return MX_EXIT_USAGE;
		}
		if (file) {
			fprintf(stderr, "memx check: one profile at a time\n");
			return MX_EXIT_USAGE;
		}
		file = argv[i];
	}
	mx_profile_init(&p);
	if ((rc = load(file, &p))) {
		mx_profile_release(&p);
		return rc;
	}
	mx_layout_init(&L);
	if (mx_layout_compute(&L, &p)) {
		fprintf(stderr, "memx: out of memory\n");
		rc = MX_EXIT_INTERNAL;
	} else {
		print_diags(&L.diags, stdout);
		ne = mx_diaglist_count(&L.diags, MX_SEV_ERROR);
		nw = mx_diaglist_count(&L.diags, MX_SEV_WARNING);
		printf("%s: %zu error(s), %zu warning(s), %zu note(s)\n", p.source, ne, nw,
		       mx_diaglist_count(&L.diags, MX_SEV_NOTE));
		rc = ne ? MX_EXIT_CHECK : MX_EXIT_OK;
	}
	mx_layout_release(&L);
	mx_profile_release(&p);
	return rc;
}

static int cmd_export(int argc, char **argv)
{
	const char *file = NULL, *out = NULL;
	bool standalone = false;
	struct mx_profile p;
	struct mx_buf b;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--standalone")) {
			standalone = true;
		} else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
			if (++i == argc) {
				fprintf(stderr, "memx export: %s needs a file name\n%s", argv[i - 1], usage);
				return MX_EXIT_USAGE;
			}
			out = argv[i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "memx export: unknown option '%s'\n%s", argv[i], usage);
			return MX_EXIT_USAGE;
		} else if (file) {
			fprintf(stderr, "memx export: one profile at a time\n");
			return MX_EXIT_USAGE;
		} else {
			file = argv[i];
		}
	}
	mx_profile_init(&p);
	if ((rc = load(file, &p))) {
		mx_profile_release(&p);
		return rc;
	}
	mx_buf_init(&b);
	if (mx_dts_export_node(&p, standalone, &b)) {
		fprintf(stderr, "memx: out of memory\n");
		rc = MX_EXIT_INTERNAL;
	} else {
		rc = write_out(out, &b);
	}
	mx_buf_release(&b);
	mx_profile_release(&p);
	return rc;
}

static int cmd_checks(void)
{
	size_t n;
	const struct mx_check *c = mx_check_registry(&n);

	for (size_t i = 0; i < n; i++)
		printf("%-18s %-8s %s\n", c[i].name, mx_severity_name(c[i].sev), c[i].what);
	return MX_EXIT_OK;
}

int mx_cli_main(int argc, char **argv, mx_tui_fn tui)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (cmd && (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help"))) {
		fputs(usage, stdout);
		return MX_EXIT_OK;
	}
	if (cmd && (!strcmp(cmd, "--version") || !strcmp(cmd, "-V"))) {
		printf("memx %s\n", MX_VERSION);
		return MX_EXIT_OK;
	}
	if (cmd && !strcmp(cmd, "report"))
		return cmd_report(argc - 1, argv + 1);
	if (cmd && !strcmp(cmd, "check"))
		return cmd_check(argc - 1, argv + 1);
	if (cmd && !strcmp(cmd, "checks"))
		return cmd_checks();
	if (cmd && !strcmp(cmd, "export"))
		return cmd_export(argc - 1, argv + 1);
	if (tui)
		return tui(argc, argv);
	if (cmd && cmd[0] == '-') {
		fprintf(stderr, "memx: unknown option '%s'\n%s", cmd, usage);
		return MX_EXIT_USAGE;
	}
	fprintf(stderr, "memx: this build has no explorer (TUI); try 'memx report %s'\n%s",
		cmd ? cmd : "", usage);
	return MX_EXIT_USAGE;
}
