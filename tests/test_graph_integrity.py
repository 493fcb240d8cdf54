"""Integrity of the curated graph, checked independently of the build.

The raw report is re-read here from ``graph/sources/`` (not through the package), so a fault in
the build's own span check cannot hide a wrong quote.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from anyi_kg.graph.build import Assembled
from anyi_kg.graph.namespaces import (
    AK,
    BASE,
    CUR,
    FACT,
    KG,
    OA,
    QUALIFIER,
    SDMX_ATTR,
    SDMX_DIM,
    SDMX_MEASURE,
    SRC,
    UNIT,
    VOCAB,
)

SOURCES = Path(__file__).resolve().parents[1] / "graph" / "sources"
CHAR_FRAGMENT = re.compile(r"#char=(\d+),(\d+)$")

#: ak: classes whose instances are not entities: the fact classes (and their subclasses, found
#: in the ontology), the concept schemes' classes and the source document.
NOT_ENTITY_CLASSES = {AK.Indicator, AK.RankingList, AK.Industry, AK.SourceDocument}

#: Intrinsic attributes of an entity (graph/README.md): they describe it, they relate it to
#: nothing else of the report, so they do not save an entity from being an orphan.
INTRINSIC = {
    AK.firstMention,
    AK.level,
    AK.honourType,
    AK.platformType,
    AK.isListedCompany,
    AK.formerName,
}

#: Properties that tie an entity to a fact node.
FACT_ROLES = {
    AK.refSubject,
    AK.recipient,
    AK.honour,
    AK.investor,
    AK.project,
    RDF.subject,
    RDF.object,
}

OBS_VALUE = SDMX_MEASURE.obsValue
UNIT_MEASURE = SDMX_ATTR.unitMeasure
REF_PERIOD = SDMX_DIM.refPeriod

NOTE_PROPERTIES = {RDFS.comment, SKOS.note, SKOS.scopeNote, SKOS.editorialNote, SKOS.definition}


@cache
def raw(source_id: str) -> str:
    """The report as received: decoded UTF-8, newlines untouched, indexed by code point."""
    with (SOURCES / f"{source_id}.txt").open(encoding="utf-8", newline="") as stream:
        return stream.read()


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def fact_classes(graph: Graph) -> set[Node]:
    return set(graph.transitive_subjects(RDFS.subClassOf, AK.Fact))


def fact_nodes(graph: Graph) -> set[Node]:
    classes = fact_classes(graph)
    return {s for cls in classes for s in graph.subjects(RDF.type, cls)}


def entity_classes(graph: Graph) -> set[Node]:
    """Every class of the ak: namespace that is neither a fact class nor a concept class."""
    declared = set(graph.subjects(RDF.type, OWL.Class)) | set(graph.subjects(RDF.type, RDFS.Class))
    excluded = set(fact_classes(graph))
    for cls in NOT_ENTITY_CLASSES | {SKOS.Concept}:
        excluded |= set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return {
        c
        for c in declared
        if isinstance(c, URIRef) and str(c).startswith(str(AK._NS)) and c not in excluded
    }


def entities(graph: Graph) -> set[Node]:
    classes = entity_classes(graph)
    return {s for cls in classes for s in graph.subjects(RDF.type, cls)}


def span_quote(graph: Graph, span: Node) -> str | None:
    for selector in graph.objects(span, OA.hasSelector):
        if (selector, RDF.type, OA.TextQuoteSelector) in graph:
            exact = graph.value(selector, OA.exact)
            return None if exact is None else str(exact)
    return None


def is_span(graph: Graph, node: Node) -> bool:
    """A span: a resource of a source document with a quote and a position."""
    return (
        graph.value(node, OA.hasSource) is not None
        and span_quote(graph, node) is not None
        and any(
            (sel, RDF.type, OA.TextPositionSelector) in graph
            for sel in graph.objects(node, OA.hasSelector)
        )
    )


@pytest.fixture(scope="module")
def facts(assembled: Assembled) -> Graph:
    return assembled.facts


@pytest.fixture(scope="module")
def ontology(assembled: Assembled) -> Graph:
    return assembled.ontology


# --------------------------------------------------------------------------------------------
# spans
# --------------------------------------------------------------------------------------------


def test_there_are_spans(facts: Graph) -> None:
    assert len(set(facts.subjects(OA.hasSelector, None))) > 100


def test_every_span_quotes_the_source_at_its_offsets(facts: Graph) -> None:
    """oa:exact equals the raw text between oa:start and oa:end, and the IRI's #char=S,E."""
    problems = []
    for span in sorted(set(facts.subjects(OA.hasSelector, None)), key=str):
        source = facts.value(span, OA.hasSource)
        if not isinstance(source, URIRef) or not str(source).startswith(str(SRC)):
            problems.append(f"{span}: oa:hasSource {source} is not a source document")
            continue
        text = raw(str(source)[len(str(SRC)) :])
        exact, start, end = None, None, None
        for selector in facts.objects(span, OA.hasSelector):
            if (selector, RDF.type, OA.TextQuoteSelector) in facts:
                exact = facts.value(selector, OA.exact)
            if (selector, RDF.type, OA.TextPositionSelector) in facts:
                start, end = facts.value(selector, OA.start), facts.value(selector, OA.end)
        if exact is None or start is None or end is None:
            problems.append(f"{span}: quote or position missing")
            continue
        s, e = int(start), int(end)
        if text[s:e] != str(exact):
            problems.append(f"{span}: source has {text[s:e]!r}, quote is {str(exact)!r}")
        fragment = CHAR_FRAGMENT.search(str(span))
        if fragment and (int(fragment[1]), int(fragment[2])) != (s, e):
            problems.append(f"{span}: IRI says {fragment[1]},{fragment[2]}, selector {s},{e}")
        if not fragment:
            problems.append(f"{span}: not a #char=S,E fragment of its source")
        elif not str(span).startswith(str(source) + "#"):
            problems.append(f"{span}: fragment of another document than {source}")
        if not str(exact).strip():
            problems.append(f"{span}: empty quote")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------------------------
