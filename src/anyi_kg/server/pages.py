"""The explorer's pages: home, search, a page for every IRI, the query page, the industrial
chain. Server-rendered with Jinja2 (every value escaped); scripts and styles served from here.
"""

from __future__ import annotations

import asyncio
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
from ..graph.terms import iri, shorten
from ..store.results import Result
from . import compare, querypage
from .engine import Job
from .facts import AK, KINDS, Value, naming, page_url
from .formats import BY_KEY, GRAPHS, formats_for, negotiate, offers
from .networks import Drawn, is_entity
from .protocol import TRUNCATED, Problem, guard, run

CHAIN_COUNTY = BASE + "id/anyi-county"
"""The county whose chain ``/chain`` shows when none is asked for: the seed report's."""
ENTITIES = BASE + "id/"  # where the graph's entities are named

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


def compile_templates() -> None:
    """Compile every page's template: 30-40 ms each on first use."""
    env = _templates()
    for name in env.list_templates():
        env.get_template(name)


def render(template: str, status: int = 200, /, **context: Any) -> HTMLResponse:
    """``template`` rendered with ``context``, every value escaped."""
    page = _templates().get_template(template).render(**context)
    return HTMLResponse(page, status, media_type=_HTML)


async def _nothing() -> Drawn | None:
    """The network of a resource outside ``id/``: none, it is no entity."""
    return None


def _error(status: int, message: str) -> HTMLResponse:
    return render("error.html", status, status=status, message=message)


@router.get("/")
async def home(request: Request) -> Response:
    site = request.app.state.site
    try:
        counts = await site.explorer.class_counts()
    except Problem as problem:  # the engine timed out or is busy
        return _error(problem.status, problem.message)
    return render("home.html", counts=_rows(counts), questions=q.catalogue())


@router.get("/search")
async def search(request: Request, q: str = "") -> Response:
    site = request.app.state.site
    choices = [("text/html", "html"), ("application/json", "json")]
    wants = negotiate(request.headers.get("accept"), choices)
    try:
        hits = await site.search(q) if q.strip() else []
    except AnyiKGError as error:  # too long to be a name
        if wants == "json":
            return Response(_json({"error": str(error)}), 400, media_type="application/json")
        return _error(400, str(error))
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


@router.get("/source/{name}")
async def source(request: Request, name: str) -> Response:
    """The report reader: the whole source, every stated span marked; any other document of
    ``src:`` (or an RDF format asked for) is a resource page."""
    iri = f"{BASE}source/{name}"
    choices = [("text/html", "html")] + [(m, f.key) for m, f in offers(GRAPHS)]
    asked = request.query_params.get("format")
    if asked is None and negotiate(request.headers.get("accept"), choices) == "html":
        site = request.app.state.site
        try:
            page = await site.explorer.reader(iri)
        except Problem as problem:
            return _error(problem.status, problem.message)
        if page is not None:
            return render("source.html", page=page, rdf_url=_rdf_url(iri))
    return await _resource(request, iri)


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
        terms = await site.explorer.terms()
        page, network = await asyncio.gather(  # entities are drawn while their page is read
            site.explorer.profile(iri),
            site.networks.neighbourhood(iri) if iri.startswith(ENTITIES) else _nothing(),
        )
    except (AnyiKGError, ValueError) as error:  # ValueError: not an IRI
        return _error(400, str(error))
    except Problem as problem:
        return _error(problem.status, problem.message)
    if not page.exists:
        return _error(404, f"the graph says nothing about <{iri}>")
    if not is_entity(t.iri for t in page.types):
        network = None
    response = render(
        "resource.html", page=page, network=network, fact_names=page.labels,
        kind_names={k: naming(terms, AK + k) for k in KINDS}, sources_count=page.sources,
        class_names={iri: (n.zh, n.en) for iri, n in terms.items()}, rdf_url=_rdf_url(iri),
    )  # fmt: skip
    response.headers["Vary"] = "Accept"
    return response


@router.get("/chain")
async def chain(request: Request) -> Response:
    """The industrial chain of a county (``county``: a CURIE or IRI), as the sources about it
    state it; by default Anyi's, or the first county's of a graph without it."""
    site = request.app.state.site
    asked = request.query_params.get("county", "").strip()
    try:
        counties = {c.value.iri: c for c in await site.explorer.counties()}
        wanted = iri(asked).value if asked else CHAIN_COUNTY
        county = counties.get(wanted) or (None if asked else next(iter(counties.values()), None))
        if county is None:
            if asked:
                return _error(400, f"not a county-level division of the graph: {asked}")
            return _error(404, "the graph holds no county-level division")
        network = await site.networks.chain(county.value)
    except Problem as problem:
        return _error(problem.status, problem.message)
    except (AnyiKGError, ValueError) as error:
        return _error(400, str(error))
    return render("chain.html", network=network, county=county, counties=counties.values())


