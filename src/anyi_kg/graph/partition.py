"""The facts cut into units that the shapes validate one at a time, each with all it reads.

A unit is a file of ``graph/`` (cut between subjects when it is large), as N-Triples lines.
Its *nodes* are every IRI and blank node its lines name. From a focus node the shapes read no
further than

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

from collections import defaultdict
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet

import pyoxigraph as ox

from ..errors import BadInputError
from . import ntriples as nt
from .iris import PREFIXES

UNIT_TRIPLES = 20_000
_SH = PREFIXES["sh"]
_PATH, _INVERSE = ox.NamedNode(_SH + "path"), ox.NamedNode(_SH + "inversePath")
_WHOLE = {
    ox.NamedNode(_SH + name)
    for name in (
        "minCount",
        "maxCount",
        "qualifiedMinCount",
        "qualifiedMaxCount",
        "uniqueLang",
        "equals",
        "disjoint",
        "lessThan",
        "lessThanOrEquals",
        "hasValue",
    )
}  # fmt: skip  (constraints that read all values of a path together)


def inward_predicates(shapes: Iterable[ox.Triple]) -> set[bytes]:
    """The predicates (as N-Triples) of inverse paths whose constraints read all values together."""
    shapes = list(shapes)
    inverse: dict[object, object] = {t.subject: t.object for t in shapes if t.predicate == _INVERSE}
    whole = {t.subject for t in shapes if t.predicate in _WHOLE}
    found = {inverse.get(t.object) for t in shapes if t.predicate == _PATH and t.subject in whole}
    return {str(p).encode() for p in found if isinstance(p, ox.NamedNode)}


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


class Lines:
    """N-Triples lines (:mod:`.ntriples`) by subject, and by object for some predicates."""

    def __init__(self, lines: Iterable[bytes], inward: AbstractSet[bytes] = frozenset()) -> None:
        self.about: dict[bytes, list[bytes]] = defaultdict(list)
        self.into: dict[bytes, list[bytes]] = defaultdict(list)
        for line in lines:
            self.about[nt.subject_of(line)].append(line)
            if inward and nt.fields(line)[1] in inward:
                self.into[nt.object_of(line)].append(line)


def units(files: Iterable[list[bytes]], size: int = UNIT_TRIPLES) -> Iterator[list[bytes]]:
    """The lines file by file, a file cut between subjects into runs of about ``size`` lines."""
    for lines in files:
        by_subject: dict[bytes, list[bytes]] = {}
        for line in lines:
            by_subject.setdefault(nt.subject_of(line), []).append(line)
        unit: list[bytes] = []
        for group in by_subject.values():
            if unit and len(unit) + len(group) > size:
                yield unit
                unit = []
            unit += group
        if unit:
            yield unit


def nodes(lines: Iterable[bytes]) -> set[bytes]:
    """Every IRI and blank node that the lines name, as written."""
    found: set[bytes] = set()
    for line in lines:
        found.add(nt.subject_of(line))
        object_ = nt.object_of(line)
        if nt.is_node(object_):
            found.add(object_)
    return found


def data_graph(unit: list[bytes], graph: Lines) -> set[bytes]:
    """The unit's lines and every line of ``graph`` its shapes may read (see the module)."""
    data = set(unit)
    neighbours: set[bytes] = set()
    for node in nodes(unit):
        for line in graph.about.get(node, ()):
            data.add(line)
            object_ = nt.object_of(line)
            if nt.is_node(object_):
                neighbours.add(object_)
        for line in graph.into.get(node, ()):
            data.add(line)
            neighbours.add(nt.subject_of(line))
    for node in neighbours:
        data.update(graph.about.get(node, ()))
    return data
