"""Parallel, shuffled, sharded and concurrent runs give the serial run's verdicts.

All runs go against one reference process over loopback. Each also leaves nothing behind
(leak accounting) and produces a report that ``verify`` accepts. Ctrl-C ends a run with an
incomplete report (exit 2) and still cleans up. ``merge`` refuses worker parts of runs of
different shards (the split totals cannot differ in a merged report).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from account_conformance.embedded import EmbeddedReference
from account_conformance.parallel import MergeError, Part, check_mergeable
from conftest import BROWSER_MISSING, REPO, SEED, SuiteRunResult

CLI = [sys.executable, "-m", "account_conformance.cli"]


BROWSER = ["--browser"] if BROWSER_MISSING is None else []
"""As the shared serial clean run (conftest): with the screen scenarios where a browser is."""


def run(report: Path, base_url: str, *args: str) -> tuple[int, dict]:
    done = subprocess.run([*CLI, "run", "--base-url", base_url, "--report-dir", str(report),
                           "--seed", str(SEED), *BROWSER, *args], cwd=REPO, capture_output=True,
                          text=True, timeout=600)
    results = json.loads((report / "results.json").read_text())
    return done.returncode, results


def outcome(results: dict) -> tuple[dict, dict]:
    verdicts = {s["id"]: s["verdict"] for s in results["statements"]}
    statuses = {f"{s['feature']}:{s['name']}": s["status"] for s in results["scenarios"]}
    return verdicts, statuses


def junit_cases(report: Path) -> list[str]:
    tree = ET.parse(report / "junit.xml")
    return [f"{c.get('classname')}:{c.get('name')}" for c in tree.iter("testcase")]


@pytest.fixture(scope="module")
def reference() -> str:
    with EmbeddedReference() as service:
        yield service.base_url


@pytest.fixture(scope="module")
def serial(clean_run: SuiteRunResult) -> tuple[Path, dict]:
    """The session's shared serial clean run (conftest), same seed as the runs here."""
    assert clean_run.code == 0, clean_run.output[-2000:]
    return clean_run.report_dir, clean_run.results


def assert_like_serial(serial: tuple[Path, dict], report: Path, results: dict) -> None:
    assert outcome(results) == outcome(serial[1])
    assert [s["name"] for s in results["scenarios"]] == [s["name"] for s in serial[1]["scenarios"]]
    assert junit_cases(report) == junit_cases(serial[0])
    assert results["selection"]["complete"] and results["cleanup"]["leaked"] == 0
    verified = subprocess.run([*CLI, "verify", str(report)], cwd=REPO, capture_output=True,
                              text=True)
    assert verified.returncode == 0, verified.stderr


@pytest.mark.slow
def test_workers_give_the_serial_report(serial, reference: str, tmp_path: Path) -> None:
    code, results = run(tmp_path, reference, "--workers", "3")
    assert code == 0 and results["parts"] == 3
    assert_like_serial(serial, tmp_path, results)


@pytest.mark.slow
def test_shuffled_order_gives_the_same_verdicts(serial, reference: str, tmp_path: Path) -> None:
    code, results = run(tmp_path, reference, "--workers", "1", "--shuffle")
    assert code == 0 and outcome(results) == outcome(serial[1])
    order = [s["name"] for s in results["scenarios"]]
    assert order != [s["name"] for s in serial[1]["scenarios"]], "the order did not change"


@pytest.mark.slow
def test_shards_merge_into_the_serial_report(serial, reference: str, tmp_path: Path) -> None:
    shards = []
    for index in (1, 2):
        code, results = run(tmp_path / f"s{index}", reference, "--shard", f"{index}/2",
                            "--workers", "1")
        assert code == 0 and results["shard"] == {"index": index, "total": 2}
        shards.append(str(tmp_path / f"s{index}"))
    merged = subprocess.run([*CLI, "merge", *shards, "--out", str(tmp_path / "m")], cwd=REPO,
                            capture_output=True, text=True)
    assert merged.returncode == 0, merged.stderr
    results = json.loads((tmp_path / "m" / "results.json").read_text())
    assert_like_serial(serial, tmp_path / "m", results)
    partial = subprocess.run([*CLI, "merge", shards[0], "--out", str(tmp_path / "p")],
                             cwd=REPO, capture_output=True, text=True)
    assert partial.returncode == 2 and "complete: NO" in partial.stderr


@pytest.mark.slow
def test_two_runs_at_once_against_one_service(reference: str, tmp_path: Path) -> None:
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda name: run(tmp_path / name, reference, "--workers", "1"),
                             ["a", "b"]))
    for code, results in runs:
        assert code == 0 and results["cleanup"]["leaked"] == 0
    assert runs[0][1]["run_prefix"] != runs[1][1]["run_prefix"]


def test_ctrl_c_reports_an_incomplete_run_and_cleans_up(tmp_path: Path) -> None:
    with EmbeddedReference(latency_ms=10) as slow:
        child = subprocess.Popen([*CLI, "run", "--base-url", slow.base_url, "--workers", "1",
                                  "--report-dir", str(tmp_path)], cwd=REPO,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert child.stdout is not None
        for line in child.stdout:  # bounded by the run itself: wait for the first feature
            if line.startswith("features/"):
                break
        child.send_signal(signal.SIGINT)
        child.communicate(timeout=120)
    results = json.loads((tmp_path / "results.json").read_text())
    assert child.returncode == 2 and results["outcome"] == "error"
    assert not results["selection"]["complete"] and results["selection"]["executed"] > 0
    assert results["cleanup"]["leaked"] == 0


def test_worker_parts_of_different_shards_are_not_merged(tmp_path: Path) -> None:
    """Worker parts of one split ("part of 2") but of runs of different shards: refused,
    so ``merge`` never writes a report mixing two runs' shares."""

    def part(name: str, index: int, shard: dict | None) -> Part:
        results = {"scenarios": [{"feature": "f.feature", "name": f"s{index}-{name}"}],
                   "part": {"index": index, "of": 2}, "selection": {}, "seed": index}
        if shard is not None:
            results["shard"] = shard
        return Part(tmp_path / name, results)

    one_run = [part("a", 1, {"index": 1, "total": 2}), part("b", 2, {"index": 1, "total": 2})]
    check_mergeable(one_run)
    for other in ({"index": 1, "total": 3}, {"index": 2, "total": 2}, None):
        mixed = [one_run[0], part("c", 2, other)]
        with pytest.raises(MergeError, match="worker parts of different shards"):
            check_mergeable(mixed)
