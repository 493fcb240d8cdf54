"""Exporting the graph from any store: RDF in five syntaxes, CSV per class, GraphML and GEXF.

The RDF syntaxes are written by :func:`anyi_kg.store.results.rdf_bytes` (sorted, so the output
is deterministic and every literal keeps its lexical form). CSV writes one file per class: one
row per instance, one column per property (``rdfs:label@zh``, ``rdfs:label@en`` apart), several
values joined by `` | ``. GraphML and GEXF are the entity network of :mod:`anyi_kg.network`,
written by :mod:`anyi_kg.network.views`.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import BadInputError
from .graph.terms import Term, shorten
from .outputs import building, claim, replacing
from .store.results import rdf_bytes

if TYPE_CHECKING:
    from .store import Store

FORMATS = {
    "turtle": ".ttl", "nt": ".nt", "nquads": ".nq", "trig": ".trig", "jsonld": ".jsonld",
    "csv": "", "graphml": ".graphml", "gexf": ".gexf",
}  # fmt: skip
CSV_KIND = "CSV export"
_CSV_FILE = re.compile(r"[^/]+\.csv")
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SEPARATOR = " | "


def export(store: Store, fmt: str, out: Path) -> list[Path]:
    """Write the store's graph to ``out`` (a file, or a directory for ``csv``); returns files.

    A file is written beside ``out`` and renamed onto it. A ``csv`` directory replaces
    ``out`` only if it is new, empty or an earlier CSV export.
    """
    if fmt not in FORMATS:
        raise BadInputError(f"unknown export format {fmt!r}; valid: {', '.join(FORMATS)}")
    if fmt == "csv":  # a new directory, swapped in whole (outputs.building)
        claim(out, CSV_KIND, _CSV_FILE)
        with building(out, CSV_KIND) as new:
            written = write_csv(store.quads(), new)
        return [out / path.name for path in written]
    with replacing(out) as temporary:
        if fmt in ("graphml", "gexf"):
            from .network.convert import to_networkx
            from .network.views import write

            write(to_networkx(store.rdflib()), temporary)
        else:
            temporary.write_bytes(rdf_bytes(store.quads(), fmt))
    return [out]


def write_csv(quads: Iterable[ox.Quad], directory: Path) -> list[Path]:
    """One CSV per class of IRI-named instances, named after the class (``ak_Company.csv``)."""
    values: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    classes: dict[str, set[str]] = defaultdict(set)
    for quad in sorted({q.triple for q in quads}, key=str):
        if not isinstance(quad.subject, ox.NamedNode):
            continue
        subject, predicate = quad.subject.value, shorten(quad.predicate.value)
        if quad.predicate.value == _RDF_TYPE and isinstance(quad.object, ox.NamedNode):
            classes[quad.object.value].add(subject)
        column = predicate
        if isinstance(quad.object, ox.Literal) and quad.object.language:
            column = f"{predicate}@{quad.object.language}"
        values[subject][column].append(_cell(quad.object))
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for cls, members in sorted(classes.items()):
        columns = sorted({c for m in members for c in values[m]}, key=_column_order)
        path = directory / (shorten(cls).replace(":", "_").replace("/", "_") + ".csv")
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["id", *columns])
            for member in sorted(members):
                row = values[member]
                writer.writerow(
                    [shorten(member), *(_SEPARATOR.join(row.get(c, [])) for c in columns)]
                )
        written.append(path)
    return written


def _cell(term: Term | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.Triple):
        return str(term)
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _column_order(column: str) -> tuple[int, str]:
    """Type and labels first, then the other properties by name."""
    first = ["rdf:type", "rdfs:label@zh", "rdfs:label@en", "skos:prefLabel@zh", "skos:prefLabel@en"]
    return (first.index(column), "") if column in first else (len(first), column)
