"""The layout shows the architecture: no import cycles inside ``sim`` or among the console's screens.

Imports are read from the source (module level and inside functions; ``if TYPE_CHECKING:`` blocks
are type hints, not imports). A cycle is reported with the modules on it and what each imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _modules(package: str) -> dict[str, Path]:
    found = {}
    for path in (ROOT / package.replace(".", "/")).rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, known: dict[str, Path]) -> set[str]:
    out: set[str] = set()

    class Visitor(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            test = node.test
            if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
                    (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"):
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_Import(self, node: ast.Import) -> None:
            out.update(alias.name for alias in node.names)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if not node.module:
                return
            submodules = [f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in known]
            out.update(submodules)
            if len(submodules) < len(node.names):  # names from the module itself
                out.add(node.module)

    Visitor().visit(ast.parse(path.read_text(encoding="utf-8")))
    return out


def import_cycles(package: str) -> list[list[str]]:
    """Strongly connected groups of more than one module among ``package``'s modules (Tarjan)."""
    modules = _modules(package)
    graph = {m: sorted(i for i in _imports(p, modules) if i in modules and i != m) for m, p in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return [[f"{m} -> {', '.join(w for w in graph[m] if w in group)}" for m in group] for group in cycles]


@pytest.mark.parametrize("package", ["sim", "ui.console", "ui.console.screens", "replays", "agents"])
def test_no_import_cycles(package):
    """No module of the package imports itself back through others."""
    assert import_cycles(package) == []


def test_the_checker_finds_a_cycle(tmp_path, monkeypatch):
    """The checker is not vacuous: two modules importing each other are reported."""
    pkg = tmp_path / "loop"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from loop.b import x\n")
    (pkg / "b.py").write_text("def x():\n    from loop import a\n")
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    assert import_cycles("loop") == [["loop.a -> loop.b", "loop.b -> loop.a"]]
