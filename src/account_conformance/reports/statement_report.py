"""The statement-level conformance report a vendor can hand to a customer (Markdown, HTML).

Both formats show the same things: a header (target, versions, profile, seed, timing,
outcome, completeness, digests), a summary table, and every statement of the catalog with the
article's German text, the suite's English restatement, its class, its verdict with any
reason, the scenarios that checked it — failing ones linked to their evidence file — and the
contract rules serving it (``catalog/rules.yaml``) with their verdicts; the rules that serve
only the contract's conventions follow under "Contract conventions".
The HTML is one self-contained file: inline CSS, no scripts, no external resources.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any
from urllib.parse import quote

from .facts import (
    VERDICT_LABELS,
    first_line,
    header_rows,
    passed_total,
    reading_of,
    scenarios_of,
    verdict_detail,
)
from .style import CSS

TITLE = "Account service conformance report"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: object) -> str:
    """Markdown-escaped text on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _md_scenario(scenario: dict[str, Any]) -> str:
    status = scenario.get("status", "")
    line = (f"- {'**' + status + '**' if status != 'passed' else status}: "
            f"{_md(scenario.get('name', ''))} (`{scenario.get('location', '')}`)")
    if scenario.get("evidence_file"):
        line += f" — evidence: [{scenario['evidence_file']}](<{scenario['evidence_file']}>)"
    if status != "passed" and scenario.get("message"):
        line += f"\n  - {_md(first_line(scenario['message']))}"
    return line


def _rule_detail(rule: dict[str, Any]) -> str:
    """``passed/total``, or why no scenario covers the rule yet."""
    if not rule.get("covered", True) and not rule.get("total"):
        return f"uncovered: {rule.get('reason', '')}"
    return f"{rule.get('passed', 0)}/{rule.get('total', 0)}"


def _md_rules(rules: list[dict[str, Any]]) -> list[str]:
    if not rules:
        return []
    lines = ["", "Rules:", "", "| Rule | Verdict | Passed / total | Rule text |",
             "|---|---|---|---|"]
    lines += [f"| `{r['id']}` | {VERDICT_LABELS.get(r['verdict'], r['verdict'])} | "
              f"{_md(_rule_detail(r))} | {_md(r.get('text', ''))} |" for r in rules]
    return lines


def render_markdown(results: dict[str, Any]) -> str:
    """The statement report as Markdown."""
    lines = [f"# {TITLE}", "", "| | |", "|---|---|"]
    lines += [f"| {label} | {_md(value)} |" for label, value in header_rows(results)]
    lines += ["", "## Summary", "", "| ID | Class | Verdict | Passed / total |",
              "|---|---|---|---|"]
    for row in results.get("statements", []):
        lines.append(f"| [{row['id']}](#{row['id'].lower()}) | {row.get('class', '')} | "
                     f"{VERDICT_LABELS.get(row['verdict'], row['verdict'])} | "
                     f"{passed_total(row)} |")
    lines += ["", "## Statements"]
    for row in results.get("statements", []):
        lines += ["", f"### {row['id']}", "",
                  f"**Class:** {row.get('class', '')} · **Paragraph:** "
                  f"{row.get('paragraph', '')} · **Verdict:** "
                  f"{VERDICT_LABELS.get(row['verdict'], row['verdict'])}", "",
                  f"> {_md(row.get('source_de', ''))}", "",
                  f"*Restatement:* {_md(row.get('text', ''))}", ""]
        reading = reading_of(results, row["id"])
        if reading:
            lines += [f"*Reading:* {_md(reading)}", ""]
        lines.append(f"*Verdict:* {_md(verdict_detail(row))}")
        scenarios = scenarios_of(results, row["id"])
        if scenarios:
            lines += ["", "Scenarios:", ""] + [_md_scenario(s) for s in scenarios]
        lines += _md_rules(row.get("rules", []))
    if results.get("contract_rules"):
        lines += ["", "## Contract conventions", "",
                  "Rules that serve no statement of the article; their scenarios also carry a "
                  "statement, whose verdict a failure changes."]
        lines += _md_rules(results["contract_rules"])
    return "\n".join(lines) + "\n"


def _badge(verdict: str) -> str:
    label = VERDICT_LABELS.get(verdict, verdict)
    return f'<span class="v v-{escape(verdict)}">{escape(label)}</span>'


