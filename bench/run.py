#!/usr/bin/env python3
"""bench/run.py — the benchmark runner: times every bench/ program under each
engine and peer, N runs each, and prints (and saves) the table of medians.

Usage: bench/run.py [--build DIR] [--tern EXE] [--no-build] [--runs N] [--interp-runs N] [--engines LIST]
                    [--programs LIST] [--order el|eb] [--scale S] [--timeout SEC]
                    [--out PREFIX]

Engines (--engines, comma-separated; default interp,jit,qemu):
  interp, jit, verify   tern-system -kernel NAME.ORDER.elf --engine=E (jit adds --stats)
  qemu                  qemu-mipsel / qemu-mips -cpu 24Kf NAME.ORDER.user.elf
  user                  tern-user NAME.ORDER.user.elf (Linux user mode, issue 4)
  native                the host itself (real programs only: the bench/ programs
                        need tern's bare-metal runtime)

Real programs (--user-programs, default: every line of bench/user_programs when
user or native is among the engines): Debian's mipsel packages from
cache/sysroot-mipsel under tern-user and qemu-mipsel (both -L that sysroot), and
the amd64 builds from cache/native-amd64 (else the host's) natively. Their stdout
is hashed; every run must exit 0 with the first engine's hash. The ratio table
gives tern vs qemu (qemu s / tern s: above 1, tern is faster) and tern vs native
(tern s / native s: the slowdown), with geometric means. Typical:
  bench/run.py --build build-bench --no-build --engines user,qemu,native --runs 3
To add a peer (e.g. native builds), add a row to RUNNERS: a name and a function
from (args, program, order) to the command line, or None when unavailable.

Every run must exit 0 and print the same "bench NAME checksum ..." line as the
first engine that ran the program; otherwise the cell says FAIL (the remaining
runs of that cell are skipped, so a hang costs one timeout, not N). Wall-clock
time is measured around the whole process, so it includes tern's start-up and,
for the JIT, translation. The machine is shared: read medians and ratios.

Writes PREFIX.md (the tables) and PREFIX.csv (one row per program and engine);
PREFIX defaults to bench/results/latest. bench/plot.py turns the CSV into a PNG.
"""
import argparse
import csv
import hashlib
import math
import os
import random
import shlex
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = ["integer", "memory", "branchy", "call", "fp", "cold"]
CHECKSUM = re.compile(r"bench [a-z]+ checksum 0x[0-9a-f]+")
USER_ENGINES = ("user", "qemu", "native")
CACHE = os.path.join(ROOT, "cache")
SYSROOT = os.path.join(CACHE, "sysroot-mipsel")
NATIVE = os.path.join(CACHE, "native-amd64")
# Environment a native run of a cache/native-amd64 program needs (its
# libraries, and Python's standard library, live in the cache, not in /usr).
NATIVE_LIBS = f"{NATIVE}/lib/x86_64-linux-gnu:{NATIVE}/usr/lib/x86_64-linux-gnu"
NATIVE_ENV = {"/usr/bin/python3.11": {"PYTHONHOME": f"{NATIVE}/usr"}}

# tern's --stats lines (core/jit.c jit_print_stats): key -> (regex, scale).
STATS = {
    "executed": (r"guest instructions executed\s+(\d+)", 1),
    "translated": (r"guest instructions translated\s+(\d+)", 1),
    "host_bytes_per_insn": (r"host bytes per guest insn\s+([\d.]+)", 1),
    "translate_s": (r"translation time\s+([\d.]+) s", 1),
    "translated_per_s": (r"translated per second\s+([\d.]+) K", 1e3),
    "invalidations": (r"code invalidations\s+(\d+)", 1),
    "flushes": (r"code cache flushes\s+(\d+)", 1),
}


def tern_cmd(engine):
    def build(args, prog, order):
        exe = args.tern or os.path.join(args.build, "tern-system")
        elf = os.path.join(args.guest_dir, f"{prog}.{order}.elf")
        return [exe, "-kernel", elf, f"--engine={engine}", "--stats"]
    return build


def qemu_cmd(args, prog, order):
    exe = shutil.which("qemu-mipsel" if order == "el" else "qemu-mips")
    elf = os.path.join(args.guest_dir, f"{prog}.{order}.user.elf")
    return [exe, "-cpu", "24Kf", elf] if exe else None


def user_cmd(args, prog, order):
    exe = args.tern_user or os.path.join(args.build, "tern-user")
    elf = os.path.join(args.guest_dir, f"{prog}.{order}.user.elf")
    return [exe, elf] if os.access(exe, os.X_OK) else None


RUNNERS = {
    "interp": tern_cmd("interp"),
    "jit": tern_cmd("jit"),
    "verify": tern_cmd("verify"),
    "qemu": qemu_cmd,
    "user": user_cmd,
    "native": lambda args, prog, order: None,
}


