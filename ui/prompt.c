/* prompt.c - the input line at the bottom: edit text (UTF-8), Enter applies, Esc cancels */
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
}

void prompt_yesno(struct app *a, const char *question, prompt_fn done, int arg)
{
	prompt_open(a, question, "", done, arg);
	a->prompt.yesno = true;
}

/* Enter: run the action; a refusal keeps the line open and says why on the line above it. */
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
		snprintf(p->err, sizeof(p->err), "%s", err[0] ? err : "refused");
	}
	return R_REDRAW | (a->flags & R_RECOMPUTE);
}

/* Bytes of the UTF-8 character that ends at / starts at byte @i. */
static size_t back_len(const char *t, size_t i)
{
	size_t k = i;

	while (k > 0 && ((unsigned char)t[k - 1] & 0xc0) == 0x80)
		k--;
	return k > 0 ? i - k + 1 : i;
}

static size_t fwd_len(const char *t, size_t i, size_t len)
{
	size_t k = i + 1;

	while (k < len && ((unsigned char)t[k] & 0xc0) == 0x80)
		k++;
	return k - i;
}

/* Insert code point @c at the cursor, as UTF-8; refused with a message when the line is full. */
static void insert(struct app *a, unsigned c)
{
	struct prompt *p = &a->prompt;
	char u[4];
	size_t n;

	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3f));
		u[2] = (char)(0x80 | (c >> 6 & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	if (p->len + n >= sizeof(p->text)) {
		snprintf(p->err, sizeof(p->err), "the input line is full (%zu bytes)", sizeof(p->text) - 1);
		return;
	}
	memmove(p->text + p->cur + n, p->text + p->cur, p->len - p->cur + 1);
	memcpy(p->text + p->cur, u, n);
	p->cur += n;
	p->len += n;
}

unsigned prompt_key(struct app *a, int key)
{
	struct prompt *p = &a->prompt;
	size_t n;

	if (p->yesno) {
		char t[2] = { (char)(key == 'y' || key == 'Y' ? 'y' : 'n'), 0 };

		if (key == KEY_RESIZE || key == KEY_MOUSE)
			return R_REDRAW;
		p->active = false;
		p->done(a, t, NULL, 0);
		return R_REDRAW | (a->quit ? R_QUIT : 0) | (a->flags & R_RECOMPUTE);
	}
	switch (key) {
	case 27:       /* Esc */
	case CTRL('g'):
	case CTRL('c'):
		p->active = false;
		app_message(a, MX_VS_INFO, "cancelled");
		return R_REDRAW;
	case '\r':
	case '\n':
	case KEY_ENTER:
		return submit(a);
	case KEY_BACKSPACE:
	case 127:
	case CTRL('h'):
		if (p->cur) {
			n = back_len(p->text, p->cur);
			memmove(p->text + p->cur - n, p->text + p->cur, p->len - p->cur + 1);
			p->cur -= n;
			p->len -= n;
		}
		return R_REDRAW;
	case KEY_DC:
	case CTRL('d'):
		if (p->cur < p->len) {
			n = fwd_len(p->text, p->cur, p->len);
			memmove(p->text + p->cur, p->text + p->cur + n, p->len - p->cur - n + 1);
			p->len -= n;
		}
		return R_REDRAW;
	case KEY_LEFT:
	case CTRL('b'):
		if (p->cur)
			p->cur -= back_len(p->text, p->cur);
		return R_REDRAW;
	case KEY_RIGHT:
	case CTRL('f'):
		if (p->cur < p->len)
			p->cur += fwd_len(p->text, p->cur, p->len);
		return R_REDRAW;
	case KEY_HOME:
	case CTRL('a'):
		p->cur = 0;
		return R_REDRAW;
	case KEY_END:
	case CTRL('e'):
		p->cur = p->len;
		return R_REDRAW;
	case CTRL('u'): /* clear */
		p->text[0] = '\0';
		p->len = p->cur = 0;
		return R_REDRAW;
	case CTRL('k'): /* to the end */
		p->text[p->cur] = '\0';
		p->len = p->cur;
		return R_REDRAW;
	default:
		break;
	}
	/* any character is taken as typed (UTF-8); what a field refuses, Enter says */
	if (key >= 32 && key < 127)
		insert(a, (unsigned)key);
	else if ((key & KEY_CHAR_BIT) && (key & ~KEY_CHAR_BIT) >= 0xa0)
		insert(a, (unsigned)(key & ~KEY_CHAR_BIT));
	return R_REDRAW;
}
