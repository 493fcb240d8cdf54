"""Node positions computed before rendering, so the browser draws at once with physics off.

Two layouts: columns (``layered``) for views whose nodes carry a ``layer``, and a force layout
(``force``) for everything else. The force layout scales to thousands of nodes in numpy alone:
pivot MDS (Brandes and Pich 2006) places each component from breadth-first distances, then
Fruchterman–Reingold iterations refine it with repulsion only between nearby nodes, found
through a grid (the grid variant of the original paper). Components are packed in rows.
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx
import numpy as np

Positions = dict[Hashable, tuple[float, float]]

EDGE = 100.0  # ideal edge length, in page pixels
COLUMN_GAP = 360.0
ROW_GAP = 64.0
REACH = 2 * EDGE  # nodes further apart than this do not repel
_REPULSION = 0.2 * EDGE**2  # push between two leaves at distance d: _REPULSION / d
_REBUILD = 5  # steps between rebuilds of the list of near pairs
_PAIR_BUDGET = 200_000  # repulsion pairs per iteration; beyond it, a random sample


def layered(net: nx.MultiDiGraph, sweeps: int = 6) -> Positions:
    """Columns by the nodes' ``layer``. Within a column, each node moves towards the mean row of
    its neighbours in other columns, sweeping the columns back and forth (the barycentre
    heuristic), so that fewer edges cross."""
    columns: dict[int, list[Hashable]] = {}
    for node in sorted(net, key=lambda n: (net.nodes[n]["layer"], *_key(net, n))):
        columns.setdefault(net.nodes[node]["layer"], []).append(node)
    simple = nx.Graph(net)
    row = {n: float(i) for nodes in columns.values() for i, n in enumerate(nodes)}

    def mean_row(node: Hashable) -> float:
        """The mean row of the node's neighbours in other columns (its own row if none)."""
        layer = net.nodes[node]["layer"]
        seen = [row[n] for n in simple[node] if net.nodes[n]["layer"] != layer]
        return sum(seen) / len(seen) if seen else row[node]

    order = sorted(columns)
    for sweep in range(sweeps):
        for layer in order if sweep % 2 == 0 else reversed(order):
            columns[layer].sort(key=mean_row)
            row.update((n, float(i)) for i, n in enumerate(columns[layer]))
    return {
        n: (
            net.nodes[n]["layer"] * COLUMN_GAP,
            (row[n] - (len(columns[net.nodes[n]["layer"]]) - 1) / 2) * ROW_GAP,
        )
        for n in net
    }


def _key(net: nx.MultiDiGraph, node: Hashable) -> tuple[str, str]:
    return (net.nodes[node].get("type", ""), net.nodes[node].get("label_zh", str(node)))


def force(net: nx.MultiDiGraph, seed: int = 7, iterations: int = 50) -> Positions:
    """A force layout of every weakly connected component, packed largest first in rows."""
    rng = np.random.default_rng(seed)
    nodes = sorted(net, key=str)
    index = {node: i for i, node in enumerate(nodes)}
    pairs = {
        (min(a, b), max(a, b))
        for u, near in net.adjacency()
        for a, b in ((index[u], index[v]) for v in near)
    }
    edges = np.array(sorted((a, b) for a, b in pairs if a != b), dtype=np.int64).reshape(-1, 2)
    component = _components(len(nodes), edges)
    by_edge = edges[np.argsort(component[edges[:, 0]], kind="stable")]
    edge_cut = np.searchsorted(component[by_edge[:, 0]], np.arange(component.max(initial=-1) + 2))
    members = np.argsort(component, kind="stable")
    node_cut = np.searchsorted(component[members], np.arange(component.max(initial=-1) + 2))
    parts = []
    for c in range(len(node_cut) - 1):
        ids = members[node_cut[c] : node_cut[c + 1]]
        local = np.empty(len(nodes), dtype=np.int64)
        local[ids] = np.arange(len(ids))
        pos = _place(local[by_edge[edge_cut[c] : edge_cut[c + 1]]], len(ids), rng, iterations)
        parts.append(([nodes[i] for i in ids], pos))
    parts.sort(key=lambda part: -len(part[0]))
    return _pack(parts)


def _components(n: int, edges: np.ndarray) -> np.ndarray:
    """The component number of each node, numbered in order of each component's first node."""
    label = np.arange(n)
    while True:  # label propagation: every node takes the smallest label among its neighbours
        lowest = np.minimum(label[edges[:, 0]], label[edges[:, 1]])
        new = label.copy()
        np.minimum.at(new, edges[:, 0], lowest)
        np.minimum.at(new, edges[:, 1], lowest)
        new = new[new]
        if np.array_equal(new, label):
            return np.unique(label, return_inverse=True)[1]
        label = new


def _place(edges: np.ndarray, n: int, rng: np.random.Generator, iterations: int) -> np.ndarray:
    """Positions for one connected component given its edges in local numbering."""
    if n <= 2:
        return np.array([[i * EDGE, 0.0] for i in range(n)])
    pos = _pivot_mds(edges, n)
    pos *= np.sqrt(n) * EDGE / max(float(np.ptp(pos, axis=0).max()), 1e-9)  # ~ one node per EDGE²
    pos += rng.uniform(-EDGE / 2, EDGE / 2, pos.shape)
    return _refine(pos, edges, rng, iterations)


