"""The explorer's pages: home, search, a page for every IRI, the query page, the industrial
chain. Server-rendered with Jinja2 (every value escaped); scripts and styles served from here.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from typing import Any
from urllib.parse import urlencode

import jinja2
import pyoxigraph as ox
from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from .. import query as q
from ..errors import AnyiKGError
from ..graph.namespaces import BASE
from ..graph.terms import shorten
from ..store.results import Result
from .engine import Job
from .explorer import Value, page_url
from .formats import BY_KEY, GRAPHS, formats_for, negotiate, offers
from .protocol import TRUNCATED, Problem, guard, run

router = APIRouter(include_in_schema=False)
_HTML = "text/html; charset=utf-8"


@cache
def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("anyi_kg.server", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(page_url=page_url, shorten=shorten, urlencode=urlencode)
    return env


def render(template: str, status: int = 200, /, **context: Any) -> HTMLResponse:
    """``template`` rendered with ``context``, every value escaped."""
    page = _templates().get_template(template).render(**context)
    return HTMLResponse(page, status, media_type=_HTML)


def _error(status: int, message: str) -> HTMLResponse:
    return render("error.html", status, status=status, message=message)


@router.get("/")
async def home(request: Request) -> Response:
    site = request.app.state.site
    counts = await site.explorer.answer("class-counts")
    return render("home.html", counts=_rows(counts), questions=q.catalogue())


@router.get("/search")
async def search(request: Request, q: str = "") -> Response:
    site = request.app.state.site
    hits = await site.search(q) if q.strip() else []
    choices = [("text/html", "html"), ("application/json", "json")]
    wants = negotiate(request.headers.get("accept"), choices)
    if wants == "json":
        return Response(_json([h.as_json() for h in hits]), media_type="application/json")
    return render("search.html", searched=q, hits=hits)


@router.get("/resource")
async def resource_by_iri(request: Request, iri: str = "") -> Response:
    if not iri:
        return _error(400, "give an IRI: /resource?iri=…")
    return await _resource(request, iri)


async def resource_by_path(request: Request, rest: str) -> Response:
    """The page of a project IRI, at its path under the project's base: ``/id/konka-group``."""
    kind = request.url.path.strip("/").split("/")[0]
    return await _resource(request, f"{BASE}{kind}/{rest}")


for _kind in ("id", "fact", "vocab", "source"):
    router.add_api_route(f"/{_kind}/{{rest:path}}", resource_by_path, methods=["GET"])


async def _resource(request: Request, iri: str) -> Response:
    site = request.app.state.site
    choices = [("text/html", "html")] + [(m, f.key) for m, f in offers(GRAPHS)]
    wants = request.query_params.get("format") or negotiate(request.headers.get("accept"), choices)
    if wants not in {key for _, key in choices}:
        return Response("no acceptable format: text/html or an RDF syntax\n", 406)
    try:
        if wants != "html":
            prepared = q.prepare(q.page_query("description"), {"resource": ox.NamedNode(iri)})
            job = Job(prepared.text, tuple(prepared.bindings.items()), fmt=wants)
            answer = await run(site.engine, job)
            media = BY_KEY[wants].media_type
            return Response(answer.body, media_type=media, headers={"Vary": "Accept"})
        view = await site.explorer.resource(iri)
    except (AnyiKGError, ValueError) as error:  # ValueError: not an IRI
        return _error(400, str(error))
    except Problem as problem:
        return _error(problem.status, problem.message)
    if not view.exists:
        return _error(404, f"the graph says nothing about <{iri}>")
    network = await site.networks.neighbourhood(iri)
    response = render("resource.html", view=view, network=network)
    response.headers["Vary"] = "Accept"
    return response


@router.get("/chain")
async def chain(request: Request) -> Response:
    return render("chain.html", network=await request.app.state.site.networks.chain())


@router.get("/assets/network/{name}")
async def network_asset(name: str) -> Response:
    from ..network.page import assets

    files = assets()
    if name not in files:
        return Response("not found\n", 404, media_type="text/plain")
    media = "text/css" if name.endswith(".css") else "text/javascript"
    return Response(files[name], media_type=f"{media}; charset=utf-8",
                    headers={"Cache-Control": "max-age=3600"})  # fmt: skip


@router.get("/query")
async def query_page(request: Request) -> Response:
    """The query page: ``query`` (SPARQL text) or ``name`` (a named question, its parameters
    as further fields); ``format`` downloads the answer instead."""
    site = request.app.state.site
    params = dict(request.query_params)
    name, text, fmt = params.pop("name", ""), params.pop("query", ""), params.pop("format", "")
    questions = q.catalogue()
    context: dict[str, Any] = {
        "questions": questions, "name": name, "text": text, "params": [], "values": params,
        "result": None, "truncated": False, "error": None, "downloads": [],
    }  # fmt: skip
    status = 200
    try:
        job = None
        limit = site.settings.max_rows
        if name:
            named = q.named(name)
            context["text"] = named.text
            context["params"] = named.parameters
            prepared = q.prepare(name, {k: v for k, v in params.items() if v.strip()})
            job = Job(prepared.text, tuple(prepared.bindings.items()), max_rows=limit)
        elif text.strip():
            job = Job(text, max_rows=limit)
        if job is not None:
            analysis = await guard(site.engine, job.text)
            job = replace(job, text=analysis.text)
            if fmt:
                return await _download(site, job, fmt, analysis.form, name or "query")
            answer = await run(site.engine, job, cache=not analysis.volatile)
            context["result"], context["truncated"] = answer.result, answer.truncated
            keys = ("csv", "json") if answer.kind != "graph" else ("turtle", "jsonld")
            base = {"name": name, **params} if name else {"query": text}
            context["downloads"] = [(k, "/query?" + urlencode({**base, "format": k})) for k in keys]
    except Problem as problem:
        context["error"], status = problem.message, problem.status
    except AnyiKGError as error:
        context["error"], status = str(error), 400
    if context["result"] is not None:
        context["table"] = _table(context["result"])
    return render("query.html", status, **context)


async def _download(site: Any, job: Job, fmt: str, form: str | None, stem: str) -> Response:
    offered = formats_for(form)
    if fmt not in BY_KEY or BY_KEY[fmt] not in offered:
        valid = ", ".join(f.key for f in offered)
        raise Problem(406, f"cannot download this answer as {fmt!r}; valid: {valid}")
    chosen = BY_KEY[fmt]
    answer = await run(site.engine, replace(job, fmt=chosen.key))
    return Response(
        answer.body,
        media_type=chosen.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{stem}.{chosen.extension}"',
            TRUNCATED: "true" if answer.truncated else "false",
        },
    )


def _rows(result: Result) -> list[dict[str, Any]]:
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def _table(result: Result) -> tuple[list[str], list[list[Value]]]:
    variables, rows = result.table()
    return variables, [[Value.of(term) for term in row] for row in rows]


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()
