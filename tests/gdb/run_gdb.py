#!/usr/bin/env python3
"""tests/gdb/run_gdb.py — runs one gdb-multiarch -batch session against
tern-system and checks it.

tern-system starts with -gdb tcp::0 -S (any free port, printed on stderr, the
guest held before its first instruction); gdb runs the commands of SCRIPT after
`target remote`. Header lines of SCRIPT say what must happen:

  # expect: REGEX        must match gdb's output (multi-line mode)
  # output: REGEX        must match the guest's UART output
  # status: N            tern-system's exit status
  # sigint-after: SECS   send SIGINT to gdb this long after it started (Ctrl-C)
  # tern-args: ARGS      extra tern-system arguments (e.g. --stats)
  # stderr: REGEX        must match tern-system's stderr (e.g. the --stats counters)
  # stderr-int: REGEX    REGEX has one group, an integer; with the stats of
                         the run it must satisfy the comparison after it:
                         '# stderr-int: >= 1000 chained exits +(\d+)'

Every step is bounded by a timeout; on failure everything seen is printed.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

TIMEOUT = 60


def parse_headers(path):
    spec = {"expect": [], "output": [], "status": None, "sigint-after": None,
            "tern-args": [], "stderr": [], "stderr-int": []}
    with open(path) as f:
        for line in f:
            m = re.match(r"#\s*(expect|output|status|sigint-after|tern-args|stderr|stderr-int):\s?(.*)$",
                     line.rstrip("\n"))
            if not m:
                continue
            key, val = m.group(1), m.group(2)
            if key in ("expect", "output", "stderr", "stderr-int"):
                spec[key].append(val)
            elif key == "tern-args":
                spec[key] += val.split()
            elif key == "status":
                spec[key] = int(val)
            else:
                spec[key] = float(val)
    return spec


def start_tern(tern, elf, extra, user):
    # --user: tern-user -g 0 PROGRAM ARGS (held before its first instruction,
    # as qemu-user -g); "# tern-args:" then go after the program.
    cmd = [tern, "-g", "0", elf] + extra if user else \
        [tern, "-kernel", elf, "-gdb", "tcp::0", "-S"] + extra
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = b""
    deadline = time.time() + 10
    while time.time() < deadline and not line.endswith(b"\n"):
        c = proc.stderr.read(1)
        if not c:
            break
        line += c
    m = re.search(rb"listening on ([\d.]+):(\d+)", line)
    if not m:
        proc.kill()
        sys.exit("FAIL: tern-system did not report its gdb port: %r" % line)
    return proc, int(m.group(2))


def collect(stream, sink):
    sink.append(stream.read())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tern", required=True)
    ap.add_argument("--gdb", default="gdb-multiarch")
    ap.add_argument("--elf", required=True)
    ap.add_argument("--script", required=True)
    ap.add_argument("--user", action="store_true", help="tern is tern-user")
    args = ap.parse_args()
    spec = parse_headers(args.script)

    tern, port = start_tern(args.tern, args.elf, spec["tern-args"], args.user)
    uart, tern_err = [], []
    readers = [threading.Thread(target=collect, args=(tern.stdout, uart)),
               threading.Thread(target=collect, args=(tern.stderr, tern_err))]
    for t in readers:
        t.start()

    with tempfile.NamedTemporaryFile("w", suffix=".gdb", delete=False) as cmd:
        cmd.write("set pagination off\nset confirm off\nset width 0\n")
        cmd.write("target remote 127.0.0.1:%d\n" % port)
        with open(args.script) as f:
            cmd.write(f.read())
        cmd_path = cmd.name
    gdb = subprocess.Popen([args.gdb, "-batch", "-nx", "-x", cmd_path, args.elf],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           start_new_session=True)
    if spec["sigint-after"] is not None:
        def interrupt():
            time.sleep(spec["sigint-after"])
            if gdb.poll() is None:
                gdb.send_signal(signal.SIGINT)
        threading.Thread(target=interrupt, daemon=True).start()
    try:
        gdb_out = gdb.communicate(timeout=TIMEOUT)[0].decode(errors="replace")
    except subprocess.TimeoutExpired:
        gdb.kill()
        gdb_out = gdb.communicate()[0].decode(errors="replace") + "\n<gdb timed out>"
    try:
        status = tern.wait(timeout=20)
    except subprocess.TimeoutExpired:
        tern.kill()
        status = "hung (killed)"
    for t in readers:
        t.join(timeout=5)
    os.unlink(cmd_path)
    uart_out = b"".join(uart).decode(errors="replace")
    err_out = b"".join(tern_err).decode(errors="replace")

    failures = []
    if gdb_out.endswith("<gdb timed out>"):
        failures.append("gdb did not finish within %d s" % TIMEOUT)
    for rx in spec["expect"]:
        if not re.search(rx, gdb_out, re.M):
            failures.append("gdb output lacks /%s/" % rx)
    for rx in spec["output"]:
        if not re.search(rx, uart_out, re.M):
            failures.append("guest output lacks /%s/" % rx)
    for rx in spec["stderr"]:
        if not re.search(rx, err_out, re.M):
            failures.append("tern-system stderr lacks /%s/" % rx)
    for check in spec["stderr-int"]:
        op, bound, rx = check.split(None, 2)
        m = re.search(rx, err_out, re.M)
        ok = {">=": lambda v: v >= int(bound), "<=": lambda v: v <= int(bound)}[op]
        if not m or not ok(int(m.group(1))):
            failures.append("tern-system stderr: /%s/ is %s, expected %s %s"
                            % (rx, m.group(1) if m else "missing", op, bound))
    if spec["status"] is not None and status != spec["status"]:
        failures.append("tern-system exit status %s, expected %d" % (status, spec["status"]))
    print("---- gdb ----\n" + gdb_out)
    print("---- guest UART ----\n" + uart_out)
    print("---- tern-system stderr ----\n" + err_out)
    if failures:
        print("FAIL: " + "; ".join(failures))
        return 1
    print("PASS %s" % os.path.basename(args.script))
    return 0


if __name__ == "__main__":
    sys.exit(main())
