"""Every named question, answered on the Anyi graph, against answers read from the report.

Each expected value below was taken from the report (graph/sources/000_14a3bcd6bc545aa4.txt),
quoted in the comment above it, and normalised as graph/README.md says (亿元 × 10⁸ CNY,
万吨 × 10⁴ t, ranks as integers), never copied from the program's output. Offsets into the
report are computed from the report itself. The last tests keep the README's list of
questions and the set of tested questions equal to the ``.rq`` files. The explorer's page
queries (``queries/explorer/``) are tested in ``test_server_queries.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pyoxigraph as ox
import pytest
from stores import cases, comparable

from anyi_kg import query as q
from anyi_kg.graph.terms import python, shorten
from anyi_kg.paths import ROOT, SOURCES_DIR
from anyi_kg.store import OxigraphStore, RdflibStore, Store
from anyi_kg.store.results import Result

REPORT = (SOURCES_DIR / "000_14a3bcd6bc545aa4.txt").read_text(encoding="utf-8")
README = ROOT / "README.md"
TESTED: set[str] = set()


def covers(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Mark a test as checking the named question ``name``."""
    TESTED.add(name)
    return lambda test: test


def answer(kg: Store, query: str | q.NamedQuery, params: Mapping[str, str] | None = None) -> Result:
    """The answer of a named question or of a page query, parameters bound as terms."""
    return kg.execute(q.prepare(query, params), kg.timeout)


def table(
    kg: OxigraphStore, name: str | q.NamedQuery, *columns: str, **params: str
) -> list[tuple[Any, ...]]:
    """The chosen columns of the answer: CURIEs for IRIs, Python values for literals."""
    result = answer(kg, name, params)
    index = [result.variables.index(c) for c in columns]
    return [tuple(plain(row[i]) for i in index) for row in result.rows]


