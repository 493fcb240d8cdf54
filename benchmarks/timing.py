"""Timing helpers shared by the benchmark scripts: medians, ratios and plain tables."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from anyi_kg.store.results import width


def median_ms(work: Callable[[], Any], repeat: int, warmup: int = 1) -> float:
    """Median wall time of ``work()`` in milliseconds, after ``warmup`` untimed runs."""
    return medians_ms(work, repeat, warmup)[0]


def medians_ms(work: Callable[[], Any], repeat: int, warmup: int = 1) -> tuple[float, float]:
    """Median wall time and median CPU time of this process for ``work()``, in milliseconds.

    On a shared machine the wall time includes waiting for a core; the CPU time does not.
    """
    for _ in range(warmup):
        work()
    wall, cpu = [], []
    for _ in range(repeat):
        gc.collect()
        started, started_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def ms(value: float) -> str:
    """Milliseconds with three significant figures."""
    return f"{value:.3g}" if value < 1000 else f"{value:,.0f}"


def ratio(slow: float, fast: float) -> str:
    return f"{slow / fast:,.0f}x" if slow / fast >= 10 else f"{slow / fast:.2f}x"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table, right-aligning everything but the first column (CJK counts double)."""
    cells = [[str(c) for c in headers], *([str(c) for c in row] for row in rows)]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        padded = [row[0] + " " * (widths[0] - width(row[0]))]
        padded += [" " * (w - width(c)) + c for c, w in zip(row[1:], widths[1:], strict=True)]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])
