/* cli_compare.c - memx compare: a profile or device tree against a boot log */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/bootlog.h"
#include "cli.h"
#include "memx/compare.h"
#include "memx/layout.h"
#include "memx/profile.h"
#include "cli_internal.h"

static void value(char *out, size_t n, const struct mx_cmp_row *r, bool pred)
{
	uint64_t v = pred ? r->pred : r->obs;

	if (!(pred ? r->has_pred : r->has_obs)) {
		snprintf(out, n, "-");
		return;
	}
	switch (r->unit) {
	case MX_CMP_KIB: snprintf(out, n, "%" PRIu64 "K", v); break;
	case MX_CMP_ADDR: snprintf(out, n, "0x%" PRIx64, v); break;
	case MX_CMP_BYTES: snprintf(out, n, "%" PRIu64, v); break;
	case MX_CMP_PAGES: snprintf(out, n, "%" PRIu64, v); break;
	case MX_CMP_TEXT: snprintf(out, n, "%s", pred ? r->pred_text : r->obs_text); break;
	}
}

static void print_rows(const struct mx_compare *c, const char *log)
{
	const char *group = "";

	printf("  %-34s %22s %22s\n", "figure", "predicted", "observed");
	for (size_t i = 0; i < c->nrows; i++) {
		const struct mx_cmp_row *r = &c->rows[i];
		char p[48], o[48], delta[40] = "";

		if (strcmp(group, r->group)) {
			group = r->group;
			printf("  %s\n", group);
		}
		value(p, sizeof(p), r, true);
		value(o, sizeof(o), r, false);
		if (r->differs && r->unit == MX_CMP_KIB)
			snprintf(delta, sizeof(delta), "  (%+" PRId64 "K)", (int64_t)(r->obs - r->pred));
		printf("%c   %-32s %22s %22s%s", r->differs ? '!' : ' ', r->what, p, o, delta);
		if (r->line && r->differs)
			printf("  %s:%d", log, r->line);
		putchar('\n');
	}
}

static int load_log(const char *path, struct mx_bootlog *b)
{
	int r = mx_bootlog_parse_file(b, path);

	if (r == MX_ENOMEM) {
		fprintf(stderr, "memx: out of memory\n");
		return MX_EXIT_INTERNAL;
	}
	if (r) {
		fprintf(stderr, "%s: cannot read the boot log: %s\n", path,
			r == MX_ENOENT ? "no such file" : mx_strerror(r));
		return MX_EXIT_INPUT;
	}
	mx_cli_print_diags(&b->diags, stderr);
	if (!mx_bootlog_usable(b)) {
		/* the parser already said why when nothing in it was a boot log */
		if (!mx_diaglist_count(&b->diags, MX_SEV_ERROR))
			fprintf(stderr, "%s:1:1: error: expected a kernel boot log: no \"Memory:\" line and "
				"no /proc/meminfo block\n", path);
		return MX_EXIT_INPUT;
	}
	return MX_EXIT_OK;
}

