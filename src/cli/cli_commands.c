/* cli_commands.c - memx report, check, export, import, regions, checks */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "memx/breakdown.h"
#include "memx/budget.h"
#include "memx/check.h"
#include "cli.h"
#include "memx/dt.h"
#include "memx/dts.h"
#include "memx/edit.h"
#include "memx/layout.h"
#include "memx/profile.h"
#include "memx/report.h"
#include "cli_internal.h"

int mx_cli_report(int argc, char **argv)
{
	struct mx_cli_input in = { 0 };
	const char *out = NULL, *svg = NULL, *html = NULL;
	enum { TEXT, JSON, BD_TEXT, BD_JSON } form = TEXT;
	bool force = false, form_given = false, wide = false;
	struct mx_profile p;
	struct mx_layout L;
	struct mx_breakdown bd;
	struct mx_buf b;
	int rc, r;

	for (int i = 1; i < argc; i++) {
		int t = mx_cli_input_arg("report", argc, argv, &i, &in);

		if (t < 0)
			return MX_EXIT_USAGE;
		if (t)
			continue;
		if (!strcmp(argv[i], "--json") || !strncmp(argv[i], "--breakdown", 11))
			form_given = true;
		if (!strcmp(argv[i], "--svg") || !strcmp(argv[i], "--html")) {
			if (mx_cli_need_value("report", argc, i))
				return MX_EXIT_USAGE;
			*(argv[i][2] == 's' ? &svg : &html) = argv[i + 1];
			i++;
		} else if (!strcmp(argv[i], "--json")) {
			form = form == BD_TEXT ? BD_JSON : JSON;
		} else if (!strcmp(argv[i], "--breakdown") || !strcmp(argv[i], "--breakdown=text")) {
			form = form == JSON ? BD_JSON : BD_TEXT;
		} else if (!strcmp(argv[i], "--breakdown=json")) {
			form = BD_JSON;
		} else if (!strncmp(argv[i], "--breakdown=", 12)) {
			fprintf(stderr, "memx report: --breakdown is text or json, not '%s' (see memx report --help)\n",
				argv[i] + 12);
			return MX_EXIT_USAGE;
		} else if (!strcmp(argv[i], "--force")) {
			force = true;
		} else if (!strcmp(argv[i], "--wide")) {
			wide = true;
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
	mx_breakdown_init(&bd);
	mx_buf_init(&b);
	r = mx_layout_compute(&L, &p);
	if (!r && (form == BD_TEXT || form == BD_JSON || html))
		r = mx_breakdown_compute(&bd, &L, &p);
	/* the pictures first: each its own file, written whole or not at all */
	for (int k = 0; !r && k < 2; k++) {
		const char *f = k ? html : svg;

		if (!f)
			continue;
		mx_buf_clear(&b);
		if ((r = mx_cli_picture(&L, &p, &bd, k == 1, &b)))
			break;
		if ((rc = mx_cli_write_out(f, &b, force, &in)))
			goto done;
	}
	mx_buf_clear(&b);
	if (!r && (svg || html) && !form_given && !out)
		goto done; /* only the pictures were asked for */
	if (!r) {
		switch (form) {
		case TEXT: r = mx_report_text_flags(&L, &p, wide ? MX_REPORT_WIDE : 0, &b); break;
		case JSON: r = mx_report_json(&L, &p, &b); break;
		case BD_TEXT: r = mx_breakdown_text(&bd, &L, &p, &b); break;
		case BD_JSON: r = mx_breakdown_json(&bd, &L, &p, &b); break;
		}
	}
	if (r) {
		fprintf(stderr, "memx: out of memory\n");
		rc = MX_EXIT_INTERNAL;
	} else {
		rc = mx_cli_write_out(out, &b, force, &in);
	}
done:
	mx_buf_release(&b);
	mx_breakdown_release(&bd);
	mx_layout_release(&L);
	mx_profile_release(&p);
	return rc;
}

/* --min-memtotal SIZE and friends: 1 taken, 0 not a budget option, -1 usage error (said) */
static int budget_arg(int argc, char **argv, int *i, struct mx_budget *bu)
{
	const char *a = argv[*i], *v, *eq;
	uint64_t n;

	if (strncmp(a, "--", 2))
		return 0;
	for (int k = 0; k < MX_BUDGET__COUNT; k++) {
		if (strcmp(a + 2, mx_budget_key_name((enum mx_budget_key)k)))
			continue;
		if (mx_cli_need_value("check", argc, *i))
			return -1;
		v = argv[++*i];
		eq = k == MX_BUDGET_MAX_REGION_SIZE ? strrchr(v, '=') : NULL;
		if (mx_size_parse(eq ? eq + 1 : v, &n)) {
			fprintf(stderr, "memx check: %s '%s': expected a size like 900M, 0x1000000 or 4096%s\n", a, mx_cli_esc(v),
				k == MX_BUDGET_MAX_REGION_SIZE ? " (or REGION=SIZE)" : "");
			return -1;
		}
		if (eq) {
			char name[256];

			snprintf(name, sizeof(name), "%.*s", (int)(eq - v), v);
			if (mx_budget_add_region(bu, name, n, NULL))
				return -1;
		} else {
			bu->limit[k] = n;
			bu->has |= 1u << k;
			memset(&bu->pos[k], 0, sizeof(bu->pos[k]));
		}
		return 1;
	}
	return 0;
}

/* The profile's budget with the command line's limits over it. */
static int merge_budget(struct mx_budget *out, const struct mx_budget *prof, const struct mx_budget *cl)
{
	*out = *prof;
	out->regions = NULL;
	out->nregions = 0;
	for (int k = 0; k < MX_BUDGET__COUNT; k++)
		if (cl->has & (1u << k)) {
			out->limit[k] = cl->limit[k];
			out->pos[k] = cl->pos[k];
			out->has |= 1u << k;
		}
	for (size_t i = 0; i < cl->nregions; i++)
		if (mx_budget_add_region(out, cl->regions[i].region, cl->regions[i].max, NULL))
			return MX_ENOMEM;
	for (size_t i = 0; i < prof->nregions; i++) {
		bool over = false;

		for (size_t j = 0; j < cl->nregions; j++)
			over |= !strcmp(cl->regions[j].region, prof->regions[i].region);
		if (!over && mx_budget_add_region(out, prof->regions[i].region, prof->regions[i].max,
						  &prof->regions[i].pos))
			return MX_ENOMEM;
	}
	return 0;
}

int mx_cli_check(int argc, char **argv)
{
	struct mx_cli_input in = { 0 };
	struct mx_budget cl, bu;
	struct mx_budget_result res;
	bool no_budget = false;
	struct mx_profile p;
	struct mx_layout L;
	struct mx_buf line;
	size_t ne, nw;
	int rc = MX_EXIT_OK;

	memset(&cl, 0, sizeof(cl));
	memset(&bu, 0, sizeof(bu));
	for (int i = 1; i < argc && rc == MX_EXIT_OK; i++) {
		int t = mx_cli_input_arg("check", argc, argv, &i, &in);

		if (t < 0)
			rc = MX_EXIT_USAGE;
		else if (!t && !strcmp(argv[i], "--no-budget"))
			no_budget = true;
		else if (!t && (t = budget_arg(argc, argv, &i, &cl)) < 0)
			rc = MX_EXIT_USAGE;
		else if (!t)
			rc = mx_cli_bad_option("check", argv[i]);
	}
	if (rc) {
		mx_budget_release(&cl);
		return rc;
	}
	mx_profile_init(&p);
	mx_layout_init(&L);
	mx_budget_result_init(&res);
	mx_buf_init(&line);
	if ((rc = mx_cli_load_input(&in, &p)))
		goto out;
	if (no_budget)
		mx_budget_release(&p.budget);
	if (mx_layout_compute(&L, &p) || merge_budget(&bu, &p.budget, &cl) || mx_budget_check(&bu, &L, &p, &res)) {
		fprintf(stderr, "memx: out of memory\n");
		rc = MX_EXIT_INTERNAL;
		goto out;
	}
	mx_cli_print_diags(&L.diags, stdout);
	for (size_t i = 0; i < res.n; i++) {
		mx_buf_clear(&line);
		mx_budget_format(&res.v[i], &line);
		printf("%s\n", line.buf);
	}
	ne = mx_diaglist_count(&L.diags, MX_SEV_ERROR);
	nw = mx_diaglist_count(&L.diags, MX_SEV_WARNING);
	printf("%s: %zu error(s), %zu warning(s), %zu note(s)", mx_cli_esc(p.source), ne, nw,
	       mx_diaglist_count(&L.diags, MX_SEV_NOTE));
	if (res.checked || res.n)
		printf("; %zu budget(s) checked, %zu exceeded", res.checked, res.n);
	putchar('\n');
	rc = ne || res.n ? MX_EXIT_CHECK : MX_EXIT_OK;
out:
	mx_buf_release(&line);
	mx_budget_result_release(&res);
	mx_budget_release(&bu);
	mx_budget_release(&cl);
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
				e[i].kind == 's' ? "set" : e[i].kind == 'a' ? "add" : "delete",
				mx_cli_esc(e[i].arg), mx_cli_esc(err));
			return MX_EXIT_USAGE;
		}
	}
	return MX_EXIT_OK;
}

