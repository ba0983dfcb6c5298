/* theme.c - one table from element to colour and monochrome attribute, and the glyphs */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

struct style {
	short fg, bg;
	int attr;      /* added in colour */
	int mono;      /* used without colour */
	const char *legend;
};

/* -1 is the terminal's default colour (use_default_colors). */
static const struct style styles[EL__COUNT] = {
	[EL_NORMAL] = { -1, -1, 0, A_NORMAL, NULL },
	[EL_TITLE] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE, NULL },
	[EL_STATUS] = { COLOR_BLACK, COLOR_WHITE, 0, A_REVERSE, NULL },
	[EL_KEY] = { COLOR_BLUE, COLOR_WHITE, A_BOLD, A_REVERSE | A_BOLD, NULL },
	[EL_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD, NULL },
	[EL_INFO] = { COLOR_BLACK, COLOR_GREEN, 0, A_REVERSE, NULL },
	[EL_DIM] = { -1, -1, A_DIM, A_DIM, NULL },
	[EL_HEAD] = { COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE, NULL },
	[EL_CURSOR] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD, NULL },
	[EL_SELECTED] = { -1, -1, A_REVERSE, A_REVERSE, NULL },
	[EL_ADDR] = { -1, -1, A_DIM, A_NORMAL, NULL },
	[EL_BOUNDARY] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD, NULL },
	[EL_PLUS] = { COLOR_GREEN, -1, A_BOLD, A_BOLD, NULL },
	[EL_MINUS] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE, NULL },
	[EL_WARN] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD, NULL },
	[EL_HOLE] = { -1, -1, A_DIM, A_DIM, "hole" },
	[EL_FREE] = { COLOR_GREEN, -1, 0, A_NORMAL, "free" },
	[EL_RESERVED] = { COLOR_WHITE, -1, A_DIM, A_DIM, "reserved" },
	[EL_REMOVED] = { COLOR_WHITE, -1, A_DIM, A_DIM, "removed" },
	[EL_KERNEL] = { COLOR_RED, -1, A_BOLD, A_BOLD, "kernel" },
	[EL_BOOT] = { COLOR_MAGENTA, -1, 0, A_NORMAL, "pgd/initrd/dtb" },
	[EL_MEMMAP] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD, "memmap" },
	[EL_EARLY] = { COLOR_YELLOW, -1, 0, A_NORMAL, "early alloc" },
	[EL_NOMAP] = { COLOR_WHITE, -1, A_BOLD, A_BOLD, "no-map" },
	[EL_STATIC] = { COLOR_BLUE, -1, A_BOLD, A_BOLD, "static" },
	[EL_DYNAMIC] = { COLOR_CYAN, -1, 0, A_NORMAL, "dynamic" },
	[EL_CMA] = { COLOR_GREEN, -1, A_BOLD, A_BOLD, "cma pool" },
	[EL_CMA_DEFAULT] = { COLOR_CYAN, -1, A_BOLD, A_BOLD, "default cma" },
	[EL_FIXUP] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD, "no-map-fixup" },
	[EL_LATE] = { COLOR_YELLOW, -1, A_UNDERLINE, A_UNDERLINE, "freed late" },
	[EL_FAILED] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE, "failed" },
};

/* Bar glyphs per element: UTF-8, ASCII; without colour the ASCII letter tells the kind. */
static const char *const glyph_utf8[EL__COUNT] = {
	[EL_HOLE] = " ", [EL_FREE] = "\u2591", [EL_RESERVED] = "\u2592", [EL_REMOVED] = "\u00b7",
	[EL_KERNEL] = "\u2588", [EL_BOOT] = "\u2588", [EL_MEMMAP] = "\u2588", [EL_EARLY] = "\u2593",
	[EL_NOMAP] = "\u2588", [EL_STATIC] = "\u2588", [EL_DYNAMIC] = "\u2588", [EL_CMA] = "\u2588",
	[EL_CMA_DEFAULT] = "\u2593", [EL_FIXUP] = "\u2593", [EL_LATE] = "\u2592",
	[EL_FAILED] = "!",
};
static const char *const glyph_ascii[EL__COUNT] = {
	[EL_HOLE] = " ", [EL_FREE] = ".", [EL_RESERVED] = "r", [EL_REMOVED] = "x",
	[EL_KERNEL] = "K", [EL_BOOT] = "b", [EL_MEMMAP] = "M", [EL_EARLY] = "e",
	[EL_NOMAP] = "N", [EL_STATIC] = "S", [EL_DYNAMIC] = "D", [EL_CMA] = "C",
	[EL_CMA_DEFAULT] = "c", [EL_FIXUP] = "F", [EL_LATE] = "L", [EL_FAILED] = "!",
};

const char *theme_glyph(const struct app *a, enum el el);

const char *theme_glyph(const struct app *a, enum el el)
{
	const char *g = (!a->color || a->ascii) ? glyph_ascii[el] : glyph_utf8[el];

	return g ? g : " ";
}

const char *theme_legend_name(enum el el)
{
	return styles[el].legend;
}

void theme_init(struct app *a)
{
	static const struct glyphs utf8 = { "\u2588", "\u2591", " ", "\u25c2", "\u2550", "\u25b6",
					    "\u2192", "\u2502", "\u2590", "\u00b7" };
	static const struct glyphs ascii = { "#", ".", " ", "<", "=", ">", "->", "|", "|", "." };

	a->g = a->ascii ? ascii : utf8;
	if (!a->color)
		return;
	start_color();
	use_default_colors();
	for (int i = 1; i < EL__COUNT; i++)
		init_pair((short)i, styles[i].fg, styles[i].bg);
}

int theme_attr(const struct app *a, enum el el)
{
	if (!a->color)
		return styles[el].mono;
	return el ? (int)COLOR_PAIR(el) | styles[el].attr : styles[el].attr;
}

enum el theme_seg(const struct app *a, const struct mx_seg *s)
{
	(void)a;
	switch (s->kind) {
	case MX_SEG_HOLE: return EL_HOLE;
	case MX_SEG_FREE: return EL_FREE;
	case MX_SEG_RESERVED: return EL_RESERVED;
	case MX_SEG_REMOVED: return EL_REMOVED;
	case MX_SEG_ITEM: break;
	}
	switch (s->ikind) {
	case MX_ITEM_KERNEL: return EL_KERNEL;
	case MX_ITEM_PGD: case MX_ITEM_INITRD: case MX_ITEM_FDT: case MX_ITEM_MEMRESERVE:
		return EL_BOOT;
	case MX_ITEM_NOMAP: return EL_NOMAP;
	case MX_ITEM_STATIC: return EL_STATIC;
	case MX_ITEM_DYNAMIC: return EL_DYNAMIC;
	case MX_ITEM_CMA: return EL_CMA;
	case MX_ITEM_CMA_DEFAULT: return EL_CMA_DEFAULT;
	case MX_ITEM_FIXUP: return EL_FIXUP;
	case MX_ITEM_FREED_LATE: return EL_LATE;
	case MX_ITEM_MEMMAP: return EL_MEMMAP;
	case MX_ITEM_MEMMAP_META: case MX_ITEM_EARLY: case MX_ITEM_CALIBRATION: return EL_EARLY;
	case MX_ITEM__COUNT: break;
	}
	return EL_RESERVED;
}
