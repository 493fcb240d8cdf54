"""The text of a source document as the pages read it: spans (code points of the raw file, as
RFC 5147 ``#char=a,b`` counts them), paragraphs and sentences.

A paragraph is a line of the raw text, or several where a page break cut one: a line that ends
no sentence goes on in the next ("招商引资跨越" / "式增长"); a short line that ends none is a
heading. A sentence ends at 。！？ and never leaves its paragraph. Offsets are never taken on
normalised text: the white space of the page layout is counted, and only dropped for display.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import AnyiKGError
from ..graph.iris import PREFIXES
from ..graph.provenance import source_text, text_places

_SRC = PREFIXES["src"]
_ID = re.compile(r"^[A-Za-z0-9_.-]+$")
_LINE = re.compile(r"\S(?:.*\S)?")  # a line's text, without the white space around it
_SENTENCE_END = re.compile(r"[。！？!?]”?")
_ENDS_SENTENCE = tuple("。！？!?”）)」』")
_BREAK = re.compile(r"\s*\n\s*")
HEADING = 40  # characters: a shorter line that ends no sentence is a heading


def source_id(iri: str) -> str | None:
    """The file name of a source document's IRI (``src:000_14a3…``), if it is one."""
    local = iri.removeprefix(_SRC)
    return local if local != iri and _ID.match(local) else None


def raw_text(source: str) -> str | None:
    """The raw text of the source document ``source`` (an IRI), if it is at hand."""
    name = source_id(source)
    return None if name is None else _text(name, text_places())


@cache  # a page reads the words of each span: a text not at hand is not looked for again
def _text(name: str, places: tuple[Path, ...]) -> str | None:
    """The text of ``name`` in ``places`` (where :func:`source_text` looks; a key of the cache,
    as :func:`~anyi_kg.graph.provenance.read_texts_from` adds places), or ``None``."""
    try:
        return source_text(name)
    except AnyiKGError:
        return None


@dataclass(frozen=True)
class Span:
    """Code points ``start`` to ``end`` of a source document."""

    source: str
    start: int
    end: int

    @property
    def iri(self) -> str:
        return f"{self.source}#char={self.start},{self.end}"

    @property
    def url(self) -> str:
        """The report reader, opened at this span."""
        name = source_id(self.source)
        return f"/source/{name}#char={self.start},{self.end}" if name else ""

    def words(self) -> str:
        """The words of the span, the page layout's line breaks removed."""
        raw = raw_text(self.source) or ""
        return _BREAK.sub("", raw[self.start : self.end])


@dataclass(frozen=True)
class Paragraph:
    """A heading or a paragraph: its lines, as (start, end) pairs, a page break between two."""

    heading: bool
    lines: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.lines[0][0]

    @property
    def end(self) -> int:
        return self.lines[-1][1]


@cache
def paragraphs(source: str) -> tuple[Paragraph, ...]:
    """The headings and paragraphs of ``source``, in order."""
    raw = raw_text(source) or ""
    found: list[Paragraph] = []
    for line in _LINE.finditer(raw):
        words = line.group()
        last = found[-1] if found else None
        if last and not last.heading and not raw[: last.end].endswith(_ENDS_SENTENCE):
            found[-1] = Paragraph(False, (*last.lines, line.span()))  # cut by a page break
        else:
            heading = len(words) <= HEADING and not words.endswith(_ENDS_SENTENCE)
            found.append(Paragraph(heading, (line.span(),)))
    return tuple(found)


@cache
def _sentence_starts(source: str) -> tuple[int, ...]:
    raw = raw_text(source) or ""
    starts = []
    for paragraph in paragraphs(source):
        starts.append(paragraph.start)
        for end in _SENTENCE_END.finditer(raw, paragraph.start, paragraph.end):
            if end.end() < paragraph.end:
                starts.append(end.end())
    return tuple(starts)


def sentence_of(span: Span) -> tuple[int, int] | None:
    """The bounds of the sentence (or sentences) holding ``span``; ``None`` when the source
    text is not at hand."""
    raw = raw_text(span.source)
    if raw is None:
        return None
    starts = _sentence_starts(span.source)
    first = starts[max(0, bisect.bisect_right(starts, span.start) - 1)]
    after = bisect.bisect_left(starts, span.end)
    return first, starts[after] if after < len(starts) else len(raw)


@dataclass(frozen=True)
class Sentence:
    """A sentence of the report in pieces, ``(text, marked)``, marked where a span stated on
    the page lies; ``span``: the first of them, for the link to the reader."""

    pieces: tuple[tuple[str, bool], ...]
    span: Span


def sentence(source: str, bounds: tuple[int, int], spans: list[Span]) -> Sentence:
    """The sentence at ``bounds`` with every one of ``spans`` in it marked."""
    raw = raw_text(source) or ""
    first, last = bounds
    cuts = {first, last}
    for s in spans:
        cuts.update((max(first, s.start), min(last, s.end)))
    edges = sorted(c for c in cuts if first <= c <= last)
    pieces: list[tuple[str, bool]] = []
    for a, b in itertools.pairwise(edges):
        piece = _BREAK.sub("", raw[a:b])
        marked = any(s.start <= a and b <= s.end for s in spans)
        if pieces and pieces[-1][1] == marked:
            pieces[-1] = (pieces[-1][0] + piece, marked)
        elif piece:
            pieces.append((piece, marked))
    return Sentence(tuple(pieces), min(spans, key=lambda s: s.start))
