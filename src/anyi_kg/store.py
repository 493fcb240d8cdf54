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

import errno
import fcntl
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.exceptions import Error as RdflibError
from rdflib.term import Node

from . import outputs
from . import query as q
from .errors import BadInputError
from .limits import run_with_timeout
from .paths import DIST_DIR, GRAPH_DIR, ONTOLOGY_DIR
from .rdflib_terms import from_rdflib, rdflib_triple, to_rdflib
from .results import Result
from .terms import Term

if TYPE_CHECKING:
    import pandas as pd

    from .search import Hit, LabelIndex

DATASET_FILE = DIST_DIR / "anyi-kg.nq"
STORE_KIND = "store"
_LEGACY_STAMP = "anyi-kg.loaded"  # written by earlier versions: a store that anyi-kg made
_ROCKSDB_FILE = re.compile(
    r"CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|(MANIFEST|OPTIONS)-\d+(\.dbtmp)?|\d+\.(sst|log|blob)"
    r"|anyi-kg\.loaded"
)


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
        """The store persisted in ``directory``, opened read-only; (re)built from ``source``
        first when ``directory`` is new, empty, or an anyi-kg store of another version of it.

        Anything else in ``directory`` (a file, another program's Oxigraph store, other files)
        is refused and left untouched. A rebuild fills a new directory beside it and swaps it
        in, so a failure leaves the old store as it was. Several processes may open the store
        at once; a rebuild waits for another one under way, and is refused while another
        program holds the store open for writing (Oxigraph's lock).
        """
        directory = directory.resolve()
        stamp = _stamp(source)
        with outputs.locked(directory, shared=True):
            if _is_fresh(directory, stamp):
                return cls(_read_only(directory), timeout)
        with outputs.locked(directory, shared=False):
            if not _is_fresh(directory, stamp):  # unless another process has just built it
                _build(directory, source, stamp)
            return cls(_read_only(directory), timeout)

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


def _stamp(source: Path) -> dict[str, object]:
    """What a store was loaded from: ``source``'s path, size and time, and the engine version."""
    try:
        stat = source.stat()
    except OSError as error:
        raise BadInputError(f"cannot load {source}: {error.strerror}") from None
    if not source.is_file():
        raise BadInputError(f"cannot load {source}: not a file")
    return {
        "source": str(source.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "oxigraph": ox.__version__,
    }


def _is_fresh(directory: Path, stamp: dict[str, object]) -> bool:
    """Whether ``directory`` is an anyi-kg store loaded from ``stamp``."""
    found = outputs.marker(directory)
    if found is None or found.get("kind") != STORE_KIND:
        return False
    return all(found.get(key) == value for key, value in stamp.items())


def _read_only(directory: Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(directory))
    except OSError as error:
        raise BadInputError(f"cannot open the store in {directory}: {error}") from None


def _claim(directory: Path) -> bool:
    """:func:`outputs.claim` for a store, with a clearer word for another program's store."""
    unmarked = outputs.marker(directory) is None and not (directory / _LEGACY_STAMP).is_file()
    if unmarked and (directory / "CURRENT").is_file():
        raise BadInputError(
            f"{directory} holds an Oxigraph store that anyi-kg did not create; refusing to "
            "replace it (give a new or empty directory, or serve that store with oxigraph "
            "serve and use --endpoint)"
        )
    return outputs.claim(directory, STORE_KIND, _ROCKSDB_FILE, legacy=_LEGACY_STAMP)


def _build(directory: Path, source: Path, stamp: dict[str, object]) -> None:
    """Load ``source`` into a new store beside ``directory`` and swap it in."""
    replacing = _claim(directory)
    if replacing:
        _check_not_in_use(directory)  # before the load, and again before the swap
    with outputs.building(directory, STORE_KIND, **stamp) as new:
        try:
            store = ox.Store(str(new))
        except OSError as error:
            raise BadInputError(f"cannot create a store beside {directory}: {error}") from None
        _load(store, source, bulk=True)
        store.flush()
        del store  # closes it
        if replacing:
            _check_not_in_use(directory)


def _check_not_in_use(directory: Path) -> None:
    """Refuse to replace a store that a process holds open for writing (Oxigraph's lock)."""
    if _locked(directory / "LOCK"):
        raise BadInputError(
            f"the store in {directory} is in use by another process (Oxigraph's lock "
            f"{directory / 'LOCK'} is held); stop it, or give another directory"
        )


def _locked(lock: Path) -> bool:
    """Whether a process holds a POSIX lock on ``lock``, as RocksDB does on its ``LOCK`` file.

    Tested in a child process: closing the file here would drop this process's own locks on
    it. Opening the store to try its lock would rewrite some of its files.
    """
    pid = os.fork()
    if pid == 0:
        held = False
        try:
            fcntl.lockf(os.open(lock, os.O_RDWR), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            held = error.errno in (errno.EACCES, errno.EAGAIN)
        os._exit(1 if held else 0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 1


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
