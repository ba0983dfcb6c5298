file(REMOVE_RECURSE
  "CMakeFiles/test_profile_write.dir/unit/test_profile_write.c.o"
  "CMakeFiles/test_profile_write.dir/unit/test_profile_write.c.o.d"
  "test_profile_write"
  "test_profile_write.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_profile_write.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
