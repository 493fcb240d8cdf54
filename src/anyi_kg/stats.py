"""Counts that describe the graph: per class, per property, and provenance coverage."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from .query import run


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
    def curie(node: object) -> str:
        return union.namespace_manager.normalizeUri(str(node))

    classes = [
        (curie(r["class"]), f"{r['label_zh'] or ''} / {r['label_en'] or ''}", int(r["count"]))
        for r in run(union, "class-counts")
    ]
    properties = [(curie(r["property"]), int(r["count"])) for r in run(facts, "property-counts")]
    (row,) = list(run(union, "fact-provenance"))
    return Stats(
        triples=len(union),
        classes=classes,
        properties=properties,
        facts=int(row["facts"]),
        facts_with_provenance=int(row["with_provenance"]),
        timeable_facts=int(row["timeable"]),
        facts_without_period=int(row["without_period"]),
    )
