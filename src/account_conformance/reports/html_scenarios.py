"""The scenario parts of the HTML report: "What failed" first, and each statement's table.

"What failed" lists every ``failed`` or ``error`` scenario once — its statements,
``file:line``, the cause line of its message (for an error, the traceback line naming the
exception), its evidence text and, for a screen scenario, its screenshot and located
elements, all embedded (``inline.py``). The statements' scenario tables link to those entries
(``#f-N``) instead of to files outside the page. Every text is HTML-escaped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from .facts import FAILING, cause_line, clean_name
from .inline import evidence_text, screenshot_uri


def anchor(results: dict[str, Any], scenario: dict[str, Any]) -> str:
    """The id of a failing scenario's entry under "What failed" (``f-<position>``)."""
    for index, entry in enumerate(results.get("scenarios", [])):
        if entry is scenario or (entry.get("feature"), entry.get("name")) == (
                scenario.get("feature"), scenario.get("name")):
            return f"f-{index}"
    return "failed"


def tokens(values: list[str] | set[str] | tuple[str, ...]) -> str:
    """A filter attribute's value: ``|a|b|`` (matched by the filter script)."""
    return "|" + "|".join(sorted(set(values))) + "|"


def _verdicts_of(results: dict[str, Any], scenario: dict[str, Any]) -> list[str]:
    ids = set(scenario.get("statements", ()))
    return [str(r.get("verdict")) for r in results.get("statements", []) if r.get("id") in ids]


def _elements(scenario: dict[str, Any]) -> str:
    elements = scenario.get("ui_elements") or []
    if not elements:
        return ""
    rows = "".join(
        f"<tr><td>{escape(str(e.get('role', '')))}</td><td><code>"
        f"{escape(str(e.get('selector', '')))}</code></td><td>{escape(_box(e.get('box')))}"
        f"</td><td>{escape(_colours(e))}</td><td>{escape(str(e.get('text', '')))}</td><td>"
        f"<code>{escape(str(e.get('outer_html', ''))[:400])}</code></td></tr>"
        for e in elements)
    return ('<details class="elements"><summary>Located elements</summary><table><thead><tr>'
            "<th>Element</th><th>Selector</th><th>Box</th><th>Colour</th><th>Text</th>"
            "<th>Outer HTML</th></tr></thead><tbody>" + rows + "</tbody></table></details>")


def _colours(element: dict[str, Any]) -> str:
    parts = [f"painted {element['painted']}" if element.get("painted") else "",
             f"CSS {element['colour']}" if element.get("colour") else ""]
    return "; ".join(p for p in parts if p)


def _box(box: Any) -> str:
    if not isinstance(box, dict):
        return "not visible"
    return f"x={box.get('x')} y={box.get('y')} w={box.get('width')} h={box.get('height')}"


def _screenshot(scenario: dict[str, Any], report_dir: Path | None) -> str:
    shot = scenario.get("screenshot")
    if not shot:
        return ""
    uri = screenshot_uri(scenario, report_dir)
    if uri is None:
        return (f'<p class="msg">Screenshot {escape(str(shot))} is not beside this report, so '
                "it is not embedded.</p>")
    return (f'<figure><img class="shot" src="{uri}" alt="screenshot of the page when the '
            f'scenario failed"><figcaption>{escape(str(shot))}</figcaption></figure>')


def _failure(results: dict[str, Any], scenario: dict[str, Any], report_dir: Path | None) -> str:
    key = anchor(results, scenario)
    status = str(scenario.get("status", ""))
    statements = [str(s) for s in scenario.get("statements", [])]
    links = " ".join(f'<a href="#{escape(s.lower())}">{escape(s)}</a>' for s in statements)
    evidence = str(scenario.get("evidence_file") or "")
    summary = f"Evidence: {evidence}" if evidence else "Evidence (recorded in results.json)"
    return (f'<li id="{key}" class="failure" data-filter data-verdict='
            f'"{escape(tokens(_verdicts_of(results, scenario)))}" data-statement='
            f'"{escape(tokens(statements))}" data-feature='
            f'"{escape(tokens([str(scenario.get("feature", ""))]))}">'
            f'<span class="s s-{escape(status)}">{escape(status)}</span> {links} '
            f"<b>{escape(clean_name(scenario.get('name', '')))}</b> "
            f"<code>{escape(str(scenario.get('location', '')))}</code> · "
            f'<a href="#ev-{key}">evidence</a>'
            f'<div class="msg">{escape(cause_line(str(scenario.get("message", ""))))}</div>'
            f'<details id="ev-{key}" class="evidence"><summary>{escape(summary)}</summary>'
            f"<pre>{escape(evidence_text(scenario, report_dir))}</pre></details>"
            f"{_screenshot(scenario, report_dir)}{_elements(scenario)}</li>")


def render_failures(results: dict[str, Any], report_dir: Path | None) -> str:
    """The "What failed" section: every failed or error scenario, in run order."""
    scenarios = results.get("scenarios", [])
    failing = [s for s in scenarios if s.get("status") in FAILING]
    head = '<section id="failed"><h2>What failed</h2>'
    if not failing:
        return head + (f"<p>Nothing failed: none of the {len(scenarios)} scenarios ended in "
                       "failed or error.</p></section>")
    items = "\n".join(_failure(results, s, report_dir) for s in failing)
    return (head + f"<p>{len(failing)} of {len(scenarios)} scenarios did not pass. Each "
            "names its statements, where it is written, the cause, and its evidence (embedded "
            "below it).</p>" + f'<ol class="failures">{items}</ol></section>')


def render_scenario_table(results: dict[str, Any], scenarios: list[dict[str, Any]]) -> str:
    """One statement's scenarios: status, name, cause, location, link to the evidence."""
    rows = []
    for scenario in scenarios:
        status = str(scenario.get("status", ""))
        cell = escape(clean_name(scenario.get("name", "")))
        if status != "passed" and scenario.get("message"):
            cell += f'<div class="msg">{escape(cause_line(str(scenario["message"])))}</div>'
        link = ""
        if status in FAILING:
            label = str(scenario.get("evidence_file") or "evidence")
            link = f'<a href="#ev-{anchor(results, scenario)}">{escape(label)}</a>'
        feature = tokens([str(scenario.get("feature", ""))])
        rows.append(f'<tr data-filter data-feature="{escape(feature)}"><td><span class="s '
                    f's-{escape(status)}">{escape(status)}</span></td><td>{cell}</td><td><code>'
                    f"{escape(str(scenario.get('location', '')))}</code></td><td>{link}</td></tr>")
    return ('<table class="scen"><thead><tr><th>Status</th><th>Scenario</th><th>Location</th>'
            "<th>Evidence</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
