#!/usr/bin/env bash
# scripts/make-initramfs.sh — builds a reproducible initramfs for tern-system:
# busybox-static (mipsel) with its applets linked at boot, an /init that
# mounts proc, sys and dev and starts a shell on the console, and the device
# nodes the kernel needs before /init runs (/dev/console), and the kernel
# modules for tern's virtio devices (virtio-mmio, -blk, -rng, -gpu with its
# DRM helpers, -input with evdev for /dev/input/event*, ext4 for ext2 disks) with everything they depend on, in
# dependency order: the Debian package ships no modules.dep (depmod runs at
# install), so the order comes from each .ko's own .modinfo "depends=", and
# /init insmods them from /lib/modules/load.order. The cpio archive
# (newc) is written by a few lines of Python so no root (mknod) is needed;
# every entry has mtime 0, owner 0 and a sorted position, and gzip -n drops
# the name and time, so the same inputs give the same bytes.
#
#   scripts/make-initramfs.sh [OUT]      (default cache/system/rootfs.cpio.gz)
#   TERN_INITRAMFS_MODULES="virtio_mmio virtio_blk"   picks other modules ("" = none)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${TERN_CACHE:-$root/cache}
out=${1:-$cache/system/rootfs.cpio.gz}
busybox=$cache/sysroot-mipsel/bin/busybox
[ -f "$busybox" ] || "$root/scripts/fetch-debian.sh" busybox-static >&2
modules=${TERN_INITRAMFS_MODULES-virtio_mmio virtio_blk virtio_rng virtio_gpu virtio_input evdev ext4 crc32c_generic}
moddir=
if [ -n "$modules" ]; then
    [ -e "$cache/system/vmlinuz" ] || "$root/scripts/fetch-kernel.sh" >&2
    kernel=$(readlink -f "$cache/system/vmlinuz")
    moddir=$cache/sysroot-mipsel/lib/modules/${kernel##*/vmlinuz-}
    [ -d "$moddir" ] || { echo "make-initramfs: no modules at $moddir" >&2; exit 1; }
fi
mkdir -p "$(dirname "$out")"

read -r -d '' init <<'INIT' || true
#!/bin/busybox sh
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
for m in $(cat /lib/modules/load.order 2>/dev/null); do
    insmod /lib/modules/$m.ko || echo "tern: insmod $m failed"
done
mkdir -p /mnt
echo "tern: initramfs up, $(cat /proc/uptime | cut -d' ' -f1) s after boot"
[ -e /dev/fb0 ] && echo "tern: $(uname -sr) on the framebuffer console" > /dev/tty1
export PS1='tern# ' HOME=/root PATH=/bin:/sbin:/usr/bin:/usr/sbin
cd /root
exec setsid cttyhack /bin/sh
INIT

python3 - "$busybox" "$out" "$init" "$moddir" "$modules" <<'PY'
import gzip, io, os, struct, sys
busybox, out, init = sys.argv[1], sys.argv[2], sys.argv[3] + "\n"
moddir, wanted = sys.argv[4], sys.argv[5].split()
entries = []  # (name, mode, data, rdev_major, rdev_minor)
for d in ["bin", "dev", "etc", "lib", "lib/modules", "mnt", "proc", "root", "sbin", "sys",
          "tmp", "usr", "usr/bin", "usr/sbin"]:
    entries.append((d, 0o040755, b"", 0, 0))

def modinfo(data):
    """The .modinfo strings of a little-endian ELF32 module as a dict."""
    shoff = struct.unpack_from("<I", data, 0x20)[0]
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x2E)
    secs = [struct.unpack_from("<10I", data, shoff + i * shentsize) for i in range(shnum)]
    names = secs[shstrndx][4]
    for sec in secs:
        if data[names + sec[0]:].split(b"\0", 1)[0] == b".modinfo":
            text = data[sec[4]:sec[4] + sec[5]].decode(errors="replace")
            return dict(kv.split("=", 1) for kv in text.split("\0") if "=" in kv)
    return {}

if wanted:
    files = {}  # module name (dashes as underscores) -> path
    for top, _, names in sorted(os.walk(moddir)):
        for n in sorted(names):
            if n.endswith(".ko"):
                files.setdefault(n[:-3].replace("-", "_"), os.path.join(top, n))
    order = []
    def visit(name, chain=()):
        if name in order:
            return
        if name not in files or name in chain:
            sys.exit(f"make-initramfs: module {name} missing or in a dependency loop")
        for dep in filter(None, modinfo(open(files[name], "rb").read()).get("depends", "").split(",")):
            visit(dep.replace("-", "_"), chain + (name,))
        order.append(name)
    for w in wanted:
        visit(w)
    for name in order:
        entries.append((f"lib/modules/{name}.ko", 0o100644, open(files[name], "rb").read(), 0, 0))
    entries.append(("lib/modules/load.order", 0o100644, ("\n".join(order) + "\n").encode(), 0, 0))
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
