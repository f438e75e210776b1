"""The step library: no undefined steps, and every step function documents its phrase."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import REPO


def _behave(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "behave", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_dry_run_has_no_undefined_or_ambiguous_steps() -> None:
    run = _behave("--dry-run", "--format", "null")
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    assert "StepNotImplementedError" not in output and "undefined" not in output, output
    assert "AmbiguousStep" not in output


def test_steps_catalog_lists_documented_steps() -> None:
    run = _behave("--steps-catalog", "--dry-run", "--no-summary")
    assert run.returncode == 0, run.stderr
    assert "Given " in run.stdout and "Then " in run.stdout


def test_step_functions_are_named_and_documented() -> None:
    for path in sorted((REPO / "steps").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            decorated = any(isinstance(d, ast.Call) and getattr(d.func, "id", "") in
                            {"given", "when", "then", "step"} for d in node.decorator_list)
            if decorated:
                assert node.name.startswith("step_"), f"{path.name}: {node.name}"
                doc = ast.get_docstring(node)
                assert doc and "\n" not in doc.strip(), f"{path.name}: {node.name} docstring"
