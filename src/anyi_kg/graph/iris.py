"""Every prefix the project uses, and its ontology's terms, as plain IRI strings.

The one place these IRIs are written. It needs no rdflib, so code that never meets rdflib terms
(the network page, ``anyi-kg viz``) does not pay for importing it; :mod:`anyi_kg.graph.namespaces`
builds its rdflib namespaces from here. ``AK`` is closed: an unknown term raises
``AttributeError`` (and fails the type check), so a typo cannot mint a new IRI.
"""

from __future__ import annotations

from typing import Any

BASE = "https://w3id.org/anyi-kg/"

PREFIXES: dict[str, str] = {
    "ak": BASE + "ontology#",
    "ak-shape": BASE + "shapes#",
    "kg": BASE + "id/",
    "fact": BASE + "fact/",
    "src": BASE + "source/",
    "level": BASE + "vocab/level/",
    "industry": BASE + "vocab/industry/",
    "honourtype": BASE + "vocab/honour-type/",
    "platformtype": BASE + "vocab/platform-type/",
    "indicator": BASE + "vocab/indicator/",
    "qualifier": BASE + "vocab/qualifier/",
    "status": BASE + "vocab/project-status/",
    "review": BASE + "vocab/review-status/",
    "org": "http://www.w3.org/ns/org#",
    "cv": "http://data.europa.eu/m8g/",
    "qb": "http://purl.org/linked-data/cube#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "time": "http://www.w3.org/2006/time#",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
    "cur": "http://qudt.org/vocab/currency/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "vann": "http://purl.org/vocab/vann/",
    "adms": "http://www.w3.org/ns/adms#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
}


class Terms:
    """A closed namespace of plain IRIs: a subclass's annotated names, each under ``namespace``."""

    def __init_subclass__(cls, namespace: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in cls.__annotations__:
            setattr(cls, name, namespace + name)


class AK(Terms, namespace=PREFIXES["ak"]):
    """The anyi-kg ontology; a test keeps these terms equal to those of ``ontology/anyi.ttl``."""

    # classes: entities
    Region: str
    PublicBody: str
    Site: str
    IndustrialPark: str
    IndustrialBase: str
    Company: str
    InvestmentProject: str
    Programme: str
    ActionPlan: str
    Strategy: str
    Reform: str
    Campaign: str
    Mechanism: str
    ProjectList: str
    FinancialProduct: str
    Honour: str
    Platform: str
    IndustrialCluster: str
    Brand: str
    Industry: str
    Indicator: str
    RankingList: str
    SourceDocument: str
    TestSource: str
    ReferenceSource: str
    # classes: facts
    Fact: str
    Observation: str
    Ranking: str
    Change: str
    AwardConferral: str
    Investment: str
    Assertion: str
    # unit gap in QUDT
    Mu: str
    # data structure of the observations
    dsd: str

    # provenance and entity description
    firstMention: str
    providedBy: str
    # observations and rankings
    indicator: str
    refSubject: str
    periodStart: str
    periodEnd: str
    basePeriod: str
    surfaceForm: str
    valueQualifier: str
    rank: str
    rankFromEnd: str
    # changes
    fromObservation: str
    toObservation: str
    # honours and conferrals
    recipient: str
    honour: str
    hasHonour: str
    honourType: str
    level: str
    retained: str
    batch: str
    firstTime: str
    # investments
    investor: str
    project: str
    investsIn: str
    ownedBy: str
    # relations stated as assertions
    locatedIn: str
    partOf: str
    administers: str
    headquarteredIn: str
    hasLeadingEnterprise: str
    industry: str
    listedIn: str
    adopted: str
    issuedBy: str
    established: str
    partnerOf: str
    formerName: str
    projectStatus: str
    hasBrand: str
    platformType: str
    divisionCode: str
    isListedCompany: str
    # inverse readings (owl:inverseOf), for naming a relation from its other end
    locationOf: str
    headquartersOf: str
    hasPart: str
    administeredBy: str
    leadsCluster: str
    industryOf: str
    lists: str
    adoptedBy: str
    owns: str
    issued: str
    establishedBy: str
    statusOf: str
    brandOf: str
    honourOf: str
    investedBy: str
    levelOf: str
    honourTypeOf: str
    platformTypeOf: str
    provided: str
    # derived links, in the derived graph only (graph.derive)
    activeIn: str
    disagreesWith: str
