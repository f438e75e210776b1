"""Waiting for a page to settle after a click, without sleeping for a fixed time.

``PageActivity`` follows a page's requests, main-frame navigations and the main frame's
document responses (Playwright events): ``document_since`` gives the answer a navigation
the click started ended with, for its status.
``wait_until_settled`` then polls, bounded by the timeout:

* a main-frame navigation committed since the click (a form post, ``location.reload()``
  after a ``fetch``): wait for the new document's ``load`` event, and return;
* no navigation: return once no request started since the click has been in flight for
  ``QUIET_S`` (a request started by the click, such as the ``fetch`` before a reload,
  keeps it waiting);
* the network never quiet within the timeout: return (the page is as settled as it gets);
  a navigation that never loads: ``ServiceTimeout``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page, Request, Response
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ..errors import ServiceTimeout

QUIET_S = 0.3
POLL_MS = 20


@dataclass(frozen=True)
class ActivityMark:
    """The counters of a ``PageActivity`` at one moment."""

    commits: int
    requests: int
    documents: int


class PageActivity:
    """The requests in flight and the main-frame navigations of one page."""

    def __init__(self, page: Page) -> None:
        self._page = page
        self.in_flight: dict[Request, int] = {}  # request -> its number
        self.requests = 0
        self.commits = 0
        self.documents = 0
        self.last_document: Response | None = None
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)
        page.on("framenavigated", self._navigated)
        page.on("response", self._answered)

    def _started(self, request: Request) -> None:
        self.requests += 1
        self.in_flight[request] = self.requests

    def _ended(self, request: Request) -> None:
        self.in_flight.pop(request, None)

    def _navigated(self, frame: Frame) -> None:
        if frame == self._page.main_frame:
            self.commits += 1

    def _answered(self, response: Response) -> None:
        request = response.request
        try:
            document = request.is_navigation_request() and request.frame == self._page.main_frame
        except PlaywrightError:  # a request without a frame (a service worker's)
            return
        if document:
            self.documents += 1
            self.last_document = response

    def mark(self) -> ActivityMark:
        """The counters now, to compare with after an action."""
        return ActivityMark(commits=self.commits, requests=self.requests,
                            documents=self.documents)

    def document_since(self, mark: ActivityMark) -> Response | None:
        """The main frame's last document response (after redirects: the final one) if one
        arrived after ``mark``; else ``None``."""
        return self.last_document if self.documents > mark.documents else None

    def busy_since(self, mark: ActivityMark) -> bool:
        """True while a request started after ``mark`` is in flight."""
        return any(number > mark.requests for number in self.in_flight.values())


def wait_until_settled(page: Page, activity: PageActivity, mark: ActivityMark,
                       timeout_s: float, where: str) -> None:
    """Wait until the page settles after an action taken at ``mark`` (module docstring).

    ``where`` names the page (masked URL) in the ``ServiceTimeout`` message.
    """
    deadline = time.monotonic() + timeout_s
    quiet_since = time.monotonic()
    while True:
        now = time.monotonic()
        if activity.commits > mark.commits:
            try:
                page.wait_for_load_state("load", timeout=max(deadline - now, 0.001) * 1000)
            except PlaywrightTimeoutError:
                raise ServiceTimeout(f"the page did not finish loading within {timeout_s:g} s "
                                     f"after the click ({where})") from None
            return
        if activity.busy_since(mark):
            quiet_since = now
        elif now - quiet_since >= QUIET_S:
            return
        if now >= deadline:
            return
        page.wait_for_timeout(POLL_MS)
