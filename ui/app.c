/* app.c - the explorer: options, loading, the model/selection bookkeeping and the main loop */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tui.h"

static const char tui_usage[] =
	"usage: memx [--no-color] [--ascii] [--no-mouse] [--log LOG] [--profile BASE] [--arch A]\n"
	"            [-i DIR] [--bootargs ARGS] [INPUT]\n"
	"Explore INPUT (a YAML profile, DTB or DTS; default: the built-in msm8937 profile).\n"
	"Press ? for keys. memx --help lists the other commands.\n";

void app_message(struct app *a, enum el el, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof(a->msg), fmt, ap);
	va_end(ap);
	a->msg_el = el;
	a->flags |= R_REDRAW;
}

/* Remember what is selected in terms that survive a recompute. */
static void remember_selection(struct app *a)
{
	const struct mx_item *it;

	if (a->sel < 0 || (size_t)a->sel >= a->L.nitems) {
		a->sel_region = -1;
		a->sel_name[0] = '\0';
		return;
	}
	it = &a->L.items[a->sel];
	a->sel_region = it->region;
	a->sel_kind = it->kind;
	snprintf(a->sel_name, sizeof(a->sel_name), "%s", it->name);
}

static void restore_selection(struct app *a)
{
	a->sel = -1;
	if (a->sel_region >= 0) {
		a->sel = mx_layout_region_item(&a->L, a->sel_region);
		return;
	}
	for (size_t i = 0; a->sel_name[0] && i < a->L.nitems; i++) {
		const struct mx_item *it = &a->L.items[i];

		if (it->region < 0 && !strcmp(it->name, a->sel_name)) {
			a->sel = (int)i;
			return;
		}
	}
}

void app_select_item(struct app *a, int item)
{
	a->sel = item;
	remember_selection(a);
	a->flags |= R_REDRAW;
}

/* Zoom that shows all DRAM at once: the smallest power of two that fits. */
uint64_t app_fit_span(const struct app *a)
{
	uint64_t need = a->view.end - a->view.start, span = a->L.params.page ? a->L.params.page : 4096;
	uint64_t rows = a->bar_rows > 0 ? (uint64_t)a->bar_rows : 1;

	while (span < UINT64_MAX / 2 && span * rows < need)
		span *= 2;
	return span;
}

/* Keep the cursor inside the span and the visible rows, then refill the rows. */
void app_clamp(struct app *a)
{
	uint64_t lo = mx_round_down(a->view.start, a->span);
	uint64_t last = a->view.end ? mx_round_down(a->view.end - 1, a->span) : 0;
	uint64_t rows = a->bar_rows > 0 ? (uint64_t)a->bar_rows : 1;

	if (a->cur < lo)
		a->cur = lo;
	if (a->cur > last)
		a->cur = last;
	a->cur = mx_round_down(a->cur, a->span);
	a->top = mx_round_down(a->top, a->span);
	if (a->top < lo)
		a->top = lo;
	if (a->cur < a->top)
		a->top = a->cur;
	if ((a->cur - a->top) / a->span >= rows)
		a->top = a->cur - (rows - 1) * a->span;
	if (a->bar_rows > 0 && (size_t)a->bar_rows > a->maxrows) {
		struct mx_row *r = realloc(a->rows, (size_t)a->bar_rows * sizeof(*r));

		if (!r)
			return;
		a->rows = r;
		a->maxrows = (size_t)a->bar_rows;
	}
	if (a->bar_rows > 0)
		mx_view_rows(&a->view, &a->L, a->top, a->span, (size_t)a->bar_rows, a->rows);
}

int app_recompute(struct app *a)
{
	remember_selection(a);
	if (mx_layout_compute(&a->L, &a->prof) || mx_view_build(&a->view, &a->L))
		return MX_ENOMEM;
	if (a->has_log && mx_compare_run(&a->cmp, &a->L, &a->prof, &a->blog))
		return MX_ENOMEM;
	restore_selection(a);
	a->cost_valid = false;
	if (!a->span && a->bar_rows > 0)
		a->span = app_fit_span(a);
	if (a->span)
		app_clamp(a);
	return 0;
}

int app_before_edit(struct app *a)
{
	if (undo_push(&a->undo, &a->prof)) {
		app_message(a, EL_ERROR, "out of memory: the edit was not made");
		return -1;
	}
	return 0;
}

