"""What a request is sent under: ``DriverSettings`` and the ``RequestPolicy`` read from them.

``DriverSettings`` says how to reach the service (base URL, timeouts, TLS, extra headers,
test-support key) and sets the bounds; ``RequestPolicy`` is those bounds, read once, as
``Transport._exchange`` (``sender.py``) applies them to every request of every driver.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import strict_json


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
      most that many seconds is waited for and sent again, at most that many times; once
      ``retry_limit`` requests in a row ended in ``ServiceOverloaded``, the next ones are
      not waited for (sent once) until a request is answered otherwise.
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
