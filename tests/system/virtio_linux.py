#!/usr/bin/env python3
"""tests/system/virtio_linux.py — Debian's kernel on tern-system with the
virtio devices and the modules /init loads from the initramfs:
  - virtio-blk: an ext2 image made on the host (mke2fs) with a file in it
    (debugfs write) is mounted in the guest, the file read, a new file
    written, synced and unmounted; the host then reads it back (debugfs cat);
  - virtio-rng: /dev/hwrng gives bytes, not all the same;
  - virtio-gpu: /dev/fb0 is there, text goes to the framebuffer console
    (tty1), and the -screendump PNG written at exit has the mode's size
    (1024x768) and enough non-black pixels to be text.
With --sdl the display runs in an SDL window on SDL's dummy driver (the
headless path of the real window code), never skipped.

  virtio_linux.py TERN_SYSTEM KERNEL INITRD WORKDIR [--sdl] [extra tern-system args]
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from boot_linux import PROMPT, Console, check  # noqa: E402
from png_check import count_not, read_png  # noqa: E402


def host(*argv):
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def make_disk(path):
    if os.path.exists(path):
        os.unlink(path)
    with open(path, "wb") as f:
        f.truncate(16 << 20)
    host("mke2fs", "-q", "-t", "ext2", "-F", path)
    src = path + ".hello"
    with open(src, "w") as f:
        f.write("written by the host\n")
    host("debugfs", "-w", "-R", "write %s hello.txt" % src, path)


def main():
    tern, kernel, initrd, work = sys.argv[1:5]
    rest = sys.argv[5:]
    env = dict(os.environ)
    display = ["-display", "none"]
    if rest[:1] == ["--sdl"]:
        rest = rest[1:]
        env["SDL_VIDEODRIVER"] = "dummy"
        display = ["-display", "sdl"]
    os.makedirs(work, exist_ok=True)
    disk, shot = os.path.join(work, "disk.img"), os.path.join(work, "screen.png")
    make_disk(disk)
    if os.path.exists(shot):
        os.unlink(shot)
    argv = [tern, "-kernel", kernel, "-initrd", initrd, "-m", "256",
            "-append", "console=ttyS0 nokaslr", "-drive", "file=%s,format=raw,if=virtio" % disk,
            "-screendump", shot] + display + rest
    con = Console(argv, env=env)
    t0 = time.monotonic()
    try:
        con.expect(PROMPT, 500)
        print("shell prompt after %.1f s" % (time.monotonic() - t0), flush=True)
        mods = con.run("cat /proc/modules | cut -d' ' -f1 | sort | tr '\\n' ' '")
        check(all(m in mods.split() for m in ("virtio_mmio", "virtio_blk", "virtio_rng",
                                               "virtio_gpu", "ext4")),
              "virtio modules loaded: " + mods)
        out = con.run("mount -t ext2 /dev/vda /mnt && cat /mnt/hello.txt", 120)
        check("written by the host" in out, "the host's file read from virtio-blk ext2")
        out = con.run("echo guest-was-here > /mnt/guest.txt && sync && umount /mnt && echo done",
                      120)
        check(out.endswith("done"), "written, synced and unmounted")
        rng = con.run("head -c 64 /dev/hwrng | od -An -v -tx1 | tr -d ' \\n'")
        check(len(rng) == 128 and len(set(rng)) > 4, "64 bytes from /dev/hwrng: " + rng[:32])
        fb = con.run("cat /sys/class/graphics/fb0/virtual_size /sys/class/graphics/fb0/name")
        check("1024,768" in fb, "fb0 is virtio-gpu's 1024x768 framebuffer: " + fb)
        con.run("for i in 1 2 3 4 5 6 7 8; do echo TERN LINE $i >/dev/tty1; done")
        con.proc.stdin.write(b"poweroff -f\n")
        con.proc.stdin.flush()
        status = con.proc.wait(timeout=60)
        check(status == 0, "poweroff -f ends tern with status 0 (got %d)" % status)
        seen = host("debugfs", "-R", "cat /guest.txt", disk)
        check("guest-was-here" in seen, "the host sees the guest's file: " + seen.strip())
        width, height, rows = read_png(shot)
        check((width, height) == (1024, 768), "screendump is %dx%d" % (width, height))
        lit = count_not(rows, (0, 0, 0))
        # Nine lines of 8x16 text light a few thousand pixels; a blank or
        # garbage screen gives 0 or most of the 786432.
        check(2000 < lit < 100000, "screendump shows text (%d non-black pixels)" % lit)
        top = count_not(rows[:16 * 10], (0, 0, 0))
        check(top == lit, "the text is in the first ten text rows")
        print("total %.1f s" % (time.monotonic() - t0))
        return 0
    except Exception as e:
        con.proc.kill()
        sys.stdout.write(con.log.decode(errors="replace")[-6000:])
        print("\nFAIL:", e)
        return 1


if __name__ == "__main__":
    sys.exit(main())
