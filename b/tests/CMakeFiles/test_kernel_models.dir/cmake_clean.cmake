file(REMOVE_RECURSE
  "CMakeFiles/test_kernel_models.dir/unit/test_kernel_models.c.o"
  "CMakeFiles/test_kernel_models.dir/unit/test_kernel_models.c.o.d"
  "test_kernel_models"
  "test_kernel_models.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_kernel_models.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
