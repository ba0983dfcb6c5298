tests/fuzz/CMakeFiles/fuzz_dtb.dir/fuzz_dtb.c.o: \
  /usr/lib/llvm-14/lib/clang/14.0.6/share/asan_ignorelist.txt \
  /work/wt-uboot/tests/fuzz/fuzz_dtb.c \
  /usr/lib/llvm-14/lib/clang/14.0.6/include/stddef.h \
  /usr/lib/llvm-14/lib/clang/14.0.6/include/__stddef_max_align_t.h \
  /usr/lib/llvm-14/lib/clang/14.0.6/include/stdint.h \
  /usr/include/stdint.h \
  /usr/include/x86_64-linux-gnu/bits/libc-header-start.h \
  /usr/include/features.h /usr/include/features-time64.h \
  /usr/include/x86_64-linux-gnu/bits/wordsize.h \
  /usr/include/x86_64-linux-gnu/bits/timesize.h \
  /usr/include/stdc-predef.h /usr/include/x86_64-linux-gnu/sys/cdefs.h \
  /usr/include/x86_64-linux-gnu/bits/long-double.h \
  /usr/include/x86_64-linux-gnu/gnu/stubs.h \
  /usr/include/x86_64-linux-gnu/gnu/stubs-64.h \
  /usr/include/x86_64-linux-gnu/bits/types.h \
  /usr/include/x86_64-linux-gnu/bits/typesizes.h \
  /usr/include/x86_64-linux-gnu/bits/time64.h \
  /usr/include/x86_64-linux-gnu/bits/wchar.h \
  /usr/include/x86_64-linux-gnu/bits/stdint-intn.h \
  /usr/include/x86_64-linux-gnu/bits/stdint-uintn.h \
  /work/wt-uboot/include/memx/dt.h /work/wt-uboot/include/memx/api.h \
  /work/wt-uboot/include/memx/diag.h \
  /usr/lib/llvm-14/lib/clang/14.0.6/include/stdarg.h \
  /work/wt-uboot/include/memx/buf.h \
  /work/wt-uboot/include/memx/profile.h \
  /usr/lib/llvm-14/lib/clang/14.0.6/include/stdbool.h \
  /work/wt-uboot/include/memx/types.h /work/wt-uboot/include/memx/dts.h \
  /work/wt-uboot/include/memx/layout.h \
  /work/wt-uboot/include/memx/flavour.h \
  /work/wt-uboot/include/memx/rangeset.h
