"""The query commands of ``anyi-kg``: ``query``, ``search``, ``export`` and ``push``.

Each parses its options and calls one library function; :func:`register` adds them to the
parser of :mod:`anyi_kg.cli`.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EXIT_OK, BadInputError
from ..paths import DIST_DIR

if TYPE_CHECKING:
    from ..store import Store

Handler = Callable[[argparse.Namespace], int]
Command = Callable[[str, Handler, str, str], argparse.ArgumentParser]
DEFAULT_TIMEOUT = 60.0
PUSH_TIMEOUT = 600.0


def seconds(text: str) -> float:
    """An ``argparse`` type: a finite, non-negative number of seconds."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"not a number of seconds (0 or more): {text!r}")
    return value


def whole(low: int, high: int | None = None) -> Callable[[str], int]:
    """An ``argparse`` type: a whole number from ``low`` (to ``high``)."""

    def parse(text: str) -> int:
        value = int(text) if text.strip().removeprefix("-").isdigit() else None
        if value is None or value < low or (high is not None and value > high):
            span = f"{low} to {high}" if high is not None else f"{low} or more"
            raise argparse.ArgumentTypeError(f"not a whole number of {span}: {text!r}")
        return value

    return parse


def _open(args: argparse.Namespace) -> Store:
    from ..store import open_store

    timeout = args.timeout or None
    if args.endpoint:
        if args.store or args.source or args.backend != "oxigraph":
            raise BadInputError(
                "--endpoint queries a server: it cannot go with --store, --source or --backend"
            )
        return open_store(endpoint=args.endpoint, timeout=timeout)
    if args.store and args.backend != "oxigraph":
        raise BadInputError("--store is an Oxigraph store: it cannot go with --backend rdflib")
    return open_store(args.backend, path=args.store, source=args.source, timeout=timeout)


def _query(args: argparse.Namespace) -> int:
    from .. import query as q

    if args.list:
        print(q.listing(markdown=args.format == "md"), end="")
        return EXIT_OK
    if args.query is None:
        raise BadInputError("give a named query, a .rq file or SPARQL text (see --list)")
    query = q.argument(args.query, sys.stdin)
    if args.check:
        print(f"{q.check(query).origin}: syntax ok")
        return EXIT_OK
    with _open(args) as kg:
        print(kg.query(query, q.parse_params(args.param)).render(args.format), end="")
    return EXIT_OK


def _search(args: argparse.Namespace) -> int:
    from ..store.search import as_result

    with _open(args) as kg:
        print(as_result(kg.search(args.text, args.limit)).render(args.format), end="")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from ..export import FORMATS, export

    out = args.out or DIST_DIR / "export" / f"anyi-kg{FORMATS.get(args.format, '')}"
    with _open(args) as kg:
        for path in export(kg, args.format, out):
            print(path)
    return EXIT_OK


def _push(args: argparse.Namespace) -> int:
    import getpass
    import os

    from ..store import dataset_file
    from ..store.remote import push

    auth = None
    if args.user:
        password = os.environ.get("ANYI_KG_PASSWORD")
        auth = (args.user, password if password is not None else getpass.getpass())
    counts = push(
        args.url,
        args.source or dataset_file(),
        update_endpoint=args.update,
        query_endpoint=args.query,
        timeout=args.timeout or None,
        auth=auth,
    )
    for graph, count in counts.items():
        print(f"{count:8d}  {graph or '(default graph)'}")
    return EXIT_OK


def _store_options(p: argparse.ArgumentParser, timeout: bool = True) -> None:
    where = p.add_argument_group("store (default: Oxigraph in memory, from dist/anyi-kg.nq)")
    where.add_argument("--backend", choices=("oxigraph", "rdflib"), default="oxigraph")
    where.add_argument("--store", type=Path, metavar="DIR", help="persistent Oxigraph store")
    where.add_argument("--endpoint", metavar="URL", help="a SPARQL server's query URL")
    where.add_argument("--source", type=Path, metavar="FILE", help="RDF file to load instead")
    if timeout:
        where.add_argument(
            "--timeout",
            type=seconds,
            default=DEFAULT_TIMEOUT,
            metavar="SECONDS",
            help=f"stop a query running longer (default {DEFAULT_TIMEOUT:g}; 0: never)",
        )
    else:
        p.set_defaults(timeout=None)


def register(command: Command) -> None:
    """Add ``query``, ``search``, ``export`` and ``push`` to the ``anyi-kg`` parser."""
    from ..export import FORMATS as EXPORT_FORMATS
    from ..store.results import FORMATS

    p = command(
        "query",
        _query,
        "Ask the graph: a named question, a .rq file or SPARQL text; answers as a table, "
        "CSV, TSV, SPARQL JSON or Markdown (CONSTRUCT: Turtle, N-Triples, JSON-LD).",
        "anyi-kg query indicator-series --param indicator=indicator:gross-industrial-output",
    )
    p.add_argument("query", nargs="?", help="a name (see --list), a .rq file, SPARQL text or -")
    p.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="bind a parameter: CURIE or <IRI>, or a literal of the declared type",
    )
    p.add_argument("-f", "--format", choices=FORMATS, default="table")
    p.add_argument("--list", action="store_true", help="list the named questions")
    p.add_argument("--check", action="store_true", help="only check the query's syntax")
    _store_options(p)

    p = command(
        "search",
        _search,
        "Find entities by a piece of their name in Chinese, English or pinyin.",
        "anyi-kg search 铝型材",
    )
    p.add_argument("text")
    p.add_argument("--limit", type=whole(1), default=20, help="at most N hits (default 20)")
    p.add_argument("-f", "--format", choices=FORMATS[:5], default="table")
    _store_options(p, timeout=False)

    p = command(
        "export",
        _export,
        "Export the graph: Turtle, N-Triples, N-Quads, TriG, JSON-LD, CSV per class, "
        "GraphML or GEXF.",
        "anyi-kg export csv --out dist/csv",
    )
    p.add_argument("format", choices=list(EXPORT_FORMATS))
    p.add_argument("--out", type=Path, help="file (a directory for csv); default dist/export/")
    _store_options(p, timeout=False)

    p = command(
        "push",
        _push,
        "Load the built graph into a SPARQL server: one Graph Store Protocol PUT per graph "
        "(without URL: SPARQL Update INSERT requests); with --update, into new staging graphs "
        "first, then all switched in one SPARQL Update (all or nothing). Redirects are "
        "refused, not followed.",
        "anyi-kg push http://127.0.0.1:7878/store --update http://127.0.0.1:7878/update",
    )
    p.add_argument(
        "url",
        nargs="?",
        help="the server's Graph Store Protocol URL; without it, INSERT through --update",
    )
    p.add_argument("--source", type=Path, metavar="FILE", help="RDF file to push instead")
    p.add_argument(
        "--update", metavar="URL", help="the server's SPARQL Update URL: push all or nothing"
    )
    p.add_argument(
        "--query", metavar="URL", help="the server's SPARQL query URL: count each graph stored"
    )
    p.add_argument(
        "--user",
        metavar="NAME",
        help="answer an HTTP Digest challenge as NAME (password: $ANYI_KG_PASSWORD, or asked)",
    )
    p.add_argument(
        "--timeout",
        type=seconds,
        default=PUSH_TIMEOUT,
        metavar="SECONDS",
        help=f"give up a request after this long (default {PUSH_TIMEOUT:g}; 0: never)",
    )
