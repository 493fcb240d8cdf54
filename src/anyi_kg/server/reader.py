"""The report reader: a source document shown whole, as its headings and paragraphs, every span
that states a fact (or first names an entity) marked, each mark opening what rests on it.

Every piece of the page carries its offsets (``data-s``, ``data-e``: code points of the raw
file), so the page finds any ``#char=a,b`` without counting text itself. A paragraph that a page
break cut is one paragraph; the white space between its halves is a hidden piece of its own,
kept so that a span across the break stays whole.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ..graph.terms import Term
from .facts import Fact, Naming, Value, label
from .profile import Profile
from .sources import Span, paragraphs, raw_text


@dataclass(frozen=True)
class Piece:
    """Code points ``start`` to ``end``; ``spans``: indices of the stated spans that cover it;
    ``starts``: the spans that begin here; ``hidden``: the white space of a page break."""

    start: int
    end: int
    text: str
    spans: tuple[int, ...] = ()
    starts: tuple[Span, ...] = ()
    hidden: bool = False


@dataclass
class Block:
    heading: bool
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class Stated:
    """A span and what rests on it: facts (with their names) and entities first named there."""

    span: Span
    words: str
    facts: list[tuple[Fact, tuple[str, str]]] = field(default_factory=list)
    entities: list[Value] = field(default_factory=list)


@dataclass
class Reader:
    source: str
    about: Profile
    blocks: list[Block]
    stated: list[Stated]

    @property
    def facts(self) -> int:
        return len({f.iri for s in self.stated for f, _ in s.facts})

    @property
    def entities(self) -> int:
        return len({e.text for s in self.stated for e in s.entities})


def read(
    source: str, rows: list[dict[str, Term | None]], about: Profile, terms: dict[str, Naming]
) -> Reader | None:
    """The reader of ``source`` from the rows of ``source.rq``; ``None`` when the graph says
    nothing of it or its text is not at hand."""
    raw = raw_text(source)
    if raw is None or not (rows or about.exists):
        return None
    stated: dict[Span, Stated] = {}
    facts: dict[str, Fact] = {}
    for row in rows:
        start, end = row["start"], row["end"]
        assert start is not None and end is not None
        span = Span(source, int(start.value), int(end.value))
        if not 0 <= span.start < span.end <= len(raw):
            continue
        here = stated.setdefault(span, Stated(span, span.words()))
        fact, entity = row["fact"], row["entity"]
        if fact is not None:
            if fact.value in facts:
                facts[fact.value].update(row)
            else:
                facts[fact.value] = Fact.of(row)
            if all(f.iri != fact.value for f, _ in here.facts):
                here.facts.append((facts[fact.value], ("", "")))
        if entity is not None:
            shown = Value.of(entity, row["entity_zh"], row["entity_en"])
            if shown not in here.entities:
                here.entities.append(shown)
    for here in stated.values():
        here.facts = [(f, label(f, terms, facts)) for f, _ in here.facts]
    ordered = sorted(stated.values(), key=lambda s: (s.span.start, s.span.end))
    return Reader(source, about, _blocks(source, raw, [s.span for s in ordered]), ordered)


def _blocks(source: str, raw: str, spans: list[Span]) -> list[Block]:
    """The headings and paragraphs of the source, cut into pieces at every span's edges."""
    blocks = []
    for paragraph in paragraphs(source):
        block = Block(paragraph.heading)
        for i, (start, end) in enumerate(paragraph.lines):
            if i:
                block.pieces.append(_piece(raw, paragraph.lines[i - 1][1], start, spans, True))
            cuts = {start, end}
            for span in spans:
                cuts.update(c for c in (span.start, span.end) if start < c < end)
            edges = sorted(cuts)
            block.pieces += [_piece(raw, a, b, spans) for a, b in itertools.pairwise(edges)]
        blocks.append(block)
    return blocks


def _piece(raw: str, start: int, end: int, spans: list[Span], hidden: bool = False) -> Piece:
    covering = tuple(i for i, s in enumerate(spans) if s.start <= start and end <= s.end)
    starting = () if hidden else tuple(s for s in spans if s.start == start)
    return Piece(start, end, raw[start:end], covering, starting, hidden)
