"""The network page as text: self-contained, UTF-8, data escaped (issue 5). No browser here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

import anyi_kg.network
from anyi_kg.cli import main
from anyi_kg.graph.build import assemble
from anyi_kg.graph.load import load_files
from anyi_kg.network import force_layout, style
from anyi_kg.network.convert import ENTITY_CLASSES, to_networkx
from anyi_kg.network.page import assets, fragment, html, page_data, save
from anyi_kg.network.views import chain, neighbourhood, timeline, view

FIXTURES = Path(__file__).parent / "fixtures" / "network"


@pytest.fixture(scope="module")
def net() -> nx.MultiDiGraph:
    return to_networkx(load_files([FIXTURES / "slice.ttl"]))


@pytest.fixture(scope="module")
def anyi() -> nx.MultiDiGraph:
    return to_networkx(assemble().union())


@pytest.fixture(scope="module")
def hostile() -> nx.MultiDiGraph:
    return neighbourhood(to_networkx(load_files([FIXTURES / "hostile.ttl"])), "kg:evil-company")


def test_page_is_self_contained(net: nx.MultiDiGraph) -> None:
    page = html(net)
    assert not re.search(r"""\s(src|href)\s*=""", page), "nothing is loaded from anywhere"
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page)
    vendored = assets()["vis-network.min.js"] + assets()["vis-network.css"]
    # the only URLs in the page are the licence notices and XML namespace inside vis-network
    assert page.count("http://") + page.count("https://") == vendored.count(
        "http://"
    ) + vendored.count("https://")
    for text in assets().values():
        assert text in page


def test_page_is_utf8_and_forbids_fetching(net: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "view.html"
    save(net, path)
    page = path.read_bytes().decode("utf-8")
    assert '<meta charset="utf-8">' in page
    assert "default-src 'none'" in page
    assert "财园信贷通" in page


def test_hostile_text_never_becomes_markup(hostile: nx.MultiDiGraph) -> None:
    page = html(hostile)
    for text in assets().values():
        page = page.replace(text, "")  # the vendored script holds markup of its own
    for payload in ("<script>window.__pwned", "</script><script>", "<img src=x", "<!--", "<b>"):
        assert payload not in page
    title = re.search(r"<title>(.*)</title>", page)
    assert title and title.group(1).startswith("&lt;script&gt;window.__pwned = 1&lt;/script&gt;")


def test_page_data(net: nx.MultiDiGraph) -> None:
    data = page_data(net)
    assert len(data["nodes"]) == 14 and len(data["edges"]) == 11
    konka = next(n for n in data["nodes"] if n["label"][0] == "康佳集团")
    assert konka["label"] == ["康佳集团", "Konka Group"]
    assert konka["class"] == "ak:Company"
    groups = {g["index"]: g for g in data["groups"]}
    assert groups[konka["group"]]["label"] == ["企业", "Companies"]
    assert groups[konka["group"]]["shape"] == "circle"
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert [g["label"][0] for g in data["groups"]][:2] == ["产业集群", "产业与品牌"]
    honours = next(g for g in data["groups"] if g["label"][1] == "Honours")
    assert honours["count"] == 2 and honours["classes"] == [["ak:Honour", 2]]
    assert "url" not in konka and data["linked"] is False


def test_groups_have_a_colour_and_a_shape_of_their_own() -> None:
    """Ten groups at most; no two share a colour or a shape; every entity class is in one."""
    assert len(style.GROUPS) <= 10
    assert (
        len({g.colour for g in style.GROUPS})
        == len({g.shape for g in style.GROUPS})
        == len(style.GROUPS)
    )
    assert style.OTHER.colour not in {g.colour for g in style.GROUPS}
    grouped = [cls for g in style.GROUPS for cls in g.classes]
    assert sorted(grouped) == sorted(ENTITY_CLASSES)  # each class in exactly one group
    shapes = (Path(anyi_kg.network.__file__).parent / "static" / "anyi-draw.js").read_text("utf-8")
    for g in style.GROUPS:
        assert re.search(rf"\b{g.shape}: \(ctx", shapes), f"anyi-draw.js draws no {g.shape}"


def test_labels_wrap_into_the_room_kept_for_them() -> None:
    assert style.lines("安义县", "zh") == ["安义县"]
    assert style.lines("以智能家居为核心的数字经济集聚区", "zh") == [
        "以智能家居为核心的",
        "数字经济集聚区",
    ]
    assert style.lines("江西省铝型材产业技术研究院与安义县产业园", "zh")[-1].endswith("…")
    wrapped = style.lines("Jiangxi Aluminium Profile Industry Technology Research Institute", "en")
    assert wrapped[:2] == ["Jiangxi Aluminium", "Profile Industry"] and len(wrapped) == 3
    assert wrapped[2].endswith("…") and len(style.lines("Anyi County", "en")) == 1


def boxes_overlap(data: dict) -> list[tuple[str, str]]:
    """Pairs of nodes whose boxes (node and label, as the layouts estimate them) overlap."""
    first = 1 if data["lang"] == "en" else 0
    rects = []
    for n in data["nodes"]:
        lines = n["lines"][first] if "lines" in n else [n["label"][first]]
        width, height = style.box(n["size"], lines)
        left, top = n["x"] - width / 2, n["y"] - n["size"]
        rects.append((n["label"][first], left, top, left + width, top + height))
    return [
        (a[0], b[0])
        for i, a in enumerate(rects)
        for b in rects[i + 1 :]
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("kind", "name"), [("chain", None), ("entity", "安义县"), ("timeline", None)]
)
def test_layouts_keep_every_label_clear(
    anyi: nx.MultiDiGraph, kind: str, name: str | None, lang: str
) -> None:
    """The 77 neighbours of 安义县 (its city by the code list too) round it, the chain in
    columns: no two boxes overlap."""
    data = page_data(view(anyi, kind, name), lang)
    assert boxes_overlap(data) == []
    if kind == "entity":
        assert len(data["nodes"]) == 77
        xs, ys = [n["x"] for n in data["nodes"]], [n["y"] for n in data["nodes"]]
        assert 1.2 < (max(xs) - min(xs)) / (max(ys) - min(ys)) < 2.4  # a screen's shape


def test_search_keys_travel_as_data(anyi: nx.MultiDiGraph) -> None:
    data = page_data(view(anyi, "chain"))
    profiles = next(n for n in data["nodes"] if n["label"][0] == "铝型材")
    assert profiles["py"] == ["lu xing cai"]  # 铝 is lǚ: ü as u
    assert profiles["var"] == ["aluminum profiles"]
    digital = next(n for n in data["nodes"] if n["label"][0] == "数字经济")
    assert digital["py"] == ["shu|shuo zi jing ji"]  # 数: shù, shǔ or shuò


def test_tooltip_facts_travel_as_data(net: nx.MultiDiGraph) -> None:
    """The page writes its tooltips from these (tested in Chromium); the report's figures and
    quotes travel as they are, the names of indicators and relations once, in ``terms``."""
    data = page_data(net)
    caiyuan = next(n for n in data["nodes"] if n["label"][0] == "财园信贷通")
    [(indicator, value, year)] = caiyuan["facts"]
    assert (value, year) == ("11.94亿元", "2023")
    assert data["terms"][indicator] == ["财园信贷通贷款金额", "Caiyuan Xindaitong loans"]
    invest = next(e for e in data["edges"] if data["terms"][e["rel"]][0] == "投资")
    names = {n["id"]: n["label"][0] for n in data["nodes"]}
    assert (names[invest["from"]], names[invest["to"]]) == ("佛山金银河", "年产2万吨碳酸锂项目")
    assert invest["quote"] == "上市公司佛山金银河投资的年产2万吨碳酸锂项目"
    assert data["terms"]["ak:Company"] == ["企业", "company"]


def test_parallel_edges_fan_out(net: nx.MultiDiGraph) -> None:
    data = page_data(net)
    honours = [e for e in data["edges"] if e["rel"] == "ak:hasHonour"]
    bends = sorted(e["bend"] for e in honours if e.get("year", "").startswith("202"))
    assert bends[0] == -bends[1] != 0
    assert all(e["bend"] == 0 for e in data["edges"] if e["rel"] != "ak:hasHonour")


def test_columns(net: nx.MultiDiGraph) -> None:
    data = page_data(chain(net))
    xs = {n["label"][0]: n["x"] for n in data["nodes"]}
    assert xs["铝型材产业集群"] < xs["铝型材"] < xs["康佳集团"] < xs["年产2万吨碳酸锂项目"]
    assert data["layers"][0]["label"] == ["产业集群", "Clusters"]
    years = page_data(timeline(net))["layers"]
    assert [layer["label"][0] for layer in years] == [
        "获得者与对象",
        "2020年",
        "2021年",
        "未载年份",
    ]


def test_fragment_with_served_assets_and_links(net: nx.MultiDiGraph) -> None:
    part = fragment(net, assets_url="/static/network/", element_id="konka")
    assert '<script src="/static/network/vis-network.min.js"></script>' in part
    assert '<script src="/static/network/anyi-draw.js"></script>' in part
    assert assets()["vis-network.min.js"] not in part
    assert 'id="konka"' in part and 'id="konka-data"' in part
    data = page_data(net, links=lambda iri: "/page?" + iri.rsplit("/", 1)[-1])
    konka = next(n for n in data["nodes"] if n["label"][0] == "康佳集团")
    assert konka["url"] == "/page?konka-group" and data["linked"] is True


def test_entity_view_marks_its_centre(net: nx.MultiDiGraph) -> None:
    data = page_data(neighbourhood(net, "康佳集团"))
    centre = next(n for n in data["nodes"] if n["id"] == data["centre"])
    assert centre["label"][0] == "康佳集团"
    assert data["title"] == ["康佳集团（1步以内）", "Konka Group (within 1 step)"]


def test_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page, gexf = tmp_path / "konka.html", tmp_path / "konka.gexf"
    assert main(["viz", "entity", "kg:konka-group", "-k", "2", "-o", str(page)]) == 0
    assert "康佳集团（2步以内）" in page.read_text(encoding="utf-8")
    assert main(["viz", "entity", "康佳集团", "-o", str(gexf)]) == 0
    assert nx.read_gexf(gexf).number_of_nodes() > 1
    assert main(["viz", "entity", "-o", str(page)]) == 2
    assert main(["viz", "entity", "康佳", "-o", str(page)]) == 2
    assert "did you mean: 康佳集团" in capsys.readouterr().err
    assert main(["viz", "all", "-o", str(tmp_path / "all.png")]) == 2


# ---- positions --------------------------------------------------------------------------------


def test_force_layout_of_a_large_graph() -> None:
    """Above the pair budget repulsion is sampled: positions still repeat from run to run,
    edges keep near their length and nodes apart, and a second component stands clear."""
    net = nx.MultiDiGraph(nx.relabel_nodes(nx.random_labeled_tree(1200, seed=3), str))
    triangle = {"a", "b", "c"}
    net.add_edges_from([("a", "b"), ("b", "c"), ("c", "a")])
    assert len(net) * (len(net) - 1) // 2 > force_layout._PAIR_BUDGET
    positions = force_layout.force(net)
    assert positions == force_layout.force(net)
    xy = {node: np.array(at) for node, at in positions.items()}
    lengths = [np.linalg.norm(xy[u] - xy[v]) for u, v in net.edges()]
    assert 0.5 * force_layout.EDGE < np.median(lengths) < 4 * force_layout.EDGE
    points = np.array(list(xy.values()))
    gaps = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2)
    np.fill_diagonal(gaps, np.inf)
    assert (gaps.min(axis=1) < 5).mean() < 0.05, "nodes apart"
    tree = np.array([xy[n] for n in net if n not in triangle])
    low, high = tree.min(axis=0), tree.max(axis=0)
    assert not any(((low <= xy[n]) & (xy[n] <= high)).all() for n in triangle)


@pytest.mark.parametrize(("view", "loads_numpy"), [("chain", False), ("all", True)])
def test_column_views_do_without_numpy(tmp_path: Path, view: str, loads_numpy: bool) -> None:
    """Columns need no arrays, so the chain and timeline commands never import numpy."""
    code = "import sys; from anyi_kg.cli import main; main(sys.argv[1:]); "
    code += "print('numpy' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code, "viz", view, "-o", str(tmp_path / "view.html")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split()[-1] == str(loads_numpy)
