"""The extractor end to end: a report in, a checked draft out (:func:`extract`)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ..graph.iris import AK
from ..paths import GRAPH_DIR
from .emergence import read_firsts, read_shared_values
from .figures import FigureReader, Figures, main_entities
from .lexicon import load_lexicon
from .mentions import Mentions
from .rdf import Draft
from .relations import read_relations
from .source import Report
from .text import Text


def source_id(
    report: Report, graph_dir: Path = GRAPH_DIR, with_graph: bool = True
) -> tuple[str, bool]:
    """The report's id: the graph's, if it holds this very text; else ``NNN_<sha256[:16]>``."""
    known = load_lexicon(with_graph, graph_dir).source_id(report.digest)
    if known is not None:
        return known, True
    taken = sorted((graph_dir / "sources").glob("*.txt"))
    numbers = [int(p.stem.split("_", 1)[0]) for p in taken if p.stem.split("_", 1)[0].isdigit()]
    return f"{max(numbers, default=-1) + 1:03d}_{report.digest[:16]}", False


def extract(
    report: Report, graph_dir: Path = GRAPH_DIR, with_graph: bool = True,
    now: datetime | None = None,
) -> Draft:  # fmt: skip
    """The draft graph of ``report``; ``with_graph=False`` ignores the graph's entities."""
    started = now or datetime.now(UTC).replace(microsecond=0)
    source, known = source_id(report, graph_dir, with_graph)
    lexicon = load_lexicon(with_graph, graph_dir)
    text = Text(report.text, source)
    finder = Mentions(text, lexicon, lexicon.reserved)
    found = finder.find()
    main = main_entities(found)
    warnings = list(report.warnings)
    if AK.Region not in main:
        warnings.append(f"{report.name}: names no region; figures need one as their subject")
    mentions = finder.add_subject_words(main)
    figures = Figures()
    if AK.Region in main:
        reader = FigureReader(text, lexicon, mentions, main)
        figures = reader.read()
        read_firsts(text, reader.indicators, main, figures)
        read_shared_values(text, lexicon, mentions, figures)
    relations = read_relations(text, mentions, main) if AK.Region in main else []
    entities = sorted(finder.entities.values(), key=lambda e: e.first)
    title = text.paragraphs[0].text.strip() if text.paragraphs else report.name
    draft = Draft(
        text, title[:200], known, entities, figures, relations, started,
        now or datetime.now(UTC).replace(microsecond=0), warnings,
    )  # fmt: skip
    if not draft.fact_count:
        warnings.append(f"{report.name}: no facts found; the draft holds only its provenance")
    return draft
