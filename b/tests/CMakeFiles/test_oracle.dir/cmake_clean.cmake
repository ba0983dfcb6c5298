file(REMOVE_RECURSE
  "CMakeFiles/test_oracle.dir/real/test_oracle.c.o"
  "CMakeFiles/test_oracle.dir/real/test_oracle.c.o.d"
  "test_oracle"
  "test_oracle.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_oracle.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
