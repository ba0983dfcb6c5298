# Empty dependencies file for memx_layercheck_view.
# This may be replaced when dependencies are built.
