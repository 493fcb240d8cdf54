"""Bad input to ``anyi-kg build`` (issue 18): the exit code, the exact message, nothing written.

Each case runs the command as a user would, in a fresh process, and reads its whole stderr: one
line per problem, never a traceback or a warning. A failed build leaves an existing ``--out``
directory byte for byte as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from anyi_kg.paths import GRAPH_DIR

FIXTURE = Path(__file__).parent / "fixtures" / "build" / "facts.ttl"
XSD = "http://www.w3.org/2001/XMLSchema#"
# The line of the fixture that the cases below extend, and where its next statement starts.
REGION = "    ak:level level:county ;\n"
COLUMN = len("    ak:level level:county ; ") + 1


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``anyi-kg ARGS`` in a new process, as a user runs it."""
    env = {**os.environ, "PYTHONWARNINGS": "default"}  # a warning would show, as to a user
    return subprocess.run(
        [sys.executable, "-m", "anyi_kg.cli", *map(str, args)],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


@pytest.fixture
def graph(tmp_path: Path) -> Path:
    """A small conforming graph (the build fixture) with its source text."""
    directory = tmp_path / "graph"
    directory.mkdir()
    shutil.copytree(GRAPH_DIR / "sources", directory / "sources")
    shutil.copy(GRAPH_DIR / "source.ttl", directory)
    shutil.copy(FIXTURE, directory)
    return directory


@pytest.fixture
def built(graph: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """An output directory from an earlier, good build, and its bytes."""
    out = tmp_path / "dist"
    assert run("build", "--graph", graph, "--out", out).returncode == 0
    return out, _contents(out)


def _contents(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` (temporary files too) and its bytes."""
    files = sorted(p for p in directory.rglob("*") if p.is_file())
    return {str(p.relative_to(directory)): p.read_bytes() for p in files}


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text.rstrip("\n")) + 1


def _edit(graph: Path, old: str, new: str) -> Path:
    path = graph / FIXTURE.name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _refused(graph: Path, built: tuple[Path, dict[str, bytes]], code: int) -> str:
    """Build into the earlier output; the exit code; the output left as it was; stderr."""
    out, before = built
    result = run("build", "--graph", graph, "--out", out)
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    assert _contents(out) == before
    return result.stderr


# ---- literals and terms: exit 1, each at its file, line and column --------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(
            f'"abc"^^<{XSD}integer>',
            '"abc" is not a valid xsd:integer (ak:isListedCompany of kg:anyi-county)',
            id="integer",
        ),
        pytest.param(
            f'"maybe"^^<{XSD}boolean>',
            '"maybe" is not a valid xsd:boolean (ak:isListedCompany of kg:anyi-county)',
            id="boolean",
        ),
        pytest.param(
            f'"1.5.2"^^<{XSD}decimal>',
            '"1.5.2" is not a valid xsd:decimal (ak:isListedCompany of kg:anyi-county)',
            id="decimal",
        ),
        pytest.param(
            f'"-3"^^<{XSD}nonNegativeInteger>',
            '"-3" is not a valid xsd:nonNegativeInteger (ak:isListedCompany of kg:anyi-county)',
            id="negative-non-negative",
        ),
    ],
)
def test_ill_typed_literal_is_located_without_traceback_or_warning(
    graph: Path, built: tuple[Path, dict[str, bytes]], value: str, message: str
) -> None:
    """Where no shape looks (a region is no company), the literal is still refused."""
    path = _edit(graph, REGION, REGION.rstrip(";\n") + f"; ak:isListedCompany {value} ;\n")
    line = _line_of(path, REGION.rstrip(";\n") + f"; ak:isListedCompany {value} ;")
    column = COLUMN + len("ak:isListedCompany ")
    assert _refused(graph, built, 1) == (
        f"anyi-kg: error: 1 problem(s):\n  {path}:{line}:{column}: {message}\n"
    )


def test_ill_typed_value_is_reported_once_not_again_by_the_shapes(
    graph: Path, built: tuple[Path, dict[str, bytes]]
) -> None:
    old = "    sdmx-measure:obsValue 41000000000 ;"
    new = f'    sdmx-measure:obsValue "4.1e10x"^^<{XSD}decimal> ;'
    path = _edit(graph, old, new)
    column = len("    sdmx-measure:obsValue ") + 1
    assert _refused(graph, built, 1) == (
        f"anyi-kg: error: 1 problem(s):\n  {path}:{_line_of(path, new)}:{column}: "
        '"4.1e10x" is not a valid xsd:decimal '
        "(sdmx-measure:obsValue of fact:obs-gross-industrial-output-to)\n"
    )


def test_typed_literal_is_located_at_its_string_across_lines_and_escapes(
    graph: Path, built: tuple[Path, dict[str, bytes]]
) -> None:
    """A long string with quotes and a line break inside: the position is its first quote."""
    value = f'"""a "quoted"\nb"""^^<{XSD}integer>'
    path = _edit(graph, REGION, REGION.rstrip(";\n") + f"; ak:isListedCompany {value} ;\n")
    line = _line_of(path, REGION.rstrip(";\n") + '; ak:isListedCompany """a "quoted"')
    column = COLUMN + len("ak:isListedCompany ")
    assert _refused(graph, built, 1) == (
        f"anyi-kg: error: 1 problem(s):\n  {path}:{line}:{column}: "
        '"a \\"quoted\\"\\nb" is not a valid xsd:integer (ak:isListedCompany of kg:anyi-county)\n'
    )


@pytest.mark.parametrize(
    ("written", "token", "shown", "where"),
    [
        pytest.param("ak:fooBar 1", "ak:fooBar", "ak:fooBar", "ontology", id="predicate"),
        pytest.param("a ak:NoSuchClass", "ak:NoSuchClass", "ak:NoSuchClass", "ontology", id="type"),
        pytest.param(
            "ak:partOf ak:NoSuchClass", "ak:NoSuchClass", "ak:NoSuchClass", "ontology", id="object"
        ),
        pytest.param(
            "<https://w3id.org/anyi-kg/ontology#fooBar> 1",
            "<https://w3id.org/anyi-kg/ontology#fooBar>", "ak:fooBar", "ontology", id="full-iri",
        ),
        pytest.param(
            "<../ontology#fooBar> 1", "<../ontology#fooBar>", "ak:fooBar", "ontology",
            id="relative-iri",
        ),
        pytest.param(
            "ak:industry <https://w3id.org/anyi-kg/vocab/industry/aluminum>",
            "<https://w3id.org/anyi-kg/vocab/industry/aluminum>", "industry:aluminum",
            "vocabularies", id="concept",
        ),
        pytest.param(
            "ak:level level:township", "level:township", "level:township", "vocabularies",
            id="level",
        ),
    ],
)  # fmt: skip
def test_undefined_term_of_a_closed_namespace_is_located(
    graph: Path,
    built: tuple[Path, dict[str, bytes]],
    written: str,
    token: str,
    shown: str,
    where: str,
) -> None:
    path = _edit(graph, REGION, REGION + f"    {written} ;\n")
    line, column = _line_of(path, REGION) + 1, 5 + written.index(token)
    detail = (
        "is not a term of the ontology (ontology/anyi.ttl)" if where == "ontology"
        else "is not a concept or scheme of the vocabularies (ontology/vocab/)"
    )  # fmt: skip
    assert _refused(graph, built, 1) == (
        f"anyi-kg: error: 1 problem(s):\n  {path}:{line}:{column}: {shown} {detail}\n"
    )


@pytest.mark.parametrize(
    "written", ["ak:activeIn kg:anyi-county", "ak:disagreesWith kg:anyi-county"]
)
def test_a_derived_property_stated_in_a_file_is_refused(
    graph: Path, built: tuple[Path, dict[str, bytes]], written: str
) -> None:
    """Only the build writes ak:activeIn and ak:disagreesWith, into graph/derived."""
    path = _edit(graph, REGION, REGION + f"    {written} ;\n")
    line, name = _line_of(path, REGION) + 1, written.split()[0]
    assert _refused(graph, built, 1) == (
        f"anyi-kg: error: 1 problem(s):\n  {path}:{line}:5: {name} is derived by the build "
        "(src/anyi_kg/graph/rules/), not stated by a source\n"
    )


def test_every_use_of_an_undefined_term_is_reported(
    graph: Path, built: tuple[Path, dict[str, bytes]]
) -> None:
    """Not the comment nor the string that mention it: the two places that write it."""
    used = 'rdfs:comment "ak:fooBar" ; '
    added = f"    # ak:fooBar is not real\n    {used}ak:fooBar 1 , 2 ;\n"
    path = _edit(graph, REGION, REGION + added + "    ak:fooBar 3 ;\n")
    line = _line_of(path, REGION) + 2
    message = "ak:fooBar is not a term of the ontology (ontology/anyi.ttl)"
    assert _refused(graph, built, 1) == (
        "anyi-kg: error: 2 problem(s):\n"
        f"  {path}:{line}:{5 + len(used)}: {message}\n"
        f"  {path}:{line + 1}:5: {message}\n"
    )


def test_ill_formed_year_is_a_shape_violation(
    graph: Path, built: tuple[Path, dict[str, bytes]]
) -> None:
    """rdflib (and so this check) leaves years unread; the shape's sh:pattern names the node."""
    old = "    sdmx-measure:obsValue 41000000000 ;"
    _edit(graph, old, old + f'\n    sdmx-dimension:refPeriod "20x3"^^<{XSD}gYear> ;')
    _edit(
        graph,
        "@prefix sdmx-measure:",
        "@prefix sdmx-dimension: "
        "<http://purl.org/linked-data/sdmx/2009/dimension#> .\n@prefix sdmx-measure:",
    )
    assert _refused(graph, built, 1) == (
        "anyi-kg: error: 1 problem(s):\n  fact:obs-gross-industrial-output-to: "
        "[ak-shape:FactShape sdmx-dimension:refPeriod] sdmx-dimension:refPeriod is at most one "
        'year, typed xsd:gYear (e.g. "2023"^^xsd:gYear)\n'
    )


def test_span_without_its_source_text(graph: Path, built: tuple[Path, dict[str, bytes]]) -> None:
    shutil.rmtree(graph / "sources")
    stderr = _refused(graph, built, 1)
    assert stderr.startswith("anyi-kg: error: 3 problem(s):\n")
    assert stderr.count(f"no source document '000_14a3bcd6bc545aa4' in {graph / 'sources'}") == 3


# ---- the file itself: exit 2, one line ------------------------------------------------------


LABEL = "<https://w3id.org/anyi-kg/id/x> <http://www.w3.org/2000/01/rdf-schema#label>"


@pytest.mark.parametrize(
    ("data", "at", "message"),
    [
        pytest.param(
            "\ufeff<https://w3id.org/anyi-kg/id/x> a <https://w3id.org/anyi-kg/ontology#Region> .",
            "\ufeff",
            "the file starts with a byte order mark (U+FEFF), which Turtle does not allow: "
            "save it as UTF-8 without a BOM",
            id="bom",
        ),
        pytest.param(
            f'{LABEL} "x"@en- .', "-",
            '"@en-" is not a well-formed language tag (BCP 47, e.g. @zh or @en-GB): '
            "it ends with '-'",
            id="language-tag-dash",
        ),
        pytest.param(
            f'{LABEL} "x"@1zh .', "1",
            '"@1zh" is not a well-formed language tag (BCP 47, e.g. @zh or @en-GB): '
            "A language code should always start with a letter",
            id="language-tag-digit",
        ),
        pytest.param(
            f'{LABEL} "x" ; \u200b<http://www.w3.org/2000/01/rdf-schema#comment> "y" .', "\u200b",
            "'U+200B (ZERO WIDTH SPACE)' is not allowed at the beginning of a prefix name",
            id="zero-width-space",
        ),
    ],
)  # fmt: skip
def test_unreadable_turtle_in_words(
    graph: Path, built: tuple[Path, dict[str, bytes]], data: str, at: str, message: str
) -> None:
    """The position is that of the offending character, 1-based, in characters."""
    path = graph / "bad.ttl"
    path.write_text(data + "\n", encoding="utf-8")
    column = data.index(at, data.index('"x"') if '"x"' in data else 0) + 1
    assert _refused(graph, built, 2) == f"anyi-kg: error: {path}:1:{column}: {message}\n"


def test_file_not_in_utf8(graph: Path, built: tuple[Path, dict[str, bytes]]) -> None:
    path = graph / "latin1.ttl"
    path.write_bytes(LABEL.encode() + b' "caf\xe9" .\n')
    stderr = _refused(graph, built, 2)
    assert stderr.startswith(f"anyi-kg: error: {path}:1:")
    assert "the file is not UTF-8, as Turtle must be (Invalid UTF-8" in stderr
    assert stderr.count("\n") == 1


# ---- arguments: exit 2, one line, nothing written -------------------------------------------


def test_missing_graph_directory(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = run("build", "--graph", tmp_path / "nonexistent", "--out", out)
    assert (result.returncode, result.stderr) == (
        2, f"anyi-kg: error: no graph directory {tmp_path / 'nonexistent'}\n"
    )  # fmt: skip
    assert not out.exists()


def test_graph_directory_without_turtle(tmp_path: Path) -> None:
    (tmp_path / "graph").mkdir()
    (tmp_path / "graph" / "notes.txt").write_text("no facts here\n", encoding="utf-8")
    result = run("build", "--graph", tmp_path / "graph", "--out", tmp_path / "dist")
    assert (result.returncode, result.stderr) == (
        2, f"anyi-kg: error: no Turtle files (*.ttl) in {tmp_path / 'graph'}\n"
    )  # fmt: skip
    assert not (tmp_path / "dist").exists()


def test_graph_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "facts.ttl").write_bytes(FIXTURE.read_bytes())
    result = run("build", "--graph", tmp_path / "facts.ttl", "--out", tmp_path / "dist")
    assert (result.returncode, result.stderr) == (
        2, f"anyi-kg: error: {tmp_path / 'facts.ttl'} is not a directory of Turtle files\n"
    )  # fmt: skip


@pytest.mark.parametrize("below", [False, True], ids=["file", "below-a-file"])
def test_out_that_is_a_file(graph: Path, tmp_path: Path, below: bool) -> None:
    existing = tmp_path / "notes.txt"
    existing.write_bytes(b"mine\n")
    out = existing / "dist" if below else existing
    result = run("build", "--graph", graph, "--out", out)
    assert (result.returncode, result.stderr) == (
        2, f"anyi-kg: error: {existing} exists and is not a directory: cannot write {out}\n"
    )  # fmt: skip
    assert existing.read_bytes() == b"mine\n"


def test_out_that_is_the_graph_directory(graph: Path) -> None:
    before = _contents(graph)
    result = run("build", "--graph", graph, "--out", graph)
    assert (result.returncode, result.stderr) == (
        2, f"anyi-kg: error: {graph} is the graph directory: the outputs would become input\n"
    )  # fmt: skip
    assert _contents(graph) == before


def test_good_build_replaces_its_own_outputs_and_leaves_other_files(
    graph: Path, built: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = built
    (out / "README.txt").write_bytes(b"not ours\n")
    result = run("build", "--graph", graph, "--out", out)
    assert result.returncode == 0, result.stderr
    after = _contents(out)
    assert after.pop("README.txt") == b"not ours\n"
    assert after == before  # the same bytes again, and no temporary file left
