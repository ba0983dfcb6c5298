
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt-uboot/src/cli/cli.c" "src/CMakeFiles/memx_cli.dir/cli/cli.c.o" "gcc" "src/CMakeFiles/memx_cli.dir/cli/cli.c.o.d"
  "/work/wt-uboot/src/cli/cli_commands.c" "src/CMakeFiles/memx_cli.dir/cli/cli_commands.c.o" "gcc" "src/CMakeFiles/memx_cli.dir/cli/cli_commands.c.o.d"
  "/work/wt-uboot/src/cli/cli_compare.c" "src/CMakeFiles/memx_cli.dir/cli/cli_compare.c.o" "gcc" "src/CMakeFiles/memx_cli.dir/cli/cli_compare.c.o.d"
  "/work/wt-uboot/src/cli/cli_io.c" "src/CMakeFiles/memx_cli.dir/cli/cli_io.c.o" "gcc" "src/CMakeFiles/memx_cli.dir/cli/cli_io.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt-uboot/bf/src/CMakeFiles/memx_static.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