int mx_cli_export(int argc, char **argv)
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
	if ((rc = mx_dts_export(&p, &loaded, form, standalone, &b)) == MX_EINVAL) {
		struct mx_diaglist d; /* refused, nothing written: say why */

		mx_diaglist_init(&d);
		mx_dts_export_check(&p, &loaded, form, &d);
		mx_cli_print_diags(&d, stderr);
		mx_diaglist_release(&d);
		rc = MX_EXIT_INPUT;
	} else if (rc) {
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

int mx_cli_import(int argc, char **argv)
{
	struct mx_cli_input in = { 0 };
	const char *out = NULL, *root = NULL;
	bool force = false, live = false;
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
		} else if (!strcmp(argv[i], "--live")) {
			live = true;
		} else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output") || !strcmp(argv[i], "--root")) {
			if (mx_cli_need_value("import", argc, i))
				return MX_EXIT_USAGE;
			*(argv[i][2] == 'r' ? &root : &out) = argv[i + 1];
			i++;
		} else {
			return mx_cli_bad_option("import", argv[i]);
		}
	}
	if (root && !live) {
		fprintf(stderr, "memx import: --root goes with --live (see memx import --help)\n");
		return MX_EXIT_USAGE;
	}
	if (live && in.file) {
		fprintf(stderr, "memx import: --live reads the booted tree; '%s' is one input too many\n", mx_cli_esc(in.file));
		return MX_EXIT_USAGE;
	}
	if ((!in.file && !live) || !out) {
		fprintf(stderr, "memx import: needs an input (or --live) and -o OUT.yaml (see memx import --help)\n");
		return MX_EXIT_USAGE;
	}
	if (live)
		return mx_cli_import_live(&in, root, out, force);
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
int mx_cli_regions(int argc, char **argv)
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
			printf("%s\n", mx_cli_esc(p.regions[i].name));
	mx_profile_release(&p);
	return rc;
}

int mx_cli_checks(void)
{
	size_t n;
	const struct mx_check *c = mx_check_registry(&n);

	for (size_t i = 0; i < n; i++)
		printf("%-18s %-8s %s\n", c[i].name, mx_severity_name(c[i].sev), c[i].what);
	return MX_EXIT_OK;
}

