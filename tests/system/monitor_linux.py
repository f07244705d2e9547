#!/usr/bin/env python3
"""tests/system/monitor_linux.py — the monitor (Ctrl-a c on the console, as
QEMU's -serial mon:stdio) and the virtio keyboard, on Debian's kernel:
  - /init loaded virtio_input and evdev; /dev/input/event0 is tern's
    keyboard (its name from the device's config space);
  - a guest `od` reads /dev/input/event0 in the background while the
    monitor's `sendkey a` injects the key: the guest reads EV_KEY code 30
    press, SYN, release, SYN;
  - `info registers` shows the pc and the GPR rows; `x` of a kseg0
    address and `xp` of its physical address agree;
  - `screendump FILE` writes a PNG of the virtio-gpu mode (-device
    virtio-gpu,xres=800,yres=600: 800x600);
  - `stop` pauses the guest (info status, registers frozen) and `cont`
    resumes it;
  - a garbage command prints one error line and the guest keeps running;
  - `quit` ends tern with status 0.
With --sdl the display is an SDL window on SDL's dummy driver.

  monitor_linux.py TERN_SYSTEM KERNEL INITRD WORKDIR [--sdl] [extra tern-system args]
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from boot_linux import PROMPT, Console, check  # noqa: E402
from png_check import read_png  # noqa: E402

MON = b"(tern) "


def send(con, data):
    con.proc.stdin.write(data)
    con.proc.stdin.flush()


def monitor(con, command, timeout=30):
    """Runs one monitor command (the monitor is open); returns its output."""
    send(con, command.encode() + b"\n")
    con.expect(command.encode(), timeout)
    start = con.pos
    con.expect(MON, timeout)
    return con.log[start:con.pos - len(MON)].decode(errors="replace").replace("\r", "").strip()


def events(od_text):
    """struct input_event (mips32: 8 bytes of time, type, code, value) list."""
    lines = [ln for ln in od_text.splitlines() if re.fullmatch(r"\s*([0-9a-f]{2}\s+){15}[0-9a-f]{2}\s*", ln)]
    raw = bytes(int(x, 16) for ln in lines for x in ln.split())  # not the shell's job notices
    return [(int.from_bytes(raw[i + 8:i + 10], "little"), int.from_bytes(raw[i + 10:i + 12], "little"),
             int.from_bytes(raw[i + 12:i + 16], "little", signed=True))
            for i in range(0, len(raw) - 15, 16)]


def keyboard(con):
    mods = con.run("cat /proc/modules | cut -d' ' -f1 | tr '\\n' ' '").split()
    check("virtio_input" in mods and "evdev" in mods, "virtio_input and evdev loaded")
    name = con.run("cat /sys/class/input/event0/device/name")
    check(name == "tern virtio keyboard", "event0 is tern's keyboard: " + name)
    con.run("od -An -v -tx1 -N64 /dev/input/event0 > /tmp/ev & sleep 1")
    send(con, b"\x01c")
    con.expect(MON, 30)
    out = monitor(con, "sendkey a")
    check(out == "", "sendkey a accepted: %r" % out)


def inspect(con, shot):
    regs = monitor(con, "info registers")
    m = re.search(r"pc=0x([0-9a-f]{8})", regs)
    # The guest may be in the kernel or in a process (od is reading): any pc.
    check(m is not None and "GPR28:" in regs,
          "info registers: pc=0x%s and the GPR rows" % (m.group(1) if m else "?"))
    virt = monitor(con, "x/4xw 0x80100000").split(":", 1)[1].split()
    phys = monitor(con, "xp/4xw 0x100000").split(":", 1)[1].split()
    check(virt == phys and len(virt) == 4, "x of kseg0 and xp agree: " + " ".join(virt))
    err = monitor(con, "garbage-command 1 2")
    check(err == "unknown command: 'garbage-command'", "garbage gets one error line: " + err)
    out = monitor(con, "screendump " + shot)
    check(out == "", "screendump accepted: %r" % out)
    width, height, _ = read_png(shot)
    check((width, height) == (800, 600), "screendump PNG is the mode's %dx%d" % (width, height))
    monitor(con, "stop")
    check(monitor(con, "info status") == "VM status: paused", "stop pauses")
    first = monitor(con, "info registers")
    time.sleep(0.5)
    check(monitor(con, "info registers") == first,
          "stopped: no register changes in 0.5 s, Count and Cause included")
    monitor(con, "cont")
    check(monitor(con, "info status") == "VM status: running", "cont resumes")


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
    shot = os.path.join(work, "monitor-shot.png")
    if os.path.exists(shot):
        os.unlink(shot)
    argv = [tern, "-kernel", kernel, "-initrd", initrd, "-m", "256",
            "-append", "console=ttyS0 nokaslr", "-device", "virtio-gpu,xres=800,yres=600"
            ] + display + rest
    con = Console(argv, env=env)
    t0 = time.monotonic()
    try:
        con.expect(PROMPT, 500)
        print("shell prompt after %.1f s" % (time.monotonic() - t0), flush=True)
        keyboard(con)
        inspect(con, shot)
        send(con, b"\x01c")  # back to the guest
        ev = events(con.run("wait; cat /tmp/ev", 60))
        check(ev == [(1, 30, 1), (0, 0, 0), (1, 30, 0), (0, 0, 0)],
              "the guest read KEY_A press and release: %s" % ev)
        check(con.run("echo alive") == "alive", "the guest runs on after the monitor")
        send(con, b"\x01c")
        con.expect(MON, 30)
        send(con, b"quit\n")
        status = con.proc.wait(timeout=60)
        check(status == 0, "quit ends tern with status 0 (got %d)" % status)
        print("total %.1f s" % (time.monotonic() - t0))
        return 0
    except Exception as e:
        con.proc.kill()
        sys.stdout.write(con.log.decode(errors="replace")[-6000:])
        print("\nFAIL:", e)
        return 1


if __name__ == "__main__":
    sys.exit(main())
