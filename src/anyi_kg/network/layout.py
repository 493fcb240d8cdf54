"""Node positions computed before rendering, so the browser draws at once with physics off.

Two layouts: columns (``layered``, here) for views whose nodes carry a ``layer``, and a force
layout (:func:`anyi_kg.network.force_layout.force`, which needs numpy) for everything else.
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

Positions = dict[Hashable, tuple[float, float]]

COLUMN_GAP = 360.0
ROW_GAP = 64.0


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
