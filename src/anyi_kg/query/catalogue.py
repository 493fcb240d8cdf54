"""Named SPARQL questions (``queries/*.rq``): reading them, their headers and parameters.

The explorer's pages run their own queries, kept apart from the questions in
``queries/explorer/`` (:func:`page_query`); the toolkit's other queries are in
``queries/internal/`` (:func:`internal`). Page queries have the same header and parameters.

Each ``.rq`` file opens with a header::

    # zh: 某项指标历年的数值是多少？
    # en: What values has an indicator taken, year by year?
    # parameters: indicator (IRI), year (xsd:gYear) = 2023
    # columns: indicator, year, value

A parameter is a variable of the query; its value is parsed into an RDF term of the declared
type (``IRI``: a CURIE or ``<IRI>``; ``xsd:…``: a literal) and bound when the query runs
(on Oxigraph and remote servers as a ``VALUES`` block opening the main pattern,
:func:`~anyi_kg.query.with_values`; on rdflib by ``initBindings``). An unbound parameter leaves
the variable free, so it matches everything.

Writing a question: use each parameter in a required pattern of the main group (a parameter
only in an OPTIONAL would not filter), select it, and put its patterns first. Oxigraph runs a
UNION branch or an OPTIONAL row by row from the parameter only when it is one pattern (or one
with an OPTIONAL); a join there it computes whole first (see explorer/fact-roles.rq).
Look labels up in single-pattern OPTIONALs, which Oxigraph evaluates row by row. Where
Oxigraph cannot tell patterns apart it keeps the written order: take a span's quote selector
to its words before the position selector (``?quoted , ?positioned`` pairs every selector with
every other). In a UNION, keep every branch a chain joined to the parameter: a ``VALUES`` of
constants that shares no variable is a cross product, and a client that binds the parameter in
a ``VALUES`` block (as the remote store does) then waits for the whole union, unbound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Identifier

from ..errors import BadInputError
from ..paths import QUERIES_DIR

_PAGES_DIR = QUERIES_DIR / "explorer"
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
"""What a question's name looks like (its file is ``NAME.rq``)."""
_PARAMETER = re.compile(r"(\w+)\s*\(([^)]+)\)(?:\s*=\s*(\S+))?")


@dataclass(frozen=True)
class Parameter:
    """A declared parameter: variable name, type (``IRI`` or an ``xsd:`` CURIE), default."""

    name: str
    type: str
    default: str | None = None

    def __str__(self) -> str:
        default = f" = {self.default}" if self.default else ""
        return f"{self.name} ({self.type}){default}"


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file: its name, text and the header comment that documents it.

    A named question's name is its file's stem; a page query's is ``explorer/`` and the stem.
    """

    name: str
    text: str

    @property
    def header(self) -> dict[str, str]:
        """``zh``, ``en``, ``parameters``, ``columns`` from the leading ``# key: value`` lines."""
        fields = {}
        for line in self.text.splitlines():
            if not line.startswith("#"):
                break
            key, _, value = line.lstrip("# ").partition(":")
            fields[key.strip()] = value.strip()
        return fields

    @property
    def parameters(self) -> list[Parameter]:
        """The declared parameters, in header order."""
        declared = self.header.get("parameters", "none")
        return [Parameter(*m.groups()) for m in _PARAMETER.finditer(declared)]

    @property
    def columns(self) -> list[str]:
        return [c.strip() for c in self.header.get("columns", "").split(",") if c.strip()]


def names() -> list[str]:
    """Every named question, sorted."""
    return _stems(QUERIES_DIR)


@cache
def named(name: str) -> NamedQuery:
    """The named question ``name``; an unknown name lists the valid ones."""
    return _read(QUERIES_DIR, name, "named query")


def catalogue() -> list[NamedQuery]:
    """Every named question, sorted by name."""
    return [named(name) for name in names()]


def page_names() -> list[str]:
    """The queries the explorer's pages run (``queries/explorer/``), sorted: not questions."""
    return _stems(_PAGES_DIR)


@cache
def page_query(name: str) -> NamedQuery:
    """The explorer's page query ``name`` (e.g. ``facts``), to :func:`prepare` like a question."""
    return _read(_PAGES_DIR, name, "page query", prefix="explorer/")


def _stems(folder: Path) -> list[str]:
    return sorted(path.stem for path in folder.glob("*.rq"))


def _read(folder: Path, name: str, kind: str, prefix: str = "") -> NamedQuery:
    """``folder/name.rq``; an unknown name lists the valid ones."""
    path = folder / f"{name}.rq"
    if not NAME.match(name) or not path.is_file():
        raise BadInputError(f"no {kind} {name!r}; valid names: {', '.join(_stems(folder))}")
    return NamedQuery(prefix + name, path.read_text(encoding="utf-8"))


def internal(name: str) -> str:
    """The text of a query the toolkit itself uses (``queries/internal/``), not a question."""
    return (QUERIES_DIR / "internal" / f"{name}.rq").read_text(encoding="utf-8")


def listing(markdown: bool = False) -> str:
    """The named questions as a plain-text list or as the README's Markdown table."""
    if markdown:
        rows = ["| name | question | parameters | columns |", "|---|---|---|---|"]
        for q in catalogue():
            params = ", ".join(f"`{p}`" for p in q.parameters) or "none"
            cells = [f"`{q.name}`", f"{q.header.get('en', '')}<br>{q.header.get('zh', '')}"]
            cells += [params, ", ".join(q.columns)]
            rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(rows) + "\n"
    lines = []
    for q in catalogue():
        params = ", ".join(str(p) for p in q.parameters)
        lines.append(f"{q.name}\n  {q.header.get('en', '')}\n  {q.header.get('zh', '')}")
        if params:
            lines.append(f"  parameters: {params}")
    return "\n".join(lines) + "\n"


def run(graph: Graph, name: str, bindings: dict[str, Identifier] | None = None) -> Result:
    """Run a named question on an rdflib graph, parameters bound as RDF terms."""
    return graph.query(named(name).text, initBindings=bindings or {})
