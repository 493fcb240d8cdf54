"""Where the project's data lives: the repository tree, overridable for tests."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "anyi.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
DRAFT_SHAPES_FILE = ONTOLOGY_DIR / "draft-shapes.ttl"
VOCAB_DIR = ONTOLOGY_DIR / "vocab"
GRAPH_DIR = ROOT / "graph"
SOURCES_DIR = GRAPH_DIR / "sources"
DIST_DIR = ROOT / "dist"
QUERIES_DIR = Path(__file__).resolve().parent / "query" / "queries"
