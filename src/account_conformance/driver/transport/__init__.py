"""The one send path: every HTTP request the suite makes goes through ``Transport.send``.

``Transport`` is built from ``DriverSettings``. It owns the ``requests.Session`` (extra
headers, TLS verification, proxy and CA-bundle settings read from the environment once, and
one connection pool large enough for the concurrent race scenarios, shared by every thread),
the ``Redactor`` and the ``ExchangeRecorder``. ``send`` does what every request needs, once:

* **bounds**: it sends under the ``RequestPolicy`` of the settings (``Transport._exchange``
  is the single place that applies it): redirects are never followed and nothing goes to
  another origin, no cookie is kept, each request has a total ``deadline_s``, each answer a
  size cap (decoded bytes, so also the decompression cap) enforced while reading, requests
  leave at most ``max_rps`` a second, and a ``429``/``503`` with a short ``Retry-After`` is
  sent again (until ``retry_limit`` requests in a row ended overloaded: then no more waits
  until one is answered otherwise); only an idempotent request is sent again when its reused
  connection was found closed;
* **evidence**: it times the request and records the exchange, redacted, as ``Evidence``
  (also when no answer came);
* **attribution**: it maps every transport failure onto a ``SuiteError`` with its cause
  (refused, name not resolved, TLS, timeout or deadline, reset, cut off, an answer not in
  HTTP; ``429``/``503`` -> ``ServiceOverloaded``, ``502``/``504`` -> ``GatewayError``; the
  table is in ``driver/errors.py``), and every answer that breaks the contract by itself (a
  redirect, a body over the cap or that does not decode) onto a ``ContractViolation``. Any
  other status comes back as a ``Reply``; ``Reply.json()`` is strict
  (``driver/strict_json.py``) and raises ``InvalidJson``, a ``ContractViolation``, with the
  reply's evidence;
* it hands every answer to the ``answer_observers`` (``AnswerObserver``), which may raise.

The modules, one concern each (import the names from this package, not from them):

* ``settings``: ``DriverSettings`` and the ``RequestPolicy`` read from them;
* ``sender``: ``Transport`` (send, exchange, retries), ``Reply``, ``RecordingDriver``;
* ``session``: the configured ``requests.Session`` and its ``POOL_SIZE``;
* ``deadline``: the watchdog and the watched connections, pools and adapter;
* ``decoding``: the body read and decoded under the size cap;
* ``failures``: which ``SuiteError`` a transport failure stands for;
* ``throttle``: the ``max_rps`` rate limit;
* ``origin``: origin pinning's URL helpers.

The modules of this package are the only ones in the suite that import ``requests`` or
``urllib3`` (``tests/test_transport.py`` and ``tests/test_layering.py`` check it). The
bundled ``HttpAccountServiceDriver``, its hostile-input helper ``RawRequests`` and a vendor's
own driver all send through it; what a driver sends and how it reads the answers stays in
the driver. A third-party driver subclasses ``RecordingDriver`` (which gives it
``self.transport`` and the protocol's evidence methods) or builds a ``Transport`` itself::

    class MyDriver(RecordingDriver):
        answer_secret_fields = ("accessToken",)   # masked before the exchange is recorded

        def whoami(self, session):
            reply = self.transport.send("GET", "/api/me",
                                        headers={"Authorization": f"Bearer {session.token}"})
            ...  # reply.status, reply.json(), reply.evidence for the errors it raises
"""

from __future__ import annotations

from .decoding import CHUNK_BYTES, DECODE_STEP, OFFERED_CODINGS
from .sender import AnswerObserver, RecordingDriver, Reply, Transport
from .session import POOL_SIZE
from .settings import DriverSettings, RequestPolicy

__all__ = [
    "CHUNK_BYTES", "DECODE_STEP", "OFFERED_CODINGS", "POOL_SIZE", "AnswerObserver",
    "DriverSettings", "RecordingDriver", "Reply", "RequestPolicy", "Transport",
]
