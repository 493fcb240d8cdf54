"""Facts as the pages show them: read from the rows of the page queries, named by their parts
(subject, indicator or relation, object, year, value as the report writes it), each with the
span of the source that states it and a link into the report reader.

A fact node is never shown as its identifier: its name is made of what it states
("安义县 · 工业总产值 · 2023 · 410亿元", "安义县 实施 链长制"), its sentence is the report's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

import pyoxigraph as ox

from ..graph.iris import BASE, PREFIXES
from ..graph.terms import Term, shorten
from .sources import Span

AK, RDF = PREFIXES["ak"], PREFIXES["rdf"]
_PAGE_PATHS = ("id/", "fact/", "vocab/", "source/")
KINDS = ("Observation", "Ranking", "Change", "AwardConferral", "Investment", "Assertion")
QUALIFIERS = {  # qualifier concept → the sign shown before a normalised value
    "more-than": ">",
    "at-least": "≥",
    "approximately": "≈",
    "at-most": "≤",
    "less-than": "<",
}
UNITS = {
    "cur:CNY": "元",
    "unit:TONNE": "吨",
    "unit:PERCENT": "%",
    "unit:NUM": "",
    "unit:KiloM2": "km²",
    "ak:Mu": "亩",
    "unit:UNITLESS": "×",
}
_ROLES = {  # the relation a fact of each kind states, for the kinds that name none themselves
    "AwardConferral": AK + "hasHonour",
    "Investment": AK + "investsIn",
}


def page_url(iri: str) -> str:
    """The explorer page of ``iri``: ``/id/konka-group`` for the project's own, the report
    reader at the span for ``src:…#char=a,b``, else ``/resource?iri=…``."""
    local = iri[len(BASE) :] if iri.startswith(BASE) else ""
    if local.startswith("source/") and "#char=" in local:
        return "/" + local
    if local.startswith(_PAGE_PATHS) and "#" not in local and "?" not in local:
        return "/" + local
    return "/resource?" + urlencode({"iri": iri})


def text(term: Term | None) -> str | None:
    return None if term is None else term.value


Row = dict[str, Term | None]
_DIMENSION, _MEASURE, _ATTRIBUTE = (
    PREFIXES[f"sdmx-{part}"] for part in ("dimension", "measure", "attribute")
)
COLUMNS = {  # a property that facts.rq reads of a fact → the column Fact.update reads it from
    AK + "indicator": "indicator",
    RDF + "predicate": "predicate",
    _DIMENSION + "refPeriod": "period",
    AK + "periodStart": "period_start",
    AK + "periodEnd": "period_end",
    AK + "basePeriod": "base_period",
    _MEASURE + "obsValue": "value",
    AK + "rank": "value",
    AK + "rankFromEnd": "rank_from_end",
    _ATTRIBUTE + "unitMeasure": "unit",
    AK + "surfaceForm": "surface",
    AK + "valueQualifier": "qualifier",
    AK + "fromObservation": "from",
    AK + "toObservation": "to",
    AK + "batch": "batch",
    AK + "firstTime": "first_time",
    AK + "retained": "retained",
}
NAMED = ("subject", "indicator", "object", "qualifier")  # the columns whose terms are named


def widen(rows: list[Row]) -> list[Row]:
    """The rows of ``facts.rq`` (a fact's span, subject, object or one property each) with each
    property in its column (:data:`COLUMNS`), the facts in the order of their first span."""
    first: dict[Term | None, int] = {}
    wide: list[Row] = []
    for row in rows:
        one = {k: v for k, v in row.items() if k not in ("property", "term")}
        if row["property"] is not None:
            one[COLUMNS[row["property"].value]] = row["term"]
        if row["start"] is not None:
            at = int(row["start"].value)
            first[row["fact"]] = min(first.get(row["fact"], at), at)
        wide.append(one)
    return sorted(wide, key=lambda one: (first.get(one["fact"], -1), str(one["fact"])))


def by_resource(labels: list[Row]) -> dict[Term | None, Row]:
    """The first row of ``labels.rq`` for each resource."""
    return {label["resource"]: label for label in reversed(labels)}


