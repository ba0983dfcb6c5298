#!/bin/sh
# dt_speed.sh MEMX [RUNS] - whole-process times of device-tree input against dtc (README:
# Performance): a DTB read against `dtc -I dtb -O dts`, a DTS read against one
# `dtc -I dts -O dtb`, on sm8550 (../shared/corpus) and on a generated 20,000-node tree
# (gen_dt.sh). Needs hyperfine; prints the median wall-clock time and the mean CPU time
# (user + system) of each. Not a test: run it by hand on an idle machine.
set -eu
memx=$(realpath "$1"); runs=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
shared=${MEMX_SHARED_DIR:-$here/../../../shared}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
command -v hyperfine > /dev/null || { echo "dt_speed.sh: hyperfine is not installed" >&2; exit 1; }
cp "$shared/corpus/sm8550-sony-xperia-yodo-pdx234.dts" "$tmp/sm8550.dts"
"$here/gen_dt.sh" 20000 > "$tmp/gen20k.dts"
for t in sm8550 gen20k; do
	dtc -q -I dts -O dtb -o "$tmp/$t.dtb" "$tmp/$t.dts"
	n=$runs; [ "$t" = gen20k ] && n=$(( runs / 3 + 3 ))
	hyperfine -N -w 2 -r "$n" --export-json "$tmp/$t.json" \
		"dtc -I dtb -O dts -o /dev/null $tmp/$t.dtb" "$memx regions $tmp/$t.dtb" \
		"dtc -q -I dts -O dtb -o /dev/null $tmp/$t.dts" "$memx regions $tmp/$t.dts" > /dev/null
	python3 - "$tmp/$t.json" "$t" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    cmd = r["command"].replace(sys.argv[1].rsplit("/", 1)[0] + "/", "")
    print(f"{sys.argv[2]:7} {cmd.split(' ', 1)[0].rsplit('/', 1)[-1]} {cmd.split(' ', 1)[1]:45} median {r['median']*1000:9.1f} ms   cpu {r['user']*1000 + r['system']*1000:9.1f} ms")
PY
done
