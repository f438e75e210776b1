"""Evidence and screenshots read from a report directory, for embedding into one HTML file.

The HTML report carries a failing scenario's evidence text and its screenshot inside the
page (``<pre>`` and a ``data:image/png;base64,…`` URI), so the single file can be mailed or
attached to a ticket without its ``evidence/`` folder. Only files inside the report
directory are read; anything else (absolute paths, ``..``, a missing file, a non-PNG) falls
back to what results.json itself records, saying so.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EVIDENCE_LIMIT = 200_000
"""Characters of one evidence file embedded at most (the rest is cut, saying so)."""
SCREENSHOT_LIMIT = 8_000_000
"""Bytes of one screenshot embedded at most."""


def _inside(report_dir: Path | None, relative: str) -> Path | None:
    """``report_dir / relative`` when it is an existing file inside ``report_dir``."""
    if report_dir is None or not relative or Path(relative).is_absolute():
        return None
    path = (report_dir / relative).resolve()
    if not path.is_relative_to(report_dir.resolve()) or not path.is_file():
        return None
    return path


def evidence_text(scenario: dict[str, Any], report_dir: Path | None) -> str:
    """The scenario's evidence file's text, or the exchanges results.json keeps of it."""
    relative = str(scenario.get("evidence_file") or "")
    path = _inside(report_dir, relative)
    if path is not None:
        text = path.read_text(encoding="utf-8", errors="replace")
        if len(text) > EVIDENCE_LIMIT:
            text = (text[:EVIDENCE_LIMIT] + f"\n… cut after {EVIDENCE_LIMIT:,} characters; "
                    f"the whole file is {relative} in the report directory")
        return text
    lines = [str(line) for line in scenario.get("evidence") or []]
    note = (f"({relative} is not beside this report; " if relative else "(no evidence file; ")
    body = "\n".join(lines) if lines else str(scenario.get("message") or "")
    return note + "what results.json records follows)\n\n" + body


def screenshot_uri(scenario: dict[str, Any], report_dir: Path | None) -> str | None:
    """The scenario's screenshot as a ``data:image/png;base64,…`` URI (None: not readable)."""
    path = _inside(report_dir, str(scenario.get("screenshot") or ""))
    if path is None or path.stat().st_size > SCREENSHOT_LIMIT:
        return None
    data = path.read_bytes()
    if not data.startswith(PNG_SIGNATURE):
        return None
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")
