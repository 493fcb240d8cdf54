"""The graph as a network: rdflib (or Oxigraph) → networkx, its views, GraphML and GEXF.

Entities are nodes; relations between entities are edges. A relation stated by a fact node
(an assertion, an award conferral, an investment) becomes one edge carrying that fact's year and
source quote; a plain ("truthy") triple that no fact states becomes an edge without them.
Literals, concepts such as levels and statuses, ``rdf:type`` links and observations are node
attributes, never nodes. Everything here is pure: graphs in, graphs out.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from .errors import BadInputError
from .load import to_rdflib
from .namespaces import AK, OA, PREFIXES, QB, SDMX_DIM, SDMX_MEASURE

# Entity classes, most specific first: a node's ``type`` is the first of these it has.
ENTITY_CLASSES: tuple[URIRef, ...] = (
    AK.IndustrialCluster, AK.Industry, AK.Brand, AK.Company, AK.InvestmentProject,
    AK.ActionPlan, AK.Strategy, AK.Reform, AK.Campaign, AK.Mechanism, AK.ProjectList,
    AK.Programme, AK.FinancialProduct, AK.Platform, AK.Honour,
    AK.IndustrialPark, AK.IndustrialBase, AK.Site, AK.PublicBody, AK.Region,
)  # fmt: skip
PROGRAMME_CLASSES = frozenset(
    {AK.ActionPlan, AK.Strategy, AK.Reform, AK.Campaign, AK.Mechanism, AK.ProjectList, AK.Programme}
)
# Fact classes that relate two entities: (from-role, relation, to-role).
FACT_EDGES: dict[URIRef, tuple[URIRef, URIRef, URIRef]] = {
    AK.AwardConferral: (AK.recipient, AK.hasHonour, AK.honour),
    AK.Investment: (AK.investor, AK.investsIn, AK.project),
}
# The industrial chain, in reading order: (zh, en, classes) per column.
CHAIN_LAYERS: tuple[tuple[str, str, frozenset[URIRef]], ...] = (
    ("产业集群", "Clusters", frozenset({AK.IndustrialCluster})),
    ("产业与品牌", "Industries and brands", frozenset({AK.Industry, AK.Brand})),
    ("企业", "Companies", frozenset({AK.Company})),
    ("项目", "Projects", frozenset({AK.InvestmentProject})),
    ("规划与清单", "Plans and lists", PROGRAMME_CLASSES),
    ("平台与金融", "Platforms and finance", frozenset({AK.Platform, AK.FinancialProduct})),
)
_LABELS = (RDFS.label, SKOS.prefLabel)
_NODE_OWN = {RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, AK.firstMention}
_FACT_OWN = {
    RDF.type, RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom, QB.dataSet,
    SDMX_DIM.refPeriod, AK.periodStart, AK.periodEnd,
}  # fmt: skip

Source = Graph | ox.Store | Iterable[ox.Triple]
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


@cache
def curie(iri: str) -> str:
    """``kg:konka-group`` for an IRI under a project prefix (the longest that leaves a local
    name), else the IRI itself."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return str(iri)


def to_networkx(source: Source) -> nx.MultiDiGraph:
    """Entities and their relations as a MultiDiGraph keyed by IRI.

    Node attributes: ``iri``, ``curie``, ``type`` (CURIE of the class), ``label_zh``,
    ``label_en``, ``alt_labels``, ``properties`` (relation CURIE, value zh, value en, quote),
    ``facts`` (observations about the node) and ``first_mention`` (a quote). Edge attributes:
    ``relation``, ``label_zh``, ``label_en``, ``year``, ``quote``, ``fact`` and ``properties``;
    the edge key is the fact's CURIE, or the relation's for a triple no fact states.
    ``graph.graph["labels"]`` maps every class and relation CURIE used to its zh/en labels.
    """
    g = source if isinstance(source, Graph) else to_rdflib(_triples(source))
    net = nx.MultiDiGraph(labels={})
    rank: dict[Node, int] = {cls: i for i, cls in enumerate(ENTITY_CLASSES)}
    kinds: dict[URIRef, Node] = {}
    for s, cls in g.subject_objects(RDF.type):
        if not isinstance(s, URIRef) or cls not in rank:
            continue
        if s not in kinds or rank[cls] < rank[kinds[s]]:
            kinds[s] = cls
    facts = _facts(g)
    stated = {(s, p, o): fact for s, p, o, fact in reversed(facts)}
    for node, cls in sorted(kinds.items()):
        zh, en = _label(g, node)
        net.add_node(
            str(node),
            iri=str(node),
            curie=curie(node),
            type=_term(g, net, cls),
            label_zh=zh,
            label_en=en,
            alt_labels=sorted(
                {str(o) for p in (SKOS.altLabel, AK.formerName) for o in g.objects(node, p)}
            ),
            properties=_properties(g, net, node, kinds, stated),
            facts=_observations(g, net, node),
            first_mention=_quote(g, g.value(node, AK.firstMention)),
        )
    for s, p, o, fact in facts:
        if s in kinds and o in kinds:
            _add_edge(g, net, s, p, o, fact)
    for s, p, o in g:
        if s in kinds and o in kinds and p != RDF.type and (s, p, o) not in stated:
            _add_edge(g, net, s, p, o, None)
    return net


