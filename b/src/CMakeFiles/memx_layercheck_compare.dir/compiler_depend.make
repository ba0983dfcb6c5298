# Empty compiler generated dependencies file for memx_layercheck_compare.
# This may be replaced when dependencies are built.