# facts
# --------------------------------------------------------------------------------------------


def test_every_fact_rests_on_a_span(facts: Graph, ontology: Graph) -> None:
    """Every instance of ak:Fact or a subclass has prov:wasDerivedFrom to a span."""
    union = facts + ontology
    missing = sorted(
        str(node)
        for node in fact_nodes(union)
        if not any(is_span(facts, s) for s in facts.objects(node, PROV.wasDerivedFrom))
    )
    assert not missing, f"{len(missing)} fact node(s) without a span:\n" + "\n".join(missing)


def test_every_fact_iri_is_a_typed_fact(facts: Graph, ontology: Graph) -> None:
    union = facts + ontology
    typed = fact_nodes(union)
    used = {
        t
        for triple in facts
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(str(FACT))
    }
    assert not sorted(map(str, used - typed)), "fact: IRIs without a fact type"


def test_observations_single_valued(facts: Graph, ontology: Graph) -> None:
    """An observation has one indicator, one subject, one measure and at most one of each
    attribute; a plain observation has a value and a unit, a ranking a rank."""
    union = facts + ontology
    observations = set(union.transitive_subjects(RDFS.subClassOf, AK.Observation))
    problems = []
    for cls in observations:
        for obs in facts.subjects(RDF.type, cls):
            for prop in (AK.indicator, AK.refSubject):
                if len(set(facts.objects(obs, prop))) != 1:
                    problems.append(f"{obs}: {len(set(facts.objects(obs, prop)))} {prop}")
            for prop in (
                AK.surfaceForm,
                AK.valueQualifier,
                AK.rank,
                AK.rankFromEnd,
                OBS_VALUE,
                UNIT_MEASURE,
                REF_PERIOD,
            ):
                if len(set(facts.objects(obs, prop))) > 1:
                    problems.append(f"{obs}: several {prop}")
            ranked = (
                facts.value(obs, AK.rank) is not None
                or facts.value(obs, AK.rankFromEnd) is not None
            )
            valued = facts.value(obs, OBS_VALUE) is not None
            if not ranked and not valued:
                problems.append(f"{obs}: neither value nor rank")
            if valued and facts.value(obs, UNIT_MEASURE) is None:
                problems.append(f"{obs}: value without unit")
    assert not problems, "\n".join(sorted(problems))


#: How the report writes a value, and what graph/README.md says it becomes.
SURFACE = re.compile(
    r"^(?:突破|破|超过|超|接近|约|达)?(?P<num>\d+(?:\.\d+)?)(?P<more>余)?"
    r"(?P<unit>亿元|万元|万吨|平方公里|亩|家|个|条|项|%)(?:以上)?$"
)
UNITS = {
    "亿元": (CUR.CNY, Decimal(10) ** 8),
    "万元": (CUR.CNY, Decimal(10) ** 4),
    "万吨": (UNIT.TONNE, Decimal(10) ** 4),
    "平方公里": (UNIT.KiloM2, Decimal(1)),
    "亩": (AK.Mu, Decimal(1)),
    "家": (UNIT.NUM, Decimal(1)),
    "个": (UNIT.NUM, Decimal(1)),
    "条": (UNIT.NUM, Decimal(1)),
    "项": (UNIT.NUM, Decimal(1)),
    "%": (UNIT.PERCENT, Decimal(1)),
}


