file(REMOVE_RECURSE
  "libmemx_cli.a"
)
