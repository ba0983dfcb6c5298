#!/bin/sh
# install.sh CMAKE BUILD SRC [CFLAGS] - cmake --install into a temporary prefix, then build
# tests/install/hello_memx.c against it with pkg-config memx, shared and static, and run it:
# the msm8937 profile the prefix ships must give the golden MemTotal. Also checks what the
# prefix holds (man page, completion, headers, libmemx's SONAME and exported symbols).
set -eu
cmake=$1 build=$2 src=$3 cflags=${4:-}
. "$src/tests/lib.sh"
need_tool pkg-config "the installed library's pkg-config file is not tested"
need_tool cc "no C compiler to build against the installed library"
prefix=$tmp/prefix
"$cmake" --install "$build" --prefix "$prefix" > "$tmp/install.log"
for f in bin/memx share/man/man1/memx.1 share/bash-completion/completions/memx \
	include/memx/layout.h include/memx/api.h share/memx/profiles/msm8937.yaml; do
	[ -e "$prefix/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
[ ! -e "$prefix/include/memx/cli.h" ] || { echo "FAIL: the CLI's header is not the library's"; exit 1; }
lib=$(ls "$prefix"/lib*/libmemx.so.0 2>/dev/null | head -1)
[ -n "$lib" ] || { echo "FAIL: libmemx.so.0 not installed"; exit 1; }
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
[ "$soname" = libmemx.so.0 ] || { echo "FAIL: SONAME is '$soname'"; exit 1; }
# only the interface is exported: every global symbol is an mx_ function of include/memx
leak=$(nm -D --defined-only "$lib" | awk '$2 ~ /[TDB]/ {print $3}' | grep -v '^mx_' | grep -v '^_' || true)
[ -z "$leak" ] || { echo "FAIL: exported beyond the interface: $leak"; exit 1; }
# the layers' shared internals (mxi_) stay inside the library
if nm -D --defined-only "$lib" | grep -q " mxi_"; then
	echo "FAIL: internals exported: $(nm -D --defined-only "$lib" | grep ' mxi_' | head -3)"; exit 1
fi
nm "$(dirname "$lib")/libmemx.a" | grep -q " T mxi_ctx_alloc\$" ||
	{ echo "FAIL: the static library lacks its internals (is the name check above meaningful?)"; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$lib")/pkgconfig"
prof=$prefix/share/memx/profiles/msm8937.yaml
# shared
cc $cflags -o "$tmp/hello" "$src/tests/install/hello_memx.c" $(pkg-config --cflags --libs memx)
LD_LIBRARY_PATH=$(dirname "$lib") "$tmp/hello" "$prof" > "$tmp/out"
grep -qx 'MemTotal: 903088 kB' "$tmp/out" || { echo "FAIL (shared):"; cat "$tmp/out"; exit 1; }
# static
cc $cflags -o "$tmp/hello-static" "$src/tests/install/hello_memx.c" \
	$(pkg-config --cflags memx) "$(dirname "$lib")/libmemx.a" $(pkg-config --static --libs-only-l memx | sed 's/-lmemx//')
"$tmp/hello-static" "$prof" > "$tmp/out"
grep -qx 'MemTotal: 903088 kB' "$tmp/out" || { echo "FAIL (static):"; cat "$tmp/out"; exit 1; }
echo "ok: installed, built against with pkg-config (shared and static): $(cat "$tmp/out")"
