"""The published graph in five syntaxes, in a stable order, with stable blank node names.

Each named graph is written once by Oxigraph as N-Triples (:mod:`anyi_kg.graph.ntriples`). The
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
    """How to write each file of the graph, ``<graph_name>.<ext>``, from its named graphs.

    Turtle holds the graphs one after the other, TriG the same statements in a block per graph.
    """
    union: list[bytes] = []
    for line in heapq.merge(*(g.lines for g in graphs)):
        if not union or union[-1] != line:
            union.append(line)
    nquads = [g.nquads() for g in graphs]
    header, bodies = _turtle(graphs)

    def jsonld(out: BinaryIO) -> None:
        triples = ox.parse(b"".join(union), ox.RdfFormat.N_TRIPLES)
        ox.serialize(triples, out, ox.RdfFormat.JSON_LD)

    def trig(out: BinaryIO) -> None:
        out.write(header)
        for graph, body in zip(graphs, bodies, strict=True):
            out.write(f"<{graph.name}> {{\n".encode() + body + b"}\n")

    return {
        f"{graph_name}.ttl": lambda out: out.write(header + b"".join(bodies)),
        f"{graph_name}.nt": lambda out: out.write(b"".join(union)),
        f"{graph_name}.nq": lambda out: out.write(b"".join(sorted(q for g in nquads for q in g))),
        f"{graph_name}.trig": trig,
        f"{graph_name}.jsonld": jsonld,
    }


def _turtle(graphs: list[Sorted]) -> tuple[bytes, list[bytes]]:
    """Oxigraph's Turtle of each graph: the prefixes (the same for all), and the statements."""
    header, bodies = b"", []
    for graph in graphs:
        triples = ox.parse(b"".join(graph.lines), ox.RdfFormat.N_TRIPLES)
        text = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_TURTLE_PREFIXES) or b""
        lines = text.split(b"\n", len(_TURTLE_PREFIXES))
        prefixes = b"\n".join(lines[:-1]) + b"\n"
        assert all(line.startswith(b"@prefix ") for line in lines[:-1])  # one per prefix, first
        assert header in (b"", prefixes)
        header = prefixes
        bodies.append(lines[-1])
    return header, bodies
