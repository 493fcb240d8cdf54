"""Spot checks of the curated graph, written from the report, sentence by sentence.

Each case is one fact of ``graph/sources/000_14a3bcd6bc545aa4.txt`` as a reader of the report
states it: the expected values come from the report, never from the graph. The checks find a
fact through what the report fixes (the agreed entity IRIs of ``notes/slugs.md``, the Chinese
words of an indicator or honour, the value itself), so that they do not depend on the slugs the
curators choose for indicators and fact nodes.

Conventions of ``graph/README.md`` that the checks rely on: 亿元 × 10⁸ and 万元 × 10⁴ in
``cur:CNY``, 万吨 × 10⁴ in ``unit:TONNE``; counts in ``unit:NUM``; shares and growth in
``unit:PERCENT``; 余/超/突破/破 → ``qualifier:more-than``, 以上 → ``qualifier:at-least``; a value
whose year the report does not give has no ``refPeriod`` (``year=None`` below).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from anyi_kg.graph.namespaces import AK, CUR, KG, LEVEL, PREFIXES, QUALIFIER, STATUS, UNIT

# --------------------------------------------------------------------------------------------
# entities fixed by notes/slugs.md
# --------------------------------------------------------------------------------------------

COUNTY = KG["anyi-county"]
PARK = KG["anyi-hi-tech-park"]
COUNTY_OR_PARK = (COUNTY, PARK)
ALU_CLUSTER = KG["aluminium-profile-cluster"]
NEW_MATERIALS = KG["new-materials-cluster"]
LITHIUM_20KT = KG["lithium-carbonate-20kt-project"]
JIERUI_BASE = KG["jierui-equipment-production-base"]
PV_PROJECT = KG["photovoltaic-industrial-park-project"]

CNY, NUM, PERCENT, TONNE, KM2, MU = (
    CUR.CNY,
    UNIT.NUM,
    UNIT.PERCENT,
    UNIT.TONNE,
    UNIT.KiloM2,
    AK.Mu,
)
MORE_THAN, AT_LEAST = QUALIFIER["more-than"], QUALIFIER["at-least"]


class _Any:
    """Matches whatever the graph holds, including nothing."""

    def __repr__(self) -> str:
        return "ANY"


ANY: Any = _Any()

SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

OBSERVATIONS_QUERY = (
    SPARQL_PREFIXES
    + """
SELECT ?obs ?subject ?label ?value ?rank ?fromEnd ?unit ?year ?start ?end ?base ?qualifier
       ?surface
WHERE {
  ?obs ak:indicator ?indicator ;
       ak:refSubject ?subject .
  OPTIONAL { ?indicator skos:prefLabel|skos:altLabel|rdfs:label ?label
             FILTER(LANG(?label) = "zh") }
  OPTIONAL { ?obs sdmx-measure:obsValue ?value }
  OPTIONAL { ?obs ak:rank ?rank }
  OPTIONAL { ?obs ak:rankFromEnd ?fromEnd }
  OPTIONAL { ?obs sdmx-attribute:unitMeasure ?unit }
  OPTIONAL { ?obs sdmx-dimension:refPeriod ?year }
  OPTIONAL { ?obs ak:periodStart ?start }
  OPTIONAL { ?obs ak:periodEnd ?end }
  OPTIONAL { ?obs ak:basePeriod ?base }
  OPTIONAL { ?obs ak:valueQualifier ?qualifier }
  OPTIONAL { ?obs ak:surfaceForm ?surface }
}
"""
)

CHANGE_QUERY = (
    SPARQL_PREFIXES
    + """
SELECT ?change ?span WHERE {
  ?change a ak:Change ;
          ak:fromObservation ?from ;
          ak:toObservation ?to .
  OPTIONAL { ?change prov:wasDerivedFrom ?span }
}
"""
)

CONFERRAL_QUERY = (
    SPARQL_PREFIXES
    + """
SELECT ?conferral ?recipient ?honour ?year ?start ?end ?retained ?batch ?first ?span WHERE {
  ?conferral a ak:AwardConferral ;
             ak:recipient ?recipient ;
             ak:honour ?honour .
  ?honour rdfs:label|skos:altLabel ?label .
  FILTER(LANG(?label) = "zh" && CONTAINS(STR(?label), STR(?needle)))
  OPTIONAL { ?conferral sdmx-dimension:refPeriod ?year }
  OPTIONAL { ?conferral ak:periodStart ?start }
  OPTIONAL { ?conferral ak:periodEnd ?end }
  OPTIONAL { ?conferral ak:retained ?retained }
  OPTIONAL { ?conferral ak:batch ?batch }
  OPTIONAL { ?conferral ak:firstTime ?first }
  OPTIONAL { ?conferral prov:wasDerivedFrom ?span }
}
"""
)

ASSERTION_QUERY = (
    SPARQL_PREFIXES
    + """
SELECT ?assertion ?span WHERE {
  ?assertion a ak:Assertion ;
             rdf:subject ?s ;
             rdf:predicate ?p ;
             rdf:object ?o .
  OPTIONAL { ?assertion prov:wasDerivedFrom ?span }
}
"""
)

INVESTMENT_QUERY = (
    SPARQL_PREFIXES
    + """
