"""The network views of the pages, drawn by :mod:`anyi_kg.network.page`: an entity's
neighbourhood and a county's industrial chain.

An entity's neighbourhood is drawn from the named question ``network-neighbourhood`` (the
entity, its neighbours and what links them, read from the entity outwards), unless the entity
links directly to more than :data:`MAX_NEIGHBOURS` resources; a county's chain from the graphs
of the sources about it, with the ontology's graph (the names of classes and relations), never
from the whole store. Every view is drawn off the event loop and kept (the graphs it was drawn
from stay in the engine's cache, as every answer); a click on a node opens the node's page.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain as concat
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .. import query as q
from ..graph.build import ONTOLOGY_GRAPH
from .explorer import Explorer, records
from .facts import Value, page_url

if TYPE_CHECKING:
    import networkx as nx

ASSETS = "/assets/network"
MAX_NEIGHBOURS = 100
"""Resources an entity links to directly (``explorer/neighbours.rq``) for its neighbourhood to be
drawn: a view of up to a hundred nodes shows every label, and an honour held by every county
would take seconds to read and show nothing legible (its page says so and lists its links)."""
_KEPT_VIEWS = 256


@dataclass(frozen=True)
class Drawn:
    """A drawn view, ready to embed (``None``: too big to draw), and what it was drawn from: the
    sources about a county, or the neighbours of an entity (the resources it links to directly,
    or that link to it)."""

    html: str | None
    sources: int = 0
    neighbours: int = 0


class Networks:
    """Drawn network fragments, ready to embed in a page."""

    def __init__(self, explorer: Explorer) -> None:
        self.explorer = explorer
        self._views: OrderedDict[tuple[str, str], Drawn | None] = OrderedDict()
        self._started: asyncio.Future[tuple[list[ox.Triple], None]] | None = None

    def start(self) -> asyncio.Future[tuple[list[ox.Triple], None]]:
        """Read the ontology's graph and import what draws (networkx, pyvis: half a second) in
        the background, so that the first view has them."""
        if self._started is None:
            self._started = asyncio.gather(
                self._triples(ONTOLOGY_GRAPH), asyncio.to_thread(_import_drawing)
            )
        return self._started

    async def neighbourhood(self, iri: str) -> Drawn | None:
        """The one-step neighbourhood of the entity ``iri`` (see :func:`is_entity`)."""
        key = ("neighbourhood", iri)
        if key not in self._views:
            entity = ox.NamedNode(iri)
            counted = await self.explorer.answer(q.page_query("neighbours"), entity=entity)
            neighbours = sum(_count(row["neighbours"]) for row in records(counted))
            drawn: Drawn | None = Drawn(None, neighbours=neighbours)
            if neighbours <= MAX_NEIGHBOURS:
                part = await self.explorer.answer("network-neighbourhood", entity=entity)
                html = await asyncio.to_thread(_neighbourhood, part.triples, iri)
                drawn = None if html is None else Drawn(html, neighbours=neighbours)
            self._keep(key, drawn)
        return self._views[key]

    async def chain(self, county: Value) -> Drawn:
        """The industrial chain of ``county`` as the sources about it state it: clusters,
        industries, companies, projects, plans, platforms."""
        assert county.iri is not None
        key = ("chain", county.iri)
        if key not in self._views:
            about = await self._graphs_of("county-sources", county=county.iri)
            html = await asyncio.to_thread(_chain, await self._network(about), county)
            self._keep(key, Drawn(html, sources=len(about)))
        drawn = self._views[key]
        assert drawn is not None
        return drawn

    async def _graphs_of(self, page_query: str, **params: str) -> list[str]:
        """The graphs a page query lists (its column ``graph``)."""
        bound = {name: ox.NamedNode(value) for name, value in params.items()}
        answer = await self.explorer.answer(q.page_query(page_query), **bound)
        return [row["graph"].value for row in records(answer) if row["graph"] is not None]

    async def _network(self, graphs: list[str]) -> nx.MultiDiGraph:
        from ..network.convert import to_networkx

        read = await asyncio.gather(*(self._triples(g) for g in [ONTOLOGY_GRAPH, *graphs]))
        return await asyncio.to_thread(to_networkx, concat.from_iterable(read))

    async def _triples(self, graph: str) -> list[ox.Triple]:
        answer = await self.explorer.answer(q.page_query("graph"), graph=ox.NamedNode(graph))
        return answer.triples

    def _keep(self, key: tuple[str, str], drawn: Drawn | None) -> None:
        self._views[key] = drawn
        if len(self._views) > _KEPT_VIEWS:
            self._views.popitem(last=False)


def is_entity(classes: Iterable[str | None]) -> bool:
    """Whether a resource of ``classes`` is an entity that a network draws (not a concept, a
    fact, a class …)."""
    from ..network.convert import ENTITY_CLASSES

    return not set(ENTITY_CLASSES).isdisjoint(classes)


def _count(term: object) -> int:
    return int(term.value) if isinstance(term, ox.Literal) else 0


def _import_drawing() -> None:
    from ..network import convert, page, views  # noqa: F401


def _neighbourhood(triples: list[ox.Triple], iri: str) -> str | None:
    from ..network.convert import to_networkx
    from ..network.page import fragment
    from ..network.views import neighbourhood

    net = to_networkx(triples)
    if iri not in net:  # typed as an entity nowhere it is described
        return None
    view = neighbourhood(net, iri)
    view.graph["title"] = {"zh": "关系网络", "en": "Neighbourhood"}
    return fragment(view, assets_url=ASSETS, element_id="neighbourhood", links=page_url)


def _chain(net: nx.MultiDiGraph, county: Value) -> str:
    from ..network.page import fragment
    from ..network.views import chain

    view = chain(net)
    view.graph["title"] = {
        "zh": f"{county.zh or county.text}产业链",
        "en": f"The {county.en or county.text} industrial chain",
    }
    return fragment(view, assets_url=ASSETS, element_id="chain", links=page_url)
