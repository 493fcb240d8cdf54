"""Numbers of a text: values with their unit and qualifier, ranks, and years.

Arabic numerals are read as decimals; Chinese numerals (一千二百, 两, 第三) by ``cn2an``. A value
needs a unit written after it (``patterns.toml``: 亿元, 万吨, 亩, 家, %, …), which scales it as the
graph does (亿元 × 10⁸ in CNY); its qualifier (余, 超, 突破, 以上, 接近 …) is read around it. Every
position is in the flat text of :class:`~anyi_kg.extract.text.Text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import cn2an

from .patterns import NUMERAL, PATTERNS

_CHINESE = re.compile(r"[零〇一二两三四五六七八九十百千]+")


@dataclass(frozen=True)
class Number:
    """A value or a rank at ``flat[start:end]`` (its surface form, qualifier and unit included)."""

    start: int
    end: int
    surface: str
    value: Decimal
    kind: str  # "value", "rank", "rank_from_end"
    unit: str | None = None
    qualifier: str | None = None

    @property
    def is_rank(self) -> bool:
        return self.kind != "value"


@dataclass(frozen=True)
class Year:
    """A year or a month (``2023``, ``2022-06``) at ``flat[start:end]``."""

    start: int
    end: int
    value: str
    role: str  # "year", "since", "base", "range_start", "range_end"


def numeral(text: str) -> Decimal | None:
    """The value of an Arabic or Chinese numeral, or ``None``."""
    if _CHINESE.fullmatch(text):
        try:
            return Decimal(str(cn2an.cn2an(text, "smart")))
        except ValueError:
            return None
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


@cache
def _value_pattern() -> re.Pattern[str]:
    before = _alternation(PATTERNS.qualifiers_before)
    after = _alternation(PATTERNS.qualifiers_after)
    units = _alternation(PATTERNS.units)
    words = _alternation(PATTERNS.number_words)
    return re.compile(
        rf"(?P<before>{before})?(?:(?<![\d.零〇一二两三四五六七八九十百千])(?P<num>{NUMERAL})"
        rf"(?P<mid>{after})?(?P<unit>{units})|(?P<word>{words}))(?P<after>{after})?"
    )


def values(flat: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Every value with a unit in ``flat[start:end]``."""
    found = []
    for match in _value_pattern().finditer(flat, start, len(flat) if end is None else end):
        qualifier = None
        for group, table in (
            ("before", PATTERNS.qualifiers_before),
            ("mid", PATTERNS.qualifiers_after),
            ("after", PATTERNS.qualifiers_after),
        ):
            if match.group(group):
                qualifier = table[match.group(group)]
        if match.group("word"):
            value, unit, fixed = PATTERNS.number_words[match.group("word")]
            qualifier = PATTERNS.qualifier_words.get(match.group("word"), fixed or qualifier)
        else:
            number = numeral(match.group("num"))
            if number is None:
                continue
            scale = PATTERNS.units[match.group("unit")]
            value, unit = number * scale.multiplier, scale.iri
        found.append(
            Number(
                match.start(), match.end(), match.group(), value, "value", unit, qualifier or None
            )
        )
    return found


def ranks(flat: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Every rank in ``flat[start:end]``: 第N位/名, 位列全省第N, 前N (at most N), 倒数第N."""
    stop = len(flat) if end is None else end
    found: dict[int, Number] = {}
    for kind, patterns in PATTERNS.ranks.items():
        for pattern in patterns:
            for match in pattern.finditer(flat, start, stop):
                n = numeral(match.group("n"))
                if n is None or n < 1 or n != int(n):
                    continue
                first = _surface_start(flat, match)
                if any(first < other.end and other.start < match.end() for other in found.values()):
                    continue
                qualifier = "at-most" if kind == "top" else None
                found[first] = Number(
                    first, match.end(), flat[first : match.end()], n,
                    "rank_from_end" if kind == "from_end" else "rank", None, qualifier,
                )  # fmt: skip
    return sorted(found.values(), key=lambda n: n.start)


def _surface_start(flat: str, match: re.Match[str]) -> int:
    """Where the rank's own words begin: 倒数/顺数/第/前, not the verb before them."""
    text = match.group()
    for marker in ("倒数", "顺数"):
        at = text.find(marker)
        if at >= 0:
            return match.start() + at
    n_at = match.start("n") - match.start()
    at = text.rfind("第", 0, n_at)
    if at < 0:
        at = text.rfind("前", 0, n_at)
    return match.start() + max(at, 0)


def years(flat: str, start: int = 0, end: int | None = None) -> list[Year]:
    """Years and months in ``flat[start:end]``, each with its role in the sentence."""
    stop = len(flat) if end is None else end
    found: list[Year] = []
    taken: set[int] = set()
    for match in PATTERNS.year_range.finditer(flat, start, stop):
        found.append(Year(match.start("a"), match.end("a"), match.group("a"), "range_start"))
        found.append(Year(match.start("b"), match.end(), match.group("b"), "range_end"))
        taken.update(range(match.start(), match.end()))
    for match in PATTERNS.year_month.finditer(flat, start, stop):
        if match.start() in taken:
            continue
        value = f"{match.group('y')}-{int(match.group('m')):02d}"
        found.append(Year(match.start(), match.end(), value, _role(flat, match)))
        taken.update(range(match.start(), match.end()))
    for match in PATTERNS.year.finditer(flat, start, stop):
        if match.start() in taken or (match.start() and flat[match.start() - 1].isdigit()):
            continue
        found.append(Year(match.start(), match.end(), match.group("y"), _role(flat, match)))
    return sorted(found, key=lambda y: y.start)


def _role(flat: str, match: re.Match[str]) -> str:
    after = flat[match.end() : match.end() + 12]
    before = flat[max(0, match.start() - 2) : match.start()]
    if any(before.endswith(word) for word in PATTERNS.base):
        return "base"
    head = re.split(r"[,，。；;、]", after, maxsplit=1)[0]
    if any(after.startswith(word) for word in PATTERNS.since) or (
        "至今" in head and after.startswith(("至今", "起"))
    ):
        return "since"
    if head.endswith("开始") or after.startswith("开始"):
        return "since"
    return "year"
