#!/bin/sh
# keys.sh BENCH_KEYS INPUT [SCENARIO...] - instructions per key, keystroke to frame, in the
# real explorer (tests/bench/bench_keys.c), counted by callgrind over bench_run() only:
# the figure holds on a noisy machine, unlike a wall time. Not a test; README: Performance.
#   tests/bench/keys.sh build-rel/tests/memx_bench_keys ../shared/corpus/sm8550-sony-xperia-yodo-pdx234.dts
set -eu
bench=$1 input=$2
shift 2
scenarios=${*:-j j-scroll tab zoom table edit undo idle}
n=${KEYS:-200}
command -v valgrind > /dev/null || { echo "keys.sh: valgrind is not installed" >&2; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for s in $scenarios; do
	valgrind --tool=callgrind --callgrind-out-file="$out" --collect-atstart=no \
		--toggle-collect=bench_run "$bench" -n "$n" "$s" "$input" > /dev/null 2>&1
	ir=$(sed -n 's/^summary: //p' "$out")
	printf '%-9s %9d instructions per key\n' "$s" $((ir / n))
done
