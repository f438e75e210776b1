"""The driver layer: the only code in the suite that speaks HTTP.

``AccountServiceDriver`` (a Protocol) is the seam; ``HttpAccountServiceDriver`` implements
it for this project's contract. ``load_driver`` builds the configured implementation.
"""

from __future__ import annotations

import importlib

from .errors import (
    ContractViolation,
    Evidence,
    ServiceRefusal,
    ServiceTimeout,
    ServiceUnreachable,
    SuiteError,
    TestSupportMissing,
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
from .protocol import ITEM_KINDS, AccountServiceDriver
from .transport import DriverSettings, RecordingDriver

__all__ = [
    "ITEM_KINDS", "Account", "AccountServiceDriver", "ContractViolation", "Domain",
    "DriverSettings", "Evidence", "HttpAccountServiceDriver", "Identity", "Invitation",
    "Item", "Me", "Member", "Organization", "RecordingDriver", "ServiceInfo", "ServiceRefusal",
    "ServiceTimeout", "ServiceUnreachable", "Session", "SsoConfig", "SuiteError",
    "TestSupportMissing", "load_driver",
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
