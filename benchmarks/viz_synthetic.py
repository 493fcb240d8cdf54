"""A synthetic industrial chain of any size, modelled as graph/README.md says.

Shares of the classes follow the Anyi graph (many companies and projects, few clusters);
every relation is an assertion, investment or award conferral with a source span, so the
conversion does the same work per entity as on the real graph.
"""

from __future__ import annotations

import random

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from anyi_kg.graph.namespaces import AK, FACT, KG, OA, SDMX_DIM, SRC
from anyi_kg.graph.rdflib_terms import new_graph

SHARES = (
    (AK.IndustrialCluster, "产业集群", 0.01),
    (AK.Industry, "产业", 0.02),
    (AK.Company, "企业", 0.50),
    (AK.InvestmentProject, "项目", 0.25),
    (AK.ActionPlan, "行动计划", 0.06),
    (AK.Platform, "平台", 0.06),
    (AK.FinancialProduct, "金融产品", 0.03),
    (AK.Honour, "称号", 0.07),
)
# (from class, relation, to class, fact class or Assertion)
LINKS = (
    (AK.IndustrialCluster, AK.industry, AK.Industry, AK.Assertion),
    (AK.IndustrialCluster, AK.hasLeadingEnterprise, AK.Company, AK.Assertion),
    (AK.Company, AK.investsIn, AK.InvestmentProject, AK.Investment),
    (AK.InvestmentProject, AK.listedIn, AK.ActionPlan, AK.Assertion),
    (AK.IndustrialCluster, AK.listedIn, AK.ActionPlan, AK.Assertion),
    (AK.Platform, AK.partnerOf, AK.Company, AK.Assertion),
    (AK.FinancialProduct, AK.partnerOf, AK.Company, AK.Assertion),
    (AK.Company, AK.hasHonour, AK.Honour, AK.AwardConferral),
)


def synthetic(nodes: int, seed: int = 1) -> Graph:
    """About ``nodes`` entities and 1.6 relations per entity, each stated by a fact."""
    rng = random.Random(seed)
    g = new_graph()
    members: dict[URIRef, list[URIRef]] = {}
    for cls, zh, share in SHARES:
        for i in range(max(1, round(nodes * share))):
            node = KG[f"{cls.rpartition('#')[2].lower()}-{i}"]
            g.add((node, RDF.type, cls))
            g.add((node, RDFS.label, Literal(f"{zh}{i}号", lang="zh")))
            g.add((node, RDFS.label, Literal(f"{cls.rpartition('#')[2]} {i}", lang="en")))
            members.setdefault(cls, []).append(node)
    span = URIRef(f"{SRC}synthetic#char=0,8")
    g.add((span, OA.hasSource, SRC.synthetic))
    for n, (frm, relation, to, kind) in enumerate(_draws(rng, members, nodes)):
        fact = FACT[f"synthetic-{n}"]
        g.add((fact, RDF.type, kind))
        g.add((fact, PROV.wasDerivedFrom, span))
        if kind == AK.Assertion:
            g.add((fact, RDF.subject, frm))
            g.add((fact, RDF.predicate, relation))
            g.add((fact, RDF.object, to))
        elif kind == AK.Investment:
            g.add((fact, AK.investor, frm))
            g.add((fact, AK.project, to))
        else:
            g.add((fact, AK.recipient, frm))
            g.add((fact, AK.honour, to))
            g.add(
                (
                    fact,
                    SDMX_DIM.refPeriod,
                    Literal(str(rng.randint(2019, 2023)), datatype=XSD.gYear),
                )
            )
        g.add((frm, relation, to))
    return g


def _draws(
    rng: random.Random, members: dict[URIRef, list[URIRef]], nodes: int
) -> list[tuple[URIRef, URIRef, URIRef, URIRef]]:
    """One link for every entity (so none stands alone), then random ones up to 1.6 each;
    targets are drawn with a bias to low numbers, the big players of a chain."""

    def pick(cls: URIRef) -> URIRef:
        return members[cls][int(len(members[cls]) * rng.random() ** 2)]

    draws = []
    for cls, found in members.items():
        for node in found:
            frm, relation, to, kind = rng.choice([link for link in LINKS if cls in link[::2]])
            draws.append(
                (node, relation, pick(to), kind)
                if frm == cls
                else (pick(frm), relation, node, kind)
            )
    while len(draws) < nodes * 1.6:
        frm, relation, to, kind = rng.choice(LINKS)
        draws.append((rng.choice(members[frm]), relation, pick(to), kind))
    return draws
