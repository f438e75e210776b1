"""The four layers stay apart: checked on the import statements of every module."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _modules(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((REPO / folder).rglob("*.py"))]


def test_steps_fixtures_and_driver_never_import_the_reference_service() -> None:
    suite_side = _modules("steps", "fixtures", "src/account_conformance") + [
        REPO / "environment.py"]
    assert suite_side
    for path in suite_side:
        assert "account_reference" not in _imports(path), path


def test_the_reference_service_imports_nothing_of_the_suite() -> None:
    modules = _modules("src/account_reference")
    assert modules
    for path in modules:
        assert not _imports(path) & {"account_conformance", "steps", "fixtures", "behave"}, path


def test_only_the_driver_speaks_http() -> None:
    for path in _modules("steps", "fixtures", "src/account_conformance") + [
            REPO / "environment.py"]:
        if "driver" in path.relative_to(REPO).parts:
            continue
        assert not _imports(path) & {"requests", "urllib3", "httpx"}, path


def test_steps_talk_only_to_the_driver_protocol() -> None:
    for path in _modules("steps"):
        imported = _imports(path)
        assert "account_conformance" not in imported or path.name.endswith("_steps.py"), path
        text = path.read_text(encoding="utf-8")
        assert "HttpAccountServiceDriver" not in text, f"{path} uses the HTTP driver directly"


def test_every_module_has_a_docstring() -> None:
    for path in _modules("steps", "fixtures", "src", "tests", "benchmarks") + [
            REPO / "environment.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path} has no module docstring"
