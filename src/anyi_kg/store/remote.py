"""A SPARQL server as the store: pushing the built dataset to it, and querying it.

The push uses the Graph Store Protocol, one ``PUT`` per named graph (bulk, never triple by
triple); given the server's SPARQL Update endpoint, into staging graphs first, switched in one
update (:func:`push`). No request follows a redirect: httpx follows none by default, and a
redirected ``PUT`` or ``POST`` may arrive as a ``GET`` or at a server the user did not name,
so a ``3xx`` is an error that gives its ``Location``.

Queries use the SPARQL 1.1 Protocol, naming the dataset's graphs (the ontology's and each
source document's) as the default graph (their merge, as the embedded store's union) and the
named graphs, so answers equal the embedded store's on any compliant server. The graphs are
learned from the server at the first query (``queries/internal/dataset-graphs.rq``): those named
by a source document that describes itself, so the data say which graphs are ours.

The protocol has no bindings: parameters travel as a ``VALUES`` block that opens the main
pattern, written from the RDF terms by the RDF library (never from raw text); it equals binding
them wherever a parameter is used in the main pattern, as in every named question.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal

import httpx
import pyoxigraph as ox

from .. import query as q
from ..errors import BadInputError
from ..graph.terms import Term
from .base import Store, rdf_format
from .limits import QueryTimeout
from .protocol import accept, parse_results
from .results import Result

DATASET = "dataset"  # graphs=DATASET: the anyi-kg dataset's graphs, learned from the server
_BATCH = 500
"""Triples per ``INSERT`` request of a push by SPARQL Update (Virtuoso compiles each into SQL
and refuses one of more than 10000 lines)."""


class EndpointError(BadInputError):
    """The SPARQL server cannot be reached or refused the request."""


class RemoteStore(Store):
    """A SPARQL 1.1 query endpoint, with its Graph Store Protocol endpoint for reading quads."""

    def __init__(
        self,
        endpoint: str,
        *,
        store_endpoint: str | None = None,
        graphs: Sequence[str] | Literal["dataset"] | None = DATASET,
        timeout: float | None = None,
    ) -> None:
        """``graphs``: the named graphs to query as one (``None``: the server's default graph)."""
        for url in (endpoint, store_endpoint):
            if url is not None:
                check_url(url)
        self.endpoint, self.store_endpoint = endpoint, store_endpoint
        self._graphs, self.timeout = graphs, timeout
        self.client = httpx.Client(headers={"User-Agent": "anyi-kg"})

    @property
    def graphs(self) -> Sequence[str] | None:
        """The graphs queried as one; the dataset's are learned at the first use."""
        if self._graphs == DATASET:
            prepared = q.Prepared(q.internal("dataset-graphs"), "dataset-graphs", {})
            rows = self._execute(prepared, self.timeout, None).rows
            found = tuple(str(row[0].value) for row in rows if row[0] is not None)
            if not found:
                raise EndpointError(f"{self.endpoint} holds no anyi-kg dataset: push one first")
            self._graphs = found
        return self._graphs

    def execute(self, prepared: q.Prepared, timeout: float | None) -> Result:
        return self._execute(prepared, timeout, self.graphs)

    def _execute(
        self, prepared: q.Prepared, timeout: float | None, graphs: Sequence[str] | None
    ) -> Result:
        form: dict[str, str | list[str]] = {"query": q.with_values(prepared)}
        if graphs:
            form["default-graph-uri"] = form["named-graph-uri"] = list(graphs)
        response = _send(
            self.client,
            "POST",
            self.endpoint,
            timeout,
            data=form,
            headers={"Accept": accept(prepared.text)},
        )
        if response.status_code == 400:
            message = " ".join(response.text.split())
            raise q.syntax_error(SyntaxError(message), prepared.origin) from None
        _check(response, self.endpoint, success=(200,))
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media == "application/sparql-results+json":
            return Result.of(parse_results(response.content))
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
            _check(response, self.store_endpoint, success=(200,))
            name = ox.NamedNode(graph)
            for quad in ox.parse(response.content, ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(quad.subject, quad.predicate, quad.object, name)

    def close(self) -> None:
        self.client.close()


def push(
    store_endpoint: str | None,
    source: Path,
    *,
    update_endpoint: str | None = None,
    query_endpoint: str | None = None,
    timeout: float | None = 600.0,
    auth: tuple[str, str] | None = None,
) -> dict[str, int]:
    """Replace each graph of ``source`` on the server, by Graph Store Protocol ``PUT``, or
    without ``store_endpoint`` by SPARQL Update ``INSERT`` requests.

    With ``update_endpoint`` (SPARQL Update) the push is all or nothing: each graph goes to a
    new staging graph, then one update request moves every staging graph onto its target
    (on a server that runs a request in one transaction, as Oxigraph does, either all graphs
    are replaced or none); staging graphs are dropped on failure. Without it, the graphs are
    replaced one by one and a failure says which were replaced already. With
    ``query_endpoint``, each graph's triples are counted on the server before it counts as
    stored. ``timeout`` (seconds) applies to each request. ``auth`` (user, password) answers
    an HTTP Digest challenge of the store and update endpoints (Virtuoso's ``-auth`` ones).

    ``INSERT`` requests (which need ``update_endpoint``) keep every literal's datatype on
    Virtuoso 7.2, whose RDF loaders (Graph Store Protocol and bulk loader alike) store an
    ``xsd:integer`` beyond 32 bits as ``xsd:decimal``.

    Returns the number of triples per graph (``""`` for the default graph).
    """
    for url in (store_endpoint, update_endpoint, query_endpoint):
        if url is not None:
            check_url(url)
    if store_endpoint is None and update_endpoint is None:
        raise BadInputError("give the Graph Store URL, or a SPARQL Update URL to INSERT into")
    graphs = read_graphs(source)
    digest = None if auth is None else httpx.DigestAuth(*auth)
    with httpx.Client(headers={"User-Agent": "anyi-kg"}, auth=digest) as client:
        loader = _Loader(client, store_endpoint, query_endpoint, timeout)
        if update_endpoint is None:
            loader.in_turn(graphs)
        else:
            loader.staged(graphs, update_endpoint)
    return {name: len(triples) for name, triples in graphs.items()}


def read_graphs(source: Path) -> dict[str, set[ox.Triple]]:
    """The triples of each graph of an RDF file, sorted by graph name (``""``: default)."""
    graphs: dict[str, set[ox.Triple]] = defaultdict(set)
    try:
        for quad in ox.parse(path=str(source), format=rdf_format(source)):
            name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            graphs[name].add(quad.triple)
    except SyntaxError as error:
        raise q.syntax_error(error, str(source)) from None
    except (OSError, ValueError) as error:
        raise BadInputError(f"cannot read {source}: {error}") from None
    if not graphs:
        raise BadInputError(f"{source} holds no triples: nothing to push")
    return dict(sorted(graphs.items()))


class _Loader:
    """The requests of one push, and the words for what a failure has left on the server."""

    def __init__(
        self, client: httpx.Client, store: str | None, query: str | None, timeout: float | None
    ) -> None:
        self.client, self.store, self.timeout = client, store, timeout
        self.counter = None if query is None else RemoteStore(query, graphs=None, timeout=timeout)

    def in_turn(self, graphs: dict[str, set[ox.Triple]]) -> None:
        """PUT each graph onto its target; a failure names the graphs replaced before it."""
        names = list(graphs)
        for name, triples in graphs.items():
            try:
                self.put(name, triples)
            except BadInputError as error:
                unsure = isinstance(error, QueryTimeout)
                state = "may or may not have been replaced" if unsure else "was not replaced"
                raise PushError(_stopped(error, names, name, state)) from None
            try:
                self.count(name, triples)
            except BadInputError as error:
                raise PushError(_stopped(error, names, name, "is not as sent")) from None

    def staged(self, graphs: dict[str, set[ox.Triple]], update: str) -> None:
        """PUT each graph into a new staging graph, then move them all in one update."""
        staging = {name: f"urn:uuid:{uuid.uuid4()}" for name in graphs}
        # IRIs written by the RDF library (NamedNode), never pasted in as raw text
        moves = " ;\n".join(
            f"MOVE {ox.NamedNode(staging[n])} TO {ox.NamedNode(n) if n else 'DEFAULT'}"
            for n in graphs
        )
        switching = False
        try:
            for name, triples in graphs.items():
                if self.store is None:
                    self.insert(update, staging[name], triples)
                else:
                    self.put(staging[name], triples)
                self.count(staging[name], triples)
            switching = True
            self.update(update, moves)
        except BadInputError as error:
            if not switching:
                outcome = "no graph was replaced"
            elif isinstance(error, QueryTimeout):
                outcome = "the server may still replace them all"
            else:
                outcome = (
                    "all graphs were to switch in one update request: a server that runs a "
                    "request in one transaction (Oxigraph does) replaced none"
                )
            drops = " ;\n".join(f"DROP SILENT GRAPH {ox.NamedNode(n)}" for n in staging.values())
            try:
                self.update(update, drops)
            except BadInputError:
                outcome += f"; staging graphs may be left: {', '.join(staging.values())}"
            raise PushError(f"{error}. Push not done: {outcome}") from None

    def insert(self, update: str, name: str, triples: set[ox.Triple]) -> None:
        """Add ``triples`` to the new graph ``name`` by ``INSERT`` requests, in batches."""
        for batch in _batches(triples, _BATCH):
            body = (ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
            # a template, not INSERT DATA: Virtuoso 7.2 refuses blank nodes in INSERT DATA
            self.update(update, f"INSERT {{ GRAPH {ox.NamedNode(name)} {{\n{body}}} }} WHERE {{}}")

    def put(self, name: str, triples: set[ox.Triple]) -> None:
        """Replace one graph by a PUT: only 200, 201 or 204 is success."""
        assert self.store is not None
        body = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES)
        response = _send(
            self.client,
            "PUT",
            self.store,
            self.timeout,
            params={"graph": name} if name else {"default": ""},
            content=body,
            headers={"Content-Type": "application/n-triples"},
        )
        _check(response, self.store, success=(200, 201, 204))

    def count(self, name: str, triples: set[ox.Triple]) -> None:
        """With a query endpoint, check that the named graph holds as many triples as sent."""
        if self.counter is None or not name:
            return
        bindings: dict[str, Term] = {"graph": ox.NamedNode(name)}
        prepared = q.Prepared(q.internal("graph-size"), "graph-size", bindings)
        rows = self.counter.execute(prepared, self.timeout).rows
        stored = rows[0][0] if rows else None
        if stored is None or stored.value != str(len(triples)):
            held = "none" if stored is None else stored.value
            raise EndpointError(
                f"{self.store} accepted {len(triples)} triples for {_label(name)}, "
                f"but {self.counter.endpoint} counts {held}"
            )

    def update(self, endpoint: str, text: str) -> None:
        response = _send(self.client, "POST", endpoint, self.timeout, data={"update": text})
        _check(response, endpoint, success=(200, 204))


def _batches(triples: set[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """``triples`` in batches of about ``size``, the triples linked through blank nodes always
    in one batch (a blank node label names the same node only within one request)."""
    root: dict[ox.BlankNode, ox.BlankNode] = {}

    def find(node: ox.BlankNode) -> ox.BlankNode:
        while root.setdefault(node, node) != node:
            node = root[node]
        return node

    def blank(triple: ox.Triple) -> list[ox.BlankNode]:
        return [n for n in (triple.subject, triple.object) if isinstance(n, ox.BlankNode)]

    for triple in triples:
        if len(ends := [find(n) for n in blank(triple)]) == 2:
            root[ends[0]] = ends[1]
    groups: dict[ox.BlankNode | None, list[ox.Triple]] = defaultdict(list)
    for triple in sorted(triples, key=str):
        groups[find(blank(triple)[0]) if blank(triple) else None].append(triple)
    batch: list[ox.Triple] = []
    for key, group in groups.items():
        for piece in [group] if key else [group[i : i + size] for i in range(0, len(group), size)]:
            if batch and len(batch) + len(piece) > size:
                yield batch
                batch = []
            batch.extend(piece)
    if batch:
        yield batch


def _stopped(error: Exception, graphs: list[str], at: str, state: str) -> str:
    """What a failure at graph ``at`` of an in-turn push has left: the graphs before it are
    replaced, those after it not sent."""
    before, after = graphs[: graphs.index(at)], graphs[graphs.index(at) + 1 :]
    return (
        f"{error}. Push stopped: {_label(at)} {state}; replaced before it: "
        f"{', '.join(map(_label, before)) or 'none'}; not sent: "
        f"{', '.join(map(_label, after)) or 'none'} (with --update URL a push is all or nothing)"
    )


class PushError(EndpointError):
    """A push that stopped: the message says which graphs were replaced."""


def _label(name: str) -> str:
    return f"<{name}>" if name else "(default graph)"


def check_url(url: str) -> None:
    """Refuse what is not an ``http:`` or ``https:`` URL with a host."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise BadInputError(f"not a URL: {url!r} ({error})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise BadInputError(f"not an http:// or https:// URL: {url!r}")


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


def _check(response: httpx.Response, url: str, success: tuple[int, ...] | None = None) -> None:
    """Refuse an error, a redirect (never followed), or a status not in ``success``."""
    status = f"{response.status_code} {response.reason_phrase}".strip()
    if 300 <= response.status_code < 400:  # httpx follows none; neither do we, on purpose
        where = response.headers.get("location", "nowhere")
        raise EndpointError(
            f"{url} answered {status}, a redirect to {where}; redirects are not followed "
            "(a redirected PUT or POST may arrive as a GET, or elsewhere): give the URL "
            "the server really answers on"
        )
    if response.is_error:
        detail = " ".join(response.text.split())[:300]  # one line
        raise EndpointError(f"{url} answered {status}: {detail}".rstrip(": "))
    if success is not None and response.status_code not in success:
        expected = ", ".join(map(str, success))
        raise EndpointError(f"{url} answered {status}, not {expected}: the request did not succeed")
