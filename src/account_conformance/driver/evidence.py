"""Evidence of HTTP exchanges, with every secret redacted before it is stored.

The recorder keeps the exchanges of the current scenario (bounded) so that a failing
check can show what was sent and answered. Secrets are removed twice over: every token the
driver has seen is registered and replaced wherever it appears, and anything shaped like a
bearer credential or a ``token``/``assertion`` field is masked by pattern as a fallback.

Redaction costs time linear in what is *kept*, not in the answer: all registered secrets are
one index keyed by their first characters (``Redactor``: one pass over the text, whatever
the number of secrets; registering one never rebuilds anything), and an answer is cut to its
excerpt first; only the excerpt, plus a margin as long as the longest secret (so a secret
across the cut is still masked whole) is searched. A
50 MB answer with 600 registered secrets is recorded in milliseconds (it took 75 s when
every secret was searched for in the whole answer).

What counts as a secret: values of at least ``MIN_SECRET_CHARS`` (8) characters — tokens,
keys, the test-support key, and the values of the configured extra headers
(``DriverSettings.headers``). A shorter value is not masked in free text (a header value such
as ``1`` would mask every digit of every answer), but every configured header is shown in
curl lines only as a shell variable (``X-Api-Key: $X_API_KEY``), never as its value, and
request headers are never part of the evidence otherwise.
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
MIN_SECRET_CHARS = 8
_FIELD_NAMES = r'"(?:token|target_token|assertion|access_token|secret|password|api_key)"'
_SECRET_FIELDS = re.compile(rf'({_FIELD_NAMES}\s*:\s*)"[^"]*"', re.IGNORECASE)
_CUT_SECRET_FIELD = re.compile(rf'({_FIELD_NAMES}\s*:\s*)"[^"]*\Z', re.IGNORECASE)
_BEARER = re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE)


class Redactor:
    """Replaces registered secrets and secret-shaped fields in text (thread-safe).

    The registered secrets are indexed by their first ``MIN_SECRET_CHARS`` characters: one
    pass over the text looks each position's key up in the index (a dictionary) and compares
    only the few secrets that share it. The cost is linear in the text, independent of how
    many secrets are registered, and registering one is constant time (no matcher to rebuild:
    a run registers thousands of session tokens).
    """

    def __init__(self) -> None:
        self._secrets: set[str] = set()
        self._by_key: dict[str, tuple[str, ...]] = {}
        self._longest = 0
        self._lock = threading.Lock()

    def register(self, *secrets: str | None) -> None:
        """Remember values that must never be shown (tokens, assertions, keys); values
        shorter than ``MIN_SECRET_CHARS`` are ignored (see the module docstring)."""
        given = {s for s in secrets if s and len(s) >= MIN_SECRET_CHARS}
        # also as Python and JSON write it in a message (a secret with a control character
        # or a quote shows up escaped: 'sk-1\\n' in an exception's repr)
        given |= {s.encode("unicode_escape").decode("ascii") for s in given}
        given |= {json.dumps(s)[1:-1] for s in given}
        new = given - self._secrets
        if not new:
            return
        with self._lock:
            for secret in new - self._secrets:
                key = secret[:MIN_SECRET_CHARS]
                # longest first: a secret that extends another is masked whole
                self._by_key[key] = tuple(sorted((*self._by_key.get(key, ()), secret),
                                                 key=len, reverse=True))
            self._secrets |= new
            self._longest = max(self._longest, *(len(s) for s in new))

    @property
    def margin(self) -> int:
        """How far past a cut a secret can reach: the longest registered secret's length."""
        return self._longest

    def _mask_registered(self, text: str, end: int | None = None) -> str:
        """``text[:end]`` with every registered secret masked, one that crosses ``end``
        included (``text`` may run ``margin`` characters past ``end``)."""
        end = len(text) if end is None else min(end, len(text))
        index = self._by_key
        if not index:
            return text[:end]
        width = MIN_SECRET_CHARS
        parts: list[str] = []
        position = start = 0
        last = end
        while position < last:
            candidates = index.get(text[position:position + width])
            if candidates is not None:
                found = next((s for s in candidates if text.startswith(s, position)), None)
                if found is not None:
                    parts += [text[start:position], REDACTED]
                    position = start = position + len(found)
                    continue
            position += 1
        if start < end:
            parts.append(text[start:end])
        return "".join(parts)

    def redact(self, text: str) -> str:
        """The text with every known secret and secret-shaped value masked."""
        text = self._mask_registered(text)
        text = _SECRET_FIELDS.sub(rf'\1"{REDACTED}"', text)
        return _BEARER.sub(rf"\1{REDACTED}", text)

    def excerpt(self, text: str, limit: int = EXCERPT_CHARS) -> str:
        """``excerpt(redact(text), limit)``, reading only as much of ``text`` as is kept.

        Only a head of the text is searched: long enough to fill ``limit`` characters once
        white space is collapsed, plus ``margin`` characters for a secret across the cut.
        A secret-shaped field whose value the cut splits is masked to the end.
        """
        end = min(len(text), 2 * limit + 64)
        while True:
            head = self._mask_registered(text[:end + self._longest], end)
            if end >= len(text) or len(" ".join(head.split())) > limit:
                break
            end = min(len(text), end * 4)
        head = _SECRET_FIELDS.sub(rf'\1"{REDACTED}"', head)
        if end < len(text):
            head = _CUT_SECRET_FIELD.sub(rf'\1"{REDACTED}', head)
        return excerpt(_BEARER.sub(rf"\1{REDACTED}", head), limit)


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


def shell_variable(header: str) -> str:
    """The shell variable a header's value is shown as: ``X-Api-Key`` -> ``$X_API_KEY``."""
    return "$" + (re.sub(r"[^A-Za-z0-9]+", "_", header).strip("_").upper() or "SECRET")


def curl_command(method: str, url: str, body: str, secret_headers: tuple[str, ...],
                 configured_headers: tuple[str, ...] = ()) -> str:
    """A curl command for the request; secrets appear only as shell variables.

    ``secret_headers`` are the request's own secret headers (``$SECRET`` unless named in
    ``CURL_PLACEHOLDERS``); ``configured_headers`` the extra headers of the settings, each
    shown as a variable named after it.
    """
    parts = ["curl", "-sS", "-X", method, shlex.quote(url)]
    for name in secret_headers:
        parts += ["-H", f'"{CURL_PLACEHOLDERS.get(name, name + ": $SECRET")}"']
    for name in configured_headers:
        if name not in secret_headers:
            parts += ["-H", f'"{name}: {shell_variable(name)}"']
    if body:
        parts += ["-H", "'Content-Type: application/json'", "--data-raw", shlex.quote(body)]
    return " ".join(parts)


class ExchangeRecorder:
    """Keeps the redacted exchanges of the current scenario and counts all requests.

    Safe to use from several threads at once (the race scenarios): counting, recording and
    taking happen under one lock.
    """

    def __init__(self, redactor: Redactor, keep: int = 200,
                 configured_headers: Iterable[str] = ()) -> None:
        self.redactor = redactor
        self.configured_headers = tuple(configured_headers)
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
            response_excerpt=self.redactor.excerpt(response_text),
            elapsed_ms=round(elapsed_ms, 2),
            curl=curl_command(method, safe_url, body, secret_headers, self.configured_headers))
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
