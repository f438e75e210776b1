"""cucumber.json: the run in Cucumber's JSON format, shaped as Cucumber consumers read it.

The shape check follows what cucumber-html-reporter and multiple-cucumber-html-reporter read:
features with ``uri``, ``id``, ``keyword``, ``name``, ``description``, ``line``, ``tags`` and
``elements``; scenarios with ``id``, ``keyword``, ``type``, ``name``, ``line``, ``tags``
(``{"name": "@S04"}``) and ``steps``; steps with ``keyword``, ``name``, ``line`` and a
``result`` of ``status`` (passed/failed/skipped), ``duration`` (ns) and, when failed,
``error_message``. The slow tests read the session's shared ``--fault merge-accepted`` run.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from account_conformance.reports.cucumber import STEP_NAME, build_cucumber
from conftest import SuiteRunResult

STATUSES = {"passed", "failed", "skipped", "pending", "undefined", "ambiguous"}


def shape_problems(document: Any) -> list[str]:
    """What in ``document`` a Cucumber JSON consumer would trip over."""
    if not isinstance(document, list):
        return ["the document is not a list of features"]
    problems = []
    for f, feature in enumerate(document):
        for key, kind in (("uri", str), ("id", str), ("keyword", str), ("name", str),
                          ("description", str), ("line", int), ("tags", list),
                          ("elements", list)):
            if not isinstance(feature.get(key), kind):
                problems.append(f"feature {f}: '{key}' is not a {kind.__name__}")
        for e, element in enumerate(feature.get("elements") or []):
            where = f"feature {f} element {e}"
            for key, kind in (("id", str), ("keyword", str), ("name", str), ("line", int),
                              ("tags", list), ("steps", list)):
                if not isinstance(element.get(key), kind):
                    problems.append(f"{where}: '{key}' is not a {kind.__name__}")
            if element.get("type") not in ("scenario", "background"):
                problems.append(f"{where}: type {element.get('type')!r}")
            if any(not str(t.get("name", "")).startswith("@") for t in element.get("tags", [])):
                problems.append(f"{where}: a tag without '@'")
            if not element.get("steps"):
                problems.append(f"{where}: no steps")
            for s, step in enumerate(element.get("steps") or []):
                result = step.get("result") or {}
                if not all(isinstance(step.get(k), str) for k in ("keyword", "name")):
                    problems.append(f"{where} step {s}: keyword or name missing")
                if result.get("status") not in STATUSES:
                    problems.append(f"{where} step {s}: status {result.get('status')!r}")
                if not isinstance(result.get("duration", 0), int):
                    problems.append(f"{where} step {s}: duration is not an integer (ns)")
                if result.get("status") == "failed" and not result.get("error_message"):
                    problems.append(f"{where} step {s}: failed without error_message")
    return problems


@pytest.fixture(scope="module")
def broken(merge_accepted_run: SuiteRunResult) -> tuple[SuiteRunResult, list[dict[str, Any]]]:
    """The shared failing run and its cucumber.json."""
    path = merge_accepted_run.report_dir / "cucumber.json"
    assert path.is_file() and (merge_accepted_run.report_dir / "junit.xml").is_file()
    return merge_accepted_run, json.loads(path.read_text(encoding="utf-8"))


def test_cucumber_json_has_the_shape_consumers_read(broken) -> None:
    _, document = broken
    assert document and shape_problems(document) == []


def test_cucumber_json_holds_every_scenario_with_its_outcome(broken) -> None:
    run, document = broken
    elements = [e for feature in document for e in feature["elements"]]
    scenarios = run.results["scenarios"]
    assert len(elements) == len(scenarios)
    statuses = Counter(e["steps"][0]["result"]["status"] for e in elements)
    counts = run.results["scenario_counts"]
    assert statuses["failed"] == counts.get("failed", 0) + counts.get("error", 0)
    assert statuses["passed"] == counts.get("passed", 0)
    for element, scenario in zip(elements, scenarios, strict=True):
        assert element["name"] == scenario["name"].strip()
        assert element["line"] == int(scenario["location"].rsplit(":", 1)[1])
        assert {f"@{s}" for s in scenario["statements"]} <= {t["name"] for t in element["tags"]}
        if scenario["status"] == "failed":
            assert element["steps"][0]["result"]["error_message"] == scenario["message"]
    uris = {f["uri"] for f in document}
    assert all(uri.startswith("features/") and uri.endswith(".feature") for uri in uris)
    assert all(f["name"] and f["name"] != Path(f["uri"]).stem for f in document)  # real names


def _results(**fields: Any) -> dict[str, Any]:
    scenario = {"name": "A blue check mark ", "feature": "screen.feature",
                "location": "features/screen.feature:41", "statements": ["S09"],
                "rules": ["R-UI-01"], "status": "failed", "duration_s": 1.5,
                "message": "ASSERT FAILED: grey"}
    scenario.update(fields)
    return {"scenarios": [scenario]}


def test_an_error_is_failed_with_an_error_message_and_skipped_stays_skipped() -> None:
    step = build_cucumber(_results(status="error", message="TimeoutError: 10 s"))[0][
        "elements"][0]["steps"][0]
    assert step["name"] == STEP_NAME
    assert step["result"] == {"status": "failed", "duration": 1_500_000_000,
                              "error_message": "error: TimeoutError: 10 s"}
    skipped = build_cucumber(_results(status="skipped", message=""))
    assert skipped[0]["elements"][0]["steps"][0]["result"]["status"] == "skipped"
    assert shape_problems(skipped) == []


def test_a_failed_screen_scenario_embeds_its_screenshot(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"pixels"
    (tmp_path / "shot.png").write_bytes(png)
    document = build_cucumber(_results(screenshot="shot.png"), tmp_path)
    element = document[0]["elements"][0]
    assert element["name"] == "A blue check mark"
    assert [t["name"] for t in element["tags"]] == ["@S09", "@R-UI-01"]
    embedding = element["steps"][0]["embeddings"][0]
    assert embedding["mime_type"] == "image/png"
    assert base64.b64decode(embedding["data"]) == png
    assert shape_problems(document) == []


def test_the_shape_check_catches_what_consumers_trip_over() -> None:
    document = build_cucumber(_results())
    document[0]["elements"][0]["steps"][0]["result"] = {"status": "error"}
    document[0]["elements"][0]["tags"] = [{"name": "S09"}]
    del document[0]["uri"]
    problems = shape_problems(document)
    assert any("'uri'" in p for p in problems) and any("status 'error'" in p for p in problems)
    assert any("without '@'" in p for p in problems)
    assert shape_problems({"features": []}) == ["the document is not a list of features"]
