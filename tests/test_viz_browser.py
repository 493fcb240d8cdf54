"""The network pages in real headless Chromium, offline (issue 5).

Each page must draw without console errors and without a single request beyond its own file;
nodes are counted through the page's own vis-network object and pixels on its canvas.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest
from glyphs import cjk_glyphs_script
from playwright.sync_api import Browser, Page
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from anyi_kg.graph.load import load_files
from anyi_kg.graph.namespaces import AK, KG
from anyi_kg.network.convert import to_networkx
from anyi_kg.network.page import save
from anyi_kg.network.views import neighbourhood, view

FIXTURES = Path(__file__).parent / "fixtures" / "network"
VIEW = "document.querySelector('.anyi-network').anyiView"


@dataclass
class Opened:
    page: Page
    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def js(self, expression: str) -> object:
        return self.page.evaluate(expression)


@pytest.fixture
def open_view(browser: Browser, tmp_path: Path) -> Iterator:
    contexts = []

    def open_(net: nx.MultiDiGraph, lang: str = "zh") -> Opened:
        path = tmp_path / f"view-{len(contexts)}.html"
        save(net, path, lang=lang)
        context = browser.new_context(offline=True, viewport={"width": 1200, "height": 800})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page, path.as_uri())
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.on("request", lambda r: opened.requests.append(r.url))
        page.goto(opened.url)
        page.wait_for_selector(".anyi-network[data-drawn]")
        return opened

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def anyi(union: Graph) -> nx.MultiDiGraph:
    return to_networkx(union)


@pytest.fixture(scope="module")
def slice_net() -> nx.MultiDiGraph:
    return to_networkx(load_files([FIXTURES / "slice.ttl"]))


def painted(opened: Opened) -> int:
    """How many pixels of the network's canvas are not transparent."""
    return int(
        opened.js(
            """(() => { const c = document.querySelector('.anyi-canvas canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()"""
        )  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("kind", "name"),
    [("chain", None), ("all", None), ("timeline", None), ("entity", "安义高新技术产业园区")],
)
def test_anyi_views_draw_offline(
    open_view, anyi: nx.MultiDiGraph, kind: str, name: str | None
) -> None:
    shown = view(anyi, kind, name, 1)
    opened = open_view(shown)
    assert opened.errors == []
    assert opened.requests == [opened.url]
    assert opened.js(f"{VIEW}.nodes.length") == len(shown)
    assert opened.js(f"{VIEW}.edges.length") == shown.number_of_edges()
    assert opened.js(f"Object.keys({VIEW}.network.getPositions()).length") == len(shown)
    assert painted(opened) > 5000


def test_chinese_labels_render(open_view, slice_net: nx.MultiDiGraph) -> None:
    """Two different characters in the page's font stack give two different, non-empty
    bitmaps; without a CJK font both would be the same empty box."""
    opened = open_view(slice_net)
    labels = opened.js(f"{VIEW}.nodes.get().map(n => n.label)")
    assert "康佳集团" in labels  # type: ignore[operator]
    glyphs = opened.js(
        cjk_glyphs_script(
            "getComputedStyle(document.querySelector('.anyi-network'))"
            ".getPropertyValue('--anyi-font')"
        )
    )
    assert glyphs == [True, True, True]


def test_search_selects_and_reports(open_view, slice_net: nx.MultiDiGraph) -> None:
    opened = open_view(slice_net)
    opened.page.fill(".anyi-search input", "konka")
    opened.page.press(".anyi-search input", "Enter")
    selected = opened.js(f"{VIEW}.network.getSelectedNodes().map(id => {VIEW}.nodes.get(id).label)")
    assert selected == ["康佳集团"]
    assert opened.page.text_content(".anyi-found") == "找到 1 个"
    opened.page.fill(".anyi-search input", "不存在的名字")
    opened.page.click(".anyi-search button")
    assert opened.page.text_content(".anyi-found") == "未找到"
    assert opened.js(f"{VIEW}.network.getSelectedNodes().length") == 0


