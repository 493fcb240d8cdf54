"""Server time and full-load time of the explorer's largest pages (issue 17), and print them.

Starts ``anyi-kg serve`` on a free 127.0.0.1 port (or uses ``--url``), waits for its
background start-up work, and opens each page once untimed. The pages are the five entities
with the most triples about them or pointing to them (``largest-pages.rq``), then the report
reader, the query page with its example run, and the home page. For each page, medians of
``--runs``:

- server: from sending ``GET`` to the last byte of the HTML, over loopback (httpx, one
  connection kept open), as a reader's first request would see it were the page not cached
  by the browser;
- load: in headless Chromium (started once, offline, as the browser tests start it), from
  navigation start to the end of the ``load`` event, every script and style fetched;
- drawn: to the first drawing of the page's network, where it has one;
- height and bytes: of the page at 1280 px wide, before anything is expanded.

Targets (issue 17): server <= 100 ms, load <= 500 ms. The load average is printed beside the
figures: the machine may be shared.

    python benchmarks/bench_pages.py            # 5 runs per page
    python benchmarks/bench_pages.py --runs 11
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
from playwright.sync_api import Page, sync_playwright
from timing import ms, table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from chromium import launch  # noqa: E402  (the browser exactly as the test suites start it)
from servers import free_port  # noqa: E402

LARGEST = (Path(__file__).with_name("largest-pages.rq")).read_text(encoding="utf-8")
BASE = "https://w3id.org/anyi-kg/"
OTHERS = ["/source/000_14a3bcd6bc545aa4", "/query", "/"]
LOAD = """(() => { const [n] = performance.getEntriesByType('navigation');
  return [n.loadEventEnd, document.documentElement.scrollHeight]; })()"""


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    """``anyi-kg serve`` on a free port, once it answers; the process and its URL."""
    port = free_port()
    command = [sys.executable, "-m", "anyi_kg.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/sparql", params={"query": "ASK {}"})
            return process, url
        except httpx.HTTPError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("the server did not start")


def largest(client: httpx.Client) -> list[str]:
    """The paths of the five entities with the most triples."""
    answer = client.get("/sparql", params={"query": LARGEST}, headers={"Accept": "text/csv"})
    answer.raise_for_status()
    iris = [line.split(",")[0] for line in answer.text.splitlines()[1:] if line]
    return ["/" + iri.removeprefix(BASE) for iri in iris]


def server_ms(client: httpx.Client, path: str, runs: int) -> tuple[float, int]:
    """Median milliseconds to fetch ``path`` whole, and its size in bytes."""
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        size = len(response.content)
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return statistics.median(times), size


def browser_ms(page: Page, url: str, runs: int) -> tuple[float, float | None, int]:
    """Median milliseconds to the load event and to the network's drawing; the page height."""
    loads, draws, height = [], [], 0
    for _ in range(runs):
        page.goto("about:blank")
        page.goto(url, wait_until="load")
        load, height = page.evaluate(LOAD)
        loads.append(load)
        network = page.query_selector(".anyi-network")
        if network is not None:
            page.wait_for_selector(".anyi-network[data-drawn]", timeout=60_000)
            draws.append(float(network.get_attribute("data-drawn") or "nan"))
    drawn = statistics.median(draws) if draws else None
    return statistics.median(loads), drawn, height


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--url", help="an explorer already running (default: start one)")
    args = parser.parse_args()
    process, url = (None, args.url) if args.url else start_server()
    try:
        with httpx.Client(base_url=url, timeout=300) as client:
            example = "/query?" + urlencode({"name": "listed-companies"})
            paths = largest(client) + OTHERS[:-1] + [example, OTHERS[-1]]
            for path in paths:  # warm: the search index, the network, the answer cache
                client.get(path).raise_for_status()
            rows = []
            with sync_playwright() as playwright:
                browser = launch(playwright)
                page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url)
                           else r.abort())  # fmt: skip
                for path in paths:
                    server, size = server_ms(client, path, args.runs)
                    load, drawn, height = browser_ms(page, url + path, args.runs)
                    rows.append([path, ms(server), ms(load), "" if drawn is None else ms(drawn),
                                 f"{height:,}", f"{size:,}"])  # fmt: skip
                browser.close()
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
    print(f"medians of {args.runs} runs; load average {os.getloadavg()[0]:.2f}")
    print(table(["page", "server ms", "load ms", "drawn ms", "height px", "bytes"], rows))


if __name__ == "__main__":
    main()
