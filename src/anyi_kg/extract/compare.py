"""Draft and curated facts in one comparable form, paired statement by statement.

A :class:`Fact` is what a fact says (its subject, value, indicator or predicate, year) and where
(its spans, at raw code points). A draft fact is *the same* as a curated one when both say the
same thing of the same subject and the draft's number (or span) lies in one of the curated
fact's spans: the same statement of the report, not a same-valued number elsewhere. A curated
fact stated twice (two spans) is found once per statement. The evaluation (:mod:`.evaluate`)
counts the pairs; the review diff (:mod:`.diff`) prints them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from ..graph.iris import AK, PREFIXES
from ..graph.load import parse_turtle, turtle_files
from ..graph.provenance import parse_span_iri
from .figures import Figure, decimal_lexical
from .lexicon import ENTITY_CLASSES, Lexicon, Term, plain
from .rdf import Draft
from .relations import Relation

_P = PREFIXES
FIGURES = ("observations", "rankings")
FAMILIES = (*FIGURES, "conferrals", "investments", "links")
LINKS = (AK.locatedIn, AK.listedIn, AK.partnerOf, AK.hasLeadingEnterprise)
_TYPE, _DERIVED = _P["rdf"] + "type", _P["prov"] + "wasDerivedFrom"
_KINDS = {"conferral": "conferrals", "investment": "investments", "assertion": "links"}

Node = dict[str, list[str]]


@dataclass(frozen=True)
class Fact:
    """One fact, draft or curated, as the comparison reads it."""

    family: str
    subject: str
    value: str  # "41000000000 <unit>", "rank 16", "rank-from-end 1", the honour, project or object
    indicator: str = ""  # the indicator of a figure, the predicate of a link
    period: str = ""
    spans: tuple[tuple[int, int], ...] = ()
    anchor: tuple[int, int] = (0, 0)  # a draft figure's number; else its span
    surface: str = ""
    qualifier: str = ""
    iri: str = ""

    def key(self, strict: bool = False) -> tuple[str, ...]:
        """What must agree: subject and value (and the indicator when ``strict``); the year of
        a conferral; the predicate of a link."""
        if self.family in FIGURES:
            return (self.subject, self.value, self.indicator if strict else "")
        if self.family == "conferrals":
            return (self.subject, self.value, self.period)
        return (self.subject, self.value, self.indicator)

    def at(self, other: Fact) -> bool:
        """Whether this draft fact is read where ``other`` is stated."""
        a, b = self.anchor
        if self.family in FIGURES:
            return any(s <= a and b <= e for s, e in other.spans)
        return any(s < b and a < e for s, e in other.spans)


@dataclass
class Pairing:
    """Draft facts against curated ones: the same, the differing, the new and the missing."""

    same: list[tuple[Fact, Fact]] = field(default_factory=list)
    differ: list[tuple[Fact, Fact]] = field(default_factory=list)
    new: list[Fact] = field(default_factory=list)
    missing: list[Fact] = field(default_factory=list)
    found: set[str] = field(default_factory=set)  # IRIs of the curated facts found


def pair(drafted: list[Fact], curated: list[Fact], strict: bool = False) -> Pairing:
    """Each draft fact with the curated fact it states (once per curated span), else with the
    curated fact at the same place that it differs from, else new."""
    result = Pairing()
    by_key: dict[tuple[str, ...], list[Fact]] = defaultdict(list)
    for c in curated:
        by_key[(c.family, *c.key(strict))].append(c)
    used: set[tuple[str, tuple[int, int]]] = set()
    unmatched = []
    for d in drafted:
        match = next(
            (c for c in by_key.get((d.family, *d.key(strict)), []) if d.at(c)
             and any((c.iri, s) not in used for s in _spans_at(d, c))),
            None,
        )  # fmt: skip
        if match is None:
            unmatched.append(d)
            continue
        used.add((match.iri, next(s for s in _spans_at(d, match) if (match.iri, s) not in used)))
        result.same.append((d, match))
        result.found.add(match.iri)
    left = [c for c in curated if c.iri not in result.found]
    for d in unmatched:
        near = [c for c in left if c.family == d.family and d.at(c)]
        alike = [c for c in near if c.value == d.value or c.subject == d.subject]
        if d.family in FIGURES:
            alike = [c for c in near if c.value == d.value] or [
                c for c in near if (c.subject, c.indicator) == (d.subject, d.indicator)
            ]
        if alike:
            result.differ.append((d, alike[0]))
            left.remove(alike[0])
        else:
            result.new.append(d)
    result.missing = left
    return result


def _spans_at(d: Fact, c: Fact) -> list[tuple[int, int]]:
    a, b = d.anchor
    if d.family in FIGURES:
        return [(s, e) for s, e in c.spans if s <= a and b <= e]
    return [(s, e) for s, e in c.spans if s < b and a < e]


# ---- the curated graph ----


@dataclass
class Curated:
    """The nodes of a curated graph directory, each property's values as strings."""

    nodes: dict[str, Node]

    @classmethod
    def read(cls, graph_dir: Path) -> Curated:
        nodes: dict[str, Node] = defaultdict(lambda: defaultdict(list))
        for path in turtle_files(graph_dir):
            for t in parse_turtle(path):
                if isinstance(t.subject, ox.NamedNode) and isinstance(
                    t.object, ox.NamedNode | ox.Literal
                ):
                    nodes[t.subject.value][t.predicate.value].append(t.object.value)
        return cls(dict(nodes))

    def types(self, iri: str) -> set[str]:
        return set(self.nodes.get(iri, {}).get(_TYPE, []))

    def spans(self, node: Node, source: str | None, prop: str = _DERIVED) -> list[tuple[int, int]]:
        found = []
        for value in node.get(prop, []):
            s, a, b = parse_span_iri(value)
            if source is None or s == source:
                found.append((a, b))
        return found

    def facts(self, source: str | None) -> list[Fact]:
        """The facts of every family stated by ``source`` (``None``: by any source)."""
        found = []
        for iri, node in self.nodes.items():
            types = set(node.get(_TYPE, []))
            spans = tuple(self.spans(node, source))
            if not spans:
                continue
            fact = _curated(iri, node, types, spans)
            if fact is not None:
                found.append(fact)
        return found

    def entities(self, source: str | None) -> dict[str, str]:
        """The entities first named by ``source``: IRI → class."""
        found = {}
        for iri, node in self.nodes.items():
            classes = set(node.get(_TYPE, [])) & ENTITY_CLASSES
            if classes and self.spans(node, source, AK.firstMention):
                found[iri] = sorted(classes)[0]
        return found


