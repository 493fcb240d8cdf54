"""The checks a draft passes before it is written: strict Turtle, terms, spans and SHACL.

The draft is parsed again by Oxigraph (the project's strict loader), every term of the closed
namespaces must be one the ontology and its schemes define, every quote must be the source text
at its offsets, and the shapes (``shapes.ttl`` with ``draft-shapes.ttl``) must hold. The shapes
run on the draft together with the curated graph, whose entities it links to; only results
about nodes that the draft describes are the draft's.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import NonConformantError
from ..graph import wellformed
from ..graph.iris import PREFIXES
from ..graph.load import parse_turtle, turtle_files
from ..paths import DRAFT_SHAPES_FILE, GRAPH_DIR, ONTOLOGY_FILE, SHAPES_FILE, VOCAB_DIR

_OA = PREFIXES["oa"]
_SPAN_PARTS = {_OA + "hasSource", _OA + "hasSelector"}


def check_draft(turtle: bytes, raw: str, graph_dir: Path = GRAPH_DIR) -> list[str]:
    """Every problem of a draft, as lines; empty when it is whole."""
    import shacl

    triples = [q.triple for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE)]
    ontology = [t for p in [ONTOLOGY_FILE, *turtle_files(VOCAB_DIR)] for t in parse_turtle(p)]
    defined = wellformed.defined_terms(ontology)
    problems = sorted({
        f"{term.value}: not a term of the ontology or its schemes"
        for t in triples for term in (t.subject, t.predicate, t.object)
        if isinstance(term, ox.NamedNode) and term.value.startswith(wellformed.CLOSED)
        and term.value not in defined
    })  # fmt: skip
    problems += _spans(triples, raw)
    curated = _context(graph_dir)
    data = ox.serialize([*ontology, *curated, *triples], format=ox.RdfFormat.N_TRIPLES)
    shapes_text = SHAPES_FILE.read_text(encoding="utf-8") + DRAFT_SHAPES_FILE.read_text(
        encoding="utf-8"
    )
    shapes = shacl.Shapes.from_text(shapes_text, "turtle", SHAPES_FILE.resolve().as_uri())
    report = shapes.validate_text((data or b"").decode("utf-8"), "ntriples", inference="none")
    described = {str(t.subject) for t in triples}
    problems += sorted({
        f"{r.focus_node}: {r.message or r.component}"
        for r in report.results if r.focus_node in described
    })  # fmt: skip
    return problems


def _context(graph_dir: Path) -> list[ox.Triple]:
    """The curated graph without the insides of its spans (a draft of a source the graph
    already holds describes the same spans again)."""
    kept = []
    for path in turtle_files(graph_dir):
        for t in parse_turtle(path):
            if isinstance(t.subject, ox.BlankNode) or t.predicate.value in _SPAN_PARTS:
                continue
            kept.append(t)
    return kept


def _spans(triples: list[ox.Triple], raw: str) -> list[str]:
    """Every span whose quote is not the text at its offsets."""
    values: dict[object, dict[str, str]] = {}
    selectors: dict[object, list[object]] = {}
    for t in triples:
        if t.predicate.value == _OA + "hasSelector":
            selectors.setdefault(t.subject, []).append(t.object)
        elif isinstance(t.object, ox.Literal):
            values.setdefault(t.subject, {})[t.predicate.value] = t.object.value
    problems = []
    for subject, inner in selectors.items():
        parts: dict[str, str] = {}
        for selector in inner:
            parts.update(values.get(selector, {}))
        s, e = int(parts.get(_OA + "start", -1)), int(parts.get(_OA + "end", -1))
        if s < 0 or e < 0 or raw[s:e] != parts.get(_OA + "exact"):
            problems.append(f"{subject}: quote is not the source text at {s}..{e}")
    return problems


def refuse_if_broken(turtle: bytes, raw: str, graph_dir: Path = GRAPH_DIR) -> None:
    problems = check_draft(turtle, raw, graph_dir)
    if problems:
        lines = "\n".join(f"  {p}" for p in problems[:50])
        raise NonConformantError(
            f"the draft does not conform ({len(problems)} problem(s)):\n{lines}"
        )
