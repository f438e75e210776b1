"""A custom UI driver as a vendor would name it (``--ui-driver``): Playwright's, counting
the sessions it opens into a file, so a test can see the suite used it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from account_conformance.driver.ui import PlaywrightUiDriver, Viewport

COUNT_FILE = "TEST_UI_COUNT_FILE"
"""Environment variable naming the file the driver appends a line to per session."""


class CountingUiDriver(PlaywrightUiDriver):  # type: ignore[misc, valid-type]
    """The Playwright driver, plus a line in ``$TEST_UI_COUNT_FILE`` per
    session it opens."""

    def __init__(self, **settings: Any) -> None:
        self.settings = settings
        super().__init__(**settings)

    def open_session(self, sign_in_url: str, viewport: Viewport) -> None:
        """Count, then open as Playwright's driver does."""
        target = os.environ.get(COUNT_FILE)
        if target:
            with Path(target).open("a", encoding="utf-8") as file:
                file.write(f"{viewport.width}x{viewport.height}\n")
        super().open_session(sign_in_url, viewport)
