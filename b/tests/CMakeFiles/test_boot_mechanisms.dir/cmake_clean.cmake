file(REMOVE_RECURSE
  "CMakeFiles/test_boot_mechanisms.dir/unit/test_boot_mechanisms.c.o"
  "CMakeFiles/test_boot_mechanisms.dir/unit/test_boot_mechanisms.c.o.d"
  "test_boot_mechanisms"
  "test_boot_mechanisms.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_boot_mechanisms.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
