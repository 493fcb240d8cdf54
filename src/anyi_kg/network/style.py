"""How the nodes of a view look: ten groups of classes, each with a colour and a shape of its
own, and node labels wrapped into the room the layouts keep for them (:mod:`.layout`).

Sizes are in page pixels at zoom 1. The page measures the labels in the browser's font and
draws them 11–16 px high on screen whatever the zoom, hiding those that would overlap; the
layouts reserve the room estimated here, so that a view of up to a hundred nodes shows every
label once fitted to the screen.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..graph.iris import AK
from .views import PROGRAMME_CLASSES

FONT = 14.0  # label font size, page pixels at zoom 1
LINE = 1.25 * FONT  # line height
GAP = 3.0  # between a node and its label
_ROOM = {"zh": (9.0, 2), "en": (11.5, 3)}  # widest line (in ems) and most lines, by language


@dataclass(frozen=True)
class Group:
    """Classes drawn alike: names (zh, en), colour, shape and the class IRIs it holds."""

    key: str
    zh: str
    en: str
    colour: str
    shape: str
    classes: frozenset[str]


GROUPS: tuple[Group, ...] = (
    Group("cluster", "产业集群", "Clusters", "#d62728", "hexagon",
          frozenset({AK.IndustrialCluster})),
    Group("industry", "产业与品牌", "Industries and brands", "#f28e2b", "triangle",
          frozenset({AK.Industry, AK.Brand})),
    Group("company", "企业", "Companies", "#1f77b4", "circle", frozenset({AK.Company})),
    Group("project", "项目", "Projects", "#2ca02c", "square", frozenset({AK.InvestmentProject})),
    Group("plan", "规划与政策", "Plans and policies", "#8e5cc4", "diamond", PROGRAMME_CLASSES),
    Group("platform", "平台", "Platforms", "#17a2b8", "triangleDown", frozenset({AK.Platform})),
    Group("finance", "金融产品", "Financial products", "#e377c2", "cross",
          frozenset({AK.FinancialProduct})),
    Group("honour", "荣誉称号", "Honours", "#c9a000", "star", frozenset({AK.Honour})),
    Group("place", "园区与基地", "Parks and bases", "#8c564b", "house",
          frozenset({AK.IndustrialPark, AK.IndustrialBase, AK.Site})),
    Group("region", "地区与机关", "Regions and public bodies", "#4d4d4d", "ring",
          frozenset({AK.Region, AK.PublicBody})),
)  # fmt: skip
OTHER = Group("other", "其他", "Other", "#999999", "circle", frozenset())
_GROUP_OF = {cls: i for i, group in enumerate(GROUPS) for cls in group.classes}


def group_of(cls: str) -> int:
    """The index in :data:`GROUPS` of the group of a class IRI (``len(GROUPS)``: other)."""
    return _GROUP_OF.get(cls, len(GROUPS))


def size(degree: int, centre: bool = False) -> float:
    """A node's radius: larger for more links, largest for the centre of a neighbourhood."""
    return round(min(8 + 2 * math.sqrt(degree), 24) * (1.5 if centre else 1), 1)


def lines(text: str, lang: str) -> list[str]:
    """``text`` wrapped as the page draws it: Chinese at any character, other text at spaces,
    into at most two lines of nine characters (zh) or three of about twenty letters (en); the
    last line ends in "…" if the text does not fit."""
    most, count = _ROOM[lang]
    if ems(text) <= most:
        return [text]
    if all(_width(c) < 1 for c in text):  # no wide characters: break at spaces
        pieces = [p + " " for p in text.split(" ")]
        pieces[-1] = pieces[-1][:-1]
    else:
        pieces = list(text)
    out, line = [], ""
    for piece in pieces:
        if line and ems(line + piece.rstrip()) > most:
            out.append(line.rstrip())
            line = ""
        while ems(piece.rstrip()) > most:  # a word longer than a line
            cut = max(1, _fit(piece, most))
            out.append(piece[:cut])
            piece = piece[cut:]
        line += piece
    out.append(line.rstrip())
    if len(out) > count:
        out = [*out[: count - 1], _ellipsis(" ".join(out[count - 1 :]), most)]
    return [line for line in out if line] or [text]


def box(node_size: float, lines: list[str]) -> tuple[float, float]:
    """Width and height of a node with the lines of its label under it."""
    width = max(ems(line) for line in lines) * FONT
    return max(2 * node_size, width), 2 * node_size + GAP + len(lines) * LINE


def ems(text: str) -> float:
    """The estimated width of ``text`` in ems of the label font."""
    return sum(_width(c) for c in text)


@lru_cache(maxsize=8192)
def _width(c: str) -> float:
    if unicodedata.east_asian_width(c) in "WF":
        return 1.0
    return 0.66 if c.isupper() else 0.58 if c.isdigit() else 0.3 if c in " ,.;:'’()" else 0.55


def _fit(text: str, most: float) -> int:
    """How many characters of ``text`` fit in ``most`` ems."""
    total = 0.0
    for i, c in enumerate(text):
        total += _width(c)
        if total > most:
            return i
    return len(text)


def _ellipsis(text: str, most: float) -> str:
    return text if ems(text) <= most else text[: _fit(text, most - 1)].rstrip() + "…"
