"""Preparing any query (a named question, a ``.rq`` file, SPARQL text) with its parameters
bound as RDF terms, and reading a query and its parameters from the command line."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox
from rdflib.term import Identifier

from ..errors import BadInputError, SyntaxErrorInFile
from ..graph import rdflib_terms, terms
from ..graph.terms import Term
from .catalogue import NAME, NamedQuery, named, names

_POSITION = re.compile(r"error at (\d+):(\d+): ", re.S)

Value = Term | Identifier | str | int | float
"""What a caller may give as a parameter value: a term, or text parsed by the declared type."""


@dataclass(frozen=True)
class Prepared:
    """A query ready to run: its text, where it came from, its bindings and base IRI."""

    text: str
    origin: str
    bindings: dict[str, Term]
    base: str | None = None


def prepare(query: str | Path | NamedQuery, params: Mapping[str, Value] | None = None) -> Prepared:
    """Resolve ``query`` (a name, a ``.rq`` path, SPARQL text or a :class:`NamedQuery` such as
    a page query) and turn ``params`` into terms.

    For a named question or a page query, parameters must be declared and are parsed by their
    declared type; declared defaults apply. For other queries a parameter must name a variable
    of the query.
    """
    params = dict(params or {})
    if isinstance(query, NamedQuery):
        return _prepare_named(query, params)
    if isinstance(query, Path):
        if query.is_dir():
            raise BadInputError(f"cannot read {query}: it is a directory, not a query")
        try:
            text, origin = decode(query.read_bytes(), str(query)), str(query)
        except OSError as error:
            raise BadInputError(f"cannot read {query}: {error.strerror}") from None
        base = query.resolve().as_uri()  # relative IRIs resolve against the file, as in Turtle
        return Prepared(text, origin, _adhoc_bindings(text, params), base)
    if NAME.match(query.strip()):
        return _prepare_named(named(query.strip()), params)
    return Prepared(query, "<query>", _adhoc_bindings(query, params))


def argument(text: str, stdin: TextIO) -> str | Path:
    """A command-line query: ``-`` reads ``stdin``, an existing file or ``*.rq`` is a path.

    A directory is refused, unless its name is that of a named question. Standard input is
    read as bytes where it has them, so that text which is not UTF-8 is reported as such.
    """
    if text == "-":
        data = getattr(stdin, "buffer", stdin).read()
        return data if isinstance(data, str) else decode(data, "<stdin>")
    text = _argv_text(text, "<query>")
    short = len(text) < 4096 and "\n" not in text
    if short and Path(text).is_dir() and text.strip() not in names():
        raise BadInputError(f"{text} is a directory, not a query (a name, a .rq file or SPARQL)")
    if text.endswith(".rq") or (short and Path(text).is_file()):
        return Path(text)
    return text


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["key=value", …]`` as a dict; a pair without ``=``, or a key given twice, is bad input."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = _argv_text(pair, "--param").partition("=")
        key = key.strip()
        if not sep or not key:
            raise BadInputError(f"a parameter is KEY=VALUE, not {pair!r}")
        if key in params:
            raise BadInputError(
                f"parameter {key!r} given twice ({params[key]!r} and {value!r}); give it once"
            )
        params[key] = value
    return params


def decode(data: bytes, origin: str) -> str:
    """UTF-8 text (a leading byte-order mark dropped); other bytes are bad input, located by
    the offset of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        bad = data[error.start]
        raise BadInputError(
            f"{origin}: not UTF-8 text (byte 0x{bad:02x} at offset {error.start})"
        ) from None


