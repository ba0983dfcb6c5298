/*
 * bench_keys.c - keystroke to frame in the real explorer: the key is handled,
 * the screen's view-model rebuilt and painted through curses (into
 * /dev/null), exactly as in the terminal. Not a test.
 *
 *   memx_bench_keys [-W 200] [-H 60] [-n N] SCENARIO INPUT [memx options]
 *
 * prints the wall time per key; for the instruction count, which holds on
 * a noisy machine, run it under callgrind and count only bench_run():
 *
 *   valgrind --tool=callgrind --collect-atstart=no --toggle-collect=bench_run \
 *       build/tests/memx_bench_keys j board.dts        (tests/bench/keys.sh does all)
 */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui.h"

struct scenario {
	const char *name;
	const char *what;
	int setup[8];  /* keys before the measured ones (0 ends) */
	int keys[4];   /* the keys measured, in turn (0 ends) */
	bool region;   /* start with the first /reserved-memory region selected */
	int pre, npre; /* then key @pre, @npre times */
};

static const struct scenario scenarios[] = {
	{ "j", "cursor down a row (j, k in turn)", { 0 }, { 'j', 'k', 0 }, false, 0, 0 },
	{ "j-scroll", "cursor down at the last row: the bar scrolls a row (zoomed in 8x)",
	  { '+', '+', '+', 0 }, { 'j', 0 }, false, 'j', 60 },
	{ "tab", "next region (Tab)", { 0 }, { '\t', 0 }, false, 0, 0 },
	{ "zoom", "zoom in and out (+, -)", { 0 }, { '+', '-', 0 }, false, 0, 0 },
	{ "table", "move in the table pane (t, then j k)", { 't', 0 }, { 'j', 'k', 0 }, false, 0, 0 },
	{ "edit", "toggle no-map on a region (m): recompute and redraw", { 0 }, { 'm', 0 }, true, 0, 0 },
	{ "undo", "undo and redo (u, U)", { 'm', 0 }, { 'u', 'U', 0 }, true, 0, 0 },
	{ "idle", "nothing: a frame with nothing changed", { 0 }, { KEY_F(30), 0 }, false, 0, 0 },
};

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* What callgrind counts (--toggle-collect=bench_run): @n keys and their frames. */
void bench_run(struct app *a, const struct scenario *s, long n);
void bench_run(struct app *a, const struct scenario *s, long n)
{
	size_t nk = 0;

	while (s->keys[nk])
		nk++;
	for (long i = 0; i < n; i++)
		app_key(a, s->keys[(size_t)i % nk]);
}

static int usage(void)
{
	fprintf(stderr, "usage: memx_bench_keys [-W COLS] [-H ROWS] [-n KEYS] [-T TERM] SCENARIO INPUT [memx options]\n"
		"scenarios:\n");
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		fprintf(stderr, "  %-9s %s\n", scenarios[i].name, scenarios[i].what);
	return 2;
}

int main(int argc, char **argv)
{
	int W = 200, H = 60, rc, i = 1;
	const char *term = "xterm-256color";
	long n = 2000;
	const struct scenario *s = NULL;
	struct app *a;
	FILE *out, *in;
	SCREEN *scr;
	char cols[16], lines[16];
	double t0, t;

	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (!strcmp(argv[i], "-W"))
			W = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "-H"))
			H = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "-n"))
			n = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "-T"))
			term = argv[i + 1];
		else
			return usage();
	}
	if (i + 1 >= argc)
		return usage();
	for (size_t k = 0; k < sizeof(scenarios) / sizeof(scenarios[0]); k++)
		if (!strcmp(argv[i], scenarios[k].name))
			s = &scenarios[k];
	if (!s)
		return usage();
	/* the explorer's own command line: memx [options] INPUT */
	argv[i] = argv[0];
	a = app_open(argc - i, argv + i, &rc);
	if (!a)
		return rc;
	/* as in a terminal: a UTF-8 locale (term_init() takes the user's) */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	/* curses on a terminal of WxH whose output goes nowhere */
	snprintf(cols, sizeof(cols), "%d", W);
	snprintf(lines, sizeof(lines), "%d", H);
	setenv("COLUMNS", cols, 1);
	setenv("LINES", lines, 1);
	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	if (!out || !in || !(scr = newterm(term, out, in))) {
		fprintf(stderr, "memx_bench_keys: no terminal (xterm-256color terminfo?)\n");
		return 1;
	}
	set_term(scr);
	paint_fd(fileno(out));
	a->term = true;
	theme_init(a);
	app_frame(a);
	if (s->region)
		/* the first region that is placed: an edit there moves no row of the table */
		for (size_t r = 0; r < a->prof.nregions; r++) {
			int it = mx_layout_region_item(&a->L, (int)r);

			if (it >= 0 && (a->L.items[it].flags & MX_IF_PLACED)) {
				app_select_item(a, it);
				break;
			}
		}
	for (size_t k = 0; s->setup[k]; k++)
		app_key(a, s->setup[k]);
	for (int k = 0; k < s->npre; k++)
		app_key(a, s->pre);
	/* the region costs the explorer fills in while nothing is typed */
	while (mx_screen_idle(&a->scr))
		;
	app_frame(a);
	t0 = now();
	bench_run(a, s, n);
	t = (now() - t0) / (double)n;
	printf("%-9s %dx%d %8.1f us per key (%ld keys; %s)\n", s->name, W, H, t * 1e6, n, s->what);
	paint_free();
	theme_free();
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	app_close(a);
	return 0;
}
