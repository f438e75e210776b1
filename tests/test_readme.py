"""The README keeps its promises: two Quick-start commands and a current statement table."""

from __future__ import annotations

import re

from account_conformance.cli import statement_table_markdown
from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```[a-z]*\n(.*?)```", section, flags=re.DOTALL)
    assert block, "no fenced block in Quick start"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "account-conformance run" in commands[0]
    assert "pytest" in commands[1]


def test_statement_table_is_generated_from_the_catalog() -> None:
    assert statement_table_markdown() in README
