"""Deliberate misbehaviours (faults) the reference service can be started with.

A fault makes the service break one or more statements on purpose, so the suite can prove
that its scenarios notice. Each fault replaces one or more rules (``rules.py``) with the
functions next to its registry entry here; ``rules_for`` puts them in place once, when the
app is built, so the service's normal path has no fault switches. All are off unless named
with ``--fault NAME``; ``python -m account_reference --list-faults`` prints this registry.
Two faults that replace the same rule cannot be enabled together.

A fault's ``statements`` are exactly the statements the suite sees it break: the fault
matrix (``tests/test_fault_matrix.py``) fails when a listed statement still passes
everywhere (not killed) or when one outside the list fails (not pinpointed).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from ..rules import Rules
from . import (
    combining,
    deletion,
    enterprise,
    leaks,
    restriction,
    roles,
    separation,
    switching,
    ui,
)
from .fault import Fault, RuleFunction

__all__ = ["FAULTS", "Fault", "FaultConflictError", "FaultSet", "UnknownFaultError",
           "registry", "rules_for"]

FAULTS: dict[str, Fault] = {
    entry.name: entry
    for group in (separation, combining, switching, deletion, enterprise, restriction, roles,
                  leaks, ui)
    for entry in group.FAULTS
}
"""Every known fault by name, in catalog order (grouped by the statements they break)."""

RULE_NAMES = frozenset(field.name for field in dataclasses.fields(Rules))


def registry() -> dict[str, list[dict[str, Any]]]:
    """Every known fault, in registry order: ``{"faults": [{name, statements, description}]}``
    (and ``"browser": true`` for a fault only the web UI shows)."""
    return {"faults": [entry.as_dict() for entry in FAULTS.values()]}


class UnknownFaultError(ValueError):
    """A fault name that is not in the registry."""


class FaultConflictError(ValueError):
    """Two enabled faults replace the same rule."""


class FaultSet:
    """The set of faults enabled for one running service."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        enabled = frozenset(names)
        unknown = sorted(enabled - FAULTS.keys())
        if unknown:
            raise UnknownFaultError(
                f"unknown fault(s): {', '.join(unknown)}; known: {', '.join(sorted(FAULTS))}")
        owners: dict[str, str] = {}
        for name in sorted(enabled):
            entry = FAULTS[name]
            rules = entry.replaces if entry.per_app is None else entry.per_app()
            for rule in rules:
                if rule in owners:
                    raise FaultConflictError(
                        f"faults {owners[rule]} and {name} both replace the rule {rule}; "
                        "enable at most one of them")
                owners[rule] = name
        self.enabled: frozenset[str] = enabled

    def __repr__(self) -> str:
        return f"FaultSet({sorted(self.enabled)!r})"


def rules_for(faults: FaultSet) -> Rules:
    """The rules of a service with ``faults`` enabled: the correct ones, each replaced by
    the enabled fault that replaces it (fresh per call, so apps share no fault state)."""
    replaced: dict[str, RuleFunction] = {}
    for entry in FAULTS.values():
        if entry.name in faults.enabled:
            replaced.update(entry.replacements())
    unknown = sorted(set(replaced) - RULE_NAMES)
    if unknown:
        raise KeyError(f"no such rule: {', '.join(unknown)}")
    return dataclasses.replace(Rules(), **replaced)
