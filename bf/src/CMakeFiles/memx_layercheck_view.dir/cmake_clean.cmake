file(REMOVE_RECURSE
  "../layercheck/libmemx_layercheck_view.pdb"
  "../layercheck/libmemx_layercheck_view.so"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_layercheck_view.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
