"""The ``anyi-kg`` command: a thin skin over the library; each command calls one function."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from . import __version__
from .errors import EXIT_OK, AnyiKGError

Handler = Callable[[argparse.Namespace], int]


def _locate(args: argparse.Namespace) -> int:
    from .provenance import locate

    print(locate(args.source, args.quote, args.occurrence).turtle(), end="")
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

    p = command(
        "locate",
        _locate,
        "Find a quote in a source document and print its span as Turtle (for curators).",
        'anyi-kg locate "全县工业总产值从224亿元到410亿元"',
    )
    p.add_argument("quote", help="text to find; white space is ignored")
    p.add_argument("--source", default="000_14a3bcd6bc545aa4", help="source document id")
    p.add_argument("--occurrence", type=int, help="which occurrence, when there are several")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except AnyiKGError as error:
        print(f"anyi-kg: error: {error}", file=sys.stderr)
        return error.exit_code


if __name__ == "__main__":
    sys.exit(main())
