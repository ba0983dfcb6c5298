#!/bin/sh
# cli_compare.sh - memx compare and --calibrate as a script uses them: exit status, the
# marked differences, the calibrated profile, bad logs. Runs on memx's own fixtures
# (tests/compare/), then on every ../shared/oracle boot when that folder is there.
memx=$1
src=$2
shared=${3:-$src/../shared}
. "$src/tests/lib.sh"
fx=$src/tests/compare
prof=$src/profiles/qemu-virt-arm64-6.1.yaml

# 1. a log that agrees with the prediction: exit 0, nothing marked
expect_status 0 "$memx" compare "$prof" "$fx/virt-512m.log"
expect_line "$tmp/out" "result:"
expect_line "$tmp/out" ", 0 differ"
if grep -q '^!' "$tmp/out"; then echo "FAIL: a difference marked on the agreeing log"; fail=1; fi

# 2. the same boot with 8 MiB more reserved and a moved CMA area: exit 1, both marked
expect_status 1 "$memx" compare "$prof" "$fx/virt-512m-differs.log"
expect_line "$tmp/out" "!   reserved"
expect_line "$tmp/out" "(+8192K)"
expect_line "$tmp/out" "!   default CMA base"
expect_line "$tmp/out" "virt-512m-differs.log:"

# 2b. --json: the same figures for a script, the same exit status
expect_status 1 "$memx" compare --json "$prof" "$fx/virt-512m-differs.log"
if command -v python3 > /dev/null; then
	python3 - "$tmp/out" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
rows = {r["what"]: r for r in d["rows"]}
assert d["differ"] == 3 and d["compared"] == 16, d
assert rows["reserved"]["predicted"] == 44068 and rows["reserved"]["observed"] == 52260
assert rows["default CMA base"]["observed"] == "0x5ae00000" and rows["default CMA base"]["differs"]
assert d["reserved_residual_k"] == 8192
PY
fi
expect_status 2 "$memx" compare --json --calibrate -o "$tmp/x.yaml" "$prof" "$fx/virt-512m.log"

# 3. --calibrate: the residual goes into a calibration item; the new profile agrees on
#    reserved, and the input is never overwritten
expect_status 0 "$memx" compare --calibrate -o "$tmp/cal.yaml" "$prof" "$fx/virt-512m-reserved.log"
expect_line "$tmp/out" "!   reserved"
expect_line "$tmp/out" "calibration: +8192K absorbed"
expect_line "$tmp/cal.yaml" "calibration: true"
expect_status 0 "$memx" compare "$tmp/cal.yaml" "$fx/virt-512m-reserved.log"
expect_status 4 "$memx" compare --calibrate -o "$tmp/cal.yaml" "$prof" "$fx/virt-512m-reserved.log"
expect_line "$tmp/err" "exists"
expect_status 4 "$memx" compare --calibrate -o "$prof" "$prof" "$fx/virt-512m-reserved.log"
# spelled differently, still an input: the log and the profile are never overwritten
cp "$fx/virt-512m-reserved.log" "$tmp/boot.log"
cp "$prof" "$tmp/p.yaml"
expect_status 4 "$memx" compare --calibrate --force -o "$tmp/./boot.log" "$tmp/p.yaml" "$tmp/boot.log"
expect_line "$tmp/err" "is an input"
expect_status 4 "$memx" compare --calibrate --force -o "$tmp/../$(basename "$tmp")/p.yaml" "$tmp/p.yaml" "$tmp/boot.log"
cmp -s "$tmp/p.yaml" "$prof" || { echo "FAIL: the input profile was changed"; fail=1; }
cmp -s "$tmp/boot.log" "$fx/virt-512m-reserved.log" || { echo "FAIL: the log was changed"; fail=1; }
# the calibrated profile keeps its own command line, not the boot's
grep -q 'mem=' "$tmp/cal.yaml" && { echo "FAIL: the log's bootargs leaked into the profile"; fail=1; }
expect_line "$tmp/cal.yaml" 'bootargs: "console=ttyAMA0 loglevel=8 ignore_loglevel memblock=debug earlycon=pl011,0x9000000"'
# a prediction problem is said on stderr
expect_status 0 "$memx" compare --bootargs "console=ttyAMA0 crashkernel=8G" --keep-bootargs "$prof" "$fx/virt-512m.log"
expect_line "$tmp/err" "crashkernel="
# stdout that cannot be written is exit 4, not a silent 0
if [ -w /dev/full ]; then
	"$memx" compare "$prof" "$fx/virt-512m.log" > /dev/full 2> /dev/null
	st=$?
	[ "$st" = 4 ] || { echo "FAIL: compare > /dev/full exited $st, expected 4"; fail=1; }
fi
expect_status 2 "$memx" compare --calibrate "$prof" "$fx/virt-512m.log"
# a log with less reserved than predicted and nothing to shrink: refused, nothing written
expect_status 1 "$memx" compare --calibrate -o "$tmp/neg.yaml" "$prof" "$fx/virt-512m-less.log"
expect_line "$tmp/err" "more reserved than the boot had"
[ ! -e "$tmp/neg.yaml" ] || { echo "FAIL: a profile was written for an impossible calibration"; fail=1; }

