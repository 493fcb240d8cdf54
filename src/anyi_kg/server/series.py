"""An indicator's values for one subject, as a page shows them: in the report's order (or by
year, where every value has one), the changes between them as chains (93 → 64 → 34 → 16), and
the points of a small chart."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .facts import Fact, Value


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    caption: str


@dataclass
class Series:
    """The values of one indicator for one subject, as the report states them."""

    indicator: Value
    subject: Value
    facts: list[Fact] = field(default_factory=list)
    chains: list[list[Fact]] = field(default_factory=list)
    changes: list[Fact] = field(default_factory=list)

    @property
    def where(self) -> int:
        return min((f.where for f in self.facts), default=1 << 62)

    def chart(self) -> list[Point]:
        """Points of a small line chart (0–100 wide, 0–40 high, higher is more; for ranks,
        higher is better), when two or more values are numbers of one unit."""
        values = [(f, _decimal(f.value)) for f in self.facts]
        numeric = [(f, v) for f, v in values if v is not None]
        if len(numeric) < 2 or len({f.unit for f, _ in numeric}) > 1:
            return []
        ranks = all(f.kind == "Ranking" for f, _ in numeric)
        ys = [-v if ranks else v for _, v in numeric]
        low, high = min(ys), max(ys)
        spread = high - low or Decimal(1)
        step = 100 / (len(numeric) - 1)
        return [
            Point(
                round(i * step, 1),
                round(float(36 - (y - low) / spread * 32), 1),
                f"{f.year or '—'}: {f.surface or f.normalised()}",
            )
            for i, ((f, _), y) in enumerate(zip(numeric, ys, strict=True))
        ]


def chain_changes(series: dict[tuple[str, str], Series], facts: dict[str, Fact]) -> None:
    """Each series' changes as chains of values, first to last: 93 → 64 → 34 → 16."""
    for one in series.values():
        one.facts.sort(key=lambda f: (f.where, f.iri))
        if one.facts and all(f.year for f in one.facts):
            one.facts.sort(key=lambda f: (f.year, f.where))
        following = {c.start: c.end for c in one.changes if c.start and c.end}
        targets = set(following.values())
        for start in sorted(following, key=lambda s: facts[s].where if s in facts else 0):
            if start in targets:
                continue
            chain, at = [], start
            while at in facts and facts[at] not in chain:
                chain.append(facts[at])
                if at not in following:
                    break
                at = following[at]
            if len(chain) > 1:
                one.chains.append(chain)


def _decimal(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None
