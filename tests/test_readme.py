"""The documents keep their promises.

README: two Quick-start commands and a current statement table. README, CONTRIBUTING.md and
docs/: every relative link points at a file that exists; the test markers CONTRIBUTING.md
documents are the ones pyproject.toml declares.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from account_conformance.cli import statement_table_markdown
from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
DOCUMENTS = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(<?([^)>\s]+)>?\)")


def quick_start_commands() -> list[str]:
    """The non-empty lines of the first fenced block under "## Quick start"."""
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```[a-z]*\n(.*?)```", section, flags=re.DOTALL)
    assert block, "no fenced block in Quick start"
    return [line for line in block.group(1).splitlines() if line.strip()]


def relative_links(text: str) -> list[str]:
    """The targets of Markdown links that are not URLs or anchors, without their anchor."""
    return [target.split("#", 1)[0] for target in LINK.findall(text)
            if not re.match(r"[a-z]+:", target) and not target.startswith("#")]


def test_quick_start_has_exactly_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "account-conformance run" in commands[0]
    after = commands[1].split("pytest", 1)[-1]
    assert "pytest" in commands[1] and " -m " not in after and " -k " not in after, (
        "the second command runs every test, no selection")


def test_statement_table_is_generated_from_the_catalog() -> None:
    assert statement_table_markdown() in README


def test_the_readme_links_the_fault_catalog_and_the_contributing_guide() -> None:
    links = relative_links(README)
    assert "docs/fault-catalog.md" in links and "CONTRIBUTING.md" in links, links
    assert "| fault | statements it breaks |" not in README, "the catalog lives in docs/"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_point_at_files_that_exist(document: Path) -> None:
    links = relative_links(document.read_text(encoding="utf-8"))
    missing = [link for link in links if not (document.parent / link).exists()]
    assert not missing, f"{document.name} links to missing files: {missing}"


def test_contributing_documents_exactly_the_declared_markers() -> None:
    pytest_options = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["pytest"]["ini_options"]
    declared = {line.split(":", 1)[0].strip() for line in pytest_options["markers"]}
    table = CONTRIBUTING.split("| marker |", 1)[1].split("\n\n", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE))
    assert declared and documented == declared, (documented, declared)
    assert "--strict-markers" in pytest_options["addopts"]
