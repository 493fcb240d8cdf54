"""What the query workers' sandbox costs: a worker's start (fork to first answer) and a query's
round trip, with and without :func:`anyi_kg.server.sandbox.confine`, on the built graph.

Each start is a worker killed and replaced, as after a timeout; the time runs from the kill
to the replacement's first answer. Prints medians over ``--repeat`` runs and the load average.

    python benchmarks/worker_start.py
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Callable

from anyi_kg.server import sandbox
from anyi_kg.server.engine import Job, execute
from anyi_kg.server.pool import Pool
from anyi_kg.store import open_store

QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }"


async def measure(pool: Pool, repeat: int) -> tuple[float, float]:
    """Median seconds of a worker's start and of one query's round trip."""
    job = Job(QUERY, fmt="json")
    starts, trips = [], []
    for _ in range(repeat):
        await pool.run(job, 30)
        started = time.perf_counter()
        await pool.run(job, 30)
        trips.append(time.perf_counter() - started)
        worker = await pool._idle.get()
        started = time.perf_counter()
        pool._replace(worker)  # as after a timeout
        await pool.run(job, 30)
        starts.append(time.perf_counter() - started)
    return statistics.median(starts), statistics.median(trips)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    store = open_store()
    database = store.store  # type: ignore[attr-defined]

    def walls() -> None:
        sandbox.confine(1024, idle=True)

    inits: dict[str, Callable[[], None] | None] = {"no sandbox": None, "sandbox": walls}
    for label, init in inits.items():

        async def run(init: Callable[[], None] | None = init) -> tuple[float, float]:
            pool = Pool(lambda job: execute(database, job), 1, init=init)
            pool.start()
            try:
                return await measure(pool, args.repeat)
            finally:
                pool.close()

        start, trip = asyncio.run(run())
        print(f"{label:10s}  worker start {start * 1000:6.2f} ms   query {trip * 1000:6.2f} ms   "
              f"(medians of {args.repeat}; load average {os.getloadavg()[0]:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
