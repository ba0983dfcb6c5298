# CMake generated Testfile for 
# Source directory: /work/wt-uboot
# Build directory: /work/wt-uboot/b
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
subdirs("src")
subdirs("ui")
subdirs("tests")
