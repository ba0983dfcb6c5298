#!/bin/sh
# run-all.sh - configure, build and run the whole test suite the way CI does:
#   1. gcc, warnings as errors, AddressSanitizer + UndefinedBehaviorSanitizer, every test;
#   2. clang (gcc if clang is missing), warnings as errors, no sanitizers, every test again,
#      plus the memx binary and the golden tests under valgrind (no leaks, no errors);
#   3. the build a user makes (Release, the memx executable linked statically): every test;
#   4. with clang: every libFuzzer target (tests/fuzz) for MEMX_FUZZ_RUNS executions (default
#      20000; export_dtc, which runs dtc each time, a tenth) from its checked-in corpus with a
#      fixed seed, so that CI is repeatable (new inputs go to a temporary directory); a crash,
#      a leak or a failed check fails the run and leaves the input in build-fuzz/crashes.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)
cd "$src"

echo "== build 1: gcc + ASan + UBSan"
CC=gcc cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DMEMX_SANITIZE=ON -DMEMX_WERROR=ON
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build-asan --output-on-failure -j "$jobs"

cc=gcc
if command -v clang > /dev/null; then cc=clang; else echo "NOTE: clang not installed; build 2 uses gcc"; fi
echo "== build 2: $cc + valgrind"
if ! command -v valgrind > /dev/null; then
	echo "ERROR: valgrind is not installed; the leak checks cannot run" >&2
	exit 1
fi
CC=$cc cmake -S . -B build-valgrind -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMEMX_WERROR=ON -DMEMX_VALGRIND=ON
cmake --build build-valgrind -j "$jobs"
ctest --test-dir build-valgrind --output-on-failure -j "$jobs"

echo "== build 3: release, memx linked statically"
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DMEMX_WERROR=ON
cmake --build build-release -j "$jobs"
ctest --test-dir build-release --output-on-failure -j "$jobs"

if [ "$cc" = clang ]; then
	runs=${MEMX_FUZZ_RUNS:-20000}
	echo "== build 4: clang + libFuzzer, $runs executions per target"
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMEMX_FUZZ=ON \
		-DMEMX_BUILD_TUI=OFF -DBUILD_TESTING=OFF
	targets=$(sed -n 's/^set(MEMX_FUZZ_TARGETS \(.*\))$/\1/p' tests/fuzz/CMakeLists.txt)
	for t in $targets; do
		cmake --build build-fuzz -j "$jobs" --target "fuzz_$t"
	done
	mkdir -p build-fuzz/crashes
	for t in $targets; do
		corpus=$(sed -n "s/^set(MEMX_FUZZ_CORPUS_$t \(.*\))$/\1/p" tests/fuzz/CMakeLists.txt)
		new=$(mktemp -d)
		n=$runs; [ "$t" = export_dtc ] && n=$((runs / 10))
		if ! build-fuzz/tests/fuzz/fuzz_$t -runs="$n" -seed=1 -print_final_stats=1 \
			-artifact_prefix=build-fuzz/crashes/$t- "$new" "tests/fuzz/$corpus" \
			> build-fuzz/fuzz_$t.log 2>&1; then
			tail -40 build-fuzz/fuzz_$t.log
			echo "FAIL: fuzz_$t found a crash (build-fuzz/crashes/)" >&2
			rm -rf "$new"
			exit 1
		fi
		rm -rf "$new"
		echo "fuzz_$t: $(sed -n 's/^stat::number_of_executed_units: *//p' build-fuzz/fuzz_$t.log) executions, no crash"
	done
else
	echo "NOTE: clang not installed; the fuzz targets were only replayed (builds 1 to 3)"
fi
echo "== all tests passed"