def name(rows: list[Row], labels: list[Row]) -> list[Row]:
    """``rows`` with the ``label_zh`` and ``label_en`` of each term of :data:`NAMED` (see
    :func:`by_resource`) as ``subject_zh``, ``subject_en`` …"""
    names = by_resource(labels)
    for row in rows:
        for column in NAMED:
            named = names.get(row.get(column))
            if named is not None:
                row[f"{column}_zh"], row[f"{column}_en"] = named["label_zh"], named["label_en"]
    return rows


@dataclass(frozen=True)
class Value:
    """A term as shown: its text, its page (IRIs), its names, its language or datatype."""

    text: str
    url: str | None = None
    zh: str | None = None
    en: str | None = None
    note: str | None = None
    iri: str | None = None

    @classmethod
    def of(cls, term: Term | None, zh: Term | None = None, en: Term | None = None) -> Value:
        if term is None:
            return cls("")
        if isinstance(term, ox.NamedNode):
            return cls.named(term.value, text(zh), text(en))
        if isinstance(term, ox.BlankNode):
            return cls(f"_:{term.value}")
        note = f"@{term.language}" if term.language else shorten(term.datatype.value)
        return cls(term.value, note=None if note == "xsd:string" else note)

    @classmethod
    def named(cls, iri: str, zh: str | None = None, en: str | None = None) -> Value:
        return cls(shorten(iri), page_url(iri), zh, en, iri=iri)

    @property
    def name(self) -> str:
        """The name a reader sees first: Chinese, else English, else the text."""
        return self.zh or self.en or self.text


@dataclass
class Fact:
    """One fact node and what it states."""

    iri: str
    kind: str
    subject: Value = field(default_factory=lambda: Value(""))
    predicate: str | None = None
    indicator: Value | None = None
    object: Value | None = None
    period: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    base_period: str | None = None
    value: str | None = None
    rank_from_end: str | None = None
    unit: str | None = None
    surface: str | None = None
    qualifier: str | None = None
    qualifier_words: str = ""
    start: str | None = None
    end: str | None = None
    batch: str | None = None
    first_time: bool = False
    retained: bool = False
    spans: list[Span] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    classes: dict[str, set[str]] = field(default_factory=dict)  # subject/object → classes

    @classmethod
    def of(cls, row: dict[str, Term | None]) -> Fact:
        """A fact from a row of ``facts.rq`` or ``source.rq``."""
        fact, kind = row["fact"], row["kind"]
        assert fact is not None and kind is not None
        found = cls(fact.value, kind.value.removeprefix(AK))
        found.update(row)
        return found

    def update(self, row: dict[str, Term | None]) -> None:
        """Add what another row of the same fact says (another kind, class or span)."""
        get = row.get
        kind = get("kind")
        if kind is not None and _specific(kind.value.removeprefix(AK), self.kind):
            self.kind = kind.value.removeprefix(AK)
        if get("subject") is not None:
            self.subject = Value.of(get("subject"), get("subject_zh"), get("subject_en"))
        if get("indicator") is not None:
            self.indicator = Value.of(get("indicator"), get("indicator_zh"), get("indicator_en"))
        if get("object") is not None:
            self.object = Value.of(get("object"), get("object_zh"), get("object_en"))
        for side in ("subject", "object"):
            cls = get(f"{side}_class")
            if cls is not None:
                self.classes.setdefault(side, set()).add(cls.value)
        role = get("role")
        if role is not None:
            self.roles.add(role.value)
        for name in ("predicate", "period", "period_start", "period_end", "base_period",
                     "value", "rank_from_end", "surface", "batch", "from", "to"):  # fmt: skip
            term = get(name)
            if term is not None:
                setattr(self, {"from": "start", "to": "end"}.get(name, name), term.value)
        unit = get("unit")
        if unit is not None:
            self.unit = shorten(unit.value)
        qualifier = get("qualifier")
        if qualifier is not None:
            self.qualifier = qualifier.value.rsplit("/", 1)[-1]
            words = (text(get("qualifier_zh")), text(get("qualifier_en")))
            self.qualifier_words = " ".join(w for w in words if w)
        self.first_time = self.first_time or text(get("first_time")) == "true"
        self.retained = self.retained or text(get("retained")) == "true"
        source, start, end = get("source"), get("start"), get("end")
        if source is not None and start is not None and end is not None:
            span = Span(source.value, int(start.value), int(end.value))
            if span not in self.spans:
                self.spans.append(span)

    @property
    def url(self) -> str:
        return page_url(self.iri)

    @property
    def relation(self) -> str | None:
        """The property this fact states between its subject and object, if it links two."""
        return self.predicate or _ROLES.get(self.kind)

    @property
    def year(self) -> str:
        """The year or period the report gives, else nothing."""
        if self.period:
            return self.period
        if self.period_start or self.period_end:
            return f"{self.period_start or ''}–{self.period_end or ''}"
        return ""

    @property
    def where(self) -> int:
        """Where the report states it first (offset), for reading order."""
        return min((s.start for s in self.spans), default=1 << 62)

    def normalised(self) -> str:
        """The normalised value with its unit: "410亿" is 41,000,000,000 元; a rank is 第16位."""
        if self.kind == "Ranking":
            if self.rank_from_end:
                return f"倒数第{self.rank_from_end}位"
            return f"第{self.value}位" if self.value else ""
        if self.value is None:
            return ""
        unit = UNITS.get(self.unit or "", self.unit or "")
        gap = "" if unit in ("%", "×") else " "
        return f"{number(self.value)}{gap}{unit}".strip()

    @property
    def sign(self) -> str:
        return QUALIFIERS.get(self.qualifier or "", "")


