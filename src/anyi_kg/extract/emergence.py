"""Figures of lists. Firsts: kinds that went from none to some (A、B等从无到有; 实现了A零的突破);
shared values: one value for each item of a list (A、B等一批投资20亿元以上的项目).

Each item is a count: from zero (无, 零) to at least one (有, 零的突破), of the indicator the
item names, about the report's region. The words that mark a first are data
(``patterns.toml``: ``[firsts]``); the span is the list and its marker.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..graph.iris import AK
from .figures import SUBJECT_CLASSES, ChangeOf, Figure, Figures
from .indicators import Indicators
from .lexicon import Lexicon
from .mentions import Entity, Mention
from .numbers import Number, values
from .patterns import PATTERNS, expand
from .text import Text

_COUNT = PATTERNS.units["家"].iri
_CLAUSE = re.compile(r"[,，。；;：:!！?？]")


def read_firsts(text: Text, indicators: Indicators, main: dict[str, Entity], into: Figures) -> None:
    """Add to ``into`` the two counts and the change of every item of every first."""
    flat, firsts = text.flat, PATTERNS.firsts
    region = main.get(AK.Region)
    if region is None:
        return
    for marker, (before, after) in firsts["markers"].items():
        for match in re.finditer(re.escape(marker), flat):
            at = match.start()
            start = max((m.end() for m in _CLAUSE.finditer(flat, 0, at)), default=0)
            opening = [flat.rfind(v, start, at) + len(v) for v in firsts["opening"]
                       if flat.rfind(v, start, at) >= 0]  # fmt: skip
            items = flat[max([start, *opening]) : at]
            items = re.sub(f"(?:{'|'.join(firsts['closing'])})+$", "", items)
            zero = _number(flat, at, before)
            one = _number(flat, at, after)
            for item in items.split("、"):
                found = indicators.resolve(item, "", _COUNT, False)
                if not item or not found:
                    continue
                score, term = found[0]
                span = (start, match.end())
                a = Figure(zero, term, region, span, round(score * 0.8, 2))
                b = Figure(one, term, region, span, round(score * 0.8, 2))
                into.figures += [a, b]
                into.changes.append(ChangeOf(a, b, span))


def _number(flat: str, at: int, where: list[object]) -> Number:
    """The count a marker states: ``[offset, length, value, qualifier]`` from the marker."""
    offset, length, value, qualifier = where
    s = at + int(offset)  # type: ignore[call-overload]
    e = s + int(length)  # type: ignore[call-overload]
    return Number(s, e, flat[s:e], Decimal(str(value)), "value", _COUNT, str(qualifier) or None)


def read_shared_values(
    text: Text, lexicon: Lexicon, mentions: list[Mention], into: Figures
) -> None:
    """A value shared by the items of a list: A、B、C等一批投资20亿元以上的项目 gives each
    project its own observation of the value (``[shared]`` in ``patterns.toml``)."""
    flat, shared = text.flat, PATTERNS.shared
    term = lexicon.terms.get(expand(shared["indicator"]))
    if term is None:
        return
    ends = {m.end: m for m in mentions if not m.nested}
    lead = re.compile(f"等(?:{'|'.join(shared['between'])})*$")
    noun = re.compile(f"的[^,，。；;]{{0,12}}?(?:{'|'.join(shared['nouns'])})")
    taken = {(f.number.start, f.subject.iri) for f in into.figures}
    for number in values(flat):
        if number.unit != PATTERNS.units["亿元"].iri:
            continue
        before = lead.search(flat, max(0, number.start - 8), number.start)
        after = noun.match(flat, number.end)
        if before is None or after is None:
            continue
        items: list[Mention] = []
        at = before.start()
        while at in ends and ends[at].cls in SUBJECT_CLASSES:
            items.insert(0, ends[at])
            at = ends[at].start - 1
            if flat[at : at + 1] != "、":
                break
        span = (items[0].start, after.end()) if items else (0, 0)
        for item in items:
            if (number.start, item.entity.iri) not in taken:
                into.figures.append(Figure(number, term, item.entity, span, 0.6))
