"""The report as the stages read it: paragraphs, sentences and clauses, at raw offsets.

Matching runs on a *flat* text: each paragraph on one line, a paragraph broken across a page
(a long line that ends no sentence, then a blank line: "招商引资跨越" / "式增长") joined again
without the white space between. Every flat position maps back to its code point in the raw
text, so a span found in the flat text is cut from the raw one, page-break white space and all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..graph.provenance import Span
from .patterns import PATTERNS

_LINE = re.compile(r"[^\n]*")


@dataclass(frozen=True)
class Piece:
    """A stretch of the flat text: ``flat[start:end]``."""

    start: int
    end: int
    text: str


class Text:
    """A report's raw text, its flat form and the map between them."""

    def __init__(self, raw: str, source: str) -> None:
        self.raw = raw
        self.source = source
        parts: list[str] = []
        index: list[int] = []
        for paragraph in _paragraphs(raw):
            for start, end in paragraph:
                parts.append(raw[start:end])
                index.extend(range(start, end))
            parts.append("\n")
            index.append(paragraph[-1][1])
        self.flat = "".join(parts)
        self.index = index
        self.index.append(len(raw))

    def span(self, start: int, end: int) -> Span:
        """The raw span of ``flat[start:end]``."""
        raw_start = self.index[start]
        raw_end = self.index[end - 1] + 1
        return Span(self.source, raw_start, raw_end, self.raw[raw_start:raw_end])

    @cached_property
    def paragraphs(self) -> list[Piece]:
        return [
            _piece(self.flat, m.start(), m.end()) for m in _LINE.finditer(self.flat) if m.group()
        ]

    @cached_property
    def sentences(self) -> list[Piece]:
        ends = PATTERNS.sentence_ends
        found = []
        for paragraph in self.paragraphs:
            start = paragraph.start
            for i in range(paragraph.start, paragraph.end):
                if self.flat[i] in ends and not _closes_quote(self.flat, i):
                    found.append(_piece(self.flat, start, i + 1))
                    start = i + 1
            if start < paragraph.end:
                found.append(_piece(self.flat, start, paragraph.end))
        return [s for s in found if s.text.strip()]

    def clauses(self, sentence: Piece) -> list[Piece]:
        """The clauses of a sentence, split at commas, semicolons and colons."""
        ends = PATTERNS.clause_ends
        found, start = [], sentence.start
        for i in range(sentence.start, sentence.end):
            if self.flat[i] in ends:
                found.append(_piece(self.flat, start, i + 1))
                start = i + 1
        if start < sentence.end:
            found.append(_piece(self.flat, start, sentence.end))
        return found

    def paragraph_of(self, position: int) -> Piece:
        return next(p for p in self.paragraphs if p.start <= position < p.end)


def _piece(flat: str, start: int, end: int) -> Piece:
    return Piece(start, end, flat[start:end])


def _closes_quote(flat: str, i: int) -> bool:
    """A sentence end followed by a closing quote ends the sentence after the quote."""
    return i + 1 < len(flat) and flat[i + 1] in '”’"」』'


def _paragraphs(raw: str) -> list[list[tuple[int, int]]]:
    """Each paragraph as the (start, end) of its lines' text, page breaks joined."""
    lines = [
        (m.start() + _lead(m.group()), m.end() - _trail(m.group()))
        for m in _LINE.finditer(raw)
        if m.group().strip()
    ]
    paragraphs: list[list[tuple[int, int]]] = []
    minimum, ends = PATTERNS.continuation_min_length, PATTERNS.line_ends
    for start, end in lines:
        previous = paragraphs[-1][-1] if paragraphs else None
        if previous and previous[1] - previous[0] >= minimum and raw[previous[1] - 1] not in ends:
            paragraphs[-1].append((start, end))
        else:
            paragraphs.append([(start, end)])
    return paragraphs


def _lead(line: str) -> int:
    return len(line) - len(line.lstrip())


def _trail(line: str) -> int:
    return len(line) - len(line.rstrip())
