"""What a SPARQL 1.1 Protocol client asks a server for, and how it reads the answer."""

from __future__ import annotations

import json

import pyoxigraph as ox

from .. import query as q

_ACCEPT = {"CONSTRUCT": "application/n-triples", "DESCRIBE": "application/n-triples"}
"""What to ask for by query form: N-Triples for a graph, SPARQL JSON otherwise (Virtuoso
answers a CONSTRUCT in SPARQL JSON if that is acceptable at all)."""
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def accept(text: str) -> str:
    """The ``Accept`` header for a query: N-Triples for a graph, SPARQL JSON otherwise."""
    return _ACCEPT.get(q.query_form(text) or "", "application/sparql-results+json")


def parse_results(content: bytes) -> ox.QuerySolutions | ox.QueryBoolean:
    """SPARQL JSON results, booleans in their canonical form (Virtuoso writes ``1`` and ``0``:
    the same values, shown as the embedded store shows them)."""
    if f'"{_BOOLEAN}"'.encode() in content:
        answer = json.loads(content)
        for row in answer.get("results", {}).get("bindings", []):
            for term in row.values():
                if term.get("datatype") == _BOOLEAN and term.get("value") in ("0", "1"):
                    term["value"] = "true" if term["value"] == "1" else "false"
        content = json.dumps(answer).encode()
    return ox.parse_query_results(content, ox.QueryResultsFormat.JSON)
