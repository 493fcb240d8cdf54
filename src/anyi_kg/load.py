"""Strict loading of Turtle, into rdflib graphs or as Oxigraph triples.

Oxigraph's parser is the gate: it rejects every W3C negative-syntax test and reports line and
column, where rdflib's own Turtle parser is lax. Parsed triples are handed to rdflib term by
term, literals normalised as rdflib's own parsers do (the W3C suite's expected graphs are read
so); :mod:`anyi_kg.rdflib_terms` instead keeps lexical forms, for query bindings. rdflib is
imported only by the functions that make rdflib graphs, so reading triples alone
(``anyi-kg viz``) does not pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import SyntaxErrorInFile
from .iris import PREFIXES
from .paths import GRAPH_DIR, ONTOLOGY_FILE, SHAPES_FILE, VOCAB_DIR

if TYPE_CHECKING:
    from rdflib import Graph

_XSD_STRING = PREFIXES["xsd"] + "string"


def new_graph() -> Graph:
    """An empty rdflib graph that knows the project's prefixes."""
    from rdflib import Graph

    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, replace=True)
    return graph


def parse_turtle(path: Path, base_iri: str | None = None) -> list[ox.Triple]:
    """Parse one Turtle file strictly; a syntax error names the file, line and column.

    Relative IRIs resolve against ``base_iri``, by default the file's own ``file:`` URI.
    """
    return list(read_turtle(path, base_iri))


def read_turtle(path: Path, base_iri: str | None = None) -> Iterator[ox.Triple]:
    """:func:`parse_turtle`, one triple at a time as the file is read (none kept)."""
    base_iri = base_iri or path.resolve().as_uri()
    try:
        with path.open("rb") as stream:
            for quad in ox.parse(stream, format=ox.RdfFormat.TURTLE, base_iri=base_iri):
                yield quad.triple
    except SyntaxError as error:
        raise SyntaxErrorInFile(str(path), error.lineno, error.offset, error.msg) from None
    except OSError as error:
        raise SyntaxErrorInFile(str(path), None, None, error.strerror or str(error)) from None


def to_rdflib(triples: Iterable[ox.Triple], into: Graph | None = None) -> Graph:
    """Add Oxigraph triples to an rdflib graph (a new one unless ``into`` is given)."""
    from rdflib import BNode, Literal, URIRef
    from rdflib.term import Node

    def term(node: object) -> Node:
        if isinstance(node, ox.NamedNode):
            return URIRef(node.value)
        if isinstance(node, ox.BlankNode):
            return BNode(node.value)
        if isinstance(node, ox.Literal):
            if node.language:
                return Literal(node.value, lang=node.language)
            datatype = node.datatype.value
            return Literal(node.value, datatype=None if datatype == _XSD_STRING else datatype)
        raise TypeError(f"unsupported term {node!r}")

    graph = new_graph() if into is None else into
    for triple in triples:
        graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))
    return graph


def load_files(paths: Iterable[Path]) -> Graph:
    """One rdflib graph holding every file, each parsed strictly."""
    graph = new_graph()
    for path in sorted(paths):
        to_rdflib(parse_turtle(path), into=graph)
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
