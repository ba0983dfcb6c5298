# Empty dependencies file for memx_layercheck_core.
# This may be replaced when dependencies are built.
