"""Node positions computed before rendering, so the browser draws at once with physics off.

Three layouts, each keeping room for the labels (boxes from :func:`anyi_kg.network.style.box`):
columns (``layered``) for views whose nodes carry a ``layer``, rings around the centre
(:func:`anyi_kg.network.radial.radial`) for an entity's neighbourhood, and a force layout
(:func:`anyi_kg.network.force_layout.force`) for everything else. The last two need numpy;
columns do without, so the chain and the timeline never load it.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx

Positions = dict[Hashable, tuple[float, float]]
Boxes = dict[Hashable, tuple[float, float, float]]
"""Per node: width and height of the node with its label under it, and how far the box
reaches above the node's centre (its radius)."""

ASPECT = 1.6  # width over height of the screen a view is laid out for
COLUMN_GAP = 72.0  # between two columns
PAD = 10.0  # between two boxes side by side, and above and below one


@dataclass(frozen=True)
class Columns:
    """Positions, and the left and right edges of every column (for its heading)."""

    positions: Positions
    spans: list[tuple[float, float]]


def layered(net: nx.MultiDiGraph, boxes: Boxes, sweeps: int = 6) -> Columns:
    """Columns by the nodes' ``layer``, ordered to cross few edges: within a column each node
    moves towards the mean row of its neighbours in other columns, sweeping the columns back
    and forth (the barycentre heuristic). A column taller than the view is wide wraps into
    sub-columns, row by row, so that the order still reads from top to bottom."""
    columns: dict[int, list[Hashable]] = {}
    for node in sorted(net, key=lambda n: (net.nodes[n]["layer"], *_key(net, n))):
        columns.setdefault(net.nodes[node]["layer"], []).append(node)
    simple = nx.Graph(net)
    row = {n: float(i) for nodes in columns.values() for i, n in enumerate(nodes)}

    def mean_row(node: Hashable) -> float:
        """The mean row of the node's neighbours in other columns (its own row if none)."""
        layer = net.nodes[node]["layer"]
        seen = [(row[n] + 0.5) / len(columns[net.nodes[n]["layer"]]) for n in simple[node]
                if net.nodes[n]["layer"] != layer]  # fmt: skip
        return sum(seen) / len(seen) * len(columns[layer]) - 0.5 if seen else row[node]

    order = sorted(columns)
    for sweep in range(sweeps):
        for layer in order if sweep % 2 == 0 else reversed(order):
            columns[layer].sort(key=mean_row)
            row.update((n, float(i)) for i, n in enumerate(columns[layer]))
    if not columns:
        return Columns({}, [])
    width = {c: max(boxes[n][0] for n in nodes) + PAD for c, nodes in columns.items()}
    height = max(boxes[n][1] for n in net) + PAD
    rows = _rows(columns, width, height)
    positions: Positions = {}
    spans = []
    left = 0.0
    for c in range(max(order) + 1):
        nodes = columns.get(c, [])
        across = max(1, math.ceil(len(nodes) / rows))
        down = math.ceil(len(nodes) / across)
        for i, node in enumerate(nodes):
            x = left + (i % across + 0.5) * width.get(c, 0)
            y = (i // across - (down - 1) / 2) * height
            positions[node] = (x, y - boxes[node][1] / 2 + boxes[node][2])
        right = left + across * width.get(c, 160.0)
        spans.append((left, right))
        left = right + COLUMN_GAP
    return Columns(positions, spans)


def _rows(columns: dict[int, list[Hashable]], width: dict[int, float], height: float) -> int:
    """The most rows a column may have: the number that makes the view nearest its screen."""

    def fit(rows: int) -> float:
        wide = sum(math.ceil(len(n) / rows) * width[c] + COLUMN_GAP for c, n in columns.items())
        tall = min(rows, max(len(n) for n in columns.values())) * height
        return min(ASPECT / wide, 1 / tall)  # the scale a fitted view would have

    tallest = max(len(nodes) for nodes in columns.values())
    return max(range(1, tallest + 1), key=lambda rows: (fit(rows), rows))


def _key(net: nx.MultiDiGraph, node: Hashable) -> tuple[str, str]:
    return (net.nodes[node].get("type", ""), net.nodes[node].get("label_zh", str(node)))