def test_filter_by_class(open_view, slice_net: nx.MultiDiGraph) -> None:
    opened = open_view(slice_net)
    visible = f"{VIEW}.nodes.get({{filter: n => !n.hidden}}).length"
    shown_edges = f"{VIEW}.edges.get({{filter: e => !e.hidden}}).length"
    assert (opened.js(visible), opened.js(shown_edges)) == (14, 11)
    opened.page.get_by_label("荣誉称号").uncheck()
    # two honours go, and the three conferrals that reach them
    assert (opened.js(visible), opened.js(shown_edges)) == (12, 8)
    opened.page.get_by_label("荣誉称号").check()
    assert opened.js(visible) == 14


def test_language_switch(open_view, slice_net: nx.MultiDiGraph) -> None:
    opened = open_view(slice_net)
    opened.page.click(".anyi-lang")
    labels = opened.js(f"{VIEW}.nodes.get().map(n => n.label)")
    assert "Konka Group" in labels and "康佳集团" not in labels  # type: ignore[operator]
    assert opened.page.text_content(".anyi-lang") == "中文"
    assert "Companies" in opened.page.text_content(".anyi-legend")  # type: ignore[operator]
    opened.page.click(".anyi-lang")
    assert "康佳集团" in opened.js(f"{VIEW}.nodes.get().map(n => n.label)")  # type: ignore[operator]


def test_english_first(open_view, slice_net: nx.MultiDiGraph) -> None:
    opened = open_view(slice_net, lang="en")
    assert "Konka Group" in opened.js(f"{VIEW}.nodes.get().map(n => n.label)")  # type: ignore[operator]


def at(opened: Opened, *labels: str) -> tuple[float, float]:
    """Where on the page the node labelled so is, or the middle of the edge between two."""
    x, y = opened.page.evaluate(
        """(labels) => { const v = document.querySelector('.anyi-network').anyiView;
        const at = labels.map(l => v.network.getPosition(
            v.nodes.get({filter: n => n.label === l})[0].id));
        const a = at[0], b = at[at.length - 1];
        const p = v.network.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
        const r = document.querySelector('.anyi-canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""",
        list(labels),
    )
    return x, y


def hover(opened: Opened, *labels: str) -> str:
    """Move the mouse over the node labelled so, or over the middle of the edge between the
    two nodes labelled so; the tooltip's text."""
    opened.page.mouse.move(*at(opened, *labels))
    tooltip = opened.page.wait_for_selector(".vis-tooltip", state="visible")
    return tooltip.inner_text()  # type: ignore[union-attr]


def test_tooltips_are_plain_text_with_facts_and_source(
    open_view, slice_net: nx.MultiDiGraph
) -> None:
    opened = open_view(slice_net)
    text = hover(opened, "财园信贷通")
    assert "财园信贷通贷款金额: 11.94亿元 (2023)" in text
    assert "Caiyuan Xindaitong" in text
    text = hover(opened, "佛山金银河", "年产2万吨碳酸锂项目")
    assert text.startswith("佛山金银河 → 投资 → 年产2万吨碳酸锂项目\n")
    assert "来源: «上市公司佛山金银河投资的年产2万吨碳酸锂项目»" in text
    opened.page.click(".anyi-lang")
    text = hover(opened, "Caiyuan Xindaitong")
    assert "Caiyuan Xindaitong loans: 11.94亿元 (2023)" in text
    assert "financial product · kg:caiyuan-xindaitong" in text


