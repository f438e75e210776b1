"""The step library: every feature step is defined, every step is used, named and documented.

The step definitions are read from behave's own registry after loading the step modules the
way behave does (parameter types first), so a check cannot pass on an empty list.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import REPO

# Abbreviations a step function's name may use for words of its phrase.
NAME_ABBREVIATIONS = {"sso": ("single", "sign", "on"), "org": ("organization",),
                      "item": ("kind",), "items": ("kind",)}
ALLOWED_IMPORTS = ("behave", "fixtures", "account_conformance.driver", "__future__",
                   "collections", "functools", "typing", "dataclasses")


def _behave(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "behave", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def registry() -> Iterator[dict[Callable[..., None], list[str]]]:
    """Step function -> its phrases, from behave's registry after loading every step module."""
    from behave import step_registry

    from fixtures.vocabulary import register_parameter_types

    saved = {kind: list(steps) for kind, steps in step_registry.registry.steps.items()}
    for steps in step_registry.registry.steps.values():
        steps.clear()
    register_parameter_types()
    sys.path.insert(0, str(REPO / "steps"))
    try:
        for path in sorted((REPO / "steps").glob("*.py")):
            spec = importlib.util.spec_from_file_location(f"_catalog_{path.stem}", path)
            assert spec and spec.loader
            spec.loader.exec_module(importlib.util.module_from_spec(spec))
        phrases: dict[Callable[..., None], list[str]] = {}
        for steps in step_registry.registry.steps.values():
            for definition in steps:
                phrases.setdefault(definition.func, []).append(definition.pattern)
        yield phrases
    finally:
        sys.path.remove(str(REPO / "steps"))
        for kind, steps in step_registry.registry.steps.items():
            steps[:] = saved.get(kind, [])


def test_dry_run_has_no_undefined_or_ambiguous_steps() -> None:
    run = _behave("--dry-run", "--format", "null")
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    summary = [line for line in output.splitlines() if re.match(r"\d+ steps passed", line)]
    assert summary and "untested" in summary[0], output[-3000:]
    assert "undefined" not in summary[0], summary
    assert "AmbiguousStep" not in output and "StepNotImplementedError" not in output


def test_every_step_definition_is_used_by_a_feature() -> None:
    run = _behave("--dry-run", "--format", "steps.usage", "--no-summary")
    assert run.returncode == 0, run.stderr[-3000:]
    assert "@given(" in run.stdout and "features/" in run.stdout, run.stdout[:2000]
    assert "UNUSED STEP DEFINITIONS" not in run.stdout, run.stdout.split(
        "UNUSED STEP DEFINITIONS")[-1]
    assert "UNDEFINED STEPS" not in run.stdout


def test_steps_catalog_lists_every_step_with_its_docstring(
        registry: dict[Callable[..., None], list[str]]) -> None:
    run = _behave("--steps-catalog", "--dry-run", "--no-summary")
    assert run.returncode == 0, run.stderr
    catalog = run.stdout
    for func, phrases in registry.items():
        doc = (func.__doc__ or "").strip()
        for phrase in phrases:
            entry = re.search(rf"^(Given|When|Then|Step) {re.escape(phrase)}\n\s+(.*)$",
                              catalog, re.M)
            assert entry, f"{phrase!r} is not in --steps-catalog"
            assert entry[2].strip() == doc, f"{phrase!r}: catalog shows {entry[2]!r}"


def test_step_functions_are_named_after_their_phrase_and_documented(
        registry: dict[Callable[..., None], list[str]]) -> None:
    assert len(registry) > 100, "the step registry is unexpectedly small"
    for func, phrases in registry.items():
        where = f"{Path(func.__code__.co_filename).name}: {func.__name__}"
        assert func.__name__.startswith("step_"), where
        doc = (func.__doc__ or "").strip()
        assert doc and "\n" not in doc, f"{where} needs a one-line docstring"
        words: set[str] = set()
        for phrase in phrases:
            text = re.sub(r"\{([a-z_]+)(?::\w+)?\}", r"\1", phrase).lower()
            text = re.sub(r"(\w+)'s", r"\1 \1s", text)
            words |= set(re.findall(r"[a-z0-9]+", text))
        strays = [w for w in func.__name__.removeprefix("step_").split("_")
                  if w not in words and not set(NAME_ABBREVIATIONS.get(w, (w + "?",))) <= words]
        assert not strays, f"{where}: {strays} are not words of {phrases[0]!r}"


def test_every_step_parameter_has_a_registered_type(
        registry: dict[Callable[..., None], list[str]]) -> None:
    from fixtures.vocabulary import parameter_types

    known = set(parameter_types()) | {"d"}  # parse's own integer type
    for phrases in registry.values():
        for phrase in phrases:
            for field in re.findall(r"\{([^}]*)\}", phrase):
                _, _, kind = field.partition(":")
                assert kind in known, f"{{{field}}} in {phrase!r} has no registered type"


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append("." * node.level + (node.module or ""))
    return names


def test_step_modules_import_only_behave_fixtures_and_driver_types() -> None:
    paths = sorted((REPO / "steps").glob("*.py"))
    assert len(paths) > 10
    for path in paths:
        for name in _imports(path):
            assert any(name == allowed or name.startswith(allowed + ".")
                       for allowed in ALLOWED_IMPORTS), f"{path.name} imports {name}"
        text = path.read_text(encoding="utf-8")
        assert "register_type" not in text, f"{path.name} registers a type of its own"
        assert "snapshots" not in text, f"{path.name} passes data through a string-keyed dict"


def test_every_step_module_defines_steps(
        registry: dict[Callable[..., None], list[str]]) -> None:
    defining = {Path(func.__code__.co_filename).name for func in registry}
    modules = {path.name for path in (REPO / "steps").glob("*.py")}
    assert modules and modules <= defining, f"no steps in {sorted(modules - defining)}"
