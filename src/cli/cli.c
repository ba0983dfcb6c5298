/* cli.c - the command line: which command runs, --help, the explorer's loading */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "memx/profile.h"
#include "cli_internal.h"

static int checks(int argc, char **argv)
{
	if (argc > 1)
		return mx_cli_bad_option("checks", argv[1]);
	return mx_cli_checks();
}

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "report", mx_cli_report },
	{ "check", mx_cli_check },
	{ "diff", mx_cli_diff },
	{ "sweep", mx_cli_sweep },
	{ "compare", mx_cli_compare },
	{ "import", mx_cli_import },
	{ "export", mx_cli_export },
	{ "regions", mx_cli_regions },
	{ "checks", checks },
};

static bool is_help(const char *a)
{
	return !strcmp(a, "--help") || !strcmp(a, "-h");
}

/* The explorer's options and the input options, with how many values each takes. */
static int explorer_option(const char *a)
{
	static const char *const flags[] = { "--no-color", "--no-colour", "--ascii", "--no-mouse" };
	int input = mx_cli_input_option(a);

	if (input)
		return input - 1;
	if (!strcmp(a, "--log"))
		return 1;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (!strcmp(a, flags[i]))
			return 0;
	return -1;
}

/*
 * `memx WORD`: the explorer on the file WORD. A WORD that is no file and does
 * not look like a path is a mistyped command, and says so.
 */
static int unknown_command(const char *w)
{
	struct stat st;
	const char *near;

	if (!stat(w, &st) || strchr(w, '/') || strchr(w, '.'))
		return 0;
	near = mx_cli_nearest_command(w);
	fprintf(stderr, "memx: '%s' is not a memx command nor a file%s%s%s (see memx --help)\n", mx_cli_esc(w),
		near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
	return 1;
}

int mx_cli_main(int argc, char **argv, mx_tui_fn tui)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (cmd && (is_help(cmd) || !strcmp(cmd, "help"))) {
		mx_cli_help(argc > 2 ? argv[2] : NULL, stdout);
		return MX_EXIT_OK;
	}
	if (cmd && (!strcmp(cmd, "--version") || !strcmp(cmd, "-V"))) {
		printf("memx %s\n", MX_VERSION);
		return MX_EXIT_OK;
	}
	for (size_t c = 0; cmd && c < sizeof(commands) / sizeof(commands[0]); c++) {
		if (strcmp(cmd, commands[c].name))
			continue;
		for (int i = 2; i < argc; i++)
			if (is_help(argv[i])) {
				mx_cli_help(cmd, stdout);
				return MX_EXIT_OK;
			}
		return commands[c].run(argc - 1, argv + 1);
	}
	/* the explorer: check its command line here, one line per mistake */
	for (int i = 1; i < argc; i++) {
		int v;

		if (argv[i][0] != '-' || !argv[i][1]) {
			if (i == 1 && unknown_command(argv[i]))
				return MX_EXIT_USAGE;
			continue;
		}
		if (is_help(argv[i])) {
			mx_cli_help(NULL, stdout);
			return MX_EXIT_OK;
		}
		if ((v = explorer_option(argv[i])) < 0)
			return mx_cli_bad_option("", argv[i]);
		if (v && i + 1 >= argc) {
			fprintf(stderr, "memx: %s needs a value (see memx --help)\n", mx_cli_esc(argv[i]));
			return MX_EXIT_USAGE;
		}
		i += v;
	}
	if (tui)
		return tui(argc, argv);
	fprintf(stderr, "memx: this build has no explorer (TUI); try 'memx report%s%s'\n", cmd ? " " : "",
		cmd ? cmd : "");
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
