"""The build's SHACL check (the ``shacl`` engine, unit by unit) finds what pySHACL finds (issue 18).

pySHACL validates each fixture whole, as ``test_shapes.py`` does; the build's check validates it
whole and cut into one unit per subject, where every unit must gather what its shapes read from
the other units (:mod:`anyi_kg.graph.partition`). The curated graph, with faults that cross its
files, is compared the same way.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, URIRef
from test_shapes import INVALID, VALID, Checker, _load

from anyi_kg.errors import BadInputError
from anyi_kg.graph.facts import Facts
from anyi_kg.graph.load import load_files, load_shapes, parse_file, turtle_files
from anyi_kg.graph.ntriples import lines
from anyi_kg.graph.partition import inward_predicates, nodes, reach_guard
from anyi_kg.graph.terms import shorten
from anyi_kg.graph.validate import Problem, Shapes, _reference_problems, line_index
from anyi_kg.graph.validate import check_shapes as _check_shapes
from anyi_kg.paths import GRAPH_DIR, ONTOLOGY_FILE, SHAPES_FILE, VOCAB_DIR

Found = set[tuple[str, str, str]]  # (node, owning node shape, message)
_BLANK = re.compile(r"_:\S+|\bn?[0-9a-f]{32,}\b")


@pytest.fixture(scope="module")
def ontology() -> list[ox.Triple]:
    return [t for p in [ONTOLOGY_FILE, *turtle_files(VOCAB_DIR)] for t in parse_file(p).triples]


@pytest.fixture(scope="module")
def shapes() -> Shapes:
    return Shapes(SHAPES_FILE)


@pytest.fixture(scope="module")
def checker() -> Checker:
    vocab = load_files(turtle_files(VOCAB_DIR))
    schemes = ("levels.ttl", "qualifiers.ttl", "project-status.ttl")
    return Checker(
        shapes=load_shapes(),
        ontology=load_files([ONTOLOGY_FILE]) + vocab,
        schemes=load_files([VOCAB_DIR / name for name in schemes]),
    )


def check_shapes(
    facts: Facts, ontology: list[ox.Triple], shapes: Shapes, unit_size: int = 20_000
) -> list[Problem]:
    """The build's check of the shapes, units of about ``unit_size`` lines."""
    schema = lines(ontology)
    return _check_shapes(facts, line_index(facts, schema, shapes), schema, shapes, unit_size)


def _masked(text: str) -> str:
    """Blank node labels differ from engine to engine: mask them."""
    return _BLANK.sub("_:", text)


def _ours(problems: list[Problem], subjects: set[str]) -> Found:
    return {
        (_masked(p.node), p.rule.split()[0], _masked(p.message))
        for p in problems if p.node in subjects
    }  # fmt: skip


@pytest.mark.parametrize("path", VALID + INVALID, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_engines_agree_on_the_fixture(
    path: Path, checker: Checker, ontology: list[ox.Triple], shapes: Shapes
) -> None:
    data = _load(path)
    reference = {
        (_masked(_shorten(focus)), shorten(str(owner)), _masked(str(message)))
        for focus, owner, message in checker.violations(data)
    }
    subjects = {_masked(_shorten(s)) for s in data.subjects()}
    facts = Facts([parse_file(path)])
    whole = _ours(check_shapes(facts, ontology, shapes), subjects)
    split = _ours(check_shapes(facts, ontology, shapes, unit_size=1), subjects)
    assert whole == reference
    assert split == reference
    assert bool(reference) == (path in INVALID)


def _shorten(node: object) -> str:
    if isinstance(node, BNode):
        return f"_:{node}"
    assert isinstance(node, URIRef)
    return shorten(str(node))


# ---- the curated graph, with faults across its files -----------------------------------------

FAULTS = [
    # the investor of relations.ttl is no longer a company (its type is in entities.ttl)
    ("entities.ttl", "kg:mubang-hi-tech a ak:Company ;", "kg:mubang-hi-tech a ak:Region ;"),
    # a second Chinese label, written in another file than the entity
    (
        "relations.ttl",
        "\nfact:",
        '\nkg:mubang-hi-tech <http://www.w3.org/2000/01/rdf-schema#label> "沐邦"@zh .\nfact:',
    ),
    # a span cited by a fact of another file loses its quote's position
    ("entities.ttl", "oa:start 38 ; oa:end 44", "oa:end 44"),
]


def test_engines_agree_on_the_graph_cut_into_small_units(
    tmp_path: Path, ontology: list[ox.Triple], shapes: Shapes
) -> None:
    graph = tmp_path / "graph"
    shutil.copytree(GRAPH_DIR, graph)
    for name, old, new in FAULTS:
        text = (graph / name).read_text(encoding="utf-8")
        assert old in text, old
        (graph / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    facts = Facts(parse_file(p) for p in turtle_files(graph))
    every = [line for part in facts.lines for line in part] + lines(ontology)
    wanted = {n.decode() for part in facts.lines for n in nodes(part)}
    reference = _reference_problems(b"".join(every).decode(), wanted, shapes)
    assert len({p.node for p in reference}) >= 3  # every fault is seen
    for size in (200, 10_000):
        assert set(check_shapes(facts, ontology, shapes, unit_size=size)) == reference


# ---- what the units rely on -----------------------------------------------------------------

SH = "http://www.w3.org/ns/shacl#"
EX = "http://example.org/"


def _shapes(turtle: str) -> list[ox.Triple]:
    prefixes = f"@prefix sh: <{SH}> . @prefix ex: <{EX}> .\n"
    return [q.triple for q in ox.parse(prefixes + turtle, ox.RdfFormat.TURTLE)]


def test_inverse_paths_that_count_gather_every_edge() -> None:
    shapes = _shapes(
        "ex:S sh:property [ sh:path [ sh:inversePath ex:counted ] ; sh:minCount 1 ] , "
        "[ sh:path [ sh:inversePath ex:judged ] ; sh:class ex:C ] ."
    )
    assert inward_predicates(shapes) == {f"<{EX}counted>".encode()}


def test_the_shapes_of_the_project_judge_inverse_values_one_by_one() -> None:
    """So no unit gathers the edges that point to a hub (every listing of a plan, say)."""
    assert inward_predicates(parse_file(SHAPES_FILE).triples) == set()


@pytest.mark.parametrize(
    "path", ["( ex:p ex:q )", "[ sh:zeroOrMorePath ex:p ]", "[ sh:inversePath ( ex:p ex:q ) ]"]
)
def test_paths_longer_than_one_step_are_refused(path: str) -> None:
    with pytest.raises(BadInputError, match="longer than one step"):
        reach_guard(_shapes(f"ex:S sh:property [ sh:path {path} ; sh:minCount 1 ] ."))


def test_the_graph_is_checked_as_pyshacl_checks_it(
    ontology: list[ox.Triple], shapes: Shapes
) -> None:
    """The curated graph conforms for both engines (the build used pySHACL alone before)."""
    from pyshacl import validate

    facts = Facts(parse_file(p) for p in turtle_files(GRAPH_DIR))
    assert check_shapes(facts, ontology, shapes) == []
    data = Graph()
    for path in [*turtle_files(GRAPH_DIR), ONTOLOGY_FILE, *turtle_files(VOCAB_DIR)]:
        data += load_files([path])
    conforms, _, text = validate(data, shacl_graph=load_shapes(), inference="none", advanced=True)
    assert conforms, text
