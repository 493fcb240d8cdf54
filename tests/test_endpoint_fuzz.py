"""A fuzzer of the no-outbound-request rule: ``SERVICE`` (and ``FROM``, ``LOAD``) placed after
every kind of token, sent to a real server (GET, POST and the query page) and, bypassing the
guards, straight into a sandboxed query worker. A TCP listener on 127.0.0.1 counts connections:
there must be none, and no answer may quote its body.

The attempts are counted and printed (``pytest -s``): the figure quoted in issue 18's note.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from servers import Listener

from anyi_kg.server.engine import Job, SyntaxProblem, execute
from anyi_kg.server.guards import Refused
from anyi_kg.server.pool import Pool
from anyi_kg.server.sandbox import confine

# What comes right before SERVICE: every kind of token, and text that looks like one.
BEFORE = [
    "",
    "FILTER(1<2)",
    "FILTER(2>1)",
    "FILTER(1<2&&2>1)",
    "?s ?p ?o FILTER(?o < 3)",
    "BIND(1<2 AS ?lt)",
    "# a comment <\n",
    "#>\n",
    "# SERVICE in a comment\r\n",
    '?s ?p "a<b" .',
    "?s ?p 'a>b' .",
    '?s ?p """<\n>""" .',
    "?s ?p '''#''' .",
    r'?s ?p "\u003C" .',
    "?s <urn:p#> ?o .",
    "?s <urn:a<b> ?o .",
    "?s a:b ?o .",
    "VALUES ?v { 1 }",
    "\t\f\n",
]
# How SERVICE is written; {url} is the listener.
SERVICE = [
    "SERVICE <{url}/s>",
    "SERVICE:x",
    "SERVICE :x",
    "service:x",
    "SeRvIcE <{url}/s>",
    "SERVICE SILENT <{url}/s>",
    "SERVICE\f<{url}/s>",
    r"\u0053ERVICE <{url}/s>",
    r"SERV\u0049CE:x",
    r"SERVICE <http\u003A//{host}/s>",
    "SERVICE\n<{url}/s>",
]
# Where the pattern stands.
AROUND = [
    "{{ {0} {{ ?s ?p ?o }} }}",
    "{{ ?s ?p ?o OPTIONAL {{ {0} {{ ?s ?p ?o }} }} }}",
    "{{ {{ ?s ?p ?o }} UNION {{ {0} {{ ?s ?p ?o }} }} }}",
    "{{ ?s ?p ?o MINUS {{ {0} {{ ?s ?p ?o }} }} }}",
    "{{ {{ SELECT * WHERE {{ {0} {{ ?s ?p ?o }} }} }} }}",
    "{{ FILTER EXISTS {{ {0} {{ ?s ?p ?o }} }} }}",
]
OTHERS = [
    "SELECT * FROM <{url}/g> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "SELECT * FROM:g WHERE {{ ?s ?p ?o }}",
    "ASK FROM <g> {{ }}",
    "BASE <{url}/> ASK FROM <g> {{ }}",
    "ASK from<{url}/g> {{ }}",
    r"ASK FROM <http\u003A//{host}/g> {{ }}",
    "LOAD <{url}/d>",
    "LOAD SILENT <{url}/d> INTO GRAPH <urn:g>",
    "load<{url}/d>",
    r"\u004COAD <{url}/d>",
    "INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} ; LOAD <{url}/d>",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }}",
    "DESCRIBE ?s WHERE {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }}",
    "ASK {{ SERVICE <{url}/s> {{ }} }}",
]


def attempts(url: str) -> Iterator[str]:
    """Every query the fuzzer sends, pointing at ``url``."""
    host = url.removeprefix("http://")
    prologue = f"PREFIX : <{url}/> PREFIX service: <{url}/> PREFIX a: <urn:a#>\n"
    for before, service, around in itertools.product(BEFORE, SERVICE, AROUND):
        pattern = before + service.format(url=url, host=host)
        yield prologue + "SELECT * WHERE " + around.format(pattern)
    for other in OTHERS:
        yield prologue + other.format(url=url, host=host)


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    try:
        yield server
    finally:
        server.close()


def test_the_endpoint_sends_nothing(live_server: str, listener: Listener) -> None:
    queries = list(attempts(listener.url))
    statuses: dict[int, int] = {}
    with httpx.Client(base_url=live_server, timeout=60) as client:
        for query in queries:
            answers = [
                client.get("/sparql", params={"query": query}),
                client.post("/sparql", data={"query": query}),
                client.get("/query", params={"query": query}),
            ]
            for answer in answers:
                assert answer.status_code in (400, 403), (query, answer.status_code, answer.text)
                assert "canary" not in answer.text
                statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
    print(f"\nendpoint: {len(queries)} queries, {3 * len(queries)} requests, statuses {statuses}, "
          f"{listener.connections} connections")  # fmt: skip
    assert listener.connections == 0


def test_a_sandboxed_worker_reaches_nothing(listener: Listener) -> None:
    """The second wall on its own: each query straight to Oxigraph in a worker, unguarded."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c")))
    queries = list(attempts(listener.url))

    async def run_all() -> dict[str, int]:
        pool = Pool(lambda job: execute(store, job), 2, init=lambda: confine(256))
        pool.start()
        outcomes: dict[str, int] = {}
        try:
            for query in queries:
                try:
                    answer = await pool.run(Job(query, fmt="json"), timeout=30)
                    outcome = "answered"
                    assert b"canary" not in answer.body
                except Refused as refusal:
                    assert "makes no outbound requests" in str(refusal)
                    outcome = "refused"
                except SyntaxProblem:
                    outcome = "syntax error"
                except RuntimeError as error:  # Oxigraph's own: SERVICE ?var and the like
                    assert "canary" not in str(error)
                    outcome = "failed"
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
        finally:
            pool.close()
        return outcomes

    outcomes = asyncio.run(run_all())
    print(f"\nsandboxed worker: {len(queries)} queries, {outcomes}, "
          f"{listener.connections} connections")  # fmt: skip
    assert listener.connections == 0
    # Answered: Oxigraph never called the service (the pattern joined to it matched nothing).
    assert outcomes.get("refused", 0) > 300
