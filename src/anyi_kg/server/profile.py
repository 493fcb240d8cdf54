"""An entity's page as a profile: a header card, then sections in an order that fits its class
(a region: figures, rankings, honours, projects, clusters, plans, platforms, links), each relation
named from the entity's own end, each fact with the span that states it, and the sentences of
the report that state them, each once with its facts under it.

Built from the rows of the page queries (``resource``, ``incoming``, ``facts``); pure, so the
page's logic is tested without a server.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..graph.iris import PREFIXES
from .facts import AK, RDF, Fact, Naming, Row, Value, label, naming
from .series import Series, chain_changes
from .sources import Sentence, Span, sentence, sentence_of

_RDFS, _SKOS = PREFIXES["rdfs"], PREFIXES["skos"]
TYPE = RDF + "type"
_LABELS = {_RDFS + "label", _SKOS + "prefLabel"}
_OTHER_NAMES = {_SKOS + "altLabel", AK + "formerName"}
CARD = tuple(
    AK + name
    for name in ("locatedIn", "headquarteredIn", "partOf", "level", "industry", "honourType",
                 "platformType", "projectStatus", "ownedBy", "issuedBy", "isListedCompany")
)  # fmt: skip
_CARD_INVERSE = (AK + "administers",)
_SPANS = {AK + "firstMention", PREFIXES["prov"] + "wasDerivedFrom"}
_RESTATED = AK + "activeIn"  # derived from the links the page shows with their sentences
_SUBJECT_ROLES = {AK + "refSubject", AK + "recipient", AK + "investor", RDF + "subject"}
_OBJECT_ROLES = {AK + "honour", AK + "project", RDF + "object"}
SECTIONS = {
    "figures": ("数据", "Figures"),
    "rankings": ("排名", "Rankings"),
    "honours": ("荣誉", "Honours"),
    "projects": ("项目与投资", "Projects and investments"),
    "companies": ("企业", "Companies"),
    "clusters": ("产业集群", "Clusters"),
    "programmes": ("规划与政策", "Plans and programmes"),
    "platforms": ("平台", "Platforms"),
    "sites": ("园区与载体", "Parks and sites"),
    "links": ("其他关系", "Other links"),
    "instances": ("实例", "Instances"),
    "facts": ("相关事实", "Facts"),
}
_GENERAL = tuple(SECTIONS)
ORDER = {  # the sections of a page, by the class of its entity
    "Region": ("figures", "rankings", "honours", "projects", "companies", "clusters",
               "programmes", "platforms", "sites", "links"),
    "IndustrialPark": ("figures", "rankings", "honours", "projects", "companies", "clusters",
                       "programmes", "platforms", "sites", "links"),
    "Company": ("projects", "figures", "rankings", "honours", "clusters", "sites", "programmes",
                "platforms", "companies", "links"),
    "InvestmentProject": ("companies", "figures", "programmes", "sites", "links"),
    "IndustrialCluster": ("figures", "rankings", "companies", "honours", "projects",
                          "programmes", "links"),
    "Honour": ("links", "honours"),
}  # fmt: skip
_SECTION_OF_CLASS = {
    "Honour": "honours",
    "InvestmentProject": "projects",
    "Company": "companies",
    "IndustrialCluster": "clusters",
    "Platform": "platforms",
    "Site": "sites",
    "IndustrialPark": "sites",
    "IndustrialBase": "sites",
    **dict.fromkeys(
        (
            "Programme",
            "ActionPlan",
            "Strategy",
            "Reform",
            "Campaign",
            "Mechanism",
            "ProjectList",
            "FinancialProduct",
        ),
        "programmes",
    ),
}


@dataclass
class Relation:
    """Another resource and how the page's resource relates to it, with the spans saying so."""

    other: Value
    classes: set[str] = field(default_factory=set)
    names: list[tuple[str, str]] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    where: int = 1 << 62

    def add(self, name: tuple[str, str], detail: str = "", spans: list[Span] | None = None) -> None:
        if name not in self.names:
            self.names.append(name)
        if detail and detail not in self.details:
            self.details.append(detail)
        for span in spans or []:
            if span not in self.spans:
                self.spans.append(span)
                self.where = min(self.where, span.start)


@dataclass
class Section:
    key: str
    relations: list[Relation] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    facts: list[tuple[Fact, tuple[str, str]]] = field(default_factory=list)

    @property
    def names(self) -> tuple[str, str]:
        return SECTIONS[self.key]

    @property
    def count(self) -> int:
        return len(self.relations) + len(self.series) + len(self.facts)


@dataclass
class CardRow:
    name: tuple[str, str]
    values: list[Value] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


