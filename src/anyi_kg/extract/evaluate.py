"""The extractor scored against the curated graph of a report it holds (the seed).

Per family, precision is over the draft's facts and recall over the curated facts of the
source (:mod:`.compare` pairs them: same subject, value and unit or rank, read inside the
curated fact's span; "(and indicator)" rows also require the indicator; conferrals the year).
Entities count by class, a draft entity being right when it is, or has a name of, a curated
entity of that class first named in the source.

The headline score is the *cold* one (``with_graph=False``): the dictionary holds the
ontology's SKOS schemes and no label of graph/'s entities, so every name of the report is found
by the rules for the language, as for a county the graph has never seen. The *warm* score
(graph/'s own labels in the dictionary) is circular for entities, the answer key being in the
dictionary, and is shown beside it only as such.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..paths import GRAPH_DIR
from .compare import FAMILIES, FIGURES, Aligner, Curated, aligner, draft_facts, pair
from .lexicon import load_lexicon
from .rdf import Draft
from .run import extract
from .source import Report

MODES = {"cold": False, "warm": True}
"""Evaluation modes: whether graph/'s entity labels are in the dictionary."""


@dataclass
class Score:
    family: str
    drafted: int
    curated: int
    right_drafted: int
    right_curated: int

    @property
    def precision(self) -> float:
        return self.right_drafted / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        return self.right_curated / self.curated if self.curated else 1.0


def evaluate(
    draft: Draft, graph_dir: Path = GRAPH_DIR, curated: Curated | None = None
) -> list[Score]:
    """Precision and recall of ``draft`` per family, against the curated facts of its source."""
    curated = curated or Curated.read(graph_dir)
    align = aligner(draft, load_lexicon(True, graph_dir))
    mine = draft_facts(draft, align)
    theirs = curated.facts(draft.source)
    scores = []
    for family in FAMILIES:
        for strict in (False, True) if family in FIGURES else (False,):
            d = [f for f in mine if f.family == family]
            c = [f for f in theirs if f.family == family]
            paired = pair(d, c, strict)
            name = family + (" (and indicator)" if strict else "")
            scores.append(Score(name, len(d), len(c), len(paired.same), len(paired.found)))
    return scores + _entities(draft, curated, align)


def _entities(draft: Draft, curated: Curated, align: Aligner) -> list[Score]:
    wanted = curated.entities(draft.source)
    by_class: dict[str, set[str]] = defaultdict(set)
    for iri, cls in wanted.items():
        by_class[cls].add(iri)
    drafted: dict[str, list[str]] = defaultdict(list)
    for e in draft.entities:
        drafted[e.cls].append(align(e.iri))
    total = Score("entities (all classes)", 0, 0, 0, 0)
    scores = []
    for cls in sorted(set(by_class) | set(drafted)):
        mine, theirs = drafted.get(cls, []), by_class.get(cls, set())
        score = Score("entities: " + cls.rsplit("#", 1)[-1], len(mine), len(theirs),
                      sum(iri in theirs for iri in mine), len(theirs & set(mine)))  # fmt: skip
        scores.append(score)
        total.drafted += score.drafted
        total.curated += score.curated
        total.right_drafted += score.right_drafted
        total.right_curated += score.right_curated
    return [total, *scores]


def evaluate_modes(report: Report, graph_dir: Path = GRAPH_DIR) -> dict[str, list[Score]]:
    """The scores of ``report``'s drafts in each mode of :data:`MODES`, cold first."""
    curated = Curated.read(graph_dir)
    return {
        mode: evaluate(extract(report, graph_dir, with_graph=warm), graph_dir, curated)
        for mode, warm in MODES.items()
    }


def table(modes: dict[str, list[Score]]) -> str:
    """The scores as a Markdown table: the first mode in full, the others' precision and
    recall beside it."""
    first, *others = modes
    rows = {m: {s.family: s for s in scores} for m, scores in modes.items()}
    extra = "".join(f" {m} P | {m} R |" for m in others)
    lines = [
        f"| family | curated | drafted | right | found | {first} P | {first} R |{extra}",
        "|---|" + "---:|" * (6 + 2 * len(others)),
    ]
    for family, s in rows[first].items():
        cells = [f"{s.curated}", f"{s.drafted}", f"{s.right_drafted}", f"{s.right_curated}",
                 f"{s.precision:.2f}", f"{s.recall:.2f}"]  # fmt: skip
        for m in others:
            o = rows[m].get(family)
            cells += [f"{o.precision:.2f}", f"{o.recall:.2f}"] if o else ["", ""]
        lines.append(f"| {family} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
