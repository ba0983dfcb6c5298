
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt-uboot/src/engine/bootargs.c" "src/CMakeFiles/memx_engine.dir/engine/bootargs.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/bootargs.c.o.d"
  "/work/wt-uboot/src/engine/bootloader.c" "src/CMakeFiles/memx_engine.dir/engine/bootloader.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/bootloader.c.o.d"
  "/work/wt-uboot/src/engine/bootloader_uboot.c" "src/CMakeFiles/memx_engine.dir/engine/bootloader_uboot.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/bootloader_uboot.c.o.d"
  "/work/wt-uboot/src/engine/bootloader_uefi.c" "src/CMakeFiles/memx_engine.dir/engine/bootloader_uefi.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/bootloader_uefi.c.o.d"
  "/work/wt-uboot/src/engine/check.c" "src/CMakeFiles/memx_engine.dir/engine/check.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/check.c.o.d"
  "/work/wt-uboot/src/engine/check_bootloader.c" "src/CMakeFiles/memx_engine.dir/engine/check_bootloader.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/check_bootloader.c.o.d"
  "/work/wt-uboot/src/engine/ctx.c" "src/CMakeFiles/memx_engine.dir/engine/ctx.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/ctx.c.o.d"
  "/work/wt-uboot/src/engine/flavour.c" "src/CMakeFiles/memx_engine.dir/engine/flavour.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/flavour.c.o.d"
  "/work/wt-uboot/src/engine/layout.c" "src/CMakeFiles/memx_engine.dir/engine/layout.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/layout.c.o.d"
  "/work/wt-uboot/src/engine/memmap.c" "src/CMakeFiles/memx_engine.dir/engine/memmap.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/memmap.c.o.d"
  "/work/wt-uboot/src/engine/params.c" "src/CMakeFiles/memx_engine.dir/engine/params.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/params.c.o.d"
  "/work/wt-uboot/src/engine/release.c" "src/CMakeFiles/memx_engine.dir/engine/release.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/release.c.o.d"
  "/work/wt-uboot/src/engine/rmem.c" "src/CMakeFiles/memx_engine.dir/engine/rmem.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/rmem.c.o.d"
  "/work/wt-uboot/src/engine/steps_early.c" "src/CMakeFiles/memx_engine.dir/engine/steps_early.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/steps_early.c.o.d"
  "/work/wt-uboot/src/engine/steps_kernel.c" "src/CMakeFiles/memx_engine.dir/engine/steps_kernel.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/steps_kernel.c.o.d"
  "/work/wt-uboot/src/engine/steps_kernel_opts.c" "src/CMakeFiles/memx_engine.dir/engine/steps_kernel_opts.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/steps_kernel_opts.c.o.d"
  "/work/wt-uboot/src/engine/zones.c" "src/CMakeFiles/memx_engine.dir/engine/zones.c.o" "gcc" "src/CMakeFiles/memx_engine.dir/engine/zones.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
