/* cli_internal.h - what the command files share (not part of the API) */
#ifndef MEMX_CLI_INTERNAL_H
#define MEMX_CLI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "memx/buf.h"
#include "memx/diag.h"
#include "memx/profile.h"

#define MAX_INCLUDES 32
#define MAX_OVERLAYS 32

/* The options every command that reads an input accepts. */
struct mx_cli_input {
	const char *file;
	const char *base;                   /* --profile */
	enum mx_arch arch;                  /* --arch */
	const char *inc[MAX_INCLUDES];      /* -I (or -i): cpp and dtc include directories */
	size_t ninc;
	const char *ovl[MAX_OVERLAYS];      /* --overlay, in order */
	size_t novl;
	bool no_cpp;                        /* --no-cpp */
	bool allow_outside;                 /* --allow-outside-includes */
	const char *bootargs;               /* --bootargs: replaces the profile's */
	const char *log;                    /* memx compare's boot log (never an output) */
	const char *loader_log;             /* memx compare --boot-loader-log (never an output) */
};

extern const char mx_cli_usage[];

/* cli_io.c */
/* Take argv[*i] if it is an input option or the input: 1 taken, 0 not, -1 usage error (said). */
int mx_cli_input_arg(const char *cmd, int argc, char **argv, int *i, struct mx_cli_input *in);
/* Load the input (or the default profile); prints loader errors; returns an exit code. */
int mx_cli_load_input(const struct mx_cli_input *in, struct mx_profile *p);
/* @b to stdout (@out NULL) or atomically to @out; returns an exit code. */
int mx_cli_write_out(const char *out, const struct mx_buf *b, bool force, const struct mx_cli_input *in);
int mx_cli_bad_option(const char *cmd, const char *opt);
int mx_cli_need_value(const char *cmd, int argc, int i);
void mx_cli_print_diags(const struct mx_diaglist *d, FILE *f);
/* @s escaped for printing (mx_str_escape); valid until the fourth next call. */
const char *mx_cli_esc(const char *s);

/* cli_commands.c: one function per command (argv[0] is the command) */
int mx_cli_report(int argc, char **argv);
int mx_cli_check(int argc, char **argv);
int mx_cli_export(int argc, char **argv);
int mx_cli_import(int argc, char **argv);
int mx_cli_regions(int argc, char **argv);
int mx_cli_checks(void);

/* cli_compare.c */
int mx_cli_compare(int argc, char **argv);

/* cli_help.c: memx --help, memx CMD --help */
/* Print the help of @cmd (NULL or unknown: the overview) to @f. Returns 0. */
int mx_cli_help(const char *cmd, FILE *f);
bool mx_cli_is_command(const char *s);
/* The command at most two edits from @s, or NULL ("did you mean"). */
const char *mx_cli_nearest_command(const char *s);

/* cli_picture.c: the SVG (@html false) or the HTML page of @L into @out; 0 or MX_ENOMEM */
struct mx_layout;
struct mx_breakdown;
int mx_cli_picture(const struct mx_layout *L, const struct mx_profile *p, const struct mx_breakdown *bd, bool html,
		   struct mx_buf *out);

/* cli_live.c: the running board (or a copy of its files under --root DIR) */
struct mx_bootlog;
struct mx_cli_live {
	const char *root;          /* --root DIR, or NULL: this machine */
	char fdt[4200];            /* the booted tree: ROOT/sys/firmware/fdt */
	char log_name[4200];       /* what the kernel log is called in messages */
	char *cmdline;             /* /proc/cmdline, or NULL */
	struct mx_buf log;         /* the kernel log, then /proc/meminfo and the debugfs memblock tables */
	struct mx_buf info;        /* lines about what was read (/proc/iomem, debugfs) */
	bool has_meminfo;
};
void mx_cli_live_init(struct mx_cli_live *lv);
void mx_cli_live_release(struct mx_cli_live *lv);
/* Read everything; errors are printed. Returns an exit code. */
int mx_cli_live_gather(struct mx_cli_live *lv, const char *root, const char *cmd);
enum mx_arch mx_cli_live_arch(const struct mx_cli_live *lv);
/* the running board's profile with the boot's facts adopted (@u: U-Boot's log of it, or NULL) */
struct mx_ubootlog;
int mx_cli_live_profile(struct mx_cli_live *lv, struct mx_cli_input *in, const struct mx_bootlog *b,
			const struct mx_ubootlog *u, unsigned take, struct mx_profile *p, struct mx_diaglist *facts,
			bool quiet);
int mx_cli_import_live(struct mx_cli_input *in, const char *root, const char *out, bool force);

/* cli_diff.c, cli_sweep.c */
int mx_cli_diff(int argc, char **argv);
int mx_cli_sweep(int argc, char **argv);

#endif
