"""The explorer's page queries (``queries/explorer/*.rq``), answered on the Anyi graph.

Expected values are read from the report, as in ``test_named_questions.py``; ``covers`` records
that each page query is tested, and the last tests check that every one is, that rdflib gives
the same answers and that the headers name the columns: "新材料产业集群动力强劲,行业龙头康佳集团、
广东中迅农科、双胞胎集团纷纷来县投资" names 康佳集团 once; "全县工业总产值从224亿元到410亿元"
gives the output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox
import pytest
from stores import comparable
from test_named_questions import KONKA_FIRST, answer, at, plain
from test_named_questions import table as question_table

from anyi_kg import query as q
from anyi_kg.graph.iris import PREFIXES
from anyi_kg.graph.terms import shorten
from anyi_kg.server.explorer import records
from anyi_kg.server.facts import COLUMNS, NAMED, name, widen
from anyi_kg.store import OxigraphStore, RdflibStore
from anyi_kg.store.results import Result

KONKA = "kg:konka-group"
LEADERS = "新材料产业集群动力强劲,行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资"
FIRST_MENTION = "行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资"
OUTPUT = "全县工业总产值从224亿元到410亿元"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
AK = "https://w3id.org/anyi-kg/ontology#"
SRC = "https://w3id.org/anyi-kg/source/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
KG = "https://w3id.org/anyi-kg/id/"
TESTED: set[str] = set()


def covers(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Mark a test as checking the page query ``name``."""
    TESTED.add(name)
    return lambda test: test


def page(kg: OxigraphStore, name: str, **params: str) -> Result:
    """The answer of the page query ``name``, parameters bound as terms."""
    return answer(kg, q.page_query(name), params)


def table(kg: OxigraphStore, name: str, *columns: str, **params: str) -> list[tuple[Any, ...]]:
    """The chosen columns of the page query's answer, as ``test_named_questions.table``."""
    return question_table(kg, q.page_query(name), *columns, **params)


@covers("graph")
def test_graph_is_one_named_graph_whole(kg: OxigraphStore) -> None:
    seed, ontology = SRC + "000_14a3bcd6bc545aa4", "https://w3id.org/anyi-kg/graph/ontology"
    for graph in (seed, ontology):
        triples = set(page(kg, "graph", graph=f"<{graph}>").triples)
        assert triples == {quad.triple for quad in kg.quads() if quad.graph_name.value == graph}
    konka = ox.NamedNode("https://w3id.org/anyi-kg/id/konka-group")
    label = ox.Triple(konka, ox.NamedNode(RDFS_LABEL), ox.Literal("康佳集团", language="zh"))
    assert label in page(kg, "graph").triples  # the seed's graph, by default
    assert label not in page(kg, "graph", graph=f"<{ontology}>").triples


@covers("graph")
def test_graph_names_the_entities_it_annotates(many: OxigraphStore) -> None:
    """The test report on 南海区 names 康佳集团 by annotation only; the seed describes it."""
    nanhai = SRC + "002_6718efbe50b5c632"
    konka = ox.NamedNode("https://w3id.org/anyi-kg/id/konka-group")
    company = ox.Triple(konka, ox.NamedNode(RDF_TYPE), ox.NamedNode(AK + "Company"))
    stated = {quad.triple for quad in many.quads() if quad.graph_name.value == nanhai}
    assert company not in stated and company in page(many, "graph", graph=f"<{nanhai}>").triples


@covers("county-sources")
def test_the_sources_about_a_county(kg: OxigraphStore, many: OxigraphStore) -> None:
    seed = "src:000_14a3bcd6bc545aa4"
    assert table(kg, "county-sources", "graph", county="kg:anyi-county") == [(seed,)]
    assert table(many, "county-sources", "graph", county="kg:anyi-county") == [
        (seed,),
        ("src:001_0afb83e1dfaba198",),
    ]
    assert table(many, "county-sources", "graph", county="kg:nanhai-district") == [
        ("src:002_6718efbe50b5c632",)
    ]


@covers("resource")
def test_resource_statements(kg: OxigraphStore) -> None:
    rows = table(kg, "resource", "property", "value", "value_zh", resource=KONKA)
    assert ("rdfs:label", "康佳集团", None) in rows
    assert ("rdfs:label", "Konka Group", None) in rows
    assert ("rdf:type", "ak:Company", "企业") in rows
    start = at(FIRST_MENTION)
    mention = f"src:000_14a3bcd6bc545aa4#char={start},{start + len(FIRST_MENTION)}"
    assert ("ak:firstMention", mention, None) in rows


