file(REMOVE_RECURSE
  "../default_profile.c"
  "CMakeFiles/memx_formats.dir/__/default_profile.c.o"
  "CMakeFiles/memx_formats.dir/__/default_profile.c.o.d"
  "CMakeFiles/memx_formats.dir/formats/dt_loader.c.o"
  "CMakeFiles/memx_formats.dir/formats/dt_loader.c.o.d"
  "CMakeFiles/memx_formats.dir/formats/dts_export.c.o"
  "CMakeFiles/memx_formats.dir/formats/dts_export.c.o.d"
  "CMakeFiles/memx_formats.dir/formats/dts_import.c.o"
  "CMakeFiles/memx_formats.dir/formats/dts_import.c.o.d"
  "CMakeFiles/memx_formats.dir/formats/fdt_import.c.o"
  "CMakeFiles/memx_formats.dir/formats/fdt_import.c.o.d"
  "CMakeFiles/memx_formats.dir/formats/profile_boot.c.o"
  "CMakeFiles/memx_formats.dir/formats/profile_boot.c.o.d"
  "CMakeFiles/memx_formats.dir/formats/profile_kside.c.o"
  "CMakeFiles/memx_formats.dir/formats/profile_kside.c.o.d"
  "CMakeFiles/memx_formats.dir/formats/profile_write.c.o"
  "CMakeFiles/memx_formats.dir/formats/profile_write.c.o.d"
  "CMakeFiles/memx_formats.dir/formats/profile_yaml.c.o"
  "CMakeFiles/memx_formats.dir/formats/profile_yaml.c.o.d"
  "CMakeFiles/memx_formats.dir/formats/report.c.o"
  "CMakeFiles/memx_formats.dir/formats/report.c.o.d"
  "CMakeFiles/memx_formats.dir/formats/report_json.c.o"
  "CMakeFiles/memx_formats.dir/formats/report_json.c.o.d"
  "CMakeFiles/memx_formats.dir/formats/yaml_read.c.o"
  "CMakeFiles/memx_formats.dir/formats/yaml_read.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_formats.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
