/* app.c - the explorer: options, loading, the model/selection bookkeeping, the frame and the main loop */
#include <curses.h>
#include <inttypes.h>
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

void app_message(struct app *a, enum mx_vstyle el, const char *fmt, ...)
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
	if (item >= 0 && (a->L.items[item].flags & MX_IF_PLACED))
		a->point = a->L.items[item].base;
	a->flags |= R_REDRAW;
}

void app_follow(struct app *a, int r)
{
	a->follow = r;
}

/* The rows of the bar the cursor and the top may take: [origin, last]. */
static void bounds(const struct app *a, uint64_t *lo, uint64_t *last)
{
	*lo = mx_view_origin(&a->view, a->span);
	*last = a->view.end ? mx_view_row_floor(&a->view, a->span, a->view.end - 1) : *lo;
}

void app_goto_addr(struct app *a, uint64_t addr)
{
	uint64_t rows = a->scr.bar_rows > 0 ? (uint64_t)a->scr.bar_rows : 1;

	a->cur = mx_view_row_floor(&a->view, a->span, addr);
	if (a->cur < a->top)
		a->top = a->cur;
	else if ((a->cur - a->top) / a->span >= rows)
		a->top = a->cur - (rows - 1) * a->span;
	app_clamp(a);
}

/* The zoom that shows all of DRAM in the rows there are. */
static uint64_t fit_span(const struct app *a)
{
	return mx_view_fit_span(&a->view, a->L.params.page ? a->L.params.page : 4096, a->scr.bar_rows);
}

/* Keep the zoom sane, the cursor inside DRAM and on the grid, and the cursor row on the screen. */
void app_clamp(struct app *a)
{
	uint64_t lo, last, rows = a->scr.bar_rows > 0 ? (uint64_t)a->scr.bar_rows : 1, fit = fit_span(a), maxtop;

	if (!a->span || a->fit || a->span > fit) {
		a->span = fit;
		a->fit = true;
	}
	bounds(a, &lo, &last);
	if (a->cur < lo)
		a->cur = lo;
	if (a->cur > last)
		a->cur = last;
	a->cur = mx_view_row_floor(&a->view, a->span, a->cur);
	a->top = mx_view_row_floor(&a->view, a->span, a->top);
	if (a->top < lo)
		a->top = lo;
	if (a->cur < a->top)
		a->top = a->cur;
	if ((a->cur - a->top) / a->span >= rows)
		a->top = a->cur - (rows - 1) * a->span;
	/* no empty rows past the end while there are rows before the top */
	maxtop = last - lo >= (rows - 1) * a->span ? last - (rows - 1) * a->span : lo;
	if (a->top > maxtop)
		a->top = maxtop;
}

