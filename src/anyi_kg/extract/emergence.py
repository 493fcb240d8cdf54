"""Firsts: a list of kinds that went from none to some (A、B、C等从无到有; 实现了A、B等零的突破).

Each item is a count: from zero (无, 零) to at least one (有, 零的突破), of the indicator the
item names, about the report's region. The words that mark a first are data
(``patterns.toml``: ``[firsts]``); the span is the list and its marker.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..graph.iris import AK
from .figures import ChangeOf, Figure, Figures
from .indicators import Indicators
from .mentions import Entity
from .numbers import Number
from .patterns import PATTERNS
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