# 4. bad logs and bad command lines
printf 'hello\nworld\n' > "$tmp/junk.log"
expect_status 3 "$memx" compare "$prof" "$tmp/junk.log"
one_line "$tmp/err"
expect_line "$tmp/err" "junk.log:1:1: error: not a kernel boot log"
one_line "$tmp/err"
expect_status 3 "$memx" compare "$prof" "$tmp/missing.log"
expect_status 2 "$memx" compare
expect_status 2 "$memx" compare a b c
expect_status 2 "$memx" compare --frobnicate "$prof" "$fx/virt-512m.log"

# 4b. --boot-loader-log: U-Boot's settings are facts of the boot (a profile that says u-boot);
#     a log that is not U-Boot's is one error; the U-Boot log is never an output
ub=$src/profiles/qemu-virt-arm64-6.1-uboot.yaml
"$memx" compare --boot-loader-log "$fx/uboot-512m.log" "$ub" "$fx/virt-512m.log" > "$tmp/out" 2> "$tmp/err"
expect_line "$tmp/out" "U-Boot's fdt_high: the profile's 0xffffffff, the boot's 0xffffffffffffffff"
expect_line "$tmp/out" "U-Boot's tree address (booti's third argument): the profile's 0x40000000, the boot's 0x48200000"
expect_line "$tmp/out" "U-Boot's own LMB regions (bdinfo): 1"
expect_line "$tmp/out" "  boot loader"
expect_line "$tmp/out" "kernel _stext"
expect_status 0 "$memx" compare --boot-loader-log "$fx/uboot-512m.log" "$prof" "$fx/virt-512m.log"
expect_line "$tmp/out" "a U-Boot log is given, but the profile's boot-loader is qemu"
expect_status 3 "$memx" compare --boot-loader-log "$tmp/junk.log" "$ub" "$fx/virt-512m.log"
one_line "$tmp/err"
expect_line "$tmp/err" "junk.log:1:1: error: not a U-Boot console log"
expect_status 3 "$memx" compare --boot-loader-log "$tmp/missing.log" "$ub" "$fx/virt-512m.log"
expect_line "$tmp/err" "cannot read the boot-loader log"
expect_status 2 "$memx" compare "$ub" "$fx/virt-512m.log" --boot-loader-log
cp "$fx/uboot-512m.log" "$tmp/u.log"
expect_status 4 "$memx" compare --calibrate --force -o "$tmp/./u.log" --boot-loader-log "$tmp/u.log" "$ub" \
	"$fx/virt-512m.log"
expect_line "$tmp/err" "is an input"
cmp -s "$tmp/u.log" "$fx/uboot-512m.log" || { echo "FAIL: the U-Boot log was changed"; fail=1; }

# 5. every oracle boot: the machine's profile + the boot's device tree, no difference
skipped=0
if [ ! -d "$shared/oracle" ]; then
	if [ "${MEMX_REQUIRE_SHARED:-0}" = 1 ]; then
		echo "FAIL: $shared/oracle is missing and MEMX_REQUIRE_SHARED=1" >&2
		fail=1
	else
		echo "SKIPPED: $shared/oracle is missing: the oracle boots were NOT compared here" >&2
		echo "SKIPPED: $shared/oracle is missing: the oracle boots were NOT compared here"
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
		expect_status 0 "$memx" compare --profile "$src/profiles/$p.yaml" "$d/dts" "$d/console.log"
		grep -q '^!' "$tmp/out" && { echo "FAIL: $b:"; grep '^!' "$tmp/out"; }
		n=$((n + 1))
	done
	echo "compared $n oracle boots"
	[ "$n" -ge 36 ] || { echo "FAIL: only $n oracle boots found"; fail=1; }
fi
# 6. every U-Boot boot that reached the kernel, with its U-Boot log: no difference
if [ -d "$shared/oracle-uboot" ]; then
	n=0
	for d in "$shared"/oracle-uboot/*/; do
		b=$(basename "$d")
		case $b in
		ub-a64-*-efi) p=qemu-virt-arm64-6.1-uefi ;;
		ub-a64-*) p=qemu-virt-arm64-6.1-uboot ;;
		ub-a32lpae-*) p=qemu-virt-armhf-lpae-6.1-uboot ;;
		*) continue ;;
		esac
		[ -s "$d/console.log" ] || continue
		expect_status 0 "$memx" compare --profile "$src/profiles/$p.yaml" --boot-loader-log "$d/uboot.log" \
			"$d/dts" "$d/console.log"
		grep -q '^!' "$tmp/out" && { echo "FAIL: $b:"; grep '^!' "$tmp/out"; }
		n=$((n + 1))
	done
	echo "compared $n U-Boot boots"
	[ "$n" -ge 11 ] || { echo "FAIL: only $n U-Boot boots found"; fail=1; }
fi
[ "$fail" -eq 0 ] && [ "$skipped" -eq 1 ] && exit 77
exit $fail
