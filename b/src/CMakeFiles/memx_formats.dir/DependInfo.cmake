
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt-uboot/b/default_profile.c" "src/CMakeFiles/memx_formats.dir/__/default_profile.c.o" "gcc" "src/CMakeFiles/memx_formats.dir/__/default_profile.c.o.d"
  "/work/wt-uboot/src/formats/dt_loader.c" "src/CMakeFiles/memx_formats.dir/formats/dt_loader.c.o" "gcc" "src/CMakeFiles/memx_formats.dir/formats/dt_loader.c.o.d"
  "/work/wt-uboot/src/formats/dts_export.c" "src/CMakeFiles/memx_formats.dir/formats/dts_export.c.o" "gcc" "src/CMakeFiles/memx_formats.dir/formats/dts_export.c.o.d"
  "/work/wt-uboot/src/formats/dts_import.c" "src/CMakeFiles/memx_formats.dir/formats/dts_import.c.o" "gcc" "src/CMakeFiles/memx_formats.dir/formats/dts_import.c.o.d"
  "/work/wt-uboot/src/formats/fdt_import.c" "src/CMakeFiles/memx_formats.dir/formats/fdt_import.c.o" "gcc" "src/CMakeFiles/memx_formats.dir/formats/fdt_import.c.o.d"
  "/work/wt-uboot/src/formats/profile_boot.c" "src/CMakeFiles/memx_formats.dir/formats/profile_boot.c.o" "gcc" "src/CMakeFiles/memx_formats.dir/formats/profile_boot.c.o.d"
  "/work/wt-uboot/src/formats/profile_kside.c" "src/CMakeFiles/memx_formats.dir/formats/profile_kside.c.o" "gcc" "src/CMakeFiles/memx_formats.dir/formats/profile_kside.c.o.d"
  "/work/wt-uboot/src/formats/profile_write.c" "src/CMakeFiles/memx_formats.dir/formats/profile_write.c.o" "gcc" "src/CMakeFiles/memx_formats.dir/formats/profile_write.c.o.d"
  "/work/wt-uboot/src/formats/profile_yaml.c" "src/CMakeFiles/memx_formats.dir/formats/profile_yaml.c.o" "gcc" "src/CMakeFiles/memx_formats.dir/formats/profile_yaml.c.o.d"
  "/work/wt-uboot/src/formats/report.c" "src/CMakeFiles/memx_formats.dir/formats/report.c.o" "gcc" "src/CMakeFiles/memx_formats.dir/formats/report.c.o.d"
  "/work/wt-uboot/src/formats/report_json.c" "src/CMakeFiles/memx_formats.dir/formats/report_json.c.o" "gcc" "src/CMakeFiles/memx_formats.dir/formats/report_json.c.o.d"
  "/work/wt-uboot/src/formats/yaml_read.c" "src/CMakeFiles/memx_formats.dir/formats/yaml_read.c.o" "gcc" "src/CMakeFiles/memx_formats.dir/formats/yaml_read.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
