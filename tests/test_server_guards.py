"""The checks a query passes before it runs (on rdflib's parse), and content negotiation: pure
functions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from anyi_kg.server.formats import RESULTS, negotiate, offers
from anyi_kg.server.guards import Malformed, Refused, analyse

GRAPHS = frozenset({"https://w3id.org/anyi-kg/graph/facts", "http://g/1"})

REFUSED = {
    "service": "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "service lower case": "select * { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "service glued to a name": "PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICE:x { ?s ?p ?o } }",
    "service glued to an IRI": "SELECT * { SERVICE<http://127.0.0.1:9/>{ ?s ?p ?o } }",
    "service in an optional": "ASK { OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "the published bypass": (
        "PREFIX : <http://127.0.0.1:9199/>\nSELECT * WHERE { FILTER(1<2)SERVICE:x#>\n{ ?s ?p ?o } }"
    ),
    "service silent in a subquery": (
        "SELECT * { { SELECT * { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } } } }"
    ),
    "service written with an escape": r"SELECT * { \u0053ERVICE <http://127.0.0.1:9/> {} }",
    "service after escaped quotes in names": (
        r"SELECT * { ?s ex:a\' ?o . SERVICE <http://127.0.0.1:9/> {} ?x ex:b\' ?y }"
    ),
    "service written with a long escape": r"SELECT * { \U00000053ERVICE <http://127.0.0.1:9/> {} }",
    "load": "LOAD <http://127.0.0.1:9/data.ttl>",
    "load into a graph": "LOAD SILENT <http://127.0.0.1:9/d.ttl> INTO GRAPH <urn:g>",
    "insert": "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }",
    "delete where": "DELETE WHERE { ?s ?p ?o }",
    "clear": "CLEAR ALL",
    "drop": "drop graph <https://w3id.org/anyi-kg/graph/facts>",
    "with": "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "remote from": "SELECT * FROM <http://127.0.0.1:9/g.ttl> { ?s ?p ?o }",
    "remote from named": "SELECT * FROM NAMED <http://127.0.0.1:9/g.ttl> { GRAPH ?g {} }",
    "remote from by prefixed name": "PREFIX r: <http://127.0.0.1:9/> ASK FROM r:g { }",
    "from glued to a name": "PREFIX : <http://127.0.0.1:9/> ASK FROM:g { }",
    "remote from relative to the endpoint": "ASK FROM <g.ttl> { }",
}
ALLOWED = {
    "plain": "SELECT * { ?s ?p ?o } LIMIT 1",
    "keyword in a string": 'SELECT * { ?s ?p "SERVICE <http://x/> {} LOAD" }',
    "keyword in a long string": "SELECT * { ?s ?p '''a ' SERVICE <http://x/> {}''' }",
    "keyword in a comment": "SELECT * { ?s ?p ?o } # SERVICE <http://x/> {}",
    "keyword in an IRI": "SELECT * { ?s <http://example.org/SERVICE#load> ?o }",
    "keyword as a local name": "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> "
    "SELECT * { ?s a sd:Service }",
    "keyword as a variable": "SELECT ?service ?load { ?service ?load ?from }",
    "local from": "SELECT * FROM <https://w3id.org/anyi-kg/graph/facts> { ?s ?p ?o }",
    "local from by base": "BASE <http://g/> ASK FROM NAMED <1> { GRAPH ?g { } }",
    "less-than then a comment": "SELECT * { ?s ?p ?o FILTER(1<2) # SERVICE <http://x/>\n}",
    "escape inside a string": r'SELECT * { ?s ?p "\u0053ERVICE <http://x/> {}" }',
}


ENDPOINT = "http://127.0.0.1:8000/sparql"


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_refused_before_running(text: str) -> None:
    with pytest.raises(Refused) as refusal:
        analyse(text, GRAPHS, ENDPOINT)
    assert str(refusal.value)


@pytest.mark.parametrize("text", ALLOWED.values(), ids=ALLOWED.keys())
def test_allowed(text: str) -> None:
    assert analyse(text, GRAPHS, ENDPOINT).form in {"SELECT", "ASK"}


def test_the_reasons_are_named() -> None:
    with pytest.raises(Refused, match=r"SERVICE .*makes no outbound requests"):
        analyse("ASK { SERVICE <http://127.0.0.1:9/> {} }", GRAPHS)
    with pytest.raises(Refused, match="read-only: SPARQL Update"):
        analyse("LOAD <http://127.0.0.1:9/data.ttl>", GRAPHS)
    with pytest.raises(Refused, match=re.escape("FROM NAMED <http://127.0.0.1:8000/g.ttl> names")):
        analyse("ASK FROM NAMED <g.ttl> {}", GRAPHS, ENDPOINT)


def test_the_text_to_run_is_the_text_read() -> None:
    """Escapes are expanded once, as the specification and rdflib expand them; what runs is
    what the guard read, so a string closed by an escaped quote stays one string for both."""
    text = r'SELECT * { ?s ?p "\u0022" SERVICE <http://127.0.0.1:9/> {} "\u0022" }'
    analysis = analyse(text, GRAPHS)
    assert analysis.text == 'SELECT * { ?s ?p """ SERVICE <http://127.0.0.1:9/> {} """ }'
    assert analyse("ASK { ?s ?p ?o }", GRAPHS).text == "ASK { ?s ?p ?o }"


