"""Entity search at scale: the label index against the one it replaced, on synthetic graphs.

For each size (the Anyi graph plus seeded synthetic counties, ``synthetic.py``) the label and
type triples are read from the N-Quads as the store's ``labels`` query would give them, and
both indexes are built from them: this tree's (SQLite FTS5, token boundaries) and the baseline's
(``--baseline REV``: ``store/search.py`` as of that commit, read with ``git show``; by default the
last commit before the FTS5 index, whose joined-string scan matched pinyin across syllables).
Printed per size: labels, build time and resident memory added by each index, and per query the
median and worst of ``--repeat`` runs, with the hits each returns (of 50) and the best one.

    python benchmarks/bench_search.py                      # 100k, 1M and 10M triples
    python benchmarks/bench_search.py --sizes 100000       # one size
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pyoxigraph as ox
import synthetic
from timing import ms, table

from anyi_kg.store import dataset_file
from anyi_kg.store import search as current

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "9fff78c"  # the layout commit: the joined-string index
QUERIES = [
    "康佳", "铝型材", "安义县", "县", "沐邦高科", "kangjia", "anyi", "anyix", "ayx", "konka",
    "aluminium", "aluminum", "lvxingcai", "xian", "county", "a", "no such name",
]  # fmt: skip
_LABELS = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "https://w3id.org/anyi-kg/ontology#formerName",
}
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def baseline(rev: str) -> ModuleType:
    """``anyi_kg.store.search`` as of ``rev``, imported beside this tree's."""
    path = "src/anyi_kg/store/search.py"
    text = subprocess.run(
        ["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    file = Path(tempfile.mkdtemp()) / "search_baseline.py"
    file.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("anyi_kg.store.search_baseline", file)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def label_triples(path: Path) -> list[ox.Triple]:
    """What ``queries/internal/labels.rq`` answers: every label of an IRI, and its types."""
    labels, types = [], []
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        if not isinstance(quad.subject, ox.NamedNode):
            continue
        if quad.predicate.value in _LABELS:
            labels.append(ox.Triple(quad.subject, quad.predicate, quad.object))
        elif quad.predicate.value == _TYPE:
            types.append(ox.Triple(quad.subject, quad.predicate, quad.object))
    named = {t.subject for t in labels}
    return labels + [t for t in types if t.subject in named]


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def built(build: Callable[[], Any]) -> tuple[Any, float, float]:
    """The index, the seconds it took and the megabytes of memory it added."""
    gc.collect()
    before, started = resident_mb(), time.perf_counter()
    index = build()
    took = time.perf_counter() - started
    gc.collect()
    return index, took, resident_mb() - before


def timed(search: Callable[[], list[Any]], repeat: int) -> tuple[float, float, list[Any]]:
    hits = search()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        search()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs), max(runs), hits


def run_size(path: Path, old: ModuleType, repeat: int) -> None:
    triples = label_triples(path)
    labels = sum(1 for t in triples if t.predicate.value != _TYPE)
    indexes = {}
    rows = []
    for name, module in (("FTS5", current), ("baseline", old)):
        if name == "baseline":
            module._pinyin.cache_clear()
        index, seconds, mb = built(lambda m=module: m.LabelIndex.build(triples))  # type: ignore[misc]
        indexes[name] = index
        rows.append([name, f"{seconds:.1f}", f"{mb:.0f}"])
    load = os.getloadavg()[0]
    print(f"\n## {path.stem}: {labels:,} labels of {len(indexes['FTS5']):,} resources\n")
    print(table(["index", "build s", "memory MB"], rows))
    rows = []
    for text in QUERIES:
        cells: list[object] = [text]
        for name in ("FTS5", "baseline"):
            median, worst, hits = timed(lambda t=text, i=indexes[name]: i.search(t, 50), repeat)  # type: ignore[misc]
            best = (hits[0].label_zh or hits[0].label_en or hits[0].iri) if hits else "-"
            cells += [ms(median), ms(worst), len(hits), best]
        rows.append(cells)
    headers = ["query"] + [
        f"{name} {what}"
        for name in ("FTS5", "baseline")
        for what in ("ms", "worst", "hits", "best")
    ]
    print()
    print(table(headers, rows))
    print(f"\nload average {load:.2f} (1 min) when the builds ended, {os.getloadavg()[0]:.2f} now")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--baseline", default=BASELINE, help="commit of the index to compare")
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, help="where to write the graphs (default: temporary)")
    args = parser.parse_args()
    old = baseline(args.baseline)
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.dir or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            path = directory / f"synthetic-{size}.nq"
            if not path.exists():
                synthetic.write(path, size, args.seed, dataset_file())
            run_size(path, old, args.repeat)


if __name__ == "__main__":
    main()
