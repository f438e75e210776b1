"""One fault mode: its name, the statements it breaks, what it does, and the rules it
replaces."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

RuleFunction = Callable[..., Any]
Replacements = Mapping[str, RuleFunction]


@dataclass(frozen=True)
class Fault:
    """One known fault: its name, the statements it breaks, what it does, and how.

    ``replaces`` maps rule names (fields of ``rules.Rules``) to the functions that take
    their place. A fault that keeps state builds its replacements per app instead
    (``per_app``), so two apps never share it.
    """

    name: str
    statements: tuple[str, ...]
    description: str
    replaces: Replacements = field(default_factory=dict)
    per_app: Callable[[], Replacements] | None = None

    def as_dict(self) -> dict[str, Any]:
        """The fault as ``--list-faults`` prints it."""
        return {"name": self.name, "statements": list(self.statements),
                "description": self.description}

    def replacements(self) -> Replacements:
        """The rule functions this fault puts in place, fresh for one app."""
        return self.per_app() if self.per_app is not None else self.replaces


def fault(name: str, statements: str, description: str, *,
          per_app: Callable[[], Replacements] | None = None,
          **replaces: RuleFunction) -> Fault:
    """A registry entry; ``statements`` are space-separated statement IDs, the keyword
    arguments name the rules replaced."""
    return Fault(name, tuple(statements.split()), description, replaces, per_app)
