"""junit.xml: clean names, file and line on every scenario, statements in their own suite.

The slow tests read the session's shared run against ``--fault merge-accepted`` (conftest)
and compare with what the console printed; the quick ones use handcrafted results.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from account_conformance.reports.junit import build_junit
from conftest import SuiteRunResult

COUNTS = {"failures": "failed", "errors": "error", "skipped": "skipped"}


@pytest.fixture(scope="module")
def broken(merge_accepted_run: SuiteRunResult) -> tuple[SuiteRunResult, ET.Element]:
    """The shared failing run and its junit.xml."""
    assert merge_accepted_run.code == 1, merge_accepted_run.output[-2000:]
    return merge_accepted_run, ET.parse(merge_accepted_run.report_dir / "junit.xml").getroot()


def _console_counts(output: str) -> dict[str, int]:
    """The scenario counts of the console's ``scenarios: 23 failed, 416 passed; …`` line."""
    line = re.search(r"^scenarios: ([^;]+);", output, re.M)
    assert line is not None, output[-2000:]
    return {status: int(n) for n, status in re.findall(r"(\d+) (\w+)", line.group(1))}


def test_the_totals_are_the_consoles_scenario_counts(broken) -> None:
    run, root = broken
    console = _console_counts(run.output)
    assert int(root.get("tests")) == sum(console.values())
    for attribute, status in COUNTS.items():
        assert int(root.get(attribute)) == console.get(status, 0)
    suites = root.findall("testsuite")
    scenario_suites = [s for s in suites if s.get("name") != "statements"]
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in scenario_suites)
    statements = [s for s in suites if s.get("name") == "statements"]
    assert len(statements) == 1 and statements[0] is suites[-1]
    assert len(statements[0].findall("testcase")) == len(run.results["statements"])
    assert all(c.get("classname") == "statements" for c in statements[0].iter("testcase"))
    assert not any(c.get("classname") == "statements"
                   for s in scenario_suites for c in s.iter("testcase"))


def test_scenario_cases_carry_clean_names_file_and_line(broken) -> None:
    run, root = broken
    cases = [c for s in root.findall("testsuite") if s.get("name") != "statements"
             for c in s.findall("testcase")]
    assert len(cases) == len(run.results["scenarios"])
    assert any(s["name"] != s["name"].strip() for s in run.results["scenarios"])  # outlines
    for case, scenario in zip(cases, run.results["scenarios"], strict=True):
        assert case.get("name") == scenario["name"].strip()
        assert case.get("file") + ":" + case.get("line") == scenario["location"]
        assert not Path(case.get("file")).is_absolute()


def _results(**scenario: Any) -> dict[str, Any]:
    entry = {"name": "Merging is refused -- @1.2 ", "feature": "merge.feature",
             "location": "features/merge.feature:30", "statements": ["S04"],
             "status": "failed", "message": "ASSERT FAILED: accepted"}
    entry.update(scenario)
    return {"scenarios": [entry], "statements": [
        {"id": "S04", "verdict": "fail", "scenarios": [], "rules": []},
        {"id": "S20", "verdict": "not_testable", "reason": "a reference", "scenarios": []}]}


def test_names_are_stripped_and_location_split() -> None:
    root = build_junit(_results())
    case = root.find("testsuite/testcase")
    assert case is not None
    assert (case.get("name"), case.get("file"), case.get("line")) == (
        "Merging is refused -- @1.2", "features/merge.feature", "30")
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("1", "1", "0")
    statements = root.find("testsuite[@name='statements']")
    assert statements is not None
    assert (statements.get("tests"), statements.get("failures"), statements.get("skipped")) == (
        "2", "1", "1")


def test_a_location_without_a_line_has_no_line_attribute() -> None:
    case = build_junit(_results(location="merge.feature")).find("testsuite/testcase")
    assert case is not None and case.get("file") == "merge.feature" and "line" not in case.attrib


def test_an_error_case_carries_the_cause_line() -> None:
    message = "  File \"x.py\", line 2\n    ^^^^\nTimeoutError: no answer in 10 s"
    root = build_junit(_results(status="error", message=message))
    error = root.find("testsuite/testcase/error")
    assert error is not None and error.get("message") == "TimeoutError: no answer in 10 s"
    assert Counter(c.tag for c in root.iter() if c.tag in ("error", "failure")) == {"error": 1,
                                                                                  "failure": 1}
