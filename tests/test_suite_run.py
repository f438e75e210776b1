"""The whole suite, run as a user runs it, against a reference service in its own process.

Clean reference: every testable statement passes and results.json has the documented shape.
Reference with a deliberately broken merge: exactly the merge statements fail. The two
whole-suite runs are the session's shared ones (``clean_run``, ``merge_accepted_run`` in
conftest.py); the quick tests run one statement from elsewhere.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from account_conformance.catalog import load_catalog
from account_conformance.fault_catalog import load_faults
from conftest import REPO, SEED, SuiteRunResult

CATALOG = load_catalog()
ALL_IDS = [s.id for s in CATALOG.statements]
TESTABLE = CATALOG.testable_ids
# a bearer token that is neither redacted nor the evidence's shell placeholder
LEAKED_TOKEN = re.compile(r"Bearer (?!\[REDACTED\]|\$SESSION_TOKEN)\S+")


def run_cli(*args: str, cwd: Path = REPO) -> tuple[int, dict, str]:
    """``account-conformance run ARGS`` as a child process: exit code, results.json, output."""
    report_dir = Path(args[args.index("--report-dir") + 1])
    done = subprocess.run([sys.executable, "-m", "account_conformance.cli", "run", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=900)
    results_file = report_dir / "results.json"
    results = json.loads(results_file.read_text()) if results_file.is_file() else {}
    return done.returncode, results, done.stdout + done.stderr


def verdicts(results: dict) -> dict[str, str]:
    """Statement id → verdict."""
    return {s["id"]: s["verdict"] for s in results["statements"]}


@pytest.mark.slow
def test_suite_passes_against_the_reference(clean_run: SuiteRunResult) -> None:
    assert clean_run.code == 0, clean_run.output[-3000:]
    table = clean_run.verdicts
    assert {s: table.get(s) for s in TESTABLE} == dict.fromkeys(TESTABLE, "pass"), table
    untestable = [s for s in ALL_IDS if s not in TESTABLE]
    assert untestable and all(table[s] == "not_testable" for s in untestable), table
    assert all(f"{s}" in clean_run.output for s in ALL_IDS), clean_run.output[-3000:]


@pytest.mark.slow
def test_results_json_has_the_documented_shape(clean_run: SuiteRunResult) -> None:
    results = clean_run.results
    assert {"suite_version", "target", "seed", "duration_s", "requests",
            "statements"} <= results.keys()
    assert results["seed"] == SEED and results["requests"] > 0
    assert [s["id"] for s in results["statements"]] == ALL_IDS
    for statement in results["statements"]:
        assert statement["verdict"] in {"pass", "fail", "error", "not_run", "not_testable"}
        assert {"id", "class", "verdict", "scenarios"} <= statement.keys()
        for scenario in statement["scenarios"]:
            assert set(scenario) == {"name", "status"}
        if statement["verdict"] == "not_testable":
            assert statement["reason"]
    cleanup = results["cleanup"]
    assert cleanup["created"]["identities"] > 0 and cleanup["created"]["organizations"] > 0
    assert cleanup["leaked"] == 0, cleanup


@pytest.mark.slow
@pytest.mark.parametrize("which", ["clean_run", "merge_accepted_run"])
def test_no_secret_reaches_the_report(which: str, request: pytest.FixtureRequest) -> None:
    run: SuiteRunResult = request.getfixturevalue(which)
    files = [p for p in run.report_dir.rglob("*") if p.is_file()]
    assert any(p.name == "results.json" for p in files), files
    texts = {"output": run.output} | {str(p.relative_to(run.report_dir)):
                                      p.read_text(encoding="utf-8", errors="replace")
                                      for p in files}
    leaks = {name: LEAKED_TOKEN.findall(text)[:3] for name, text in texts.items()
             if LEAKED_TOKEN.search(text)}
    assert not leaks, leaks


@pytest.mark.slow
def test_a_broken_merge_fails_exactly_the_merge_statements(
        merge_accepted_run: SuiteRunResult) -> None:
    run = merge_accepted_run
    assert run.code == 1, run.output[-3000:]
    listed = next(f.statements for f in load_faults() if f.name == "merge-accepted")
    failing = {s for s, v in run.verdicts.items() if v not in ("pass", "not_testable")}
    assert failing and failing <= set(listed), run.verdicts
    assert all(v == "fail" for s, v in run.verdicts.items() if s in failing), run.verdicts


def test_embedded_run_from_another_directory(tmp_path: Path) -> None:
    code, results, output = run_cli("--tags", "@S09", "--report-dir", str(tmp_path / "r"),
                                    cwd=tmp_path)
    assert code == 0, output[-3000:]
    assert verdicts(results)["S09"] == "pass"
    assert verdicts(results)["S01"] == "not_run"
    assert "embedded reference" in results["target"]


@pytest.mark.slow
def test_plain_behave_with_no_arguments_uses_the_embedded_reference() -> None:
    done = subprocess.run([sys.executable, "-m", "behave", "--tags", "@S09", "-f", "progress"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "seed" in done.stderr and "S09" in done.stderr
