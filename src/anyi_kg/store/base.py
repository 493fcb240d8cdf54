"""The store's contract: what every place the graph is queried answers (:class:`Store`), and
how an engine's errors reach the user."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph

from .. import query as q
from ..errors import BadInputError
from ..graph.rdflib_terms import rdflib_triple
from .results import Result

if TYPE_CHECKING:
    import pandas as pd

    from .search import Hit, LabelIndex


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
        return self.query(query, {**(params or {}), **kwparams}).frame(curies=curies)

    def search(self, text: str, limit: int = 20) -> list[Hit]:
        """Entities that ``text`` names in zh, en or pinyin, best first (:mod:`.search`)."""
        return self.label_index().search(text, limit)

    def label_index(self) -> LabelIndex:
        """The search index of the labels: an on-disk store's own, opened with the store;
        otherwise built in memory on first use (a server can build it at start)."""
        if self._index is None:
            from .search import LabelIndex

            self._index = LabelIndex.build(self.labels())
        return self._index

    def has_label_index(self) -> bool:
        """Whether the search index is at hand, so that a search builds nothing first."""
        return self._index is not None

    def labels(self) -> list[ox.Triple]:
        """The label triples that the search index is built from (internal query ``labels``)."""
        return self.execute(q.Prepared(q.internal("labels"), "labels", {}), None).triples

    def rdflib(self) -> Graph:
        """The default graph (ontology and facts) as an rdflib Graph, for anything else."""
        from ..graph.rdflib_terms import new_graph

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
