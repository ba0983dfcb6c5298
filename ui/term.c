/* term.c - set the terminal up, and put it back on every way out (signals included) */
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tui.h"

static struct termios saved_tios;
static bool have_tios;
static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t curses_on;

/* Only async-signal-safe calls: write(), tcsetattr(), signal(), raise(). */
static void crash_handler(int sig)
{
	static const char reset[] = "\033[?1000l\033[?1002l\033[?1006l\033[0m\033[?25h\033[?1049l\r\n";

	if (curses_on) {
		ssize_t r = write(STDOUT_FILENO, reset, sizeof(reset) - 1);

		(void)r;
		if (have_tios)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tios);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void stop_handler(int sig)
{
	stop_flag = sig;
}

bool term_stop_requested(void)
{
	return stop_flag != 0;
}

/* After the terminal is restored: die of the signal that stopped us, as the caller expects. */
void term_reraise(void)
{
	int sig = (int)stop_flag;

	if (!sig)
		return;
	signal(sig, SIG_DFL);
	raise(sig);
}

int term_init(struct app *a)
{
	static const int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	static const int stop[] = { SIGTERM, SIGHUP, SIGQUIT, SIGINT };
	struct sigaction sa;
	const char *cs;

	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	if (!cs || strcmp(cs, "UTF-8"))
		a->ascii = true;
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_tios) == 0)
		have_tios = true;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = crash_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof(crash) / sizeof(crash[0]); i++)
		sigaction(crash[i], &sa, NULL);
	sa.sa_handler = stop_handler;
	sa.sa_flags = 0;
	for (size_t i = 0; i < sizeof(stop) / sizeof(stop[0]); i++)
		sigaction(stop[i], &sa, NULL);

	if (!initscr())
		return -1;
	curses_on = 1;
	raw();          /* Ctrl-C is a key: it asks before losing edits */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/*
	 * Home and End as tmux, screen and the Linux console send them, also
	 * when TERM says xterm (whose terminfo knows only \EOH / \EOF): htop's
	 * CRT_init does the same
	 */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[4~", KEY_END);
	define_key("\033[7~", KEY_HOME);
	define_key("\033[8~", KEY_END);
	define_key("\033[H", KEY_HOME);
	define_key("\033[F", KEY_END);
	set_escdelay(25);
	curs_set(0);
	timeout(200);   /* poll the stop flag */
	def_prog_mode();
	if (!has_colors())
		a->color = false;
	if (a->mouse)
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	theme_init(a);
	return 0;
}

void term_restore(void)
{
	if (!curses_on)
		return;
	paint_free();
	theme_free();
	endwin();
	curses_on = 0;
}

/*
 * ^Z arrives as a key (raw mode): give the terminal back as on exit, stop
 * the way the shell expects (SIGTSTP, default action), and when continued
 * (fg, SIGCONT) take the terminal again; the caller repaints everything.
 */
void term_suspend(void)
{
	struct sigaction sa, old;

	endwin();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTSTP, &sa, &old);
	raise(SIGTSTP);
	/* continued */
	sigaction(SIGTSTP, &old, NULL);
	reset_prog_mode();
	refresh();
}
