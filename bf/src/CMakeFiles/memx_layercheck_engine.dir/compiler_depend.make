# Empty compiler generated dependencies file for memx_layercheck_engine.
# This may be replaced when dependencies are built.
