file(REMOVE_RECURSE
  "CMakeFiles/memx_cli.dir/cli/cli.c.o"
  "CMakeFiles/memx_cli.dir/cli/cli.c.o.d"
  "CMakeFiles/memx_cli.dir/cli/cli_commands.c.o"
  "CMakeFiles/memx_cli.dir/cli/cli_commands.c.o.d"
  "CMakeFiles/memx_cli.dir/cli/cli_compare.c.o"
  "CMakeFiles/memx_cli.dir/cli/cli_compare.c.o.d"
  "CMakeFiles/memx_cli.dir/cli/cli_io.c.o"
  "CMakeFiles/memx_cli.dir/cli/cli_io.c.o.d"
  "libmemx_cli.a"
  "libmemx_cli.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/memx_cli.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
