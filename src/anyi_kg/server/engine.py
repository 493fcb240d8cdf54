"""Running one query for the server: first read by the guards (rdflib's parse, in sandboxed
processes of their own), then run on the embedded store in sandboxed, killable worker processes,
or on a remote SPARQL server; answers capped at a number of rows and kept in a cache of bounded
size (the graph does not change while it is served, so an answer stays right).

A :class:`Job` says what to run and on which dataset; an :class:`Answer` carries either the
encoded bytes (for the SPARQL endpoint) or the :class:`~anyi_kg.store.results.Result` (for pages).
"""

from __future__ import annotations

import asyncio
import itertools
import pickle
import sys
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import pyoxigraph as ox

from .. import query as q
from ..graph.terms import Term
from ..store import OxigraphStore, Store
from ..store.limits import QueryTimeout
from ..store.results import Kind, Result
from . import sandbox
from .formats import encode
from .guards import NO_OUTBOUND, RECURSION, Analysis, Malformed, Refused, analyse
from .pool import BUSY_WAIT, Pool

if TYPE_CHECKING:
    from ..store.remote import RemoteStore


@dataclass(frozen=True)
class Job:
    """A query to run. ``default_graphs``/``named_graphs``: the protocol's dataset (``None``:
    the store's, whose default graph is the union of its graphs); ``uses_from``: the query
    names its own dataset; ``fmt``: encode the answer (``None``: return the Result)."""

    text: str
    bindings: tuple[tuple[str, Term], ...] = ()
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    uses_from: bool = False
    base: str | None = None
    fmt: str | None = None
    max_rows: int | None = None


@dataclass
class Answer:
    """What a job gave: its kind, the encoded bytes or the Result, and whether rows were cut.
    A Result travels from the worker and stays in the cache pickled (``packed``), read back at
    each use: a kept answer is one bytes object of exact size, with nothing in it for the
    garbage collector to walk through."""

    kind: Kind
    truncated: bool
    body: bytes | None = None
    packed: bytes | None = field(default=None, repr=False)

    @classmethod
    def of(cls, result: Result, truncated: bool) -> Answer:
        packed = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        return cls(result.kind, truncated, packed=packed)

    @property
    def result(self) -> Result | None:
        return None if self.packed is None else cast(Result, pickle.loads(self.packed))

    def size(self) -> int:
        """Bytes it takes: the body, or the pickled Result."""
        return len(self.body or self.packed or b"")


class SyntaxProblem(ValueError):
    """The query does not parse; the message is the parser's."""


_KEPT = 1024  # analyses kept (of queries up to 16 kB): clients repeat their queries


class Engine:
    """Runs jobs, keeping ``cache_mb`` of answers; ``graphs`` are the named graphs of the store.
    Queries are read first by ``parsers`` guard processes, each allowed ``memory_mb``."""

    def __init__(
        self,
        store: Store,
        timeout: float | None,
        cache_mb: int = 64,
        parsers: int = 2,
        memory_mb: int | None = 1024,
    ) -> None:
        self.store, self.timeout, self.memory_mb = store, timeout, memory_mb
        self.graphs: frozenset[str] = frozenset()
        self._cache: OrderedDict[Job, tuple[Answer, int]] = OrderedDict()
        self._budget, self._used = cache_mb << 20, 0
        self._analyses: OrderedDict[tuple[str, str], Analysis | Refused | Malformed]
        self._analyses = OrderedDict()
        self.guards = Pool(_guard, parsers, init=lambda: _guard_process(memory_mb))

    async def analyse(self, text: str, base: str = "", since: float | None = None) -> Analysis:
        """What the guards make of ``text`` (:func:`~anyi_kg.server.guards.analyse`), read in
        a guard process within the engine's timeout counted from ``since``; outcomes of
        queries up to 16 kB are kept, refusals too."""
        key = (text, base)
        outcome = self._analyses.get(key)
        if outcome is None:
            try:
                outcome = await self.guards.run((text, self.graphs, base), self.timeout, since)
            except (Refused, Malformed) as refusal:
                outcome = refusal
            if len(text) <= 16_384:
                self._analyses[key] = outcome
                if len(self._analyses) > _KEPT:
                    self._analyses.popitem(last=False)
        else:
            self._analyses.move_to_end(key)
        if isinstance(outcome, Analysis):
            return outcome
        raise outcome

    async def run(
        self,
        job: Job,
        cache: bool = True,
        timeout: float | None = None,
        since: float | None = None,
    ) -> Answer:
        """The answer to ``job``, from the cache if it was asked before; least recently used
        answers leave when the cache is full, and none larger than a quarter of it enters.
        ``timeout`` (counted from ``since``, the event loop's time) replaces the engine's, for
        the server's own questions, which wait for a worker as long as that; a client's query
        waits at most :data:`~anyi_kg.server.pool.BUSY_WAIT`."""
        if cache and job in self._cache:
            self._cache.move_to_end(job)
            return self._cache[job][0]
        wait = BUSY_WAIT if timeout is None else timeout
        answer = await self._run(job, timeout or self.timeout, since, wait)
        size = answer.size()
        if cache and size <= self._budget // 4:
            self._cache[job] = (answer, size)
            self._used += size
            while self._used > self._budget:
                self._used -= self._cache.popitem(last=False)[1][1]
        return answer

    async def _run(
        self, job: Job, timeout: float | None, since: float | None, wait: float
    ) -> Answer:
        raise NotImplementedError

    def start(self) -> None:
        """Start what the engine needs (guard and worker processes)."""
        self.guards.start()

    async def close(self) -> None:
        """Release what the engine holds."""
        self.guards.close()


