"""The statement-level conformance report a vendor can hand to a customer, in Markdown.

The Markdown and the HTML (``html_report.render_html``, re-exported here) show the same
things: a header (target, versions, profile, seed, timing,
outcome, completeness, digests), a summary table, and every statement of the catalog with the
article's German text, the suite's English restatement, its class, its verdict with any
reason, the scenarios that checked it — failing ones linked to their evidence file — and the
contract rules serving it (``catalog/rules.yaml``) with their verdicts; the rules that serve
only the contract's conventions follow under "Contract conventions".
The HTML adds a "What failed" section first, filters, embedded evidence and screenshots and
the annotated article (see ``html_report``).
"""

from __future__ import annotations

import re
from typing import Any

from .facts import (
    VERDICT_LABELS,
    cause_line,
    clean_name,
    header_rows,
    passed_total,
    reading_of,
    rule_detail,
    scenarios_of,
    verdict_detail,
)
from .html_report import TITLE, render_html

__all__ = ["TITLE", "render_html", "render_markdown"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: object) -> str:
    """Markdown-escaped text on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _md_scenario(scenario: dict[str, Any]) -> str:
    status = scenario.get("status", "")
    line = (f"- {'**' + status + '**' if status != 'passed' else status}: "
            f"{_md(clean_name(scenario.get('name', '')))} (`{scenario.get('location', '')}`)")
    if scenario.get("evidence_file"):
        line += f" — evidence: [{scenario['evidence_file']}](<{scenario['evidence_file']}>)"
    if status != "passed" and scenario.get("message"):
        line += f"\n  - {_md(cause_line(scenario['message']))}"
    return line


def _md_rules(rules: list[dict[str, Any]]) -> list[str]:
    if not rules:
        return []
    lines = ["", "Rules:", "", "| Rule | Verdict | Passed / total | Rule text |",
             "|---|---|---|---|"]
    lines += [f"| `{r['id']}` | {VERDICT_LABELS.get(r['verdict'], r['verdict'])} | "
              f"{_md(rule_detail(r))} | {_md(r.get('text', ''))} |" for r in rules]
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


