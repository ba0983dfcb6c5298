file(REMOVE_RECURSE
  "CMakeFiles/test_edit.dir/unit/test_edit.c.o"
  "CMakeFiles/test_edit.dir/unit/test_edit.c.o.d"
  "test_edit"
  "test_edit.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_edit.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
