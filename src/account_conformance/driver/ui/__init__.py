"""The UI driver: a service's web page in a real browser, for statements S08–S11.

The only code of the suite that imports a browser library. ``UiDriver`` (``protocol``) is
the seam the steps use; ``PlaywrightUiDriver`` implements it with Playwright and the
operating system's Chromium (imported lazily: the package imports without playwright).
A locator file (``locators``) maps a service's own markup onto the switcher the statements
describe; ``colour`` judges whether a colour is blue; ``png`` decodes the screenshot of a
marker's box and ``ink`` reads the colour painted there (``LocatedElement.painted``);
``page_status`` says what a page's HTTP status means (429/503 and 502/504: no verdict).

Module graph (no cycles): ``urls`` <- ``locators`` <- ``protocol``; ``browser`` and
``page_status`` (both on ``..errors``); ``png`` <- ``ink``; ``page_scripts``; ``settle``;
all <- ``playwright_driver``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .browser import (
    INSTALL_BROWSER,
    INSTALL_PLAYWRIGHT,
    BrowserError,
    BrowserUnavailable,
    find_browser,
    playwright_available,
)
from .colour import describe_colour, hue_saturation_lightness, is_blue, parse_css_colour
from .locators import (
    CHECK_GLYPHS,
    MARKER_KINDS,
    LocatorFileError,
    Locators,
    default_locator_file,
    load_locators,
    parse_locators,
    sign_in_url,
)
from .protocol import (
    Box,
    LocatedElement,
    ScreenItems,
    SwitcherEntry,
    UiDriver,
    UiEvidence,
    Viewport,
)
from .urls import mask_url

if TYPE_CHECKING:
    from .playwright_driver import PlaywrightUiDriver

__all__ = [
    "CHECK_GLYPHS", "INSTALL_BROWSER", "INSTALL_PLAYWRIGHT", "MARKER_KINDS", "Box",
    "BrowserError", "BrowserUnavailable", "LocatedElement", "LocatorFileError", "Locators",
    "PlaywrightUiDriver", "ScreenItems", "SwitcherEntry", "UiDriver", "UiEvidence", "Viewport",
    "default_locator_file", "describe_colour", "find_browser", "hue_saturation_lightness",
    "is_blue", "load_locators", "mask_url", "parse_css_colour", "parse_locators",
    "playwright_available", "sign_in_url",
]


def __getattr__(name: str) -> Any:
    """``PlaywrightUiDriver`` on first use, so importing this package needs no playwright."""
    if name == "PlaywrightUiDriver":
        from .playwright_driver import PlaywrightUiDriver

        return PlaywrightUiDriver
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
