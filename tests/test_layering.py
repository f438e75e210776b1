"""The four layers stay apart: features, steps, the suite package, the reference service.

Each rule is a function from a repository root to the violations it finds there, so the
same code runs twice: against this repository (no violations) and against small synthetic
trees in ``tmp_path`` that break the rule once (the violation is found). A rule that finds
no files to look at reports that too, so it cannot pass by looking at nothing.

Imports are read with ``ast`` from every import statement of a file (module level or
inside a function, relative ones resolved) and from ``importlib.import_module("name")`` /
``__import__("name")`` with a literal name. The reference service is only ever started as
a process by its module name (``python -m account_reference``), which is not an import.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from conftest import REPO

SUITE_SIDE = ("steps", "fixtures", "src/account_conformance", "benchmarks", "environment.py")
HTTP_CLIENTS = ("requests", "urllib3", "httpx", "aiohttp")
BROWSERS = ("playwright", "selenium", "pyppeteer", "splinter")
LOW_LEVEL_HTTP = ("urllib.request", "http.client")
SUITE_PACKAGES = ("account_conformance", "steps", "fixtures", "behave")
FEATURE_TEXT = [
    (re.compile(r"https?://|/v1/|/test-support"), "a URL or path"),
    (re.compile(r"[{}]|\bjson\b", re.IGNORECASE), "JSON"),
    (re.compile(r"\b[1-5]\d\d\b"), "an HTTP status code"),
    (re.compile(r"\b[a-z]+_[a-z_]+\b"), "an error code or identifier"),
]


def _python_files(root: Path, places: Iterable[str]) -> list[Path]:
    """The .py files of the given folders and files under ``root``."""
    found: list[Path] = []
    for place in places:
        path = root / place
        found += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return found


def _package(root: Path, path: Path) -> list[str]:
    """The package a file's relative imports start from (``src/`` is a source root)."""
    relative = path.relative_to(root).parent.parts
    return list(relative[1:] if relative[:1] == ("src",) else relative)


