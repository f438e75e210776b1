"""The reference reads as a specification: rules, fault modes that replace them, the store.

Checked on the code itself: the normal path has no fault switch, each fault replaces named
rules once when the app is built (with no state shared between apps), SQL stays in the store
package, every refusal names a code of the problem table, and no module keeps mutable state
of its own.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from account_reference import rules
from account_reference.faults import (
    FAULTS,
    FaultConflictError,
    FaultSet,
    UnknownFaultError,
    rules_for,
)
from account_reference.problems import PROBLEMS, Refusal
from account_reference.rules import Rules

PACKAGE = Path(rules.__file__).resolve().parent
SQL_WORDS = ("SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", "CREATE ")
MUTATORS = {"add", "append", "update", "pop", "clear", "setdefault", "extend", "remove",
            "discard", "insert"}


def _modules(*parts: str) -> list[Path]:
    return sorted((PACKAGE.joinpath(*parts)).rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_the_correct_rules_are_the_functions_of_the_rules_module() -> None:
    correct = rules_for(FaultSet())
    for field in dataclasses.fields(Rules):
        rule = getattr(correct, field.name)
        assert rule is getattr(rules, field.name), field.name
        assert rule.__doc__ and "(S" in rule.__doc__, f"{field.name} names no statement"


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_fault_replaces_named_rules_and_nothing_else(name: str) -> None:
    replaced = rules_for(FaultSet([name]))
    changed = {field.name for field in dataclasses.fields(Rules)
               if getattr(replaced, field.name) is not getattr(rules, field.name)}
    assert changed, f"{name} replaces no rule"
    assert changed == set(FAULTS[name].replacements()), name


def test_fault_state_is_per_app() -> None:
    one = rules_for(FaultSet(["concurrent-switches-mark-two-current"]))
    two = rules_for(FaultSet(["concurrent-switches-mark-two-current"]))
    assert one.save_switch is not two.save_switch
    assert one.marked_current is not two.marked_current


def test_unknown_and_conflicting_faults_are_refused() -> None:
    with pytest.raises(UnknownFaultError, match="no-such-fault"):
        FaultSet(["no-such-fault"])
    with pytest.raises(FaultConflictError, match="initials_shown"):
        FaultSet(["initials-lowercase", "initials-from-email"])
    assert FaultSet(["initials-lowercase", "merge-accepted"]).enabled == {
        "initials-lowercase", "merge-accepted"}


def test_the_normal_path_has_no_fault_switch() -> None:
    outside = [p for p in _modules() if "faults" not in p.relative_to(PACKAGE).parts]
    assert len(outside) > 20
    for path in outside:
        text = path.read_text(encoding="utf-8")
        assert ".on(" not in text and "faults.enabled" not in text, path
        if path.name not in ("app.py", "__main__.py"):
            assert "faults" not in {
                node.module for node in ast.walk(_tree(path))
                if isinstance(node, ast.ImportFrom) and node.module}, path


def test_sql_lives_in_the_store_package() -> None:
    for path in _modules():
        if "store" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not any(word in node.value for word in SQL_WORDS), (path, node.value)


def test_every_refusal_names_a_code_of_the_problem_table() -> None:
    codes = []
    for path in _modules():
        for node in ast.walk(_tree(path)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("Refusal", "problem_response")):
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant):
                    assert first.value in PROBLEMS, (path, first.value)
                    codes.append(first.value)
    assert len(codes) > 20
    assert Refusal("domain_exists", "x").status == 409
    assert Refusal("invalid_request", "x").status == 422


def test_no_module_keeps_mutable_state() -> None:
    for path in _modules():
        tree = _tree(path)
        module_names = {target.id for node in tree.body
                        if isinstance(node, ast.Assign | ast.AnnAssign)
                        for target in (node.targets if isinstance(node, ast.Assign)
                                       else [node.target])
                        if isinstance(target, ast.Name)}
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Global):
                    raise AssertionError(f"{path}: global {node.names}")
                mutated = None
                if isinstance(node, ast.Assign | ast.AugAssign):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    mutated = next((t.value.id for t in targets if isinstance(t, ast.Subscript)
                                    and isinstance(t.value, ast.Name)), None)
                elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                      and node.func.attr in MUTATORS and isinstance(node.func.value, ast.Name)):
                    mutated = node.func.value.id
                assert mutated not in module_names, f"{path}: {function.name} changes {mutated}"
