"""Each named question on the embedded store, on ``oxigraph serve`` and on Virtuoso, side by
side in one run; then throughput under ``wrk`` of the project's endpoint and of each server
answering the same questions directly (issue 15).

The built graph (``dist/anyi-kg.nq``; ``anyi-kg build`` writes it) is loaded into each: the
embedded Oxigraph store in this process; ``oxigraph serve`` (PyPI ``oxigraph``) by the Graph
Store Protocol; Virtuoso 7.2 (Debian ``virtuoso-opensource``) by SPARQL Update ``INSERT``, as
``anyi-kg push`` does. Both servers start on free 127.0.0.1 ports with databases of their own,
as the tests start them, and stop at the end. Question times are medians of ``--runs`` after one
untimed run, over HTTP (one connection kept open) for the servers. The load average is printed:
the machine may be shared.

    python benchmarks/bench_servers.py                  # 7 runs, wrk 10 connections for 10 s
    python benchmarks/bench_servers.py --runs 11 --duration 30
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

from load_sparql import ACCEPT, questions, start_server, warm
from load_wrk import SCRIPT
from timing import median_ms, ms, ratio, table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from servers import VIRTUOSO_USER, oxigraph_serve, virtuoso_serve  # noqa: E402

from anyi_kg import query as q  # noqa: E402
from anyi_kg.store.base import Store  # noqa: E402
from anyi_kg.store.embedded import OxigraphStore  # noqa: E402
from anyi_kg.store.remote import GRAPHS, EndpointError, RemoteStore, push  # noqa: E402

DATASET = ROOT / "dist" / "anyi-kg.nq"


def question_times(stores: dict[str, Store], runs: int) -> list[list[object]]:
    """One row per named question: its median time on each store (``fails`` where the store
    refuses it), and the servers' ratios to the embedded store."""
    rows = []
    for name in q.names():
        times: list[float | None] = []
        for store in stores.values():
            try:
                times.append(median_ms(partial(store.query, name), runs))
            except EndpointError:
                times.append(None)
        embedded, *servers = times
        assert embedded is not None
        shown = [ms(t) if t is not None else "fails" for t in times]
        ratios = [ratio(t, embedded) if t is not None else "" for t in servers]
        rows.append([name, *shown, *ratios])
    return rows


def throughput(url: str, paths: list[str], connections: int, duration: int) -> str:
    """wrk's requests per second and latency percentiles for ``paths`` asked in turn."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(SCRIPT % ("{" + ", ".join(map(json.dumps, paths)) + "}", json.dumps(ACCEPT)))
        script.flush()
        out = subprocess.run(
            [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
             "-s", script.name, url],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    lines = out.splitlines()
    rate = next(line.split()[1] for line in lines if line.startswith("Requests/sec"))
    picked = [line for line in lines if line.startswith(("p50", "p95", "p99", "errors"))]
    return f"{float(rate):,.0f} req/s; " + "; ".join(picked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per target")
    args = parser.parse_args()
    if not DATASET.exists():
        raise SystemExit(f"no {DATASET}: run `anyi-kg build` first")
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        oxigraph = stack.enter_context(oxigraph_serve(scratch / "oxigraph"))
        push(f"{oxigraph}/store", DATASET, update_endpoint=f"{oxigraph}/update")
        virtuoso = stack.enter_context(virtuoso_serve(scratch / "virtuoso"))
        push(None, DATASET, update_endpoint=f"{virtuoso}/sparql-auth", auth=VIRTUOSO_USER)
        stores: dict[str, Store] = {
            "embedded": OxigraphStore.load(DATASET),
            "oxigraph serve": stack.enter_context(RemoteStore(f"{oxigraph}/query")),
            "Virtuoso": stack.enter_context(RemoteStore(f"{virtuoso}/sparql")),
        }
        print(f"named questions, median ms of {args.runs}; load average {os.getloadavg()[0]:.2f}")
        headers = ["question", *stores, "oxigraph serve / embedded", "Virtuoso / embedded"]
        print(table(headers, question_times(stores, args.runs)))

        graphs = urlencode([("default-graph-uri", g) for g in GRAPHS])
        texts = questions()
        process, endpoint, _ = start_server(cache=False)
        try:
            warm(endpoint)
            targets = {
                "anyi-kg serve /sparql (embedded, no answer cache)": (endpoint, "/sparql?"),
                "oxigraph serve /query, directly": (oxigraph, f"/query?{graphs}&"),
                "Virtuoso /sparql, directly": (virtuoso, f"/sparql?{graphs}&"),
            }
            load = os.getloadavg()[0]
            print(f"\nwrk, {args.connections} connections, {args.duration} s each, the "
                  f"{len(texts)} named questions in turn; load average {load:.2f}")  # fmt: skip
            for label, (url, prefix) in targets.items():
                paths = [prefix + urlencode({"query": text}) for text in texts]
                print(f"- {label}: {throughput(url, paths, args.connections, args.duration)}")
        finally:
            process.terminate()
            process.wait()


if __name__ == "__main__":
    main()
