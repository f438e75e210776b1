"""The reference service's fault modes, as the suite sees them (``account-conformance faults``).

A fault mode makes the reference service break one or more statements on purpose; the
fault matrix test runs the suite against each one to show that every check can fail, and
fails where the fault claims. The registry belongs to the reference service, which this
package never imports: it is read by running ``python -m account_reference --list-faults``
in a child process and parsing the JSON it prints.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

from .catalog import load_catalog


def __getattr__(name: str) -> tuple[str, ...]:
    """``TESTABLE``: the testable statement IDs, read from the catalog when first asked."""
    if name == "TESTABLE":
        return load_catalog().testable_ids
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class FaultCatalogError(RuntimeError):
    """The reference service could not list its faults."""


@dataclass(frozen=True)
class FaultMode:
    """One fault of the reference service: its name, the statements it breaks, what it does."""

    name: str
    statements: tuple[str, ...]
    description: str
    browser: bool = False
    """A fault of the service's page: only the screen scenarios (``--browser``) see it."""


def load_faults(python: str = sys.executable, timeout_s: float = 60.0) -> list[FaultMode]:
    """The reference service's fault registry, in its own order."""
    command = [python, "-m", "account_reference", "--list-faults"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise FaultCatalogError(f"{' '.join(command)}: {exc}") from exc
    if done.returncode != 0:
        raise FaultCatalogError(f"{' '.join(command)} exited {done.returncode}: "
                                f"{done.stderr.strip()[-500:]}")
    try:
        entries = json.loads(done.stdout)["faults"]
        return [FaultMode(e["name"], tuple(e["statements"]), e["description"],
                          bool(e.get("browser", False))) for e in entries]
    except (ValueError, KeyError, TypeError) as exc:
        raise FaultCatalogError(f"{' '.join(command)} printed no fault list: {exc}") from exc


def faults_json(faults: list[FaultMode]) -> str:
    """The registry as JSON, the same shape the reference prints."""
    return json.dumps({"faults": [{"name": f.name, "statements": list(f.statements),
                                   "description": f.description,
                                   **({"browser": True} if f.browser else {})}
                                  for f in faults]}, indent=2, ensure_ascii=False)


def faults_markdown(faults: list[FaultMode]) -> str:
    """The README's fault catalog: one row per fault, then one row per testable statement."""
    lines = ["| fault | statements it breaks | what the service does wrong |",
             "|---|---|---|"]
    for fault in faults:
        page = " (the page: seen with `--browser`)" if fault.browser else ""
        lines.append(f"| `{fault.name}` | {', '.join(fault.statements)} | "
                     f"{fault.description.replace('|', '/')}{page} |")
    testable = load_catalog().testable_ids
    lines += ["", "| statement | faults | fault names |", "|---|---|---|"]
    for statement in testable:
        names = [f.name for f in faults if statement in f.statements]
        lines.append(f"| {statement} | {len(names)} | "
                     f"{', '.join(f'`{n}`' for n in names) or '—'} |")
    lines += ["", f"{len(faults)} faults; every testable statement ({testable[0]}–"
                  f"{testable[-1]}) is listed by at least "
                  f"{min(sum(s in f.statements for f in faults) for s in testable)}."]
    return "\n".join(lines)
