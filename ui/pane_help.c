/* pane_help.c - every key, generated from the key table; the legend; the exit codes */
#include <stdio.h>
#include <string.h>

#include "pane.h"

void pane_help_draw(struct app *a, WINDOW *w, int h, int wd)
{
	const char **keys, **helps;
	size_t n = keymap_help(&keys, &helps);
	int total = (int)n + 4, y = 1, line = 0, colw = wd >= 100 ? wd / 2 : wd;
	int per_col = colw == wd ? total : (total + 1) / 2;

	if (a->help_top > total - (h - 2))
		a->help_top = total - (h - 2) > 0 ? total - (h - 2) : 0;
	put(w, 0, 0, theme_attr(a, EL_HEAD), wd,
	    " Keys (Up/Down scroll, any other key closes; the bar legend is under the bar)");
	for (size_t i = 0; i < n; i++, line++) {
		int col = colw == wd ? 0 : (line >= per_col);
		int row = (col ? line - per_col : line) - a->help_top;

		if (row < 0 || row + y >= h)
			continue;
		put(w, row + y, col * colw + 1, theme_attr(a, EL_KEY), 10, keys[i]);
		put(w, row + y, col * colw + 12, theme_attr(a, EL_NORMAL), colw - 13, helps[i]);
	}
	{
		static const char *const tail[] = {
			"",
			"Edits recompute at once; the accounting shows loaded -> now (delta).",
			"Options: --no-color (or NO_COLOR=1), --ascii, --no-mouse.",
			"memx report / check / export FILE print without the explorer.",
		};

		for (size_t i = 0; i < sizeof(tail) / sizeof(tail[0]); i++, line++) {
			int col = colw == wd ? 0 : (line >= per_col);
			int row = (col ? line - per_col : line) - a->help_top;

			if (row >= 0 && row + y < h)
				put(w, row + y, col * colw + 1, theme_attr(a, EL_DIM), colw - 2, tail[i]);
		}
	}
}
