"""A SPARQL server as the store: pushing the built dataset to it, and querying it.

The push uses the Graph Store Protocol, one ``PUT`` per named graph (bulk, never triple by
triple). Queries use the SPARQL 1.1 Protocol; unless told otherwise the client names the
ontology and facts graphs as both the default graph (``default-graph-uri``: their merge, as the
embedded store's union) and the named graphs, so answers equal the embedded store's on any
compliant server. The protocol has no bindings: parameters travel as a ``VALUES`` block that
opens the main pattern, written from the RDF terms by the RDF library (never from raw text);
it equals binding them wherever a parameter is used in the main pattern, as in every named
question.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pyoxigraph as ox

from . import query as q
from .errors import BadInputError
from .limits import QueryTimeout
from .namespaces import BASE
from .results import Result
from .store import Store

GRAPHS = (BASE + "graph/ontology", BASE + "graph/facts")
"""The named graphs ``anyi-kg build`` writes (``build.ONTOLOGY_GRAPH``, ``build.FACTS_GRAPH``)."""
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


class EndpointError(BadInputError):
    """The SPARQL server cannot be reached or refused the request."""


class RemoteStore(Store):
    """A SPARQL 1.1 query endpoint, with its Graph Store Protocol endpoint for reading quads."""

    def __init__(
        self,
        endpoint: str,
        *,
        store_endpoint: str | None = None,
        graphs: Sequence[str] | None = GRAPHS,
        timeout: float | None = None,
    ) -> None:
        self.endpoint, self.store_endpoint = endpoint, store_endpoint
        self.graphs, self.timeout = graphs, timeout
        self.client = httpx.Client(headers={"User-Agent": "anyi-kg"})

    def execute(self, prepared: q.Prepared, timeout: float | None) -> Result:
        form: dict[str, str | list[str]] = {"query": with_values(prepared)}
        if self.graphs:
            form["default-graph-uri"] = form["named-graph-uri"] = list(self.graphs)
        response = _send(
            self.client, "POST", self.endpoint, timeout, data=form, headers={"Accept": _ACCEPT}
        )
        if response.status_code == 400:
            message = response.text.strip()
            raise q.syntax_error(SyntaxError(message), prepared.origin) from None
        _check(response, self.endpoint)
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media == "application/sparql-results+json":
            return Result.of(ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON))
        rdf_format = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
        return Result(
            "graph", triples=[quad.triple for quad in ox.parse(response.content, rdf_format)]
        )

    def quads(self) -> Iterator[ox.Quad]:
        if self.store_endpoint is None:
            raise BadInputError(
                "reading every quad needs the Graph Store endpoint (store_endpoint)"
            )
        for graph in self.graphs or ():
            response = _send(
                self.client,
                "GET",
                self.store_endpoint,
                self.timeout,
                params={"graph": graph},
                headers={"Accept": "application/n-triples"},
            )
            _check(response, self.store_endpoint)
            name = ox.NamedNode(graph)
            for quad in ox.parse(response.content, ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(quad.subject, quad.predicate, quad.object, name)

    def close(self) -> None:
        self.client.close()


def with_values(prepared: q.Prepared) -> str:
    """The query text with its bound terms as a ``VALUES`` block.

    The block opens the main pattern, where the server's planner starts from it as it would
    from a constant; without such a group (``CONSTRUCT WHERE``) it trails the query.
    """
    if not prepared.bindings:
        return prepared.text
    if any(isinstance(t, ox.BlankNode) for t in prepared.bindings.values()):
        raise BadInputError("a blank node cannot be bound in a query sent to a server")
    variables = " ".join(f"?{name}" for name in prepared.bindings)
    values = " ".join(str(term) for term in prepared.bindings.values())
    block = f"VALUES ({variables}) {{ ({values}) }}"
    at = q.main_group(prepared.text)
    if at is None:
        return f"{prepared.text}\n{block}\n"
    return f"{prepared.text[:at]} {block}{prepared.text[at:]}"


def push(store_endpoint: str, source: Path, timeout: float | None = 600.0) -> dict[str, int]:
    """Replace each graph of ``source`` on the server by one Graph Store Protocol ``PUT``.

    Returns the number of triples sent per graph (``""`` for the default graph).
    """
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    try:
        for quad in ox.parse(path=str(source)):
            name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            graphs[name].append(quad.triple)
    except SyntaxError as error:
        raise q.syntax_error(error, str(source)) from None
    except OSError as error:
        raise BadInputError(f"cannot read {source}: {error}") from None
    with httpx.Client(headers={"User-Agent": "anyi-kg"}) as client:
        for name, triples in sorted(graphs.items()):
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            response = _send(
                client,
                "PUT",
                store_endpoint,
                timeout,
                params={"graph": name} if name else {"default": ""},
                content=body,
                headers={"Content-Type": "application/n-triples"},
            )
            _check(response, store_endpoint)
    return {name: len(triples) for name, triples in sorted(graphs.items())}


def _send(
    client: httpx.Client, method: str, url: str, timeout: float | None, **kwargs: object
) -> httpx.Response:
    try:
        return client.request(method, url, timeout=timeout, **kwargs)  # type: ignore[arg-type]
    except httpx.TimeoutException:
        raise QueryTimeout(
            f"{url} did not answer within {timeout:g} s; the request was closed "
            "(a server stops the work itself only with its own timeout, e.g. "
            "oxigraph serve --timeout-s)"
        ) from None
    except (httpx.HTTPError, ValueError) as error:
        raise EndpointError(f"cannot reach the SPARQL server at {url}: {error}") from None


def _check(response: httpx.Response, url: str) -> None:
    if response.is_error:
        detail = response.text.strip()[:500]
        raise EndpointError(f"{url} answered {response.status_code}: {detail}")
