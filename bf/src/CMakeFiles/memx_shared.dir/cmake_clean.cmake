file(REMOVE_RECURSE
  "libmemx.pdb"
  "libmemx.so"
  "libmemx.so.0"
  "libmemx.so.0.1.0"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_shared.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
