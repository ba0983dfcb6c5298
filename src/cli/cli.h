/* cli.h - the command-line front end shared by the memx binaries */
#ifndef MEMX_CLI_H
#define MEMX_CLI_H

/* Exit codes scripts can rely on (documented in README and memx --help). */
enum mx_exit {
	MX_EXIT_OK = 0,       /* success; for check: no errors */
	MX_EXIT_CHECK = 1,    /* check found errors (or compare found differences) */
	MX_EXIT_USAGE = 2,    /* bad command line */
	MX_EXIT_INPUT = 3,    /* an input file is missing or malformed */
	MX_EXIT_OUTPUT = 4,   /* an output file could not be written (or exists) */
	MX_EXIT_INTERNAL = 5, /* out of memory or a bug */
};

/*
 * Entry point of the explorer, provided by the TUI build: @file is the
 * profile or NULL for the default one. Returns an exit code.
 */
typedef int (*mx_tui_fn)(int argc, char **argv);

/**
 * mx_cli_main - parse the command line and run a command. @tui may be NULL (no TUI built).
 */
int mx_cli_main(int argc, char **argv, mx_tui_fn tui);

struct mx_profile;
/**
 * mx_cli_load - load the input named on a command line (argv[1..]), with the
 * input options every command takes (--profile, --arch, -i); other options
 * are skipped. Errors are printed. *file gets the input (NULL: the built-in
 * profile). Returns an exit code (enum mx_exit).
 */
int mx_cli_load(int argc, char **argv, struct mx_profile *p, const char **file);

/**
 * mx_cli_input_option - is @arg an input option every command (and the
 * explorer) takes? 2: it takes a value, 1: a flag, 0: not one.
 */
int mx_cli_input_option(const char *arg);

#endif