SELECT ?investment ?span WHERE {
  ?investment a ak:Investment ;
              ak:investor ?investor ;
              ak:project ?project .
  OPTIONAL { ?investment prov:wasDerivedFrom ?span }
}
"""
)


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Obs:
    """One observation or ranking, its values in plain Python (``None`` where absent)."""

    node: Node
    subject: Node
    labels: frozenset[str]
    value: Decimal | None
    rank: int | None
    from_end: int | None
    unit: Node | None
    year: str | None
    start: str | None
    end: str | None
    base: str | None
    qualifier: Node | None
    surface: str | None


def _single(node: Node, field: str, values: set[Any]) -> Any:
    assert len(values) <= 1, f"{node} has several {field}: {sorted(map(str, values))}"
    return next(iter(values), None)


def observations(
    union: Graph, subjects: URIRef | tuple[URIRef, ...] | None, indicator: str | tuple[str, ...]
) -> list[Obs]:
    """The observations about ``subjects`` (any subject when None) whose indicator has a zh
    label containing one of the words of ``indicator``."""
    if isinstance(subjects, URIRef):
        subjects = (subjects,)
    words = (indicator,) if isinstance(indicator, str) else indicator
    bindings: list[dict[str, Node]] = (
        [{}] if subjects is None else [{"subject": s} for s in subjects]
    )
    fields: dict[Node, dict[str, set[Any]]] = {}
    for initial in bindings:
        for row in union.query(OBSERVATIONS_QUERY, initBindings=initial):
            got = fields.setdefault(row.obs, {})
            for name in (
                "subject",
                "label",
                "value",
                "rank",
                "fromEnd",
                "unit",
                "year",
                "start",
                "end",
                "base",
                "qualifier",
                "surface",
            ):
                term = getattr(row, name)
                if term is not None:
                    got.setdefault(name, set()).add(term)
    result = []
    for node, got in fields.items():
        labels = frozenset(str(label) for label in got.get("label", set()))
        if not any(word in label for word in words for label in labels):
            continue

        def one(name: str, node: Node = node, got: dict[str, set[Any]] = got) -> Any:
            return _single(node, name, got.get(name, set()))

        value, rank, from_end = one("value"), one("rank"), one("fromEnd")
        result.append(
            Obs(
                node=node,
                subject=one("subject"),
                labels=labels,
                value=None if value is None else Decimal(str(value)),
                rank=None if rank is None else int(rank),
                from_end=None if from_end is None else int(from_end),
                unit=one("unit"),
                year=_text(one("year")),
                start=_text(one("start")),
                end=_text(one("end")),
                base=_text(one("base")),
                qualifier=one("qualifier"),
                surface=_text(one("surface")),
            )
        )
    return result


def _text(term: Node | None) -> str | None:
    return None if term is None else str(term)


def _matches(actual: Any, expected: Any) -> bool:
    if expected is ANY:
        return True
    if isinstance(expected, tuple):
        return any(_matches(actual, e) for e in expected)
    if isinstance(expected, (int, float, str)) and isinstance(actual, Decimal):
        return actual == Decimal(str(expected))
    return bool(actual == expected)


def _field_matches(name: str, actual: Any, expected: Any) -> bool:
    """A surface form may keep the words around the number (破200万吨, 20亿元以上): the value
    text the report gives must be part of it."""
    if name == "surface" and isinstance(expected, str):
        return actual is not None and expected in actual
    return _matches(actual, expected)


def expect(rows: list[Obs], **expected: Any) -> Obs:
    """The observation among ``rows`` that has every expected field (a tuple means one of)."""
    hits = [
        r for r in rows if all(_field_matches(k, getattr(r, k), v) for k, v in expected.items())
    ]
    shown = "\n".join(f"  {r}" for r in rows) or "  (no observation found)"
    assert hits, f"no observation with {expected}; candidates:\n{shown}"
    return hits[0]


def expect_change(union: Graph, before: Obs, after: Obs) -> None:
    """An ak:Change from ``before`` to ``after``, resting on a span."""
    rows = list(union.query(CHANGE_QUERY, initBindings={"from": before.node, "to": after.node}))
    assert rows, f"no ak:Change from {before.node} to {after.node}"
    assert all(row.span is not None for row in rows), "the change has no prov:wasDerivedFrom"


@dataclass(frozen=True)
class Conferral:
    node: Node
    recipient: Node
    honour: Node
    year: str | None
    start: str | None
    end: str | None
    retained: bool | None
    batch: int | None
    first: bool | None
    span: Node | None


def conferrals(union: Graph, honour: str | URIRef) -> list[Conferral]:
    """The conferrals of the honour ``honour`` (an IRI, or words of its zh label)."""
    bindings: dict[str, Node] = (
        {"honour": honour, "needle": Literal("")}
        if isinstance(honour, URIRef)
        else {"needle": Literal(honour)}
    )
    seen: dict[Node, Conferral] = {}
    for row in union.query(CONFERRAL_QUERY, initBindings=bindings):
        seen[row.conferral] = Conferral(
            node=row.conferral,
            recipient=row.recipient,
            honour=row.honour,
            year=_text(row.year),
            start=_text(row.start),
            end=_text(row.end),
            retained=None if row.retained is None else bool(row.retained.toPython()),
            batch=None if row.batch is None else int(row.batch),
            first=None if row.first is None else bool(row.first.toPython()),
            span=row.span,
        )
    return list(seen.values())


def expect_conferral(union: Graph, honour: str | URIRef, **expected: Any) -> Conferral:
    rows = conferrals(union, honour)
    hits = [r for r in rows if all(_matches(getattr(r, k), v) for k, v in expected.items())]
    shown = "\n".join(f"  {r}" for r in rows) or "  (no conferral found)"
    assert hits, f"no conferral of {honour} with {expected}; candidates:\n{shown}"
    hit = hits[0]
    assert hit.span is not None, f"{hit.node} has no prov:wasDerivedFrom"
    assert (hit.recipient, AK.hasHonour, hit.honour) in union, (
        f"the truthy triple {hit.recipient} ak:hasHonour {hit.honour} is missing"
    )
    return hit


def expect_assertion(
    union: Graph,
    subjects: URIRef | tuple[URIRef, ...],
    predicate: URIRef,
    objects: Node | tuple[Node, ...],
    symmetric: bool = False,
) -> None:
    """The relation is stated twice: as an ak:Assertion with its span, and as a truthy triple.

    ``subjects`` / ``objects`` may give alternatives the report leaves open; ``symmetric``
    accepts the relation in either direction (partners).
    """
    subjects = subjects if isinstance(subjects, tuple) else (subjects,)
    objects = objects if isinstance(objects, tuple) else (objects,)
    pairs = [(s, o) for s in subjects for o in objects]
    if symmetric:
        pairs += [(o, s) for s, o in pairs]
    found = []
    for s, o in pairs:
        rows = list(union.query(ASSERTION_QUERY, initBindings={"s": s, "p": predicate, "o": o}))
        if rows:
            assert all(row.span is not None for row in rows), f"assertion {s} {o} lacks a span"
            assert (s, predicate, o) in union, f"truthy triple {s} {predicate} {o} is missing"
            found.append((s, o))
    assert found, f"no ak:Assertion {subjects} {predicate} {objects}"


def has_type(union: Graph, entity: URIRef, cls: URIRef) -> bool:
    return bool(
        union.query(
            SPARQL_PREFIXES + "ASK { ?e a/rdfs:subClassOf* ?cls }",
            initBindings={"e": entity, "cls": cls},
        ).askAnswer
    )


def ascii_id(value: object) -> str | None:
    """Test ids without escaped Chinese: class IRIs by local name, Chinese words dropped."""
    if isinstance(value, URIRef):
        return str(value).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    if isinstance(value, str) and not value.isascii():
        return "zh"
    return None


# --------------------------------------------------------------------------------------------
# 五个跨越: rankings of the development zone
# --------------------------------------------------------------------------------------------

ZONE_RANKING = ("开发区",)


@pytest.mark.parametrize(
    ("rank", "year"),
    [(93, "2019"), (64, None), (34, None), (16, "2023")],
    ids=["93-in-2019", "64", "34", "16-in-2023"],
)
def test_park_provincial_ranking(union: Graph, rank: int, year: str | None) -> None:
    """在全省排名上,从2019年的第93位,到第64位,第34位,再到2023年省级开发区第16位,安义高新园区…"""
    rows = observations(union, PARK, ZONE_RANKING)
    expect(rows, rank=rank, year=year, surface=f"第{rank}位")


@pytest.mark.parametrize(("before", "after"), [(93, 64), (64, 34), (34, 16), (93, 16)])
def test_park_provincial_ranking_changes(union: Graph, before: int, after: int) -> None:
    """93 → 64 → 34 → 16, one change per consecutive pair; and “从第93位前移至第16位”."""
    rows = observations(union, PARK, ZONE_RANKING)
    expect_change(union, expect(rows, rank=before), expect(rows, rank=after))


def test_city_ranking_last_in_2019(union: Graph) -> None:
    """在全市排名上,从2019年的倒数第一"""
    rows = observations(union, COUNTY_OR_PARK, ("全市", "市"))
    expect(rows, from_end=1, year="2019")


def test_city_ranking_first_in_2023(union: Graph) -> None:
    """到2023年的顺数第一"""
    rows = observations(union, COUNTY_OR_PARK, ("全市", "市"))
    expect(rows, rank=1, year="2023")


def test_city_ranking_change(union: Graph) -> None:
    """从2019年的倒数第一,到2023年的顺数第一"""
    rows = observations(union, COUNTY_OR_PARK, ("全市", "市"))
    expect_change(union, expect(rows, from_end=1, year="2019"), expect(rows, rank=1, year="2023"))


# --------------------------------------------------------------------------------------------
# honours
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["2020", "2021"])
def test_dev_zone_advanced_unit(union: Graph, year: str) -> None:
    """于2020年、2021年蝉联省级开发区进位赶超先进单位: one conferral per year."""
    expect_conferral(
        union, KG["provincial-dev-zone-advanced-unit"], recipient=COUNTY_OR_PARK, year=year
    )


@pytest.mark.parametrize("year", ["2022", "2023"])
def test_dev_zone_assessment_first_grade(union: Graph, year: str) -> None:
    """于2022年、2023年连续获评省级开发区综合考核“第一等次”"""
    expect_conferral(
        union, KG["provincial-dev-zone-assessment-first-grade"], recipient=COUNTY_OR_PARK, year=year
    )


def test_aluminium_cluster_three_star_retained(union: Graph) -> None:
    """铝型材产业集群 … 蝉联省级三星级产业集群"""
    expect_conferral(
        union, KG["provincial-three-star-cluster"], recipient=ALU_CLUSTER, retained=True
    )


@pytest.mark.parametrize(
    "honour",
    [
        "china-aluminium-hometown",
        "china-doors-windows-hometown",
        "china-smart-doors-windows-cooperation-demo-base",
    ],
)
def test_national_titles_of_the_county(union: Graph, honour: str) -> None:
    """先后获评中国铝材之乡、中国门窗之乡、中国智能门窗合作示范基地 …等“国字号”招牌"""
    expect_conferral(union, KG[honour], recipient=COUNTY)
    assert (KG[honour], AK.level, LEVEL.national) in union


def test_national_ip_strong_county_first_batch(union: Graph) -> None:
    """安义县成功获评国家首批知识产权强县建设示范县 (首批 = batch 1)"""
    expect_conferral(union, KG["national-ip-strong-county-demo-county"], recipient=COUNTY, batch=1)
    assert (KG["national-ip-strong-county-demo-county"], AK.level, LEVEL.national) in union


def test_industrial_rise_park_award_2019_2021(union: Graph) -> None:
    """2019-2021年度江西省工业崛起园区发展专项奖: a period, not a single year."""
    expect_conferral(
        union, "工业崛起园区发展专项奖", recipient=COUNTY_OR_PARK, start="2019", end="2021"
    )


def test_mass_innovation_demo_base_third_batch(union: Graph) -> None:
    """江西省第三批双创示范基地"""
    hit = expect_conferral(union, "双创示范基地", recipient=COUNTY_OR_PARK, batch=3)
    assert (hit.honour, AK.level, LEVEL.provincial) in union


@pytest.mark.parametrize(
    "words",
    ["三类县", "十佳优化营商环境县", "外贸转型升级基地", "绿色园区"],
    ids=["type-3-county", "top-ten-business-environment", "foreign-trade-base", "green-park"],
)
def test_provincial_titles(union: Graph, words: str) -> None:
    """江西省综合考核三类县“第一等次”、江西省十佳优化营商环境县、江西省外贸转型升级基地、
    江西省绿色园区等省级称号"""
    hit = expect_conferral(union, words, recipient=COUNTY_OR_PARK)
    assert (hit.honour, AK.level, LEVEL.provincial) in union


def test_provincial_dev_zone_honours_are_provincial(union: Graph) -> None:
    assert (KG["provincial-dev-zone-advanced-unit"], AK.level, LEVEL.provincial) in union
    assert (KG["provincial-dev-zone-assessment-first-grade"], AK.level, LEVEL.provincial) in union


def test_anyi_aluminium_windows_first_labour_brand(union: Graph) -> None:
    """“安义铝窗”首获赣字号劳务品牌"""
    expect_conferral(union, "劳务品牌", recipient=KG["anyi-aluminium-windows"], first=True)


def test_anyi_doors_windows_collective_trademark(union: Graph) -> None:
    """“安义门窗”获评国家集体商标"""
    expect_conferral(union, "集体商标", recipient=KG["anyi-doors-windows"])


def test_business_environment_excellent_grade(union: Graph) -> None:
    """成功获评全省营商环境综合评价“优秀等次”"""
    expect_conferral(union, "优秀等次", recipient=COUNTY_OR_PARK)


# --------------------------------------------------------------------------------------------
# 资源向工业聚焦
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "value", "surface"),
    [(("数量",), 84.8, "84.8%"), (("投资",), 80.2, "80.2%")],
    ids=["project-count-share", "project-investment-share"],
)
def test_new_industrial_project_shares_2023(
    union: Graph, words: tuple[str, ...], value: float, surface: str
) -> None:
    """2023年新引进工业项目数量占比84.8%,项目总投资占比80.2%"""
    rows = observations(union, COUNTY_OR_PARK, words)
    expect(rows, value=value, unit=PERCENT, year="2023", surface=surface)


INVESTMENT_SHARE = ("工业投资",)


@pytest.mark.parametrize(("value", "year"), [(5.88, "2020"), (11.09, "2023"), (11.1, "2023")])
def test_industrial_investment_city_share(union: Graph, value: float, year: str) -> None:
    """工业投资占全市比重由2020年的5.88%提升至2023年的11.09%; later 从5.88%升至11.1%
    (2020年至2023年): two wordings of the 2023 value."""
    rows = observations(union, COUNTY, INVESTMENT_SHARE)
    expect(rows, value=value, unit=PERCENT, year=year, rank=None)


@pytest.mark.parametrize("after", [11.09, 11.1])
def test_industrial_investment_city_share_change(union: Graph, after: float) -> None:
    rows = observations(union, COUNTY, INVESTMENT_SHARE)
    expect_change(union, expect(rows, value=5.88, rank=None), expect(rows, value=after))


@pytest.mark.parametrize(("rank", "year"), [(7, "2020"), (3, "2023")])
def test_industrial_investment_share_ranking(union: Graph, rank: int, year: str) -> None:
    """占比排位从2020年的第7位进位至2023年的第3位"""
    rows = observations(union, COUNTY, INVESTMENT_SHARE)
    expect(rows, rank=rank, year=year, surface=f"第{rank}位")


def test_industrial_investment_share_ranking_change(union: Graph) -> None:
    rows = observations(union, COUNTY, INVESTMENT_SHARE)
    expect_change(union, expect(rows, rank=7), expect(rows, rank=3))


CAIYUAN = (COUNTY, PARK, KG["caiyuan-xindaitong"])


def test_caiyuan_xindaitong_borrowers_2023(union: Graph) -> None:
    """2023年为244家企业发放“财园信贷通”贷款11.94亿元"""
    rows = observations(union, CAIYUAN, ("财园信贷通", "企业"))
    expect(rows, value=244, unit=NUM, year="2023", surface="244家")


def test_caiyuan_xindaitong_amount_2023(union: Graph) -> None:
    rows = observations(union, CAIYUAN, ("财园信贷通", "贷款"))
    expect(rows, value=1194000000, unit=CNY, year="2023", surface="11.94亿元")


def test_caiyuan_xindaitong_amount_third_in_province(union: Graph) -> None:
    """贷款金额位列全省第三"""
    rows = observations(union, CAIYUAN, ("财园信贷通", "贷款"))
    expect(rows, rank=3, year="2023")


@pytest.mark.parametrize("value", [3, 20])
def test_development_zone_area(union: Graph, value: int) -> None:
    """开发区面积从3平方公里增至20平方公里"""
    rows = observations(union, PARK, ("面积",))
    expect(rows, value=value, unit=KM2, year=None, surface=f"{value}平方公里")


def test_development_zone_area_change(union: Graph) -> None:
    rows = observations(union, PARK, ("面积",))
    expect_change(union, expect(rows, value=3), expect(rows, value=20))


@pytest.mark.parametrize(
    "base",
    [
        "industrial-investment-group-anyi-base",
        "anyi-doors-windows-town",
        "central-china-anyi-aluminium-city",
        "anyi-yingchuang-micro-business-park",
    ],
)
def test_industrial_bases(union: Graph, base: str) -> None:
    """产投集团(安义)工业产业基地、安义门窗特色小镇、中部(安义)铝材城、安义盈创小微创业园等相继拔地而起"""
    assert has_type(union, KG[base], AK.IndustrialBase)


# --------------------------------------------------------------------------------------------
# 拼搏: 工业指标
# --------------------------------------------------------------------------------------------

OUTPUT = ("工业总产值",)


@pytest.mark.parametrize(
    ("value", "surface"),
    [(22400000000, "224亿元"), (41000000000, "410亿元")],
    ids=["224bn", "410bn"],
)
def test_gross_industrial_output(union: Graph, value: int, surface: str) -> None:
    """全县工业总产值从224亿元到410亿元 (no year is given for either value)"""
    rows = observations(union, COUNTY, OUTPUT)
    expect(rows, value=value, unit=CNY, year=None, surface=surface)


def test_gross_industrial_output_change(union: Graph) -> None:
    rows = observations(union, COUNTY, OUTPUT)
    expect_change(union, expect(rows, value=22400000000), expect(rows, value=41000000000))


def test_above_scale_industrial_enterprises_over_300(union: Graph) -> None:
    """规上工业企业总量突破300家"""
    rows = observations(union, COUNTY, ("规上工业企业", "规模以上工业企业"))
    expect(rows, value=300, unit=NUM, qualifier=MORE_THAN)


THIRD_CLASS = ("三类县", "工业高质量发展")


@pytest.mark.parametrize("rank", [19, 9])
def test_third_class_county_ranking(union: Graph, rank: int) -> None:
    """全省工业高质量发展(三类县)排名从第19位进位至第9位"""
    rows = observations(union, COUNTY, THIRD_CLASS)
    expect(rows, rank=rank, year=None, surface=f"第{rank}位")


def test_third_class_county_ranking_change(union: Graph) -> None:
    rows = observations(union, COUNTY, THIRD_CLASS)
    expect_change(union, expect(rows, rank=19), expect(rows, rank=9))


CITY_OUTPUT_RANKING = ("规上工业总产值",)


@pytest.mark.parametrize("rank", [8, 4])
def test_city_output_ranking(union: Graph, rank: int) -> None:
    """南昌市规上工业总产值排名从第8位前移至第4位"""
    rows = observations(union, COUNTY, CITY_OUTPUT_RANKING)
    expect(rows, rank=rank, year=None, surface=f"第{rank}位")


def test_city_output_ranking_change(union: Graph) -> None:
    rows = observations(union, COUNTY, CITY_OUTPUT_RANKING)
    expect_change(union, expect(rows, rank=8), expect(rows, rank=4))


# --------------------------------------------------------------------------------------------
# 产业集群
# --------------------------------------------------------------------------------------------

CLUSTER_RANKING = ("产业集群",)


@pytest.mark.parametrize(
    ("rank", "surface"),
    [(53, "第53名"), (15, "第15名"), (15, "第15位")],
    ids=["53", "15-ming", "15-wei"],
)
def test_aluminium_cluster_ranking(union: Graph, rank: int, surface: str) -> None:
    """铝型材产业集群从全省第53名连续进位至第15名; 在全省产业集群中位列第15位"""
    rows = observations(union, ALU_CLUSTER, CLUSTER_RANKING)
    expect(rows, rank=rank, year=None, surface=surface)


def test_aluminium_cluster_ranking_change(union: Graph) -> None:
    rows = observations(union, ALU_CLUSTER, CLUSTER_RANKING)
    expect_change(union, expect(rows, rank=53), expect(rows, rank=15, surface="第15名"))


def test_aluminium_capacity_over_2_million_tonnes(union: Graph) -> None:
    """铝型材年产能破200万吨"""
    rows = observations(union, ALU_CLUSTER, ("产能",))
    expect(rows, value=2000000, unit=TONNE, qualifier=MORE_THAN, surface="200万吨")


def test_aluminium_lines_over_1200(union: Graph) -> None:
    """产线突破1200条"""
    rows = observations(union, ALU_CLUSTER, ("产线", "生产线"))
    expect(rows, value=1200, unit=NUM, qualifier=MORE_THAN, surface="1200条")


@pytest.mark.parametrize("plan", ["jiangxi-1269-action-plan", "nanchang-8810-action-plan"])
def test_aluminium_cluster_listed_in_plans(union: Graph, plan: str) -> None:
    """成功列入省“1269”行动计划、南昌市“8810”行动计划"""
    expect_assertion(union, ALU_CLUSTER, AK.listedIn, KG[plan])


@pytest.mark.parametrize(
    ("plan", "level"),
    [
        ("jiangxi-1269-action-plan", "provincial"),
        ("nanchang-8810-action-plan", "municipal"),
        ("anyi-3210-action-plan", "county"),
    ],
)
def test_action_plans_by_level(union: Graph, plan: str, level: str) -> None:
    """江西省“1269”行动计划、南昌市“8810”行动计划; 安义县 … 明确了“3210”行动计划"""
    assert has_type(union, KG[plan], AK.ActionPlan)
    assert (KG[plan], AK.level, LEVEL[level]) in union


@pytest.mark.parametrize("company", ["konka-group", "guangdong-zhongxun-agritech", "twins-group"])
def test_new_materials_leading_enterprises(union: Graph, company: str) -> None:
    """新材料产业集群动力强劲,行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资"""
    assert has_type(union, KG[company], AK.Company)
    expect_assertion(union, NEW_MATERIALS, AK.hasLeadingEnterprise, KG[company])


def test_new_materials_cluster_scale_over_10bn(union: Graph) -> None:
    """集群规模突破100亿元"""
    rows = observations(union, NEW_MATERIALS, ("规模",))
    expect(rows, value=10000000000, unit=CNY, qualifier=MORE_THAN, surface="100亿元")


def test_new_materials_cluster_rank_40(union: Graph) -> None:
    """位列全省产业集群第40位"""
    rows = observations(union, NEW_MATERIALS, CLUSTER_RANKING)
    expect(rows, rank=40, surface="第40位")


@pytest.mark.parametrize(
    ("investor", "project"),
    [
        ("foshan-golden-milky-way", "lithium-carbonate-20kt-project"),
        ("mubang-hi-tech", "jierui-equipment-production-base"),
    ],
)
def test_new_energy_investments(union: Graph, investor: str, project: str) -> None:
    """上市公司佛山金银河投资的年产2万吨碳酸锂项目、上市公司沐邦高科投资的捷锐机电设备生产基地"""
    rows = list(
        union.query(
            INVESTMENT_QUERY, initBindings={"investor": KG[investor], "project": KG[project]}
        )
    )
    assert rows, f"no ak:Investment by {investor} in {project}"
    assert all(row.span is not None for row in rows)
    assert (KG[investor], AK.investsIn, KG[project]) in union
    assert has_type(union, KG[project], AK.InvestmentProject)
    assert (KG[investor], AK.isListedCompany, Literal(True)) in union


@pytest.mark.parametrize(
    "project", ["lithium-carbonate-20kt-project", "jierui-equipment-production-base"]
)
def test_new_energy_projects_in_production(union: Graph, project: str) -> None:
    """…等优质项目相继投产"""
    statuses = list(union.objects(KG[project], AK.projectStatus))
    labels = [str(lbl) for s in statuses for lbl in union.objects(s, SKOS.prefLabel)]
    assert any("投产" in label for label in labels), f"{project} status: {statuses} {labels}"
    for status in statuses:
        expect_assertion(union, KG[project], AK.projectStatus, status)


def test_lithium_project_capacity_20kt(union: Graph) -> None:
    """年产2万吨碳酸锂项目: the capacity is an observation of the project."""
    rows = observations(union, LITHIUM_20KT, ("产能", "产"))
    expect(rows, value=20000, unit=TONNE, qualifier=None)


def test_photovoltaic_project_over_500_mu(union: Graph) -> None:
    """占地500余亩的光伏产业园项目"""
    rows = observations(union, PV_PROJECT, ("面积", "占地", "用地"))
    expect(rows, value=500, unit=MU, qualifier=MORE_THAN, surface="500余亩")


def test_photovoltaic_project_status(union: Graph) -> None:
    """光伏产业园项目稳步推进"""
    expect_assertion(union, PV_PROJECT, AK.projectStatus, STATUS["under-construction"])


# --------------------------------------------------------------------------------------------
# 实干: 招大引强
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "project",
    [
        "jindeli-lithium-carbonate-project",
        "jierui-electromechanical-project",
        "modern-smart-knitting-textile-park",
        "anyi-greater-bay-area-smart-terminal-base",
        "jiaxin-technology-smart-industrial-park-project",
    ],
)
def test_projects_of_2bn_and_more(union: Graph, project: str) -> None:
    """金德锂碳酸锂、捷锐机电、现代智慧针纺产业园、安义(大湾区)智能终端产业基地等一批投资20亿元以上的
    优强项目; 嘉信科技智能产业园区项目等一批20亿元以上的数字经济项目"""
    assert has_type(union, KG[project], AK.InvestmentProject)
    rows = observations(union, KG[project], ("投资", "总投资"))
    expect(rows, value=2000000000, unit=CNY, qualifier=AT_LEAST, surface="20亿元")


def test_projects_not_merged(union: Graph) -> None:
    """金德锂碳酸锂 and 年产2万吨碳酸锂项目 are two projects; the report does not equate them."""
    assert KG["jindeli-lithium-carbonate-project"] != LITHIUM_20KT
    assert has_type(union, LITHIUM_20KT, AK.InvestmentProject)
    assert (KG["jindeli-lithium-carbonate-project"], RDF.type, AK.InvestmentProject) in union


def test_mubang_headquarters_in_anyi(union: Graph) -> None:
    """成功招引上市公司沐邦高科总部,填补了安义无上市公司的空白"""
    expect_assertion(union, KG["mubang-hi-tech"], AK.headquarteredIn, COUNTY_OR_PARK)
    assert (KG["mubang-hi-tech"], AK.isListedCompany, Literal(True)) in union


@pytest.mark.parametrize(
    ("words", "value", "unit", "surface"),
    [(("签约",), 89, NUM, "89个"), (("签约", "投资"), 22909000000, CNY, "229.09亿元")],
    ids=["89-projects", "229.09bn"],
)
def test_newly_signed_projects_2023(
    union: Graph, words: tuple[str, ...], value: int, unit: URIRef, surface: str
) -> None:
    """2023年新签约项目89个,总投资229.09亿元"""
    rows = observations(union, COUNTY, words)
    expect(rows, value=value, unit=unit, year="2023", surface=surface)


@pytest.mark.parametrize(
    ("words", "value", "surface"),
    [
        (("重点项目",), 4, "4个"),
        (("省大中型",), 22, "22个"),
        (("市重大重点",), 54, "54个"),
        (("政策支持",), 32, "32个"),
    ],
    ids=["key-4", "provincial-22", "municipal-54", "policy-32"],
)
def test_projects_secured_in_the_year(
    union: Graph, words: tuple[str, ...], value: int, surface: str
) -> None:
    """全年争取重点项目4个、省大中型项目22个、市重大重点项目54个,争取政策支持32个"""
    rows = observations(union, COUNTY, words)
    expect(rows, value=value, unit=NUM, surface=surface)


def test_support_funds_for_234_projects(union: Graph) -> None:
    """234个项目累计争取中央预算内、政府专项债券等支持资金20.23亿元"""
    rows = observations(union, COUNTY, ("资金",))
    expect(rows, value=2023000000, unit=CNY, surface="20.23亿元")
    rows = observations(union, COUNTY, ("项目",))
    expect(rows, value=234, unit=NUM, surface="234个")


# --------------------------------------------------------------------------------------------
# 为企业服务办实事
# --------------------------------------------------------------------------------------------


def test_1810_government_service_items(union: Graph) -> None:
    """1810项政务服务事项网上可办率100%"""
    rows = observations(union, COUNTY, ("政务服务",))
    expect(rows, value=1810, unit=NUM, surface="1810项")
    expect(rows, value=100, unit=PERCENT, surface="100%")


def test_huiqitong_funds_over_93_million_since_june_2022(union: Graph) -> None:
    """2022年6月至今,运用“惠企通”累计兑现惠企资金9300余万元"""
    rows = observations(union, None, ("惠企",))
    hit = expect(rows, value=93000000, unit=CNY, qualifier=MORE_THAN, surface="9300余万元")
    assert hit.start == "2022-06", f"period start {hit.start}, the report says 2022年6月"
    assert hit.subject in (COUNTY, KG["huiqitong"])


# --------------------------------------------------------------------------------------------
# 创新: 迈上创新驱动新台阶
# --------------------------------------------------------------------------------------------

HIGH_TECH = ("高新技术企业",)


@pytest.mark.parametrize(("value", "year"), [(40, "2020"), (115, None)])
def test_national_high_tech_enterprises(union: Graph, value: int, year: str | None) -> None:
    """国家高新技术企业总量由2020年的40家增至115家 (no year for 115)"""
    rows = observations(union, COUNTY, HIGH_TECH)
    expect(rows, value=value, unit=NUM, year=year, surface=f"{value}家")


def test_national_high_tech_enterprises_change(union: Graph) -> None:
    rows = observations(union, COUNTY, HIGH_TECH)
    expect_change(union, expect(rows, value=40), expect(rows, value=115))


SPECIALISED = ("专精特新",)


@pytest.mark.parametrize(("value", "year"), [(7, "2020"), (83, None)])
def test_above_scale_specialised_smes(union: Graph, value: int, year: str | None) -> None:
    """规模以上专精特新企业由2020年的7家增至83家 (no year for 83)"""
    rows = observations(union, COUNTY, SPECIALISED)
    expect(rows, value=value, unit=NUM, year=year, surface=f"{value}家")


def test_above_scale_specialised_smes_change(union: Graph) -> None:
    rows = observations(union, COUNTY, SPECIALISED)
    expect_change(union, expect(rows, value=7, unit=NUM), expect(rows, value=83, unit=NUM))


def test_high_tech_industry_value_added_share_2022(union: Graph) -> None:
    """2022年高新技术产业增加值占规模以上工业增加值比重达55.9%"""
    rows = observations(union, COUNTY, ("高新技术产业增加值", "高新技术产业"))
    expect(rows, value=55.9, unit=PERCENT, year="2022", surface="55.9%")


@pytest.mark.parametrize(
    "platform",
    [
        "cabr-doors-curtain-wall-testing-center",
        "grinm-research-institute",
        "china-window-certification-center",
        "jiangxi-aluminium-profile-research-institute",
    ],
)
def test_innovation_platforms_landed(union: Graph, platform: str) -> None:
    """中国建科院门窗幕墙检测中心、有研研究院、中窗认证中心等科创平台相继落户;
    江西省铝型材产业技术研究院落地运营"""
    assert has_type(union, KG[platform], AK.Platform)
    expect_assertion(union, KG[platform], AK.locatedIn, COUNTY_OR_PARK)


def test_provincial_platforms_double_digits(union: Graph) -> None:
    """省级以上创新平台成功突破两位数"""
    rows = observations(union, COUNTY, ("省级以上",))
    expect(rows, value=10, unit=NUM, qualifier=(MORE_THAN, AT_LEAST))


def test_municipal_platforms_40(union: Graph) -> None:
    """市级以上创新平台达40家"""
    rows = observations(union, COUNTY, ("市级以上",))
    expect(rows, value=40, unit=NUM, surface="40家")


def test_municipal_platforms_growth_300_percent_since_2020(union: Graph) -> None:
    """较2020年增长300%"""
    rows = observations(union, COUNTY, ("市级以上",))
    expect(rows, value=300, unit=PERCENT, base="2020", surface="300%")


IP = ("知识产权",)


@pytest.mark.parametrize(("value", "year"), [(46, "2020"), (130, "2023")])
def test_intellectual_property(union: Graph, value: int, year: str) -> None:
    """全县知识产权数量翻番,从2020年的46个增至2023年的130个"""
    rows = observations(union, COUNTY, IP)
    expect(rows, value=value, unit=NUM, year=year, surface=f"{value}个")


def test_intellectual_property_change(union: Graph) -> None:
    rows = observations(union, COUNTY, IP)
    expect_change(union, expect(rows, value=46), expect(rows, value=130))


def test_park_renamed(union: Graph) -> None:
    """安义工业园区成功更名省级高新技术产业园区"""
    former = Literal("安义工业园区", lang="zh")
    assert (PARK, AK.formerName, former) in union
    assert (PARK, SKOS.altLabel, former) in union
    expect_assertion(union, PARK, AK.formerName, former)


def test_rd_share_of_gdp(union: Graph) -> None:
    """R&D占GDP比重达2.02%"""
    rows = observations(union, COUNTY, ("R&D", "研发"))
    expect(rows, value=2.02, unit=PERCENT, surface="2.02%")


def test_county_innovation_rank_29(union: Graph) -> None:
    """县域创新能力从全省中下游提升至第29位"""
    rows = observations(union, COUNTY, ("创新能力",))
    expect(rows, rank=29, year=None, surface="第29位")


# --------------------------------------------------------------------------------------------
# 创新: 实现难题破解新突破
# --------------------------------------------------------------------------------------------


def test_idle_land_revitalised_since_2021(union: Graph) -> None:
    """2021年以来累计盘活闲置低效用地2147亩"""
    rows = observations(union, COUNTY, ("用地", "土地"))
    expect(rows, value=2147, unit=MU, start="2021", surface="2147亩")


VAT = ("增值税",)


@pytest.mark.parametrize(
    ("value", "year", "surface"),
    [(184000000, "2020", "1.84亿元"), (429000000, "2023", "4.29亿元")],
    ids=["2020", "2023"],
)
def test_industrial_vat(union: Graph, value: int, year: str, surface: str) -> None:
    """全县工业增值税从2020年1.84亿元增至2023年的4.29亿元"""
    rows = observations(union, COUNTY, VAT)
    expect(rows, value=value, unit=CNY, year=year, surface=surface)


def test_industrial_vat_change(union: Graph) -> None:
    rows = observations(union, COUNTY, VAT)
    expect_change(union, expect(rows, value=184000000), expect(rows, value=429000000))


def test_park_tax_over_1bn(union: Graph) -> None:
    """园区税收突破10亿元"""
    rows = observations(union, PARK, ("税收",))
    expect(rows, value=1000000000, unit=CNY, qualifier=MORE_THAN, surface="10亿元")


# --------------------------------------------------------------------------------------------
# 创新: 抢占数字经济新蓝海
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "surface"), [(93, "93个"), (442, "442个")], ids=["new-93", "total-442"]
)
def test_5g_base_stations(union: Graph, value: int, surface: str) -> None:
    """新增5G基站93个,累计建成442个"""
    rows = observations(union, COUNTY, ("5G基站", "基站"))
    expect(rows, value=value, unit=NUM, surface=surface)


def test_enterprises_on_the_cloud(union: Graph) -> None:
    """引导企业上云、应用云887家"""
    rows = observations(union, COUNTY, ("云",))
    expect(rows, value=887, unit=NUM, surface="887家")


def test_smart_factories_and_digital_workshops(union: Graph) -> None:
    """新增“5G+智慧工厂”、数字化车间5个"""
    rows = observations(union, COUNTY, ("智慧工厂", "数字化车间"))
    expect(rows, value=5, unit=NUM, surface="5个")


def test_provincial_two_integration_demo_enterprises(union: Graph) -> None:
    """新增省级两化融合示范企业6家"""
    rows = observations(union, COUNTY, ("两化融合示范",))
    expect(rows, value=6, unit=NUM, surface="6家")


SUPPLY_CHAIN = (
    "jiangxi-gongtou-aluminium",
    "anyi-gongyun-supply-chain",
    "jiangxi-aluminium-valley-data",
)


@pytest.mark.parametrize("company", SUPPLY_CHAIN)
def test_supply_chain_companies_established(union: Graph, company: str) -> None:
    """成立了江西省工投铝业、安义县工云供应链、江西省铝谷数据等供应链公司"""
    assert has_type(union, KG[company], AK.Company)
    expect_assertion(union, COUNTY_OR_PARK, AK.established, KG[company])


TRADE_SUBJECTS = (COUNTY, PARK, *(KG[c] for c in SUPPLY_CHAIN))


def test_trade_volume_2023_over_5bn(union: Graph) -> None:
    """2023年完成贸易额突破50亿元"""
    rows = observations(union, TRADE_SUBJECTS, ("贸易额",))
    expect(rows, value=5000000000, unit=CNY, year="2023", qualifier=MORE_THAN, surface="50亿元")


def test_trade_growth_2023_over_200_percent(union: Graph) -> None:
    """同比增长超200%"""
    rows = observations(union, TRADE_SUBJECTS, ("贸易额", "增长"))
    expect(rows, value=200, unit=PERCENT, year="2023", qualifier=MORE_THAN, surface="200%")


@pytest.mark.parametrize("partner", ["grinm-research-institute", "caict-jiangxi-institute"])
def test_strategic_cooperation(union: Graph, partner: str) -> None:
    """先后与有研研究院、中国信通院江西研究院等研发机构达成战略合作"""
    expect_assertion(union, COUNTY_OR_PARK, AK.partnerOf, KG[partner], symmetric=True)


@pytest.mark.parametrize(
    "platform", ["anshifu-platform", "aluminium-alloy-product-service-platform"]
)
def test_settlement_platforms(union: Graph, platform: str) -> None:
    """搭建了“安师傅”“铝合金产成品综合服务平台”等结算中心平台"""
    assert has_type(union, KG[platform], AK.Platform)
    kinds = list(union.objects(KG[platform], AK.platformType))
    labels = [str(lbl) for k in kinds for lbl in union.objects(k, SKOS.prefLabel)]
    assert any("结算" in label for label in labels), f"{platform}: {kinds} {labels}"


def test_anda_line_in_provincial_digital_economy_list(union: Graph) -> None:
    """安达电子全自动智能生产线等项目列入全省数字经济重点项目清单"""
    expect_assertion(
        union,
        KG["anda-electronics-automated-production-line"],
        AK.listedIn,
        KG["jiangxi-digital-economy-key-project-list"],
    )


def test_huawei_center_landed(union: Graph) -> None:
    """华为(南昌)智能制造赋能中心等龙头项目成功落户"""
    expect_assertion(
        union, KG["huawei-nanchang-smart-manufacturing-center"], AK.locatedIn, COUNTY_OR_PARK
    )


@pytest.mark.parametrize(
    ("words", "value", "unit", "surface"),
    [(("企业",), 15, NUM, "15家"), (("营收", "收入"), 1250000000, CNY, "12.5亿元")],
    ids=["15-enterprises", "12.5bn-revenue"],
)
def test_core_digital_economy(
    union: Graph, words: tuple[str, ...], value: int, unit: URIRef, surface: str
) -> None:
    """规上核心数字经济企业达15家,营收达12.5亿元"""
    rows = observations(union, COUNTY, words)
    expect(rows, value=value, unit=unit, surface=surface)


# --------------------------------------------------------------------------------------------
# the entities themselves
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity", "cls", "zh"),
    [
        ("anyi-county", AK.Region, "安义县"),
        ("nanchang-city", AK.Region, "南昌市"),
        ("jiangxi-province", AK.Region, "江西省"),
        ("anyi-hi-tech-park", AK.IndustrialPark, "安义高新技术产业园区"),
        ("anyi-hi-tech-park-management-committee", AK.PublicBody, "江西安义高新技术产业园区管委会"),
        ("anyi-science-technology-industry-bureau", AK.PublicBody, "安义县科技和工业信息化局"),
        ("caiyuan-xindaitong", AK.FinancialProduct, "“财园信贷通”"),
        ("kedaitong", AK.FinancialProduct, "“科贷通”"),
        ("anyi-aluminium-windows", AK.Brand, "“安义铝窗”"),
        ("anyi-doors-windows", AK.Brand, "“安义门窗”"),
        ("aluminium-profile-cluster", AK.IndustrialCluster, "铝型材产业集群"),
        ("new-materials-cluster", AK.IndustrialCluster, "新材料产业集群"),
        ("hongxin-aluminium", AK.Company, "虹鑫铝业"),
        ("jiangxi-digital-economy-key-project-list", AK.ProjectList, "全省数字经济重点项目清单"),
    ],
    ids=ascii_id,
)
def test_entity_type_and_label(union: Graph, entity: str, cls: URIRef, zh: str) -> None:
    """The report names each of these; quotes marks are part of the report's form where it
    uses them."""
    assert has_type(union, KG[entity], cls)
    labels = {str(lbl) for lbl in union.objects(KG[entity], RDFS.label) if lbl.language == "zh"}
    alt = {str(lbl) for lbl in union.objects(KG[entity], SKOS.altLabel)}
    stripped = zh.strip("“”")
    assert labels & {zh, stripped} or alt & {zh, stripped}, f"{entity}: {labels} {alt}"


@pytest.mark.parametrize(
    ("region", "level"),
    [("anyi-county", "county"), ("nanchang-city", "municipal"), ("jiangxi-province", "provincial")],
)
def test_region_levels(union: Graph, region: str, level: str) -> None:
    assert (KG[region], AK.level, LEVEL[level]) in union


def test_report_provided_by(union: Graph) -> None:
    """(本版文图由江西安义高新技术产业园区管委会、安义县科技和工业信息化局提供)"""
    source = URIRef(PREFIXES["src"] + "000_14a3bcd6bc545aa4")
    provided = set(union.objects(source, AK.providedBy))
    assert provided == {
        KG["anyi-hi-tech-park-management-committee"],
        KG["anyi-science-technology-industry-bureau"],
    }


@pytest.mark.parametrize(
    ("entity", "cls", "zh"),
    [
        ("provincial-capital-leading-strategy", AK.Strategy, "省会引领战略"),
        ("innovation-driven-development-strategy", AK.Strategy, "创新驱动发展战略"),
        ("industrial-chain-chief-system", AK.Programme, "链长制"),
        ("ten-hundred-thousand-plan", AK.Programme, "十百万"),
        ("one-plus-ten-reform-plan", AK.Programme, "1+10"),
        ("committee-plus-company-reform", AK.Reform, "管委会+公司"),
        ("one-park-multiple-zones-model", AK.Programme, "一园多区"),
        ("steed-award-snail-plaque-mechanism", AK.Mechanism, "骏马奖"),
        ("strong-industry-county-campaign", AK.Programme, "工业强县、产业兴县"),
        ("one-hub-four-centres-goal", AK.Programme, "一枢纽四中心"),
    ],
    ids=ascii_id,
)
def test_programmes(union: Graph, entity: str, cls: URIRef, zh: str) -> None:
    """锚定省会引领战略; 大力实施创新驱动发展战略; 以产业链“链长制”为抓手;
    项目带动战略“十百万”实施计划; “1+10”改革方案; “管委会+公司”改革; “一园多区”管理模式;
    “骏马奖”“蜗牛牌”奖惩机制; 推进“工业强县、产业兴县”; 打造“一枢纽四中心”战略目标"""
    assert has_type(union, KG[entity], cls)
    names = [str(n) for p in (RDFS.label, SKOS.altLabel) for n in union.objects(KG[entity], p)]
    assert any(zh in n for n in names), f"{entity}: {names}"


@pytest.mark.parametrize("platform", ["huiqitong", "caict-jiangxi-institute"])
def test_other_platforms(union: Graph, platform: str) -> None:
    """运用“惠企通”累计兑现惠企资金; 中国信通院江西研究院等研发机构"""
    assert has_type(union, KG[platform], AK.Platform)


def test_park_short_name(union: Graph) -> None:
    """安义高新园区连续保持全省排名进位前移: the short name the report uses for the park."""
    names = {str(n) for n in union.objects(PARK, SKOS.altLabel)}
    assert "安义高新园区" in names, names


def test_average_46_new_projects_a_year(union: Graph) -> None:
    """连续三年招引新落户亿元以上项目保持增长,年均落户项目46个"""
    rows = observations(union, COUNTY, ("项目",))
    expect(rows, value=46, unit=NUM, surface="46个")


@pytest.mark.parametrize(
    "words",
    [("增加值增速",), ("主营业务收入",)],
    ids=["value-added-growth", "main-business-revenue"],
)
def test_city_top_three_for_three_years(union: Graph, words: tuple[str, ...]) -> None:
    """规上工业增加值增速、规上工业主营业务收入排位连续三年位居全市前三: a position within the
    first three (the graph may qualify the rank; the number is 3)."""
    rows = observations(union, COUNTY, words)
    expect(rows, rank=3, surface="前三")


def test_county_innovation_top_30(union: Graph) -> None:
    """首次挺进前30强; 县域创新能力排名进入全省前30位"""
    rows = observations(union, COUNTY, ("创新能力",))
    expect(rows, rank=30)


def test_rd_institutions_full_coverage(union: Graph) -> None:
    """实现了营收3亿元以上工业企业组建研发机构全覆盖"""
    rows = observations(union, COUNTY, ("研发机构",))
    expect(rows, value=100, unit=PERCENT)


def test_park_is_provincial(union: Graph) -> None:
    """更名省级高新技术产业园区; 2023年省级开发区第16位; 全市省级开发区的一匹“黑马”"""
    assert (PARK, AK.level, LEVEL.provincial) in union


@pytest.mark.parametrize(
    "title",
    [
        "国家级专精特新企业",
        "省级潜在“独角兽”企业",
        "省级专业化“小巨人”企业",
        "省级制造业单项冠军",
        "省级管理创新示范企业",
        "“两化融合”贯标企业",
    ],
    ids=[
        "specialised",
        "unicorn",
        "little-giant",
        "single-champion",
        "management-innovation",
        "two-integration-standard",
    ],
)
def test_zero_breakthrough_titles(union: Graph, title: str) -> None:
    """历史性实现了国家级专精特新企业、省级潜在“独角兽”企业、省级专业化“小巨人”企业、
    省级制造业单项冠军、省级管理创新示范企业、“两化融合”贯标企业等一系列零的突破: six titles, named
    alike; each is an honour of the graph."""

    def bare(text: str) -> str:
        return text.replace("“", "").replace("”", "")

    honours = [
        h
        for h in union.subjects(RDF.type, AK.Honour)
        if any(
            bare(title) in bare(str(lbl))
            for p in (RDFS.label, SKOS.altLabel)
            for lbl in union.objects(h, p)
        )
    ]
    assert honours, f"no ak:Honour named {title}"


def test_smart_home_digital_economy_zone_being_created(union: Graph) -> None:
    """以智能家居为核心的数字经济集聚区正加速创建: its state of progress is stated."""
    zone = KG["smart-home-digital-economy-zone"]
    statuses = list(union.objects(zone, AK.projectStatus))
    assert statuses, "the zone has no ak:projectStatus"
    for status in statuses:
        expect_assertion(union, zone, AK.projectStatus, status)
