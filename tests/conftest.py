"""Shared pytest fixtures: the reference service as a real process, and whole-suite runs.

Tiers (markers are declared in pyproject.toml, ``--strict-markers``): ``slow`` marks whatever
starts whole-suite runs, builds a wheel, restarts processes or fuzzes (``pytest -m "not slow"``
is the quick loop); ``matrix`` marks the fault matrix (also ``slow``).

Whole-suite runs are expensive (every scenario, two processes), so each distinct run is
made at most once per session and shared: :class:`SuiteRuns` is the session's cache,
``clean_run`` and ``merge_accepted_run`` are its two common entries. A test that needs
"the whole suite against a clean reference" takes ``clean_run`` instead of running it again.

:func:`say` prints past pytest's output capture, so long tests show progress in any log.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from account_conformance.embedded import EmbeddedReference

REPO = Path(__file__).resolve().parents[1]
SHARED_SPEC = REPO.parent / "shared" / "spec"
SEED = 20261126
"""The seed of the shared whole-suite runs (and of the fault matrix)."""
RUN_TIMEOUT_S = 900

_SAY_LOCK = threading.Lock()


def browser_missing() -> str | None:
    """Why the screen scenarios (``--browser``) cannot run on this machine, or None: the
    OS's Chromium and Playwright for Python are both needed (CI installs both)."""
    from account_conformance.driver.ui import find_browser, playwright_available

    if find_browser(None) is None:
        return "no chromium on PATH (apt-get install chromium)"
    return None if playwright_available() else "no playwright (pip install '.[browser]')"


BROWSER_MISSING = browser_missing()
"""None when the shared clean run includes the screen scenarios (``--browser``)."""


def say(where: pytest.FixtureRequest | pytest.Config, line: str) -> None:
    """Print ``line`` past pytest's output capture, so it shows in every run, even ``-q``.

    ``where`` is the test's ``request`` (or the session's ``config``). Safe to call from a
    worker thread while the test's own thread waits for it (the fault matrix does).
    """
    config = where if isinstance(where, pytest.Config) else where.config
    plugins = config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    with _SAY_LOCK:
        if reporter is None or capture is None:  # pragma: no cover - plugins switched off
            print(line, flush=True)
            return
        with capture.global_and_fixture_disabled():
            writer = getattr(reporter, "_tw", None)  # after a line of progress dots (-q)
            if writer is not None and getattr(writer, "width_of_current_line", 0):
                reporter.write("\n")
            reporter.write_line(line.lstrip("\n"))
            reporter.flush()


@pytest.fixture(scope="session")
def reference_url() -> Iterator[str]:
    """A clean reference service for the whole test session; its base URL."""
    with EmbeddedReference() as service:
        yield service.base_url


@dataclass(frozen=True)
class SuiteRunResult:
    """One whole-suite run as a user makes it: ``account-conformance run --report-dir``.

    ``process`` is the finished CLI process, ``report_dir`` what it wrote (results.json,
    junit.xml, conformance.md/.html, evidence), ``results`` the parsed results.json (empty
    when the run wrote none), ``fault`` the reference's fault mode (None: clean).
    """

    fault: str | None
    process: subprocess.CompletedProcess[str]
    report_dir: Path
    results: dict[str, Any]
    wall_s: float

    @property
    def code(self) -> int:
        """The CLI's exit code."""
        return self.process.returncode

    @property
    def output(self) -> str:
        """Everything the CLI printed (stdout, then stderr)."""
        return self.process.stdout + self.process.stderr

    @property
    def verdicts(self) -> dict[str, str]:
        """Statement id → verdict, from results.json."""
        return {s["id"]: s["verdict"] for s in self.results.get("statements", [])}


