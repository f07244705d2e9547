#!/usr/bin/python3
"""bench/plot_user.py — draws the user-mode results of bench/run.py (engines
user, qemu, native) as a PNG: per program, the median seconds of tern-user,
qemu-mipsel and the native amd64 run, on a log scale, with tern's speed
relative to qemu written above each group.

Usage: bench/plot_user.py RESULTS.csv [OUT.png]  (default OUT: docs/performance-user.png)

Kept apart from the runner so that running benchmarks never needs matplotlib
(Debian: python3-matplotlib).
"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENGINES = [("user", "tern-user", "#2a7ab9"), ("qemu", "qemu-mipsel", "#d9822b"),
           ("native", "native amd64", "#5a9e4b")]


def load(path):
    """{program: {engine: median seconds}} of the programs tern-user ran, in file order."""
    med, order = {}, []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["status"] != "ok" or not row["median_s"]:
                continue
            if row["program"] not in med:
                med[row["program"]] = {}
                order.append(row["program"])
            med[row["program"]][row["engine"]] = float(row["median_s"])
    return [(p, med[p]) for p in order if "user" in med[p]]


def main():
    src = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "docs", "performance-user.png")
    data = load(src)
    fig, ax = plt.subplots(figsize=(11, 4.8))
    width = 0.8 / len(ENGINES)
    for i, (key, label, color) in enumerate(ENGINES):
        xs = [j + (i - 1) * width for j, (_, m) in enumerate(data) if key in m]
        ys = [m[key] for _, m in data if key in m]
        ax.bar(xs, ys, width, label=label, color=color)
    for j, (_, m) in enumerate(data):
        if "qemu" in m:
            ax.text(j, max(m.values()) * 1.15, f"{m['qemu'] / m['user']:.2f}x", ha="center",
                    fontsize=8)
    ax.set_yscale("log")
    ax.set_xticks(range(len(data)))
    ax.set_xticklabels([p for p, _ in data], rotation=30, ha="right")
    ax.set_ylabel("median wall-clock seconds (log)")
    ax.set_title("User mode: tern-user vs qemu-mipsel vs native (label: qemu s / tern s)")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