def number(value: str) -> str:
    """A decimal with thousands separators and no trailing zeros: 41,000,000,000; 11.09."""
    try:
        exact = Decimal(value)
    except InvalidOperation:
        return value
    if exact == exact.to_integral_value():
        return f"{int(exact):,}"
    return f"{exact.normalize():,f}"


@dataclass(frozen=True)
class Naming:
    """The names of a class or property, and of the property read from its other end."""

    zh: str
    en: str
    inverse_zh: str = ""
    inverse_en: str = ""


def naming(terms: dict[str, Naming], iri: str, inverse: bool = False) -> tuple[str, str]:
    """The Chinese and English names of ``iri`` (read from its other end if ``inverse``)."""
    found = terms.get(iri)
    if found is None:
        return shorten(iri), shorten(iri)
    if inverse:
        return found.inverse_zh or f"← {found.zh}", found.inverse_en or f"← {found.en}"
    return found.zh, found.en


def label(fact: Fact, terms: dict[str, Naming], facts: dict[str, Fact]) -> tuple[str, str]:
    """The fact's name in Chinese and English, made of what it states."""
    if fact.kind == "Change":
        ends = [facts.get(fact.start or ""), facts.get(fact.end or "")]
        if all(ends):
            first, last = ends[0], ends[1]
            assert first is not None and last is not None
            what = first.indicator or Value("")
            steps = " → ".join(_stated(o) for o in (first, last))
            return (
                f"{first.subject.name} · {what.zh or what.text} · {steps}",
                f"{first.subject.en or first.subject.name} · {what.en or what.text} · {steps}",
            )
        return ("变化", "change")
    if fact.indicator is not None:
        parts = [fact.subject.name, fact.indicator.zh or fact.indicator.text, fact.year,
                 _stated(fact)]  # fmt: skip
        english = [fact.subject.en or fact.subject.name, fact.indicator.en or fact.indicator.text,
                   fact.year, _stated(fact)]  # fmt: skip
        return " · ".join(p for p in parts if p), " · ".join(p for p in english if p)
    zh, en = naming(terms, fact.relation or "")
    other = fact.object or Value("")
    when = f" ({fact.year})" if fact.year else ""
    return (
        f"{fact.subject.name} {zh} {other.name}{when}",
        f"{fact.subject.en or fact.subject.name} {en} {other.en or other.name}{when}",
    )


def _stated(fact: Fact) -> str:
    return fact.surface or fact.normalised()


def _specific(kind: str, than: str) -> bool:
    """Whether ``kind`` names a fact more precisely than ``than`` (a ranking is an observation)."""
    return (kind, than) == ("Ranking", "Observation") or than not in KINDS
