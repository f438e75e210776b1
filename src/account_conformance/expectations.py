"""Expected failures a vendor keeps on file, each with a reason; strict by design.

``expectations.toml``::

    [[expected_failure]]
    statement = "S05"
    reason = "merge refusal does not name the account kinds yet (TICKET-123)"

A statement expected to fail that fails is reported ``expected_fail`` and does not fail the
run; one that passes is ``unexpected_pass`` and fails the run, so the file cannot go stale.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .catalog import load_catalog
from .config import ConfigurationError


@dataclass(frozen=True)
class ExpectedFailure:
    """One statement a vendor knows to fail, and why."""

    statement: str
    reason: str


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
    for entry in data.get("expected_failure", []):
        statement, reason = entry.get("statement"), str(entry.get("reason", "")).strip()
        if statement not in known:
            raise ConfigurationError(f"{path}: {statement!r} is not a testable statement ID")
        if not reason:
            raise ConfigurationError(f"{path}: expected failure of {statement} needs a reason")
        expected[statement] = ExpectedFailure(statement, reason)
    return expected
