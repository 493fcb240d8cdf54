"""N-Triples lines as Oxigraph writes them: one triple a line, ``subject predicate object .``

No IRI and no blank node label holds a space, so a line's first two spaces end its subject and
its predicate; the object is the rest, up to the final `` .``. An object that is not a literal
starts with ``<`` or ``_:``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

END = b" .\n"


def lines(triples: Iterable[ox.Triple]) -> list[bytes]:
    """One N-Triples line per triple, in the order given."""
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").splitlines(True)


def fields(line: bytes) -> tuple[bytes, bytes, bytes]:
    """The subject, predicate and object of a line, each as written."""
    subject, predicate, rest = line.split(b" ", 2)
    return subject, predicate, rest[: -len(END)]


def subject_of(line: bytes) -> bytes:
    return line[: line.index(b" ")]


def object_of(line: bytes) -> bytes:
    return line[line.index(b" ", line.index(b" ") + 1) + 1 : -len(END)]


def line(subject: bytes, predicate: bytes, object_: bytes) -> bytes:
    return b" ".join((subject, predicate, object_)) + END


def is_node(term: bytes) -> bool:
    """Whether a field is an IRI or a blank node (not a literal)."""
    return term.startswith((b"<", b"_:"))
