"""Where the graph is queried: Oxigraph embedded (default, in memory or on disk) or rdflib.

Every store loads the built dataset ``dist/anyi-kg.nq`` (building it when it is missing or older
than ``graph/`` and ``ontology/``), keeps its named graphs (ontology, facts) and queries their
union as the default graph, so plain queries see ontology and facts together. A remote SPARQL
server is the third kind of store (:mod:`anyi_kg.store.remote`); all answer through the same API::

    kg = open_store()
    kg.query("indicator-series", indicator="indicator:gross-industrial-output").frame()
    kg.search("铝型材")
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.exceptions import Error as RdflibError
from rdflib.term import Node

from .. import query as q
from ..errors import BadInputError
from ..graph.rdflib_terms import from_rdflib, to_rdflib
from ..graph.terms import Term
from .base import Store, engine_errors, rdf_format
from .limits import run_with_timeout
from .ondisk import open_directory
from .results import Result


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
        """The store persisted in ``directory``, read-only, with its search index; built from
        ``source`` first when the directory is new or empty or holds an older load
        (:mod:`anyi_kg.store.ondisk`)."""
        loaded, index = open_directory(
            directory,
            source,
            load=lambda new: _load(new, source, bulk=True),
            labels=lambda new: cls(new).labels(),
        )
        store = cls(loaded, timeout)
        store._index = index  # None for a store loaded by an earlier version: built on use
        return store

    def execute(self, prepared: q.Prepared, timeout: float | None) -> Result:
        """Bound terms as a ``VALUES`` block (:func:`anyi_kg.query.with_values`), which the
        planner sees; with a blank node of the store, which no query text can name, all by
        Oxigraph's ``substitutions``."""
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
        if any(isinstance(term, ox.BlankNode) for term in prepared.bindings.values()):
            text, substitutions = (
                prepared.text,
                {ox.Variable(k): v for k, v in prepared.bindings.items()},
            )
        else:
            text, substitutions = q.with_values(prepared), {}

        def work() -> Result:
            return Result.of(
                self.store.query(
                    text,
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
        """Drop the Oxigraph store, which releases an on-disk store's lock, and the search
        index."""
        self.__dict__.pop("store", None)
        index = self.__dict__.pop("_index", None)
        if index is not None:
            index.close()


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


def _load(store: ox.Store, source: Path, bulk: bool) -> None:
    try:
        (store.bulk_load if bulk else store.load)(path=str(source), format=rdf_format(source))
    except SyntaxError as error:
        raise q.syntax_error(error, str(source)) from None
    except (OSError, ValueError) as error:
        raise BadInputError(f"cannot load {source}: {error}") from None
