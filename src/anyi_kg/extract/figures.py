"""Figures: observations, rankings and the changes between them, sentence by sentence.

For each number (:mod:`.numbers`): the indicator named by the words before it
(:mod:`.indicators`), its subject (the entity the indicator's words ask for, else the nearest
place, cluster, project or company before it, else the report's region), its year or period,
and the chain it belongs to ("从A增至B", "从第93位,到第64位,再到第16位"), whose later values share
the first one's indicator and subject.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from ..graph.iris import AK
from .indicators import Indicators
from .lexicon import Lexicon, Term
from .mentions import Entity, Mention
from .numbers import Number, Year, ranks, values, years
from .patterns import PATTERNS
from .text import Piece, Text

SUBJECT_CLASSES = frozenset(
    getattr(AK, c)
    for c in ["Region", "IndustrialPark", "IndustrialBase", "Site", "IndustrialCluster",
              "InvestmentProject", "Company"]
)  # fmt: skip
_LINK = re.compile("|".join(map(re.escape, PATTERNS.change_link)))
_QUIET = re.compile(r"^[\s,，、的年\d]*$")


@dataclass
class Figure:
    """An observation or a ranking of the draft."""

    number: Number
    indicator: Term
    subject: Entity
    span: tuple[int, int]
    confidence: float
    period: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    base: str | None = None

    @property
    def is_ranking(self) -> bool:
        return self.number.is_rank


@dataclass
class ChangeOf:
    """A change from one figure to the next of a chain."""

    before: Figure
    after: Figure
    span: tuple[int, int]


@dataclass
class Figures:
    figures: list[Figure] = field(default_factory=list)
    changes: list[ChangeOf] = field(default_factory=list)
    unresolved: list[Number] = field(default_factory=list)


class FigureReader:
    def __init__(
        self, text: Text, lexicon: Lexicon, mentions: list[Mention], main: dict[str, Entity]
    ):
        self.text = text
        self.indicators = Indicators(lexicon)
        self.mentions = mentions
        self.main = main  # the report's most named entity of each class
        self.masked = self._indicator_words(lexicon)

    def _indicator_words(self, lexicon: Lexicon) -> list[tuple[int, int]]:
        """Where the text writes an indicator's name (or its name less 数量, 数 …): numbers
        and mentions there are part of it."""
        flat, found = self.text.flat, []
        for candidate in self.indicators.candidates:
            for variant in candidate.variants:
                if len(variant) < 5:
                    continue
                at = flat.find(variant)
                while at >= 0:
                    found.append((at, at + len(variant)))
                    at = flat.find(variant, at + 1)
        return found

    def read(self) -> Figures:
        result = Figures()
        for sentence in self.text.sentences:
            self._sentence(sentence, result)
        return result

    def _sentence(self, sentence: Piece, result: Figures) -> None:
        flat = self.text.flat
        read = values(flat, sentence.start, sentence.end) + ranks(
            flat, sentence.start, sentence.end
        )
        numbers = [
            n for n in sorted(read, key=lambda n: n.start) if not self._masked(n.start, n.end)
        ]
        stated = years(flat, sentence.start, sentence.end)
        clauses = self.text.clauses(sentence)
        previous_end = sentence.start
        chains = _chains(flat, numbers)
        for k, chain in enumerate(chains):
            head = chain[0]
            at = next(i for i, c in enumerate(clauses) if c.start <= head.start < c.end)
            own_start = max(clauses[at].start, previous_end)
            before = _words(flat[clauses[at - 1].start : clauses[at - 1].end]) if at else ""
            after = ""
            if head.unit == PATTERNS.units["家"].iri and len(chain) == 1:
                stop = chains[k + 1][0].start if k + 1 < len(chains) else clauses[at].end
                after = flat[head.end : min(stop, clauses[at].end)]
            found = self._resolve(
                _words(flat[own_start : head.start]), before, after, head, sentence, result
            )
            if found is None and at:  # the clause has no words of its own: read the one before
                own_start = max(clauses[at - 1].start, previous_end)
                before = _words(flat[clauses[at - 2].start : clauses[at - 2].end]) if at > 1 else ""
                found = self._resolve(
                    _words(flat[own_start : head.start]), before, after, head, sentence, result
                )
            if found is None:
                result.unresolved.extend(chain)
                continue
            previous_end = chain[-1].end
            score, term = found
            figures: list[Figure] = []
            for i, number in enumerate(chain):
                subject = self._subject(term, chain[0], sentence, clauses[at])
                start = own_start if i == 0 else figures[0].span[0]
                figure = Figure(number, term, subject, (start, number.end), round(score * 0.9, 2))
                self._date(figure, stated, chain, i)
                figures.append(figure)
            result.figures.extend(figures)
            for a, b in itertools.pairwise(figures):
                result.changes.append(ChangeOf(a, b, (figures[0].span[0], b.number.end)))

    def _masked(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.masked)

    def _resolve(
        self, own: str, before: str, after: str, number: Number, sentence: Piece, result: Figures
    ) -> tuple[float, Term] | None:
        found = self.indicators.resolve(own, before, number.unit, number.is_rank, after)
        if found:
            return found[0]
        if number.is_rank:  # an elided list: the last ranking of the sentence
            last = [f for f in result.figures if f.is_ranking and f.span[0] >= sentence.start]
            if last:
                return (last[-1].confidence, last[-1].indicator)
        return None

    def _subject(self, term: Term, number: Number, sentence: Piece, clause: Piece) -> Entity:
        """What the figure is about: the entity inside which, or right after which (N的X), the
        number is written; else the nearest entity of the class the indicator's words ask for;
        else the nearest one in the clause, or the one the sentence opens with; else the region."""
        label = term.zh or ""
        wanted = next((c for w, c in PATTERNS.subject_hints.items() if w in label), None)
        usable = [
            m for m in self.mentions
            if m.cls in SUBJECT_CLASSES and not self._masked(m.start, m.end)
        ]  # fmt: skip
        inside = [m for m in usable if m.start <= number.start < m.end]
        if inside:
            return inside[0].entity
        if self.text.flat[number.end : number.end + 1] == "的":
            following = [m for m in usable if m.start == number.end + 1]
            if following:
                return following[0].entity
        earlier = [m for m in usable if sentence.start <= m.start < number.start]
        if wanted is not None:
            cls = getattr(AK, wanted)
            of_class = [m for m in earlier if m.cls == cls]
            if of_class:
                return of_class[-1].entity
            if cls in self.main:
                return self.main[cls]
        in_clause = [m for m in earlier if m.start >= clause.start]
        if in_clause:
            return in_clause[-1].entity
        opening = [m for m in earlier if m.start == sentence.start]
        if opening:
            return opening[0].entity
        return self.main[AK.Region]

    def _date(self, figure: Figure, stated: list[Year], chain: list[Number], i: int) -> None:
        """The year of a figure: one written just before its number ("2023年的11.09%"); for the
        ends of a chain after "2020年至2023年", the range's; else a year that opens the clause
        or the sentence before it ("2023年新签约项目89个") for a lone number or a chain's last."""
        flat, number = self.text.flat, figure.number
        window_start = chain[i - 1].end if i else figure.span[0]
        bound = [
            y for y in stated
            if y.role == "year" and window_start <= y.start and y.end <= number.start
            and number.start - y.end <= 8 and not re.search(r"[,，；;]", flat[y.end : number.start])
        ]  # fmt: skip
        earlier = [y for y in stated if y.end <= chain[0].start]
        ranges = [y for y in earlier if y.role.startswith("range")]
        last = i == len(chain) - 1
        if bound:
            figure.period = bound[-1].value
        elif len(chain) > 1 and len(ranges) >= 2 and (i == 0 or last):
            figure.period = ranges[-2].value if i == 0 else ranges[-1].value
        elif last and (len(chain) == 1 or i > 0):
            topic = [
                y for y in earlier
                if y.role == "year" and flat[y.end : y.end + 1] != "的"
                and _opens_clause(flat, y) and y.end <= chain[0].start
            ]  # fmt: skip
            if topic:
                figure.period = topic[-1].value
        for y in earlier:
            if y.role == "since":
                figure.period_start = y.value
            elif y.role == "base" and y.start >= figure.span[0]:
                figure.base = y.value
        if figure.period and "-" in figure.period:
            figure.period_start, figure.period = figure.period, None