def load_user_programs():
    """[(name, package path, [arg words])] from bench/user_programs."""
    out = []
    with open(os.path.join(ROOT, "bench", "user_programs")) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                words = shlex.split(line)
                out.append((words[0], words[1], words[2:]))
    return out


def bench_input(mb):
    """The fixed text file of MB MiB real programs read: deterministic words
    and numbers (compressible like text), generated once into cache/bench-input."""
    path = os.path.join(CACHE, "bench-input", f"input-{mb}m.txt")
    if os.path.exists(path):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    rng = random.Random(20240601)
    vocab = ["".join(rng.choice("etaoinshrdlucmfwyp") for _ in range(rng.randint(2, 9)))
             for _ in range(3000)]
    with open(path + ".tmp", "w") as f:
        size, line_no = 0, 0
        while size < mb << 20:
            line = f"{line_no} " + " ".join(rng.choices(vocab, k=12)) + f" {rng.random():.6f}\n"
            f.write(line)
            size += len(line)
            line_no += 1
    os.rename(path + ".tmp", path)
    return path


def real_cmd(args, engine, prog, words):
    """(command, extra environment) of one real program under ENGINE, or None."""
    argv = [w.replace("{input}", args.input).replace("{dir}", os.path.join(ROOT, "bench", "user"))
            for w in words]
    if engine == "user":
        exe = args.tern_user or os.path.join(args.build, "tern-user")
        ok = os.access(exe, os.X_OK) and os.access(SYSROOT + prog, os.X_OK)
        return ([exe, "-L", SYSROOT, "-0", prog, SYSROOT + prog] + argv, {}) if ok else None
    if engine == "qemu":
        exe = shutil.which("qemu-mipsel")
        ok = exe and os.access(SYSROOT + prog, os.X_OK)
        return ([exe, "-L", SYSROOT, "-0", prog, SYSROOT + prog] + argv, {}) if ok else None
    if engine == "native":
        if os.access(NATIVE + prog, os.X_OK):
            return [NATIVE + prog] + argv, dict(NATIVE_ENV.get(prog, {}), LD_LIBRARY_PATH=NATIVE_LIBS)
        return ([prog] + argv, {}) if os.access(prog, os.X_OK) else None
    return None


def parse_args():
    p = argparse.ArgumentParser(description="Run tern's benchmarks and tabulate medians.")
    p.add_argument("--build", default=os.path.join(ROOT, "build"), help="CMake build dir")
    p.add_argument("--runs", type=int, default=5, help="runs per program and engine")
    p.add_argument("--interp-runs", type=int, help="runs under interp (default: --runs)")
    p.add_argument("--engines", default="interp,jit,qemu", help="comma-separated, see above")
    p.add_argument("--programs", default=",".join(PROGRAMS))
    p.add_argument("--order", default="el", choices=["el", "eb"], help="guest byte order")
    p.add_argument("--scale", type=int, help="reconfigure with TERN_BENCH_SCALE=S first")
    p.add_argument("--timeout", type=float, default=600, help="seconds per run")
    p.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "latest"))
    p.add_argument("--tern", help="tern-system to time (default: BUILD/tern-system)")
    p.add_argument("--no-build", action="store_true", help="use the programs as they are")
    p.add_argument("--user-programs", help="real programs from bench/user_programs "
                   "(comma-separated; default all when user, qemu or native is an engine)")
    p.add_argument("--tern-user", help="tern-user to time (default: BUILD/tern-user)")
    p.add_argument("--input-mb", type=int, default=20, help="size of the real programs' input")
    a = p.parse_args()
    a.engines = [e for e in a.engines.split(",") if e]
    a.programs = [x for x in a.programs.split(",") if x]
    known = {name: (prog, words) for name, prog, words in load_user_programs()}
    if a.user_programs is None:
        # qemu alone is the bare-metal comparison's peer: no real programs then.
        a.user_programs = ",".join(known) if {"user", "native"} & set(a.engines) else ""
    a.real = {}
    for name in [x for x in a.user_programs.split(",") if x]:
        if name not in known:
            p.error(f"unknown user program '{name}' (known: {', '.join(known)})")
        a.real[name] = known[name]
    for e in a.engines:
        if e not in RUNNERS:
            p.error(f"unknown engine '{e}' (known: {', '.join(RUNNERS)})")
    a.interp_runs = a.interp_runs or a.runs
    a.guest_dir = os.path.join(a.build, "guest", "bench")
    return a


