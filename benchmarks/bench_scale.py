"""Load, query and search times on synthetic multi-county graphs of ~100k and ~1M triples.

Each graph is the Anyi graph plus seeded synthetic counties of the same shape
(``synthetic.py``). For each size the script prints, from one run: the store's load time against
pyoxigraph's own loader on the same file; selective questions (about one Anyi entity) and
aggregates over every county; and entity search through the label index against a SPARQL
``CONTAINS`` scan. Targets at ~1M: load <= 1.2x pyoxigraph's, selective <= 5 ms, aggregates
<= 150 ms, search <= 20 ms.

    python benchmarks/bench_scale.py            # 100k and 1M triples
    python benchmarks/bench_scale.py --quick    # 100k only, fewer repetitions (CI)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import pyoxigraph as ox
import synthetic
from timing import median_ms, ms, ratio, table
from tqdm import tqdm

from anyi_kg.store import OxigraphStore, dataset_file

SELECTIVE: list[tuple[str, dict[str, str]]] = [
    ("indicator-series", {"subject": "kg:anyi-county", "indicator": "indicator:industrial-vat"}),
    ("indicator-changes", {"subject": "kg:anyi-hi-tech-park"}),
    ("ranking-series", {"subject": "kg:anyi-hi-tech-park"}),
    ("ranking-changes", {"subject": "kg:aluminium-profile-cluster"}),
    ("honours", {"recipient": "kg:anyi-hi-tech-park"}),
    ("investments", {"investor": "kg:mubang-hi-tech"}),
    ("projects", {"project": "kg:photovoltaic-industrial-park-project"}),
    ("cluster-leaders", {"cluster": "kg:new-materials-cluster"}),
    ("cluster-profile", {"cluster": "kg:aluminium-profile-cluster"}),
    ("plan-listings", {"plan": "kg:nanchang-8810-action-plan"}),
    ("adopted-programmes", {"adopter": "kg:anyi-hi-tech-park"}),
    ("fact-source", {"fact": "fact:obs-gross-industrial-output-to"}),
    ("first-mention", {"entity": "kg:konka-group"}),
    ("entity-neighbourhood", {"entity": "kg:konka-group"}),
    ("entity-facts", {"entity": "kg:mubang-hi-tech"}),
    ("entity-card", {"entity": "kg:konka-group"}),
    ("entity-names", {"entity": "kg:anyi-hi-tech-park"}),
]  # fmt: skip
AGGREGATES = ["class-counts", "indicator-catalogue", "honours-by-level", "figures-in-year"]
SEARCHES = ["康佳", "铝型材", "安义县", "kangjia", "anyi", "konka", "aluminium", "ayx"]
CONTAINS = (Path(__file__).parent / "contains-search.rq").read_text(encoding="utf-8")


def run_size(path: Path, repeat: int, load_repeat: int) -> None:
    """Every measurement on one synthetic graph."""
    loaders = {
        "pyoxigraph Store().load": lambda: ox.Store().load(path=str(path)),
        "pyoxigraph Store().bulk_load": lambda: ox.Store().bulk_load(path=str(path)),
        "anyi_kg OxigraphStore.load": lambda: OxigraphStore.load(path),
    }
    loaders["pyoxigraph Store().load"]()  # warm the file cache and the allocator
    times: dict[str, list[float]] = {name: [] for name in loaders}
    for _ in range(load_repeat):  # interleaved, so that drift hits every loader alike
        for name, load in loaders.items():
            times[name].append(median_ms(load, 1, warmup=0))
    medians = {name: statistics.median(t) for name, t in times.items()}
    best = min(medians["pyoxigraph Store().load"], medians["pyoxigraph Store().bulk_load"])
    kg = OxigraphStore.load(path)
    print(f"\n## {len(kg):,} quads ({path.stat().st_size / 1e6:.0f} MB of N-Quads)\n")
    print(table(
        ["load", "ms", "against pyoxigraph's faster loader"],
        [[name, ms(took), ratio(took, best)] for name, took in medians.items()],
    ))  # fmt: skip

    rows = []
    cases = [("selective", n, p) for n, p in SELECTIVE] + [("aggregate", n, {}) for n in AGGREGATES]
    for kind, name, params in tqdm(cases, desc="questions", leave=False):
        answer = kg.query(name, params)
        took = median_ms(lambda n=name, p=params: kg.query(n, p), repeat)  # type: ignore[misc]
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        rows.append([f"{name} {shown}".strip(), kind, len(answer), ms(took)])
    print()
    print(table(["question", "kind", "rows", "median ms"], rows))

    index_ms = median_ms(kg.label_index, 1, warmup=0)
    search_rows = []
    for text in tqdm(SEARCHES, desc="search", leave=False):
        indexed = median_ms(lambda t=text: kg.search(t), repeat)  # type: ignore[misc]
        scan = median_ms(lambda t=text: kg.query(CONTAINS, text=t), max(3, repeat // 10))  # type: ignore[misc]
        hit = kg.search(text, limit=1)
        first = (hit[0].label_zh or hit[0].iri) if hit else "-"
        search_rows.append([text, first, ms(indexed), ms(scan), ratio(scan, indexed)])
    print(
        f"\nlabel index built in {ms(index_ms)} ms ({len(kg.label_index())} labelled resources)\n"
    )
    print(table(["search", "best hit", "index ms", "CONTAINS ms", "CONTAINS / index"], search_rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100k only, fewer repetitions (CI)")
    parser.add_argument("--sizes", type=int, nargs="+", help="triples per graph")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, help="where to write the graphs (default: temporary)")
    args = parser.parse_args()
    sizes = args.sizes or ([100_000] if args.quick else [100_000, 1_000_000])
    repeat, load_repeat = (5, 1) if args.quick else (21, 3)
    real = dataset_file()
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.dir or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            path = directory / f"synthetic-{size}.nq"
            synthetic.write(path, size, args.seed, real)
            run_size(path, repeat, load_repeat)


if __name__ == "__main__":
    main()
