"""What the steps may ask of a service's web page: the ``UiDriver`` protocol and its types.

The statements S08–S11 are about what a person sees; a ``UiDriver`` reads it from a real
browser, guided by a locator file (``Locators``), and reports plain values: boxes relative
to the viewport, collapsed text, accessible names, computed colours and, for markers, the
colour actually painted (read from a screenshot of the marker's box). It judges nothing:
the steps decide whether the trigger is lower-left, the marker a blue check mark, and so on.

Rules every implementation keeps:

* an element the locator file names that does not show within the driver's timeout raises
  ``AssertionError`` naming the locator key, the file, what was found and the page URL
  (masked): the page does not match its locator file;
* a browser that cannot start or fails raises a ``SuiteError`` (``BrowserUnavailable``,
  ``BrowserError``): no verdict about the service;
* a page (opened, or reached by the navigation a click starts) answering 429/503 raises
  ``ServiceOverloaded``, 502/504 ``GatewayError`` (no verdict), any other 4xx/5xx
  ``AssertionError`` (``page_status``);
* only what a person can see counts: an item or entry that is not visible is not read, and a
  marker that paints nothing (``color: transparent``, fully faded) is no marker;
* a sign-in URL is a secret: it never appears unmasked in a message or in the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .locators import Locators


@dataclass(frozen=True)
class Viewport:
    """The browser window's inner size in CSS pixels."""

    width: int
    height: int


@dataclass(frozen=True)
class Box:
    """An element's rectangle relative to the viewport (``getBoundingClientRect``)."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class LocatedElement:
    """One element the driver found, as it was when found."""

    role: str  # "trigger", "menu", "entry 2", "marker of entry 1", "conversations"...
    selector: str
    text: str  # innerText, whitespace collapsed
    accessible_name: str  # aria-label, else aria-labelledby text, else alt/title, else text
    outer_html: str  # truncated to 2,000 characters
    box: Box | None  # None when not visible
    colour: str | None  # computed value of the locator file's marker_colour (markers only)
    painted: str | None = None  # markers only: "rgb(r, g, b)", the ink colour a screenshot of
    #                             the box shows (``ink.dominant_ink``); None: nothing painted


@dataclass(frozen=True)
class SwitcherEntry:
    """One visible entry of the open switcher; ``index`` counts from 1, in page order."""

    index: int
    text: str
    account_id: str | None
    element: LocatedElement
    marker: LocatedElement | None  # None: no visible marker with ink in this entry


@dataclass(frozen=True)
class ScreenItems:
    """The conversation and project labels the page shows, in page order."""

    conversations: tuple[str, ...]
    projects: tuple[str, ...]


@dataclass(frozen=True)
class UiEvidence:
    """A full-page screenshot (``None`` if none could be taken) and the elements last found."""

    screenshot: Path | None
    elements: list[LocatedElement]


class UiDriver(Protocol):
    """A service's web page in a browser, read through a locator file."""

    locators: Locators

    def open_session(self, sign_in_url: str, viewport: Viewport) -> None:
        """Open ``sign_in_url`` (then the landing page) in a fresh browser context."""
        ...

    def trigger(self) -> LocatedElement:
        """The element that opens the account switcher."""
        ...

    def open_switcher(self) -> LocatedElement:
        """Click the trigger unless the menu is visible; the menu (``AssertionError`` if it
        never shows)."""
        ...

    def entries(self) -> list[SwitcherEntry]:
        """The switcher's visible entries (opens the switcher first if needed), each with
        its first visible marker that paints something (``painted`` set)."""
        ...

    def choose(self, entry: SwitcherEntry) -> None:
        """Click ``entry`` and wait for the page to settle."""
        ...

    def items(self) -> ScreenItems:
        """The conversations and projects the page shows (visible items only)."""
        ...

    def evidence(self, directory: Path, stem: str) -> UiEvidence:
        """Save ``directory/stem.png`` (full page) and return it with the elements found."""
        ...

    def close_session(self) -> None:
        """Close the browser context ``open_session`` opened (nothing if none is open)."""
        ...

    def close(self) -> None:
        """End of the run: close the browser."""
        ...
