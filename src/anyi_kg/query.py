"""Named SPARQL questions (``queries/*.rq``) and running them with bound parameters."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Identifier

from .errors import BadInputError
from .paths import QUERIES_DIR


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file: its name, text and the header comment that documents it."""

    name: str
    text: str

    @property
    def header(self) -> dict[str, str]:
        """``zh``, ``en``, ``parameters``, ``columns`` from the leading ``# key: value`` lines."""
        fields = {}
        for line in self.text.splitlines():
            if not line.startswith("#"):
                break
            key, _, value = line.lstrip("# ").partition(":")
            fields[key.strip()] = value.strip()
        return fields


def names() -> list[str]:
    """Every named question, sorted."""
    return sorted(path.stem for path in QUERIES_DIR.glob("*.rq"))


@cache
def named(name: str) -> NamedQuery:
    """The named question ``name``; an unknown name lists the valid ones."""
    path = QUERIES_DIR / f"{name}.rq"
    if not path.is_file():
        raise BadInputError(f"no named query {name!r}; valid names: {', '.join(names())}")
    return NamedQuery(name, path.read_text(encoding="utf-8"))


def run(graph: Graph, name: str, bindings: dict[str, Identifier] | None = None) -> Result:
    """Run a named question on an rdflib graph, parameters bound as RDF terms."""
    return graph.query(named(name).text, initBindings=bindings or {})
