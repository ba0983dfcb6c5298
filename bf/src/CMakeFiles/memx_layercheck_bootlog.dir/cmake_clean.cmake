file(REMOVE_RECURSE
  "../layercheck/libmemx_layercheck_bootlog.pdb"
  "../layercheck/libmemx_layercheck_bootlog.so"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_layercheck_bootlog.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
