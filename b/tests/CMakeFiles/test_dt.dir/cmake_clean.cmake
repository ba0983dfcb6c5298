file(REMOVE_RECURSE
  "CMakeFiles/test_dt.dir/unit/test_dt.c.o"
  "CMakeFiles/test_dt.dir/unit/test_dt.c.o.d"
  "test_dt"
  "test_dt.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_dt.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
