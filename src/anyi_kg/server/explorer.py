"""What the explorer's pages show, read from the store with their own queries
(``queries/explorer/*.rq``, :func:`anyi_kg.query.page_query`) through the engine: the same
workers, deadline and answer cache as every query.

Rows come back as RDF terms and leave as plain views (:mod:`.profile` for a resource's page,
:mod:`.reader` for a report); the templates escape every value.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar, cast

import pyoxigraph as ox

from .. import query as q
from ..graph.iris import PREFIXES
from ..graph.terms import Term
from ..store.results import Result
from . import compare, profile, reader
from .engine import Engine, Job
from .facts import NAMED, Naming, Row, by_resource, name, widen
from .sources import raw_text

T = TypeVar("T")
PAGE_TIMEOUT = 120.0  # seconds: the pages' own questions are trusted, and slow only on a big graph
_LABELLED = 1000  # IRIs of a query's answer named at most
MAX_FACTS = 500  # fact–role pairs a page reads at most (an indicator has a fact per county, year)
_DCT, _RDFS, _SKOS, _PROV = (PREFIXES[p] for p in ("dct", "rdfs", "skos", "prov"))
_GYEAR = ox.NamedNode(PREFIXES["xsd"] + "gYear")
REUSED: dict[
    str, tuple[str, ...]
] = {  # names of reused terms that the graph does not name itself, as their vocabularies do
    PREFIXES["rdf"] + "type": ("类型", "type", "实例", "instance"),
    _RDFS + "label": ("名称", "label"),
    _RDFS + "comment": ("说明", "comment"),
    _RDFS + "subClassOf": ("上位类", "subclass of"),
    _RDFS + "subPropertyOf": ("上位属性", "subproperty of"),
    _RDFS + "domain": ("定义域", "domain"),
    _RDFS + "range": ("值域", "range"),
    _RDFS + "isDefinedBy": ("定义于", "is defined by"),
    _SKOS + "prefLabel": ("名称", "preferred label"),
    _SKOS + "altLabel": ("又称", "alternative label"),
    _SKOS + "definition": ("定义", "definition"),
    _SKOS + "inScheme": ("所属方案", "in scheme"),
    _SKOS + "topConceptOf": ("顶层概念", "top concept of"),
    _SKOS + "hasTopConcept": ("顶层概念", "has top concept"),
    _SKOS + "broader": ("上位概念", "broader"),
    _SKOS + "narrower": ("下位概念", "narrower"),
    _SKOS + "related": ("相关概念", "related"),
    _DCT + "title": ("标题", "title"),
    _DCT + "alternative": ("副标题", "alternative title"),
    _DCT + "identifier": ("标识符", "identifier"),
    _DCT + "language": ("语言", "language"),
    _DCT + "format": ("格式", "format"),
    _DCT + "temporal": ("涉及年份", "temporal coverage"),
    _DCT + "spatial": ("涉及地区", "spatial coverage", "见于报道", "covered by"),
    _DCT + "subject": ("主题", "subject", "作为主题", "subject of"),
    _DCT + "source": ("来源", "source"),
    _DCT + "description": ("描述", "description"),
    _DCT + "license": ("许可", "license"),
    _PROV + "wasDerivedFrom": ("出处", "derived from"),
    PREFIXES["qb"] + "dataSet": ("数据集", "data set"),
}


class Explorer:
    """Reads pages' data through ``engine``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._terms: dict[str, Naming] | None = None
        self._shared: dict[str, asyncio.Future[Any]] = {}

    async def shared(self, name: str, ask: Callable[[], Awaitable[T]]) -> T:
        """``ask()``'s answer, asked once under ``name`` and shared by every caller, while it
        runs and after (the store is read-only); asked again after a failure."""
        if name not in self._shared:
            self._shared[name] = asyncio.ensure_future(ask())
        asked = self._shared[name]
        try:
            return cast(T, await asyncio.shield(asked))
        except Exception:
            if self._shared.get(name) is asked:
                del self._shared[name]
            raise

    async def class_counts(self) -> Result:
        """The home page's counts of instances by class."""
        return await self.shared("class-counts", lambda: self.answer("class-counts"))

    async def answer(self, query: str | q.NamedQuery, **params: q.Value) -> Result:
        """The answer of a named question or a page query, parameters bound as terms."""
        prepared = q.prepare(query, params)
        return await self._run(Job(prepared.text, tuple(prepared.bindings.items())))

    async def _run(self, job: Job) -> Result:
        answer = await self.engine.run(job, timeout=max(PAGE_TIMEOUT, self.engine.timeout or 0))
        result = answer.result
        assert result is not None
        return result

    async def terms(self) -> dict[str, Naming]:
        """The names of the ontology's classes and properties, and of their inverse readings."""
        if self._terms is None:
            named = {iri: Naming(*names) for iri, names in REUSED.items()}
            asked = await self.shared("terms", lambda: self.answer(q.page_query("terms")))
            for row in records(asked):
                term, inverse = row["term"], row["inverse"]
                assert term is not None
                old = named.get(term.value, Naming("", ""))
                zh, en = _text(row["label_zh"]) or old.zh, _text(row["label_en"]) or old.en
                if inverse is None:
                    named[term.value] = Naming(zh, en, old.inverse_zh, old.inverse_en)
                else:
                    named[term.value] = Naming(
                        zh, en, _text(row["inverse_zh"]) or "", _text(row["inverse_en"]) or ""
                    )
            self._terms = named
        return self._terms

    async def profile(self, iri: str) -> profile.Profile:
        """The page of ``iri``: its statements, incoming links, spans and facts (read from
        the first :data:`MAX_FACTS` fact–role pairs that involve it)."""
        node = ox.NamedNode(iri)
        terms = await self.terms()
        prepared = q.prepare(q.page_query("fact-roles"), {"resource": node})
        answers = await asyncio.gather(
            *(
                self.answer(q.page_query(n), resource=node)
                for n in ("resource", "incoming", "spans")
            ),
            self._run(Job(prepared.text, tuple(prepared.bindings.items()), max_rows=MAX_FACTS)),
        )
        statements, incoming, spans, roles = (records(a) for a in answers)
        found: dict[Term | None, list[Term | None]] = {}
        for row in roles:
            found.setdefault(row["fact"], []).append(row["role"])
        details = await self.facts(found)
        facts = [
            {**row, "resource": node, "role": role}
            for row in details
            for role in found[row["fact"]]
        ]
        page = profile.build(iri, statements, incoming, facts, spans, terms)
        page.facts_cut = MAX_FACTS if len(roles) >= MAX_FACTS else 0
        return page

    async def reader(self, source: str) -> reader.Reader | None:
        """The report ``source`` (an IRI) as paragraphs, every stated span marked; ``None``
        when the graph holds no such source or its text is not at hand."""
        if raw_text(source) is None:  # its page is that of a resource: nothing is read twice
            return None
        node = ox.NamedNode(source)
        terms, spans, about = await asyncio.gather(
            self.terms(),
            self.answer(q.page_query("source"), source=node),
            self.answer(q.page_query("resource"), resource=node),
        )
        rows = records(spans)
        facts, names = await asyncio.gather(
            self.facts(r["fact"] for r in rows),
            self.for_each(q.page_query("labels"), "resource", (r["entity"] for r in rows)),
        )
        details: dict[Term | None, list[Row]] = {}
        for row in facts:
            details.setdefault(row["fact"], []).append(row)
        named = by_resource(records(names))
        stated = []
        for row in rows:
            if row["entity"] is not None:
                name = named.get(row["entity"], {})
                entity_zh, entity_en = name.get("label_zh"), name.get("label_en")
                stated.append({**row, "entity_zh": entity_zh, "entity_en": entity_en})
            stated += [{**d, **row} for d in details.get(row["fact"], [])]
        page = profile.build(source, records(about), [], [], [], terms)
        return reader.read(source, stated, page, terms)

    async def facts(self, facts: Iterable[Term | None]) -> list[Row]:
        """The rows of ``facts.rq`` for ``facts``, widened (:func:`.facts.widen`), with the names
        of their subjects, indicators, objects and qualifiers, read in one more query."""
        asked = [fact for fact in dict.fromkeys(facts) if fact is not None]
        if not asked:
            return []
        rows = widen(records(await self.for_each(q.page_query("facts"), "fact", asked)))
        named = (row.get(column) for row in rows for column in NAMED)
        iris = dict.fromkeys(term for term in named if isinstance(term, ox.NamedNode))
        if not iris:
            return rows
        labels = await self.for_each(q.page_query("labels"), "resource", iris)
        return name(rows, records(labels))

    async def counties(self) -> list[compare.County]:
        """The county-level divisions of the graph, by code."""
        answer = await self.shared("counties", lambda: self.answer(q.page_query("counties")))
        return [compare.County.of(row) for row in records(answer)]

    async def compare(self, chosen: list[compare.County], year: str | None) -> compare.Comparison:
        """The comparison of ``chosen``: each county's figures (of ``year`` if given), industries
        and honours, asked county by county so that each question stays selective."""
        counties = await self.counties()
        when = {"year": ox.Literal(year, datatype=_GYEAR)} if year else {}
        nodes = [ox.NamedNode(c.value.iri or "") for c in chosen]
        asked = await asyncio.gather(
            *(self.answer("indicator-across-counties", county=n, **when) for n in nodes),
            *(self.answer("counties-by-industry", county=n) for n in nodes),
            *(self.answer(q.page_query("county-honours"), county=n) for n in nodes),
        )
        rows = [records(a) for a in asked]
        n = len(nodes)
        return compare.build(counties, chosen, year, rows[:n], rows[n : 2 * n], rows[2 * n :])

    async def years(self) -> list[str]:
        """The years the facts give, for the year picker."""
        answer = await self.shared("years", lambda: self.answer(q.page_query("years")))
        return [row[0].value for row in answer.rows if row[0]]

    async def labels(
        self, terms: Iterable[Term | None]
    ) -> dict[str, tuple[str | None, str | None]]:
        """The Chinese and English names of the IRIs among ``terms`` (the first
        :data:`_LABELLED` of them), read in one query."""
        iris = list(dict.fromkeys(t for t in terms if isinstance(t, ox.NamedNode)))
        if not iris:
            return {}
        answer = await self.for_each(q.page_query("labels"), "resource", iris[:_LABELLED])
        names: dict[str, tuple[str | None, str | None]] = {}
        for row in records(answer):
            iri = row["resource"]
            if iri is not None and (row["label_zh"] or row["label_en"]):
                names.setdefault(iri.value, (_text(row["label_zh"]), _text(row["label_en"])))
        return names

    async def for_each(
        self, query: q.NamedQuery, variable: str, terms: Iterable[Term | None]
    ) -> Result:
        """The answer of ``query`` with ``variable`` given each of ``terms`` by a ``VALUES``
        block (:func:`anyi_kg.query.values_block`)."""
        rows = [[term] for term in terms if term is not None]
        return await self._run(Job(q.values_block(query.text, [variable], rows)))


def records(result: Result) -> list[dict[str, Term | None]]:
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def _text(term: Term | None) -> str | None:
    return None if term is None else term.value
