
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt-uboot/tests/ref/diffgen.c" "tests/CMakeFiles/memx_diffref.dir/ref/diffgen.c.o" "gcc" "tests/CMakeFiles/memx_diffref.dir/ref/diffgen.c.o.d"
  "/work/wt-uboot/tests/ref/diffref.c" "tests/CMakeFiles/memx_diffref.dir/ref/diffref.c.o" "gcc" "tests/CMakeFiles/memx_diffref.dir/ref/diffref.c.o.d"
  "/work/wt-uboot/tests/ref/diffref_early.c" "tests/CMakeFiles/memx_diffref.dir/ref/diffref_early.c.o" "gcc" "tests/CMakeFiles/memx_diffref.dir/ref/diffref_early.c.o.d"
  "/work/wt-uboot/tests/ref/diffref_kside.c" "tests/CMakeFiles/memx_diffref.dir/ref/diffref_kside.c.o" "gcc" "tests/CMakeFiles/memx_diffref.dir/ref/diffref_kside.c.o.d"
  "/work/wt-uboot/tests/ref/diffref_late.c" "tests/CMakeFiles/memx_diffref.dir/ref/diffref_late.c.o" "gcc" "tests/CMakeFiles/memx_diffref.dir/ref/diffref_late.c.o.d"
  "/work/wt-uboot/tests/ref/diffref_params.c" "tests/CMakeFiles/memx_diffref.dir/ref/diffref_params.c.o" "gcc" "tests/CMakeFiles/memx_diffref.dir/ref/diffref_params.c.o.d"
  "/work/wt-uboot/tests/ref/diffref_steps.c" "tests/CMakeFiles/memx_diffref.dir/ref/diffref_steps.c.o" "gcc" "tests/CMakeFiles/memx_diffref.dir/ref/diffref_steps.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt-uboot/b/tests/CMakeFiles/memx_testutil.dir/DependInfo.cmake"
  "/work/wt-uboot/b/src/CMakeFiles/memx_static.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
