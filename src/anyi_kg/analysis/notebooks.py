"""Running the analysis notebooks of ``notebooks/`` and rendering them to HTML.

Each notebook runs top to bottom in a fresh kernel of the Python running this code (the
project's virtual environment), whatever kernel specs the machine has installed elsewhere, with
its own folder as working directory. A cell that raises stops the run: notebooks state their
findings in words and check them in code, so a failure means the analysis no longer holds.
Notebooks are committed without outputs; the HTML pages carry them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from traitlets import default

from ..errors import BadInputError, NotebookError
from ..outputs import replacing
from ..paths import ROOT

NOTEBOOKS_DIR = ROOT / "notebooks"
CELL_TIMEOUT = 300.0  # seconds; the first cell may build dist/ on a fresh clone
TEMPLATE = Path(__file__).resolve().parent / "templates" / "notebook.html.j2"


class _ThisPython(AsyncKernelManager):
    """A kernel manager that starts ``python3`` as this interpreter's own ipykernel."""

    @default("kernel_spec_manager")
    def _no_installed_specs(self) -> KernelSpecManager:
        # No kernel directories: "python3" resolves to ipykernel's built-in spec, whose
        # command is sys.executable, never a python3 spec installed for another Python.
        return KernelSpecManager(parent=self, kernel_dirs=[])


def notebooks(directory: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The notebooks of ``directory`` in reading order (their names are numbered)."""
    return sorted(directory.glob("*.ipynb"))


def execute(path: Path, timeout: float = CELL_TIMEOUT) -> nbformat.NotebookNode:
    """The notebook at ``path``, run in a fresh kernel, with its outputs."""
    try:
        notebook = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as error:
        raise BadInputError(f"cannot read notebook {path}: {error}") from None
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        kernel_manager_class=_ThisPython,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        raise NotebookError(f"{path}: {error}") from None
    return notebook


def to_html(notebook: nbformat.NotebookNode) -> str:
    """An executed notebook as one self-contained HTML page that loads nothing from the web."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_file=str(TEMPLATE), embed_images=True)
    body, _ = exporter.from_notebook_node(notebook)
    return str(body)


def run(paths: Iterable[Path] | None = None, html_dir: Path | None = None) -> Iterator[Path]:
    """Run the notebooks (all of ``notebooks/`` by default) in turn, stopping at the first failure.

    Yields each notebook once it has run or, with ``html_dir``, the page written there for it
    (``<name>.html``).
    """
    for path in notebooks() if paths is None else paths:
        notebook = execute(path)
        if html_dir is None:
            yield path
            continue
        page = html_dir / f"{path.stem}.html"
        with replacing(page) as temporary:
            temporary.write_text(to_html(notebook), encoding="utf-8")
        yield page
