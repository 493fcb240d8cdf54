"""Finding entities by a piece of their name, in Chinese, English or pinyin.

A SPARQL ``CONTAINS`` scan reads every label on every search. This index is built once per
store, from its labels: every label form (zh, en, alternative and former names, lower-cased),
and for Chinese labels their toneless pinyin (``anyixian``) and its initials (``ayx``). The
distinct forms are joined, shortest first, into one string that ``str.find`` scans at C speed;
exact forms are a dictionary lookup. Scanning shortest first means the first hits are the
closest ones, so a very common piece of text stops early instead of visiting every label.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
from pypinyin import Style, lazy_pinyin

from ..graph.terms import Term, shorten
from .results import Result

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PRIMARY = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
}
_CJK = re.compile(r"[\u3400-\u9fff]")
_SEPARATOR = "\n"
PRIMARY, ALTERNATIVE, PINYIN = 0, 1, 2
"""How a form relates to its entity, best first: its label, another name, a pinyin reading."""


@dataclass(frozen=True)
class Hit:
    """An entity found by a search, with the form that matched."""

    iri: str
    label_zh: str | None
    label_en: str | None
    types: tuple[str, ...]
    matched: str
    score: tuple[int, int, int]


@dataclass
class _Entity:
    labels: dict[str, str] = field(default_factory=dict)
    types: list[str] = field(default_factory=list)


class LabelIndex:
    """Substring search over the label forms of every labelled resource."""

    def __init__(self, entities: dict[str, _Entity], forms: dict[str, list[tuple[str, int, str]]]):
        self._entities = entities
        self._forms = forms  # normalised form -> [(iri, relation, original text)]
        ordered = sorted(forms, key=lambda f: (len(f), f))
        self._ordered = ordered
        self._starts: list[int] = []
        offset = 0
        for form in ordered:
            self._starts.append(offset)
            offset += len(form) + len(_SEPARATOR)
        self._haystack = _SEPARATOR.join(ordered)

    @classmethod
    def build(cls, triples: Iterable[ox.Triple]) -> LabelIndex:
        """An index of the label triples (``rdfs:label``, ``skos:*Label``, former names, types)."""
        entities: dict[str, _Entity] = defaultdict(_Entity)
        forms: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
        for t in triples:
            if not isinstance(t.subject, ox.NamedNode):
                continue
            iri, predicate = t.subject.value, t.predicate.value
            if predicate == _RDF_TYPE:
                if isinstance(t.object, ox.NamedNode):
                    entities[iri].types.append(t.object.value)
                continue
            if not isinstance(t.object, ox.Literal):
                continue
            text = t.object.value
            relation = PRIMARY if predicate in _PRIMARY else ALTERNATIVE
            language = (t.object.language or "").split("-")[0]
            if relation == PRIMARY and language in ("zh", "en"):
                entities[iri].labels.setdefault(language, text)
            for form, how in _forms(text, relation):
                forms[form].append((iri, how, text))
        return cls(dict(entities), dict(forms))

    def __len__(self) -> int:
        return len(self._entities)

    def search(self, text: str, limit: int = 20, scan: int = 2000) -> list[Hit]:
        """The best ``limit`` entities whose forms contain ``text``; at most ``scan`` forms read."""
        query = normalise(text)
        if not query:
            return []
        best: dict[str, tuple[tuple[int, int, int], str]] = {}

        def consider(form: str, match: int) -> None:
            for iri, how, original in self._forms[form]:
                score = (match, how, len(form))
                if iri not in best or score < best[iri][0]:
                    best[iri] = (score, original)

        queries = {query, query.replace(" ", "")}
        for q in queries:
            if q in self._forms:
                consider(q, 0)
        for q in queries:
            position, seen = self._haystack.find(q), 0
            while position != -1 and seen < scan:
                index = bisect.bisect_right(self._starts, position) - 1
                start = self._starts[index]
                form = self._ordered[index]
                consider(form, 0 if form == q else 1 if position == start else 2)
                seen += 1
                position = self._haystack.find(q, start + len(form) + 1)
        ranked = sorted(best.items(), key=lambda item: (item[1][0], item[0]))[:limit]
        return [self._hit(iri, score, original) for iri, (score, original) in ranked]

    def _hit(self, iri: str, score: tuple[int, int, int], original: str) -> Hit:
        entity = self._entities.get(iri, _Entity())
        return Hit(
            iri,
            entity.labels.get("zh"),
            entity.labels.get("en"),
            tuple(sorted(entity.types)),
            original,
            score,
        )


def as_result(hits: list[Hit]) -> Result:
    """Hits as a table: entity, zh and en labels, types, the form that matched."""
    rows: list[tuple[Term | None, ...]] = [
        (
            ox.NamedNode(h.iri),
            None if h.label_zh is None else ox.Literal(h.label_zh, language="zh"),
            None if h.label_en is None else ox.Literal(h.label_en, language="en"),
            ox.Literal(" ".join(shorten(t) for t in h.types)),
            ox.Literal(h.matched),
        )
        for h in hits
    ]
    return Result("select", ["entity", "label_zh", "label_en", "types", "matched"], rows)


def normalise(text: str) -> str:
    """Lower-cased, inner white space collapsed, no line breaks."""
    return " ".join(text.casefold().split())


def _forms(text: str, relation: int) -> list[tuple[str, int]]:
    forms = [(normalise(text), relation)]
    if _CJK.search(text):
        full, initials = _pinyin(text)
        forms += [(full, PINYIN), (initials, PINYIN)]
    return [(f, how) for f, how in forms if f]


@lru_cache(maxsize=65536)
def _pinyin(text: str) -> tuple[str, str]:
    """Toneless pinyin of ``text`` (``anyixian``) and its initials (``ayx``)."""
    full = "".join(lazy_pinyin(text, errors="ignore"))
    initials = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore"))
    return normalise(full), normalise(initials)
