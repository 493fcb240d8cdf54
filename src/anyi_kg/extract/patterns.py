"""The extractor's patterns (``patterns.toml``), read once into plain structures."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from ..graph.iris import PREFIXES

PATTERNS_FILE = Path(__file__).with_name("patterns.toml")
NUMERAL = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"


def expand(curie: str) -> str:
    """The IRI of a CURIE of the project's prefixes."""
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


@dataclass(frozen=True)
class Unit:
    iri: str
    multiplier: Decimal


@dataclass(frozen=True)
class Head:
    words: tuple[str, ...]
    cls: str


@dataclass(frozen=True)
class NamePatterns:
    """The ``[names]`` table: the words of the rules for new names (:mod:`.names`)."""

    min_length: int
    min_before_head: int
    governing: list[str]
    function_words: list[str]
    quantifiers: list[str]
    counting_words: list[str]
    characterised: list[str]
    kinds: dict[str, str]
    lead_in: list[str]
    generic: list[str]
    enterprise_titles: list[str]
    title_levels: list[str]
    idiom: str
    brand_heads: list[str]
    brand_verbs: list[str]
    list_types: dict[str, str]
    list_override: list[str]
    apposition: dict[str, str]
    company_trades: list[str]
    brand_max_frequency: int
    inner_heads: dict[str, str]
    goal_verbs: list[str]
    scope_words: list[str]
    goal_heads: list[str]


class Patterns:
    """Typed views of ``patterns.toml``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        text = data["text"]
        self.continuation_min_length: int = text["continuation_min_length"]
        self.sentence_ends: str = text["sentence_ends"]
        self.line_ends: str = text["line_ends"]
        self.clause_ends: str = text["clause_ends"]
        self.units = {k: Unit(expand(v[0]), Decimal(v[1])) for k, v in data["units"].items()}
        self.number_words = {
            k: (Decimal(v[0]), expand(v[1]), v[2]) for k, v in data["number_words"].items()
        }
        q = data["qualifiers"]
        self.qualifiers_before: dict[str, str] = q["before"]
        self.qualifiers_after: dict[str, str] = q["after"]
        self.qualifier_words: dict[str, str] = q["words"]
        self.indicator_units: dict[str, str] = data["indicator_units"]
        self.unit_kinds = {k: {expand(u) for u in v} for k, v in data["unit_kinds"].items()}
        self.subject_hints: dict[str, str] = data["subject_hints"]
        self.subject_words: dict[str, str] = data["subject_words"]
        self.firsts: dict[str, Any] = data["firsts"]
        self.shared: dict[str, Any] = data["shared"]
        self.heads = [Head(tuple(h["words"]), h["class"]) for h in data["heads"]]
        names = dict(data["names"])
        for key in ("governing", "lead_in", "generic"):
            names[key] = sorted(names[key], key=len, reverse=True)
        self.names = NamePatterns(**names)
        self.honour_types: dict[str, str] = data["honour_types"]
        self.honour_levels: dict[str, str] = data["honour_levels"]
        self.verbs: dict[str, Any] = data["verbs"]
        self.glossary: dict[str, str] = data["glossary"]
        self.region_words: dict[str, str] = data["regions"]
        changes = data["changes"]
        self.change_start: list[str] = changes["start"]
        self.change_link: list[str] = sorted(changes["link"], key=len, reverse=True)
        years = data["years"]
        self.year_range = re.compile(years["range"])
        self.year_month = re.compile(years["month"])
        self.year = re.compile(years["year"])
        self.since: list[str] = years["since"]
        self.base: list[str] = years["base"]

    @cached_property
    def ranks(self) -> dict[str, list[re.Pattern[str]]]:
        return {
            kind: [re.compile(p.replace("NUM", NUMERAL)) for p in patterns]
            for kind, patterns in self.data["ranks"].items()
        }

    def unit_fits(self, wanted: str | None, unit: str) -> bool:
        """Whether an indicator that asks for ``wanted`` (``indicator_units``) takes ``unit``."""
        if wanted is None:
            return True
        if wanted in self.unit_kinds:
            return unit in self.unit_kinds[wanted]
        return wanted != "rank" and expand(wanted) == unit


def _load() -> Patterns:
    with PATTERNS_FILE.open("rb") as stream:
        return Patterns(tomllib.load(stream))


PATTERNS = _load()
