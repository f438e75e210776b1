"""The send path: ``Transport.send``, its ``Reply``, and ``RecordingDriver``, the driver base.

``send(method, url_or_path, headers=..., json=... or data=..., secret_headers=...)`` does
what every request needs, once:

* sends it under the ``RequestPolicy`` (``settings.py``; ``Transport._exchange`` is the
  single place that applies it): origin pinning (``origin.py``), the deadline
  (``deadline.py``), the size cap while reading (``decoding.py``), the rate limit
  (``throttle.py``), and a ``429``/``503`` with a short ``Retry-After`` sent again;
* times it and records the exchange, redacted, as ``Evidence`` (also when no answer came);
* maps every transport failure onto a ``SuiteError`` with its cause (``failures.py``;
  ``429``/``503`` -> ``ServiceOverloaded``, ``502``/``504`` -> ``GatewayError``), and every
  answer that breaks the contract by itself (a redirect, a body over the cap or that does
  not decode) onto a ``ContractViolation``. Any other status comes back as a ``Reply`` for
  the driver to read; ``Reply.json()`` is strict (``driver/strict_json.py``: no ``NaN``, no
  member named twice, bounded nesting, UTF-8 only) and raises ``InvalidJson``, a
  ``ContractViolation``, with the reply's evidence;
* hands every answer to the ``answer_observers`` (``observer(method, url, reply)``, called
  in the sending thread before the driver reads the answer). An observer may raise, e.g. a
  ``ContractViolation`` for an answer that shows another tenant's data (the bystander of
  ``fixtures/bystander.py``); the exception then reaches the step that sent the request.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import requests
import urllib3
from requests.structures import CaseInsensitiveDict

from .. import strict_json
from ..errors import (
    ContractViolation,
    Evidence,
    GatewayError,
    InvalidJson,
    OriginRefused,
    ServiceOverloaded,
    ServiceTimeout,
    SuiteError,
)
from ..evidence import ExchangeRecorder, Redactor
from .deadline import WATCHDOG, Exchange, retire
from .decoding import Refused, body_text, read_body
from .failures import closed_before_answer, replayable, suite_error
from .origin import SCHEME, origin
from .session import http_session
from .settings import DriverSettings, RequestPolicy
from .throttle import Throttle


@dataclass(frozen=True)
class Reply:
    """An answer the service gave, with the evidence already recorded for it."""

    status: int
    headers: Mapping[str, str]
    content: bytes
    text: str
    evidence: Evidence
    max_json_depth: int = strict_json.DEFAULT_MAX_DEPTH

    def json(self) -> Any:
        """The body as strict JSON (``driver/strict_json.py``); ``InvalidJson`` (a
        ``ContractViolation`` and a ``ValueError``) with this reply's evidence otherwise."""
        try:
            return strict_json.loads(self.content, self.max_json_depth)
        except strict_json.StrictJsonError as exc:
            raise InvalidJson(f"the answer is not strict JSON: {exc}", self.evidence) from None

    @property
    def content_type(self) -> str:
        """The answer's ``Content-Type`` header ('' when there is none)."""
        return self.headers.get("Content-Type", "")


_NOT_GIVEN: Any = object()

AnswerObserver = Callable[[str, str, Reply], None]
"""Called with the method, the URL as shown in evidence, and the ``Reply`` of every answer."""



@dataclass
class _Received:
    status: int
    headers: CaseInsensitiveDict[str]
    content: bytes
    text: str