def test_values_normalised_from_their_surface_form(facts: Graph) -> None:
    """Where the surface form is a plain number and unit, the normalised value and unit follow
    from it (亿元 × 10⁸, 万元 × 10⁴, 万吨 × 10⁴ t, …); 余 is qualifier:more-than."""
    problems, checked = [], 0
    for obs, surface in facts.subject_objects(AK.surfaceForm):
        match = SURFACE.match(str(surface))
        value = facts.value(obs, OBS_VALUE)
        if not match or value is None:
            continue
        checked += 1
        unit, factor = UNITS[match["unit"]]
        expected = Decimal(match["num"]) * factor
        if Decimal(str(value)) != expected:
            problems.append(f"{obs}: {surface} → {value}, expected {expected}")
        if facts.value(obs, UNIT_MEASURE) != unit:
            problems.append(f"{obs}: {surface} in {facts.value(obs, UNIT_MEASURE)}, not {unit}")
        if match["more"] and facts.value(obs, AK.valueQualifier) != QUALIFIER["more-than"]:
            problems.append(f"{obs}: {surface} without qualifier:more-than")
    assert checked > 50
    assert not problems, "\n".join(sorted(problems))


#: Words of the report that make a value inexact, and the qualifier graph/README.md gives them.
QUALIFYING_WORDS = [
    (("余", "超", "突破", "破"), QUALIFIER["more-than"]),
    (("以上",), QUALIFIER["at-least"]),
    (("接近", "约"), QUALIFIER["approximately"]),
]


def test_surface_forms_are_in_their_spans(facts: Graph) -> None:
    """The verbatim value is part of the quote the fact rests on."""
    problems = []
    for obs, surface in facts.subject_objects(AK.surfaceForm):
        quotes = [span_quote(facts, s) or "" for s in facts.objects(obs, PROV.wasDerivedFrom)]
        if not quotes or not all(squeeze(str(surface)) in squeeze(q) for q in quotes):
            problems.append(f"{obs}: {str(surface)!r} not in {quotes}")
    assert not problems, "\n".join(sorted(problems))


def test_changes_link_like_with_like(facts: Graph) -> None:
    """A change links two observations of the same indicator and subject, and its quote
    contains both stated values."""
    problems = []
    for change in facts.subjects(RDF.type, AK.Change):
        before = facts.value(change, AK.fromObservation)
        after = facts.value(change, AK.toObservation)
        if before is None or after is None:
            problems.append(f"{change}: from or to missing")
            continue
        for prop in (AK.indicator, AK.refSubject):
            if facts.value(before, prop) != facts.value(after, prop):
                problems.append(f"{change}: {prop} differs between its two observations")
        quotes = [
            squeeze(span_quote(facts, s) or "") for s in facts.objects(change, PROV.wasDerivedFrom)
        ]
        for obs in (before, after):
            surface = facts.value(obs, AK.surfaceForm)
            if surface is not None and not any(squeeze(str(surface)) in q for q in quotes):
                problems.append(f"{change}: {surface} is not in its quote")
    assert not problems, "\n".join(sorted(problems))


def test_qualifier_follows_the_wording(facts: Graph) -> None:
    """余/超/突破/破 in a surface form → more-than, 以上 → at-least, 接近/约 → approximately.

    Only surface forms with a number are read: in 零的突破 (from none to some) or 突破两位数
    (into double figures) the words are idioms, not the qualifier of a stated value."""
    problems = []
    for obs, surface in facts.subject_objects(AK.surfaceForm):
        if not re.search(r"\d", str(surface)):
            continue
        for words, qualifier in QUALIFYING_WORDS:
            if any(w in str(surface) for w in words):
                got = facts.value(obs, AK.valueQualifier)
                if got != qualifier:
                    problems.append(f"{obs}: {surface} has qualifier {got}, not {qualifier}")
    assert not problems, "\n".join(sorted(problems))


# --------------------------------------------------------------------------------------------
# entities
# --------------------------------------------------------------------------------------------


