
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt-uboot/src/core/buf.c" "src/CMakeFiles/memx_core.dir/core/buf.c.o" "gcc" "src/CMakeFiles/memx_core.dir/core/buf.c.o.d"
  "/work/wt-uboot/src/core/diag.c" "src/CMakeFiles/memx_core.dir/core/diag.c.o" "gcc" "src/CMakeFiles/memx_core.dir/core/diag.c.o.d"
  "/work/wt-uboot/src/core/edit.c" "src/CMakeFiles/memx_core.dir/core/edit.c.o" "gcc" "src/CMakeFiles/memx_core.dir/core/edit.c.o.d"
  "/work/wt-uboot/src/core/error.c" "src/CMakeFiles/memx_core.dir/core/error.c.o" "gcc" "src/CMakeFiles/memx_core.dir/core/error.c.o.d"
  "/work/wt-uboot/src/core/fileio.c" "src/CMakeFiles/memx_core.dir/core/fileio.c.o" "gcc" "src/CMakeFiles/memx_core.dir/core/fileio.c.o.d"
  "/work/wt-uboot/src/core/profile.c" "src/CMakeFiles/memx_core.dir/core/profile.c.o" "gcc" "src/CMakeFiles/memx_core.dir/core/profile.c.o.d"
  "/work/wt-uboot/src/core/rangeset.c" "src/CMakeFiles/memx_core.dir/core/rangeset.c.o" "gcc" "src/CMakeFiles/memx_core.dir/core/rangeset.c.o.d"
  "/work/wt-uboot/src/core/sort.c" "src/CMakeFiles/memx_core.dir/core/sort.c.o" "gcc" "src/CMakeFiles/memx_core.dir/core/sort.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
