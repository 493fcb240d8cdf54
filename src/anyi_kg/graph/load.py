"""Strict loading of Turtle, into rdflib graphs or as Oxigraph triples.

Oxigraph's parser is the gate: it rejects every W3C negative-syntax test and reports line and
column, where rdflib's own Turtle parser is lax. Its message is put in words where it would not
say what is wrong: a byte order mark, a language tag, a file that is not UTF-8, an invisible
character. Blank node labels are scoped to their file, as Turtle says, so two files never share
a blank node by chance. rdflib graphs are made from the parsed triples by
:mod:`.rdflib_terms`, imported only by the functions that make them, so reading triples alone
(``anyi-kg viz``) does not pay for rdflib.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import SyntaxErrorInFile
from ..paths import GRAPH_DIR, ONTOLOGY_FILE, SHAPES_FILE, VOCAB_DIR
from .iris import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph

_XSD_STRING = PREFIXES["xsd"] + "string"
_BOM = b"\xef\xbb\xbf"
_POSITION = re.compile(r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ")
_LANGUAGE_TAG = re.compile(r"@[A-Za-z0-9-]*")


@dataclass(frozen=True)
class TurtleFile:
    """One file as parsed: its triples in the order written, and what positions need."""

    path: Path
    base_iri: str
    triples: list[ox.Triple]
    prefixes: dict[str, str]
    declared_base: str | None = None  # the IRI its ``@base`` sets, if it sets one

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def parse_turtle(path: Path, base_iri: str | None = None) -> list[ox.Triple]:
    """Parse one Turtle file strictly; a syntax error names the file, line and column.

    Relative IRIs resolve against ``base_iri``, by default the file's own ``file:`` URI.
    """
    return parse_file(path, base_iri).triples


def parse_file(path: Path, base_iri: str | None = None) -> TurtleFile:
    """:func:`parse_turtle`, keeping the file's prefixes and base for locating its terms."""
    base_iri = base_iri or path.resolve().as_uri()
    with _parser(path, base_iri) as parser:
        triples = [quad.triple for quad in parser]
        declared = parser.base_iri if parser.base_iri != base_iri else None
        return TurtleFile(path, base_iri, triples, dict(parser.prefixes), declared)


def read_turtle(path: Path, base_iri: str | None = None) -> Iterator[ox.Triple]:
    """:func:`parse_turtle`, one triple at a time as the file is read (none kept)."""
    with _parser(path, base_iri or path.resolve().as_uri()) as parser:
        for quad in parser:
            yield quad.triple


@contextmanager
def _parser(path: Path, base_iri: str) -> Iterator[ox.QuadParser]:
    """Oxigraph's parser over the file; its errors as :class:`SyntaxErrorInFile`."""
    try:
        with path.open("rb") as stream:
            if stream.read(len(_BOM)) == _BOM:
                raise SyntaxErrorInFile(
                    str(path), 1, 1, "the file starts with a byte order mark (U+FEFF), which "
                    "Turtle does not allow: save it as UTF-8 without a BOM",
                )  # fmt: skip
            stream.seek(0)
            yield ox.parse(
                stream, format=ox.RdfFormat.TURTLE, base_iri=base_iri, rename_blank_nodes=True
            )
    except SyntaxError as error:
        raise SyntaxErrorInFile(
            str(path), error.lineno, error.offset, _in_words(error, path)
        ) from None
    except OSError as error:
        raise SyntaxErrorInFile(str(path), None, None, error.strerror or str(error)) from None


def _in_words(error: SyntaxError, path: Path) -> str:
    """The parser's message without its own position, saying what is wrong where it would not."""
    message = _POSITION.sub("", error.msg)
    if message.startswith("Invalid UTF-8"):
        return f"the file is not UTF-8, as Turtle must be ({message})"
    tag = _language_tag_at(path, error.lineno, error.offset)
    if tag is not None:
        detail = "it ends with '-'" if tag.endswith("-") else message
        return f'"{tag}" is not a well-formed language tag (BCP 47, e.g. @zh or @en-GB): {detail}'
    return "".join(_visible(ch) for ch in message)


def _language_tag_at(path: Path, line: int | None, column: int | None) -> str | None:
    """The ``@tag`` written at ``line``:``column`` (1-based), if the error lies in one."""
    if line is None or column is None:
        return None
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    if not 1 <= line <= len(lines):
        return None
    for match in _LANGUAGE_TAG.finditer(lines[line - 1]):
        if match.start() < column <= match.end() and match.group().startswith("@"):
            return match.group()
    return None


def _visible(ch: str) -> str:
    """A character as itself, or as its code point and name when it cannot be seen."""
    if ch.isprintable() and unicodedata.category(ch) != "Cf":
        return ch
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'unnamed')})"


def load_files(paths: Iterable[Path]) -> Graph:
    """One rdflib graph holding every file, each parsed strictly."""
    from .rdflib_terms import new_graph, rdflib_graph

    graph = new_graph()
    for path in sorted(paths):
        rdflib_graph(parse_turtle(path), into=graph)
    return graph


def turtle_files(directory: Path) -> list[Path]:
    """The Turtle files of a directory, sorted."""
    return sorted(directory.glob("*.ttl"))


def load_ontology() -> Graph:
    """The ontology and its SKOS schemes."""
    return load_files([ONTOLOGY_FILE, *turtle_files(VOCAB_DIR)])


def load_shapes() -> Graph:
    """The SHACL shapes: a graph of their own, never mixed into the ontology."""
    return load_files([SHAPES_FILE])


def load_facts(directory: Path = GRAPH_DIR) -> Graph:
    """The curated facts of ``graph/``."""
    return load_files(turtle_files(directory))
