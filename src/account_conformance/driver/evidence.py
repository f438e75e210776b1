"""Evidence of HTTP exchanges, with every secret redacted before it is stored.

The recorder keeps the exchanges of the current scenario (bounded) so that a failing
check can show what was sent and answered. Secrets are removed twice over: every token the
driver has seen is registered and replaced wherever it appears, and anything shaped like a
bearer credential or a ``token``/``assertion`` field is masked by pattern as a fallback.
"""

from __future__ import annotations

import json
import re
import shlex
import threading
from collections import deque
from collections.abc import Iterable

from .errors import Evidence

REDACTED = "[REDACTED]"
EXCERPT_CHARS = 300
_SECRET_FIELDS = re.compile(
    r'("(?:token|target_token|assertion|access_token|secret|password|api_key)"\s*:\s*)"[^"]*"',
    re.IGNORECASE)
_BEARER = re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE)


class Redactor:
    """Replaces registered secrets and secret-shaped fields in text."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()

    def register(self, *secrets: str | None) -> None:
        """Remember values that must never be shown (tokens, assertions, keys)."""
        for secret in secrets:
            if secret and len(secret) >= 8:
                self._secrets.add(secret)

    def redact(self, text: str) -> str:
        """The text with every known secret and secret-shaped value masked."""
        for secret in sorted(self._secrets, key=len, reverse=True):
            if secret in text:
                text = text.replace(secret, REDACTED)
        text = _SECRET_FIELDS.sub(rf'\1"{REDACTED}"', text)
        return _BEARER.sub(rf"\1{REDACTED}", text)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """A single-line excerpt of at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def body_text(body: object) -> str:
    """A compact JSON rendering of a request body ('' when there is none)."""
    if body is None:
        return ""
    try:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return repr(body)


CURL_PLACEHOLDERS = {
    "Authorization": "Authorization: Bearer $SESSION_TOKEN",
    "X-Test-Support-Key": "X-Test-Support-Key: $ACCOUNT_SERVICE_TOKEN",
}


def curl_command(method: str, url: str, body: str, secret_headers: tuple[str, ...]) -> str:
    """A curl command for the request; secrets appear only as shell variables."""
    parts = ["curl", "-sS", "-X", method, shlex.quote(url)]
    for name in secret_headers:
        parts += ["-H", f'"{CURL_PLACEHOLDERS.get(name, name + ": $SECRET")}"']
    if body:
        parts += ["-H", "'Content-Type: application/json'", "--data-raw", shlex.quote(body)]
    return " ".join(parts)


class ExchangeRecorder:
    """Keeps the redacted exchanges of the current scenario and counts all requests.

    Safe to use from several threads at once (the race scenarios): counting, recording and
    taking happen under one lock.
    """

    def __init__(self, redactor: Redactor, keep: int = 200) -> None:
        self.redactor = redactor
        self.total_requests = 0
        self.latencies_ms: list[float] = []
        self._exchanges: deque[Evidence] = deque(maxlen=keep)
        self._lock = threading.Lock()

    def record(self, method: str, url: str, status: int | None, request_body: object,
               response_text: str, elapsed_ms: float,
               secret_headers: tuple[str, ...] = ()) -> Evidence:
        """Store one exchange (redacted) and return it."""
        body = self.redactor.redact(body_text(request_body))
        safe_url = self.redactor.redact(url)
        evidence = Evidence(
            method=method, url=safe_url, status=status, request_body=excerpt(body),
            response_excerpt=excerpt(self.redactor.redact(response_text)),
            elapsed_ms=round(elapsed_ms, 2),
            curl=curl_command(method, safe_url, body, secret_headers))
        with self._lock:
            self.total_requests += 1
            self.latencies_ms.append(elapsed_ms)
            self._exchanges.append(evidence)
        return evidence

    def take(self) -> list[Evidence]:
        """The exchanges recorded since the last call, and forget them."""
        with self._lock:
            items = list(self._exchanges)
            self._exchanges.clear()
        return items

    def peek(self) -> Iterable[Evidence]:
        """The exchanges recorded so far in this scenario."""
        return tuple(self._exchanges)
