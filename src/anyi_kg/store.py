"""Where the graph is queried: Oxigraph embedded (default, in memory or on disk) or rdflib.

Every store loads the built dataset ``dist/anyi-kg.nq`` (building it when it is missing or older
than ``graph/`` and ``ontology/``), keeps its named graphs (ontology, facts) and queries their
union as the default graph, so plain queries see ontology and facts together. A remote SPARQL
server is the third kind of store (:mod:`anyi_kg.remote`); all answer through the same API::

    kg = open_store()
    kg.query("indicator-series", indicator="indicator:gross-industrial-output").frame()
    kg.search("铝型材")
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.exceptions import Error as RdflibError
from rdflib.term import Node

from . import query as q
from .errors import BadInputError
from .limits import run_with_timeout
from .ondisk import open_directory
from .paths import DIST_DIR, GRAPH_DIR, ONTOLOGY_DIR
from .rdflib_terms import from_rdflib, rdflib_triple, to_rdflib
from .results import Result
from .terms import Term

if TYPE_CHECKING:
    import pandas as pd

    from .search import Hit, LabelIndex

DATASET_FILE = DIST_DIR / "anyi-kg.nq"


class Store(ABC):
    """A queryable copy of the graph; ``timeout`` (seconds) applies to every query unless given."""

    timeout: float | None = None
    _index: LabelIndex | None = None

    def query(
        self,
        query: str | Path,
        params: Mapping[str, q.Value] | None = None,
        *,
        timeout: float | None = None,
        **kwparams: q.Value,
    ) -> Result:
        """Run a named question, a ``.rq`` file or SPARQL text, parameters bound as terms."""
        prepared = q.prepare(query, {**(params or {}), **kwparams})
        return self.execute(prepared, timeout if timeout is not None else self.timeout)

    def frame(
        self,
        query: str | Path,
        params: Mapping[str, q.Value] | None = None,
        *,
        curies: bool = False,
        **kwparams: q.Value,
    ) -> pd.DataFrame:
        """The answer as a DataFrame with typed columns; IRIs as CURIEs if ``curies``."""
        from .frames import to_frame

        return to_frame(self.query(query, {**(params or {}), **kwparams}), curies=curies)

    def search(self, text: str, limit: int = 20) -> list[Hit]:
        """Entities whose zh, en or pinyin label contains ``text``, best first."""
        return self.label_index().search(text, limit)

    def label_index(self) -> LabelIndex:
        """The search index of the labels, built on first use (a server can build it at start)."""
        if self._index is None:
            from .search import LabelIndex

            labels = self.execute(q.Prepared(q.internal("labels"), "labels", {}), None)
            self._index = LabelIndex.build(labels.triples)
        return self._index

    def rdflib(self) -> Graph:
        """The default graph (ontology and facts) as an rdflib Graph, for anything else."""
        from .load import new_graph

        graph = new_graph()
        for quad in self.quads():
            graph.add(rdflib_triple(quad))
        return graph

    @abstractmethod
    def execute(self, prepared: q.Prepared, timeout: float | None) -> Result:
        """Run a prepared query, stopping it after ``timeout`` seconds if one is given."""

    @abstractmethod
    def quads(self) -> Iterator[ox.Quad]:
        """Every quad, named graphs kept."""

    def close(self) -> None:  # noqa: B027 (most stores hold nothing to release)
        """Release what the store holds."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class OxigraphStore(Store):
    """Oxigraph embedded: in memory, or persistent in a directory."""

    def __init__(self, store: ox.Store, timeout: float | None = None) -> None:
        self.store, self.timeout = store, timeout

    @classmethod
    def load(cls, source: Path, timeout: float | None = None) -> OxigraphStore:
        """An in-memory store holding ``source`` (any RDF format, by extension)."""
        store = ox.Store()
        _load(store, source, bulk=False)  # in memory, load is a little faster than bulk_load
        return cls(store, timeout)

    @classmethod
    def open(cls, directory: Path, source: Path, timeout: float | None = None) -> OxigraphStore:
        """The store persisted in ``directory``, read-only; built from ``source`` first when
        the directory is new or empty or holds an older load (:mod:`anyi_kg.ondisk`)."""
        loaded = open_directory(directory, source, lambda new: _load(new, source, bulk=True))
        return cls(loaded, timeout)

    def execute(self, prepared: q.Prepared, timeout: float | None) -> Result:
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
        substitutions = {ox.Variable(k): v for k, v in prepared.bindings.items()}

        def work() -> Result:
            return Result.of(
                self.store.query(
                    prepared.text,
                    base_iri=prepared.base,
                    use_default_graph_as_union=True,
                    substitutions=substitutions,
                )
            )

        with engine_errors(prepared):
            return work() if timeout is None else run_with_timeout(work, timeout)

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self.store)

    def __len__(self) -> int:
        return len(self.store)

    def close(self) -> None:
        """Drop the Oxigraph store, which releases an on-disk store's lock."""
        self.__dict__.pop("store", None)