@router.get("/compare")
async def compare_page(request: Request) -> Response:
    """Counties side by side: ``county`` (repeated: CURIEs or IRIs), ``year`` (optional)."""
    explorer = request.app.state.site.explorer
    asked = request.query_params.getlist("county")
    year = request.query_params.get("year", "").strip() or None
    if year is not None and not (len(year) == 4 and year.isdigit()):
        return _error(400, f"a year is four digits: {year!r}")
    try:
        counties = await explorer.counties()
        known = {c.value.iri: c for c in counties}
        iris = [iri(a).value for a in asked]  # CURIEs or <IRI>s
        unknown = [a for a, iri in zip(asked, iris, strict=True) if iri not in known]
        if unknown:
            return _error(400, f"not a county-level division of the graph: {', '.join(unknown)}")
        if len(iris) > compare.MAX_COUNTIES:
            return _error(400, f"choose at most {compare.MAX_COUNTIES} counties, not {len(iris)}")
        chosen = [known[i] for i in dict.fromkeys(iris)]
        if not asked and len(counties) <= compare.SHOWN_BY_DEFAULT:
            chosen = counties
        page = await explorer.compare(chosen, year)
        years = await explorer.years()
    except Problem as problem:
        return _error(problem.status, problem.message)
    except (AnyiKGError, ValueError) as error:
        return _error(400, str(error))
    return render("compare.html", page=page, years=years)


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
    as further fields); ``format`` downloads the answer instead. An empty page offers a working
    example; the project's prefixes a query uses undeclared are added, and shown."""
    site = request.app.state.site
    params = dict(request.query_params)
    name, text, fmt = params.pop("name", ""), params.pop("query", ""), params.pop("format", "")
    context: dict[str, Any] = {
        "questions": q.catalogue(), "name": name, "text": text or querypage.example(),
        "params": [], "values": params, "accepts": querypage.ACCEPTS, "added": [],
        "years": [], "result": None, "truncated": False, "error": None, "downloads": [],
    }  # fmt: skip
    status, run_text = 200, text
    try:
        job = None
        limit = site.settings.max_rows
        if name:
            named = q.named(name)
            context["text"], context["params"] = named.text, named.parameters
            if any(p.type == "xsd:gYear" for p in named.parameters):
                context["years"] = await site.explorer.years()
            prepared = q.prepare(name, {k: v for k, v in params.items() if v.strip()})
            job = Job(prepared.text, tuple(prepared.bindings.items()), max_rows=limit)
        elif text.strip():
            context["added"] = querypage.missing_prefixes(text)
            run_text = context["text"] = querypage.with_prefixes(text, context["added"])
            job = Job(run_text, max_rows=limit)
        if job is not None:
            analysis = await guard(site.engine, job.text)
            job = replace(job, text=analysis.text)
            if fmt:
                return await _download(site, job, fmt, analysis.form, name or "query")
            answer = await run(site.engine, job, cache=not analysis.volatile)
            context["result"], context["truncated"] = answer.result, answer.truncated
            keys = ("csv", "tsv", "json") if answer.kind != "graph" else ("turtle", "jsonld")
            base = {"name": name, **params} if name else {"query": run_text}
            context["downloads"] = [(k, "/query?" + urlencode({**base, "format": k})) for k in keys]
    except Problem as problem:
        context["error"] = querypage.located(problem.status, problem.message, run_text)
        status = problem.status
    except AnyiKGError as error:
        context["error"], status = querypage.located(400, str(error), run_text), 400
    if context["result"] is not None:
        context["table"] = await _table(site, context["result"])
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


def _rdf_url(iri: str) -> str:
    """The page of ``iri``, ready for a ``format=`` parameter."""
    url = page_url(iri)
    return url + ("&" if "?" in url else "?")


def _rows(result: Result) -> list[dict[str, Any]]:
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


async def _table(site: Any, result: Result) -> tuple[list[str], list[list[Value]]]:
    """The answer's rows as shown: each IRI with its names beside it, linked to its page."""
    variables, rows = result.table()
    names = await site.explorer.labels(term for row in rows for term in row)
    shown = []
    for row in rows:
        cells = []
        for term in row:
            value = Value.of(term)
            if value.iri is not None and value.iri in names:
                value = Value.named(value.iri, *names[value.iri])
            cells.append(value)
        shown.append(cells)
    return variables, shown


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()
