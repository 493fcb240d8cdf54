"""Time from command to drawn page for the network views (issue 5), and print the figures.

Medians of ``--runs`` runs, in headless Chromium started once (a reader's browser is already
open), offline. Each figure is the Python side plus the browser side:

- Python: ``anyi-kg viz VIEW -o FILE`` as a process (reading the Turtle, conversion, layout,
  page), its bytecode caches warmed by one untimed run as on any installed copy; or, from a
  networkx graph already in memory, ``viz.save`` alone (layout and page): the measure of the
  issue's pyvis baseline (1,000 nodes: 46 s; 5,000: unfinished after 180 s).
- Browser: from navigation start to the page's first drawing of the network, as the page
  itself records it (``performance.now()`` at vis-network's first ``afterDrawing``).
- Load: the one-minute load average when the row's runs end (the machine may be shared).

Synthetic graphs come from ``viz_synthetic`` (about 12 triples per node to read).
Run: ``.venv/bin/python benchmarks/viz_timings.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from playwright.sync_api import BrowserContext, sync_playwright
from viz_synthetic import synthetic

from anyi_kg.graph.build import assemble
from anyi_kg.network.convert import to_networkx
from anyi_kg.network.page import save
from anyi_kg.network.views import view

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from chromium import launch  # noqa: E402  (the browser exactly as the test suites start it)

CLI = [sys.executable, "-m", "anyi_kg.cli"]
VIEWS = ("chain", "timeline", "all")


def drawn(context: BrowserContext, page_file: Path) -> tuple[int, float]:
    """Open the page in a new tab; the nodes it drew and the seconds it took to draw them."""
    page = context.new_page()
    page.goto(page_file.as_uri())
    page.wait_for_selector(".anyi-network[data-drawn]", timeout=180_000)
    nodes, ms = page.evaluate(
        "(() => { const root = document.querySelector('.anyi-network');"
        " return [root.anyiView.nodes.length, Number(root.dataset.drawn)]; })()"
    )
    page.close()
    return int(nodes), ms / 1000


def measure(
    context: BrowserContext, write: Callable[[], object], out: Path, runs: int
) -> tuple[int, float, float]:
    """Nodes drawn, median seconds to write the page and median seconds to draw it."""
    write()  # warm-up: bytecode and disk caches
    nodes, _ = drawn(context, out)
    python, browser = [], []
    for _ in range(runs):
        start = time.perf_counter()
        write()
        python.append(time.perf_counter() - start)
        browser.append(drawn(context, out)[1])
    return nodes, statistics.median(python), statistics.median(browser)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000])
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="anyi-viz-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")

    def command(args: list[str], out: Path) -> Callable[[], object]:
        argv = [*CLI, *args, "-o", str(out)]
        return lambda: subprocess.run(argv, check=True, env=env, capture_output=True)

    anyi = to_networkx(assemble().union())
    cases = [(f"Anyi {kind}", ["viz", kind], view(anyi, kind)) for kind in VIEWS]
    for size in options.sizes:
        rdf = synthetic(size)
        graph_dir = work / f"synthetic-{size}"
        graph_dir.mkdir()
        rdf.serialize(graph_dir / "facts.ttl", format="turtle", encoding="utf-8")
        args = ["viz", "all", "--graph", str(graph_dir)]
        cases.append((f"synthetic {size}", args, view(to_networkx(rdf), "all")))
    rows = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
        for name, args, shown in cases:
            out = work / f"{name.replace(' ', '-')}.html"
            for start, write in (
                ("command", command(args, out)),
                ("networkx", partial(save, shown, out)),
            ):
                figures = measure(context, write, out, options.runs)
                rows.append((name, start, figures, os.getloadavg()[0]))
        browser.close()
    print(f"{'graph':18} {'from':9} {'nodes':>6} {'python':>8} {'browser':>8} {'total':>8}  load")
    for name, start, (nodes, python, drawing), load in rows:
        times = f"{python:7.2f}s {drawing:7.2f}s {python + drawing:7.2f}s"
        print(f"{name:18} {start:9} {nodes:6d} {times} {load:5.2f}")


if __name__ == "__main__":
    main()
