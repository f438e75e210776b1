"""One-time sign-in codes and the browser cookies they become, kept in memory per app.

A code (``POST /test-support/sign-in-links``) names a session by its token hash and is valid
once, for ``CODE_TTL_S`` seconds. Opening the link trades it for a cookie id that maps to the
same session; whether that session is still live is checked on every request, so revoking
the session signs the browser out too. Nothing here outlives the process: after a restart a
browser signs in again.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

CODE_TTL_S = 120.0
"""How long a sign-in link is valid."""
MAX_COOKIES = 10_000
"""How many browser sign-ins are remembered; past this the oldest are forgotten."""
COOKIE_NAME = "account_ui"


@dataclass(frozen=True)
class BrowserSignIn:
    """A signed-in browser: its session and the account that was current when it signed
    in."""

    token_hash: str
    signed_in_account_id: str | None


class SignIns:
    """The app's sign-in codes (code -> token hash, expiry) and cookies (id -> sign-in)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 code_ttl_s: float = CODE_TTL_S, max_cookies: int = MAX_COOKIES) -> None:
        self._clock = clock
        self._code_ttl_s = code_ttl_s
        self._max_cookies = max_cookies
        self._codes: dict[str, tuple[str, float]] = {}
        self._cookies: dict[str, BrowserSignIn] = {}

    def new_code(self, token_hash: str) -> str:
        """A fresh one-time code for the session with ``token_hash``."""
        now = self._clock()
        for code in [c for c, (_, expires) in self._codes.items() if expires <= now]:
            del self._codes[code]
        code = secrets.token_urlsafe(24)
        self._codes[code] = (token_hash, now + self._code_ttl_s)
        return code

    def take_code(self, code: str) -> str | None:
        """The token hash of a valid unused code, which is used up; None for a used,
        expired or unknown one."""
        found = self._codes.pop(code, None)
        if found is None or found[1] <= self._clock():
            return None
        return found[0]

    def new_cookie(self, sign_in: BrowserSignIn) -> str:
        """A fresh cookie id for a browser that signed in."""
        while len(self._cookies) >= self._max_cookies:
            del self._cookies[next(iter(self._cookies))]
        cookie_id = secrets.token_urlsafe(24)
        self._cookies[cookie_id] = sign_in
        return cookie_id

    def by_cookie(self, cookie_id: str | None) -> BrowserSignIn | None:
        """The sign-in of a cookie id, or None."""
        return self._cookies.get(cookie_id) if cookie_id else None


async def get_sign_ins(request: Request) -> SignIns:
    """The sign-in store of the app handling ``request``."""
    sign_ins: SignIns = request.app.state.ui_sign_ins
    return sign_ins


SignInsDep = Annotated[SignIns, Depends(get_sign_ins)]
