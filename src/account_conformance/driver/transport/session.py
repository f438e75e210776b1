"""The ``requests.Session`` a ``Transport`` sends through, configured from the settings once.

Extra headers, TLS verification, and the proxy and CA-bundle settings read from the
environment once (requests' per-request lookup costs more than a loopback round trip);
``trust_env`` off, no cookie accepted from any domain; and one connection pool per scheme
(``Adapter``, watched by the deadline's watchdog) large enough for the concurrent race
scenarios, shared by every thread.
"""

from __future__ import annotations

import http.cookiejar
import os

import requests

from .deadline import Adapter
from .decoding import OFFERED_CODINGS
from .settings import DriverSettings

POOL_SIZE = 32
"""Connections kept per host: enough for the race scenarios' 20 concurrent requests."""


def http_session(settings: DriverSettings, accept: str) -> requests.Session:
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
        session.mount(scheme, Adapter(pool_maxsize=POOL_SIZE))
    return session
