file(REMOVE_RECURSE
  "../layercheck/libmemx_layercheck_formats.pdb"
  "../layercheck/libmemx_layercheck_formats.so"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_layercheck_formats.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
