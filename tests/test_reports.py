"""Reports from real runs: JUnit XML, the statement report (Markdown, HTML) and verification.

The session's two shared whole-suite runs (``clean_run`` and ``merge_accepted_run`` in
conftest: a reference in its own process, clean or with a deliberately broken merge) feed
every test; tampered copies live in ``tmp_path``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from account_conformance.catalog import load_catalog
from account_conformance.reports import write_reports
from account_conformance.reports.junit import write_junit
from account_conformance.reports.statement_report import render_html, render_markdown
from account_conformance.reports.verify import verify_report
from conftest import REPO, SuiteRunResult


@pytest.fixture(scope="module")
def clean(clean_run: SuiteRunResult) -> tuple[Path, dict]:
    """The session's shared clean run (conftest): its report directory and results."""
    assert clean_run.results["outcome"] == "pass", clean_run.output[-2000:]
    assert clean_run.code == clean_run.results["exit_code"]
    return clean_run.report_dir, clean_run.results


@pytest.fixture(scope="module")
def broken(merge_accepted_run: SuiteRunResult) -> tuple[Path, dict]:
    """The session's shared run against ``--fault merge-accepted``."""
    results = merge_accepted_run.results
    assert results["outcome"] == "fail" and results["exit_code"] == 1
    assert merge_accepted_run.code == 1
    return merge_accepted_run.report_dir, results


def _tampered(source: Path, tmp_path: Path, edit) -> Path:
    """A copy of ``source`` whose results.json went through ``edit``."""
    target = tmp_path / "report"
    shutil.copytree(source, target)
    results = json.loads((target / "results.json").read_text(encoding="utf-8"))
    edit(results)
    (target / "results.json").write_text(json.dumps(results, ensure_ascii=False),
                                         encoding="utf-8")
    return target


def _first_failing(results: dict) -> dict:
    return next(s for s in results["scenarios"] if s["status"] == "failed")


@pytest.mark.slow
@pytest.mark.parametrize("run", ["clean", "broken"])
def test_junit_counts_match_the_results(run: str, request: pytest.FixtureRequest) -> None:
    report_dir, results = request.getfixturevalue(run)
    root = ET.parse(report_dir / "junit.xml").getroot()
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites)[-1] == "statements"
    by_feature = Counter(s["feature"] for s in results["scenarios"])
    assert {n: int(s.get("tests")) for n, s in suites.items() if n != "statements"} == by_feature
    counts = Counter(s["status"] for s in results["scenarios"])
    scenario_suites = [s for n, s in suites.items() if n != "statements"]
    assert sum(int(s.get("failures")) for s in scenario_suites) == counts["failed"]
    assert sum(int(s.get("errors")) for s in scenario_suites) == counts["error"]
    statements = suites["statements"]
    assert [c.get("name") for c in statements.findall("testcase")] == list(load_catalog().ids)
    verdicts = Counter(s["verdict"] for s in results["statements"])
    assert int(statements.get("failures")) == verdicts["fail"] + verdicts["unexpected_pass"]
    assert int(statements.get("skipped")) == (verdicts["not_run"] + verdicts["not_testable"]
                                              + verdicts["expected_fail"])
    for key in ("tests", "failures", "errors", "skipped"):  # the root counts scenarios only
        assert int(root.get(key)) == sum(int(s.get(key)) for s in scenario_suites)
    case = root.find("testsuite/testcase")
    assert case is not None and case.find("properties/property[@name='statement']") is not None


@pytest.mark.slow
def test_junit_failures_name_their_evidence(broken) -> None:
    report_dir, results = broken
    root = ET.parse(report_dir / "junit.xml").getroot()
    failing = _first_failing(results)
    case = next(c for c in root.iter("testcase") if c.get("name") == failing["name"].strip())
    assert case.get("classname") == Path(failing["feature"]).stem
    failure = case.find("failure")
    assert failure is not None and failure.get("message") in failing["message"]
    out = case.find("system-out").text
    assert f"[[ATTACHMENT|{failing['evidence_file']}]]" in out
    statement = root.find("testsuite[@name='statements']/testcase[@name='S04']")
    assert statement.find("failure") is not None
    untestable = next(s.id for s in load_catalog().statements if not s.testable)
    assert root.find(
        f"testsuite[@name='statements']/testcase[@name='{untestable}']/skipped") is not None


