"""Query answers as pandas DataFrames with typed columns.

A column whose literals are all integers (or years, ``xsd:gYear``) becomes a nullable ``Int64``
column; decimals and doubles ``float64``; booleans ``boolean``; dates ``datetime64``; anything
else strings. IRIs are full strings, or CURIEs on request.
"""

from __future__ import annotations

import pandas as pd
import pyoxigraph as ox

from ..graph.namespaces import PREFIXES
from ..graph.terms import Term, python, shorten

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    "integer",
    "int",
    "long",
    "short",
    "byte",
    "gYear",
    "nonNegativeInteger",
    "positiveInteger",
    "negativeInteger",
    "nonPositiveInteger",
    "unsignedInt",
    "unsignedLong",
}
_FLOATS = {"decimal", "double", "float"}
_DATES = {"date", "dateTime"}


def to_frame(
    variables: list[str],
    rows: list[tuple[Term | None, ...]],
    curies: bool = False,
    prefixes: dict[str, str] = PREFIXES,
) -> pd.DataFrame:
    """A table of terms as a DataFrame, one typed column per variable."""
    columns = {
        name: _column([row[i] for row in rows], curies, prefixes)
        for i, name in enumerate(variables)
    }
    return pd.DataFrame(columns, columns=variables, index=pd.RangeIndex(len(rows)))


def _column(values: list[Term | None], curies: bool, prefixes: dict[str, str]) -> pd.Series:
    kinds = {_kind(v) for v in values if v is not None}
    if kinds == {"int", "float"}:
        kinds = {"float"}
    if len(kinds) == 1:
        (kind,) = kinds
        if kind == "int":
            return pd.Series([python(v) for v in values], dtype="Int64")
        if kind == "float":
            return pd.Series([python(v) for v in values], dtype="float64")
        if kind == "bool":
            return pd.Series([python(v) for v in values], dtype="boolean")
        if kind == "date":
            return pd.to_datetime(pd.Series([None if v is None else v.value for v in values]))
    return pd.Series([_text(v, curies, prefixes) for v in values], dtype="object")


def _kind(term: Term) -> str:
    if not isinstance(term, ox.Literal) or term.language:
        return "text"
    local = term.datatype.value.removeprefix(_XSD)
    if local in _INTEGERS:
        return "int"
    if local in _FLOATS:
        return "float"
    if local == "boolean":
        return "bool"
    return "date" if local in _DATES else "text"


def _text(term: Term | None, curies: bool, prefixes: dict[str, str]) -> object:
    if isinstance(term, ox.NamedNode):
        return shorten(term.value, prefixes) if curies else term.value
    return python(term)
