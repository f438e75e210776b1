"""From scenario outcomes to statement verdicts, the run's outcome and ``results.json``.

A scenario's outcome is ``passed``, ``failed`` (the service answered and broke a check),
``error`` (the suite could not reach a verdict: unreachable, timeout, missing test-support
operation, a crash in the suite itself) or ``skipped``. A statement's verdict folds the
outcomes of the scenarios tagged with its ID: any failure → ``fail``; else any error →
``error``; else at least one pass → ``pass``; no scenario ran → ``not_run``. Rationale and
reference statements are always ``not_testable``, with the catalog's reason. A vendor's
expectations turn ``fail`` into ``expected_fail`` and ``pass`` into ``unexpected_pass``.

Rules of the contract rule catalog (``catalog/rules.yaml``) get a verdict the same way,
from the scenarios tagged with their ID (``rule_verdict``); a rule marked ``covered: false``
with no scenario is ``not_run``. Each statement's row in ``results.json`` lists the rules
serving it (``rules``), and ``contract_rules`` the rules that serve only the contract's
conventions. Rule verdicts never change the run's outcome on their own: every scenario also
carries a statement, so a failing rule always fails a statement too.

The run's outcome: ``error`` (exit 2) when a signal cut the run short (SIGINT, SIGTERM:
``aborted`` starts with ``INTERRUPTED``), whatever ran before; else ``fail`` (exit 1) when a
statement fails or unexpectedly passes — a failure seen stays a failure, also when the run
could not do all it should; else ``error`` (exit 2) when it could not (``aborted``: a worker
that ended without results, a crash of the suite's own hooks, a bystander that could not be
created, a failed cleanup after the run — the run is then never ``complete``), the suite
could not run, a statement errored, the selected scenarios did not all run, or nothing ran
at all; otherwise ``pass`` (exit 0).

Every results.json names ``cleanup_command``: the ``account-conformance cleanup`` command
that removes whatever the run left on the service if it was killed before its own cleanup.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from behave.parser import parse_file

from . import __version__
from .catalog import Catalog, load_catalog
from .catalog import statement_ids as statement_ids  # re-exported for the hooks
from .catalog.rules import CONTRACT, RuleCatalog, load_rules, rule_ids
from .contract import contract_version
from .expectations import ExpectedFailure
from .selection import feature_files, scenario_key, suite_root

VERDICTS = ("pass", "fail", "error", "not_run", "not_testable", "expected_fail",
            "unexpected_pass")
EXIT_CODES = {"pass": 0, "fail": 1, "error": 2}
RESULTS_FILE = "results.json"


@dataclass
class ScenarioOutcome:
    """One executed (or skipped) scenario and what it ended in."""

    name: str
    feature: str
    location: str
    statements: tuple[str, ...]
    status: str
    duration_s: float = 0.0
    message: str = ""
    evidence: list[str] = field(default_factory=list)
    evidence_file: str | None = None
    requests: int = 0
    rules: tuple[str, ...] = ()
    browser: bool = False
    """A screen scenario (``@browser``): it ran in a real browser."""
    expected_failure: str | None = None
    """Why a vendor expects this scenario to fail (``expectations.py``), if they do."""
    failing_step: str | None = None
    """The step that failed or errored, with its place: ``When Alex … (features/x:12)``."""
    screenshot: str | None = None
    """The PNG of the page when a screen scenario did not pass (relative to the report)."""
    ui_elements: list[dict[str, Any]] = field(default_factory=list)
    """The elements a screen scenario located (selector, text, box, colour, outer HTML)."""

    @property
    def key(self) -> str:
        """Identifies the scenario across runs: feature file and scenario name."""
        return scenario_key(self.feature, self.name)

    def as_dict(self) -> dict[str, Any]:
        """The scenario's entry in results.json."""
        data: dict[str, Any] = {
            "name": self.name, "feature": self.feature, "location": self.location,
            "statements": list(self.statements), "status": self.status,
            "duration_s": round(self.duration_s, 3), "requests": self.requests,
            "rules": list(self.rules)}
        if self.message:
            data["message"] = self.message
        if self.evidence:
            data["evidence"] = self.evidence
        if self.evidence_file:
            data["evidence_file"] = self.evidence_file
        if self.browser:
            data["browser"] = True
        if self.expected_failure:
            data["expected_failure"] = self.expected_failure
        if self.failing_step:
            data["failing_step"] = self.failing_step
        if self.screenshot:
            data["screenshot"] = self.screenshot
        if self.ui_elements:
            data["ui_elements"] = self.ui_elements
        return data

    @classmethod
    def from_dict(cls, entry: dict[str, Any], evidence_file: str | None = None,
                  screenshot: str | None = None) -> ScenarioOutcome:
        """An outcome read back from a results.json entry (a part of a distributed run)."""
        return cls(name=entry["name"], feature=entry["feature"], location=entry["location"],
                   statements=tuple(entry["statements"]), status=entry["status"],
                   duration_s=entry.get("duration_s", 0.0), message=entry.get("message", ""),
                   evidence=entry.get("evidence", []), requests=entry.get("requests", 0),
                   evidence_file=evidence_file, browser=bool(entry.get("browser")),
                   screenshot=screenshot, ui_elements=list(entry.get("ui_elements", [])),
                   expected_failure=entry.get("expected_failure"),
                   failing_step=entry.get("failing_step"))