def _opens_clause(flat: str, year: Year) -> bool:
    before = flat[max(0, year.start - 4) : year.start]
    tail = re.split(r"[,，；;。\n]", before)[-1]
    return tail.strip() in ("", "于", "在", "截至", "到")


def _chains(flat: str, numbers: list[Number]) -> list[list[Number]]:
    """Numbers grouped into chains of one change: 从A(…)至B, and sequences of ranks."""
    chains: list[list[Number]] = []
    for number in numbers:
        if chains:
            last = chains[-1][-1]
            between = flat[last.end : number.start]
            opened = _opens_chain(flat, chains[-1][0])
            same = last.is_rank == number.is_rank and (last.is_rank or last.unit == number.unit)
            joined = _LINK.search(between) or (last.is_rank and _QUIET.match(between))
            if opened and same and joined and len(between) <= 24 and "。" not in between:
                chains[-1].append(number)
                continue
        chains.append([number])
    return chains


def _opens_chain(flat: str, number: Number) -> bool:
    before = flat[max(0, number.start - 10) : number.start]
    return any(word in before for word in PATTERNS.change_start)


def _words(text: str) -> str:
    """The words before a number, without years, numbers and the chain's own words."""
    text = re.sub(r"(?:19|20)\d\d年(?:\d{1,2}月)?(?:的)?", "", text)
    return text


def main_entities(mentions: list[Mention]) -> dict[str, Entity]:
    """The most named entity of each class; for regions, of the lowest tier named."""
    counts: dict[str, Counter[str]] = {}
    by_iri: dict[str, Entity] = {}
    for m in mentions:
        counts.setdefault(m.cls, Counter())[m.entity.iri] += 1
        by_iri[m.entity.iri] = m.entity
    main = {cls: by_iri[c.most_common(1)[0][0]] for cls, c in counts.items()}
    regions = [by_iri[i] for i in counts.get(AK.Region, Counter())]
    for tier in ("county", "municipal", "provincial"):
        at = [r for r in regions if (r.level or "").endswith(tier)]
        if at:
            main[AK.Region] = max(at, key=lambda r: counts[AK.Region][r.iri])
            break
    return main


def decimal_lexical(value: Decimal) -> str:
    """A normalised value as the graph writes it: 41000000000, 11.09."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")
