"""The SPARQL 1.1 Protocol at /sparql, through the ASGI test client, on the built graph.

Expected answers are read from the report: 康佳集团 is named in the sentence "行业龙头康佳集团、
广东中迅农科、双胞胎集团纷纷来县投资"; the listed companies are 佛山金银河 and 沐邦高科.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import pickle
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from anyi_kg.server import Settings, create_app
from anyi_kg.server.engine import Answer, Engine, Job
from anyi_kg.store import OxigraphStore
from anyi_kg.store.results import Result

PREFIXES = (
    "PREFIX kg: <https://w3id.org/anyi-kg/id/> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)
LABEL = (
    PREFIXES
    + 'SELECT ?label WHERE { kg:konka-group rdfs:label ?label FILTER(LANG(?label) = "zh") }'
)
ASK = PREFIXES + 'ASK { kg:konka-group rdfs:label "康佳集团"@zh }'
CONSTRUCT = (
    PREFIXES + "CONSTRUCT { kg:konka-group rdfs:label ?l } WHERE { kg:konka-group rdfs:label ?l }"
)
KONKA = {"康佳集团", "Konka Group"}
FACTS = "https://w3id.org/anyi-kg/source/000_14a3bcd6bc545aa4"
ONTOLOGY = "https://w3id.org/anyi-kg/graph/ontology"
CODES = "https://w3id.org/anyi-kg/source/gb-t-2260"  # the code list of the regions
DERIVED = "https://w3id.org/anyi-kg/graph/derived"  # the links the build derives
RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
RDF_TYPES = {
    "turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def media(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0]


def labels(response: httpx.Response) -> list[str]:
    """The ?label values of a SELECT answer in any of the four result formats."""
    kind = media(response)
    body = response.content
    if kind == "text/csv":
        return [row["label"] for row in csv.DictReader(io.StringIO(body.decode()))]
    fmt = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }[kind]
    solutions = ox.parse_query_results(body, fmt)
    assert isinstance(solutions, ox.QuerySolutions)
    return [s["label"].value for s in solutions]


def test_get_answers_sparql_json_by_default(server_client: TestClient) -> None:
    response = server_client.get("/sparql", params={"query": LABEL})
    assert response.status_code == 200
    assert media(response) == "application/sparql-results+json"
    assert labels(response) == ["康佳集团"]
    assert response.headers["anyi-kg-truncated"] == "false"


@pytest.mark.parametrize(
    "content_type",
    [
        "application/sparql-query",
        "application/sparql-query; charset=utf-8",
        "application/sparql-query;charset=UTF-8",
    ],
)
def test_post_direct(server_client: TestClient, content_type: str) -> None:
    response = server_client.post(
        "/sparql", content=LABEL.encode(), headers={"Content-Type": content_type}
    )
    assert response.status_code == 200
    assert labels(response) == ["康佳集团"]


def test_post_form(server_client: TestClient) -> None:
    response = server_client.post("/sparql", data={"query": LABEL})
    assert response.status_code == 200
    assert labels(response) == ["康佳集团"]


@pytest.mark.parametrize("key", RESULT_TYPES)
def test_select_in_each_format(server_client: TestClient, key: str) -> None:
    response = server_client.get(
        "/sparql", params={"query": LABEL}, headers={"Accept": RESULT_TYPES[key]}
    )
    assert response.status_code == 200
    assert media(response) == RESULT_TYPES[key]
    assert labels(response) == ["康佳集团"]


@pytest.mark.parametrize("key", ["json", "xml"])
def test_ask_in_json_and_xml(server_client: TestClient, key: str) -> None:
    response = server_client.get(
        "/sparql", params={"query": ASK}, headers={"Accept": RESULT_TYPES[key]}
    )
    fmt = ox.QueryResultsFormat.JSON if key == "json" else ox.QueryResultsFormat.XML
    assert bool(ox.parse_query_results(response.content, fmt)) is True


@pytest.mark.parametrize("key", RDF_TYPES)
def test_construct_in_each_rdf_format(server_client: TestClient, key: str) -> None:
    accept, fmt = RDF_TYPES[key]
    response = server_client.post("/sparql", data={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert media(response) == accept
    assert {q.object.value for q in ox.parse(response.content, fmt)} == KONKA


def test_describe_is_rdf(server_client: TestClient) -> None:
    response = server_client.get("/sparql", params={"query": PREFIXES + "DESCRIBE kg:konka-group"})
    assert media(response) == "text/turtle"
    assert {q.object.value for q in ox.parse(response.content, ox.RdfFormat.TURTLE)} >= KONKA


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        (
            "application/sparql-results+json;q=0.2, text/tab-separated-values;q=0.9",
            "text/tab-separated-values",
        ),
        ("*/*;q=0.1, text/csv", "text/csv"),
        ("application/*", "application/sparql-results+json"),
    ],
)
def test_q_values_choose_the_format(server_client: TestClient, accept: str, expected: str) -> None:
    response = server_client.get("/sparql", params={"query": LABEL}, headers={"Accept": accept})
    assert media(response) == expected


def test_406_for_what_it_cannot_give(server_client: TestClient) -> None:
    png = {"Accept": "image/png"}
    response = server_client.get("/sparql", params={"query": LABEL}, headers=png)
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text
    csv_only = {"Accept": "text/csv"}
    assert (
        server_client.get("/sparql", params={"query": CONSTRUCT}, headers=csv_only).status_code
        == 406
    )


@pytest.mark.parametrize(
    ("query", "names", "expected"),
    [
        (LABEL, ["csv"], "text/csv"),
        (LABEL, ["tsv", "text/tab-separated-values"], "text/tab-separated-values"),
        (LABEL, ["turtle"], "application/sparql-results+json"),  # names nothing: Accept decides
        (CONSTRUCT, ["xml"], "application/rdf+xml"),  # SPARQLWrapper's name for RDF/XML
        (CONSTRUCT, ["n3"], "text/turtle"),
        (CONSTRUCT, ["json-ld", "application/ld+json"], "application/ld+json"),
    ],
)
def test_format_parameter_names_a_format(
    server_client: TestClient, query: str, names: list[str], expected: str
) -> None:
    params = [("query", query), *(("format", name) for name in names)]
    response = server_client.get(
        "/sparql", params=params, headers={"Accept": "image/png, */*;q=0.1"}
    )
    assert response.status_code == 200
    assert media(response) == expected


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        ({"Content-Type": "text/plain"}, LABEL.encode()),
        ({}, LABEL.encode()),
        ({"Content-Type": "application/sparql-query; charset=UTF-16"}, LABEL.encode("utf-16")),
        ({"Content-Type": "application/json"}, b'{"query": "ASK {}"}'),
    ],
)
def test_415_for_bodies_it_cannot_read(
    server_client: TestClient, headers: dict[str, str], body: bytes
) -> None:
    assert server_client.post("/sparql", content=body, headers=headers).status_code == 415


def test_400_with_the_parsers_message(server_client: TestClient) -> None:
    response = server_client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("the query does not parse: line 1, column 18: Expected")
    assert response.text.endswith("SELECT * WHERE { ?s ?p }\n" + " " * 17 + "^\n")


def test_400_for_several_queries_or_none(server_client: TestClient) -> None:
    assert server_client.get("/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D").status_code == 400
    assert server_client.post("/sparql", data={"default-graph-uri": FACTS}).status_code == 400
    assert (
        server_client.post(
            "/sparql",
            content=b"query=%ff",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ).status_code
        == 400
    )


def test_413_for_a_body_too_large(server_client: TestClient) -> None:
    query = "ASK {} #" + "x" * (1 << 20)
    response = server_client.post(
        "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 413


def test_405_for_other_methods(server_client: TestClient) -> None:
    assert server_client.put("/sparql?query=ASK%20%7B%7D").status_code == 405


@pytest.mark.parametrize(
    "request_",
    [
        {"method": "GET", "params": {"update": "CLEAR ALL"}},
        {"method": "POST", "data": {"update": "CLEAR ALL"}},
        {
            "method": "POST",
            "content": b"CLEAR ALL",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {"method": "GET", "params": {"query": "DROP ALL"}},
        {"method": "GET", "params": {"query": "LOAD <http://127.0.0.1:9/data.ttl>"}},
        {
            "method": "GET",
            "params": {"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"},
        },
        {"method": "GET", "params": {"query": "SELECT * FROM <http://127.0.0.1:9/g> { ?s ?p ?o }"}},
    ],
    ids=[
        "update get",
        "update form",
        "update direct",
        "drop as query",
        "load",
        "service",
        "remote from",
    ],
)
def test_refused_with_403_and_a_message(
    server_client: TestClient, request_: dict[str, object]
) -> None:
    response = server_client.request(url="/sparql", **request_)
    assert response.status_code == 403
    assert response.text.strip()
    assert server_client.get("/sparql", params={"query": ASK}).status_code == 200  # nothing changed


def test_protocol_dataset_is_honoured(server_client: TestClient) -> None:
    count = "SELECT (COUNT(*) AS ?label) WHERE { ?s ?p ?o }"
    everything = labels(
        server_client.get("/sparql", params={"query": count}, headers={"Accept": "text/csv"})
    )
    facts = labels(
        server_client.get(
            "/sparql",
            params={"query": count, "default-graph-uri": FACTS},
            headers={"Accept": "text/csv"},
        )
    )
    ontology = labels(
        server_client.get(
            "/sparql",
            params={"query": count, "default-graph-uri": ONTOLOGY},
            headers={"Accept": "text/csv"},
        )
    )
    codes = labels(
        server_client.get(
            "/sparql",
            params={"query": count, "default-graph-uri": CODES},
            headers={"Accept": "text/csv"},
        )
    )
    derived = labels(
        server_client.get(
            "/sparql",
            params={"query": count, "default-graph-uri": DERIVED},
            headers={"Accept": "text/csv"},
        )
    )
    assert int(derived[0]) > 0
    assert sum(int(n[0]) for n in (facts, ontology, codes, derived)) == int(everything[0])
    konka = server_client.get("/sparql", params={"query": ASK, "default-graph-uri": ONTOLOGY})
    assert bool(ox.parse_query_results(konka.content, ox.QueryResultsFormat.JSON)) is False
    graphs = "SELECT DISTINCT ?label WHERE { GRAPH ?label { ?s ?p ?o } }"
    named = server_client.get(
        "/sparql",
        params={"query": graphs, "named-graph-uri": FACTS},
        headers={"Accept": "text/csv"},
    )
    assert labels(named) == [FACTS]


def test_from_a_graph_it_holds(server_client: TestClient) -> None:
    query = f"SELECT (COUNT(*) AS ?label) FROM <{FACTS}> WHERE {{ ?s ?p ?o }}"
    from_query = labels(
        server_client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    )
    by_protocol = labels(
        server_client.get(
            "/sparql",
            params={"query": query.replace(f"FROM <{FACTS}> ", ""), "default-graph-uri": FACTS},
            headers={"Accept": "text/csv"},
        )
    )
    assert from_query == by_protocol


@pytest.mark.parametrize("key", RDF_TYPES)
def test_service_description(server_client: TestClient, key: str) -> None:
    accept, fmt = RDF_TYPES[key]
    response = server_client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    triples = {
        (q.predicate.value, q.object.value)
        for q in ox.parse(response.content, fmt, base_iri="http://127.0.0.1:8000/")
    }
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (sd + "endpoint", "http://127.0.0.1:8000/sparql") in triples
    assert (sd + "supportedLanguage", sd + "SPARQL11Query") in triples
    assert {(sd + "name", FACTS), (sd + "name", ONTOLOGY)} <= triples
    assert (sd + "resultFormat", "http://www.w3.org/ns/formats/SPARQL_Results_CSV") in triples


def test_browsers_are_sent_to_the_query_page(server_client: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = server_client.get(
        "/sparql", params={"query": ASK}, headers={"Accept": accept}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/query?query=")


def test_volatile_answers_are_not_cached(server_client: TestClient) -> None:
    query = "SELECT (STRUUID() AS ?label) {}"
    first, second = (
        labels(server_client.get("/sparql", params={"query": query})) for _ in range(2)
    )
    assert first != second


def test_a_kept_answer_is_read_afresh_and_counted_in_bytes(kg: OxigraphStore) -> None:
    """The engine keeps an answer pickled: each use reads its own copy, so a caller that changes
    its rows changes no later caller's, and the cache counts the bytes it holds."""
    counted = Result("select", ["n"], [(ox.Literal("1"),)])

    class Once(Engine):
        runs = 0

        async def _run(
            self, job: Job, timeout: float | None, since: float | None, wait: float
        ) -> Answer:
            self.runs += 1
            return Answer.of(counted, truncated=False)

    engine = Once(kg, None)

    async def twice() -> Result | None:
        first = (await engine.run(Job("SELECT (1 AS ?n) {}"))).result
        assert first is not None
        first.rows.append((ox.Literal("2"),))
        return (await engine.run(Job("SELECT (1 AS ?n) {}"))).result

    with ThreadPoolExecutor(1) as thread:  # the browser tests' loop runs on this one
        second = thread.submit(asyncio.run, twice()).result()
    assert engine.runs == 1 and second is not None and second.rows == counted.rows
    assert engine._used == len(pickle.dumps(counted, protocol=pickle.HIGHEST_PROTOCOL))


