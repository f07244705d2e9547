#!/usr/bin/env bash
# Quick start, second command (and what CI runs): installs what is missing,
# builds tern twice — warnings as errors, then with AddressSanitizer and
# UndefinedBehaviorSanitizer — and runs the whole test suite on each build.
#   scripts/test.sh            both builds
#   scripts/test.sh --fast     the plain build only
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)

run_suite() { # build-dir cmake-args...
  local dir=$1; shift
  cmake -S . -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  (cd "$dir" && ctest --output-on-failure -j"$jobs" --timeout 600)
}

echo "== build (-Werror) and test"
run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTERN_WERROR=ON
if [ "${1:-}" != "--fast" ]; then
  echo "== build with ASan+UBSan and test"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DTERN_WERROR=ON -DTERN_SANITIZE=ON
fi