/* The boot log's figures as the screen shows them (--log). */
static int build_vlog(struct app *a)
{
	const struct mx_compare *c = &a->cmp;
	size_t n = 0;
	size_t *off;

	mx_buf_clear(&a->vlogtext);
	if (c->nrows > a->maxvlines) {
		struct mx_vlogline *v = realloc(a->vlines, c->nrows * sizeof(*v));

		if (!v)
			return MX_ENOMEM;
		a->vlines = v;
		a->maxvlines = c->nrows;
	}
	if (!(off = calloc(c->nrows ? c->nrows : 1, sizeof(*off))))
		return MX_ENOMEM;
	for (size_t i = 0; i < c->nrows; i++) {
		const struct mx_cmp_row *r = &c->rows[i];

		if (!r->has_obs)
			continue;
		off[n] = a->vlogtext.len;
		if (r->unit == MX_CMP_KIB)
			mx_buf_addf(&a->vlogtext, "%s: %" PRIu64 " KiB, log %" PRIu64 " KiB (%+" PRId64 " KiB)",
				    r->what, r->pred, r->obs, (int64_t)r->obs - (int64_t)r->pred);
		else if (r->unit == MX_CMP_TEXT)
			mx_buf_addf(&a->vlogtext, "%s: %s, log %s", r->what, r->pred_text, r->obs_text);
		else if (r->unit == MX_CMP_ADDR)
			mx_buf_addf(&a->vlogtext, "%s: 0x%" PRIx64 ", log 0x%" PRIx64, r->what, r->pred, r->obs);
		else
			mx_buf_addf(&a->vlogtext, "%s: %" PRIu64 ", log %" PRIu64, r->what, r->pred, r->obs);
		mx_buf_add(&a->vlogtext, "", 1); /* keep the NUL: the texts follow each other */
		a->vlines[n].item = r->item;
		a->vlines[n].differs = r->differs;
		n++;
	}
	if (a->vlogtext.failed) {
		free(off);
		return MX_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		a->vlines[i].text = a->vlogtext.buf + off[i];
	free(off);
	a->vlog.reserved = c->has_obs_reserved ? &c->obs_reserved : NULL;
	a->vlog.nchecked = c->nchecked;
	a->vlog.ndiff = c->ndiff;
	a->vlog.line = a->vlines;
	a->vlog.nline = n;
	return 0;
}

/* The warnings and errors of region @r, one per line, for telling new ones after an edit. */
static void region_diags(const struct mx_layout *L, int r, char *buf, size_t len)
{
	size_t k = 0;

	buf[0] = '\0';
	for (size_t i = 0; r >= 0 && i < L->diags.cnt && k < len; i++)
		if (L->diags.d[i].region == r && L->diags.d[i].sev >= MX_SEV_WARNING)
			k += (size_t)snprintf(buf + k, len - k, "%s\n", L->diags.d[i].msg);
}

/* After an edit: a problem the edit made shows in the status line at once (e.g. moved outside DRAM). */
static void tell_new_diags(struct app *a)
{
	const struct mx_diag *worst = NULL;

	if (a->watch < 0)
		return;
	for (size_t i = 0; i < a->L.diags.cnt; i++) {
		const struct mx_diag *d = &a->L.diags.d[i];

		if (d->region != a->watch || d->sev < MX_SEV_WARNING || strstr(a->watch_diags, d->msg))
			continue;
		if (!worst || d->sev > worst->sev)
			worst = d;
	}
	if (worst) {
		struct mx_buf m;

		/* after what the edit said: the problem it made */
		mx_buf_init(&m);
		mx_buf_addf(&m, "%s%s%s: %s", a->msg, a->msg[0] ? "; " : "", mx_severity_name(worst->sev), worst->msg);
		app_message(a, worst->sev == MX_SEV_ERROR ? MX_VS_ERROR : MX_VS_WARN, "%s", m.failed ? worst->msg : m.buf);
		mx_buf_release(&m);
	}
	a->watch = -1;
}

int app_recompute(struct app *a)
{
	remember_selection(a);
	if (mx_layout_compute(&a->L, &a->prof) || mx_view_build(&a->view, &a->L))
		return MX_ENOMEM;
	if (a->has_log && (mx_compare_run(&a->cmp, &a->L, &a->prof, &a->blog) || build_vlog(a)))
		return MX_ENOMEM;
	if (!a->gen++)
		a->point = a->view.start; /* nothing selected yet: the details say what the first row is */
	restore_selection(a);
	hist_measure(a);
	tell_new_diags(a);
	if (a->follow >= 0) {
		int it = mx_layout_region_item(&a->L, a->follow);

		a->follow = -1;
		if (it >= 0) {
			app_select_item(a, it);
			if (a->L.items[it].flags & MX_IF_PLACED && a->span)
				app_goto_addr(a, a->L.items[it].base);
		}
	}
	return 0;
}

void app_watch(struct app *a, int r, bool added)
{
	a->watch = r;
	if (added)
		a->watch_diags[0] = '\0';
	else
		region_diags(&a->L, r, a->watch_diags, sizeof(a->watch_diags));
}

static void screen_inputs(struct app *a)
{
	struct mx_screen *s = &a->scr;
	const char *const *keys, *const *helps;

	s->L = &a->L;
	s->base = &a->Lbase;
	s->prof = &a->prof;
	s->view = &a->view;
	s->log = a->has_log ? &a->vlog : NULL;
	s->show_log = a->show_log;
	s->gen = a->gen;
	s->board = a->prof.name;
	s->source = a->path;
	s->dirty = a->dirty;
	s->ascii = a->ascii;
	s->letters = !a->color || a->ascii;
	s->sel = a->sel;
	s->point = a->point;
	s->top = a->top;
	s->cur = a->cur;
	s->span = a->span;
	s->page = a->page;
	s->table_focus = a->table_focus;
	s->table_cur = a->table_cur;
	s->list_cur = a->list_cur;
	s->help_top = a->help_top;
	s->sort = a->sort;
	s->sort_desc = a->sort_desc;
	s->filter = a->search;
	s->changes = a->hist.ledger;
	s->nchanges = a->hist.pos;
	s->changes_gen = a->hist.gen;
	s->nhelp = keymap_help(&keys, &helps);
	s->help_keys = keys;
	s->help_text = helps;
	s->msg = a->msg;
	s->msg_style = a->msg_el;
	s->hints = keymap_hints(a);
	s->prompt = a->prompt.active;
	s->yesno = a->prompt.yesno;
	s->question = a->prompt.question;
	s->input = a->prompt.text;
	s->input_cur = a->prompt.cur;
	s->prompt_err = a->prompt.err[0] ? a->prompt.err : NULL;
}

void app_frame(struct app *a)
{
	if (a->term && (a->flags & R_RELAYOUT)) {
		getmaxyx(stdscr, a->H, a->W);
		paint_reset(a);
	}
	a->scr.W = a->W;
	a->scr.H = a->H;
	a->scr.page = a->page;
	mx_screen_layout(&a->scr);
	if (a->flags & R_RECOMPUTE && app_recompute(a))
		app_message(a, MX_VS_ERROR, "out of memory while recomputing");
	if (a->flags & R_RELAYOUT && a->span) {
		/* a taller or shorter bar: the cursor row and the selection stay on the screen */
		if (a->span > fit_span(a))
			a->fit = true;
		app_clamp(a);
		if (a->sel >= 0 && (a->L.items[a->sel].flags & MX_IF_PLACED)) {
			const struct mx_item *it = &a->L.items[a->sel];
			uint64_t end = a->top + (uint64_t)a->scr.bar_rows * a->span;

			if (it->base + it->size <= a->top || it->base >= end)
				app_goto_addr(a, it->base);
		}
	}
	app_clamp(a);
	screen_inputs(a);
	/* the table's cursor follows the selection when the table is not being moved in */
	if (mx_screen_build(&a->scr))
		app_message(a, MX_VS_ERROR, "out of memory while drawing");
	a->table_cur = a->scr.table_cur;
	a->help_top = a->scr.help_top;
	if (a->term)
		paint(a);
	a->flags = R_NONE;
}

void app_key(struct app *a, int key)
{
	if (key == KEY_RESIZE) {
		a->flags |= R_RELAYOUT | R_REDRAW;
	} else if (a->scr.too_small && key != CTRL('z') && key != CTRL('l')) {
		/* the user cannot see what a key would change: nothing does */
		return;
	} else {
		a->flags |= a->prompt.active ? prompt_key(a, key) : keymap_dispatch(a, key);
		if (a->flags & R_QUIT)
			a->quit = true;
	}
	if (!a->quit)
		app_frame(a);
}

static int load(struct app *a, int argc, char **argv, const char **file)
{
	int r = mx_cli_load(argc, argv, &a->prof, file);

	if (r)
		return r;
	if (a->log_path) {
		unsigned take = MX_ADOPT_ALL;
		struct mx_diaglist facts;
		int n;

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
				app_message(a, MX_VS_INFO, "%s", facts.d[i].msg);
		mx_diaglist_release(&facts);
		a->has_log = a->show_log = true;
	}
	if (mx_profile_copy(&a->base, &a->prof) || mx_layout_compute(&a->Lbase, &a->base)) {
		fprintf(stderr, "memx: out of memory\n");
		return MX_EXIT_INTERNAL;
	}
	return 0;
}

void app_close(struct app *a)
{
	if (!a)
		return;
	mx_profile_release(&a->prof);
	mx_profile_release(&a->base);
	mx_layout_release(&a->L);
	mx_layout_release(&a->Lbase);
	mx_view_release(&a->view);
	mx_screen_release(&a->scr);
	hist_release(&a->hist);
	free(a->path);
	mx_bootlog_release(&a->blog);
	mx_compare_release(&a->cmp);
	free(a->log_path);
	free(a->vlines);
	mx_buf_release(&a->vlogtext);
	free(a);
}

static struct app *app_new(void)
{
	struct app *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	mx_profile_init(&a->prof);
	mx_profile_init(&a->base);
	mx_layout_init(&a->L);
	mx_layout_init(&a->Lbase);
	mx_view_init(&a->view);
	hist_init(&a->hist);
	mx_bootlog_init(&a->blog);
	mx_compare_init(&a->cmp);
	mx_buf_init(&a->vlogtext);
	if (mx_screen_init(&a->scr)) {
		app_close(a);
		return NULL;
	}
	a->sel = a->sel_region = a->follow = a->watch = -1;
	a->color = true;
	a->mouse = true;
	a->fit = true;
	a->W = 80;
	a->H = 24;
	return a;
}

struct app *app_open(int argc, char **argv, int *rc)
{
	struct app *a = app_new();
	const char *file = NULL;

	*rc = MX_EXIT_INTERNAL;
	if (!a) {
		fprintf(stderr, "memx: out of memory\n");
		return NULL;
	}
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
				*rc = MX_EXIT_USAGE;
				app_close(a);
				return NULL;
			}
			free(a->log_path);
			if (!(a->log_path = strdup(argv[++i]))) {
				app_close(a);
				return NULL;
			}
		} else if (mx_cli_input_option(argv[i])) {
			i += mx_cli_input_option(argv[i]) - 1; /* the input options go to mx_cli_load */
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "memx: unknown option '%s'\n%s", argv[i], tui_usage);
			*rc = MX_EXIT_USAGE;
			app_close(a);
			return NULL;
		}
	}
	if ((*rc = load(a, argc, argv, &file))) {
		app_close(a);
		return NULL;
	}
	if (file && !(a->path = strdup(file))) {
		*rc = MX_EXIT_INTERNAL;
		app_close(a);
		return NULL;
	}
	files_default_paths(a);
	a->flags = R_RELAYOUT | R_RECOMPUTE | R_REDRAW;
	return a;
}

