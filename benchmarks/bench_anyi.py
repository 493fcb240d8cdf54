"""Load and query times on the Anyi graph: Oxigraph embedded against rdflib's in-memory store.

Every named question runs with its default parameters on both stores in one run, and the
script prints medians and their ratios (targets: every question <= 2 ms on Oxigraph and >= 20x
faster than rdflib).

    python benchmarks/bench_anyi.py            # full run
    python benchmarks/bench_anyi.py --quick    # fewer repetitions, for CI
"""

from __future__ import annotations

import argparse
from pathlib import Path

from timing import median_ms, ms, ratio, table
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
    oxigraph, rdflib = OxigraphStore.load(source), RdflibStore.load(source)
    print(f"# Anyi graph: {len(oxigraph)} quads from {source}\n")
    print(table(
        ["load", "Oxigraph ms", "rdflib ms", "rdflib / Oxigraph"],
        [["dataset", ms(oxigraph_load), ms(rdflib_load), ratio(rdflib_load, oxigraph_load)]],
    ))  # fmt: skip

    rows, worst, slowest = [], float("inf"), 0.0
    for name in tqdm(q.names(), desc="named questions", leave=False):
        answer = oxigraph.query(name)
        fast = median_ms(lambda n=name: oxigraph.query(n), oxi_repeat)  # type: ignore[misc]
        slow = median_ms(lambda n=name: rdflib.query(n), rdf_repeat)  # type: ignore[misc]
        rows.append([name, len(answer), ms(fast), ms(slow), ratio(slow, fast)])
        worst, slowest = min(worst, slow / fast), max(slowest, fast)
    print()
    print(table(["named question", "rows", "Oxigraph ms", "rdflib ms", "rdflib / Oxigraph"], rows))
    print(
        f"\nslowest question on Oxigraph: {ms(slowest)} ms (target <= 2 ms: "
        f"{'met' if slowest <= 2 else 'missed'}); smallest speed-up over rdflib: {worst:.0f}x "
        f"(target >= 20x: {'met' if worst >= 20 else 'missed'})"
    )


if __name__ == "__main__":
    main()
