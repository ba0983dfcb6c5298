file(REMOVE_RECURSE
  "CMakeFiles/memx_core.dir/core/buf.c.o"
  "CMakeFiles/memx_core.dir/core/buf.c.o.d"
  "CMakeFiles/memx_core.dir/core/diag.c.o"
  "CMakeFiles/memx_core.dir/core/diag.c.o.d"
  "CMakeFiles/memx_core.dir/core/edit.c.o"
  "CMakeFiles/memx_core.dir/core/edit.c.o.d"
  "CMakeFiles/memx_core.dir/core/error.c.o"
  "CMakeFiles/memx_core.dir/core/error.c.o.d"
  "CMakeFiles/memx_core.dir/core/fileio.c.o"
  "CMakeFiles/memx_core.dir/core/fileio.c.o.d"
  "CMakeFiles/memx_core.dir/core/profile.c.o"
  "CMakeFiles/memx_core.dir/core/profile.c.o.d"
  "CMakeFiles/memx_core.dir/core/rangeset.c.o"
  "CMakeFiles/memx_core.dir/core/rangeset.c.o.d"
  "CMakeFiles/memx_core.dir/core/sort.c.o"
  "CMakeFiles/memx_core.dir/core/sort.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_core.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
