"""The statement report as one truly self-contained HTML page (``conformance.html``).

It opens with the run's outcome and "What failed" (``html_scenarios.render_failures``), then
filters by verdict, statement and feature (``html_filters``), the run's header, a summary
table, every statement with its German source, restatement, reading, verdict, scenarios and
rules, the contract conventions, and the annotated article (``article.render_article``).
Everything is in the file: inline CSS, one inline script, evidence text and screenshots
embedded; it loads nothing and links to no file outside itself. Every text is escaped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from .article import render_article
from .facts import (
    VERDICT_LABELS,
    header_rows,
    passed_total,
    reading_of,
    rule_detail,
    scenarios_of,
    verdict_detail,
)
from .html_filters import render_filters
from .html_scenarios import render_failures, render_scenario_table, tokens
from .style import CSS

TITLE = "Account service conformance report"


def badge(verdict: str) -> str:
    """A verdict spelled out in a coloured box."""
    label = VERDICT_LABELS.get(verdict, verdict)
    return f'<span class="v v-{escape(verdict)}">{escape(label)}</span>'


def _html_rules(rules: list[dict[str, Any]]) -> str:
    if not rules:
        return ""
    rows = "".join(
        f"<tr><td><code>{escape(r['id'])}</code></td><td>{badge(r['verdict'])}</td>"
        f"<td>{escape(rule_detail(r))}</td><td>{escape(str(r.get('text', '')))}</td></tr>"
        for r in rules)
    return ('<table class="rules"><thead><tr><th>Rule</th><th>Verdict</th>'
            "<th>Passed / total</th><th>Rule text</th></tr></thead><tbody>" + rows
            + "</tbody></table>")


def _filter_attributes(results: dict[str, Any], row: dict[str, Any]) -> str:
    """``data-*`` attributes placing a statement under the filters."""
    features = [str(s.get("feature", "")) for s in scenarios_of(results, row["id"])]
    return (f'data-filter data-verdict="{escape(tokens([str(row["verdict"])]))}" '
            f'data-statement="{escape(tokens([str(row["id"])]))}" '
            f'data-feature="{escape(tokens(features))}"')


def _html_statement(results: dict[str, Any], row: dict[str, Any]) -> str:
    sid = escape(row["id"])
    parts = [f'<section class="stmt" id="{sid.lower()}" {_filter_attributes(results, row)}>'
             f'<h3>{sid} {badge(row["verdict"])}<span class="cls">'
             f'{escape(str(row.get("class", "")))} · paragraph '
             f'{escape(str(row.get("paragraph", "")))}</span></h3>',
             f'<blockquote lang="de">{escape(str(row.get("source_de", "")))}</blockquote>',
             f'<p><b>Restatement:</b> {escape(str(row.get("text", "")))}</p>']
    reading = reading_of(results, row["id"])
    if reading:
        parts.append(f"<p><b>Reading:</b> {escape(reading)}</p>")
    parts.append(f'<p class="verdict"><b>Verdict:</b> {escape(verdict_detail(row))}</p>')
    scenarios = scenarios_of(results, row["id"])
    if scenarios:
        parts.append(render_scenario_table(results, scenarios))
    parts.append(_html_rules(row.get("rules", [])))
    return "\n".join(parts) + "</section>"


def _summary(results: dict[str, Any]) -> str:
    rows = "".join(
        f'<tr {_filter_attributes(results, row)}><td><a href="#{escape(row["id"].lower())}">'
        f'{escape(row["id"])}</a></td><td>{escape(str(row.get("class", "")))}</td>'
        f'<td>{badge(row["verdict"])}</td><td>{escape(passed_total(row))}</td></tr>'
        for row in results.get("statements", []))
    return ('<h2 id="summary">Summary</h2><table class="sum"><thead><tr><th>ID</th><th>Class'
            "</th><th>Verdict</th><th>Passed / total</th></tr></thead><tbody>" + rows
            + "</tbody></table>")


def render_html(results: dict[str, Any], report_dir: Path | None = None) -> str:
    """The statement report as one self-contained HTML page.

    ``report_dir`` is where the evidence files and screenshots named in ``results`` are;
    without it (or when one is missing) the page embeds what results.json records instead.
    """
    header = "".join(f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>"
                     for label, value in header_rows(results))
    statements = "\n".join(_html_statement(results, row)
                           for row in results.get("statements", []))
    contract = ""
    if results.get("contract_rules"):
        contract = ('<h2 id="contract">Contract conventions</h2><p>Rules that serve no '
                    "statement of the article; their scenarios also carry a statement, whose "
                    "verdict a failure changes.</p>" + _html_rules(results["contract_rules"]))
    outcome = str(results.get("outcome", ""))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(TITLE)}: {escape(str(results.get("target", "")))}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{escape(TITLE)} <span class="v v-{escape(outcome)}">{escape(outcome)}</span></h1>
<nav><a href="#failed">What failed</a> · <a href="#run">Run</a> · <a href="#summary">Summary</a>
· <a href="#statements">Statements</a> · <a href="#article">The article, annotated</a>
(also on its own as <code>article.html</code>)</nav>
{render_filters(results)}
{render_failures(results, report_dir)}
<h2 id="run">Run</h2>
<table class="head"><tbody>{header}</tbody></table>
{_summary(results)}
<h2 id="statements">Statements</h2>
{statements}
{contract}
{render_article(results)}
</body>
</html>
"""
