"""The HTML report (failures first, filters, embedded evidence) and the annotated article.

One real run feeds the slow tests: the screen scenarios (``--browser --tags @browser``)
against a reference whose current-account marker is grey (``--fault ui-marker-grey``), so S09
fails with evidence and a screenshot. The quick tests use small handcrafted results.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Any

import pytest

from account_conformance.catalog import load_catalog
from account_conformance.reports import write_reports
from account_conformance.reports.article import passages, render_article, unmatched_statements
from account_conformance.reports.facts import cause_line
from account_conformance.reports.html_report import render_html
from conftest import BROWSER_MISSING, REPO, SEED

TRACEBACK_TAIL = """Traceback (most recent call last):
  File "/suite/steps/accounts.py", line 88, in step_impl
    token = context.tokens[name]
            ~~~~~~~~~~~~~~^^^^^^
KeyError: 'Betty'
"""


@pytest.fixture(scope="module")
def screen_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The screen scenarios against a reference with a grey marker: S09 fails, screenshot."""
    if BROWSER_MISSING:
        pytest.skip(BROWSER_MISSING)
    report_dir = tmp_path_factory.mktemp("screen-run")
    done = subprocess.run(
        [sys.executable, "-m", "account_conformance.cli", "run", "--fault", "ui-marker-grey",
         "--browser", "--tags", "@browser", "--seed", str(SEED), "--report-dir",
         str(report_dir)], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, (done.stdout + done.stderr)[-2000:]
    return report_dir, json.loads((report_dir / "results.json").read_text(encoding="utf-8"))


def _failed(results: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in results["scenarios"] if s["status"] == "failed")


@pytest.mark.slow
def test_the_page_opens_with_what_failed(screen_run) -> None:
    report_dir, results = screen_run
    html = (report_dir / "conformance.html").read_text(encoding="utf-8")
    assert re.findall(r"<h2[^>]*>([^<]+)</h2>", html)[0] == "What failed"
    failed = _failed(results)
    item = re.search(r'<li id="(f-\d+)" class="failure".*?</li>', html, re.S)
    assert item is not None
    entry = item.group(0)
    assert escape(failed["name"].strip()) in entry and failed["location"] in entry
    assert 'href="#s09"' in entry and escape(failed["message"].splitlines()[0]) in entry
    assert f'href="#ev-{item.group(1)}"' in entry and failed["evidence_file"] in entry
    evidence = (report_dir / failed["evidence_file"]).read_text(encoding="utf-8")
    assert escape(evidence) in entry  # the evidence file itself, inlined
    png = (report_dir / failed["screenshot"]).read_bytes()
    uri = re.search(r'src="data:image/png;base64,([^"]+)"', entry)
    assert uri is not None and base64.b64decode(uri.group(1)) == png


@pytest.mark.slow
def test_the_page_links_nothing_outside_itself(screen_run) -> None:
    report_dir, _ = screen_run
    html = (report_dir / "conformance.html").read_text(encoding="utf-8")
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', html))
    assert all(src.startswith("data:image/png;base64,")
               for src in re.findall(r'src="([^"]*)"', html))
    assert "<script>" in html and not re.search(r"<script[^>]+src", html)
    assert "@import" not in html and "url(" not in html
    article = (report_dir / "article.html").read_text(encoding="utf-8")
    assert all(href.startswith("conformance.html")
               for href in re.findall(r'href="([^"]*)"', article))


@pytest.mark.slow
def test_filters_work_with_javascript_and_everything_shows_without(screen_run) -> None:
    from playwright.sync_api import sync_playwright

    from account_conformance.driver.ui import find_browser

    report_dir, results = screen_run
    url = (report_dir / "conformance.html").as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(find_browser(None)))
        try:
            page = browser.new_page(java_script_enabled=False)
            page.goto(url)
            assert page.locator("#filters").is_hidden()
            assert page.locator("section.stmt:visible").count() == len(results["statements"])
            page = browser.new_page()
            page.goto(url)
            assert page.locator("#filters").is_visible()
            page.select_option("select[name=statement]", "S09")
            assert page.locator("section.stmt:visible").count() == 1
            assert page.locator("ol.failures > li:visible").count() == 1
            page.select_option("select[name=statement]", "")
            page.select_option("select[name=verdict]", "pass")
            assert page.locator("ol.failures > li:visible").count() == 0
            passing = sum(1 for row in results["statements"] if row["verdict"] == "pass")
            assert page.locator("section.stmt:visible").count() == passing
            page.select_option("select[name=verdict]", "")
            page.select_option("select[name=feature]", _failed(results)["feature"])
            assert page.locator("section.stmt:visible").count() < len(results["statements"])
            assert page.locator("ol.failures > li:visible").count() == 1
        finally:
            browser.close()


@pytest.mark.slow
def test_the_annotated_article_labels_each_passage(screen_run) -> None:
    report_dir, results = screen_run
    for name in ("article.html", "conformance.html"):
        html = (report_dir / name).read_text(encoding="utf-8")
        mark = re.search(r'<mark class="hl hl-fail" data-statements="S09">(.*?)</mark>', html)
        assert mark is not None and "[S09 · fail]" in mark.group(1)
        assert "Ein blaues Häkchen zeigt an" in mark.group(1)
        target = "conformance.html#s09" if name == "article.html" else "#s09"
        assert f'href="{target}"' in mark.group(1)
        text = re.sub(r"<[^>]+>", "", html)  # readable without colour: the labels are text
        for row in results["statements"]:
            label = {"pass": "pass", "fail": "fail", "not_testable": "not testable",
                     "not_run": "not run"}[row["verdict"]]
            assert f"[{row['id']} · {label}]" in text
    assert "Quotes not found" not in html


