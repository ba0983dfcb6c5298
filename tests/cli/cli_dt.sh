#!/bin/sh
# cli_dt.sh MEMX SOURCE_DIR - device trees on the command line: import, export, errors, exit codes.
set -u
memx=$1 src=$2
. "$(dirname "$0")/../lib.sh"
need_tool dtc "device-tree commands untested"
cd "$src" || exit 1

# DTS and DTB in: the same profile either way
expect_status 0 "$memx" report tests/dt/board.dts
cp "$tmp/out" "$tmp/from-dts"
dtc -q -I dts -O dtb -o "$tmp/board.dtb" tests/dt/board.dts
expect_status 0 "$memx" report "$tmp/board.dtb"
grep "MemTotal:" "$tmp/from-dts" > "$tmp/a"; grep "MemTotal:" "$tmp/out" > "$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || { echo "FAIL: DTS and DTB give different MemTotal"; fail=1; }
expect_line "$tmp/out" "assumed (not in the profile):"
expect_line "$tmp/out" "arch (guessed from the device tree)"

# errors: one line, file:line:col where dtc knows it, exit 3
expect_status 3 "$memx" report tests/dt/syntax.dts
expect_line "$tmp/err" "tests/dt/syntax.dts:6:31: error: dtc: syntax error"
one_line "$tmp/err"
expect_status 3 "$memx" report tests/dt/cells3.dts
expect_line "$tmp/err" "memx reads 1 or 2 cells"
one_line "$tmp/err"
expect_status 3 "$memx" report tests/dt/badreg.dts
expect_line "$tmp/err" "tests/dt/badreg.dts:6:18: error: reg of /memory@40000000 has 12 bytes"
head -c 100 "$tmp/board.dtb" > "$tmp/trunc.dtb"
expect_status 3 "$memx" report "$tmp/trunc.dtb"
expect_line "$tmp/err" "truncated device tree blob"
one_line "$tmp/err"
printf 'garbage' > "$tmp/bad.dtb"
expect_status 3 "$memx" report "$tmp/bad.dtb"
expect_line "$tmp/err" "not a device tree blob"
expect_status 3 "$memx" report "$tmp/missing.dts"
expect_line "$tmp/err" "cannot read the device tree"
# no dtc on the PATH: a DTS memx compiles itself needs none (README: DTS input) ...
expect_status 0 env PATH=/nonexistent "$memx" report tests/dt/board.dts
"$memx" report tests/dt/board.dts > "$tmp/with-dtc"
cmp -s "$tmp/out" "$tmp/with-dtc" || { echo "FAIL: the report without dtc differs from the one with it"; fail=1; }
# ... one it falls back on, or MEMX_DTC=always, needs dtc: said plainly
expect_status 3 env PATH=/nonexistent MEMX_DTC=always "$memx" report tests/dt/board.dts
expect_line "$tmp/err" "cannot run dtc to compile the DTS: No such file or directory (install device-tree-compiler"
printf '/dts-v1/;\n/include/ "board.dts"\n' > "$tmp/inc.dts"
cp tests/dt/board.dts "$tmp/board.dts"
expect_status 3 env PATH=/nonexistent "$memx" report "$tmp/inc.dts"
expect_line "$tmp/err" "cannot run dtc to compile the DTS: No such file or directory (install device-tree-compiler"

# import writes a YAML profile that reports the same figures
expect_status 0 "$memx" import tests/dt/board.dts -o "$tmp/board.yaml"
expect_status 0 "$memx" report "$tmp/board.yaml"
grep "MemTotal:" "$tmp/out" > "$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || { echo "FAIL: the imported YAML gives another MemTotal"; fail=1; }
expect_status 4 "$memx" import tests/dt/board.dts -o "$tmp/board.yaml"
expect_line "$tmp/err" "exists; not overwritten (--force replaces it)"
expect_status 0 "$memx" import tests/dt/board.dts -o "$tmp/board.yaml" --force
expect_status 2 "$memx" import tests/dt/board.dts

