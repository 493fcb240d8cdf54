"""A force layout that scales to thousands of nodes in numpy alone.

Pivot MDS (Brandes and Pich 2006) places each weakly connected component from breadth-first
distances, then Fruchterman–Reingold iterations refine it with repulsion only between nearby
nodes, found through a grid (the grid variant of the original paper). Components are packed in
rows. Its own module so that the column layout (:mod:`anyi_kg.network.layout`) never loads numpy.
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx
import numpy as np

from .layout import ASPECT, PAD, Boxes, Positions

EDGE = 100.0  # ideal edge length, in page pixels
REACH = 2 * EDGE  # nodes further apart than this do not repel
_REPULSION = 0.2 * EDGE**2  # push between two leaves at distance d: _REPULSION / d
# Steps between rebuilds of the list of near pairs. Every 5 steps kept no more graph neighbours
# near each other, at 5,000 nodes, and took 0.1 s longer.
_REBUILD = 10
_PAIR_BUDGET = 200_000  # repulsion pairs per iteration; beyond it, a random sample


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
    # k × k: its eigenvectors are the right singular vectors. einsum, not BLAS: a threaded
    # BLAS product of this shape can wait 0.15 s for a busy second core.
    _, vectors = np.linalg.eigh(np.einsum("ij,ik->jk", centred, centred))
    return np.einsum("ij,jk->ik", centred, vectors[:, [-1, -2]])


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
    ``heat`` per step. Coordinates are kept as two flat arrays: numpy gathers and sums them
    several times faster than the columns of one (n, 2) array.
    """
    n = len(pos)
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    a, b = edges[:, 0].copy(), edges[:, 1].copy()
    mass = np.bincount(edges.ravel(), minlength=n) + 1.0
    reach = np.inf if n * (n - 1) // 2 <= _PAIR_BUDGET else REACH  # small: every pair pushes
    for step in range(iterations):
        heat = EDGE / 2 * (1.0 - step / iterations) + EDGE / 50
        if step % _REBUILD == 0:
            i, j, weight = _near_pairs(x, y, reach + EDGE / 2, rng)
            strength = weight * _REPULSION * mass[i] * mass[j]
        dx, dy = x[i] - x[j], y[i] - y[j]
        d2 = np.maximum(dx * dx + dy * dy, 1e-2)
        push = strength / d2 * (d2 < reach**2)
        pull_x, pull_y = x[b] - x[a], y[b] - y[a]
        move_x, move_y = (
            (np.bincount(i, d * push, n) - np.bincount(j, d * push, n)
             + np.bincount(a, pull, n) - np.bincount(b, pull, n)) / mass
            for d, pull in ((dx, pull_x), (dy, pull_y))
        )  # fmt: skip
        length = np.maximum(np.sqrt(move_x * move_x + move_y * move_y), 1e-9)
        scale = np.minimum(length, heat) / length
        x, y = x + move_x * scale, y + move_y * scale
    return np.column_stack([x, y])


def _near_pairs(
    x: np.ndarray, y: np.ndarray, reach: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, float]:
    """The pairs i < j closer than ``reach``, found through a grid of cells that size, and the
    weight that makes a random sample of them stand for all when there are too many."""
    cx, cy = np.floor(x / reach).astype(np.int64), np.floor(y / reach).astype(np.int64)
    cx -= cx.min() - 1
    cy -= cy.min() - 1
    width = int(cy.max()) + 2
    key = cx * width + cy
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
    total = int(sizes.sum())
    if total <= _PAIR_BUDGET:  # every pair of every two cells
        quota = sizes
        within = np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    else:  # the same share of each two cells' pairs, rounded at random: a stratified sample
        share = sizes * (_PAIR_BUDGET / total)
        quota = (share + rng.random(len(sizes))).astype(np.int64)
        within = (rng.random(int(quota.sum())) * np.repeat(sizes, quota)).astype(np.int64)
    cv = np.repeat(count[v], quota)
    i = order[np.repeat(start[u], quota) + within // cv]
    j = order[np.repeat(start[v], quota) + within % cv]
    dx, dy = x[i] - x[j], y[i] - y[j]
    keep = (np.repeat(u != v, quota) | (i < j)) & (dx * dx + dy * dy < reach**2)
    return i[keep], j[keep], total / max(len(i), 1)


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


def separate(positions: Positions, boxes: Boxes, rounds: int = 200) -> Positions:
    """Positions moved as little as needed for no two boxes (node and label) to overlap: each
    round, every overlapping pair is pushed apart along the axis where it overlaps less, half
    each way. For small views (it compares every pair)."""
    nodes = list(positions)
    xy = np.array([positions[n] for n in nodes], dtype=float)
    size = np.array([boxes[n][:2] for n in nodes]) + PAD
    top = np.array([boxes[n][2] for n in nodes]) + PAD / 2
    middle = top - size[:, 1] / 2  # from the node's centre down to its box's centre
    for _ in range(rounds):
        cx, cy = xy[:, 0], xy[:, 1] - middle
        over_x = (size[:, None, 0] + size[None, :, 0]) / 2 - np.abs(cx[:, None] - cx[None, :])
        over_y = (size[:, None, 1] + size[None, :, 1]) / 2 - np.abs(cy[:, None] - cy[None, :])
        clash = (over_x > 0) & (over_y > 0)
        np.fill_diagonal(clash, False)
        if not clash.any():
            break
        along_x = clash & (over_x * ASPECT <= over_y)  # wide screens have room sideways
        along_y = clash & ~along_x
        xy[:, 0] += (np.where(along_x, over_x, 0) * _side(cx)).sum(axis=1) / 2
        xy[:, 1] += (np.where(along_y, over_y, 0) * _side(cy)).sum(axis=1) / 2
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy, strict=True)}


def _side(v: np.ndarray) -> np.ndarray:
    """+1 where ``v[i]`` lies after ``v[j]``, else -1; ties broken by index."""
    order = np.arange(len(v))
    after = (v[:, None] > v[None, :]) | ((v[:, None] == v[None, :]) & (order[:, None] > order))
    return np.where(after, 1.0, -1.0)
