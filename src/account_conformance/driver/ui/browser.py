"""Finding and starting the browser: the operating system's Chromium, driven by Playwright.

The suite never downloads a browser (``PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1``, and
``playwright install`` is never run): it launches an installed Chromium or Chrome by its
path, headless. Without one, or without the ``playwright`` package, the UI scenarios end in
``BrowserUnavailable`` (a ``SuiteError``: no verdict), whose message says what to install.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SuiteError

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome")
INSTALL_BROWSER = "apt-get install chromium"
INSTALL_PLAYWRIGHT = "pip install 'account-conformance[browser]'"
LAUNCH_TIMEOUT_S = 30.0
_THREAD = threading.local()  # .playwright and .browsers: this thread's Playwright, browsers
LAUNCH_ARGS = ("--disable-dev-shm-usage", "--disable-background-networking",
               "--no-first-run", "--no-default-browser-check")


class BrowserUnavailable(SuiteError):
    """No browser to run the UI scenarios with: none found, or it would not start."""

    kind = "browser_unavailable"

    def __init__(self, reason: str, *, playwright_missing: bool = False) -> None:
        remedies = [f"install Chromium ({INSTALL_BROWSER}) or configure the path of a "
                    "Chromium or Chrome executable"]
        if playwright_missing:
            remedies.insert(0, f"install the browser driver ({INSTALL_PLAYWRIGHT})")
        super().__init__(f"{reason}; to run the UI scenarios, " + " and ".join(remedies))


class BrowserError(SuiteError):
    """The browser failed while driving the page (crashed, closed, refused a command)."""

    kind = "browser_error"


def playwright_available() -> bool:
    """True when the ``playwright`` package is installed."""
    return importlib.util.find_spec("playwright") is not None


def find_browser(configured: str | None) -> Path | None:
    """The browser executable: ``configured`` (a path or a command name) if given, else the
    first of ``chromium``, ``chromium-browser``, ``google-chrome`` on ``PATH``; else ``None``."""
    if configured:
        path = Path(configured).expanduser()
        if path.is_file() and os.access(path, os.X_OK):
            return path
        found = shutil.which(configured) if os.sep not in configured else None
        return Path(found) if found else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def launch(executable: Path, *, launch_timeout_s: float = LAUNCH_TIMEOUT_S) -> Browser:
    """A headless Chromium at ``executable``; ``BrowserUnavailable`` if it cannot start.

    Playwright's sync API runs one instance per thread (a second one refuses to start), so
    the browsers launched in one thread share it; ``release`` each browser when done, and the
    last one released stops Playwright.
    """
    os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"
    if not (executable.is_file() and os.access(executable, os.X_OK)):
        raise BrowserUnavailable(f"no browser executable at {executable}")
    try:
        from playwright.sync_api import Error
    except ImportError:
        raise BrowserUnavailable("the playwright package is not installed",
                                 playwright_missing=True) from None
    playwright = _thread_playwright()
    try:
        browser = playwright.chromium.launch(executable_path=str(executable), headless=True,
                                             args=list(LAUNCH_ARGS),
                                             timeout=launch_timeout_s * 1000)
    except Error as error:
        _stop_if_unused()
        raise BrowserUnavailable(f"the browser at {executable} would not start: "
                                 f"{_first_line(error)}") from None
    _THREAD.browsers.add(browser)
    return browser


def release(browser: Browser) -> None:
    """Close ``browser`` (if still open); stop this thread's Playwright when none is left."""
    from playwright.sync_api import Error

    try:
        browser.close()
    except Error:
        pass  # crashed or closed already
    getattr(_THREAD, "browsers", set()).discard(browser)
    _stop_if_unused()


def _thread_playwright() -> Playwright:
    """This thread's Playwright, started on first use."""
    from playwright.sync_api import Error, sync_playwright

    if getattr(_THREAD, "playwright", None) is None:
        try:
            _THREAD.playwright = sync_playwright().start()
        except Error as error:
            raise BrowserUnavailable(f"playwright would not start: {_first_line(error)}") \
                from None
        _THREAD.browsers = set()
    playwright: Playwright = _THREAD.playwright
    return playwright


def _stop_if_unused() -> None:
    """Stop this thread's Playwright if no browser of it is open."""
    from playwright.sync_api import Error

    playwright = getattr(_THREAD, "playwright", None)
    if playwright is not None and not _THREAD.browsers:
        _THREAD.playwright = None
        try:
            playwright.stop()
        except Error:
            pass  # its driver process is gone already


def _first_line(error: BaseException) -> str:
    """The first line of an exception's message."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
