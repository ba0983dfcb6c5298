#!/bin/sh
# cli_workflows.sh - the workflows as a user runs them: --help and mistakes on the command line,
# memx compare without an input, report --breakdown=json against doc/breakdown.schema.json,
# diff (exit status, contributions that add up), check with budgets, sweep (its 1 GiB row is
# memx report), and compare/import --live on fixture roots (one written here, then one per
# ../shared/oracle boot made from the boot's own dumps).
memx=$1
src=$2
shared=${3:-$src/../shared}
. "$src/tests/lib.sh"
p8937=$src/profiles/msm8937.yaml
virt=$src/profiles/qemu-virt-arm64-6.1.yaml
have_py=0
command -v python3 > /dev/null && have_py=1

# 1. the command line a newcomer meets
expect_status 0 "$memx" --help
for w in --log --no-color --ascii --no-mouse --profile --arch "-I DIR" --no-cpp --overlay --allow-outside-includes --bootargs --version \
	report check diff sweep compare import export regions checks; do
	expect_line "$tmp/out" "$w"
done
# compare names the boot-loader options
expect_status 0 "$memx" compare --help
for w in --keep-loader --boot-loader-log --live --root; do
	expect_line "$tmp/out" "$w"
done
for c in report check diff sweep compare import export regions checks; do
	expect_status 0 "$memx" "$c" --help
	expect_line "$tmp/out" "usage: memx $c"
	expect_status 0 "$memx" help "$c"
	expect_line "$tmp/out" "usage: memx $c"
done
expect_status 2 "$memx" frobnicate
one_line "$tmp/err"
expect_line "$tmp/err" "'frobnicate' is not a memx command"
expect_status 2 "$memx" reprot
expect_line "$tmp/err" "did you mean 'report'?"
expect_status 3 "$memx" report missing.yaml
expect_status 2 "$memx" report --bogus
one_line "$tmp/err"
expect_line "$tmp/err" "memx report: unknown option '--bogus' (see memx report --help)"
expect_status 2 "$memx" --bogus
one_line "$tmp/err"
expect_status 2 "$memx" compare --frobnicate "$virt" "$src/tests/compare/virt-512m.log"
one_line "$tmp/err"
expect_status 2 "$memx" import
one_line "$tmp/err"

# 2. compare LOG alone: the built-in 3.18 phone is not held against an arm64 6.1 boot
expect_status 2 "$memx" compare "$src/tests/compare/virt-512m.log"
one_line "$tmp/err"
expect_line "$tmp/err" "cannot be a boot of the built-in profile"
expect_line "$tmp/err" "6.1.0-50-arm64"
[ -s "$tmp/out" ] && { echo "FAIL: compare printed figures for a log of another board"; fail=1; }