EXPECTED_FAILED, UNEXPECTED_PASSED = "expected_failed", "unexpected_passed"
"""What a scenario a vendor expects to fail (``expectations.py``) counts as in its
statement's verdict when it fails, and when it passes."""


def counted_status(status: str, expected_failure: str | None) -> str:
    """The status a scenario counts with in its statement's verdict."""
    if expected_failure is None:
        return status
    return {"failed": EXPECTED_FAILED, "passed": UNEXPECTED_PASSED}.get(status, status)


def fold_verdict(statuses: list[str]) -> str:
    """A statement's verdict from its scenarios' statuses (``counted_status``)."""
    if "failed" in statuses:
        return "fail"
    if UNEXPECTED_PASSED in statuses:
        return "unexpected_pass"
    if "error" in statuses:
        return "error"
    if EXPECTED_FAILED in statuses:
        return "expected_fail"
    if "passed" in statuses:
        return "pass"
    return "not_run"


def rule_verdict(statuses: list[str], covered: bool, run_error: str | None) -> str:
    """A rule's verdict from its scenarios' statuses (an uncovered rule stays ``not_run``)."""
    verdict = fold_verdict(statuses)
    if verdict == "not_run" and run_error and covered:
        return "error"
    return verdict


def rule_rows(rules: RuleCatalog, scenarios: list[dict[str, Any]], group: str,
              run_error: str | None) -> list[dict[str, Any]]:
    """The rules serving ``group`` (a statement ID or ``contract``) with their verdicts,
    from results.json's scenario entries (each lists its ``rules``)."""
    rows = []
    for rule in rules.serving(group):
        statuses = [s["status"] for s in scenarios if rule.id in s.get("rules", ())]
        row: dict[str, Any] = {
            "id": rule.id, "section": rule.section, "text": rule.text,
            "verdict": rule_verdict(statuses, rule.covered, run_error),
            "covered": rule.covered, "passed": statuses.count("passed"),
            "total": len(statuses)}
        if rule.reason:
            row["reason"] = rule.reason
        rows.append(row)
    return rows


def scenario_rules(features_dir: Path) -> dict[str, tuple[str, ...]]:
    """Scenario key -> the rule IDs among its tags, for every scenario of the features."""
    found: dict[str, tuple[str, ...]] = {}
    for path in feature_files(features_dir):
        feature = parse_file(str(path))
        if feature is not None:
            for scenario in feature.walk_scenarios():
                found[scenario_key(path, scenario.name)] = rule_ids(scenario.effective_tags)
    return found


def installed_scenario_rules() -> dict[str, tuple[str, ...]]:
    """``scenario_rules`` of the installed suite's features ({} when none is found)."""
    try:
        return scenario_rules(suite_root() / "features")
    except SystemExit:
        return {}


def apply_expectation(verdict: str, expected: ExpectedFailure | None) -> str:
    """The verdict once a vendor's expected failure is taken into account."""
    if expected is None:
        return verdict
    return {"fail": "expected_fail", "pass": "unexpected_pass"}.get(verdict, verdict)


def statement_verdict(statuses: list[str], run_error: str | None,
                      expected: ExpectedFailure | None) -> str:
    """A testable statement's verdict: folded statuses, run errors, expectations."""
    verdict = fold_verdict(statuses)
    if verdict == "not_run" and run_error:
        verdict = "error"
    return apply_expectation(verdict, expected)


