"""Load and query times on the Anyi graph: Oxigraph embedded against rdflib's in-memory store.

Every named question runs with its default parameters on both stores in one run, and the
script prints medians and their ratios (targets: every question <= 2 ms on Oxigraph and >= 20x
faster than rdflib).

    python benchmarks/bench_anyi.py            # full run
    python benchmarks/bench_anyi.py --quick    # fewer repetitions, for CI
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from timing import median_ms, medians_ms, ms, ratio, table
from tqdm import tqdm

from anyi_kg import query as q
from anyi_kg.store import OxigraphStore, RdflibStore, dataset_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (CI)")
    parser.add_argument("--source", type=Path, help="dataset file (default dist/anyi-kg.nq)")
    args = parser.parse_args()
    source = args.source or dataset_file()
    load_repeat, oxi_repeat, rdf_repeat = (1, 5, 1) if args.quick else (5, 51, 5)

    oxigraph_load = median_ms(lambda: OxigraphStore.load(source), load_repeat)
    rdflib_load = median_ms(lambda: RdflibStore.load(source), load_repeat, warmup=0)
    oxigraph = OxigraphStore.load(source)
    print(f"# Anyi graph: {len(oxigraph)} quads from {source}\n")
    print(table(
        ["load", "Oxigraph ms", "rdflib ms", "rdflib / Oxigraph"],
        [["dataset", ms(oxigraph_load), ms(rdflib_load), ratio(rdflib_load, oxigraph_load)]],
    ))  # fmt: skip

    # Oxigraph is timed before rdflib's store fills the heap (its garbage slows every query)
    names = q.names()
    fast = {}
    for name in tqdm(names, desc="Oxigraph", leave=False):
        fast[name] = medians_ms(lambda n=name: oxigraph.query(n), oxi_repeat)  # type: ignore[misc]
    pages = []
    for name in q.page_names():
        page = q.prepare(q.page_query(name))
        timed = medians_ms(lambda p=page: oxigraph.execute(p, None), oxi_repeat)  # type: ignore[misc]
        pages.append((name, len(oxigraph.execute(page, None)), *timed))
    rdflib = RdflibStore.load(source)
    measured = []
    for name in tqdm(names, desc="rdflib", leave=False):
        slow = median_ms(lambda n=name: rdflib.query(n), rdf_repeat, warmup=0)  # type: ignore[misc]
        measured.append((name, len(oxigraph.query(name)), *fast[name], slow))
    print()
    print(table(
        ["named question", "rows", "Oxigraph ms", "(CPU ms)", "rdflib ms", "rdflib / Oxigraph"],
        [[n, rows, ms(f), ms(c), ms(s), ratio(s, f)] for n, rows, f, c, s in measured],
    ))  # fmt: skip
    print("\nThe explorer's page queries (queries/explorer/, not questions), defaults bound:\n")
    print(table(
        ["page query", "rows", "Oxigraph ms", "(CPU ms)"],
        [[n, rows, ms(f), ms(c)] for n, rows, f, c in pages],
    ))  # fmt: skip
    within = sum(1 for *_, f, _, _ in measured if f <= 2)
    slowest = max(measured, key=lambda m: m[2])
    worst = min(s / f for *_, f, _, s in measured)
    print(
        f"\n{within} of {len(measured)} questions within 2 ms on Oxigraph (target: all); slowest "
        f"{slowest[0]} {ms(slowest[2])} ms ({ms(slowest[3])} ms of CPU); smallest speed-up over "
        f"rdflib {worst:.0f}x (target >= 20x); load average {os.getloadavg()[0]:.2f} on "
        f"{os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
