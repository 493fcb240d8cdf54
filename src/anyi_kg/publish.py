"""The published graph in five syntaxes, in a stable order, with stable blank node names.

Each named graph is written once by Oxigraph as N-Triples (:mod:`anyi_kg.ntriples`). The
lines, their blank nodes renamed and sorted as ``sort`` would, are the N-Triples file; an
N-Quads line is such a line with the graph's name before the final dot. Oxigraph reads them
again to write Turtle, TriG and JSON-LD in the same order.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

import pyoxigraph as ox

from . import ntriples as nt
from .iris import PREFIXES

Writer = Callable[[BinaryIO], object]
_TURTLE_PREFIXES = {p: iri for p, iri in PREFIXES.items() if p != "src"}  # spans stay <…#char=>


@dataclass
class Sorted:
    """One named graph: its N-Triples lines, sorted, without duplicates."""

    name: str
    lines: list[bytes]

    def nquads(self) -> list[bytes]:
        """Its N-Quads lines: each N-Triples line with the graph's name before the final dot."""
        tail = f" <{self.name}>".encode() + nt.END
        return [line[: -len(nt.END)] + tail for line in self.lines]


def prepare(name: str, lines: list[bytes]) -> Sorted:
    """The graph's N-Triples lines sorted, its blank nodes renamed by :func:`canonical`."""
    return Sorted(name, sorted(set(canonical(lines))))


def canonical(lines: list[bytes]) -> list[bytes]:
    """N-Triples lines with blank nodes named by a hash of what they say, so output is stable.

    Two blank nodes get the same name only when they say the same things about the same
    neighbours (each written as in N-Triples), in which case they are interchangeable and the
    bytes are the same either way. Oxigraph's parser gives every blank node a random label, so
    a label's text occurs nowhere else in the lines.
    """
    out: dict[bytes, list[tuple[bytes, bytes]]] = defaultdict(list)
    into: dict[bytes, list[tuple[bytes, bytes]]] = defaultdict(list)
    touched = []
    for index, line in enumerate(lines):
        if b"_:" not in line:
            continue
        subject, predicate, value = nt.fields(line)
        if subject.startswith(b"_:"):
            out[subject].append((predicate, value))
        if value.startswith(b"_:"):
            into[value].append((subject, predicate))
        touched.append((index, subject, value))

    def describe(node: bytes, branch: frozenset[bytes]) -> bytes:
        if not node.startswith(b"_:"):
            return node
        if node in branch:
            return b"_:cycle"
        branch = branch | {node}
        said = sorted(p + b" " + describe(o, branch) for p, o in out[node])
        said.append(b"<-")
        said += sorted((s if s.startswith(b"<") else b"_:") + b" " + p for s, p in into[node])
        return hashlib.sha256(b"\n".join(said)).hexdigest()[:20].encode()

    names = {node: b"_:b" + describe(node, frozenset()) for node in {*out, *into}}
    renamed = list(lines)
    for index, subject, value in touched:
        line = lines[index]
        if subject in names:
            line = names[subject] + line[len(subject) :]
        if value in names:
            line = line[: -len(value) - len(nt.END)] + names[value] + nt.END
        renamed[index] = line
    return renamed


def writers(graph_name: str, graphs: list[Sorted]) -> dict[str, Writer]:
    """How to write each file of the graph, ``<graph_name>.<ext>``, from its named graphs."""
    union: list[bytes] = []
    for line in heapq.merge(*(g.lines for g in graphs)):
        if not union or union[-1] != line:
            union.append(line)
    nquads = [g.nquads() for g in graphs]

    def rdf(rdf_format: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> Writer:
        def write(out: BinaryIO) -> None:
            triples = ox.parse(b"".join(union), ox.RdfFormat.N_TRIPLES)
            ox.serialize(triples, out, rdf_format, prefixes=prefixes)

        return write

    def trig(out: BinaryIO) -> None:  # graph by graph
        quads = ox.parse(b"".join(line for g in nquads for line in g), ox.RdfFormat.N_QUADS)
        ox.serialize(quads, out, ox.RdfFormat.TRIG, prefixes=_TURTLE_PREFIXES)

    return {
        f"{graph_name}.ttl": rdf(ox.RdfFormat.TURTLE, _TURTLE_PREFIXES),
        f"{graph_name}.nt": lambda out: out.write(b"".join(union)),
        f"{graph_name}.nq": lambda out: out.write(b"".join(sorted(q for g in nquads for q in g))),
        f"{graph_name}.trig": trig,
        f"{graph_name}.jsonld": rdf(ox.RdfFormat.JSON_LD),
    }