int mx_cli_compare(int argc, char **argv)
{
	struct mx_cli_input in = { 0 };
	const char *pos[2] = { NULL, NULL }, *log, *out = NULL;
	bool calibrate = false, force = false, json = false;
	unsigned take = MX_ADOPT_ALL;
	size_t npos = 0;
	struct mx_bootlog b;
	struct mx_profile p, orig;
	struct mx_diaglist facts;
	struct mx_layout L;
	struct mx_compare c;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--profile") || !strcmp(a, "--arch") || !strcmp(a, "-i") ||
		    !strcmp(a, "--bootargs")) {
			if (mx_cli_input_arg("compare", argc, argv, &i, &in) < 0)
				return MX_EXIT_USAGE;
		} else if (!strcmp(a, "--calibrate")) {
			calibrate = true;
		} else if (!strcmp(a, "--force")) {
			force = true;
		} else if (!strcmp(a, "--keep-bootargs")) {
			take &= ~(unsigned)MX_ADOPT_BOOTARGS;
		} else if (!strcmp(a, "--keep-memory")) {
			take &= ~(unsigned)MX_ADOPT_MEMORY;
		} else if (!strcmp(a, "--keep-tree")) {
			take &= ~(unsigned)MX_ADOPT_TREE;
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (mx_cli_need_value("compare", argc, i))
				return MX_EXIT_USAGE;
			out = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			return mx_cli_bad_option("compare", a);
		} else if (npos == 2) {
			fprintf(stderr, "memx compare: expected [INPUT] LOG, got a third file '%s'\n", a);
			return MX_EXIT_USAGE;
		} else {
			pos[npos++] = a;
		}
	}
	if (!npos) {
		fprintf(stderr, "memx compare: needs a boot log (see memx compare --help)\n");
		return MX_EXIT_USAGE;
	}
	if (json && calibrate) {
		fprintf(stderr, "memx compare: --json and --calibrate do not go together\n");
		return MX_EXIT_USAGE;
	}
	if (calibrate != (out != NULL)) {
		fprintf(stderr, "memx compare: --calibrate writes a profile: give it -o OUT.yaml (and -o "
			"only with --calibrate)\n");
		return MX_EXIT_USAGE;
	}
	log = pos[npos - 1];
	in.file = npos == 2 ? pos[0] : NULL;
	in.log = log; /* mx_cli_write_out() refuses to write over any input, however spelled */

	mx_bootlog_init(&b);
	mx_profile_init(&p);
	mx_profile_init(&orig);
	mx_diaglist_init(&facts);
	mx_layout_init(&L);
	mx_compare_init(&c);
	if ((rc = load_log(log, &b)) || (rc = mx_cli_load_input(&in, &p)))
		goto done;
	if (!json) {
		printf("memx compare: %s against %s\n", in.file ? in.file : "the built-in profile", log);
		printf("log: %s%s, %d boot(s) in the file", b.version ? "Linux " : "",
		       b.version ? b.version : "no \"Linux version\" line", b.boots);
		if (b.boot_line)
			printf(", the one at line %d", b.boot_line);
		putchar('\n');
	}
	/*
	 * The boot's command line and what its boot loader did to the tree are
	 * facts of that boot (unless told otherwise); a calibrated profile keeps
	 * the input's own.
	 */
	if (in.bootargs)
		take &= ~(unsigned)MX_ADOPT_BOOTARGS;
	if (mx_profile_copy(&orig, &p) || mx_compare_adopt(&p, &b, take, &facts) < 0) {
		rc = MX_EXIT_INTERNAL;
		goto done;
	}
	for (size_t i = 0; !json && i < facts.cnt; i++)
		printf("%s\n", facts.d[i].msg);
	if (mx_layout_compute(&L, &p) || mx_compare_run(&c, &L, &p, &b)) {
		fprintf(stderr, "memx: out of memory\n");
		rc = MX_EXIT_INTERNAL;
		goto done;
	}
	/* what the prediction could not do (a crashkernel= that does not fit...) matters here */
	for (size_t i = 0; i < L.diags.cnt; i++) {
		struct mx_diaglist one = { &L.diags.d[i], 1, 1, 0 };

		if (L.diags.d[i].sev >= MX_SEV_WARNING)
			mx_cli_print_diags(&one, stderr);
	}
	rc = c.ndiff ? MX_EXIT_CHECK : MX_EXIT_OK;
	if (json) {
		struct mx_buf jb;
		int w;

		mx_buf_init(&jb);
		w = mx_compare_json(&c, &b, &facts, &jb) ? MX_EXIT_INTERNAL : mx_cli_write_out(NULL, &jb, false, &in);
		mx_buf_release(&jb);
		if (w)
			rc = w;
		goto done;
	}
	print_rows(&c, log);
	printf("result: %zu figure(s) compared, %zu differ%s\n", c.nchecked, c.ndiff,
	       c.ndiff ? " (marked !)" : "");
	if (fflush(stdout) || ferror(stdout)) {
		perror("memx: stdout");
		rc = MX_EXIT_OUTPUT;
		goto done;
	}
	if (calibrate) {
		struct mx_diaglist d;
		struct mx_buf yb;
		char note[256];
		int r;

		mx_diaglist_init(&d);
		r = mx_compare_calibrate(&orig, &c, &d);
		mx_cli_print_diags(&d, stderr);
		mx_diaglist_release(&d);
		if (r == MX_EINVAL) {
			fprintf(stderr, "memx compare: %s has no Memory: line; nothing to calibrate on\n", log);
			rc = MX_EXIT_INPUT;
			goto done;
		}
		if (r) {
			rc = r == MX_ENOMEM ? MX_EXIT_INTERNAL : MX_EXIT_CHECK;
			goto done;
		}
		for (size_t i = 0; i < orig.nearly; i++) {
			if (!orig.early[i].calibration)
				continue;
			snprintf(note, sizeof(note), "calibrated on %s: the reserved figure it did not "
				 "explain (%+" PRId64 "K this time)", log, c.reserved_residual_k);
			if (mx_str_set(&orig.early[i].note, note)) {
				rc = MX_EXIT_INTERNAL;
				goto done;
			}
		}
		mx_buf_init(&yb);
		if (mx_profile_write_yaml(&orig, &yb)) {
			mx_buf_release(&yb);
			rc = MX_EXIT_INTERNAL;
			goto done;
		}
		rc = mx_cli_write_out(out, &yb, force, &in);
		mx_buf_release(&yb);
		if (!rc)
			printf("calibration: %+" PRId64 "K absorbed; wrote %s\n", c.reserved_residual_k, out);
	}
done:
	mx_diaglist_release(&facts);
	mx_profile_release(&orig);
	mx_compare_release(&c);
	mx_layout_release(&L);
	mx_profile_release(&p);
	mx_bootlog_release(&b);
	return rc;
}
