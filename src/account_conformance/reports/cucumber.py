"""``cucumber.json``: the run in Cucumber's JSON format, for cucumber-html-reporter and CI.

A list of features (one per feature file, in run order): ``uri``, ``id``, ``keyword``,
``name``, ``description``, ``line``, ``tags`` and ``elements`` — its scenarios, each with
``id``, ``keyword``, ``type: scenario``, ``name``, ``line`` (from the scenario's
``location``), ``tags`` (its statement IDs as ``@S04`` and its rule IDs) and ``steps``.

results.json records outcomes per scenario, not per step, so every scenario has ONE step,
``Then every step of the scenario passes``, carrying the scenario's result: ``status``
(``passed``, ``failed``, ``skipped``; an ``error`` scenario — the suite could not reach a
verdict — is ``failed`` with an error_message starting ``error:``), ``duration`` in
nanoseconds and ``error_message`` (the scenario's message). A failed screen scenario's
screenshot is attached as a ``image/png`` embedding.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..selection import suite_root
from .facts import clean_name, location_parts
from .inline import screenshot_uri

STATUSES = {"passed": "passed", "failed": "failed", "error": "failed", "skipped": "skipped"}
STEP_KEYWORD = "Then "
STEP_NAME = "every step of the scenario passes"
_FEATURE_LINE = re.compile(r"^\s*Feature:\s*(.*?)\s*$")


def slug(text: str) -> str:
    """Cucumber's id form of a name: lower case, runs of other characters as ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _feature_title(uri: str) -> tuple[str, int] | None:
    """The ``Feature:`` name and line of the installed feature file at ``uri``, if found."""
    try:
        path = suite_root() / uri
        lines = path.read_text(encoding="utf-8").splitlines()
    except (SystemExit, OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, start=1):
        match = _FEATURE_LINE.match(line)
        if match:
            return match.group(1), number
    return None


def _step(scenario: dict[str, Any], line: int, report_dir: Path | None) -> dict[str, Any]:
    status = str(scenario.get("status", "skipped"))
    result: dict[str, Any] = {"status": STATUSES.get(status, "skipped"),
                              "duration": int(float(scenario.get("duration_s", 0.0)) * 1e9)}
    message = str(scenario.get("message") or "")
    if status in ("failed", "error"):
        result["error_message"] = (f"error: {message}" if status == "error" else message) or (
            f"scenario {status}")
    step: dict[str, Any] = {"keyword": STEP_KEYWORD, "name": STEP_NAME, "line": line,
                            "match": {"location": str(scenario.get("location", ""))},
                            "result": result}
    uri = screenshot_uri(scenario, report_dir) if status in ("failed", "error") else None
    if uri is not None:
        step["embeddings"] = [{"mime_type": "image/png", "data": uri.split(",", 1)[1]}]
    return step


def _element(feature_id: str, scenario: dict[str, Any],
             report_dir: Path | None) -> dict[str, Any]:
    name = clean_name(scenario.get("name", ""))
    line = location_parts(str(scenario.get("location", "")))[1] or 0
    tags = [*scenario.get("statements", []), *scenario.get("rules", [])]
    return {"id": f"{feature_id};{slug(name)}", "keyword": "Scenario", "type": "scenario",
            "name": name, "description": "", "line": line,
            "tags": [{"name": f"@{tag}", "line": line} for tag in tags],
            "steps": [_step(scenario, line, report_dir)]}


def build_cucumber(results: dict[str, Any], report_dir: Path | None = None) -> list[dict]:
    """The Cucumber JSON document (a list of features) for a results.json document."""
    features: dict[str, dict[str, Any]] = {}
    for scenario in results.get("scenarios", []):
        feature = str(scenario.get("feature", ""))
        uri = location_parts(str(scenario.get("location", "")))[0] or feature
        if feature not in features:
            title = _feature_title(uri)
            name, line = title if title else (Path(feature).stem, 1)
            features[feature] = {"uri": uri, "id": slug(name) or slug(feature),
                                 "keyword": "Feature", "name": name, "description": "",
                                 "line": line, "tags": [], "elements": []}
        entry = features[feature]
        entry["elements"].append(_element(entry["id"], scenario, report_dir))
    return list(features.values())


def write_cucumber(results: dict[str, Any], path: Path, report_dir: Path | None = None) -> None:
    """Write ``cucumber.json`` for ``results`` to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(build_cucumber(results, report_dir), indent=1,
                               ensure_ascii=False) + "\n", encoding="utf-8")

