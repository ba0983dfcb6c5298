/* cli_diff.c - memx diff: two inputs, or one under two command lines or kernels */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "memx/diff.h"
#include "memx/profile.h"
#include "cli_internal.h"

/* One side: the shared input options, then its own. */
struct side {
	struct mx_cli_input in;
	const char *kernel;     /* --kernel-a/-b: the kernel version */
	char label[512];
};

static int load_side(struct side *s, struct mx_profile *p)
{
	int rc = mx_cli_load_input(&s->in, p);

	if (!rc && s->kernel && mx_str_set(&p->kernel, s->kernel))
		rc = MX_EXIT_INTERNAL;
	return rc;
}

static void label(struct side *s, const char *which)
{
	size_t n;

	snprintf(s->label, sizeof(s->label), "%s", s->in.file ? s->in.file : "the built-in profile");
	n = strlen(s->label);
	if (s->in.bootargs)
		n += (size_t)snprintf(s->label + n, sizeof(s->label) - n, " --bootargs '%s'", s->in.bootargs);
	if (n < sizeof(s->label) && s->kernel)
		n += (size_t)snprintf(s->label + n, sizeof(s->label) - n, " --kernel %s", s->kernel);
	if (n < sizeof(s->label) && s->in.base)
		snprintf(s->label + n, sizeof(s->label) - n, " --profile %s", s->in.base);
	(void)which;
}

int mx_cli_diff(int argc, char **argv)
{
	struct side s[2];
	const char *pos[2] = { NULL, NULL };
	size_t npos = 0;
	bool json = false, per_side = false;
	struct mx_profile pa, pb;
	struct mx_diff d;
	struct mx_buf b;
	int rc;

	memset(s, 0, sizeof(s));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		size_t len = strlen(a);

		if (!strcmp(a, "--json")) {
			json = true;
		} else if (len > 2 && a[0] == '-' && a[1] == '-' && (!strcmp(a + len - 2, "-a") || !strcmp(a + len - 2, "-b"))) {
			int w = a[len - 1] == 'b';
			char opt[32];

			snprintf(opt, sizeof(opt), "%.*s", (int)(len - 2), a);
			if (strcmp(opt, "--bootargs") && strcmp(opt, "--profile") && strcmp(opt, "--kernel"))
				return mx_cli_bad_option("diff", a);
			if (mx_cli_need_value("diff", argc, i))
				return MX_EXIT_USAGE;
			i++;
			per_side = true;
			if (!strcmp(opt, "--bootargs"))
				s[w].in.bootargs = argv[i];
			else if (!strcmp(opt, "--profile"))
				s[w].in.base = argv[i];
			else
				s[w].kernel = argv[i];
		} else if (a[0] != '-' || !a[1]) {
			if (npos == 2) {
				fprintf(stderr, "memx diff: expected A [B], got a third input '%s'\n", mx_cli_esc(a));
				return MX_EXIT_USAGE;
			}
			pos[npos++] = a;
		} else {
			/* the input options, for both sides (a side's own given later wins) */
			struct mx_cli_input both = { 0 };
			int j = i, t = mx_cli_input_arg("diff", argc, argv, &j, &both);

			if (t < 0)
				return MX_EXIT_USAGE;
			if (!t)
				return mx_cli_bad_option("diff", a);
			for (int k = 0; k < 2; k++) {
				if (both.base && !s[k].in.base)
					s[k].in.base = both.base;
				if (both.bootargs && !s[k].in.bootargs)
					s[k].in.bootargs = both.bootargs;
				if (both.arch)
					s[k].in.arch = both.arch;
				if (both.ninc && s[k].in.ninc < MAX_INCLUDES)
					s[k].in.inc[s[k].in.ninc++] = both.inc[0];
			}
			i = j;
		}
	}
	if (!npos || (npos == 1 && !per_side)) {
		fprintf(stderr, "memx diff: needs two inputs, or one and a per-side option such as "
			"--bootargs-b (see memx diff --help)\n");
		return MX_EXIT_USAGE;
	}
	s[0].in.file = pos[0];
	s[1].in.file = npos == 2 ? pos[1] : pos[0];
	label(&s[0], "A");
	label(&s[1], "B");
	mx_profile_init(&pa);
	mx_profile_init(&pb);
	mx_diff_init(&d);
	mx_buf_init(&b);
	if ((rc = load_side(&s[0], &pa)) || (rc = load_side(&s[1], &pb)))
		goto out;
	if (mx_diff_compute(&d, &pa, &pb) ||
	    (json ? mx_diff_json(&d, s[0].label, s[1].label, &b) : mx_diff_text(&d, s[0].label, s[1].label, &b))) {
		fprintf(stderr, "memx: out of memory\n");
		rc = MX_EXIT_INTERNAL;
		goto out;
	}
	rc = mx_cli_write_out(NULL, &b, false, NULL);
	if (!rc && d.differ)
		rc = MX_EXIT_CHECK;
out:
	mx_buf_release(&b);
	mx_diff_release(&d);
	mx_profile_release(&pb);
	mx_profile_release(&pa);
	return rc;
}
