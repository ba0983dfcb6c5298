/* theme.c - one table from what a cell is to how the terminal shows it: 8 colours, 256, monochrome */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>

#include "tui.h"

/*
 * The kinds a user hunts for differ by glyph as well as by colour (the
 * glyphs are the view-model's, mx_vkind_info), so no two of them rely on
 * red against green alone; free memory is the quietest colour (a dark grey)
 * and only CMA is green. fg/bg -1 is the terminal's default colour.
 */
struct style {
	short fg8, bg8;
	int attr8;
	short fg256, bg256;
	int attr256;
	int mono;      /* without colour (the kinds are letters then) */
};

static const struct style styles[MX_VS__COUNT] = {
	[MX_VS_NORMAL] = { -1, -1, 0, -1, -1, 0, A_NORMAL },
	[MX_VS_TITLE] = { COLOR_BLACK, COLOR_CYAN, 0, 16, 116, 0, A_REVERSE },
	[MX_VS_STATUS] = { COLOR_BLACK, COLOR_WHITE, 0, 16, 252, 0, A_REVERSE },
	[MX_VS_KEY] = { COLOR_BLUE, COLOR_WHITE, A_BOLD, 18, 252, A_BOLD, A_REVERSE | A_BOLD },
	[MX_VS_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD, 231, 124, A_BOLD, A_REVERSE | A_BOLD },
	[MX_VS_INFO] = { COLOR_BLACK, COLOR_GREEN, 0, 16, 114, 0, A_REVERSE },
	[MX_VS_DIM] = { -1, -1, A_DIM, 245, -1, 0, A_DIM },
	[MX_VS_HEAD] = { COLOR_CYAN, -1, A_BOLD, 81, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[MX_VS_CURSOR] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD, 16, 220, A_BOLD, A_REVERSE | A_BOLD },
	[MX_VS_SELECTED] = { -1, -1, 0, -1, -1, 0, A_NORMAL },
	[MX_VS_ADDR] = { -1, -1, A_DIM, 244, -1, 0, A_NORMAL },
	[MX_VS_BOUNDARY] = { COLOR_YELLOW, -1, A_BOLD, 214, -1, A_BOLD, A_BOLD },
	[MX_VS_PLUS] = { COLOR_GREEN, -1, A_BOLD, 114, -1, A_BOLD, A_BOLD },
	[MX_VS_MINUS] = { COLOR_RED, -1, A_BOLD, 203, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[MX_VS_WARN] = { COLOR_YELLOW, -1, A_BOLD, 221, -1, A_BOLD, A_BOLD },
	[MX_VS_INPUT] = { -1, -1, A_UNDERLINE, 231, 238, 0, A_UNDERLINE },
	[MX_VS_TITLE_ERR] = { COLOR_WHITE, COLOR_RED, A_BOLD, 231, 160, A_BOLD, A_BOLD },
	[MX_VS_TITLE_WARN] = { COLOR_BLACK, COLOR_YELLOW, 0, 16, 221, 0, A_BOLD },
	/* the kinds of memory, in enum mx_vkind order */
	[MX_VS_KIND + MX_VK_FREE] = { COLOR_WHITE, -1, A_DIM, 239, -1, 0, A_DIM },
	[MX_VS_KIND + MX_VK_KERNEL] = { COLOR_RED, -1, A_BOLD, 196, -1, 0, A_BOLD },
	[MX_VS_KIND + MX_VK_BOOT] = { COLOR_MAGENTA, -1, 0, 170, -1, 0, A_NORMAL },
	[MX_VS_KIND + MX_VK_MEMMAP] = { COLOR_YELLOW, -1, A_BOLD, 220, -1, 0, A_BOLD },
	[MX_VS_KIND + MX_VK_EARLY] = { COLOR_YELLOW, -1, 0, 136, -1, 0, A_NORMAL },
	[MX_VS_KIND + MX_VK_NOMAP] = { COLOR_WHITE, -1, A_BOLD, 255, -1, 0, A_BOLD },
	[MX_VS_KIND + MX_VK_STATIC] = { COLOR_BLUE, -1, A_BOLD, 33, -1, 0, A_BOLD },
	[MX_VS_KIND + MX_VK_DYNAMIC] = { COLOR_CYAN, -1, 0, 37, -1, 0, A_NORMAL },
	[MX_VS_KIND + MX_VK_CMA] = { COLOR_GREEN, -1, A_BOLD, 46, -1, A_BOLD, A_BOLD },
	[MX_VS_KIND + MX_VK_CMA_DEFAULT] = { COLOR_GREEN, -1, 0, 28, -1, 0, A_NORMAL },
	[MX_VS_KIND + MX_VK_FIXUP] = { COLOR_MAGENTA, -1, A_BOLD, 201, -1, 0, A_BOLD },
	[MX_VS_KIND + MX_VK_LATE] = { COLOR_RED, -1, 0, 209, -1, 0, A_UNDERLINE },
	[MX_VS_KIND + MX_VK_RESERVED] = { COLOR_WHITE, -1, 0, 246, -1, 0, A_DIM },
	[MX_VS_KIND + MX_VK_REMOVED] = { COLOR_RED, -1, A_DIM, 88, -1, 0, A_DIM },
	[MX_VS_KIND + MX_VK_HOLE] = { -1, -1, 0, -1, -1, 0, A_NORMAL },
	[MX_VS_KIND + MX_VK_FAILED] = { COLOR_WHITE, COLOR_RED, A_BOLD, 231, 160, A_BOLD, A_REVERSE },
};

/* Each style as the escape string that sets it from any state, and reversed (the selection). */
static char *sgr[MX_VS__COUNT][2];

/* A terminfo string capability, or NULL when the terminal has none. */
static const char *cap(const char *name)
{
	char *s = tigetstr(name);

	return s == (char *)-1 ? NULL : s;
}

static void add(char *buf, size_t len, const char *s)
{
	if (s)
		strncat(buf, s, len - strlen(buf) - 1);
}

/*
 * The strings are made once, with terminfo's own parameters: a frame then
 * only copies them (a parameterised string costs thousands of instructions
 * each time it is expanded).
 */
void theme_init(struct app *a)
{
	int colors = tigetnum("colors");
	bool c256 = a->color && colors >= 256, c8 = a->color && colors >= 8;
	const char *setaf = cap("setaf"), *setab = cap("setab");

	if (!setaf || !setab)
		c8 = c256 = false;
	if (!c8)
		a->color = false;
	for (int i = 0; i < MX_VS__COUNT; i++)
		for (int r = 0; r < 2; r++) {
			const struct style *s = &styles[i];
			int attr = c256 ? s->attr256 : c8 ? s->attr8 : s->mono;
			short fg = c256 ? s->fg256 : s->fg8, bg = c256 ? s->bg256 : s->bg8;
			char b[256] = "";

			add(b, sizeof(b), cap("sgr0"));
			if (r)
				attr ^= A_REVERSE;
			if (attr & A_BOLD)
				add(b, sizeof(b), cap("bold"));
			if (attr & A_DIM)
				add(b, sizeof(b), cap("dim"));
			if (attr & A_UNDERLINE)
				add(b, sizeof(b), cap("smul"));
			if (attr & A_REVERSE)
				add(b, sizeof(b), cap("rev"));
			if (c8 && fg >= 0)
				add(b, sizeof(b), tiparm(setaf, fg));
			if (c8 && bg >= 0)
				add(b, sizeof(b), tiparm(setab, bg));
			free(sgr[i][r]);
			sgr[i][r] = strdup(b);
		}
}

void theme_free(void)
{
	for (int i = 0; i < MX_VS__COUNT; i++)
		for (int r = 0; r < 2; r++) {
			free(sgr[i][r]);
			sgr[i][r] = NULL;
		}
}

const char *theme_sgr(unsigned style)
{
	unsigned s = style & ~MX_VS_REV;
	const char *t = s < MX_VS__COUNT ? sgr[s][(style & MX_VS_REV) != 0] : NULL;

	return t ? t : "";
}