def build(args):
    """Configures (guest programs on) and builds the bench target; exits on failure."""
    conf = ["cmake", "-S", ROOT, "-B", args.build, "-DTERN_GUEST_TESTS=ON"]
    if args.scale:
        conf.append(f"-DTERN_BENCH_SCALE={args.scale}")
    if args.scale or not os.path.exists(os.path.join(args.build, "CMakeCache.txt")):
        subprocess.run(conf, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", args.build, "-j2", "--target", "bench"], check=True,
                   stdout=subprocess.DEVNULL)


def run_once(cmd, timeout, env=None, real=False):
    """One timed run: (seconds, checksum line or None, stderr, error string or None).
    A real program's "checksum" is the SHA-256 of its stdout."""
    full_env = dict(os.environ, **env) if env else None
    t0 = time.perf_counter()
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=timeout, env=full_env)
    except subprocess.TimeoutExpired:
        return None, None, "", f"timeout after {timeout:.0f} s"
    secs = time.perf_counter() - t0
    err = r.stderr.decode(errors="replace")
    if real:
        line = "sha256 " + hashlib.sha256(r.stdout).hexdigest()[:16]
        return secs, (line if r.returncode == 0 else None), err, \
            (f"exit status {r.returncode}" if r.returncode else None)
    m = CHECKSUM.search(r.stdout.decode(errors="replace"))
    if r.returncode != 0 or not m:
        return secs, None, err, f"exit status {r.returncode}"
    return secs, m.group(0), err, None


def parse_stats(text):
    out = {}
    for key, (rx, scale) in STATS.items():
        m = re.search(rx, text)
        if m:
            out[key] = float(m.group(1)) * scale
    return out


def measure(args):
    """Runs everything, interleaving engines run by run; returns {(prog, engine): cell}."""
    cells = {}
    for prog in args.programs + list(args.real):
        expect = None
        real = prog in args.real
        for e in args.engines:
            env = {}
            if real:
                got = real_cmd(args, e, *args.real[prog])
                cmd, env = got if got else (None, {})
            else:
                cmd = RUNNERS[e](args, prog, args.order)
            cells[(prog, e)] = {"cmd": cmd, "env": env, "real": real, "times": [], "stats": {},
                                "error": None if cmd else "not available"}
        for i in range(max(args.runs, args.interp_runs)):
            for e in args.engines:
                c = cells[(prog, e)]
                limit = args.interp_runs if e == "interp" else args.runs
                if c["error"] or i >= limit:
                    continue
                secs, line, err, fail = run_once(c["cmd"], args.timeout, c["env"], c["real"])
                expect = expect or line
                if fail or line != expect:
                    c["error"] = fail or f"checksum {line} != {expect}"
                    print(f"  {prog} {e}: FAIL ({c['error']}) {err.strip()[-200:]}",
                          file=sys.stderr)
                    continue
                c["times"].append(secs)
                c["stats"].update(parse_stats(err))
                c["checksum"] = line.split()[-1]
                print(f"  {prog} {e} run {i + 1}: {secs:.3f} s", file=sys.stderr)
    return cells


def median(c):
    return statistics.median(c["times"]) if c and c["times"] and not c["error"] else None


def executed(cells, prog, engines):
    """Guest instructions of PROG: the same on every engine, from whichever printed it."""
    for e in engines:
        n = cells[(prog, e)]["stats"].get("executed")
        if n:
            return n
    return None


def fmt(x, spec=".2f", none="n/a"):
    return none if x is None else format(x, spec)


def cell_text(c):
    m = median(c)
    if m is not None:
        return f"{m:.3f}"
    return "FAIL" if c["error"] and c["error"] != "not available" else "n/a"


def time_table(args, cells):
    """Median seconds per engine, ratios to interp (and jit vs qemu), insns/s."""
    es = args.engines
    head = ["program"] + [f"{e} s" for e in es]
    head += [f"{e}/interp speedup" for e in es if e != "interp" and "interp" in es]
    if "jit" in es and "qemu" in es:
        head.append("jit vs qemu")
    head += [f"{e} Minsn/s" for e in es if e in ("interp", "jit", "user")]
    rows = [head]
    for prog in args.programs + list(args.real):
        med = {e: median(cells[(prog, e)]) for e in es}
        row = [prog] + [cell_text(cells[(prog, e)]) for e in es]
        for e in es:
            if e != "interp" and "interp" in es:
                ok = med[e] and med["interp"]
                row.append(fmt(med["interp"] / med[e] if ok else None, ".1f") + ("x" if ok else ""))
        if "jit" in es and "qemu" in es:
            ok = med["jit"] and med["qemu"]
            row.append(fmt(med["qemu"] / med["jit"] if ok else None, ".2f") + ("x" if ok else ""))
        n = executed(cells, prog, es)
        for e in es:
            if e in ("interp", "jit", "user"):
                row.append(fmt(n / med[e] / 1e6 if n and med[e] else None, ".1f"))
        rows.append(row)
    return rows