@pytest.mark.slow
@pytest.mark.parametrize("run", ["clean", "broken"])
def test_statement_reports_cover_every_statement(run: str, request) -> None:
    report_dir, results = request.getfixturevalue(run)
    markdown = (report_dir / "conformance.md").read_text(encoding="utf-8")
    html = (report_dir / "conformance.html").read_text(encoding="utf-8")
    for statement in load_catalog().statements:
        row = next(r for r in results["statements"] if r["id"] == statement.id)
        assert f"### {statement.id}" in markdown and f'id="{statement.id.lower()}"' in html
        german = " ".join(statement.source_de.split())
        assert german[:60] in markdown.replace("\\", "")
        assert german[:60] in html
        verdict_label = {"pass": "pass", "fail": "FAIL", "not_testable": "not testable"}
        assert f"**Verdict:** {verdict_label[row['verdict']]}" in markdown
        assert f'class="v v-{row["verdict"]}"' in html
    assert results["run_prefix"] in markdown and results["features_sha256"] in html
    assert f"all {results['selection']['selected']} selected scenarios ran" in markdown


@pytest.mark.slow
@pytest.mark.parametrize("run", ["clean", "broken"])
def test_html_is_self_contained(run: str, request) -> None:
    report_dir, _ = request.getfixturevalue(run)
    html = (report_dir / "conformance.html").read_text(encoding="utf-8")
    lowered = html.lower()
    for external in ('src="http', "src='http", 'href="http', "href='http", "<script src",
                     "@import", "url("):
        assert external not in lowered
    assert "<style>" in html and "@media print" in html


@pytest.mark.slow
def test_failing_scenarios_link_their_evidence(broken) -> None:
    report_dir, results = broken
    markdown = (report_dir / "conformance.md").read_text(encoding="utf-8")
    html = (report_dir / "conformance.html").read_text(encoding="utf-8")
    evidence = [s["evidence_file"] for s in results["scenarios"] if s["status"] != "passed"]
    assert evidence
    for relative in evidence:
        assert (report_dir / relative).is_file()
        assert f"](<{relative}>)" in markdown
        assert relative in html and f'href="{relative}"' not in html  # embedded, not linked


@pytest.mark.slow
def test_text_is_escaped_in_html(clean) -> None:
    _, results = clean
    hostile = json.loads(json.dumps(results))
    hostile["target"] = '<script>alert("x")</script>'
    hostile["scenarios"][0]["name"] = "<img src=x onerror=alert(1)>"
    html = render_html(hostile)
    assert 'alert("x")</script>' not in html and "<img" not in html  # (the page's own
    assert "&lt;script&gt;" in html                                   # filter script stays)


@pytest.mark.slow
def test_write_reports_writes_every_report(clean, tmp_path: Path) -> None:
    _, results = clean
    written = write_reports(results, tmp_path / "out")
    assert [p.name for p in written] == ["junit.xml", "cucumber.json", "conformance.md",
                                         "conformance.html", "article.html"]
    assert all(p.is_file() and p.stat().st_size > 0 for p in written)
    assert (tmp_path / "out" / "conformance.md").read_text(encoding="utf-8") == \
        render_markdown(results)
    write_junit(results, tmp_path / "j.xml")
    assert ET.parse(tmp_path / "j.xml").getroot().get("tests") == \
        ET.parse(written[0]).getroot().get("tests")


@pytest.mark.slow
@pytest.mark.parametrize("run", ["clean", "broken"])
def test_an_untouched_report_verifies(run: str, request) -> None:
    report_dir, _ = request.getfixturevalue(run)
    assert verify_report(report_dir) == []


@pytest.mark.slow
def test_a_trimmed_report_is_caught(broken, tmp_path: Path) -> None:
    report_dir, results = broken
    dropped = _first_failing(results)

    def trim(data: dict) -> None:
        data["scenarios"] = [s for s in data["scenarios"] if s["name"] != dropped["name"]]
        for row in data["statements"]:
            row["scenarios"] = [s for s in row["scenarios"] if s["name"] != dropped["name"]]
        data["scenario_counts"]["failed"] -= 1

    problems = verify_report(_tampered(report_dir, tmp_path, trim))
    assert any("absent from the report" in p and dropped["name"] in p for p in problems)
    assert any(p.startswith("selection.") for p in problems)


