#!/usr/bin/env python3
"""tests/system/fb_check.py — runs the bare-metal fb guest (fb.S) on
tern-system and checks the PNG screendump of the simple-framebuffer: size
640x480, the four coloured regions exact, pixel for pixel counted.

  fb_check.py TERN_SYSTEM FB_ELF WORKDIR at-exit [tern-system args...]
      -screendump at exit; the guest powers off by itself
  fb_check.py TERN_SYSTEM FB_SPIN_ELF WORKDIR after [tern-system args...]
      -screendump-after 1 s with the SDL window on SDL's dummy driver;
      the guest spins, the test stops tern once the PNG is there
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from png_check import read_png  # noqa: E402

RED, BLUE, GREEN, WHITE = b"\xff\x00\x00", b"\x00\x00\xff", b"\x00\xff\x00", b"\xff\xff\xff"


def expected(x, y):
    if y < 240:
        return RED if x < 320 else BLUE
    return GREEN if 100 <= x < 200 else WHITE


def check_png(path):
    width, height, rows = read_png(path)
    if (width, height) != (640, 480):
        return "size %dx%d, want 640x480" % (width, height)
    bad = [(x, y) for y in range(height) for x in range(width)
           if rows[y][3 * x:3 * x + 3] != expected(x, y)]
    if bad:
        x, y = bad[0]
        return "%d wrong pixels, first (%d,%d) = %s" % (len(bad), x, y, rows[y][3 * x:3 * x + 3].hex())
    return None


def main():
    tern, elf, work, mode = sys.argv[1:5]
    rest = sys.argv[5:]
    os.makedirs(work, exist_ok=True)
    shot = os.path.join(work, "fb-%s-%s.png" % (mode, os.path.basename(elf)))
    if os.path.exists(shot):
        os.unlink(shot)
    env = dict(os.environ)
    if mode == "at-exit":
        argv = [tern, "-kernel", elf, "-display", "none", "-screendump", shot] + rest
        p = subprocess.run(argv, capture_output=True, timeout=120)
        out = p.stdout.decode(errors="replace")
        if p.returncode != 0 or "DRAWN" not in out:
            print("FAIL: status %d, output %r %r" % (p.returncode, out, p.stderr))
            return 1
    else:
        env["SDL_VIDEODRIVER"] = "dummy"
        argv = [tern, "-kernel", elf, "-display", "sdl", "-screendump-after", "1", shot] + rest
        p = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        end = time.monotonic() + 60
        while not os.path.exists(shot) and time.monotonic() < end and p.poll() is None:
            time.sleep(0.1)
        time.sleep(0.5)  # the file is written in one go; let it close
        p.kill()
        out = p.communicate()[0].decode(errors="replace")
        if not os.path.exists(shot):
            print("FAIL: no screendump within 60 s; output %r" % out)
            return 1
    why = check_png(shot)
    if why:
        print("FAIL:", why)
        return 1
    print("PASS fb screendump (%s)" % mode)
    return 0


if __name__ == "__main__":
    sys.exit(main())
