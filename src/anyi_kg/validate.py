"""The checks a graph must pass: every quote at its offsets, and the SHACL shapes."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .errors import BadInputError
from .namespaces import OA, SRC
from .provenance import parse_span_iri, source_text


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the graph: the node, the rule it breaks, and why."""

    node: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.node}: [{self.rule}] {self.message}"


def _one(graph: Graph, subject: Node, predicate: Node) -> Node | None:
    values = list(graph.objects(subject, predicate))
    return values[0] if len(values) == 1 else None


def check_spans(graph: Graph) -> list[Problem]:
    """Every span's quote equals its source text between its offsets, as its IRI says."""
    problems = []
    for span in sorted(set(graph.subjects(RDF.type, OA.SpecificResource)), key=str):
        name = str(span)
        source = _one(graph, span, OA.hasSource)
        quotes = [s for s in graph.objects(span, OA.hasSelector)
                  if (s, RDF.type, OA.TextQuoteSelector) in graph]
        positions = [s for s in graph.objects(span, OA.hasSelector)
                     if (s, RDF.type, OA.TextPositionSelector) in graph]
        if source is None or len(quotes) != 1 or len(positions) != 1:
            problems.append(Problem(name, "span", "needs one source, one quote, one position"))
            continue
        exact = _one(graph, quotes[0], OA.exact)
        start = _one(graph, positions[0], OA.start)
        end = _one(graph, positions[0], OA.end)
        if not (isinstance(exact, Literal) and isinstance(start, Literal)
                and isinstance(end, Literal)):
            problems.append(Problem(name, "span", "needs oa:exact, oa:start and oa:end"))
            continue
        if not str(source).startswith(str(SRC)):
            problems.append(Problem(name, "span", f"source {source} is not a source document"))
            continue
        document = str(source)[len(str(SRC)):]
        try:
            text = source_text(document)
            iri_source, iri_start, iri_end = parse_span_iri(name)
        except BadInputError as error:
            problems.append(Problem(name, "span", str(error)))
            continue
        s, e = int(start), int(end)
        if (iri_source, iri_start, iri_end) != (document, s, e):
            problems.append(Problem(name, "span", f"IRI disagrees with its selector {s}..{e}"))
        elif text[s:e] != str(exact):
            problems.append(Problem(
                name, "quote",
                f"quote {str(exact)!r} is not the source text at {s}..{e}: {text[s:e]!r}",
            ))
    return problems


def check_shapes(data: Graph, shapes: Graph, ontology: Graph) -> list[Problem]:
    """SHACL violations of ``data``, one problem per result.

    The ontology and its SKOS schemes are part of the data graph, so concepts are typed and
    ``sh:class`` follows ``rdfs:subClassOf``. No inference: an RDFS range would make a wrong
    value satisfy ``sh:class`` by entailment.
    """
    conforms, report, _ = shacl_validate(
        data + ontology, shacl_graph=shapes, inference="none",
        allow_warnings=False, advanced=True,
    )
    if conforms:
        return []
    assert isinstance(report, Graph)
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        shape = report.value(result, SH.sourceShape)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        rule = _curie(shapes, shapes.value(None, SH.property, shape) or shape)
        if path is not None:
            rule += f" {_curie(data, path)}"
        problems.append(Problem(_curie(data, focus), rule, str(message)))
    return sorted(problems)


def _curie(graph: Graph, node: Node | None) -> str:
    if node is None:
        return "?"
    try:
        return graph.namespace_manager.curie(str(node), generate=False)
    except (ValueError, KeyError):
        return str(node) if not isinstance(node, Literal) else repr(str(node))
