file(REMOVE_RECURSE
  "CMakeFiles/memx_diffref.dir/ref/diffgen.c.o"
  "CMakeFiles/memx_diffref.dir/ref/diffgen.c.o.d"
  "CMakeFiles/memx_diffref.dir/ref/diffref.c.o"
  "CMakeFiles/memx_diffref.dir/ref/diffref.c.o.d"
  "CMakeFiles/memx_diffref.dir/ref/diffref_early.c.o"
  "CMakeFiles/memx_diffref.dir/ref/diffref_early.c.o.d"
  "CMakeFiles/memx_diffref.dir/ref/diffref_kside.c.o"
  "CMakeFiles/memx_diffref.dir/ref/diffref_kside.c.o.d"
  "CMakeFiles/memx_diffref.dir/ref/diffref_late.c.o"
  "CMakeFiles/memx_diffref.dir/ref/diffref_late.c.o.d"
  "CMakeFiles/memx_diffref.dir/ref/diffref_params.c.o"
  "CMakeFiles/memx_diffref.dir/ref/diffref_params.c.o.d"
  "CMakeFiles/memx_diffref.dir/ref/diffref_steps.c.o"
  "CMakeFiles/memx_diffref.dir/ref/diffref_steps.c.o.d"
  "libmemx_diffref.a"
  "libmemx_diffref.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_diffref.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
