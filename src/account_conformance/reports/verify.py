"""Re-check a report directory's results.json against the installed suite.

``verify_report(report_dir)`` returns a list of problems; an empty list means the report is
consistent with this suite version, its catalog, article and feature files, and with
itself: every verdict follows from the recorded scenario statuses (the rule verdicts under
each statement and in ``contract_rules`` too, each scenario's rules being its rule tags), the
scenario list is
exactly what the recorded profile and tag expression select, the outcome and exit code
follow from both, and every evidence file is there. It cannot detect a fully consistent
forgery; it does catch a trimmed report, an edited verdict or status, and a report written
by another suite version.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import __version__
from ..catalog import load_catalog
from ..catalog.rules import CONTRACT, load_rules
from ..expectations import ExpectedFailure
from ..reporting import (
    EXIT_CODES,
    RESULTS_FILE,
    counted_status,
    executed_keys,
    features_sha256,
    profile_classes,
    rule_rows,
    run_outcome,
    scenario_rules,
    statement_verdict,
)
from ..selection import (
    feature_files,
    needs_newer_contract,
    plan,
    recorded_shard,
    scenario_key,
    suite_root,
)
from .facts import FAILING

_TOP = {"suite_version": str, "catalog_sha256": str, "article_sha256": str, "rules_sha256": str,
       "contract_rules": list,
        "features_sha256": str, "profile": str, "outcome": str, "exit_code": int,
        "selection": dict, "statements": list, "scenarios": list}
_SCENARIO = {"name": str, "feature": str, "status": str, "statements": list}


def _key(scenario: dict[str, Any]) -> str:
    return scenario_key(scenario["feature"], scenario["name"])


def _shape(results: Any) -> list[str]:
    """Problems that make the document unusable for the other checks."""
    if not isinstance(results, dict):
        return ["results.json is not a JSON object"]
    problems = [f"results.json: '{k}' is missing or not a {t.__name__}"
                for k, t in _TOP.items() if not isinstance(results.get(k), t)]
    for i, scenario in enumerate(results.get("scenarios") or []):
        if not isinstance(scenario, dict) or any(
                not isinstance(scenario.get(k), t) for k, t in _SCENARIO.items()):
            problems.append(f"scenarios[{i}] lacks name, feature, status or statements")
    for i, row in enumerate(results.get("statements") or []):
        if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not isinstance(
                row.get("scenarios"), list) or "verdict" not in row:
            problems.append(f"statements[{i}] lacks id, verdict or scenarios")
    return problems


def _provenance(results: dict[str, Any], features_dir: Path | None) -> list[str]:
    catalog = load_catalog()
    problems = []
    if results["suite_version"] != __version__:
        problems.append(f"suite_version: the report comes from suite {results['suite_version']}"
                        f", the installed suite is {__version__}")
    for key, installed in (("catalog_sha256", catalog.sha256),
                           ("article_sha256", catalog.article_sha256),
                           ("rules_sha256", load_rules().sha256)):
        if results[key] != installed:
            problems.append(f"{key}: the report's {results[key]} differs from the installed "
                            f"{installed}")
    if features_dir is not None:
        installed = features_sha256(feature_files(features_dir))
        if results["features_sha256"] != installed:
            problems.append(f"features_sha256: the report's {results['features_sha256']} "
                            f"differs from the installed features' {installed}")
    return problems


def _verdicts(results: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """Recomputed statement rows (id, verdict) and the problems found on the way."""
    catalog = load_catalog()
    rows, problems = results["statements"], []
    ids = [row["id"] for row in rows]
    if ids != list(catalog.ids):
        problems.append(f"statements: the report lists {', '.join(ids) or 'none'}; expected "
                        f"exactly {catalog.ids[0]}–{catalog.ids[-1]} in order")
    recomputed = []
    for row in rows:
        try:
            statement = catalog.get(row["id"])
        except KeyError:
            continue
        sid = statement.id
        for field, installed in (("class", statement.cls), ("source_de", statement.source_de),
                                 ("text", statement.text)):
            if row.get(field) != installed:
                problems.append(f"{sid}: its {field} differs from the installed catalog")
        scenarios = [s for s in results["scenarios"] if sid in s["statements"]]
        listed = [{"name": s["name"], "status": s["status"]} for s in scenarios]
        if statement.testable and row["scenarios"] != listed:
            problems.append(f"{sid}: the statement's scenario list does not match the "
                            f"top-level scenarios tagged {sid}")
        if not statement.testable:
            verdict = "not_testable"
        else:
            reason = row.get("expected_failure")
            verdict = statement_verdict([counted_status(s["status"], s.get("expected_failure"))
                                         for s in scenarios],
                                        results.get("run_error"),
                                        ExpectedFailure(sid, reason) if reason else None)
        if row["verdict"] != verdict:
            problems.append(f"{sid}: recorded verdict '{row['verdict']}' but its scenarios' "
                            f"statuses give '{verdict}'")
        recomputed.append({"id": sid, "verdict": verdict})
        problems += _rules(results, sid, row.get("rules"))
    problems += _rules(results, CONTRACT, results.get("contract_rules"))
    return recomputed, problems


def _rules(results: dict[str, Any], group: str, recorded: Any) -> list[str]:
    """Problems with the rule verdicts recorded for a statement (or ``contract``)."""
    again = rule_rows(load_rules(), results["scenarios"], group, results.get("run_error"))
    if recorded == again:
        return []
    where = "contract_rules" if group == CONTRACT else f"{group}: its rules"
    if not isinstance(recorded, list) or [r.get("id") for r in recorded if isinstance(
            r, dict)] != [r["id"] for r in again]:
        return [f"{where} do not list exactly the installed rule catalog's rules for {group}"]
    return [f"{where}: {mine['id']} recorded '{theirs.get('verdict')}' "
            f"({theirs.get('passed')}/{theirs.get('total')}), its scenarios give "
            f"'{mine['verdict']}' ({mine['passed']}/{mine['total']})"
            if theirs.get("verdict") != mine["verdict"] else
            f"{where}: {mine['id']} differs from the installed rule catalog or its scenarios"
            for theirs, mine in zip(recorded, again, strict=True) if theirs != mine]


def _selection(results: dict[str, Any], features_dir: Path) -> tuple[dict[str, Any], list[str]]:
    """The recomputed selection and the problems with the recorded one."""
    recorded, profile = results["selection"], results["profile"]
    tags = recorded.get("tags")
    what = f"profile '{profile}' and tags {tags or '(none)'}"
    problems = []
    if recorded.get("profile") != profile or profile not in ("interpreted", "stated"):
        problems.append(f"selection: profile '{recorded.get('profile')}' / '{profile}' is not "
                        "a known profile recorded consistently")
    classes = profile_classes(profile)
    if recorded.get("classes") != classes:
        problems.append(f"selection.classes: recorded {recorded.get('classes')}, profile "
                        f"'{profile}' covers {classes}")
    try:
        selected = plan(features_dir, profile, tags, recorded_shard(results),
                        browser=bool(recorded.get("browser")))
    except Exception as exc:  # a bad tag expression or an unparsable installed feature
        return {}, problems + [f"selection: cannot recompute: {exc}"]
    newer = {s.key for s in selected  # recomputed from the tags, not taken from the report
             if needs_newer_contract(s.tags, results.get("contract_version"))}
    recorded_newer = {entry.get("scenario") for entry in
                      (results.get("contract") or {}).get("not_run", [])
                      if isinstance(entry, dict)}
    if recorded_newer != newer:
        problems.append(f"contract.not_run: recorded {sorted(map(str, recorded_newer))}, but "
                        f"the service's version {results.get('contract_version')} leaves out "
                        f"{sorted(newer)}")
    wanted = {s.key: s.statements for s in selected if s.key not in newer}
    tagged = scenario_rules(features_dir)
    keys = [_key(s) for s in results["scenarios"]]
    ran = executed_keys(((_key(s), s["status"]) for s in results["scenarios"]),
                        results.get("run_error"))
    missing = [k for k in wanted if k not in ran]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(f"scenario '{key}' appears more than once in the report")
    for scenario in results["scenarios"]:
        key = _key(scenario)
        if key not in wanted:
            problems.append(f"scenario '{key}' is in the report but not selected by {what} "
                            "from the installed features")
        elif tuple(sorted(scenario["statements"])) != wanted[key]:
            problems.append(f"scenario '{key}': statements {scenario['statements']} differ "
                            f"from its tags {list(wanted[key])}")
        if key in wanted and tuple(scenario.get("rules", ())) != tagged.get(key, ()):
            problems.append(f"scenario '{key}': rules {scenario.get('rules')} differ from its "
                            f"rule tags {list(tagged.get(key, ()))}")
    listed_missing = set(recorded.get("missing") or [])
    for key in wanted:
        if key not in keys and key not in listed_missing:
            problems.append(f"scenario '{key}' is selected by {what} but absent from the "
                            "report and not listed as missing (trimmed report?)")
    again: dict[str, Any] = {"selected": len(wanted), "executed": len(ran),
                             "complete": bool(wanted) and not missing
                             and not results.get("aborted"), "missing": missing}
    for field, value in again.items():
        mine = sorted(value) if field == "missing" else value
        theirs = recorded.get(field)
        if (sorted(theirs) if field == "missing" and isinstance(theirs, list) else theirs) != mine:
            problems.append(f"selection.{field}: recorded {theirs!r}, recomputed {value!r}")
    return again, problems


def _scenario_facts(results: dict[str, Any], report_dir: Path) -> list[str]:
    """Counts, and evidence files that exist and match their scenario."""
    problems: list[str] = []
    counts: dict[str, int] = {}
    for scenario in results["scenarios"]:
        counts[scenario["status"]] = counts.get(scenario["status"], 0) + 1
        key, status, evidence = _key(scenario), scenario["status"], scenario.get("evidence_file")
        if status == "passed" and (evidence or scenario.get("message")):
            problems.append(f"scenario '{key}' is 'passed' but carries a failure message or "
                            "evidence (edited status?)")
        if status in FAILING and not evidence and not results.get("run_error"):
            problems.append(f"scenario '{key}' is '{status}' but has no evidence file")
        if evidence:
            problems += _evidence(report_dir, key, scenario, str(evidence))
        if scenario.get("screenshot"):
            problems += _screenshot(report_dir, key, str(scenario["screenshot"]))
    if results.get("scenario_counts") != counts:
        problems.append(f"scenario_counts: recorded {results.get('scenario_counts')}, "
                        f"recounted {counts}")
    return problems


def _evidence(report_dir: Path, key: str, scenario: dict[str, Any], evidence: str) -> list[str]:
    path = (report_dir / evidence).resolve()
    if Path(evidence).is_absolute() or not path.is_relative_to(report_dir.resolve()):
        return [f"scenario '{key}': evidence file {evidence} is outside the report directory"]
    if not path.is_file():
        return [f"scenario '{key}': evidence file {evidence} does not exist"]
    lines = [line.rstrip() for line in path.read_text(encoding="utf-8").splitlines()]
    expected = {"scenario": f"scenario: {scenario['name']}".rstrip(),
                "status": f"status: {scenario['status']}"}
    return [f"scenario '{key}': evidence file {evidence} records a different {field}"
            for field, line in expected.items()
            if any(x.startswith(f"{field}: ") for x in lines) and line not in lines]


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _screenshot(report_dir: Path, key: str, shot: str) -> list[str]:
    """A screen scenario's screenshot: a PNG inside the report directory."""
    path = (report_dir / shot).resolve()
    if Path(shot).is_absolute() or not path.is_relative_to(report_dir.resolve()):
        return [f"scenario '{key}': screenshot {shot} is outside the report directory"]
    if not path.is_file():
        return [f"scenario '{key}': screenshot {shot} does not exist"]
    with path.open("rb") as file:
        if file.read(len(PNG_SIGNATURE)) != PNG_SIGNATURE:
            return [f"scenario '{key}': screenshot {shot} is not a PNG"]
    return []


