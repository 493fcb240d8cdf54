"""A real SPARQL server: the PyPI ``oxigraph`` server, started on a free local port; and
small real HTTP servers of the tests' own in front of it, that redirect or fail on purpose."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from servers import free_port, oxigraph_serve
from stores import cases, comparable

from anyi_kg import query as q
from anyi_kg.cli import main
from anyi_kg.errors import SyntaxErrorInFile
from anyi_kg.store import OxigraphStore
from anyi_kg.store.remote import EndpointError, RemoteStore, push


@pytest.fixture(scope="module")
def remote(oxigraph_server: str, dataset: Path) -> Iterator[RemoteStore]:
    """The server holding the dataset, pushed by the Graph Store Protocol, all or nothing."""
    counts = push(
        f"{oxigraph_server}/store",
        dataset,
        update_endpoint=f"{oxigraph_server}/update",
        query_endpoint=f"{oxigraph_server}/query",
    )
    assert set(counts) == {
        "https://w3id.org/anyi-kg/graph/derived",
        "https://w3id.org/anyi-kg/graph/ontology",
        "https://w3id.org/anyi-kg/source/000_14a3bcd6bc545aa4",
        "https://w3id.org/anyi-kg/source/gb-t-2260",
    }
    with RemoteStore(
        f"{oxigraph_server}/query", store_endpoint=f"{oxigraph_server}/store"
    ) as store:
        yield store


@pytest.mark.parametrize(("name", "params"), cases(q.names()), ids=str)
def test_named_questions_answer_the_same_remotely(
    remote: RemoteStore, kg: OxigraphStore, name: str, params: dict[str, str]
) -> None:
    here, there = kg.query(name, params), remote.query(name, params)
    assert (there.kind, there.variables, there.boolean) == (here.kind, here.variables, here.boolean)
    assert comparable(there) == comparable(here)


@pytest.mark.parametrize("name", q.page_names())
def test_page_queries_answer_the_same_remotely(
    remote: RemoteStore, kg: OxigraphStore, name: str
) -> None:
    """The explorer's pages run these on the server with ``anyi-kg serve --endpoint``."""
    prepared = q.prepare(q.page_query(name))
    here, there = kg.execute(prepared, None), remote.execute(prepared, None)
    assert (there.kind, there.variables) == (here.kind, here.variables)
    ordered = "ORDER BY" in prepared.text
    assert comparable(there, ordered) == comparable(here, ordered)


def test_remote_quads_search_and_rdflib(remote: RemoteStore, kg: OxigraphStore) -> None:
    assert _canonical(remote.quads()) == _canonical(kg.quads())  # blank nodes are renamed
    assert remote.search("康佳")[0].iri == "https://w3id.org/anyi-kg/id/konka-group"


def _canonical(quads: Iterable[ox.Quad]) -> list[str]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return sorted(map(str, dataset))


def test_remote_syntax_error_is_bad_input(remote: RemoteStore) -> None:
    with pytest.raises(SyntaxErrorInFile) as caught:
        remote.query("SELECT ?s WHERE {\n ?s ?p }")
    assert caught.value.line == 2


def test_cli_against_the_server(
    oxigraph_server: str, remote: RemoteStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "query",
            "investments",
            "-p",
            "investor=kg:mubang-hi-tech",
            "-f",
            "csv",
            "--endpoint",
            f"{oxigraph_server}/query",
        ]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == 0 and out[0].startswith("investor,investor_zh,listed,project")
    assert "沐邦高科" in out[1] and len(out) == 2


