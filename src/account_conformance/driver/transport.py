"""The one send path: every HTTP request the suite makes goes through ``Transport.send``.

``Transport`` is built from ``DriverSettings``. It owns the ``requests.Session`` (extra
headers, TLS verification, proxy and CA-bundle settings read from the environment once —
requests' per-request lookup costs more than a loopback round trip — and one connection pool
large enough for the concurrent race scenarios, shared by every thread), the ``Redactor`` and
the ``ExchangeRecorder``. ``send(method, url_or_path, headers=..., json=... or data=...,
secret_headers=...)`` does what every request needs, once:

* sends it under the ``RequestPolicy`` (the timeouts and bounds of the settings;
  ``Transport._exchange`` is the single place that applies them): redirects are never
  followed and nothing goes to another origin, no cookie is kept, each request has a total
  ``deadline_s``, each answer a size cap (decoded bytes, so also the decompression cap)
  enforced while reading, requests leave at most ``max_rps`` a second, and a ``429``/``503``
  with a short ``Retry-After`` is sent again;
* times it and records the exchange, redacted, as ``Evidence`` (also when no answer came);
* maps every transport failure onto a ``SuiteError`` with its cause (refused, name not
  resolved, TLS, timeout or deadline, reset, cut off; ``429``/``503`` ->
  ``ServiceOverloaded``, ``502``/``504`` -> ``GatewayError``; the table is in
  ``driver/errors.py``), and every answer that breaks the contract by itself (a redirect, a
  body over the cap or that does not decode) onto a ``ContractViolation``. Any other status
  comes back as a ``Reply`` for the driver to read; ``Reply.json()`` is strict
  (``driver/strict_json.py``: no ``NaN``, no member named twice, bounded nesting, UTF-8
  only) and raises ``InvalidJson``, a ``ContractViolation``, with the reply's evidence;
* hands every answer to the ``answer_observers`` (``observer(method, url, reply)``, called
  in the sending thread before the driver reads the answer). An observer may raise, e.g. a
  ``ContractViolation`` for an answer that shows another tenant's data (the bystander of
  ``fixtures/bystander.py``); the exception then reaches the step that sent the request.

This module is the only one in the suite that imports ``requests`` (``tests/test_transport.py``
checks it). The bundled ``HttpAccountServiceDriver``, its hostile-input helper ``RawRequests``
and a vendor's own driver all send through it; what a driver sends and how it reads the
answers stays in the driver. A third-party driver subclasses ``RecordingDriver`` (which gives
it ``self.transport`` and the protocol's evidence methods) or builds a ``Transport`` itself::

    class MyDriver(RecordingDriver):
        answer_secret_fields = ("accessToken",)   # masked before the exchange is recorded

        def whoami(self, session):
            reply = self.transport.send("GET", "/api/me",
                                        headers={"Authorization": f"Bearer {session.token}"})
            ...  # reply.status, reply.json(), reply.evidence for the errors it raises
"""

from __future__ import annotations

import email.utils
import heapq
import http.client
import http.cookiejar
import itertools
import os
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3
from requests.structures import CaseInsensitiveDict

from . import strict_json
from .errors import (
    ContractViolation,
    Evidence,
    GatewayError,
    InvalidJson,
    OriginRefused,
    ServiceOverloaded,
    ServiceTimeout,
    ServiceUnreachable,
    SuiteError,
    TransportError,
)
from .evidence import ExchangeRecorder, Redactor

POOL_SIZE = 32
"""Connections kept per host: enough for the race scenarios' 20 concurrent requests."""
CHUNK_BYTES = 64 * 1024
"""How much of an answer is read at a time (also the most a read may decode past a cap)."""
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
OFFERED_CODINGS = "gzip, deflate"
DECODE_STEP = 256 * 1024
"""The most one decompression call produces."""
"""The ``Accept-Encoding`` sent; the transport decodes these itself, bounded."""


