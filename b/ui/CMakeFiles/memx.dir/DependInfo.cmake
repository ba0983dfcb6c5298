
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt-uboot/ui/actions.c" "ui/CMakeFiles/memx.dir/actions.c.o" "gcc" "ui/CMakeFiles/memx.dir/actions.c.o.d"
  "/work/wt-uboot/ui/app.c" "ui/CMakeFiles/memx.dir/app.c.o" "gcc" "ui/CMakeFiles/memx.dir/app.c.o.d"
  "/work/wt-uboot/ui/keymap.c" "ui/CMakeFiles/memx.dir/keymap.c.o" "gcc" "ui/CMakeFiles/memx.dir/keymap.c.o.d"
  "/work/wt-uboot/ui/main.c" "ui/CMakeFiles/memx.dir/main.c.o" "gcc" "ui/CMakeFiles/memx.dir/main.c.o.d"
  "/work/wt-uboot/ui/pane_bar.c" "ui/CMakeFiles/memx.dir/pane_bar.c.o" "gcc" "ui/CMakeFiles/memx.dir/pane_bar.c.o.d"
  "/work/wt-uboot/ui/pane_details.c" "ui/CMakeFiles/memx.dir/pane_details.c.o" "gcc" "ui/CMakeFiles/memx.dir/pane_details.c.o.d"
  "/work/wt-uboot/ui/pane_help.c" "ui/CMakeFiles/memx.dir/pane_help.c.o" "gcc" "ui/CMakeFiles/memx.dir/pane_help.c.o.d"
  "/work/wt-uboot/ui/pane_totals.c" "ui/CMakeFiles/memx.dir/pane_totals.c.o" "gcc" "ui/CMakeFiles/memx.dir/pane_totals.c.o.d"
  "/work/wt-uboot/ui/panes.c" "ui/CMakeFiles/memx.dir/panes.c.o" "gcc" "ui/CMakeFiles/memx.dir/panes.c.o.d"
  "/work/wt-uboot/ui/prompt.c" "ui/CMakeFiles/memx.dir/prompt.c.o" "gcc" "ui/CMakeFiles/memx.dir/prompt.c.o.d"
  "/work/wt-uboot/ui/term.c" "ui/CMakeFiles/memx.dir/term.c.o" "gcc" "ui/CMakeFiles/memx.dir/term.c.o.d"
  "/work/wt-uboot/ui/theme.c" "ui/CMakeFiles/memx.dir/theme.c.o" "gcc" "ui/CMakeFiles/memx.dir/theme.c.o.d"
  "/work/wt-uboot/ui/undo.c" "ui/CMakeFiles/memx.dir/undo.c.o" "gcc" "ui/CMakeFiles/memx.dir/undo.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt-uboot/b/src/CMakeFiles/memx_cli.dir/DependInfo.cmake"
  "/work/wt-uboot/b/src/CMakeFiles/memx_static.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
