/* cli_help.c - memx --help and memx CMD --help: every command and every option, in one place */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_internal.h"

const char mx_cli_usage[] =
	"usage: memx [EXPLORER OPTIONS] [INPUT]     explore INPUT (default: the built-in msm8937 profile)\n"
	"       memx COMMAND [OPTIONS] [ARGS]        (memx COMMAND --help for its options)\n"
	"\n"
	"commands:\n"
	"  report    the boot timeline, zones, regions, meminfo; --breakdown, --svg, --html\n"
	"  check     the diagnostics and the budgets; exit 1 on an error or a budget exceeded\n"
	"  diff      two inputs (or one under two command lines): regions, figures, what explains each delta\n"
	"  sweep     the same board for each DRAM size (--dram 512M,1G,2G)\n"
	"  compare   predicted against a boot log, figure by figure (--live: this running board)\n"
	"  import    save a device tree (or this running board: --live) as a YAML profile\n"
	"  export    /reserved-memory as DTS, edited on the way\n"
	"  regions   the /reserved-memory regions, one name per line\n"
	"  checks    the checks memx runs\n"
	"\n"
	"explorer options:\n"
	"  --log LOG             hold the layout against a boot log (key L)\n"
	"  --no-color            no colours (also NO_COLOR=1); kinds are letters\n"
	"  --ascii               no UTF-8 block characters\n"
	"  --no-mouse            leave the mouse to the terminal\n"
	"\n"
	"INPUT is a YAML board profile, a DTB, or a DTS (preprocessed with cpp as the kernel does,\n"
	"compiled in memx's own process as dtc would; dtc runs for what memx does not compile\n"
	"itself, and for every DTS with MEMX_DTC=always). Every command and the explorer take:\n"
	"  --profile BASE.yaml   for a device tree: BASE's kernel-side settings, the tree's memory map\n"
	"  --arch arm|arm64|riscv64   instead of guessing from the tree\n"
	"  -I DIR                include directory for cpp and dtc (repeatable; also -i); a DTS inside a\n"
	"                        kernel tree gets scripts/dtc/include-prefixes by itself\n"
	"  --no-cpp              compile the DTS as it is (no C preprocessor)\n"
	"  --overlay FILE        apply a .dtbo or an overlay .dts onto the tree (repeatable, in order)\n"
	"  --allow-outside-includes   read includes from outside the input's tree and the -I dirs\n"
	"  --bootargs 'ARGS'     replace the profile's kernel command line\n"
	"  -h, --help            this text; memx COMMAND --help: that command's\n"
	"  -V, --version         memx's version\n"
	"\n"
	"exit codes: 0 success, 1 check found errors or a budget exceeded, compare or diff found\n"
	"differences, 2 usage error, 3 input missing or malformed, 4 output not written (or exists:\n"
	"--force), 5 internal error (out of memory)\n";

#define INPUT_OPTS \
	"input options (every command):\n" \
	"  --profile BASE.yaml   for a device tree: BASE's kernel-side settings, the tree's memory map\n" \
	"  --arch arm|arm64|riscv64   instead of guessing from the tree\n" \
	"  -I DIR                include directory for cpp and dtc (repeatable; also -i)\n" \
	"  --no-cpp              compile the DTS as it is (no C preprocessor)\n" \
	"  --overlay FILE        apply a .dtbo or an overlay .dts onto the tree (repeatable)\n" \
	"  --allow-outside-includes   read includes from outside the input's tree and the -I dirs\n" \
	"  --bootargs 'ARGS'     replace the profile's kernel command line\n"

