"""The endpoint served by uvicorn on a free 127.0.0.1 port, asked by real clients: SPARQLWrapper,
httpx and pandas; refusals checked with a loopback canary that must see no request; the same
against the remote backend (a real ``oxigraph serve``); and the ``anyi-kg serve`` command."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError

import httpx
import pandas as pd
import pytest
from rdflib import Graph, Literal, URIRef
from servers import Canary, free_port, serving, wait_for
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from anyi_kg.server import Settings, create_app
from anyi_kg.store import OxigraphStore
from anyi_kg.store.remote import RemoteStore, push

KG = "https://w3id.org/anyi-kg/id/"
PREFIXES = f"PREFIX kg: <{KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
# "上市公司佛山金银河投资的年产2万吨碳酸锂项目、上市公司沐邦高科投资的捷锐机电设备生产基地"
LISTED = (
    PREFIXES + "PREFIX ak: <https://w3id.org/anyi-kg/ontology#> "
    "SELECT ?name WHERE { ?c ak:isListedCompany true ; rdfs:label ?name "
    'FILTER(LANG(?name) = "zh") } ORDER BY ?name'
)
LISTED_NAMES = ["佛山金银河", "沐邦高科"]
KONKA = (
    PREFIXES + "CONSTRUCT { kg:konka-group rdfs:label ?l } WHERE { kg:konka-group rdfs:label ?l }"
)
COMMAND = Path(sys.executable).with_name("anyi-kg")


def wrapper(url: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(f"{url}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(live_server: str, method: str) -> None:
    answer = wrapper(live_server, LISTED, JSON, method).queryAndConvert()
    assert [b["name"]["value"] for b in answer["results"]["bindings"]] == LISTED_NAMES


def test_sparqlwrapper_post_directly(live_server: str) -> None:
    client = wrapper(live_server, LISTED, JSON, "POST")
    client.setRequestMethod("postdirectly")
    answer = client.queryAndConvert()
    assert [b["name"]["value"] for b in answer["results"]["bindings"]] == LISTED_NAMES


def test_sparqlwrapper_select_xml_csv_tsv(live_server: str) -> None:
    xml = wrapper(live_server, LISTED, XML).queryAndConvert()
    assert [n.firstChild.data for n in xml.getElementsByTagName("literal")] == LISTED_NAMES
    table = wrapper(live_server, LISTED, CSV).queryAndConvert().decode()
    assert [row["name"] for row in csv.DictReader(io.StringIO(table))] == LISTED_NAMES
    tsv = wrapper(live_server, LISTED, TSV).queryAndConvert().decode()
    assert tsv.splitlines() == ["?name", *(f'"{name}"@zh' for name in LISTED_NAMES)]


def test_sparqlwrapper_ask(live_server: str) -> None:
    ask = PREFIXES + 'ASK { kg:konka-group rdfs:label "康佳集团"@zh }'
    assert wrapper(live_server, ask, JSON).queryAndConvert()["boolean"] is True


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD, XML])
def test_sparqlwrapper_construct(live_server: str, fmt: str) -> None:
    graph = wrapper(live_server, KONKA, fmt).queryAndConvert()
    if not isinstance(graph, Graph):
        graph = Graph().parse(data=graph, format="json-ld" if fmt == JSONLD else "turtle")
    assert set(graph.objects(URIRef(KG + "konka-group"))) == {
        Literal("康佳集团", lang="zh"),
        Literal("Konka Group", lang="en"),
    }


def test_sparqlwrapper_reports_a_malformed_query(live_server: str) -> None:
    with pytest.raises(QueryBadFormed):
        wrapper(live_server, "SELECT * WHERE { ?s ?p }", JSON).query()


def test_sparqlwrapper_update_is_refused(live_server: str) -> None:
    client = wrapper(live_server, "CLEAR ALL", JSON, "POST")
    with pytest.raises(HTTPError) as refusal:
        client.query()
    assert refusal.value.code == 403
    assert wrapper(live_server, LISTED, JSON).queryAndConvert()["results"]["bindings"]


def test_pandas_reads_csv(live_server: str) -> None:
    frame = pd.read_csv(
        f"{live_server}/sparql?" + httpx.QueryParams(query=LISTED, format="csv").__str__()
    )
    assert frame["name"].tolist() == LISTED_NAMES
    by_accept = pd.read_csv(
        f"{live_server}/sparql?" + str(httpx.QueryParams(query=LISTED)),
        storage_options={"Accept": "text/csv"},
    )
    assert by_accept["name"].tolist() == LISTED_NAMES


def attempts(canary: Canary) -> list[tuple[str, dict[str, object]]]:
    """Requests that would make a careless endpoint call the canary."""
    target, data = f"<{canary.url}/sparql>", f"<{canary.url}/data.ttl>"
    queries = {
        "service": f"SELECT * {{ SERVICE {target} {{ ?s ?p ?o }} }}",
        "service silent": f"SELECT * {{ SERVICE SILENT {target} {{ ?s ?p ?o }} }}",
        "service glued": f"PREFIX : {target} SELECT * {{ SERVICE:x {{ ?s ?p ?o }} }}",
        "service escaped": f"SELECT * {{ \\u0053ERVICE {target} {{ ?s ?p ?o }} }}",
        "load as query": f"LOAD {data}",
        "from": f"SELECT * FROM {data} {{ ?s ?p ?o }}",
        "from named": f"SELECT * FROM NAMED {data} {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    }
    update = {"Content-Type": "application/sparql-update"}
    return [
        *((name, {"params": {"query": text}}) for name, text in queries.items()),
        ("service in a form", {"data": {"query": queries["service"]}}),
        ("load as update", {"data": {"update": f"LOAD {data}"}}),
        ("load direct", {"content": f"LOAD {data}".encode(), "headers": update}),
    ]


def test_refusals_make_no_outbound_request(live_server: str, canary: Canary) -> None:
    with httpx.Client(base_url=live_server) as http:
        for name, request in attempts(canary):
            method = "POST" if "data" in request or "content" in request else "GET"
            response = http.request(method, "/sparql", **request)
            assert response.status_code == 403, name
            assert response.text.strip(), name
    time.sleep(0.2)
    assert canary.requests == []


def test_cap_and_timeout_on_a_running_server(kg: OxigraphStore) -> None:
    with (
        serving(create_app(kg, Settings(timeout=3.0, max_rows=2))) as url,
        httpx.Client(base_url=url) as http,
    ):
        capped = http.get(
            "/sparql", params={"query": LISTED + " LIMIT 5"}, headers={"Accept": "text/csv"}
        )
        assert capped.headers["anyi-kg-truncated"] == "false"
        every = http.get(
            "/sparql", params={"query": "SELECT * { ?s ?p ?o }"}, headers={"Accept": "text/csv"}
        )
        assert every.headers["anyi-kg-truncated"] == "true"
        assert len(every.text.splitlines()) == 3  # the header and two rows
        slow = http.get(
            "/sparql",
            params={"query": "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"},
        )
        assert slow.status_code == 503
        assert "timeout" in slow.text
        assert http.get("/sparql", params={"query": LISTED}).status_code == 200


@pytest.fixture(scope="module")
def remote_server(oxigraph_server: str, dataset: Path) -> Iterator[str]:
    """The explorer and endpoint in front of the oxigraph server holding the graph."""
    push(f"{oxigraph_server}/store", dataset)
    with serving(create_app(RemoteStore(f"{oxigraph_server}/query"))) as url:
        yield url


def test_remote_backend_answers_and_renders(remote_server: str) -> None:
    answer = wrapper(remote_server, LISTED, JSON).queryAndConvert()
    assert [b["name"]["value"] for b in answer["results"]["bindings"]] == LISTED_NAMES
    with httpx.Client(base_url=remote_server) as http:
        page = http.get("/id/konka-group").text
        assert "行业龙头康佳集团、广东中迅农科、双胞胎集团纷纷来县投资" in page
        count = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
        facts = {"default-graph-uri": "https://w3id.org/anyi-kg/source/000_14a3bcd6bc545aa4"}
        total = http.get("/sparql", params={"query": count}, headers={"Accept": "text/csv"}).text
        some = http.get(
            "/sparql", params={"query": count, **facts}, headers={"Accept": "text/csv"}
        ).text
        assert int(some.split()[1]) < int(total.split()[1])
        assert http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"}).status_code == 400


def test_remote_backend_refuses_before_forwarding(remote_server: str, canary: Canary) -> None:
    with httpx.Client(base_url=remote_server) as http:
        for name, request in attempts(canary):
            method = "POST" if "data" in request or "content" in request else "GET"
            assert http.request(method, "/sparql", **request).status_code == 403, name
    time.sleep(0.2)
    assert canary.requests == []


def test_serve_command_starts_answers_and_stops(dataset: Path) -> None:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "anyi_kg.cli",
        "serve",
        "--port",
        str(port),
        "--source",
        str(dataset),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for(port, process)
        response = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": LISTED})
        assert response.status_code == 200
        assert "沐邦高科" in response.text
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    banner = process.stdout.read().decode()
    assert f"http://127.0.0.1:{port}/sparql" in banner
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _serving(port):
        time.sleep(0.1)
    assert not _serving(port)  # no query worker outlives the server


def _serving(port: int) -> list[int]:
    """Processes whose command line serves ``port``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            continue
        if b"serve" in cmdline and str(port).encode() in cmdline and entry.name.isdigit():
            found.append(int(entry.name))
    return [pid for pid in found if pid != os.getpid()]
