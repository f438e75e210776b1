"""The compatibility policy (contract/CHANGELOG.md), through the real CLI.

A service that reports an older minor of the contract (here the reference behind a proxy
whose ``GET /v1/meta`` says 1.1.0) is checked against that minor: the scenarios tagged with
a newer ``@since-X.Y`` (the screen scenarios need 1.2: the sign-in link) are not run, with the
reason, and never fail; the rest runs as usual, the report says so, and ``verify`` accepts it
— and refuses a report that claims to leave out a scenario its version does not excuse.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_proxy import HostileProxy

from account_conformance.embedded import EmbeddedReference
from account_conformance.selection import needs_newer_contract
from conftest import BROWSER_MISSING, REPO, SEED


def test_a_newer_since_tag_needs_a_newer_service() -> None:
    assert needs_newer_contract(["S09", "since-1.2"], "1.1.0") == (
        "needs contract 1.2 (the service reports 1.1.0)")
    assert needs_newer_contract(["since-1.2"], "1.2.0") is None
    assert needs_newer_contract(["since-1.2"], "1.3.1") is None
    assert needs_newer_contract(["since-1.2"], "2.0.0") is None  # majors: preflight's job
    assert needs_newer_contract(["since-1.2"], None) is None


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "account_conformance.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
@pytest.mark.skipif(BROWSER_MISSING is not None, reason=f"no browser: {BROWSER_MISSING}")
def test_scenarios_of_a_newer_minor_are_not_run_against_an_older_service(
        tmp_path: Path) -> None:
    def older(body: object) -> object:
        return {**body, "contract_version": "1.1.0"} if isinstance(body, dict) else body

    report = tmp_path / "out"
    with EmbeddedReference() as service, HostileProxy(
            service.base_url, "rewrite_json", match="GET /v1/meta", rewrite=older) as proxy:
        done = _cli("run", "--base-url", proxy.url, "--browser", "--tags", "@S09",
                    "--report-dir", str(report), "--seed", str(SEED), "--format", "null")
    results = json.loads((report / "results.json").read_text(encoding="utf-8"))
    assert done.returncode == 0, done.stderr[-2000:]
    not_run = results["contract"]["not_run"]
    assert not_run and all(e["scenario"].startswith("screen_switcher.feature:") for e in not_run)
    assert all(e["reason"] == "needs contract 1.2 (the service reports 1.1.0)" for e in not_run)
    assert results["contract"]["service"] == "1.1.0" and results["selection"]["complete"]
    assert not any(s.get("browser") for s in results["scenarios"])
    assert "newer minor not run" in done.stderr
    verified = _cli("verify", str(report))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    tampered = tmp_path / "tampered"
    shutil.copytree(report, tampered)
    data = json.loads((tampered / "results.json").read_text(encoding="utf-8"))
    data["contract_version"] = "1.2.0"  # then nothing is excused: the list is a lie
    (tampered / "results.json").write_text(json.dumps(data), encoding="utf-8")
    refused = _cli("verify", str(tampered))
    assert refused.returncode != 0 and "contract.not_run" in refused.stdout + refused.stderr