def test_a_server_that_is_down(capsys: pytest.CaptureFixture[str], dataset: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(EndpointError, match="cannot reach the SPARQL server"):
        RemoteStore(f"{url}/query").query("ASK {}")
    assert main(["query", "class-counts", "--endpoint", f"{url}/query"]) == 2
    assert main(["push", f"{url}/store", "--source", str(dataset)]) == 2
    err = capsys.readouterr().err
    assert err.count("anyi-kg: error: cannot reach the SPARQL server") == 2
    assert "Traceback" not in err


# ---- push: never a false success, all or nothing (issue 18) --------------------------------

ONE, TWO = "https://example.org/graph/one", "https://example.org/graph/two"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
OLD = f"""<https://example.org/id/park> {LABEL} "园区（旧名）"@zh <{ONE}> .
<https://example.org/id/county> {LABEL} "县（旧名）"@zh <{TWO}> .
"""
NEW = f"""<https://example.org/id/park> {LABEL} "高新区"@zh <{ONE}> .
<https://example.org/id/park> {LABEL} "Hi-tech Park"@en <{ONE}> .
<https://example.org/id/county> {LABEL} "安义县"@zh <{TWO}> .
<https://example.org/id/county> {LABEL} "Anyi County"@en <{TWO}> .
<https://example.org/id/report> {LABEL} "报道"@zh .
"""
Answer = tuple[int, dict[str, str], bytes]
Rule = Callable[[str, str, bytes, list[str]], Answer | None]


class Gate:
    """A real HTTP server: answers the requests that ``rule`` answers, forwards the others to
    ``upstream`` (a real ``oxigraph serve``), and records each as ``METHOD PATH``."""

    def __init__(self, rule: Rule, upstream: str | None = None) -> None:
        seen: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def handle_any(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                seen.append(f"{self.command} {self.path}")
                answer = rule(self.command, self.path, body, seen)
                if answer is None:
                    assert upstream is not None
                    keep = ("Content-Type", "Accept")
                    forwarded = httpx.request(
                        self.command,
                        upstream + self.path,
                        content=body,
                        headers={k: v for k in keep if (v := self.headers.get(k))},
                    )
                    media = forwarded.headers.get("content-type", "text/plain")
                    answer = (forwarded.status_code, {"Content-Type": media}, forwarded.content)
                status, headers, content = answer
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_PUT = do_POST = handle_any

            def log_message(self, *args: object) -> None:
                pass

        self.requests = seen
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A fresh ``oxigraph serve`` holding the graphs ``OLD``."""
    with oxigraph_serve(tmp_path / "oxigraph") as url:
        response = httpx.post(f"{url}/store", content=OLD, headers=NQUADS)
        assert response.status_code in (200, 204), response.text
        yield url


NQUADS = {"Content-Type": "application/n-quads"}


def _state(url: str) -> dict[str, list[str]]:
    """Every triple on the server, by graph (``""``: the default graph)."""
    everything = "SELECT ?g ?s ?p ?o WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }"
    with RemoteStore(f"{url}/query", graphs=None) as server:
        rows = server.query(everything).rows
    state: dict[str, list[str]] = {}
    for g, *triple in rows:
        state.setdefault("" if g is None else g.value, []).append(" ".join(map(str, triple)))
    return {g: sorted(triples) for g, triples in sorted(state.items())}


def _graphs_of(nquads: str) -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for quad in ox.parse(nquads.encode(), ox.RdfFormat.N_QUADS):
        g = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        state.setdefault(g, []).append(" ".join(map(str, quad.triple)))
    return {g: sorted(triples) for g, triples in sorted(state.items())}


@pytest.fixture
def new(tmp_path: Path) -> Path:
    path = tmp_path / "new.nq"
    path.write_text(NEW, encoding="utf-8")
    return path


def _push(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["push", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_push_all_or_nothing_on_a_real_server(
    server: str, new: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _state(server) == _graphs_of(OLD)
    args = [f"{server}/store", "--source", str(new), "--update", f"{server}/update"]
    code, out, _ = _push([*args, "--query", f"{server}/query"], capsys)
    assert code == 0
    assert out.splitlines() == ["       1  (default graph)", f"       2  {ONE}", f"       2  {TWO}"]
    assert _state(server) == _graphs_of(NEW)  # the staging graphs are gone


def test_a_redirect_is_never_reported_as_success(
    new: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gate = Gate(lambda *_: (301, {"Location": "http://127.0.0.1:9/elsewhere"}, b""))
    try:
        code, out, err = _push([f"{gate.url}/store", "--source", str(new)], capsys)
        assert code == 2 and out == ""
        assert (
            f"{gate.url}/store answered 301 Moved Permanently, a redirect to "
            "http://127.0.0.1:9/elsewhere; redirects are not followed"
        ) in err
        assert "Push stopped: (default graph) was not replaced; replaced before it: none" in err
        assert gate.requests == ["PUT /store?default="]  # one request, not followed
        with pytest.raises(EndpointError, match="answered 301"):
            RemoteStore(f"{gate.url}/query").query("ASK {}")
    finally:
        gate.close()


@pytest.mark.parametrize("status", [202, 206, 304])
def test_only_200_201_204_is_success(
    status: int, new: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gate = Gate(lambda *_: (status, {}, b""))
    try:
        code, _, err = _push([f"{gate.url}/store", "--source", str(new)], capsys)
        assert code == 2 and f"answered {status} " in err
    finally:
        gate.close()


def _nth_put_fails(n: int) -> Rule:
    def rule(method: str, path: str, body: bytes, seen: list[str]) -> Answer | None:
        puts = [r for r in seen if r.startswith("PUT ")]
        if method == "PUT" and len(puts) == n:
            return (500, {"Content-Type": "text/plain"}, b"disk full\nretry later")
        return None

    return rule


def test_a_failed_put_says_which_graphs_were_replaced(
    server: str, new: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gate = Gate(_nth_put_fails(2), server)
    try:
        code, _, err = _push([f"{gate.url}/store", "--source", str(new)], capsys)
    finally:
        gate.close()
    assert code == 2 and err.count("\n") == 1
    assert f"{gate.url}/store answered 500 Internal Server Error: disk full retry later" in err
    assert (
        f"Push stopped: <{ONE}> was not replaced; replaced before it: (default graph); "
        f"not sent: <{TWO}>"
    ) in err
    state, old, pushed = _state(server), _graphs_of(OLD), _graphs_of(NEW)
    assert state == {"": pushed[""], ONE: old[ONE], TWO: old[TWO]}  # exactly as reported


def test_a_failed_put_with_update_replaces_nothing(
    server: str, new: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gate = Gate(_nth_put_fails(2), server)
    try:
        args = [f"{gate.url}/store", "--source", str(new), "--update", f"{gate.url}/update"]
        code, _, err = _push(args, capsys)
    finally:
        gate.close()
    assert code == 2 and "Push not done: no graph was replaced" in err
    assert _state(server) == _graphs_of(OLD)  # and no staging graph is left
    assert sum(r.startswith("POST /update") for r in gate.requests) == 1  # the drop


def test_a_failed_switch_replaces_nothing(
    server: str, new: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def rule(method: str, path: str, body: bytes, seen: list[str]) -> Answer | None:
        if method == "POST" and b"MOVE" in body:
            return (503, {}, b"read-only for maintenance")
        return None

    gate = Gate(rule, server)
    try:
        args = [f"{gate.url}/store", "--source", str(new), "--update", f"{gate.url}/update"]
        code, _, err = _push(args, capsys)
    finally:
        gate.close()
    assert code == 2 and "answered 503 Service Unavailable: read-only for maintenance" in err
    assert "a server that runs a request in one transaction (Oxigraph does) replaced none" in err
    assert _state(server) == _graphs_of(OLD)  # the staging graphs were dropped


def test_a_server_that_stores_nothing_is_caught_by_the_count(
    server: str, new: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gate = Gate(lambda method, *_: (204, {}, b"") if method == "PUT" else None, server)
    try:
        args = [f"{gate.url}/store", "--source", str(new), "--query", f"{gate.url}/query"]
        code, _, err = _push(args, capsys)
    finally:
        gate.close()
    assert code == 2
    assert f"accepted 2 triples for <{ONE}>, but {gate.url}/query counts 1" in err  # the old one
    assert f"Push stopped: <{ONE}> is not as sent; replaced before it: (default graph)" in err


def test_push_timeout(new: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def slow(*_: object) -> Answer:
        time.sleep(3)
        return (204, {}, b"")

    gate = Gate(slow)
    try:
        args = [f"{gate.url}/store", "--source", str(new), "--timeout", "0.3"]
        code, _, err = _push(args, capsys)
    finally:
        gate.close()
    assert code == 2 and "did not answer within 0.3 s" in err
    assert "(default graph) may or may not have been replaced; replaced before it: none" in err
