#!/bin/sh
# run-all.sh - configure, build and run the whole test suite the way CI does:
#   1. gcc, warnings as errors, AddressSanitizer + UndefinedBehaviorSanitizer, every test;
#   2. clang (gcc if clang is missing), warnings as errors, no sanitizers, every test again,
#      plus the memx binary and the golden tests under valgrind (no leaks, no errors).
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
echo "== all tests passed"