def _features_dir() -> Path | None:
    try:
        return suite_root() / "features"
    except SystemExit:
        return None


def verify_report(report_dir: Path) -> list[str]:
    """Problems with ``report_dir/results.json``; an empty list means verified."""
    path = report_dir / RESULTS_FILE
    if not path.is_file():
        return [f"{path}: no results.json in the report directory"]
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"{path}: does not parse as JSON: {exc}"]
    problems = _shape(results)
    if problems:
        return problems
    features_dir = _features_dir()
    problems += _provenance(results, features_dir)
    if features_dir is None:
        problems.append("cannot find the installed suite's features/ (suite_root)")
    verdicts, found = _verdicts(results)
    problems += found
    selection: dict[str, Any] = dict(results["selection"])
    if features_dir is not None:
        again, found = _selection(results, features_dir)
        problems += found
        selection.update(again)
    problems += _scenario_facts(results, report_dir)
    outcome = run_outcome(verdicts, selection, results.get("run_error"), results.get("aborted"))
    if (results["outcome"], results["exit_code"]) != (outcome, EXIT_CODES[outcome]):
        problems.append(f"outcome: recorded '{results['outcome']}' (exit "
                        f"{results['exit_code']}), recomputed '{outcome}' "
                        f"(exit {EXIT_CODES[outcome]})")
    return problems
