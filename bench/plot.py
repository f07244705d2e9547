#!/usr/bin/python3
"""bench/plot.py — draws a results CSV of bench/run.py as a bar chart (PNG) of
speedups over tern's interpreter, one group of bars per program, one bar per
other engine (jit, qemu, user...), on a log scale since they span 0.1x-1000x.

Usage: bench/plot.py RESULTS.csv [OUT.png]   (default OUT: docs/performance.png)

A docs tool, kept apart from the runner so that running benchmarks never needs
matplotlib (Debian: python3-matplotlib).
"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(path):
    """{program: {engine: median seconds}} for the cells that ran correctly."""
    med, order = {}, []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["program"] not in med:
                med[row["program"]] = {}
                order.append(row["program"])
            if row["status"] == "ok" and row["median_s"]:
                med[row["program"]][row["engine"]] = float(row["median_s"])
    return med, order


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.split("\n\n")[1])
    out = sys.argv[2] if len(sys.argv) == 3 else os.path.join(ROOT, "docs", "performance.png")
    med, programs = load(sys.argv[1])
    engines = sorted({e for p in med.values() for e in p if e != "interp"})
    if not engines:
        sys.exit("plot.py: no engine besides interp ran correctly; nothing to plot")
    fig, ax = plt.subplots(figsize=(8, 4.5))
    width = 0.8 / len(engines)
    for k, e in enumerate(engines):
        xs, ys = [], []
        for i, p in enumerate(programs):
            if "interp" in med[p] and e in med[p]:
                xs.append(i + (k - (len(engines) - 1) / 2) * width)
                ys.append(med[p]["interp"] / med[p][e])
        bars = ax.bar(xs, ys, width, label=e)
        ax.bar_label(bars, labels=[f"{y:.0f}x" if y >= 10 else f"{y:.1f}x" for y in ys],
                     fontsize=8)
    ax.set_yscale("log")
    ax.axhline(1, color="black", linewidth=0.8)
    ax.set_xticks(range(len(programs)), programs)
    ax.set_ylabel("speedup over tern --engine=interp (median wall time)")
    ax.set_title("tern benchmarks: " + os.path.basename(sys.argv[1]))
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
