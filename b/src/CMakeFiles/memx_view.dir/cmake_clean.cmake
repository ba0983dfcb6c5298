file(REMOVE_RECURSE
  "CMakeFiles/memx_view.dir/view/view.c.o"
  "CMakeFiles/memx_view.dir/view/view.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_view.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