def _results(scenarios: list[dict[str, Any]], verdict: str = "fail") -> dict[str, Any]:
    statement = load_catalog().get("S04")
    return {"target": "http://service.test", "outcome": "fail", "scenarios": scenarios,
            "statements": [{"id": "S04", "class": statement.cls, "verdict": verdict,
                            "source_de": statement.source_de, "text": statement.text,
                            "scenarios": [{"name": s["name"], "status": s["status"]}
                                          for s in scenarios], "rules": []}]}


def _scenario(**fields: Any) -> dict[str, Any]:
    scenario = {"name": "Merging is refused ", "feature": "merge.feature",
                "location": "features/merge.feature:12", "statements": ["S04"],
                "status": "failed", "message": "ASSERT FAILED: the merge was accepted"}
    scenario.update(fields)
    return scenario


def test_cause_line_is_the_exception_line_of_a_traceback() -> None:
    assert cause_line(TRACEBACK_TAIL) == "KeyError: 'Betty'"
    assert cause_line("    ~~~^^^\nrequests.exceptions.ConnectionError: refused\n") == (
        "requests.exceptions.ConnectionError: refused")
    assert cause_line("ASSERT FAILED: the merge was accepted\nexpected 409") == (
        "ASSERT FAILED: the merge was accepted")
    cut = '  File "/x.py", line 3, in f\n    y = z[1]\n        ^^^^\n'  # exception line lost
    assert cause_line(cut) == "y = z[1]"


def test_error_scenarios_show_their_cause_not_carets() -> None:
    results = _results([_scenario(status="error", message=TRACEBACK_TAIL)], verdict="error")
    html = render_html(results)
    causes = re.findall(r'<div class="msg">([^<]*)</div>', html)
    assert causes and all(c == escape("KeyError: 'Betty'") for c in causes)
    assert '<span class="s s-error">error</span>' in html.split('id="run"')[0]


def test_evidence_and_screenshot_are_embedded_from_the_report_dir(tmp_path: Path) -> None:
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "one.txt").write_text("POST /merge -> 200 <b>&</b>\n",
                                                    encoding="utf-8")
    png = b"\x89PNG\r\n\x1a\n" + b"not really an image"
    (tmp_path / "evidence" / "one.png").write_bytes(png)
    results = _results([_scenario(evidence_file="evidence/one.txt",
                                  screenshot="evidence/one.png")])
    html = render_html(results, tmp_path)
    assert "<pre>POST /merge -&gt; 200 &lt;b&gt;&amp;&lt;/b&gt;\n</pre>" in html
    assert f'src="data:image/png;base64,{base64.b64encode(png).decode()}"' in html
    elsewhere = render_html(results, tmp_path / "nowhere")  # files not beside the report
    assert "evidence/one.txt is not beside this report" in elsewhere
    assert "data:image" not in elsewhere and 'src="evidence' not in elsewhere


def test_files_outside_the_report_dir_are_not_embedded(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    report_dir = tmp_path / "report"
    report_dir.mkdir()
    html = render_html(_results([_scenario(evidence_file="../secret.txt",
                                           evidence=["GET /x -> 500"])]), report_dir)
    assert "outside" not in html and "GET /x -&gt; 500" in html


def test_everything_is_escaped(tmp_path: Path) -> None:
    hostile = '<script>alert("x")</script>'
    (tmp_path / "ev.txt").write_text(hostile, encoding="utf-8")
    results = _results([_scenario(name="<img src=x onerror=alert(1)>", message=hostile,
                                  feature='a"b<.feature', evidence_file="ev.txt",
                                  location=hostile)])
    results["target"] = hostile
    for html in (render_html(results, tmp_path), render_article(results)):
        assert "<img src=x" not in html and 'alert("x")</script>' not in html
    assert "&lt;script&gt;" in render_html(results, tmp_path)


def test_every_quote_of_the_catalog_is_found_in_the_article() -> None:
    assert unmatched_statements() == []


def test_quotes_match_despite_whitespace_quotes_and_case_and_missing_ones_are_named() -> None:
    article = 'Titel\n\nEr sagte "Hallo   Welt" und\n  ging – dann kam er wieder.'
    spans, missing = passages(article, {
        "S01": "er sagte „Hallo Welt“ und ging - dann",
        "S02": "Titel … kam er wieder.",
        "S03": "Dieser Satz steht nicht im Artikel."})
    assert missing == ["S03"]
    found = {(s.statement, article[s.start:s.end]) for s in spans}
    assert ("S01", 'Er sagte "Hallo   Welt" und\n  ging – dann') in found
    assert {("S02", "Titel"), ("S02", "kam er wieder.")} <= found


def test_a_quote_missing_from_the_article_is_listed_under_it() -> None:
    catalog = load_catalog()
    first, *rest = catalog.statements
    drifted = replace(catalog, statements=(
        replace(first, source_de="Ein Satz, den es nicht gibt."), *rest))
    assert "Quotes not found in the article: S01" in render_article(_results([]), "", drifted)
    assert "Quotes not found" not in render_article(_results([]))


def test_write_reports_writes_article_and_cucumber_beside_junit(tmp_path: Path) -> None:
    written = write_reports(_results([_scenario()]), tmp_path)
    assert [p.name for p in written] == ["junit.xml", "cucumber.json", "conformance.md",
                                         "conformance.html", "article.html"]
    assert "[S04 · fail]" in (tmp_path / "article.html").read_text(encoding="utf-8")
