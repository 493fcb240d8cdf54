"""The build: assemble ontology, vocabularies and facts, check them, write ``dist/``.

Nothing is written unless every check passes; each output is written to a temporary file and
renamed into place, and building twice gives identical bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.term import Node

from .errors import NonConformantError
from .load import load_facts, load_files, load_ontology, load_shapes, new_graph
from .namespaces import BASE, PREFIXES
from .paths import DIST_DIR, GRAPH_DIR, ONTOLOGY_FILE
from .validate import Problem, check_shapes, check_spans

GRAPH_NAME = "anyi-kg"
ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")
FACTS_GRAPH = URIRef(BASE + "graph/facts")


@dataclass
class Assembled:
    """The three graphs of the project, kept apart."""

    ontology: Graph
    shapes: Graph
    facts: Graph

    def union(self) -> Graph:
        """Ontology, vocabularies and facts as one graph: what is published and queried."""
        graph = new_graph()
        graph += self.ontology
        graph += self.facts
        return graph


def assemble(graph_dir: Path = GRAPH_DIR) -> Assembled:
    """Parse every file strictly; a syntax error stops here with its file, line and column."""
    return Assembled(load_ontology(), load_shapes(), load_facts(graph_dir))


def check(assembled: Assembled) -> list[Problem]:
    """Every problem of the facts: quotes not at their offsets, then SHACL violations."""
    return check_spans(assembled.facts) + check_shapes(
        assembled.facts, assembled.shapes, assembled.ontology
    )


def validate(graph_dir: Path = GRAPH_DIR) -> Assembled:
    """Assemble and check; raise :class:`NonConformantError` listing every problem."""
    assembled = assemble(graph_dir)
    problems = check(assembled)
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        raise NonConformantError(f"{len(problems)} problem(s):\n{lines}")
    return assembled


def build(graph_dir: Path = GRAPH_DIR, out_dir: Path = DIST_DIR) -> list[Path]:
    """Validate, then write the graph in every format; returns the files written."""
    assembled = validate(graph_dir)
    ontology, facts = canonical(assembled.ontology), canonical(assembled.facts)
    union = new_graph()
    union += ontology
    union += facts
    named = {ONTOLOGY_GRAPH: ontology, FACTS_GRAPH: facts}
    dataset = _dataset(named)

    outputs: dict[str, Callable[[], bytes]] = {
        f"{GRAPH_NAME}.ttl": lambda: union.serialize(format="turtle", encoding="utf-8"),
        f"{GRAPH_NAME}.nt": lambda: _sorted_lines(union.serialize(format="nt", encoding="utf-8")),
        f"{GRAPH_NAME}.nq": lambda: _sorted_lines(
            dataset.serialize(format="nquads", encoding="utf-8")
        ),
        # rdflib writes named graphs in hash order: one block per graph, in a fixed order.
        f"{GRAPH_NAME}.trig": lambda: b"\n".join(
            _dataset({name: graph}).serialize(format="trig", encoding="utf-8")
            for name, graph in named.items()
        ),
        f"{GRAPH_NAME}.jsonld": lambda: _jsonld(union),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, render in outputs.items():
        write_atomic(out_dir / name, render())
        written.append(out_dir / name)
    return written


def _dataset(graphs: dict[URIRef, Graph]) -> Dataset:
    dataset = Dataset()
    for prefix, iri in PREFIXES.items():
        dataset.bind(prefix, iri, replace=True)
    for name, graph in graphs.items():
        named = dataset.graph(name)
        named += graph
    return dataset


def canonical(graph: Graph) -> Graph:
    """A copy whose blank nodes are named by a hash of what they say, so output is stable.

    Two blank nodes get the same name only when they say the same things about the same
    neighbours, in which case they are interchangeable and the bytes are the same either way.
    """

    def describe(node: Node, branch: frozenset[Node]) -> str:
        if not isinstance(node, BNode):
            return node.n3()
        if node in branch:
            return "_:cycle"
        branch = branch | {node}
        out = sorted(f"{p.n3()} {describe(o, branch)}" for p, o in graph.predicate_objects(node))
        into = sorted(
            f"{s.n3() if isinstance(s, URIRef) else '_:'} {p.n3()}"
            for s, p in graph.subject_predicates(node)
        )
        return hashlib.sha256("\n".join([*out, "<-", *into]).encode()).hexdigest()[:20]

    names: dict[Node, Node] = {
        node: BNode(f"b{describe(node, frozenset())}")
        for node in set(graph.all_nodes())
        if isinstance(node, BNode)
    }
    result = new_graph()
    for s, p, o in graph:
        result.add((names.get(s, s), p, names.get(o, o)))
    return result


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(line for line in data.splitlines() if line.strip())
    return b"\n".join(lines) + b"\n"


def _jsonld(graph: Graph) -> bytes:
    context = dict(sorted(PREFIXES.items()))
    text = graph.serialize(format="json-ld", context=context, auto_compact=True)
    document = _ordered(json.loads(text))
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _ordered(value: Any, key: str = "") -> Any:
    """JSON-LD with every unordered array sorted (all but ``@list``), for stable bytes."""
    if isinstance(value, dict):
        return {k: _ordered(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_ordered(item) for item in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    return value


def document_ontology(out_dir: Path = DIST_DIR) -> Path:
    """Write the ontology's HTML documentation (pyLODE) to ``out_dir/ontology.html``.

    Kept out of :func:`build`: pyLODE orders the members of ``owl:unionOf`` by object
    identity, so its bytes vary from run to run while the graph outputs do not.
    """
    from pylode import OntPub  # heavy import, only when documenting

    load_files([ONTOLOGY_FILE])  # the strict parser is the gate here too
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "ontology.html"
    write_atomic(path, OntPub(ontology=str(ONTOLOGY_FILE)).make_html().encode("utf-8"))
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory and a rename."""
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)  # mkstemp's 0600 would hide dist/ from other users
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