def _guard(job: tuple[str, frozenset[str], str]) -> Analysis:
    return analyse(*job)


def _guard_process(memory_mb: int | None) -> None:
    sys.setrecursionlimit(RECURSION)
    sandbox.confine(memory_mb)


class EmbeddedEngine(Engine):
    """The embedded Oxigraph store, queried in worker processes of a :class:`Pool`."""

    def __init__(self, store: OxigraphStore, timeout: float | None, workers: int = 2, **kw: Any):
        super().__init__(store, timeout, **kw)
        database = store.store
        self.graphs = frozenset(
            g.value for g in database.named_graphs() if isinstance(g, ox.NamedNode)
        )
        memory_mb = self.memory_mb
        self.pool = Pool(
            lambda job: execute(database, job),
            workers,
            init=lambda: sandbox.confine(memory_mb, idle=True),
        )

    def start(self) -> None:
        super().start()
        self.pool.start()

    async def _run(
        self, job: Job, timeout: float | None, since: float | None, wait: float
    ) -> Answer:
        answer: Answer = await self.pool.run(job, timeout, since, wait)
        return answer

    async def close(self) -> None:
        await super().close()
        self.pool.close()


class RemoteEngine(Engine):
    """A remote SPARQL server, sent the protocol's dataset or, by default, the store's graphs."""

    def __init__(self, store: RemoteStore, timeout: float | None, **kw: Any) -> None:
        import httpx

        super().__init__(store, timeout, **kw)
        self.remote = store
        self.graphs = frozenset(store.graphs or ())
        self.client = httpx.AsyncClient(headers={"User-Agent": "anyi-kg"})

    async def _run(
        self, job: Job, timeout: float | None, since: float | None, wait: float
    ) -> Answer:
        import httpx

        from ..store.protocol import accept, parse_results

        text = q.with_values(q.Prepared(job.text, "<query>", dict(job.bindings)))
        form: dict[str, str | list[str]] = {"query": text}
        if job.default_graphs is not None or job.named_graphs is not None:
            form["default-graph-uri"] = list(job.default_graphs or ())
            form["named-graph-uri"] = list(job.named_graphs or ())
        elif not job.uses_from and self.remote.graphs:
            form["default-graph-uri"] = form["named-graph-uri"] = list(self.remote.graphs)
        left = timeout
        if timeout is not None and since is not None:
            left = max(0.001, since + timeout - asyncio.get_running_loop().time())
        try:
            response = await self.client.post(
                self.remote.endpoint, data=form, headers={"Accept": accept(text)}, timeout=left
            )
        except httpx.TimeoutException:
            raise QueryTimeout(
                f"the SPARQL server did not answer within {timeout:g} s; the request was closed"
            ) from None
        except httpx.HTTPError as error:
            raise RuntimeError(f"cannot reach the SPARQL server: {error}") from None
        status = f"{response.status_code} {response.reason_phrase}".strip()
        if response.status_code == 400:  # its body is not ours to show: the status line only
            raise SyntaxProblem(f"the SPARQL server refused the query as malformed ({status})")
        if response.is_error:
            raise RuntimeError(f"the SPARQL server answered {status}")
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media == "application/sparql-results+json":
            return _answer(parse_results(response.content), job)
        rdf = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
        return _answer((quad.triple for quad in ox.parse(response.content, rdf)), job)

    async def close(self) -> None:
        await super().close()
        await self.client.aclose()


def execute(database: ox.Store, job: Job) -> Answer:
    """Run ``job`` on ``database``: what a worker process does. A query that tried to open a
    connection (refused by the worker's sandbox) is :class:`Refused`, whatever it answered."""
    try:
        answer = _execute(database, job)
    except Exception:
        if sandbox.attempted():
            raise Refused(f"the query tried to reach another server: {NO_OUTBOUND}") from None
        raise
    if sandbox.attempted():
        raise Refused(f"the query tried to reach another server: {NO_OUTBOUND}")
    return answer


def _execute(database: ox.Store, job: Job) -> Answer:
    options: dict[str, Any] = {}
    if job.default_graphs is not None or job.named_graphs is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or ()]
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
    elif not job.uses_from:
        options["use_default_graph_as_union"] = True
    text = q.with_values(q.Prepared(job.text, "<query>", dict(job.bindings)))
    try:
        answer = database.query(text, base_iri=job.base, **options)
    except SyntaxError as error:
        raise SyntaxProblem(str(error)) from None
    return _answer(answer, job)


def _answer(answer: ox.QueryBoolean | ox.QuerySolutions | Iterable[ox.Triple], job: Job) -> Answer:
    """The first ``job.max_rows`` rows or triples of ``answer``, encoded if asked."""
    limit = None if job.max_rows is None else job.max_rows + 1
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ask", boolean=bool(answer))
        truncated = False
    elif isinstance(answer, ox.QuerySolutions):
        rows = [tuple(s) for s in itertools.islice(answer, limit)]
        truncated = job.max_rows is not None and len(rows) > job.max_rows
        variables = [v.value for v in answer.variables]
        result = Result("select", variables, rows[: job.max_rows])
    else:
        found = list(itertools.islice(answer, limit))
        truncated = job.max_rows is not None and len(found) > job.max_rows
        result = Result("graph", triples=found[: job.max_rows])
    if job.fmt is None:
        return Answer.of(result, truncated)
    return Answer(result.kind, truncated, body=encode(result, job.fmt))