class RdflibStore(Store):
    """rdflib's in-memory store: kept for comparison and for rdflib's own APIs."""

    def __init__(self, dataset: Dataset, timeout: float | None = None) -> None:
        self.dataset, self.timeout = dataset, timeout

    @classmethod
    def load(cls, source: Path, timeout: float | None = None) -> RdflibStore:
        """A dataset holding ``source`` (N-Quads or TriG keep their named graphs).

        Oxigraph's strict parser reads the file first, as a gate: rdflib's is lax, and its
        errors come in many types with no column.
        """
        _load(ox.Store(), source, bulk=False)
        dataset = Dataset(default_union=True)
        try:
            dataset.parse(source, format=rdf_format(source).media_type)
        except (OSError, SyntaxError, ValueError, RdflibError) as error:
            raise BadInputError(f"cannot load {source}: {error}") from None
        return cls(dataset, timeout)

    def execute(self, prepared: q.Prepared, timeout: float | None) -> Result:
        bindings = {k: to_rdflib(v) for k, v in prepared.bindings.items()}

        def work() -> Result:
            answer = self.dataset.query(prepared.text, base=prepared.base, initBindings=bindings)  # type: ignore[arg-type]
            if answer.type == "ASK":
                return Result("ask", boolean=bool(answer.askAnswer))
            if answer.type == "SELECT":
                variables = [str(v) for v in answer.vars or []]
                rows = [tuple(_term(t) for t in row) for row in answer]  # type: ignore[union-attr]
                return Result("select", variables, rows)
            graph = answer.graph if answer.graph is not None else Graph()
            triples = [ox.Triple(*map(from_rdflib, t)) for t in graph]  # type: ignore[arg-type]
            return Result("graph", triples=triples)

        with engine_errors(prepared):
            return work() if timeout is None else run_with_timeout(work, timeout)

    def quads(self) -> Iterator[ox.Quad]:
        default = self.dataset.default_graph.identifier
        for s, p, o, g in self.dataset.quads():
            graph = ox.DefaultGraph() if g in (None, default) else from_rdflib(g)
            yield ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), graph)  # type: ignore[arg-type]


def _term(node: Node | None) -> Term | None:
    return None if node is None else from_rdflib(node)


@contextmanager
def engine_errors(prepared: q.Prepared) -> Iterator[None]:
    """Map an engine's errors to the project's: syntax errors with line and column, exit 2."""
    try:
        yield
    except SyntaxError as error:
        raise q.syntax_error(error, prepared.origin) from None
    except (RuntimeError, ValueError) as error:
        hint = " (a bound variable must be selected)" if "SELECT projection" in str(error) else ""
        raise BadInputError(f"{prepared.origin}: {error}{hint}") from None
    except Exception as error:
        if type(error).__name__ != "ParseException":  # rdflib's parser (pyparsing)
            raise
        raise q.SyntaxErrorInFile(
            prepared.origin,
            getattr(error, "lineno", None),
            getattr(error, "col", None),
            getattr(error, "msg", str(error)),
        ) from None


def _load(store: ox.Store, source: Path, bulk: bool) -> None:
    try:
        (store.bulk_load if bulk else store.load)(path=str(source), format=rdf_format(source))
    except SyntaxError as error:
        raise q.syntax_error(error, str(source)) from None
    except (OSError, ValueError) as error:
        raise BadInputError(f"cannot load {source}: {error}") from None


def rdf_format(source: Path) -> ox.RdfFormat:
    """The RDF syntax of a file, by its extension; a directory or another file is bad input."""
    if source.is_dir():
        raise BadInputError(f"cannot read {source}: it is a directory")
    found = ox.RdfFormat.from_extension(source.suffix.lstrip(".")) if source.suffix else None
    if found is None:
        raise BadInputError(
            f"cannot read {source}: not the name of an RDF file (.nq, .trig, .nt, .ttl, …)"
        )
    return found


def dataset_file(out_dir: Path = DIST_DIR) -> Path:
    """``dist/anyi-kg.nq``, built first when missing or older than ``graph/`` or ``ontology/``."""
    target = out_dir / DATASET_FILE.name
    inputs = [p for d in (GRAPH_DIR, ONTOLOGY_DIR) for p in d.rglob("*") if p.is_file()]
    newest = max((p.stat().st_mtime for p in inputs), default=0.0)
    if not target.is_file() or target.stat().st_mtime < newest:
        from .build import build

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