/* One key from the terminal: curses key codes as they are, characters as KEY_CHAR when not ASCII. */
static int read_key(struct app *a)
{
	wint_t wc;
	int r;

	timeout(a->idle ? 0 : 200);
	r = get_wch(&wc);
	if (r == ERR)
		return ERR;
	if (r == KEY_CODE_YES)
		return (int)wc;
	return wc < 0x80 ? (int)wc : KEY_CHAR(wc);
}

static void loop(struct app *a)
{
	app_frame(a);
	a->idle = true;
	while (!a->quit) {
		int key = read_key(a);

		if (term_stop_requested())
			break;
		if (key == ERR) {
			/* nothing typed: deferred work (a region's cost), one piece at a time */
			if (a->idle && mx_screen_idle(&a->scr)) {
				a->flags |= R_REDRAW;
				app_frame(a);
			} else {
				a->idle = false;
			}
			continue;
		}
		app_key(a, key);
		a->idle = true;
	}
}

int mx_tui_main(int argc, char **argv)
{
	int rc;
	struct app *a = app_open(argc, argv, &rc);

	if (!a)
		return rc;
	if (!isatty(0) || !isatty(1)) {
		fprintf(stderr, "memx: the explorer needs a terminal; for a report use 'memx report%s%s'\n",
			a->path ? " " : "", a->path ? a->path : "");
		app_close(a);
		return MX_EXIT_USAGE;
	}
	if (term_init(a)) {
		fprintf(stderr, "memx: cannot initialise the terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		app_close(a);
		return MX_EXIT_INTERNAL;
	}
	a->term = true;
	loop(a);
	term_restore();
	app_close(a);
	term_reraise();
	return MX_EXIT_OK;
}
