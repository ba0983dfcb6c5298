file(REMOVE_RECURSE
  "CMakeFiles/test_checks.dir/unit/test_checks.c.o"
  "CMakeFiles/test_checks.dir/unit/test_checks.c.o.d"
  "test_checks"
  "test_checks.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_checks.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
