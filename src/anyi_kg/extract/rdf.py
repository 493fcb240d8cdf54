"""A draft as RDF: the curated model (graph/README.md) plus the marks of its making.

Every new entity and every fact rests on its span (``ak:firstMention`` / ``prov:wasDerivedFrom``
→ ``<src#char=S,E>``, an ``oa:SpecificResource`` with its quote and position selectors), and
carries ``prov:wasGeneratedBy`` the extraction activity (tool, version, time),
``itsrdf:taConfidence`` (W3C ITS 2.0) and ``adms:status review:unreviewed``. An entity the graph
already holds is not described again: an ``oa:Annotation`` (``oa:identifying``) links its first
span in this report to its IRI. English labels that a rule or the glossary gave are tagged
``en-t-zh-t0-und`` (BCP 47 extension T: English, machine-translated from Chinese).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

import pyoxigraph as ox

from .. import __version__
from ..graph.iris import AK, BASE, PREFIXES
from ..graph.provenance import Span
from .figures import Figure, Figures, decimal_lexical
from .mentions import Entity
from .relations import Relation
from .text import Text

MACHINE_TRANSLATION = "en-t-zh-t0-und"
AGENT = f"{BASE}agent/anyi-kg-extract-{__version__}"
_P = PREFIXES
_TYPE = ox.NamedNode(_P["rdf"] + "type")


def _n(curie_or_iri: str) -> ox.NamedNode:
    prefix, _, local = curie_or_iri.partition(":")
    if prefix in _P and not local.startswith("//"):
        return ox.NamedNode(_P[prefix] + local)
    return ox.NamedNode(curie_or_iri)


def _s(value: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=_n(datatype))


@dataclass
class Draft:
    """What the extractor found in one report, ready to write."""

    text: Text
    title: str
    source_known: bool
    entities: list[Entity]
    figures: Figures
    relations: list[Relation]
    started: datetime
    ended: datetime
    warnings: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        return self.text.source

    @property
    def source_iri(self) -> str:
        return _P["src"] + self.source

    @property
    def activity(self) -> str:
        return f"{BASE}extraction/{self.source}/{self.started.strftime('%Y%m%dT%H%M%SZ')}"

    @property
    def fact_count(self) -> int:
        return len(self.figures.figures) + len(self.figures.changes) + len(self.relations)

    def triples(self) -> list[ox.Triple]:
        return list(_Writer(self).triples())

    def turtle(self) -> bytes:
        prefixes = {k: v for k, v in _P.items() if k not in ("sh", "ak-shape", "vann")}
        return ox.serialize(self.triples(), format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""


class _Writer:
    def __init__(self, draft: Draft) -> None:
        self.d = draft
        self.spans: dict[tuple[int, int], Span] = {}
        self.out: list[ox.Triple] = []
        self.slugs: dict[str, int] = {}
        self.figure_iris: dict[int, str] = {}

    def add(self, s: str | ox.NamedNode | ox.BlankNode, p: str, o: object) -> None:
        subject = _n(s) if isinstance(s, str) else s
        obj = _n(o) if isinstance(o, str) else o
        self.out.append(ox.Triple(subject, _n(p), obj))  # type: ignore[arg-type]

    def triples(self) -> Iterator[ox.Triple]:
        d = self.d
        if not d.source_known:
            self._source()
        self._activity()
        for entity in d.entities:
            self._entity(entity)
        for figure in d.figures.figures:
            self._figure(figure)
        for change in d.figures.changes:
            iri = self._fact("change", change.after.indicator.iri, change.span[0])
            self.add(iri, "rdf:type", AK.Change)
            self.add(iri, "ak:fromObservation", self.figure_iris[id(change.before)])
            self.add(iri, "ak:toObservation", self.figure_iris[id(change.after)])
            self._mark(iri, min(change.before.confidence, change.after.confidence), change.span)
        for relation in d.relations:
            relation.write(self)
        for span in self.spans.values():
            self._span(span)
        yield from self.out

    def _source(self) -> None:
        d, src = self.d, self.d.source_iri
        self.add(src, "rdf:type", AK.SourceDocument)
        self.add(src, "dct:title", _s(d.title, "zh"))
        self.add(src, "dct:identifier", _s(d.source))
        self.add(src, "dct:language", _s("zh"))
        self.add(src, "dct:format", _s("text/plain; charset=utf-8"))
        dataset = src + "-observations"
        self.add(dataset, "rdf:type", "qb:DataSet")
        self.add(dataset, "qb:structure", AK.dsd)
        self.add(dataset, "dct:source", src)
        self.add(dataset, "rdfs:label", _s(f"{d.title}中的指标观测", "zh"))

    def _activity(self) -> None:
        d, act = self.d, self.d.activity
        self.add(act, "rdf:type", "prov:Activity")
        self.add(act, "rdfs:label", _s(f"anyi-kg extract {__version__}: draft of {d.source}", "en"))
        self.add(act, "prov:used", d.source_iri)
        self.add(act, "prov:wasAssociatedWith", AGENT)
        self.add(act, "prov:startedAtTime", _typed(d.started.isoformat(), "xsd:dateTime"))
        self.add(act, "prov:endedAtTime", _typed(d.ended.isoformat(), "xsd:dateTime"))
        self.add(AGENT, "rdf:type", "prov:SoftwareAgent")
        self.add(AGENT, "rdfs:label", _s("anyi-kg extract", "en"))
        self.add(AGENT, "schema:softwareVersion", _s(__version__))

    @staticmethod
    def typed(value: str, datatype: str) -> ox.Literal:
        return _typed(value, datatype)

    def span(self, start: int, end: int) -> str:
        """The IRI of the span of ``flat[start:end]``, written once."""
        span = self.d.text.span(start, end)
        self.spans.setdefault((span.start, span.end), span)
        return span.iri

    def _span(self, span: Span) -> None:
        iri = span.iri
        self.add(iri, "rdf:type", "oa:SpecificResource")
        self.add(iri, "oa:hasSource", self.d.source_iri)
        quote, position = ox.BlankNode(), ox.BlankNode()
        self.add(iri, "oa:hasSelector", quote)
        self.add(quote, "rdf:type", "oa:TextQuoteSelector")
        self.add(quote, "oa:exact", _s(span.exact))
        self.add(iri, "oa:hasSelector", position)
        self.add(position, "rdf:type", "oa:TextPositionSelector")
        self.add(position, "oa:start", _typed(str(span.start), "xsd:integer"))
        self.add(position, "oa:end", _typed(str(span.end), "xsd:integer"))

    def mark(self, iri: str, confidence: float) -> None:
        self.add(iri, "prov:wasGeneratedBy", self.d.activity)
        self.add(iri, "adms:status", "review:unreviewed")
        self.add(iri, "itsrdf:taConfidence", _typed(repr(float(confidence)), "xsd:double"))

    def _mark(self, iri: str, confidence: float, span: tuple[int, int]) -> None:
        self.add(iri, "prov:wasDerivedFrom", self.span(*span))
        self.mark(iri, confidence)

    def _entity(self, e: Entity) -> None:
        first = self.span(*e.first)
        if e.known:
            link = f"{BASE}annotation/{self.d.source}/{first.rsplit('=', 1)[1].replace(',', '-')}"
            self.add(link, "rdf:type", "oa:Annotation")
            self.add(link, "oa:motivatedBy", "oa:identifying")
            self.add(link, "oa:hasBody", e.iri)
            self.add(link, "oa:hasTarget", first)
            self.mark(link, e.confidence)
            return
        self.add(e.iri, "rdf:type", e.cls)
        self.add(e.iri, "rdfs:label", _s(e.zh, "zh"))
        if e.en:
            self.add(e.iri, "rdfs:label", _s(e.en, MACHINE_TRANSLATION))
        for name in sorted(e.names - {e.zh}):
            self.add(e.iri, "skos:altLabel", _s(name, "zh"))
        if e.level:
            self.add(e.iri, "ak:level", e.level)
        if e.honour_type:
            self.add(e.iri, "ak:honourType", e.honour_type)
        if e.listed:
            self.add(e.iri, "ak:isListedCompany", _typed("true", "xsd:boolean"))
        self.add(e.iri, "ak:firstMention", first)
        self.mark(e.iri, e.confidence)

    def fact_iri(self, kind: str, key: str, start: int) -> str:
        return self._fact(kind, key, start)

    def _fact(self, kind: str, key: str, start: int) -> str:
        local = key.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        raw = self.d.text.index[start]
        slug = f"{kind}-{local}-{self.d.source.replace('_', '-')}-{raw}"
        n = self.slugs.get(slug, 0)
        self.slugs[slug] = n + 1
        return _P["fact"] + (slug if n == 0 else f"{slug}-{n + 1}")

    def _figure(self, f: Figure) -> None:
        number = f.number
        iri = self._fact("rank" if f.is_ranking else "obs", f.indicator.iri, number.start)
        self.figure_iris[id(f)] = iri
        self.add(iri, "rdf:type", AK.Ranking if f.is_ranking else AK.Observation)
        self.add(iri, "qb:dataSet", self.d.source_iri + "-observations")
        self.add(iri, "ak:indicator", f.indicator.iri)
        self.add(iri, "ak:refSubject", f.subject.iri)
        if f.period:
            self.add(iri, "sdmx-dimension:refPeriod", _typed(f.period, "xsd:gYear"))
        for prop, value in (("ak:periodStart", f.period_start), ("ak:periodEnd", f.period_end),
                            ("ak:basePeriod", f.base)):  # fmt: skip
            if value:
                self.add(
                    iri, prop, _typed(value, "xsd:gYearMonth" if "-" in value else "xsd:gYear")
                )
        lexical = decimal_lexical(number.value)
        if number.kind == "rank":
            self.add(iri, "ak:rank", _typed(lexical, "xsd:integer"))
        elif number.kind == "rank_from_end":
            self.add(iri, "ak:rankFromEnd", _typed(lexical, "xsd:integer"))
        else:
            datatype = "xsd:integer" if "." not in lexical else "xsd:decimal"
            self.add(iri, "sdmx-measure:obsValue", _typed(lexical, datatype))
            self.add(iri, "sdmx-attribute:unitMeasure", number.unit or "")
        if number.qualifier:
            self.add(iri, "ak:valueQualifier", _P["qualifier"] + number.qualifier)
        self.add(iri, "ak:surfaceForm", _s(number.surface, "zh"))
        self._mark(iri, f.confidence, f.span)
