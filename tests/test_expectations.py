"""Expected failures per scenario, as well as per statement, and still strict — through the CLI.

A scenario entry excuses that scenario only: under ``merge-accepted`` every S04 scenario
fails, so excusing one leaves S04 failing (exit 1) with that scenario marked; excusing every
one of them makes S04 ``expected_fail`` (exit 0); the same entries against a clean service are
``unexpected_pass`` (exit 1). A key that is no scenario of the suite is a configuration error.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from account_conformance.config import ConfigurationError
from account_conformance.embedded import EmbeddedReference
from account_conformance.expectations import load_expectations
from conftest import REPO, SEED

TAGS = "@S04 and @R-OP-request_merge-2 and not @hostile"
FIRST = ("merging.feature:An individual Pro account cannot be merged into the Team account "
         "under the same email -- @1.1 ")


def _write(path: Path, entries: list[dict[str, str]]) -> Path:
    lines = []
    for entry in entries:
        lines.append("[[expected_failure]]")
        lines += [f"{key} = {json.dumps(value)}" for key, value in entry.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(base_url: str, report: Path, expectations: Path) -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "account_conformance.cli", "run", "--base-url", base_url,
         "--tags", TAGS, "--expectations", str(expectations), "--report-dir", str(report),
         "--seed", str(SEED), "--format", "null"],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    return done.returncode, json.loads((report / "results.json").read_text(encoding="utf-8"))


def _s04(results: dict) -> dict:
    return next(row for row in results["statements"] if row["id"] == "S04")


def test_a_key_that_is_no_scenario_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="is not a scenario of the suite"):
        load_expectations(_write(tmp_path / "e.toml", [{"scenario": "merging.feature:nope",
                                                        "reason": "x"}]))
    with pytest.raises(ConfigurationError, match="either a statement or a scenario"):
        load_expectations(_write(tmp_path / "e.toml", [{"scenario": FIRST, "statement": "S04",
                                                        "reason": "x"}]))
    loaded = load_expectations(_write(tmp_path / "e.toml", [{"scenario": FIRST,
                                                             "reason": "TICKET-1"}]))
    assert loaded[FIRST].statement == "S04" and loaded[FIRST].scenario == FIRST


@pytest.mark.slow
def test_scenario_expectations_excuse_only_their_scenario(tmp_path: Path) -> None:
    with EmbeddedReference(faults=["merge-accepted"]) as broken:
        code, first = _run(broken.base_url, tmp_path / "one",
                           _write(tmp_path / "one.toml", [{"scenario": FIRST,
                                                           "reason": "TICKET-1"}]))
        failing = [s["feature"] + ":" + s["name"] for s in first["scenarios"]
                   if s["status"] == "failed"]
        assert code == 1 and _s04(first)["verdict"] == "fail" and len(failing) > 1
        marked = [s for s in first["scenarios"] if s.get("expected_failure")]
        assert [s["feature"] + ":" + s["name"] for s in marked] == [FIRST]
        every = _write(tmp_path / "all.toml", [{"scenario": key, "reason": "TICKET-1"}
                                                for key in failing])
        code, all_expected = _run(broken.base_url, tmp_path / "all", every)
        assert code == 0 and _s04(all_expected)["verdict"] == "expected_fail"
    with EmbeddedReference() as clean:
        code, fixed = _run(clean.base_url, tmp_path / "fixed", every)
    assert code == 1 and _s04(fixed)["verdict"] == "unexpected_pass"
    verify = subprocess.run([sys.executable, "-m", "account_conformance.cli", "verify",
                             str(tmp_path / "fixed")], cwd=REPO, capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout + verify.stderr
