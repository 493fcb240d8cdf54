"""Shared fixtures: the assembled graph, built once per test session."""

from __future__ import annotations

import pytest
from rdflib import Graph

from anyi_kg.build import Assembled, assemble


@pytest.fixture(scope="session")
def assembled() -> Assembled:
    """Ontology, shapes and curated facts, parsed strictly from the repository."""
    return assemble()


@pytest.fixture(scope="session")
def union(assembled: Assembled) -> Graph:
    """The published graph: ontology, vocabularies and facts together."""
    return assembled.union()
