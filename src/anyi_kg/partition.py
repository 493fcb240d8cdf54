"""The facts cut into units that the shapes validate one at a time, each with all it reads.

A unit is a file of ``graph/`` (cut between subjects when it is large). Its *nodes* are every IRI
and blank node its triples name. From a focus node the shapes read no further than

- two steps out (``ak:firstMention`` → the span → its ``rdf:type``; a span → its selector → its
  ``oa:exact``; a change → its observation → its ``ak:indicator``; the subject of an assertion
  → its plain triple),
- one step in along an ``sh:inversePath``, and one step out from there (the investor of a
  project, and its type),
- the class hierarchy (``rdfs:subClassOf``), for ``sh:targetClass`` and ``sh:class``,

so a unit's data graph holds its own triples, every triple about its nodes and about their
neighbours (in any file and in the ontology), and the class hierarchy. A focus node among the
unit's nodes then gets exactly the results the whole graph gives it, but for those reached
backwards: an inverse path whose constraints judge each value on its own (``sh:class``,
``sh:in``…) is judged in the unit that states the edge, where its subject is a node, and the
units' results together are the whole graph's. Only an inverse path that counts or compares its
values needs every edge that points to the focus node, and then the unit holds them
(:func:`inward_predicates`). Results about the other nodes of a data graph are dropped.
:func:`reach_guard` refuses paths longer than one step; ``tests/test_shapes_engines.py``
checks the agreement with pySHACL on every fixture, one subject per unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from .errors import BadInputError
from .facts import Facts, Index
from .iris import PREFIXES

UNIT_TRIPLES = 20_000
_SH = PREFIXES["sh"]
_PATH, _INVERSE = ox.NamedNode(_SH + "path"), ox.NamedNode(_SH + "inversePath")
_WHOLE = {
    ox.NamedNode(_SH + name)
    for name in (
        "minCount", "maxCount", "qualifiedMinCount", "qualifiedMaxCount", "uniqueLang",
        "equals", "disjoint", "lessThan", "lessThanOrEquals", "hasValue",
    )
}  # fmt: skip  (constraints that read all values of a path together)


def inward_predicates(shapes: Iterable[ox.Triple]) -> set[ox.NamedNode]:
    """The predicates of inverse paths whose constraints read all the values together."""
    shapes = list(shapes)
    inverse: dict[object, object] = {t.subject: t.object for t in shapes if t.predicate == _INVERSE}
    whole = {t.subject for t in shapes if t.predicate in _WHOLE}
    found = {
        inverse.get(t.object) for t in shapes if t.predicate == _PATH and t.subject in whole
    }
    return {p for p in found if isinstance(p, ox.NamedNode)}


def reach_guard(shapes: list[ox.Triple]) -> None:
    """Refuse shapes whose paths go further than one step, in or out (see the module)."""
    inverse: dict[object, object] = {t.subject: t.object for t in shapes if t.predicate == _INVERSE}
    for t in shapes:
        step = t.object if isinstance(t.object, ox.NamedNode) else inverse.get(t.object)
        if t.predicate == _PATH and not isinstance(step, ox.NamedNode):
            raise BadInputError(
                f"a shape has a path longer than one step ({t.subject}): the build validates "
                "unit by unit and reads only one step in or out along a path"
            )


def units(facts: Facts, size: int = UNIT_TRIPLES) -> Iterator[list[ox.Triple]]:
    """The facts file by file, a file cut between subjects into runs of about ``size`` triples."""
    for file in facts.files:
        by_subject: dict[object, list[ox.Triple]] = {}
        for triple in file.triples:
            by_subject.setdefault(triple.subject, []).append(triple)
        unit: list[ox.Triple] = []
        for triples in by_subject.values():
            if unit and len(unit) + len(triples) > size:
                yield unit
                unit = []
            unit += triples
        if unit:
            yield unit


def nodes(triples: Iterable[ox.Triple]) -> set[object]:
    """Every IRI and blank node that the triples name."""
    found: set[object] = set()
    for t in triples:
        found.add(t.subject)
        if not isinstance(t.object, ox.Literal):
            found.add(t.object)
    return found


def data_graph(
    unit: list[ox.Triple], graphs: list[Index], inward: dict[object, list[ox.Triple]]
) -> set[ox.Triple]:
    """The unit's triples and every triple of ``graphs`` its shapes may read (see the module)."""

    def about(node: object) -> Iterator[ox.Triple]:
        for graph in graphs:
            yield from graph.about(node)

    data = set(unit)
    neighbours: set[object] = set()
    for node in nodes(unit):
        for t in about(node):
            data.add(t)
            if not isinstance(t.object, ox.Literal):
                neighbours.add(t.object)
        for t in inward.get(node, ()):
            data.add(t)
            neighbours.add(t.subject)
    for node in neighbours:
        data.update(about(node))
    return data