def imports(root: Path, path: Path) -> set[str]:
    """Every dotted name ``path`` imports; ``from a import b`` gives ``a`` and ``a.b``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = _package(root, path)
                anchor = package[:len(package) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names |= {base} | {f"{base}.{alias.name}".strip(".") for alias in node.names}
        elif isinstance(node, ast.Call) and _dynamic_import(node):
            names.add(str(getattr(node.args[0], "value", "")))
    return {name for name in names if name}


def _dynamic_import(call: ast.Call) -> bool:
    """``importlib.import_module("literal")``, ``import_module(...)``, ``__import__(...)``."""
    name = call.func.id if isinstance(call.func, ast.Name) else (
        call.func.attr if isinstance(call.func, ast.Attribute) else "")
    return (name in ("__import__", "import_module") and bool(call.args)
            and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str))


def _outermost(names: Iterable[str]) -> list[str]:
    """The names that are not inside another one of them (``a.b`` covers ``a.b.c``)."""
    unique = set(names)
    return sorted(n for n in unique if not any(n.startswith(m + ".") for m in unique))


def _hits(names: set[str], forbidden: Iterable[str]) -> list[str]:
    """The imported names that are, or lie inside, a forbidden module (outermost only)."""
    forbidden = tuple(forbidden)
    return _outermost(n for n in names if any(n == f or n.startswith(f + ".")
                                              for f in forbidden))


def _scan(root: Path, places: Iterable[str], what: str,
          check: Callable[[Path], list[str]]) -> list[str]:
    """Run ``check`` over the .py files of ``places``; an empty scan is a violation."""
    files = _python_files(root, places)
    if not files:
        return [f"no {what} found under {root}: nothing was checked"]
    return [f"{path.relative_to(root)}: {problem}" for path in files for problem in check(path)]


def features_speak_business_language(root: Path) -> list[str]:
    """Feature files hold no URLs, JSON, status codes or identifiers (tags and comments aside)."""
    files = sorted((root / "features").glob("*.feature"))
    if not files:
        return [f"no feature files under {root / 'features'}: nothing was checked"]
    problems = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            text = line.strip()
            if not text or text.startswith(("#", "@")):
                continue
            problems += [f"{path.name}:{number} has {what}: {text!r}"
                         for pattern, what in FEATURE_TEXT if pattern.search(text)]
    return problems


def steps_use_only_fixtures_and_the_driver_protocol(root: Path) -> list[str]:
    """Step modules import no HTTP or browser library, no reference, no other step module."""
    step_modules = {p.stem for p in (root / "steps").glob("*.py")}

    def is_step_module(name: str) -> bool:
        top = name.split(".")[0]
        return top == "steps" or top in step_modules or top.endswith("_steps")

    def check(path: Path) -> list[str]:
        names = imports(root, path)
        found = [f"imports the step module {n}" for n in _outermost(filter(is_step_module,
                                                                           names))]
        found += [f"imports {n}" for n in _hits(
            names, (*HTTP_CLIENTS, *LOW_LEVEL_HTTP, *BROWSERS, "account_reference",
                    "account_conformance.driver.http",
                    "account_conformance.driver.ui.playwright_driver"))]
        if "HttpAccountServiceDriver" in path.read_text(encoding="utf-8"):
            found.append("uses the HTTP driver directly")
        return found

    return _scan(root, ["steps"], "step modules", check)


def the_reference_imports_nothing_of_the_suite(root: Path) -> list[str]:
    """The reference service shares no code with the suite (nor with behave)."""
    return _scan(root, ["src/account_reference"], "reference modules",
                 lambda path: [f"imports {n}" for n in _hits(imports(root, path),
                                                             SUITE_PACKAGES)])


def the_suite_imports_nothing_of_the_reference(root: Path) -> list[str]:
    """Suite code never imports the reference service (it starts it as a process)."""
    return _scan(root, SUITE_SIDE, "suite modules",
                 lambda path: [f"imports {n}" for n in _hits(imports(root, path),
                                                             ("account_reference",))])


def only_the_transport_speaks_http(root: Path) -> list[str]:
    """Only the modules of ``account_conformance/driver/transport/`` import an HTTP client
    library (the rest of the driver, too, sends through ``Transport``)."""
    transport = root / "src" / "account_conformance" / "driver" / "transport"

    def check(path: Path) -> list[str]:
        if path.is_relative_to(transport):
            return []
        return [f"imports {n}" for n in _hits(imports(root, path), HTTP_CLIENTS)]

    return _scan(root, SUITE_SIDE, "suite modules", check)


BROWSER_BENCHMARK = "benchmarks/browser_choice.py"
"""The one file beside the UI driver that imports browser libraries: it compares them."""


def only_the_ui_driver_drives_a_browser(root: Path) -> list[str]:
    """Only the modules of ``account_conformance/driver/ui/`` import a browser library
    (steps and fixtures call the ``UiDriver`` protocol; a vendor swaps the driver)."""
    ui = root / "src" / "account_conformance" / "driver" / "ui"

    def check(path: Path) -> list[str]:
        if path.is_relative_to(ui) or path == root / BROWSER_BENCHMARK:
            return []
        return [f"imports {n}" for n in _hits(imports(root, path), BROWSERS)]

    return _scan(root, SUITE_SIDE, "suite modules", check)


def every_module_has_a_docstring(root: Path) -> list[str]:
    """Every module of the suite, the reference, the tests and the benchmarks documents itself."""
    return _scan(root, ["steps", "fixtures", "src", "tests", "benchmarks", "environment.py"],
                 "modules", lambda path: [] if ast.get_docstring(ast.parse(
                     path.read_text(encoding="utf-8"))) else ["has no module docstring"])


RULES: list[Callable[[Path], list[str]]] = [
    features_speak_business_language, steps_use_only_fixtures_and_the_driver_protocol,
    the_reference_imports_nothing_of_the_suite, the_suite_imports_nothing_of_the_reference,
    only_the_transport_speaks_http, only_the_ui_driver_drives_a_browser,
    every_module_has_a_docstring,
]


def violations(root: Path) -> list[str]:
    """Everything any layering rule finds under ``root``."""
    return [f"{rule.__name__}: {problem}" for rule in RULES for problem in rule(root)]


# -- a small tree that keeps every rule, and ways to break each one ----------------------

GOOD_TREE = {
    "features/accounts.feature":
        "@S01\nFeature: Accounts\n  Scenario: One of each\n    Given a person\n",
    "steps/account_steps.py": '"""Steps."""\nfrom behave import given\n'
                              "from fixtures.world import ScenarioWorld\n"
                              "from account_conformance.driver import Account\n",
    "fixtures/__init__.py": '"""Fixtures."""\n',
    "fixtures/world.py": '"""World."""\nfrom account_conformance.driver import Session\n',
    "src/account_conformance/__init__.py": '"""Suite."""\n',
    "src/account_conformance/driver/__init__.py": '"""Driver."""\nfrom .http import D\n',
    "src/account_conformance/driver/http.py": '"""HTTP."""\nfrom . import models\n'
                                              "from .transport import Transport\n",
    "src/account_conformance/driver/transport/__init__.py":
        '"""Transport."""\nimport requests\nfrom .sender import Transport\n',
    "src/account_conformance/driver/transport/sender.py":
        '"""Sender."""\nimport urllib3\nfrom requests.adapters import HTTPAdapter\n',
    "src/account_conformance/driver/ui/playwright_driver.py":
        '"""Playwright."""\ndef launch():\n    from playwright.sync_api import sync_playwright\n',
    "src/account_conformance/embedded.py":
        '"""Embedded."""\nimport sys\nimport urllib.request\n'
        'COMMAND = [sys.executable, "-m", "account_reference"]\n',
    "src/account_reference/__init__.py": '"""Reference."""\n',
    "src/account_reference/app.py": '"""App."""\nimport fastapi\nfrom .store import Store\n',
    "tests/test_x.py": '"""Tests."""\nimport requests\nimport account_reference\n',
    "benchmarks/speed.py": '"""Speed."""\nfrom account_conformance.driver import Session\n',
    "environment.py": '"""Hooks."""\nfrom account_conformance.config import SuiteConfig\n',
}

BREAKS = [
    (features_speak_business_language, "features/bad.feature",
     "Feature: F\n  Scenario: S\n    Then the service answers 409\n", "HTTP status"),
    (features_speak_business_language, "features/bad.feature",
     "Feature: F\n  Scenario: S\n    When it posts to https://x.test/v1/accounts\n", "URL"),
    (features_speak_business_language, "features/bad.feature",
     'Feature: F\n  Scenario: S\n    Then the body is {"a": 1}\n', "JSON"),
    (features_speak_business_language, "features/bad.feature",
     "Feature: F\n  Scenario: S\n    Then it is refused with migration_not_supported\n",
     "identifier"),
    (steps_use_only_fixtures_and_the_driver_protocol, "steps/bad_steps.py",
     '"""Bad."""\nimport requests\n', "imports requests"),
    (steps_use_only_fixtures_and_the_driver_protocol, "steps/bad_steps.py",
     '"""Bad."""\ndef f():\n    from playwright.sync_api import sync_playwright\n',
     "imports playwright"),
    (steps_use_only_fixtures_and_the_driver_protocol, "steps/bad_steps.py",
     '"""Bad."""\nfrom account_reference.faults import FAULTS\n', "account_reference"),
    (steps_use_only_fixtures_and_the_driver_protocol, "steps/bad_steps.py",
     '"""Bad."""\nfrom account_steps import helper\n', "step module account_steps"),
    (steps_use_only_fixtures_and_the_driver_protocol, "steps/bad_steps.py",
     '"""Bad."""\nfrom . import account_steps\n', "step module steps"),
    (steps_use_only_fixtures_and_the_driver_protocol, "steps/bad_steps.py",
     '"""Bad."""\nfrom steps.account_steps import helper\n', "step module steps.account_"),
    (steps_use_only_fixtures_and_the_driver_protocol, "steps/bad_steps.py",
     '"""Bad."""\nfrom account_conformance.driver.http import x\n', "driver.http"),
    (the_reference_imports_nothing_of_the_suite, "src/account_reference/bad.py",
     '"""Bad."""\nfrom account_conformance.driver import Account\n', "account_conformance"),
    (the_reference_imports_nothing_of_the_suite, "src/account_reference/bad.py",
     '"""Bad."""\nimport behave\n', "imports behave"),
    (the_suite_imports_nothing_of_the_reference, "fixtures/bad.py",
     '"""Bad."""\nfrom account_reference.faults import FAULTS\n', "account_reference"),
    (the_suite_imports_nothing_of_the_reference, "src/account_conformance/bad.py",
     '"""Bad."""\nimport importlib\nF = importlib.import_module("account_reference.faults")\n',
     "account_reference.faults"),
    (the_suite_imports_nothing_of_the_reference, "environment.py",
     '"""Hooks."""\ndef f():\n    import account_reference\n', "account_reference"),
    (only_the_ui_driver_drives_a_browser, "fixtures/screen.py",
     '"""Bad."""\nfrom playwright.sync_api import Page\n', "imports playwright"),
    (only_the_ui_driver_drives_a_browser, "src/account_conformance/driver/http.py",
     '"""Bad."""\nimport selenium.webdriver\n', "imports selenium"),
    (steps_use_only_fixtures_and_the_driver_protocol, "steps/bad_steps.py",
     '"""Bad."""\nfrom account_conformance.driver.ui.playwright_driver import P\n',
     "playwright_driver"),
    (only_the_transport_speaks_http, "src/account_conformance/reporting.py",
     '"""Bad."""\nimport requests\n', "imports requests"),
    (only_the_transport_speaks_http, "fixtures/bad.py", '"""Bad."""\nimport httpx\n',
     "imports httpx"),
    (only_the_transport_speaks_http, "src/account_conformance/drivers_elsewhere.py",
     '"""Bad."""\nfrom urllib3 import PoolManager\n', "imports urllib3"),
    (only_the_transport_speaks_http, "src/account_conformance/driver/http.py",
     '"""Bad."""\nimport requests\n', "imports requests"),
    (only_the_transport_speaks_http, "src/account_conformance/driver/transport_extra.py",
     '"""Bad."""\nimport urllib3.poolmanager\n', "imports urllib3"),
    (every_module_has_a_docstring, "steps/bad_steps.py", "from behave import given\n",
     "no module docstring"),
]


def _tree(root: Path, extra: dict[str, str] | None = None) -> Path:
    for relative, text in {**GOOD_TREE, **(extra or {})}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_the_repository_keeps_the_rule(rule: Callable[[Path], list[str]]) -> None:
    found = rule(REPO)
    assert not found, "\n".join(found)


def test_the_synthetic_good_tree_keeps_every_rule(tmp_path: Path) -> None:
    assert violations(_tree(tmp_path)) == []


@pytest.mark.parametrize("rule, relative, text, expected", BREAKS,
                         ids=[f"{rule.__name__}-{i}" for i, (rule, *_) in enumerate(BREAKS)])
def test_the_rule_finds_a_synthetic_violation(tmp_path: Path, rule: Callable[[Path], list[str]],
                                              relative: str, text: str, expected: str) -> None:
    found = rule(_tree(tmp_path, {relative: text}))
    assert len(found) == 1 and expected in found[0], found
    assert Path(relative).name in found[0]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_a_rule_that_sees_no_files_fails(rule: Callable[[Path], list[str]],
                                         tmp_path: Path) -> None:
    assert any("nothing was checked" in problem for problem in rule(tmp_path))


def test_every_rule_has_a_synthetic_violation() -> None:
    assert {rule for rule, *_ in BREAKS} == set(RULES)