@covers("incoming")
def test_links_to_a_resource(kg: OxigraphStore) -> None:
    rows = table(kg, "incoming", "subject", "subject_zh", "property", resource=KONKA)
    assert rows == [  # the cluster that names it its leader; not the fact saying so
        ("kg:new-materials-cluster", "新材料产业集群", "ak:hasLeadingEnterprise"),
    ]


@covers("spans")
def test_spans_of_an_entity_and_of_a_fact(kg: OxigraphStore) -> None:
    start = at(FIRST_MENTION)
    assert table(kg, "spans", "link", "quote", "start", "end", resource=KONKA) == [
        ("ak:firstMention", FIRST_MENTION, start, start + len(FIRST_MENTION))
    ]
    fact = "fact:assert-new-materials-leader-konka"
    assert table(kg, "spans", "quote", "start", resource=fact) == [(LEADERS, at(LEADERS))]


def fact_table(kg: OxigraphStore, fact: str, *columns: str) -> list[tuple[Any, ...]]:
    """The chosen columns of one fact from its rows of facts.rq, widened and named as the
    explorer reads them (each property in its column, its terms' names from labels.rq): for
    each of its kinds, a column's first value."""
    rows = widen(records(page(kg, "facts", fact=fact)))
    iris = {row[c] for row in rows for c in NAMED if isinstance(row.get(c), ox.NamedNode)}
    labels = [r for t in iris for r in records(page(kg, "labels", resource=f"<{t.value}>"))]
    kinds: dict[Any, dict[str, Any]] = {}
    for row in name(rows, labels):
        merged = kinds.setdefault(row["kind"], {})
        for column, term in row.items():
            if merged.get(column) is None:
                merged[column] = term
    return [tuple(plain(one.get(c)) for c in columns) for one in kinds.values()]


def facts_of(kg: OxigraphStore, resource: str, *columns: str) -> list[tuple[Any, ...]]:
    """The chosen columns of every fact that fact-roles.rq finds, as the explorer asks them."""
    found = sorted({fact for (fact,) in table(kg, "fact-roles", "fact", resource=resource)})
    return [row for fact in found for row in fact_table(kg, fact, *columns)]


@covers("fact-roles")
def test_facts_involving_a_resource_in_their_roles(kg: OxigraphStore) -> None:
    # 行业龙头康佳集团…纷纷来县投资: Konka is the object of the cluster's leading-enterprise fact
    assert table(kg, "fact-roles", "fact", "role", resource=KONKA) == [
        ("fact:assert-new-materials-leader-konka", "rdf:object")
    ]
    county = table(kg, "fact-roles", "fact", "role", resource="kg:anyi-county")
    # 全县工业总产值从224亿元到410亿元: the observation is the county's, and so is its change
    assert ("fact:obs-gross-industrial-output-to", "ak:refSubject") in county
    assert ("fact:change-gross-industrial-output", "ak:refSubject") in county
    change = "fact:change-gross-industrial-output"
    assert sorted(table(kg, "fact-roles", "fact", "role", resource=change)) == [
        (change, None),
        ("fact:obs-gross-industrial-output-from", None),
        ("fact:obs-gross-industrial-output-to", None),
    ]
    assert table(kg, "fact-roles", "fact", resource="kg:no-such-thing") == []


@covers("facts")
def test_facts_about_a_resource(kg: OxigraphStore) -> None:
    konka = facts_of(kg, KONKA, "kind", "subject", "predicate", "object", "quote")
    assert konka == [
        ("ak:Assertion", "kg:new-materials-cluster", "ak:hasLeadingEnterprise", KONKA, LEADERS)
    ]
    county = facts_of(kg, "kg:anyi-county", "fact", "value", "unit", "surface", "quote", "start")
    # 全县工业总产值从224亿元到410亿元: 410亿元 = 41 000 000 000 CNY, and the change 224 → 410
    assert (
        "fact:obs-gross-industrial-output-to", 41_000_000_000, "cur:CNY", "410亿元", OUTPUT,
        at(OUTPUT),
    ) in county  # fmt: skip
    assert ("fact:change-gross-industrial-output", None, None, None, OUTPUT, at(OUTPUT)) in county
    change = fact_table(kg, "fact:change-gross-industrial-output", "from", "to")
    assert change == [
        ("fact:obs-gross-industrial-output-from", "fact:obs-gross-industrial-output-to")
    ]
    park = facts_of(kg, "kg:anyi-hi-tech-park", "kind", "object", "period")
    # 于2020年、2021年蝉联省级开发区进位赶超先进单位: one conferral per year
    advanced = "kg:provincial-dev-zone-advanced-unit"
    assert sorted({p for k, o, p in park if k == "ak:AwardConferral" and o == advanced}) == [
        2020,
        2021,
    ]


