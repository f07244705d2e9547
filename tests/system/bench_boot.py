#!/usr/bin/env python3
"""tests/system/bench_boot.py — issue 6's system-mode benchmark (not a ctest:
it takes minutes and wants a quiet host). For each setup, RUNS times: boot to
the first shell prompt (host seconds from start), then through the UART
  sha256:  dd if=/dev/zero bs=1M count=16 | sha256sum
  awk:     busybox awk arithmetic loop of 200k iterations
(each timed from sending the command to the next prompt), then the host CPU
the emulator burns over IDLE seconds of an idle shell. Prints a Markdown
table of medians and the exact commands.

  bench_boot.py TERN_SYSTEM [--runs N] [--idle S] [--no-qemu]
Needs cache/system/{vmlinuz,vmlinuz-malta,rootfs.cpio.gz}
(scripts/fetch-kernel.sh, scripts/fetch-kernel.sh --malta, scripts/make-initramfs.sh)
and qemu-system-mipsel.
"""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from boot_linux import PROMPT, Console  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CACHE = os.path.join(ROOT, "cache", "system")
APPEND = "console=ttyS0 nokaslr"
SHA = "dd if=/dev/zero bs=1M count=16 2>/dev/null | sha256sum"
AWK = "awk 'BEGIN{s=0;for(i=0;i<200000;i++)s+=i*i%7;print s}'"


def cpu_seconds(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(con, cmd):
    t = time.monotonic()
    out = con.run(cmd, 600)
    return time.monotonic() - t, out


def one_run(argv, idle):
    con = Console(argv)
    t0 = time.monotonic()
    con.expect(PROMPT, 600)
    boot = time.monotonic() - t0
    sha, out = timed(con, SHA)
    assert out.startswith("080acf35a507ac9849cfcba47dc2ad83e01b75663a516279c8b9d243b719643e"), out
    awk, out = timed(con, AWK)
    assert out.strip().isdigit(), out
    c0 = cpu_seconds(con.proc.pid)
    time.sleep(idle)
    idle_pct = 100 * (cpu_seconds(con.proc.pid) - c0) / idle
    con.proc.kill()
    con.proc.wait()
    return boot, sha, awk, idle_pct


def main():
    tern = sys.argv[1]
    args = sys.argv[2:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    idle = float(args[args.index("--idle") + 1]) if "--idle" in args else 5.0
    initrd = os.path.join(CACHE, "rootfs.cpio.gz")
    setups = [("tern-system (jit), virt, mips32r2el kernel",
               [tern, "-kernel", os.path.join(CACHE, "vmlinuz"), "-initrd", initrd, "-m", "256",
                "-display", "none", "-append", APPEND])]
    if "--no-qemu" not in args:
        setups.append(("qemu-system-mipsel -M malta, 4kc-malta kernel",
                       ["qemu-system-mipsel", "-M", "malta", "-m", "256", "-kernel",
                        os.path.join(CACHE, "vmlinuz-malta"), "-initrd", initrd,
                        "-nic", "none", "-vga", "none", "-nographic", "-append", APPEND]))
    print("| setup | boot to prompt (s) | sha256 16 MiB (s) | awk 200k (s) | idle host CPU |")
    print("|---|---|---|---|---|")
    for name, argv in setups:
        results = [one_run(argv, idle) for _ in range(runs)]
        med = [statistics.median(r[i] for r in results) for i in range(4)]
        print("| %s | %.2f | %.2f | %.2f | %.1f %% |" % (name, *med), flush=True)
        print("<!-- %s: %s -->" % (name, " ".join(argv)), flush=True)
        for r in results:
            print("<!--   run: boot %.2f sha %.2f awk %.2f idle %.1f%% -->" % r, flush=True)


if __name__ == "__main__":
    sys.exit(main())
