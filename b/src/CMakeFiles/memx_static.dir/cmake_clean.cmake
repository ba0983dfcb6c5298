file(REMOVE_RECURSE
  "libmemx.a"
  "libmemx.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_static.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