def test_hostile_labels_are_text(open_view) -> None:
    net = neighbourhood(to_networkx(load_files([FIXTURES / "hostile.ttl"])), "kg:evil-company")
    opened = open_view(net)
    label = "<script>window.__pwned = 1</script>恶意企业"
    assert opened.errors == []
    assert opened.requests == [opened.url], "an <img src=x> would have requested x"
    assert opened.js("window.__pwned") is None
    assert opened.js("document.querySelectorAll('img, .anyi-network script, b').length") == 0
    assert opened.page.text_content(".anyi-title") == f"{label}（1步以内）"
    assert opened.page.title() == f"{label}（1步以内）"
    titles = opened.js("[...document.querySelectorAll('.anyi-legend label')].map(l => l.title)")
    assert any("<b>企业</b>" in title for title in titles)  # type: ignore[union-attr]
    assert label in hover(opened, label)
    click(opened, label)  # the panel of its facts, as text
    assert opened.page.text_content(".anyi-panel h2") == label
    assert (
        opened.js(
            "document.querySelectorAll('.anyi-panel *:not(button):not(h2):not(h3)"
            ":not(p):not(ul):not(li):not(span):not(q)').length"
        )
        == 0
    )
    quote = '<img src=x onerror="window.__pwned = 4"> ]]> </style>'
    assert quote in hover(opened, label, "</script><script>window.__pwned = 3</script>称号")
    opened.page.click(".anyi-lang")
    english = '<img src=x onerror="window.__pwned = 2">'
    assert english in hover(opened, english)
    assert "&lt;i&gt; & <!--" in hover(opened, "&lt;i&gt; & <!--")
    assert opened.js("window.__pwned") is None
    assert opened.js("document.querySelectorAll('img').length") == 0


def test_large_graph_shows_edge_labels_in_focus(open_view) -> None:
    """Above 1,000 nodes an edge's label shows only while it or one of its nodes is in focus,
    and arrowheads only once zoomed in far enough to see them."""
    rdf = Graph()
    for i in range(1200):
        company, cluster = KG[f"company-{i}"], KG[f"cluster-{i % 30}"]
        rdf.add((company, RDF.type, AK.Company))
        rdf.add((company, RDFS.label, Literal(f"企业{i}", lang="zh")))
        rdf.add((cluster, RDF.type, AK.IndustrialCluster))
        rdf.add((cluster, AK.hasLeadingEnterprise, company))
    net = to_networkx(rdf)
    opened = open_view(net)
    assert opened.errors == []
    assert opened.js(f"{VIEW}.nodes.length") == len(net) == 1230
    labelled = f"{VIEW}.edges.get({{filter: e => e.label}}).length"
    assert opened.js(labelled) == 0
    x, y = opened.page.evaluate(
        """() => { const v = document.querySelector('.anyi-network').anyiView;
        const id = v.nodes.get({filter: n => n.label === '企业7'})[0].id;
        const p = v.network.canvasToDOM(v.network.getPosition(id));
        const r = document.querySelector('.anyi-canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }"""
    )
    opened.page.mouse.click(x, y)
    shown = opened.js(f"{VIEW}.edges.get({{filter: e => e.label}}).map(e => e.label)")
    assert shown == ["hasLeadingEnterprise"]  # no ontology here: the relation's local name
    arrows = f"{VIEW}.network.edgesHandler.options.arrows.to.enabled"
    assert opened.js(arrows) is False and opened.js(f"{VIEW}.network.getScale()") < 0.5
    for _ in range(100):  # each turn of the wheel zooms in a step
        if opened.js(f"{VIEW}.network.getScale()") >= 0.5:
            break
        opened.page.mouse.wheel(0, -200)
    assert opened.js(arrows) is True


def click(opened: Opened, label: str) -> None:
    opened.page.mouse.click(*at(opened, label))


# ---- issue 17: labels, groups, headings, search, clicks --------------------------------------

