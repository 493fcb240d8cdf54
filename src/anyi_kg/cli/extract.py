"""The ``extract`` command: a report in, a checked draft graph out (or its scores)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ..errors import EXIT_OK, BadInputError

Handler = Callable[[argparse.Namespace], int]
Command = Callable[[str, Handler, str, str], argparse.ArgumentParser]


def _extract(args: argparse.Namespace) -> int:
    from ..extract.check import refuse_if_broken
    from ..extract.run import extract
    from ..extract.source import read_report
    from ..outputs import replacing

    if args.evaluate:
        return _evaluate(args)
    if args.report is None:
        raise BadInputError("give a report (a file, or - for standard input)")
    if args.out is None:
        raise BadInputError("give -o DRAFT.ttl, where to write the draft")
    report = read_report(args.report, args.max_bytes)
    draft = extract(report, args.graph, with_graph=not args.cold)
    turtle = draft.turtle()
    if not args.cold:
        refuse_if_broken(turtle, draft.text.raw, args.graph)
    with replacing(args.out) as temporary:
        temporary.write_bytes(turtle)
    for warning in draft.warnings:
        print(f"anyi-kg: warning: {warning}", file=sys.stderr)
    print(
        f"{args.out}: {len(draft.entities)} entities, {draft.fact_count} facts from "
        f"{draft.source} (draft, unreviewed)"
    )
    return EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from ..extract.evaluate import evaluate, table
    from ..extract.run import extract
    from ..extract.source import read_report
    from ..paths import SOURCES_DIR

    path = args.report or str(SOURCES_DIR / "000_14a3bcd6bc545aa4.txt")
    draft = extract(read_report(path, args.max_bytes), args.graph, with_graph=not args.cold)
    if not draft.source_known:
        raise BadInputError(f"{path} is not a source of {args.graph}: nothing to score against")
    print(table(evaluate(draft, args.graph)))
    return EXIT_OK


def register(command: Command) -> None:
    from ..extract.source import MAX_BYTES
    from ..paths import GRAPH_DIR

    p = command(
        "extract",
        _extract,
        "Draft the graph of a county report (UTF-8 text or HTML, - for standard input): "
        "entities, figures, honours, investments and links in the project's model, each at "
        "its span, marked as an unreviewed draft; --evaluate scores it against the graph.",
        "anyi-kg extract report.txt -o draft.ttl",
    )
    p.add_argument("report", nargs="?", help="the report: a file, or - for standard input")
    p.add_argument("-o", "--out", type=Path, help="where to write the draft (Turtle)")
    p.add_argument("--graph", type=Path, default=GRAPH_DIR, help="curated Turtle directory")
    p.add_argument(
        "--evaluate", action="store_true",
        help="score the draft of a source the graph holds (default: the seed)",
    )  # fmt: skip
    p.add_argument(
        "--cold", action="store_true",
        help="ignore the graph's entities, as for a county the graph has never seen",
    )  # fmt: skip
    p.add_argument("--max-bytes", type=int, default=MAX_BYTES, help="refuse larger input")