@dataclass(frozen=True)
class RequestPolicy:
    """The rules every request is sent under, read from ``DriverSettings`` once.

    ``Transport._exchange`` is the one place that applies them, for every driver at once:

    * origin pinning: redirects are never followed (any 3xx is a ``ContractViolation``),
      nothing is sent to another origin (``OriginRefused``), no cookie is kept or sent;
    * ``deadline_s``: the wall time a request may take in all, answer included; the read
      timeout of the settings applies between two bytes;
    * ``max_response_bytes``: the most an answer's body may hold, decoded (so it is also
      the cap on decompression), enforced while reading;
    * ``max_json_depth``: how deep an answer's JSON may nest (``Reply.json()``);
    * ``max_rps``: at most that many requests a second leave the transport (all threads);
    * ``retry_limit``/``max_retry_after_s``: a ``429``/``503`` with a ``Retry-After`` of at
      most that many seconds is waited for and sent again, at most that many times.
    """

    deadline_s: float = 30.0
    max_response_bytes: int = 8 * 1024 * 1024
    max_json_depth: int = strict_json.DEFAULT_MAX_DEPTH
    max_rps: float | None = None
    retry_limit: int = 3
    max_retry_after_s: float = 10.0

    @classmethod
    def of(cls, settings: DriverSettings) -> RequestPolicy:
        """The policy the settings describe."""
        return cls(deadline_s=settings.deadline_s,
                   max_response_bytes=settings.max_response_bytes,
                   max_json_depth=settings.max_json_depth, max_rps=settings.max_rps,
                   retry_limit=settings.retry_limit,
                   max_retry_after_s=settings.max_retry_after_s)


@dataclass
class DriverSettings:
    """How to reach the service: URL, timeouts, bounds, TLS, headers, test-support key.

    The bounds (see ``RequestPolicy``): ``deadline_s`` per request in all, ``max_response_bytes``
    per answer (decoded), ``max_json_depth``, ``max_rps`` (None: no limit), ``retry_limit``
    and ``max_retry_after_s`` for ``429``/``503`` answers with a ``Retry-After``.
    """

    base_url: str
    connect_timeout_s: float = 3.0
    read_timeout_s: float = 15.0
    verify_tls: bool = True
    headers: dict[str, str] = field(default_factory=dict)
    test_support_key: str | None = None
    validate_responses: bool = True
    deadline_s: float = 30.0
    max_response_bytes: int = 8 * 1024 * 1024
    max_json_depth: int = 64
    max_rps: float | None = None
    retry_limit: int = 3
    max_retry_after_s: float = 10.0


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