def _one(node: Node, prop: str) -> str:
    values = node.get(prop) or [""]
    return values[0]


def _curated(
    iri: str, node: Node, types: set[str], spans: tuple[tuple[int, int], ...]
) -> Fact | None:
    anchor = spans[0]
    ranking = AK.Ranking in types
    if ranking or AK.Observation in types:
        return Fact(
            "rankings" if ranking else "observations", _one(node, AK.refSubject),
            _figure_value(node), _one(node, AK.indicator),
            _one(node, _P["sdmx-dimension"] + "refPeriod") or _one(node, AK.periodStart),
            spans, anchor, _one(node, AK.surfaceForm), _one(node, AK.valueQualifier), iri,
        )  # fmt: skip
    if AK.AwardConferral in types:
        period = _one(node, _P["sdmx-dimension"] + "refPeriod")
        return Fact("conferrals", _one(node, AK.recipient), _one(node, AK.honour), "", period,
                    spans, anchor, iri=iri)  # fmt: skip
    if AK.Investment in types:
        return Fact("investments", _one(node, AK.investor), _one(node, AK.project), "", "",
                    spans, anchor, iri=iri)  # fmt: skip
    predicate = _one(node, _P["rdf"] + "predicate")
    if AK.Assertion in types and predicate in LINKS:
        return Fact("links", _one(node, _P["rdf"] + "subject"), _one(node, _P["rdf"] + "object"),
                    predicate, "", spans, anchor, iri=iri)  # fmt: skip
    return None


def _figure_value(node: Node) -> str:
    if node.get(AK.rank):
        return f"rank {_one(node, AK.rank)}"
    if node.get(AK.rankFromEnd):
        return f"rank-from-end {_one(node, AK.rankFromEnd)}"
    value = _one(node, _P["sdmx-measure"] + "obsValue")
    unit = _one(node, _P["sdmx-attribute"] + "unitMeasure")
    return f"{decimal_lexical(Decimal(value))} {unit}" if value else ""


# ---- the draft ----

Aligner = Callable[[str], str]


def aligner(draft: Draft, lexicon: Lexicon) -> Aligner:
    """The curated IRI a draft entity stands for: its own, if the graph holds it; else the
    entity that has one of its names (quotes and brackets aside); else its own IRI."""
    names = {e.iri: (e.names | {e.zh}) for e in draft.entities}
    classes = {e.iri: e.cls for e in draft.entities}
    by_plain: dict[str, list[Term]] = defaultdict(list)
    for term in lexicon.terms.values():
        if term.is_entity:
            for name in term.names:
                by_plain[plain(name)].append(term)
    own = {e.iri for e in draft.entities if not e.known}

    def align(iri: str) -> str:
        if iri in lexicon.terms and iri not in own:
            return iri
        for name in sorted(names.get(iri, ()), key=len, reverse=True):
            terms = by_plain.get(plain(name))
            if terms:
                same = [t for t in terms if classes.get(iri) in t.classes]
                return (same or terms)[0].iri
        return iri

    return align


def draft_facts(draft: Draft, align: Aligner) -> list[Fact]:
    """The draft's facts of every family, its entities aligned to the curated ones."""
    found = [_figure(draft, f, align) for f in draft.figures.figures]
    for r in draft.relations:
        family = _KINDS[r.kind]
        if family == "links" and r.predicate not in LINKS:
            continue
        found.append(_relation(draft, r, family, align))
    return found


def _raw(draft: Draft, start: int, end: int) -> tuple[int, int]:
    return draft.text.index[start], draft.text.index[end - 1] + 1


def _figure(draft: Draft, f: Figure, align: Aligner) -> Fact:
    n = f.number
    lexical = decimal_lexical(n.value)
    value = {"rank": f"rank {lexical}", "rank_from_end": f"rank-from-end {lexical}"}.get(
        n.kind, f"{lexical} {n.unit}"
    )
    qualifier = _P["qualifier"] + n.qualifier if n.qualifier else ""
    return Fact(
        "rankings" if f.is_ranking else "observations", align(f.subject.iri), value,
        f.indicator.iri, f.period or f.period_start or "", (_raw(draft, *f.span),),
        _raw(draft, n.start, n.end), n.surface, qualifier,
    )  # fmt: skip


def _relation(draft: Draft, r: Relation, family: str, align: Aligner) -> Fact:
    span = _raw(draft, *r.span)
    indicator = r.predicate if family == "links" else ""
    period = str(r.extra.get("year", "")) if family == "conferrals" else ""
    return Fact(family, align(r.subject.iri), align(r.object.iri), indicator, period,
                (span,), span)  # fmt: skip