def plain(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Any:
    return shorten(term.value) if isinstance(term, ox.NamedNode) else python(term)


def at(text: str) -> int:
    """Where ``text`` (which occurs once) starts in the report."""
    assert REPORT.count(text) == 1, text
    return REPORT.index(text)


# ---- indicators and rankings over time ---------------------------------------------------------


@covers("indicator-series")
def test_gross_industrial_output(kg: OxigraphStore) -> None:
    # 全县工业总产值从224亿元到410亿元 (no years given)
    assert table(
        kg, "indicator-series", "subject_zh", "year", "value", "unit", "surface", "offset",
        indicator="indicator:gross-industrial-output",
    ) == [
        ("安义县", None, 22_400_000_000, "cur:CNY", "224亿元", at("224亿元")),
        ("安义县", None, 41_000_000_000, "cur:CNY", "410亿元", at("410亿元")),
    ]  # fmt: skip
    # 全县工业增值税从2020年1.84亿元增至2023年的4.29亿元
    assert table(kg, "indicator-series", "year", "value", indicator="indicator:industrial-vat") == [
        (2020, 184_000_000),
        (2023, 429_000_000),
    ]


@covers("indicator-changes")
def test_indicator_changes(kg: OxigraphStore) -> None:
    # 全县知识产权数量翻番,从2020年的46个增至2023年的130个
    [(from_value, from_year, to_value, to_year, quote)] = table(
        kg, "indicator-changes", "from_value", "from_year", "to_value", "to_year", "quote",
        indicator="indicator:intellectual-property-count",
    )  # fmt: skip
    assert (from_value, from_year, to_value, to_year) == (46, 2020, 130, 2023)
    assert "从2020年的46个增至2023年的130个" in quote
    # 开发区面积从3平方公里增至20平方公里: the park's only change of a value
    assert table(
        kg, "indicator-changes", "indicator", "from_value", "to_value",
        "from_surface", "to_surface", subject="kg:anyi-hi-tech-park",
    ) == [("indicator:development-zone-area", 3, 20, "3平方公里", "20平方公里")]  # fmt: skip


@covers("ranking-series")
def test_provincial_development_zone_ranking(kg: OxigraphStore) -> None:
    # 全省开发区争先创优综合考评排名从第93位前移至第16位 … 在全省排名上,从2019年的第93位,
    # 到第64位,第34位,再到2023年省级开发区第16位,安义高新园区连续保持全省排名进位前移
    assert table(
        kg, "ranking-series", "subject_zh", "year", "rank", "offset",
        list="indicator:provincial-dev-zone-assessment-ranking",
    ) == [
        ("安义高新技术产业园区", 2019, 93, at("第93位前移")),
        ("安义高新技术产业园区", 2023, 16, at("第16位,并于")),
        ("安义高新技术产业园区", None, 64, at("第64位")),
        ("安义高新技术产业园区", None, 34, at("第34位")),
    ]  # fmt: skip


@covers("ranking-changes")
def test_ranking_changes(kg: OxigraphStore) -> None:
    # 在全市排名上,从2019年的倒数第一,到2023年的顺数第一
    assert table(
        kg, "ranking-changes", "from_rank", "from_rank_from_end", "from_year", "to_rank", "to_year",
        list="indicator:city-dev-zone-ranking",
    ) == [(None, 1, 2019, 1, 2023)]  # fmt: skip
    # 93 → 16 in the first statement; 93 → 64 → 34 → 16 in the second
    pairs = table(
        kg, "ranking-changes", "from_rank", "to_rank",
        list="indicator:provincial-dev-zone-assessment-ranking",
    )  # fmt: skip
    assert sorted(pairs) == [(34, 16), (64, 34), (93, 16), (93, 64)]
    # 主导产业铝型材产业集群从全省第53名连续进位至第15名
    assert table(
        kg,
        "ranking-changes",
        "list",
        "from_rank",
        "to_rank",
        subject="kg:aluminium-profile-cluster",
    ) == [("indicator:provincial-industrial-cluster-ranking", 53, 15)]


@covers("figures-in-year")
def test_figures_stated_for_2020(kg: OxigraphStore) -> None:
    # every number the report dates 2020: 工业投资占全市比重由2020年的5.88%; 占比排位从2020年的
    # 第7位; 国家高新技术企业总量由2020年的40家; 规模以上专精特新企业由2020年的7家;
    # 知识产权数量…从2020年的46个; 全县工业增值税从2020年1.84亿元
    assert sorted(table(kg, "figures-in-year", "surface", "value", "rank", year="2020")) == [
        ("1.84亿元", 184_000_000, None),
        ("40家", 40, None),
        ("46个", 46, None),
        ("5.88%", 5.88, None),
        ("7家", 7, None),
        ("第7位", None, 7),
    ]


@covers("indicator-catalogue")
def test_indicator_catalogue(kg: OxigraphStore) -> None:
    rows = {
        r[0]: r[1:]
        for r in table(kg, "indicator-catalogue", "indicator", "ranking", "figures", "subjects")
    }
    assert rows["indicator:gross-industrial-output"] == (False, 2, 1)  # 224 → 410亿元
    assert rows["indicator:provincial-dev-zone-assessment-ranking"] == (
        True,
        4,
        1,
    )  # 93, 64, 34, 16
    assert rows["indicator:provincial-industrial-cluster-ranking"][0] is True


# ---- honours and titles ----------------------------------------------------------------------


@covers("honours")
def test_honours_of_the_park_and_national_titles(kg: OxigraphStore) -> None:
    # 并于2020年、2021年蝉联省级开发区进位赶超先进单位,
    # 于2022年、2023年连续获评省级开发区综合考核“第一等次”
    assert table(kg, "honours", "honour_zh", "level", "year", recipient="kg:anyi-hi-tech-park") == [
        ("省级开发区进位赶超先进单位", "level:provincial", 2020),
        ("省级开发区进位赶超先进单位", "level:provincial", 2021),
        ("省级开发区综合考核“第一等次”", "level:provincial", 2022),
        ("省级开发区综合考核“第一等次”", "level:provincial", 2023),
    ]
    # 先后获评中国铝材之乡、中国门窗之乡、中国智能门窗合作示范基地、国家知识产权强县建设示范县等
    # “国字号”招牌; 安义县成功获评国家首批知识产权强县建设示范县; “安义门窗”获评国家集体商标
    national = table(kg, "honours", "recipient_zh", "honour_zh", "batch", level="level:national")
    assert sorted(national) == [
        ("安义县", "中国智能门窗合作示范基地", None),
        ("安义县", "中国铝材之乡", None),
        ("安义县", "中国门窗之乡", None),
        ("安义县", "国家知识产权强县建设示范县", 1),
        ("安义门窗", "国家集体商标", None),
    ]


@covers("honours-by-level")
def test_national_honours_by_type(kg: OxigraphStore) -> None:
    # four “国字号”招牌 conferred on the county, one collective trademark on 安义门窗, and the
    # national enterprise titles the county reached for the first time (国家级绿色工厂,
    # 国家高新技术企业, 国家级专精特新企业), whose holders the report does not name
    assert table(
        kg, "honours-by-level", "type", "honours", "conferrals", level="level:national"
    ) == [
        ("honourtype:collective-trademark", 1, 1),
        ("honourtype:enterprise-title", 3, 0),
        ("honourtype:national-brand-title", 4, 4),
    ]


@covers("honours-in-year")
def test_honours_in_a_year(kg: OxigraphStore) -> None:
    # 于2020年、2021年蝉联省级开发区进位赶超先进单位 (2019-2021年度 is a period, not a year)
    assert table(kg, "honours-in-year", "recipient_zh", "honour_zh", year="2021") == [
        ("安义高新技术产业园区", "省级开发区进位赶超先进单位")
    ]
    # the default year, 2023: 于2022年、2023年连续获评省级开发区综合考核“第一等次”
    assert table(kg, "honours-in-year", "year", "honour_zh") == [
        (2023, "省级开发区综合考核“第一等次”")
    ]


# ---- investments, companies, projects ----------------------------------------------------------


@covers("investments")
def test_investments(kg: OxigraphStore) -> None:
    # 上市公司佛山金银河投资的年产2万吨碳酸锂项目、
    # 上市公司沐邦高科投资的捷锐机电设备生产基地等优质项目相继投产
    assert table(kg, "investments", "investor_zh", "listed", "project_zh", "status", "quote") == [
        ("佛山金银河", True, "年产2万吨碳酸锂项目", "status:in-production",
         "上市公司佛山金银河投资的年产2万吨碳酸锂项目"),
        ("沐邦高科", True, "捷锐机电设备生产基地", "status:in-production",
         "上市公司沐邦高科投资的捷锐机电设备生产基地"),
    ]  # fmt: skip


@covers("projects")
def test_photovoltaic_park_project(kg: OxigraphStore) -> None:
    # 占地500余亩的光伏产业园项目稳步推进 (in the 新能源产业 sentence)
    rows = table(
        kg, "projects", "label_zh", "industry", "status", "land",
        project="kg:photovoltaic-industrial-park-project",
    )  # fmt: skip
    assert rows == [
        ("光伏产业园项目", "industry:new-energy", "status:under-construction", 500),
        ("光伏产业园项目", "industry:photovoltaics", "status:under-construction", 500),
    ]
    # 年产2万吨碳酸锂项目: capacity 2万吨 = 20,000 t
    lithium = table(kg, "projects", "capacity", project="kg:lithium-carbonate-20kt-project")
    assert {row[0] for row in lithium} == {20_000}


@covers("listed-companies")
def test_listed_companies(kg: OxigraphStore) -> None:
    # 上市公司佛山金银河投资的…; 上市公司沐邦高科投资的…; 成功招引上市公司沐邦高科总部
    assert table(kg, "listed-companies", "label_zh", "project_zh", "headquarters") == [
        ("佛山金银河", "年产2万吨碳酸锂项目", None),
        ("沐邦高科", "捷锐机电设备生产基地", "kg:anyi-county"),
    ]


@covers("companies")
def test_companies_named_by_the_report(kg: OxigraphStore) -> None:
    rows = {
        r[0]: r[1:]
        for r in table(kg, "companies", "label_zh", "listed", "projects", "clusters_led")
    }
    assert set(rows) == {
        "康佳集团", "广东中迅农科", "双胞胎集团",  # 行业龙头…纷纷来县投资
        "佛山金银河", "沐邦高科",  # 上市公司…投资的
        "捷锐机电", "金德锂", "嘉信科技", "华为",  # projects named after them
        "江西省工投铝业", "安义县工云供应链", "江西省铝谷数据",  # 成立了…等供应链公司
        "安达电子", "虹鑫铝业", "产投集团",  # 安达电子…生产线; photo caption; 产投集团(安义)
    }  # fmt: skip
    assert rows["佛山金银河"] == (True, 1, 0)
    assert rows["康佳集团"] == (None, 0, 1)


# ---- clusters, plans, platforms, programmes, finance -----------------------------------------


@covers("cluster-leaders")
def test_new_materials_leaders(kg: OxigraphStore) -> None:
    # 新材料产业集群动力强劲,行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资
    rows = table(
        kg,
        "cluster-leaders",
        "cluster_zh",
        "enterprise_zh",
        "quote",
        cluster="kg:new-materials-cluster",
    )
    assert sorted((c, e) for c, e, _ in rows) == [
        ("新材料产业集群", "双胞胎集团"),
        ("新材料产业集群", "广东中迅农科"),
        ("新材料产业集群", "康佳集团"),
    ]  # fmt: skip
    assert all("行业龙头康佳集团、广东中迅农科、双胞胎集团" in quote for *_, quote in rows)


@covers("cluster-profile")
def test_cluster_figures(kg: OxigraphStore) -> None:
    # 集群规模突破100亿元,位列全省产业集群第40位
    assert table(
        kg, "cluster-profile", "industry", "indicator", "value", "rank", "qualifier",
        cluster="kg:new-materials-cluster",
    ) == [
        ("industry:new-materials", "indicator:cluster-scale",
         10_000_000_000, None, "qualifier:more-than"),
        ("industry:new-materials", "indicator:provincial-industrial-cluster-ranking",
         None, 40, None),
    ]  # fmt: skip
    # 铝型材年产能破200万吨、产线突破1200条,在全省产业集群中位列第15位 (and 从全省第53名…至第15名)
    aluminium = table(
        kg, "cluster-profile", "value", "rank", "unit", cluster="kg:aluminium-profile-cluster"
    )
    assert sorted(aluminium, key=str) == sorted(
        [(1200, None, "unit:NUM"), (2_000_000, None, "unit:TONNE"),
         (None, 15, None), (None, 15, None), (None, 53, None)], key=str
    )  # fmt: skip


@covers("plan-listings")
def test_plan_listings(kg: OxigraphStore) -> None:
    # 成功列入省“1269”行动计划、南昌市“8810”行动计划 (the aluminium-profile cluster)
    assert table(
        kg, "plan-listings", "level", "issuer_zh", "item_zh", plan="kg:nanchang-8810-action-plan"
    ) == [("level:municipal", "南昌市", "铝型材产业集群")]
    # 安达电子全自动智能生产线等项目列入全省数字经济重点项目清单
    listed = table(kg, "plan-listings", "plan_zh", "item_zh")
    assert ("全省数字经济重点项目清单", "安达电子全自动智能生产线") in listed
    assert ("江西省“1269”行动计划", "铝型材产业集群") in listed


@covers("platforms")
def test_testing_and_certification_platforms(kg: OxigraphStore) -> None:
    # 中国建科院门窗幕墙检测中心、有研研究院、中窗认证中心等科创平台相继落户
    assert table(
        kg,
        "platforms",
        "label_zh",
        "part_of",
        "located_in",
        type="platformtype:testing-certification",
    ) == [
        ("中国建科院门窗幕墙检测中心", "kg:cabr", "kg:anyi-county"),
        ("中窗认证中心", None, "kg:anyi-county"),
    ]


@covers("programmes-by-level")
def test_municipal_programmes(kg: OxigraphStore) -> None:
    # 南昌市“8810”行动计划; 市重大重点项目54个 (Nanchang's list)
    assert table(kg, "programmes-by-level", "label_zh", "issuer_zh", level="level:municipal") == [
        ("南昌市“8810”行动计划", "南昌市"),
        ("市重大重点项目", "南昌市"),
    ]


@covers("adopted-programmes")
def test_programmes_taken_up(kg: OxigraphStore) -> None:
    # 开发区“满园扩园”如火如荼: the one campaign the park itself carries
    assert table(kg, "adopted-programmes", "label_zh", "quote", adopter="kg:anyi-hi-tech-park") == [
        ("满园扩园", "开发区“满园扩园”如火如荼")
    ]
    county = {row[0] for row in table(kg, "adopted-programmes", "label_zh")}
    # 明确了“3210”行动计划; 围绕江西省“1269”行动计划、南昌市“8810”行动计划; 产业链“链长制”
    assert {
        "“3210”行动计划",
        "江西省“1269”行动计划",
        "南昌市“8810”行动计划",
        "产业链“链长制”",
    } <= county


@covers("financial-products")
def test_financial_products(kg: OxigraphStore) -> None:
    rows = table(kg, "financial-products", "label_zh", "year", "value", "rank", "surface")
    # “政商产业贷”“门窗产业贷”“财园信贷通”“科贷通”等金融工具
    assert {row[0] for row in rows} == {"政商产业贷", "门窗产业贷", "财园信贷通", "科贷通"}
    # 2023年为244家企业发放“财园信贷通”贷款11.94亿元,贷款金额位列全省第三
    assert sorted((r for r in rows if r[0] == "财园信贷通"), key=str) == sorted(
        [("财园信贷通", 2023, 244, None, "244家"),
         ("财园信贷通", 2023, 1_194_000_000, None, "11.94亿元"),
         ("财园信贷通", 2023, None, 3, "第三")], key=str
    )  # fmt: skip


# ---- provenance -----------------------------------------------------------------------------


@covers("fact-source")
def test_source_of_a_fact(kg: OxigraphStore) -> None:
    quote = "全县工业总产值从224亿元到410亿元"
    assert table(
        kg,
        "fact-source",
        "kind",
        "quote",
        "start",
        "end",
        "source",
        fact="fact:obs-gross-industrial-output-to",
    ) == [("ak:Observation", quote, at(quote), at(quote) + len(quote), "src:000_14a3bcd6bc545aa4")]


@covers("first-mention")
def test_first_mention(kg: OxigraphStore) -> None:
    quote = "行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资"
    assert table(
        kg, "first-mention", "label_zh", "quote", "start", "end", entity="kg:konka-group"
    ) == [("康佳集团", quote, at(quote), at(quote) + len(quote))]


@covers("facts-without-period")
def test_facts_without_a_year(kg: OxigraphStore) -> None:
    # neither investment is dated:
    # …投资的年产2万吨碳酸锂项目、…投资的捷锐机电设备生产基地等优质项目相继投产
    assert table(kg, "facts-without-period", "fact", kind="ak:Investment") == [
        ("fact:invest-golden-milky-way-lithium-carbonate",),
        ("fact:invest-mubang-jierui-base",),
    ]
    # 先后获评中国铝材之乡… gives no year; 于2020年、2021年蝉联… does
    undated = {
        row[0] for row in table(kg, "facts-without-period", "fact", kind="ak:AwardConferral")
    }
    assert "fact:award-anyi-china-aluminium-hometown" in undated
    assert "fact:award-park-advanced-unit-2020" not in undated


@covers("fact-provenance")
def test_every_fact_points_to_its_source(kg: OxigraphStore) -> None:
    [(facts, sourced, timeable, undated)] = table(
        kg, "fact-provenance", "facts", "with_provenance", "timeable", "without_period"
    )
    assert facts == sourced > 0 and 0 < undated < timeable < facts
    by_kind = sum(
        len(table(kg, "facts-without-period", "fact", kind=kind))
        for kind in ("ak:Observation", "ak:Ranking", "ak:AwardConferral")
    )
    assert undated == by_kind


# ---- entities and their neighbourhoods -----------------------------------------------------------


@covers("entity-neighbourhood")
def test_neighbourhood(kg: OxigraphStore) -> None:
    # Konka is named once: as a leading enterprise of the new-materials cluster
    assert table(
        kg, "entity-neighbourhood", "direction", "property", "other_zh", entity="kg:konka-group"
    ) == [("in", "ak:hasLeadingEnterprise", "新材料产业集群")]
    county = table(kg, "entity-neighbourhood", "direction", "property", "other_zh")
    assert ("out", "ak:hasHonour", "中国铝材之乡") in county
    assert ("in", "ak:headquarteredIn", "沐邦高科") in county


@covers("entity-facts")
def test_facts_about_an_entity(kg: OxigraphStore) -> None:
    assert table(kg, "entity-facts", "role", "kind", "quote", entity="kg:mubang-hi-tech") == [
        ("rdf:subject", "ak:Assertion", "成功招引上市公司沐邦高科总部,填补了安义无上市公司的空白"),
        ("ak:investor", "ak:Investment", "上市公司沐邦高科投资的捷锐机电设备生产基地"),
    ]


@covers("entity-card")
def test_entity_card_is_rdf(kg: OxigraphStore) -> None:
    triples = kg.query("entity-card", entity="kg:konka-group").triples
    said = {
        (shorten(t.predicate.value), plain(t.object))
        for t in triples
        if t.subject.value.endswith("/konka-group")
    }  # type: ignore[union-attr]
    assert {
        ("rdf:type", "ak:Company"),
        ("rdfs:label", "康佳集团"),
        ("rdfs:label", "Konka Group"),
    } <= said
    assert any(shorten(t.subject.value) == "ak:Company" for t in triples)  # type: ignore[union-attr]


@covers("entity-names")
def test_names_of_the_park(kg: OxigraphStore) -> None:
    names = table(kg, "entity-names", "kind", "name", entity="kg:anyi-hi-tech-park")
    # 安义工业园区成功更名省级高新技术产业园区; 安义高新园区连续保持…; 聚焦高新园区主战场
    assert ("ak:formerName", "安义工业园区") in names
    assert ("rdfs:label", "安义高新技术产业园区") in names
    assert {("skos:altLabel", "安义高新园区"), ("skos:altLabel", "高新园区")} <= set(names)


@covers("entities")
def test_entities_of_a_class(kg: OxigraphStore) -> None:
    clusters = table(kg, "entities", "label_zh", **{"class": "ak:IndustrialCluster"})
    assert clusters == [("铝型材产业集群",), ("新材料产业集群",)]


@covers("sites")
def test_sites_of_the_photo_captions(kg: OxigraphStore) -> None:
    # 安义高新技术产业园区展新馆; 虹鑫铝业的国内首条三喷二烤立式喷涂线; 捷锐机电生产车间
    assert table(kg, "sites", "label_zh", "part_of", "owner", **{"class": "ak:Site"}) == [
        ("安义高新技术产业园区展新馆", "kg:anyi-hi-tech-park", None),
        ("三喷二烤立式喷涂线", None, "kg:hongxin-aluminium"),
        ("捷锐机电生产车间", None, "kg:jierui-electromechanical"),
    ]


@covers("industrial-chain")
def test_industrial_chains(kg: OxigraphStore) -> None:
    # 新能源产业厚积薄发,上市公司佛山金银河投资的年产2万吨碳酸锂项目、上市公司沐邦高科投资的
    # 捷锐机电设备生产基地等优质项目相继投产,占地500余亩的光伏产业园项目稳步推进
    assert table(
        kg, "industrial-chain", "stage", "entity_zh", "via_zh", industry="industry:new-energy"
    ) == [
        ("2 company", "佛山金银河", "年产2万吨碳酸锂项目"),
        ("2 company", "沐邦高科", "捷锐机电设备生产基地"),
        ("3 project", "捷锐机电设备生产基地", None),
        ("3 project", "年产2万吨碳酸锂项目", None),
        ("3 project", "光伏产业园项目", None),
    ]
    # 铝型材产业集群…成功列入省“1269”行动计划、南昌市“8810”行动计划
    assert table(
        kg, "industrial-chain", "stage", "entity_zh", industry="industry:aluminium-profile"
    ) == [
        ("1 cluster", "铝型材产业集群"),
        ("4 plan", "江西省“1269”行动计划"),
        ("4 plan", "南昌市“8810”行动计划"),
    ]


# ---- the network's question ----------------------------------------------------------------------

KONKA_FIRST = "行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资"


@covers("network-neighbourhood")
def test_network_neighbourhood(kg: OxigraphStore) -> None:
    said = {
        (shorten(t.subject.value), shorten(t.predicate.value), plain(t.object))  # type: ignore[union-attr]
        for t in kg.query("network-neighbourhood", entity="kg:konka-group").triples
    }
    assert ("kg:new-materials-cluster", "ak:hasLeadingEnterprise", "kg:konka-group") in said
    assert ("kg:new-materials-cluster", "rdfs:label", "新材料产业集群") in said
    assert any(p == "oa:exact" and o == KONKA_FIRST for _, p, o in said)


# ---- the graph as a whole -----------------------------------------------------------------------


@covers("class-counts")
def test_class_counts(kg: OxigraphStore) -> None:
    counts = {r[0]: r[1] for r in table(kg, "class-counts", "class", "count")}
    # two clusters (铝型材, 新材料), four financial products, fifteen companies (see above)
    assert counts["ak:IndustrialCluster"] == 2
    assert counts["ak:FinancialProduct"] == 4
    assert counts["ak:Company"] == 15


@covers("property-counts")
def test_property_counts(kg: OxigraphStore) -> None:
    counts = {r[0]: r[1] for r in table(kg, "property-counts", "property", "count")}
    assert counts["ak:hasLeadingEnterprise"] == 3  # 康佳集团、广东中迅农科、双胞胎集团
    assert counts["ak:investor"] == 2  # 佛山金银河, 沐邦高科


@covers("conflicts")
def test_conflicts_within_the_seed(kg: OxigraphStore) -> None:
    """The report gives the 2023 share of the city's industrial investment twice: "工业投资占全市
    比重由2020年的5.88%提升至2023年的11.09%" and "2020年至2023年,工业投资总量占全市比重从5.88%
    升至11.1%". Two sources disagreeing: tests/test_sources.py."""
    rows = table(kg, "conflicts", "indicator", "year", "value_a", "value_b")
    ((indicator, year, low, high),) = rows
    assert (indicator, str(year), str(low), str(high)) == (
        "indicator:industrial-investment-city-share",
        "2023",
        "11.09",
        "11.1",
    )
    assert kg.query("conflicts", {"subject": "kg:konka-group"}).rows == []


# ---- across counties: with one county, what needs two finds nothing; the answers across two
# counties are tested on the graph built with the test sources (test_cross_county.py) --------

ANYI, SEED = "kg:anyi-county", "src:000_14a3bcd6bc545aa4"


@covers("indicator-across-counties")
def test_an_indicator_of_a_year_in_each_county(kg: OxigraphStore) -> None:
    # "2023年为244家企业发放“财园信贷通”贷款11.94亿元,贷款金额位列全省第三"
    rows = table(
        kg, "indicator-across-counties", "county", "value", "rank", "surface", "source",
        indicator="indicator:caiyuan-xindaitong-borrower-count", year="2023",
    )  # fmt: skip
    assert rows == [(ANYI, 244, None, "244家", SEED)]
    ranks = table(
        kg, "indicator-across-counties", "county", "value", "rank",
        indicator="indicator:caiyuan-xindaitong-loan-amount-ranking", year="2023",
    )  # fmt: skip
    assert ranks == [(ANYI, None, 3)]


def test_a_figure_stated_twice_is_two_rows_largest_first(kg: OxigraphStore) -> None:
    # "工业投资占全市比重由2020年的5.88%提升至2023年的11.09%" and, later,
    # "2020年至2023年,工业投资总量占全市比重从5.88%升至11.1%": both stay, each with its words.
    rows = table(
        kg, "indicator-across-counties", "year", "value", "surface",
        indicator="indicator:industrial-investment-city-share", year="2023",
    )  # fmt: skip
    assert rows == [(2023, 11.1, "11.1%"), (2023, 11.09, "11.09%")]


def test_a_year_the_report_does_not_give_finds_nothing(kg: OxigraphStore) -> None:
    # "全县工业总产值从224亿元到410亿元": no year, so no row for any year.
    rows = table(
        kg, "indicator-across-counties", "value",
        indicator="indicator:gross-industrial-output", year="2023",
    )  # fmt: skip
    assert rows == []


@covers("counties-by-industry")
def test_counties_by_industry(kg: OxigraphStore) -> None:
    # Six things of the doors-and-windows industry are linked with 安义县: "“门窗产业贷”" (a loan
    # it uses), "中国门窗之乡" (its title), "中国建科院门窗幕墙检测中心…相继落户" and
    # "安义门窗特色小镇…相继拔" (located in it), "“安义门窗”集体商标" (its brand) and
    # "安义门窗标准体系" (which it established).
    rows = table(
        kg, "counties-by-industry", "county", "county_zh", "things",
        industry="industry:doors-windows",
    )  # fmt: skip
    assert rows == [(ANYI, "安义县", 6)]
    industries = {row[0] for row in table(kg, "counties-by-industry", "industry")}
    assert {"industry:doors-windows", "industry:aluminium-profile"} <= industries


@covers("companies-in-several-counties")
def test_no_company_is_in_two_counties_of_one_report(kg: OxigraphStore) -> None:
    # "木邦高科…总部": headquartered in Anyi, and every company is named in a report on Anyi only.
    assert table(kg, "companies-in-several-counties", "company") == []


@covers("shared-honours")
def test_no_honour_type_is_held_by_two_counties_of_one_report(kg: OxigraphStore) -> None:
    # "先后获评中国铝材之乡、中国门窗之乡…": Anyi's titles, held by no second county here.
    assert table(kg, "shared-honours", "type") == []


# ---- every question: tested, the same on rdflib, listed in the README ---------------------------


def test_every_named_question_is_tested() -> None:
    assert set(q.names()) == TESTED


@pytest.mark.parametrize(("name", "params"), cases(q.names()), ids=str)
def test_rdflib_gives_the_same_answer(
    kg: OxigraphStore, kg_rdflib: RdflibStore, name: str, params: dict[str, str]
) -> None:
    here, there = kg.query(name, params), kg_rdflib.query(name, params)
    assert there.variables == here.variables
    assert comparable(there) == comparable(here)


def readme_block(text: str) -> str:
    start, end = "<!-- named-questions:start -->\n", "<!-- named-questions:end -->"
    return text[text.index(start) + len(start) : text.index(end)]


def test_readme_lists_every_named_question() -> None:
    """The README block is ``anyi-kg query --list --format md``; regenerate it if this fails."""
    assert readme_block(README.read_text(encoding="utf-8")) == q.listing(markdown=True)


def test_columns_in_the_headers_are_the_answers(kg: OxigraphStore) -> None:
    for question in q.catalogue():
        result = kg.query(question.name)
        expected = (
            ["subject", "predicate", "object"] if result.kind == "graph" else result.variables
        )
        declared = question.columns[:3] if result.kind == "graph" else question.columns
        assert [c.split(" ")[0] for c in declared] == expected, question.name