def test_cors_is_off_unless_enabled(server_client: TestClient, kg: OxigraphStore) -> None:
    origin = {"Origin": "http://example.org"}
    assert (
        "access-control-allow-origin"
        not in server_client.get("/sparql", params={"query": ASK}, headers=origin).headers
    )
    with TestClient(create_app(kg, Settings(cors=("http://example.org",)))) as allowed:
        response = allowed.get("/sparql", params={"query": ASK}, headers=origin)
        assert response.headers["access-control-allow-origin"] == "http://example.org"
        assert "anyi-kg-truncated" in response.headers["access-control-expose-headers"].lower()


@pytest.fixture(scope="module")
def limited(kg: OxigraphStore) -> Iterator[TestClient]:
    """An endpoint with a 0.5 s timeout and a cap of 3 rows."""
    with TestClient(create_app(kg, Settings(timeout=0.5, max_rows=3))) as test_client:
        yield test_client


def test_rows_are_capped_with_a_visible_flag(limited: TestClient) -> None:
    response = limited.get(
        "/sparql",
        params={"query": "SELECT ?s WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.headers["anyi-kg-truncated"] == "true"
    assert response.headers["anyi-kg-row-limit"] == "3"
    assert len(json.loads(response.content)["results"]["bindings"]) == 3
    triples = limited.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
    )
    assert triples.headers["anyi-kg-truncated"] == "true"
    assert len(triples.content.splitlines()) == 3
    small = limited.get("/sparql", params={"query": LABEL})
    assert small.headers["anyi-kg-truncated"] == "false"


def test_timeout_stops_the_work(limited: TestClient) -> None:
    pool = limited.app.state.site.engine.pool
    before = set(pool.pids)
    response = limited.get("/sparql", params={"query": HEAVY})
    assert response.status_code == 503
    assert response.text.startswith("query timeout")
    killed = before - set(pool.pids)
    assert len(killed) == 1
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(next(iter(killed))):
        time.sleep(0.05)
    assert not _alive(next(iter(killed)))
    while time.monotonic() < deadline and len(pool.pids) < len(before):
        time.sleep(0.05)
    assert len(pool.pids) == len(before)
    assert labels(limited.get("/sparql", params={"query": LABEL})) == ["康佳集团"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
