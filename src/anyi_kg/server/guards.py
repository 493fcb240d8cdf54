"""What a read-only endpoint refuses before a query runs: updates, ``SERVICE``, remote ``FROM``.

The checks read the query's tokens, not its text: strings, IRIs and comments are skipped, so
``"SERVICE"`` in a literal is harmless while ``SERVICE <…>`` anywhere, in any letter case, is
refused. Oxigraph reads ``SERVICE:x`` as the keyword followed by the name ``:x``, so the prefix
of a prefixed name counts as a keyword too. SPARQL allows ``\\u`` escapes anywhere in a query;
the tokens are read twice, as written and with the escapes replaced, and both readings must be
clean. ``FROM`` is allowed for graphs the store holds (nothing is ever fetched).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
_VOLATILE = frozenset({"RAND", "NOW", "UUID", "STRUUID", "BNODE"})
_PN = r"[^\W\d_][\w.\-\u00b7\u0300-\u036f\u203f\u2040]*"  # a prefix
_LOCAL = r"(?:[\w:.\-\u00b7\u0300-\u036f\u203f\u2040]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%])*"
_TOKENS = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*')
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f\u2040]+)
  | (?P<pname>(?:"""
    + _PN
    + r""")?:"""
    + _LOCAL
    + r""")
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
    """,
    re.X | re.S,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class Refused(Exception):
    """A query this endpoint will not run; the message says why."""


@dataclass(frozen=True)
class Analysis:
    """What the checks learnt: the query form, whether it names its own dataset, and whether
    its answer can change between runs (``RAND()``, ``NOW()`` …) so must not be cached."""

    form: str | None
    uses_from: bool
    volatile: bool


def check(text: str, graphs: frozenset[str], base: str = "") -> Analysis:
    """Refuse updates, ``SERVICE`` and ``FROM`` of a graph not in ``graphs``; else analyse.

    ``base`` resolves relative IRIs, as the engine does (the endpoint's URL). Analyses of
    queries up to 16 kB are kept, as clients repeat their queries; refusals are not.
    """
    if len(text) <= 16_384:
        return _kept(text, graphs, base)
    return _check(text, graphs, base)


def _check(text: str, graphs: frozenset[str], base: str) -> Analysis:
    readings = [list(_tokens(text))]
    unescaped = _unescape(text)
    if unescaped != text:
        readings.append(list(_tokens(unescaped)))
    for tokens in readings:
        form = _form(tokens)
        if form in UPDATE_WORDS:
            raise Refused(f"this endpoint is read-only: SPARQL Update ({form}) is not accepted")
        for kind, value in tokens:
            word = _keyword(kind, value)
            if word == "SERVICE":
                raise Refused(
                    "SERVICE (federated query) is not allowed: this endpoint makes no "
                    "outbound requests"
                )
            if word == "LOAD":
                raise Refused("this endpoint is read-only: LOAD is not accepted")
    tokens = readings[-1]
    sources = list(_dataset_clauses(tokens, base))
    for iri in sources:
        if iri not in graphs:
            held = ", ".join(f"<{g}>" for g in sorted(graphs)) or "none"
            raise Refused(
                f"FROM <{iri}> names a graph this endpoint does not hold, and it fetches "
                f"nothing; its graphs: {held}"
            )
    words = {_keyword(kind, value) for kind, value in tokens}
    return Analysis(_form(tokens), bool(sources), bool(words & _VOLATILE))


_kept = lru_cache(maxsize=1024)(_check)


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        if kind not in ("space", "comment") and kind is not None:
            yield kind, match.group()


def _keyword(kind: str, value: str) -> str | None:
    """The keyword a token may be read as: a bare word, or the prefix of ``word:local``."""
    if kind == "word":
        return value.upper()
    if kind == "pname":
        return value.partition(":")[0].upper() or None
    return None


def _form(tokens: list[tuple[str, str]]) -> str | None:
    """The first keyword after the prologue (``BASE`` and ``PREFIX`` declarations)."""
    i = 0
    while i < len(tokens):
        word = _keyword(*tokens[i])
        if word == "BASE":
            i += 2
        elif word == "PREFIX":
            i += 3
        else:
            return word
    return None


def _dataset_clauses(tokens: list[tuple[str, str]], base: str) -> Iterator[str]:
    """The IRIs that ``FROM`` and ``FROM NAMED`` clauses name, resolved; an unresolvable one
    is returned as written, so it is refused rather than guessed."""
    prefixes: dict[str, str] = {}
    for i, (kind, value) in enumerate(tokens):
        word = _keyword(kind, value)
        following = tokens[i + 1 : i + 4]
        if word == "BASE" and following and following[0][0] == "iri":
            base = urljoin(base, following[0][1][1:-1])
        elif word == "PREFIX" and len(following) >= 2 and following[1][0] == "iri":
            prefixes[following[0][1].partition(":")[0]] = urljoin(base, following[1][1][1:-1])
        elif word == "FROM":
            if kind == "pname":  # FROM:local, read by Oxigraph as FROM :local
                following = [("pname", value[4:]), *following]
            if following and _keyword(*following[0]) == "NAMED":
                following = following[1:]
            if not following:
                continue
            target_kind, target = following[0]
            if target_kind == "iri":
                yield urljoin(base, target[1:-1])
            elif target_kind == "pname":
                prefix, _, local = target.partition(":")
                yield prefixes[prefix] + local if prefix in prefixes else target


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except ValueError:
            return match.group()

    return _ESCAPE.sub(replace, text)