# export: never the input, never an existing file without --force, atomically
cp tests/dt/board.dts "$tmp/in.dts"
expect_status 4 "$memx" export "$tmp/in.dts" -o "$tmp/in.dts"
expect_line "$tmp/err" "is an input"
cmp -s tests/dt/board.dts "$tmp/in.dts" || { echo "FAIL: the input changed"; fail=1; }
expect_status 0 "$memx" export --standalone "$tmp/in.dts" -o "$tmp/out.dts"
dtc -q -I dts -O dtb -o /dev/null "$tmp/out.dts" || { echo "FAIL: dtc rejects the export"; fail=1; }
expect_status 4 "$memx" export --standalone "$tmp/in.dts" -o "$tmp/out.dts"
expect_status 2 "$memx" export --set nosuch.no-map=true "$tmp/in.dts"
expect_line "$tmp/err" "no region called 'nosuch'"
expect_status 2 "$memx" export --set fw.no-map=maybe "$tmp/in.dts"
expect_line "$tmp/err" "expected true or false for no-map, got 'maybe'"
expect_status 2 "$memx" export --form tree "$tmp/in.dts"

# overrides apply on top of the node they came from: dtc compiles the pair
expect_status 0 "$memx" export --standalone profiles/msm8937.yaml
cp "$tmp/out" "$tmp/node.dts"
expect_status 0 "$memx" export --form overrides --set secure_region@0.reusable=false \
	--set cont_splash_mem.status=disabled --set venus_mem.size=16M --add "extra 4M" \
	--delete adsp_region profiles/msm8937.yaml
cat "$tmp/node.dts" "$tmp/out" > "$tmp/pair.dts"
dtc -q -I dts -O dtb -o "$tmp/pair.dtb" "$tmp/pair.dts" || { echo "FAIL: node + overrides do not compile"; fail=1; }
# and the compiled pair is the edited board: the kernel side from the profile
expect_status 0 "$memx" report --profile profiles/msm8937.yaml "$tmp/pair.dtb"
r1=$(grep "MemTotal:" "$tmp/out")
expect_status 0 "$memx" report --profile profiles/msm8937.yaml "$tmp/pair.dtb"
"$memx" export --standalone --set secure_region@0.reusable=false --set cont_splash_mem.status=disabled \
	--set venus_mem.size=16M --add "extra 4M" --delete adsp_region profiles/msm8937.yaml > "$tmp/ed.dts"
dtc -q -I dts -O dtb -o "$tmp/ed.dtb" "$tmp/ed.dts"
r2=$("$memx" report --profile profiles/msm8937.yaml "$tmp/ed.dtb" | grep "MemTotal:")
[ "$r1" = "$r2" ] || { echo "FAIL: overrides ($r1) and the edited node ($r2) disagree"; fail=1; }

# msm8937 through a DTB and back, with the profile's kernel side: MemTotal 903088 kB again
expect_status 0 "$memx" export --standalone -o "$tmp/msm.dts" profiles/msm8937.yaml
dtc -q -I dts -O dtb -o "$tmp/msm.dtb" "$tmp/msm.dts"
expect_status 0 "$memx" report --profile profiles/msm8937.yaml "$tmp/msm.dtb"
expect_line "$tmp/out" "MemTotal:         903088 kB"

# a board as a kernel tree holds it (tests/ktree): no flag needed, the include dirs are "assumed"
need_tool cpp "kernel-tree boards (the C preprocessor) untested"
k=tests/ktree/arch/arm64/boot/dts/vendor
expect_status 0 "$memx" report $k/board.dts
expect_line "$tmp/out" "include directories of the kernel tree (tests/ktree/scripts/dtc/include-prefixes)"
expect_status 0 "$memx" regions $k/board.dts
[ "$(tr '\n' ' ' < "$tmp/out")" = "firmware@50000000 modem@54000000 vpu-pool ramoops@5f000000 " ] ||
	{ echo "FAIL: ktree regions: $(cat "$tmp/out")"; fail=1; }
