"""Deliberate misbehaviours (faults) the reference service can be started with.

A fault makes the service break one or more statements on purpose, so the suite can
prove that its scenarios notice. Each fault is a small ``if faults.on(...)`` branch at
the point in the code where the behaviour lives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    """One known fault: its name, the statements it breaks, and what it does."""

    name: str
    statements: tuple[str, ...]
    description: str


FAULTS: dict[str, Fault] = {
    fault.name: fault
    for fault in (
        Fault(
            name="merge-accepted",
            statements=("S04", "S05"),
            description=(
                "A merge request is accepted (200): the source individual account's "
                "conversations and projects move into the target account and the source "
                "individual account is removed."
            ),
        ),
    )
}


class UnknownFaultError(ValueError):
    """A fault name that is not in the registry."""


class FaultSet:
    """The set of faults enabled for one running service."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        enabled = frozenset(names)
        unknown = sorted(enabled - FAULTS.keys())
        if unknown:
            raise UnknownFaultError(
                f"unknown fault(s): {', '.join(unknown)}; known: {', '.join(sorted(FAULTS))}")
        self.enabled: frozenset[str] = enabled

    def on(self, name: str) -> bool:
        """Whether the fault ``name`` is enabled (a typo in the code is a bug: it raises)."""
        if name not in FAULTS:
            raise KeyError(f"fault {name!r} is not registered")
        return name in self.enabled

    def __repr__(self) -> str:
        return f"FaultSet({sorted(self.enabled)!r})"
