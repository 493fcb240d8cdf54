"""Load, query, search and page times on the graph of every county of China (~10M triples), on
the on-disk Oxigraph store.

The graph is the Anyi graph and the seeded synthetic reports of every other county
(``synthetic.py``), written as N-Quads. The script prints, with the load average:

- load: the store's load into a new directory (``OxigraphStore.open``, what ``--store DIR``
  does: bulk load, then compaction) against pyoxigraph's own ``Store(dir).bulk_load`` of the
  same file, with and without its ``optimize()`` (the compaction), each in a child process,
  with that process's peak resident memory (``VmHWM``);
- questions on the on-disk store: selective ones (about one entity) and the cross-county
  named questions over every county, then the whole-graph aggregates;
- search through the label index (zh, en, pinyin) against a SPARQL ``CONTAINS`` scan;
- explorer pages served from the on-disk store: server time, from sending ``GET`` to the last
  byte over loopback, the first request (nothing cached) and the median of later ones (the
  answers then come from the server's cache, as in ``bench_pages.py``), once the server has
  warmed up (:data:`WARM_UP` seconds after it is ready: the home page's counts, the counties
  and years, the ontology's graph and the drawing modules).

Targets (issue 14) at 10M: load <= 1.2x pyoxigraph's bulk loader, selective <= 5 ms,
cross-county <= 1 s, search <= 20 ms, pages <= 100 ms.

    python benchmarks/bench_scale.py                # every county, ~10M triples
    python benchmarks/bench_scale.py --quick        # ~100k triples, fewer repetitions (CI)
    python benchmarks/bench_scale.py --sizes 1000000 --dir /tmp/scale
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import synthetic
from timing import median_ms, ms, ratio, table

from anyi_kg.store import OxigraphStore, dataset_file

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from servers import free_port  # noqa: E402

XSD = "http://www.w3.org/2001/XMLSchema#"
VOCAB = synthetic.VOCAB
SELECTIVE: list[tuple[str, dict[str, str]]] = [
    ("indicator-series", {"subject": "kg:anyi-county", "indicator": "indicator:industrial-vat"}),
    ("indicator-changes", {"subject": "kg:anyi-hi-tech-park"}),
    ("ranking-series", {"subject": "kg:anyi-hi-tech-park"}),
    ("honours", {"recipient": "kg:anyi-hi-tech-park"}),
    ("investments", {"investor": "kg:mubang-hi-tech"}),
    ("projects", {"project": "kg:photovoltaic-industrial-park-project"}),
    ("cluster-leaders", {"cluster": "kg:new-materials-cluster"}),
    ("plan-listings", {"plan": "kg:nanchang-8810-action-plan"}),
    ("fact-source", {"fact": "fact:obs-gross-industrial-output-to"}),
    ("first-mention", {"entity": "kg:konka-group"}),
    ("entity-facts", {"entity": "kg:mubang-hi-tech"}),
    ("entity-card", {"entity": "kg:konka-group"}),
    ("entity-names", {"entity": "kg:anyi-hi-tech-park"}),
]  # fmt: skip
WARM_UP = 10.0  # seconds: what the server asks and imports after its start, at 10M triples
WHOLE_GRAPH = ["class-counts", "indicator-catalogue", "honours-by-level", "figures-in-year"]
SEARCHES = ["康佳", "铝型材", "安义县", "kangjia", "anyi", "konka", "aluminium", "ayx"]
CONTAINS = (HERE / "contains-search.rq").read_text(encoding="utf-8")


def load_in_child(loader: str, source: Path, directory: Path) -> tuple[float, float]:
    """Milliseconds to load ``source`` into the new ``directory`` by ``loader``, in a child
    process, and the child's peak resident memory in MB (its own ``VmHWM``: the ``ru_maxrss``
    of a child started from this process, which holds the generated graph, counts this one's)."""
    command = [sys.executable, __file__, "--load-child", loader, str(source), str(directory)]
    child = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if child.returncode != 0:
        raise SystemExit(f"the {loader} load failed")
    took, peak = child.stdout.split()
    return float(took), float(peak)


def load_child(loader: str, source: Path, directory: Path) -> None:
    """The child of :func:`load_in_child`: load, flush, and print the milliseconds and the
    peak resident memory in MB."""
    started = time.perf_counter()
    if loader == "anyi-kg":
        OxigraphStore.open(directory, source)
    else:
        store = ox.Store(str(directory))
        store.bulk_load(path=str(source))
        store.flush()
        if loader == "pyoxigraph-optimize":
            store.optimize()
    print((time.perf_counter() - started) * 1000, _peak_mb(os.getpid()), flush=True)


