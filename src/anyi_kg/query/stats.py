"""Counts that describe the graph: per class, per property, and provenance coverage."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.query import ResultRow
from rdflib.term import Identifier

from . import run


@dataclass
class Stats:
    """What ``anyi-kg stats`` reports."""

    triples: int
    classes: list[tuple[str, str, int]]
    properties: list[tuple[str, int]]
    facts: int
    facts_with_provenance: int
    timeable_facts: int
    facts_without_period: int

    @property
    def provenance_share(self) -> float:
        return self.facts_with_provenance / self.facts if self.facts else 1.0

    def render(self) -> str:
        lines = [f"triples: {self.triples}", "", "instances per class:"]
        lines += [f"  {n:6d}  {c}  {label}" for c, label, n in self.classes]
        lines += ["", "uses per property:"]
        lines += [f"  {n:6d}  {p}" for p, n in self.properties]
        lines += [
            "",
            f"fact nodes: {self.facts}",
            f"with provenance: {self.facts_with_provenance} ({self.provenance_share:.1%})",
            f"observations, rankings and conferrals without a year (left open by the source): "
            f"{self.facts_without_period} of {self.timeable_facts}",
        ]
        return "\n".join(lines)


def stats(union: Graph, facts: Graph) -> Stats:
    """Counts over the published graph (classes, facts) and the curated facts (properties)."""

    def rows(graph: Graph, name: str) -> list[dict[str, Identifier]]:
        return [row.asdict() for row in run(graph, name) if isinstance(row, ResultRow)]

    def curie(node: Identifier) -> str:
        return union.namespace_manager.normalizeUri(str(node))

    def label(row: dict[str, Identifier]) -> str:
        return f"{row.get('label_zh', '')} / {row.get('label_en', '')}"

    classes = [
        (curie(r["class"]), label(r), int(str(r["count"]))) for r in rows(union, "class-counts")
    ]
    properties = [
        (curie(r["property"]), int(str(r["count"]))) for r in rows(facts, "property-counts")
    ]
    (totals,) = rows(union, "fact-provenance")
    return Stats(
        triples=len(union),
        classes=classes,
        properties=properties,
        facts=int(str(totals["facts"])),
        facts_with_provenance=int(str(totals["with_provenance"])),
        timeable_facts=int(str(totals["timeable"])),
        facts_without_period=int(str(totals["without_period"])),
    )
