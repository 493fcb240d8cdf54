"""RDF terms between text and Oxigraph: CURIEs, parameter values, Python values of results.

Query results are Oxigraph terms whichever store answered; parameter values typed on a command
line become terms here, by the type a named question declares, and are then bound, never
formatted into query text. Terms to and from rdflib are in :mod:`anyi_kg.graph.rdflib_terms`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from ..errors import BadInputError
from .iris import PREFIXES

Term = ox.NamedNode | ox.BlankNode | ox.Literal
"""A term in a query result or a binding."""

_XSD = PREFIXES["xsd"]
_XSD_STRING = _XSD + "string"
_CURIE = re.compile(r"^([A-Za-z][\w.-]*)?:([^\s<>\"{}|^`\\]*)$")
_CHECKS: dict[str, re.Pattern[str]] = {
    "integer": re.compile(r"^[+-]?\d+$"),
    "decimal": re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    "gYear": re.compile(r"^-?\d{4,}(Z|[+-]\d{2}:\d{2})?$"),
    "gYearMonth": re.compile(r"^-?\d{4,}-(0[1-9]|1[0-2])(Z|[+-]\d{2}:\d{2})?$"),
    "date": re.compile(r"^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$"),
    "boolean": re.compile(r"^(true|false|1|0)$"),
}


def expand(curie: str, prefixes: dict[str, str] = PREFIXES) -> str:
    """The IRI of ``prefix:local``; an unknown prefix lists the known ones."""
    match = _CURIE.match(curie)
    if not match or (match.group(1) or "") not in prefixes:
        known = ", ".join(sorted(prefixes))
        raise BadInputError(f"{curie!r} is not a CURIE with a known prefix ({known}) nor an <IRI>")
    return prefixes[match.group(1) or ""] + match.group(2)


def shorten(iri: str, prefixes: dict[str, str] = PREFIXES) -> str:
    """``iri`` as a CURIE when a prefix covers it (the longest one wins), else unchanged."""
    best = ""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(prefixes.get(best, "")):
            local = iri[len(namespace) :]
            if _CURIE.match(f"{prefix}:{local}"):
                best = prefix
    return f"{best}:{iri[len(prefixes[best]) :]}" if best else iri


def iri(text: str) -> ox.NamedNode:
    """An IRI written as ``<IRI>`` or as a CURIE."""
    text = text.strip()
    value = text[1:-1] if text.startswith("<") and text.endswith(">") else expand(text)
    try:
        return ox.NamedNode(value)
    except ValueError as error:
        raise BadInputError(f"not an IRI: {text!r} ({error})") from None


def literal(text: str, datatype: str) -> ox.Literal:
    """A literal of ``datatype`` (a CURIE such as ``xsd:gYear``), its lexical form checked."""
    full = expand(datatype)
    if full == _XSD_STRING:
        return ox.Literal(text)
    local = full.removeprefix(_XSD)
    check = _CHECKS.get(local) or (_CHECKS["integer"] if local.endswith("Integer") else None)
    if local in {"double", "float"}:
        check = None
        try:
            float(text)
        except ValueError:
            raise BadInputError(f"{text!r} is not a valid {datatype}") from None
    if check is not None and not check.match(text.strip()):
        raise BadInputError(f"{text!r} is not a valid {datatype}")
    return ox.Literal(text.strip(), datatype=ox.NamedNode(full))


def parse(text: str, declared: str | None = None) -> Term:
    """A parameter value as a term: by its declared type, or guessed when none is declared.

    Declared ``IRI``: a CURIE or ``<IRI>``; declared ``xsd:…``: a literal of that type. Without a
    declaration: ``<IRI>``, a CURIE with a known prefix, ``"text"@lang``, an integer, a decimal,
    else a plain string.
    """
    if declared == "IRI":
        return iri(text)
    if declared is not None:
        return literal(text, declared)
    if text.startswith("<") and text.endswith(">"):
        return iri(text)
    match = _CURIE.match(text)
    if match and (match.group(1) or "") in PREFIXES:
        return iri(text)
    tagged = re.match(r'^"(.*)"@([A-Za-z]+(-[A-Za-z0-9]+)*)$', text, re.S)
    if tagged:
        return ox.Literal(tagged.group(1), language=tagged.group(2))
    for local in ("integer", "decimal"):
        if _CHECKS[local].match(text):
            return ox.Literal(text, datatype=ox.NamedNode(_XSD + local))
    return ox.Literal(text)


def python(term: Term | None) -> object:
    """The Python value of a term: numbers as numbers, years as ints, IRIs as strings."""
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"
    local = term.datatype.value.removeprefix(_XSD)
    try:
        if local == "integer" or local.endswith(("Integer", "int", "long", "short", "byte")):
            return int(term.value)
        if local in {"decimal", "double", "float"}:
            return float(Decimal(term.value)) if local == "decimal" else float(term.value)
        if local == "gYear":
            return int(term.value[:5] if term.value.startswith("-") else term.value[:4])
        if local == "boolean":
            return term.value in {"true", "1"}
    except (ValueError, InvalidOperation):
        return term.value
    return term.value
