"""The county comparison page: chosen county-level divisions side by side, their figures (one row
per indicator, each value with its year and its fact, values that differ for one year
marked), their industries and their honours, read with the cross-county named questions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..graph.terms import Term
from .facts import Row, Value, number, page_url, text

MAX_COUNTIES = 12
"""Counties shown at once; more are refused with a message rather than drawn unreadably wide."""
SHOWN_BY_DEFAULT = 6
"""Up to this many counties in the graph, the page shows them all when none is chosen."""


@dataclass(frozen=True)
class County:
    value: Value
    code: str | None
    within: str  # city and province, where the graph gives them

    @classmethod
    def of(cls, row: Row) -> County:
        county = row["county"]
        assert county is not None
        within = " ".join(t for t in (text(row["province_zh"]), text(row["city_zh"])) if t)
        return cls(Value.of(county, row["county_zh"], row["county_en"]), text(row["code"]), within)


@dataclass(frozen=True)
class Figure:
    """One stated value: its words as the source gives them, its year, its fact and source."""

    shown: str
    year: str | None
    value: str | None
    fact: str
    source: str

    @property
    def url(self) -> str:
        return page_url(self.fact)

    @property
    def source_name(self) -> str:
        return self.source.rsplit("/", 1)[-1]


@dataclass
class Line:
    """One row of a table: a term (indicator, industry, honour type) and a cell per county."""

    term: Value
    cells: list[list[Figure]]

    @property
    def differs(self) -> list[bool]:
        """Per cell: do two figures of one year disagree (different values, the same year)?"""
        return [_disagree(cell) for cell in self.cells]

    @property
    def covered(self) -> int:
        return sum(1 for cell in self.cells if cell)


@dataclass
class Comparison:
    counties: list[County]
    chosen: list[County]
    year: str | None
    figures: list[Line] = field(default_factory=list)
    industries: list[Line] = field(default_factory=list)
    honours: list[Line] = field(default_factory=list)

    @property
    def disagreements(self) -> int:
        return sum(sum(line.differs) for line in self.figures)


def build(
    counties: list[County],
    chosen: list[County],
    year: str | None,
    figures: list[list[Row]],
    industries: list[list[Row]],
    honours: list[list[Row]],
) -> Comparison:
    """The page from each chosen county's answers (in the order of ``chosen``)."""
    page = Comparison(counties, chosen, year)
    page.figures = _lines(figures, "indicator", _figure)
    page.industries = _lines(industries, "industry", _industry)
    page.honours = _lines(honours, "type", _honour)
    return page


def _lines(answers: list[list[Row]], key: str, make: Callable[[Row], Figure]) -> list[Line]:
    lines: dict[str, Line] = {}
    for column, rows in enumerate(answers):
        for row in rows:
            term = row[key]
            if term is None:
                continue
            line = lines.get(term.value)
            if line is None:
                name = Value.of(term, row.get(f"{key}_zh"), row.get(f"{key}_en"))
                line = lines[term.value] = Line(name, [[] for _ in answers])
            figure = make(row)
            if figure not in line.cells[column]:
                line.cells[column].append(figure)
    return sorted(lines.values(), key=lambda line: (-line.covered, line.term.name))


def _figure(row: Row) -> Figure:
    value, rank = text(row["value"]), text(row["rank"])
    shown = text(row["surface"]) or (f"第{rank}位" if rank else number(value or ""))
    return Figure(shown, text(row["year"]), value or rank, _iri(row["fact"]), _iri(row["source"]))


def _industry(row: Row) -> Figure:
    things = text(row["things"]) or "0"
    return Figure(things, None, things, _iri(row["county"]), "")


def _honour(row: Row) -> Figure:
    name = text(row["honour_zh"]) or text(row["honour"]) or ""
    conferral = row["conferral"]
    return Figure(name, text(row["year"]), name, _iri(conferral or row["honour"]), "")


def _iri(term: Term | None) -> str:
    return term.value if term is not None else ""


def _disagree(cell: Iterable[Figure]) -> bool:
    by_year: dict[str | None, set[str | None]] = {}
    for figure in cell:
        by_year.setdefault(figure.year, set()).add(figure.value)
    return any(len(values) > 1 for values in by_year.values())
