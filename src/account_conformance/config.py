"""Suite configuration: one place that says which service to test and how.

Sources, strongest first: behave userdata (``-D base_url=...``, which the CLI also uses),
environment variables (``ACCOUNT_SERVICE_URL``, ``ACCOUNT_SERVICE_TOKEN``, ...), a TOML
file (``-D config=vendor.toml`` / ``--config`` / ``ACCOUNT_CONFORMANCE_CONFIG``) whose keys
are the setting names below, then defaults. With no base URL the suite starts the embedded
reference service.
"""

from __future__ import annotations

import difflib
import os
import re
import secrets
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
    "require_target": "ACCOUNT_CONFORMANCE_REQUIRE_TARGET",
    "deadline_s": "ACCOUNT_SERVICE_DEADLINE",
    "max_response_bytes": "ACCOUNT_SERVICE_MAX_RESPONSE_BYTES",
    "max_json_depth": "ACCOUNT_SERVICE_MAX_JSON_DEPTH",
    "max_rps": "ACCOUNT_SERVICE_MAX_RPS",
    "retry_limit": "ACCOUNT_SERVICE_RETRY_LIMIT",
    "max_retry_after_s": "ACCOUNT_SERVICE_MAX_RETRY_AFTER",
    "browser": "ACCOUNT_CONFORMANCE_BROWSER",
    "browser_path": "ACCOUNT_CONFORMANCE_BROWSER_PATH",
    "ui_locators": "ACCOUNT_CONFORMANCE_UI_LOCATORS",
    "ui_driver": "ACCOUNT_CONFORMANCE_UI_DRIVER",
    "ui_timeout_s": "ACCOUNT_CONFORMANCE_UI_TIMEOUT",
}
BROWSERS = ("chromium",)
"""Browsers the ``browser`` setting names (``-D browser=chromium``, ``run --browser``)."""
RUNNER_KEYS = frozenset({"config", "shard", "quiet", "preflight", "live_progress", "shuffle"})
"""``-D`` keys the runner itself passes (the CLI to behave, the parent to its workers)."""
OTHER_ENVIRONMENT = frozenset({"ACCOUNT_CONFORMANCE_CONFIG", "ACCOUNT_CONFORMANCE_SUITE_DIR"})
CHECKED_PREFIXES = ("ACCOUNT_CONFORMANCE_", "ACCOUNT_SERVICE_")
SERVICE_LINK_VARIABLES = re.compile(
    r"^ACCOUNT_SERVICE_(?:SERVICE_HOST|SERVICE_PORT(?:_\w+)?|NAME|ENV_\w+"
    r"|PORT(?:_\d+_(?:TCP|UDP|SCTP)(?:_(?:PROTO|PORT|ADDR))?)?)$")
"""Variables that Kubernetes (a Service named ``account-service``) and Docker links put into
every container: not settings of the suite, so never refused as unknown ones."""
DRIVER_LIMITS: dict[str, tuple[type, float]] = {
    # name: (type, smallest allowed value) -- passed to DriverSettings when set
    "deadline_s": (float, 0.001), "max_response_bytes": (int, 1), "max_json_depth": (int, 1),
    "max_rps": (float, 0.001), "retry_limit": (int, 0), "max_retry_after_s": (float, 0.0),
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
    require_target: bool = False
    """Refuse to fall back to the embedded reference when no base URL is configured (CI)."""
    driver_limits: dict[str, Any] = field(default_factory=dict)
    """``deadline_s``, ``max_response_bytes``, ... when set; else the driver's defaults."""
    browser: str | None = None
    """The browser of the screen scenarios (``@browser``); None: they are not selected."""
    browser_path: str | None = None
    """The browser's executable; None: ``chromium`` (or ``chromium-browser``) on PATH."""
    ui_locators: Path | None = None
    """The locator file of the service's page; None: the reference's (``examples/ui``)."""
    ui_driver: str | None = None
    """``package.module:Class`` implementing ``UiDriver``; None: the Playwright driver."""
    ui_timeout_s: float = 5.0
    """How long the UI driver waits for an element or the page to settle."""

    @property
    def embedded(self) -> bool:
        """Whether the run targets the embedded reference service."""
        return not self.base_url

    def driver_settings(self, base_url: str) -> DriverSettings:
        """The driver's share of the configuration."""
        return DriverSettings(
            base_url=base_url, connect_timeout_s=self.connect_timeout_s,
            read_timeout_s=self.read_timeout_s, verify_tls=self.verify_tls,
            headers=dict(self.headers), test_support_key=self.test_support_key,
            **self.driver_limits)

    @classmethod
    def load(cls, userdata: Mapping[str, str] | None = None,
             environ: Mapping[str, str] | None = None) -> SuiteConfig:
        """Merge userdata over environment variables over defaults, and validate."""
        userdata = userdata or {}
        environ = os.environ if environ is None else environ
        _refuse_unknown("-D setting", userdata, set(ENVIRONMENT) | RUNNER_KEYS | {"report_dir"})
        _refuse_unknown("environment variable",
                        [k for k in environ if k.startswith(CHECKED_PREFIXES)
                         and not SERVICE_LINK_VARIABLES.match(k)],
                        set(ENVIRONMENT.values()) | OTHER_ENVIRONMENT)
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
        if config.base_url:
            _check_base_url(config.base_url)
        config.test_support_key = pick("test_support_key")
        if config.test_support_key is not None and _unsendable(config.test_support_key):
            raise ConfigurationError("test_support_key contains a control character (CR, LF, …) "
                                     "or white space at its ends (not shown)")
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
        config.require_target = _bool("require_target", pick("require_target"))
        if config.require_target and not config.base_url:
            raise ConfigurationError("require_target is on but no base_url is configured "
                                     "(the embedded reference is not used then)")
        _load_browser(config, pick)
        for name, (kind, least) in DRIVER_LIMITS.items():
            value = pick(name)
            if value is not None:
                config.driver_limits[name] = _limit(name, value, kind, least)
        return config


def _load_browser(config: SuiteConfig, pick: Any) -> None:
    """The screen scenarios' settings: which browser, where, which page map and driver."""
    browser = pick("browser")
    if browser is not None and browser.strip().lower() not in ("", "none", "off", "false"):
        config.browser = browser.strip().lower()
        if config.browser in ("1", "true", "on", "yes"):
            config.browser = BROWSERS[0]
        if config.browser not in BROWSERS:
            raise ConfigurationError(f"browser must be one of {BROWSERS} (or off): {browser!r}")
    config.browser_path = pick("browser_path")
    locators = pick("ui_locators")
    config.ui_locators = Path(locators) if locators else None
    config.ui_driver = pick("ui_driver")
    timeout = pick("ui_timeout_s")
    if timeout:
        config.ui_timeout_s = _positive_float("ui_timeout_s", timeout)


def _nearest(key: str, known: set[str]) -> str:
    near = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.5)
    return f" (nearest valid: {near[0]!r})" if near else ""


