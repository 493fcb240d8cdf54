"""The layout of ``src/anyi_kg`` (issue 12): imports run one way, downwards, and no module imports
itself in a circle; no module is over 400 lines.

Every import is read with :mod:`ast`, at any depth (a function's own imports and
``TYPE_CHECKING`` blocks count), and resolved to the module it names. An import of a module's
own package (``from . import x`` inside that package) is not an edge: Python has loaded the
package already.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "anyi_kg"
MAX_LINES = 400

LAYERS: list[set[str]] = [
    {"errors", "paths", "outputs"},
    {"graph"},
    {"query"},
    {"store"},
    {"extract"},
    {"network"},
    {"export", "analysis"},
    {"server"},
    {"cli"},
]
"""The rooms from the ground up; a room imports only from its own layer's rooms or lower ones.
The same table is in the README's layout section."""


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ("anyi_kg", *path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _package(name: str) -> str:
    return name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]


@cache
def imports(name: str) -> frozenset[str]:
    """The project's modules that ``name`` imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package(name).split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            targets = [f"{module}.{alias.name}" for alias in node.names]
            targets = [t if t in MODULES else module for t in targets]
        else:
            continue
        found.update(t for t in targets if t in MODULES)
    return frozenset(t for t in found if t != name and not name.startswith(t + "."))


def _room(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _layer(room: str) -> int:
    return next(i for i, rooms in enumerate(LAYERS) if room in rooms)


def cycles() -> list[list[str]]:
    """The strongly connected sets of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in imports(node):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(MODULES):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_in_a_circle() -> None:
    assert cycles() == []


def test_every_room_has_a_layer() -> None:
    rooms = {_room(m) for m in MODULES} - {"__init__"}
    assert rooms == set().union(*LAYERS)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "anyi_kg"))
def test_imports_run_downwards(module: str) -> None:
    layer = _layer(_room(module))
    upward = [m for m in imports(module) if m != "anyi_kg" and _layer(_room(m)) > layer]
    assert upward == [], f"{module} imports from a higher layer"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_400_lines(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES


def test_the_walk_sees_a_circle_when_there_is_one(tmp_path: Path) -> None:
    """The check itself: two modules that import each other are found."""
    (tmp_path / "a.py").write_text("from .zz_b import f\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("def f():\n    from .zz_a import x\n", encoding="utf-8")
    saved = dict(MODULES)
    try:
        MODULES.update({"anyi_kg.zz_a": tmp_path / "a.py", "anyi_kg.zz_b": tmp_path / "b.py"})
        imports.cache_clear()
        assert ["anyi_kg.zz_a", "anyi_kg.zz_b"] in cycles()
    finally:
        MODULES.clear()
        MODULES.update(saved)
        imports.cache_clear()
