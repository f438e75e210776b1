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

Curl lines name every secret by what it is (``CurlVariables``): each session token is its own
variable, named after its person (``$SESSION_TOKEN_ALIDA_FLIEGNER_1A721``; the driver says
whose a token is with ``RecordingDriver.name_session``) or numbered (``$SESSION_TOKEN_1``),
also where a request body carries it (``'{"target_token":"'"$SESSION_TOKEN_X"'"}'``); the
test-support key is ``$ACCOUNT_SERVICE_TOKEN``, a configured header ``$HEADER_NAME``. Each
``Evidence`` carries the legend of its variables (``# $NAME: meaning``); ``curl_legend``
gives one block for many exchanges.
"""

from __future__ import annotations

import json
import re
import secrets
import shlex
import threading
from collections import deque
from collections.abc import Iterable, Mapping

from .errors import Evidence

REDACTED = "[REDACTED]"
EXCERPT_CHARS = 300
MIN_SECRET_CHARS = 8
_FIELD_NAMES = r'"(?:token|target_token|assertion|access_token|secret|password|api_key)"'
# a curl line's body splices a variable in: "token":"'"$SESSION_TOKEN_X"'" is no value
_SPLICE = r"""(?!'"\$[A-Z_][A-Z0-9_]*"'")"""
_SECRET_FIELDS = re.compile(rf'({_FIELD_NAMES}\s*:\s*)"{_SPLICE}([^"]*)"', re.IGNORECASE)
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

    def redact(self, text: str, keep: re.Pattern[str] | None = None) -> str:
        """The text with every known secret and secret-shaped value masked (a secret-shaped
        field whose whole value matches ``keep`` is left: a placeholder, not a value)."""
        text = self._mask_registered(text)

        def mask(field: re.Match[str]) -> str:
            if keep is not None and keep.fullmatch(field[2]):
                return field[0]
            return f'{field[1]}"{REDACTED}"'

        text = _SECRET_FIELDS.sub(mask, text)
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


TEST_SUPPORT_HEADER = "X-Test-Support-Key"
TEST_SUPPORT_VARIABLE = "ACCOUNT_SERVICE_TOKEN"
TOKEN_PREFIX = "SESSION_TOKEN_"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,19}")
_ORDINALS = ("", "first", "second", "third", "fourth", "fifth")


def shell_variable(header: str) -> str:
    """The shell variable a header's value is shown as: ``X-Api-Key`` -> ``$X_API_KEY``."""
    return "$" + _variable_name(header, "SECRET")


def _words(text: str) -> str:
    """``text`` upper case, every run of characters other than A-Z and 0-9 as one ``_``."""
    return re.sub(r"[^A-Z0-9]+", "_", text.upper()).strip("_")[:48].rstrip("_")


def _variable_name(text: str, fallback: str) -> str:
    """``text`` as a shell variable name (``fallback`` first when it is empty or would
    start with a digit)."""
    name = _words(text)
    return name if name and not name[0].isdigit() else f"{fallback}_{name}".rstrip("_")


def _ordinal(number: int) -> str:
    return _ORDINALS[number] if number < len(_ORDINALS) else f"{number}th"


class CurlVariables:
    """Which shell variable stands for which secret in a scenario's curl lines (thread-safe).

    Every distinct bearer token gets its own variable: named after the person whose session
    it is (``$SESSION_TOKEN_ALIDA_FLIEGNER_1A721`` for ``alida.fliegner.1a721@…``; a second
    session of the same person ``…_2``), or numbered in order of first use
    (``$SESSION_TOKEN_1``) when the driver knows no email for it. The test-support key is
    ``$ACCOUNT_SERVICE_TOKEN``; any other secret header is named after the header, a second
    value of it gets ``_2``. Each variable has a legend (``meaning``) so a reader knows what
    to export. The values are keys of a dictionary in memory only; nothing here is shown.

    The people (``name_session``) are kept for the run; the variables are handed out anew
    for each scenario (``reset``), so a scenario's evidence numbers its own tokens from 1.
    """

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}
        self._variables: dict[tuple[str, str], str] = {}
        self._meanings: dict[str, str] = {}
        self._unnamed = 0
        self._lock = threading.Lock()

    def name_session(self, token: str, email: str) -> None:
        """Remember that ``token`` is the session of the person with ``email``."""
        if token and email:
            with self._lock:
                self._owners.setdefault(token, email)

    def is_session(self, value: str) -> bool:
        """Whether ``value`` is a token of a session named with ``name_session``."""
        return value in self._owners

    def reset(self) -> None:
        """Forget the variables handed out (a new scenario starts); the people stay."""
        with self._lock:
            self._variables.clear()
            self._meanings.clear()
            self._unnamed = 0

    def meaning(self, variable: str) -> str:
        """What ``variable`` (without ``$``) stands for, in words."""
        return self._meanings.get(variable, "a secret the suite holds (not shown)")

    def token(self, token: str) -> str:
        """The variable (without ``$``) standing for a bearer token."""
        with self._lock:
            known = self._variables.get(("token", token))
            if known:
                return known
            email = self._owners.get(token)
            person = _words(email.split("@")[0]) if email else ""
            if email and person:
                name = self._free(TOKEN_PREFIX + person)
                sessions = 1 + sum(1 for key in self._variables if key[0] == "token"
                                   and self._owners.get(key[1]) == email)
                self._meanings[name] = (f"the session of {email}" if sessions == 1 else
                                        f"the {_ordinal(sessions)} session of {email}")
            else:
                self._unnamed += 1
                name = self._free(f"{TOKEN_PREFIX}{self._unnamed}")
                self._meanings[name] = (f"the {_ordinal(self._unnamed)} token in this "
                                        "scenario that is no session the suite started")
            self._variables[("token", token)] = name
            return name

    def header(self, header: str, value: str, meaning: str) -> str:
        """The variable (without ``$``) standing for ``value`` of the secret ``header``."""
        with self._lock:
            key = (header.lower(), value)
            known = self._variables.get(key)
            if known:
                return known
            base = (TEST_SUPPORT_VARIABLE if header.lower() == TEST_SUPPORT_HEADER.lower()
                    else _variable_name(header, "SECRET"))
            name = self._free(base)
            self._variables[key] = name
            self._meanings[name] = meaning
            return name

    def _free(self, base: str) -> str:
        """``base``, or ``base_2``, ``base_3`` … when it stands for another value already."""
        name, number = base, 1
        while name in self._meanings:
            number += 1
            name = f"{base}_{number}"
        return name


