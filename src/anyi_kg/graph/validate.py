"""The checks a graph must pass: every quote at its offsets, and the SHACL shapes.

The shapes run on the ``shacl`` engine (Rust), unit by unit (:mod:`anyi_kg.graph.partition`), on as
many threads as there are cores: it releases the GIL and finds, on every fixture of the shapes,
what pySHACL finds. pySHACL stays the reference: it validates again any unit whose report names
a blank node, since the engine renames blank nodes and its report could not say which one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import BadInputError
from . import ntriples as nt
from .facts import Facts, Index
from .iris import PREFIXES
from .load import parse_turtle
from .partition import (
    UNIT_TRIPLES,
    Lines,
    data_graph,
    inward_predicates,
    nodes,
    reach_guard,
    units,
)  # fmt: skip
from .provenance import parse_span_iri, source_text
from .sources import source_texts
from .terms import shorten

_RDF, _OA, _SH = PREFIXES["rdf"], PREFIXES["oa"], PREFIXES["sh"]
_TYPE = ox.NamedNode(_RDF + "type")
_SUBCLASS = ox.NamedNode(PREFIXES["rdfs"] + "subClassOf")
_SPAN, _QUOTE = ox.NamedNode(_OA + "SpecificResource"), ox.NamedNode(_OA + "TextQuoteSelector")
_POSITION = ox.NamedNode(_OA + "TextPositionSelector")
_HAS_SOURCE, _HAS_SELECTOR = ox.NamedNode(_OA + "hasSource"), ox.NamedNode(_OA + "hasSelector")
_EXACT, _START, _END = (ox.NamedNode(_OA + name) for name in ("exact", "start", "end"))
if TYPE_CHECKING:
    from rdflib import Graph

_SRC = PREFIXES["src"]
_IRI = re.compile(r"<([^>]*)>")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the graph: the node, the rule it breaks, and why."""

    node: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.node}: [{self.rule}] {self.message}"


def check_spans(index: Lines, graph_dirs: Sequence[Path]) -> list[Problem]:
    """Every span's quote equals its source's text between its offsets, as its IRI says.

    The texts are ``sources/<id>.txt`` of the graph directories (:func:`.sources.source_texts`).

    Each span is read with its selectors from the lines about them, parsed again by Oxigraph.
    """
    texts = source_texts(graph_dirs)
    places = " or ".join(str(d / "sources") for d in graph_dirs)
    typed = f" {_TYPE} {_SPAN}".encode() + nt.END
    selector = str(_HAS_SELECTOR).encode()
    problems = []
    for said in index.about.values():
        if not any(line.endswith(typed) for line in said):
            continue
        selectors = {nt.object_of(line) for line in said if nt.fields(line)[1] == selector}
        lines = [*said, *(line for node in selectors for line in index.about.get(node, ()))]
        triples = [q.triple for q in ox.parse(b"".join(lines), ox.RdfFormat.N_TRIPLES)]
        problem = _check_span(Index(triples), triples[0].subject, texts, places)
        if problem is not None:
            problems.append(problem)
    return sorted(problems)


def _check_span(
    facts: Index, span: object, texts: Mapping[str, Path], places: str
) -> Problem | None:
    name = span.value if isinstance(span, ox.NamedNode) else str(span)
    source = _only(facts.value(span, _HAS_SOURCE))
    selectors = facts.value(span, _HAS_SELECTOR)
    quotes = [s for s in selectors if _QUOTE in facts.value(s, _TYPE)]
    positions = [s for s in selectors if _POSITION in facts.value(s, _TYPE)]
    if source is None or len(quotes) != 1 or len(positions) != 1:
        return Problem(name, "span", "needs one source, one quote, one position")
    exact = _only(facts.value(quotes[0], _EXACT))
    start = _only(facts.value(positions[0], _START))
    end = _only(facts.value(positions[0], _END))
    if not all(isinstance(v, ox.Literal) for v in (exact, start, end)):
        return Problem(name, "span", "needs oa:exact, oa:start and oa:end")
    assert isinstance(exact, ox.Literal) and isinstance(start, ox.Literal)
    assert isinstance(end, ox.Literal)
    if not (isinstance(source, ox.NamedNode) and source.value.startswith(_SRC)):
        return Problem(name, "span", f"source {source} is not a source document")
    document = source.value[len(_SRC) :]
    if document not in texts:
        return Problem(name, "span", f"no source document {document!r} in {places}")
    try:
        text = source_text(document, texts[document].parent)
        iri_source, iri_start, iri_end = parse_span_iri(name)
        s, e = int(start.value), int(end.value)
    except BadInputError as error:
        return Problem(name, "span", str(error))
    except ValueError:
        return Problem(name, "span", "oa:start and oa:end must be integers")
    if (iri_source, iri_start, iri_end) != (document, s, e):
        return Problem(name, "span", f"IRI disagrees with its selector {s}..{e}")
    if text[s:e] != exact.value:
        found = f"is not the source text at {s}..{e}: {text[s:e]!r}"
        return Problem(name, "quote", f"quote {exact.value!r} {found}")
    return None


