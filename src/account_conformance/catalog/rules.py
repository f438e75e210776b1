"""The contract rule catalog: every normative rule of ``contract/`` with a stable ID, as data.

``rules.yaml`` (beside ``statements.yaml``) lists each rule of ``contract/README.md`` and
``contract/openapi.yaml``: its ID (``R-ERR-not_found``, ``R-OP-accept_invitation-2`` …), the
section it comes from, a short text, the statements it serves (``S01``–``S19``, or
``contract`` for a pure convention), and for a refusal its ``code`` and, in the error table,
its ``status``. Scenarios carry rule IDs as tags; ``rule_ids(tags)`` picks them out. A rule
no scenario exercises yet says ``covered: false`` with a one-line ``reason`` (the ratchet of
``tests/test_rule_catalog.py``).

``load_rules()`` reads and checks the packaged catalog once; ``parse_rules(text)`` checks
any text (the tests feed it synthetic catalogs). ``error_statuses()`` is the error table as
code -> allowed statuses, for steps that check a refusal's exact status.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from . import CatalogError, load_catalog, tags_matching

CONTRACT = "contract"
"""The pseudo-statement of rules that serve no statement of the article."""
RULE_TAG = re.compile(r"^R-[A-Z]+(?:-[A-Za-z0-9_]+)+$")
_FIELDS = {"id", "section", "text", "statements", "code", "status", "operation", "covered",
           "reason"}


def rule_ids(tags: Iterable[str]) -> tuple[str, ...]:
    """The rule IDs among a scenario's tags, sorted."""
    return tags_matching(RULE_TAG, tags)


@dataclass(frozen=True)
class Rule:
    """One rule of the contract."""

    id: str
    section: str
    text: str
    statements: tuple[str, ...]
    code: str | None = None
    status: tuple[int, ...] = ()
    operation: str | None = None
    covered: bool = True
    reason: str | None = None

    def serves(self, group: str) -> bool:
        """Whether the rule serves this statement ID (or ``contract``)."""
        return group in self.statements


@dataclass(frozen=True)
class RuleCatalog:
    """Every rule, in catalog order, and the text they were read from."""

    rules: tuple[Rule, ...]
    raw_text: str

    @property
    def ids(self) -> tuple[str, ...]:
        """All rule IDs in order."""
        return tuple(r.id for r in self.rules)

    def get(self, rule_id: str) -> Rule:
        """The rule with this ID (KeyError if unknown)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def serving(self, group: str) -> tuple[Rule, ...]:
        """The rules serving a statement ID, or ``contract``, in catalog order."""
        return tuple(r for r in self.rules if r.serves(group))

    @property
    def uncovered(self) -> tuple[str, ...]:
        """The IDs of the rules marked ``covered: false``."""
        return tuple(r.id for r in self.rules if not r.covered)

    @property
    def sha256(self) -> str:
        """SHA-256 of the catalog text, for reports."""
        return hashlib.sha256(self.raw_text.encode("utf-8")).hexdigest()


def _rule(entry: Any, statements: set[str]) -> Rule:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise CatalogError(f"rules.yaml: an entry without an id: {entry!r}")
    rid = entry["id"]
    unknown = set(entry) - _FIELDS
    if unknown:
        raise CatalogError(f"{rid}: unknown fields {sorted(unknown)}")
    if not RULE_TAG.match(rid):
        raise CatalogError(f"{rid}: not a rule ID (R-<GROUP>-…, letters, digits, _ and -)")
    for name in ("section", "text"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise CatalogError(f"{rid}: '{name}' is missing")
    served = entry.get("statements")
    if not isinstance(served, list) or not served:
        raise CatalogError(f"{rid}: 'statements' must list S-IDs or {CONTRACT!r}")
    wrong = [s for s in served if s != CONTRACT and s not in statements]
    if wrong:
        raise CatalogError(f"{rid}: {wrong} are not testable statements")
    covered = entry.get("covered", True)
    reason = entry.get("reason")
    if not isinstance(covered, bool) or (not covered and not reason) or (covered and reason):
        raise CatalogError(f"{rid}: 'covered: false' needs a one-line 'reason' (and only then)")
    status = entry.get("status", [])
    if not isinstance(status, list) or not all(isinstance(s, int) for s in status):
        raise CatalogError(f"{rid}: 'status' must list HTTP statuses")
    return Rule(id=rid, section=entry["section"], text=" ".join(entry["text"].split()),
                statements=tuple(served), code=entry.get("code"), status=tuple(status),
                operation=entry.get("operation"), covered=covered, reason=reason)


def parse_rules(text: str, statements: Iterable[str] | None = None) -> RuleCatalog:
    """Check and read a rule catalog (``statements``: the testable IDs, default the catalog's)."""
    known = set(load_catalog().testable_ids if statements is None else statements)
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise CatalogError("rules.yaml: no 'rules' list")
    rules = tuple(_rule(entry, known) for entry in data["rules"])
    ids = [r.id for r in rules]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise CatalogError(f"rules.yaml: repeated IDs {repeated}")
    return RuleCatalog(rules=rules, raw_text=text)


@cache
def load_rules() -> RuleCatalog:
    """Read and check the packaged rule catalog (cached)."""
    text = resources.files(__package__ or "account_conformance.catalog").joinpath(
        "rules.yaml").read_text(encoding="utf-8")
    return parse_rules(text)


def error_statuses(catalog: RuleCatalog | None = None) -> dict[str, tuple[int, ...]]:
    """The error table: each code of an ``R-ERR-<code>`` rule and its allowed statuses."""
    rules = (catalog or load_rules()).rules
    return {r.code: r.status for r in rules if r.id.startswith("R-ERR-") and r.code}