def test_every_property_facts_rq_reads_has_its_column() -> None:
    """The properties facts.rq scans a fact for are those facts.widen puts in columns."""
    text = q.page_query("facts").text
    found = re.search(r"FILTER\(\?property IN \((.*?)\)\)", text, re.S)
    assert found is not None
    read = {
        PREFIXES[prefix] + local
        for prefix, _, local in (name.partition(":") for name in re.split(r"[\s,]+", found[1]))
    }
    assert read == set(COLUMNS)


@covers("neighbours")
def test_neighbours_count_what_an_entity_links_with_directly(kg: OxigraphStore) -> None:
    """康佳集团 is linked directly only by the cluster that names it its leading enterprise (its
    investments are fact nodes); each count equals the resources linked to or from the entity
    in the quads, except through its type, its first mention, fact-node roles and derived links."""
    assert table(kg, "neighbours", "neighbours", entity="kg:konka-group") == [(1,)]
    roles = {RDF_TYPE, *(AK + r for r in ("firstMention", "recipient", "honour", "investor"))}
    roles |= {AK + "project", AK + "refSubject", RDF + "subject", RDF + "object", AK + "activeIn"}
    triples = {quad.triple for quad in kg.quads()}
    for entity in ("anyi-county", "anyi-hi-tech-park", "nanchang-city"):
        node = ox.NamedNode(KG + entity)
        out = {t.object for t in triples if t.subject == node and t.predicate.value not in roles}
        into = {t.subject for t in triples if t.object == node and t.predicate.value not in roles}
        linked = {n for n in out | into if isinstance(n, ox.NamedNode)}
        assert table(kg, "neighbours", "neighbours", entity=f"kg:{entity}") == [(len(linked),)]


@covers("description")
def test_description_names_both_sides(kg: OxigraphStore) -> None:
    triples = {
        tuple(str(t) for t in triple) for triple in page(kg, "description", resource=KONKA).triples
    }
    cluster = "<https://w3id.org/anyi-kg/id/new-materials-cluster>"
    konka = "<https://w3id.org/anyi-kg/id/konka-group>"
    assert (konka, f"<{RDFS_LABEL}>", '"康佳集团"@zh') in triples
    assert (cluster, "<https://w3id.org/anyi-kg/ontology#hasLeadingEnterprise>", konka) in triples
    assert (cluster, f"<{RDFS_LABEL}>", '"新材料产业集群"@zh') in triples


@covers("resource")
def test_explorer_resource(kg: OxigraphStore) -> None:
    rows = table(kg, "resource", "property", "value", resource="kg:konka-group")
    assert ("rdf:type", "ak:Company") in rows
    assert {("rdfs:label", "康佳集团"), ("rdfs:label", "Konka Group")} <= set(rows)
    span = f"src:000_14a3bcd6bc545aa4#char={at(KONKA_FIRST)},"
    assert any(p == "ak:firstMention" and v.startswith(span) for p, v in rows)


@covers("incoming")
def test_explorer_incoming(kg: OxigraphStore) -> None:
    rows = table(kg, "incoming", "subject_zh", "property", resource="kg:konka-group")
    assert ("新材料产业集群", "ak:hasLeadingEnterprise") in rows


@covers("spans")
def test_explorer_spans(kg: OxigraphStore) -> None:
    assert table(kg, "spans", "link", "quote", "start", "end", resource="kg:konka-group") == [
        ("ak:firstMention", KONKA_FIRST, at(KONKA_FIRST), at(KONKA_FIRST) + len(KONKA_FIRST))
    ]


@covers("facts")
def test_explorer_facts(kg: OxigraphStore) -> None:
    rows = facts_of(kg, "kg:konka-group", "kind", "predicate", "subject_zh", "quote")
    [(kind, what, cluster, quote)] = rows
    assert (kind, what, cluster) == ("ak:Assertion", "ak:hasLeadingEnterprise", "新材料产业集群")
    assert KONKA_FIRST in quote


