"""Bad input at the SPARQL endpoint, each case of issue 18 with the status and message it gets:
a real server (uvicorn on 127.0.0.1), real clients, a loopback listener that must see nothing."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from servers import Listener, serving

from anyi_kg.server import Settings, create_app
from anyi_kg.server.pool import BUSY_WAIT, RETRY_AFTER
from anyi_kg.store import OxigraphStore
from anyi_kg.store.remote import RemoteStore

BYPASS = "PREFIX : <{url}/>\nSELECT * WHERE {{ FILTER(1<2)SERVICE:x#>\n{{ ?s ?p ?o }} }}"
# Three patterns joined: 6,322³ rows, which no deadline lets finish.
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?a != <urn:{n}>) }}"


@contextmanager
def endpoint(kg: OxigraphStore, **settings: Any) -> Iterator[httpx.Client]:
    """The endpoint over the built graph with ``settings``, and a client for it."""
    with (
        serving(create_app(kg, Settings(**settings))) as url,
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        yield client


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def busy_server(kg: OxigraphStore) -> Iterator[httpx.Client]:
    """One worker and a 3 s deadline: easy to keep busy."""
    with endpoint(kg, workers=1, timeout=3.0) as client:
        yield client


def ask(client: httpx.Client, query: str, how: str = "GET") -> httpx.Response:
    if how == "POST":
        return client.post("/sparql", data={"query": query})
    if how == "page":
        return client.get("/query", params={"query": query})
    return client.get("/sparql", params={"query": query})


def in_background(client: httpx.Client, query: str) -> tuple[threading.Thread, list[Any]]:
    """Send ``query`` from a thread; the list gets (response, seconds) when it is answered."""
    done: list[Any] = []

    def send() -> None:
        started = time.monotonic()
        done.append((ask(client, query), time.monotonic() - started))

    thread = threading.Thread(target=send)
    thread.start()
    return thread, done


@pytest.mark.parametrize("param", ["subject", "indicator"])
def test_a_parameter_cannot_end_its_values_block(
    live_server: str, listener: Listener, param: str
) -> None:
    """A bound term is written into the query's VALUES block: a value that tries to close the
    block and add a SERVICE is no IRI, so it is refused before any query runs."""
    hostile = f"kg:x> }} SERVICE <{listener.url}/> {{ ?s ?p ?o"
    with httpx.Client(base_url=live_server, timeout=30) as client:
        response = client.get("/query", params={"name": "indicator-series", param: hostile})
    assert response.status_code == 400
    assert "Traceback" not in response.text
    assert listener.connections == 0


@pytest.mark.parametrize("how", ["GET", "POST", "page"])
def test_the_published_bypass_is_refused(live_server: str, listener: Listener, how: str) -> None:
    with httpx.Client(base_url=live_server, timeout=30) as client:
        response = ask(client, BYPASS.format(url=listener.url), how)
    assert response.status_code == 403
    assert "this endpoint makes no outbound requests" in response.text
    assert listener.connections == 0


@pytest.mark.parametrize("how", ["GET", "POST", "page"])
def test_service_with_a_variable_is_400(live_server: str, how: str) -> None:
    query = "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?u) SERVICE ?u { ?s ?p ?o } }"
    with httpx.Client(base_url=live_server, timeout=30) as client:
        response = ask(client, query, how)
    assert response.status_code == 400
    assert "SERVICE ?u is not supported" in response.text


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
        "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
        "SELECT * WHERE { BIND(" + "STR(" * 5000 + "1" + ")" * 5000 + " AS ?x) }",
    ],
    ids=["parentheses", "braces", "function calls"],
)
def test_5000_nested_is_400_not_a_crash(live_server: str, query: str) -> None:
    with httpx.Client(base_url=live_server, timeout=60) as client:
        response = ask(client, query, "POST")
        assert response.status_code == 400
        assert "nested too deeply" in response.text
        assert ask(client, "ASK { ?s ?p ?o }").status_code == 200  # nothing died


def test_deep_but_real_nesting_is_read(live_server: str) -> None:
    """Forty levels of brackets and groups, more than any hand-written query has, still run."""
    query = (
        "SELECT ?x WHERE " + "{" * 40 + " BIND(" + "(" * 40 + "1" + ")" * 40 + " AS ?x) "
        + "}" * 40
    )  # fmt: skip
    with httpx.Client(base_url=live_server, timeout=60) as client:
        response = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.text.split() == ["x", "1"]


def test_a_syntax_error_under_load_is_400_at_once(busy_server: httpx.Client) -> None:
    thread, done = in_background(busy_server, HEAVY.format(n="syntax-under-load"))
    time.sleep(0.5)  # the only worker is now busy
    try:
        bad = ask(busy_server, "SELECT * WHERE { ?s ?p }")
        refused = ask(busy_server, "ASK { SERVICE <http://127.0.0.1:9/> {} }")
        assert not done  # still running: the answers above did not wait for it
    finally:
        thread.join()
    assert bad.status_code == 400 and "line 1, column 18" in bad.text
    assert refused.status_code == 403


def test_one_deadline_for_the_wait_and_the_run(busy_server: httpx.Client) -> None:
    """A query that waited for the worker has only what is left of its 3 s, not 3 s more."""
    first, first_done = in_background(busy_server, HEAVY.format(n="first"))
    time.sleep(1.5)
    second, second_done = in_background(busy_server, HEAVY.format(n="second"))
    first.join()
    second.join()
    (response, seconds), (response2, seconds2) = first_done[0], second_done[0]
    assert response.status_code == response2.status_code == 503
    assert "query timeout" in response.text and "query timeout" in response2.text
    assert 2.9 <= seconds < 3.75
    assert 2.9 <= seconds2 < 3.75  # was 1.5 s of waiting plus 3 s of running


def test_busy_is_503_with_retry_after(kg: OxigraphStore) -> None:
    with endpoint(kg, workers=1, timeout=6.0) as client:
        thread, _ = in_background(client, HEAVY.format(n="hog"))
        time.sleep(0.5)
        started = time.monotonic()
        response = ask(client, HEAVY.format(n="second"))
        waited = time.monotonic() - started
        assert response.status_code == 503
        assert response.headers["Retry-After"] == str(RETRY_AFTER)
        assert "the endpoint is busy" in response.text
        assert BUSY_WAIT - 0.1 <= waited < BUSY_WAIT + 2
        thread.join()


def test_memory_limit_is_503_and_a_fresh_worker_answers(kg: OxigraphStore) -> None:
    """A cartesian ORDER BY must hold every row; at 200 MB its worker ends, the query gets a
    503 that says so, and the next query is answered by a new worker."""
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d LIMIT 1"
    with endpoint(kg, workers=1, timeout=60.0, memory_mb=200) as client:
        response = ask(client, query)
        assert response.status_code == 503
        assert "needs more than the 200 MB a query may use" in response.text
        assert "a fresh worker takes the next query" in response.text
        after = client.get(
            "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "text/csv"}
        )
        assert after.status_code == 200 and after.text.split() == ["boolean", "true"]


@pytest.mark.parametrize(
    ("status", "ours", "message"),
    [
        (400, 400, "the SPARQL server refused the query as malformed (400 Bad Request)"),
        (500, 500, "the SPARQL server answered 500 Internal Server Error"),
        (502, 500, "the SPARQL server answered 502 Bad Gateway"),
    ],
)
def test_a_remote_servers_body_is_never_echoed(status: int, ours: int, message: str) -> None:
    """The remote backend answers with an error and a body: the client gets our message and
    the remote's status line, never its body."""
    remote = Listener(status)
    try:
        store = RemoteStore(f"{remote.url}/sparql", graphs=None)
        with serving(create_app(store, Settings(timeout=5.0))) as url:
            query = {"query": "ASK { ?s ?p ?o }"}
            response = httpx.get(f"{url}/sparql", params=query, timeout=30)
    finally:
        remote.close()
    assert remote.connections == 1
    assert response.status_code == ours
    assert message in response.text
    assert "canary" not in response.text
