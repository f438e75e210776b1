"""``PlaywrightUiDriver``: the ``UiDriver`` protocol in a headless Chromium via Playwright.

One browser per driver, launched on the first ``open_session``; a fresh browser context
(no cookies, no storage) per ``open_session``, the previous one closed. Every element the
driver finds is remembered (the last ``REMEMBERED``) for ``evidence``.

Markers: ``entries`` takes one small screenshot (PNG, one pixel per CSS pixel) around the
visible markers of the open menu (one per marker when they lie far apart), decodes it
(``png``) and reads each marker's painted colour (``ink``): ``LocatedElement.painted``. A
marker that paints nothing is no marker (``SwitcherEntry.marker`` is ``None``); it is still
remembered for the evidence, with "(no ink)" in its role.

Failures: an element the locator file names that does not show within ``timeout_s`` raises
``AssertionError`` with what was last seen (the locator key and file, how many elements
matched and were visible, the first one's markup, the page URL masked); a page that does not
load is a ``ServiceTimeout``/``ServiceUnreachable``; a page (or the navigation after a
click) answering 429/503 or 502/504 is ``ServiceOverloaded``/``GatewayError``, any other
4xx/5xx an ``AssertionError`` (``page_status``); anything else the browser reports is a
``BrowserError``; a browser that will not start is ``BrowserUnavailable``. Playwright's own
messages are never passed on unredacted: they can hold the sign-in URL, a secret.
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Locator, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ..errors import ServiceTimeout, ServiceUnreachable, SuiteError
from .browser import BrowserError, BrowserUnavailable, find_browser, launch, release
from .ink import css_rgb, dominant_ink
from .locators import LocatorFileError, Locators
from .page_scripts import LAST_SEEN, READ_ELEMENTS, READ_ENTRIES
from .page_status import check_page_status
from .png import Image, decode_png
from .protocol import (
    Box,
    LocatedElement,
    ScreenItems,
    SwitcherEntry,
    UiEvidence,
    Viewport,
)
from .settle import PageActivity, wait_until_settled
from .urls import absolute_url, mask_url, secrets_of

REMEMBERED = 20
REDACTED = "[REDACTED]"
MARKERS_PER_ENTRY = 3
"""At most this many visible markers of one entry are read (the first with ink counts)."""
ONE_SHOT_PIXELS = 40_000
"""Markers whose padded boxes fit in a rectangle this small share one screenshot."""
Region = tuple[int, int, int, int]  # left, top, right, bottom: whole CSS pixels
_URL = re.compile(r"https?://[^\s'\"<>)]+")


CLICK_BLOCKERS = ("intercepts pointer events", "not visible", "not enabled", "not stable",
                  "detached", "outside of the viewport")
"""Words of Playwright's click log that say why the page did not let an element be clicked."""


