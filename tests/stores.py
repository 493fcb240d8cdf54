"""Helpers of the query tests: the assembled graph as a dataset file, examples of parameters.

The dataset is written from the strictly parsed graph, with the named graphs ``anyi-kg build``
writes (the ontology's, one per source); ``conftest.py`` turns it into the ``dataset`` and
``kg`` fixtures.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal
from rdflib.term import Node

from anyi_kg.graph.build import Assembled
from anyi_kg.graph.rdflib_terms import to_rdflib
from anyi_kg.store.results import Result


def write_dataset(assembled: Assembled, path: Path) -> Path:
    """Ontology and facts as N-Quads in their named graphs."""
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
        for name, triples in assembled.named_graphs().items()
        for t in triples
    ]
    ox.serialize(quads, str(path), ox.RdfFormat.N_QUADS)
    return path


EXAMPLES: dict[str, list[dict[str, str]]] = {
    "indicator-series": [{"indicator": "indicator:gross-industrial-output"}],
    "indicator-changes": [{"subject": "kg:anyi-hi-tech-park"}],
    "ranking-series": [{"list": "indicator:provincial-dev-zone-assessment-ranking"}],
    "ranking-changes": [{"subject": "kg:aluminium-profile-cluster"}],
    "figures-in-year": [{"year": "2020"}],
    "honours": [{"recipient": "kg:anyi-hi-tech-park"}, {"level": "level:national"}],
    "honours-by-level": [{"level": "level:provincial"}],
    "honours-in-year": [{"year": "2021"}],
    "investments": [{"investor": "kg:mubang-hi-tech"}],
    "projects": [{"project": "kg:photovoltaic-industrial-park-project"}],
    "cluster-leaders": [{"cluster": "kg:new-materials-cluster"}],
    "cluster-profile": [{"cluster": "kg:new-materials-cluster"}],
    "plan-listings": [{"plan": "kg:nanchang-8810-action-plan"}],
    "platforms": [{"type": "platformtype:testing-certification"}],
    "programmes-by-level": [{"level": "level:municipal"}],
    "adopted-programmes": [{"adopter": "kg:anyi-hi-tech-park"}],
    "fact-source": [{"fact": "fact:obs-gross-industrial-output-to"}],
    "first-mention": [{"entity": "kg:konka-group"}],
    "facts-without-period": [{"kind": "ak:Investment"}],
    "entity-neighbourhood": [{"entity": "kg:konka-group"}],
    "entity-facts": [{"entity": "kg:mubang-hi-tech"}],
    "entity-card": [{"entity": "kg:konka-group"}],
    "industrial-chain": [{"industry": "industry:new-energy"}],
    "sites": [{"class": "ak:Site"}],
    "entities": [{"class": "ak:FinancialProduct"}],
    "entity-names": [{"entity": "kg:anyi-hi-tech-park"}],
    "conflicts": [{"subject": "kg:anyi-county"}],
}
"""Parameters to try each named question with, besides its defaults."""


def cases(names: list[str]) -> list[tuple[str, dict[str, str]]]:
    """Every named question with its defaults, then with each example of parameters."""
    return [(name, params) for name in names for params in [{}, *EXAMPLES.get(name, [])]]


def comparable(result: Result, ordered: bool = True) -> list[tuple[object, ...]]:
    """An answer two engines must agree on: literals by value (rdflib rewrites lexical forms as
    it parses), blank nodes anonymous (each engine names them), a graph's triples and the rows
    of an answer in no order (not ``ordered``) sorted."""
    rows = result.table()[1] if result.kind != "graph" else [tuple(t) for t in result.triples]
    normal = [tuple(None if t is None else _by_value(to_rdflib(t)) for t in row) for row in rows]
    return normal if result.kind != "graph" and ordered else sorted(normal, key=str)


def _by_value(node: Node) -> object:
    if isinstance(node, BNode):
        return "_:"
    if isinstance(node, Literal) and node.value is not None:
        return (node.value, node.datatype, node.language)
    return node