class Transport:
    """Sends requests for a driver: times them, records evidence, maps transport failures.

    The hardening, for every driver (see ``RequestPolicy``): origin pinning, a deadline per
    request, a cap on each answer (decoded), strict JSON, a rate limit, ``Retry-After``
    retries with a budget (after ``retry_limit`` requests in a row ended overloaded, the
    next ones are sent once and not waited for again until one is answered otherwise), and
    one retry of an *idempotent* request (``IDEMPOTENT``) whose *reused* keep-alive
    connection turns out closed before a single answer byte came back. urllib3 checks an
    idle pooled connection before reusing it, so that only happens when the server closed
    it just as the request went out, and the client cannot know whether the server applied
    the request first. HTTP lets a client repeat such a request automatically only when its
    method is idempotent (RFC 9112 §9.3.1, which defers to RFC 9110 §9.2.2: a client SHOULD
    NOT, a proxy MUST NOT, automatically retry a non-idempotent request unless it knows the
    request was not applied), so a ``POST`` or ``PATCH`` is never sent twice: the failure is
    reported. An idempotent request is retried once, on a fresh connection, and only then; a
    fresh connection that fails the same way is reported. An answer with a status of ``500``
    or more closes its connection instead of handing it back to the pool (a server often
    drops the connection after such an answer), so the next request opens a fresh one.
    """

    IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
    """The methods sent again automatically after a reused connection was found closed."""

    def __init__(self, settings: DriverSettings, *, accept: str = "application/json",
                 answer_secret_fields: Iterable[str] = ()) -> None:
        self.settings = settings
        self.policy = RequestPolicy.of(settings)
        self.base_url = settings.base_url.rstrip("/")
        self._origin = origin(self.base_url)
        if self._origin is None:
            raise ValueError(f"the base URL must be http(s)://host[:port], got {self.base_url!r}")
        self.redactor = Redactor()
        self.redactor.register(settings.test_support_key, *settings.headers.values())
        self.recorder = ExchangeRecorder(self.redactor, configured_headers=settings.headers)
        self.answer_secret_fields = tuple(answer_secret_fields)
        self._timeout = (settings.connect_timeout_s, settings.read_timeout_s)
        self._session = http_session(settings, accept)
        self._verify: bool | str = self._session.verify or False
        self._throttle = Throttle(self.policy.max_rps)
        self._stats_lock = threading.Lock()
        self._stats: dict[str, float] = {"requests": 0, "retries": 0, "retry_wait_s": 0.0,
                                         "throttle_wait_s": 0.0, "reconnects": 0}
        self._overloaded_in_a_row = 0  # requests that ended in ServiceOverloaded, in a row
        self.answer_observers: list[AnswerObserver] = []

    def close(self) -> None:
        """Release the connection pool."""
        self._session.close()

    def stats(self) -> dict[str, float]:
        """Counters since the start: ``requests`` (sent, retries included), ``retries``
        (``429``/``503`` sent again after ``Retry-After``), ``retry_wait_s``,
        ``throttle_wait_s`` (waits of the ``max_rps`` limit) and ``reconnects`` (requests
        sent again because a reused connection was found closed)."""
        with self._stats_lock:
            return {k: round(v, 3) if isinstance(v, float) else v
                    for k, v in self._stats.items()}

    def _count(self, name: str, amount: float = 1) -> None:
        with self._stats_lock:
            self._stats[name] += amount

    def url(self, url_or_path: str) -> str:
        """A path (``/v1/me``) under the base URL; an absolute URL only on the base URL's
        origin (scheme, host and port), else ``OriginRefused``."""
        if SCHEME.match(url_or_path) or url_or_path.startswith("//"):
            url = url_or_path
        else:
            url = self.base_url + url_or_path
        if origin(url) != self._origin:
            shown = self.redactor.redact(url)[:200]
            raise OriginRefused(f"refused to send to {shown}: only {self.base_url}'s origin "
                                "is ever sent to")
        return url

    def send(self, method: str, url_or_path: str, *, headers: Mapping[str, str] | None = None,
             json: Any = None, data: bytes | Iterable[bytes] | None = None,
             secret_headers: Iterable[str] | None = None, exact_url: bool = False,
             shown_url: str | None = None, shown_body: object = _NOT_GIVEN) -> Reply:
        """Send one request and record it; the ``Reply``, or a ``SuiteError`` when none came.

        ``json`` (a value to encode) or ``data`` (bytes, sent as they are; an iterable of
        bytes is sent in chunks, without a ``Content-Length``) is the body.
        ``secret_headers`` names the headers that carry secrets (default: every header given
        here); evidence shows them only as shell variables. ``exact_url`` sends the path
        exactly as given: no normalising of ``..`` or ``%00`` (hostile-input requests).
        ``shown_url`` and ``shown_body`` replace the URL and body in the evidence (a body of
        a megabyte is shown short).

        An answer that breaks the contract by itself (a redirect, a body over the cap or
        that does not decode) raises ``ContractViolation``; ``429``/``503`` (after the
        retries) ``ServiceOverloaded``, ``502``/``504`` ``GatewayError``.
        """
        url = self.url(url_or_path)
        given = dict(headers or {})
        secrets = {name: given.get(name, "")
                   for name in (given if secret_headers is None else secret_headers)}
        if shown_body is _NOT_GIVEN:
            shown_body = (json if data is None else "(a stream of bytes)"
                          if not isinstance(data, bytes)
                          else data[:160].decode("utf-8", "replace"))
        shown = shown_url or url
        retries = 0
        while True:
            try:
                prepared = self._session.prepare_request(requests.Request(
                    method, self.base_url + "/" if exact_url else url, headers=given,
                    json=json, data=data))
            except requests.exceptions.InvalidHeader:
                # the configured headers are checked when the run starts, so the value came
                # from an answer (a token with CR or LF): never shown, it may be a secret
                raise ContractViolation(
                    f"a header value the service gave (a token?) that cannot be sent in "
                    f"{method} {self.redactor.redact(shown)}: it holds a control character "
                    "or white space at its ends (not shown)", None) from None
            if exact_url:
                prepared.url = url
            self._count("throttle_wait_s", self._throttle.wait())
            self._count("requests")
            started = time.perf_counter()
            try:
                received = self._exchange(prepared)
            except Refused as refused:
                evidence = self.recorder.record(method, shown, refused.status, shown_body,
                                                refused.text, _ms(started), secrets)
                raise ContractViolation(refused.reason, evidence) from None
            except SuiteError as error:
                self.recorder.record(method, shown, None, shown_body, "", _ms(started),
                                     secrets)
                raise type(error)(f"{method} {self.redactor.redact(shown)}: {error}") from (
                    error.__cause__)
            elapsed_ms = _ms(started)
            status = received.status
            self._register_answer_secrets(received.content)
            evidence = self.recorder.record(method, shown, status, shown_body, received.text,
                                            elapsed_ms, secrets)
            if status in (429, 503):
                wait = self._retry_wait(received.headers)
                in_a_row = self._overloaded_streak()
                given_up = (wait is not None and retries == 0
                            and 0 < self.policy.retry_limit <= in_a_row)
                if wait is not None and retries < self.policy.retry_limit and (
                        data is None or isinstance(data, bytes)) and not given_up:
                    retries += 1
                    self._count("retries")
                    self._count("retry_wait_s", wait)
                    time.sleep(wait)  # the service asked for it (Retry-After)
                    continue
                after = received.headers.get("Retry-After")
                self._overloaded(True)
                budget = (f"; the service has been overloaded for {in_a_row} requests in a "
                          "row; not waiting again" if given_up else "")
                raise ServiceOverloaded(
                    f"{method} {self.redactor.redact(shown)}: the service answered {status} "
                    f"(Retry-After: {(after or 'none')[:40]}; {retries} retries): overloaded, "
                    f"no verdict{budget}\n" + evidence.describe())
            if status not in (502, 504):
                self._overloaded(False)  # answered: the overload is over
            if status in (502, 504):
                raise GatewayError(
                    f"{method} {self.redactor.redact(shown)}: a gateway answered {status}: "
                    "the service was not heard, no verdict\n" + evidence.describe())
            if 300 <= status < 400:
                location = self.redactor.redact(received.headers.get("Location", "(none)"))
                raise ContractViolation(
                    f"a redirect: answered {status} with Location {location[:200]} (the "
                    "contract has no redirects, and the suite never follows one: nothing "
                    "leaves the service's origin)", evidence)
            break
        reply = Reply(status, received.headers, received.content, received.text, evidence,
                      self.policy.max_json_depth)
        for observe in tuple(self.answer_observers):
            observe(method, shown, reply)
        return reply

    def _overloaded_streak(self) -> int:
        with self._stats_lock:
            return self._overloaded_in_a_row

    def _overloaded(self, overloaded: bool) -> None:
        """Count a request that ended overloaded (or, answered otherwise, reset the count)."""
        with self._stats_lock:
            self._overloaded_in_a_row = self._overloaded_in_a_row + 1 if overloaded else 0

    def _retry_wait(self, headers: Mapping[str, str]) -> float | None:
        """Seconds a ``Retry-After`` asks to wait, when at most ``max_retry_after_s``."""
        value = (headers.get("Retry-After") or "").strip()
        if not value:
            return None
        if value.isdigit():
            wait = float(value)
        else:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return None
            if when.tzinfo is None:
                return None
            wait = max(0.0, when.timestamp() - time.time())
        return wait if wait <= self.policy.max_retry_after_s else None

    def _exchange(self, prepared: requests.PreparedRequest) -> _Received:
        """Send one prepared request under the timeouts and the ``RequestPolicy``.

        The one call into the network; the place where request policies are applied. The
        deadline is kept by a watchdog (``deadline.WATCHDOG``) that shuts the request's socket down
        when it passes, whatever phase the exchange is in (connecting, waiting for the
        status line, or a body dripping one byte a second): recomputing a socket timeout per
        read cannot reach inside ``http.client``'s header parsing, a watchdog can; an attempt
        the watchdog cut is a ``ServiceTimeout`` however its read ended. An idempotent
        request whose reused connection was found closed before any answer byte is retried
        once (see the class).
        """
        deadline = time.monotonic() + self.policy.deadline_s
        for attempt in (1, 2):
            exchange = Exchange(deadline)
            WATCHDOG.arm(exchange)
            try:
                received = self._attempt(prepared, exchange)
                if exchange.expired:
                    raise self._past_deadline()
                return received
            except (requests.ConnectionError, urllib3.exceptions.ProtocolError) as exc:
                if exchange.expired:
                    raise self._past_deadline() from exc
                if attempt == 1 and not exchange.fresh and not exchange.answered and (
                        closed_before_answer(exc)) and replayable(prepared) and (
                        (prepared.method or "GET").upper() in self.IDEMPOTENT):
                    self._count("reconnects")
                    continue
                raise suite_error(exc, self.settings) from exc
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                if exchange.expired:
                    raise self._past_deadline() from exc
                raise suite_error(exc, self.settings) from exc
            finally:
                WATCHDOG.disarm(exchange)
        raise AssertionError("unreachable")  # pragma: no cover

    def _past_deadline(self) -> ServiceTimeout:
        return ServiceTimeout(f"no complete answer within the {self.policy.deadline_s}s "
                              "deadline")

    def _attempt(self, prepared: requests.PreparedRequest, exchange: Exchange) -> _Received:
        """One try: send, read the head, then the body under the cap and the deadline."""
        # straight to the adapter: Session.send reads a redirect's whole body (unbounded)
        # even when it does not follow it, and would store cookies
        adapter = self._session.get_adapter(prepared.url or self.base_url)
        response = adapter.send(prepared, stream=True, timeout=self._timeout,
                                verify=self._verify, cert=self._session.cert,
                                proxies=self._session.proxies)
        exchange.answered = True
        if response.status_code >= 500:  # servers often drop the connection after those
            retire(response.raw.connection)
        try:
            content = read_body(response, exchange.deadline, self.policy)
            if exchange.expired:  # the watchdog shut the socket: what came is not all
                raise self._past_deadline()
        except BaseException:
            response.raw.close()  # a connection with an unread answer is never reused
            response.raw.release_conn()  # (closed: the pool opens a fresh one in its place)
            raise
        response.raw.release_conn()
        return _Received(response.status_code, response.headers, content,
                         body_text(content, response.headers.get("Content-Type", "")))

    def _register_answer_secrets(self, content: bytes) -> None:
        """Register the values of ``answer_secret_fields`` before the answer is recorded."""
        if not self.answer_secret_fields or not content:
            return
        try:
            data = strict_json.loads(content, self.policy.max_json_depth)
        except ValueError:
            return
        if isinstance(data, dict):
            self.redactor.register(*(str(data[name]) for name in self.answer_secret_fields
                                     if data.get(name) is not None))



