"""A real SPARQL server: the PyPI ``oxigraph`` server, started on a free local port."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from servers import free_port
from stores import cases, comparable

from anyi_kg import query as q
from anyi_kg.cli import main
from anyi_kg.errors import SyntaxErrorInFile
from anyi_kg.remote import EndpointError, RemoteStore, push
from anyi_kg.store import OxigraphStore


@pytest.fixture(scope="module")
def remote(oxigraph_server: str, dataset: Path) -> Iterator[RemoteStore]:
    """The server holding the dataset, pushed by the Graph Store Protocol."""
    counts = push(f"{oxigraph_server}/store", dataset)
    assert set(counts) == {
        "https://w3id.org/anyi-kg/graph/ontology",
        "https://w3id.org/anyi-kg/graph/facts",
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
    assert comparable(there) == comparable(here)


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
