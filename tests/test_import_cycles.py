"""No import cycles among the modules of the packages in ``src/``.

The graph is built from the source with ``ast``, without importing anything. Its nodes are
the modules of every package under ``src/`` (``pkg/__init__.py`` is the node ``pkg``); an
edge ``a -> b`` means module ``a`` imports module ``b`` of the same tree:

* ``import p.q.r`` and ``from p.q import r`` (absolute) and ``from .q import r`` /
  ``from .. import r`` (relative) all count. ``from X import name`` is an edge to the module
  ``X.name`` when that is a module, else to ``X`` itself (``name`` is defined there).
* **Every** import statement counts, wherever it stands: at module level, inside a
  function, under ``if TYPE_CHECKING:``. Deferring an import into a function, or making it
  type-only, hides a cycle from the interpreter; the two modules still depend on each other,
  which is the design problem this test is about. (The cycle issue 10 named between
  ``driver/http.py`` and ``driver/raw.py`` was exactly that: a function-local import one
  way, a ``TYPE_CHECKING`` import the other.)
* A package is not counted as depending on its own submodules' parent: Python loads
  ``pkg/__init__`` before ``pkg.mod``, but that is how packages work, not a dependency.

A cycle is a strongly connected component with more than one module (self-imports are
ignored). The checker is shown to fail on small synthetic packages in ``tmp_path``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

SRC = REPO / "src"


def _module_names(root: Path) -> dict[str, Path]:
    """Every module under ``root`` (a folder holding top-level packages) by dotted name."""
    modules: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            modules[".".join(parts)] = path
    return modules


def _package_of(name: str, path: Path) -> str:
    """The package a module's relative imports start from."""
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _imported(node: ast.Import | ast.ImportFrom, name: str, path: Path,
              modules: dict[str, Path]) -> set[str]:
    """The modules of the tree one import statement of module ``name`` refers to."""
    targets: list[str] = []
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = _package_of(name, path).split(".")
            anchor = package[:len(package) - (node.level - 1)] if node.level > 1 else package
            base = ".".join([*anchor, *([base] if base else [])])
        targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                   for alias in node.names]
    found = set()
    for target in targets:
        while target and target not in modules:  # import p.q.name: the deepest module
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same tree it imports (every import statement)."""
    modules = _module_names(root)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                graph[name] |= _imported(node, name, path, modules)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(cycles)


def _write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_src_has_packages_and_the_graph_sees_their_imports() -> None:
    graph = import_graph(SRC)
    assert {"account_conformance", "account_reference"} <= set(graph)
    assert "account_conformance.catalog" in graph["account_conformance.reporting"]
    assert sum(len(targets) for targets in graph.values()) > 50


def test_no_import_cycles_in_src() -> None:
    cycles = find_cycles(import_graph(SRC))
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


@pytest.mark.parametrize("files, cycle", [
    pytest.param({"pkg/__init__.py": "", "pkg/a.py": "from . import b\n",
                  "pkg/b.py": "from .a import thing\n"},
                 ["pkg.a", "pkg.b"], id="relative, module level"),
    pytest.param({"pkg/__init__.py": "", "pkg/a.py": "import pkg.b\n",
                  "pkg/b.py": "def f():\n    from pkg import a\n    return a\n"},
                 ["pkg.a", "pkg.b"], id="absolute, one side inside a function"),
    pytest.param({"pkg/__init__.py": "", "pkg/sub/__init__.py": "",
                  "pkg/sub/x.py": "from .. import z\n", "pkg/y.py": "",
                  "pkg/z.py": "from .sub import x\n"},
                 ["pkg.sub.x", "pkg.z"], id="two levels up, through a submodule name"),
    pytest.param({"pkg/__init__.py": "from .a import A\n", "pkg/a.py": "from .b import B\n",
                  "pkg/b.py": "from . import A\n"},
                 ["pkg", "pkg.a", "pkg.b"], id="through the package's __init__"),
])
def test_the_checker_finds_a_synthetic_cycle(tmp_path: Path, files: dict[str, str],
                                             cycle: list[str]) -> None:
    assert find_cycles(import_graph(_write(tmp_path, files))) == [cycle]


def test_the_checker_accepts_a_package_importing_its_own_submodules(tmp_path: Path) -> None:
    root = _write(tmp_path, {
        "pkg/__init__.py": "from .a import A\nfrom . import b\n",
        "pkg/a.py": "from .b import helper\nimport json\n",
        "pkg/b.py": "from typing import Any\nfrom . import c\n",
        "pkg/c.py": "",
    })
    graph = import_graph(root)
    assert graph["pkg"] == {"pkg.a", "pkg.b"} and graph["pkg.a"] == {"pkg.b"}
    assert find_cycles(graph) == []
