"""From scenario outcomes to statement verdicts, ``results.json`` and the printed table.

A scenario's outcome is ``passed``, ``failed`` (the service answered and broke a check),
``error`` (the suite could not reach a verdict: unreachable, timeout, missing test-support
operation, a crash in the suite itself) or ``skipped``. A statement's verdict folds the
outcomes of the scenarios tagged with its ID: any failure → ``fail``; else any error →
``error``; else at least one pass → ``pass``; no scenario ran → ``not_run``. Rationale and
reference statements are always ``not_testable``, with the catalog's reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import __version__
from .catalog import Catalog, load_catalog

STATEMENT_TAG = re.compile(r"^S\d{2}$")
VERDICTS = ("pass", "fail", "error", "not_run", "not_testable")


@dataclass
class ScenarioOutcome:
    """One executed (or skipped) scenario and what it ended in."""

    name: str
    location: str
    statements: tuple[str, ...]
    status: str
    message: str = ""
    evidence: list[str] = field(default_factory=list)
    requests: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The scenario's entry in results.json."""
        data: dict[str, Any] = {"name": self.name, "location": self.location,
                                "status": self.status, "requests": self.requests}
        if self.message:
            data["message"] = self.message
        if self.evidence:
            data["evidence"] = self.evidence
        return data


def statement_ids(tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The catalog IDs among a scenario's tags."""
    return tuple(sorted({t for t in tags if STATEMENT_TAG.match(t)}))


def fold_verdict(statuses: list[str]) -> str:
    """A statement's verdict from its scenarios' statuses."""
    if "failed" in statuses:
        return "fail"
    if "error" in statuses:
        return "error"
    if "passed" in statuses:
        return "pass"
    return "not_run"


@dataclass
class RunRecorder:
    """Collects scenario outcomes during a run and turns them into results."""

    target: str
    seed: int
    run_prefix: str
    catalog: Catalog = field(default_factory=load_catalog)
    outcomes: list[ScenarioOutcome] = field(default_factory=list)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    run_error: str | None = None
    requests: int = 0
    cleanup: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: ScenarioOutcome) -> None:
        """Record one scenario's outcome."""
        self.outcomes.append(outcome)

    def statements(self) -> list[dict[str, Any]]:
        """Every catalog statement with its verdict and scenarios."""
        rows = []
        for statement in self.catalog.statements:
            scenarios = [o for o in self.outcomes if statement.id in o.statements]
            row: dict[str, Any] = {"id": statement.id, "class": statement.cls,
                                   "text": statement.text}
            if not statement.testable:
                row.update(verdict="not_testable", reason=statement.reason, scenarios=[])
            else:
                statuses = [o.status for o in scenarios]
                verdict = fold_verdict(statuses)
                if verdict == "not_run" and self.run_error:
                    verdict = "error"
                row.update(verdict=verdict,
                           scenarios=[{"name": o.name, "status": o.status} for o in scenarios])
            rows.append(row)
        return rows

    def results(self) -> dict[str, Any]:
        """The results.json document."""
        finished = datetime.now(UTC)
        counts: dict[str, int] = {}
        for outcome in self.outcomes:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        data: dict[str, Any] = {
            "suite_version": __version__,
            "target": self.target,
            "seed": self.seed,
            "run_prefix": self.run_prefix,
            "started_at": self.started.isoformat(timespec="seconds"),
            "finished_at": finished.isoformat(timespec="seconds"),
            "duration_s": round((finished - self.started).total_seconds(), 3),
            "requests": self.requests,
            "catalog_sha256": self.catalog.sha256,
            "article_sha256": self.catalog.article_sha256,
            "scenario_counts": counts,
            "statements": self.statements(),
            "scenarios": [o.as_dict() for o in self.outcomes],
            "cleanup": self.cleanup,
        }
        if self.run_error:
            data["run_error"] = self.run_error
        return data

    def write(self, report_dir: Path) -> Path:
        """Write results.json into ``report_dir``; return its path."""
        report_dir.mkdir(parents=True, exist_ok=True)
        path = report_dir / "results.json"
        path.write_text(json.dumps(self.results(), indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        return path


def render_table(results: dict[str, Any]) -> str:
    """The statement verdict table printed at the end of a run."""
    lines = [f"{'ID':<4} {'class':<12} {'verdict':<13} scenarios",
             f"{'-' * 4} {'-' * 12} {'-' * 13} {'-' * 24}"]
    for row in results["statements"]:
        scenarios = row["scenarios"]
        if row["verdict"] == "not_testable":
            detail = row.get("reason") or ""
        else:
            passed = sum(1 for s in scenarios if s["status"] == "passed")
            detail = f"{passed}/{len(scenarios)} passed" if scenarios else "-"
        lines.append(f"{row['id']:<4} {row['class']:<12} {row['verdict']:<13} {detail}")
    counts = results.get("scenario_counts", {})
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "none"
    lines.append(f"scenarios: {summary}; requests: {results['requests']}; "
                 f"{results['duration_s']}s; seed {results['seed']}; "
                 f"prefix {results['run_prefix']}; target {results['target']}")
    if results.get("run_error"):
        lines.append(f"run error: {results['run_error']}")
    return "\n".join(lines)