# 3. the breakdown, every shipped profile, against its schema
for p in "$src"/profiles/*.yaml; do
	expect_status 0 "$memx" report --breakdown=json "$p"
	cp "$tmp/out" "$tmp/bd-$(basename "$p").json"
done
expect_status 0 "$memx" report --breakdown "$p8937"
expect_line "$tmp/out" "physpages 1010688K = MemTotal 903088K + kept 107600K"
expect_line "$tmp/out" "modem_region@0"
expect_status 2 "$memx" report --breakdown=xml "$p8937"
if [ "$have_py" = 1 ]; then
	python3 "$src/tests/cli/check_breakdown.py" "$src/doc/breakdown.schema.json" "$tmp"/bd-*.json > "$tmp/schema.out"
	st=$?
	cat "$tmp/schema.out"
	[ "$st" = 0 ] || [ "$st" = 77 ] || fail=1
	# the schema is not a rubber stamp: a breakdown without its root fails it
	if [ "$st" = 0 ]; then
		python3 -c "import json,sys; d=json.load(open(sys.argv[1])); del d['root']; json.dump(d, open(sys.argv[2], 'w'))" \
			"$tmp/bd-msm8937.yaml.json" "$tmp/broken.json"
		python3 "$src/tests/cli/check_breakdown.py" "$src/doc/breakdown.schema.json" "$tmp/broken.json" > /dev/null &&
			{ echo "FAIL: a breakdown without a root passed the schema"; fail=1; }
	fi
fi

# 4. diff: 0 for the same board, 1 when they differ, every contribution adds up
expect_status 0 "$memx" diff "$p8937" "$p8937"
expect_line "$tmp/out" "result: 0 change(s), 0 item(s) differ, 0 figure(s) differ"
expect_status 1 "$memx" diff --bootargs-b "cma=64M" "$p8937"
expect_line "$tmp/out" "#1  bootargs: +cma=64M"
expect_line "$tmp/out" "CmaTotal"
expect_status 1 "$memx" diff --json "$p8937" "$src/profiles/vexpress-a9.yaml"
if [ "$have_py" = 1 ]; then
	python3 - "$tmp/out" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
assert d["differ"] and d["changes"], d
for f in d["figures"]:
    assert sum(f["by_change"]) == f["delta"] == f["b"] - f["a"], f
print("diff: %d changes, contributions add up for %d figures" % (len(d["changes"]), len(d["figures"])))
PY
fi
expect_status 2 "$memx" diff "$p8937"
one_line "$tmp/err"
expect_status 2 "$memx" diff --color-b red "$p8937"
expect_status 3 "$memx" diff "$p8937" "$tmp/missing.yaml"

# 5. check with budgets: one line per budget exceeded, exit 1; met: exit 0
expect_status 1 "$memx" check --min-memtotal 800M --max-reserved 200M --max-cma 1G --max-region-size 100M "$p8937"
expect_line "$tmp/out" "--max-reserved: budget exceeded: reserved (Memory line) 295776K, max-reserved 204800K (90976K over) [budget]"
expect_line "$tmp/out" "--max-region-size: budget exceeded: region secure_region@0 114688K, max-region-size 102400K"
grep -q "min-memtotal" "$tmp/out" && { echo "FAIL: a budget that holds was reported"; fail=1; }
expect_line "$tmp/out" "budget(s) checked, 2 exceeded"
expect_status 0 "$memx" check --min-memtotal 800M --max-reserved 300M "$p8937"
expect_status 2 "$memx" check --max-cma lots "$p8937"
one_line "$tmp/err"
{ cat "$p8937"; printf 'budget:\n  min-memtotal: 900M\n  max-cma: 128M\n  max-region-size: { "*": 120M, splash_region: 16M }\n'; } > "$tmp/budget.yaml"
expect_status 1 "$memx" check "$tmp/budget.yaml"
expect_line "$tmp/out" "budget.yaml:"
expect_line "$tmp/out" "budget exceeded: CmaTotal 159744K, max-cma 131072K (28672K over) [budget]"
expect_line "$tmp/out" "region splash_region@83000000 20480K, max-region-size 16384K"
expect_status 0 "$memx" check --no-budget "$tmp/budget.yaml"
expect_status 0 "$memx" check --min-memtotal 800M --max-cma 200M --max-region-size splash_region=32M "$tmp/budget.yaml"
# the budget survives import (written back as YAML)
expect_status 0 "$memx" import "$tmp/budget.yaml" -o "$tmp/budget2.yaml"
expect_status 1 "$memx" check "$tmp/budget2.yaml"
expect_line "$tmp/out" "3 exceeded"

# 6. sweep: one row per size; the 1 GiB row is memx report's board
expect_status 0 "$memx" sweep --dram 512M,1G,2G "$p8937"
expect_line "$tmp/out" "903088K"
expect_status 0 "$memx" sweep --dram 128M "$p8937"
expect_line "$tmp/out" "modem_region@0"
expect_status 2 "$memx" sweep "$p8937"
expect_status 2 "$memx" sweep --dram 1G,x "$p8937"
if [ "$have_py" = 1 ]; then
	for case in "$p8937:1G:0" "$virt:512M:0" "$virt:1G,512M,4G:1"; do
		prof=${case%%:*}; rest=${case#*:}; sizes=${rest%:*}; row=${rest#*:}
		"$memx" sweep --json --dram "$sizes" "$prof" > "$tmp/sweep.json" || fail=1
		"$memx" report --json "$prof" > "$tmp/report.json" || fail=1
		python3 - "$tmp/sweep.json" "$tmp/report.json" "$row" <<'PY' || fail=1
import json, sys
s = json.load(open(sys.argv[1]))["rows"][int(sys.argv[3])]
r = json.load(open(sys.argv[2]))["summary"]
low = r["lowtotal_k"] if r["has_highmem"] else r["memtotal_k"]
high = r["hightotal_k"] if r["has_highmem"] else 0
want = (r["memtotal_k"], r["memory_line"]["reserved_k"], r["cmatotal_k"], r["memmap_bytes"], low, high)
got = (s["memtotal_k"], s["reserved_k"], s["cmatotal_k"], s["memmap_bytes"], s["lowtotal_k"], s["hightotal_k"])
assert got == want, (got, want)
PY
	done
fi

# 7. --live on a root written here: the kernel log of tests/compare/virt-512m.log, its command
#    line, and a tree of QEMU's virt board with 512 MiB written for the test
need_dtc=0
command -v dtc > /dev/null && need_dtc=1
if [ "$need_dtc" = 1 ]; then
	r=$tmp/root
	mkdir -p "$r/proc" "$r/sys/firmware"
	cat > "$tmp/virt.dts" <<'DTS'
/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	compatible = "linux,dummy-virt";
	memory@40000000 { device_type = "memory"; reg = <0x0 0x40000000 0x0 0x20000000>; };
	chosen { };
};
DTS
	dtc -q -I dts -O dtb -o "$r/sys/firmware/fdt" "$tmp/virt.dts"
	cp "$src/tests/compare/virt-512m.log" "$r/dmesg"
	echo "console=ttyAMA0 loglevel=8 ignore_loglevel memblock=debug earlycon=pl011,0x9000000" > "$r/proc/cmdline"
	# INPUT given: the profile of that boot agrees with it figure for figure
	expect_status 0 "$memx" compare --live --root "$r" "$virt"
	expect_line "$tmp/out" "the command line of this boot (/proc/cmdline)"
	expect_line "$tmp/out" ", 0 differ"
	# no INPUT: the booted tree; this one is smaller than QEMU's, and its DTB reservation says so
	expect_status 1 "$memx" compare --live --root "$r" --profile "$virt"
	expect_line "$tmp/out" "sys/firmware/fdt against $r/dmesg"
	expect_line "$tmp/out" "!   reserved"
	expect_status 0 "$memx" import --live --root "$r" --profile "$virt" -o "$tmp/live.yaml"
	expect_line "$tmp/live.yaml" 'bootargs: "console=ttyAMA0 loglevel=8 ignore_loglevel memblock=debug earlycon=pl011,0x9000000"'
	expect_line "$tmp/live.yaml" "size: 512M"
	expect_status 1 "$memx" compare --live --root "$r" --bootargs "cma=32M" "$virt"
	expect_status 2 "$memx" compare --root "$r" "$virt"
	expect_status 2 "$memx" import --live "$virt" -o "$tmp/x.yaml"
	expect_status 3 "$memx" compare --live --root "$tmp/nowhere" --profile "$virt"
	one_line "$tmp/err"
fi

# 8. --live on a root made from each oracle boot's dumps: the same figures as the boot itself
skipped=0
mkroot() {
	rm -rf "$2" && mkdir -p "$2/proc" "$2/sys/firmware" "$2/sys/kernel/debug/memblock" || return 1
	dtc -q -I dts -O dtb -o "$2/sys/firmware/fdt" "$1/dts" || return 1
	# the dumps between "@@ORACLE-BEGIN <name>" and "@@ORACLE-END", each to where the target has it
	awk -v r="$2" 'BEGIN { f["cmdline"] = "proc/cmdline"; f["meminfo"] = "proc/meminfo"; f["iomem"] = "proc/iomem";
		f["memblock-memory"] = "sys/kernel/debug/memblock/memory";
		f["memblock-reserved"] = "sys/kernel/debug/memblock/reserved"; f["dmesg"] = "dmesg" }
		{ sub(/\r$/, "") }
		/^@@ORACLE-BEGIN / { out = ($2 in f) ? r "/" f[$2] : ""; next }
		/^@@ORACLE-END/ { out = ""; next }
		out != "" { print > out }' "$1/console.log"
}
if [ ! -d "$shared/oracle" ] || [ "$need_dtc" = 0 ] || [ "$have_py" = 0 ]; then
	if [ "${MEMX_REQUIRE_SHARED:-0}" = 1 ] && [ ! -d "$shared/oracle" ]; then
		echo "FAIL: $shared/oracle is missing and MEMX_REQUIRE_SHARED=1" >&2
		fail=1
	else
		echo "SKIPPED: $shared/oracle, dtc or python3 is missing: --live was NOT tried on the oracle boots" >&2
		echo "SKIPPED: --live on the oracle boots"
		skipped=1
	fi
else
	n=0
	for d in "$shared"/oracle/*/; do
		b=$(basename "$d")
		case $b in
		a64-*) p=qemu-virt-arm64-6.1 ;;
		a32lpae-*) p=qemu-virt-armhf-lpae-6.1 ;;
		a32-*) p=qemu-virt-armhf-6.1 ;;
		vexa9-*) p=vexpress-a9-armmp-6.1 ;;
		*) continue ;;
		esac
		mkroot "$d" "$tmp/r" || { echo "FAIL: $b: no fixture root"; fail=1; continue; }
		expect_status 0 "$memx" compare --live --json --root "$tmp/r" --profile "$src/profiles/$p.yaml"
		cp "$tmp/out" "$tmp/live.json"
		expect_status 0 "$memx" compare --json --profile "$src/profiles/$p.yaml" "$d/dts" "$d/console.log"
		cp "$tmp/out" "$tmp/file.json"
		python3 - "$tmp/live.json" "$tmp/file.json" "$b" <<'PY' || fail=1
