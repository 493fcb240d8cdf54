"""The W3C RDF 1.1 Turtle suite, run through the project's own strict loader."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, Namespace

from anyi_kg.errors import SyntaxErrorInFile
from anyi_kg.graph.load import load_files, parse_turtle
from anyi_kg.graph.rdflib_terms import rdflib_graph

SUITE = Path(__file__).parent / "w3c" / "rdf-turtle"
BASE = "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-turtle/"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = Namespace("http://www.w3.org/ns/rdftest#")


def _tests(kind: str) -> list[tuple[str, str, str | None]]:
    manifest = load_files([SUITE / "manifest.ttl"])
    rows = []
    for test in manifest.subjects(RDF.type, RDFT[kind]):
        action = str(manifest.value(test, MF.action)).rsplit("/", 1)[-1]
        result = manifest.value(test, MF.result)
        rows.append(
            (
                str(manifest.value(test, MF.name)),
                action,
                None if result is None else str(result).rsplit("/", 1)[-1],
            )
        )
    return sorted(rows)


NEGATIVE = _tests("TestTurtleNegativeSyntax")
POSITIVE = _tests("TestTurtlePositiveSyntax")
EVAL = _tests("TestTurtleEval")


def test_suite_size() -> None:
    assert (len(NEGATIVE), len(POSITIVE), len(EVAL)) == (94, 74, 145)


@pytest.mark.parametrize(("name", "action", "result"), NEGATIVE, ids=[t[0] for t in NEGATIVE])
def test_negative_syntax_rejected_with_line_and_column(
    name: str, action: str, result: None
) -> None:
    with pytest.raises(SyntaxErrorInFile) as caught:
        parse_turtle(SUITE / action, base_iri=BASE + action)
    error = caught.value
    assert error.path.endswith(action)
    assert error.line is not None and error.line >= 1
    assert error.column is not None and error.column >= 0
    assert f"{action}:{error.line}:{error.column}:" in str(error)


@pytest.mark.parametrize(("name", "action", "result"), POSITIVE, ids=[t[0] for t in POSITIVE])
def test_positive_syntax_accepted(name: str, action: str, result: None) -> None:
    parse_turtle(SUITE / action, base_iri=BASE + action)


@pytest.mark.parametrize(("name", "action", "result"), EVAL, ids=[t[0] for t in EVAL])
def test_evaluation_matches_expected_ntriples(name: str, action: str, result: str) -> None:
    got = rdflib_graph(parse_turtle(SUITE / action, base_iri=BASE + action))
    expected = Graph().parse(SUITE / result, format="nt")
    assert isomorphic(got, _lower_language_tags(expected))


def _lower_language_tags(graph: Graph) -> Graph:
    """RDF 1.1 compares language tags case-insensitively; Oxigraph stores them lower-cased."""
    lowered = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        lowered.add((s, p, o))
    return lowered
