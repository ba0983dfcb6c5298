file(REMOVE_RECURSE
  "CMakeFiles/memx_bootlog.dir/bootlog/bootlog.c.o"
  "CMakeFiles/memx_bootlog.dir/bootlog/bootlog.c.o.d"
  "CMakeFiles/memx_bootlog.dir/bootlog/bootlog_blocks.c.o"
  "CMakeFiles/memx_bootlog.dir/bootlog/bootlog_blocks.c.o.d"
  "CMakeFiles/memx_bootlog.dir/bootlog/bootlog_lines.c.o"
  "CMakeFiles/memx_bootlog.dir/bootlog/bootlog_lines.c.o.d"
  "CMakeFiles/memx_bootlog.dir/bootlog/bootlog_scan.c.o"
  "CMakeFiles/memx_bootlog.dir/bootlog/bootlog_scan.c.o.d"
  "CMakeFiles/memx_bootlog.dir/bootlog/uboot_log.c.o"
  "CMakeFiles/memx_bootlog.dir/bootlog/uboot_log.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_bootlog.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
