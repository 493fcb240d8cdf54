"""The extractor scored against the curated graph of a report it holds (the seed).

A draft fact counts as right only when a curated fact of the same family has the same subject,
the same value (normalised) and unit, or rank, and when the number the extractor read lies
inside one of the curated fact's spans: the same statement of the report, not a same-valued
number elsewhere. Observations and rankings are also scored with the indicator required.
Conferrals need recipient, honour and year; investments investor and project; links subject,
predicate and object, with the draft's span overlapping a curated one. Entities count by IRI,
or, where the draft minted an IRI of its own (``with_graph=False``), by a Chinese name the
curated entity has. Precision is over the draft's facts of the family, recall over the
curated graph's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from ..graph.iris import AK, PREFIXES
from ..graph.load import parse_turtle, turtle_files
from ..graph.provenance import parse_span_iri
from ..paths import GRAPH_DIR
from .lexicon import load_lexicon
from .rdf import Draft

_P = PREFIXES
LINKS = (AK.locatedIn, AK.listedIn, AK.partnerOf, AK.hasLeadingEnterprise)


@dataclass
class Score:
    family: str
    drafted: int
    curated: int
    right_drafted: int
    right_curated: int

    @property
    def precision(self) -> float:
        return self.right_drafted / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        return self.right_curated / self.curated if self.curated else 1.0


def _graph(graph_dir: Path) -> dict[str, dict[str, list[str]]]:
    nodes: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in turtle_files(graph_dir):
        for t in parse_turtle(path):
            if isinstance(t.subject, ox.NamedNode) and isinstance(
                t.object, ox.NamedNode | ox.Literal
            ):
                nodes[t.subject.value][t.predicate.value].append(t.object.value)
    return nodes


def _one(node: dict[str, list[str]], prop: str) -> str | None:
    values = node.get(prop) or []
    return values[0] if values else None


def _spans(node: dict[str, list[str]], source: str) -> list[tuple[int, int]]:
    found = []
    for value in node.get(_P["prov"] + "wasDerivedFrom", []):
        s, a, b = parse_span_iri(value)
        if s == source:
            found.append((a, b))
    return found


def evaluate(draft: Draft, graph_dir: Path = GRAPH_DIR) -> list[Score]:
    """Precision and recall of ``draft`` per family, against the curated facts of its source."""
    nodes = _graph(graph_dir)
    types = {iri: set(n.get(_P["rdf"] + "type", [])) for iri, n in nodes.items()}
    align = _aligner(draft, graph_dir)
    raw = draft.text.index
    scores = []
    for family, cls in (("observations", AK.Observation), ("rankings", AK.Ranking)):
        for strict in (False, True):
            curated = {
                iri: n for iri, n in nodes.items()
                if cls in types[iri] and (cls == AK.Ranking or AK.Ranking not in types[iri])
                and _spans(n, draft.source)
            }  # fmt: skip
            drafted = [f for f in draft.figures.figures if f.is_ranking == (cls == AK.Ranking)]
            matched: set[str] = set()
            right = 0
            for f in drafted:
                start, end = raw[f.number.start], raw[f.number.end - 1] + 1
                value = f.number.value
                for iri, n in curated.items():
                    if iri in matched or _one(n, AK.refSubject) != align(f.subject.iri):
                        continue
                    if strict and _one(n, AK.indicator) != f.indicator.iri:
                        continue
                    if not _same_value(n, value, f.number.unit, f.number.kind):
                        continue
                    if not any(a <= start and end <= b for a, b in _spans(n, draft.source)):
                        continue
                    matched.add(iri)
                    right += 1
                    break
            name = family + (" (and indicator)" if strict else "")
            scores.append(Score(name, len(drafted), len(curated), right, len(matched)))
    scores.append(_relations(draft, nodes, types, align, "conferrals", AK.AwardConferral))
    scores.append(_relations(draft, nodes, types, align, "investments", AK.Investment))
    scores.append(_relations(draft, nodes, types, align, "links", AK.Assertion))
    scores.extend(_entities(draft, nodes, types, align))
    return scores


def _same_value(node: dict[str, list[str]], value: Decimal, unit: str | None, kind: str) -> bool:
    if kind == "rank":
        return _one(node, AK.rank) == str(int(value))
    if kind == "rank_from_end":
        return _one(node, AK.rankFromEnd) == str(int(value))
    stated = _one(node, _P["sdmx-measure"] + "obsValue")
    return (
        stated is not None
        and Decimal(stated) == value
        and _one(node, _P["sdmx-attribute"] + "unitMeasure") == unit
    )


def _relations(draft, nodes, types, align, family: str, cls: str) -> Score:
    def key(n: dict[str, list[str]]) -> tuple[str | None, ...]:
        if cls == AK.AwardConferral:
            return (
                _one(n, AK.recipient),
                _one(n, AK.honour),
                _one(n, _P["sdmx-dimension"] + "refPeriod"),
            )
        if cls == AK.Investment:
            return (_one(n, AK.investor), _one(n, AK.project))
        return (
            _one(n, _P["rdf"] + "subject"),
            _one(n, _P["rdf"] + "predicate"),
            _one(n, _P["rdf"] + "object"),
        )

    curated = {iri: n for iri, n in nodes.items() if cls in types[iri] and _spans(n, draft.source)
               and (cls != AK.Assertion or _one(n, _P["rdf"] + "predicate") in LINKS)}  # fmt: skip
    kind = {AK.AwardConferral: "conferral", AK.Investment: "investment", AK.Assertion: "assertion"}[
        cls
    ]
    drafted = [
        r
        for r in draft.relations
        if r.kind == kind and (kind != "assertion" or r.predicate in LINKS)
    ]
    matched: set[str] = set()
    right = 0
    for r in drafted:
        s, e = draft.text.index[r.span[0]], draft.text.index[r.span[1] - 1] + 1
        if kind == "conferral":
            wanted: tuple[str | None, ...] = (
                align(r.subject.iri),
                align(r.object.iri),
                r.extra.get("year"),
            )
        elif kind == "investment":
            wanted = (align(r.subject.iri), align(r.object.iri))
        else:
            wanted = (align(r.subject.iri), r.predicate, align(r.object.iri))
        for iri, n in curated.items():
            if (
                iri not in matched
                and key(n) == wanted
                and any(a < e and s < b for a, b in _spans(n, draft.source))
            ):
                matched.add(iri)
                right += 1
                break
    return Score(family, len(drafted), len(curated), right, len(matched))


def _entities(draft, nodes, types, align) -> list[Score]:
    from .lexicon import ENTITY_CLASSES

    curated_by_class: dict[str, set[str]] = defaultdict(set)
    for iri, t in types.items():
        for cls in t & ENTITY_CLASSES:
            curated_by_class[cls].add(iri)
    drafted_by_class: dict[str, list[str]] = defaultdict(list)
    for e in draft.entities:
        drafted_by_class[e.cls].append(align(e.iri) or "")
    scores = []
    total = Score("entities (all classes)", 0, 0, 0, 0)
    for cls in sorted(set(curated_by_class) | set(drafted_by_class)):
        curated, drafted = curated_by_class.get(cls, set()), drafted_by_class.get(cls, [])
        found = {iri for iri in drafted if iri in curated}
        right = sum(1 for iri in drafted if iri in curated)
        score = Score(
            "entities: " + cls.rsplit("#", 1)[-1], len(drafted), len(curated), right, len(found)
        )
        scores.append(score)
        for field in ("drafted", "curated", "right_drafted", "right_curated"):
            setattr(total, field, getattr(total, field) + getattr(score, field))
    return [total, *scores]


def _aligner(draft: Draft, graph_dir: Path):
    """The curated IRI a draft entity stands for: its own, or the one with its name."""
    lexicon = load_lexicon(True, graph_dir)
    names = {e.iri: (e.names | {e.zh}) for e in draft.entities}

    def align(iri: str) -> str | None:
        if iri in lexicon.terms:
            return iri
        for name in sorted(names.get(iri, ()), key=len, reverse=True):
            for term in lexicon.by_name.get(name, ()):
                if term.is_entity:
                    return term.iri
        return None

    return align


def table(scores: list[Score]) -> str:
    """The scores as a Markdown table."""
    lines = [
        "| family | drafted | curated | right (draft) | found (curated) | precision | recall |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        lines.append(
            f"| {s.family} | {s.drafted} | {s.curated} | {s.right_drafted} | {s.right_curated} "
            f"| {s.precision:.2f} | {s.recall:.2f} |"
        )
    return "\n".join(lines)
