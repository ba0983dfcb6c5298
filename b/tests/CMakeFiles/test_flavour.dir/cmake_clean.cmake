file(REMOVE_RECURSE
  "CMakeFiles/test_flavour.dir/unit/test_flavour.c.o"
  "CMakeFiles/test_flavour.dir/unit/test_flavour.c.o.d"
  "test_flavour"
  "test_flavour.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_flavour.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
