/* theme.c - one table from what a cell is to its colour: 8 colours, 256 colours, monochrome */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

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

static int attrs[MX_VS__COUNT]; /* what theme_attr() returns, per style; set once by theme_init() */

void theme_init(struct app *a)
{
	bool c256;

	if (!a->color) {
		for (int i = 0; i < MX_VS__COUNT; i++)
			attrs[i] = styles[i].mono;
		return;
	}
	start_color();
	use_default_colors();
	c256 = COLORS >= 256 && COLOR_PAIRS > MX_VS__COUNT;
	for (int i = 0; i < MX_VS__COUNT; i++) {
		const struct style *s = &styles[i];

		if (i && i < COLOR_PAIRS) {
			init_pair((short)i, c256 ? s->fg256 : s->fg8, c256 ? s->bg256 : s->bg8);
			attrs[i] = (int)COLOR_PAIR(i) | (c256 ? s->attr256 : s->attr8);
		} else {
			attrs[i] = c256 ? s->attr256 : s->attr8;
		}
	}
}

int theme_attr(unsigned style)
{
	unsigned s = style & ~MX_VS_REV;

	return (s < MX_VS__COUNT ? attrs[s] : 0) | (style & MX_VS_REV ? A_REVERSE : 0);
}