def _html_scenarios(scenarios: list[dict[str, Any]]) -> str:
    rows = []
    for scenario in scenarios:
        status = str(scenario.get("status", ""))
        cell = escape(str(scenario.get("name", "")))
        if status != "passed" and scenario.get("message"):
            cell += f'<div class="msg">{escape(first_line(str(scenario["message"])))}</div>'
        evidence = scenario.get("evidence_file")
        link = (f'<a href="{escape(quote(evidence), quote=True)}">{escape(evidence)}</a>'
                if evidence else "")
        if status != "passed":
            cell += _html_screen(scenario)
        rows.append(f'<tr><td><span class="s s-{escape(status)}">{escape(status)}</span></td>'
                    f"<td>{cell}</td><td><code>{escape(str(scenario.get('location', '')))}"
                    f"</code></td><td>{link}</td></tr>")
    return ('<table class="scen"><thead><tr><th>Status</th><th>Scenario</th><th>Location</th>'
            "<th>Evidence</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _html_screen(scenario: dict[str, Any]) -> str:
    """A failing screen scenario's screenshot and the elements it located."""
    parts = []
    shot = scenario.get("screenshot")
    if shot:
        href = escape(quote(str(shot)), quote=True)
        parts.append(f'<a href="{href}"><img class="shot" src="{href}" alt="screenshot of the '
                     f'page when the scenario failed" loading="lazy"></a>')
    elements = scenario.get("ui_elements") or []
    if elements:
        rows = "".join(
            f"<tr><td>{escape(str(e.get('role', '')))}</td><td><code>"
            f"{escape(str(e.get('selector', '')))}</code></td><td>{escape(_box(e.get('box')))}"
            f"</td><td>{escape(_colours(e))}</td><td>"
            f"{escape(str(e.get('text', '')))}</td><td><code>"
            f"{escape(str(e.get('outer_html', ''))[:400])}</code></td></tr>" for e in elements)
        parts.append('<details class="elements"><summary>Located elements</summary><table>'
                     "<thead><tr><th>Element</th><th>Selector</th><th>Box</th><th>Colour</th>"
                     "<th>Text</th><th>Outer HTML</th></tr></thead><tbody>" + rows
                     + "</tbody></table></details>")
    return "".join(parts)


def _colours(element: dict[str, Any]) -> str:
    parts = [f"painted {element['painted']}" if element.get("painted") else "",
             f"CSS {element['colour']}" if element.get("colour") else ""]
    return "; ".join(p for p in parts if p)


def _box(box: Any) -> str:
    if not isinstance(box, dict):
        return "not visible"
    return (f"x={box.get('x')} y={box.get('y')} w={box.get('width')} "
            f"h={box.get('height')}")


def _html_rules(rules: list[dict[str, Any]]) -> str:
    if not rules:
        return ""
    rows = "".join(
        f"<tr><td><code>{escape(r['id'])}</code></td><td>{_badge(r['verdict'])}</td>"
        f"<td>{escape(_rule_detail(r))}</td><td>{escape(str(r.get('text', '')))}</td></tr>"
        for r in rules)
    return ('<table class="rules"><thead><tr><th>Rule</th><th>Verdict</th>'
            "<th>Passed / total</th><th>Rule text</th></tr></thead><tbody>" + rows
            + "</tbody></table>")


def _html_statement(results: dict[str, Any], row: dict[str, Any]) -> str:
    sid = escape(row["id"])
    parts = [f'<section class="stmt" id="{sid.lower()}"><h3>{sid} {_badge(row["verdict"])}'
             f'<span class="cls">{escape(str(row.get("class", "")))} · paragraph '
             f'{escape(str(row.get("paragraph", "")))}</span></h3>',
             f'<blockquote lang="de">{escape(str(row.get("source_de", "")))}</blockquote>',
             f'<p><b>Restatement:</b> {escape(str(row.get("text", "")))}</p>']
    reading = reading_of(results, row["id"])
    if reading:
        parts.append(f"<p><b>Reading:</b> {escape(reading)}</p>")
    parts.append(f'<p class="verdict"><b>Verdict:</b> {escape(verdict_detail(row))}</p>')
    scenarios = scenarios_of(results, row["id"])
    if scenarios:
        parts.append(_html_scenarios(scenarios))
    parts.append(_html_rules(row.get("rules", [])))
    return "\n".join(parts) + "</section>"


def render_html(results: dict[str, Any]) -> str:
    """The statement report as one self-contained HTML page."""
    header = "".join(f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>"
                     for label, value in header_rows(results))
    summary = "".join(
        f'<tr><td><a href="#{escape(row["id"].lower())}">{escape(row["id"])}</a></td>'
        f'<td>{escape(str(row.get("class", "")))}</td><td>{_badge(row["verdict"])}</td>'
        f"<td>{escape(passed_total(row))}</td></tr>"
        for row in results.get("statements", []))
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
<table class="head"><tbody>{header}</tbody></table>
<h2>Summary</h2>
<table class="sum"><thead><tr><th>ID</th><th>Class</th><th>Verdict</th>
<th>Passed / total</th></tr></thead><tbody>{summary}</tbody></table>
<h2>Statements</h2>
{statements}
{contract}
</body>
</html>
"""
