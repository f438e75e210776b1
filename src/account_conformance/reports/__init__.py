"""Reports built from a run's results.json: JUnit XML, Cucumber JSON, the statement report in
Markdown and HTML, and the annotated article.

``write_reports(results, report_dir)`` writes them all beside results.json;
``verify.verify_report(report_dir)`` re-checks a report directory against the installed suite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .article import render_article_page
from .cucumber import write_cucumber
from .junit import write_junit
from .statement_report import render_html, render_markdown
from .style import CSS

JUNIT_FILE = "junit.xml"
CUCUMBER_FILE = "cucumber.json"
MARKDOWN_FILE = "conformance.md"
HTML_FILE = "conformance.html"
ARTICLE_FILE = "article.html"

__all__ = ["ARTICLE_FILE", "CUCUMBER_FILE", "HTML_FILE", "JUNIT_FILE", "MARKDOWN_FILE",
           "render_html", "render_markdown", "write_cucumber", "write_junit", "write_reports"]


def write_reports(results: dict[str, Any], report_dir: Path) -> list[Path]:
    """Write junit.xml, cucumber.json, conformance.md, conformance.html and article.html into
    ``report_dir`` (the HTML embeds the evidence files and screenshots found there)."""
    report_dir.mkdir(parents=True, exist_ok=True)
    junit = report_dir / JUNIT_FILE
    write_junit(results, junit)
    cucumber = report_dir / CUCUMBER_FILE
    write_cucumber(results, cucumber, report_dir)
    markdown = report_dir / MARKDOWN_FILE
    markdown.write_text(render_markdown(results), encoding="utf-8")
    html = report_dir / HTML_FILE
    html.write_text(render_html(results, report_dir), encoding="utf-8")
    article = report_dir / ARTICLE_FILE
    article.write_text(render_article_page(results, CSS), encoding="utf-8")
    return [junit, cucumber, markdown, html, article]
