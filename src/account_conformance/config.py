"""Suite configuration: one place that says which service to test and how.

Sources, strongest first: behave userdata (``-D base_url=...``, which the CLI also uses),
environment variables (``ACCOUNT_SERVICE_URL``, ``ACCOUNT_SERVICE_TOKEN``, ...), a TOML
file (``-D config=vendor.toml`` / ``--config`` / ``ACCOUNT_CONFORMANCE_CONFIG``) whose keys
are the setting names below, then defaults. With no base URL the suite starts the embedded
reference service.
"""

from __future__ import annotations

import os
import re
import secrets
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .driver import DriverSettings
from .selection import parse_shard

ENVIRONMENT = {
    "base_url": "ACCOUNT_SERVICE_URL",
    "test_support_key": "ACCOUNT_SERVICE_TOKEN",
    "seed": "ACCOUNT_CONFORMANCE_SEED",
    "run_prefix": "ACCOUNT_CONFORMANCE_PREFIX",
    "report_dir": "ACCOUNT_CONFORMANCE_REPORT_DIR",
    "connect_timeout_s": "ACCOUNT_SERVICE_CONNECT_TIMEOUT",
    "read_timeout_s": "ACCOUNT_SERVICE_READ_TIMEOUT",
    "verify_tls": "ACCOUNT_SERVICE_VERIFY_TLS",
    "headers": "ACCOUNT_SERVICE_HEADERS",
    "driver": "ACCOUNT_CONFORMANCE_DRIVER",
    "faults": "ACCOUNT_REFERENCE_FAULTS",
    "profile": "ACCOUNT_CONFORMANCE_PROFILE",
    "expectations": "ACCOUNT_CONFORMANCE_EXPECTATIONS",
    "bystander": "ACCOUNT_CONFORMANCE_BYSTANDER",
}
PROFILES = ("interpreted", "stated")
PREFIX_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{7,30}$")


class ConfigurationError(ValueError):
    """A setting has a value the suite cannot use."""


@dataclass
class SuiteConfig:
    """Everything a run needs to know; built by ``SuiteConfig.load``."""

    base_url: str | None = None
    test_support_key: str | None = None
    seed: int = 0
    run_prefix: str = ""
    report_dir: Path | None = None
    connect_timeout_s: float = 3.0
    read_timeout_s: float = 15.0
    verify_tls: bool = True
    headers: dict[str, str] = field(default_factory=dict)
    driver: str | None = None
    faults: tuple[str, ...] = ()
    profile: str = "interpreted"
    expectations: Path | None = None
    config_file: Path | None = None
    shard: tuple[int, int] | None = None
    bystander: bool = True
    """Whether the run creates the bystander (``fixtures/bystander.py``); off for debugging."""

    @property
    def embedded(self) -> bool:
        """Whether the run targets the embedded reference service."""
        return not self.base_url

    def driver_settings(self, base_url: str) -> DriverSettings:
        """The driver's share of the configuration."""
        return DriverSettings(
            base_url=base_url, connect_timeout_s=self.connect_timeout_s,
            read_timeout_s=self.read_timeout_s, verify_tls=self.verify_tls,
            headers=dict(self.headers), test_support_key=self.test_support_key)

    @classmethod
    def load(cls, userdata: Mapping[str, str] | None = None,
             environ: Mapping[str, str] | None = None) -> SuiteConfig:
        """Merge userdata over environment variables over defaults, and validate."""
        userdata = userdata or {}
        environ = os.environ if environ is None else environ
        config_path = userdata.get("config") or environ.get("ACCOUNT_CONFORMANCE_CONFIG")
        from_file = _read_toml(Path(config_path)) if config_path else {}

        def pick(name: str) -> str | None:
            value = userdata.get(name)
            if value in (None, ""):
                value = environ.get(ENVIRONMENT[name])
            if value in (None, ""):
                value = from_file.get(name)
            return value if value not in (None, "") else None

        config = cls()
        config.config_file = Path(config_path) if config_path else None
        config.base_url = pick("base_url")
        if config.base_url and not config.base_url.startswith(("http://", "https://")):
            raise ConfigurationError(f"base_url must start with http:// or https://: "
                                     f"{config.base_url!r}")
        config.test_support_key = pick("test_support_key")
        config.seed = _int("seed", pick("seed")) if pick("seed") else secrets.randbelow(10**9)
        config.run_prefix = (pick("run_prefix") or f"acr-{secrets.token_hex(4)}").lower()
        if not PREFIX_PATTERN.match(config.run_prefix):
            raise ConfigurationError(
                f"run_prefix must match {PREFIX_PATTERN.pattern}: {config.run_prefix!r}")
        report_dir = pick("report_dir")
        config.report_dir = Path(report_dir) if report_dir else None
        for name in ("connect_timeout_s", "read_timeout_s"):
            value = pick(name)
            if value:
                setattr(config, name, _positive_float(name, value))
        verify = pick("verify_tls")
        if verify is not None:
            config.verify_tls = verify.strip().lower() not in ("0", "false", "no", "off")
        config.headers = _headers(pick("headers"))
        config.driver = pick("driver")
        config.profile = (pick("profile") or "interpreted").lower()
        if config.profile not in PROFILES:
            raise ConfigurationError(f"profile must be one of {PROFILES}: {config.profile!r}")
        expectations = pick("expectations")
        config.expectations = Path(expectations) if expectations else None
        faults = pick("faults")
        config.faults = tuple(f for f in re.split(r"[,\s]+", faults or "") if f)
        config.shard = _shard(userdata.get("shard"))
        bystander = pick("bystander")
        if bystander is not None:
            config.bystander = bystander.strip().lower() not in ("0", "false", "no", "off")
        return config


def _read_toml(path: Path) -> dict[str, str]:
    """A TOML config file flattened to setting strings (headers may be a table)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(f"cannot read config file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"config file {path} is not valid TOML: {exc}") from None
    unknown = set(data) - set(ENVIRONMENT)
    if unknown:
        raise ConfigurationError(f"config file {path}: unknown settings {sorted(unknown)}; "
                                 f"known: {sorted(ENVIRONMENT)}")
    flat: dict[str, str] = {}
    for key, value in data.items():
        if key == "headers" and isinstance(value, dict):
            flat[key] = "; ".join(f"{name}: {text}" for name, text in value.items())
        elif key == "faults" and isinstance(value, list):
            flat[key] = ",".join(map(str, value))
        elif isinstance(value, bool):
            flat[key] = "true" if value else "false"
        else:
            flat[key] = str(value)
    return flat


def _shard(value: str | None) -> tuple[int, int] | None:
    """The run's shard from ``-D shard=I/N`` (set by the CLI for its workers), or None."""
    if not value:
        return None
    try:
        return parse_shard(value)
    except ValueError as exc:
        raise ConfigurationError(f"shard: {exc}") from None


def _int(name: str, value: str | None) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise ConfigurationError(f"{name} must be an integer: {value!r}") from None


def _positive_float(name: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a number: {value!r}") from None
    if number <= 0:
        raise ConfigurationError(f"{name} must be positive: {value!r}")
    return number


def _headers(value: str | None) -> dict[str, str]:
    """Parse ``Name: value; Other: value`` into a dict."""
    headers: dict[str, str] = {}
    for part in (value or "").split(";"):
        if not part.strip():
            continue
        name, sep, text = part.partition(":")
        if not sep or not name.strip():
            raise ConfigurationError(f"headers must look like 'Name: value; ...': {part!r}")
        headers[name.strip()] = text.strip()
    return headers