def _argv_text(text: str, what: str) -> str:
    """A command-line argument as text: bytes that were not UTF-8 are bad input."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return decode(os.fsencode(text), what)
    return text


def _prepare_named(question: NamedQuery, params: dict[str, Value]) -> Prepared:
    declared = {p.name: p for p in question.parameters}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        valid = ", ".join(str(p) for p in question.parameters) or "none"
        raise BadInputError(
            f"unknown parameter {', '.join(unknown)} for {question.name!r}; valid: {valid}"
        )
    bindings: dict[str, Term] = {}
    for parameter in question.parameters:
        value = params.get(parameter.name, parameter.default)
        if value is not None:
            bindings[parameter.name] = _term(value, parameter.type)
    return Prepared(question.text, question.name, bindings)


def _adhoc_bindings(text: str, params: dict[str, Value]) -> dict[str, Term]:
    for name in params:
        if not re.search(rf"[?$]{re.escape(name)}\b", text):
            raise BadInputError(f"unknown parameter {name!r}: the query has no variable ?{name}")
    return {name: _term(value, None) for name, value in params.items()}


def _term(value: Value, declared: str | None) -> Term:
    if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    if isinstance(value, Identifier):
        return rdflib_terms.from_rdflib(value)
    if isinstance(value, bool | int | float):
        return ox.Literal(value)
    return terms.parse(value, declared)


_SKIPPED = re.compile(
    r"<[^<>\"{}|^`\\\x00-\x20]*>"  # an IRI
    r"|'{3}.*?'{3}|\"{3}.*?\"{3}"  # long strings
    r"|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\""  # strings
    r"|#[^\n]*",  # a comment
    re.S,
)


def query_form(text: str) -> str | None:
    """``SELECT``, ``CONSTRUCT``, ``DESCRIBE`` or ``ASK``: the first form keyword of ``text``
    outside IRIs, strings and comments (``None`` when there is none)."""
    blank = _SKIPPED.sub(lambda m: " " * len(m[0]), text)
    form = re.search(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", blank, re.I)
    return None if form is None else form[1].upper()


def main_group(text: str) -> int | None:
    """The offset just inside the ``{`` that opens the query's main pattern, or ``None``.

    A main pattern that is a sub-select gives the sub-select's pattern. ``None`` when there is
    no group (``DESCRIBE <x>``) and for ``CONSTRUCT WHERE { … }``, whose one group is both
    template and pattern.
    """
    blank = _SKIPPED.sub(lambda m: " " * len(m[0]), text)  # offsets kept
    form = re.search(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", blank, re.I)
    start = -1 if form is None else blank.find("{", form.end())
    if form is not None and start != -1 and form[1].upper() == "CONSTRUCT":
        if re.fullmatch(r"\s*WHERE\s*", blank[form.end() : start], re.I):
            return None
        depth, position = 0, start
        for position in range(start, len(blank)):
            depth += {"{": 1, "}": -1}.get(blank[position], 0)
            if depth == 0:
                break
        start = blank.find("{", position + 1)
    while start != -1 and re.match(r"\s*SELECT\b", blank[start + 1 :], re.I):
        start = blank.find("{", start + 1)  # ``{ SELECT … { … } }``: the sub-select's group
    return None if start == -1 else start + 1


def syntax_error(error: SyntaxError, origin: str) -> SyntaxErrorInFile:
    """The parser's message as a :class:`SyntaxErrorInFile` with 1-based line and column."""
    if error.lineno is not None:  # a data file: Oxigraph sets the position
        return SyntaxErrorInFile(origin, error.lineno, error.offset, error.msg)
    message = str(error)
    match = _POSITION.match(message)
    if match is None:
        return SyntaxErrorInFile(origin, None, None, message)
    return SyntaxErrorInFile(origin, int(match[1]), int(match[2]), message[match.end() :])


def check(query: str | Path) -> Prepared:
    """Parse ``query`` without running it; a syntax error carries its line and column."""
    prepared = prepare(query)
    try:
        ox.Store().query(prepared.text, base_iri=prepared.base)
    except SyntaxError as error:
        raise syntax_error(error, prepared.origin) from None
    except (RuntimeError, ValueError, OSError):
        pass  # parsed; only planning or evaluation objects (e.g. an unknown custom function)
    return prepared


def with_values(prepared: Prepared) -> str:
    """The query text with its bound terms as a ``VALUES`` block (:func:`values_block`), where
    a planner starts from them as it would from constants (Oxigraph plans a query without
    looking at its ``substitutions``)."""
    if not prepared.bindings:
        return prepared.text
    return values_block(prepared.text, list(prepared.bindings), [list(prepared.bindings.values())])


def values_block(text: str, variables: list[str], rows: Iterable[list[Term]]) -> str:
    """``text`` with a ``VALUES`` block of ``rows`` for ``variables`` opening its main pattern;
    without such a group (``CONSTRUCT WHERE``) the block trails the query. Terms are written
    by Oxigraph as N-Triples, so no value can end the block."""
    lines = []
    for row in rows:
        if any(isinstance(term, ox.BlankNode) for term in row):
            raise BadInputError("a blank node cannot be given in a VALUES block")
        lines.append("(" + " ".join(str(term) for term in row) + ")")
    names = " ".join(f"?{name}" for name in variables)
    block = f"VALUES ({names}) {{ {' '.join(lines)} }}"
    at = main_group(text)
    if at is None:
        return f"{text}\n{block}\n"
    return f"{text[:at]} {block}{text[at:]}"
