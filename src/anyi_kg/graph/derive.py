"""The derived graph: links the build computes from the sources' graphs, stated by no source.

Each rule is a named CONSTRUCT query in ``rules/`` run over the union of the graphs. The links
let a question across counties start from a few derived triples instead of joining the whole
graph (``companies-in-several-counties`` from ``ak:activeIn``, ``conflicts`` from
``ak:disagreesWith``); the facts they rest on, with their spans, stay in their sources' graphs.
The graph is described, with its rules, in the ontology (``graph/derived``).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .iris import AK, BASE

DERIVED_GRAPH = BASE + "graph/derived"
RULES_DIR = Path(__file__).with_name("rules")
PROPERTIES = frozenset({AK.activeIn, AK.disagreesWith})
"""The properties only the rules write; a curated file stating one is refused (wellformed)."""


def derive(store: ox.Store) -> list[ox.Triple]:
    """The triples of the derived graph, each once, in a stable order."""
    derived: set[ox.Triple] = set()
    for rule in sorted(RULES_DIR.glob("*.rq")):
        triples = store.query(rule.read_text("utf-8"), use_default_graph_as_union=True)
        assert isinstance(triples, ox.QueryTriples)  # every rule is a CONSTRUCT
        derived.update(triples)
    return sorted(derived, key=str)


def derive_from(graphs: dict[str, list[bytes]]) -> list[ox.Triple]:
    """:func:`derive` over named graphs given as N-Triples lines (a store in memory)."""
    store = ox.Store()
    for name, lines in graphs.items():
        store.load(b"".join(lines), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    return derive(store)
