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
from collections import Counter
from collections.abc import Callable, Hashable
from functools import cache
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path
from string import Template
from typing import Any

import networkx as nx

from ..errors import BadInputError
from ..graph.iris import PREFIXES
from ..graph.names import HAS_CJK, readings, spelling_variants
from ..outputs import replacing
from . import layout, style
from .views import write

_MAX_FACTS = 12  # observations listed in a node's tooltip
_SEPARATED = 150  # views up to this many nodes are laid out with no two labels overlapping
_ASSETS = (
    "vis-network.min.js", "vis-network.css", "anyi-draw.js", "anyi-network.js", "anyi-network.css"
)  # fmt: skip
Links = Callable[[str], str]
"""The page of an entity's IRI, for a view served with pages to open on a click."""


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


def page_data(net: nx.MultiDiGraph, lang: str = "zh", links: Links | None = None) -> dict[str, Any]:
    """What the page's script draws and writes its tooltips from: nodes with positions,
    groups, wrapped labels, search keys and facts, edges, the zh/en labels of every class,
    relation and indicator named (``terms``, by CURIE), the legend and the column headings;
    with ``links``, each node's page (``url``)."""
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
    first = 1 if lang == "en" else 0  # views are laid out for the labels of their language
    looks = {node: _looks(net, node, degree[node], node == centre, first) for node in net}
    boxes = {node: look["box"] for node, look in looks.items()}
    positions, spans = _positions(net, boxes, centre, looks)
    nodes = []
    for node, data in net.nodes(data=True):
        x, y = positions[node]
        facts = data.get("facts", [])
        look = looks[node]
        shown = {
            "id": ids[node],
            "x": round(x, 1),
            "y": round(y, 1),
            "class": term(data.get("type", "")),
            "group": look["group"],
            "size": look["size"],
            "label": look["label"],
            "curie": data.get("curie", ""),
        }
        optional = {  # left out when empty: most nodes of a large graph have few of these
            "lines": look["lines"] if look["lines"] != [[t] for t in look["label"]] else None,
            "url": links(data["iri"]) if links and data.get("iri") else "",
            "alt": data.get("alt_labels", []),
            "py": look["pinyin"],
            "var": look["variants"],
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
    title = _title(net)
    headings = net.graph.get("layers", [])
    return {
        "lang": lang,
        "title": [title["zh"], title["en"]],
        "nodes": nodes,
        "edges": edges,
        "terms": terms,
        "groups": _legend(net, looks, term),
        "layers": [
            {"left": round(left, 1), "right": round(right, 1), "label": [h["zh"], h["en"]]}
            for h, (left, right) in zip(headings, spans, strict=False)
        ],
        "centre": ids.get(centre),
        "linked": links is not None,
        "font": style.FONT,
    }


def _looks(
    net: nx.MultiDiGraph, node: Hashable, degree: int, centre: bool, first: int
) -> dict[str, Any]:
    """How a node is drawn and found: group, size, labels and their lines, the box they
    take, the readings of its Chinese names (syllables by spaces, a character's readings by
    ``|``), the spelling variants of its English ones."""
    data = net.nodes[node]
    group = style.group_of(_iri(data.get("type", "")))
    label = [_text(data, "label_zh", node), _text(data, "label_en", node)]
    lines = [style.lines(label[0], "zh"), style.lines(label[1], "en")]
    size = style.size(degree, centre)
    names = [label[0], label[1], *data.get("alt_labels", [])]
    chinese = [name for name in dict.fromkeys(names) if HAS_CJK.search(name)]
    return {
        "group": group,
        "size": size,
        "label": label,
        "lines": lines,
        "box": (*style.box(size, lines[first]), size),
        "pinyin": [" ".join("|".join(r) for r in readings(name)) for name in chinese],
        "variants": [
            v for name in names if not HAS_CJK.search(name) for v in spelling_variants(name)
        ],
    }


def _positions(
    net: nx.MultiDiGraph, boxes: layout.Boxes, centre: Hashable, looks: dict[Hashable, Any]
) -> tuple[layout.Positions, list[tuple[float, float]]]:
    """Columns for views whose nodes have a ``layer``, rings around a centre, else forces."""
    if len(net) and all("layer" in data for _, data in net.nodes(data=True)):
        columns = layout.layered(net, boxes)
        return columns.positions, columns.spans
    # numpy: loaded only for views without columns
    if centre is not None and len(net) <= _SEPARATED:
        from .radial import radial

        def key(node: Hashable) -> tuple[int, str]:
            return looks[node]["group"], looks[node]["label"][0]

        return radial(net, centre, boxes, key), []
    from .force_layout import force, separate

    positions = force(net)
    if len(net) <= _SEPARATED:
        positions = separate(positions, boxes)
    return positions, []


def _legend(
    net: nx.MultiDiGraph, looks: dict[Hashable, Any], term: Callable[..., str]
) -> list[dict[str, Any]]:
    """The groups present, in the order of :data:`style.GROUPS`, with their counts and the
    classes of their nodes."""
    members: dict[int, Counter[str]] = {}
    for node, data in net.nodes(data=True):
        members.setdefault(looks[node]["group"], Counter())[term(data.get("type", ""))] += 1
    groups = [*style.GROUPS, style.OTHER]
    return [
        {
            "index": i,
            "label": [groups[i].zh, groups[i].en],
            "color": groups[i].colour,
            "shape": groups[i].shape,
            "count": sum(members[i].values()),
            "classes": [
                [cls, count]
                for cls, count in sorted(members[i].items(), key=lambda kv: (-kv[1], kv[0]))
            ],
        }
        for i in sorted(members)
    ]


def _iri(curie_: str) -> str:
    prefix, _, local = curie_.partition(":")
    return PREFIXES.get(prefix, prefix + ":") + local


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
    links: Links | None = None,
) -> str:
    """The view as an HTML fragment to embed in another page or a notebook.

    With ``assets_url`` the scripts and styles are linked from there (serve :func:`assets`);
    without, they are inlined. ``element_id`` tells several views on one page apart. With
    ``links`` (an entity's IRI → the URL of its page), a click on a node opens its page;
    without, a panel beside the view shows the node's facts and links.
    """
    if assets_url is None:
        parts = assets()
        head = (
            f"<style>{parts['vis-network.css']}\n{parts['anyi-network.css']}</style>\n"
            f"<script>{parts['vis-network.min.js']}</script>\n"
            f"<script>{parts['anyi-draw.js']}\n{parts['anyi-network.js']}</script>"
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
        head=head, id=ident, data=_json(page_data(net, lang, links)), id_json=_json(element_id)
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
