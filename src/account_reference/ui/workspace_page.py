"""The reference page ``/ui``: the workspace and the account switcher in the lower left.

Its ids and classes are what ``examples/ui/reference.toml`` names; keep them. The ``ui_*``
rules decide where the switcher sits, what its trigger shows and how the current account is
marked (S08, S09).
"""

from __future__ import annotations

from ..rules import Rules
from .html import document, text
from .page_model import Entry, Item, PageModel

PAGE_CSS = (
    "#workspace{max-width:720px}.item{padding:4px 0}"
    "#account-switcher{z-index:10}"
    "#switcher-trigger{display:flex;gap:8px;align-items:center;padding:6px 12px;"
    "border:1px solid #d0d7de;border-radius:8px;background:#f6f8fa;cursor:pointer;"
    "font:inherit}"
    ".initials{display:inline-grid;place-items:center;width:28px;height:28px;"
    "border-radius:50%;background:#24292f;color:#fff;font-size:12px;font-weight:600}"
    "#switcher-menu{list-style:none;margin:0 0 6px;padding:6px;min-width:260px;"
    "background:#fff;border:1px solid #d0d7de;border-radius:8px;"
    "box-shadow:0 4px 12px rgba(0,0,0,.15)}"
    "#switcher-menu[hidden]{display:none}"
    ".switcher-entry{display:flex;align-items:center;justify-content:space-between;"
    "gap:8px}.switcher-entry form{margin:0;flex:1}"
    ".entry-choose{width:100%;text-align:left;padding:6px 8px;border:0;background:none;"
    "font:inherit;cursor:pointer;border-radius:6px}.entry-choose:hover{background:#f6f8fa}"
    ".check-mark{font-weight:700;padding-right:6px}"
)
MENU_SCRIPT = """
const trigger = document.getElementById('switcher-trigger');
const menu = document.getElementById('switcher-menu');
function setOpen(open) {
  menu.hidden = !open;
  trigger.setAttribute('aria-expanded', String(open));
}
trigger.addEventListener('click', () => setOpen(menu.hidden));
document.addEventListener('keydown', (event) => { if (event.key === 'Escape') setOpen(false); });
"""


def item_list(list_id: str, items: list[Item]) -> str:
    """A ``<ul>`` of conversations or projects."""
    rows = "".join(f"<li class=\"item\" data-item-id=\"{text(item.item_id)}\">"
                   f"{text(item.label)}</li>" for item in items)
    return f"<ul id=\"{list_id}\">{rows}</ul>"


def workspace(page: PageModel) -> str:
    """The current account's title, conversations and projects."""
    notice = f"<p id=\"notice\">{text(page.notice)}</p>" if page.notice else ""
    return (f"<main id=\"workspace\" data-account-id=\"{text(page.current_account_id or '')}\">"
            f"<h1 id=\"current-account-title\">{text(page.title)}</h1>{notice}"
            f"<section><h2>Conversations</h2>{item_list('conversation-list', page.conversations)}"
            f"</section><section><h2>Projects</h2>{item_list('project-list', page.projects)}"
            "</section></main>")


def entry_label(entry: Entry) -> str:
    """"Individual · Pro" or "Organization · Team · <organization name>"."""
    label = (f"<span class=\"entry-kind\">{text(entry.kind)}</span> · "
             f"<span class=\"entry-plan\">{text(entry.plan)}</span>")
    if entry.organization:
        label += f" · <span class=\"entry-org\">{text(entry.organization)}</span>"
    return label


def switcher_entry(entry: Entry, rules: Rules, label: str) -> str:
    """One menu entry: a form that switches to the account (reading ``label``), and the
    marker if marked."""
    account_id = text(entry.account_id)
    marker = (f"<span class=\"check-mark\" aria-label=\"Current account\" "
              f"style=\"color:{text(rules.ui_marker_colour())}\">"
              f"{text(rules.ui_marker_glyph())}</span>") if entry.marked else ""
    return (f"<li role=\"menuitemradio\" aria-checked=\"{'true' if entry.marked else 'false'}\" "
            f"class=\"switcher-entry\" data-account-id=\"{account_id}\">"
            "<form method=\"post\" action=\"/ui/switch\">"
            f"<input type=\"hidden\" name=\"account_id\" value=\"{account_id}\">"
            "<input type=\"hidden\" name=\"return_to\" value=\"/ui\">"
            f"<button type=\"submit\" class=\"entry-choose\">{label}</button>"
            f"</form>{marker}</li>")


def switcher(page: PageModel, rules: Rules) -> str:
    """The account switcher: the trigger and the menu that opens above it."""
    parts = " ".join(f"<span class=\"{text(css_class)}\">{text(value)}</span>"
                     for css_class, value in rules.ui_trigger_text(page.email, page.name,
                                                                   page.initials))
    labels = rules.ui_entry_labels([entry_label(entry) for entry in page.entries])
    entries = "".join(switcher_entry(entry, rules, label)
                      for entry, label in zip(page.entries, labels, strict=True))
    return ("<nav id=\"account-switcher\" aria-label=\"Accounts\">"
            "<button id=\"switcher-trigger\" type=\"button\" aria-haspopup=\"menu\" "
            f"aria-expanded=\"false\" aria-controls=\"switcher-menu\">{parts}</button>"
            f"<ul id=\"switcher-menu\" role=\"menu\" hidden>{entries}</ul></nav>")


def render_workspace(page: PageModel, rules: Rules) -> str:
    """The whole ``/ui`` page."""
    return document(f"{page.title} – Accounts", workspace(page) + switcher(page, rules),
                    css=PAGE_CSS + rules.ui_switcher_position() + rules.ui_extra_css(),
                    script=MENU_SCRIPT)
