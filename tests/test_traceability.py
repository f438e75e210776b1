"""Every scenario traces to the catalog; every covered statement has scenarios.

Also keeps the features in business language: no URLs, JSON, status or error codes.
"""

from __future__ import annotations

import re
from pathlib import Path

from behave.parser import parse_file

from account_conformance.catalog import load_catalog
from conftest import REPO

FEATURES = sorted((REPO / "features").glob("*.feature"))
REQUIRED = [f"S{n:02d}" for n in range(1, 20)]
OTHER_TAGS = {"interpreted", "ui", "security", "hostile", "slow"}
FORBIDDEN = [
    (re.compile(r"https?://|/v1/|/test-support"), "a URL or path"),
    (re.compile(r"[{}]|\bjson\b", re.IGNORECASE), "JSON"),
    (re.compile(r"\b[1-5]\d\d\b"), "an HTTP status code"),
    (re.compile(r"\b[a-z]+_[a-z_]+\b"), "an error code or identifier"),
]


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
    known = set(catalog.ids) | OTHER_TAGS
    for path, scenario in _scenarios():
        tags = set(scenario.effective_tags)
        ids = {t for t in tags if re.fullmatch(r"S\d\d", t)}
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


def test_every_required_statement_has_scenarios() -> None:
    covered = {t for _, s in _scenarios() for t in s.effective_tags}
    missing = [s for s in REQUIRED if s not in covered]
    assert not missing, f"statements without scenarios: {missing}"


def test_features_speak_business_language() -> None:
    for path in FEATURES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            text = line.strip()
            if not text or text.startswith("#") or text.startswith("@"):
                continue
            for pattern, what in FORBIDDEN:
                assert not pattern.search(text), f"{path.name}:{number} has {what}: {text!r}"
