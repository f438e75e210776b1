"""Origin pinning: what a URL's origin is, and whether a target is a URL or a path.

``Transport.url`` (``sender.py``) sends a path under the base URL and an absolute URL only
when its origin (scheme, host, port) is the base URL's; anything else is ``OriginRefused``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
"""The start of an absolute URL (``scheme:``); a target without it is a path."""


def origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) URL; None for anything else."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80)
