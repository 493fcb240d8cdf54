"""The county comparison page on the Anyi graph, checked against the report's text; bad choices
are refused with a message."""

from __future__ import annotations

import html
import re

import pytest
from starlette.testclient import TestClient


def cells(page: str, key: str) -> dict[str, list[str]]:
    """The rows of section ``key``: the row's term (its Chinese name) to the text of each cell."""
    found = re.search(rf'<section class="part" id="{key}">(.*?)</section>', page, re.S)
    assert found, f"no section {key}"
    rows: dict[str, list[str]] = {}
    for row in re.findall(r"<tr>(.*?)</tr>", found[1], re.S):
        head = re.search(r'<th scope="row">.*?<a [^>]*>(.*?)</a>', row, re.S)
        if head:
            tds = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            words = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", t)).split()) for t in tds]
            rows[html.unescape(head[1])] = words
    return rows


def test_one_county_of_a_year_with_its_figures_and_sources(server_client: TestClient) -> None:
    page = server_client.get("/compare", params={"county": "kg:anyi-county", "year": "2023"})
    assert page.status_code == 200
    figures = cells(page.text, "figures")
    # "2023年为244家企业发放“财园信贷通”贷款11.94亿元,贷款金额位列全省第三"
    assert figures["“财园信贷通”贷款企业数"] == ["244家 来源"]
    assert figures["“财园信贷通”贷款金额"] == ["11.94亿元 来源"]
    assert figures["“财园信贷通”贷款金额全省排名"] == ["第三 来源"]
    # "全县工业总产值从224亿元到410亿元" gives no year: not a figure of 2023.
    assert "工业总产值" not in figures
    assert 'href="/source/000_14a3bcd6bc545aa4"' in page.text
    assert 'href="/fact/obs-caiyuan-xindaitong-borrowers-2023"' in page.text


def test_a_county_by_curie_or_iri(server_client: TestClient) -> None:
    iri = "<https://w3id.org/anyi-kg/id/anyi-county>"
    pages = [server_client.get("/compare", params={"county": c, "year": "2023"}).text
             for c in ("kg:anyi-county", iri)]  # fmt: skip
    assert pages[0] == pages[1]
    assert "244家" in pages[0]


def test_two_values_of_one_year_are_both_shown_and_marked(server_client: TestClient) -> None:
    # "…提升至2023年的11.09%" and "2020年至2023年,工业投资总量占全市比重从5.88%升至11.1%"
    page = server_client.get("/compare", params={"county": "kg:anyi-county", "year": "2023"})
    assert cells(page.text, "figures")["工业投资占全市比重"] == ["11.1% 来源 11.09% 来源"]
    assert page.text.count('<td data-label="安义县" class="differs"') == 1
    assert "1 处同年数值不一致" in page.text


def test_all_years_industries_and_honours(server_client: TestClient) -> None:
    page = server_client.get("/compare")  # one county in the graph: shown without choosing
    assert page.status_code == 200
    figures = cells(page.text, "figures")
    # "由2020年的5.88%提升至2023年的11.09%", and "…从5.88%升至11.1%": by year, largest first
    assert figures["工业投资占全市比重"] == ["5.88% 2020 来源 11.1% 2023 来源 11.09% 2023 来源"]
    # Six things of doors and windows are linked with the county (see test_named_questions).
    assert cells(page.text, "industries")["门窗"] == ["6"]
    # "先后获评中国铝材之乡、中国门窗之乡…"
    honours = " ".join(" ".join(v) for v in cells(page.text, "honours").values())
    assert "中国铝材之乡" in honours and "中国门窗之乡" in honours


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"county": "kg:konka-group"}, "not a county-level division of the graph: kg:konka-group"),
        ({"county": "nowhere:x"}, "is not a CURIE with a known prefix"),
        ({"county": "<not an iri>"}, "not an IRI"),
        ({"year": "2023年"}, "a year is four digits"),
        ({"county": ["kg:anyi-county"] * 13}, "choose at most 12 counties, not 13"),
    ],
)
def test_bad_choices_are_refused_with_a_message(
    server_client: TestClient, params: dict[str, object], message: str
) -> None:
    page = server_client.get("/compare", params=params)  # type: ignore[arg-type]
    assert page.status_code == 400
    assert message in html.unescape(page.text)
