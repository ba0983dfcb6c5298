/* cli_compare.c - memx compare: a profile or device tree against a boot log */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/bootlog.h"
#include "cli.h"
#include "memx/compare.h"
#include "memx/flavour.h"
#include "memx/layout.h"
#include "memx/profile.h"
#include "memx/ubootlog.h"
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
	case MX_CMP_TEXT: snprintf(out, n, "%s", mx_cli_esc(pred ? r->pred_text : r->obs_text)); break;
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
		printf("%c   %-32s %22s %22s%s", r->differs ? '!' : ' ', mx_cli_esc(r->what), p, o, delta);
		if (r->line && r->differs)
			printf("  %s:%d", mx_cli_esc(log), r->line);
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
		fprintf(stderr, "%s: error: cannot read the boot log: %s\n", mx_cli_esc(path),
			r == MX_ENOENT ? "no such file" : mx_strerror(r));
		return MX_EXIT_INPUT;
	}
	mx_cli_print_diags(&b->diags, stderr);
	if (!mx_bootlog_usable(b)) {
		/* the parser already said why when nothing in it was a boot log */
		if (!mx_diaglist_count(&b->diags, MX_SEV_ERROR))
			fprintf(stderr, "%s:1:1: error: expected a kernel boot log: no \"Memory:\" line and "
				"no /proc/meminfo block\n", mx_cli_esc(path));
		return MX_EXIT_INPUT;
	}
	return MX_EXIT_OK;
}

/* --boot-loader-log: U-Boot's console log */
static int load_uboot(const char *path, struct mx_ubootlog *u)
{
	int r = mx_ubootlog_parse_file(u, path);

	if (r == MX_ENOMEM) {
		fprintf(stderr, "memx: out of memory\n");
		return MX_EXIT_INTERNAL;
	}
	if (r) {
		fprintf(stderr, "%s: cannot read the boot-loader log: %s\n", path,
			r == MX_ENOENT ? "no such file" : mx_strerror(r));
		return MX_EXIT_INPUT;
	}
	mx_cli_print_diags(&u->diags, stderr);
	if (!mx_ubootlog_usable(u))
		return MX_EXIT_INPUT; /* the parser said why */
	return MX_EXIT_OK;
}

/*
 * memx compare LOG without an input holds the built-in msm8937 profile
 * against LOG: refuse when LOG's machine cannot be that board (another
 * kernel flavour, memory the board does not have) instead of printing a
 * column of differences that only say "another board".
 */
static int default_board_fits(const struct mx_profile *p, const struct mx_bootlog *b, const char *log)
{
	const struct mx_flavour *fl = mx_flavour_find(p->kernel, NULL);
	char why[256] = "", mem[96] = "";
	uint64_t dram = 0;

	for (size_t i = 0; i < p->nmemory; i++)
		dram += p->memory[i].size;
	if (b->version && mx_flavour_find(b->version, NULL) != fl)
		snprintf(why, sizeof(why), "it is a Linux %s boot (rules of %s), not %s", b->version,
			 mx_flavour_find(b->version, NULL)->name, fl->name);
	for (size_t i = 0; !why[0] && i < b->nnode_ranges; i++) {
		bool inside = false;

		for (size_t k = 0; k < p->nmemory && !inside; k++)
			inside = b->node_ranges[i].base >= p->memory[k].base &&
				 b->node_ranges[i].base + b->node_ranges[i].size <= p->memory[k].base + p->memory[k].size;
		if (!inside)
			snprintf(why, sizeof(why), "its memory 0x%" PRIx64 "-0x%" PRIx64 " is not the board's",
				 b->node_ranges[i].base, b->node_ranges[i].base + b->node_ranges[i].size - 1);
	}
	if (!why[0] && b->mem.present && b->mem.total_k > dram >> 10)
		snprintf(why, sizeof(why), "its %" PRIu64 "K of memory are more than the board's %" PRIu64 "K",
			 b->mem.total_k, dram >> 10);
	if (!why[0])
		return MX_EXIT_OK;
	if (p->nmemory)
		snprintf(mem, sizeof(mem), ", memory 0x%" PRIx64 "+%" PRIu64 "M", p->memory[0].base, dram >> 20);
	fprintf(stderr, "memx compare: %s cannot be a boot of the built-in profile (%s: %s, kernel %s%s): %s; "
		"give the board's profile or device tree: memx compare INPUT %s\n", log, p->name ? p->name : "?",
		mx_arch_name(p->arch), p->kernel ? p->kernel : "?", mem, why, log);
	return MX_EXIT_USAGE;
}

