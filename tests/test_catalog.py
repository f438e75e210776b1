"""The statement catalog matches the article and statements.md: IDs, classes, text."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys

import pytest

from account_conformance.catalog import CLASSES, load_catalog
from conftest import SHARED_SPEC

EXPECTED_CLASSES = {
    "S01": "stated", "S02": "stated", "S03": "stated", "S04": "stated", "S05": "interpreted",
    "S06": "stated", "S07": "stated", "S08": "ui", "S09": "ui", "S10": "stated",
    "S11": "stated", "S12": "stated", "S13": "stated", "S14": "interpreted",
    "S15": "stated", "S16": "interpreted", "S17": "stated", "S18": "interpreted",
    "S19": "stated", "S20": "reference", "S21": "rationale",
}


def _flat(text: str) -> str:
    return " ".join(text.replace("•", " ").split())


def test_ids_and_classes_are_fixed() -> None:
    catalog = load_catalog()
    assert {s.id: s.cls for s in catalog.statements} == EXPECTED_CLASSES
    assert list(catalog.ids) == sorted(EXPECTED_CLASSES)
    assert all(s.cls in CLASSES for s in catalog.statements)


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
    assert len(rows) == 21
    catalog = load_catalog()
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
    assert [s["id"] for s in data["statements"]] == sorted(EXPECTED_CLASSES)
    for entry in data["statements"]:
        assert {"id", "class", "source_de", "text"} <= entry.keys()