def _refuse_unknown(what: str, keys: Any, known: set[str]) -> None:
    """A one-line ``ConfigurationError`` for the first key outside ``known``."""
    for key in sorted(keys):
        if key not in known:
            raise ConfigurationError(f"unknown {what} {key!r}{_nearest(key, known)}")


def _check_base_url(url: str) -> None:
    """http(s), a host, and no user-info (never echoed: it may hold a password)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise ConfigurationError("base_url is not a valid URL") from None
    if "@" in parts.netloc:
        raise ConfigurationError("base_url must not carry user-info (user:password@host); "
                                 "give credentials as headers or test_support_key")
    if any(c in url for c in "\r\n\t ") or any(ord(c) < 32 for c in url):
        raise ConfigurationError("base_url contains white space or control characters")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(f"base_url must start with http:// or https://: {url!r}")


def _bool(name: str, value: str | None) -> bool:
    if value is None:
        return False
    text = value.strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(f"{name} must be true or false: {value!r}")


def _limit(name: str, value: str, kind: type, least: float) -> Any:
    """A driver limit: an int or float at least ``least``; ``max_rps`` may be 'none'."""
    if name == "max_rps" and value.strip().lower() in ("none", "off", "0"):
        return None
    try:
        number = kind(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be {'an integer' if kind is int else 'a number'}"
                                 f": {value!r}") from None
    if number < least:
        raise ConfigurationError(f"{name} must be at least {least}: {value!r}")
    return number


def _read_toml(path: Path) -> dict[str, str]:
    """A TOML config file flattened to setting strings (headers may be a table)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(f"cannot read config file {path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigurationError(f"config file {path} is not UTF-8 text ({exc.reason} at "
                                 f"byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"config file {path} is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - set(ENVIRONMENT))
    if unknown:
        raise ConfigurationError(f"config file {path}: unknown settings: {unknown[0]!r}"
                                 f"{_nearest(unknown[0], set(ENVIRONMENT))}")
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


def _unsendable(text: str) -> bool:
    """Whether ``text`` cannot go into a header as is: a control character (CR and LF split
    the request), or white space at its ends (a secret read from a file with its newline)."""
    return text != text.strip() or any(ord(c) < 32 or ord(c) == 127 for c in text)


def _headers(value: str | None) -> dict[str, str]:
    """Parse ``Name: value; Other: value`` into a dict."""
    headers: dict[str, str] = {}
    for part in (value or "").split(";"):
        if not part.strip():
            continue
        name, sep, text = part.partition(":")
        if _unsendable(name.strip()):
            raise ConfigurationError("headers: a header name contains a control character "
                                     "(CR, LF, …) (not shown)")
        if not sep or not name.strip():
            raise ConfigurationError("headers must look like 'Name: value; ...' (the part "
                                     "that does not is not shown: it may hold a secret)")
        if _unsendable(text.strip()):
            raise ConfigurationError(f"headers: the value of {name.strip()!r} contains a "
                                     "control character (CR, LF, …) (not shown)")
        headers[name.strip()] = text.strip()
    return headers
