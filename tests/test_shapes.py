"""The SHACL shapes against paired fixtures.

Every ``fixtures/shapes/valid/*.ttl`` conforms; every ``fixtures/shapes/invalid/*.ttl`` breaks
exactly the shape named on its first line (``# violates: ak-shape:XShape``), plus any named on an
``# also violates:`` line, and nothing else.

The ontology and its schemes are the ``ont_graph``: pySHACL copies their RDFS and OWL axioms
into the data, so ``sh:targetClass`` and ``sh:class`` follow ``rdfs:subClassOf``. It copies no
SKOS concepts, so the schemes the fixtures use (levels, qualifiers, statuses) are added to each
data graph: ``level:county`` is then a ``skos:Concept`` to ``sh:class``. Fixtures define any
other concept they need themselves, under ``https://example.org/``.
There is no inference: RDFS inference would apply ``rdfs:range``, which types any value as the
class ``sh:class`` asks for and so hides wrong values (``test_rdfs_inference_would_hide_errors``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from anyi_kg.graph.load import load_files, load_shapes, turtle_files
from anyi_kg.graph.namespaces import AK, LEVEL, QUALIFIER, STATUS
from anyi_kg.paths import ONTOLOGY_FILE, VOCAB_DIR

SH = Namespace("http://www.w3.org/ns/shacl#")
AK_SHAPE = Namespace("https://w3id.org/anyi-kg/shapes#")
FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
# Shapes of reused classes or of what several classes share, beside one shape per class of ours.
HELPER_SHAPES = {"EntityShape", "ConceptShape", "SpanShape", "RelationShape"}
FIXTURE_SCHEMES = ("levels.ttl", "qualifiers.ttl", "project-status.ttl")
CLASSES = [name for name in AK.__annotations__ if name[0].isupper() and name != "Mu"]

Report = list[tuple[Node, URIRef, Node]]  # (focus node, owning node shape, message)


@dataclass(frozen=True)
class Checker:
    """Shapes, ontology (with every scheme) and the schemes that fixtures refer to."""

    shapes: Graph
    ontology: Graph
    schemes: Graph

    def report(self, data: Graph, inference: str = "none") -> Graph:
        _, report, _ = validate(
            data + self.schemes,
            shacl_graph=self.shapes,
            ont_graph=self.ontology,
            inference=inference,
            allow_warnings=False,
            advanced=True,
        )
        assert isinstance(report, Graph)
        return report

    def violations(self, data: Graph, inference: str = "none") -> Report:
        """The results about the data's own nodes (not about the schemes added to it)."""
        report, own = self.report(data, inference), set(data.subjects())
        results = []
        for result in report.subjects(RDF.type, SH.ValidationResult):
            focus, shape = report.value(result, SH.focusNode), report.value(result, SH.sourceShape)
            if focus in own:
                assert shape is not None
                results.append((focus, self.owner(shape), report.value(result, SH.resultMessage)))
        return results

    def owner(self, shape: Node) -> URIRef:
        """The named node shape that a result's source shape belongs to."""
        parent = self.shapes.value(None, SH.property, shape)
        owner = parent if parent is not None else shape
        assert isinstance(owner, URIRef), f"anonymous shape {shape}"
        return owner


@pytest.fixture(scope="module")
def vocab() -> Graph:
    return load_files(turtle_files(VOCAB_DIR))


@pytest.fixture(scope="module")
def checker(vocab: Graph) -> Checker:
    return Checker(
        shapes=load_shapes(),
        ontology=load_files([ONTOLOGY_FILE]) + vocab,
        schemes=load_files([VOCAB_DIR / name for name in FIXTURE_SCHEMES]),
    )


@pytest.fixture(scope="module")
def shapes(checker: Checker) -> Graph:
    return checker.shapes


def _declared(path: Path) -> set[URIRef]:
    """The shapes an invalid fixture says it violates, from its leading comments."""
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        for key in ("# violates:", "# also violates:"):
            if line.startswith(key):
                names.add(AK_SHAPE[line[len(key) :].strip().removeprefix("ak-shape:")])
    return names


def _load(path: Path) -> Graph:
    list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))  # strict gate
    return Graph().parse(path, format="turtle")


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms(path: Path, checker: Checker) -> None:
    assert checker.violations(_load(path)) == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_violates_its_shape(path: Path, checker: Checker) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# violates: ak-shape:"), "first line must name the violated shape"
    results = checker.violations(_load(path))
    assert results, "fixture conforms"
    assert {owner for _, owner, _ in results} == _declared(path)
    for _, _, message in results:
        assert message, "a violation without a message"


