/* cli.c - memx report / check / export / import / checks: the command-line front end */
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

const char mx_cli_usage[] =
	"usage: memx [--no-color] [--ascii] [--no-mouse] [INPUT]\n"
	"                                        explore INPUT (default: the built-in msm8937 profile)\n"
	"       memx report [--json] [-o OUT] [INPUT]\n"
	"                                        the boot timeline, zones, regions, meminfo\n"
	"       memx check [INPUT]               the diagnostics; exit 1 when there are errors\n"
	"       memx export [--form node|overrides] [--standalone] [--set REGION.PROP=VALUE]...\n"
	"                   [--add 'NAME SIZE'] [--delete REGION] [-o OUT] [--force] [INPUT]\n"
	"                                        /reserved-memory as DTS, edited on the way\n"
	"       memx import INPUT -o OUT.yaml [--force]\n"
	"                                        save a device tree (or profile) as a YAML profile\n"
	"       memx checks                      list the checks memx runs\n"
	"       memx regions [INPUT]             the /reserved-memory regions, one name per line\n"
	"       memx compare [--json | --calibrate -o OUT.yaml [--force]] [--keep-bootargs] [--keep-memory] [--keep-tree] [INPUT] LOG\n"
	"                                        predicted against a boot log, figure by figure;\n"
	"                                        exit 1 when any differs\n"
	"       memx --help | --version\n"
	"\n"
	"INPUT is a YAML board profile, a DTB, or a DTS (compiled with dtc). For device trees:\n"
	"  --profile BASE.yaml   keep BASE's kernel-side settings, take the memory map from the tree\n"
	"  --arch arm|arm64|riscv64   instead of guessing from the tree\n"
	"  -i DIR                include directory for dtc (repeatable)\n"
	"  --bootargs 'ARGS'     replace the profile's kernel command line\n"
	"\n"
	"exit codes: 0 success, 1 check found errors or compare found differences, 2 usage error, 3 input missing or\n"
	"malformed, 4 output not written (or exists: --force), 5 internal error (out of memory)\n";



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
	fprintf(stderr, "memx %s: unknown option '%s'\n%s", cmd, opt, mx_cli_usage);
	return MX_EXIT_USAGE;
}

int mx_cli_need_value(const char *cmd, int argc, int i)
{
	if (i + 1 < argc)
		return 0;
	fprintf(stderr, "memx %s: an option needs a value\n", cmd);
	return -1;
}

static int cmd_report(int argc, char **argv)
{
	struct mx_cli_input in = { 0 };
	const char *out = NULL;
	bool json = false, force = false;
	struct mx_profile p;
	struct mx_layout L;
	struct mx_buf b;
	int rc;

	for (int i = 1; i < argc; i++) {
		int t = mx_cli_input_arg("report", argc, argv, &i, &in);

		if (t < 0)
			return MX_EXIT_USAGE;
		if (t)
			continue;
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--force")) {
			force = true;
		} else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
			if (mx_cli_need_value("report", argc, i))
				return MX_EXIT_USAGE;
			out = argv[++i];
		} else {
			return mx_cli_bad_option("report", argv[i]);
		}
	}
	mx_profile_init(&p);
	if ((rc = mx_cli_load_input(&in, &p))) {
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
		rc = mx_cli_write_out(out, &b, force, &in);
	}
	mx_buf_release(&b);
	mx_layout_release(&L);
	mx_profile_release(&p);
	return rc;
}

