"""networkx → an interactive network page that works offline.

The page draws with vis-network, whose script and style ship inside the pyvis wheel; this is
the only module that touches pyvis, and only to read those two files (found without importing
pyvis, whose import pulls in IPython and takes a second). pyvis's own template is not used: it
loads Bootstrap from a CDN, writes its heading unescaped and lets physics run for minutes on
large graphs. Here every asset is inlined, the data travels as JSON in a
``<script type="application/json">`` element (with ``<``, ``>`` and ``&`` escaped) and reaches
the page only through ``textContent``, canvas text and plain-text tooltips, and positions are
computed beforehand (``layout``) so physics stays off.
"""

from __future__ import annotations

import html as htmllib
import json
import math
from collections import Counter
from collections.abc import Hashable
from functools import cache
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path
from string import Template
from typing import Any

import networkx as nx

from ..errors import BadInputError
from ..outputs import replacing
from . import layout
from .convert import ENTITY_CLASSES, curie
from .views import write

# Colour and vis-network shape per entity class; programme kinds share a shape in purples.
STYLE: dict[str, tuple[str, str]] = {
    "IndustrialCluster": ("#d62728", "hexagon"),
    "Industry": ("#ff7f0e", "triangle"),
    "Brand": ("#bcbd22", "triangleDown"),
    "Company": ("#1f77b4", "dot"),
    "InvestmentProject": ("#2ca02c", "square"),
    "ActionPlan": ("#9467bd", "diamond"),
    "Strategy": ("#7b4fa6", "diamond"),
    "Reform": ("#b084cc", "diamond"),
    "Campaign": ("#c5b0d5", "diamond"),
    "Mechanism": ("#6a3d9a", "diamond"),
    "ProjectList": ("#a55194", "diamond"),
    "Programme": ("#8e6bbf", "diamond"),
    "FinancialProduct": ("#e377c2", "star"),
    "Platform": ("#17becf", "triangle"),
    "Honour": ("#e6b800", "star"),
    "IndustrialPark": ("#8c564b", "square"),
    "IndustrialBase": ("#a0785a", "square"),
    "Site": ("#c49c94", "square"),
    "PublicBody": ("#7f7f7f", "dot"),
    "Region": ("#525252", "hexagon"),
}
_OTHER = ("#999999", "dot")
_ORDER = {curie(str(cls)): i for i, cls in enumerate(ENTITY_CLASSES)}
_MAX_FACTS = 12  # observations listed in a node's tooltip
_ASSETS = ("vis-network.min.js", "vis-network.css", "anyi-network.js", "anyi-network.css")


@cache
def assets() -> dict[str, str]:
    """The page's scripts and styles by file name, for a server that serves them itself."""
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pyvis is not installed: its wheel carries vis-network")
    vis = Path(next(iter(spec.submodule_search_locations))) / "lib" / "vis-9.1.2"
    static = files("anyi_kg.network") / "static"
    return {
        name: (vis / name).read_text("utf-8") if name.startswith("vis-")
        else static.joinpath(name).read_text("utf-8")
        for name in _ASSETS
    }  # fmt: skip


def page_data(net: nx.MultiDiGraph, lang: str = "zh") -> dict[str, Any]:
    """What the page's script draws and writes its tooltips from: nodes with positions and
    facts, edges, the zh/en labels of every class, relation and indicator named (``terms``,
    by CURIE), the legend and the column headings."""
    if all("layer" in data for _, data in net.nodes(data=True)):
        positions = layout.layered(net)
    else:
        from .force_layout import force  # numpy: loaded only for views without columns

        positions = force(net)
    labels = net.graph.get("labels", {})
    terms: dict[str, list[str]] = {}

    def term(key: str, zh: str | None = None, en: str | None = None) -> str:
        """``key``, its labels recorded: the graph's, else those given, else its local name."""
        if key not in terms:
            found = labels.get(key) or {"zh": zh or key.partition(":")[2] or key, "en": en}
            terms[key] = [found["zh"], found.get("en") or found["zh"]]
        return key

    ids = {node: i for i, node in enumerate(net)}
    degree = dict(net.degree())
    centre = net.graph.get("centre")
    nodes = []
    for node, data in net.nodes(data=True):
        x, y = positions[node]
        size = min(12 + 3 * math.sqrt(degree[node]), 36) * (1.6 if node == centre else 1)
        facts = data.get("facts", [])
        shown = {
            "id": ids[node],
            "x": round(x, 1),
            "y": round(y, 1),
            "class": term(data.get("type", "")),
            "size": round(size, 1),
            "label": [_text(data, "label_zh", node), _text(data, "label_en", node)],
            "curie": data.get("curie", ""),
        }
        optional = {  # left out when empty: most nodes of a large graph have few of these
            "alt": data.get("alt_labels", []),
            "year": data.get("year", ""),
            "props": [[term(p), zh, en, quote] for p, zh, en, quote in data.get("properties", [])],
            "facts": [
                [term(f["indicator"], f["indicator_zh"], f["indicator_en"]), f["value"], f["year"]]
                for f in facts[:_MAX_FACTS]
            ],
            "more": max(len(facts) - _MAX_FACTS, 0),
            "first": data.get("first_mention", ""),
        }
        nodes.append(shown | {key: value for key, value in optional.items() if value})
    edges = []
    parallel = Counter(frozenset((u, v)) for u, v in net.edges())
    seen: Counter[frozenset[Hashable]] = Counter()
    for u, v, key, data in net.edges(keys=True, data=True):
        pair = frozenset((u, v))
        seen[pair] += 1
        relation = data.get("relation") or str(key)
        shown = {
            "from": ids[u],
            "to": ids[v],
            "rel": term(relation, data.get("label_zh"), data.get("label_en")),
            "bend": _bend(seen[pair] - 1, parallel[pair], str(u) < str(v)),
        }
        optional = {
            "year": data.get("year", ""),
            "props": [[term(p), zh, en] for p, zh, en in data.get("properties", [])],
            "quote": data.get("quote", ""),
            "fact": data.get("fact", ""),
        }
        edges.append(shown | {key: value for key, value in optional.items() if value})
    present = Counter(data.get("type", "") for _, data in net.nodes(data=True))
    classes = [
        {
            "class": kind,
            "color": STYLE.get(kind.partition(":")[2], _OTHER)[0],
            "shape": STYLE.get(kind.partition(":")[2], _OTHER)[1],
            "count": count,
        }
        for kind, count in sorted(present.items(), key=lambda kv: (_ORDER.get(kv[0], 99), kv[0]))
    ]
    layers = []
    for i, heading in enumerate(net.graph.get("layers", [])):
        layers.append({"x": i * layout.COLUMN_GAP, "label": [heading["zh"], heading["en"]]})
    title = _title(net)
    return {
        "lang": lang,
        "title": [title["zh"], title["en"]],
        "nodes": nodes,
        "edges": edges,
        "terms": terms,
        "classes": classes,
        "layers": layers,
        "centre": ids.get(centre),
    }


