"""Extraction speed: start-up, one 15 KB report after start-up, and a batch in one process.

Start-up is a fresh ``anyi-kg extract`` process on a one-line report (imports, jieba's
dictionary, cpca's table, the lexicon), less nothing: it is what a user waits for once. A report
after start-up is ``extract`` + Turtle + the draft's check (strict parse, spans, SHACL), as the
command runs them. The batch drafts reports of varied length in one process (targets: a 15 KB
report <= 1 s after start-up; >= 100 reports a minute).

    python benchmarks/bench_extract.py            # full run
    python benchmarks/bench_extract.py --quick    # fewer repetitions, for CI
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import median_ms, ms, table

from anyi_kg.extract.check import check_draft
from anyi_kg.extract.run import extract
from anyi_kg.extract.source import Report
from anyi_kg.paths import SOURCES_DIR

SEED = SOURCES_DIR / "000_14a3bcd6bc545aa4.txt"
FIXTURE = Path(__file__).parent.parent / "tests" / "fixtures" / "extract" / "lanxi-county.txt"


def _draft(report: Report) -> int:
    draft = extract(report)
    problems = check_draft(draft.turtle(), draft.text.raw)
    assert not problems, problems[:3]
    return draft.fact_count


def _start_up(repeat: int) -> float:
    with tempfile.TemporaryDirectory() as scratch:
        tiny = Path(scratch) / "tiny.txt"
        tiny.write_text("澜溪县工业综述\n\n澜溪县全县工业总产值达到120亿元。\n", encoding="utf-8")
        out = Path(scratch) / "tiny.ttl"
        command = [sys.executable, "-m", "anyi_kg.cli", "extract", str(tiny), "-o", str(out)]

        def run() -> None:
            subprocess.run(command, check=True, capture_output=True)

        return median_ms(run, repeat, warmup=1)


def _batch(reports: list[Report]) -> tuple[float, int]:
    started = time.perf_counter()
    facts = sum(_draft(r) for r in reports)
    return time.perf_counter() - started, facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (CI)")
    args = parser.parse_args()
    repeat, batch = (1, 10) if args.quick else (5, 60)
    seed = SEED.read_text(encoding="utf-8")
    fixture = FIXTURE.read_text(encoding="utf-8")
    print(f"# load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (2 cores)\n")
    start_up = _start_up(repeat)
    _draft(Report("warm-up.txt", fixture))  # this process's start-up, not counted below
    report = Report("seed.txt", seed)
    size = len(seed.encode("utf-8"))
    one = median_ms(lambda: _draft(report), repeat, warmup=0)
    only_extract = median_ms(lambda: extract(report), repeat, warmup=0)
    # A batch of different reports: the seed, the fixture county, and cuts of the seed (a
    # report's text differs each time, so nothing is served from a cache of a previous one).
    cuts = [seed[: len(seed) * (i % 9 + 2) // 10] + f"\n{i}" for i in range(batch)]
    reports = [Report(f"r{i}.txt", c if i % 3 else fixture + f"\n{i}") for i, c in enumerate(cuts)]
    seconds, facts = _batch(reports)
    kb = sum(len(r.text.encode("utf-8")) for r in reports) / 1024 / len(reports)
    print(table(
        ["measure", "figure", "target"],
        [
            ["start-up (fresh process, one-line report)", ms(start_up) + " ms", ""],
            [f"one report of {size / 1024:.1f} KB after start-up (extract + Turtle + check)",
             ms(one) + " ms", "<= 1000 ms"],
            ["  of which extract alone", ms(only_extract) + " ms", ""],
            [f"batch: {len(reports)} reports (mean {kb:.1f} KB), {facts} facts, one process",
             f"{len(reports) / seconds * 60:.0f} reports/min", ">= 100/min"],
        ],
    ))  # fmt: skip
    print(f"\n# load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")


if __name__ == "__main__":
    main()
