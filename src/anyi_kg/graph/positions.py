"""Where in a Turtle file a term of a parsed triple is written, as the parser itself says.

Oxigraph gives no position per triple. Each place in the text that could write the IRI wanted
(``<…>`` ending as it ends, or ``prefix:local`` for a prefix of the file) is a candidate, and
the parser decides: every candidate is replaced by an IRI of its own and the text parsed again. The
replacement changes neither the number nor the order of the triples, so the ``i``-th triple of
the second parse is the ``i``-th of the first, and the replacement IRI it now holds names the
candidate that wrote its term; a candidate inside a string or a comment holds none. A typed
literal is found by its datatype, then its start by the string that the parser reads before it.
Positions are 1-based lines and columns in characters, as Oxigraph reports syntax errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import pyoxigraph as ox

Role = Literal["subject", "predicate", "object", "datatype"]
_PROBE = "urn:x-anyi-kg-probe:"
_ONE_BY_ONE = 200  # candidates parsed one at a time when replacing all at once breaks the parse
_PN_CHAR = r"[\w\u00b7\u00c0-\U000effff-]"  # a character that may continue a prefixed name


@dataclass(frozen=True)
class Position:
    line: int
    column: int


def _term(triple: ox.Triple, role: Role) -> object:
    if role == "datatype":
        literal = triple.object
        return literal.datatype if isinstance(literal, ox.Literal) else None
    return getattr(triple, role)


def _candidates(text: str, iri: str, prefixes: dict[str, str]) -> list[tuple[int, int]]:
    """Spans of ``text`` that may write ``iri``: an ``<IRIREF>`` or a prefixed name."""
    tail = re.split(r"[#/]", iri)[-1]  # a relative reference ends as the IRI does
    found = [
        m.span() for m in re.finditer(r"<([^<>\"{}|^`\\\s]*)>", text)
        if m.group(1) and (iri.endswith(m.group(1)) or (tail and m.group(1).endswith(tail)))
    ]  # fmt: skip
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace):
            local = re.escape(iri[len(namespace) :])
            before, after = rf"(?<!{_PN_CHAR}|[:.])", rf"(?!{_PN_CHAR}|[:%]|\.{_PN_CHAR})"
            name = f"{before}{re.escape(prefix)}:{local}{after}"
            found += [m.span() for m in re.finditer(name, text)]
    return found


def _merge(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans without overlaps: a name inside an IRI is no token of its own."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted(set(found)):
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


def _parse(text: str, base_iri: str) -> list[ox.Triple] | None:
    try:
        return [q.triple for q in ox.parse(text, ox.RdfFormat.TURTLE, base_iri=base_iri)]
    except SyntaxError:
        return None


@dataclass(frozen=True)
class _Probed:
    spans: list[tuple[int, int]]
    triples: list[ox.Triple]


def _groups(text: str, spans: list[tuple[int, int]], base_iri: str, count: int) -> list[_Probed]:
    """The text parsed with every candidate replaced at once, or one at a time if that fails."""
    for group in [spans], [[span] for span in spans[:_ONE_BY_ONE]]:
        probed = [_Probed(g, t) for g in group if (t := _probe(text, g, base_iri, count))]
        if probed or not spans:
            return probed
    return []


def _probe(
    text: str, spans: list[tuple[int, int]], base_iri: str, count: int
) -> list[ox.Triple] | None:
    """The triples of ``text`` with each span replaced by ``<urn:x-anyi-kg-probe:K>``."""
    pieces, last = [], 0
    for k, (start, end) in enumerate(spans):
        pieces += [text[last:start], f"<{_PROBE}{k}>"]
        last = end
    triples = _parse("".join([*pieces, text[last:]]), base_iri)
    return triples if triples is not None and len(triples) == count else None


def locate(
    text: str,
    triples: list[ox.Triple],
    prefixes: dict[str, str],
    base_iri: str,
    wanted: Iterable[tuple[int, Role]],
) -> dict[tuple[int, Role], Position]:
    """The position of each wanted term: ``(index of the triple in the file, role)``."""
    wanted = list(wanted)
    terms = {_term(triples[index], role) for index, role in wanted}
    iris = {term.value for term in terms if isinstance(term, ox.NamedNode)}
    spans = _merge([s for iri in sorted(iris) for s in _candidates(text, iri, prefixes)])
    written: dict[tuple[int, Role], tuple[int, int]] = {}
    for group in _groups(text, spans, base_iri, len(triples)):
        for key in wanted:
            term = _term(group.triples[key[0]], key[1])
            if isinstance(term, ox.NamedNode) and term.value.startswith(_PROBE):
                written[key] = group.spans[int(term.value[len(_PROBE) :])]
    positions = {}
    for (index, role), (start, _) in written.items():
        if role == "datatype":
            start = _literal_start(text, start, triples[index].object, base_iri)
        positions[(index, role)] = _position(text, start)
    return positions


def _literal_start(text: str, datatype_start: int, literal: object, base_iri: str) -> int:
    """Where the string of a typed literal begins, given where its datatype is written."""
    end = len(text[:datatype_start].rstrip())
    if not text[:end].endswith("^^"):
        return datatype_start
    end = len(text[: end - 2].rstrip())
    value = literal.value if isinstance(literal, ox.Literal) else None
    for start in range(end - 1, max(-1, end - 100_000), -1):
        if text[start] not in "\"'":
            continue
        parsed = _parse(f"<{_PROBE}s> <{_PROBE}p> {text[start:end]} .", base_iri)
        if parsed is not None and len(parsed) == 1:
            found = parsed[0].object
            if isinstance(found, ox.Literal) and found.value == value:
                return start
    return datatype_start


def _position(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return Position(text.count("\n", 0, offset) + 1, offset - line_start + 1)
