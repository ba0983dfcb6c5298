file(REMOVE_RECURSE
  "CMakeFiles/memx_testutil.dir/testutil.c.o"
  "CMakeFiles/memx_testutil.dir/testutil.c.o.d"
  "libmemx_testutil.a"
  "libmemx_testutil.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_testutil.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