class RecordingDriver:
    """Base of a driver: its ``Transport`` and the protocol's evidence methods.

    ``accept`` is sent as the ``Accept`` header; the values of ``answer_secret_fields`` in a
    JSON answer are registered as secrets before the exchange is recorded.
    """

    accept = "application/json"
    answer_secret_fields: tuple[str, ...] = ()

    def __init__(self, settings: DriverSettings) -> None:
        self.settings = settings
        self.transport = Transport(settings, accept=self.accept,
                                   answer_secret_fields=self.answer_secret_fields)
        self.base_url = self.transport.base_url
        self.redactor = self.transport.redactor
        self.recorder = self.transport.recorder

    def close(self) -> None:
        """Release the connection pool."""
        self.transport.close()

    def request_count(self) -> int:
        """How many requests this driver has sent so far."""
        return self.recorder.total_requests

    def take_evidence(self) -> list[Evidence]:
        """The redacted exchanges since the last call."""
        return self.recorder.take()

    def redact(self, text: str) -> str:
        """Mask every secret this driver knows of in ``text``."""
        return self.redactor.redact(text)

    def name_session(self, token: str, email: str) -> None:
        """Say whose session ``token`` is: the evidence's curl lines then show it as
        ``$SESSION_TOKEN_<EMAIL'S LOCAL PART>`` (see ``evidence.CurlVariables``), not as a
        numbered ``$SESSION_TOKEN_1``. The token itself is never shown."""
        self.recorder.variables.name_session(token, email)



def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0