def _only(values: list[object]) -> object | None:
    return values[0] if len(values) == 1 else None


class Shapes:
    """The SHACL shapes, compiled once for the engine, and what the units need to know of them."""

    def __init__(self, path: Path) -> None:
        import shacl

        self.path = path
        self.triples = parse_turtle(path)
        reach_guard(self.triples)
        self.inward = inward_predicates(self.triples)
        text = path.read_text(encoding="utf-8")
        self.engine = shacl.Shapes.from_text(text, "turtle", path.resolve().as_uri())

    @cached_property
    def rdflib(self) -> Graph:
        from .rdflib_terms import rdflib_graph

        return rdflib_graph(self.triples)


def line_index(facts: Facts, schema: list[bytes], shapes: Shapes) -> Lines:
    """The lines of the facts and of the ontology, as the spans check and the units read them."""
    return Lines((line for lines in (*facts.lines, schema) for line in lines), shapes.inward)


def check_shapes(
    facts: Facts, index: Lines, schema: list[bytes], shapes: Shapes, unit_size: int = UNIT_TRIPLES
) -> list[Problem]:
    """SHACL violations of the facts, with the ontology and its schemes as part of the data.

    ``index`` holds the lines of both (:func:`line_index`), ``schema`` those of the ontology. The
    ontology's concepts are typed and ``sh:class`` follows ``rdfs:subClassOf``. No inference:
    an RDFS range would make a wrong value satisfy ``sh:class`` by entailment.
    """
    subclass = f" {_SUBCLASS} ".encode()
    hierarchy = [line for lines in index.about.values() for line in lines if subclass in line]

    def validate(unit: list[bytes]) -> set[Problem]:
        if unit is schema:  # the ontology and its schemes, whole
            return _unit_problems(schema, nodes(schema), shapes)
        return _unit_problems([*data_graph(unit, index), *hierarchy], nodes(unit), shapes)

    work = [schema, *units(facts.lines, unit_size)]
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        found = set().union(*pool.map(validate, work))
    return sorted(found)


def _unit_problems(data: list[bytes], own: set[bytes], shapes: Shapes) -> set[Problem]:
    """The results about the unit's own nodes; pySHACL's when the engine names a blank node."""
    text = b"".join(data).decode("utf-8")
    report = shapes.engine.validate_text(text, "ntriples", inference="none")
    if report.conforms:
        return set()
    wanted = {node.decode("utf-8") for node in own}
    if any(r.focus_node.startswith("_:") for r in report.results):
        return _reference_problems(text, wanted, shapes)
    return {
        Problem(_shown(r.focus_node), _rule(r.root_shape, r.path), r.message or r.component)
        for r in report.results
        if r.focus_node in wanted
    }


def _shown(term: str) -> str:
    """A term in N-Triples syntax as a CURIE where a prefix covers it."""
    return shorten(term[1:-1]) if term.startswith("<") else term


def _rule(shape: str | None, path: str | None) -> str:
    rule = _shown(shape) if shape else "?"
    if path:
        rule += " " + _IRI.sub(lambda m: shorten(m.group(1)), path)
    return rule


def _reference_problems(data: str, wanted: set[str], shapes: Shapes) -> set[Problem]:
    """pySHACL's results about the unit's own nodes (rdflib keeps blank node identifiers)."""
    from pyshacl import validate
    from rdflib import BNode, Graph
    from rdflib.namespace import RDF, SH

    from .rdflib_terms import rdflib_graph

    shapes_graph = shapes.rdflib
    triples = (q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES))
    _, report, _ = validate(
        rdflib_graph(triples), shacl_graph=shapes_graph, inference="none",
        allow_warnings=False, advanced=True,
    )  # fmt: skip
    assert isinstance(report, Graph)
    problems = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        if focus is None or focus.n3() not in wanted:
            continue
        shape = report.value(result, SH.sourceShape)
        owner = shapes_graph.value(None, SH.property, shape) or shape
        assert owner is not None
        path = report.value(result, SH.resultPath)
        inverse = report.value(path, SH.inversePath) if isinstance(path, BNode) else None
        written = f"^<{inverse}>" if inverse is not None else (path.n3() if path else None)
        message = report.value(result, SH.resultMessage)
        problems.add(Problem(_shown(focus.n3()), _rule(owner.n3(), written), str(message)))
    return problems
