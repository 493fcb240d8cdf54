"""Source documents and the spans of them that state each fact.

Offsets are Unicode code points into the raw file (as Web Annotation's TextPositionSelector
and RFC 5147 ``#char=`` fragments count them). Matching ignores white space, so a quote can be
found across the page-break artefacts of the report ("招商引资跨越" / "式增长"); the span
returned is always the raw text between the offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import BadInputError
from ..paths import SOURCES_DIR
from .namespaces import SRC

_SPAN_FRAGMENT = re.compile(r"#char=(\d+),(\d+)$")


@dataclass(frozen=True)
class Span:
    """A stretch of a source document: ``text[start:end]``."""

    source: str
    start: int
    end: int
    exact: str

    @property
    def iri(self) -> str:
        return f"{SRC}{self.source}#char={self.start},{self.end}"

    def turtle(self) -> str:
        """The span as Turtle, ready to paste into a file of ``graph/`` that sets ``@base``."""
        exact = self.exact.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return (
            f"<#char={self.start},{self.end}> a oa:SpecificResource ;\n"
            f"    oa:hasSource <> ;\n"
            f'    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "{exact}" ] ,\n'
            f"        [ a oa:TextPositionSelector ; oa:start {self.start} ; oa:end {self.end} ] .\n"
        )


_TEXT_DIRS: list[Path] = []


def read_texts_from(graph_dirs: Iterable[Path]) -> None:
    """Let :func:`source_text` find texts in ``sources/`` of these graph directories too (the
    explorer over a dataset built from several, e.g. with the test sources)."""
    _TEXT_DIRS.extend(d / "sources" for d in graph_dirs if d / "sources" not in _TEXT_DIRS)


def text_places() -> tuple[Path, ...]:
    """Where :func:`source_text` looks for a text by default: ``graph/sources``, then the
    directories given to :func:`read_texts_from`."""
    return (SOURCES_DIR, *_TEXT_DIRS)


@cache
def source_text(source: str, directory: Path | None = None) -> str:
    """The raw text of ``<directory>/<source>.txt``; by default from :func:`text_places`."""
    places = (directory,) if directory is not None else text_places()
    for place in places:
        path = place / f"{source}.txt"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise BadInputError(f"no source document {source!r} in {' or '.join(map(str, places))}")


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Text without white space, and the raw offset of each kept character."""
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def locate(source: str, quote: str, occurrence: int | None = None) -> Span:
    """The span of ``source`` that states ``quote`` (white space ignored).

    A quote found more than once needs ``occurrence`` (1-based), so that no span is a guess.
    """
    text = source_text(source)
    squeezed, index = _squeeze(text)
    needle, _ = _squeeze(quote)
    if not needle:
        raise BadInputError("empty quote")
    hits = [m.start() for m in re.finditer(re.escape(needle), squeezed)]
    if not hits:
        raise BadInputError(f"quote not found in {source}: {quote!r}")
    if occurrence is None and len(hits) > 1:
        starts = ", ".join(str(index[h]) for h in hits)
        raise BadInputError(
            f"quote occurs {len(hits)} times in {source} (at {starts}); choose an occurrence"
        )
    n = 1 if occurrence is None else occurrence
    if not 1 <= n <= len(hits):
        raise BadInputError(f"occurrence {n} out of range 1..{len(hits)}")
    first = hits[n - 1]
    start, end = index[first], index[first + len(needle) - 1] + 1
    return Span(source, start, end, text[start:end])


def parse_span_iri(iri: str) -> tuple[str, int, int]:
    """``(source, start, end)`` from a span IRI ``…/source/<id>#char=<start>,<end>``."""
    match = _SPAN_FRAGMENT.search(iri)
    if not iri.startswith(str(SRC)) or match is None:
        raise BadInputError(f"not a span IRI: {iri}")
    source = iri[len(str(SRC)) : match.start()]
    return source, int(match.group(1)), int(match.group(2))
