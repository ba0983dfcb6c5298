file(REMOVE_RECURSE
  "CMakeFiles/memx_compare.dir/compare/compare.c.o"
  "CMakeFiles/memx_compare.dir/compare/compare.c.o.d"
  "CMakeFiles/memx_compare.dir/compare/compare_adopt.c.o"
  "CMakeFiles/memx_compare.dir/compare/compare_adopt.c.o.d"
  "CMakeFiles/memx_compare.dir/compare/compare_loader.c.o"
  "CMakeFiles/memx_compare.dir/compare/compare_loader.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_compare.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
