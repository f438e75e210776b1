"""Contract latitude, proven: the suite passes a reference that makes every other choice the
contract allows (``account_reference.latitude``), all of them at once.

The whole suite runs over HTTP (``account-conformance run --base-url``) against a reference
process started with every ``--latitude``: it must pass every testable statement, exit 0.
Before the probes aimed at real objects with valid bodies and the wrong TXT token kept the
real token's length, this run failed S01, S12 and S13 (``body-before-session``,
``strict-ids``, ``long-domain-tokens``); ``tests/reference/test_reference_latitude.py``
shows in process that each switch changes the answers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from account_conformance.catalog import load_catalog
from account_conformance.cli import build_parser
from account_conformance.embedded import EmbeddedReference
from account_reference.latitude import LATITUDES
from conftest import REPO, RUN_TIMEOUT_S, SEED, say


def test_the_embedded_reference_and_serve_pass_latitudes_on() -> None:
    command = EmbeddedReference(latitude=["strict-ids", "reversed-lists"]).command()
    assert command[command.index("--latitude") + 1] == "strict-ids"
    assert command.count("--latitude") == 2
    args = build_parser().parse_args(["serve", "--latitude", "strict-ids",
                                      "--latitude", "long-domain-tokens"])
    assert args.latitude == ["strict-ids", "long-domain-tokens"]
    assert len(LATITUDES) >= 6


@pytest.mark.slow
def test_the_whole_suite_passes_a_reference_with_every_latitude(
        request: pytest.FixtureRequest, tmp_path: Path) -> None:
    report_dir = tmp_path / "latitude"
    say(request, f"[latitude] whole suite against a reference with {', '.join(LATITUDES)}")
    with EmbeddedReference(latitude=list(LATITUDES)) as service:
        process = subprocess.run(
            [sys.executable, "-m", "account_conformance.cli", "run", "--base-url",
             service.base_url, "--report-dir", str(report_dir), "--seed", str(SEED)],
            cwd=REPO, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    output = process.stdout + process.stderr
    say(request, f"[latitude] exit {process.returncode}")
    assert process.returncode == 0, output[-4000:]
    results = json.loads((report_dir / "results.json").read_text(encoding="utf-8"))
    verdicts = {s["id"]: s["verdict"] for s in results["statements"]}
    testable = set(load_catalog().testable_ids)
    assert {sid for sid in testable if verdicts.get(sid) != "pass"} == set(), verdicts
    failed = [s["location"] for s in results["scenarios"] if s["status"] != "passed"]
    assert failed == [], failed
