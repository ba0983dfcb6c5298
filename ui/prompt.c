/* prompt.c - the input line at the bottom: edit text, Enter applies, Esc cancels */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui.h"

void prompt_open(struct app *a, const char *question, const char *initial, prompt_fn done, int arg)
{
	struct prompt *p = &a->prompt;

	memset(p, 0, sizeof(*p));
	p->active = true;
	p->done = done;
	p->arg = arg;
	snprintf(p->question, sizeof(p->question), "%s", question);
	snprintf(p->text, sizeof(p->text), "%s", initial ? initial : "");
	p->len = p->cur = strlen(p->text);
	a->msg[0] = '\0';
	curs_set(1);
}

void prompt_yesno(struct app *a, const char *question, prompt_fn done, int arg)
{
	prompt_open(a, question, "", done, arg);
	a->prompt.yesno = true;
	curs_set(0);
}

static void close_prompt(struct app *a)
{
	a->prompt.active = false;
	curs_set(0);
}

/* Enter: run the action; an error keeps the line open with the message. */
static unsigned submit(struct app *a)
{
	struct prompt *p = &a->prompt;
	char err[256] = "", text[sizeof(p->text)];
	prompt_fn done = p->done;
	int rc;

	memcpy(text, p->text, sizeof(text));
	p->active = false; /* the action may open another prompt */
	rc = done(a, text, err, sizeof(err));
	if (rc < 0) {
		p->active = true;
		app_message(a, EL_ERROR, "%s", err[0] ? err : "rejected");
		curs_set(1);
	} else if (rc == 0 && !a->prompt.active) {
		curs_set(0);
	}
	return R_REDRAW | (a->flags & R_RECOMPUTE);
}

unsigned prompt_key(struct app *a, int key)
{
	struct prompt *p = &a->prompt;

	if (p->yesno) {
		char t[2] = { (char)(key >= 32 && key < 127 ? key : 'n'), 0 };

		if (key == KEY_RESIZE || key == KEY_MOUSE)
			return R_REDRAW;
		p->active = false;
		p->done(a, t, NULL, 0);
		if (!a->prompt.active)
			curs_set(0);
		return R_REDRAW | (a->quit ? R_QUIT : 0);
	}
	switch (key) {
	case 27: /* Esc */
	case 7:  /* ^G */
		close_prompt(a);
		app_message(a, EL_INFO, "cancelled");
		return R_REDRAW;
	case '\r':
	case '\n':
	case KEY_ENTER:
		return submit(a);
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (p->cur) {
			memmove(p->text + p->cur - 1, p->text + p->cur, p->len - p->cur + 1);
			p->cur--;
			p->len--;
		}
		return R_REDRAW;
	case KEY_DC:
		if (p->cur < p->len) {
			memmove(p->text + p->cur, p->text + p->cur + 1, p->len - p->cur);
			p->len--;
		}
		return R_REDRAW;
	case KEY_LEFT:
		if (p->cur)
			p->cur--;
		return R_REDRAW;
	case KEY_RIGHT:
		if (p->cur < p->len)
			p->cur++;
		return R_REDRAW;
	case KEY_HOME:
	case 1: /* ^A */
		p->cur = 0;
		return R_REDRAW;
	case KEY_END:
	case 5: /* ^E */
		p->cur = p->len;
		return R_REDRAW;
	case 21: /* ^U: clear */
		p->text[0] = '\0';
		p->len = p->cur = 0;
		return R_REDRAW;
	case 3: /* ^C */
		close_prompt(a);
		return R_REDRAW;
	default:
		break;
	}
	if (key >= 32 && key < 127 && p->len + 1 < sizeof(p->text)) {
		memmove(p->text + p->cur + 1, p->text + p->cur, p->len - p->cur + 1);
		p->text[p->cur++] = (char)key;
		p->len++;
	}
	return R_REDRAW;
}
