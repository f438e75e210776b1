"""Expected failures a vendor keeps on file, each with a reason; strict by design.

``expectations.toml``::

    [[expected_failure]]
    statement = "S05"
    reason = "merge refusal does not name the account kinds yet (TICKET-123)"

    [[expected_failure]]
    scenario = "merging.feature:A Pro account cannot be merged into a Team account"
    reason = "TICKET-456"

A statement expected to fail that fails is reported ``expected_fail`` and does not fail the
run; one that passes is ``unexpected_pass`` and fails the run, so the file cannot go stale.
A **scenario** expected to fail (its key: ``feature-file-name:scenario name``, as in
results.json) excuses only that scenario: another scenario of the same statement that fails
still fails the statement, and the expected scenario passing is ``unexpected_pass``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .catalog import load_catalog
from .config import ConfigurationError


@dataclass(frozen=True)
class ExpectedFailure:
    """One statement (or, with ``scenario``, one scenario) a vendor knows to fail, and why."""

    statement: str
    reason: str
    scenario: str | None = None
    """The scenario's key when the expectation is for one scenario only."""


def load_expectations(path: Path | None) -> dict[str, ExpectedFailure]:
    """Read and check an expectations file; {} when none is given."""
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"cannot read expectations file {path}: {exc}") from None
    known = {s.id for s in load_catalog().statements if s.testable}
    expected: dict[str, ExpectedFailure] = {}
    scenarios: dict[str, tuple[str, ...]] | None = None
    for entry in data.get("expected_failure", []):
        statement, scenario = entry.get("statement"), entry.get("scenario")
        reason = str(entry.get("reason", "")).strip()
        if (statement is None) == (scenario is None):
            raise ConfigurationError(f"{path}: an expected failure names either a statement "
                                     f"or a scenario: {entry!r}")
        what = statement or scenario
        if not reason:
            raise ConfigurationError(f"{path}: expected failure of {what} needs a reason")
        if scenario is not None:
            scenarios = scenarios if scenarios is not None else _scenario_statements()
            if scenario not in scenarios:
                raise ConfigurationError(f"{path}: {scenario!r} is not a scenario of the suite "
                                         "(feature-file-name:scenario name, as in results.json)")
            expected[scenario] = ExpectedFailure(",".join(scenarios[scenario]), reason,
                                                 scenario)
            continue
        if statement not in known:
            raise ConfigurationError(f"{path}: {statement!r} is not a testable statement ID")
        expected[statement] = ExpectedFailure(statement, reason)
    return expected


def _scenario_statements() -> dict[str, tuple[str, ...]]:
    """Every scenario key of the installed suite (screen scenarios too) -> its statements."""
    from .selection import select_scenarios, suite_root

    return {s.key: s.statements
            for s in select_scenarios(suite_root() / "features", "interpreted", None, True)}
