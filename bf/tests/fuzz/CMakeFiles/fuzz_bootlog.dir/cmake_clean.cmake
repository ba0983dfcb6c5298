file(REMOVE_RECURSE
  "CMakeFiles/fuzz_bootlog.dir/fuzz_bootlog.c.o"
  "CMakeFiles/fuzz_bootlog.dir/fuzz_bootlog.c.o.d"
  "fuzz_bootlog"
  "fuzz_bootlog.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_bootlog.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
