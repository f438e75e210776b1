"""A mistake in a scenario's text is never reported as the service failing a statement.

Two kinds of mistake, each in a small suite of its own (this repository's ``steps/``,
``fixtures/`` and ``environment.py`` beside a ``features/`` folder with one feature):

* a phrase typo (``Then it is refused because the planets are misaligned``): every free-text
  parameter has a registered type listing its words, so the phrase matches no step —
  ``behave --dry-run`` reports it undefined and exits non-zero, and a real run ends in
  ``error`` (exit 2) with no statement marked ``fail``;
* a step naming an organization the scenario never created: only visible at run time; the
  world raises ``ScenarioTextError`` (a ``SuiteError``), so again ``error``, exit 2, and the
  statement's verdict is ``error``, not ``fail``.

Each feature also holds one correct scenario, which passes: the machinery works, only the
mistaken scenario is held back.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from account_conformance.driver import SuiteError
from conftest import REPO
from fixtures.world import ScenarioTextError

CORRECT = """
  @S09 @ui
  Scenario: A scenario written correctly passes
    Given Alex has an individual Pro account and a Team organization account in Acme
    Then exactly one of Alex's accounts is marked current
"""
TYPO = """Feature: A phrase the step vocabulary does not know

  @S03
  Scenario: A refusal for a reason the vocabulary does not know
    Given Alex has an individual Pro account
    And the Team organization Acme exists
    When Alex tries to move the individual account into Acme's member list
    Then it is refused because the planets are misaligned
""" + CORRECT
UNKNOWN_ORGANIZATION = """Feature: An organization the scenario never created

  @S03
  Scenario: A step names an organization that was never created
    Given Alex has an individual Pro account
    And the Team organization Acme exists
    When Alex tries to move the individual account into Nimbus's member list
    Then it is refused because migration is not supported
""" + CORRECT


def _suite(tmp_path: Path, feature: str) -> Path:
    """A suite folder: the repository's steps, fixtures and hooks, and this one feature."""
    root = tmp_path / "suite"
    (root / "features").mkdir(parents=True)
    for folder in ("steps", "fixtures"):
        (root / folder).symlink_to(REPO / folder, target_is_directory=True)
    shutil.copy(REPO / "environment.py", root / "environment.py")
    (root / "features" / "text_mistake.feature").write_text(feature, encoding="utf-8")
    return root


def _dry_run(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "behave", "--dry-run", "--format", "plain",
                           "--no-capture", "features"],
                          cwd=root, capture_output=True, text=True, timeout=120)


def _run(root: Path, tmp_path: Path) -> tuple[int, dict, str]:
    """``account-conformance run`` on the suite folder: exit code, results.json, output."""
    report = tmp_path / "report"
    env = {**os.environ, "ACCOUNT_CONFORMANCE_SUITE_DIR": str(root)}
    done = subprocess.run([sys.executable, "-m", "account_conformance.cli", "run",
                           "--report-dir", str(report), "--workers", "1", "--format", "plain"],
                          cwd=root, capture_output=True, text=True, timeout=300, env=env)
    results_file = report / "results.json"
    results = json.loads(results_file.read_text()) if results_file.is_file() else {}
    return done.returncode, results, done.stdout + done.stderr


def _statuses(results: dict) -> dict[str, str]:
    return {s["name"]: s["status"] for s in results["scenarios"]}


def _verdicts(results: dict) -> dict[str, str]:
    return {s["id"]: s["verdict"] for s in results["statements"]}


def test_scenario_text_error_is_a_suite_error() -> None:
    assert issubclass(ScenarioTextError, SuiteError)
    assert not issubclass(ScenarioTextError, AssertionError)


def test_a_phrase_typo_is_undefined_at_dry_run(tmp_path: Path) -> None:
    run = _dry_run(_suite(tmp_path, TYPO))
    output = run.stdout + run.stderr
    assert run.returncode != 0, output[-3000:]
    summary = next(line for line in output.splitlines() if re.match(r"\d+ steps passed", line))
    assert "1 undefined" in summary, summary
    assert "the planets are misaligned" in output


def test_an_unknown_organization_passes_the_dry_run(tmp_path: Path) -> None:
    run = _dry_run(_suite(tmp_path, UNKNOWN_ORGANIZATION))
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    assert "undefined" not in output


@pytest.mark.parametrize("feature, scenario, message", [
    (TYPO, "A refusal for a reason the vocabulary does not know", None),
    (UNKNOWN_ORGANIZATION, "A step names an organization that was never created",
     "ScenarioTextError: no organization “Nimbus”"),
], ids=["phrase-typo", "unknown-organization"])
def test_a_text_mistake_is_an_error_not_a_failure(tmp_path: Path, feature: str, scenario: str,
                                                  message: str | None) -> None:
    code, results, output = _run(_suite(tmp_path, feature), tmp_path)
    assert results, output[-3000:]
    assert _statuses(results) == {scenario: "error",
                                  "A scenario written correctly passes": "passed"}, output[-3000:]
    assert (code, results["outcome"], results["exit_code"]) == (2, "error", 2)
    verdicts = _verdicts(results)
    assert verdicts["S03"] == "error" and verdicts["S09"] == "pass", verdicts
    assert "fail" not in verdicts.values(), verdicts
    if message is not None:
        mistaken = next(s for s in results["scenarios"] if s["name"] == scenario)
        assert message in mistaken["message"], mistaken["message"]
