/* keymap.c - the one key table: key, action, help. The help page is generated from it. */
#include <curses.h>
#include <stddef.h>
#include <stdio.h>

#include "tui.h"

/* Where a key works: everywhere, or only in the lists (the table, the changes, the diagnostics). */
enum { K_ALL, K_LIST, K_CHANGES };

struct binding {
	int key;
	const char *name;   /* as the help shows it; NULL: same action as the line above */
	unsigned (*fn)(struct app *a);
	const char *help;
	int where;
};

static const struct binding table[] = {
	{ '?', "?", act_help, "this help (q closes it)", K_ALL },
	{ KEY_F(1), NULL, act_help, NULL, K_ALL },
	{ 'q', "q Esc", act_quit, "close the page; on the bar: quit (asks when there are unsaved edits)", K_ALL },
	{ CTRL('c'), NULL, act_quit, NULL, K_ALL },
	{ KEY_DOWN, "Down j", act_down, "next row (of the bar, the table or the list)", K_ALL },
	{ 'j', NULL, act_down, NULL, K_ALL },
	{ KEY_UP, "Up k", act_up, "previous row", K_ALL },
	{ 'k', NULL, act_up, NULL, K_ALL },
	{ KEY_NPAGE, "PgDn Space", act_page_down, "next screen", K_ALL },
	{ ' ', NULL, act_page_down, NULL, K_ALL },
	{ KEY_PPAGE, "PgUp", act_page_up, "previous screen", K_ALL },
	{ KEY_HOME, "Home", act_home, "lowest address / first row", K_ALL },
	{ KEY_END, "End", act_end, "highest address / last row", K_ALL },
	{ '+', "+ =", act_zoom_in, "zoom in (half the bytes per row)", K_ALL },
	{ '=', NULL, act_zoom_in, NULL, K_ALL },
	{ '-', "-", act_zoom_out, "zoom out", K_ALL },
	{ '0', "0", act_zoom_fit, "zoom to show all of DRAM", K_ALL },
	{ ']', "] Tab", act_next_item, "select the next region (address order)", K_ALL },
	{ '\t', NULL, act_next_item, NULL, K_ALL },
	{ '[', "[ BTab", act_prev_item, "select the previous region", K_ALL },
	{ KEY_BTAB, NULL, act_prev_item, NULL, K_ALL },
	{ '\r', "Enter", act_enter, "bar: next region of the row; lists: go to the line's region", K_ALL },
	{ '\n', NULL, act_enter, NULL, K_ALL },
	{ KEY_ENTER, NULL, act_enter, NULL, K_ALL },
	{ 'g', "g", act_goto, "go to an address: selects the region there (or the free range)", K_ALL },
	{ '/', "/", act_search, "find by name or label (also filters the table; empty clears)", K_ALL },
	{ 'n', "n", act_search_next, "next match (the status says which of how many)", K_ALL },
	{ 'N', "N", act_search_prev, "previous match", K_ALL },
	{ 't', "t", act_table, "the region table: name, kind, base, size, flags, MemTotal cost", K_ALL },
	{ 'o', "o", act_sort, "table: sort by address, size, MemTotal cost", K_ALL },
	{ 'O', "O", act_sort_reverse, "table: reverse the order", K_ALL },
	{ 'e', "e !", act_diags, "every diagnostic (Enter goes to its region)", K_ALL },
	{ '!', NULL, act_diags, NULL, K_ALL },
	{ 'c', "c", act_changes, "the changes since loading, what each moved (D reverts one)", K_ALL },
	{ 'i', "i", act_legend, "the legend: every kind of memory and every mark", K_ALL },
	{ 'm', "m", act_toggle_nomap, "toggle no-map", K_ALL },
	{ 'r', "r", act_toggle_reusable, "toggle reusable; offers to make a CMA pool (shared-dma-pool)", K_ALL },
	{ 'f', "f", act_toggle_fixup, "toggle no-map-fixup", K_ALL },
	{ 'l', "l", act_toggle_late, "toggle freed-late", K_ALL },
	{ 'd', "d", act_toggle_enabled, "toggle enabled / status = \"disabled\"", K_ALL },
	{ 's', "s", act_edit_size, "edit size", K_ALL },
	{ 'b', "b", act_edit_base, "edit base (a dynamic region becomes static)", K_ALL },
	{ 'a', "a", act_edit_align, "edit alignment", K_ALL },
	{ 'R', "R", act_edit_ranges, "edit alloc-ranges", K_ALL },
	{ 'K', "K", act_edit_keep, "edit fixup-keep", K_ALL },
	{ 'P', "P", act_edit_compatible, "edit compatible", K_ALL },
	{ 'T', "T", act_edit_label, "edit the label", K_ALL },
	{ 'E', "E", act_edit_name, "rename the node (name@unit)", K_ALL },
	{ 'p', "p", act_set_prop, "set any property as --set does (PROP=VALUE)", K_ALL },
	{ 'A', "A", act_add, "add a region", K_ALL },
	{ 'D', "D Del", act_revert, "changes page: revert the change under the cursor", K_CHANGES },
	{ KEY_DC, NULL, act_revert, NULL, K_CHANGES },
	{ 'D', "D Del", act_delete, "delete the selected region", K_ALL },
	{ KEY_DC, NULL, act_delete, NULL, K_ALL },
	{ 'M', "M", act_model, "switch FLATMEM / SPARSEMEM", K_ALL },
	{ 'C', "C", act_cma, "set cma= on the command line", K_ALL },
	{ 'V', "V", act_vmsplit, "cycle VMSPLIT (32-bit ARM)", K_ALL },
	{ 'u', "u", act_undo, "undo (the selection goes to what it changed)", K_ALL },
	{ 'U', "U ^R", act_redo, "redo", K_ALL },
	{ CTRL('r'), NULL, act_redo, NULL, K_ALL },
	{ 'w', "w", act_save, "save the profile as YAML", K_ALL },
	{ 'x', "x", act_export, "export /reserved-memory as a DTS fragment", K_ALL },
	{ 'X', "X", act_export_overrides, "export what changed as DTS overrides (&label { ... })", K_ALL },
	{ 'L', "L", act_toggle_log, "show / hide the boot log comparison (--log)", K_ALL },
	{ CTRL('l'), "^L", act_redraw, "redraw, the cursor back in the middle", K_ALL },
	{ CTRL('z'), "^Z", act_suspend, "suspend (fg resumes)", K_ALL },
	{ KEY_MOUSE, "mouse", act_mouse, "click selects a row, the wheel scrolls", K_ALL },
};

