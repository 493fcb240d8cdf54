"""What a read-only endpoint refuses before a query runs, decided on rdflib's parse of it.

rdflib's SPARQL parser is a grammar written from the SPARQL 1.1 specification. A text it
parses as an update (``INSERT``, ``LOAD`` …) is refused; so is a query with a
``ServiceGraphPattern`` anywhere, and one whose ``FROM`` or ``FROM NAMED`` names (resolved
against ``BASE``, the prefixes and the endpoint's URL) a graph the store does not hold: the
engine fetches nothing. ``SERVICE ?var`` is malformed here (400): no outbound request is ever
made, and Oxigraph cannot evaluate it either. The parse also gives the query form and whether
the answer can change between runs (``RAND``, ``NOW``, ``UUID``, ``STRUUID``, ``BNODE``).

Both parsers read the same characters. The specification expands ``\\u`` and ``\\U`` escapes
over the whole query before parsing, and so does rdflib; Oxigraph expands them only inside IRIs
and strings. Read differently, ``"\\u0022" SERVICE <…> {} "\\u0022"`` is one long string to
rdflib but a ``SERVICE`` to Oxigraph. So the text that runs is :attr:`Analysis.text`, the query
with its escapes expanded once, exactly as rdflib read it: where the two readings differed,
the engine now reads what the guard read (``\\u0053ERVICE`` is refused, not a syntax error;
an escape in a string means what it means to the specification). An escape of a surrogate is
not a character and is malformed.

Where the two parsers still differ, each difference errs towards refusing. rdflib reads fewer
texts than Oxigraph (``!!x``, SPARQL 1.2 triple terms, Oxigraph's extensions): those are 400,
never run. rdflib reads ``\\u`` followed by eight hex digits as one code point where the
specification reads four and then text: the expansion is then invalid (400) or a character
both parsers see alike. rdflib reads a few texts that Oxigraph does not (the W3C negative tests
on scope, ``GROUP BY`` with ``SELECT *``): they pass the guard and Oxigraph's parser answers 400
in the worker. ``BASE`` and relative IRIs are resolved with :func:`urllib.parse.urljoin`; an IRI
it resolved otherwise than Oxigraph could at worst pass as another graph the store holds, and
Oxigraph fetches nothing for ``FROM`` in any case: it only picks graphs of the store.

Nesting: rdflib's parse recurses about 40 Python frames for each level of brackets, and
Oxigraph's own parser overflows the stack of its process at 4,600 nested ``(`` or 2,170 nested
``{``. The guard processes allow :data:`RECURSION` frames, which is about 100 nested brackets or
function calls and 150 nested groups; deeper, the query is malformed ("nested too deeply"),
long before Oxigraph could crash.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql import parser
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

RECURSION = 4000  # Python frames a parse may use (set in the guard processes)
_FORMS = {
    "SelectQuery": "SELECT",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
    "AskQuery": "ASK",
}
_VOLATILE = frozenset(f"Builtin_{name}" for name in ("RAND", "NOW", "UUID", "STRUUID", "BNODE"))
NO_OUTBOUND = "this endpoint makes no outbound requests"


class Refused(Exception):
    """A query this endpoint will not run (403); the message says why."""


class Malformed(ValueError):
    """A query that does not parse (400): the parser's message, where, and the line itself
    with a caret under the place."""

    def __init__(
        self, message: str, line: int | None = None, column: int | None = None, excerpt: str = ""
    ) -> None:
        super().__init__(message)
        self.message, self.line, self.column, self.excerpt = message, line, column, excerpt

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}: " if self.line else ""
        return where + self.message + (f"\n{self.excerpt}" if self.excerpt else "")

    def __reduce__(self) -> tuple[Any, ...]:
        return Malformed, (self.message, self.line, self.column, self.excerpt)


@dataclass(frozen=True)
class Analysis:
    """What the parse told: the text to run (escapes expanded), the query form, whether it
    names its own dataset, and whether its answer can change between runs."""

    text: str
    form: str
    uses_from: bool
    volatile: bool


def analyse(text: str, graphs: frozenset[str], base: str = "") -> Analysis:
    """Parse ``text``; refuse updates, ``SERVICE`` and ``FROM`` of a graph not in ``graphs``
    (:class:`Refused`), or say why it is malformed (:class:`Malformed`). ``base`` resolves
    relative IRIs, as the engine does (the endpoint's URL)."""
    expanded = _expanded(text)
    try:
        parsed = parser.Query.parse_string(expanded, parse_all=True)
    except RecursionError:
        raise _too_deep() from None
    except ParseBaseException as error:
        if _parses_further_as_update(expanded, error.loc):
            raise Refused("this endpoint is read-only: SPARQL Update is not accepted") from None
        raise _malformed(error) from None
    prologue, query = parsed[0], parsed[1]
    uses_from, volatile = False, False
    prefixes: dict[str, str] = {}
    for declaration in prologue:
        if declaration.name == "Base":
            base = urljoin(base, str(declaration.iri))
        else:
            prefixes[declaration.prefix or ""] = urljoin(base, str(declaration.iri))
    for node in _nodes(query):
        if node.name == "ServiceGraphPattern":
            if isinstance(node.term, Variable):
                raise Malformed(
                    f"SERVICE ?{node.term} is not supported: {NO_OUTBOUND}, and a SERVICE "
                    "would need a constant IRI"
                )
            raise Refused(f"SERVICE (federated query) is not allowed: {NO_OUTBOUND}")
        if node.name == "DatasetClause":
            uses_from = True
            named = node.named is not None
            iri = _resolved(node.named if named else node.default, prefixes, base)
            if iri not in graphs:
                held = ", ".join(f"<{g}>" for g in sorted(graphs)) or "none"
                clause = "FROM NAMED" if named else "FROM"
                raise Refused(
                    f"{clause} <{iri}> names a graph this endpoint does not hold, and it "
                    f"fetches nothing; its graphs: {held}"
                )
        volatile = volatile or node.name in _VOLATILE
    return Analysis(expanded, _FORMS[query.name], uses_from, volatile)


def _resolved(term: Any, prefixes: dict[str, str], base: str) -> str:
    """The IRI a dataset clause names: a prefixed name expanded, a relative IRI resolved."""
    if isinstance(term, CompValue):  # a prefixed name
        prefix = term.prefix or ""
        if prefix not in prefixes:
            raise Malformed(f"the prefix {prefix}: is not declared")
        return prefixes[prefix] + (term.localname or "")
    return urljoin(base, str(term))


def _expanded(text: str) -> str:
    """``text`` with its ``\\u`` escapes expanded once, as rdflib expands them."""
    try:
        expanded = parser.expandUnicodeEscapes(text)
    except ValueError as error:  # a code point beyond Unicode
        raise Malformed(str(error)) from None
    try:
        expanded.encode("utf-8")
    except UnicodeEncodeError as error:
        line, column = _place(expanded, error.start)
        raise Malformed(
            f"U+{ord(expanded[error.start]):04X} (a surrogate) is not a character", line, column
        ) from None
    return expanded


def _parses_further_as_update(text: str, query_error_at: int) -> bool:
    """Whether ``text`` is an update, or reads further as one than as a query."""
    try:
        parser.UpdateUnit.parse_string(text, parse_all=True)
    except RecursionError:
        return False
    except ParseBaseException as error:
        return error.loc > query_error_at
    return True


def _nodes(tree: Any) -> Iterator[CompValue]:
    """Every rule node of a parse tree, without recursion."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list | tuple | ParseResults):
            stack.extend(item)


def _malformed(error: ParseBaseException) -> Malformed:
    rest = error.pstr[error.loc :].split(maxsplit=1)
    found = f", found {rest[0][:20]!r}" if rest else " at the end of the query"
    caret = " " * (error.col - 1) + "^"
    return Malformed(error.msg + found, error.lineno, error.col, f"{error.line}\n{caret}")


def _too_deep() -> Malformed:
    return Malformed(
        "the query is nested too deeply: this endpoint reads up to about 100 nested brackets "
        "or function calls and 150 nested groups"
    )


def _place(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1
