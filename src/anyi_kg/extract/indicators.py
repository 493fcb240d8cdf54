"""Which indicator a number measures: the words before it, scored against the labels of the
indicators and ranking lists of ``ontology/vocab/indicators.ttl``.

A label scores the share of its characters that the words before the number contain, in runs
of two or more: in the number's own clause (full weight) or in the clause before it (half
weight, for a noun the report does not repeat: "新增5G基站93个,累计建成442个"). Ranking words
(排名, 排位) and counting words (数量, 数) are optional in the text. The label's last word says
which unit it takes (``patterns.toml``); a number of another unit or kind never matches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..graph.iris import AK
from .lexicon import Lexicon, Term, plain
from .patterns import PATTERNS

THRESHOLD = 0.6
"""The least score that names an indicator."""
_OPTIONAL = ("排名", "排位", "数量", "数", "面积")
_BEFORE_WEIGHT, _AFTER_WEIGHT = 0.6, 0.75


@dataclass(frozen=True)
class Candidate:
    term: Term
    variants: tuple[str, ...]
    wanted: str | None
    ranking: bool

    @cached_property
    def characters(self) -> frozenset[str]:
        return frozenset("".join(self.variants))


def _wanted(label: str) -> str | None:
    for word, unit in sorted(PATTERNS.indicator_units.items(), key=lambda x: -len(x[0])):
        if label.endswith(word):
            return unit
    return None


def _variants(names: set[str]) -> tuple[str, ...]:
    found = set()
    for name in names:
        core = plain(name)
        found.add(core)
        for word in _OPTIONAL:
            least = 3 if word.startswith("排") else 2
            if core.endswith(word) and len(core) - len(word) >= least:
                found.add(core[: -len(word)])
    return tuple(sorted(found, key=len, reverse=True))


class Indicators:
    """The indicators of the vocabularies, ready to score against the words before a number."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.candidates = [
            Candidate(
                t,
                _variants(t.names),
                "rank" if AK.RankingList in t.classes else _wanted(plain(t.zh or "")),
                AK.RankingList in t.classes,
            )
            for t in lexicon.indicators
        ]

    def resolve(
        self, own: str, before: str, unit: str | None, ranking: bool, after: str = ""
    ) -> list[tuple[float, Term]]:
        """The indicators that ``own`` (and ``before``, ``after``) name, best first."""
        own, before, after = plain(own), plain(before), plain(after)
        seen = frozenset(own) | frozenset(before) | frozenset(after)
        scored = []
        for candidate in self.candidates:
            if candidate.ranking != ranking or len(candidate.characters & seen) < 2:
                continue
            if not ranking and unit is not None and not PATTERNS.unit_fits(candidate.wanted, unit):
                continue
            score, matched = max(_score(v, own, before, after) for v in candidate.variants)
            if score >= THRESHOLD:
                scored.append((score, matched, candidate.term))
        scored.sort(key=lambda s: (-s[0], -s[1], s[2].iri))
        return [(score, term) for score, _, term in scored]


def _score(label: str, own: str, before: str, after: str) -> tuple[float, float]:
    """The share of ``label``'s characters that stand in one of its two-character words found
    in the text (own clause at full weight), and how many characters that is."""
    covered = [0.0] * len(label)
    for text, weight in ((own, 1.0), (before, _BEFORE_WEIGHT), (after, _AFTER_WEIGHT)):
        for i in range(len(label) - 1):
            if label[i : i + 2] in text:
                covered[i] = max(covered[i], weight)
                covered[i + 1] = max(covered[i + 1], weight)
    return sum(covered) / len(label), sum(covered)
