src/CMakeFiles/memx_formats.dir/__/default_profile.c.o: \
 /work/wt-uboot/b/default_profile.c /usr/include/stdc-predef.h \
 /usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h
