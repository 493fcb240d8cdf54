"""The W3C SPARQL 1.1 Protocol tests (``tests/w3c/sparql-protocol/manifest.ttl``), sent over HTTP
to the endpoint served by uvicorn on 127.0.0.1.

The dataset of the manifest (``data1.nt`` … ``data3.nt`` as named graphs) is served as the
endpoint's store. Every query and bad-request case must behave as the manifest says. The update
cases expect success, but the endpoint is read-only by design: there the update must be refused
with 403 and a message, and the store must be left as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDFS
from servers import serving

from anyi_kg.server import create_app
from anyi_kg.store import OxigraphStore

SUITE = Path(__file__).parent / "w3c" / "sparql-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
STATUS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class Request:
    """One ``ht:Request`` of a test and the response the manifest expects."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]  # first digit of the acceptable status codes
    fmt: str | None
    boolean: bool | None

    @property
    def is_update(self) -> bool:
        content_type = self.headers.get("content-type", "")
        body = self.body or b""
        return content_type.startswith("application/sparql-update") or body.startswith(b"update=")


@dataclass(frozen=True)
class Case:
    name: str
    requests: tuple[Request, ...]

    @property
    def refused_by_design(self) -> bool:
        """An update the manifest expects to succeed: a read-only endpoint refuses it."""
        first = self.requests[0]
        return first.is_update and first.statuses <= {2, 3}


def _cases() -> list[Case]:
    manifest = Graph().parse(SUITE / "manifest.ttl", publicID=SUITE.as_uri() + "/manifest.ttl")
    root = next(manifest.subjects(MF.entries, None))
    cases = []
    for test in Collection(manifest, manifest.value(root, MF.entries)):
        action = manifest.value(test, MF.action)
        requests = []
        for node in Collection(manifest, manifest.value(action, HT.requests)):
            headers = {
                str(manifest.value(h, HT.fieldName)).lower(): str(manifest.value(h, HT.fieldValue))
                for h in Collection(manifest, manifest.value(node, HT.headers) or URIRef("urn:nil"))
            }
            body_node = manifest.value(node, HT.body)
            body = None
            if body_node is not None:
                encoding = str(manifest.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(manifest.value(body_node, CNT.chars)).encode(encoding)
            response = manifest.value(node, HT.resp)
            statuses = {
                int(str(s)[len(STATUS)]) for s in manifest.objects(response, MF.expectedStatus)
            }
            fmt = manifest.value(response, MF.expectedFormat)
            boolean = manifest.value(response, MF.expectedBoolean)
            path = str(manifest.value(node, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
            requests.append(
                Request(
                    str(manifest.value(node, HT.methodName)),
                    path,
                    headers,
                    body,
                    frozenset(statuses),
                    None if fmt is None else str(fmt),
                    None if boolean is None else bool(boolean.toPython()),
                )
            )
        cases.append(Case(str(test).rpartition("#")[2], tuple(requests)))
    return cases


def _dataset() -> ox.Store:
    """The graphs the manifest's tests name, each under its label."""
    manifest = Graph().parse(SUITE / "manifest.ttl", publicID=SUITE.as_uri() + "/manifest.ttl")
    store = ox.Store()
    for data in set(manifest.objects(None, UT.graphData)):
        name = ox.NamedNode(str(manifest.value(data, RDFS.label)))
        path = Path(str(manifest.value(data, UT.graph)).removeprefix("file://"))
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
            store.add(ox.Quad(quad.subject, quad.predicate, quad.object, name))
    return store


CASES = _cases()


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with serving(create_app(OxigraphStore(_dataset()))) as url:
        yield url


def test_the_manifest_is_read_whole() -> None:
    assert len(CASES) == 34
    assert sum(case.refused_by_design for case in CASES) == 7


def _send(url: str, request: Request) -> httpx.Response:
    return httpx.request(
        request.method, url + request.path, headers=request.headers, content=request.body
    )


def _check(request: Request, response: httpx.Response) -> None:
    assert response.status_code // 100 in request.statuses, response.text
    media = response.headers.get("content-type", "").split(";")[0]
    if request.fmt in ("boolean", "tabular"):
        assert media in RESULTS
        answer = ox.parse_query_results(response.content, RESULTS[media])
        if request.fmt == "boolean":
            assert isinstance(answer, ox.QueryBoolean)
            assert request.boolean is None or bool(answer) is request.boolean
        else:
            assert isinstance(answer, ox.QuerySolutions)
            list(answer)
    elif request.fmt == "RDF":
        assert media in RDF
        list(ox.parse(response.content, RDF[media], base_iri="http://127.0.0.1/"))


@pytest.mark.parametrize(
    "case",
    CASES,
    ids=[f"{c.name} (refused: read-only)" if c.refused_by_design else c.name for c in CASES],
)
def test_protocol_case(endpoint: str, case: Case) -> None:
    if case.refused_by_design:
        response = _send(endpoint, case.requests[0])
        assert response.status_code == 403
        assert "read-only" in response.text
        everything = httpx.get(
            f"{endpoint}/sparql", params={"query": "SELECT * { GRAPH ?g { ?s ?p ?o } }"}
        )
        assert len(everything.json()["results"]["bindings"]) == 3  # data1, data2, data3 untouched
        return
    for request in case.requests:
        _check(request, _send(endpoint, request))