class _Refused(Exception):
    """An answer the transport refuses to hand on (it breaks the contract by itself)."""

    def __init__(self, reason: str, status: int, text: str = "") -> None:
        super().__init__(reason)
        self.reason, self.status, self.text = reason, status, text


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
    retries, and one retry of a request whose *reused* keep-alive connection turns out
    closed before a single answer byte came back. That retry is safe: urllib3 checks an idle
    pooled connection before reusing it, so this only happens when the server closed it just
    as the request went out (or, like a server that drops the connection after a ``500``,
    closed it without reading what came next); a server closes an idle kept-alive connection
    without processing what arrives on it, which is why HTTP/1.1 (RFC 9112 §9.3.1) lets a
    client send such a request again. It is retried once, on a fresh connection, and only
    then; a fresh connection that fails the same way is reported.
    """

    def __init__(self, settings: DriverSettings, *, accept: str = "application/json",
                 answer_secret_fields: Iterable[str] = ()) -> None:
        self.settings = settings
        self.policy = RequestPolicy.of(settings)
        self.base_url = settings.base_url.rstrip("/")
        self._origin = _origin(self.base_url)
        if self._origin is None:
            raise ValueError(f"the base URL must be http(s)://host[:port], got {self.base_url!r}")
        self.redactor = Redactor()
        self.redactor.register(settings.test_support_key, *settings.headers.values())
        self.recorder = ExchangeRecorder(self.redactor, configured_headers=settings.headers)
        self.answer_secret_fields = tuple(answer_secret_fields)
        self._timeout = (settings.connect_timeout_s, settings.read_timeout_s)
        self._session = _http_session(settings, accept)
        self._verify: bool | str = self._session.verify or False
        self._throttle = _Throttle(self.policy.max_rps)
        self._stats_lock = threading.Lock()
        self._stats: dict[str, float] = {"requests": 0, "retries": 0, "retry_wait_s": 0.0,
                                         "throttle_wait_s": 0.0, "reconnects": 0}
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
        if _SCHEME.match(url_or_path) or url_or_path.startswith("//"):
            url = url_or_path
        else:
            url = self.base_url + url_or_path
        if _origin(url) != self._origin:
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
        secrets = tuple(given if secret_headers is None else secret_headers)
        if shown_body is _NOT_GIVEN:
            shown_body = (json if data is None else "(a stream of bytes)"
                          if not isinstance(data, bytes)
                          else data[:160].decode("utf-8", "replace"))
        shown = shown_url or url
        retries = 0
        while True:
            prepared = self._session.prepare_request(requests.Request(
                method, self.base_url + "/" if exact_url else url, headers=given, json=json,
                data=data))
            if exact_url:
                prepared.url = url
            self._count("throttle_wait_s", self._throttle.wait())
            self._count("requests")
            started = time.perf_counter()
            try:
                received = self._exchange(prepared)
            except _Refused as refused:
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
                if wait is not None and retries < self.policy.retry_limit and (
                        data is None or isinstance(data, bytes)):
                    retries += 1
                    self._count("retries")
                    self._count("retry_wait_s", wait)
                    time.sleep(wait)  # the service asked for it (Retry-After)
                    continue
                after = received.headers.get("Retry-After")
                raise ServiceOverloaded(
                    f"{method} {self.redactor.redact(shown)}: the service answered {status} "
                    f"(Retry-After: {(after or 'none')[:40]}; {retries} retries): overloaded, "
                    "no verdict\n" + evidence.describe())
            if status in (502, 504):
                raise GatewayError(
                    f"{method} {self.redactor.redact(shown)}: a gateway answered {status}: "
                    "the service was not heard, no verdict\n" + evidence.describe())
            if 300 <= status < 400:
                location = self.redactor.redact(received.headers.get("Location", "(none)"))
                raise ContractViolation(
                    f"answered {status} with Location {location[:200]}: the contract has no "
                    "redirects, and the suite never follows one (nothing leaves the "
                    "service's origin)", evidence)
            break
        reply = Reply(status, received.headers, received.content, received.text, evidence,
                      self.policy.max_json_depth)
        for observe in tuple(self.answer_observers):
            observe(method, shown, reply)
        return reply

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
        deadline is kept by a watchdog (``_Watchdog``) that shuts the request's socket down
        when it passes, whatever phase the exchange is in (connecting, waiting for the
        status line, or a body dripping one byte a second): recomputing a socket timeout per
        read cannot reach inside ``http.client``'s header parsing, a watchdog can. A reused
        connection found closed before any answer byte is retried once (see the class).
        """
        deadline = time.monotonic() + self.policy.deadline_s
        for attempt in (1, 2):
            exchange = _Exchange(deadline)
            _WATCHDOG.arm(exchange)
            try:
                return self._attempt(prepared, exchange)
            except (requests.ConnectionError, urllib3.exceptions.ProtocolError) as exc:
                if exchange.expired:
                    raise self._past_deadline() from exc
                if attempt == 1 and not exchange.fresh and not exchange.answered and (
                        _closed_before_answer(exc)) and _replayable(prepared):
                    self._count("reconnects")
                    continue
                raise _suite_error(exc, self.settings) from exc
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                if exchange.expired:
                    raise self._past_deadline() from exc
                raise _suite_error(exc, self.settings) from exc
            finally:
                _WATCHDOG.disarm(exchange)
        raise AssertionError("unreachable")  # pragma: no cover

    def _past_deadline(self) -> ServiceTimeout:
        return ServiceTimeout(f"no complete answer within the {self.policy.deadline_s}s "
                              "deadline")

    def _attempt(self, prepared: requests.PreparedRequest, exchange: _Exchange) -> _Received:
        """One try: send, read the head, then the body under the cap and the deadline."""
        # straight to the adapter: Session.send reads a redirect's whole body (unbounded)
        # even when it does not follow it, and would store cookies
        adapter = self._session.get_adapter(prepared.url or self.base_url)
        response = adapter.send(prepared, stream=True, timeout=self._timeout,
                                verify=self._verify, cert=self._session.cert,
                                proxies=self._session.proxies)
        exchange.answered = True
        try:
            content = self._read_body(response, exchange)
        except BaseException:
            response.raw.close()  # a connection with an unread answer is never reused
            raise
        response.raw.release_conn()
        return _Received(response.status_code, response.headers, content,
                         _text(content, response.headers.get("Content-Type", "")))

    def _read_body(self, response: requests.Response, exchange: _Exchange) -> bytes:
        """The body, decoded, read while under the cap and the deadline."""
        cap = self.policy.max_response_bytes
        status = response.status_code
        codings = [c.strip().lower() for c in
                   response.headers.get("Content-Encoding", "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        declared = response.headers.get("Content-Length", "").strip()
        if not codings and declared.isdigit() and int(declared) > cap:
            raise _Refused(f"the answer declares {int(declared):,} bytes, more than the "
                           f"{cap:,}-byte cap (max_response_bytes)", status)
        decoder = _Decoder(codings, cap, status)
        parts: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > exchange.deadline:
                raise ServiceTimeout(f"no complete answer within the "
                                     f"{self.policy.deadline_s}s deadline ({size:,} bytes "
                                     "so far)")
            chunk = response.raw.read(CHUNK_BYTES, decode_content=False)
            for piece in decoder.feed(chunk) if chunk else decoder.finish():
                size += len(piece)
                if size > cap:
                    raise _Refused(f"the answer is larger than the {cap:,}-byte cap "
                                   "(max_response_bytes" + (", decoded" if codings else "")
                                   + ")", status, _head_text(parts))
                parts.append(piece)
            if not chunk:
                break
        return b"".join(parts)

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


# -- what a failure means ----------------------------------------------------------------
def _chain(exc: BaseException) -> list[BaseException]:
    """The exception, its causes and the errors it wraps (requests/urllib3 nest them)."""
    seen: list[BaseException] = []
    todo: list[object] = [exc]
    while todo:
        item = todo.pop()
        if not isinstance(item, BaseException) or any(item is s for s in seen) or (
                len(seen) > 20):
            continue
        seen.append(item)
        todo += [item.__cause__, item.__context__, getattr(item, "reason", None)]
        todo += [arg for arg in getattr(item, "args", ()) if isinstance(arg, BaseException)]
    return seen


def _closed_before_answer(exc: BaseException) -> bool:
    """The connection was closed or reset before the status line (no answer byte)."""
    return any(isinstance(e, http.client.RemoteDisconnected | ConnectionResetError
                          | BrokenPipeError) for e in _chain(exc))


def _replayable(prepared: requests.PreparedRequest) -> bool:
    """A request whose body can be sent again (not a one-shot stream of chunks)."""
    return prepared.body is None or isinstance(prepared.body, bytes | str)


def _suite_error(exc: BaseException, settings: DriverSettings) -> SuiteError:
    """The ``SuiteError`` a transport failure stands for, its cause in the message."""
    chain = _chain(exc)
    name = exc.__class__.__name__
    if any(isinstance(e, socket.gaierror | urllib3.exceptions.NameResolutionError)
           for e in chain):
        return ServiceUnreachable("cannot connect: the host name does not resolve "
                                  f"({name})")
    if isinstance(exc, requests.exceptions.SSLError) or any(
            isinstance(e, ssl.SSLError) for e in chain):
        return ServiceUnreachable(f"cannot connect: the TLS handshake failed ({name})")
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return ServiceUnreachable(f"cannot connect: connection refused ({name})")
    if isinstance(exc, requests.ConnectTimeout) or any(  # (NewConnectionError subclasses it)
            isinstance(e, urllib3.exceptions.ConnectTimeoutError)
            and not isinstance(e, urllib3.exceptions.NewConnectionError) for e in chain):
        return ServiceTimeout(f"no connection within {settings.connect_timeout_s}s")
    if any(isinstance(e, urllib3.exceptions.NewConnectionError) for e in chain):
        return ServiceUnreachable(f"cannot connect ({name})")
    if isinstance(exc, requests.Timeout | urllib3.exceptions.ReadTimeoutError | TimeoutError):
        return ServiceTimeout(f"no answer within {settings.read_timeout_s}s")
    if any(isinstance(e, ConnectionResetError) for e in chain):
        return TransportError(f"the service reset the connection ({name})")
    if isinstance(exc, requests.exceptions.ChunkedEncodingError
                  | urllib3.exceptions.ProtocolError) or any(
            isinstance(e, urllib3.exceptions.IncompleteRead) for e in chain):
        return TransportError(f"the answer was cut off before its end ({name})")
    if isinstance(exc, requests.ConnectionError):
        return ServiceUnreachable(f"cannot connect ({name})")
    return TransportError(f"the exchange failed ({name})")


# -- the deadline ------------------------------------------------------------------------
class _Exchange:
    """One attempt, as the watchdog and the pooled connections see it."""

    __slots__ = ("answered", "connections", "deadline", "done", "expired", "fresh")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.connections: list[Any] = []
        self.done = self.expired = self.fresh = self.answered = False


_CURRENT = threading.local()


class _Watchdog:
    """One thread that shuts down the socket of every exchange past its deadline."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._heap: list[tuple[float, int, _Exchange]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, exchange: _Exchange) -> None:
        _CURRENT.exchange = exchange
        with self._lock:
            heapq.heappush(self._heap, (exchange.deadline, next(self._order), exchange))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="transport-deadline",
                                                daemon=True)
                self._thread.start()
            self._lock.notify()

    def disarm(self, exchange: _Exchange) -> None:
        _CURRENT.exchange = None
        with self._lock:
            exchange.done = True

    def attach(self, connection: Any, *, connecting: bool = False) -> None:
        """The calling thread's exchange uses ``connection`` (a fresh one: ``connecting``)."""
        exchange = getattr(_CURRENT, "exchange", None)
        if exchange is None:
            return
        with self._lock:
            connection._conformance_owner = exchange
            exchange.connections.append(connection)
            exchange.fresh = exchange.fresh or connecting

    def _run(self) -> None:
        while True:
            with self._lock:
                while self._heap and self._heap[0][2].done:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._lock.wait()
                    continue
                delay = self._heap[0][0] - time.monotonic()
                if delay > 0:
                    self._lock.wait(delay)
                    continue
                _, _, exchange = heapq.heappop(self._heap)
                exchange.expired = True
                for connection in exchange.connections:
                    sock = getattr(connection, "sock", None)
                    if sock is not None and connection._conformance_owner is exchange:
                        try:
                            sock.shutdown(socket.SHUT_RDWR)
                        except OSError:
                            pass


_WATCHDOG = _Watchdog()


class _HTTPConnection(urllib3.connection.HTTPConnection):
    """A pooled connection that tells the watchdog which exchange uses it."""

    def connect(self) -> None:
        _WATCHDOG.attach(self, connecting=True)
        super().connect()

    def request(self, *args: Any, **kwargs: Any) -> None:
        _WATCHDOG.attach(self)
        super().request(*args, **kwargs)


class _HTTPSConnection(urllib3.connection.HTTPSConnection):
    """``_HTTPConnection`` over TLS."""

    def connect(self) -> None:
        _WATCHDOG.attach(self, connecting=True)
        super().connect()

    def request(self, *args: Any, **kwargs: Any) -> None:
        _WATCHDOG.attach(self)
        super().request(*args, **kwargs)


class _Pool(urllib3.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _TLSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _Adapter(requests.adapters.HTTPAdapter):
    """requests' adapter with pools of watched connections."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if isinstance(manager, urllib3.ProxyManager):
            manager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}
        return manager


# -- bounded decoding, rate limit, session -------------------------------------------------
class _Decoder:
    """Decodes ``gzip``/``deflate`` answers itself, never producing more than the cap.

    Output comes in pieces of at most ``DECODE_STEP`` bytes (a decompression call given a
    larger bound builds its whole output twice over in memory), and each stage stops one
    byte past the cap.
    """

    def __init__(self, codings: list[str], cap: int, status: int) -> None:
        unknown = [c for c in codings if c not in ("gzip", "x-gzip", "deflate")]
        if unknown:
            raise _Refused(f"the answer's Content-Encoding {', '.join(unknown)!r} was not "
                           f"offered (Accept-Encoding: {OFFERED_CODINGS})", status)
        self._stages: list[list[Any]] = [[coding, None, 0] for coding in reversed(codings)]
        self._cap, self._status = cap, status

    def feed(self, data: bytes, final: bool = False) -> Iterator[bytes]:
        """The decoded pieces of ``data`` (``final``: and whatever the decoders still hold)."""
        pieces: Iterable[bytes] = [data]
        for stage in self._stages:
            pieces = self._run(stage, pieces, final)
        return iter(pieces)

    def finish(self) -> Iterator[bytes]:
        """What the decoders still hold at the end of the body."""
        return self.feed(b"", final=True) if self._stages else iter(())

    def _run(self, stage: list[Any], pieces: Iterable[bytes], final: bool) -> Iterator[bytes]:
        coding = stage[0]
        try:
            for data in pieces:
                if stage[1] is None:
                    wbits = 31 if coding != "deflate" else (15 if data[:1] and (
                        data[0] & 0x0F) == 8 else -15)  # deflate: zlib-wrapped or raw
                    stage[1] = zlib.decompressobj(wbits)
                while True:
                    engine = stage[1]
                    out = engine.decompress(data, min(DECODE_STEP, self._cap - stage[2] + 1))
                    yield self._count(stage, out)
                    data = engine.unconsumed_tail
                    if not data and coding != "deflate" and engine.eof and engine.unused_data:
                        data = engine.unused_data  # another gzip member
                        stage[1] = zlib.decompressobj(31)
                    if not data:
                        break
            if final and stage[1] is not None:
                yield self._count(stage, stage[1].flush())
        except zlib.error as exc:
            raise _Refused(f"the answer's Content-Encoding {coding} does not decode ({exc})",
                           self._status) from None

    def _count(self, stage: list[Any], out: bytes) -> bytes:
        stage[2] += len(out)
        if stage[2] > self._cap:
            raise _Refused(f"the answer decodes to more than the {self._cap:,}-byte cap "
                           "(max_response_bytes, decoded)", self._status)
        return out


class _Throttle:
    """At most ``rate`` requests a second from all threads: a token bucket holding one
    token (written as its equivalent, the next free sending slot)."""

    def __init__(self, rate: float | None) -> None:
        self._interval = 1.0 / rate if rate else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> float:
        """Wait for this request's slot; the seconds waited."""
        if not self._interval:
            return 0.0
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            self._next = slot + self._interval
        wait = slot - now
        if wait > 0:
            time.sleep(wait)  # the configured rate limit, not a wait for state
        return wait


def _head_text(parts: list[bytes], limit: int = 4096) -> str:
    """The first ``limit`` bytes of a body read in parts, as text (without joining it all)."""
    head = bytearray()
    for part in parts:
        head += part[:limit - len(head)]
        if len(head) >= limit:
            break
    return head.decode("utf-8", "replace")


def _origin(url: str) -> tuple[str, str, int] | None:
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


def _text(content: bytes, content_type: str) -> str:
    """The body as text: its declared charset, else UTF-8 (bad bytes replaced)."""
    charset = "utf-8"
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"')
    try:
        return content.decode(charset, "replace")
    except LookupError:
        return content.decode("utf-8", "replace")


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


def _http_session(settings: DriverSettings, accept: str) -> requests.Session:
    """A session configured from the settings (see the module docstring)."""
    session = requests.Session()
    session.headers.update({"Accept": accept, "Accept-Encoding": OFFERED_CODINGS})
    session.headers.update(settings.headers)
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    session.trust_env = False
    session.proxies = requests.utils.get_environ_proxies(settings.base_url)
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    session.verify = (bundle or True) if settings.verify_tls else False
    for scheme in ("http://", "https://"):
        session.mount(scheme, _Adapter(pool_maxsize=POOL_SIZE))
    return session


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0
