"""Load on the SPARQL endpoint from wrk, a load generator written in C.

The same questions as ``load_sparql.py`` (every named question the explorer offers, sent as the
query page runs it, in turn, once the server is warm), from Debian's ``wrk``
(``apt-get install wrk``): a client that costs the shared CPUs far less than Python clients, so
the figures say more about the server. Prints requests per second, latency percentiles and
errors. Targets (issue 6): 50 clients for 60 s, 0 errors, p95 <= 50 ms.

    python benchmarks/load_wrk.py                 # 50 connections, 60 s
    python benchmarks/load_wrk.py --no-cache      # every answer computed afresh
    python benchmarks/load_wrk.py --connections 10 --duration 10
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
from urllib.parse import urlencode

from load_sparql import ACCEPT, start_server, warm

# wrk's Lua hooks: each connection asks the questions in turn; `done` prints the figures.
SCRIPT = """
local paths = %s
local turn = 0
request = function()
  turn = turn %% #paths + 1
  return wrk.format("GET", paths[turn], {["Accept"] = %s})
end
done = function(summary, latency, requests)
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("p%%d %%.2f ms\\n", p, latency:percentile(p) / 1000))
  end
  local e = summary.errors
  io.write(string.format("errors: connect %%d, read %%d, write %%d, status %%d, timeout %%d\\n",
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--no-cache", action="store_true", help="serve without the answer cache")
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")

    process, url, ready = start_server(cache=not args.no_cache)
    try:
        paths = ["/sparql?" + urlencode({"query": text}) for text in warm(url)]
        print(f"server answered {ready:.2f} s after start; {len(paths)} named questions")
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
            script.write(SCRIPT % ("{" + ", ".join(map(json.dumps, paths)) + "}",
                                   json.dumps(ACCEPT)))  # fmt: skip
            script.flush()
            subprocess.run(
                [wrk, "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s",
                 "-s", script.name, url],
                check=True,
            )  # fmt: skip
    finally:
        process.terminate()
        process.wait()


if __name__ == "__main__":
    main()
