"""Which driver methods each statement's scenarios need, computed from the code.

``python docs/driver_methods.py`` prints the Markdown table that ``docs/writing-a-driver.md``
holds between its ``driver-methods`` markers (``tests/test_vendor_kit.py`` checks the two
agree; ``--write`` rewrites the table in the guide).

How it is computed (an approximation that errs on the side of listing a method):

* the driver methods are the methods of ``AccountServiceDriver`` and ``BrowserSignIn`` in
  ``src/account_conformance/driver/protocol.py``, plus ``raw`` (the optional raw-request
  helper, ``driver.raw``, reached through ``fixtures.hostile.raw_requests``);
* every function in ``steps/*.py`` and ``fixtures/*.py`` uses the methods it names as
  ``….driver.<method>`` or ``driver.<method>`` (called or passed on), plus those of every
  fixture function or method it calls, by name, transitively;
* every step of every scenario (background included, outlines expanded) is matched to its
  step function with behave's own step registry; a statement needs the union over the
  scenarios tagged with its ID (scenarios with no statement tag are listed as contract rules);
* the methods every run uses (the hooks in ``environment.py`` and the preflight) are one row
  of their own.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PROTOCOL = REPO / "src" / "account_conformance" / "driver" / "protocol.py"
GUIDE = REPO / "docs" / "writing-a-driver.md"
BEGIN, END = "<!-- driver-methods:begin -->", "<!-- driver-methods:end -->"
RAW = "raw"
RAW_HELPER = "raw_requests"
OPTIONAL = ("probe_operation", "with_extra_fields", RAW, "sign_in_link")
EVERY_RUN_FILES = (REPO / "environment.py", REPO / "src" / "account_conformance" / "preflight.py")
CONTRACT_ROW = "(no statement tag: contract rules)"
EVERY_RUN_ROW = "every run (hooks, preflight, cleanup)"

FunctionKey = tuple[str, str]  # (file stem, qualified function name)


def protocol_methods(path: Path = PROTOCOL) -> set[str]:
    """The method names of the driver protocols (``raw`` included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    methods = {RAW}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in ("AccountServiceDriver",
                                                             "BrowserSignIn"):
            methods |= {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
    return methods


def _is_driver(node: ast.expr) -> bool:
    """``driver`` or ``<anything>.driver``."""
    return ((isinstance(node, ast.Name) and node.id == "driver")
            or (isinstance(node, ast.Attribute) and node.attr == "driver"))


def _functions(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield f"{node.name}.{item.name}", item


class CallGraph:
    """Direct driver-method uses and fixture calls of every function, by name."""

    def __init__(self, files: Iterable[Path], methods: set[str]) -> None:
        self.methods = methods
        self.direct: dict[FunctionKey, set[str]] = {}
        self.calls: dict[FunctionKey, set[str]] = {}
        self.by_name: dict[str, set[FunctionKey]] = {}
        for path in files:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for qualified, node in _functions(tree):
                key = (path.stem, qualified)
                self.direct[key], self.calls[key] = self._scan(node)
                self.by_name.setdefault(qualified.rsplit(".", 1)[-1], set()).add(key)

    def _scan(self, function: ast.AST) -> tuple[set[str], set[str]]:
        uses: set[str] = set()
        called: set[str] = set()
        passed: set[str] = set()
        local: set[str] = set()
        for node in ast.walk(function):
            if isinstance(node, ast.arg):
                local.add(node.arg)
            elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                local.add(node.id)
        for node in ast.walk(function):
            if isinstance(node, ast.Attribute) and node.attr in self.methods \
                    and _is_driver(node.value):
                uses.add(node.attr)
            elif isinstance(node, ast.Call):
                if isinstance(node.func, ast.Name):
                    called.add(node.func.id)
                elif isinstance(node.func, ast.Attribute):
                    called.add(node.func.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                passed.add(node.id)  # a function passed on (to map, partial, a thread)
        called |= passed - local
        if RAW_HELPER in called:
            uses.add(RAW)
        return uses, called

    def needs(self, key: FunctionKey, seen: set[FunctionKey] | None = None) -> set[str]:
        """The driver methods ``key`` uses, directly or through the functions it calls."""
        seen = set() if seen is None else seen
        if key in seen or key not in self.direct:
            return set()
        seen.add(key)
        found = set(self.direct[key])
        for name in self.calls[key]:
            for callee in self.by_name.get(name, ()):
                found |= self.needs(callee, seen)
        return found


def _load_step_registry() -> Any:
    """Behave's step registry after loading every step module the way behave does."""
    from behave import step_registry

    for steps in step_registry.registry.steps.values():
        steps.clear()
    sys.path[:0] = [str(REPO), str(REPO / "steps")]
    from fixtures.vocabulary import register_parameter_types

    register_parameter_types()
    for path in sorted((REPO / "steps").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"_driver_methods_{path.stem}", path)
        assert spec and spec.loader
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    return step_registry.registry


def _scenarios(feature: Any) -> Iterator[tuple[Any, list[Any]]]:
    """Every scenario (outlines expanded) with its steps, background first."""
    background = list(feature.background.steps) if feature.background else []
    for scenario in feature.walk_scenarios():
        yield scenario, background + list(scenario.steps)


def statement_methods() -> dict[str, set[str]]:
    """Statement ID (or ``CONTRACT_ROW``) -> the driver methods its scenarios need."""
    from behave.parser import parse_file

    from account_conformance.catalog import statement_ids

    methods = protocol_methods()
    graph = CallGraph(sorted((REPO / "steps").glob("*.py"))
                      + sorted((REPO / "fixtures").glob("*.py")), methods)
    registry = _load_step_registry()
    table: dict[str, set[str]] = {}
    for path in sorted((REPO / "features").glob("*.feature")):
        feature = parse_file(str(path))
        for scenario, steps in _scenarios(feature):
            needed: set[str] = set()
            for step in steps:
                match = registry.find_match(step)
                if match is None:
                    raise SystemExit(f"{path.name}: no step definition for {step.name!r}")
                func = match.func
                stem = Path(func.__code__.co_filename).stem
                needed |= graph.needs((stem, func.__name__))
            rows = statement_ids(scenario.effective_tags) or (CONTRACT_ROW,)
            for row in rows:
                table.setdefault(row, set()).update(needed)
    every_run = CallGraph(EVERY_RUN_FILES, methods)
    table[EVERY_RUN_ROW] = set().union(*every_run.direct.values())
    return table


def _method(name: str) -> str:
    return f"`{name}`" + ("*" if name in OPTIONAL else "")


def markdown_table(table: dict[str, set[str]]) -> str:
    """Two Markdown tables: per statement its methods, and per method the statements that
    use it (statements in ID order, then the other rows; methods in protocol order)."""
    order = sorted(k for k in table if k.startswith("S")) + [
        k for k in (CONTRACT_ROW, EVERY_RUN_ROW) if k in table]
    lines = ["| Statement | Driver methods its scenarios need (* optional) |", "|---|---|"]
    for row in order:
        lines.append(f"| {row} | {', '.join(_method(m) for m in sorted(table[row]))} |")
    lines += ["", "| Driver method | Used by (statements; \"every run\": hooks and preflight) |",
              "|---|---|"]
    for method in protocol_order():
        users = [row if row.startswith("S") else row.split(" (")[0] for row in order
                 if method in table[row]]
        lines.append(f"| {_method(method)} | {', '.join(users) or 'no scenario'} |")
    return "\n".join(lines) + "\n"


def protocol_order(path: Path = PROTOCOL) -> list[str]:
    """The protocol methods in the order ``protocol.py`` declares them, then ``raw``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [item.name for node in tree.body if isinstance(node, ast.ClassDef)
             and node.name in ("AccountServiceDriver", "BrowserSignIn")
             for item in node.body if isinstance(item, ast.FunctionDef)]
    return names + [RAW]


def table_in_guide(text: str) -> str:
    """The table between the markers of the driver guide."""
    if BEGIN not in text or END not in text:
        raise ValueError(f"the guide has no {BEGIN} … {END} block")
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the table; ``--write``: put it into the driver guide."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite the table in {GUIDE}")
    args = parser.parse_args(argv)
    table = markdown_table(statement_methods())
    if args.write:
        text = GUIDE.read_text(encoding="utf-8")
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        GUIDE.write_text(f"{before}{BEGIN}\n{table}{END}{after}", encoding="utf-8")
    else:
        sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
