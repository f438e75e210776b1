"""Reports built from a run's results.json: JUnit XML, and a statement report in Markdown and HTML.

``write_reports(results, report_dir)`` writes all three beside results.json;
``verify.verify_report(report_dir)`` re-checks a report directory against the installed suite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .junit import write_junit
from .statement_report import render_html, render_markdown

JUNIT_FILE = "junit.xml"
MARKDOWN_FILE = "conformance.md"
HTML_FILE = "conformance.html"

__all__ = ["HTML_FILE", "JUNIT_FILE", "MARKDOWN_FILE", "render_html", "render_markdown",
           "write_junit", "write_reports"]


def write_reports(results: dict[str, Any], report_dir: Path) -> list[Path]:
    """Write junit.xml, conformance.md and conformance.html into ``report_dir``."""
    report_dir.mkdir(parents=True, exist_ok=True)
    junit = report_dir / JUNIT_FILE
    write_junit(results, junit)
    markdown = report_dir / MARKDOWN_FILE
    markdown.write_text(render_markdown(results), encoding="utf-8")
    html = report_dir / HTML_FILE
    html.write_text(render_html(results), encoding="utf-8")
    return [junit, markdown, html]
