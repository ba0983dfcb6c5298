file(REMOVE_RECURSE
  "CMakeFiles/test_rangeset_random.dir/unit/test_rangeset_random.c.o"
  "CMakeFiles/test_rangeset_random.dir/unit/test_rangeset_random.c.o.d"
  "test_rangeset_random"
  "test_rangeset_random.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_rangeset_random.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