@dataclass
class Profile:
    """Everything the page of one resource shows."""

    iri: str
    label_zh: str | None = None
    label_en: str | None = None
    names: list[Value] = field(default_factory=list)
    types: list[Value] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    card: list[CardRow] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    sentences: list[tuple[Sentence, list[tuple[Fact | None, tuple[str, str]]]]] = field(
        default_factory=list
    )
    fact: Fact | None = None
    fact_label: tuple[str, str] | None = None
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    sources: int = 0
    facts: int = 0
    facts_cut: int = 0  # when more facts involve it than the page reads: the links it read
    statements: int = 0

    @property
    def exists(self) -> bool:
        return bool(self.statements or self.sections or self.types or self.names)

    @property
    def title(self) -> str:
        if self.fact_label:
            return self.fact_label[0]
        return self.label_zh or self.label_en or self.iri.rsplit("/", 1)[-1]


def build(
    iri: str, statements: list[Row], incoming: list[Row], found: list[Row], spans: list[Row],
    terms: dict[str, Naming],
) -> Profile:  # fmt: skip
    """The profile of ``iri`` from the rows of its page queries."""
    page = Profile(iri, statements=len(statements) + len(incoming))
    for row in spans:
        link, source, start, end = row["link"], row["source"], row["start"], row["end"]
        assert link is not None and source is not None and start is not None and end is not None
        if link.value == AK + "firstMention":
            page.mentions.append(Span(source.value, int(start.value), int(end.value)))
    facts = _facts(found)
    relations: dict[tuple[bool, str, str], Relation] = {}
    card: dict[str, CardRow] = {}
    _statements(page, statements, terms, relations, card)
    page.names.sort(key=lambda v: (v.note != "@zh", v.text))  # Chinese first, on any engine
    for row in incoming:
        prop = row["property"]
        assert prop is not None
        if prop.value != _RESTATED:
            _relation(relations, True, prop.value, row, "subject", terms)
    sections: dict[str, Section] = {}
    series: dict[tuple[str, str], Series] = {}
    for fact in facts.values():
        _place(page, fact, facts, terms, relations, series, sections, card)
    chain_changes(series, facts)
    for (backwards, via, _), relation in sorted(relations.items(), key=lambda kv: kv[1].where):
        to_card = via in (_CARD_INVERSE if backwards else CARD)
        if to_card or AK + "SourceDocument" in relation.classes:
            on_card = ("^" if backwards else "") + via
            card_row = card.setdefault(on_card, CardRow(naming(terms, via, backwards)))
            card_row.values.append(relation.other)
            card_row.spans.extend(s for s in relation.spans if s not in card_row.spans)
            continue
        part = "instances" if via == TYPE else _section_of(relation.classes)
        sections.setdefault(part, Section(part)).relations.append(relation)
    for one in sorted(series.values(), key=lambda s: (len(s.facts) < 2, s.where)):
        if not one.facts:  # changes whose observations are not on this page
            continue
        part = "rankings" if one.facts[0].kind == "Ranking" else "figures"
        sections.setdefault(part, Section(part)).series.append(one)
    order = next((ORDER[c] for c in page.classes if c in ORDER), _GENERAL)
    page.sections = [sections[k] for k in dict.fromkeys((*order, *_GENERAL)) if k in sections]
    inverse = tuple("^" + p for p in _CARD_INVERSE)
    page.card = [card[p] for p in dict.fromkeys((*CARD, *inverse, *card)) if p in card]
    page.fact = facts.get(iri)
    if page.fact is not None:
        page.fact_label = label(page.fact, terms, facts)
    page.facts = sum(1 for f in facts.values() if f.roles)
    page.labels = {f.iri: label(f, terms, facts) for f in facts.values()}
    stated = [s for f in facts.values() for s in f.spans] + page.mentions
    page.sources = len({s.source for s in stated})
    _sentences(page, facts, terms)
    return page


def _facts(found: list[Row]) -> dict[str, Fact]:
    facts: dict[str, Fact] = {}
    for row in found:
        fact = row["fact"]
        assert fact is not None
        if fact.value in facts:
            facts[fact.value].update(row)
        else:
            facts[fact.value] = Fact.of(row)
    return facts