int mx_cli_compare(int argc, char **argv)
{
	struct mx_cli_input in = { 0 };
	const char *pos[2] = { NULL, NULL }, *log, *out = NULL, *ulog = NULL, *root = NULL;
	bool calibrate = false, force = false, json = false, live = false;
	struct mx_ubootlog u;
	struct mx_cli_live lv;
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

		if (mx_cli_input_option(a)) {
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
		} else if (!strcmp(a, "--keep-loader")) {
			take &= ~(unsigned)(MX_ADOPT_LOADER | MX_ADOPT_PLACEMENT);
		} else if (!strcmp(a, "--boot-loader-log")) {
			if (mx_cli_need_value("compare", argc, i))
				return MX_EXIT_USAGE;
			ulog = argv[++i];
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else if (!strcmp(a, "--live")) {
			live = true;
		} else if (!strcmp(a, "--root")) {
			if (mx_cli_need_value("compare", argc, i))
				return MX_EXIT_USAGE;
			root = argv[++i];
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
	if (root && !live) {
		fprintf(stderr, "memx compare: --root goes with --live (see memx compare --help)\n");
		return MX_EXIT_USAGE;
	}
	if (live && npos > 1) {
		fprintf(stderr, "memx compare: --live reads the running boot; expected at most an INPUT, got '%s'\n",
			mx_cli_esc(pos[1]));
		return MX_EXIT_USAGE;
	}
	if (!npos && !live) {
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
	mx_cli_live_init(&lv);
	if (live && (rc = mx_cli_live_gather(&lv, root, "compare")))
		goto live_failed;
	log = live ? lv.log_name : pos[npos - 1];
	in.file = live ? pos[0] : npos == 2 ? pos[0] : NULL;
	in.log = live ? NULL : log; /* mx_cli_write_out() refuses to write over any input, however spelled */
	in.loader_log = ulog;

	mx_ubootlog_init(&u);
	mx_bootlog_init(&b);
	mx_profile_init(&p);
	mx_profile_init(&orig);
	mx_diaglist_init(&facts);
	mx_layout_init(&L);
	mx_compare_init(&c);
	if (ulog && (rc = load_uboot(ulog, &u)))
		goto done;
	if (live) {
		if (mx_bootlog_parse(&b, lv.log.buf, lv.log.len, log)) {
			rc = MX_EXIT_INTERNAL;
			goto done;
		}
		mx_cli_print_diags(&b.diags, stderr);
		if (!mx_bootlog_usable(&b)) {
			fprintf(stderr, "memx compare: %s: no Memory: line and no /proc/meminfo: nothing to compare\n",
				mx_cli_esc(log));
			rc = MX_EXIT_INPUT;
			goto done;
		}
		if ((rc = mx_cli_live_profile(&lv, &in, &b, ulog ? &u : NULL, take, &p, &facts, true)))
			goto done;
	} else if ((rc = load_log(log, &b)) || (rc = mx_cli_load_input(&in, &p)) ||
		   (!in.file && (rc = default_board_fits(&p, &b, log)))) {
		goto done;
	}
	if (!json) {
		printf("memx compare: %s against %s\n", in.file ? mx_cli_esc(in.file) : "the built-in profile",
		       mx_cli_esc(log));
		printf("log: %s%s, %d boot(s) in the file", b.version ? "Linux " : "",
		       b.version ? mx_cli_esc(b.version) : "no \"Linux version\" line", b.boots);
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
	if (live) {
		/* the profile is this boot already (mx_cli_live_profile): its facts are said */
		if (!json) {
			if (lv.cmdline && !in.bootargs)
				printf("the command line of this boot (/proc/cmdline): %s\n", mx_cli_esc(lv.cmdline));
			fputs(lv.info.buf, stdout);
		}
		if (mx_profile_copy(&orig, &p)) {
			rc = MX_EXIT_INTERNAL;
			goto done;
		}
	} else if (mx_profile_copy(&orig, &p) || mx_compare_adopt_boot(&p, &b, ulog ? &u : NULL, take, &facts) < 0) {
		rc = MX_EXIT_INTERNAL;
		goto done;
	}
	for (size_t i = 0; !json && i < facts.cnt; i++)
		printf("%s\n", mx_cli_esc(facts.d[i].msg));
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
			fprintf(stderr, "memx compare: %s has no Memory: line; nothing to calibrate on\n",
				mx_cli_esc(log));
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
			snprintf(note, sizeof(note), "calibrated on %.150s: the reserved figure it did not "
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
			printf("calibration: %+" PRId64 "K absorbed; wrote %s\n", c.reserved_residual_k,
			       mx_cli_esc(out));
	}
done:
	mx_diaglist_release(&facts);
	mx_profile_release(&orig);
	mx_compare_release(&c);
	mx_layout_release(&L);
	mx_profile_release(&p);
	mx_bootlog_release(&b);
	mx_ubootlog_release(&u);
live_failed:
	mx_cli_live_release(&lv);
	return rc;
}
