file(REMOVE_RECURSE
  "../memx"
  "../memx.pdb"
  "CMakeFiles/memx.dir/actions.c.o"
  "CMakeFiles/memx.dir/actions.c.o.d"
  "CMakeFiles/memx.dir/app.c.o"
  "CMakeFiles/memx.dir/app.c.o.d"
  "CMakeFiles/memx.dir/keymap.c.o"
  "CMakeFiles/memx.dir/keymap.c.o.d"
  "CMakeFiles/memx.dir/main.c.o"
  "CMakeFiles/memx.dir/main.c.o.d"
  "CMakeFiles/memx.dir/pane_bar.c.o"
  "CMakeFiles/memx.dir/pane_bar.c.o.d"
  "CMakeFiles/memx.dir/pane_details.c.o"
  "CMakeFiles/memx.dir/pane_details.c.o.d"
  "CMakeFiles/memx.dir/pane_help.c.o"
  "CMakeFiles/memx.dir/pane_help.c.o.d"
  "CMakeFiles/memx.dir/pane_totals.c.o"
  "CMakeFiles/memx.dir/pane_totals.c.o.d"
  "CMakeFiles/memx.dir/panes.c.o"
  "CMakeFiles/memx.dir/panes.c.o.d"
  "CMakeFiles/memx.dir/prompt.c.o"
  "CMakeFiles/memx.dir/prompt.c.o.d"
  "CMakeFiles/memx.dir/term.c.o"
  "CMakeFiles/memx.dir/term.c.o.d"
  "CMakeFiles/memx.dir/theme.c.o"
  "CMakeFiles/memx.dir/theme.c.o.d"
  "CMakeFiles/memx.dir/undo.c.o"
  "CMakeFiles/memx.dir/undo.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