def profile_classes(profile: str) -> list[str]:
    """The statement classes a profile covers."""
    return ["stated", "ui"] + (["interpreted"] if profile == "interpreted" else [])


def executed_keys(scenarios: Iterable[tuple[str, str]], run_error: str | None) -> set[str]:
    """Keys of the scenarios that really ran; after a run error, none did."""
    if run_error:
        return set()
    return {key for key, status in scenarios if status in ("passed", "failed", "error")}


def features_sha256(feature_files: Iterable[Path]) -> str:
    """One digest over every feature file's name and bytes, in name order."""
    digest = hashlib.sha256()
    for path in sorted(feature_files, key=lambda p: p.name):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


INTERRUPTED = "interrupted by"
"""How ``interrupts.py`` words the reason of a run a signal cut short."""


def run_outcome(statements: list[dict[str, Any]], selection: dict[str, Any],
                run_error: str | None, aborted: str | None = None) -> str:
    """``pass``, ``fail`` or ``error`` for the whole run (see module docstring)."""
    verdicts = {s["verdict"] for s in statements}
    if aborted and aborted.startswith(INTERRUPTED):  # cut short by a signal: always 2
        return "error"
    if verdicts & {"fail", "unexpected_pass"}:  # else a failure seen is a failure
        return "fail"
    if aborted:
        return "error"
    if run_error or "error" in verdicts or not selection.get("executed"):
        return "error"
    if not selection.get("complete", False):
        return "error"
    return "pass"


