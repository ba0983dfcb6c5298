
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt-uboot/src/bootlog/bootlog.c" "src/CMakeFiles/memx_bootlog.dir/bootlog/bootlog.c.o" "gcc" "src/CMakeFiles/memx_bootlog.dir/bootlog/bootlog.c.o.d"
  "/work/wt-uboot/src/bootlog/bootlog_blocks.c" "src/CMakeFiles/memx_bootlog.dir/bootlog/bootlog_blocks.c.o" "gcc" "src/CMakeFiles/memx_bootlog.dir/bootlog/bootlog_blocks.c.o.d"
  "/work/wt-uboot/src/bootlog/bootlog_lines.c" "src/CMakeFiles/memx_bootlog.dir/bootlog/bootlog_lines.c.o" "gcc" "src/CMakeFiles/memx_bootlog.dir/bootlog/bootlog_lines.c.o.d"
  "/work/wt-uboot/src/bootlog/bootlog_scan.c" "src/CMakeFiles/memx_bootlog.dir/bootlog/bootlog_scan.c.o" "gcc" "src/CMakeFiles/memx_bootlog.dir/bootlog/bootlog_scan.c.o.d"
  "/work/wt-uboot/src/bootlog/uboot_log.c" "src/CMakeFiles/memx_bootlog.dir/bootlog/uboot_log.c.o" "gcc" "src/CMakeFiles/memx_bootlog.dir/bootlog/uboot_log.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