class SuiteRuns:
    """The session's cache of whole-suite runs, keyed by the reference's fault mode.

    ``get(None)`` is the run against a clean reference (with the screen scenarios,
    ``--browser``, where a browser is installed), ``get("merge-accepted")`` the run
    against a reference started with that fault. Each is made once (the reference in its
    own process, the suite as ``python -m account_conformance.cli run --base-url URL
    --report-dir DIR --seed SEED``), then shared; ``get`` may be called from several threads
    at once (different keys run side by side, the same key waits for the first call).
    """

    def __init__(self, config: pytest.Config, root: Path) -> None:
        self._config = config
        self._root = root
        self._lock = threading.Lock()
        self._key_locks: dict[str | None, threading.Lock] = {}
        self._runs: dict[str | None, SuiteRunResult] = {}

    def get(self, fault: str | None = None) -> SuiteRunResult:
        """The whole-suite run against a reference with ``fault`` (None: clean)."""
        with self._lock:
            key_lock = self._key_locks.setdefault(fault, threading.Lock())
        with key_lock:
            if fault not in self._runs:
                self._runs[fault] = self._run(fault)
            return self._runs[fault]

    def _run(self, fault: str | None) -> SuiteRunResult:
        label = fault or "clean"
        report_dir = self._root / label
        say(self._config, f"[suite run] {label}: whole suite against the reference ...")
        started = time.perf_counter()
        browser = ["--browser"] if fault is None and BROWSER_MISSING is None else []
        with EmbeddedReference(faults=[fault] if fault else []) as service:
            process = subprocess.run(
                [sys.executable, "-m", "account_conformance.cli", "run", "--base-url",
                 service.base_url, "--report-dir", str(report_dir), "--seed", str(SEED),
                 *browser],
                cwd=REPO, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
        wall_s = round(time.perf_counter() - started, 1)
        results_file = report_dir / "results.json"
        results = (json.loads(results_file.read_text(encoding="utf-8"))
                   if results_file.is_file() else {})
        say(self._config, f"[suite run] {label}: exit {process.returncode} in {wall_s} s")
        return SuiteRunResult(fault, process, report_dir, results, wall_s)


@pytest.fixture(scope="session")
def suite_runs(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> SuiteRuns:
    """The session's cache of whole-suite runs (see :class:`SuiteRuns`)."""
    return SuiteRuns(request.config, tmp_path_factory.mktemp("suite-runs"))


@pytest.fixture(scope="session")
def clean_run(suite_runs: SuiteRuns) -> SuiteRunResult:
    """The whole suite against a clean reference, once per session. Do not modify its files:
    copy ``report_dir`` first (``shutil.copytree``) to tamper with a report."""
    return suite_runs.get(None)


@pytest.fixture(scope="session")
def merge_accepted_run(suite_runs: SuiteRuns) -> SuiteRunResult:
    """The whole suite against a reference started with ``--fault merge-accepted``, once
    per session (S04 and S05 fail, everything else passes). Do not modify its files."""
    return suite_runs.get("merge-accepted")


WHOLE_SUITE_FIXTURES = frozenset({"suite_runs", "clean_run", "merge_accepted_run"})
_SESSION: dict[str, pytest.Config] = {}


def pytest_configure(config: pytest.Config) -> None:
    """Remember the session's configuration for :func:`slow_tests_selected`."""
    _SESSION["config"] = config


LONG_PHASE_S = 5.0
"""A test phase (setup, call, teardown) at least this long gets a line in the log."""


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """After a long test phase, say so: a ``pytest -q`` log shows where the minutes go."""
    config = _SESSION.get("config")
    if config is not None and report.duration >= LONG_PHASE_S:
        say(config, f"[{report.duration:.1f} s] {report.nodeid} ({report.when}, "
                    f"{report.outcome})")


def slow_tests_selected() -> bool:
    """Whether this session's ``-m`` expression can select a ``slow`` test.

    For a test module whose *collection* is expensive (schemathesis builds its coverage
    cases when the module is collected): under ``-m "not slow"`` it need not build them.
    True whenever in doubt.
    """
    config = _SESSION.get("config")
    expression = config.getoption("markexpr", "") if config is not None else ""
    if not expression:
        return True
    try:
        from _pytest.mark.expression import Expression

        return bool(Expression.compile(expression).evaluate(
            lambda name, /, **kwargs: name == "slow"))
    except Exception:  # a private pytest API: when it changes, build everything
        return True


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """``matrix`` tests, and tests that take a whole-suite run as a fixture, are ``slow``.

    (A test that reaches a run only through ``request.getfixturevalue`` carries the marker
    itself.)
    """
    for item in items:
        if item.get_closest_marker("slow"):
            continue
        names = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("matrix") or names & WHOLE_SUITE_FIXTURES:
            item.add_marker(pytest.mark.slow)
