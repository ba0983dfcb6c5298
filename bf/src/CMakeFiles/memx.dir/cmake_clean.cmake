file(REMOVE_RECURSE
  "../memx"
  "../memx.pdb"
  "CMakeFiles/memx.dir/cli/main.c.o"
  "CMakeFiles/memx.dir/cli/main.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