def geomean(xs):
    xs = [x for x in xs if x]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def user_table(args, cells):
    """User mode: tern vs qemu (qemu s / tern s, above 1 = tern faster) and tern vs
    native (tern s / native s, the slowdown), per program and as geometric means."""
    es = args.engines
    if "user" not in es or not ({"qemu", "native"} & set(es)):
        return None
    head = ["program"] + [f"{e} s" for e in USER_ENGINES if e in es]
    head += [h for e, h in (("qemu", "tern vs qemu"), ("native", "tern / native")) if e in es]
    rows, ratios = [head], {"qemu": [], "native": []}
    for prog in args.programs + list(args.real):
        med = {e: median(cells[(prog, e)]) for e in USER_ENGINES if e in es}
        if not med.get("user"):
            continue
        row = [prog] + [cell_text(cells[(prog, e)]) for e in USER_ENGINES if e in es]
        for e in ("qemu", "native"):
            if e not in es:
                continue
            r = None
            if med.get(e):
                r = med[e] / med["user"] if e == "qemu" else med["user"] / med[e]
                ratios[e].append(r)
            row.append(fmt(r, ".2f") + ("x" if r else ""))
        rows.append(row)
    mean = ["geometric mean"] + ["" for e in USER_ENGINES if e in es]
    for e in ("qemu", "native"):
        if e in es:
            g = geomean(ratios[e])
            mean.append(f"**{fmt(g, '.2f')}x**" if g else "n/a")
    rows.append(mean)
    return rows


def translation_table(args, cells):
    """The JIT's translation figures per program (the cold one is the one that matters)."""
    rows = [["program", "translated insns", "host bytes/insn", "translation s",
             "translated Minsn/s", "invalidations", "flushes"]]
    for prog in args.programs:
        s = cells.get((prog, "jit"), {}).get("stats", {})
        if not s:
            continue
        rows.append([prog, fmt(s.get("translated"), ".0f"), fmt(s.get("host_bytes_per_insn"), ".1f"),
                     fmt(s.get("translate_s"), ".3f"),
                     fmt(s.get("translated_per_s", 0) / 1e6 or None, ".2f"),
                     fmt(s.get("invalidations"), ".0f"), fmt(s.get("flushes"), ".0f")])
    return rows if len(rows) > 1 else None


def markdown(rows):
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(out)


def machine(args):
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "unknown"
    qemu = shutil.which("qemu-mipsel")
    qv = subprocess.run([qemu, "-version"], capture_output=True, text=True).stdout.split("\n")[0] \
        if qemu else "none"
    return (f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
            f"load average {os.getloadavg()[0]:.1f} at start; tern {commit}; {qv}")


def write_results(args, cells, text):
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out + ".md", "w") as f:
        f.write(text + "\n")
    with open(args.out + ".csv", "w", newline="") as f:
        w = csv.writer(f)
        keys = list(STATS)
        w.writerow(["program", "engine", "runs", "median_s", "min_s", "max_s", "status",
                    "checksum"] + keys)
        for (prog, e), c in cells.items():
            t = c["times"]
            w.writerow([prog, e, len(t), fmt(median(c), ".4f", ""),
                        fmt(min(t) if t else None, ".4f", ""), fmt(max(t) if t else None, ".4f", ""),
                        c["error"] or "ok", c.get("checksum", "")]
                       + [c["stats"].get(k, "") for k in keys])


def main():
    args = parse_args()
    if not args.no_build:
        build(args)
    args.input = bench_input(args.input_mb) if args.real else None
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    info = machine(args)
    cells = measure(args)
    cmdline = "bench/run.py " + " ".join(sys.argv[1:])
    text = [f"# tern benchmarks, {started}", "", f"Command: `{cmdline}`", "",
            f"Machine: {info}", "",
            f"Guest byte order {args.order}; median wall-clock seconds of {args.runs} runs "
            f"({args.interp_runs} under interp); speedup = interp median / engine median; "
            "Minsn/s = guest instructions executed (from tern --stats) / median seconds.", "",
            markdown(time_table(args, cells))]
    ut = user_table(args, cells)
    if ut:
        text += ["", "User mode (tern-user vs qemu-mipsel vs native; real programs read "
                 f"a {args.input_mb} MiB input):", "", markdown(ut)]
    tt = translation_table(args, cells)
    if tt:
        text += ["", "Translation (jit --stats, one run):", "", markdown(tt)]
    text = "\n".join(text)
    print(text)
    write_results(args, cells, text)
    print(f"\nwrote {args.out}.md and {args.out}.csv", file=sys.stderr)
    return 1 if any(c["error"] and c["error"] != "not available" for c in cells.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
