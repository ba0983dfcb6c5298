file(REMOVE_RECURSE
  "CMakeFiles/test_bootlog_heap.dir/unit/test_bootlog_heap.c.o"
  "CMakeFiles/test_bootlog_heap.dir/unit/test_bootlog_heap.c.o.d"
  "test_bootlog_heap"
  "test_bootlog_heap.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_bootlog_heap.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
