"""The explorer's pages through the ASGI test client, checked against the report's text."""

from __future__ import annotations

import asyncio
import csv
import html
import io
import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from anyi_kg import query as q
from anyi_kg.paths import SOURCES_DIR
from anyi_kg.server import Settings, create_app
from anyi_kg.store import OxigraphStore

REPORT = (SOURCES_DIR / "000_14a3bcd6bc545aa4.txt").read_text(encoding="utf-8")
FLAT_REPORT = re.sub(r"\s*\n\s*", "", REPORT)


def text(markup: str) -> str:
    """The text of some HTML, tags removed and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


LEADERS = "新材料产业集群动力强劲,行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资"


def section_rows(page: str, key: str) -> list[list[str]]:
    """The cells of each table row of the page's section ``key``, as plain text."""
    found = re.search(rf'<section class="part" id="{key}">(.*?)</section>', page, re.S)
    assert found, f"no section {key}"
    rows = re.findall(r"<tr>(.*?)</tr>", found[1], re.S)
    return [
        [" ".join(text(c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in rows
    ]


def test_home_counts_are_asked_once_and_again_after_a_failure(
    server_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The classes are counted once for every visit of the home page (the store is read-only), and
    counted again after an attempt failed, instead of the failure being kept."""
    from anyi_kg.server.protocol import Problem

    site = server_client.app.state.site  # type: ignore[attr-defined]
    read, asked = site.explorer.answer, []

    async def answer(query: object, **params: object) -> object:
        asked.append(query)
        if len(asked) == 1:
            raise Problem(503, "the query workers are all busy")
        return await read(query, **params)

    monkeypatch.setattr(site.explorer, "answer", answer)
    monkeypatch.setattr(site.explorer, "_shared", {})
    failed = server_client.get("/")
    assert failed.status_code == 503 and "the query workers are all busy" in failed.text
    pages = [server_client.get("/") for _ in range(3)]
    assert all(p.status_code == 200 and "企业" in p.text for p in pages)
    assert asked.count("class-counts") == 2


def test_a_whole_graph_answer_is_asked_once_for_callers_that_wait_together(
    server_client: TestClient,
) -> None:
    """Pages that need the same whole-graph answer while it is being asked (a first visit during
    the warm-up) wait for that one asking; a failure is not kept, so the next caller asks again."""
    from anyi_kg.server.explorer import Explorer

    explorer, asked = Explorer(server_client.app.state.site.engine), []  # type: ignore[attr-defined]

    async def ask() -> str:
        asked.append(len(asked))
        await asyncio.sleep(0.05)
        if len(asked) == 1:
            raise RuntimeError("the store went away")
        return "counted"

    async def together(n: int) -> list[object]:
        return await asyncio.gather(
            *(explorer.shared("counts", ask) for _ in range(n)), return_exceptions=True
        )

    def visits(n: int) -> list[object]:  # on a thread of its own: the browser tests' loop runs
        with ThreadPoolExecutor(1) as thread:
            return thread.submit(asyncio.run, together(n)).result()

    failed = visits(3)
    assert [str(f) for f in failed] == ["the store went away"] * 3 and asked == [0]
    assert visits(3) == ["counted"] * 3 and asked == [0, 1]
    assert visits(1) == ["counted"] and asked == [0, 1]


def marked(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", page, re.S)]


def test_home_counts_classes_and_lists_the_questions(
    server_client: TestClient, kg: OxigraphStore
) -> None:
    page = server_client.get("/").text
    company = "<https://w3id.org/anyi-kg/ontology#Company>"
    count = kg.query(f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a {company} }}").rows[0][0]
    assert count is not None
    cells = re.findall(r'<td><a href="[^"]+">(.*?)</a>.*?<td class="number">(\d+)<', page, re.S)
    assert ("企业", count.value) in cells
    assert "/query?name=listed-companies" in page
    offered = re.findall(r'href="/query\?name=([a-z0-9-]+)"', page)
    assert offered == q.names()  # the named questions, not the pages' own queries
    assert 'action="/search"' in page


@pytest.mark.parametrize("typed", ["康佳", "konka", "kangjia", "KJJT"])
def test_search_by_chinese_english_or_pinyin(server_client: TestClient, typed: str) -> None:
    page = server_client.get("/search", params={"q": typed}).text
    assert 'href="/id/konka-group"' in page
    assert "康佳集团" in page


def test_search_answers_json_to_machines(server_client: TestClient) -> None:
    hits = server_client.get(
        "/search", params={"q": "康佳"}, headers={"Accept": "application/json"}
    ).json()
    assert hits[0]["iri"] == "https://w3id.org/anyi-kg/id/konka-group"
    assert hits[0]["label_en"] == "Konka Group"


def test_entity_page_shows_facts_with_the_sentence_that_states_them(
    server_client: TestClient,
) -> None:
    page = server_client.get("/id/konka-group").text
    assert "<h1>康佳集团" in page and "Konka Group" in page
    quotes = marked(page)
    # "新材料产业集群动力强劲,行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资": one
    # sentence, shown once, though it states the leading role and the first mention
    assert quotes == [
        "新材料产业集群动力强劲,行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资"
    ]
    assert all(quote in FLAT_REPORT for quote in quotes)
    ((other, how, _, source),) = section_rows(page, "clusters")
    assert other.startswith("新材料产业集群") and "领衔集群" in how and source == "原文"
    assert 'href="/source/000_14a3bcd6bc545aa4#char=' in page
    assert 'href="/id/new-materials-cluster"' in page
    assert '<div class="anyi-network" id="neighbourhood">' in page
    assert 'src="/assets/network/vis-network.min.js"' in page


def test_entity_page_is_a_profile_with_figures_rankings_and_honours(
    server_client: TestClient,
) -> None:
    page = server_client.get("/id/anyi-county").text
    parts = re.findall(r'<section class="part" id="(\w+)">', page)
    assert parts[:3] == ["figures", "rankings", "honours"]  # a region: numbers first
    # "全县工业总产值从224亿元到410亿元": the report's words beside the normalised value
    output = re.search(r"<h3>.*?工业总产值.*?</table>", page, re.S)
    assert output
    cells = [" ".join(text(c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", output[0], re.S)]
    assert "224亿元" in cells and "22,400,000,000 元" in cells
    assert "410亿元" in cells and "41,000,000,000 元" in cells
    park = server_client.get("/id/anyi-hi-tech-park").text
    # "于2020年、2021年蝉联省级开发区进位赶超先进单位": one honour, both years
    honours = section_rows(park, "honours")
    award = [r for r in honours if r[0].startswith("省级开发区进位赶超先进单位")]
    assert award and award[0][2] == "2020; 2021"
    # "从2019年的第93位……再到2023年…第16位": the moves, years where the report gives them
    steps = [
        " ".join(text(c).split()) for c in re.findall(r'<p class="chain">(.*?)</p>', park, re.S)
    ]
    assert "第93位 2019 → 第64位 → 第34位 → 第16位 2023" in steps
    assert "?" not in " ".join(steps)


def test_every_iri_has_a_page(server_client: TestClient) -> None:
    company = server_client.get(
        "/resource", params={"iri": "https://w3id.org/anyi-kg/ontology#Company"}
    )
    assert company.status_code == 200 and "康佳集团" in company.text  # incoming rdf:type links
    fact = server_client.get("/fact/assert-new-materials-leader-konka")
    assert fact.status_code == 200
    assert (
        "新材料产业集群动力强劲,行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资"
        in marked(fact.text)
    )
    assert "fact:" not in text(fact.text.split("<main", 1)[1].split('<p class="iri">', 1)[0])
    assert server_client.get("/id/no-such-entity").status_code == 404
    assert server_client.get("/resource").status_code == 400


@pytest.mark.parametrize(
    ("path", "code", "said"),
    [
        ("/id/a%20b", 400, "Invalid IRI code point"),
        ("/id/%3Cscript%3E", 400, "Invalid IRI code point"),
        ("/id/%00", 400, "Invalid IRI code point"),
        ("/id/" + "x" * 5000, 404, "the graph says nothing about"),
    ],
)
def test_a_malformed_entity_path_is_refused_with_the_reason(
    server_client: TestClient, path: str, code: int, said: str
) -> None:
    """An ``id/`` page reads its profile and draws its neighbourhood at once: a path that is no
    IRI is refused with the parser's reason by whichever fails first, never a traceback."""
    page = server_client.get(path)
    assert page.status_code == code and said in html.unescape(page.text)
    assert "Traceback" not in page.text and "<script>" not in page.text


def test_only_an_entity_page_draws_a_neighbourhood(server_client: TestClient) -> None:
    """A fact's page (outside ``id/``) and an indicator's have no network view; a company's has."""
    drawn = '<div class="anyi-network" id="neighbourhood">'
    assert drawn in server_client.get("/id/konka-group").text
    for path in ("/fact/assert-new-materials-leader-konka", "/vocab/indicator/industrial-vat"):
        page = server_client.get(path)
        assert page.status_code == 200 and drawn not in page.text


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_entity_page_speaks_rdf_to_machines(
    server_client: TestClient, accept: str, fmt: ox.RdfFormat
) -> None:
    response = server_client.get("/id/konka-group", headers={"Accept": accept})
    assert response.headers["content-type"].startswith(accept)
    objects = {q.object.value for q in ox.parse(response.content, fmt)}
    assert {"康佳集团", "Konka Group", "https://w3id.org/anyi-kg/id/konka-group"} <= objects
    by_parameter = server_client.get("/id/konka-group", params={"format": "jsonld"})
    assert by_parameter.headers["content-type"].startswith("application/ld+json")


def test_query_page_runs_a_named_question(server_client: TestClient) -> None:
    page = server_client.get("/query", params={"name": "listed-companies"}).text
    assert "ak:isListedCompany true" in html.unescape(page)  # the editor holds its text
    rows = [text(r) for r in re.findall(r"<tr><td>(.*?)</tr>", page, re.S)]
    # "上市公司佛山金银河投资的年产2万吨碳酸锂项目、上市公司沐邦高科投资的…"
    assert any("佛山金银河" in r and "年产2万吨碳酸锂项目" in r for r in rows)
    assert any("沐邦高科" in r for r in rows)
    assert len(rows) == 2
    download = server_client.get("/query", params={"name": "listed-companies", "format": "csv"})
    assert download.headers["content-disposition"] == 'attachment; filename="listed-companies.csv"'
    names = {row["label_zh"] for row in csv.DictReader(io.StringIO(download.text))}
    assert names == {"佛山金银河", "沐邦高科"}
    as_json = json.loads(
        server_client.get("/query", params={"name": "listed-companies", "format": "json"}).content
    )
    assert len(as_json["results"]["bindings"]) == 2


def test_query_page_binds_parameters_as_terms(server_client: TestClient) -> None:
    params = {"name": "indicator-series", "indicator": "indicator:gross-industrial-output"}
    page = text(server_client.get("/query", params=params).text)
    assert "224亿元" in page and "410亿元" in page  # "全县工业总产值从224亿元到410亿元"
    bad = server_client.get(
        "/query", params={"name": "indicator-series", "indicator": '"> <script>'}
    )
    assert bad.status_code == 400 and "<script>" not in bad.text


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("SELECT * WHERE { ?s ?p }", 400),
        ("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 403),
        ("CLEAR ALL", 403),
    ],
)
def test_query_page_shows_errors(server_client: TestClient, query: str, status: int) -> None:
    response = server_client.get("/query", params={"query": query})
    assert response.status_code == status
    assert 'role="alert"' in response.text


def test_query_page_runs_text(server_client: TestClient) -> None:
    query = (
        "SELECT ?l WHERE { <https://w3id.org/anyi-kg/id/konka-group> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    )
    page = server_client.get("/query", params={"query": query}).text
    assert "康佳集团" in page and "/query?query=" in page and "format=csv" in page


def test_chain_page_draws_the_industrial_chain(server_client: TestClient) -> None:
    page = server_client.get("/chain").text
    found = re.search(r'<script type="application/json" id="chain-data">(.*?)</script>', page, re.S)
    assert found is not None
    data = json.loads(found[1])
    labels = {node["label"][0] for node in data["nodes"]}
    assert {"康佳集团", "新材料产业集群", "年产2万吨碳酸锂项目"} <= labels
    assert data["layers"][0]["label"][0] == "产业集群"


def test_every_asset_is_served_here(server_client: TestClient) -> None:
    for path in ("/", "/id/konka-group", "/query?name=companies", "/chain", "/search?q=铝"):
        page = server_client.get(path).text
        assert not re.findall(r'(?:src|href)="(?:https?:)?//', page), path
        for asset in re.findall(r'(?:src|href)="(/(?:static|assets)/[^"]+)"', page):
            assert server_client.get(asset).status_code == 200, asset
    assert server_client.get("/assets/network/nothing.js").status_code == 404
    assert "default-src 'self'" in server_client.get("/").headers["content-security-policy"]


@pytest.fixture(scope="module")
def hostile() -> Iterator[TestClient]:
    """An endpoint over a graph whose labels try to inject markup."""
    ak, rdf, rdfs = (
        "https://w3id.org/anyi-kg/ontology#",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://www.w3.org/2000/01/rdf-schema#",
    )
    evil = ox.NamedNode("https://w3id.org/anyi-kg/id/evil")
    county = ox.NamedNode("https://w3id.org/anyi-kg/id/evil-county")
    level = "https://w3id.org/anyi-kg/vocab/level/"
    graph = ox.NamedNode("https://w3id.org/anyi-kg/graph/facts")
    store = ox.Store()
    store.extend(
        [
            ox.Quad(evil, ox.NamedNode(rdf + "type"), ox.NamedNode(ak + "Company"), graph),
            ox.Quad(county, ox.NamedNode(rdf + "type"), ox.NamedNode(ak + "Region"), graph),
            ox.Quad(county, ox.NamedNode(ak + "level"), ox.NamedNode(level + "county"), graph),
            ox.Quad(
                county,
                ox.NamedNode(rdfs + "label"),
                ox.Literal("<script>alert(7)</script>", language="zh"),
                graph,
            ),
            ox.Quad(
                evil,
                ox.NamedNode(rdfs + "label"),
                ox.Literal("<script>alert(1)</script>", language="zh"),
                graph,
            ),
            ox.Quad(
                evil,
                ox.NamedNode(rdfs + "label"),
                ox.Literal('"><img src=x onerror=alert(2)>', language="en"),
                graph,
            ),
            ox.Quad(
                evil,
                ox.NamedNode(rdfs + "comment"),
                ox.Literal("</textarea><script>alert(3)</script>"),
                graph,
            ),
        ]
    )
    with TestClient(create_app(OxigraphStore(store))) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "path",
    [
        "/id/evil",
        "/search?q=script",
        "/search?q=%3Cscript%3Ealert(4)%3C/script%3E",
        "/query?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D",
        "/query?query=%3C/textarea%3E%3Cscript%3Ealert(5)%3C/script%3E",
        "/resource?iri=%3Cscript%3Ealert(6)%3C/script%3E",
        "/compare",
        "/",
    ],
)
def test_every_value_from_data_is_escaped(hostile: TestClient, path: str) -> None:
    page = hostile.get(path).text
    assert not re.search(r"<script>alert|<img src=x|</textarea><script", page)
    if path == "/compare":  # the hostile county is shown, its name escaped
        assert "&lt;script&gt;alert(7)&lt;/script&gt;" in page


def test_query_page_caps_rows(kg: OxigraphStore) -> None:
    with TestClient(create_app(kg, Settings(max_rows=3))) as capped:
        page = capped.get("/query", params={"query": "SELECT * WHERE { ?s ?p ?o }"}).text
        assert len(re.findall(r"<tr><td>", page)) == 3
        assert 'class="truncated"' in page
        download = capped.get(
            "/query", params={"query": "SELECT ?s WHERE { ?s ?p ?o }", "format": "csv"}
        )
        assert len(download.text.splitlines()) == 4
        assert download.headers["anyi-kg-truncated"] == "true"


@pytest.mark.parametrize(
    "entity",
    ["anyi-county", "konka-group", "anyi-hi-tech-park", "caiyuan-xindaitong", "jiangxi-province"],
)
def test_the_neighbourhood_is_the_whole_graphs(
    server_client: TestClient, kg: OxigraphStore, entity: str
) -> None:
    """The page draws an entity's neighbourhood from the named question network-neighbourhood:
    the nodes and links of the whole graph's network around it, each node as the whole graph
    describes it."""
    from anyi_kg.network import to_networkx
    from anyi_kg.network.page import fragment
    from anyi_kg.network.views import neighbourhood
    from anyi_kg.server.facts import page_url

    def drawn(markup: str) -> tuple[set[str], set[tuple[str, ...]], dict[str, object]]:
        found = re.search(r'id="neighbourhood-data">(.*?)</script>', markup, re.S)
        assert found is not None
        data = json.loads(found[1])
        curie = {node["id"]: node["curie"] for node in data["nodes"]}
        links = {
            (curie[e["from"]], curie[e["to"]], str(e["rel"]), e.get("fact", ""))
            for e in data["edges"]
        }
        (centre,) = (node for node in data["nodes"] if node["curie"] == f"kg:{entity}")
        return set(curie.values()), links, {k: v for k, v in centre.items() if k != "id"}

    view = neighbourhood(to_networkx(kg.store), f"https://w3id.org/anyi-kg/id/{entity}")
    view.graph["title"] = {"zh": "关系网络", "en": "Neighbourhood"}
    whole = fragment(view, assets_url="/assets/network", element_id="neighbourhood", links=page_url)
    assert drawn(server_client.get(f"/id/{entity}").text) == drawn(whole) and len(view) > 1


def test_a_source_without_its_text_is_a_resource_page_read_once(
    server_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The code list GB/T 2260 is a source whose text the graph does not hold: its page is a
    resource page, and the reader's questions (its spans, its facts) are never asked; no fact
    involves it, so neither are the facts' details and names."""
    explorer = server_client.app.state.site.explorer  # type: ignore[attr-defined]
    read, each, asked = explorer.answer, explorer.for_each, []

    async def answer(query: object, **params: object) -> object:
        asked.append(getattr(query, "name", query))
        return await read(query, **params)

    async def for_each(query: q.NamedQuery, variable: str, terms: object) -> object:
        asked.append(query.name)
        return await each(query, variable, terms)

    monkeypatch.setattr(explorer, "answer", answer)
    monkeypatch.setattr(explorer, "for_each", for_each)
    page = server_client.get("/source/gb-t-2260")
    assert page.status_code == 200 and "中华人民共和国行政区划代码" in page.text
    assert "explorer/resource" in asked and "explorer/source" not in asked
    assert "explorer/facts" not in asked and "explorer/labels" not in asked


def test_an_entity_with_too_many_neighbours_is_not_drawn(
    server_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past MAX_NEIGHBOURS the page says how many resources the entity is linked with, instead of
    a network; a concept's page has no network at all."""
    from anyi_kg.server import networks

    explorer = server_client.app.state.site.explorer  # type: ignore[attr-defined]
    read, asked = explorer.answer, []

    async def answer(query: object, **params: object) -> object:
        asked.append(getattr(query, "name", query))
        return await read(query, **params)

    monkeypatch.setattr(explorer, "answer", answer)
    monkeypatch.setattr(networks, "MAX_NEIGHBOURS", 0)  # 双胞胎集团's one: the cluster it leads
    page = server_client.get("/id/twins-group").text
    assert 'id="neighbourhood"' not in page and "explorer/neighbours" in asked
    assert "It is linked directly with 1 resources, too many to draw" in page
    asked.clear()
    concept = server_client.get("/vocab/indicator/city-dev-zone-ranking").text
    assert 'id="network"' not in concept and asked and "explorer/neighbours" not in asked


def test_a_page_says_when_more_facts_involve_it_than_it_read(
    server_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from anyi_kg.server import explorer

    note = "more facts involve it than shown"
    assert note not in server_client.get("/id/anyi-county").text  # the county's are all read
    monkeypatch.setattr(explorer, "MAX_FACTS", 3)
    page = server_client.get("/id/anyi-county").text
    assert note in page and "the first 3 links only" in page
