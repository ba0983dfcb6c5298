file(REMOVE_RECURSE
  "CMakeFiles/test_oracle_uboot.dir/real/test_oracle_uboot.c.o"
  "CMakeFiles/test_oracle_uboot.dir/real/test_oracle_uboot.c.o.d"
  "test_oracle_uboot"
  "test_oracle_uboot.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_oracle_uboot.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
