#!/usr/bin/env bash
# Quick start, first command: installs what is missing, builds tern, fetches
# Debian's MIPS kernel and busybox on first use (apt into cache/, with
# progress), builds the initramfs, and boots Linux on tern's `virt` board to
# an interactive busybox shell on this terminal (C-a x quits; a window shows
# the virtio-gpu framebuffer console when there is a display).
#
#   scripts/demo.sh [tern-system options...]     boot Linux (needs a terminal)
#   scripts/demo.sh --bare-metal [options...]    the bundled bare-metal demo
#
# The Linux form is interactive: it refuses to run without a terminal on
# stdin (CI, pipes) rather than wait for input that never comes.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\033[1m[demo %s]\033[0m %s\n' "$1" "$2" >&2; }

bare=0
if [ "${1:-}" = "--bare-metal" ]; then
    bare=1
    shift
fi
if [ $bare -eq 0 ] && { [ ! -t 0 ] || [ -n "${CI:-}" ]; }; then
    echo "demo.sh: booting Linux is interactive and stdin is not a terminal;" \
         "run it from a terminal, or use scripts/demo.sh --bare-metal" >&2
    exit 2
fi

step 1/4 "installing missing packages (scripts/install-deps.sh)"
scripts/install-deps.sh
step 2/4 "building tern (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
if [ $bare -eq 1 ]; then
    exec build/tern-system -kernel build/guest/demo/demo.el.elf "$@"
fi

step 3/4 "fetching Debian's mips32r2el kernel and busybox-static (first use only)"
scripts/fetch-kernel.sh >/dev/null
step 4/4 "building the initramfs (busybox, virtio modules)"
[ -f cache/system/rootfs.cpio.gz ] && [ cache/system/rootfs.cpio.gz -nt scripts/make-initramfs.sh ] ||
    scripts/make-initramfs.sh >/dev/null
step go "booting Linux: C-a x quits, C-a h lists the keys; try 'uname -a' or 'poweroff -f'"
exec build/tern-system -kernel cache/system/vmlinuz -initrd cache/system/rootfs.cpio.gz \
    -append "console=ttyS0" -m 256 "$@"
