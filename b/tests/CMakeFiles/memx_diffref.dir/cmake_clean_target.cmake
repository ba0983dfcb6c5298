file(REMOVE_RECURSE
  "libmemx_diffref.a"
)
