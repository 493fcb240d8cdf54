"""Opening the graph: the built dataset, and the store that serves it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import BadInputError
from ..paths import DIST_DIR, GRAPH_DIR, ONTOLOGY_DIR
from .base import Store
from .embedded import OxigraphStore, RdflibStore

DATASET_FILE = DIST_DIR / "anyi-kg.nq"


def dataset_file(out_dir: Path = DIST_DIR) -> Path:
    """``dist/anyi-kg.nq``, built first when missing or older than ``graph/`` or ``ontology/``."""
    target = out_dir / DATASET_FILE.name
    inputs = [p for d in (GRAPH_DIR, ONTOLOGY_DIR) for p in d.rglob("*") if p.is_file()]
    newest = max((p.stat().st_mtime for p in inputs), default=0.0)
    if not target.is_file() or target.stat().st_mtime < newest:
        from ..graph.build import build

        build(GRAPH_DIR, out_dir)
    return target


def open_store(
    backend: str = "oxigraph",
    *,
    path: Path | None = None,
    source: Path | None = None,
    endpoint: str | None = None,
    timeout: float | None = None,
    **options: Any,
) -> Store:
    """Open the graph: ``oxigraph`` (in memory, or on disk at ``path``), ``rdflib``, or remote.

    ``source`` defaults to the built dataset; ``endpoint`` (a SPARQL query URL) selects the
    remote store, ``options`` go to it.
    """
    if endpoint is not None:
        from .remote import RemoteStore

        return RemoteStore(endpoint, timeout=timeout, **options)
    source = source or dataset_file()
    if backend == "rdflib":
        return RdflibStore.load(source, timeout)
    if backend != "oxigraph":
        raise BadInputError(f"unknown backend {backend!r}; valid: oxigraph, rdflib")
    if path is not None:
        return OxigraphStore.open(path, source, timeout)
    return OxigraphStore.load(source, timeout)
