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
    if args.report == "accept":
        return _accept(args)
    if args.diff:
        return _diff(args)
    if args.report is None:
        raise BadInputError("give a report (a file, or - for standard input)")
    if args.out is None:
        raise BadInputError("give -o DRAFT.ttl, where to write the draft")
    report = read_report(args.report, args.max_bytes)
    draft = extract(report, args.graph, with_graph=not args.cold)
    turtle = draft.turtle()
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
    from ..extract.evaluate import evaluate_modes, table
    from ..extract.lexicon import load_lexicon
    from ..extract.source import read_report

    path = args.report or str(_seed(args.graph))
    report = read_report(path, args.max_bytes)
    if load_lexicon(False, args.graph).source_id(report.digest) is None:
        raise BadInputError(f"{path} is not a source of {args.graph}: nothing to score against")
    print(table(evaluate_modes(report, args.graph)))
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from ..extract.diff import diff, render
    from ..extract.run import extract
    from ..extract.source import read_report

    if args.report is None:
        raise BadInputError("give the report to compare with the graph (a file, or -)")
    draft = extract(read_report(args.report, args.max_bytes), args.graph, not args.cold)
    print(render(diff(draft, args.graph), draft.text.raw, draft.source_known))
    return EXIT_OK


def _accept(args: argparse.Namespace) -> int:
    from ..extract.accept import Description, accept
    from ..extract.source import read_report
    from ..graph.terms import iri

    missing = [f"--{n.replace('_', '-')}" for n in ("text", "title", "title_en", "publisher")
               if getattr(args, n) is None]  # fmt: skip
    if args.draft is None or missing:
        raise BadInputError(
            "accept needs DRAFT.ttl --text REPORT --title … --title-en … --publisher …"
            + (f" (missing: {' '.join(missing)})" if missing else "")
        )
    try:
        draft = args.draft.read_bytes()
    except OSError as error:
        raise BadInputError(f"cannot read the draft {args.draft}: {error.strerror}") from None
    report = read_report(str(args.text), args.max_bytes)
    regions = tuple(iri(r).value for r in args.about)
    about = Description(
        args.title, args.title_en, args.publisher, args.date, args.test_source, regions
    )
    accepted = accept(draft, report, args.into or args.graph, about, args.graph)
    for path in accepted.paths:
        print(path)
    for merge in accepted.merges:
        print(f"merged: {merge}")
    return EXIT_OK


def _seed(graph: Path) -> Path:
    sources = sorted((graph / "sources").glob("*.txt"))
    if not sources:
        raise BadInputError(f"{graph} holds no source to score against")
    return sources[0]


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
    p.add_argument(
        "report", nargs="?",
        help="the report: a file, or - for standard input; or accept, then DRAFT.ttl",
    )  # fmt: skip
    p.add_argument("draft", nargs="?", type=Path, help="with accept: the reviewed draft")
    p.add_argument("-o", "--out", type=Path, help="where to write the draft (Turtle)")
    p.add_argument("--graph", type=Path, default=GRAPH_DIR, help="curated Turtle directory")
    p.add_argument(
        "--evaluate", action="store_true",
        help="score the draft of a source the graph holds (default: the seed)",
    )  # fmt: skip
    p.add_argument(
        "--diff", action="store_true",
        help="compare the report's draft with the graph: new, differing and missing facts",
    )  # fmt: skip
    p.add_argument(
        "--cold", action="store_true",
        help="ignore the graph's entities, as for a county the graph has never seen",
    )  # fmt: skip
    a = p.add_argument_group(
        "accept DRAFT.ttl: a reviewed draft into the graph as a new source, its text in "
        "INTO/sources/<id>.txt and its description and facts in INTO/<id>.ttl"
    )
    a.add_argument("--text", type=Path, help="the report the draft was made of")
    a.add_argument(
        "--into", type=Path,
        help="the directory to write to (default: --graph); matched and checked with --graph",
    )  # fmt: skip
    a.add_argument("--title", help="the report's headline in Chinese, verbatim")
    a.add_argument("--title-en", help="its English translation")
    a.add_argument("--publisher", help="who published the report")
    a.add_argument("--date", help="the date of publication, YYYY-MM-DD")
    a.add_argument(
        "--about", action="append", default=[], metavar="REGION",
        help="a region the report is about (dct:spatial), as kg:… or <IRI>; repeatable",
    )  # fmt: skip
    a.add_argument(
        "--test-source", action="store_true",
        help="a report of our own writing for tests (ak:TestSource): its facts are test data",
    )  # fmt: skip
    p.add_argument("--max-bytes", type=int, default=MAX_BYTES, help="refuse larger input")
