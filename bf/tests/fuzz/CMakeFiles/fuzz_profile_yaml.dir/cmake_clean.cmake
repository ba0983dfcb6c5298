file(REMOVE_RECURSE
  "CMakeFiles/fuzz_profile_yaml.dir/fuzz_profile_yaml.c.o"
  "CMakeFiles/fuzz_profile_yaml.dir/fuzz_profile_yaml.c.o.d"
  "fuzz_profile_yaml"
  "fuzz_profile_yaml.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_profile_yaml.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