def test_entities_are_kg_iris(facts: Graph, ontology: Graph) -> None:
    others = sorted(str(e) for e in entities(facts + ontology) if not str(e).startswith(str(KG)))
    assert not others, "entities outside kg:\n" + "\n".join(others)


def test_every_entity_has_one_zh_and_one_en_label(facts: Graph, ontology: Graph) -> None:
    problems = []
    for entity in sorted(entities(facts + ontology), key=str):
        labels = list(facts.objects(entity, RDFS.label))
        zh = [lbl for lbl in labels if isinstance(lbl, Literal) and lbl.language == "zh"]
        en = [lbl for lbl in labels if isinstance(lbl, Literal) and lbl.language == "en"]
        if len(zh) != 1 or len(en) != 1:
            problems.append(f"{entity}: {len(zh)} zh and {len(en)} en labels")
        if len(labels) != len(zh) + len(en):
            problems.append(f"{entity}: labels in other languages {labels}")
    assert not problems, "\n".join(problems)


def zh_names(graph: Graph, entity: Node) -> list[str]:
    """The entity's Chinese names: label, alternative labels and former names."""
    return [
        str(name)
        for prop in (RDFS.label, SKOS.altLabel, AK.formerName)
        for name in graph.objects(entity, prop)
        if isinstance(name, Literal) and name.language == "zh"
    ]


def test_every_entity_has_a_first_mention_naming_it(facts: Graph, ontology: Graph) -> None:
    """ak:firstMention is a span whose quote contains a zh label or alternative label."""
    problems = []
    for entity in sorted(entities(facts + ontology), key=str):
        mentions = list(facts.objects(entity, AK.firstMention))
        if len(mentions) != 1:
            problems.append(f"{entity}: {len(mentions)} first mentions")
            continue
        quote = span_quote(facts, mentions[0])
        if quote is None:
            problems.append(f"{entity}: first mention {mentions[0]} is not a span")
            continue
        names = zh_names(facts, entity)
        if not any(squeeze(n) in squeeze(quote) for n in names):
            problems.append(f"{entity}: none of {names} in {quote!r}")
    assert not problems, "\n".join(problems)


def test_first_mention_is_the_first(facts: Graph, ontology: Graph) -> None:
    """No name of the entity occurs in the report before its first mention, except inside a
    longer name of another entity (安义县 inside 安义县科技和工业信息化局 is no mention)."""
    text = raw("000_14a3bcd6bc545aa4")
    every = entities(facts + ontology)
    all_names = {n for e in every for n in zh_names(facts, e)}
    problems = []
    for entity in sorted(every, key=str):
        mention = facts.value(entity, AK.firstMention)
        fragment = CHAR_FRAGMENT.search(str(mention)) if mention is not None else None
        if fragment is None:
            continue
        start = int(fragment[1])
        names = zh_names(facts, entity)
        for name in names:
            for hit in (m.start() for m in re.finditer(re.escape(name), text[:start])):
                if not _inside_longer_name(text, hit, name, all_names - set(names)):
                    problems.append(f"{entity}: {name!r} at {hit}, first mention at {start}")
                    break
    assert not problems, "\n".join(problems)


def _inside_longer_name(text: str, at: int, name: str, others: set[str]) -> bool:
    for other in others:
        if len(other) <= len(name) or name not in other:
            continue
        for m in re.finditer(re.escape(other), text):
            if m.start() <= at and at + len(name) <= m.end():
                return True
    return False


def test_zh_labels_occur_in_the_report(facts: Graph, ontology: Graph) -> None:
    """A zh label is the report's wording (white space ignored), or, where it is not, an
    alternative label in the report's wording or a comment/note explains it."""
    text = squeeze(raw("000_14a3bcd6bc545aa4"))
    unexplained = []
    for entity in sorted(entities(facts + ontology), key=str):
        labels = [
            lbl
            for lbl in facts.objects(entity, RDFS.label)
            if isinstance(lbl, Literal) and lbl.language == "zh"
        ]
        for label in labels:
            if squeeze(str(label)) in text:
                continue
            alternatives = [
                str(a)
                for a in facts.objects(entity, SKOS.altLabel)
                if isinstance(a, Literal) and a.language == "zh"
            ]
            notes = [n for p in NOTE_PROPERTIES for n in facts.objects(entity, p)]
            if any(squeeze(a) in text for a in alternatives) or notes:
                continue
            unexplained.append(f"{entity}: {str(label)!r} (alt: {alternatives})")
    assert not unexplained, "zh labels not in the report and not explained:\n" + "\n".join(
        unexplained
    )


