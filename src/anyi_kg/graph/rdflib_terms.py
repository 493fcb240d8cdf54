"""Every conversion between rdflib and Oxigraph: terms, triples and graphs.

Two readings of a literal, on purpose. A term bound into a query keeps its lexical form
(``to_rdflib``: ``"0"`` stays ``"0"``), so that it matches what the store holds, as Oxigraph
matches it. A graph made from parsed triples (``rdflib_graph``) has its literals normalised as
rdflib's own parsers normalise them, so that it equals a graph rdflib reads itself (the W3C
suite's expected graphs, pySHACL's inputs). Kept apart from :mod:`.terms` so that what never
meets rdflib (the command line's parser, the network page) does not import it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .iris import PREFIXES
from .terms import Term

_XSD_STRING = PREFIXES["xsd"] + "string"


def from_rdflib(node: Node) -> Term:
    """An rdflib term as an Oxigraph term."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or _XSD_STRING)))
    raise TypeError(f"unsupported term {node!r}")


def to_rdflib(term: Term, normalize: bool = False) -> Node:
    """An Oxigraph term as an rdflib term, its lexical form unchanged unless ``normalize``."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    datatype_or_none = None if datatype == _XSD_STRING else datatype
    return Literal(term.value, datatype=datatype_or_none, normalize=normalize)


def rdflib_triple(triple: ox.Triple | ox.Quad) -> tuple[Node, Node, Node]:
    """An Oxigraph triple (or a quad's triple) as an rdflib triple."""
    return (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))  # type: ignore[arg-type]


def rdflib_graph(triples: Iterable[ox.Triple], into: Graph | None = None) -> Graph:
    """Oxigraph triples added to an rdflib graph (a new one unless ``into``), normalised."""
    graph = new_graph() if into is None else into
    for triple in triples:
        s, p, o = (to_rdflib(t, True) for t in (triple.subject, triple.predicate, triple.object))  # type: ignore[arg-type]
        graph.add((s, p, o))
    return graph


def new_graph() -> Graph:
    """An empty rdflib graph that knows the project's prefixes."""
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, replace=True)
    return graph