def _pivot_mds(edges: np.ndarray, n: int) -> np.ndarray:
    """Classical MDS on the distances to a few far-apart pivots: global shape in O(k·(n+m))."""
    both = np.concatenate([edges, edges[:, ::-1]])
    both = both[np.argsort(both[:, 0], kind="stable")]
    indptr = np.searchsorted(both[:, 0], np.arange(n + 1))
    k = min(n, 30)
    dist = np.zeros((n, k))
    nearest = np.full(n, np.inf)
    pivot = int(np.argmax(np.diff(indptr)))
    for j in range(k):
        dist[:, j] = _bfs(indptr, both[:, 1], pivot)
        nearest = np.minimum(nearest, dist[:, j])
        pivot = int(np.argmax(nearest))
    sq = dist**2
    centred = -0.5 * (sq - sq.mean(axis=0) - sq.mean(axis=1, keepdims=True) + sq.mean())
    _, vectors = np.linalg.eigh(centred.T @ centred)  # k × k: the right singular vectors
    return centred @ vectors[:, [-1, -2]]


def _bfs(indptr: np.ndarray, targets: np.ndarray, source: int) -> np.ndarray:
    """Hop distances from ``source`` in a connected graph given as compressed adjacency."""
    dist = np.full(len(indptr) - 1, -1, dtype=np.int64)
    dist[source] = 0
    frontier, hops = np.array([source]), 0
    while frontier.size:
        hops += 1
        lengths = indptr[frontier + 1] - indptr[frontier]
        offsets = np.repeat(indptr[frontier] - np.cumsum(lengths) + lengths, lengths)
        reached = targets[offsets + np.arange(lengths.sum())]
        frontier = np.unique(reached[dist[reached] < 0])
        dist[frontier] = hops
    return dist


def _refine(
    pos: np.ndarray, edges: np.ndarray, rng: np.random.Generator, iterations: int
) -> np.ndarray:
    """Forces in the manner of ForceAtlas2: edges pull linearly, nodes push each other in
    proportion to the product of their degrees (so a hub keeps room for its leaves), and
    hubs move less. In large graphs only nodes within REACH push; the list of near pairs is
    rebuilt every few steps with some slack (a Verlet list), since a node moves at most
    ``heat`` per step.
    """
    n = len(pos)
    mass = np.bincount(edges.ravel(), minlength=n) + 1.0
    reach = np.inf if n * (n - 1) // 2 <= _PAIR_BUDGET else REACH  # small: every pair pushes
    for step in range(iterations):
        heat = EDGE / 2 * (1.0 - step / iterations) + EDGE / 50
        if step % _REBUILD == 0:
            i, j, weight = _near_pairs(pos, reach + EDGE / 2, rng)
        delta = pos[i] - pos[j]
        d2 = np.maximum((delta**2).sum(axis=1), 1e-2)
        push = delta * (weight * _REPULSION * mass[i] * mass[j] / d2 * (d2 < reach**2))[:, None]
        pull = pos[edges[:, 1]] - pos[edges[:, 0]]
        move = np.stack(
            [
                np.bincount(i, push[:, c], n) - np.bincount(j, push[:, c], n)
                + np.bincount(edges[:, 0], pull[:, c], n) - np.bincount(edges[:, 1], pull[:, c], n)
                for c in (0, 1)
            ],
            axis=1,
        ) / mass[:, None]  # fmt: skip
        length = np.maximum(np.linalg.norm(move, axis=1), 1e-9)
        pos = pos + move * (np.minimum(length, heat) / length)[:, None]
    return pos


def _near_pairs(
    pos: np.ndarray, reach: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, float]:
    """The pairs i < j closer than ``reach``, found through a grid of cells that size, and the
    weight that makes a random sample of them stand for all when there are too many."""
    cell = np.floor(pos / reach).astype(np.int64)
    cell -= cell.min(axis=0) - 1
    width = int(cell[:, 1].max()) + 2
    key = cell[:, 0] * width + cell[:, 1]
    order = np.argsort(key, kind="stable")
    cells, start, count = np.unique(key[order], return_index=True, return_counts=True)
    us, vs = [], []
    for dx, dy in ((0, 0), (0, 1), (1, -1), (1, 0), (1, 1)):  # each pair of cells once
        target = cells + dx * width + dy
        at = np.searchsorted(cells, target).clip(max=len(cells) - 1)
        found = np.flatnonzero(cells[at] == target)
        us.append(found)
        vs.append(at[found])
    u, v = np.concatenate(us), np.concatenate(vs)
    sizes = count[u] * count[v]
    ends = np.cumsum(sizes)
    total = int(ends[-1])
    if total <= _PAIR_BUDGET:
        picks, owner = np.arange(total), np.repeat(np.arange(len(sizes)), sizes)
    else:
        picks = np.sort(rng.integers(0, total, _PAIR_BUDGET))
        owner = np.searchsorted(ends, picks, side="right")
    within = picks - (ends[owner] - sizes[owner])
    i = order[start[u[owner]] + within // count[v[owner]]]
    j = order[start[v[owner]] + within % count[v[owner]]]
    keep = (u[owner] != v[owner]) | (i < j)
    keep &= ((pos[i] - pos[j]) ** 2).sum(axis=1) < reach**2
    return i[keep], j[keep], total / max(len(picks), 1)


def _pack(parts: list[tuple[list[Hashable], np.ndarray]]) -> Positions:
    """Place components left to right in rows about as wide as all of them are tall."""
    if not parts:
        return {}
    boxes = [(pos - pos.min(axis=0), np.ptp(pos, axis=0) + EDGE) for _, pos in parts]
    width = max(
        float(np.sqrt(sum(float(w * h) for _, (w, h) in boxes))), max(w for _, (w, _h) in boxes)
    )
    placed: Positions = {}
    x = y = row_height = 0.0
    for (nodes, _), (pos, (w, h)) in zip(parts, boxes, strict=True):
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in zip(nodes, pos, strict=True):
            placed[node] = (float(px + x), float(py + y))
        x, row_height = x + w, max(row_height, float(h))
    return placed
