file(REMOVE_RECURSE
  "CMakeFiles/fuzz_dtb.dir/fuzz_dtb.c.o"
  "CMakeFiles/fuzz_dtb.dir/fuzz_dtb.c.o.d"
  "fuzz_dtb"
  "fuzz_dtb.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_dtb.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