static int cmd_check(int argc, char **argv)
{
	struct mx_cli_input in = { 0 };
	struct mx_profile p;
	struct mx_layout L;
	size_t ne, nw;
	int rc;

	for (int i = 1; i < argc; i++) {
		int t = mx_cli_input_arg("check", argc, argv, &i, &in);

		if (t < 0)
			return MX_EXIT_USAGE;
		if (!t)
			return mx_cli_bad_option("check", argv[i]);
	}
	mx_profile_init(&p);
	if ((rc = mx_cli_load_input(&in, &p))) {
		mx_profile_release(&p);
		return rc;
	}
	mx_layout_init(&L);
	if (mx_layout_compute(&L, &p)) {
		fprintf(stderr, "memx: out of memory\n");
		rc = MX_EXIT_INTERNAL;
	} else {
		mx_cli_print_diags(&L.diags, stdout);
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

/* --set / --add / --delete, in the order given */
struct edit {
	char kind; /* 's', 'a', 'd' */
	const char *arg;
};

static int apply_edits(struct mx_profile *p, const struct edit *e, size_t n)
{
	char err[256] = "";
	struct mx_diaglist d;

	for (size_t i = 0; i < n; i++) {
		int r = 0, ri;

		mx_diaglist_init(&d);
		if (e[i].kind == 's') {
			r = mx_edit_set(p, e[i].arg, &d);
		} else if (e[i].kind == 'a') {
			r = mx_edit_add_region(p, e[i].arg, NULL, &d);
		} else if ((ri = mx_profile_find_region(p, e[i].arg)) < 0) {
			snprintf(err, sizeof(err), "no region called '%s'", e[i].arg);
			r = MX_EPARSE;
		} else {
			mx_profile_remove_region(p, (size_t)ri);
		}
		if (d.cnt)
			snprintf(err, sizeof(err), "%s", d.d[0].msg);
		mx_diaglist_release(&d);
		if (r == MX_ENOMEM) {
			fprintf(stderr, "memx: out of memory\n");
			return MX_EXIT_INTERNAL;
		}
		if (r) {
			fprintf(stderr, "memx export: --%s '%s': %s\n",
				e[i].kind == 's' ? "set" : e[i].kind == 'a' ? "add" : "delete", e[i].arg, err);
			return MX_EXIT_USAGE;
		}
	}
	return MX_EXIT_OK;
}

static int cmd_export(int argc, char **argv)
{
	struct mx_cli_input in = { 0 };
	const char *out = NULL;
	bool standalone = false, force = false;
	enum mx_dts_form form = MX_DTS_NODE;
	struct edit *edits = calloc((size_t)argc, sizeof(*edits));
	size_t nedits = 0;
	struct mx_profile p, loaded;
	struct mx_buf b;
	int rc;

	if (!edits)
		return MX_EXIT_INTERNAL;
	for (int i = 1; i < argc; i++) {
		int t = mx_cli_input_arg("export", argc, argv, &i, &in);

		if (t < 0) {
			free(edits);
			return MX_EXIT_USAGE;
		}
		if (t)
			continue;
		if (!strcmp(argv[i], "--standalone")) {
			standalone = true;
		} else if (!strcmp(argv[i], "--force")) {
			force = true;
		} else if (!strcmp(argv[i], "--form") || !strcmp(argv[i], "-o") ||
			   !strcmp(argv[i], "--output") || !strcmp(argv[i], "--set") ||
			   !strcmp(argv[i], "--add") || !strcmp(argv[i], "--delete")) {
			const char *o = argv[i];

			if (mx_cli_need_value("export", argc, i)) {
				free(edits);
				return MX_EXIT_USAGE;
			}
			i++;
			if (!strcmp(o, "--form")) {
				if (!strcmp(argv[i], "node")) {
					form = MX_DTS_NODE;
				} else if (!strcmp(argv[i], "overrides")) {
					form = MX_DTS_OVERRIDES;
				} else {
					fprintf(stderr, "memx export: --form is node or overrides, not '%s'\n",
						argv[i]);
					free(edits);
					return MX_EXIT_USAGE;
				}
			} else if (!strcmp(o, "-o") || !strcmp(o, "--output")) {
				out = argv[i];
			} else {
				edits[nedits].kind = o[2];
				edits[nedits].arg = argv[i];
				nedits++;
			}
		} else {
			free(edits);
			return mx_cli_bad_option("export", argv[i]);
		}
	}
	mx_profile_init(&p);
	mx_profile_init(&loaded);
	if ((rc = mx_cli_load_input(&in, &p)) || (mx_profile_copy(&loaded, &p) && (rc = MX_EXIT_INTERNAL)) ||
	    (rc = apply_edits(&p, edits, nedits)))
		goto out;
	mx_buf_init(&b);
	if (mx_dts_export(&p, &loaded, form, standalone, &b)) {
		fprintf(stderr, "memx: out of memory\n");
		rc = MX_EXIT_INTERNAL;
	} else {
		rc = mx_cli_write_out(out, &b, force, &in);
	}
	mx_buf_release(&b);
out:
	mx_profile_release(&loaded);
	mx_profile_release(&p);
	free(edits);
	return rc;
}

static int cmd_import(int argc, char **argv)
{
	struct mx_cli_input in = { 0 };
	const char *out = NULL;
	bool force = false;
	struct mx_profile p;
	struct mx_buf b;
	int rc;

	for (int i = 1; i < argc; i++) {
		int t = mx_cli_input_arg("import", argc, argv, &i, &in);

		if (t < 0)
			return MX_EXIT_USAGE;
		if (t)
			continue;
		if (!strcmp(argv[i], "--force")) {
			force = true;
		} else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
			if (mx_cli_need_value("import", argc, i))
				return MX_EXIT_USAGE;
			out = argv[++i];
		} else {
			return mx_cli_bad_option("import", argv[i]);
		}
	}
	if (!in.file || !out) {
		fprintf(stderr, "memx import: needs an input and -o OUT.yaml\n%s", mx_cli_usage);
		return MX_EXIT_USAGE;
	}
	mx_profile_init(&p);
	if ((rc = mx_cli_load_input(&in, &p))) {
		mx_profile_release(&p);
		return rc;
	}
	mx_buf_init(&b);
	if (mx_profile_write_yaml(&p, &b)) {
		fprintf(stderr, "memx: out of memory\n");
		rc = MX_EXIT_INTERNAL;
	} else {
		rc = mx_cli_write_out(out, &b, force, &in);
	}
	mx_buf_release(&b);
	mx_profile_release(&p);
	return rc;
}

/* memx regions: the /reserved-memory regions, one node name per line (scripts, completion) */
static int cmd_regions(int argc, char **argv)
{
	struct mx_cli_input in = { 0 };
	struct mx_profile p;
	int rc;

	for (int i = 1; i < argc; i++) {
		int t = mx_cli_input_arg("regions", argc, argv, &i, &in);

		if (t < 0)
			return MX_EXIT_USAGE;
		if (!t)
			return mx_cli_bad_option("regions", argv[i]);
	}
	mx_profile_init(&p);
	if (!(rc = mx_cli_load_input(&in, &p)))
		for (size_t i = 0; i < p.nregions; i++)
			printf("%s\n", p.regions[i].name);
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
		fputs(mx_cli_usage, stdout);
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
	if (cmd && !strcmp(cmd, "export"))
		return cmd_export(argc - 1, argv + 1);
	if (cmd && !strcmp(cmd, "import"))
		return cmd_import(argc - 1, argv + 1);
	if (cmd && !strcmp(cmd, "regions"))
		return cmd_regions(argc - 1, argv + 1);
	if (cmd && !strcmp(cmd, "checks"))
		return cmd_checks();
	if (cmd && !strcmp(cmd, "compare"))
		return mx_cli_compare(argc - 1, argv + 1);
	if (tui)
		return tui(argc, argv);
	if (cmd && cmd[0] == '-') {
		fprintf(stderr, "memx: unknown option '%s'\n%s", cmd, mx_cli_usage);
		return MX_EXIT_USAGE;
	}
	fprintf(stderr, "memx: this build has no explorer (TUI); try 'memx report %s'\n%s",
		cmd ? cmd : "", mx_cli_usage);
	return MX_EXIT_USAGE;
}

/* For the explorer: load like the commands do (same options, same messages). */
int mx_cli_load(int argc, char **argv, struct mx_profile *p, const char **file)
{
	struct mx_cli_input in = { 0 };

	for (int i = 1; i < argc; i++) {
		int t;

		if (!strcmp(argv[i], "--log")) { /* the explorer's, with its value */
			i++;
			continue;
		}
		t = mx_cli_input_arg("", argc, argv, &i, &in);
		if (t < 0)
			return MX_EXIT_USAGE;
	}
	*file = in.file;
	return mx_cli_load_input(&in, p);
}
