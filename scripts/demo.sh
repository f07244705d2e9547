#!/usr/bin/env bash
# Quick start, first command: installs what is missing, builds tern and runs the
# bundled bare-metal demo on the `virt` board (output on the emulated UART).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
exec build/tern-system -kernel build/guest/demo/demo.el.elf "$@"
