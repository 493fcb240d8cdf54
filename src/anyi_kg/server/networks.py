"""The network views of the pages, drawn by :mod:`anyi_kg.network.page` from the network of
the whole graph (:func:`anyi_kg.network.to_networkx`): an entity's neighbourhood and the
industrial chain.

The network is built once, in the background from the start; each view is drawn off the event
loop and kept, so a page's neighbourhood costs no query and the chain is the same network's.
A click on a node opens the node's page.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from typing import TYPE_CHECKING

from .. import query as q
from .explorer import Explorer
from .facts import page_url

if TYPE_CHECKING:
    import networkx as nx

ASSETS = "/assets/network"
_KEPT = 256  # neighbourhoods kept


class Networks:
    """Drawn network fragments, ready to embed in a page."""

    def __init__(self, explorer: Explorer) -> None:
        self.explorer = explorer
        self._graph: asyncio.Task[nx.MultiDiGraph] | None = None
        self._chain: str | None = None
        self._neighbourhoods: OrderedDict[str, str | None] = OrderedDict()

    def start(self) -> None:
        """Start building the network (it takes a few seconds), so that it is ready when asked."""
        if self._graph is None:
            self._graph = asyncio.ensure_future(self._build())

    async def neighbourhood(self, iri: str) -> str | None:
        """The one-step neighbourhood of the entity ``iri``; ``None`` if it is no entity."""
        if iri not in self._neighbourhoods:
            drawn = await asyncio.to_thread(_neighbourhood, await self._network(), iri)
            self._neighbourhoods[iri] = drawn
            if len(self._neighbourhoods) > _KEPT:
                self._neighbourhoods.popitem(last=False)
        return self._neighbourhoods[iri]

    async def chain(self) -> str:
        """The industrial chain: clusters, industries, companies, projects, plans, platforms."""
        if self._chain is None:
            self._chain = await asyncio.to_thread(_chain, await self._network())
        return self._chain

    async def _network(self) -> nx.MultiDiGraph:
        self.start()
        assert self._graph is not None
        try:
            return await asyncio.shield(self._graph)
        except Exception:
            self._graph = None  # the next page tries again
            raise

    async def _build(self) -> nx.MultiDiGraph:
        from ..network.convert import to_networkx

        answer = await self.explorer.answer(q.page_query("graph"))
        return await asyncio.to_thread(to_networkx, answer.triples)


def _neighbourhood(net: nx.MultiDiGraph, iri: str) -> str | None:
    from ..network.page import fragment
    from ..network.views import neighbourhood

    if iri not in net:  # not an entity: a concept, a fact, a class …
        return None
    view = neighbourhood(net, iri)
    view.graph["title"] = {"zh": "关系网络", "en": "Neighbourhood"}
    return fragment(view, assets_url=ASSETS, element_id="neighbourhood", links=page_url)


def _chain(net: nx.MultiDiGraph) -> str:
    from ..network.page import fragment
    from ..network.views import chain

    view = chain(net)
    view.graph["title"] = {"zh": "安义产业链", "en": "The Anyi industrial chain"}
    return fragment(view, assets_url=ASSETS, element_id="chain", links=page_url)
