"""The screen scenarios (``@browser``: S08–S11 in a real browser), as a user runs them.

Quick: which scenarios a run selects with and without a browser; the ``browser`` settings;
``--browser`` with no browser found is exit 2 with the install command; CI never runs
without a browser. Slow (whole-suite runs through the CLI against a reference process):
the clean run passes every screen scenario in Chromium; a vendor-style page with other
markup passes through its locator file alone; a page fault leaves a screenshot and the
located elements in the evidence and the HTML report, and no sign-in link anywhere; a run
without ``--browser`` says the screen was not checked.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ui_drivers.counting import COUNT_FILE

from account_conformance.config import ConfigurationError, SuiteConfig
from account_conformance.driver import SuiteError
from account_conformance.embedded import EmbeddedReference
from account_conformance.reporting import render_table
from account_conformance.selection import select_scenarios
from conftest import BROWSER_MISSING, REPO, SEED, SuiteRunResult
from fixtures.screen import build_ui_driver

FEATURES = REPO / "features"
SCREEN = ("S08", "S09", "S10", "S11")
needs_browser = pytest.mark.skipif(BROWSER_MISSING is not None,
                                   reason=f"no browser here: {BROWSER_MISSING}")
SIGN_IN_LINK = re.compile(r"/ui/sign-in/[A-Za-z0-9_-]{8,}")


def _cli(*args: str, timeout: float = 300,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "account_conformance.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def test_screen_scenarios_are_selected_only_with_a_browser() -> None:
    without = {s.key for s in select_scenarios(FEATURES, "interpreted", None)}
    with_browser = select_scenarios(FEATURES, "interpreted", None, browser=True)
    screen = [s for s in with_browser if s.key not in without]
    assert screen, "no @browser scenario in the features"
    assert all(s.key.startswith("screen_switcher.feature:") for s in screen)
    assert {sid for s in screen for sid in s.statements} == set(SCREEN)
    assert not any(k.startswith("screen_switcher.feature:") for k in without)


def test_the_browser_setting_is_checked() -> None:
    assert SuiteConfig.load({"browser": "chromium"}, {}).browser == "chromium"
    assert SuiteConfig.load({"browser": "off"}, {}).browser is None
    assert SuiteConfig.load({}, {"ACCOUNT_CONFORMANCE_BROWSER": "true"}).browser == "chromium"
    with pytest.raises(ConfigurationError, match="browser must be one of"):
        SuiteConfig.load({"browser": "netscape"}, {})
    with pytest.raises(ConfigurationError, match="ui_timeout_s must be positive"):
        SuiteConfig.load({"ui_timeout_s": "0"}, {})


def test_a_custom_ui_driver_is_built_from_its_name() -> None:
    config = SuiteConfig.load({"browser": "chromium", "ui_timeout_s": "2.5",
                               "ui_driver": "ui_drivers.counting:CountingUiDriver"}, {})
    driver = build_ui_driver(config, "http://127.0.0.1:9")  # tests/ is on pytest's path
    assert type(driver).__name__ == "CountingUiDriver"
    assert driver.settings["timeout_s"] == 2.5 and driver.locators.trigger
    with pytest.raises(SuiteError, match="package.module:Class"):
        build_ui_driver(SuiteConfig.load({"browser": "chromium", "ui_driver": "nocolon"}, {}),
                        "http://127.0.0.1:9")


def test_a_bad_locator_file_is_a_suite_error_naming_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text((REPO / "examples" / "ui" / "reference.toml").read_text(encoding="utf-8")
                   .replace("[switcher]", "[switcher]\ntriger = '#x'"), encoding="utf-8")
    config = SuiteConfig.load({"browser": "chromium", "ui_locators": str(bad)}, {})
    with pytest.raises(SuiteError, match="triger"):
        build_ui_driver(config, "http://127.0.0.1:9")


def test_without_playwright_the_suite_runs_and_browser_is_exit_2(tmp_path: Path) -> None:
    """The Quick start installs no Playwright: the suite must import and run without it."""
    hidden = {"PYTHONPATH": str(REPO / "tests" / "no_playwright")}
    done = _cli("run", "--tags", "@S08 and not @browser", "--report-dir", str(tmp_path / "a"),
                "--format", "null", env=hidden)
    assert done.returncode == 0, done.stderr[-2000:]
    done = _cli("run", "--browser", "--tags", "@S08", "--report-dir", str(tmp_path / "b"),
                "--format", "null", env=hidden)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "pip install 'account-conformance[browser]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_ci_runs_the_screen_scenarios() -> None:
    """CI installs Chromium (``.ci/run``): without it, the screen would pass unchecked."""
    if os.environ.get("CI") and BROWSER_MISSING is not None:
        pytest.fail(f"CI must run the screen scenarios, but: {BROWSER_MISSING}")


def test_browser_without_a_browser_is_exit_2_with_the_install_command(tmp_path: Path) -> None:
    report = tmp_path / "out"
    done = _cli("run", "--browser", "--browser-path", str(tmp_path / "no-chromium"),
                "--tags", "@S08", "--report-dir", str(report), "--format", "null")
    assert done.returncode == 2, done.stderr[-2000:]
    assert "apt-get install chromium" in done.stderr
    results = json.loads((report / "results.json").read_text(encoding="utf-8"))
    assert results["exit_code"] == 2 and "apt-get install chromium" in results["run_error"]
    assert results["selection"]["browser"] is True


@pytest.mark.slow
def test_without_browser_the_report_says_the_screen_was_not_checked(
        merge_accepted_run: SuiteRunResult) -> None:
    screen = merge_accepted_run.results["screen"]
    assert screen["checked"] is False and "--browser" in screen["note"]
    assert "screen (S08-S11)" in render_table(merge_accepted_run.results)
    assert not any(s.get("browser") for s in merge_accepted_run.results["scenarios"])


@pytest.mark.slow
@needs_browser
def test_the_clean_run_passes_every_screen_scenario_in_chromium(
        clean_run: SuiteRunResult) -> None:
    scenarios = [s for s in clean_run.results["scenarios"] if s.get("browser")]
    selected = select_scenarios(FEATURES, "interpreted", "@browser", browser=True)
    assert len(scenarios) == len(selected) > 0
    assert {s["status"] for s in scenarios} == {"passed"}, [
        (s["name"], s.get("message")) for s in scenarios if s["status"] != "passed"]
    screen = clean_run.results["screen"]
    assert screen["checked"] and screen["browser"].startswith("chromium")
    for sid in SCREEN:
        assert clean_run.verdicts[sid] == "pass"


@pytest.mark.slow
@needs_browser
def test_a_vendor_style_page_passes_through_its_locator_file(tmp_path: Path) -> None:
    """Other markup, the same scenarios: only the locator file differs (and, to show that
    seam too, a custom UI driver class named with --ui-driver drives the browser)."""
    counted = tmp_path / "sessions.txt"
    with EmbeddedReference() as service:
        done = _cli("run", "--base-url", service.base_url, "--browser", "--tags", "@browser",
                    "--ui-locators", str(REPO / "examples" / "ui" / "vendor-style.toml"),
                    "--ui-driver", "ui_drivers.counting:CountingUiDriver",
                    "--report-dir", str(tmp_path / "out"), "--seed", str(SEED),
                    "--format", "null",
                    env={"PYTHONPATH": str(REPO / "tests"), COUNT_FILE: str(counted)})
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    failing = [(s["name"], s.get("message")) for s in results["scenarios"]
               if s["status"] != "passed"]
    assert done.returncode == 0 and not failing, failing or done.stderr[-2000:]
    assert results["screen"]["scenarios"] == len(results["scenarios"]) > 0
    assert len(counted.read_text(encoding="utf-8").split()) == len(results["scenarios"])


@pytest.mark.slow
@needs_browser
def test_a_page_fault_leaves_a_screenshot_and_the_located_elements(tmp_path: Path) -> None:
    report = tmp_path / "out"
    with EmbeddedReference(faults=["ui-marker-grey"]) as service:
        done = _cli("run", "--base-url", service.base_url, "--browser", "--tags", "@S09",
                    "--report-dir", str(report), "--seed", str(SEED), "--format", "null")
    assert done.returncode == 1, done.stderr[-2000:]
    results = json.loads((report / "results.json").read_text(encoding="utf-8"))
    failed = [s for s in results["scenarios"] if s["status"] == "failed"]
    assert failed and all(s.get("browser") for s in failed)
    shot = report / failed[0]["screenshot"]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    markers = [e for e in failed[0]["ui_elements"] if e.get("colour")]
    assert markers, failed[0]["ui_elements"]
    evidence = (report / failed[0]["evidence_file"]).read_text(encoding="utf-8")
    assert failed[0]["screenshot"] in evidence and "located elements" in evidence
    html = (report / "conformance.html").read_text(encoding="utf-8")
    assert '<img class="shot"' in html and "Located elements" in html
    for path in report.rglob("*"):
        if path.is_file() and path.suffix != ".png":
            assert not SIGN_IN_LINK.search(path.read_text(encoding="utf-8", errors="replace")), (
                f"a sign-in link in {path}")