def test_vocabularies_conform(checker: Checker, vocab: Graph) -> None:
    """The concepts of ontology/vocab/*.ttl meet the shapes too."""
    conforms, _, text = validate(
        vocab,
        shacl_graph=checker.shapes,
        ont_graph=checker.ontology,
        inference="none",
        allow_warnings=False,
        advanced=True,
    )
    assert conforms, text


def test_every_shape_has_fixtures(shapes: Graph) -> None:
    named = {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    violated = set().union(*(_declared(p) for p in INVALID))
    valid = {AK_SHAPE[p.stem + "Shape"] for p in VALID}
    for shape in named:
        assert shape in valid, f"no valid fixture for {shape}"
        assert shape in violated, f"no invalid fixture for {shape}"


def test_one_shape_per_class(shapes: Graph) -> None:
    expected = {AK_SHAPE[name + "Shape"] for name in CLASSES} | {
        AK_SHAPE[name] for name in HELPER_SHAPES
    }
    named = {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    assert named == expected
    for name in CLASSES:
        assert (AK_SHAPE[name + "Shape"], SH.targetClass, AK[name]) in shapes, name


def test_every_property_shape_has_a_message(shapes: Graph) -> None:
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        for prop in shapes.objects(node_shape, SH.property):
            assert shapes.value(prop, SH.message) is not None, (node_shape, prop)
        for constraint in shapes.objects(node_shape, SH.sparql):
            assert shapes.value(constraint, SH.message) is not None, node_shape
        if any(shapes.value(node_shape, p) for p in (SH.xone, SH["or"], SH["not"], SH["and"])):
            assert shapes.value(node_shape, SH.message) is not None, node_shape


@pytest.mark.parametrize(
    ("prefix", "scheme"),
    [(LEVEL, "level"), (STATUS, "project-status"), (QUALIFIER, "qualifier")],
)
def test_enumerations_match_their_scheme(checker: Checker, prefix: Namespace, scheme: str) -> None:
    """Every sh:in list over a scheme's concepts names exactly the scheme's concepts."""
    iri = URIRef(f"https://w3id.org/anyi-kg/vocab/{scheme}")
    members = set(checker.schemes.subjects(SKOS.inScheme, iri))
    lists = [
        set(Collection(checker.shapes, head))
        for head in checker.shapes.objects(None, SH["in"])
        if isinstance(head, BNode)
    ]
    over = [items for items in lists if any(str(i).startswith(str(prefix)) for i in items)]
    assert over, f"no sh:in over {scheme}"
    for items in over:
        assert items == members


@pytest.mark.parametrize(
    ("fixture", "component"),
    [
        ("Observation-ill-typed-value", SH.OrConstraintComponent),
        ("Company-listed-ill-typed", SH.DatatypeConstraintComponent),
    ],
)
def test_ill_typed_literals_are_datatype_violations(
    checker: Checker, fixture: str, component: URIRef
) -> None:
    """rdflib flags "abc"^^xsd:decimal as ill-typed and pySHACL's sh:datatype rejects it."""
    data = _load(FIXTURES / "invalid" / f"{fixture}.ttl")
    assert any(getattr(o, "ill_typed", False) for o in data.objects())
    report = checker.report(data)
    assert set(report.objects(None, SH.sourceConstraintComponent)) == {component}


def test_ill_formed_years_are_caught_by_pattern(checker: Checker) -> None:
    """rdflib leaves xsd:gYear unchecked, so "20x3"^^xsd:gYear passes sh:datatype: sh:pattern
    catches it."""
    data = _load(FIXTURES / "invalid" / "Fact-refperiod-ill-formed.ttl")
    assert not any(getattr(o, "ill_typed", False) for o in data.objects())
    report = checker.report(data)
    assert set(report.objects(None, SH.sourceConstraintComponent)) == {
        SH.PatternConstraintComponent
    }


def test_rdfs_inference_would_hide_errors(checker: Checker) -> None:
    """Why validation runs without inference: ak:indicator's range would type a wrong value."""
    data = _load(FIXTURES / "invalid" / "Observation-indicator-not-indicator.ttl")
    assert checker.violations(data, inference="none")
    assert not checker.violations(data, inference="rdfs")
