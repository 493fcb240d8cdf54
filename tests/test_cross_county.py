"""The cross-county questions and the comparison page across two counties: the seed and the test
sources of ``tests/fixtures/sources`` built into one graph.

The test sources are reports of our own writing with invented figures (see the README there);
each expected answer below comes from their texts or the seed's, quoted above it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient
from test_named_questions import table

from anyi_kg.server import create_app
from anyi_kg.store import OxigraphStore

ANYI, NANHAI = "kg:anyi-county", "kg:nanhai-district"
SEED, ANYI_2024, NANHAI_2024 = (
    "src:000_14a3bcd6bc545aa4",
    "src:001_0afb83e1dfaba198",
    "src:002_6718efbe50b5c632",
)


def test_an_indicator_across_counties_with_each_source(many: OxigraphStore) -> None:
    # Nanhai: "2023年，全区工业增值税达25.6亿元"; Anyi: "…增至2023年的4.31亿元" (test report) and
    # the seed's 4.29亿元. Largest first; both of Anyi's values stay, each with its source.
    rows = table(
        many, "indicator-across-counties", "county", "value", "surface", "source",
        indicator="indicator:industrial-vat", year="2023",
    )  # fmt: skip
    assert rows == [
        (NANHAI, 2560000000, "25.6亿元", NANHAI_2024),
        (ANYI, 431000000, "4.31亿元", ANYI_2024),
        (ANYI, 429000000, "4.29亿元", SEED),
    ]
    # "2023年新签约项目120个" in Nanhai, "89个" in both reports on Anyi: the same figure twice.
    signed = table(
        many, "indicator-across-counties", "county", "value", "source",
        indicator="indicator:newly-signed-project-count", year="2023",
    )  # fmt: skip
    assert sorted(signed) == sorted(
        [(NANHAI, 120, NANHAI_2024), (ANYI, 89, SEED), (ANYI, 89, ANYI_2024)]
    )
    only_nanhai = table(
        many, "indicator-across-counties", "value",
        indicator="indicator:industrial-vat", year="2023", county=NANHAI,
    )  # fmt: skip
    assert only_nanhai == [(2560000000,)]


def test_counties_by_industry(many: OxigraphStore) -> None:
    # Both hold 中国铝材之乡 (industry: aluminium): "南海区获评中国铝材之乡" and the seed's
    # "先后获评中国铝材之乡"; Anyi also has 中部(安义)铝材城 located in it.
    rows = table(many, "counties-by-industry", "county", "things", industry="industry:aluminium")
    assert rows == [(ANYI, 2), (NANHAI, 1)]


def test_companies_in_several_counties(many: OxigraphStore) -> None:
    # Nanhai: "行业龙头康佳集团、上市公司佛山金银河纷纷来区投资"; the seed names both in Anyi
    # ("行业龙头康佳集团…纷纷来县投资", "佛山金银河…"). 沐邦高科 is named in two reports, both
    # on Anyi.
    rows = table(many, "companies-in-several-counties", "company", "counties", "county", "source")
    assert rows == [
        ("kg:foshan-golden-milky-way", 2, ANYI, SEED),
        ("kg:foshan-golden-milky-way", 2, NANHAI, NANHAI_2024),
        ("kg:konka-group", 2, ANYI, SEED),
        ("kg:konka-group", 2, NANHAI, NANHAI_2024),
    ]


def test_honours_of_one_type_in_several_counties(many: OxigraphStore) -> None:
    # "南海区获评中国铝材之乡。南海区获评国家知识产权强县建设示范县。" and the seed's
    # "先后获评中国铝材之乡、中国门窗之乡、中国智能门窗合作示范基地、国家知识产权强县建设示范县":
    # all national brand titles.
    rows = table(many, "shared-honours", "type", "counties", "county", "honour_zh", "source")
    assert {row[:3] for row in rows} == {
        ("honourtype:national-brand-title", 2, ANYI),
        ("honourtype:national-brand-title", 2, NANHAI),
    }
    nanhai = sorted(row[3:] for row in rows if row[2] == NANHAI)
    assert nanhai == [("中国铝材之乡", NANHAI_2024), ("国家知识产权强县建设示范县", NANHAI_2024)]
    assert len([row for row in rows if row[2] == ANYI]) == 4


@pytest.fixture(scope="module")
def many_client(many: OxigraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(many), base_url="http://127.0.0.1:8000") as client:
        yield client


def test_the_comparison_page_shows_both_counties_and_every_source(many_client: TestClient) -> None:
    page = many_client.get("/compare", params={"year": "2023"})  # two counties: both shown
    assert page.status_code == 200
    heads = re.findall(r"<thead><tr><th></th>(.*?)</tr></thead>", page.text, re.S)[0]
    cols = re.findall(r"<th>(.*?)</th>", heads)
    names = [html.unescape(re.sub(r"<[^>]+>", " ", h)) for h in cols]
    assert [" ".join(n.split()) for n in names] == ["安义县 Anyi County", "南海区"]
    row = re.search(r'<th scope="row">.*?工业增值税.*?</tr>', page.text, re.S)
    assert row
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row[0], re.S)
    words = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells]
    assert words == ["4.31亿元 来源 4.29亿元 来源", "25.6亿元 来源"]
    assert 'class="differs"' in row[0]  # the two reports on Anyi disagree for 2023
    for source in ("000_14a3bcd6bc545aa4", "001_0afb83e1dfaba198", "002_6718efbe50b5c632"):
        assert f'href="/source/{source}"' in page.text


def chain_labels(page: str) -> set[str]:
    found = re.search(r'<script type="application/json" id="chain-data">(.*?)</script>', page, re.S)
    assert found is not None
    return {node["label"][0] for node in json.loads(found[1])["nodes"]}


def test_a_countys_chain_is_drawn_from_the_sources_about_it(many_client: TestClient) -> None:
    nanhai = many_client.get("/chain", params={"county": "kg:nanhai-district"})
    assert nanhai.status_code == 200 and "南海区产业链" in nanhai.text
    # the test report on 南海区 names two companies of the seed; Anyi's cluster and project are
    # not in it
    assert {"康佳集团", "佛山金银河"} <= chain_labels(nanhai.text)
    assert not {"新材料产业集群", "年产2万吨碳酸锂项目"} & chain_labels(nanhai.text)
    anyi = many_client.get("/chain").text  # Anyi's by default: the seed and the 2024 report
    assert "安义县产业链" in anyi and "2 source(s) about the county" in anyi
    assert {"康佳集团", "佛山金银河", "新材料产业集群", "年产2万吨碳酸锂项目"} <= chain_labels(anyi)


@pytest.mark.parametrize(
    ("county", "message"),
    [
        ("kg:konka-group", "not a county-level division of the graph: kg:konka-group"),
        ("nope:anyi-county", "nope"),
        ("<not an iri>", "IRI"),
    ],
)
def test_a_chain_of_no_county_is_refused(
    many_client: TestClient, county: str, message: str
) -> None:
    answer = many_client.get("/chain", params={"county": county})
    assert answer.status_code == 400 and message in answer.text
