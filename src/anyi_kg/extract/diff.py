"""A draft against the curated graph, for review (:func:`diff`): what is new, what differs,
what is missing.

For a report the graph holds, the draft's facts are paired with the curated facts of that
source (:func:`.compare.pair`, statement by statement). For a new report nothing can be
missing; a figure differs when another source gives the same subject, indicator and period
another value, and agrees when it gives the same one.
"""

from __future__ import annotations

from pathlib import Path

from ..graph.iris import PREFIXES
from ..paths import GRAPH_DIR
from .compare import FAMILIES, FIGURES, Curated, Fact, Pairing, aligner, draft_facts, pair
from .lexicon import load_lexicon
from .rdf import Draft


def diff(draft: Draft, graph_dir: Path = GRAPH_DIR) -> Pairing:
    """The draft's facts paired with the curated graph's."""
    curated = Curated.read(graph_dir)
    mine = draft_facts(draft, aligner(draft, load_lexicon(True, graph_dir)))
    if draft.source_known:
        result = Pairing()
        theirs = curated.facts(draft.source)
        for family in FAMILIES:
            p = pair([f for f in mine if f.family == family],
                     [f for f in theirs if f.family == family])  # fmt: skip
            result.same += p.same
            result.differ += p.differ
            result.new += p.new
            result.missing += p.missing
        return result
    return _against_others(mine, curated.facts(None))


def _against_others(mine: list[Fact], theirs: list[Fact]) -> Pairing:
    result = Pairing()
    by_place: dict[tuple[str, str, str, str], list[Fact]] = {}
    for c in theirs:
        if c.family in FIGURES:
            by_place.setdefault((c.family, c.subject, c.indicator, c.period), []).append(c)
    for d in mine:
        others = by_place.get((d.family, d.subject, d.indicator, d.period), []) if d.period else []
        same = [c for c in others if c.value == d.value]
        if same:
            result.same.append((d, same[0]))
        elif others:
            result.differ.append((d, others[0]))
        else:
            result.new.append(d)
    return result


def render(pairing: Pairing, raw: str, same_source: bool = True) -> str:
    """The pairing as text: counts, then one line per new, differing and missing fact; the
    curated facts quoted from ``raw`` when they are of the same source."""
    theirs = raw if same_source else ""
    lines = [
        f"same {len(pairing.same)}, new {len(pairing.new)}, differs {len(pairing.differ)}, "
        f"missing {len(pairing.missing)}"
    ]
    if pairing.new:
        lines += ["", f"new ({len(pairing.new)}): in the draft, not in the graph"]
        lines += [f"  + {_line(d, raw)}" for d in pairing.new]
    if pairing.differ:
        lines += ["", f"differs ({len(pairing.differ)}): draft / graph"]
        for d, c in pairing.differ:
            lines += [f"  ~ {_line(d, raw)}", f"    {_line(c, theirs)}  [{_short(c.iri)}]"]
    if pairing.missing:
        lines += ["", f"missing ({len(pairing.missing)}): in the graph, not in the draft"]
        lines += [f"  - {_line(c, raw)}  [{_short(c.iri)}]" for c in pairing.missing]
    return "\n".join(lines)


def _line(f: Fact, raw: str) -> str:
    what = " ".join(_short(w) for w in f.value.split())
    parts = [f.family, _short(f.subject), what]
    if f.indicator:
        parts.append(_short(f.indicator))
    if f.period:
        parts.append(f.period)
    start, end = f.spans[0] if f.spans else (0, 0)
    quote = " ".join(raw[start:end].split())
    return " ".join(parts) + (f"  «{quote[:60]}» @{start}" if quote else "")


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri
