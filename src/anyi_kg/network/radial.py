"""Rings of cells round the centre of a neighbourhood, with room for every label.

A neighbourhood is mostly a star: links from the centre to each neighbour. The neighbours take
the cells of a grid nearest the centre (cells as large as the largest node with its label; the
grid as wide as the screen), and within each ring of distance from the centre, cells are
dealt out by angle, clockwise from the top, in the order of the neighbours' groups: each group
holds a wedge of its own colour. Nodes two or more links away take the next cells out, in the
order of the angle of the nodes they hang from. Boxes never overlap, so every label can be
drawn, and the view fills the screen as a grid does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from typing import Any

import networkx as nx

from .layout import ASPECT, PAD, Boxes, Positions


def radial(
    net: nx.MultiDiGraph, centre: Hashable, boxes: Boxes, key: Callable[[Hashable], Any]
) -> Positions:
    """Positions with the box of ``centre`` round the origin and the others in cells round it:
    first the nodes one link away in the order of ``key``, then those further."""
    distance = nx.single_source_shortest_path_length(nx.Graph(net), centre)
    others = sorted((n for n in net if n != centre), key=lambda n: distance.get(n, math.inf))
    width, height, top = boxes[centre]
    positions: Positions = {centre: (0.0, top - height / 2)}
    if not others:
        return positions
    cell_w = max(boxes[n][0] for n in others) + PAD
    cell_h = max(boxes[n][1] for n in others) + PAD
    cells = _cells(len(others), cell_w, cell_h, (width + PAD) / 2, (height + PAD) / 2)
    angle: dict[Hashable, float] = {centre: 0.0}
    taken = 0
    for ring in sorted({distance.get(n, math.inf) for n in others}):
        nodes = [n for n in others if distance.get(n, math.inf) == ring]
        if ring == 1:
            nodes.sort(key=key)
        else:
            nodes.sort(key=lambda n: (_mean_angle(n, net, angle), str(n)))
        mine = sorted(cells[taken : taken + len(nodes)], key=lambda c: _clockwise(*c))
        taken += len(nodes)
        for node, (x, y) in zip(nodes, mine, strict=True):
            _, h, t = boxes[node]
            positions[node] = (x, y - h / 2 + t)
            angle[node] = _clockwise(x, y)
    return positions


def _cells(
    count: int, cell_w: float, cell_h: float, half_w: float, half_h: float
) -> list[tuple[float, float]]:
    """The centres of the ``count`` grid cells nearest the origin that keep clear of a box of
    half-width ``half_w`` and half-height ``half_h`` there, nearest first."""
    reach = 1
    while True:
        found = [
            (i * cell_w, j * cell_h)
            for i in range(-reach * 2, reach * 2 + 1)
            for j in range(-reach, reach + 1)
            if abs(i * cell_w) >= half_w + cell_w / 2 or abs(j * cell_h) >= half_h + cell_h / 2
        ]
        if len(found) >= 2 * count:
            found.sort(key=lambda c: (math.hypot(c[0] / ASPECT, c[1]), _clockwise(*c)))
            return found[:count]
        reach *= 2


def _clockwise(x: float, y: float) -> float:
    """The angle of a point seen from the origin, clockwise from the top, in [0, 2π)."""
    return math.atan2(x / ASPECT, -y) % (2 * math.pi)


def _mean_angle(node: Hashable, net: nx.MultiDiGraph, angle: dict[Hashable, float]) -> float:
    seen = [angle[m] for m in nx.all_neighbors(net, node) if m in angle]
    if not seen:
        return math.pi
    return math.atan2(sum(map(math.sin, seen)), sum(map(math.cos, seen))) % (2 * math.pi)
