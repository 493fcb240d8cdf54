"""Load on the SPARQL endpoint: concurrent clients asking the named questions for a while.

Starts ``anyi-kg serve`` on a free 127.0.0.1 port (or uses ``--url``) and warms it: waits for
its background start-up work (search index, network) and asks every named question once. Then
it holds ``--clients`` concurrent clients (asyncio and httpx, spread over ``--processes`` client
processes, each client on its own connection), each asking the questions in turn over
``GET /sparql`` until ``--duration`` seconds have passed, with no pause between answers. A
question is sent as the query page runs it: its ``.rq`` text with its declared default
parameters bound in a ``VALUES`` block (as the remote store sends bindings), the others free.
Prints latency percentiles as the clients saw them and as the server timed itself
(``Server-Timing``), requests per second and errors. Targets (issue 6): 50 clients for 60 s,
0 errors, p95 <= 50 ms. Clients and server share the machine's CPUs.

    python benchmarks/load_sparql.py                      # 50 clients, 60 s
    python benchmarks/load_sparql.py --no-cache           # every answer computed afresh
    python benchmarks/load_sparql.py --clients 10 --duration 10
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import socket
import ssl
import subprocess
import sys
import time

import httpx

from anyi_kg import query as q
from anyi_kg.remote import with_values

ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"


def questions() -> list[str]:
    """Every named question the explorer offers, defaults bound."""
    return [with_values(q.prepare(nq.name)) for nq in q.catalogue()]


def _client_process(url: str, clients: int, offset: int, deadline: float, out: object) -> None:
    """Run ``clients`` clients until ``deadline``; send (latencies, server times, errors)."""
    texts = questions()
    context = ssl.create_default_context()  # one context, not one per client

    async def client(number: int) -> tuple[list[float], list[float], int]:
        seen, timed, errors = [], [], 0
        turn = number * 7
        async with httpx.AsyncClient(base_url=url, verify=context, timeout=30) as http:
            while time.time() < deadline:
                text = texts[turn % len(texts)]
                turn += 1
                started = time.perf_counter()
                try:
                    response = await http.get(
                        "/sparql", params={"query": text}, headers={"Accept": ACCEPT}
                    )
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok, response = False, None
                seen.append(time.perf_counter() - started)
                if not ok:
                    errors += 1
                elif timing := response.headers.get("server-timing"):  # type: ignore[union-attr]
                    timed.append(float(timing.partition("dur=")[2]) / 1000)
        return seen, timed, errors

    async def run() -> tuple[list[float], list[float], int]:
        results = await asyncio.gather(*(client(offset + i) for i in range(clients)))
        return (
            [x for r in results for x in r[0]],
            [x for r in results for x in r[1]],
            sum(r[2] for r in results),
        )

    out.send(asyncio.run(run()))  # type: ignore[attr-defined]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(cache: bool) -> tuple[subprocess.Popen[bytes], str, float]:
    """``anyi-kg serve`` on a free port; the process, its URL and seconds until it answered."""
    port = _free_port()
    code = (
        "from anyi_kg.server import Settings, serve; "
        f"serve(port={port}, settings=Settings(cache_mb={64 if cache else 0}), log_level='warning')"
    )
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            if httpx.get(f"{url}/sparql", params={"query": "ASK {}"}).status_code == 200:
                return process, url, time.perf_counter() - started
        except httpx.HTTPError:
            if process.poll() is not None:
                raise SystemExit("the server did not start") from None
            time.sleep(0.05)


def warm(url: str) -> list[str]:
    """Wait for the server's start-up work (search index, network), then ask every question
    once (each must answer); the questions asked."""
    texts = questions()
    with httpx.Client(base_url=url, timeout=60) as http:
        for path, params in (("/search", {"q": "安义"}), ("/chain", {})):
            http.get(path, params=params).raise_for_status()
        for text in texts:
            response = http.get("/sparql", params={"query": text}, headers={"Accept": ACCEPT})
            response.raise_for_status()
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an endpoint already running (default: start one)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--processes", type=int, default=min(4, os.cpu_count() or 1))
    parser.add_argument("--no-cache", action="store_true", help="serve without the answer cache")
    args = parser.parse_args()

    process = None
    if args.url:
        url = args.url.rstrip("/")
    else:
        process, url, ready = start_server(cache=not args.no_cache)
        print(f"server answered {ready:.2f} s after start ({'no ' if args.no_cache else ''}cache)")
    try:
        texts = warm(url)
        print(f"{len(texts)} named questions, {args.clients} clients, {args.duration:g} s, "
              f"{args.processes} client processes on {os.cpu_count()} CPUs")  # fmt: skip
        deadline = time.time() + args.duration
        shares = [args.clients // args.processes + (i < args.clients % args.processes)
                  for i in range(args.processes)]  # fmt: skip
        pipes, workers, offset = [], [], 0
        for share in shares:
            receive, send = multiprocessing.Pipe(duplex=False)
            worker = multiprocessing.Process(
                target=_client_process, args=(url, share, offset, deadline, send)
            )
            worker.start()
            pipes.append(receive)
            workers.append(worker)
            offset += share
        latencies, server, errors = [], [], 0
        for receive in pipes:
            seen, timed, failed = receive.recv()
            latencies += seen
            server += timed
            errors += failed
        for worker in workers:
            worker.join()
    finally:
        if process is not None:
            process.terminate()
            process.wait()

    ms = 1000
    rate = len(latencies) / args.duration
    print(f"requests  {len(latencies)}  ({rate:.0f} req/s)   errors {errors}")
    for label, values in (("client", latencies), ("server", server)):
        print(
            f"{label:8s}  p50 {percentile(values, 0.5) * ms:7.2f} ms   "
            f"p95 {percentile(values, 0.95) * ms:7.2f} ms   "
            f"p99 {percentile(values, 0.99) * ms:7.2f} ms   "
            f"max {max(values, default=float('nan')) * ms:7.2f} ms"
        )
    target = errors == 0 and percentile(latencies, 0.95) <= 0.050
    print(f"target (0 errors, client p95 <= 50 ms): {'met' if target else 'not met'}")


if __name__ == "__main__":
    main()
