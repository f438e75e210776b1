"""Facts the reports derive from a results.json document, shared by every format.

Each helper reads only the ``results`` dictionary written by
``account_conformance.reporting.RunRecorder.results()``; nothing here touches the service.
"""

from __future__ import annotations

import re
from typing import Any

from ..catalog import load_catalog

FAILING = ("failed", "error")
VERDICT_LABELS = {
    "pass": "pass",
    "fail": "FAIL",
    "error": "ERROR",
    "not_run": "not run",
    "not_testable": "not testable",
    "expected_fail": "expected failure",
    "unexpected_pass": "UNEXPECTED PASS",
}


def scenarios_of(results: dict[str, Any], statement_id: str) -> list[dict[str, Any]]:
    """The top-level scenario entries tagged with ``statement_id``, in run order."""
    return [s for s in results.get("scenarios", []) if statement_id in s.get("statements", ())]


def passed_total(row: dict[str, Any]) -> str:
    """``passed/total`` for a statement row, or ``-`` when it has no scenarios."""
    scenarios = row.get("scenarios", [])
    if not scenarios:
        return "-"
    passed = sum(1 for s in scenarios if s.get("status") == "passed")
    return f"{passed}/{len(scenarios)}"


def verdict_detail(row: dict[str, Any]) -> str:
    """One sentence explaining a statement's verdict (reasons included)."""
    verdict = row["verdict"]
    if verdict == "not_testable":
        return f"Not testable: {row.get('reason') or 'no reason recorded'}"
    counts = passed_total(row)
    ran = f"{counts} scenarios passed" if counts != "-" else "no scenario ran"
    if verdict == "expected_fail":
        return f"Failed as the vendor expected ({ran}). Reason: {row.get('expected_failure')}"
    if verdict == "unexpected_pass":
        return (f"Passed although the vendor expected it to fail ({ran}); the expectation is "
                f"stale. Recorded reason: {row.get('expected_failure')}")
    if verdict == "not_run":
        return "Not run: no scenario checking it was selected or executed."
    return f"{VERDICT_LABELS.get(verdict, verdict)}: {ran}."


def completeness(results: dict[str, Any]) -> str:
    """Whether every selected scenario ran, or which did not."""
    selection = results.get("selection", {})
    selected = selection.get("selected", 0)
    if selection.get("complete"):
        return f"all {selected} selected scenarios ran"
    missing = selection.get("missing", [])
    text = (f"INCOMPLETE: {selection.get('executed', 0)} of {selected} selected scenarios ran"
            if selected else "INCOMPLETE: no scenario was selected")
    if missing:
        text += "; missing: " + "; ".join(missing)
    return text


def header_rows(results: dict[str, Any]) -> list[tuple[str, str]]:
    """The report header as (label, value) pairs, in display order."""
    selection = results.get("selection", {})
    classes = ", ".join(selection.get("classes", []))
    rows = [
        ("Target", str(results.get("target", ""))),
        ("Suite version", str(results.get("suite_version", ""))),
        ("Contract version", str(results.get("contract_version") or "unknown")),
        ("Profile", f"{results.get('profile', '')} (covers classes: {classes})"),
        ("Tag expression", str(selection.get("tags") or "none (all scenarios)")),
        ("Seed", f"{results.get('seed')} (replay with --seed {results.get('seed')})"),
        ("Run prefix", str(results.get("run_prefix", ""))),
        ("Started", str(results.get("started_at", ""))),
        ("Finished", str(results.get("finished_at", ""))),
        ("Duration", f"{results.get('duration_s')} s"),
        ("Requests", str(results.get("requests", ""))),
        ("Outcome", f"{results.get('outcome')} (exit code {results.get('exit_code')})"),
        ("Completeness", completeness(results)),
        ("Screen (S08-S11)", str((results.get("screen") or {}).get("note", "not recorded"))),
        ("Features SHA-256", str(results.get("features_sha256", ""))),
        ("Catalog SHA-256", str(results.get("catalog_sha256", ""))),
        ("Article SHA-256", str(results.get("article_sha256", ""))),
    ]
    if results.get("run_error"):
        rows.append(("Run error", str(results["run_error"])))
    if results.get("aborted"):
        rows.append(("Run aborted", str(results["aborted"])))
    if results.get("cleanup_command"):
        rows.append(("Leftovers of a killed run", f"remove them with: "
                                                  f"{results['cleanup_command']}"))
    return rows


def reading_of(results: dict[str, Any], statement_id: str) -> str | None:
    """The suite's documented reading of a statement, if the report's catalog is installed."""
    catalog = load_catalog()
    if results.get("catalog_sha256") != catalog.sha256:
        return None
    try:
        return catalog.get(statement_id).reading
    except KeyError:
        return None


def first_line(text: str) -> str:
    """The first non-empty line of a message."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


_TRACEBACK_MARKS = ("Traceback (most recent call last)", '  File "')
_EXCEPTION_LINE = re.compile(
    r"^(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*(?:Error|Exception|Exit|Interrupt|Failure|Warning|"
    r"Timeout\w*|Exhausted)(?::\s.*)?$")
_CARETS = re.compile(r"^\s*[\^~][\s^~]*$")


def cause_line(message: str) -> str:
    """The line that says why a scenario did not pass.

    For a traceback it is the last line naming the exception (``ValueError: …``), never a
    ``^^^^`` marker or a source line; for a plain message, its first non-empty line.
    """
    lines = [line.rstrip() for line in message.splitlines() if line.strip()]
    carets = any(_CARETS.match(line) for line in lines)  # a tail cut may lose the header
    if carets or any(mark in message for mark in _TRACEBACK_MARKS):
        for line in reversed(lines):
            if not line[:1].isspace() and _EXCEPTION_LINE.match(line):
                return line.strip()
        for line in reversed(lines):  # no exception line survived the tail cut
            if not _CARETS.match(line) and not line.lstrip().startswith('File "'):
                return line.strip()
    return first_line(message)


def location_parts(location: str) -> tuple[str, int | None]:
    """``("features/x.feature", 12)`` from ``"features/x.feature:12"`` (line None if absent)."""
    path, _, line = location.rpartition(":")
    if path and line.isdigit():
        return path, int(line)
    return location, None


def clean_name(name: object) -> str:
    """A scenario name on one line without surrounding whitespace (outline rows end in one)."""
    return " ".join(str(name).split())


def rule_detail(rule: dict[str, Any]) -> str:
    """``passed/total``, or why no scenario covers the rule yet."""
    if not rule.get("covered", True) and not rule.get("total"):
        return f"uncovered: {rule.get('reason', '')}"
    return f"{rule.get('passed', 0)}/{rule.get('total', 0)}"
