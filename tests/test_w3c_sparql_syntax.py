"""The W3C SPARQL 1.1 query-syntax suite, through ``anyi-kg query`` and the Python API."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.namespace import RDF, Namespace

from anyi_kg import query as q
from anyi_kg.cli import main
from anyi_kg.errors import EXIT_BAD_INPUT, EXIT_OK, SyntaxErrorInFile
from anyi_kg.graph.load import load_files

SUITE = Path(__file__).parent / "w3c" / "sparql-syntax-query"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")


def _tests(kind: str) -> list[str]:
    manifest = load_files([SUITE / "manifest.ttl"])
    return sorted(
        str(manifest.value(test, MF.action)).rsplit("/", 1)[-1]
        for test in manifest.subjects(RDF.type, MF[kind])
    )


NEGATIVE = _tests("NegativeSyntaxTest11")
POSITIVE = _tests("PositiveSyntaxTest11")


def test_suite_size() -> None:
    assert (len(NEGATIVE), len(POSITIVE)) == (31, 63)


@pytest.mark.parametrize("action", NEGATIVE)
def test_negative_rejected_by_the_api(action: str) -> None:
    with pytest.raises(SyntaxErrorInFile) as caught:
        q.check(SUITE / action)
    assert caught.value.line is not None and caught.value.column is not None
    assert caught.value.message


@pytest.mark.parametrize("action", NEGATIVE)
def test_negative_rejected_by_the_cli(action: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(SUITE / action), "--check"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith(f"anyi-kg: error: {SUITE / action}:")
    assert "Traceback" not in err


@pytest.mark.parametrize("action", POSITIVE)
def test_positive_parsed_by_the_api(action: str) -> None:
    assert q.check(SUITE / action).origin == str(SUITE / action)


@pytest.mark.parametrize("action", POSITIVE)
def test_positive_parsed_by_the_cli(action: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(SUITE / action), "--check"]) == EXIT_OK
    assert capsys.readouterr().out == f"{SUITE / action}: syntax ok\n"