def header_meaning(header: str, configured: bool) -> str:
    """The legend of a header's variable."""
    if header.lower() == TEST_SUPPORT_HEADER.lower():
        return f"the test-support key ({TEST_SUPPORT_VARIABLE}, test_support_key)"
    if configured:
        return (f"the value of the configured header {header} "
                "(ACCOUNT_SERVICE_HEADERS, headers)")
    return f"the value of the request's {header} header"


def curl_command(method: str, url: str, body: str, headers: Iterable[str] = ()) -> str:
    """A curl command for the request; ``headers`` are ``Name: value`` texts already showing
    every secret as a shell variable (they are double-quoted, so the variables expand)."""
    parts = ["curl", "-sS", "-X", method, shlex.quote(url)]
    for header in headers:
        parts += ["-H", f'"{header}"']
    if body:
        parts += ["-H", "'Content-Type: application/json'", "--data-raw", shlex.quote(body)]
    return " ".join(parts)


def curl_legend(exchanges: Iterable[Evidence]) -> list[str]:
    """The legend lines of ``exchanges``' curl commands, each once, in order of first use:
    one block for a whole evidence file (then ``reproduce(legend=False)``)."""
    return list(dict.fromkeys(line for exchange in exchanges for line in exchange.legend))


class ExchangeRecorder:
    """Keeps the redacted exchanges of the current scenario and counts all requests.

    Safe to use from several threads at once (the race scenarios): counting, recording and
    taking happen under one lock. ``variables`` names the secrets of the curl lines; taking
    the exchanges (a scenario ends or starts) hands the variables out anew.
    """

    def __init__(self, redactor: Redactor, keep: int = 200,
                 configured_headers: Iterable[str] = ()) -> None:
        self.redactor = redactor
        self.configured_headers = tuple(configured_headers)
        self.variables = CurlVariables()
        self.total_requests = 0
        self.latencies_ms: list[float] = []
        self._exchanges: deque[Evidence] = deque(maxlen=keep)
        self._lock = threading.Lock()
        self._mark = f"\ue000{secrets.token_hex(4)}"
        self._marked = re.compile(rf"{self._mark}([A-Z0-9_]+)\ue000")

    def record(self, method: str, url: str, status: int | None, request_body: object,
               response_text: str, elapsed_ms: float,
               secret_headers: Mapping[str, str] | Iterable[str] = ()) -> Evidence:
        """Store one exchange (redacted) and return it.

        ``secret_headers``: the request's own secret headers with their values (or only
        their names); the curl line shows each as a shell variable, never the value.
        """
        body = self.redactor.redact(body_text(request_body))
        safe_url = self.redactor.redact(url)
        headers, used = self._curl_headers(secret_headers)
        curl = curl_command(method, safe_url, self._curl_body(request_body), headers)
        used += self._marked.findall(curl)
        curl = self._marked.sub(lambda found: f"'\"${found[1]}\"'", curl)
        evidence = Evidence(
            method=method, url=safe_url, status=status, request_body=excerpt(body),
            response_excerpt=self.redactor.excerpt(response_text),
            elapsed_ms=round(elapsed_ms, 2), curl=curl,
            legend=tuple(f"# ${name}: {self.variables.meaning(name)}"
                         for name in dict.fromkeys(used)))
        with self._lock:
            self.total_requests += 1
            self.latencies_ms.append(elapsed_ms)
            self._exchanges.append(evidence)
        return evidence

    def _curl_headers(self, secret_headers: Mapping[str, str] | Iterable[str]
                      ) -> tuple[list[str], list[str]]:
        """The curl line's ``Name: $VARIABLE`` headers, and the variables they use."""
        given: dict[str, str | None] = (dict(secret_headers.items())
                                        if isinstance(secret_headers, Mapping)
                                        else dict.fromkeys(secret_headers))
        configured = {name.lower() for name in self.configured_headers}
        shown: list[str] = []
        used: list[str] = []
        for name, value in given.items():
            scheme, _, token = (value or "").strip().partition(" ")
            if name.lower() == "authorization" and token and _SCHEME.fullmatch(scheme):
                used.append(self.variables.token(token.strip()))
                shown.append(f"{name}: {scheme} ${used[-1]}")
                continue
            if name.lower() == "authorization":
                used.append(self.variables.token(value or ""))
            else:
                used.append(self.variables.header(
                    name, value or "", header_meaning(name, name.lower() in configured)))
            shown.append(f"{name}: ${used[-1]}")
        sent = {name.lower() for name in given}
        for name in self.configured_headers:
            if name.lower() not in sent:
                used.append(self.variables.header(name, "", header_meaning(name, True)))
                shown.append(f"{name}: ${used[-1]}")
        return shown, used

    def _curl_body(self, request_body: object) -> str:
        """The body for the curl line: redacted, but a session token in it marked as its
        variable (``record`` turns the mark into ``'"$SESSION_TOKEN_…"'``)."""
        def mark(value: object) -> object:
            if isinstance(value, str) and self.variables.is_session(value):
                return f"{self._mark}{self.variables.token(value)}\ue000"
            if isinstance(value, dict):
                return {key: mark(item) for key, item in value.items()}
            if isinstance(value, list):
                return [mark(item) for item in value]
            return value

        return self.redactor.redact(body_text(mark(request_body)), keep=self._marked)

    def take(self) -> list[Evidence]:
        """The exchanges recorded since the last call, and forget them (and the variables:
        the next scenario's curl lines name their own)."""
        with self._lock:
            items = list(self._exchanges)
            self._exchanges.clear()
        self.variables.reset()
        return items

    def peek(self) -> Iterable[Evidence]:
        """The exchanges recorded so far in this scenario."""
        return tuple(self._exchanges)
