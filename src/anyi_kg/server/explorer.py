"""What the explorer's pages show, read from the store with their own queries
(``queries/explorer/*.rq``, :func:`anyi_kg.query.page_query`).

Rows come back as RDF terms and leave as plain views (text, links, quotes); the templates
escape every one of them. A quote is shown inside the sentence of the source that holds it,
read from ``graph/sources/`` at the span's offsets.
"""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pyoxigraph as ox

from .. import query as q
from ..errors import AnyiKGError
from ..graph.namespaces import BASE, PREFIXES, SRC
from ..graph.provenance import source_text
from ..graph.terms import Term, shorten
from ..store.results import Result
from .engine import Engine, Job

_AK = PREFIXES["ak"]
_RDF_TYPE = PREFIXES["rdf"] + "type"
_LABELS = {PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "prefLabel"}
_OTHER_NAMES = {PREFIXES["skos"] + "altLabel", _AK + "formerName"}
KINDS = ("Observation", "Ranking", "Change", "AwardConferral", "Investment", "Assertion")
_SENTENCE_END = re.compile(r"[。！？!?]")
_BREAK = re.compile(r"\s*\n\s*")
_CONTEXT = 160  # characters of context at most on either side of a quote
_PAGE_PATHS = ("id/", "fact/", "vocab/", "source/")
PAGE_TIMEOUT = 120.0  # seconds: the pages' own questions are trusted, and slow only on a big graph
UNITS = {
    "cur:CNY": "元 CNY",
    "unit:TONNE": "吨 t",
    "unit:PERCENT": "%",
    "unit:NUM": "个 count",
    "unit:KiloM2": "平方公里 km²",
    "ak:Mu": "亩 mu",
    "unit:UNITLESS": "",
}


def page_url(iri: str) -> str:
    """The explorer page of ``iri``: ``/id/konka-group`` for the project's own, else
    ``/resource?iri=…``."""
    local = iri[len(BASE) :] if iri.startswith(BASE) else ""
    if local.startswith(_PAGE_PATHS) and "#" not in local and "?" not in local:
        return "/" + local
    return "/resource?" + urlencode({"iri": iri})


@dataclass(frozen=True)
class Value:
    """A term as shown: its text, its page (IRIs), its names, its language or datatype."""

    text: str
    url: str | None = None
    zh: str | None = None
    en: str | None = None
    note: str | None = None

    @classmethod
    def of(cls, term: Term | None, zh: Term | None = None, en: Term | None = None) -> Value:
        if term is None:
            return cls("")
        if isinstance(term, ox.NamedNode):
            return cls(shorten(term.value), page_url(term.value), _text(zh), _text(en))
        if isinstance(term, ox.BlankNode):
            return cls(f"_:{term.value}")
        note = f"@{term.language}" if term.language else shorten(term.datatype.value)
        return cls(term.value, note=None if note == "xsd:string" else note)


@dataclass(frozen=True)
class Quote:
    """A quote in its sentence: the text before it, the quote, the text after it."""

    before: str
    quote: str
    after: str
    span: str


@dataclass
class FactView:
    """One fact about the resource, with the quotes that state it."""

    fact: Value
    what: Value
    other: Value
    year: str
    value: str
    unit: str
    surface: str
    qualifier: str
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class ResourceView:
    """Everything the page of one resource shows."""

    iri: str
    label_zh: str | None = None
    label_en: str | None = None
    names: list[Value] = field(default_factory=list)
    types: list[Value] = field(default_factory=list)
    outgoing: list[tuple[Value, Value]] = field(default_factory=list)
    incoming: list[tuple[Value, Value]] = field(default_factory=list)
    mentions: list[tuple[Value, Quote]] = field(default_factory=list)
    facts: dict[str, list[FactView]] = field(default_factory=dict)
    kind_names: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def exists(self) -> bool:
        return bool(self.outgoing or self.incoming or self.types or self.names)