class PlaywrightUiDriver:
    """A service's web page in headless Chromium, read through ``locators``."""

    def __init__(self, locators: Locators, base_url: str, executable: Path | str | None,
                 timeout_s: float = 5.0) -> None:
        self.locators = locators
        self.base_url = base_url.rstrip("/")
        self.executable = executable
        self.timeout_s = timeout_s
        self._browser: Browser | None = None
        self._context: BrowserContext | None = None
        self._page: Page | None = None
        self._activity: PageActivity | None = None
        self._viewport = (0, 0)  # the page's viewport without scrollbars, as last read
        self._remembered: deque[LocatedElement] = deque(maxlen=REMEMBERED)
        self._secrets: list[str] = []
        self._safe_paths = {urlsplit(self.base_url).path or "/"}
        if locators.landing:
            self._safe_paths.add(urlsplit(absolute_url(self.base_url, locators.landing)).path)

    @property
    def browser_version(self) -> str | None:
        """The running browser's version (None before the first session)."""
        browser = self._browser
        return browser.version if browser is not None and browser.is_connected() else None

    def __enter__(self) -> PlaywrightUiDriver:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- the protocol -----------------------------------------------------------------------

    def open_session(self, sign_in_url: str, viewport: Viewport) -> None:
        """Open ``sign_in_url`` in a fresh context of ``viewport``'s size, then the landing
        page when the locator file names one."""
        self._secrets = sorted({*self._secrets, *secrets_of(sign_in_url)}, key=len, reverse=True)
        browser = self._ensure_browser()
        self.close_session()
        with self._guard("opening a browser context"):
            self._context = browser.new_context(
                viewport={"width": viewport.width, "height": viewport.height},
                accept_downloads=False, service_workers="block")
            self._context.set_default_timeout(self.timeout_s * 1000)
            self._context.set_default_navigation_timeout(self.timeout_s * 1000)
            self._page = self._context.new_page()
            self._activity = PageActivity(self._page)
        self._open(sign_in_url, "the sign-in URL ([page] sign_in)")
        if self.locators.landing:
            self._open(absolute_url(self.base_url, self.locators.landing),
                       f"the landing page ({self.locators.key('landing')})")

    def trigger(self) -> LocatedElement:
        """The visible element ``[switcher] trigger`` names."""
        with self._guard("finding the trigger"):
            located = self._wait_visible("trigger", "the switcher's trigger")
            return self._remember("trigger", "trigger", self._read(located)[0])

    def open_switcher(self) -> LocatedElement:
        """Click the trigger unless the menu is visible; the menu."""
        with self._guard("opening the switcher"):
            menu = self._visible("menu")
            if not menu.count():
                self.trigger()
                self._click(self._visible("trigger").first, "trigger", "the trigger")
                menu = self._wait_visible("menu", "the switcher's menu",
                                          after="after clicking the trigger")
            return self._remember("menu", "menu", self._read(menu.first)[0])

    def entries(self) -> list[SwitcherEntry]:
        """The visible entries of the open switcher, each with its first visible marker that
        paints something (read from one screenshot around the markers)."""
        self.open_switcher()
        with self._guard("reading the switcher's entries"):
            self._wait_visible("entry", "an entry of the switcher")
            found = self._read_entries()
            painted = iter(self._painted([marker["box"] for entry in found
                                          for marker in entry["markers"]]))
            return [self._entry(index, entry, [next(painted) for _ in entry["markers"]])
                    for index, entry in enumerate(found, start=1)]

    def choose(self, entry: SwitcherEntry) -> None:
        """Click ``entry`` (its ``entry_choose`` element if the file names one) and wait
        for the page to settle (a navigation's ``load``, else a quiet network)."""
        self.open_switcher()
        with self._guard("choosing an entry"):
            found = self._read_entries()
            if not 0 < entry.index <= len(found):
                raise AssertionError(self._last_seen(
                    "entry", f"entry {entry.index} of the switcher (“{entry.text}”)",
                    "still in the menu", "no longer there"))
            current = found[entry.index - 1]
            if entry.account_id is not None and current["account_id"] != entry.account_id:
                raise AssertionError(self._last_seen(
                    "entry", f"entry {entry.index} of the switcher",
                    f"the entry of the account read before (id {entry.account_id})",
                    f"the entry of another account (id {current['account_id']}): the menu "
                    "changed"))
            target = self._page_now().locator(self.locators.entry).nth(current["position"])
            name = "entry"
            if self.locators.entry_choose:
                target, name = target.locator(self.locators.entry_choose).first, "entry_choose"
            activity = self._activity_now()
            mark = activity.mark()
            self._click(target, name, f"entry {entry.index}",
                        target if name == "entry_choose" else None)
            wait_until_settled(self._page_now(), activity, mark, self.timeout_s,
                               self._where())
            document = activity.document_since(mark)
            if document is not None:
                check_page_status(document.status, f"the page after choosing entry "
                                  f"{entry.index}", f"{self._mask(document.url)} -> "
                                  f"{self._where()}", document.headers.get("retry-after"))

    def items(self) -> ScreenItems:
        """The texts of the visible elements ``[items] conversations`` and ``projects``
        match (an element that is not visible, or inside one that is not, is no item)."""
        with self._guard("reading the items"):
            self._page_now().wait_for_load_state("load")
            lists = {}
            for name in ("conversations", "projects"):
                records = self._read(self._page_now().locator(getattr(self.locators, name)))
                shown = [record for record in records if record["box"] is not None]
                lists[name] = tuple(self._redact(record["text"]) for record in shown)
                self._remember_list(name, shown, hidden=len(records) - len(shown))
            return ScreenItems(conversations=lists["conversations"],
                               projects=lists["projects"])

    def evidence(self, directory: Path, stem: str) -> UiEvidence:
        """A full-page screenshot ``directory/stem.png`` (``None`` if it cannot be taken)
        and the elements last found; never raises."""
        screenshot: Path | None = None
        if self._page is not None:
            path = Path(directory) / f"{stem}.png"
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._page.screenshot(path=str(path), full_page=True,
                                      timeout=self.timeout_s * 1000)
                screenshot = path
            except Exception:  # noqa: BLE001 - evidence is best effort, never the failure
                screenshot = None
        return UiEvidence(screenshot=screenshot, elements=list(self._remembered))

    def close_session(self) -> None:
        """Close the current browser context, if any."""
        context, self._context, self._page, self._activity = self._context, None, None, None
        if context is not None:
            try:
                context.close()
            except PlaywrightError:
                pass  # the browser is gone already; nothing left to close

    def close(self) -> None:
        """Close the session and the browser (safe to call twice); the last browser of the
        thread closed stops Playwright."""
        self.close_session()
        browser, self._browser = self._browser, None
        if browser is not None:
            release(browser)

    # -- browser and page -------------------------------------------------------------------

    def _ensure_browser(self) -> Browser:
        """The browser, launched on first use."""
        if self._browser is not None and self._browser.is_connected():
            return self._browser
        self.close()
        configured = None if self.executable is None else str(self.executable)
        executable = find_browser(configured)
        if executable is None:
            where = f"at {configured}" if configured else "on PATH (chromium, google-chrome)"
            raise BrowserUnavailable(f"no browser found {where}")
        self._browser = launch(executable)
        return self._browser

    def _page_now(self) -> Page:
        """The open page; ``SuiteError`` if no session is open (a suite mistake)."""
        if self._page is None:
            raise SuiteError("the UI driver has no open session: call open_session first")
        return self._page

    def _activity_now(self) -> PageActivity:
        """The open page's activity tracker."""
        if self._activity is None:
            raise SuiteError("the UI driver has no open session: call open_session first")
        return self._activity

    def _open(self, url: str, what: str) -> None:
        """Go to ``url`` and wait for ``load``; a 4xx/5xx answer fails the check."""
        page = self._page_now()
        try:
            response = page.goto(url, wait_until="load")
        except PlaywrightTimeoutError:
            raise ServiceTimeout(f"{what} did not load within {self.timeout_s:g} s: "
                                 f"{self._mask(url)}") from None
        except PlaywrightError as error:
            message = self._scrub(str(error).splitlines()[0] if str(error) else "")
            cls = ServiceUnreachable if "net::ERR_" in message else BrowserError
            raise cls(f"opening {what} failed: {message}") from None
        if response is not None:
            check_page_status(response.status, what, f"{self._mask(url)} -> {self._where()}",
                              response.headers.get("retry-after"))

    @contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        """Turn Playwright's errors into ``SuiteError``s with redacted messages."""
        try:
            yield
        except (AssertionError, SuiteError, LocatorFileError):
            raise
        except PlaywrightTimeoutError as error:
            raise ServiceTimeout(f"the browser timed out {doing} on {self._where()}: "
                                 f"{self._scrub(_first_line(error))}") from None
        except PlaywrightError as error:
            raise BrowserError(f"the browser failed {doing}: "
                               f"{self._scrub(_first_line(error))}") from None

    def _click(self, target: Locator, name: str, what: str, scope: Locator | None = None
               ) -> None:
        """Click ``target`` as a person would. A click the page does not let happen in time
        (another element covers it, it is disabled, it keeps moving) is the page's fault:
        an ``AssertionError`` with Playwright's reason, not a timeout of the service."""
        try:
            target.click()
        except PlaywrightTimeoutError as error:
            reasons = [line.strip(" -") for line in str(error).splitlines()
                       if any(word in line for word in CLICK_BLOCKERS)]
            why = f" ({self._scrub(reasons[-1])[:300]})" if reasons else ""
            raise AssertionError(self._last_seen(
                name, f"a click on {what}", f"the page lets it happen within "
                f"{self.timeout_s:g} s", f"it did not{why}", scope)) from None

    # -- locating ---------------------------------------------------------------------------

    def _visible(self, name: str) -> Locator:
        """The visible elements the locator ``name`` matches."""
        return self._page_now().locator(getattr(self.locators, name)).filter(visible=True)

    def _wait_visible(self, name: str, what: str, after: str = "") -> Locator:
        """The first visible match of locator ``name``; ``AssertionError`` after the timeout."""
        located = self._visible(name).first
        try:
            located.wait_for(state="visible")
        except PlaywrightTimeoutError:
            raise AssertionError(self._last_seen(
                name, what, f"shown within {self.timeout_s:g} s"
                f"{' ' + after if after else ''}", "not shown")) from None
        return located

    def _last_seen(self, name: str, what: str, expected: str, actual: str,
                   scope: Locator | None = None) -> str:
        """A failure's line (``what: expected …; actual …``), then the locator and its file
        and what the page held."""
        locator = scope if scope is not None else self._page_now().locator(
            getattr(self.locators, name))
        try:
            seen = locator.evaluate_all(LAST_SEEN)
            found = (f"{seen['count']} element(s) matched, {seen['visible']} visible"
                     + (f"; the first: “{self._redact(seen['first'])}”" if seen["first"] else ""))
        except PlaywrightError as error:
            found = f"the page could not be read ({self._scrub(_first_line(error))})"
        return (f"{what}: expected {expected}; actual {actual} — located by "
                f"{self.locators.where(name)}; on {self._where()}: {found}")

    def _read(self, locator: Locator) -> list[dict[str, Any]]:
        """The records (text, name, html, box) of every element ``locator`` matches."""
        records: list[dict[str, Any]] = locator.evaluate_all(READ_ELEMENTS)
        return records

    def _read_entries(self) -> list[dict[str, Any]]:
        """The visible entries as the page script reads them (one round trip)."""
        result = self._page_now().locator(self.locators.entry).evaluate_all(READ_ENTRIES, {
            "marker": self.locators.marker, "attribute": self.locators.entry_account_id,
            "colour": self.locators.marker_colour, "most": MARKERS_PER_ENTRY})
        if result["error"]:
            raise LocatorFileError(f"{self.locators.where('marker')}: the browser refused it as "
                                   f"a CSS selector inside an entry: {result['error']}")
        entries: list[dict[str, Any]] = result["entries"]
        self._viewport = (int(result["viewport"][0]), int(result["viewport"][1]))
        return entries

    def _painted(self, boxes: list[list[float] | None]) -> list[str | None]:
        """The painted colour (``rgb(r, g, b)``) of each box, ``None`` where nothing is
        painted or the box lies outside the viewport; one screenshot for all when they lie
        close together, else one each."""
        regions = [self._region(box) for box in boxes]
        live = [region for region in regions if region is not None]
        if not live:
            return [None] * len(boxes)
        union = (min(r[0] for r in live), min(r[1] for r in live), max(r[2] for r in live),
                 max(r[3] for r in live))
        shots = [union] if _area(union) <= ONE_SHOT_PIXELS else live
        images = {shot: self._screenshot(shot) for shot in shots}
        colours: list[str | None] = []
        for region in regions:
            shot = next((s for s in shots if region is not None and _inside(region, s)), None)
            if region is None or shot is None:
                colours.append(None)
                continue
            image = images[shot].crop(region[0] - shot[0], region[1] - shot[1],
                                      region[2] - region[0], region[3] - region[1])
            ink = dominant_ink(image)
            colours.append(None if ink is None else css_rgb(ink))
        return colours

    def _region(self, box: list[float] | None) -> Region | None:
        """The whole pixels of ``box`` (rounded inwards, outwards when that leaves none),
        clamped to the viewport; ``None`` when nothing of it is in the viewport."""
        if box is None:
            return None
        x, y, width, height = box
        left, top = math.ceil(x), math.ceil(y)
        right, bottom = math.floor(x + width), math.floor(y + height)
        if right <= left or bottom <= top:  # under a pixel wide or high
            left, top = math.floor(x), math.floor(y)
            right, bottom = math.ceil(x + width), math.ceil(y + height)
        width_px, height_px = self._viewport
        left, top = max(left, 0), max(top, 0)
        right, bottom = min(right, width_px), min(bottom, height_px)
        return (left, top, right, bottom) if right > left and bottom > top else None

    def _screenshot(self, region: Region) -> Image:
        """The pixels of ``region`` of the viewport, one per CSS pixel (a PNG screenshot);
        ``BrowserError`` when the browser's PNG is not one ``decode_png`` reads."""
        left, top, right, bottom = region
        data = self._page_now().screenshot(
            clip={"x": left, "y": top, "width": right - left, "height": bottom - top},
            type="png", scale="css", caret="initial", animations="allow")
        try:
            image = decode_png(data)
        except ValueError as error:
            raise BrowserError(f"the browser's screenshot of a marker cannot be read: "
                               f"{error}") from None
        if (image.width, image.height) != (right - left, bottom - top):
            raise BrowserError(f"the browser's screenshot of a marker is {image.width} x "
                               f"{image.height} pixels, not the {right - left} x "
                               f"{bottom - top} asked for")
        return image

    def _entry(self, index: int, found: dict[str, Any],
               painted: list[str | None]) -> SwitcherEntry:
        """A ``SwitcherEntry`` from the page script's record, remembered; its marker is the
        first visible one that paints something."""
        element = self._remember(f"entry {index}", "entry", found["record"])
        marker = None
        for record, colour in zip(found["markers"], painted, strict=True):
            if colour is None:
                self._remember(f"marker of entry {index} (no ink)", "marker", record)
                continue
            marker = self._remember(f"marker of entry {index}", "marker", record, colour)
            break
        account_id = found["account_id"]
        return SwitcherEntry(index=index, text=element.text,
                             account_id=None if account_id is None else str(account_id),
                             element=element, marker=marker)

    # -- remembering and redacting ----------------------------------------------------------

    def _remember(self, role: str, name: str, record: dict[str, Any],
                  painted: str | None = None) -> LocatedElement:
        """A ``LocatedElement`` from a page-script record (redacted), remembered."""
        box = record["box"]
        element = LocatedElement(
            role=role, selector=getattr(self.locators, name), text=self._redact(record["text"]),
            accessible_name=self._redact(record["name"]),
            outer_html=self._redact(record["html"]),
            box=None if box is None else Box(*(float(value) for value in box)),
            colour=record["colour"], painted=painted)
        self._remembered.append(element)
        return element

    def _remember_list(self, name: str, records: list[dict[str, Any]], hidden: int) -> None:
        """One remembered element for a whole list of visible items (texts joined)."""
        first = records[0] if records else None
        self._remember(name, name, {
            "text": " | ".join(record["text"] for record in records),
            "name": f"{len(records)} item(s)" + (f", {hidden} hidden ones not read"
                                                 if hidden else ""),
            "html": "\n".join(record["html"] for record in records)[:2000],
            "box": first["box"] if first else None, "colour": None})

    def _redact(self, text: str) -> str:
        """``text`` with every part of a sign-in URL replaced."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def _mask(self, url: str) -> str:
        """``url`` masked for a message."""
        return mask_url(url, self._safe_paths)

    def _scrub(self, text: str) -> str:
        """A message with secrets redacted and every URL in it masked."""
        return _URL.sub(lambda match: self._mask(match.group(0)), self._redact(text))

    def _where(self) -> str:
        """The current page's URL, masked."""
        if self._page is None:
            return "no page"
        try:
            return self._mask(self._page.url)
        except PlaywrightError:
            return "a page that is gone"


def _area(region: Region) -> int:
    """The pixels of a region."""
    return (region[2] - region[0]) * (region[3] - region[1])


def _inside(region: Region, outer: Region) -> bool:
    """True when ``region`` lies within ``outer``."""
    return (outer[0] <= region[0] and outer[1] <= region[1] and region[2] <= outer[2]
            and region[3] <= outer[3])


def _first_line(error: BaseException) -> str:
    """The first line of an exception's message."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
