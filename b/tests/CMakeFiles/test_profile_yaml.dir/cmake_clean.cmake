file(REMOVE_RECURSE
  "CMakeFiles/test_profile_yaml.dir/unit/test_profile_yaml.c.o"
  "CMakeFiles/test_profile_yaml.dir/unit/test_profile_yaml.c.o.d"
  "test_profile_yaml"
  "test_profile_yaml.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_profile_yaml.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
