"""Named questions, parameters as RDF terms, renderings and DataFrames."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pyoxigraph as ox
import pytest
from rdflib import URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from anyi_kg import query as q
from anyi_kg.errors import BadInputError, SyntaxErrorInFile
from anyi_kg.graph.terms import parse, python, shorten
from anyi_kg.store import OxigraphStore
from anyi_kg.store.results import Result, width

KG = "https://w3id.org/anyi-kg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def test_every_named_question_has_a_complete_header() -> None:
    for question in q.catalogue():
        header = question.header
        assert header.get("zh") and header.get("en"), question.name
        assert "parameters" in header and question.columns, question.name


def test_header_declares_typed_parameters_with_defaults() -> None:
    params = q.named("figures-in-year").parameters
    assert params == [q.Parameter("year", "xsd:gYear", "2023")]
    assert str(params[0]) == "year (xsd:gYear) = 2023"
    assert q.named("class-counts").parameters == []


def test_page_queries_are_prepared_like_named_questions() -> None:
    roles = q.page_query("fact-roles")
    assert roles.name == "explorer/fact-roles"
    assert roles.parameters == [q.Parameter("resource", "IRI", "kg:anyi-county")]
    prepared = q.prepare(roles)
    assert prepared.origin == "explorer/fact-roles"
    assert prepared.bindings == {"resource": ox.NamedNode(KG + "anyi-county")}
    assert q.prepare(roles, {"resource": "kg:konka-group"}).bindings["resource"] == ox.NamedNode(
        KG + "konka-group"
    )
    with pytest.raises(BadInputError, match="unknown parameter entity for 'explorer/fact-roles'"):
        q.prepare(roles, {"entity": "kg:konka-group"})


def test_page_queries_are_not_named_questions() -> None:
    pages = q.page_names()
    assert "facts" in pages and not set(pages) & set(q.names())
    texts = {question.text for question in q.catalogue()}
    assert not any(q.page_query(name).text in texts for name in pages)
    with pytest.raises(BadInputError, match="no named query 'explorer-facts'"):
        q.named("explorer-facts")
    listed = "valid names: counties, county-honours, county-sources, description, "
    with pytest.raises(BadInputError, match=rf"no page query 'explorer-facts'; {listed}"):
        q.page_query("explorer-facts")


def test_unknown_name_lists_the_valid_names() -> None:
    with pytest.raises(BadInputError, match=r"valid names: .*indicator-series"):
        q.named("no-such-question")


def test_unknown_parameter_lists_the_declared_ones() -> None:
    with pytest.raises(BadInputError, match=r"valid: indicator \(IRI\), subject \(IRI\)"):
        q.prepare("indicator-series", {"year": "2023"})


def test_values_become_terms_of_the_declared_type() -> None:
    prepared = q.prepare(
        "indicator-series",
        {"indicator": "indicator:gross-industrial-output", "subject": f"<{KG}anyi-county>"},
    )
    assert prepared.bindings == {
        "indicator": ox.NamedNode(
            "https://w3id.org/anyi-kg/vocab/indicator/gross-industrial-output"
        ),
        "subject": ox.NamedNode(KG + "anyi-county"),
    }
    year = q.prepare("figures-in-year", {"year": "2020"}).bindings["year"]
    assert year == ox.Literal("2020", datatype=ox.NamedNode(XSD + "gYear"))


def test_declared_defaults_apply() -> None:
    assert q.prepare("figures-in-year").bindings["year"].value == "2023"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("value", "declared", "message"),
    [
        ("20x3", "xsd:gYear", "not a valid xsd:gYear"),
        ("nope:thing", "IRI", "known prefix"),
        ("kg:a b", "IRI", "not a CURIE"),
        ("1.5", "xsd:integer", "not a valid xsd:integer"),
    ],
)
def test_bad_values_are_bad_input(value: str, declared: str, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        parse(value, declared)


def test_values_without_a_declared_type_are_guessed() -> None:
    assert parse("kg:konka-group") == ox.NamedNode(KG + "konka-group")
    assert parse('"安义县"@zh') == ox.Literal("安义县", language="zh")
    assert parse("42") == ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))
    assert parse("11.09") == ox.Literal("11.09", datatype=ox.NamedNode(XSD + "decimal"))
    assert parse("安义") == ox.Literal("安义")


def test_text_with_quotes_is_a_literal_never_query_text(kg: OxigraphStore) -> None:
    hostile = '安义县"@zh } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o'
    result = kg.query("SELECT ?label WHERE { ?s ?p ?label }", label=hostile)
    assert result.rows == []


def test_adhoc_parameters_must_name_a_variable() -> None:
    with pytest.raises(BadInputError, match=r"no variable \?nope"):
        q.prepare("SELECT ?s WHERE { ?s ?p ?o }", {"nope": "1"})


def test_rdflib_and_python_values_are_accepted() -> None:
    prepared = q.prepare("SELECT ?s ?n WHERE { ?s ?p ?n }", {"s": URIRef(KG + "x"), "n": 3})
    assert prepared.bindings == {
        "s": ox.NamedNode(KG + "x"),
        "n": ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")),
    }


def test_syntax_error_has_line_and_column() -> None:
    with pytest.raises(SyntaxErrorInFile) as caught:
        q.check("SELECT ?s\nWHERE { ?s ?p }")
    assert (caught.value.line, caught.value.column) == (2, 16)
    assert str(caught.value).startswith("<query>:2:16: expected")


def test_command_line_arguments(tmp_path: Path) -> None:
    rq = tmp_path / "mine.rq"
    rq.write_text("ASK {}", encoding="utf-8")
    assert q.argument(str(rq), io.StringIO()) == rq
    assert q.argument("-", io.StringIO("ASK {}")) == "ASK {}"
    assert q.argument("class-counts", io.StringIO()) == "class-counts"
    assert q.parse_params(["a=kg:x", "b=1=2"]) == {"a": "kg:x", "b": "1=2"}
    with pytest.raises(BadInputError, match="KEY=VALUE"):
        q.parse_params(["novalue"])


def test_listing_as_markdown_has_one_row_per_question() -> None:
    rows = q.listing(markdown=True).splitlines()[2:]
    assert len(rows) == len(q.names()) >= 25
    assert rows[0].startswith(f"| `{q.names()[0]}` |")


def test_renderings_of_a_select() -> None:
    result = Result(
        "select",
        ["entity", "label", "n"],
        [
            (ox.NamedNode(KG + "anyi-county"), ox.Literal("安义县", language="zh"), ox.Literal(3)),
            (ox.BlankNode("b1"), None, ox.Literal('say "hi", ok')),
        ],
    )
    table = result.render("table").splitlines()
    assert table[0].split() == ["entity", "label", "n"]
    assert table[2].split() == ["kg:anyi-county", "安义县", "3"]
    assert table[-1] == "(2 rows)"
    # CJK characters take two columns: the last column starts at the same place in each row
    assert width(table[0][: table[0].rindex("n")]) == width(table[2][: table[2].rindex("3")])
    assert result.render("csv") == (
        "entity,label,n\r\nhttps://w3id.org/anyi-kg/id/anyi-county,安义县,3\r\n"
        '_:b1,,"say ""hi"", ok"\r\n'
    )
    assert result.render("tsv").splitlines() == [
        "?entity\t?label\t?n",
        f'<{KG}anyi-county>\t"安义县"@zh\t"3"^^<{XSD}integer>',
        '_:b1\t\t"say \\"hi\\", ok"',
    ]
    document = json.loads(result.render("json"))
    assert document["head"]["vars"] == ["entity", "label", "n"]
    assert document["results"]["bindings"][0]["label"] == {
        "type": "literal",
        "value": "安义县",
        "xml:lang": "zh",
    }
    assert "label" not in document["results"]["bindings"][1]
    assert result.render("md").splitlines()[2] == "| kg:anyi-county | 安义县 | 3 |"


def test_renderings_of_ask_and_construct() -> None:
    assert Result("ask", boolean=True).render("table").split() == [
        "boolean",
        "-------",
        "true",
        "(1",
        "row)",
    ]
    assert json.loads(Result("ask", boolean=False).render("json")) == {"head": {}, "boolean": False}
    triple = ox.Triple(
        ox.NamedNode(KG + "a"), ox.NamedNode(KG + "p"), ox.Literal("x", language="zh")
    )
    graph = Result("graph", triples=[triple])
    assert 'kg:a kg:p "x"@zh .' in graph.render("turtle")
    assert graph.render("nt") == f'<{KG}a> <{KG}p> "x"@zh .\n'
    assert json.loads(graph.render("json"))["@context"]["kg"] == KG
    assert graph.render("csv").splitlines()[0] == "subject,predicate,object"
    with pytest.raises(BadInputError, match="renders CONSTRUCT"):
        Result("ask", boolean=True).render("turtle")


def test_frames_have_typed_columns(kg: OxigraphStore) -> None:
    frame = kg.frame("indicator-series", indicator="indicator:gross-industrial-output", curies=True)
    assert list(frame["value"]) == [22400000000, 41000000000]
    assert frame["value"].dtype == "Int64"
    assert list(frame["subject"]) == ["kg:anyi-county", "kg:anyi-county"]
    years = kg.frame("indicator-series", indicator="indicator:industrial-vat")
    assert years["year"].dtype == "Int64" and list(years["year"]) == [2020, 2023]
    assert years["value"].tolist() == [184000000, 429000000]
    assert years["fact"][0].startswith("https://w3id.org/anyi-kg/fact/")
    mixed = kg.frame("indicator-series", indicator="indicator:industrial-investment-city-share")
    assert mixed["value"].dtype == "float64"
    listed = kg.frame("companies")
    assert listed["listed"].dtype == "boolean" and listed["projects"].dtype == "Int64"
    assert isinstance(kg.frame("ASK { ?s ?p ?o }"), pd.DataFrame)


def test_python_values() -> None:
    assert python(ox.Literal("2023", datatype=ox.NamedNode(XSD + "gYear"))) == 2023
    assert python(ox.Literal("11.09", datatype=ox.NamedNode(XSD + "decimal"))) == 11.09
    assert python(ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))) is True
    assert python(ox.Literal("2022-06", datatype=ox.NamedNode(XSD + "gYearMonth"))) == "2022-06"
    assert shorten(KG + "konka-group") == "kg:konka-group"
    assert shorten("http://example.org/x") == "http://example.org/x"


def test_values_block_opens_the_main_pattern_with_n_triples_terms() -> None:
    konka, park = ox.NamedNode(KG + "konka-group"), ox.NamedNode(KG + "anyi-hi-tech-park")
    text = q.values_block("SELECT ?x WHERE { ?x ?p ?o }", ["x"], [[konka], [park]])
    assert text == f"SELECT ?x WHERE {{ VALUES (?x) {{ ({konka}) ({park}) }} ?x ?p ?o }}"
    quoted = ox.Literal('"} SERVICE <http://127.0.0.1:9/> {')  # escaped: it stays a string
    one = q.values_block("SELECT ?s WHERE { ?s ?p ?o }", ["o"], [[quoted]])
    algebra = str(translateQuery(parseQuery(one)).algebra)
    assert "ServiceGraphPattern" not in algebra and "127.0.0.1:9" in algebra  # inside the literal
    with pytest.raises(BadInputError, match="a blank node cannot be given"):
        q.values_block("SELECT ?s WHERE { ?s ?p ?o }", ["s"], [[ox.BlankNode()]])
