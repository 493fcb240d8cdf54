"""Every prefix the project uses, and a closed namespace for its own ontology terms.

``AK`` raises on an unknown attribute, so a typo fails loudly instead of minting a new IRI;
a test keeps it equal to the terms defined in ``ontology/anyi.ttl``.
"""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace
from rdflib.term import URIRef

BASE = "https://w3id.org/anyi-kg/"


class AK(DefinedNamespace):
    """The anyi-kg ontology."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes: entities
    Region: URIRef
    PublicBody: URIRef
    Site: URIRef
    IndustrialPark: URIRef
    IndustrialBase: URIRef
    Company: URIRef
    InvestmentProject: URIRef
    Programme: URIRef
    ActionPlan: URIRef
    Strategy: URIRef
    Reform: URIRef
    Campaign: URIRef
    Mechanism: URIRef
    ProjectList: URIRef
    FinancialProduct: URIRef
    Honour: URIRef
    Platform: URIRef
    IndustrialCluster: URIRef
    Brand: URIRef
    Industry: URIRef
    Indicator: URIRef
    RankingList: URIRef
    SourceDocument: URIRef
    # classes: facts
    Fact: URIRef
    Observation: URIRef
    Ranking: URIRef
    Change: URIRef
    AwardConferral: URIRef
    Investment: URIRef
    Assertion: URIRef
    # unit gap in QUDT
    Mu: URIRef
    # data structure of the observations
    dsd: URIRef

    # provenance and entity description
    firstMention: URIRef
    providedBy: URIRef
    # observations and rankings
    indicator: URIRef
    refSubject: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    basePeriod: URIRef
    surfaceForm: URIRef
    valueQualifier: URIRef
    rank: URIRef
    rankFromEnd: URIRef
    # changes
    fromObservation: URIRef
    toObservation: URIRef
    # honours and conferrals
    recipient: URIRef
    honour: URIRef
    hasHonour: URIRef
    honourType: URIRef
    level: URIRef
    retained: URIRef
    batch: URIRef
    firstTime: URIRef
    # investments
    investor: URIRef
    project: URIRef
    investsIn: URIRef
    ownedBy: URIRef
    # relations stated as assertions
    locatedIn: URIRef
    partOf: URIRef
    administers: URIRef
    headquarteredIn: URIRef
    hasLeadingEnterprise: URIRef
    industry: URIRef
    listedIn: URIRef
    adopted: URIRef
    issuedBy: URIRef
    established: URIRef
    partnerOf: URIRef
    formerName: URIRef
    projectStatus: URIRef
    hasBrand: URIRef
    platformType: URIRef
    isListedCompany: URIRef


KG = Namespace(BASE + "id/")
FACT = Namespace(BASE + "fact/")
SRC = Namespace(BASE + "source/")
VOCAB = Namespace(BASE + "vocab/")
SHAPES = Namespace(BASE + "shapes#")
LEVEL = Namespace(BASE + "vocab/level/")
INDUSTRY = Namespace(BASE + "vocab/industry/")
HONOURTYPE = Namespace(BASE + "vocab/honour-type/")
PLATFORMTYPE = Namespace(BASE + "vocab/platform-type/")
INDICATOR = Namespace(BASE + "vocab/indicator/")
QUALIFIER = Namespace(BASE + "vocab/qualifier/")
STATUS = Namespace(BASE + "vocab/project-status/")

ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
CUR = Namespace("http://qudt.org/vocab/currency/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = Namespace("http://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")

PREFIXES: dict[str, str] = {
    "ak": str(AK._NS),
    "ak-shape": str(SHAPES),
    "kg": str(KG),
    "fact": str(FACT),
    "src": str(SRC),
    "level": str(LEVEL),
    "industry": str(INDUSTRY),
    "honourtype": str(HONOURTYPE),
    "platformtype": str(PLATFORMTYPE),
    "indicator": str(INDICATOR),
    "qualifier": str(QUALIFIER),
    "status": str(STATUS),
    "org": str(ORG),
    "cv": str(CV),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIM),
    "sdmx-measure": str(SDMX_MEASURE),
    "sdmx-attribute": str(SDMX_ATTR),
    "oa": str(OA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "schema": str(SCHEMA),
    "time": str(TIME),
    "qudt": str(QUDT),
    "unit": str(UNIT),
    "cur": str(CUR),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
    "vann": str(VANN),
}
