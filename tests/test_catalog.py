"""The statement catalog matches the article and statements.md: IDs, classes, text.

The catalog is the one source of the statement IDs; nothing here repeats them. Its IDs and
classes are checked against ``statements.md`` (the shared specification), its German text
against the article.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys

import pytest

from account_conformance.catalog import (
    CLASSES,
    STATEMENT_TAG,
    TESTABLE_CLASSES,
    load_catalog,
    statement_ids,
)
from conftest import SHARED_SPEC


def _flat(text: str) -> str:
    return " ".join(text.replace("•", " ").split())


def test_ids_are_numbered_in_order_and_classes_are_known() -> None:
    catalog = load_catalog()
    assert catalog.ids == tuple(f"S{n:02d}" for n in range(1, len(catalog.ids) + 1))
    assert all(STATEMENT_TAG.match(i) for i in catalog.ids)
    assert all(s.cls in CLASSES for s in catalog.statements)


def test_testable_ids_are_the_statements_scenarios_can_check() -> None:
    catalog = load_catalog()
    testable = catalog.testable_ids
    assert testable and set(testable) < set(catalog.ids)
    assert testable == tuple(s.id for s in catalog.statements if s.cls in TESTABLE_CLASSES)
    assert all(catalog.get(i).testable for i in testable)


def test_statement_ids_picks_the_ids_out_of_tags() -> None:
    assert statement_ids(["S05", "interpreted", "S01", "S5", "xS01", "S01"]) == ("S01", "S05")


def test_article_copy_matches_recorded_hash() -> None:
    catalog = load_catalog()
    digest = hashlib.sha256(catalog.article_text.encode("utf-8")).hexdigest()
    assert digest == catalog.article_sha256


def test_article_copy_matches_shared_spec() -> None:
    shared = SHARED_SPEC / "help-article.de.txt"
    if not shared.is_file():
        pytest.skip("shared/spec not beside the repository")
    assert shared.read_text(encoding="utf-8") == load_catalog().article_text


def test_statements_md_ids_and_classes_match() -> None:
    source = SHARED_SPEC / "statements.md"
    if not source.is_file():
        pytest.skip("shared/spec not beside the repository")
    rows = re.findall(r"^\| (S\d\d) \| (P[\d, P]+) \|.*\| ([a-z]+)(?: \([^)]*\))? \|$",
                      source.read_text(encoding="utf-8"), flags=re.MULTILINE)
    catalog = load_catalog()
    assert [row[0] for row in rows] == list(catalog.ids)
    for statement_id, paragraph, cls in rows:
        statement = catalog.get(statement_id)
        assert statement.cls == cls, statement_id
        assert statement.paragraph == paragraph.strip(), statement_id


def test_german_sources_are_verbatim_quotes_of_the_article() -> None:
    catalog = load_catalog()
    article = _flat(catalog.article_text)
    for statement in catalog.statements:
        for fragment in statement.source_de.split(" … "):
            assert _flat(fragment) in article, f"{statement.id}: {fragment!r} not in article"


def test_untestable_statements_give_a_reason() -> None:
    for statement in load_catalog().statements:
        assert bool(statement.reason) == (not statement.testable), statement.id


def test_statements_json_command() -> None:
    out = subprocess.run([sys.executable, "-m", "account_conformance.cli", "statements",
                          "--json"], capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    assert [s["id"] for s in data["statements"]] == list(load_catalog().ids)
    for entry in data["statements"]:
        assert {"id", "class", "source_de", "text"} <= entry.keys()