@pytest.mark.slow
def test_an_edited_verdict_is_caught(broken, tmp_path: Path) -> None:
    report_dir, _ = broken

    def to_pass(data: dict) -> None:
        next(r for r in data["statements"] if r["id"] == "S04")["verdict"] = "pass"

    problems = verify_report(_tampered(report_dir, tmp_path, to_pass))
    assert any(p.startswith("S04: recorded verdict 'pass'") for p in problems), problems


@pytest.mark.slow
def test_an_edited_scenario_status_is_caught(broken, tmp_path: Path) -> None:
    report_dir, results = broken
    edited = _first_failing(results)

    def to_passed(data: dict) -> None:
        for scenario in data["scenarios"]:
            if scenario["name"] == edited["name"]:
                scenario["status"] = "passed"

    problems = verify_report(_tampered(report_dir, tmp_path, to_passed))
    assert any("is 'passed' but carries" in p and edited["name"] in p for p in problems)
    assert any("scenario list does not match" in p for p in problems)


@pytest.mark.slow
def test_a_passed_status_turned_failed_is_caught(clean, tmp_path: Path) -> None:
    report_dir, _ = clean

    def to_failed(data: dict) -> None:
        data["scenarios"][0]["status"] = "failed"

    problems = verify_report(_tampered(report_dir, tmp_path, to_failed))
    assert any("recorded verdict 'pass'" in p for p in problems), problems
    assert any(p.startswith("outcome: recorded 'pass'") for p in problems), problems


@pytest.mark.slow
def test_a_changed_features_hash_is_caught(clean, tmp_path: Path) -> None:
    report_dir, _ = clean

    def rehash(data: dict) -> None:
        data["features_sha256"] = "0" * 64

    problems = verify_report(_tampered(report_dir, tmp_path, rehash))
    assert len(problems) == 1 and problems[0].startswith("features_sha256:")


@pytest.mark.slow
def test_a_report_from_another_suite_version_is_caught(clean, tmp_path: Path) -> None:
    report_dir, _ = clean

    def older(data: dict) -> None:
        data["suite_version"] = "0.0.1"

    problems = verify_report(_tampered(report_dir, tmp_path, older))
    assert problems and re.match(r"suite_version: .*0\.0\.1", problems[0])


@pytest.mark.slow
def test_missing_evidence_and_missing_results_are_caught(broken, tmp_path: Path) -> None:
    report_dir, results = broken
    copy = _tampered(report_dir, tmp_path, lambda data: None)
    assert verify_report(copy) == []
    (copy / _first_failing(results)["evidence_file"]).unlink()
    assert any("does not exist" in p for p in verify_report(copy))
    (copy / "results.json").write_text("{not json", encoding="utf-8")
    assert "does not parse" in verify_report(copy)[0]
    (copy / "results.json").unlink()
    assert "no results.json" in verify_report(copy)[0]


@pytest.mark.slow
def test_expected_failures_show_their_reason(broken, tmp_path: Path) -> None:
    _, results = broken
    vendor = json.loads(json.dumps(results))
    for row in vendor["statements"]:
        if row["id"] in ("S04", "S05"):
            row.update(verdict="expected_fail", expected_failure=f"TICKET-{row['id']}")
    write_reports(vendor, tmp_path)
    markdown = (tmp_path / "conformance.md").read_text(encoding="utf-8")
    assert "**Verdict:** expected failure" in markdown and "TICKET-S04" in markdown
    assert "TICKET-S05" in (tmp_path / "conformance.html").read_text(encoding="utf-8")
    skipped = ET.parse(tmp_path / "junit.xml").getroot().find(
        "testsuite[@name='statements']/testcase[@name='S04']/skipped")
    assert skipped is not None and "TICKET-S04" in skipped.get("message")


def test_a_run_that_could_not_start_reports_errors_and_verifies(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    report_dir = tmp_path / "report"
    done = subprocess.run(
        [sys.executable, "-m", "account_conformance.cli", "run", "--base-url",
         f"http://127.0.0.1:{port}", "--report-dir", str(report_dir), "--tags", "@S09"],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr[-2000:]
    results = json.loads((report_dir / "results.json").read_text(encoding="utf-8"))
    write_reports(results, report_dir)
    root = ET.parse(report_dir / "junit.xml").getroot()
    assert int(root.get("errors")) >= results["scenario_counts"]["error"] > 0
    assert "INCOMPLETE" in (report_dir / "conformance.md").read_text(encoding="utf-8")
    assert verify_report(report_dir) == []
