"""The vendor-style page ``/console``: the same data in other markup.

It shares no id with ``/ui``; a conformance run finds its parts only through
``examples/ui/vendor-style.toml``. The account menu sits at the bottom of a left sidebar
behind the initials (the name is the tooltip); the current account carries an SVG tick with
the accessible name "Selected"; choosing an account posts JSON and reloads the page.
"""

from __future__ import annotations

from .html import document, text
from .page_model import Entry, PageModel

CONSOLE_CSS = (
    "body{padding:0}.sidebar{position:fixed;left:0;top:0;bottom:0;width:220px;"
    "display:flex;flex-direction:column;background:#111827;color:#e5e7eb;padding:16px;"
    "box-sizing:border-box}.brand{font-weight:700;margin-bottom:16px}"
    ".side-nav a{display:block;color:#9ca3af;text-decoration:none;padding:4px 0}"
    ".acct{margin-top:auto;position:relative}"
    ".acct-who{list-style:none;cursor:pointer;display:inline-grid;place-items:center;"
    "width:36px;height:36px;border-radius:50%;background:#4b5563;font-weight:600}"
    ".acct-who::-webkit-details-marker{display:none}"
    ".acct-menu{position:absolute;left:0;bottom:calc(100% + 8px);min-width:240px;"
    "background:#1f2937;border-radius:8px;padding:6px;display:flex;flex-direction:column}"
    ".acct-option{display:flex;justify-content:space-between;align-items:center;gap:8px;"
    "padding:8px;border:0;background:none;color:inherit;font:inherit;text-align:left;"
    "cursor:pointer;border-radius:6px}.acct-option:hover{background:#374151}"
    ".content{margin-left:220px;padding:24px}.threads{border-collapse:collapse}"
    ".thread-title{padding:4px 12px 4px 0;border-bottom:1px solid #e5e7eb}"
)
CONSOLE_SCRIPT = """
for (const option of document.querySelectorAll('.acct-option')) {
  option.addEventListener('click', async () => {
    const account_id = option.dataset.acct;
    await fetch('/ui/switch', {method: 'POST', headers: {'Content-Type': 'application/json'},
                               body: JSON.stringify({account_id})});
    location.reload();
  });
}
"""
TICK = ("<svg class=\"acct-tick\" role=\"img\" aria-label=\"Selected\" width=\"14\" "
        "height=\"14\" viewBox=\"0 0 14 14\" style=\"fill: none; stroke: rgb(29, 78, 216); "
        "stroke-width: 2.2\"><path d=\"M1.5 7.5l3.5 3.5 7.5-8\"/></svg>")
"""A check mark drawn as a stroke (a filled open path would paint a triangle)."""


def option(entry: Entry) -> str:
    """One account button: "Individual — Pro" or "Team — <organization name>"."""
    label = (f"{entry.plan} — {entry.organization}" if entry.organization
             else f"{entry.kind} — {entry.plan}")
    return (f"<button class=\"acct-option\" data-acct=\"{text(entry.account_id)}\" "
            f"aria-pressed=\"{'true' if entry.marked else 'false'}\">"
            f"<span>{text(label)}</span>{TICK if entry.marked else ''}</button>")


def sidebar(page: PageModel) -> str:
    """The sidebar with the account menu at its bottom."""
    options = "".join(option(entry) for entry in page.entries)
    return ("<aside class=\"sidebar\"><div class=\"brand\">Console</div>"
            "<nav class=\"side-nav\"><a href=\"#\">Threads</a><a href=\"#\">Projects</a></nav>"
            f"<details class=\"acct\"><summary class=\"acct-who\" title=\"{text(page.name)}\">"
            f"{text(page.initials)}</summary><div class=\"acct-menu\">{options}</div>"
            "</details></aside>")


def content(page: PageModel) -> str:
    """The threads (conversations) table and the projects list."""
    rows = "".join(f"<tr><td class=\"thread-title\">{text(item.label)}</td></tr>"
                   for item in page.conversations)
    projects = "".join(f"<li><a href=\"#\">{text(item.label)}</a></li>"
                       for item in page.projects)
    notice = f"<p class=\"note\">{text(page.notice)}</p>" if page.notice else ""
    return (f"<section class=\"content\"><h1>{text(page.title)}</h1>{notice}<h2>Threads</h2>"
            f"<table class=\"threads\"><tbody>{rows}</tbody></table>"
            f"<h2>Projects</h2><ol class=\"proj\">{projects}</ol></section>")


def render_console(page: PageModel) -> str:
    """The whole ``/console`` page."""
    return document(f"{page.title} – Console", sidebar(page) + content(page),
                    css=CONSOLE_CSS, script=CONSOLE_SCRIPT)
