"""The analysis notebooks (issue 7): committed without outputs, and each runs clean in a fresh
kernel of this virtual environment, offline, rendering to an HTML page that fetches nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from anyi_kg.analysis import notebooks as nb
from anyi_kg.cli import main
from anyi_kg.errors import EXIT_NONCONFORMANT, EXIT_OK

NOTEBOOKS = nb.notebooks()
Run = Callable[[Path], nbformat.NotebookNode]


@pytest.fixture(scope="module")
def run() -> Run:
    """Execute a notebook once per test module, whichever test asks first."""
    done: dict[Path, nbformat.NotebookNode] = {}

    def executed(path: Path) -> nbformat.NotebookNode:
        if path not in done:
            done[path] = nb.execute(path)
        return done[path]

    return executed


def test_issue_7_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "01_tour.ipynb",
        "02_indicators.ipynb",
        "03_industrial_chain.ipynb",
        "04_programs_titles_projects.ipynb",
        "05_counties.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: outputs in cell {cell.id}"
            assert cell.execution_count is None, f"{path.name}: execution count in {cell.id}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_clean(path: Path, run: Run) -> None:
    """Every cell runs (a failing cell raises) and nothing is written to stderr: no warnings,
    in particular no missing-glyph warning for a Chinese label."""
    cells = run(path).cells
    outputs = [output for cell in cells for output in cell.get("outputs", [])]
    assert not [o.text for o in outputs if o.get("name") == "stderr"]
    assert cells[0].cell_type == cells[-1].cell_type == "markdown"
    assert "发现 · Findings" in cells[-1].source


def test_charts_are_embedded_and_the_page_fetches_nothing(run: Run) -> None:
    page = nb.to_html(run(nb.NOTEBOOKS_DIR / "02_indicators.ipynb"))
    assert page.count("data:image/png;base64,") >= 2
    assert "工业总产值" in page
    assert not re.findall(r"""<(?:script|link)[^>]+(?:src|href)=["']?https?:""", page)


def test_cli_writes_html(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nb, "execute", run)  # the run of test_runs_clean, not a second one
    tour = nb.NOTEBOOKS_DIR / "01_tour.ipynb"
    assert main(["notebooks", "--html", str(tmp_path), str(tour)]) == EXIT_OK
    page = (tmp_path / "01_tour.html").read_text(encoding="utf-8")
    assert "224亿元" in page


def test_a_failing_cell_fails_the_run_in_this_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A python3 kernel spec installed for another interpreter is ignored; a cell that raises
    exits 1 with its traceback."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        '{"argv": ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", '
        '"{connection_file}"], "display_name": "elsewhere", "language": "python"}'
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    broken = tmp_path / "broken.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.metadata.kernelspec = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [nbformat.v4.new_code_cell("1 / 0")]
    nbformat.write(notebook, broken)
    assert main(["notebooks", str(broken)]) == EXIT_NONCONFORMANT
    assert "ZeroDivisionError" in capsys.readouterr().err