void app_after_edit(struct app *a)
{
	a->dirty = true;
	a->generation++;
	a->flags |= R_RECOMPUTE | R_REDRAW;
}

/*
 * What the selected region costs: the layout with it and without it
 * (status = disabled), counter by counter. Cached per edit generation.
 */
void app_update_cost(struct app *a)
{
	struct mx_profile p;
	struct mx_layout L;
	int r = a->sel >= 0 ? a->L.items[a->sel].region : -1;

	if (r < 0) {
		a->cost_valid = false;
		return;
	}
	if (a->cost_valid && a->cost_region == r && a->cost_gen == a->generation)
		return;
	mx_profile_init(&p);
	mx_layout_init(&L);
	a->cost_valid = false;
	if (!mx_profile_copy(&p, &a->prof)) {
		p.regions[r].flags |= MX_REGION_DISABLED;
		if (!mx_layout_compute(&L, &p)) {
			uint64_t k = a->L.params.page / 1024;

			a->cost_physpages = ((int64_t)L.sum.physpages - (int64_t)a->L.sum.physpages) * (int64_t)k;
			a->cost_reserved = ((int64_t)a->L.sum.reserved - (int64_t)L.sum.reserved) * (int64_t)k;
			a->cost_memtotal = ((int64_t)L.sum.memtotal - (int64_t)a->L.sum.memtotal) * (int64_t)k;
			a->cost_memmap = (int64_t)a->L.sum.memmap_bytes - (int64_t)L.sum.memmap_bytes;
			a->cost_valid = true;
			a->cost_region = r;
			a->cost_gen = a->generation;
		}
	}
	mx_layout_release(&L);
	mx_profile_release(&p);
}

static int load(struct app *a, int argc, char **argv, const char **file)
{
	int r = mx_cli_load(argc, argv, &a->prof, file);

	if (r)
		return r;
	if (a->log_path) {
		r = mx_bootlog_parse_file(&a->blog, a->log_path);
		if (r == MX_ENOMEM) {
			fprintf(stderr, "memx: out of memory\n");
			return MX_EXIT_INTERNAL;
		}
		if (r || !mx_bootlog_usable(&a->blog)) {
			fprintf(stderr, "%s:1:1: error: expected a kernel boot log%s\n", a->log_path,
				r ? ": the file cannot be read" : ": no \"Memory:\" line and no /proc/meminfo block");
			return MX_EXIT_INPUT;
		}
		/*
		 * like memx compare: the boot's own command line (unless --bootargs
		 * said otherwise), /memory and tree size; the notes open the status line
		 */
		unsigned take = MX_ADOPT_ALL;
		struct mx_diaglist facts;
		int n;

		for (int i = 1; i < argc; i++)
			if (!strcmp(argv[i], "--bootargs"))
				take &= ~(unsigned)MX_ADOPT_BOOTARGS;
		mx_diaglist_init(&facts);
		n = mx_compare_adopt(&a->prof, &a->blog, take, &facts);
		if (n < 0) {
			mx_diaglist_release(&facts);
			return MX_EXIT_INTERNAL;
		}
		for (size_t i = 0; i < facts.cnt; i++)
			if (strncmp(facts.d[i].msg, "bootargs:", 9))
				app_message(a, EL_INFO, "%s", facts.d[i].msg);
		mx_diaglist_release(&facts);
		a->has_log = a->show_log = true;
	}
	if (mx_profile_copy(&a->base, &a->prof) || mx_layout_compute(&a->Lbase, &a->base)) {
		fprintf(stderr, "memx: out of memory\n");
		return MX_EXIT_INTERNAL;
	}
	return 0;
}

static void app_free(struct app *a)
{
	mx_profile_release(&a->prof);
	mx_profile_release(&a->base);
	mx_layout_release(&a->L);
	mx_layout_release(&a->Lbase);
	mx_view_release(&a->view);
	undo_release(&a->undo);
	free(a->rows);
	free(a->path);
	mx_bootlog_release(&a->blog);
	mx_compare_release(&a->cmp);
	free(a->log_path);
}