def loads(path: Path, scratch: Path, repeat: int) -> Path:
    """Print the load table; returns the directory of the last store loaded by anyi-kg."""
    rows: dict[str, list[tuple[float, float]]] = {
        "pyoxigraph": [], "pyoxigraph-optimize": [], "anyi-kg": []}  # fmt: skip
    kept = scratch / "store"
    for run in range(repeat):  # interleaved, so that drift hits both alike
        for loader in rows:
            directory = scratch / f"{loader}-{run}"
            rows[loader].append(load_in_child(loader, path, directory))
            if loader == "anyi-kg" and run == repeat - 1:
                directory.rename(kept)
            else:
                shutil.rmtree(directory)
    base = statistics.median(t for t, _ in rows["pyoxigraph"])
    shown = {
        "pyoxigraph Store(dir).bulk_load + flush": rows["pyoxigraph"],
        "pyoxigraph the same + optimize (compaction)": rows["pyoxigraph-optimize"],
        "anyi_kg OxigraphStore.open (bulk load, compaction, stamp, swap)": rows["anyi-kg"],
    }
    print(f"\nload into a new directory, {repeat} run(s) each; load average {_load()}\n")
    print(table(
        ["load", "median ms", "runs ms", "against pyoxigraph", "peak RSS MB"],
        [[name, ms(statistics.median(t for t, _ in runs)), " ".join(ms(t) for t, _ in runs),
          ratio(statistics.median(t for t, _ in runs), base),
          f"{max(m for _, m in runs):,.0f}"] for name, runs in shown.items()],
    ))  # fmt: skip
    return kept


def questions(kg: OxigraphStore, county: synthetic.Division, repeat: int) -> None:
    """Selective questions, the cross-county ones and the whole-graph aggregates."""
    code = county.code
    year = ox.Literal("2023", datatype=ox.NamedNode(XSD + "gYear"))
    selective = [
        *SELECTIVE,
        ("indicator-series", {"subject": f"kg:region-{code}",
                              "indicator": "indicator:industrial-vat"}),
        ("entity-card", {"entity": f"kg:company-{code}-00"}),
        ("entity-facts", {"entity": f"kg:company-{code}-00"}),
        ("fact-source", {"fact": f"fact:obs-{code}-2-industrial-vat-2023"}),
    ]  # fmt: skip
    cross: list[tuple[str, dict[str, Any]]] = [
        ("indicator-across-counties", {
            "indicator": ox.NamedNode(VOCAB + "indicator/industrial-vat"), "year": year}),
        ("counties-by-industry", {"industry": ox.NamedNode(VOCAB + "industry/aluminium-profile")}),
        ("companies-in-several-counties", {}),
        ("shared-honours", {}),
        ("conflicts", {}),
    ]  # fmt: skip
    cases: list[tuple[str, str | Path, str, dict[str, Any]]] = []
    for name, params in selective:
        cases.append(("selective", name, name, params))
    for name, params in cross:
        cases.append(("cross-county", name, name, params))
    for name in WHOLE_GRAPH:
        cases.append(("whole graph", name, name, {}))
    rows = []
    for kind, query, name, params in cases:
        started = time.perf_counter()
        answer = kg.query(query, params)
        first = (time.perf_counter() - started) * 1000
        times = repeat if first < 1000 else 3  # a slow one is slow enough to see in three
        took = median_ms(lambda q=query, p=params: kg.query(q, p), times, warmup=0)  # type: ignore[misc]
        shown = ", ".join(f"{k}={_short(v)}" for k, v in params.items())
        rows.append([f"{name} {shown}".strip(), kind, len(answer), ms(first), ms(took)])
    print(f"\nquestions on the on-disk store, median of {repeat}; load average {_load()}\n")
    print(table(["question", "kind", "rows", "first ms", "median ms"], rows))