# errors in the user's own files, through cpp's line markers; --no-cpp is what memx did before
expect_status 3 "$memx" report $k/broken.dts
expect_line "$tmp/err" "$k/broken.dtsi:9:2: error: dtc: syntax error"
one_line "$tmp/err"
expect_status 3 "$memx" report --no-cpp $k/board.dts
expect_line "$tmp/err" "$k/board.dts:9:1: error: dtc: syntax error"
# -I anywhere
mkdir "$tmp/flat" && cp $k/board.dts $k/soc.dtsi "$tmp/flat/"
expect_status 3 "$memx" report "$tmp/flat/board.dts"
expect_line "$tmp/err" "soc.dtsi:7:37: error: cpp: no include path in which to search for dt-bindings/memx/vendor.h"
one_line "$tmp/err"
expect_status 0 "$memx" report -I tests/ktree/include "$tmp/flat/board.dts"
# the checks of the merged tree, at the .dtsi lines
expect_status 1 "$memx" check $k/lints.dts
expect_line "$tmp/out" "$k/soc.dtsi:29:29: warning: 'modem@54000000' [0x50100000-0x51100000) overlaps 'firmware@50000000'"
expect_line "$tmp/out" "$k/soc.dtsi:34:31: warning: /memreserve/ [0x5e000000-0x5e010000) overlaps 'splash@5e000000'"
expect_line "$tmp/out" "[alloc-ranges-small]"
expect_line "$tmp/out" "$k/lints.dts:39:15: warning: 'cma-a' and 'cma-b' are both linux,cma-default"
expect_line "$tmp/out" "$k/lints.dts:47:19: warning: 'ramoops@4f000000' has 2 reg entries"
expect_line "$tmp/out" "[unit-address]"
# an overlay: the carve-out it adds, at its own line; the modem it disables
expect_status 0 "$memx" check --overlay $k/board-extra.dtso $k/board.dts
expect_status 0 "$memx" import --overlay $k/board-extra.dtso $k/board.dts -o "$tmp/merged.yaml"
expect_line "$tmp/merged.yaml" "camera@58000000"
expect_status 0 "$memx" export --form overrides --set camera_mem.reusable=true --overlay $k/board-extra.dtso $k/board.dts
expect_line "$tmp/out" "&camera_mem {"
expect_status 2 "$memx" report --overlay $k/board-extra.dtso
expect_line "$tmp/err" "--overlay needs a device tree"
# an overlay that does not apply, a DTB without __symbols__: one line each, naming the file
dtc -q -I dts -O dtb -o "$tmp/sym.dtb" -@ tests/dt/board.dts
dtc -q -I dts -O dtb -o "$tmp/nosym.dtb" tests/dt/board.dts
printf '/dts-v1/;\n/plugin/;\n&fw { status = "disabled"; };\n' > "$tmp/fw-off.dts"
printf '/dts-v1/;\n/plugin/;\n&nosuch { status = "disabled"; };\n' > "$tmp/nosuch.dts"
expect_status 0 "$memx" report --overlay "$tmp/fw-off.dts" "$tmp/sym.dtb"
expect_status 3 "$memx" report --overlay "$tmp/fw-off.dts" "$tmp/nosym.dtb"
expect_line "$tmp/err" "nosym.dtb: error: the tree has no __symbols__, and $tmp/fw-off.dts refers to its labels: build the board's DTB with dtc -@"
one_line "$tmp/err"
expect_status 3 "$memx" report --overlay "$tmp/nosuch.dts" "$tmp/sym.dtb"
expect_line "$tmp/err" "nosuch.dts: error: cannot apply the overlay onto $tmp/sym.dtb: it refers to label 'nosuch'"
one_line "$tmp/err"
# nothing from outside the tree: /etc/passwd is neither included nor embedded in an export
printf '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>;\n memory@80000000 { device_type = "memory"; reg = <0x80000000 0x10000000>; };\n reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;\n  leak@81000000 { reg = <0x81000000 0x1000>; s = /incbin/("/etc/passwd"); }; }; };\n' > "$tmp/leak.dts"
expect_status 3 "$memx" export "$tmp/leak.dts"
expect_line "$tmp/err" "refusing /incbin/ \"/etc/passwd\""
[ -s "$tmp/out" ] && { echo "FAIL: an export was written"; fail=1; }
expect_status 0 "$memx" export --allow-outside-includes "$tmp/leak.dts"

[ "$fail" -eq 0 ] && echo "ok: device-tree commands"
exit $fail
