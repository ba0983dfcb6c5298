file(REMOVE_RECURSE
  "CMakeFiles/test_bootlog.dir/unit/test_bootlog.c.o"
  "CMakeFiles/test_bootlog.dir/unit/test_bootlog.c.o.d"
  "test_bootlog"
  "test_bootlog.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_bootlog.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
