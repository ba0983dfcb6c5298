file(REMOVE_RECURSE
  "../layercheck/libmemx_layercheck_compare.pdb"
  "../layercheck/libmemx_layercheck_compare.so"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_layercheck_compare.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
