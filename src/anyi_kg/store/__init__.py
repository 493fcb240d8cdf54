"""Where the graph is queried: Oxigraph embedded (default, in memory or on disk), rdflib, or a
SPARQL server; answers as :class:`~anyi_kg.store.results.Result`; search by label; export."""

from .base import Store
from .embedded import OxigraphStore, RdflibStore
from .open import DATASET_FILE, dataset_file, open_store

__all__ = ["DATASET_FILE", "OxigraphStore", "RdflibStore", "Store", "dataset_file", "open_store"]