import json, sys
live, file = (json.load(open(f)) for f in sys.argv[1:3])
rows = {(r["group"], r["what"]): r for r in file["rows"]}
assert live["differ"] == 0 and file["differ"] == 0, sys.argv[3]
assert live["compared"] >= 10, (sys.argv[3], live["compared"])
# every figure the live boot shows is the boot's; a dmesg whose ring buffer wrapped shows fewer
for r in live["rows"]:
    f = rows.get((r["group"], r["what"]))
    assert f is not None, (sys.argv[3], r["what"])
    assert r["predicted"] == f["predicted"], (sys.argv[3], r, f)
    assert r["observed"] is None or r["observed"] == f["observed"], (sys.argv[3], r, f)
PY
		expect_status 0 "$memx" import --live --root "$tmp/r" --profile "$src/profiles/$p.yaml" -o "$tmp/imp.yaml" --force
		expect_status 0 "$memx" compare "$tmp/imp.yaml" "$d/console.log"
		grep -q '^!' "$tmp/out" && { echo "FAIL: $b: the live import differs from its boot"; grep '^!' "$tmp/out"; fail=1; }
		n=$((n + 1))
	done
	echo "--live on $n oracle boots"
	[ "$n" -ge 36 ] || { echo "FAIL: only $n oracle boots"; fail=1; }
fi
[ "$fail" -eq 0 ] && [ "$skipped" -eq 1 ] && exit 77
exit $fail
