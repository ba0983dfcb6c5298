file(REMOVE_RECURSE
  "libmemx_testutil.a"
)
