#!/usr/bin/env python3
"""tests/system/boot_linux.py — boots Debian's mips32r2el kernel on tern-system
to the initramfs shell and drives it through the UART (stdin/stdout pipes):
uname -a, cat /proc/cpuinfo, a sha256 of known input, date (from the Goldfish
RTC), then poweroff -f, which must end tern with status 0. Every step has a
deadline, and the whole run is bounded; on failure the console log so far is
printed.

  boot_linux.py TERN_SYSTEM KERNEL INITRD [--timeout S] [extra tern-system args]
"""
import os
import re
import select
import subprocess
import sys
import time

PROMPT = b"tern# "

# A kernel message on the console ("[    8.746310] hrtimer: interrupt took
# 25310320 ns") can land in the middle of a command's output: the kernel
# writes to the same UART whenever it likes, and a loaded host makes it chatty.
PRINTK = re.compile(r"\[ *\d+\.\d{6}\] [^\n]*(\n|$)")


def interleaved(text):
    """A pattern for text as the console shows it: with any number of kernel
    messages between two of its characters (the command's echo, the prompt)."""
    gap = rb"(?:\[ *\d+\.\d{6}\] [^\n]*\n)*"
    return re.compile(gap.join(re.escape(bytes([c])) for c in text))


class Console:
    def __init__(self, argv, env=None):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, env=env)
        self.log = b""
        self.pos = 0  # how far expect() has consumed

    def expect(self, needle, timeout):
        """Waits for needle (bytes, or a compiled bytes pattern) in the output
        after what was consumed; returns the whole log before it."""
        end = time.monotonic() + timeout
        while True:
            if isinstance(needle, bytes):
                i = self.log.find(needle, self.pos)
                found = i >= 0 and (i, i + len(needle))
            else:
                m = needle.search(self.log, self.pos)
                found = m and m.span()
            if found:
                self.pos = found[1]
                return self.log[:found[0]]
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("no %r within %d s"
                                   % (getattr(needle, "pattern", needle), timeout))
            r, _, _ = select.select([self.proc.stdout], [], [], min(left, 1.0))
            if r:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    raise EOFError("tern-system exited (status %s) waiting for %r"
                                   % (self.proc.wait(), needle))
                self.log += chunk

    def run(self, command, timeout=60):
        """Sends command; returns its output (between the echo and the next prompt),
        without the kernel's console messages."""
        self.proc.stdin.write(command.encode() + b"\n")
        self.proc.stdin.flush()
        self.expect(interleaved(command.encode()), timeout)
        start = self.pos
        end = len(self.expect(interleaved(PROMPT), timeout))
        out = self.log[start:end].decode(errors="replace")
        return PRINTK.sub("", out.replace("\r", "")).strip()


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("ok:", what, flush=True)


def main():
    tern, kernel, initrd = sys.argv[1:4]
    rest = sys.argv[4:]
    timeout = 600
    if rest[:1] == ["--timeout"]:
        timeout, rest = int(rest[1]), rest[2:]
    argv = [tern, "-kernel", kernel, "-initrd", initrd, "-m", "256", "-nographic",
            "-append", "console=ttyS0 nokaslr"] + rest
    con = Console(argv)
    t0 = time.monotonic()
    try:
        con.expect(PROMPT, timeout)
        print("shell prompt after %.1f s" % (time.monotonic() - t0), flush=True)
        uname = con.run("uname -a")
        check(uname.startswith("Linux ") and "mips" in uname, "uname -a: " + uname)
        cpuinfo = con.run("cat /proc/cpuinfo")
        check("MIPS 24K" in cpuinfo, "/proc/cpuinfo names the MIPS 24K core")
        digest = con.run("echo hello | sha256sum")
        check(digest.startswith(
            "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"),
            "sha256 of 'hello\\n'")
        year = con.run("date +%Y")
        check(year.isdigit() and int(year) >= 2024, "date from the RTC: year " + year)
        con.proc.stdin.write(b"poweroff -f\n")
        con.proc.stdin.flush()
        status = con.proc.wait(timeout=60)
        check(status == 0, "poweroff -f ends tern with status 0 (got %d)" % status)
        print("total %.1f s" % (time.monotonic() - t0))
        return 0
    except Exception as e:  # any failure: show what the console said
        con.proc.kill()
        sys.stdout.write(con.log.decode(errors="replace")[-6000:])
        print("\nFAIL:", e)
        return 1


if __name__ == "__main__":
    sys.exit(main())