static const struct help {
	const char *cmd;
	const char *text;
} helps[] = {
	{ "report",
	  "usage: memx report [--json | --breakdown[=text|json]] [--wide] [--svg OUT.svg]\n"
	  "                   [--html OUT.html] [-o OUT] [--force] [INPUT OPTIONS] [INPUT]\n"
	  "\n"
	  "The boot timeline of INPUT (default: the built-in msm8937 profile): every step with the\n"
	  "kernel's own lines, the zones, every region, the no-map-fixup, /proc/meminfo, diagnostics.\n"
	  "\n"
	  "  --json                one JSON document instead (shape in the README)\n"
	  "  --wide                the timeline names each step's kernel function (135 columns;\n"
	  "                        without it the report fits 100)\n"
	  "  --breakdown[=text]    where every KiB of physpages goes: one named cause per page, freed\n"
	  "                        later or kept (--breakdown=json: doc/breakdown.schema.json)\n"
	  "  --svg OUT.svg         the address space as a picture (carve-outs stay visible)\n"
	  "  --html OUT.html       one self-contained page: the picture, the regions, the breakdown\n"
	  "  -o, --output OUT      write the report to OUT atomically instead of stdout\n"
	  "  --force               replace an existing OUT (an input is never overwritten)\n"
	  INPUT_OPTS
	  "\n"
	  "exit codes: 0 written, 2 usage, 3 input, 4 output not written, 5 internal\n" },
	{ "check",
	  "usage: memx check [--min-memtotal SIZE] [--min-lowtotal SIZE] [--max-reserved SIZE]\n"
	  "                  [--max-cma SIZE] [--max-memmap SIZE] [--max-region-size [REGION=]SIZE]...\n"
	  "                  [--no-budget] [INPUT OPTIONS] [INPUT]\n"
	  "\n"
	  "The diagnostics of INPUT, one per line (file:line:col: severity: message [check]), then\n"
	  "every budget it exceeds, one per line with the figure and the limit. Budgets come from the\n"
	  "profile's budget: section and from these options (an option replaces the profile's):\n"
	  "\n"
	  "  --min-memtotal SIZE   MemTotal at the end of boot at least SIZE\n"
	  "  --min-lowtotal SIZE   LowTotal (32-bit ARM with highmem) at least SIZE\n"
	  "  --max-reserved SIZE   the Memory line's reserved at most SIZE\n"
	  "  --max-cma SIZE        CmaTotal at most SIZE\n"
	  "  --max-memmap SIZE     struct page storage in use at the end at most SIZE\n"
	  "  --max-region-size [REGION=]SIZE\n"
	  "                        every /reserved-memory region (or REGION: node name, label or name\n"
	  "                        without unit address) at most SIZE; repeatable\n"
	  "  --no-budget           ignore the profile's budget: section\n"
	  INPUT_OPTS
	  "\n"
	  "SIZE is 4096, 0x1000, 64K, 900M, 1G. exit codes: 0 no error and every budget met, 1 an error\n"
	  "or a budget exceeded, 2 usage, 3 input, 5 internal\n" },
	{ "diff",
	  "usage: memx diff [--json] [--order] [PER-SIDE OPTIONS] [INPUT OPTIONS] A [B]\n"
	  "\n"
	  "What changes from A to B (profiles, DTB/DTS, or the same input twice under two command\n"
	  "lines or kernels): regions added, removed, moved, resized, with changed flags; every\n"
	  "accounting figure before -> after; and which change explains each figure's delta: the\n"
	  "changes are applied to A one at a time, in the order listed, each on top of the ones\n"
	  "before, so each figure's contributions add up to its delta exactly.\n"
	  "\n"
	  "  --json                one JSON document instead\n"
	  "  --bootargs-a ARGS, --bootargs-b ARGS   the command line of one side\n"
	  "  --profile-a BASE, --profile-b BASE     the kernel-side base of one side (device trees)\n"
	  "  --kernel-a VER, --kernel-b VER         the kernel version of one side (its rules)\n"
	  "  B defaults to A when a per-side option is given.\n"
	  INPUT_OPTS
	  "  (input options apply to both sides)\n"
	  "\n"
	  "exit codes: 0 no difference, 1 they differ, 2 usage, 3 input, 5 internal\n" },
	{ "sweep",
	  "usage: memx sweep --dram SIZE[,SIZE...] [--json] [INPUT OPTIONS] [INPUT]\n"
	  "\n"
	  "The same board for each DRAM size: the first memory bank resized, everything else as it\n"
	  "is; one row per size with MemTotal, the Memory line's reserved, CmaTotal, the memmap,\n"
	  "LowTotal/HighTotal, the regions that fall outside memory and the placements that failed.\n"
	  "\n"
	  "  --dram LIST           the sizes, comma-separated: 512M,1G,2G,4G\n"
	  "  --json                one JSON document instead\n"
	  INPUT_OPTS
	  "\n"
	  "exit codes: 0 done, 2 usage, 3 input, 5 internal\n" },
	{ "compare",
	  "usage: memx compare [--json | --calibrate -o OUT.yaml [--force]] [--keep-bootargs]\n"
	  "                    [--keep-memory] [--keep-tree] [--keep-loader] [--boot-loader-log UBOOT.LOG]\n"
	  "                    [INPUT OPTIONS] [INPUT] LOG\n"
	  "       memx compare --live [--root DIR] [--json] [INPUT OPTIONS] [INPUT]\n"
	  "\n"
	  "INPUT's prediction against a boot log (serial console or dmesg), figure by figure. The\n"
	  "boot's command line, the /memory its boot loader wrote and the size of the tree it\n"
	  "unflattened are taken from the log unless kept. Without INPUT the built-in profile is\n"
	  "used, and refused when the log's machine cannot be that board.\n"
	  "\n"
	  "  --json                one JSON object instead\n"
	  "  --calibrate -o OUT.yaml   write INPUT with a calibration item absorbing the residual\n"
	  "  --keep-bootargs, --keep-memory, --keep-tree   keep the input's own\n"
	  "  --boot-loader-log UBOOT.LOG   U-Boot's console log of the same boot: its environment,\n"
	  "                        banks and where it put the kernel, initrd and tree are taken\n"
	  "  --keep-loader         take none of the boot loader's facts (placements, tree size)\n"
	  "  --live                on the target: the booted tree (/sys/firmware/fdt) unless INPUT is\n"
	  "                        given, /proc/cmdline, /proc/meminfo, /proc/iomem, debugfs\n"
	  "                        memblock/{memory,reserved} when mounted, and the kernel log\n"
	  "  --root DIR            read those files under DIR (a copy; the kernel log is DIR/dmesg)\n"
	  INPUT_OPTS
	  "\n"
	  "exit codes: 0 every figure agrees, 1 a figure differs, 2 usage, 3 input, 4 output, 5 internal\n" },
	{ "import",
	  "usage: memx import [INPUT OPTIONS] INPUT -o OUT.yaml [--force]\n"
	  "       memx import --live [--root DIR] [INPUT OPTIONS] -o OUT.yaml [--force]\n"
	  "\n"
	  "Save a device tree (or a profile) as a YAML profile. --live: this running board, from the\n"
	  "booted tree (/sys/firmware/fdt), /proc/cmdline and the kernel log (the /memory its boot\n"
	  "loader wrote, the tree it unflattened); --root DIR reads a copy of those files.\n"
	  "\n"
	  "  -o, --output OUT.yaml   where to write (atomically)\n"
	  "  --force               replace an existing OUT\n"
	  INPUT_OPTS
	  "\n"
	  "exit codes: 0 written, 2 usage, 3 input, 4 output not written, 5 internal\n" },
	{ "export",
	  "usage: memx export [--form node|overrides] [--standalone] [--set REGION.PROP=VALUE]...\n"
	  "                   [--add 'NAME SIZE'] [--delete REGION] [-o OUT] [--force] [INPUT OPTIONS] [INPUT]\n"
	  "\n"
	  "INPUT's /reserved-memory as DTS, after the edits, in the order given.\n"
	  "\n"
	  "  --form node           the whole node (default); with /memory when it changed\n"
	  "  --form overrides      only what changed, as &label { ... }; blocks\n"
	  "  --standalone          a DTS dtc compiles as it is (/dts-v1/, cells, /chosen, /memory)\n"
	  "  --set REGION.PROP=VALUE   no-map, reusable, linux,cma-default, no-map-fixup, status,\n"
	  "                        size, reg (BASE+SIZE), base, alignment, alloc-ranges, compatible,\n"
	  "                        label, name, freed-late, fixup-keep\n"
	  "  --add 'NAME SIZE' | 'NAME BASE+SIZE'   a new region\n"
	  "  --delete REGION       remove a region\n"
	  "  -o, --output OUT, --force   as report\n"
	  INPUT_OPTS
	  "\n"
	  "exit codes: 0 written, 2 usage (a bad edit), 3 input, 4 output not written, 5 internal\n" },
	{ "regions",
	  "usage: memx regions [INPUT OPTIONS] [INPUT]\n"
	  "\n"
	  "The /reserved-memory regions of INPUT, one node name per line (scripts, completion).\n"
	  INPUT_OPTS
	  "\n"
	  "exit codes: 0, 2 usage, 3 input\n" },
	{ "checks",
	  "usage: memx checks\n"
	  "\n"
	  "The checks memx runs: name, default severity, when it fires.\n" },
};

static const char *const commands[] = {
	"report", "check", "diff", "sweep", "compare", "import", "export", "regions", "checks",
};

int mx_cli_help(const char *cmd, FILE *f)
{
	for (size_t i = 0; cmd && i < sizeof(helps) / sizeof(helps[0]); i++)
		if (!strcmp(helps[i].cmd, cmd)) {
			fputs(helps[i].text, f);
			return 0;
		}
	fputs(mx_cli_usage, f);
	return 0;
}

bool mx_cli_is_command(const char *s)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i], s))
			return true;
	return false;
}

/* Levenshtein distance, for "did you mean" (short words only). */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[32], cur[32];

	if (la >= 31 || lb >= 31)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t d = prev[j - 1] + (a[i - 1] != b[j - 1]);

			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			cur[j] = d;
		}
		memcpy(prev, cur, sizeof(prev));
	}
	return prev[lb];
}

const char *mx_cli_nearest_command(const char *s)
{
	const char *best = NULL;
	size_t bd = 3; /* at most two edits away */

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		size_t d = distance(s, commands[i]);

		if (d < bd) {
			bd = d;
			best = commands[i];
		}
	}
	return best;
}
