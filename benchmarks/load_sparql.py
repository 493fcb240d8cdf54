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

``--heavy 0.05`` runs twice, first without heavy queries, then with them: one request in 20
that each client sends is a cartesian query (COUNT over three patterns joined, ~2.5e11 rows; a
distinct FILTER in each, so no cache can answer it). A client does not wait for its heavy
query: it sends it on a connection of its own and goes on with its cheap questions, holding at
most one heavy query open at a time. So the cheap figures measure what the server does to
cheap queries while heavy ones run, not clients stuck waiting on their own heavy query (which
would lower throughput by itself, whatever the server did). Prints the cheap throughput and
p95 of both runs, their ratio, the cheap queries' 5xx, and how the heavy ones ended. Targets
(issue 18): cheap throughput with heavy queries >= 80 % of the run without; 0 5xx on cheap.

    python benchmarks/load_sparql.py                      # 50 clients, 60 s
    python benchmarks/load_sparql.py --no-cache           # every answer computed afresh
    python benchmarks/load_sparql.py --clients 10 --duration 10
    python benchmarks/load_sparql.py --heavy 0.05 --duration 30
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

ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"


def questions() -> list[str]:
    """Every named question the explorer offers, defaults bound."""
    return [q.with_values(q.prepare(nq.name)) for nq in q.catalogue()]


HEAVY = (
    "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?a != <urn:h:{n}>) }}"
)


class Tally:
    """What the clients of one process saw: cheap latencies, server times and failures, and
    the statuses of the heavy queries."""

    def __init__(self) -> None:
        self.seen: list[float] = []
        self.timed: list[float] = []
        self.errors = self.server_errors = 0
        self.heavy: dict[str, int] = {}

    def add(self, other: Tally) -> None:
        self.seen += other.seen
        self.timed += other.timed
        self.errors += other.errors
        self.server_errors += other.server_errors
        for key, count in other.heavy.items():
            self.heavy[key] = self.heavy.get(key, 0) + count


def _client_process(
    url: str, clients: int, offset: int, deadline: float, heavy: float, out: object
) -> None:
    """Run ``clients`` clients until ``deadline``; send their :class:`Tally`."""
    texts = questions()
    context = ssl.create_default_context()  # one context, not one per client
    tally = Tally()
    every = round(1 / heavy) if heavy else 0

    async def slow(http: httpx.AsyncClient, n: int) -> None:
        try:
            response = await http.get(
                "/sparql", params={"query": HEAVY.format(n=n)}, headers={"Accept": ACCEPT}
            )
            key = str(response.status_code)
        except httpx.HTTPError as error:
            key = type(error).__name__
        tally.heavy[key] = tally.heavy.get(key, 0) + 1

    async def client(number: int) -> None:
        turn, sent, pending = number * 7, 0, None
        limits = httpx.Limits(max_connections=1)
        async with (
            httpx.AsyncClient(base_url=url, verify=context, timeout=30, limits=limits) as http,
            httpx.AsyncClient(base_url=url, verify=context, timeout=30, limits=limits) as side,
        ):
            while time.time() < deadline:
                sent += 1
                if every and sent % every == 0:
                    if pending is None or pending.done():
                        pending = asyncio.ensure_future(slow(side, number * 1_000_000 + sent))
                    continue
                text = texts[turn % len(texts)]
                turn += 1
                started = time.perf_counter()
                try:
                    response = await http.get(
                        "/sparql", params={"query": text}, headers={"Accept": ACCEPT}
                    )
                    ok = response.status_code == 200
                    tally.server_errors += response.status_code >= 500
                except httpx.HTTPError:
                    ok, response = False, None
                tally.seen.append(time.perf_counter() - started)
                if not ok:
                    tally.errors += 1
                elif timing := response.headers.get("server-timing"):  # type: ignore[union-attr]
                    tally.timed.append(float(timing.partition("dur=")[2]) / 1000)
            if pending is not None:
                pending.cancel()

    async def run() -> None:
        await asyncio.gather(*(client(offset + i) for i in range(clients)))

    asyncio.run(run())
    out.send(tally)  # type: ignore[attr-defined]


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


def load(url: str, clients: int, processes: int, duration: float, heavy: float) -> Tally:
    """Hold ``clients`` clients on ``url`` for ``duration`` seconds; what they saw."""
    deadline = time.time() + duration
    shares = [clients // processes + (i < clients % processes) for i in range(processes)]
    pipes, workers, offset = [], [], 0
    for share in shares:
        receive, send = multiprocessing.Pipe(duplex=False)
        worker = multiprocessing.Process(
            target=_client_process, args=(url, share, offset, deadline, heavy, send)
        )
        worker.start()
        pipes.append(receive)
        workers.append(worker)
        offset += share
    tally = Tally()
    for receive in pipes:
        tally.add(receive.recv())
    for worker in workers:
        worker.join()
    return tally


def report(label: str, tally: Tally, duration: float) -> float:
    """Print the figures of one run; its requests per second."""
    ms = 1000
    rate = len(tally.seen) / duration
    print(f"{label}: requests {len(tally.seen)}  ({rate:.0f} req/s)   errors {tally.errors}"
          f"   5xx {tally.server_errors}   load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    for who, values in (("client", tally.seen), ("server", tally.timed)):
        print(
            f"  {who:8s}  p50 {percentile(values, 0.5) * ms:7.2f} ms   "
            f"p95 {percentile(values, 0.95) * ms:7.2f} ms   "
            f"p99 {percentile(values, 0.99) * ms:7.2f} ms   "
            f"max {max(values, default=float('nan')) * ms:7.2f} ms"
        )
    if tally.heavy:
        print(f"  heavy queries: {sum(tally.heavy.values())}, by status {tally.heavy}")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an endpoint already running (default: start one)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--processes", type=int, default=min(4, os.cpu_count() or 1))
    parser.add_argument("--no-cache", action="store_true", help="serve without the answer cache")
    parser.add_argument("--heavy", type=float, default=0.0, help="share of cartesian queries")
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
        plain = load(url, args.clients, args.processes, args.duration, 0.0)
        rate = report("cheap only", plain, args.duration)
        if args.heavy:
            time.sleep(1)
            mixed = load(url, args.clients, args.processes, args.duration, args.heavy)
            mixed_rate = report(f"with {args.heavy:.0%} heavy", mixed, args.duration)
            met = mixed_rate >= 0.8 * rate and mixed.server_errors == 0
            print(f"cheap throughput with heavy queries: {mixed_rate / rate:.0%} of without; "
                  f"5xx on cheap {mixed.server_errors}; target (>= 80 %, 0 5xx): "
                  f"{'met' if met else 'not met'}")  # fmt: skip
    finally:
        if process is not None:
            process.terminate()
            process.wait()
    target = plain.errors == 0 and percentile(plain.seen, 0.95) <= 0.050
    print(f"target (0 errors, client p95 <= 50 ms): {'met' if target else 'not met'}")


if __name__ == "__main__":
    main()