class Explorer:
    """Reads pages' data through ``engine``: the same workers, timeout and cache as queries."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def answer(self, query: str | q.NamedQuery, **params: q.Value) -> Result:
        """The answer of a named question or a page query, parameters bound as terms."""
        prepared = q.prepare(query, params)
        job = Job(prepared.text, tuple(prepared.bindings.items()))
        answer = await self.engine.run(job, timeout=max(PAGE_TIMEOUT, self.engine.timeout or 0))
        assert answer.result is not None
        return answer.result

    async def resource(self, iri: str) -> ResourceView:
        """The page data of ``iri``."""
        node = ox.NamedNode(iri)
        view = ResourceView(iri)
        statements, incoming, spans, found = await asyncio.gather(
            *(
                self.answer(q.page_query(name), resource=node)
                for name in ("resource", "incoming", "spans", "facts")
            )
        )
        for row in _records(statements):
            prop, value = row["property"], row["value"]
            assert prop is not None
            if prop.value in _LABELS and isinstance(value, ox.Literal):
                if value.language == "zh":
                    view.label_zh = view.label_zh or value.value
                elif value.language == "en":
                    view.label_en = view.label_en or value.value
                continue
            if prop.value in _OTHER_NAMES:
                view.names.append(Value.of(value))
                continue
            shown = Value.of(value, row["value_zh"], row["value_en"])
            if prop.value == _RDF_TYPE:
                view.types.append(shown)
            view.outgoing.append((Value.of(prop, row["property_zh"], row["property_en"]), shown))
        for row in _records(incoming):
            view.incoming.append(
                (
                    Value.of(row["subject"], row["subject_zh"], row["subject_en"]),
                    Value.of(row["property"], row["property_zh"], row["property_en"]),
                )
            )
        for row in _records(spans):
            link = Value.of(row["link"], row["link_zh"], row["link_en"])
            view.mentions.append((link, _quote(row)))
        facts: dict[str, FactView] = {}
        grouped: dict[str, list[FactView]] = defaultdict(list)
        for row in _records(found):
            fact, kind = row["fact"], row["kind"]
            assert fact is not None and kind is not None
            local = kind.value.removeprefix(_AK)
            names = (_text(row["kind_zh"]) or local, _text(row["kind_en"]) or local)
            view.kind_names[local] = names
            if fact.value not in facts:
                facts[fact.value] = _fact(row)
                grouped[local].append(facts[fact.value])
            if row["quote"] is not None:
                quote = _quote(row)
                if quote not in facts[fact.value].quotes:
                    facts[fact.value].quotes.append(quote)
        order = {kind: i for i, kind in enumerate(KINDS)}
        view.facts = dict(sorted(grouped.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])))
        return view


def in_sentence(source: str, start: int, end: int, quote: str) -> tuple[str, str, str]:
    """``quote`` with the rest of its sentence before and after it, line breaks of the page
    layout removed; just the quote when the source text is not at hand or disagrees."""
    source_id = source.removeprefix(str(SRC))
    try:
        text = source_text(source_id)
    except AnyiKGError:
        return "", _BREAK.sub("", quote), ""
    if text[start:end] != quote:
        return "", _BREAK.sub("", quote), ""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, max(0, start - _CONTEXT), start)]
    first = ends[-1] if ends else max(0, start - _CONTEXT)
    after = _SENTENCE_END.search(text, end, end + _CONTEXT)
    last = after.end() if after else min(len(text), end + _CONTEXT)
    before, after_text = text[first:start], text[end:last]
    return (
        ("…" if not ends and first > 0 else "") + _BREAK.sub("", before).lstrip(),
        _BREAK.sub("", quote),
        _BREAK.sub("", after_text).rstrip() + ("" if after or last == len(text) else "…"),
    )


def _records(result: Result) -> list[dict[str, Term | None]]:
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def _text(term: Term | None) -> str | None:
    return None if term is None else term.value


def _quote(row: dict[str, Term | None]) -> Quote:
    source, start, end, quote = row["source"], row["start"], row["end"], row["quote"]
    assert source is not None and start is not None and end is not None and quote is not None
    before, exact, after = in_sentence(source.value, int(start.value), int(end.value), quote.value)
    return Quote(before, exact, after, f"{source.value}#char={start.value},{end.value}")


def _fact(row: dict[str, Term | None]) -> FactView:
    period, start, end = (_text(row[k]) for k in ("period", "period_start", "period_end"))
    before, after = _text(row["from_period"]), _text(row["to_period"])
    if period:
        year = period
    elif start or end:
        year = f"{start or ''}–{end or ''}"
    elif before or after:
        year = f"{before or '?'} → {after or '?'}"
    else:
        year = ""
    unit = shorten(row["unit"].value) if row["unit"] is not None else ""
    qualifier = " ".join(t for t in (_text(row["qualifier_zh"]), _text(row["qualifier_en"])) if t)
    return FactView(
        fact=Value.of(row["fact"]),
        what=Value.of(row["what"], row["what_zh"], row["what_en"]),
        other=Value.of(row["other"], row["other_zh"], row["other_en"]),
        year=year,
        value=_text(row["value"]) or "",
        unit=UNITS.get(unit, unit),
        surface=_text(row["surface"]) or "",
        qualifier=qualifier,
    )