@dataclass
class RunRecorder:
    """Collects scenario outcomes during a run and turns them into results."""

    target: str
    seed: int
    run_prefix: str
    profile: str = "interpreted"
    tags: str | None = None
    catalog: Catalog = field(default_factory=load_catalog)
    rules: RuleCatalog = field(default_factory=load_rules)
    scenario_rules: dict[str, tuple[str, ...]] | None = None
    expectations: dict[str, ExpectedFailure] = field(default_factory=dict)
    features_digest: str = ""
    contract_version: str = ""
    selected: list[str] = field(default_factory=list)
    outcomes: list[ScenarioOutcome] = field(default_factory=list)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    run_error: str | None = None
    requests: int = 0
    created: dict[str, int] = field(default_factory=dict)
    left_over: dict[str, int] | None = None
    finished: datetime | None = None
    shard: tuple[int, int] | None = None
    first_scenario_at: datetime | None = None
    bystander: dict[str, Any] | None = None
    """Whether the bystander ran, what it created and caught (``fixtures/bystander.py``)."""
    aborted: str | None = None
    """Why the run was cut short (a signal, a worker without results, a hook's crash)."""
    cleanup_command: str | None = None
    """The command that removes what a killed run left (``cleanup.cleanup_command``)."""
    transport: dict[str, Any] | None = None
    """The driver's transport figures (``driver.transport.stats()``) when it has them."""
    browser: str | None = None
    """The browser of the screen scenarios (``--browser``), with its version once known;
    None: the screen scenarios were not selected."""
    newer_contract: dict[str, str] = field(default_factory=dict)
    """Scenarios left out because they need a newer contract minor than the service's."""

    def add(self, outcome: ScenarioOutcome) -> None:
        """Record one scenario's outcome."""
        self.outcomes.append(outcome)

    def count_created(self, removed: dict[str, int]) -> None:
        """Add what one scenario's cleanup removed to the run's 'created' figures."""
        for kind, count in removed.items():
            self.created[kind] = self.created.get(kind, 0) + count

    def cleanup(self) -> dict[str, Any]:
        """What the run created and what was still there at its end (target: nothing)."""
        left = self.left_over
        return {"created": dict(self.created), "left_after_scenarios": left,
                "leaked": None if left is None else sum(left.values())}

    def _attach_rules(self) -> None:
        """Give each outcome the rule IDs of its scenario's tags (from the features)."""
        if self.scenario_rules is None:
            self.scenario_rules = installed_scenario_rules()
        for outcome in self.outcomes:
            if not outcome.rules:
                outcome.rules = self.scenario_rules.get(outcome.key, ())

    def statements(self) -> list[dict[str, Any]]:
        """Every catalog statement with its verdict, scenarios and rules."""
        self._attach_rules()
        for outcome in self.outcomes:
            expected = self.expectations.get(outcome.key)
            if expected is not None and outcome.expected_failure is None:
                outcome.expected_failure = expected.reason
        entries = [{"status": o.status, "rules": o.rules} for o in self.outcomes]
        rows = []
        for statement in self.catalog.statements:
            scenarios = [o for o in self.outcomes if statement.id in o.statements]
            row: dict[str, Any] = {"id": statement.id, "class": statement.cls,
                                   "paragraph": statement.paragraph,
                                   "source_de": statement.source_de, "text": statement.text}
            if not statement.testable:
                row.update(verdict="not_testable", reason=statement.reason, scenarios=[])
            else:
                expected = self.expectations.get(statement.id)
                row["verdict"] = statement_verdict(
                    [counted_status(o.status, o.expected_failure) for o in scenarios],
                    self.run_error, expected)
                if expected is not None:
                    row["expected_failure"] = expected.reason
                row["scenarios"] = [{"name": o.name, "status": o.status} for o in scenarios]
            row["rules"] = rule_rows(self.rules, entries, statement.id, self.run_error)
            rows.append(row)
        return rows

    def selection(self) -> dict[str, Any]:
        """Which scenarios were selected, which ran, and whether the run is complete."""
        ran = executed_keys(((o.key, o.status) for o in self.outcomes), self.run_error)
        missing = [key for key in self.selected if key not in ran]
        return {"profile": self.profile, "classes": profile_classes(self.profile),
                "tags": self.tags, "browser": self.browser is not None,
                "selected": len(self.selected), "executed": len(ran),
                "complete": bool(self.selected) and not missing and not self.aborted,
                "missing": missing}

    def results(self) -> dict[str, Any]:
        """The results.json document."""
        finished = self.finished or datetime.now(UTC)
        counts: dict[str, int] = {}
        for scenario in self.outcomes:
            counts[scenario.status] = counts.get(scenario.status, 0) + 1
        statements = self.statements()
        selection = self.selection()
        outcome = run_outcome(statements, selection, self.run_error, self.aborted)
        data: dict[str, Any] = {
            "suite_version": __version__,
            "contract_version": self.contract_version,
            "target": self.target,
            "profile": self.profile,
            "seed": self.seed,
            "run_prefix": self.run_prefix,
            "started_at": self.started.isoformat(timespec="seconds"),
            "finished_at": finished.isoformat(timespec="seconds"),
            "duration_s": round((finished - self.started).total_seconds(), 3),
            "first_scenario_at": (self.first_scenario_at.isoformat(timespec="microseconds")
                                  if self.first_scenario_at else None),
            "requests": self.requests,
            "features_sha256": self.features_digest,
            "catalog_sha256": self.catalog.sha256,
            "article_sha256": self.catalog.article_sha256,
            "rules_sha256": self.rules.sha256,
            "outcome": outcome,
            "exit_code": EXIT_CODES[outcome],
            "selection": selection,
            "scenario_counts": counts,
            "statements": statements,
            "contract_rules": rule_rows(
                self.rules, [{"status": o.status, "rules": o.rules} for o in self.outcomes],
                CONTRACT, self.run_error),
            "scenarios": [o.as_dict() for o in self.outcomes],
            "cleanup": self.cleanup(),
            "screen": screen_summary(self.browser, self.outcomes),
            "contract": {"suite": contract_version(), "service": self.contract_version or None,
                         "not_run": [{"scenario": key, "reason": reason}
                                     for key, reason in self.newer_contract.items()]},
        }
        if self.shard:
            data["shard"] = {"index": self.shard[0], "total": self.shard[1]}
        if self.bystander is not None:
            data["bystander"] = self.bystander
        if self.run_error:
            data["run_error"] = self.run_error
        if self.aborted:
            data["aborted"] = self.aborted
        if self.cleanup_command:
            data["cleanup_command"] = self.cleanup_command
        if self.transport is not None:
            data["transport"] = self.transport
        return data


SCREEN_STATEMENTS = ("S08", "S09", "S10", "S11")