@covers("description")
def test_explorer_description(kg: OxigraphStore) -> None:
    said = {
        (shorten(t.subject.value), shorten(t.predicate.value), plain(t.object))  # type: ignore[union-attr]
        for t in page(kg, "description", resource="kg:konka-group").triples
    }
    assert ("kg:konka-group", "rdfs:label", "康佳集团") in said
    assert ("kg:new-materials-cluster", "ak:hasLeadingEnterprise", "kg:konka-group") in said


@covers("example")
def test_the_query_page_example_lists_the_countys_figures(kg: OxigraphStore) -> None:
    rows = table(kg, "example", "indicator_zh", "surface", "value")
    # 全县工业总产值从224亿元到410亿元
    assert ("工业总产值", "224亿元", 22_400_000_000) in rows
    assert ("工业总产值", "410亿元", 41_000_000_000) in rows


@covers("labels")
def test_labels_of_a_resource(kg: OxigraphStore) -> None:
    assert table(kg, "labels", "label_zh", "label_en", resource=KONKA) == [
        ("康佳集团", "Konka Group")
    ]


@covers("terms")
def test_terms_with_their_inverse_readings(kg: OxigraphStore) -> None:
    rows = table(kg, "terms", "term", "label_zh", "inverse", "inverse_zh")
    assert ("org:hasSite", "场所", "org:siteOf", "所属组织") in rows
    leader = [r for r in rows if r[0] == "ak:hasLeadingEnterprise"]
    assert leader and leader[0][2] is not None  # read from the company's end too


@covers("years")
def test_years_the_facts_give(kg: OxigraphStore) -> None:
    years = [y for (y,) in table(kg, "years", "year")]
    assert years == sorted(years) and {2019, 2020, 2021, 2022, 2023} <= set(years)


@covers("source")
def test_every_span_of_the_report_with_what_it_states(kg: OxigraphStore) -> None:
    rows = table(kg, "source", "start", "fact", "entity", source="src:000_14a3bcd6bc545aa4")
    start = at(FIRST_MENTION)
    assert (start, None, KONKA) in rows  # 康佳集团 first named here
    assert (at(OUTPUT), "fact:obs-gross-industrial-output-to", None) in rows


@covers("counties")
def test_the_counties_with_their_codes_and_where_they_are(kg: OxigraphStore) -> None:
    # 安义县 of 南昌市, 江西省, by the code list (GB/T 2260: 360123 under 360100, 360000).
    rows = table(kg, "counties", "county", "county_zh", "code", "city_zh", "province_zh")
    assert rows == [("kg:anyi-county", "安义县", "360123", "南昌市", "江西省")]


@covers("county-honours")
def test_the_honours_a_county_holds(kg: OxigraphStore) -> None:
    # "先后获评中国铝材之乡、中国门窗之乡、中国智能门窗合作示范基地、国家知识产权强县建设示范县"
    rows = table(kg, "county-honours", "type", "honour_zh", county="kg:anyi-county")
    national = {h for t, h in rows if t == "honourtype:national-brand-title"}
    assert {"中国铝材之乡", "中国门窗之乡", "国家知识产权强县建设示范县"} <= national
    assert table(kg, "county-honours", "honour", county="kg:konka-group") == []


# ---- every page query: tested, the same on rdflib, its header naming its columns -------------


def test_every_page_query_is_tested() -> None:
    assert set(q.page_names()) == TESTED


@pytest.mark.parametrize("name", q.page_names())
def test_rdflib_gives_the_same_answer(kg: OxigraphStore, kg_rdflib: RdflibStore, name: str) -> None:
    here, there = page(kg, name), answer(kg_rdflib, q.page_query(name))
    assert there.variables == here.variables
    ordered = "ORDER BY" in q.page_query(name).text  # fact-roles is not: it is cut short
    assert comparable(there, ordered) == comparable(here, ordered)


@pytest.mark.parametrize("name", q.page_names())
def test_header_is_complete_and_names_the_columns(kg: OxigraphStore, name: str) -> None:
    query = q.page_query(name)
    assert query.header.get("zh") and query.header.get("en") and "parameters" in query.header
    result = page(kg, name)
    expected = ["subject", "predicate", "object"] if result.kind == "graph" else result.variables
    declared = query.columns[:3] if result.kind == "graph" else query.columns
    assert [c.split(" ")[0] for c in declared] == expected
