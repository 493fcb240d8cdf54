"""The ``anyi-kg`` command: a thin skin over the library; each command calls one function."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import __version__
from ..errors import EXIT_OK, AnyiKGError, BadInputError
from ..paths import DIST_DIR, GRAPH_DIR
from .extract import register as register_extract_command
from .query import register as register_query_commands
from .query import seconds, whole

Handler = Callable[[argparse.Namespace], int]
EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C (128 + SIGINT)


def _build(args: argparse.Namespace) -> int:
    from ..graph.build import build

    for path in build(_graph_dirs(args), args.out):
        print(path)
    return EXIT_OK


def _docs(args: argparse.Namespace) -> int:
    from ..graph.build import document_ontology

    print(document_ontology(args.out))
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from ..graph.build import validate

    dirs = _graph_dirs(args)
    assembled = validate(dirs)
    print(f"conforms: {len(assembled.parsed)} triples in {', '.join(map(str, dirs))}")
    return EXIT_OK


def _stats(args: argparse.Namespace) -> int:
    from ..graph.build import validate
    from ..query.stats import stats

    assembled = validate(_graph_dirs(args))
    print(stats(assembled.union(), assembled.facts).render())
    return EXIT_OK


def _graph_dirs(args: argparse.Namespace) -> list[Path]:
    """The graph directories given, else ``--graph``."""
    return list(args.dirs) or [args.graph]


def _locate(args: argparse.Namespace) -> int:
    from ..graph.provenance import locate

    print(locate(args.source, args.quote, args.occurrence).turtle(), end="")
    return EXIT_OK


def _viz(args: argparse.Namespace) -> int:
    import gc
    from itertools import chain

    from ..graph.load import read_turtle, turtle_files
    from ..network.convert import to_networkx
    from ..network.page import check_target, save
    from ..network.views import view
    from ..paths import ONTOLOGY_FILE, VOCAB_DIR

    check_target(args.out)
    if not args.graph.is_dir() or not turtle_files(args.graph):
        raise BadInputError(f"--graph {args.graph}: not a directory of Turtle files (*.ttl)")
    # One pass that builds some 10⁵ objects, all kept until the page is written: the cycle
    # collector would only walk them again and again (0.2–0.4 s at 5,000 nodes).
    gc.disable()
    try:
        # the published graph (ontology, schemes, facts), without the checks of build
        files = [ONTOLOGY_FILE, *turtle_files(VOCAB_DIR), *turtle_files(args.graph)]
        net = to_networkx(chain.from_iterable(map(read_turtle, files)))
        save(view(net, args.view, args.name, args.radius), args.out, lang=args.lang)
    finally:
        gc.enable()
    print(args.out)
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from ..server import Settings, serve

    if args.endpoint and args.source:
        raise BadInputError("give --endpoint or --source, not both")
    if args.texts:
        from ..graph.provenance import read_texts_from

        read_texts_from(args.texts)
    settings = Settings(
        timeout=args.timeout or None,
        max_rows=args.max_rows or None,
        workers=args.workers,
        cors=tuple(args.cors),
    )
    serve(args.host, args.port, endpoint=args.endpoint, source=args.source, settings=settings)
    return EXIT_OK


def _notebooks(args: argparse.Namespace) -> int:
    from ..analysis.notebooks import run

    if args.html is not None and args.html.exists() and not args.html.is_dir():
        raise BadInputError(f"--html {args.html}: not a directory")
    for path in run(args.notebook or None, args.html):
        print(path)
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="anyi-kg",
        description="Build, check, query and serve the Anyi industrial knowledge graph.",
        epilog="Exit codes: 0 ok, 1 data does not conform, 2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"anyi-kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Handler, help_: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help_,
            description=help_,
            epilog=f"Example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(handler=handler)
        return p

    def graph_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--graph", type=Path, default=GRAPH_DIR, help="curated Turtle directory")

    def graph_dirs(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "dirs", nargs="*", type=Path, metavar="DIR",
            help="graph directories built into one dataset, one named graph per source "
            "(default: --graph)",
        )  # fmt: skip
        graph_option(p)

    p = command(
        "build",
        _build,
        "Check the curated graph and write it to dist/ (Turtle, N-Triples, N-Quads, TriG, "
        "JSON-LD).",
        "anyi-kg build graph/ tests/fixtures/sources/anyi-2024/",
    )
    graph_dirs(p)
    p.add_argument("--out", type=Path, default=DIST_DIR, help="output directory")

    p = command(
        "docs",
        _docs,
        "Write the ontology's HTML documentation (pyLODE) to dist/ontology.html.",
        "anyi-kg docs --out dist/",
    )
    p.add_argument("--out", type=Path, default=DIST_DIR, help="output directory")

    p = command(
        "validate",
        _validate,
        "Check the curated graph: strict Turtle, every quote at its offsets, SHACL shapes.",
        "anyi-kg validate graph/",
    )
    graph_dirs(p)

    p = command(
        "stats",
        _stats,
        "Counts per class and property, and the share of facts that point to their source.",
        "anyi-kg stats",
    )
    graph_dirs(p)

    p = command(
        "locate",
        _locate,
        "Find a quote in a source document and print its span as Turtle (for curators).",
        'anyi-kg locate "全县工业总产值从224亿元到410亿元"',
    )
    p.add_argument("quote", help="text to find; white space is ignored")
    p.add_argument("--source", default="000_14a3bcd6bc545aa4", help="source document id")
    p.add_argument("--occurrence", type=int, help="which occurrence, when there are several")

    p = command(
        "viz",
        _viz,
        "Draw a network view as a self-contained, offline HTML page (or GraphML or GEXF for "
        "Gephi): the industrial chain, the whole graph, honours and plans over time, or the "
        "neighbourhood of an entity.",
        "anyi-kg viz entity 康佳集团 --radius 2 -o konka.html",
    )
    graph_option(p)
    p.add_argument("view", choices=("chain", "all", "timeline", "entity"), help="which view")
    p.add_argument("name", nargs="?", help="entity view: an IRI, a CURIE or a label (zh or en)")
    p.add_argument("-o", "--out", type=Path, required=True, help=".html, .graphml or .gexf")
    p.add_argument("-k", "--radius", type=int, default=1, help="entity view: links to follow")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language shown first")

    p = command(
        "serve",
        _serve,
        "Serve the explorer and the read-only SPARQL endpoint (/sparql) on 127.0.0.1, from the "
        "built graph (built first if missing) or from a SPARQL server.",
        "anyi-kg serve --port 8000",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=whole(1, 65535), default=8000, help="port (default 8000)")
    p.add_argument("--endpoint", metavar="URL", help="serve a SPARQL server's graph instead")
    p.add_argument("--source", type=Path, metavar="FILE", help="RDF file to serve instead")
    p.add_argument(
        "--texts", type=Path, nargs="+", default=[], metavar="DIR",
        help="graph directories whose sources/ hold the texts of other sources the dataset "
        "was built with (the reader of graph/sources needs none)",
    )  # fmt: skip
    p.add_argument(
        "--timeout",
        type=seconds,
        default=10.0,
        metavar="SECONDS",
        help="stop a query running longer (default 10; 0: never)",
    )
    p.add_argument(
        "--max-rows",
        type=whole(0),
        default=10_000,
        metavar="N",
        help="cut answers at N rows or triples (default 10000; 0: never)",
    )
    p.add_argument("--workers", type=whole(1), default=2, help="query processes (default 2)")
    p.add_argument(
        "--cors",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let this origin query from a browser (repeat; * for any)",
    )

    p = command(
        "notebooks",
        _notebooks,
        "Run the analysis notebooks in a fresh kernel of this Python, stopping at the first "
        "failing cell; with --html, write each one executed as a page that fetches nothing.",
        "anyi-kg notebooks --html dist/notebooks",
    )
    p.add_argument("notebook", nargs="*", type=Path, help="notebooks to run (default: notebooks/)")
    p.add_argument("--html", type=Path, metavar="DIR", help="write DIR/<name>.html for each")

    register_query_commands(command)
    register_extract_command(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except AnyiKGError as error:
        print(f"anyi-kg: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("anyi-kg: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
