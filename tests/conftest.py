"""Shared fixtures: the assembled graph, built once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import launch
from playwright.sync_api import Browser, sync_playwright
from rdflib import Graph
from servers import Canary, oxigraph_serve, serving, virtuoso_serve
from starlette.testclient import TestClient
from stores import write_dataset

from anyi_kg.graph.build import Assembled, assemble, build
from anyi_kg.paths import GRAPH_DIR
from anyi_kg.store import OxigraphStore, RdflibStore

TEST_SOURCES = Path(__file__).parent / "fixtures" / "sources"


@pytest.fixture(scope="session")
def assembled() -> Assembled:
    """Ontology, shapes and curated facts, parsed strictly from the repository."""
    return assemble()


@pytest.fixture(scope="session")
def union(assembled: Assembled) -> Graph:
    """The published graph: ontology, vocabularies and facts together."""
    return assembled.union()


@pytest.fixture(scope="session")
def dataset(assembled: Assembled, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The graph as ``anyi-kg.nq`` (ontology and facts in their named graphs), in a temp dir."""
    return write_dataset(assembled, tmp_path_factory.mktemp("dist") / "anyi-kg.nq")


@pytest.fixture(scope="session")
def kg(dataset: Path) -> Iterator[OxigraphStore]:
    """The embedded Oxigraph store holding the dataset, in memory."""
    with OxigraphStore.load(dataset) as store:
        yield store


@pytest.fixture(scope="session")
def many_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed and the test sources of ``tests/fixtures/sources`` built into one dataset."""
    out = tmp_path_factory.mktemp("many")
    build([GRAPH_DIR, TEST_SOURCES], out)
    return out / "anyi-kg.nq"


@pytest.fixture(scope="session")
def many(many_dataset: Path) -> Iterator[OxigraphStore]:
    """The embedded Oxigraph store holding the seed and the test sources."""
    with OxigraphStore.load(many_dataset) as store:
        yield store


@pytest.fixture(scope="session")
def kg_rdflib(dataset: Path) -> RdflibStore:
    """rdflib's in-memory store holding the same dataset."""
    return RdflibStore.load(dataset)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, driven by Playwright. A missing browser fails, never skips."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


# ---- the explorer and SPARQL endpoint (issue 6) --------------------------------------------


@pytest.fixture(scope="session")
def server_client(kg: OxigraphStore) -> Iterator[TestClient]:
    """The explorer and endpoint over the built graph, through the ASGI test client."""
    from anyi_kg.server import create_app

    with TestClient(create_app(kg), base_url="http://127.0.0.1:8000") as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_server(kg: OxigraphStore) -> Iterator[str]:
    """The explorer and endpoint over the built graph, served by uvicorn; its base URL."""
    from anyi_kg.server import create_app

    with serving(create_app(kg)) as url:
        yield url


@pytest.fixture
def canary() -> Iterator[Canary]:
    """A loopback HTTP server that records requests: the endpoint must send it none."""
    server = Canary()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``oxigraph serve`` on 127.0.0.1, one per test module; yields its base URL."""
    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Virtuoso on 127.0.0.1 with a new database, one per test session; its base URL."""
    with virtuoso_serve(tmp_path_factory.mktemp("virtuoso")) as url:
        yield url