def test_kg_iris_are_typed(facts: Graph) -> None:
    """No dangling reference: every kg: IRI used anywhere has an rdf:type."""
    used = {
        t
        for triple in facts
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(str(KG))
    }
    untyped = sorted(str(i) for i in used if facts.value(i, RDF.type) is None)
    assert not untyped, "kg: IRIs without rdf:type:\n" + "\n".join(untyped)


def _relates(predicate: Node, other: Node) -> bool:
    """A truthy relation: an ak: property, not an intrinsic attribute, to an entity, to the
    source document, or to a project status (graph/README.md lists status among relations)."""
    if predicate in INTRINSIC or not str(predicate).startswith(str(AK._NS)):
        return False
    if predicate == AK.projectStatus:
        return True
    iri = str(other)
    return iri.startswith(str(KG)) or (iri.startswith(str(SRC)) and "#" not in iri)


def is_connected(graph: Graph, entity: Node, facts_: set[Node]) -> bool:
    """See :func:`test_no_orphan_entities`."""
    for s, p in graph.subject_predicates(entity):
        if p in FACT_ROLES and s in facts_:
            return True
        if p == DCTERMS.subject and any(graph.subjects(AK.indicator, s)):
            return True
        if _relates(p, s):
            return True
    return any(_relates(p, o) for p, o in graph.predicate_objects(entity))


def test_no_orphan_entities(facts: Graph, ontology: Graph) -> None:
    """An entity is an *orphan* when nothing of the report relates it to anything: it is

    - not the ``ak:refSubject``, ``ak:recipient``, ``ak:honour``, ``ak:investor`` or
      ``ak:project`` of a fact node, nor the ``rdf:subject`` / ``rdf:object`` of an
      assertion; and
    - neither subject nor object of a truthy relation, i.e. of a triple whose predicate is an
      ak: property other than the intrinsic attributes of graph/README.md (``ak:firstMention``,
      ``ak:level``, ``ak:honourType``, ``ak:platformType``, ``ak:isListedCompany``,
      ``ak:formerName``) and whose other end is another entity (kg:) or the source document,
      or whose predicate is ``ak:projectStatus``; and
    - not the topic (``dct:subject``) of an indicator that a fact node measures (the number
      of holders of an enterprise title, whose holders the report does not name).

    Classifying an entity in a SKOS scheme (its level, honour type, platform type or
    ``ak:industry``) describes it; it does not relate it to anything the report says. A name
    with only a type, labels, classifications and a first mention records that the report
    mentions it, not what it says about it.
    """
    union = facts + ontology
    all_facts = fact_nodes(union)
    orphans = sorted(str(e) for e in entities(union) if not is_connected(union, e, all_facts))
    assert not orphans, f"{len(orphans)} orphan entities:\n" + "\n".join(orphans)


# --------------------------------------------------------------------------------------------
# vocabulary
# --------------------------------------------------------------------------------------------


def test_every_project_term_is_defined(facts: Graph, ontology: Graph) -> None:
    """Every ak: term and every concept of the project's vocabularies used in graph/ is
    declared (has an rdf:type) in ontology/ or ontology/vocab/."""
    own = (str(AK._NS), str(VOCAB))
    used = {
        t for triple in facts for t in triple if isinstance(t, URIRef) and str(t).startswith(own)
    }
    undefined = sorted(str(t) for t in used if ontology.value(t, RDF.type) is None)
    assert not undefined, "undefined terms:\n" + "\n".join(undefined)


def test_no_other_iris_under_the_project_base(facts: Graph) -> None:
    """Every IRI under the project's base is in one of its namespaces."""
    known = (str(AK._NS), str(VOCAB), str(KG), str(FACT), str(SRC))
    stray = sorted(
        {
            str(t)
            for triple in facts
            for t in triple
            if isinstance(t, URIRef) and str(t).startswith(BASE) and not str(t).startswith(known)
        }
    )
    assert not stray, "\n".join(stray)


# --------------------------------------------------------------------------------------------
# size
# --------------------------------------------------------------------------------------------


def test_at_least_125_entities(facts: Graph, ontology: Graph) -> None:
    """A floor against accidental loss. Read clause by clause, the report names 128 entities
    (plus 21 industries and products kept as SKOS concepts); the spot checks say which."""
    assert len(entities(facts + ontology)) >= 125


def test_at_least_170_fact_nodes(facts: Graph, ontology: Graph) -> None:
    assert len(fact_nodes(facts + ontology)) >= 170
