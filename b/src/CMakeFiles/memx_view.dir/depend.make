# Empty dependencies file for memx_view.
# This may be replaced when dependencies are built.