LABELS = f"""(() => {{ const v = {VIEW}; return [v.labels().size, v.nodes.length,
    v.labelPixels()]; }})()"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_label_of_the_anyi_county_star_at_the_fitted_zoom(
    open_view, anyi: nx.MultiDiGraph, lang: str
) -> None:
    """The 77-node neighbourhood of 安义县, fitted to a 1200 × 800 window: every label is
    drawn, at least 11 px high (Chinese) or 8.5 px (English, whose names are longer)."""
    opened = open_view(neighbourhood(anyi, "安义县"), lang=lang)
    shown, count, pixels = opened.js(LABELS)  # type: ignore[misc]
    assert shown == count == 77
    assert pixels >= (11 if lang == "zh" else 8.5)


def test_a_large_view_labels_only_where_there_is_room(open_view, anyi: nx.MultiDiGraph) -> None:
    opened = open_view(view(anyi, "all"))
    shown, count, pixels = opened.js(LABELS)  # type: ignore[misc]
    assert 10 < shown < count == 149 and pixels >= 10.99  # never a smudge of tiny labels


def test_legend_groups_differ_in_colour_and_shape(open_view, anyi: nx.MultiDiGraph) -> None:
    """At most ten groups; each legend swatch (drawn as the canvas draws the nodes) differs
    from every other in its colours and in its outline."""
    opened = open_view(view(anyi, "all"))
    swatches = opened.js(
        """[...document.querySelectorAll('.anyi-swatch')].map(c => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const colours = new Set(), mask = [];
        for (let i = 0; i < d.length; i += 4) {
          mask.push(d[i + 3] > 128 ? 1 : 0);
          if (d[i + 3] > 250) colours.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]);
        }
        return [[...colours].sort().join(' '), mask.join('')]; })"""
    )
    assert 2 <= len(swatches) <= 10  # type: ignore[arg-type]
    assert len({colour for colour, _ in swatches}) == len(swatches)  # type: ignore[union-attr]
    assert len({mask for _, mask in swatches}) == len(swatches)  # type: ignore[union-attr]


HEADINGS = """[...document.querySelectorAll('.anyi-heading')].filter(h => !h.hidden).map(h => {
    const r = h.getBoundingClientRect();
    return [h.textContent, r.left, r.top, r.right, r.bottom,
            h.scrollWidth <= h.clientWidth + 1 && h.scrollHeight <= h.clientHeight + 1]; })"""
FRAME = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [1200, 800])
def test_chain_headings_are_never_clipped_or_overlapping(
    browser: Browser, tmp_path: Path, anyi: nx.MultiDiGraph, lang: str, width: int
) -> None:
    path = tmp_path / "chain.html"
    save(view(anyi, "chain"), path, lang=lang)
    context = browser.new_context(offline=True, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector(".anyi-network[data-drawn]")
    canvas = page.locator(".anyi-canvas").bounding_box()
    assert canvas is not None
    for zoom in (None, 0.5, 2.0):  # fitted, zoomed out, zoomed in
        if zoom:
            page.evaluate(f"{VIEW}.network.moveTo({{scale: {VIEW}.network.getScale() * {zoom}}})")
            page.evaluate(FRAME)
        boxes = page.evaluate(HEADINGS)
        texts = [b[0] for b in boxes]
        if zoom is None:
            expected = ["产业集群", "产业与品牌", "企业", "项目", "规划与清单", "平台与金融"]
            english = ["Clusters", "Industries and brands", "Companies", "Projects",
                       "Plans and lists", "Platforms and finance"]  # fmt: skip
            assert texts == (expected if lang == "zh" else english)
        elif zoom < 1:
            assert len(texts) == 6
        for text, left, top, right, bottom, whole in boxes:
            assert whole, f"{text} is cut"
            assert canvas["x"] - 0.5 <= left and right <= canvas["x"] + canvas["width"] + 0.5
            assert canvas["y"] <= top and bottom <= canvas["y"] + canvas["height"]
        for a, b in itertools.pairwise(boxes):
            assert a[3] <= b[1], f"{a[0]} overlaps {b[0]}"
    context.close()


def test_search_in_the_view_by_chinese_english_and_pinyin(open_view, anyi: nx.MultiDiGraph) -> None:
    """The chain, searched as the explorer's search does: the expected nodes are those whose
    names (zh or en, as the view holds them) say so."""
    shown = view(anyi, "chain")
    opened = open_view(shown)

    def found(text: str) -> set[str]:
        return set(opened.js(f"{VIEW}.search({text!r}).map(id => {VIEW}.nodes.get(id).label)"))  # type: ignore[arg-type]

    def named(test: str) -> set[str]:
        return {
            d["label_zh"] for _, d in shown.nodes(data=True)
            if test in d["label_zh"] or test.casefold() in d["label_en"].casefold()
        }  # fmt: skip

    aluminium_profile = named("铝型材")
    assert aluminium_profile >= {"铝型材", "铝型材产业集群"}
    for typed in ("lvxingcai", "luxingcai", "lüxingcai", "铝型材"):
        assert found(typed) == aluminium_profile
    assert found("aluminum") == found("aluminium") == named("aluminium")
    assert found("anyi") == named("安义") == {d for d in named("Anyi")}
    assert found("kangjia") == {"康佳集团"} == found("konka")
    assert opened.page.locator(".anyi-hits li").count() == 1
    assert found("no such name") == set()


def test_a_click_opens_the_panel_of_a_node(open_view, slice_net: nx.MultiDiGraph) -> None:
    """A view that is not served with pages: the node's facts and links, beside the view."""
    opened = open_view(slice_net)
    click(opened, "财园信贷通")
    panel = opened.page.locator(".anyi-panel")
    assert panel.is_visible()
    assert opened.page.text_content(".anyi-panel h2") == "财园信贷通"
    assert "财园信贷通贷款金额: 11.94亿元 (2023)" in panel.inner_text()
    assert opened.page.locator(".anyi-panel a").count() == 0  # no page to open
    opened.page.click(".anyi-panel .anyi-close")
    assert not panel.is_visible()
    click(opened, "佛山金银河")
    assert opened.page.text_content(".anyi-panel h2") == "佛山金银河"
    opened.page.click(".anyi-panel button.anyi-node:has-text('年产2万吨碳酸锂项目')")
    assert opened.page.text_content(".anyi-panel h2") == "年产2万吨碳酸锂项目"
    assert "上市公司佛山金银河投资的年产2万吨碳酸锂项目" in panel.inner_text()
    assert opened.errors == [] and opened.requests == [opened.url]