static void app_init(struct app *a)
{
	memset(a, 0, sizeof(*a));
	mx_profile_init(&a->prof);
	mx_profile_init(&a->base);
	mx_layout_init(&a->L);
	mx_layout_init(&a->Lbase);
	mx_view_init(&a->view);
	undo_init(&a->undo);
	mx_bootlog_init(&a->blog);
	mx_compare_init(&a->cmp);
	a->sel = a->sel_region = -1;
	a->color = true;
	a->mouse = true;
}

static void default_paths(struct app *a)
{
	const char *n = a->prof.name ? a->prof.name : "profile";

	snprintf(a->save_path, sizeof(a->save_path), "%s-edited.yaml", n);
	snprintf(a->export_path, sizeof(a->export_path), "%s-reserved-memory.dts", n);
	snprintf(a->overrides_path, sizeof(a->overrides_path), "%s-overrides.dtsi", n);
}

static void loop(struct app *a)
{
	a->flags = R_RELAYOUT | R_RECOMPUTE | R_REDRAW;
	while (!a->quit) {
		int key;

		if (a->flags & R_RELAYOUT) {
			panes_layout(a);
			a->flags |= R_REDRAW;
		}
		if (a->flags & R_RECOMPUTE) {
			if (app_recompute(a))
				app_message(a, EL_ERROR, "out of memory while recomputing");
			a->flags |= R_REDRAW;
		}
		if (a->flags & R_RELAYOUT) {
			/* a taller or shorter bar: never zoom out past all of DRAM */
			if (!a->span || a->span > app_fit_span(a))
				a->span = app_fit_span(a);
			app_clamp(a);
		}
		if (a->flags & R_REDRAW)
			panes_draw(a);
		a->flags = R_NONE; /* everything asked for has been done */
		key = getch();
		if (term_stop_requested()) {
			a->quit = true;
			break;
		}
		if (key == ERR)
			continue;
		if (key == KEY_RESIZE) {
			a->flags |= R_RELAYOUT | R_REDRAW;
			continue;
		}
		a->flags |= a->prompt.active ? prompt_key(a, key) : keymap_dispatch(a, key);
		if (a->flags & R_QUIT)
			a->quit = true;
	}
}

int mx_tui_main(int argc, char **argv)
{
	struct app *a = malloc(sizeof(*a));
	const char *file = NULL;
	int rc;

	if (!a) {
		fprintf(stderr, "memx: out of memory\n");
		return MX_EXIT_INTERNAL;
	}
	app_init(a);
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		a->color = false;
	/* the explorer's own options; the input options go to mx_cli_load */
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--no-color") || !strcmp(argv[i], "--no-colour")) {
			a->color = false;
		} else if (!strcmp(argv[i], "--ascii")) {
			a->ascii = true;
		} else if (!strcmp(argv[i], "--no-mouse")) {
			a->mouse = false;
		} else if (!strcmp(argv[i], "--log")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "memx: --log needs a boot log\n%s", tui_usage);
				app_free(a);
				free(a);
				return MX_EXIT_USAGE;
			}
			free(a->log_path);
			if (!(a->log_path = strdup(argv[++i]))) {
				app_free(a);
				free(a);
				return MX_EXIT_INTERNAL;
			}
		} else if (mx_cli_input_option(argv[i])) {
			i += mx_cli_input_option(argv[i]) - 1; /* the input options go to mx_cli_load */
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "memx: unknown option '%s'\n%s", argv[i], tui_usage);
			free(a);
			return MX_EXIT_USAGE;
		}
	}
	if ((rc = load(a, argc, argv, &file))) {
		app_free(a);
		free(a);
		return rc;
	}
	if (file && !(a->path = strdup(file))) {
		app_free(a);
		free(a);
		return MX_EXIT_INTERNAL;
	}
	default_paths(a);
	if (!isatty(0) || !isatty(1)) {
		fprintf(stderr, "memx: the explorer needs a terminal; for a report use 'memx report%s%s'\n",
			file ? " " : "", file ? file : "");
		app_free(a);
		free(a);
		return MX_EXIT_USAGE;
	}
	if (term_init(a)) {
		fprintf(stderr, "memx: cannot initialise the terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		app_free(a);
		free(a);
		return MX_EXIT_INTERNAL;
	}
	loop(a);
	term_restore();
	app_free(a);
	free(a);
	term_reraise();
	return MX_EXIT_OK;
}