def test_malformed_says_where_with_the_line_and_a_caret() -> None:
    with pytest.raises(Malformed) as caught:
        analyse("SELECT * {\n  ?s ?p ?o .\n  FILTER(?x = ) }", GRAPHS)
    error = caught.value
    assert (error.line, error.column) == (3, 3)
    assert error.excerpt == "  FILTER(?x = ) }\n  ^"
    assert str(error).startswith("line 3, column 3: Expected")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ASK { SERVICE ?u { ?s ?p ?o } }", "SERVICE ?u is not supported"),
        (r"ASK { ?s ?p '\uD800' }", "U+D800 (a surrogate) is not a character"),
        ("ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", "nested too deeply"),
        ("ASK " + "{" * 5000 + "}" * 5000, "nested too deeply"),
        ("ASK { FILTER(!!true) }", "Expected"),  # the grammar has no `!!`; Oxigraph allows it
    ],
)
def test_malformed(text: str, message: str) -> None:
    with pytest.raises(Malformed, match=re.escape(message)):
        analyse(text, GRAPHS)


def test_analysis_names_the_form_the_dataset_and_volatility() -> None:
    assert analyse("PREFIX a: <urn:a> ask {}", GRAPHS).form == "ASK"
    assert analyse("BASE <urn:x> CONSTRUCT WHERE { ?s ?p ?o }", GRAPHS).form == "CONSTRUCT"
    assert analyse("DESCRIBE <urn:x>", GRAPHS).form == "DESCRIBE"
    assert analyse("SELECT * FROM <http://g/1> {}", GRAPHS).uses_from
    assert not analyse("SELECT * {}", GRAPHS).uses_from
    assert analyse("SELECT (RAND() AS ?r) {}", GRAPHS).volatile
    assert analyse("SELECT * { { SELECT (STRUUID() AS ?r) {} } }", GRAPHS).volatile
    assert analyse("SELECT * { BIND(NOW() AS ?t) }", GRAPHS).volatile
    assert not analyse("SELECT (STR(1) AS ?r) {}", GRAPHS).volatile


JSON, XML, CSV, TSV = (f.key for f in RESULTS)
OFFERS = [(media, f.key) for media, f in offers(RESULTS)]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("text/csv", CSV),
        ("text/*", CSV),
        ("application/sparql-results+xml", XML),
        ("text/csv;q=0.5, text/tab-separated-values", TSV),
        ("text/csv;q=0.9, application/sparql-results+json;q=0.8", CSV),
        ("application/*;q=0.2, text/csv;q=0.1", JSON),
        ("*/*;q=0.1, text/tab-separated-values;q=0.3", TSV),
        ("text/*;q=0.9, text/csv;q=0", TSV),
        ("application/json", JSON),
        ("image/png", None),
        ("text/csv;q=0", None),
        ("*/*;q=0", None),
    ],
)
def test_negotiation_with_q_values_and_wildcards(accept: str | None, expected: str | None) -> None:
    assert negotiate(accept, OFFERS) == expected


W3C = Path(__file__).parent / "w3c" / "sparql-syntax-query"


def _w3c(kind: str) -> list[str]:
    from rdflib import Graph
    from rdflib.namespace import RDF, Namespace

    mf = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
    manifest = Graph().parse(W3C / "manifest.ttl")
    return sorted(
        str(manifest.value(test, mf.action)).rsplit("/", 1)[-1]
        for test in manifest.subjects(RDF.type, mf[kind])
    )


@pytest.mark.parametrize("action", _w3c("PositiveSyntaxTest11"))
def test_w3c_positive_syntax_is_read(action: str) -> None:
    """rdflib's parser reads every positive syntax test of the W3C suite: none is malformed
    to the guard (a FROM of a graph not held would still be refused, as policy)."""
    try:
        analyse((W3C / action).read_text(encoding="utf-8"), GRAPHS, ENDPOINT)
    except Refused as refusal:
        assert "names a graph this endpoint does not hold" in str(refusal)


@pytest.mark.parametrize("action", _w3c("NegativeSyntaxTest11"))
def test_w3c_negative_syntax_is_400_at_the_endpoint(action: str, server_client: Any) -> None:
    """Each negative test is 400: from the guard, or (for the ten rdflib reads, such as
    ``SELECT *`` with ``GROUP BY``) from Oxigraph's own parser in the worker."""
    text = (W3C / action).read_text(encoding="utf-8")
    response = server_client.post("/sparql", data={"query": text})
    assert response.status_code == 400, response.text
    assert "does not parse" in response.text
