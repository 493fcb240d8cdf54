"""Build time and peak memory of ``anyi-kg build`` on synthetic graph directories.

Each graph is written by ``synthetic.py`` (one Turtle file and one synthetic source text per
county); each build runs as a user runs it, in a process of its own, whose wall time, CPU time
and peak resident memory (``ru_maxrss`` of that process) are printed beside the load average of
the machine. Goal at 1M triples: <= 30 s and <= 2 GB.

    python benchmarks/bench_build.py                 # 100k and 1M triples, two builds each
    python benchmarks/bench_build.py --sizes 100000 --repeat 1
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import synthetic
from timing import table

GOAL_SECONDS, GOAL_BYTES = 30.0, 2 * 1024**3


def build_once(graph: Path, out: Path) -> tuple[float, float, int]:
    """One ``anyi-kg build`` in a new process: wall seconds, CPU seconds, peak RSS in bytes."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "anyi_kg.cli", "build", "--graph", str(graph), "--out", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    assert process.stderr is not None
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {process.stderr.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=2, help="builds per size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, help="where to write the graphs (default: temporary)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.dir or Path(scratch)
        for size in args.sizes:
            graph = directory / f"graph-{size}"
            shutil.rmtree(graph, ignore_errors=True)
            triples = synthetic.write_graph(graph, size, args.seed)
            for run in range(args.repeat):
                load = os.getloadavg()[0]
                wall, cpu, peak = build_once(graph, directory / f"dist-{size}")
                rows.append([
                    f"{triples:,}", run + 1, f"{wall:.1f}", f"{cpu:.1f}", f"{peak / 1e6:,.0f}",
                    f"{wall / GOAL_SECONDS:.2f}", f"{peak / GOAL_BYTES:.2f}", f"{load:.2f}",
                ])  # fmt: skip
    print(table(
        ["triples", "run", "wall s", "CPU s", "peak MB", "wall / 30 s", "peak / 2 GB", "load"],
        rows,
    ))  # fmt: skip


if __name__ == "__main__":
    main()