@pytest.fixture
def served(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server)
    yield context.new_page()
    context.close()


def served_view(page: Page, path: str, element: str) -> Opened:
    page.goto(path)
    page.wait_for_selector(f"#{element}[data-drawn]")
    opened = Opened(page, page.url)
    opened.page.evaluate(f"window.__view = document.getElementById('{element}').anyiView")
    return opened


def test_a_click_on_a_node_of_the_chain_opens_its_page(served: Page) -> None:
    opened = served_view(served, "/chain", "chain")
    x, y = served.evaluate(
        """() => { const v = window.__view;
        const id = v.nodes.get({filter: n => n.label === '康佳集团'})[0].id;
        const p = v.network.canvasToDOM(v.network.getPosition(id));
        const r = document.querySelector('#chain .anyi-canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }"""
    )
    served.mouse.click(x, y)
    served.wait_for_url("**/id/konka-group")
    assert "康佳集团" in served.title()
    assert opened.url.endswith("/chain")


def test_the_anyi_county_page_shows_every_label_and_links_its_nodes(served: Page) -> None:
    opened = served_view(served, "/id/anyi-county", "neighbourhood")
    shown, count, pixels = opened.js(
        "[window.__view.labels().size, window.__view.nodes.length, window.__view.labelPixels()]"
    )  # type: ignore[misc]
    assert shown == count == 77 and pixels >= 11
    served.fill("#neighbourhood .anyi-search input", "kedaitong")
    served.press("#neighbourhood .anyi-search input", "Enter")
    served.click("#neighbourhood .anyi-hits a")
    served.wait_for_url("**/id/kedaitong")