def searches(kg: OxigraphStore, county: synthetic.Division, repeat: int) -> None:
    """Search through the label index against a ``CONTAINS`` scan."""
    from anyi_kg.graph.names import pinyin

    syllables, initials = pinyin(county.zh)
    texts = [*SEARCHES, county.zh, county.stem, "".join(syllables), "".join(initials), county.en]
    index_ms = median_ms(kg.label_index, 1, warmup=0)
    rows = []
    for text in texts:
        indexed = median_ms(lambda t=text: kg.search(t), repeat)  # type: ignore[misc]
        scan = median_ms(lambda t=text: kg.query(CONTAINS, text=t), max(1, repeat // 10), 0)  # type: ignore[misc]
        hit = kg.search(text, limit=1)
        best = (hit[0].label_zh or hit[0].iri) if hit else "-"
        rows.append([text, best, ms(indexed), ms(scan), ratio(scan, indexed)])
    labelled = len(kg.label_index())
    print(f"\nlabel index (written with the store) opened in {ms(index_ms)} ms ({labelled:,} "
          f"labelled resources); median of {repeat}; load average {_load()}\n")  # fmt: skip
    print(table(["search", "best hit", "index ms", "CONTAINS ms", "CONTAINS / index"], rows))


def serve_child(directory: Path, source: Path, port: int) -> None:
    """The explorer over the on-disk store in ``directory``, with a generous timeout (a first,
    uncached page is measured, not cut short) and 4 GB for each query worker: RocksDB's
    caches grow in each worker, and at 10M triples the default 1 GB ends workers."""
    import uvicorn

    from anyi_kg.server import Settings, create_app

    settings = Settings(timeout=300, memory_mb=4096)
    app = create_app(OxigraphStore.open(directory, source), settings)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def pages(directory: Path, source: Path, county: synthetic.Division, runs: int) -> None:
    """Server time of each kind of page, the first request and the median of ``runs`` more."""
    port = free_port()
    command = [sys.executable, __file__, "--serve-child", str(directory), str(source), str(port)]
    server = subprocess.Popen(command)
    url, code = f"http://127.0.0.1:{port}", county.code
    paths = [
        "/search?q=" + county.stem, "/search?q=anyi", "/",
        f"/id/region-{code}", "/id/anyi-county", f"/id/company-{code}-00", f"/id/park-{code}",
        f"/id/region-{county.parent}", f"/fact/obs-{code}-2-industrial-vat-2023",
        f"/source/synthetic-{code}-1", "/source/000_14a3bcd6bc545aa4",
        "/vocab/indicator/industrial-vat", "/id/honour-01",
        "/query?name=indicator-series&subject=kg:region-" + code, "/chain",
    ]  # fmt: skip
    rows = []
    try:
        with httpx.Client(base_url=url, timeout=600) as client:
            _wait(client, server)
            time.sleep(WARM_UP)
            for path in paths:
                first, size, status = _get(client, path)
                if status != 200:
                    rows.append([path, ms(first), f"HTTP {status}", f"{size:,}"])
                    continue
                times = [_get(client, path)[0] for _ in range(runs)]
                rows.append([path, ms(first), ms(statistics.median(times)), f"{size:,}"])
        peak = _peak_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
    print(f"\nexplorer pages over the on-disk store, server time (median of {runs} after the "
          f"first); server's peak RSS {peak:,.0f} MB; load average {_load()}\n")  # fmt: skip
    print(table(["page", "first ms", "median ms", "bytes"], rows))


def _wait(client: httpx.Client, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            client.get("/sparql", params={"query": "ASK {}"}).raise_for_status()
            return
        except httpx.HTTPError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    raise SystemExit("the explorer did not start")


def _get(client: httpx.Client, path: str) -> tuple[float, int, int]:
    """Milliseconds to fetch ``path`` whole, its size and its status."""
    started = time.perf_counter()
    response = client.get(path)
    size = len(response.content)
    return (time.perf_counter() - started) * 1000, size, response.status_code


def _peak_mb(pid: int) -> float:
    """The peak resident memory of a running process (``VmHWM``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _short(value: object) -> str:
    text = str(value)
    for full, short in ((VOCAB, "vocab:"), (synthetic.KG, "kg:")):
        text = text.replace(f"<{full}", short).rstrip(">")
    return text.replace(f"^^<{XSD}gYear", "")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run_size(size: int, directory: Path, seed: int, quick: bool) -> None:
    path = directory / f"synthetic-{size}.nq"
    started = time.perf_counter()
    quads = synthetic.write(path, size, seed, dataset_file())
    took = time.perf_counter() - started
    order = synthetic.order(seed, frozenset(synthetic.REAL))
    county = next(d for d in order if d.zh.endswith("县"))
    print(f"\n## {quads:,} quads ({path.stat().st_size / 1e6:,.0f} MB of N-Quads, written "
          f"in {took:.1f} s); selective questions on {county.zh} {county.code}")  # fmt: skip
    store = loads(path, directory, 1)
    kg = OxigraphStore.open(store, path)
    repeat = 5 if quick else 21
    questions(kg, county, repeat)
    searches(kg, county, repeat)
    kg.close()
    pages(store, path, county, 3 if quick else 5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="~100k triples, fewer repetitions")
    parser.add_argument("--sizes", type=int, nargs="+", help="triples per graph")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, help="where to write the graphs (default: temporary)")
    parser.add_argument("--load-child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--serve-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load_child:
        loader, source, directory = args.load_child
        return load_child(loader, Path(source), Path(directory))
    if args.serve_child:
        directory, source, port = args.serve_child
        return serve_child(Path(directory), Path(source), int(port))
    sizes = args.sizes or ([100_000] if args.quick else [10_000_000])
    print(f"{os.cpu_count()} cores; load average {_load()}")
    for size in sizes:
        with tempfile.TemporaryDirectory(dir=args.dir) as scratch:
            run_size(size, Path(scratch), args.seed, args.quick)


if __name__ == "__main__":
    main()