def screen_summary(browser: str | None, outcomes: Iterable[ScenarioOutcome]) -> dict[str, Any]:
    """Whether the screen the article describes (S08–S11) was checked in a real browser."""
    ran = [o for o in outcomes if o.browser and o.status != "skipped"]
    if browser is None:
        return {"checked": False, "browser": None, "scenarios": 0,
                "note": "the screen checks (@browser: S08-S11 in a real browser) did not run: "
                        "no --browser; S08 and S09 rest on the HTTP checks of what the screen "
                        "shows (name, initials, the current-account marker)"}
    passed = sum(1 for o in ran if o.status == "passed")
    if not ran:
        return {"checked": False, "browser": browser, "scenarios": 0, "passed": 0,
                "note": f"the screen checks did not run: a browser ({browser}) was configured, "
                        "but no screen scenario (@browser) was selected or ran"}
    return {"checked": True, "browser": browser, "scenarios": len(ran), "passed": passed,
            "note": f"the screen checks ran in {browser}: {passed}/{len(ran)} passed"}


def merge_bystander(entries: list[dict[str, Any] | None]) -> dict[str, Any] | None:
    """One ``bystander`` entry from the parts of a distributed run (one bystander each)."""
    known = [entry for entry in entries if entry is not None]
    if not known:
        return None
    ran = [entry for entry in known if entry.get("ran")]
    merged: dict[str, Any] = {"ran": bool(ran) and len(ran) == len(entries), "parts": len(ran),
                              "caught": [c for entry in known for c in entry.get("caught", [])]}
    reasons = sorted({entry["reason"] for entry in known if entry.get("reason")})
    if reasons:
        merged["reason"] = "; ".join(reasons)
    if ran:
        merged["state_checks"] = sum(entry.get("state_checks", 0) for entry in ran)
        merged["leak_check"] = all(entry.get("leak_check") for entry in ran)
    return merged


def write_results(results: dict[str, Any], report_dir: Path) -> Path:
    """Write results.json into ``report_dir`` (whole or not at all: through a temporary file
    renamed into place); return its path. A text the service sent that cannot be UTF-8 (a
    lone surrogate) is written as its JSON escape, never a crash."""
    report_dir.mkdir(parents=True, exist_ok=True)
    path = report_dir / RESULTS_FILE
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    partial = path.with_name(f".{RESULTS_FILE}.partial")
    partial.write_bytes(text.encode("utf-8", "backslashreplace"))
    os.replace(partial, path)
    return path


def render_table(results: dict[str, Any]) -> str:
    """The statement verdict table printed at the end of a run."""
    lines = [f"{'ID':<4} {'class':<12} {'verdict':<15} scenarios",
             f"{'-' * 4} {'-' * 12} {'-' * 15} {'-' * 24}"]
    for row in results["statements"]:
        scenarios = row["scenarios"]
        if row["verdict"] == "not_testable":
            detail = row.get("reason") or ""
        else:
            passed = sum(1 for s in scenarios if s["status"] == "passed")
            detail = f"{passed}/{len(scenarios)} passed" if scenarios else "-"
            if row.get("expected_failure"):
                detail += f" (expected to fail: {row['expected_failure']})"
        lines.append(f"{row['id']:<4} {row['class']:<12} {row['verdict']:<15} {detail}")
    counts = results.get("scenario_counts", {})
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "none"
    selection = results["selection"]
    lines.append(f"scenarios: {summary}; requests: {results['requests']}; "
                 f"{results['duration_s']}s; seed {results['seed']}; "
                 f"prefix {results['run_prefix']}; target {results['target']}")
    lines.append(f"profile {selection['profile']} ({', '.join(selection['classes'])}); "
                 f"{selection['executed']}/{selection['selected']} selected scenarios ran; "
                 f"complete: {'yes' if selection['complete'] else 'NO'}; "
                 f"outcome: {results['outcome']} (exit {results['exit_code']})")
    if results.get("run_error"):
        lines.append(f"run error: {results['run_error']}")
    if results.get("aborted"):
        lines.append(f"run aborted: {results['aborted']}")
    contract = results.get("contract") or {}
    if contract.get("not_run"):
        lines.append(f"contract: the suite checks {contract.get('suite')}, the service reports "
                     f"{contract.get('service')}: {len(contract['not_run'])} scenario(s) of a "
                     "newer minor not run (contract/CHANGELOG.md)")
    screen = results.get("screen")
    if screen:
        lines.append(f"screen (S08-S11): {screen['note']}")
    if results.get("cleanup_command") and results["outcome"] != "pass":  # (every report
        lines.append(f"leftovers of a killed run: {results['cleanup_command']}")  # has it)
    return "\n".join(lines)
