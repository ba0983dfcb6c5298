file(REMOVE_RECURSE
  "../layercheck/libmemx_layercheck_engine.pdb"
  "../layercheck/libmemx_layercheck_engine.so"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_layercheck_engine.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
