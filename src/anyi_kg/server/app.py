"""The application: ``create_app`` wires a store to the SPARQL endpoint and the explorer pages;
``serve`` runs it with uvicorn on 127.0.0.1.

The server is ready as soon as the store is loaded and the query workers are forked; the label
index for search (unless the store has its own) is built in the background, the classes counted
for the home page, and the ontology's graph for the network views read, awaited by the first
page that needs them.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import query as q
from ..errors import BadInputError
from ..store import OxigraphStore, Store
from .engine import EmbeddedEngine, Engine
from .explorer import Explorer
from .networks import Networks
from .protocol import ROW_LIMIT, TRUNCATED, sparql

if TYPE_CHECKING:
    from ..store.search import Hit

_WARM_UP_AFTER = 1.0  # seconds after start
_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


@dataclass(frozen=True)
class Settings:
    """Limits of the server: per-query ``timeout`` (s: parse, wait for a worker and run),
    ``max_rows`` per answer, query ``workers``, megabytes of answers kept in the cache
    (``cache_mb``), megabytes a query may add to its worker (``memory_mb``), guard processes
    that parse queries (``parsers``), origins allowed by CORS (none: CORS off)."""

    timeout: float | None = 10.0
    max_rows: int | None = 10_000
    workers: int = 2
    cache_mb: int = 64
    memory_mb: int | None = 1024
    parsers: int = 2
    cors: tuple[str, ...] = ()


@dataclass
class Site:
    """What the routes share: the store, the engine, the pages' readers and drawings."""

    store: Store
    engine: Engine
    settings: Settings
    explorer: Explorer = field(init=False)
    networks: Networks = field(init=False)
    _index: asyncio.Future[Any] | None = None
    _warming: asyncio.Future[Any] | None = None

    def __post_init__(self) -> None:
        self.explorer = Explorer(self.engine)
        self.networks = Networks(self.explorer)

    def start(self) -> None:
        """Fork the query workers, and warm up a moment later, so that doing so does not hold
        up the server's own start."""
        self.engine.start()
        asyncio.get_running_loop().call_later(_WARM_UP_AFTER, self.warm_up)

    def warm_up(self) -> None:
        """Build the search index (unless the store has one: an on-disk store opens its own),
        count the classes for the home page, ask the counties and years that the chain and
        comparison pages list and the names of the ontology's terms, have the named questions
        read, read the networks' ontology graph and compile the page templates, in the
        background, if not yet begun; then :func:`_settle` what they leave."""
        if self._index is None and not self.store.has_label_index():
            self._index = asyncio.ensure_future(asyncio.to_thread(self.store.label_index))
        if self._warming is None:  # into the explorer's shared answers
            from .pages import compile_templates

            asked = self.explorer.class_counts(), self.explorer.counties(), self.explorer.years()
            self._warming = asyncio.gather(
                *asked,
                self.explorer.terms(),
                self._read_questions(),
                self.networks.start(),
                asyncio.to_thread(compile_templates),
                return_exceptions=True,
            )
            self._warming.add_done_callback(_settle)

    async def _read_questions(self) -> None:
        """Have the guards read each named question once, one at a time (rdflib's parser takes
        4-190 ms over one), so that the query page runs any of them at once."""
        for question in q.catalogue():
            await self.engine.analyse(question.text)

    async def search(self, text: str, limit: int = 50) -> list[Hit]:
        """Entities whose zh, en or pinyin names contain ``text``; the first search of a store
        without an index of its own waits for its build."""
        self.warm_up()
        if self._index is not None:
            await asyncio.shield(self._index)
        return self.store.search(text, limit)


def _settle(_: object) -> None:
    """Take what the start-up made (modules, the ontology's graph, the counties …) out of the
    garbage collector's sight: a full collection over it takes 60-130 ms, and would fall on
    whichever page happened to allocate next."""
    gc.freeze()


class SecurityHeaders:
    """Adds the content security policy (nothing from elsewhere) and ``nosniff`` to every
    response; plain ASGI, which costs less per request than an HTTP middleware."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", _CSP)
                headers.setdefault("X-Content-Type-Options", "nosniff")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(store: Store, settings: Settings | None = None) -> FastAPI:
    """The ASGI app serving ``store``: embedded Oxigraph (queried in worker processes) or a
    remote SPARQL server."""
    settings = settings or Settings()
    limits = {"cache_mb": settings.cache_mb, "parsers": settings.parsers,
              "memory_mb": settings.memory_mb}  # fmt: skip
    engine: Engine
    if isinstance(store, OxigraphStore):
        engine = EmbeddedEngine(store, settings.timeout, settings.workers, **limits)
    else:
        from ..store.remote import RemoteStore  # imports httpx: only when it is needed
        from .engine import RemoteEngine

        if not isinstance(store, RemoteStore):
            raise BadInputError("the server serves the embedded Oxigraph store or a remote server")
        engine = RemoteEngine(store, settings.timeout, **limits)
    site = Site(store, engine, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        site.start()
        try:
            yield
        finally:
            await engine.close()

    app = FastAPI(
        title="anyi-kg explorer and SPARQL endpoint",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.site = site

    async def endpoint(request: Request) -> Response:
        return await sparql(request, engine, settings.max_rows)

    app.add_route("/sparql", endpoint, methods=["GET", "POST"], include_in_schema=False)
    from .pages import router

    app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(files("anyi_kg.server") / "static")), "static")

    app.add_middleware(SecurityHeaders)
    if settings.cors:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors),
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type"],
            expose_headers=[TRUNCATED, ROW_LIMIT],
        )
    return app


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    endpoint: str | None = None,
    source: Path | None = None,
    settings: Settings | None = None,
    log_level: str = "info",
) -> None:
    """Load the graph (building ``dist/`` if needed) and serve it until interrupted."""
    import uvicorn

    from ..store import open_store

    store = open_store(endpoint=endpoint) if endpoint else open_store(source=source)
    app = create_app(store, settings)
    shown = f"[{host}]" if ":" in host else host
    print(
        f"anyi-kg explorer: http://{shown}:{port}/   SPARQL endpoint: http://{shown}:{port}/sparql"
    )
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False)
