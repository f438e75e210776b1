"""URLs the UI driver opens and reports: joining paths to the base URL, masking secrets.

A sign-in URL is a secret (a one-time link, or a template holding a session token), so no
URL is reported as it is: ``mask_url`` drops user info, the query string and the fragment,
and replaces the last path segment unless the path is one the caller names as safe (the
landing page, for instance).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

MASK = "[masked]"


def absolute_url(base_url: str, target: str) -> str:
    """``target`` if it is absolute, else ``target`` as a path below ``base_url``."""
    if urlsplit(target).scheme:
        return target
    return base_url.rstrip("/") + "/" + target.lstrip("/")


def mask_url(url: str, keep_paths: Iterable[str] = ()) -> str:
    """``url`` without user info, query or fragment, its last path segment masked.

    The last segment stays when the path is in ``keep_paths`` (paths known to be no secret).
    """
    parts = urlsplit(url)
    path = parts.path
    if path.rstrip("/") not in {kept.rstrip("/") for kept in keep_paths}:
        head, _, last = path.rpartition("/")
        if last:
            path = f"{head}/{MASK}"
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, path, MASK if parts.query else "",
                       MASK if parts.fragment else ""))


def secrets_of(url: str, min_chars: int = 8) -> list[str]:
    """The parts of a sign-in URL to redact wherever they appear: the URL itself, its query
    string and every value in it, and its last path segment (each of ``min_chars`` or more)."""
    parts = urlsplit(url)
    found = [url, parts.query, parts.path.rpartition("/")[2]]
    for pair in parts.query.split("&"):
        found.append(pair.partition("=")[2])
    return sorted({part for part in found if len(part) >= min_chars}, key=len, reverse=True)
