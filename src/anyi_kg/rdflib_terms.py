"""RDF terms between rdflib and Oxigraph, lexical forms unchanged.

Kept apart from :mod:`anyi_kg.terms` so that what never meets rdflib (the command line's
parser, the network page) does not import it.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
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


def to_rdflib(term: Term) -> Node:
    """An Oxigraph term as an rdflib term, its lexical form unchanged."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    datatype_or_none = None if datatype == _XSD_STRING else datatype
    return Literal(term.value, datatype=datatype_or_none, normalize=False)  # keep "0" as "0"


def rdflib_triple(triple: ox.Triple | ox.Quad) -> tuple[Node, Node, Node]:
    """An Oxigraph triple (or a quad's triple) as an rdflib triple."""
    return (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))  # type: ignore[arg-type]