def _triples(source: ox.Store | Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    if isinstance(source, ox.Store):
        return (quad.triple for quad in source)
    return iter(source)


def _facts(g: Graph) -> list[tuple[Node, Node, Node, Node]]:
    """(subject, relation, object, fact) for every fact node that relates two terms.

    One edge per fact: an honour received in two years is two conferrals, so two edges.
    """
    found = []
    for fact in sorted(g.subjects(RDF.type, AK.Assertion), key=str):
        s, p, o = (g.value(fact, role) for role in (RDF.subject, RDF.predicate, RDF.object))
        if s is not None and p is not None and o is not None:
            found.append((s, p, o, fact))
    for cls, (frm, relation, to) in FACT_EDGES.items():
        for fact in sorted(g.subjects(RDF.type, cls), key=str):
            s, o = g.value(fact, frm), g.value(fact, to)
            if s is not None and o is not None:
                found.append((s, relation, o, fact))
    return found


def _add_edge(g: Graph, net: nx.MultiDiGraph, s: Node, p: Node, o: Node, fact: Node | None) -> None:
    zh, en = _label(g, p)
    rel = _term(g, net, p)
    net.add_edge(
        str(s),
        str(o),
        key=curie(str(fact)) if fact is not None else rel,
        relation=rel,
        label_zh=zh,
        label_en=en,
        year=_year(g, fact),
        quote=_quote(g, fact),
        fact=curie(str(fact)) if fact is not None else "",
        properties=_fact_properties(g, net, fact),
    )


def _term(g: Graph, net: nx.MultiDiGraph, iri: Node) -> str:
    """The CURIE of a class or relation, recording its labels in ``net.graph["labels"]``."""
    key = curie(str(iri))
    if key not in net.graph["labels"]:
        zh, en = _label(g, iri)
        net.graph["labels"][key] = {"zh": zh, "en": en}
    return key


def _label(g: Graph, node: Node) -> tuple[str, str]:
    """The zh and en labels; either falls back to the other, then to the local name."""
    found: dict[str, str] = {}
    for p in _LABELS:
        for label in g.objects(node, p):
            if isinstance(label, Literal) and label.language in ("zh", "en"):
                found.setdefault(label.language, str(label))
    local = curie(str(node)).rpartition(":")[2].rpartition("/")[2].rpartition("#")[2]
    zh = found.get("zh") or found.get("en") or local
    return zh, found.get("en") or zh


def _quote(g: Graph, node: Node | None) -> str:
    """The exact text of the span(s) a fact or mention rests on, joined by " / "."""
    if node is None:
        return ""
    spans = sorted(g.objects(node, PROV.wasDerivedFrom), key=str) or [node]
    quotes = [
        str(exact)
        for span in spans
        for selector in g.objects(span, OA.hasSelector)
        for exact in g.objects(selector, OA.exact)
    ]
    return " / ".join(dict.fromkeys(quotes))


def _year(g: Graph, fact: Node | None) -> str:
    """``2020``, or ``2019–2021`` for a period, or "" when the fact states no time."""
    if fact is None:
        return ""
    period = g.value(fact, SDMX_DIM.refPeriod)
    if period is not None:
        return str(period)
    start, end = g.value(fact, AK.periodStart), g.value(fact, AK.periodEnd)
    if start is None and end is None:
        return ""
    return f"{start or ''}–{end or ''}"


def _value(g: Graph, o: Node) -> tuple[str, str]:
    return (str(o), str(o)) if isinstance(o, Literal) else _label(g, o)


def _properties(
    g: Graph,
    net: nx.MultiDiGraph,
    node: URIRef,
    kinds: dict[URIRef, Node],
    stated: dict[tuple[Node, Node, Node], Node],
) -> list[tuple[str, str, str, str]]:
    """What the node says that is not a link to another entity, with the quote stating it."""
    rows = []
    for p, o in g.predicate_objects(node):
        if p in _NODE_OWN or o in kinds or not isinstance(o, Literal | URIRef):
            continue
        quote = _quote(g, stated.get((node, p, o)))
        rows.append((_term(g, net, p), *_value(g, o), quote))
    return sorted(rows)


def _fact_properties(
    g: Graph, net: nx.MultiDiGraph, fact: Node | None
) -> list[tuple[str, str, str]]:
    """What a fact adds to its relation: batch, first time, retained …"""
    if fact is None:
        return []
    roles = {role for roles in FACT_EDGES.values() for role in (roles[0], roles[2])}
    return sorted(
        (_term(g, net, p), *_value(g, o))
        for p, o in g.predicate_objects(fact)
        if p not in _FACT_OWN and p not in roles
    )


def _observations(g: Graph, net: nx.MultiDiGraph, node: URIRef) -> list[dict[str, str]]:
    """The observations and rankings about ``node``: indicator, value, year, quote."""
    rows = []
    for fact in g.subjects(AK.refSubject, node):
        indicator = g.value(fact, AK.indicator)
        if indicator is None:
            continue
        zh, en = _label(g, indicator)
        rank = g.value(fact, AK.rank)
        value = g.value(fact, AK.surfaceForm) or (
            f"#{rank}" if rank is not None else g.value(fact, SDMX_MEASURE.obsValue)
        )
        rows.append(
            {
                "fact": curie(str(fact)),
                "indicator": _term(g, net, indicator),
                "indicator_zh": zh,
                "indicator_en": en,
                "value": "" if value is None else str(value),
                "year": _year(g, fact),
                "quote": _quote(g, fact),
            }
        )
    return sorted(rows, key=lambda row: (row["indicator"], row["year"], row["fact"]))


# ---- views ---------------------------------------------------------------------------------


def class_of(net: nx.MultiDiGraph, node: str) -> URIRef:
    """The entity class of a node, as an IRI."""
    prefix, _, local = net.nodes[node]["type"].partition(":")
    return URIRef(PREFIXES[prefix] + local)


def chain(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The industrial chain: clusters → industries and brands → companies → projects → plans,
    with the platforms and financial products; each node is tagged with its column (``layer``).

    Plans, platforms and financial products appear only when linked to a cluster, industry,
    brand, company or project: those the county merely adopted belong to other views.
    """
    column = {cls: i for i, (_, _, classes) in enumerate(CHAIN_LAYERS) for cls in classes}
    core = {n for n in net if column.get(class_of(net, n), 99) <= 3}
    linked = {
        n for n in net
        if class_of(net, n) in column and n not in core
        and any(m in core for m in nx.all_neighbors(net, n))
    }  # fmt: skip
    view = net.subgraph(core | linked).copy()
    for node in view:
        view.nodes[node]["layer"] = column[class_of(net, node)]
    view.graph["layers"] = [{"zh": zh, "en": en} for zh, en, _ in CHAIN_LAYERS]
    view.graph["title"] = {"zh": "安义产业链", "en": "The Anyi industrial chain"}
    return view


def whole(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Every entity and relation."""
    view = net.copy()
    view.graph["title"] = {"zh": "安义产业知识图谱", "en": "The Anyi industry graph"}
    return view


def timeline(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Honours and plans over time: who received which honour when, which plan or list names
    which cluster or project, and any other dated link to a plan.

    Holders stand in the first column; an honour or plan appears once per year it is linked
    in, in that year's column (``node@year``); links without a year go to a last column.
    """

    def shown(v: str, data: dict[str, Any]) -> bool:
        kind = class_of(net, v)
        listed = data["relation"] == curie(str(AK.listedIn)) or bool(data["year"])
        return kind == AK.Honour or (kind in PROGRAMME_CLASSES and listed)

    links = [e for e in net.edges(keys=True, data=True) if shown(e[1], e[3])]
    years = sorted({d["year"] for *_, d in links if d["year"]})
    column = {year: i + 1 for i, year in enumerate(years)} | {"": len(years) + 1}
    view = nx.MultiDiGraph(labels=net.graph["labels"])
    view.graph["layers"] = [
        {"zh": "获得者与对象", "en": "Holders and subjects"},
        *({"zh": f"{y}年", "en": y} for y in years),
        {"zh": "未载年份", "en": "Year not stated"},
    ]
    view.graph["title"] = {"zh": "荣誉与规划时间线", "en": "Honours and plans over time"}
    for u, v, key, data in links:
        view.add_node(u, **{**net.nodes[u], "layer": 0})
        at = f"{v}@{data['year']}"
        view.add_node(at, **{**net.nodes[v], "layer": column[data["year"]], "year": data["year"]})
        view.add_edge(u, at, key=key, **data)
    return view


def resolve(net: nx.MultiDiGraph, name: str) -> str:
    """The node named by an IRI, a CURIE (``kg:konka-group``) or a label in zh or en."""
    if name in net:
        return name
    prefix, _, local = name.partition(":")
    if prefix in PREFIXES and PREFIXES[prefix] + local in net:
        return PREFIXES[prefix] + local
    labels: dict[str, set[str]] = {}
    for node, data in net.nodes(data=True):
        for label in (data["label_zh"], data["label_en"], *data["alt_labels"]):
            labels.setdefault(label.casefold(), set()).add(node)
    found = sorted(labels.get(name.strip().casefold(), ()))
    if len(found) == 1:
        return found[0]
    if found:
        raise BadInputError(f"{name!r} names several entities: {', '.join(map(curie, found))}")
    close = difflib.get_close_matches(name.casefold(), list(labels), n=5, cutoff=0.4)
    hint = f"; did you mean: {', '.join(close)}" if close else ""
    raise BadInputError(f"no entity named {name!r}{hint}")


def neighbourhood(net: nx.MultiDiGraph, name: str, radius: int = 1) -> nx.MultiDiGraph:
    """The entities within ``radius`` links of the one ``name`` resolves to, in either direction."""
    if radius < 0:
        raise BadInputError("radius must be 0 or more")
    centre = resolve(net, name)
    view = nx.ego_graph(net, centre, radius=radius, undirected=True)
    data = net.nodes[centre]
    view.graph["centre"] = centre
    view.graph["title"] = {
        "zh": f"{data['label_zh']}（{radius}步以内）",
        "en": f"{data['label_en']} (within {radius} step{'s' if radius != 1 else ''})",
    }
    return view


VIEWS = ("chain", "all", "timeline", "entity")


def view(
    net: nx.MultiDiGraph, kind: str, name: str | None = None, radius: int = 1
) -> nx.MultiDiGraph:
    """One of the views (``VIEWS``) of a network made by :func:`to_networkx`."""
    if kind == "entity":
        if not name:
            raise BadInputError("the entity view needs a name: an IRI, a CURIE or a label")
        return neighbourhood(net, name, radius)
    views = {"chain": chain, "all": whole, "timeline": timeline}
    if kind not in views:
        raise BadInputError(f"no view {kind!r}; valid views: {', '.join(VIEWS)}")
    return views[kind](net)


# ---- GraphML and GEXF -----------------------------------------------------------------------


def flat(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all strings or numbers, as GraphML and GEXF require."""
    out = nx.MultiDiGraph()
    for node, data in net.nodes(data=True):
        out.add_node(node, label=data.get("label_zh", node), **_flat(data))
    for u, v, key, data in net.edges(keys=True, data=True):
        out.add_edge(u, v, key=key, label=data.get("label_zh", key), **_flat(data))
    return out


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    def text(value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(text(item) for item in value)
        if isinstance(value, tuple | dict):
            items = value.values() if isinstance(value, dict) else value
            return " | ".join(str(item) for item in items if item)
        return value

    return {key: text(value) for key, value in data.items() if key != "label"}


def write(net: nx.MultiDiGraph, path: Path) -> None:
    """Write GraphML (``.graphml``) or GEXF (``.gexf``), chosen by the file's suffix."""
    writers = {".graphml": nx.write_graphml, ".gexf": nx.write_gexf}
    if path.suffix not in writers:
        raise BadInputError(f"cannot write {path.suffix or 'no suffix'}: use .graphml or .gexf")
    writers[path.suffix](flat(net), path)
