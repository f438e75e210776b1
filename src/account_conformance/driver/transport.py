"""The HTTP plumbing every driver shares: settings, a configured session, evidence.

``RecordingDriver`` is a base for drivers (the bundled one and a vendor's own): it builds a
``requests.Session`` from ``DriverSettings`` — extra headers, TLS verification, proxy and
CA-bundle settings read from the environment once (requests' per-request lookup costs more
than a loopback round trip), one connection pool large enough for the concurrent race
scenarios and shared by every thread — and keeps the redactor and the exchange recorder
behind the protocol's evidence methods. What a driver sends and how it reads the answers
stays in the driver itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import requests

from .errors import Evidence
from .evidence import ExchangeRecorder, Redactor

POOL_SIZE = 32


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


def http_session(settings: DriverSettings, accept: str) -> requests.Session:
    """A session configured from the settings (see module docstring)."""
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


class RecordingDriver:
    """Base of a driver: its session, redactor and recorder, and the evidence methods."""

    accept = "application/json"

    def __init__(self, settings: DriverSettings) -> None:
        self.settings = settings
        self.base_url = settings.base_url.rstrip("/")
        self._http = http_session(settings, self.accept)
        self.redactor = Redactor()
        self.redactor.register(settings.test_support_key)
        self.recorder = ExchangeRecorder(self.redactor)

    def close(self) -> None:
        """Release the connection pool."""
        self._http.close()

    def request_count(self) -> int:
        """How many requests this driver has sent so far."""
        return self.recorder.total_requests

    def take_evidence(self) -> list[Evidence]:
        """The redacted exchanges since the last call."""
        return self.recorder.take()

    def redact(self, text: str) -> str:
        """Mask every secret this driver knows of in ``text``."""
        return self.redactor.redact(text)
