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
# no dtc on the PATH: said plainly
expect_status 3 env PATH=/nonexistent "$memx" report tests/dt/board.dts
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

[ "$fail" -eq 0 ] && echo "ok: device-tree commands"
exit $fail
