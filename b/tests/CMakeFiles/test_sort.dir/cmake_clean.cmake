file(REMOVE_RECURSE
  "CMakeFiles/test_sort.dir/unit/test_sort.c.o"
  "CMakeFiles/test_sort.dir/unit/test_sort.c.o.d"
  "test_sort"
  "test_sort.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_sort.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
