file(REMOVE_RECURSE
  "../layercheck/libmemx_layercheck_core.pdb"
  "../layercheck/libmemx_layercheck_core.so"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_layercheck_core.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
