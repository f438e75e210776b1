"""The statement catalog: every statement of the article, with its ID and class, as data.

The catalog (``statements.yaml``) and the article it quotes (``help-article.de.txt``) ship
inside the package. ``load_catalog()`` reads both once and checks the article against the
SHA-256 the catalog records, so a drifted copy fails loudly instead of silently. It is the
one source of the statement IDs: ``load_catalog().testable_ids`` are the statements that
scenarios check (every other module and test takes them from here), and
``statement_ids(tags)`` picks the IDs out of a scenario's tags.
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

TESTABLE_CLASSES = frozenset({"stated", "interpreted", "ui"})
CLASSES = TESTABLE_CLASSES | {"rationale", "reference"}
STATEMENT_TAG = re.compile(r"^S\d{2}$")


def tags_matching(pattern: re.Pattern[str], tags: Iterable[str]) -> tuple[str, ...]:
    """The tags that are IDs of one kind (``pattern``), sorted and without repeats."""
    return tuple(sorted({t for t in tags if pattern.match(t)}))


def statement_ids(tags: Iterable[str]) -> tuple[str, ...]:
    """The statement IDs among a scenario's tags, sorted."""
    return tags_matching(STATEMENT_TAG, tags)


@dataclass(frozen=True)
class Statement:
    """One statement of the article, with its fixed ID and class."""

    id: str
    paragraph: str
    cls: str
    source_de: str
    text: str
    reading: str | None = None
    reason: str | None = None

    @property
    def testable(self) -> bool:
        """Whether scenarios can check it (stated, interpreted or ui)."""
        return self.cls in TESTABLE_CLASSES

    @property
    def tags(self) -> tuple[str, ...]:
        """The tags a scenario checking this statement carries besides its ID."""
        return (self.cls,) if self.cls in {"interpreted", "ui"} else ()

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape used by ``statements --json`` and the reports."""
        data: dict[str, Any] = {
            "id": self.id, "paragraph": self.paragraph, "class": self.cls,
            "source_de": self.source_de, "text": self.text, "testable": self.testable,
        }
        if self.reading:
            data["reading"] = self.reading
        if self.reason:
            data["reason"] = self.reason
        return data


@dataclass(frozen=True)
class Catalog:
    """The whole catalog: article metadata, readings and statements in ID order."""

    article_sha256: str
    article_text: str
    readings: tuple[dict[str, str], ...]
    statements: tuple[Statement, ...]
    raw_text: str

    def get(self, statement_id: str) -> Statement:
        """The statement with this ID (KeyError if unknown)."""
        for statement in self.statements:
            if statement.id == statement_id:
                return statement
        raise KeyError(statement_id)

    @property
    def ids(self) -> tuple[str, ...]:
        """All statement IDs in order."""
        return tuple(s.id for s in self.statements)

    @property
    def testable_ids(self) -> tuple[str, ...]:
        """The IDs of the statements scenarios check (stated, interpreted, ui), in order."""
        return tuple(s.id for s in self.statements if s.testable)

    @property
    def sha256(self) -> str:
        """SHA-256 of the catalog file itself, for reports."""
        return hashlib.sha256(self.raw_text.encode("utf-8")).hexdigest()


class CatalogError(RuntimeError):
    """The catalog or the article copy is inconsistent."""


def _read(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


@cache
def load_catalog() -> Catalog:
    """Read and check the packaged catalog (cached)."""
    raw = _read("statements.yaml")
    data = yaml.safe_load(raw)
    article = data["article"]
    article_text = _read(article["file"])
    digest = hashlib.sha256(article_text.encode("utf-8")).hexdigest()
    if digest != article["sha256"]:
        raise CatalogError(
            f"article copy drifted: sha256 {digest} != recorded {article['sha256']}")
    statements = tuple(
        Statement(id=s["id"], paragraph=s["paragraph"], cls=s["class"],
                  source_de=s["source_de"], text=s["text"],
                  reading=s.get("reading"), reason=s.get("reason"))
        for s in data["statements"])
    return Catalog(article_sha256=digest, article_text=article_text,
                   readings=tuple(data["readings"]), statements=statements, raw_text=raw)
