file(REMOVE_RECURSE
  "libmemx.a"
)
