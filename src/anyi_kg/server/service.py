"""The SPARQL 1.1 service description of the endpoint, answered at ``/sparql`` without a query."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from .formats import GRAPHS, RESULTS

SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"
_FORMAT_NAMES = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
}
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")


def description(
    endpoint: str, graphs: Iterable[str], timeout: float | None, max_rows: int | None
) -> list[ox.Triple]:
    """The service at ``endpoint``: query language, answer formats, dataset, limits."""
    service = ox.NamedNode(endpoint)
    dataset, default = ox.BlankNode(), ox.BlankNode()

    def sd(local: str) -> ox.NamedNode:
        return ox.NamedNode(SD + local)

    limits = ["Read-only: SPARQL Update, LOAD, SERVICE and FROM of graphs not held are refused."]
    if timeout:
        limits.append(f"A query is stopped after {timeout:g} s.")
    if max_rows:
        limits.append(
            f"Answers are cut at {max_rows} rows or triples; the header Anyi-KG-Truncated says so."
        )
    triples = [
        ox.Triple(service, _RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, _TITLE, ox.Literal("anyi-kg SPARQL endpoint", language="en")),
        ox.Triple(service, _TITLE, ox.Literal("安义产业知识图谱 SPARQL 端点", language="zh")),
        ox.Triple(service, _COMMENT, ox.Literal(" ".join(limits), language="en")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, _RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, _RDF_TYPE, sd("Graph")),
    ]
    for fmt in (*RESULTS, *GRAPHS):
        triples.append(
            ox.Triple(service, sd("resultFormat"), ox.NamedNode(_FORMATS + _FORMAT_NAMES[fmt.key]))
        )
    for graph in sorted(graphs):
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, _RDF_TYPE, sd("NamedGraph")),
            ox.Triple(named, sd("name"), ox.NamedNode(graph)),
        ]
    return triples
