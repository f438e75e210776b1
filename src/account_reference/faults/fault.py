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
    (``per_app``), so two apps never share it. ``browser`` marks a fault only the web UI
    shows (the API is untouched): the fault matrix runs those with the browser.
    """

    name: str
    statements: tuple[str, ...]
    description: str
    replaces: Replacements = field(default_factory=dict)
    per_app: Callable[[], Replacements] | None = None
    browser: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The fault as ``--list-faults`` prints it (``"browser": true`` only when set)."""
        entry: dict[str, Any] = {"name": self.name, "statements": list(self.statements),
                                 "description": self.description}
        if self.browser:
            entry["browser"] = True
        return entry

    def replacements(self) -> Replacements:
        """The rule functions this fault puts in place, fresh for one app."""
        return self.per_app() if self.per_app is not None else self.replaces


def fault(name: str, statements: str, description: str, *,
          per_app: Callable[[], Replacements] | None = None, browser: bool = False,
          **replaces: RuleFunction) -> Fault:
    """A registry entry; ``statements`` are space-separated statement IDs, the keyword
    arguments name the rules replaced (``browser``: a fault only the web UI shows)."""
    return Fault(name, tuple(statements.split()), description, replaces, per_app, browser)
