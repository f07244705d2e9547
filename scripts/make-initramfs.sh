#!/usr/bin/env bash
# scripts/make-initramfs.sh — builds a reproducible initramfs for tern-system:
# busybox-static (mipsel) with its applets linked at boot, an /init that
# mounts proc, sys and dev and starts a shell on the console, and the device
# nodes the kernel needs before /init runs (/dev/console). The cpio archive
# (newc) is written by a few lines of Python so no root (mknod) is needed;
# every entry has mtime 0, owner 0 and a sorted position, and gzip -n drops
# the name and time, so the same inputs give the same bytes.
#
#   scripts/make-initramfs.sh [OUT]      (default cache/system/rootfs.cpio.gz)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${TERN_CACHE:-$root/cache}
out=${1:-$cache/system/rootfs.cpio.gz}
busybox=$cache/sysroot-mipsel/bin/busybox
[ -f "$busybox" ] || "$root/scripts/fetch-debian.sh" busybox-static >&2
mkdir -p "$(dirname "$out")"

read -r -d '' init <<'INIT' || true
#!/bin/busybox sh
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "tern: initramfs up, $(cat /proc/uptime | cut -d' ' -f1) s after boot"
export PS1='tern# ' HOME=/root PATH=/bin:/sbin:/usr/bin:/usr/sbin
cd /root
exec setsid cttyhack /bin/sh
INIT

python3 - "$busybox" "$out" "$init" <<'PY'
import gzip, io, sys
busybox, out, init = sys.argv[1], sys.argv[2], sys.argv[3] + "\n"
entries = []  # (name, mode, data, rdev_major, rdev_minor)
for d in ["bin", "dev", "etc", "proc", "root", "sbin", "sys", "tmp", "usr", "usr/bin",
          "usr/sbin"]:
    entries.append((d, 0o040755, b"", 0, 0))
entries.append(("bin/busybox", 0o100755, open(busybox, "rb").read(), 0, 0))
entries.append(("bin/sh", 0o120777, b"busybox", 0, 0))
entries.append(("dev/console", 0o020600, b"", 5, 1))
entries.append(("dev/null", 0o020666, b"", 1, 3))
entries.append(("etc/passwd", 0o100644, b"root:x:0:0:root:/root:/bin/sh\n", 0, 0))
entries.append(("init", 0o100755, init.encode(), 0, 0))
entries.sort(key=lambda e: e[0])

buf = io.BytesIO()
def pad(n):
    buf.write(b"\0" * ((4 - n % 4) % 4))
def record(ino, name, mode, data, major, minor):
    nameb = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, major, minor, len(nameb), 0]
    buf.write(b"070701" + b"".join(b"%08x" % f for f in fields))
    buf.write(nameb)
    pad(110 + len(nameb))
    buf.write(data)
    pad(len(data))
for ino, e in enumerate(entries, start=1):
    record(ino, *e)
record(0, "TRAILER!!!", 0, b"", 0, 0)
with open(out, "wb") as f:
    f.write(gzip.compress(buf.getvalue(), compresslevel=9, mtime=0))
PY
echo "$out"
