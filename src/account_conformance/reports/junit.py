"""JUnit XML for CI servers (Jenkins, GitLab): one test case per scenario and per statement.

Layout: one ``<testsuite>`` per feature file holds its scenarios (``failed`` → ``<failure>``,
``error`` → ``<error>``, ``skipped`` → ``<skipped>``), each named without surrounding
whitespace, with ``file`` and ``line`` from its location, its statement IDs as
``<properties>`` and, when it did not pass, a ``<system-out>`` naming its evidence file in the
``[[ATTACHMENT|path]]`` convention. The statements are test cases of their own, one per
catalog statement, in a final ``<testsuite name="statements">`` with its own counts.
``<testsuites>`` carries the totals of the scenario suites only, so its ``tests``,
``failures``, ``errors`` and ``skipped`` are the console's scenario counts.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from .facts import cause_line, clean_name, location_parts, passed_total, verdict_detail

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_COUNTS = ("tests", "failures", "errors", "skipped")


def _text(value: object) -> str:
    """A string with the characters XML 1.0 cannot carry removed."""
    return _NOT_XML.sub("", str(value))


def _suite(parent: ET.Element, name: str, timestamp: str) -> ET.Element:
    suite = ET.SubElement(parent, "testsuite", name=_text(name), timestamp=timestamp)
    suite.set("hostname", "account-conformance")
    return suite


def _finish(suite: ET.Element, counts: dict[str, int], seconds: float) -> None:
    for key in _COUNTS:
        suite.set(key, str(counts.get(key, 0)))
    suite.set("time", f"{seconds:.3f}")


def _scenario_case(suite: ET.Element, scenario: dict[str, Any], counts: dict[str, int]) -> None:
    feature = scenario.get("feature", "")
    case = ET.SubElement(suite, "testcase", classname=_text(Path(feature).stem),
                         name=_text(clean_name(scenario.get("name", ""))),
                         time=f"{float(scenario.get('duration_s', 0.0)):.3f}")
    path, line = location_parts(str(scenario.get("location", "")))
    case.set("file", _text(path or feature))
    if line is not None:
        case.set("line", str(line))
    properties = ET.SubElement(case, "properties")
    for statement in scenario.get("statements", []):
        ET.SubElement(properties, "property", name="statement", value=_text(statement))
    counts["tests"] += 1
    status = scenario.get("status")
    message = scenario.get("message", "")
    if status in ("failed", "error"):
        tag, key = ("failure", "failures") if status == "failed" else ("error", "errors")
        counts[key] += 1
        element = ET.SubElement(case, tag, type=status,
                                message=_text(cause_line(message) or f"scenario {status}"))
        element.text = _text(message or f"scenario {status}")
        out = [f"location: {scenario.get('location', '')}"]
        if scenario.get("evidence_file"):
            out = [f"[[ATTACHMENT|{scenario['evidence_file']}]]",
                   f"evidence: {scenario['evidence_file']}", *out]
        ET.SubElement(case, "system-out").text = _text("\n".join(out))
    elif status == "skipped":
        counts["skipped"] += 1
        ET.SubElement(case, "skipped", message=_text(cause_line(message) or "skipped"))


def _statement_case(suite: ET.Element, row: dict[str, Any], results: dict[str, Any],
                    counts: dict[str, int]) -> None:
    case = ET.SubElement(suite, "testcase", classname="statements",
                         name=_text(row["id"]), time="0.000")
    properties = ET.SubElement(case, "properties")
    for name, value in (("statement", row["id"]), ("class", row.get("class", "")),
                        ("verdict", row["verdict"]), ("scenarios_passed", passed_total(row))):
        ET.SubElement(properties, "property", name=name, value=_text(value))
    counts["tests"] += 1
    verdict, detail = row["verdict"], verdict_detail(row)
    if verdict in ("fail", "unexpected_pass"):
        counts["failures"] += 1
        element = ET.SubElement(case, "failure", type=verdict, message=_text(detail))
        failing = [s for s in results.get("scenarios", [])
                   if row["id"] in s.get("statements", ()) and s.get("status") != "passed"]
        element.text = _text("\n".join(
            [detail] + [f"{s.get('status')}: {clean_name(s.get('name'))} "
                        f"({s.get('evidence_file') or '-'})" for s in failing]))
    elif verdict == "error":
        counts["errors"] += 1
        ET.SubElement(case, "error", type=verdict,
                      message=_text(results.get("run_error") or detail)).text = _text(detail)
    elif verdict in ("not_run", "not_testable", "expected_fail"):
        counts["skipped"] += 1
        ET.SubElement(case, "skipped", message=_text(detail))
    ET.SubElement(case, "system-out").text = _text(f"{row.get('text', '')}\n\n"
                                                   f"{row.get('source_de', '')}")


def build_junit(results: dict[str, Any]) -> ET.Element:
    """The ``<testsuites>`` element for a results.json document."""
    root = ET.Element("testsuites", name="account-conformance")
    timestamp = str(results.get("started_at", ""))
    totals = dict.fromkeys(_COUNTS, 0)
    features: dict[str, list[dict[str, Any]]] = {}
    for scenario in results.get("scenarios", []):
        features.setdefault(scenario.get("feature", ""), []).append(scenario)
    for feature, scenarios in features.items():
        suite = _suite(root, feature, timestamp)
        counts = dict.fromkeys(_COUNTS, 0)
        for scenario in scenarios:
            _scenario_case(suite, scenario, counts)
        _finish(suite, counts, sum(float(s.get("duration_s", 0.0)) for s in scenarios))
        totals = {k: totals[k] + counts[k] for k in _COUNTS}
    suite = _suite(root, "statements", timestamp)
    counts = dict.fromkeys(_COUNTS, 0)
    for row in results.get("statements", []):
        _statement_case(suite, row, results, counts)
    _finish(suite, counts, 0.0)
    _finish(root, totals, float(results.get("duration_s", 0.0)))
    return root


def write_junit(results: dict[str, Any], path: Path) -> None:
    """Write the JUnit XML for ``results`` to ``path`` (UTF-8, indented)."""
    tree = ET.ElementTree(build_junit(results))
    ET.indent(tree)
    path.parent.mkdir(parents=True, exist_ok=True)
    tree.write(path, encoding="utf-8", xml_declaration=True)
