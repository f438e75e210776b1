"""Every scenario traces to the catalog; every testable statement has scenarios.

The testable statements are the catalog's (``load_catalog().testable_ids``); a scenario's
other tags are a few known words and rule IDs of the contract rule catalog
(``catalog/rules.yaml``; that every rule has a scenario is ``test_rule_catalog.py``). That
features stay in business language is a layering rule (``test_layering.py``).
"""

from __future__ import annotations

from pathlib import Path

from behave.parser import parse_file

from account_conformance.catalog import load_catalog, statement_ids
from account_conformance.catalog.rules import load_rules, rule_ids
from account_conformance.contract import contract_version
from account_conformance.selection import SINCE_TAG, needs_newer_contract
from conftest import REPO

FEATURES = sorted((REPO / "features").glob("*.feature"))
OTHER_TAGS = {"interpreted", "ui", "security", "hostile", "slow", "browser"}


def _scenarios() -> list[tuple[Path, object]]:
    found = []
    for path in FEATURES:
        feature = parse_file(str(path))
        for scenario in feature.walk_scenarios(with_outlines=True):
            found.append((path, scenario))
    return found


def test_there_are_features() -> None:
    assert FEATURES, "no feature files"


def test_every_scenario_carries_a_catalog_id_and_no_unknown_tag() -> None:
    catalog = load_catalog()
    known = set(catalog.ids) | OTHER_TAGS | set(load_rules().ids)
    for path, scenario in _scenarios():
        since = {t for t in scenario.effective_tags if SINCE_TAG.match(t)}
        assert all(needs_newer_contract([t], contract_version()) is None for t in since), (
            f"{scenario.name!r}: {since} is newer than the contract ({contract_version()})")
        tags = set(scenario.effective_tags) - since
        ids = set(statement_ids(tags))
        assert ids, f"{path.name}: {scenario.name!r} carries no statement ID"
        assert tags <= known, f"{path.name}: {scenario.name!r} unknown tags {tags - known}"
        for statement_id in ids:
            statement = catalog.get(statement_id)
            assert statement.testable, f"{scenario.name!r} tags untestable {statement_id}"
            for class_tag in statement.tags:
                assert class_tag in tags, f"{scenario.name!r} ({statement_id}) lacks @{class_tag}"


def test_scenario_names_are_unique_per_feature() -> None:
    seen: set[tuple[str, str]] = set()
    for path, scenario in _scenarios():
        key = (path.name, scenario.name)
        assert key not in seen, f"{path.name}: scenario name {scenario.name!r} repeats"
        seen.add(key)


def test_every_testable_statement_has_scenarios() -> None:
    testable = load_catalog().testable_ids
    assert testable, "the catalog names no testable statement"
    covered = {t for _, s in _scenarios() for t in s.effective_tags}
    missing = [s for s in testable if s not in covered]
    assert not missing, f"statements without scenarios: {missing}"


def test_every_rule_tag_is_a_rule_of_the_catalog() -> None:
    rules = set(load_rules().ids)
    for path, scenario in _scenarios():
        tagged = {t for t in scenario.effective_tags if t.startswith("R-")}
        assert set(rule_ids(tagged)) == tagged, f"{scenario.name!r}: malformed {tagged}"
        assert tagged <= rules, f"{path.name}: {scenario.name!r} unknown rules {tagged - rules}"
