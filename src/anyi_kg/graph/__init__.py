"""The graph: its terms and IRIs, strict reading of Turtle, the checks (spans, terms, SHACL) and
the build that writes ``dist/``."""
