file(REMOVE_RECURSE
  "CMakeFiles/test_bootlog_oracle.dir/real/test_bootlog_oracle.c.o"
  "CMakeFiles/test_bootlog_oracle.dir/real/test_bootlog_oracle.c.o.d"
  "test_bootlog_oracle"
  "test_bootlog_oracle.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_bootlog_oracle.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
