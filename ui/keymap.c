/* keymap.c - the one key table: key, action, help. The help screen is generated from it. */
#include <curses.h>
#include <stddef.h>

#include "tui.h"

#define CTRL(c) ((c) & 0x1f)

struct binding {
	int key;
	const char *name;   /* as the help shows it; NULL: same action as the line above */
	unsigned (*fn)(struct app *a);
	const char *help;
};

static const struct binding table[] = {
	{ '?', "?", act_help, "this help" },
	{ KEY_F(1), NULL, act_help, NULL },
	{ 'q', "q", act_quit, "quit (asks when there are unsaved edits)" },
	{ CTRL('c'), NULL, act_quit, NULL },
	{ KEY_DOWN, "Down j", act_down, "next row" },
	{ 'j', NULL, act_down, NULL },
	{ KEY_UP, "Up k", act_up, "previous row" },
	{ 'k', NULL, act_up, NULL },
	{ KEY_NPAGE, "PgDn", act_page_down, "next screen" },
	{ ' ', NULL, act_page_down, NULL },
	{ KEY_PPAGE, "PgUp", act_page_up, "previous screen" },
	{ KEY_HOME, "Home", act_home, "lowest address" },
	{ KEY_END, "End", act_end, "highest address" },
	{ '+', "+", act_zoom_in, "zoom in (half the bytes per row)" },
	{ '=', NULL, act_zoom_in, NULL },
	{ '-', "-", act_zoom_out, "zoom out" },
	{ '0', "0", act_zoom_fit, "zoom to show all of DRAM" },
	{ ']', "] Tab", act_next_item, "select the next region (address order)" },
	{ '\t', NULL, act_next_item, NULL },
	{ '[', "[ BTab", act_prev_item, "select the previous region" },
	{ KEY_BTAB, NULL, act_prev_item, NULL },
	{ '\r', "Enter", act_cycle_row, "cycle through the regions in the cursor row" },
	{ '\n', NULL, act_cycle_row, NULL },
	{ KEY_ENTER, NULL, act_cycle_row, NULL },
	{ 'g', "g", act_goto, "go to an address" },
	{ '/', "/", act_search, "find a region by name or label" },
	{ 'n', "n", act_search_next, "next match" },
	{ 'N', "N", act_search_prev, "previous match" },
	{ 'm', "m", act_toggle_nomap, "toggle no-map" },
	{ 'r', "r", act_toggle_reusable, "toggle reusable (CMA)" },
	{ 'f', "f", act_toggle_fixup, "toggle no-map-fixup" },
	{ 'l', "l", act_toggle_late, "toggle freed-late" },
	{ 'd', "d", act_toggle_enabled, "toggle enabled / status = \"disabled\"" },
	{ 's', "s", act_edit_size, "edit size" },
	{ 'b', "b", act_edit_base, "edit base (a dynamic region becomes static)" },
	{ 'a', "a", act_edit_align, "edit alignment" },
	{ 'R', "R", act_edit_ranges, "edit alloc-ranges" },
	{ 'K', "K", act_edit_keep, "edit fixup-keep" },
	{ 'A', "A", act_add, "add a region" },
	{ 'D', "D Del", act_delete, "delete the selected region" },
	{ KEY_DC, NULL, act_delete, NULL },
	{ 'M', "M", act_model, "switch FLATMEM / SPARSEMEM" },
	{ 'C', "C", act_cma, "set cma= on the command line" },
	{ 'V', "V", act_vmsplit, "cycle VMSPLIT (32-bit ARM)" },
	{ 'u', "u", act_undo, "undo" },
	{ 'U', "U ^R", act_redo, "redo" },
	{ CTRL('r'), NULL, act_redo, NULL },
	{ 'w', "w", act_save, "save the profile as YAML" },
	{ 'x', "x", act_export, "export /reserved-memory as a DTS node" },
	{ 'X', "X", act_export_overrides, "export what changed as DTS overrides (&label { ... })" },
	{ 'L', "L", act_toggle_log, "show / hide the boot log comparison (--log): observed column, differences" },
	{ CTRL('l'), "^L", act_redraw, "redraw the screen" },
	{ KEY_MOUSE, "mouse", act_mouse, "click selects a row, the wheel scrolls" },
};

#define NKEYS (sizeof(table) / sizeof(table[0]))

unsigned keymap_dispatch(struct app *a, int key)
{
	if (a->show_help) {
		/* the help screen scrolls; any other key closes it */
		if (key == KEY_DOWN || key == 'j') {
			a->help_top++;
			return R_REDRAW;
		}
		if (key == KEY_UP || key == 'k') {
			a->help_top = a->help_top > 0 ? a->help_top - 1 : 0;
			return R_REDRAW;
		}
		a->show_help = false;
		return R_REDRAW;
	}
	a->msg[0] = '\0';
	for (size_t i = 0; i < NKEYS; i++)
		if (table[i].key == key)
			return table[i].fn(a) | R_REDRAW;
	if (key >= 32 && key < 127)
		app_message(a, EL_ERROR, "no action on '%c'; ? shows the keys", key);
	return R_REDRAW;
}

size_t keymap_help(const char ***keys, const char ***helps)
{
	static const char *k[NKEYS], *h[NKEYS];
	size_t n = 0;

	for (size_t i = 0; i < NKEYS; i++)
		if (table[i].name) {
			k[n] = table[i].name;
			h[n] = table[i].help;
			n++;
		}
	*keys = k;
	*helps = h;
	return n;
}

const char *keymap_hints(const struct app *a)
{
	if (a->sel >= 0 && a->L.items[a->sel].region >= 0)
		return "?help m no-map r reusable l late d disable s size b base u undo w save x export q quit";
	return "?help Up/Down move +/- zoom Tab next region / find g goto u undo w save q quit";
}
