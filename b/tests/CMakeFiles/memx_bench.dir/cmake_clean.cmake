file(REMOVE_RECURSE
  "CMakeFiles/memx_bench.dir/bench/bench.c.o"
  "CMakeFiles/memx_bench.dir/bench/bench.c.o.d"
  "memx_bench"
  "memx_bench.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_bench.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
