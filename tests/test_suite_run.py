"""The whole suite, run as a user runs it, against a reference service in its own process.

Clean reference: every testable statement passes and results.json has the documented shape.
Reference with a deliberately broken merge: exactly the merge statements fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from account_conformance.embedded import EmbeddedReference
from conftest import REPO

COVERED = [f"S{n:02d}" for n in range(1, 20)]


def run_cli(*args: str, cwd: Path = REPO) -> tuple[int, dict, str]:
    report_dir = Path(args[args.index("--report-dir") + 1])
    done = subprocess.run([sys.executable, "-m", "account_conformance.cli", "run", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=900)
    results_file = report_dir / "results.json"
    results = json.loads(results_file.read_text()) if results_file.is_file() else {}
    return done.returncode, results, done.stdout + done.stderr


def verdicts(results: dict) -> dict[str, str]:
    return {s["id"]: s["verdict"] for s in results["statements"]}


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict, str]:
    report_dir = tmp_path_factory.mktemp("clean")
    with EmbeddedReference() as service:
        return run_cli("--base-url", service.base_url, "--report-dir", str(report_dir),
                       "--seed", "20261126")


def test_suite_passes_against_the_reference(clean_run) -> None:
    code, results, output = clean_run
    assert code == 0, output[-3000:]
    table = verdicts(results)
    assert all(table[s] == "pass" for s in COVERED), table
    assert table["S20"] == table["S21"] == "not_testable"
    assert "S01" in output and "pass" in output


def test_results_json_has_the_documented_shape(clean_run) -> None:
    _, results, _ = clean_run
    assert {"suite_version", "target", "seed", "duration_s", "requests",
            "statements"} <= results.keys()
    assert results["seed"] == 20261126 and results["requests"] > 0
    assert [s["id"] for s in results["statements"]] == [f"S{n:02d}" for n in range(1, 22)]
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


def test_no_secret_reaches_the_report(clean_run) -> None:
    _, results, output = clean_run
    text = json.dumps(results) + output
    assert "Bearer " not in text.replace("Bearer [REDACTED]", "")


def test_a_broken_merge_fails_exactly_the_merge_statements(tmp_path: Path) -> None:
    with EmbeddedReference(faults=["merge-accepted"]) as service:
        code, results, output = run_cli("--base-url", service.base_url,
                                        "--report-dir", str(tmp_path))
    assert code == 1, output[-3000:]
    failing = {s for s, v in verdicts(results).items() if v not in ("pass", "not_testable")}
    assert failing and failing <= {"S04", "S05"}, verdicts(results)


def test_embedded_run_from_another_directory(tmp_path: Path) -> None:
    code, results, output = run_cli("--tags", "@S09", "--report-dir", str(tmp_path / "r"),
                                    cwd=tmp_path)
    assert code == 0, output[-3000:]
    assert verdicts(results)["S09"] == "pass"
    assert verdicts(results)["S01"] == "not_run"
    assert "embedded reference" in results["target"]


def test_plain_behave_with_no_arguments_uses_the_embedded_reference() -> None:
    done = subprocess.run([sys.executable, "-m", "behave", "--tags", "@S09", "-f", "progress"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "seed" in done.stderr and "S09" in done.stderr