def _statements(
    page: Profile, statements: list[Row], terms: dict[str, Naming],
    relations: dict[tuple[bool, str, str], Relation], card: dict[str, CardRow],
) -> None:  # fmt: skip
    """The resource's own statements: its names, types, card and outgoing links."""
    seen: set[tuple[str, str]] = set()
    for row in statements:
        prop, value = row["property"], row["value"]
        assert prop is not None and value is not None
        if (prop.value, value.value) in seen:
            if row["value_class"] is not None and (False, prop.value, value.value) in relations:
                relations[(False, prop.value, value.value)].classes.add(row["value_class"].value)
            continue
        seen.add((prop.value, value.value))
        if (
            prop.value in _LABELS
            and isinstance(value, ox.Literal)
            and value.language in ("zh", "en")
        ):
            if value.language == "zh":
                page.label_zh = page.label_zh or value.value
            else:
                page.label_en = page.label_en or value.value
        elif prop.value in _OTHER_NAMES:
            if Value.of(value) not in page.names:
                page.names.append(Value.of(value))
        elif prop.value == TYPE:
            zh, en = naming(terms, value.value)
            page.types.append(Value.named(value.value, zh, en))
            page.classes.append(value.value.removeprefix(AK))
        elif prop.value in _SPANS or prop.value == _RESTATED:
            pass  # read with the spans of the page's facts and mentions, or restated by them
        elif isinstance(value, str) or not value.value.startswith(("http://", "https://")):
            row_ = card.setdefault(prop.value, CardRow(naming(terms, prop.value)))
            row_.values.append(Value.of(value))
        else:
            _relation(relations, False, prop.value, row, "value", terms)


def _relation(
    relations: dict[tuple[bool, str, str], Relation], inverse: bool, prop: str, row: Row,
    side: str, terms: dict[str, Naming],
) -> None:  # fmt: skip
    other = row[side]
    assert other is not None
    key = (inverse, prop, other.value)
    relation = relations.setdefault(
        key, Relation(Value.of(other, row[f"{side}_zh"], row[f"{side}_en"]))
    )
    relation.add(naming(terms, prop, inverse))
    if row[f"{side}_class"] is not None:
        relation.classes.add(row[f"{side}_class"].value)  # type: ignore[union-attr]


def _place(
    page: Profile, fact: Fact, facts: dict[str, Fact], terms: dict[str, Naming],
    relations: dict[tuple[bool, str, str], Relation], series: dict[tuple[str, str], Series],
    sections: dict[str, Section], card: dict[str, CardRow],
) -> None:  # fmt: skip
    """Put ``fact`` where the page shows it: in a series, a relation or the facts section."""
    if not fact.roles:  # the page's own fact, or the observations of its change
        return
    if fact.kind in ("Observation", "Ranking") and fact.indicator is not None:
        key = (fact.indicator.text, fact.subject.text)
        one = series.setdefault(key, Series(fact.indicator, fact.subject))
        one.facts.append(fact)
        return
    if fact.kind == "Change":
        first = facts.get(fact.end or "")
        if first is not None and first.indicator is not None:
            key = (first.indicator.text, first.subject.text)
            series.setdefault(key, Series(first.indicator, first.subject)).changes.append(fact)
            return
    relation = fact.relation
    forward = fact.roles & _SUBJECT_ROLES and fact.object is not None
    backward = fact.roles & _OBJECT_ROLES
    if relation and (forward or backward):
        other = fact.object if forward else fact.subject
        assert other is not None
        link = relations.setdefault(
            (not forward, relation, other.iri or other.text), Relation(other)
        )
        link.classes |= fact.classes.get("object" if forward else "subject", set())
        link.add(naming(terms, relation, not forward), _detail(fact), fact.spans)
        return
    facts_section = sections.setdefault("facts", Section("facts"))
    facts_section.facts.append((fact, label(fact, terms, facts)))


def _detail(fact: Fact) -> str:
    """What a relation's fact adds: a year, a batch, a first or retained honour."""
    parts = [fact.year]
    if fact.batch:
        parts.append(f"第{fact.batch}批")
    if fact.first_time:
        parts.append("首次 first time")
    if fact.retained:
        parts.append("蝉联 retained")
    return " ".join(p for p in parts if p)


def _section_of(classes: set[str]) -> str:
    for cls in sorted(classes):
        found = _SECTION_OF_CLASS.get(cls.removeprefix(AK))
        if found:
            return found
    return "links"


def _sentences(page: Profile, facts: dict[str, Fact], terms: dict[str, Naming]) -> None:
    """Every sentence that states a fact on the page, once, with its facts under it."""
    by_sentence: dict[tuple[str, int, int], list[tuple[Fact | None, Span]]] = defaultdict(list)
    stated: list[tuple[Fact | None, Span]] = [(f, s) for f in facts.values() for s in f.spans]
    stated += [(None, span) for span in page.mentions]
    for fact, span in stated:
        bounds = sentence_of(span)
        if bounds is not None:
            by_sentence[(span.source, *bounds)].append((fact, span))
    for (source, first, last), items in sorted(by_sentence.items(), key=lambda kv: kv[0][1]):
        spans = list(dict.fromkeys(span for _, span in items))
        named: list[tuple[Fact | None, tuple[str, str]]] = []
        for said, _ in sorted(items, key=lambda item: item[1].start):
            name = label(said, terms, facts) if said else ("首次提及", "first mention")
            if (said, name) not in named:
                named.append((said, name))
        page.sentences.append((sentence(source, (first, last), spans), named))
