"""The SPARQL 1.1 Protocol at ``/sparql``: reading the request, refusing what the endpoint does
not do, negotiating the format, running the query and answering.

Every query is read by the guards (:mod:`.guards`, rdflib's parse in a guard process) before
a worker is taken, and the text that runs is the text they read. Errors are plain text with a
status a client can act on: 400 malformed (the parser's message, line, column and the line with
a caret; nested too deeply; ``SERVICE ?var``), 403 refused (update, ``LOAD``, ``SERVICE``,
``FROM`` of a graph not held, or a query that tried to reach another server), 406 no acceptable
format, 413 a body over a megabyte, 415 unsupported request body, 503 stopped by the deadline
(one for parse, wait and run), every worker busy (with ``Retry-After``) or a worker that ended
at its memory limit. No message carries another server's response body.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..store.limits import QueryTimeout
from ..store.results import Result
from .engine import Answer, Engine, Job, SyntaxProblem
from .formats import GRAPHS, Format, encode, formats_for, named, negotiate, offers
from .guards import Analysis, Malformed, Refused
from .pool import RETRY_AFTER, Busy, WorkerLost
from .service import description

PAGE = Format("html", ("text/html",), "html")
MAX_BODY = 1 << 20  # bytes: a query larger than a megabyte is refused (413)
TRUNCATED = "Anyi-KG-Truncated"
ROW_LIMIT = "Anyi-KG-Row-Limit"


class Problem(Exception):
    """A request answered with an error status and a plain-text message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}

    def response(self) -> Response:
        return Response(f"{self.message}\n", self.status, self.headers, "text/plain; charset=utf-8")


@dataclass(frozen=True)
class Operation:
    """A protocol request: the query (``None``: service description), the dataset and the
    formats ``?format=`` names (a convenience for links and for clients that send it)."""

    query: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    formats: tuple[str, ...]

    @property
    def dataset(self) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
        if self.default_graphs or self.named_graphs:
            return self.default_graphs, self.named_graphs
        return None, None


async def read(request: Request) -> Operation:
    """The operation a GET or POST asks for, by the protocol's rules."""
    params = list(request.query_params.multi_items())
    if request.method == "POST":
        media, charset = _content_type(request.headers.get("content-type"))
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise Problem(413, f"the request body is larger than {MAX_BODY} bytes")
        if media == "application/x-www-form-urlencoded":
            params += parse_qsl(_text(bytes(body), charset), keep_blank_values=True)
        elif media == "application/sparql-query":
            params.append(("query", _text(bytes(body), charset)))
        elif media == "application/sparql-update":
            raise Problem(403, "this endpoint is read-only: SPARQL Update is not accepted")
        elif not media:
            raise Problem(
                415,
                "a POST needs a Content-Type: application/x-www-form-urlencoded or "
                "application/sparql-query",
            )
        else:
            raise Problem(
                415,
                f"cannot read a body of {media}; send application/x-www-form-urlencoded "
                "or application/sparql-query",
            )
    names = [name for name, _ in params]
    if "update" in names:
        raise Problem(403, "this endpoint is read-only: SPARQL Update is not accepted")
    queries = [value for name, value in params if name == "query"]
    if len(queries) > 1:
        raise Problem(400, "give one query, not several")
    if not queries and request.method == "POST":
        raise Problem(400, "no query: give the query parameter or an application/sparql-query body")
    return Operation(
        queries[0] if queries else None,
        tuple(value for name, value in params if name == "default-graph-uri"),
        tuple(value for name, value in params if name == "named-graph-uri"),
        tuple(value for name, value in params if name == "format"),
    )


def choose(accept: str | None, names: Sequence[str], offered: tuple[Format, ...]) -> Format:
    """The format to answer in: the one ``?format=`` names if it names one, else by
    ``Accept``, where a browser's ``text/html`` is :data:`PAGE` (the query page)."""
    chosen = named(names, offered) or negotiate(accept, offers((*offered, PAGE)))
    if chosen is None:
        types = ", ".join(m for f in offered for m in f.media_types)
        raise Problem(406, f"no acceptable format; this answer can be: {types}")
    return chosen


