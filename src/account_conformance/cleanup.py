"""Removing what a killed run left on a service: ``account-conformance cleanup``.

A run removes everything under its run prefix before and after it runs (``environment.py``,
``parallel.py``), through the driver's test-support call ``remove_run_data(prefix)``. A run
that is killed (SIGKILL, a lost CI runner) cannot; its data stays, all of it under its run
prefix (the scenarios' ``<prefix>-<hex>``, the workers' ``<prefix>-w<i>``, the bystander's
``<prefix>-bystander``). ``account-conformance cleanup --base-url URL --run-prefix P`` makes
the same call afterwards. Every report names the command for its run
(``results.json`` ``cleanup_command``, the Markdown/HTML header, the console table).
"""

from __future__ import annotations

import shlex

from .config import SuiteConfig
from .driver import load_driver


def cleanup_command(base_url: str | None, run_prefix: str, driver: str | None = None) -> str:
    """The command that removes a run's leftovers from the service at ``base_url``."""
    parts = ["account-conformance", "cleanup", "--base-url", base_url or "URL",
             "--run-prefix", run_prefix]
    if driver:
        parts += ["--driver", driver]
    return shlex.join(parts)


def remove_leftovers(config: SuiteConfig, run_prefix: str) -> dict[str, int]:
    """Remove everything under ``run_prefix`` at the configured service; what was removed.

    Raises the driver's errors: ``SuiteError`` (unreachable, test-support missing) and
    ``AssertionError`` (the service answered outside the contract).
    """
    driver = load_driver(config.driver_settings(str(config.base_url)), config.driver)
    try:
        return driver.remove_run_data(run_prefix)
    finally:
        close = getattr(driver, "close", None)
        if callable(close):
            close()
