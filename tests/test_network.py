"""rdflib (or Oxigraph) → networkx, the views and the GraphML/GEXF export (issue 5).

Expected values come from the hand-written fixture (counted in its header) and, for the
curated graph, from the report's own sentences or from counting the graph with SPARQL.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from anyi_kg.errors import BadInputError
from anyi_kg.graph.load import load_files, parse_turtle
from anyi_kg.graph.namespaces import AK, KG, LEVEL
from anyi_kg.network.convert import curie, to_networkx
from anyi_kg.network.views import chain, neighbourhood, resolve, timeline, view, write
from anyi_kg.store import OxigraphStore, RdflibStore

FIXTURE = Path(__file__).parent / "fixtures" / "network" / "slice.ttl"


@pytest.fixture(scope="module")
def slice_graph() -> Graph:
    return load_files([FIXTURE])


@pytest.fixture(scope="module")
def net(slice_graph: Graph) -> nx.MultiDiGraph:
    return to_networkx(slice_graph)


def iri(slug: str) -> str:
    return str(KG[slug])


def edges_between(net: nx.MultiDiGraph, u: str, v: str) -> list[dict]:
    return list(net.get_edge_data(iri(u), iri(v), default={}).values())


# ---- the fixture ----------------------------------------------------------------------------


def test_entities_are_the_nodes(net: nx.MultiDiGraph) -> None:
    slugs = {
        "anyi-county", "anyi-hi-tech-park", "aluminium-profile-cluster", "new-materials-cluster",
        "konka-group", "foshan-golden-milky-way", "lithium-carbonate-20kt-project",
        "jiangxi-1269-action-plan", "nanchang-8810-action-plan", "caiyuan-xindaitong",
        "anshifu-platform", "provincial-dev-zone-advanced-unit", "china-aluminium-hometown",
    }  # fmt: skip
    industry = "https://w3id.org/anyi-kg/vocab/industry/aluminium-profile"
    assert set(net) == {iri(s) for s in slugs} | {industry}
    assert net.number_of_nodes() == 14


def test_relations_are_the_edges(net: nx.MultiDiGraph) -> None:
    """6 assertions between entities, 1 investment, 3 conferrals, 1 triple no fact states."""
    assert net.number_of_edges() == 11
    relations = sorted(data["relation"] for *_, data in net.edges(data=True))
    assert relations == sorted(
        [
            *["ak:locatedIn", "ak:industry", "ak:listedIn", "ak:listedIn"],
            *["ak:hasLeadingEnterprise", "ak:established"],
            *["ak:investsIn", "ak:hasHonour", "ak:hasHonour", "ak:hasHonour", "ak:locatedIn"],
        ]
    )


def test_node_attributes(net: nx.MultiDiGraph) -> None:
    park = net.nodes[iri("anyi-hi-tech-park")]
    assert park["type"] == "ak:IndustrialPark"
    assert park["label_zh"] == "安义高新技术产业园区"
    assert park["label_en"] == "Anyi Hi-tech Industrial Park"
    assert park["curie"] == "kg:anyi-hi-tech-park"
    assert park["alt_labels"] == ["安义工业园区", "安义高新园区"]
    plan = net.nodes[iri("jiangxi-1269-action-plan")]
    assert plan["properties"] == [("ak:level", "省级", "provincial", "")]
    project = net.nodes[iri("lithium-carbonate-20kt-project")]
    [(relation, zh, en, quote)] = project["properties"]
    assert (relation, zh, en) == ("ak:projectStatus", "已投产", "in production")
    assert quote.endswith("等优质项目相继投产")
    assert net.nodes[iri("anyi-county")]["first_mention"] == "安义县切实增强"


def test_observations_are_node_facts(net: nx.MultiDiGraph) -> None:
    cluster = net.nodes[iri("aluminium-profile-cluster")]
    assert sorted(f["value"] for f in cluster["facts"]) == ["第15名", "第53名"]
    assert {f["indicator_zh"] for f in cluster["facts"]} == {"全省产业集群排名"}
    [loans] = net.nodes[iri("caiyuan-xindaitong")]["facts"]
    assert (loans["value"], loans["year"]) == ("11.94亿元", "2023")
    assert loans["quote"] == "2023年为244家企业发放“财园信贷通”贷款11.94亿元"


def test_edge_attributes(net: nx.MultiDiGraph) -> None:
    [invest] = edges_between(net, "foshan-golden-milky-way", "lithium-carbonate-20kt-project")
    assert invest["relation"] == "ak:investsIn"
    assert (invest["label_zh"], invest["label_en"]) == ("投资", "invests in")
    assert invest["quote"] == "上市公司佛山金银河投资的年产2万吨碳酸锂项目"
    assert invest["fact"] == "fact:invest-golden-milky-way-lithium"
    [plain] = edges_between(net, "lithium-carbonate-20kt-project", "anyi-hi-tech-park")
    assert plain["relation"] == "ak:locatedIn"
    assert plain["quote"] == plain["fact"] == plain["year"] == ""


def test_one_edge_per_conferral(net: nx.MultiDiGraph) -> None:
    awards = edges_between(net, "anyi-hi-tech-park", "provincial-dev-zone-advanced-unit")
    assert sorted(a["year"] for a in awards) == ["2020", "2021"]
    assert {a["quote"] for a in awards} == {"于2020年、2021年蝉联省级开发区进位赶超先进单位"}
    retained = next(a for a in awards if a["year"] == "2021")
    assert retained["properties"] == [("ak:retained", "true", "true")]
    [hometown] = edges_between(net, "anyi-county", "china-aluminium-hometown")
    assert hometown["year"] == ""


def test_labels_of_terms(net: nx.MultiDiGraph) -> None:
    labels = net.graph["labels"]
    assert labels["ak:Company"] == {"zh": "企业", "en": "company"}
    assert labels["ak:listedIn"] == {"zh": "列入", "en": "listed in"}
    assert labels["indicator:caiyuan-loans"]["zh"] == "财园信贷通贷款金额"


def drawn(net: nx.MultiDiGraph) -> tuple[object, ...]:
    """Everything a view is made of, in order: nodes, edges with keys and data, graph data."""
    return list(net.nodes(data=True)), list(net.edges(keys=True, data=True)), net.graph


def test_terms_of_either_library_give_the_same_network(slice_graph: Graph) -> None:
    """An Oxigraph store, Oxigraph triples (as the command reads them) and rdflib triples that
    are not a Graph make the network an rdflib Graph makes, in the same order."""
    expected = drawn(to_networkx(slice_graph))
    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
    assert drawn(to_networkx(store)) == expected
    assert drawn(to_networkx(parse_turtle(FIXTURE))) == expected
    assert drawn(to_networkx(iter(slice_graph))) == expected


def test_order_and_repetition_of_triples_do_not_matter(slice_graph: Graph) -> None:
    """Files read in another order, or stating a triple twice, draw the same network."""
    triples = parse_turtle(FIXTURE)
    expected = drawn(to_networkx(triples))
    assert drawn(to_networkx(triples[::-1])) == expected
    assert drawn(to_networkx([*triples, *triples[: len(triples) // 2]])) == expected


def test_literals_of_one_text_and_two_types_stay_two() -> None:
    konka = URIRef(iri("konka-group"))
    graph = Graph()
    graph.add((konka, RDF.type, AK.Company))
    graph.add((konka, AK.batch, Literal("1")))
    graph.add((konka, AK.batch, Literal(1)))  # xsd:integer
    assert [row[1] for row in to_networkx(graph).nodes[iri("konka-group")]["properties"]] == [
        "1",
        "1",
    ]


def test_curie_takes_the_longest_prefix_that_leaves_a_name() -> None:
    assert curie(str(LEVEL) + "provincial") == "level:provincial"
    assert curie(str(KG) + "a/b") == "kg:a/b"
    assert curie(str(KG)) == str(KG)
    assert curie("http://example.org/x") == "http://example.org/x"


def test_conversion_is_pure(slice_graph: Graph) -> None:
    before = len(slice_graph)
    assert nx.utils.graphs_equal(to_networkx(slice_graph), to_networkx(slice_graph))
    assert len(slice_graph) == before


# ---- views ------------------------------------------------------------------------------------


def test_chain(net: nx.MultiDiGraph) -> None:
    """Regions, parks and honours stay out; so do a platform only the county established and
    a financial product linked to nothing."""
    view_ = chain(net)
    assert {view_.nodes[n]["curie"] for n in view_} == {
        "kg:aluminium-profile-cluster", "kg:new-materials-cluster", "industry:aluminium-profile",
        "kg:konka-group", "kg:foshan-golden-milky-way", "kg:lithium-carbonate-20kt-project",
        "kg:jiangxi-1269-action-plan", "kg:nanchang-8810-action-plan",
    }  # fmt: skip
    layers = {view_.nodes[n]["curie"]: view_.nodes[n]["layer"] for n in view_}
    assert layers["kg:aluminium-profile-cluster"] == 0
    assert layers["industry:aluminium-profile"] == 1
    assert layers["kg:konka-group"] == 2
    assert layers["kg:lithium-carbonate-20kt-project"] == 3
    assert layers["kg:jiangxi-1269-action-plan"] == 4
    assert view_.number_of_edges() == 5  # industry, 2 × listedIn, leading enterprise, investment
    assert net.number_of_nodes() == 14, "the view is a copy"


def test_whole(net: nx.MultiDiGraph) -> None:
    view_ = view(net, "all")
    assert (len(view_), view_.number_of_edges()) == (14, 11)
    assert view_.graph["title"]["en"] == "The Anyi industry graph"
    assert "title" not in net.graph, "the network keeps no title of the view"


def test_timeline(net: nx.MultiDiGraph) -> None:
    view_ = timeline(net)
    honour = iri("provincial-dev-zone-advanced-unit")
    assert {n for n in view_ if n.startswith(honour)} == {f"{honour}@2020", f"{honour}@2021"}
    years = [layer["en"] for layer in view_.graph["layers"]]
    assert years == ["Holders and subjects", "2020", "2021", "Year not stated"]
    assert view_.nodes[f"{honour}@2021"]["layer"] == 2
    assert view_.nodes[iri("jiangxi-1269-action-plan") + "@"]["layer"] == 3
    holders = {view_.nodes[n]["curie"] for n in view_ if view_.nodes[n]["layer"] == 0}
    assert holders == {"kg:anyi-hi-tech-park", "kg:anyi-county", "kg:aluminium-profile-cluster"}


@pytest.mark.parametrize(
    "name",
    [
        iri("konka-group"),
        "kg:konka-group",
        "康佳集团",
        "konka group",
    ],
)
def test_resolve(net: nx.MultiDiGraph, name: str) -> None:
    assert resolve(net, name) == iri("konka-group")


def test_resolve_alternative_name(net: nx.MultiDiGraph) -> None:
    assert resolve(net, "安义工业园区") == iri("anyi-hi-tech-park")


def test_unknown_name_suggests(net: nx.MultiDiGraph) -> None:
    with pytest.raises(BadInputError, match="康佳集团"):
        resolve(net, "康佳")


def test_neighbourhood(net: nx.MultiDiGraph) -> None:
    one = neighbourhood(net, "安义高新技术产业园区")
    assert {one.nodes[n]["curie"] for n in one} == {
        "kg:anyi-hi-tech-park", "kg:anyi-county", "kg:provincial-dev-zone-advanced-unit",
        "kg:lithium-carbonate-20kt-project",
    }  # fmt: skip
    assert one.graph["centre"] == iri("anyi-hi-tech-park")
    assert len(neighbourhood(net, "kg:anyi-hi-tech-park", radius=0)) == 1
    two = neighbourhood(net, "kg:anyi-hi-tech-park", radius=2)
    assert iri("foshan-golden-milky-way") in two and iri("anshifu-platform") in two
    assert iri("konka-group") not in two


def test_a_neighbourhood_shows_the_observations_of_its_centre_only(
    net: nx.MultiDiGraph,
) -> None:
    """The cluster's two rankings (第15名, 第53名) are in its own neighbourhood, not in that of
    the plan that lists it; the whole network keeps them."""
    cluster = iri("aluminium-profile-cluster")
    own = neighbourhood(net, "kg:aluminium-profile-cluster").nodes[cluster]["facts"]
    assert sorted(f["value"] for f in own) == ["第15名", "第53名"]
    plan = neighbourhood(net, "kg:jiangxi-1269-action-plan")
    assert cluster in plan and plan.nodes[cluster]["facts"] == []
    assert len(net.nodes[cluster]["facts"]) == 2


def test_view_errors(net: nx.MultiDiGraph) -> None:
    with pytest.raises(BadInputError, match="needs a name"):
        view(net, "entity")
    with pytest.raises(BadInputError, match="valid views"):
        view(net, "galaxy")


# ---- GraphML and GEXF -----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_export_round_trip(net: nx.MultiDiGraph, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"slice{suffix}"
    write(net, path)
    back = nx.read_graphml(path) if suffix == ".graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == 14 and back.number_of_edges() == 11
    node = back.nodes[iri("caiyuan-xindaitong")]
    assert node["label"] == "财园信贷通"
    assert "11.94亿元" in node["facts"]
    assert "上市公司佛山金银河投资的年产2万吨碳酸锂项目" in {
        data["quote"] for *_, data in back.edges(data=True)
    }


def test_export_refuses_unknown_suffix(net: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match=r"\.graphml or \.gexf"):
        write(net, tmp_path / "slice.csv")


# ---- the curated graph ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def anyi(union: Graph) -> nx.MultiDiGraph:
    return to_networkx(union)


@pytest.fixture(scope="module")
def entities(union: Graph) -> set[str]:
    """What the ontology calls an entity: typed with one of its classes that is neither a
    fact, an indicator nor the source document (sub-classes read from the ontology)."""
    apart = {AK.SourceDocument}
    for top in (AK.Fact, AK.Indicator):
        apart |= set(union.transitive_subjects(RDFS.subClassOf, top))
    classes: dict[Node, set[Node]] = {}
    for s, cls in union.subject_objects(RDF.type):
        if isinstance(s, URIRef) and str(cls).startswith(str(AK._NS)):
            classes.setdefault(s, set()).add(cls)
    return {str(s) for s, found in classes.items() if not found & apart}


def test_the_built_dataset_draws_the_graph(
    kg: OxigraphStore, kg_rdflib: RdflibStore, anyi: nx.MultiDiGraph
) -> None:
    """dist/anyi-kg.nq, in Oxigraph or in an rdflib Dataset (which iterates over quads), makes
    the network the assembled graph makes."""
    assert drawn(to_networkx(kg.store)) == drawn(anyi)
    assert drawn(to_networkx(kg_rdflib.dataset)) == drawn(anyi)


def test_every_entity_of_the_graph_is_a_node(anyi: nx.MultiDiGraph, entities: set[str]) -> None:
    assert set(anyi) == entities


def test_every_relation_between_entities_is_an_edge(
    union: Graph, anyi: nx.MultiDiGraph, entities: set[str]
) -> None:
    """One edge per fact relating two entities, plus one per triple between two entities
    that no fact states (graph/README.md: assertions, conferrals, investments)."""
    stated = [
        (union.value(f, RDF.subject), union.value(f, RDF.predicate), union.value(f, RDF.object))
        for f in union.subjects(RDF.type, AK.Assertion)
    ]
    stated += [
        (union.value(f, AK.recipient), AK.hasHonour, union.value(f, AK.honour))
        for f in union.subjects(RDF.type, AK.AwardConferral)
    ]
    stated += [
        (union.value(f, AK.investor), AK.investsIn, union.value(f, AK.project))
        for f in union.subjects(RDF.type, AK.Investment)
    ]
    plain = [t for t in union if t[1] != RDF.type and t not in set(stated)]
    between = [t for t in stated + plain if str(t[0]) in entities and str(t[2]) in entities]
    assert anyi.number_of_edges() == len(between)


def test_no_fact_literal_or_span_is_a_node(anyi: nx.MultiDiGraph) -> None:
    assert all(n.startswith("https://w3id.org/anyi-kg/") for n in anyi)
    assert not [n for n in anyi if "/fact/" in n or "#char=" in n or "/vocab/indicator/" in n]


def test_report_investment(anyi: nx.MultiDiGraph) -> None:
    """上市公司佛山金银河投资的年产2万吨碳酸锂项目"""
    edges = anyi.get_edge_data(
        iri("foshan-golden-milky-way"), iri("lithium-carbonate-20kt-project")
    )
    [invest] = [e for e in edges.values() if e["relation"] == "ak:investsIn"]
    assert "佛山金银河投资的年产2万吨碳酸锂项目" in invest["quote"]


@pytest.mark.parametrize(
    ("honour", "years"),
    [
        ("省级开发区进位赶超先进单位", ["2020", "2021"]),  # 于2020年、2021年蝉联…
        ("省级开发区综合考核“第一等次”", ["2022", "2023"]),  # 于2022年、2023年连续获评…
    ],
)
def test_report_park_honours_by_year(anyi: nx.MultiDiGraph, honour: str, years: list[str]) -> None:
    park, title = resolve(anyi, "安义高新技术产业园区"), resolve(anyi, honour)
    edges = anyi.get_edge_data(park, title).values()
    assert sorted(e["year"] for e in edges if e["relation"] == "ak:hasHonour") == years


def test_report_cluster_listed_in_both_plans(anyi: nx.MultiDiGraph) -> None:
    """成功列入省“1269”行动计划、南昌市“8810”行动计划"""
    cluster = resolve(anyi, "铝型材产业集群")
    listed = {
        anyi.nodes[v]["label_zh"]
        for _, v, data in anyi.out_edges(cluster, data=True)
        if data["relation"] == "ak:listedIn"
    }
    assert listed == {"江西省“1269”行动计划", "南昌市“8810”行动计划"}


def test_report_new_materials_leaders(anyi: nx.MultiDiGraph) -> None:
    """行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资"""
    cluster = resolve(anyi, "新材料产业集群")
    leaders = {
        anyi.nodes[v]["label_zh"]
        for _, v, data in anyi.out_edges(cluster, data=True)
        if data["relation"] == "ak:hasLeadingEnterprise"
    }
    assert leaders == {"康佳集团", "广东中迅农科", "双胞胎集团"}


def test_report_cluster_ranking_is_a_node_fact(anyi: nx.MultiDiGraph) -> None:
    """主导产业铝型材产业集群从全省第53名连续进位至第15名"""
    facts = anyi.nodes[resolve(anyi, "铝型材产业集群")]["facts"]
    assert {"第53名", "第15名"} <= {f["value"] for f in facts}


def test_anyi_chain_reads_left_to_right(anyi: nx.MultiDiGraph) -> None:
    view_ = chain(anyi)
    column = {view_.nodes[n]["label_zh"]: view_.nodes[n]["layer"] for n in view_}
    assert column["铝型材产业集群"] == 0
    assert column["佛山金银河"] == 2
    assert column["年产2万吨碳酸锂项目"] == 3
    assert column["江西省“1269”行动计划"] == 4
    assert "安义县" not in column


# ---- the named CONSTRUCT for one entity's neighbourhood -------------------------------------


@pytest.mark.parametrize(
    "name",
    ["安义县", "康佳集团", "安义高新技术产业园区", "财园信贷通", "省级开发区进位赶超先进单位"],
)
def test_neighbourhood_from_its_construct(
    kg: OxigraphStore, anyi: nx.MultiDiGraph, name: str
) -> None:
    """The part of the graph the query returns draws the same neighbourhood as the whole."""
    centre = resolve(anyi, name)
    part = kg.query("network-neighbourhood", {"entity": f"<{centre}>"}).triples
    assert len(part) == len(set(part)) < len(kg)
    small, whole = neighbourhood(to_networkx(part), centre), neighbourhood(anyi, centre)
    assert dict(small.nodes(data=True)) == dict(whole.nodes(data=True))
    assert sorted(small.edges(keys=True, data=True), key=str) == sorted(
        whole.edges(keys=True, data=True), key=str
    )
