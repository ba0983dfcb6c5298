file(REMOVE_RECURSE
  "CMakeFiles/test_rangeset.dir/unit/test_rangeset.c.o"
  "CMakeFiles/test_rangeset.dir/unit/test_rangeset.c.o.d"
  "test_rangeset"
  "test_rangeset.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_rangeset.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