def _title(net: nx.MultiDiGraph) -> dict[str, str]:
    return net.graph.get("title") or {"zh": "知识图谱网络", "en": "Knowledge graph network"}


def _bend(i: int, count: int, forward: bool) -> float:
    """How far the ``i``-th of ``count`` edges between two nodes curves (signed: side), so
    parallel edges and their labels fan out instead of overlapping; 0 draws a straight line."""
    if count == 1:
        return 0.0
    side = 1 if (i % 2 == 0) == forward else -1
    return side * 0.3 * (i // 2 + 1)


def _text(data: dict[str, Any], key: str, node: Hashable) -> str:
    return str(data.get(key) or data.get("label_zh") or node)


def _json(data: Any) -> str:
    """JSON that cannot end the ``<script>`` element holding it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def fragment(
    net: nx.MultiDiGraph,
    *,
    lang: str = "zh",
    assets_url: str | None = None,
    element_id: str = "anyi-network",
) -> str:
    """The view as an HTML fragment to embed in another page or a notebook.

    With ``assets_url`` the scripts and styles are linked from there (serve :func:`assets`);
    without, they are inlined. ``element_id`` tells several views on one page apart.
    """
    if assets_url is None:
        parts = assets()
        head = (
            f"<style>{parts['vis-network.css']}\n{parts['anyi-network.css']}</style>\n"
            f"<script>{parts['vis-network.min.js']}</script>\n"
            f"<script>{parts['anyi-network.js']}</script>"
        )
    else:
        base = htmllib.escape(assets_url.rstrip("/"), quote=True)
        head = "\n".join(
            f'<link rel="stylesheet" href="{base}/{name}">'
            if name.endswith(".css")
            else f'<script src="{base}/{name}"></script>'
            for name in _ASSETS
        )
    ident = htmllib.escape(element_id, quote=True)
    return _template("fragment.html").substitute(
        head=head, id=ident, data=_json(page_data(net, lang)), id_json=_json(element_id)
    )


def html(net: nx.MultiDiGraph, *, lang: str = "zh") -> str:
    """A complete, self-contained page: every script and style inlined, nothing fetched."""
    return _template("page.html").substitute(
        lang="en" if lang == "en" else "zh-Hans",
        title=htmllib.escape(_title(net)["en" if lang == "en" else "zh"]),
        body=fragment(net, lang=lang),
    )


def save(net: nx.MultiDiGraph, path: Path, *, lang: str = "zh") -> None:
    """Write the view to ``path``: a page for ``.html`` (UTF-8), else GraphML or GEXF."""
    check_target(path)
    with replacing(path) as temporary:
        if path.suffix == ".html":
            temporary.write_text(html(net, lang=lang), encoding="utf-8")
        else:
            write(net, temporary)


def check_target(path: Path) -> None:
    """Refuse, before any work, a file that :func:`save` cannot write."""
    if path.is_dir() or path.suffix not in (".html", ".graphml", ".gexf"):
        raise BadInputError(f"cannot write {path}: give a .html, .graphml or .gexf file")


@cache
def _template(name: str) -> Template:
    return Template((files("anyi_kg.network") / "static" / name).read_text("utf-8"))
