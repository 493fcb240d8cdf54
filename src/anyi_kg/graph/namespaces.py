"""The project's namespaces as rdflib namespaces, and a closed one for its own ontology terms.

The IRIs themselves are written once, as plain strings, in :mod:`anyi_kg.graph.iris`. ``AK`` raises
on an unknown attribute, so a typo fails loudly instead of minting a new IRI; a test keeps it
equal to the terms defined in ``ontology/anyi.ttl``.
"""

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef

from . import iris
from .iris import BASE, PREFIXES


class AK(DefinedNamespace):
    """The anyi-kg ontology: the terms of :class:`anyi_kg.graph.iris.AK`, as rdflib terms."""

    _NS = Namespace(PREFIXES["ak"])
    _fail = True
    __annotations__ = dict.fromkeys(iris.AK.__annotations__, URIRef)


KG = Namespace(PREFIXES["kg"])
FACT = Namespace(PREFIXES["fact"])
SRC = Namespace(PREFIXES["src"])
VOCAB = Namespace(BASE + "vocab/")
SHAPES = Namespace(PREFIXES["ak-shape"])
LEVEL = Namespace(PREFIXES["level"])
INDUSTRY = Namespace(PREFIXES["industry"])
HONOURTYPE = Namespace(PREFIXES["honourtype"])
PLATFORMTYPE = Namespace(PREFIXES["platformtype"])
INDICATOR = Namespace(PREFIXES["indicator"])
QUALIFIER = Namespace(PREFIXES["qualifier"])
STATUS = Namespace(PREFIXES["status"])

ORG = Namespace(PREFIXES["org"])
CV = Namespace(PREFIXES["cv"])
QB = Namespace(PREFIXES["qb"])
SDMX_DIM = Namespace(PREFIXES["sdmx-dimension"])
SDMX_MEASURE = Namespace(PREFIXES["sdmx-measure"])
SDMX_ATTR = Namespace(PREFIXES["sdmx-attribute"])
OA = Namespace(PREFIXES["oa"])
TIME = Namespace(PREFIXES["time"])
QUDT = Namespace(PREFIXES["qudt"])
UNIT = Namespace(PREFIXES["unit"])
CUR = Namespace(PREFIXES["cur"])
SH = Namespace(PREFIXES["sh"])
SCHEMA = Namespace(PREFIXES["schema"])
VANN = Namespace(PREFIXES["vann"])
