file(REMOVE_RECURSE
  "CMakeFiles/test_memmap.dir/unit/test_memmap.c.o"
  "CMakeFiles/test_memmap.dir/unit/test_memmap.c.o.d"
  "test_memmap"
  "test_memmap.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_memmap.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
