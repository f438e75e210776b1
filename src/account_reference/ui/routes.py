"""The web UI's routes: sign-in by link, the two pages, and switching from the browser.

They answer HTML, are not part of the contract (``include_in_schema=False``) and are not in
``routes.ROUTERS`` (the API's routes). The app's request guard (``app.check_request``) lets
``PageRoute``s through: a form post is ``application/x-www-form-urlencoded``, and refusals
here are HTML pages, not problems. A switch goes through ``PUT /v1/me/current-account``'s own
function, so the browser and the API switch by the same rules (S10).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from ..accounts import accounts_of
from ..auth import Session
from ..bodies import SwitchAccount
from ..context import Service, ServiceDep
from ..problems import Refusal
from ..routes.me import switch_current_account
from ..store import sessions as stored_sessions
from .console_page import render_console
from .html import NO_STORE, message_page, page_response
from .page_model import build_page
from .sign_ins import COOKIE_NAME, BrowserSignIn, SignIns, SignInsDep
from .workspace_page import render_workspace

RETURN_PAGES = frozenset({"/ui", "/console"})
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
SAME_SITE_FETCHES = frozenset({"same-origin", "none"})


class PageRoute(APIRoute):
    """A route of the web UI (the app's request guard lets these through)."""


router = APIRouter(route_class=PageRoute, include_in_schema=False, tags=["ui"])


def install(app: FastAPI) -> None:
    """Add the web UI to ``app``: its routes and its own sign-in store."""
    app.state.ui_sign_ins = SignIns()
    app.include_router(router)


def not_signed_in() -> Response:
    """The 401 page."""
    return message_page(401, "Not signed in",
                        "Open a sign-in link first, or sign in again: this session ended.")


def browser_session(request: Request, service: Service,
                    sign_ins: SignIns) -> tuple[BrowserSignIn, Session] | None:
    """The browser's sign-in and its session, loaded afresh; None without a valid cookie or
    when the session was revoked."""
    sign_in = sign_ins.by_cookie(request.cookies.get(COOKIE_NAME))
    row = None if sign_in is None else stored_sessions.by_token_hash(service.store,
                                                                     sign_in.token_hash)
    if sign_in is None or row is None:
        return None
    return sign_in, Session(token_hash=row["token_hash"], identity_id=row["identity_id"],
                            email=row["email"], email_domain=row["email_domain"],
                            name=row["name"], current_account_id=row["current_account_id"])


def is_cross_origin(request: Request) -> bool:
    """Whether a post comes from another site: an ``Origin`` that is not the service's own,
    or (without ``Origin``) a browser's ``Sec-Fetch-Site`` that is not same-origin."""
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.rstrip("/") != f"{request.url.scheme}://{request.url.netloc}"
    fetch_site = request.headers.get("sec-fetch-site")
    return fetch_site is not None and fetch_site not in SAME_SITE_FETCHES


def posted_fields(body: bytes, content_type: str) -> dict[str, Any] | None:
    """The fields of a form or JSON object body; None when the body is neither."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == FORM_MEDIA_TYPE:
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        return {name: values[0] for name, values in form.items()}
    if media_type == "application/json" or media_type.endswith("+json"):
        try:
            value = json.loads(body)
        except (ValueError, RecursionError):
            return None
        return value if isinstance(value, dict) else None
    return None


@router.get("/ui/sign-in/{code}")
async def ui_sign_in(code: str, service: ServiceDep, sign_ins: SignInsDep) -> Response:
    """Trade a one-time sign-in code for a cookie bound to its session; on to ``/ui``."""
    token_hash = sign_ins.take_code(code)
    row = None if token_hash is None else stored_sessions.by_token_hash(service.store,
                                                                        token_hash)
    if token_hash is None or row is None:
        return message_page(404, "Sign-in link not valid",
                            "This sign-in link is unknown, expired or used already.")
    cookie_id = sign_ins.new_cookie(BrowserSignIn(token_hash, row["current_account_id"]))
    response = RedirectResponse("/ui", status_code=303, headers=NO_STORE)
    response.set_cookie(COOKIE_NAME, cookie_id, httponly=True, samesite="lax", path="/")
    return response


@router.get("/ui")
async def ui_workspace(request: Request, service: ServiceDep,
                       sign_ins: SignInsDep) -> Response:
    """The signed-in page: the current account's items and the account switcher."""
    signed_in = browser_session(request, service, sign_ins)
    if signed_in is None:
        return not_signed_in()
    sign_in, session = signed_in
    return page_response(render_workspace(build_page(service, session, sign_in),
                                           service.rules))


@router.get("/console")
async def ui_console(request: Request, service: ServiceDep, sign_ins: SignInsDep) -> Response:
    """The vendor-style page over the same data."""
    signed_in = browser_session(request, service, sign_ins)
    if signed_in is None:
        return not_signed_in()
    sign_in, session = signed_in
    return page_response(render_console(build_page(service, session, sign_in)))


@router.post("/ui/switch")
async def ui_switch(request: Request, service: ServiceDep, sign_ins: SignInsDep) -> Response:
    """Switch the browser's session to the posted ``account_id`` by the API's rules; back
    to the page it came from (``return_to``: ``/ui`` or ``/console``)."""
    if is_cross_origin(request):
        return message_page(403, "Refused", "A switch must come from this service's own pages.")
    signed_in = browser_session(request, service, sign_ins)
    if signed_in is None:
        return not_signed_in()
    fields = posted_fields(await request.body(), request.headers.get("content-type", ""))
    if fields is None:
        return message_page(415, "Not a form",
                            "Send a form (application/x-www-form-urlencoded) or a JSON object.")
    account_id, return_to = fields.get("account_id"), fields.get("return_to", "/ui")
    if not isinstance(account_id, str) or return_to not in RETURN_PAGES:
        return message_page(422, "Not a valid choice",
                            "Send account_id, and return_to /ui or /console if at all.")
    if service.rules.ui_switch_saves():
        target = service.rules.ui_switch_target(
            account_id, accounts_of(service, signed_in[1].identity_id))
        try:
            await switch_current_account(SwitchAccount(account_id=target),
                                         signed_in[1], service)
        except Refusal as refusal:
            return message_page(refusal.status, "Not switched", refusal.detail)
    return RedirectResponse(str(return_to), status_code=303, headers=NO_STORE)
