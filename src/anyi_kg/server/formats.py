"""The formats the endpoint answers in, their media types, and content negotiation.

SELECT and ASK answers: SPARQL results JSON, XML, CSV and TSV. CONSTRUCT and DESCRIBE answers:
Turtle, N-Triples, JSON-LD and RDF/XML. ``Accept`` is read with its q-values and wildcards
(RFC 9110); among equally acceptable formats the first listed here wins.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..graph.namespaces import PREFIXES
from ..graph.terms import Term
from ..store.results import Result

T = TypeVar("T")


@dataclass(frozen=True)
class Format:
    """An answer format: its short name (``?format=``), media types (first: the one sent)."""

    key: str
    media_types: tuple[str, ...]
    extension: str

    @property
    def media_type(self) -> str:
        text = self.media_types[0]
        return f"{text}; charset=utf-8" if text.startswith("text/") else text


RESULTS = (
    Format("json", ("application/sparql-results+json", "application/json"), "json"),
    Format("xml", ("application/sparql-results+xml", "application/xml", "text/xml"), "srx"),
    Format("csv", ("text/csv",), "csv"),
    Format("tsv", ("text/tab-separated-values",), "tsv"),
)
GRAPHS = (
    Format("turtle", ("text/turtle", "application/x-turtle"), "ttl"),
    Format("nt", ("application/n-triples", "text/plain"), "nt"),
    Format("jsonld", ("application/ld+json", "application/json"), "jsonld"),
    Format("rdfxml", ("application/rdf+xml", "application/xml"), "rdf"),
)
BY_KEY = {f.key: f for f in (*RESULTS, *GRAPHS)}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


# Names clients give in ``?format=`` (SPARQLWrapper sends its own: xml, n3, rdf+xml, json-ld …),
# by whether the answer is a graph.
_NAMES = {
    False: {"srj": "json", "srx": "xml"},
    True: {"xml": "rdfxml", "rdf": "rdfxml", "rdf+xml": "rdfxml", "json": "jsonld",
           "json-ld": "jsonld", "n3": "turtle", "ttl": "turtle", "ntriples": "nt"},
}  # fmt: skip


def named(values: Sequence[str], offered: Sequence[Format]) -> Format | None:
    """The first of ``values`` (``?format=``: a short name or a media type) that names one of
    the ``offered`` formats; ``None`` when none does, so ``Accept`` decides."""
    graph = offered[0] in GRAPHS
    for value in values:
        value = value.strip().lower()
        key = _NAMES[graph].get(value, value)
        for fmt in offered:
            if key == fmt.key or value in fmt.media_types:
                return fmt
    return None


def formats_for(form: str | None) -> tuple[Format, ...]:
    """The formats an answer to a query of ``form`` (``SELECT``, ``CONSTRUCT`` …) can take."""
    return GRAPHS if form in ("CONSTRUCT", "DESCRIBE") else RESULTS


def offers(formats: Sequence[Format]) -> list[tuple[str, Format]]:
    """Media types to negotiate among: each format's own type first, then the aliases."""
    own = [(f.media_types[0], f) for f in formats]
    return own + [(alias, f) for f in formats for alias in f.media_types[1:]]


def negotiate(accept: str | None, offers: Sequence[tuple[str, T]]) -> T | None:
    """The offer (media type, value) the ``Accept`` header prefers, ``None`` if none is
    acceptable. Each offer takes the q-value of the most specific range that matches it."""
    if not accept or not accept.strip():
        return offers[0][1] if offers else None
    ranges = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, number = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(number), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        kind, _, sub = media.lower().partition("/")
        if kind:
            ranges.append((kind, sub or "*", quality))
    best: tuple[float, int, T] | None = None
    for index, (media, offer) in enumerate(offers):
        kind, _, sub = media.partition("/")
        matches = [
            (2 if (k, s) == (kind, sub) else 1 if k == kind and s == "*" else 0, q)
            for k, s, q in ranges
            if (k, s) in ((kind, sub), (kind, "*"), ("*", "*"))
        ]
        if not matches:
            continue
        quality = max(matches)[1]
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality, index, offer)
    return None if best is None else best[2]


def encode(result: Result, key: str) -> bytes:
    """``result`` in the format named ``key``."""
    if key == "xml":
        return _xml(result).encode()
    if key == "json":
        return _json(result)
    if key in ("csv", "tsv"):
        return result.render(key).encode()
    if key == "jsonld":
        return result.render("jsonld").encode()
    triples = result.sorted_triples()
    used = {t.value for triple in triples for t in triple if isinstance(t, ox.NamedNode)}
    prefixes = {
        prefix: iri
        for prefix, iri in PREFIXES.items()
        if prefix and any(value.startswith(iri) for value in used)
    }
    return ox.serialize(triples, format=_OX_FORMATS[key], prefixes=prefixes) or b""


def _json(result: Result) -> bytes:
    """SPARQL results JSON, compact (the CLI's rendering is indented for people)."""
    document: dict[str, object]
    if result.kind == "ask":
        document = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value == _XSD_STRING:
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def _xml(result: Result) -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
    ]
    if result.kind == "ask":
        out.append(f"<head/>\n<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in result.variables))
        out.append("</head>\n<results>")
        for row in result.rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(result.variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results>")
    out.append("</sparql>\n")
    return "\n".join(out)


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal datatype={quoteattr(datatype)}>{escape(term.value)}</literal>"
