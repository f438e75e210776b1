"""The one send path: every HTTP request the suite makes goes through ``Transport.send``.

``Transport`` is built from ``DriverSettings``. It owns the ``requests.Session`` (extra
headers, TLS verification, proxy and CA-bundle settings read from the environment once —
requests' per-request lookup costs more than a loopback round trip — and one connection pool
large enough for the concurrent race scenarios, shared by every thread), the ``Redactor`` and
the ``ExchangeRecorder``. ``send(method, url_or_path, headers=..., json=... or data=...,
secret_headers=...)`` does what every request needs, once:

* sends it under the ``RequestPolicy`` (the timeouts of the settings, and the rules in
  ``DriverSettings.policy``; ``Transport._exchange`` is the single place that applies them);
* times it and records the exchange, redacted, as ``Evidence`` (also when no answer came);
* maps every transport failure onto a ``SuiteError``: ``requests.Timeout`` ->
  ``ServiceTimeout``, ``requests.ConnectionError`` -> ``ServiceUnreachable``, any other
  ``requests.RequestException`` -> ``TransportError``. It never judges an answer: a 4xx or
  5xx comes back as a ``Reply`` for the driver to read;
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

import json as jsonlib
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from .errors import Evidence, ServiceTimeout, ServiceUnreachable, SuiteError, TransportError
from .evidence import ExchangeRecorder, Redactor

POOL_SIZE = 32
"""Connections kept per host: enough for the race scenarios' 20 concurrent requests."""


@dataclass(frozen=True)
class RequestPolicy:
    """Rules every request is sent under, beyond the timeouts of ``DriverSettings``.

    ``Transport._exchange`` is the one place that applies them. This is where the hardened
    transport adds its rules (refusing redirects, a deadline per request, a cap on the size
    of an answer): a field here and its check there, for every driver at once.
    """

    follow_redirects: bool = True


@dataclass
class DriverSettings:
    """How to reach the service: URL, timeouts, TLS, headers, test-support credentials."""

    base_url: str
    connect_timeout_s: float = 3.0
    read_timeout_s: float = 15.0
    verify_tls: bool = True
    headers: dict[str, str] = field(default_factory=dict)
    test_support_key: str | None = None
    validate_responses: bool = True
    policy: RequestPolicy = field(default_factory=RequestPolicy)


@dataclass(frozen=True)
class Reply:
    """An answer the service gave, with the evidence already recorded for it."""

    status: int
    headers: Mapping[str, str]
    content: bytes
    text: str
    evidence: Evidence
    _response: requests.Response = field(repr=False, compare=False)

    def json(self) -> Any:
        """The body decoded as JSON (``ValueError`` when it is not JSON)."""
        return self._response.json()

    @property
    def content_type(self) -> str:
        """The answer's ``Content-Type`` header ('' when there is none)."""
        return self.headers.get("Content-Type", "")


_NOT_GIVEN: Any = object()

AnswerObserver = Callable[[str, str, Reply], None]
"""Called with the method, the URL as shown in evidence, and the ``Reply`` of every answer."""


class Transport:
    """Sends requests for a driver: times them, records evidence, maps transport failures."""

    def __init__(self, settings: DriverSettings, *, accept: str = "application/json",
                 answer_secret_fields: Iterable[str] = ()) -> None:
        self.settings = settings
        self.policy = settings.policy
        self.base_url = settings.base_url.rstrip("/")
        self.redactor = Redactor()
        self.redactor.register(settings.test_support_key)
        self.recorder = ExchangeRecorder(self.redactor)
        self.answer_secret_fields = tuple(answer_secret_fields)
        self._timeout = (settings.connect_timeout_s, settings.read_timeout_s)
        self._session = _http_session(settings, accept)
        self.answer_observers: list[AnswerObserver] = []

    def close(self) -> None:
        """Release the connection pool."""
        self._session.close()

    def url(self, url_or_path: str) -> str:
        """An absolute URL as is; a path (``/v1/me``) under the base URL."""
        if url_or_path.startswith(("http://", "https://")):
            return url_or_path
        return self.base_url + url_or_path

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
        """
        url = self.url(url_or_path)
        given = dict(headers or {})
        secrets = tuple(given if secret_headers is None else secret_headers)
        if shown_body is _NOT_GIVEN:
            shown_body = (json if data is None else "(a stream of bytes)"
                          if not isinstance(data, bytes)
                          else data[:160].decode("utf-8", "replace"))
        shown = shown_url or url
        prepared = self._session.prepare_request(requests.Request(
            method, self.base_url + "/" if exact_url else url, headers=given, json=json,
            data=data))
        if exact_url:
            prepared.url = url
        started = time.perf_counter()
        try:
            response = self._exchange(prepared)
        except requests.RequestException as exc:
            self.recorder.record(method, shown, None, shown_body, "", _ms(started), secrets)
            raise self._suite_error(method, shown, exc) from exc
        elapsed_ms = _ms(started)
        self._register_answer_secrets(response.content)
        text = response.text
        if response.status_code >= 500:  # a failing server may drop the kept-alive
            self._session.close()        # connection after its answer: start afresh
        evidence = self.recorder.record(method, shown, response.status_code, shown_body, text,
                                        elapsed_ms, secrets)
        reply = Reply(response.status_code, response.headers, response.content, text, evidence,
                      response)
        for observe in tuple(self.answer_observers):
            observe(method, shown, reply)
        return reply

    def _exchange(self, prepared: requests.PreparedRequest) -> requests.Response:
        """Send one prepared request under the timeouts and the ``RequestPolicy``.

        The one call into the network; the place where request policies are applied.
        """
        return self._session.send(prepared, timeout=self._timeout,
                                  allow_redirects=self.policy.follow_redirects)

    def _suite_error(self, method: str, url: str, exc: requests.RequestException) -> SuiteError:
        """The ``SuiteError`` a transport failure stands for."""
        url = self.redactor.redact(url)
        if isinstance(exc, requests.ConnectTimeout):
            return ServiceTimeout(f"{method} {url}: no connection within "
                                  f"{self.settings.connect_timeout_s}s")
        if isinstance(exc, requests.Timeout):
            return ServiceTimeout(f"{method} {url}: no answer within "
                                  f"{self.settings.read_timeout_s}s")
        if isinstance(exc, requests.ConnectionError):
            return ServiceUnreachable(f"{method} {url}: cannot connect "
                                      f"({exc.__class__.__name__})")
        return TransportError(f"{method} {url}: the exchange failed ({exc.__class__.__name__}: "
                              f"{self.redactor.redact(str(exc))[:200]})")

    def _register_answer_secrets(self, content: bytes) -> None:
        """Register the values of ``answer_secret_fields`` before the answer is recorded."""
        if not self.answer_secret_fields or not content:
            return
        try:
            data = jsonlib.loads(content)
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


def _http_session(settings: DriverSettings, accept: str) -> requests.Session:
    """A session configured from the settings (see the module docstring)."""
    session = requests.Session()
    session.headers.update({"Accept": accept})
    session.headers.update(settings.headers)
    session.trust_env = False
    session.proxies = requests.utils.get_environ_proxies(settings.base_url)
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    session.verify = (bundle or True) if settings.verify_tls else False
    for scheme in ("http://", "https://"):
        session.mount(scheme, requests.adapters.HTTPAdapter(pool_maxsize=POOL_SIZE))
    return session


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0
