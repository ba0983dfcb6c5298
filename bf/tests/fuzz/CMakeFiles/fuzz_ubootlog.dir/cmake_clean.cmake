file(REMOVE_RECURSE
  "CMakeFiles/fuzz_ubootlog.dir/fuzz_ubootlog.c.o"
  "CMakeFiles/fuzz_ubootlog.dir/fuzz_ubootlog.c.o.d"
  "fuzz_ubootlog"
  "fuzz_ubootlog.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_ubootlog.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
