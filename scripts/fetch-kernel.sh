#!/usr/bin/env bash
# scripts/fetch-kernel.sh — fetches what tern-system needs to boot Linux:
# Debian bookworm's MIPS "generic" kernel (linux-image-*-mips32r2el, the
# version the metapackage linux-image-mips32r2el points at) and busybox-static
# for mipsel, through scripts/fetch-debian.sh (apt into cache/, unpacked into
# cache/sysroot-mipsel/). Prints the kernel's path on its last line and links
# it as cache/system/vmlinuz (the modules stay in cache/sysroot-mipsel/lib/modules).
#
#   scripts/fetch-kernel.sh          # idempotent; a second run costs nothing
#   scripts/fetch-kernel.sh --malta  # Debian's 4kc-malta kernel instead, linked as
#                                    # cache/system/vmlinuz-malta (the QEMU peer
#                                    # of the benchmark: qemu-system-mipsel -M malta)
set -euo pipefail

flavour=mips32r2el
link=vmlinuz
if [ "${1:-}" = "--malta" ]; then
    flavour=4kc-malta
    link=vmlinuz-malta
fi

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${TERN_CACHE:-$root/cache}
sysroot=$cache/sysroot-mipsel

# busybox first: it brings the package lists up to date for the lookup below.
"$root/scripts/fetch-debian.sh" busybox-static >&2

dir=$cache/debian-mipsel
kernel_pkg=$(apt-cache -o "APT::Architecture=mipsel" -o "APT::Architectures=mipsel" \
    -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir" \
    -o "Dir::Etc::SourceList=$dir/sources.list" -o "Dir::Etc::SourceParts=/nonexistent" \
    -o "Dir::State::Status=/dev/null" depends "linux-image-$flavour" 2>/dev/null |
    awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
if [ -z "$kernel_pkg" ]; then
    echo "fetch-kernel: cannot resolve linux-image-$flavour in the mipsel package lists" >&2
    exit 1
fi
"$root/scripts/fetch-debian.sh" "$kernel_pkg" >&2

version=${kernel_pkg#linux-image-}
kernel=$sysroot/boot/vmlinuz-$version
[ -f "$kernel" ] || { echo "fetch-kernel: $kernel missing after unpacking" >&2; exit 1; }
mkdir -p "$cache/system"
ln -sf "$kernel" "$cache/system/$link"
echo "$kernel"
