file(REMOVE_RECURSE
  "CMakeFiles/test_differential.dir/ref/test_differential.c.o"
  "CMakeFiles/test_differential.dir/ref/test_differential.c.o.d"
  "test_differential"
  "test_differential.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_differential.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