async def sparql(request: Request, engine: Engine, max_rows: int | None) -> Response:
    """Answer one protocol request."""
    started, since = time.perf_counter(), asyncio.get_running_loop().time()
    try:
        operation = await read(request)
        endpoint = str(request.url.replace(query=""))
        if operation.query is None:
            return _service(request, engine, endpoint, operation.formats, max_rows)
        analysis = await guard(engine, operation.query, endpoint, since)
        fmt = choose(request.headers.get("accept"), operation.formats, formats_for(analysis.form))
        if fmt is PAGE:
            return RedirectResponse("/query?" + urlencode({"query": operation.query}), 303)
        default_graphs, named_graphs = operation.dataset
        job = Job(
            analysis.text,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            uses_from=analysis.uses_from,
            base=endpoint,
            fmt=fmt.key,
            max_rows=max_rows,
        )
        answer = await run(engine, job, cache=not analysis.volatile, since=since)
    except Problem as problem:
        return problem.response()
    headers = {
        "Vary": "Accept",
        TRUNCATED: "true" if answer.truncated else "false",
        "Server-Timing": f"query;dur={(time.perf_counter() - started) * 1000:.2f}",
    }
    if max_rows is not None:
        headers[ROW_LIMIT] = str(max_rows)
    return Response(answer.body, media_type=fmt.media_type, headers=headers)


async def guard(engine: Engine, text: str, base: str = "", since: float | None = None) -> Analysis:
    """``engine.analyse(text)`` with its refusals as :class:`Problem`."""
    try:
        return await engine.analyse(text, base, since)
    except Malformed as error:
        raise Problem(400, f"the query does not parse: {error}") from None
    except Refused as refusal:
        raise Problem(403, str(refusal)) from None
    except (QueryTimeout, Busy, WorkerLost, MemoryError) as error:
        raise _unavailable(engine, error) from None
    except Exception as error:  # the parser's own failure: a message, never a traceback
        raise Problem(500, f"the query could not be read ({type(error).__name__})") from None


async def run(engine: Engine, job: Job, cache: bool = True, since: float | None = None) -> Answer:
    """``engine.run(job)`` with its failures as :class:`Problem`; ``since``: when the request
    came (the event loop's time), from which its deadline counts."""
    try:
        return await engine.run(job, cache, since=since)
    except SyntaxProblem as error:
        raise Problem(400, f"the query does not parse: {error}") from None
    except Refused as refusal:
        raise Problem(403, str(refusal)) from None
    except (QueryTimeout, Busy, WorkerLost, MemoryError) as error:
        raise _unavailable(engine, error) from None
    except (RuntimeError, ValueError) as error:
        raise Problem(500, f"the query failed: {error}") from None
    except OSError as error:  # its text may quote another server: not shown
        raise Problem(500, f"the query failed ({type(error).__name__})") from None


def _unavailable(engine: Engine, error: Exception) -> Problem:
    """503 for a query stopped by its deadline, a busy endpoint or a worker's memory limit."""
    if isinstance(error, QueryTimeout):
        return Problem(503, f"query timeout: {error}")
    if isinstance(error, Busy):
        return Problem(
            503,
            f"the endpoint is busy: {error}; try again in {RETRY_AFTER} s",
            {"Retry-After": str(RETRY_AFTER)},
        )
    limit = f"the {engine.memory_mb} MB a query may use" if engine.memory_mb else "its memory"
    if isinstance(error, MemoryError):
        why = f"it needed more than {limit}"
    else:  # the worker process ended: Oxigraph ends it when an allocation fails
        why = f"its worker ended, as it does when a query needs more than {limit}"
    return Problem(503, f"the query was stopped: {why}; a fresh worker takes the next query")


def _service(
    request: Request,
    engine: Engine,
    endpoint: str,
    formats: Sequence[str],
    max_rows: int | None,
) -> Response:
    chosen = choose(request.headers.get("accept"), formats, GRAPHS)
    if chosen is PAGE:
        return RedirectResponse("/query", 303)
    triples = description(endpoint, engine.graphs, engine.timeout, max_rows)
    body = encode(Result("graph", triples=triples), chosen.key)
    return Response(body, media_type=chosen.media_type, headers={"Vary": "Accept"})


def _content_type(header: str | None) -> tuple[str, str | None]:
    """The media type and charset of a Content-Type header."""
    if not header:
        return "", None
    media, *params = (p.strip() for p in header.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


def _text(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise Problem(415, f"the body must be UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Problem(400, f"the body is not valid UTF-8: {error}") from None
