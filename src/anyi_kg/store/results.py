"""Query results, whichever store answered, and their renderings.

SELECT answers render as a readable table, CSV and TSV (W3C SPARQL 1.1 CSV/TSV results),
SPARQL results JSON or Markdown; ASK answers as ``true``/``false``; CONSTRUCT and DESCRIBE
answers as Turtle, N-Triples or JSON-LD with the project's context, or as a subject, predicate,
object table.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pyoxigraph as ox

from ..errors import BadInputError
from ..graph.iris import PREFIXES
from ..graph.terms import Term, python, shorten

if TYPE_CHECKING:
    import pandas as pd

Kind = Literal["select", "ask", "graph"]
TABLE_FORMATS = ("table", "csv", "tsv", "json", "md")
GRAPH_FORMATS = ("turtle", "nt", "jsonld")
FORMATS = TABLE_FORMATS + GRAPH_FORMATS
_TRIPLE_VARIABLES = ["subject", "predicate", "object"]


@dataclass
class Result:
    """The answer to one query: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT)."""

    kind: Kind
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    @classmethod
    def of(cls, answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Result:
        """Materialise an Oxigraph answer."""
        if isinstance(answer, ox.QuerySolutions):
            return cls("select", [v.value for v in answer.variables], [tuple(s) for s in answer])
        if isinstance(answer, ox.QueryBoolean):
            return cls("ask", boolean=bool(answer))
        return cls("graph", triples=list(answer))

    def table(self) -> tuple[list[str], list[tuple[Term | None, ...]]]:
        """Variables and rows; a graph answer is a subject, predicate, object table."""
        if self.kind == "graph":
            rows = [(t.subject, t.predicate, t.object) for t in self.sorted_triples()]
            return _TRIPLE_VARIABLES, rows  # type: ignore[return-value]
        if self.kind == "ask":
            return ["boolean"], [(ox.Literal(bool(self.boolean)),)]
        return self.variables, self.rows

    def records(self) -> list[dict[str, object]]:
        """Rows as dicts of Python values (numbers, ints for years, strings)."""
        variables, rows = self.table()
        return [{v: python(t) for v, t in zip(variables, row, strict=True)} for row in rows]

    def frame(self, curies: bool = False) -> pd.DataFrame:
        """The answer as a DataFrame with typed columns (see :mod:`anyi_kg.store.frames`)."""
        from .frames import to_frame

        return to_frame(*self.table(), curies=curies)

    def sorted_triples(self) -> list[ox.Triple]:
        return sorted(self.triples, key=str)

    def __len__(self) -> int:
        return len(self.table()[1])

    def render(self, fmt: str = "table") -> str:
        """The answer in ``fmt``: one of :data:`FORMATS`."""
        if fmt not in FORMATS:
            raise BadInputError(f"unknown format {fmt!r}; valid: {', '.join(FORMATS)}")
        if self.kind == "graph" and fmt in ("table", "json", *GRAPH_FORMATS):
            return graph_text(
                self.sorted_triples(), {"table": "turtle", "json": "jsonld"}.get(fmt, fmt)
            )
        if fmt in GRAPH_FORMATS:
            raise BadInputError(f"{fmt} renders CONSTRUCT or DESCRIBE answers, not {self.kind}")
        if fmt == "json":
            return _json(self)
        variables, rows = self.table()
        if fmt == "csv":
            return _delimited(variables, rows)
        if fmt == "tsv":
            lines = ["\t".join(f"?{v}" for v in variables)]
            lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
            return "\n".join(lines) + "\n"
        cells = [[_cell(t) for t in row] for row in rows]
        return _markdown(variables, cells) if fmt == "md" else _aligned(variables, cells)


def graph_text(triples: Iterable[ox.Triple], fmt: str) -> str:
    """Triples as Turtle, N-Triples or JSON-LD (compacted with the project's prefixes)."""
    quads = (ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return rdf_bytes(quads, {"turtle": "turtle", "nt": "nt", "jsonld": "jsonld"}[fmt]).decode()


def _cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _json(result: Result) -> str:
    if result.kind == "ask":
        document: dict[str, object] = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _delimited(variables: list[str], rows: list[tuple[Term | None, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(
            [
                "" if t is None else f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value
                for t in row
            ]
        )
    return buffer.getvalue()


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _aligned(variables: list[str], cells: list[list[str]]) -> str:
    cells = [[c.replace("\n", " ") for c in row] for row in cells]
    widths = [max([width(v), *(width(row[i]) for row in cells)]) for i, v in enumerate(variables)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True))

    out = [line(variables), line(["-" * w for w in widths]), *(line(row) for row in cells)]
    out.append(f"({len(cells)} row{'' if len(cells) == 1 else 's'})")
    return "\n".join(s.rstrip() for s in out) + "\n"


def _markdown(variables: list[str], cells: list[list[str]]) -> str:
    def escape(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", "<br>")

    out = ["| " + " | ".join(variables) + " |", "|" + "---|" * len(variables)]
    out += ["| " + " | ".join(escape(c) for c in row) + " |" for row in cells]
    return "\n".join(out) + "\n"


def rdf_bytes(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """The quads in an RDF syntax; triple formats hold the union of the graphs.

    Oxigraph writes N-Triples, N-Quads, Turtle and TriG from sorted input; rdflib writes JSON-LD,
    compacted with the project's prefixes as its ``@context``.
    """
    quads = sorted(set(quads), key=str)
    if fmt in ("nquads", "trig"):
        rdf_format = ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.TRIG
        return _serialize(quads, rdf_format)
    triples = sorted({q.triple for q in quads}, key=str)
    if fmt in ("nt", "turtle"):
        rdf_format = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.TURTLE
        return _serialize(triples, rdf_format)
    from rdflib import Graph  # JSON-LD only: the other formats need no rdflib

    from ..graph.rdflib_terms import rdflib_triple

    graph = Graph()
    for t in triples:
        graph.add(rdflib_triple(t))
    context = dict(sorted(PREFIXES.items()))
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    if isinstance(document.get("@graph"), list):
        document["@graph"].sort(key=lambda node: str(node.get("@id", "")))
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _serialize(items: list[ox.Quad] | list[ox.Triple], rdf_format: ox.RdfFormat) -> bytes:
    """Sorted input; Turtle and TriG with the prefixes (spans stay ``<…#char=S,E>``)."""
    prefixes = None
    if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        prefixes = {p: iri for p, iri in PREFIXES.items() if p != "src"}
    return ox.serialize(items, format=rdf_format, prefixes=prefixes) or b""