#define NKEYS (sizeof(table) / sizeof(table[0]))

static bool page_open(const struct app *a)
{
	return a->page != MX_PAGE_MAP || a->table_focus;
}

unsigned keymap_dispatch(struct app *a, int key)
{
	bool scroll = a->page == MX_PAGE_HELP || a->page == MX_PAGE_LEGEND;

	a->msg[0] = '\0';
	/* q and Esc close a page (one q closes help, a second quits) */
	if ((key == 'q' || key == 27) && page_open(a))
		return act_back(a);
	if (key == 27)
		return R_REDRAW;
	if (scroll && key != KEY_DOWN && key != 'j' && key != KEY_UP && key != 'k' && key != KEY_NPAGE &&
	    key != ' ' && key != KEY_PPAGE && key != KEY_HOME && key != KEY_END && key != KEY_RESIZE &&
	    key != CTRL('z') && key != CTRL('c')) {
		/* any other key closes the help or the legend; ? and i toggle them */
		if ((key == '?' || key == KEY_F(1)) && a->page == MX_PAGE_HELP)
			return act_back(a);
		if (key == 'i' && a->page == MX_PAGE_LEGEND)
			return act_back(a);
		if (key != '?' && key != 'i' && key != KEY_F(1))
			return act_back(a);
	}
	for (size_t i = 0; i < NKEYS; i++) {
		if (table[i].key != key)
			continue;
		if (table[i].where == K_CHANGES && a->page != MX_PAGE_CHANGES)
			continue;
		return table[i].fn(a) | R_REDRAW;
	}
	if (key >= 32 && key < 127)
		app_message(a, MX_VS_ERROR, "no action on '%c'; ? shows the keys", key);
	else if (key & KEY_CHAR_BIT)
		app_message(a, MX_VS_ERROR, "no action on that character; ? shows the keys");
	return R_REDRAW;
}

size_t keymap_help(const char *const **keys, const char *const **helps)
{
	static const char *k[NKEYS], *h[NKEYS];
	static size_t n;

	if (!n)
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
	switch (a->page) {
	case MX_PAGE_TABLE:
		return " j/k move  Enter select  o sort  O reverse  / filter  m r d s b edit  q back  ? help";
	case MX_PAGE_CHANGES:
		return " j/k move  D revert the change  Enter go to its region  u undo  q back";
	case MX_PAGE_DIAGS:
		return " j/k move  Enter go to the region  q back";
	case MX_PAGE_HELP:
	case MX_PAGE_LEGEND:
		return " j/k scroll  q back";
	case MX_PAGE_MAP:
		break;
	}
	if (a->table_focus)
		return " j/k move  Enter select in the bar  o sort  O reverse  / filter  t or q back";
	if (a->sel >= 0 && a->L.items[a->sel].region >= 0)
		return " ? help  m no-map  r reusable/CMA  d disable  s size  b base  t table  e diags  c changes"
		       "  i legend  u undo  w save  q quit";
	return " ? help  j/k move  +/- zoom  Tab next  / find  g go to  t table  e diags  c changes  i legend"
	       "  q quit";
}
