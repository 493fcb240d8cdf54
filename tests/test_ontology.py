"""The ontology, its SKOS schemes and the shapes, checked as files: metadata, labels, terms."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from anyi_kg.graph.load import load_files, load_shapes
from anyi_kg.graph.namespaces import AK, PREFIXES, VANN
from anyi_kg.paths import ONTOLOGY_FILE, SHAPES_FILE, VOCAB_DIR

ONTOLOGY = URIRef("https://w3id.org/anyi-kg/ontology")
AK_NS = str(AK._NS)
SCHEMA = Namespace("http://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
QB = Namespace("http://purl.org/linked-data/cube#")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")

VOCAB_FILES = sorted(VOCAB_DIR.glob("*.ttl"))
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
# Namespaces an IRI of the ontology may live in besides the project's prefixes.
OTHER_NAMESPACES = (
    str(SCHEMA),  # schema.org's RDF namespace (see the note on the schema prefix in the report)
    "https://w3id.org/anyi-kg/",
    "https://creativecommons.org/licenses/",
    "http://qudt.org/vocab/quantitykind/",
    "http://qudt.org/vocab/dimensionvector/",
)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_files([ONTOLOGY_FILE])


@pytest.fixture(scope="module")
def vocab() -> Graph:
    return load_files(VOCAB_FILES)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def _namespace_terms() -> set[URIRef]:
    return {URIRef(AK_NS + name) for name in AK.__annotations__}


def _defined_terms(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(AK_NS)}


def _literals(graph: Graph, subject: URIRef, predicate: URIRef, lang: str) -> list[Literal]:
    return [
        o
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == lang
    ]


@pytest.mark.parametrize("path", [ONTOLOGY_FILE, SHAPES_FILE, *VOCAB_FILES], ids=lambda p: p.name)
def test_parses_strictly(path: Path) -> None:
    assert list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))


def test_exactly_one_ontology_with_its_metadata(ontology: Graph) -> None:
    assert list(ontology.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY]
    for predicate in (DCTERMS.title, DCTERMS.description):
        for lang in ("zh", "en"):
            assert len(_literals(ontology, ONTOLOGY, predicate, lang)) == 1, (predicate, lang)
    assert ontology.value(ONTOLOGY, OWL.versionIRI) == URIRef(
        "https://w3id.org/anyi-kg/ontology/0.1.0"
    )
    assert ontology.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ONTOLOGY, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert ontology.value(ONTOLOGY, DCTERMS.creator) is not None
    assert ontology.value(ONTOLOGY, VANN.preferredNamespacePrefix) == Literal("ak")
    assert ontology.value(ONTOLOGY, VANN.preferredNamespaceUri) == Literal(AK_NS)


def test_terms_are_exactly_those_of_the_namespace(ontology: Graph) -> None:
    defined, declared = _defined_terms(ontology), _namespace_terms()
    assert not declared - defined, "in namespaces.AK but not defined in the ontology"
    assert not defined - declared, "defined in the ontology but not in namespaces.AK"


def test_every_term_has_labels_definitions_and_is_defined_by(ontology: Graph) -> None:
    for term in sorted(_defined_terms(ontology)):
        for predicate in (RDFS.label, SKOS.definition):
            for lang in ("zh", "en"):
                assert len(_literals(ontology, term, predicate, lang)) == 1, (term, predicate, lang)
        assert ontology.value(term, RDFS.isDefinedBy) == ONTOLOGY, term


def test_every_class_specialises_a_reused_class(ontology: Graph) -> None:
    """Each class reaches a reused class through rdfs:subClassOf; every term is typed."""
    for term in sorted(_defined_terms(ontology)):
        types = set(ontology.objects(term, RDF.type))
        assert types, f"{term} has no rdf:type"
        if OWL.Class in types:
            supers = set(ontology.transitive_objects(term, RDFS.subClassOf)) - {term}
            assert any(not str(s).startswith(AK_NS) for s in supers), term
        elif not types & PROPERTY_TYPES:
            assert term in {AK.Mu, AK.dsd}, f"{term} is neither a class nor a property"


@pytest.mark.parametrize(
    ("term", "superclass"),
    [
        (AK.Region, SCHEMA.AdministrativeArea),
        (AK.PublicBody, CV.PublicOrganisation),
        (AK.PublicBody, ORG.Organization),
        (AK.Site, SCHEMA.Place),
        (AK.IndustrialPark, AK.Site),
        (AK.IndustrialBase, AK.Site),
        (AK.Company, SCHEMA.Corporation),
        (AK.Company, ORG.FormalOrganization),
        (AK.InvestmentProject, SCHEMA.Project),
        (AK.Programme, PROV.Plan),
        (AK.ActionPlan, AK.Programme),
        (AK.Strategy, AK.Programme),
        (AK.Reform, AK.Programme),
        (AK.Campaign, AK.Programme),
        (AK.Mechanism, AK.Programme),
        (AK.ProjectList, AK.Programme),
        (AK.FinancialProduct, SCHEMA.FinancialProduct),
        (AK.Honour, PROV.Entity),
        (AK.Platform, ORG.Organization),
        (AK.IndustrialCluster, ORG.Organization),
        (AK.Brand, SCHEMA.Brand),
        (AK.Industry, SKOS.Concept),
        (AK.Indicator, SKOS.Concept),
        (AK.RankingList, AK.Indicator),
        (AK.SourceDocument, SCHEMA.Article),
        (AK.SourceDocument, PROV.Entity),
        (AK.Fact, PROV.Entity),
        (AK.Observation, QB.Observation),
        (AK.Observation, AK.Fact),
        (AK.Ranking, AK.Observation),
        (AK.Change, AK.Fact),
        (AK.AwardConferral, AK.Fact),
        (AK.Investment, AK.Fact),
        (AK.Assertion, RDF.Statement),
        (AK.Assertion, AK.Fact),
    ],
)
def test_class_mapping(ontology: Graph, term: URIRef, superclass: URIRef) -> None:
    assert (term, RDFS.subClassOf, superclass) in ontology


@pytest.mark.parametrize(
    ("term", "superproperty"),
    [
        (AK.firstMention, PROV.wasDerivedFrom),
        (AK.rank, SDMX_MEASURE.obsValue),
        (AK.locatedIn, SCHEMA.location),
        (AK.headquarteredIn, AK.locatedIn),
        (AK.hasLeadingEnterprise, ORG.hasMember),
        (AK.hasBrand, SCHEMA.brand),
        (AK.partOf, DCTERMS.isPartOf),
        (AK.issuedBy, PROV.wasAttributedTo),
        (AK.providedBy, PROV.wasAttributedTo),
    ],
)
def test_property_mapping(ontology: Graph, term: URIRef, superproperty: URIRef) -> None:
    assert (term, RDFS.subPropertyOf, superproperty) in ontology


def test_mu_is_a_qudt_unit(ontology: Graph) -> None:
    assert (AK.Mu, RDF.type, QUDT.Unit) in ontology
    assert ontology.value(AK.Mu, QUDT.symbol) == Literal("亩")
    multiplier = ontology.value(AK.Mu, QUDT.conversionMultiplier)
    assert isinstance(multiplier, Literal)
    assert abs(float(multiplier) - 10000 / 15) < 1e-9


def test_data_structure_definition(ontology: Graph) -> None:
    assert (AK.dsd, RDF.type, QB.DataStructureDefinition) in ontology
    components = list(ontology.objects(AK.dsd, QB.component))

    def declared(kind: URIRef) -> set[URIRef]:
        return {v for c in components for v in ontology.objects(c, kind)}

    def optional(prop: URIRef) -> bool:
        return any(
            ontology.value(c, QB.componentRequired) == Literal(False)
            for c in components
            if prop
            in set(ontology.objects(c, QB.dimension)) | set(ontology.objects(c, QB.attribute))
        )

    assert declared(QB.dimension) == {AK.indicator, AK.refSubject, SDMX_DIMENSION.refPeriod}
    assert {SDMX_MEASURE.obsValue, AK.rank} <= declared(QB.measure)
    assert {SDMX_ATTRIBUTE.unitMeasure, AK.valueQualifier, AK.surfaceForm} <= declared(QB.attribute)
    assert optional(SDMX_DIMENSION.refPeriod)
    for dimension in (AK.indicator, AK.refSubject):
        assert (dimension, RDF.type, QB.DimensionProperty) in ontology
    assert (AK.rank, RDF.type, QB.MeasureProperty) in ontology


def test_external_terms_use_known_namespaces(ontology: Graph) -> None:
    """A typo in a namespace (https for http, a missing #) would silently mint a new term."""
    known = (*PREFIXES.values(), *OTHER_NAMESPACES)
    for node in set(ontology.all_nodes()) | set(ontology.predicates()):
        if isinstance(node, URIRef):
            assert str(node).startswith(known), f"unknown namespace: {node}"


def test_ak_terms_used_anywhere_exist(ontology: Graph, vocab: Graph, shapes: Graph) -> None:
    declared = _namespace_terms()
    for graph in (ontology, vocab, shapes):
        for node in set(graph.all_nodes()) | set(graph.predicates()):
            if isinstance(node, URIRef) and str(node).startswith(AK_NS):
                assert node in declared, f"undefined ontology term {node}"


def test_shape_targets_exist(ontology: Graph, shapes: Graph) -> None:
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    reused = {SKOS.Concept, OA.SpecificResource}
    targets = set(shapes.objects(None, SH.targetClass))
    assert targets
    for target in targets:
        assert target in classes or target in reused, f"shape targets unknown class {target}"


def test_every_vocabulary_concept_has_labels_and_a_declared_scheme(vocab: Graph) -> None:
    schemes = set(vocab.subjects(RDF.type, SKOS.ConceptScheme))
    concepts = set(vocab.subjects(RDF.type, SKOS.Concept))
    assert schemes and concepts
    for scheme in schemes:
        for lang in ("zh", "en"):
            assert len(_literals(vocab, scheme, SKOS.prefLabel, lang)) == 1, (scheme, lang)
    for concept in concepts:
        for lang in ("zh", "en"):
            assert len(_literals(vocab, concept, SKOS.prefLabel, lang)) == 1, (concept, lang)
        in_schemes = set(vocab.objects(concept, SKOS.inScheme))
        assert in_schemes and in_schemes <= schemes, concept


@pytest.mark.parametrize(
    ("scheme", "members"),
    [
        ("level", {"national", "provincial", "municipal", "county"}),
        ("qualifier", {"more-than", "at-least", "approximately", "at-most", "less-than"}),
        (
            "project-status",
            {"signed", "settled", "under-construction", "in-production", "operating"},
        ),
    ],
)
def test_closed_schemes(vocab: Graph, scheme: str, members: set[str]) -> None:
    """Our own small schemes: each concept a top concept with a definition in zh and en."""
    iri = URIRef(f"https://w3id.org/anyi-kg/vocab/{scheme}")
    assert (iri, RDF.type, SKOS.ConceptScheme) in vocab
    assert vocab.value(iri, DCTERMS.description) is not None
    concepts = set(vocab.subjects(SKOS.inScheme, iri))
    assert {str(c).rsplit("/", 1)[1] for c in concepts} == members
    for concept in concepts:
        assert (concept, SKOS.topConceptOf, iri) in vocab
        for lang in ("zh", "en"):
            assert len(_literals(vocab, concept, SKOS.definition, lang)) == 1, (concept, lang)


def test_ontology_holds_no_shapes(ontology: Graph) -> None:
    for triple in ontology:
        assert not any(str(term).startswith(str(SH)) for term in triple), triple


def test_every_relation_between_entities_reads_from_both_ends(
    ontology: Graph, union: Graph
) -> None:
    """Each property that links two entities in the graph is named from its other end too: by
    a declared inverse (owl:inverseOf, with zh and en labels) or by being symmetric (投资
    invests in / 投资方 invested by, on the project's page)."""
    kg = str(PREFIXES["kg"])
    used = {
        p for s, p, o in union if str(s).startswith(kg) and str(o).startswith(kg) and p != RDF.type
    }
    assert AK.investsIn in used and AK.locatedIn in used
    for prop in sorted(used):
        if (prop, RDF.type, OWL.SymmetricProperty) in ontology:
            continue
        inverses = set(ontology.subjects(OWL.inverseOf, prop)) | set(
            ontology.objects(prop, OWL.inverseOf)
        )
        assert inverses, f"{prop} has no inverse reading"
        for inverse in inverses:
            for lang in ("zh", "en"):
                assert _literals(ontology, inverse, RDFS.label, lang), (inverse, lang)
    names = {str(o) for o in ontology.objects(AK.investedBy, RDFS.label)}
    assert names == {"投资方", "invested by"}
    assert (AK.investedBy, OWL.inverseOf, AK.investsIn) in ontology
