"""The driver layer: the only code in the suite that speaks HTTP.

``AccountServiceDriver`` (a Protocol) is the seam; ``HttpAccountServiceDriver`` implements
it for this project's contract. ``load_driver`` builds the configured implementation.

Every request goes through one send path, ``Transport`` (``driver/transport/``): built
from ``DriverSettings``, it owns the connection pool, the redactor and the evidence recorder;
``Transport.send`` times each request, records it (redacted) as ``Evidence`` and turns every
transport failure into a ``SuiteError`` (``ServiceTimeout``, ``ServiceUnreachable``,
``TransportError``, ``ServiceOverloaded``, ``GatewayError``, ``OriginRefused``); the
``RequestPolicy`` read from the settings holds the rules it sends under (origin pinning, a
deadline, a size cap, strict JSON, a rate limit, ``Retry-After`` retries); the table of which
condition ends in which class is in ``driver/errors.py``.
A third-party driver reuses it by subclassing ``RecordingDriver`` (``self.transport`` plus the
protocol's evidence methods) and keeps its own URLs and parsing; see
``examples/vendor_api/driver.py``.

Module graph (no cycles): ``errors`` <- ``evidence`` <- ``transport`` <- ``raw`` <- ``http``;
``strict_json`` (no imports of the package) <- ``transport``, ``raw``;
``raw`` and ``http`` also read ``account_conformance.contract``, which parses the contract
lazily, on first use.
"""

from __future__ import annotations

import importlib

from .errors import (
    ContractViolation,
    Evidence,
    GatewayError,
    InvalidJson,
    OriginRefused,
    ServiceOverloaded,
    ServiceRefusal,
    ServiceTimeout,
    ServiceUnreachable,
    SuiteError,
    TestSupportMissing,
    TransportError,
)
from .http import HttpAccountServiceDriver
from .models import (
    Account,
    Domain,
    Identity,
    Invitation,
    Item,
    Me,
    Member,
    Organization,
    ServiceInfo,
    Session,
    SsoConfig,
)
from .protocol import ITEM_KINDS, AccountServiceDriver, BrowserSignIn
from .transport import DriverSettings, RecordingDriver, Reply, RequestPolicy, Transport

__all__ = [
    "ITEM_KINDS", "Account", "AccountServiceDriver", "BrowserSignIn", "ContractViolation",
    "Domain",
    "DriverSettings", "Evidence", "GatewayError", "HttpAccountServiceDriver", "Identity",
    "InvalidJson", "Invitation", "Item", "Me", "Member", "Organization", "OriginRefused",
    "RecordingDriver", "Reply", "RequestPolicy", "ServiceInfo", "ServiceOverloaded",
    "ServiceRefusal", "ServiceTimeout", "ServiceUnreachable", "Session",
    "SsoConfig", "SuiteError", "TestSupportMissing", "Transport", "TransportError",
    "load_driver",
]


def load_driver(settings: DriverSettings, spec: str | None = None) -> AccountServiceDriver:
    """Build the driver named by ``spec`` (``package.module:Class``), or the HTTP one."""
    if not spec:
        return HttpAccountServiceDriver(settings)
    module_name, _, class_name = spec.partition(":")
    if not class_name:
        raise ValueError(f"driver must be given as package.module:Class, got {spec!r}")
    cls = getattr(importlib.import_module(module_name), class_name)
    driver = cls(settings)
    if not isinstance(driver, AccountServiceDriver):
        raise TypeError(f"{spec} does not implement AccountServiceDriver")
    return driver
