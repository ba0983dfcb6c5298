file(REMOVE_RECURSE
  "CMakeFiles/test_bootloader.dir/unit/test_bootloader.c.o"
  "CMakeFiles/test_bootloader.dir/unit/test_bootloader.c.o.d"
  "test_bootloader"
  "test_bootloader.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_bootloader.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
