file(REMOVE_RECURSE
  "CMakeFiles/test_view.dir/unit/test_view.c.o"
  "CMakeFiles/test_view.dir/unit/test_view.c.o.d"
  "test_view"
  "test_view.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_view.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
