/* cli.c - the command line: usage, which command runs, the explorer's loading */
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
	"       memx compare [--json | --calibrate -o OUT.yaml [--force]] [--keep-bootargs] [--keep-memory] [--keep-tree]\n"
	"                    [--keep-loader] [--boot-loader-log UBOOT.LOG] [INPUT] LOG\n"
	"                                        predicted against a boot log, figure by figure;\n"
	"                                        exit 1 when any differs\n"
	"       memx --help | --version\n"
	"\n"
	"INPUT is a YAML board profile, a DTB, or a DTS (preprocessed with cpp as the kernel does, compiled\n"
	"with dtc). For device trees:\n"
	"  --profile BASE.yaml   keep BASE's kernel-side settings, take the memory map from the tree\n"
	"  --arch arm|arm64|riscv64   instead of guessing from the tree\n"
	"  -I DIR                include directory for cpp and dtc (repeatable; also -i); a DTS inside a\n"
	"                        kernel tree gets scripts/dtc/include-prefixes by itself\n"
	"  --no-cpp              give the DTS to dtc as it is (no C preprocessor)\n"
	"  --overlay FILE        apply a .dtbo or an overlay .dts onto the tree (repeatable, in order)\n"
	"  --allow-outside-includes   read includes from outside the input's tree and the -I dirs\n"
	"  --bootargs 'ARGS'     replace the profile's kernel command line\n"
	"\n"
	"exit codes: 0 success, 1 check found errors or compare found differences, 2 usage error, 3 input missing or\n"
	"malformed, 4 output not written (or exists: --force), 5 internal error (out of memory)\n";



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
		return mx_cli_report(argc - 1, argv + 1);
	if (cmd && !strcmp(cmd, "check"))
		return mx_cli_check(argc - 1, argv + 1);
	if (cmd && !strcmp(cmd, "export"))
		return mx_cli_export(argc - 1, argv + 1);
	if (cmd && !strcmp(cmd, "import"))
		return mx_cli_import(argc - 1, argv + 1);
	if (cmd && !strcmp(cmd, "regions"))
		return mx_cli_regions(argc - 1, argv + 1);
	if (cmd && !strcmp(cmd, "checks"))
		return mx_cli_checks();
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
