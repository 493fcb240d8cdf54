"""What the query page adds to the endpoint's guarded path: the project's prefixes a query uses
but does not declare, a syntax error's line, column and caret, and the parameter pickers of the
named questions.

The prefixes are found by a plain reading of the text (comments, strings and IRIs left out), only
to offer declarations: whatever is added, the guard and the engine read the final text, and
decide on their own parse what runs. An unneeded declaration changes no answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import query as q
from ..graph.iris import PREFIXES

_NOISE = re.compile(r"<[^<>\"{}|^`\\\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.I)
_USED = re.compile(r"(?<![\w?$.:-])([A-Za-z][\w-]*(?:\.[\w-]+)*):")
_ENGINE_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
_PARSER_ERROR = re.compile(r"line (\d+), column (\d+): ([^\n]*)")
_PROBLEM = "the query does not parse: "
# What each parameter of the named questions accepts, for the pickers (rdf:type IRIs).
ACCEPTS = {
    "indicator": ("ak:Indicator",),
    "list": ("ak:RankingList",),
    "class": ("owl:Class",),
    "kind": ("owl:Class",),
    "cluster": ("ak:IndustrialCluster",),
    "project": ("ak:InvestmentProject",),
    "investor": ("ak:Company",),
    "plan": ("ak:ActionPlan", "ak:ProjectList", "ak:Programme", "ak:Strategy"),
    "level": ("skos:Concept",),
    "type": ("skos:Concept",),
    "industry": ("skos:Concept", "ak:Industry"),
}
EXAMPLE = "example"  # the page query that fills the editor of an empty query page


def missing_prefixes(text: str) -> list[str]:
    """The project's prefixes that ``text`` uses without declaring them, in order of use."""
    plain = _NOISE.sub(" ", text)
    declared = {m[1] or "" for m in _DECLARED.finditer(plain)}
    used = dict.fromkeys(m[1] for m in _USED.finditer(plain))
    return [p for p in used if p in PREFIXES and p not in declared]


def with_prefixes(text: str, prefixes: list[str]) -> str:
    """``text`` with a declaration of each of ``prefixes`` before it."""
    lines = [f"PREFIX {p}: <{PREFIXES[p]}>" for p in prefixes]
    return "\n".join([*lines, text]) if lines else text


def example() -> str:
    """The query the empty page offers: a named example with the project's common prefixes."""
    return q.page_query(EXAMPLE).text


@dataclass(frozen=True)
class QueryError:
    """An error to show under the editor: the message, and where (1-based), with the line and
    a caret under the place."""

    status: int
    message: str
    line: int | None = None
    column: int | None = None
    excerpt: str = ""


def located(status: int, message: str, text: str, line: int | None = None,
            column: int | None = None, excerpt: str = "") -> QueryError:  # fmt: skip
    """A :class:`QueryError` from a message; Oxigraph's ``error at L:C: expected one of …``
    becomes its line, column and the gist of what was expected."""
    message = message.removeprefix(_PROBLEM)
    found = _ENGINE_ERROR.match(message)
    if found and line is None:
        line, column, message = int(found[1]), int(found[2]), _gist(found[3], text, found)
    parsed = _PARSER_ERROR.match(message)
    if parsed and line is None:
        line, column, message = int(parsed[1]), int(parsed[2]), parsed[3]
    if line is not None and column is not None and not excerpt:
        lines = text.splitlines()
        if 0 < line <= len(lines):
            excerpt = f"{lines[line - 1]}\n{' ' * (column - 1)}^"
    if message.startswith(("error at", "expected")) or not message:
        message = "syntax error"
    return QueryError(status, message, line, column, excerpt)


def _gist(message: str, text: str, where: re.Match[str]) -> str:
    """Oxigraph's list of expected tokens, shortened to the words a reader can act on."""
    if "Prefix not found" in message:
        line, column = int(where[1]), int(where[2])
        lines = text.splitlines()
        before = lines[line - 1][: column - 1] if 0 < line <= len(lines) else ""
        prefix = re.search(r"([A-Za-z][\w.-]*)?:[^\s:]*$", before)
        name = f"{prefix[1] or ''}:" if prefix else "a prefix"
        return f"the prefix {name} is not declared (PREFIX {name} <…>)"
    words = [w.strip() for w in re.sub(r"\[[^\]]*\]", "", message).split(",")]
    words = [w.removeprefix("expected one of ").strip() for w in words]
    kept = [w for w in words if w and not w.startswith(("'", "\\"))]
    return "expected " + ", ".join(kept[:8]) if kept else "syntax error"
