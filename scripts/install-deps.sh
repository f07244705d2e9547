#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages tern needs to build and test; installs
# only what is missing, so running it again costs nothing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config            # build
  libcapstone-dev                             # disassembly, decoder cross-check
  libsdl2-dev                                 # framebuffer window
  libfdt-dev device-tree-compiler             # device tree
  liblzma-dev                                 # tern-system unpacks the kernel's XZ payload
  zlib1g-dev                                  # tern-system's PNG screendumps
  e2fsprogs                                   # system tests: ext2 disk images (mke2fs, debugfs)
  qemu-system-mips                            # peer for the system-mode benchmark (malta)
  check                                       # unit tests
  libunicorn-dev                              # differential test oracle
  gcc-mipsel-linux-gnu gcc-mips-linux-gnu     # guest toolchains (both byte orders)
  libc6-dev-mipsel-cross                      # libc headers for hosted mipsel test programs
  libc6-dev-mips-cross libc6-mipsel-cross libc6-mips-cross  # tern-user tests: dynamic guests, both orders
  gdb-multiarch qemu-user                     # real clients and peers
  python3
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
