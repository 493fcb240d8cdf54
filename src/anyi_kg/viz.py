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

from . import layout
from .network import ENTITY_CLASSES, curie
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
_BOOLEAN = {"true": ("是", "yes"), "false": ("否", "no")}
_WORDS = {
    "zh": {"first": "首次提及", "source": "来源", "year": "年份", "more": "另有{}项"},
    "en": {"first": "First mention", "source": "Source", "year": "Year", "more": "{} more"},
}
_MAX_FACTS = 12  # observations listed in a node's tooltip
_ASSETS = ("vis-network.min.js", "vis-network.css", "anyi-network.js", "anyi-network.css")


@cache
def assets() -> dict[str, str]:
    """The page's scripts and styles by file name, for a server that serves them itself."""
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pyvis is not installed: its wheel carries vis-network")
    vis = Path(next(iter(spec.submodule_search_locations))) / "lib" / "vis-9.1.2"
    static = files("anyi_kg") / "static"
    return {
        name: (vis / name).read_text("utf-8") if name.startswith("vis-")
        else static.joinpath(name).read_text("utf-8")
        for name in _ASSETS
    }  # fmt: skip


def page_data(net: nx.MultiDiGraph, lang: str = "zh") -> dict[str, Any]:
    """What the page's script draws: nodes with positions, edges, legend, column headings."""
    if all("layer" in data for _, data in net.nodes(data=True)):
        positions = layout.layered(net)
    else:
        from .force_layout import force  # numpy: loaded only for views without columns

        positions = force(net)
    labels = net.graph.get("labels", {})
    ids = {node: i for i, node in enumerate(net)}
    degree = dict(net.degree())
    centre = net.graph.get("centre")
    nodes = []
    for node, data in net.nodes(data=True):
        x, y = positions[node]
        size = min(12 + 3 * math.sqrt(degree[node]), 36) * (1.6 if node == centre else 1)
        nodes.append(
            {
                "id": ids[node],
                "x": round(x, 1),
                "y": round(y, 1),
                "class": data.get("type", ""),
                "size": round(size, 1),
                "label": [_text(data, "label_zh", node), _text(data, "label_en", node)],
                "title": [_node_title(data, labels, code) for code in ("zh", "en")],
                "search": [data.get("curie", ""), *data.get("alt_labels", [])],
            }
        )
    edges = []
    parallel = Counter(frozenset((u, v)) for u, v in net.edges())
    seen: Counter[frozenset[Hashable]] = Counter()
    for u, v, key, data in net.edges(keys=True, data=True):
        pair = frozenset((u, v))
        seen[pair] += 1
        label = [data.get("label_zh", str(key)), data.get("label_en", str(key))]
        year = data.get("year", "")
        edges.append(
            {
                "from": ids[u],
                "to": ids[v],
                "label": [f"{text} {year}".strip() for text in label],
                "title": [_edge_title(net, u, v, data, labels, code) for code in ("zh", "en")],
                "bend": _bend(seen[pair] - 1, parallel[pair], str(u) < str(v)),
            }
        )
    present = Counter(data.get("type", "") for _, data in net.nodes(data=True))
    classes = [
        {
            "class": kind,
            "label": _term_labels(labels, kind),
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


def _term_labels(labels: dict[str, dict[str, str]], term: str) -> list[str]:
    found = labels.get(term) or {"zh": term.partition(":")[2] or term}
    return [found["zh"], found.get("en", found["zh"])]


def _value(value: str, lang: str) -> str:
    return _BOOLEAN[value][lang == "en"] if value in _BOOLEAN else value


def _node_title(data: dict[str, Any], labels: dict[str, dict[str, str]], lang: str) -> str:
    """A node's tooltip as plain text: names, class, attributes, observations, first mention."""
    en = lang == "en"
    words = _WORDS[lang]
    kind = data.get("type", "")
    lines = [data.get(f"label_{lang}", ""), data.get("label_zh" if en else "label_en", "")]
    lines.append(f"{_term_labels(labels, kind)[en]} · {data.get('curie', '')}")
    if data.get("year"):
        lines.append(f"{words['year']}: {data['year']}")
    for relation, value_zh, value_en, quote in data.get("properties", []):
        value = _value(value_en if en else value_zh, lang)
        lines.append(
            f"{_term_labels(labels, relation)[en]}: {value}" + (f" «{quote}»" if quote else "")
        )
    facts = data.get("facts", [])
    for fact in facts[:_MAX_FACTS]:
        year = f" ({fact['year']})" if fact["year"] else ""
        lines.append(f"{fact['indicator_en' if en else 'indicator_zh']}: {fact['value']}{year}")
    if len(facts) > _MAX_FACTS:
        lines.append(words["more"].format(len(facts) - _MAX_FACTS))
    if data.get("first_mention"):
        lines.append(f"{words['first']}: «{data['first_mention']}»")
    return "\n".join(dict.fromkeys(line for line in lines if line))


def _edge_title(
    net: nx.MultiDiGraph,
    u: Hashable,
    v: Hashable,
    data: dict[str, Any],
    labels: dict[str, dict[str, str]],
    lang: str,
) -> str:
    """An edge's tooltip as plain text: who, relation, whom, year, details, source quote."""
    en = lang == "en"
    words = _WORDS[lang]
    key = f"label_{lang}"
    lines = [f"{_text(net.nodes[u], key, u)} → {data.get(key, '')} → {_text(net.nodes[v], key, v)}"]
    if data.get("year"):
        lines.append(f"{words['year']}: {data['year']}")
    for relation, value_zh, value_en in data.get("properties", []):
        lines.append(
            f"{_term_labels(labels, relation)[en]}: {_value(value_en if en else value_zh, lang)}"
        )
    if data.get("quote"):
        lines.append(f"{words['source']}: «{data['quote']}»")
    if data.get("fact"):
        lines.append(data["fact"])
    return "\n".join(lines)


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
    if path.suffix == ".html":
        path.write_text(html(net, lang=lang), encoding="utf-8")
    else:
        write(net, path)


@cache
def _template(name: str) -> Template:
    return Template((files("anyi_kg") / "static" / name).read_text("utf-8"))
