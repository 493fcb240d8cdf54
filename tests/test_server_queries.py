"""The explorer's named questions (``explorer-*.rq``), answered on the Anyi graph.

Expected values are read from the report, as in ``test_named_questions.py``, whose ``covers``
records that each question is tested: "新材料产业集群动力强劲,行业龙头康佳集团、广东中迅农科、双胞胎
集团纷纷来县投资" names 康佳集团 once; "全县工业总产值从224亿元到410亿元" gives the output.
"""

from __future__ import annotations

import pyoxigraph as ox
from test_named_questions import at, covers, table

from anyi_kg.store import OxigraphStore

KONKA = "kg:konka-group"
LEADERS = "新材料产业集群动力强劲,行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资"
FIRST_MENTION = "行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资"
OUTPUT = "全县工业总产值从224亿元到410亿元"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@covers("explorer-graph")
def test_graph_is_the_union_of_ontology_and_facts(kg: OxigraphStore) -> None:
    triples = set(kg.query("explorer-graph").triples)
    assert triples == {quad.triple for quad in kg.quads()}
    konka = ox.NamedNode("https://w3id.org/anyi-kg/id/konka-group")
    assert (
        ox.Triple(konka, ox.NamedNode(RDFS_LABEL), ox.Literal("康佳集团", language="zh")) in triples
    )


@covers("explorer-resource")
def test_resource_statements(kg: OxigraphStore) -> None:
    rows = table(kg, "explorer-resource", "property", "value", "value_zh", resource=KONKA)
    assert ("rdfs:label", "康佳集团", None) in rows
    assert ("rdfs:label", "Konka Group", None) in rows
    assert ("rdf:type", "ak:Company", "企业") in rows
    start = at(FIRST_MENTION)
    mention = f"src:000_14a3bcd6bc545aa4#char={start},{start + len(FIRST_MENTION)}"
    assert ("ak:firstMention", mention, None) in rows


@covers("explorer-incoming")
def test_links_to_a_resource(kg: OxigraphStore) -> None:
    rows = table(kg, "explorer-incoming", "subject", "subject_zh", "property", resource=KONKA)
    assert rows == [
        ("fact:assert-new-materials-leader-konka", None, "rdf:object"),
        ("kg:new-materials-cluster", "新材料产业集群", "ak:hasLeadingEnterprise"),
    ]


@covers("explorer-spans")
def test_spans_of_an_entity_and_of_a_fact(kg: OxigraphStore) -> None:
    start = at(FIRST_MENTION)
    assert table(kg, "explorer-spans", "link", "quote", "start", "end", resource=KONKA) == [
        ("ak:firstMention", FIRST_MENTION, start, start + len(FIRST_MENTION))
    ]
    fact = "fact:assert-new-materials-leader-konka"
    assert table(kg, "explorer-spans", "quote", "start", resource=fact) == [(LEADERS, at(LEADERS))]


@covers("explorer-facts")
def test_facts_about_a_resource(kg: OxigraphStore) -> None:
    konka = table(kg, "explorer-facts", "kind", "what", "other", "quote", resource=KONKA)
    assert konka == [
        ("ak:Assertion", "ak:hasLeadingEnterprise", "kg:new-materials-cluster", LEADERS)
    ]
    county = table(
        kg, "explorer-facts", "fact", "value", "unit", "surface", "quote", "start",
        resource="kg:anyi-county",
    )  # fmt: skip
    # 全县工业总产值从224亿元到410亿元: 410亿元 = 41 000 000 000 CNY, and the change 224 → 410
    assert (
        "fact:obs-gross-industrial-output-to", 41_000_000_000, "cur:CNY", "410亿元", OUTPUT,
        at(OUTPUT),
    ) in county  # fmt: skip
    assert (
        "fact:change-gross-industrial-output",
        None,
        None,
        "224亿元 → 410亿元",
        OUTPUT,
        at(OUTPUT),
    ) in county
    park = table(kg, "explorer-facts", "kind", "other", "period", resource="kg:anyi-hi-tech-park")
    # 于2020年、2021年蝉联省级开发区进位赶超先进单位: one conferral per year
    advanced = "kg:provincial-dev-zone-advanced-unit"
    assert sorted({p for k, o, p in park if k == "ak:AwardConferral" and o == advanced}) == [
        2020,
        2021,
    ]


@covers("explorer-description")
def test_description_names_both_sides(kg: OxigraphStore) -> None:
    triples = {
        tuple(str(t) for t in triple)
        for triple in kg.query("explorer-description", resource=KONKA).triples
    }
    cluster = "<https://w3id.org/anyi-kg/id/new-materials-cluster>"
    konka = "<https://w3id.org/anyi-kg/id/konka-group>"
    assert (konka, f"<{RDFS_LABEL}>", '"康佳集团"@zh') in triples
    assert (cluster, "<https://w3id.org/anyi-kg/ontology#hasLeadingEnterprise>", konka) in triples
    assert (cluster, f"<{RDFS_LABEL}>", '"新材料产业集群"@zh') in triples
