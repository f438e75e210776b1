"""The HTML document shell, escaping, and the small pages for refusals.

Every text that comes from a user (names, organization names, item labels, emails) goes
through ``text()`` before it reaches the markup. Every UI answer carries
``Cache-Control: no-store``.
"""

from __future__ import annotations

import html

from fastapi.responses import HTMLResponse

NO_STORE = {"Cache-Control": "no-store"}
BASE_CSS = ("body{font-family:system-ui,sans-serif;margin:0;padding:24px 24px 96px;"
            "color:#1f2328;background:#fff}")


def text(value: object) -> str:
    """``value`` as HTML text (quotes escaped too, so it is safe in attributes)."""
    return html.escape(str(value), quote=True)


def document(title: str, body: str, css: str = "", script: str = "") -> str:
    """A whole HTML page; ``title`` is escaped, ``body``, ``css`` and ``script`` are
    markup already."""
    script_tag = f"<script>{script}</script>" if script else ""
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{text(title)}</title><style>{BASE_CSS}{css}</style></head>"
            f"<body>{body}{script_tag}</body></html>\n")


def page_response(markup: str, status: int = 200) -> HTMLResponse:
    """An HTML answer that no cache keeps."""
    return HTMLResponse(markup, status_code=status, headers=NO_STORE)


def message_page(status: int, title: str, detail: str) -> HTMLResponse:
    """A small page saying why a request was refused."""
    body = (f"<main id=\"message\"><h1>{text(title)}</h1><p>{text(detail)}</p>"
            "</main>")
    return page_response(document(title, body), status)
