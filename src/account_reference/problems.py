"""RFC 9457 problem details: the ``Refusal`` exception and the app's error handlers.

Every refusal is ``application/problem+json`` with ``type``, ``title``, ``status``,
``detail`` and the stable ``code``. Bad input is always a 4xx problem, never a 5xx.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:account-service:problem:"

TITLES: dict[str, str] = {
    "invalid_request": "The request is malformed or invalid",
    "unauthenticated": "Authentication is required",
    "sso_assertion_invalid": "The SSO assertion is invalid",
    "insufficient_role": "Your role does not allow this",
    "plan_feature_unavailable": "The organization's plan lacks this feature",
    "domain_restricted": "The domain is restricted",
    "not_a_member": "Not a member of this organization",
    "not_found": "Not found",
    "method_not_allowed": "Method not allowed",
    "account_exists": "The account already exists",
    "invitation_not_pending": "The invitation is not pending",
    "no_current_account": "The session has no current account",
    "domain_exists": "The organization already has this domain",
    "domain_not_verified": "The domain is not verified",
    "domain_already_claimed": "Another organization has verified this domain",
    "sso_not_configured": "SSO is not enabled for this organization",
    "subscription_active": "The paid subscription is still active",
    "account_migration_unsupported": "Accounts cannot be migrated into an organization",
    "account_merge_unsupported": "Accounts cannot be merged",
    "domain_public": "Public email domains cannot be added",
    "payload_too_large": "The request body is too large",
    "unsupported_media_type": "The request body is not declared as JSON",
}


class Refusal(Exception):
    """A refused request: becomes a problem response with a stable ``code``."""

    def __init__(self, status: int, code: str, detail: str, **extensions: Any) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.extensions = extensions


def not_found(what: str = "The object") -> Refusal:
    """The 404 answer for an object that does not exist or is not the caller's."""
    return Refusal(404, "not_found", f"{what} does not exist or is not yours.")


def problem_response(status: int, code: str, detail: str, **extensions: Any) -> JSONResponse:
    """A problem+json response."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": TITLES.get(code, code.replace("_", " ").capitalize()),
        "status": status,
        "detail": detail,
        "code": code,
    }
    body.update(extensions)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE,
                        headers=headers)


async def _refusal(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refusal)
    return problem_response(exc.status, exc.code, exc.detail, **exc.extensions)


def _describe(error: dict[str, Any]) -> str:
    location = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
    return f"{location or 'body'}: {error.get('msg', 'invalid')}"


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(error.get("type") == "json_invalid" for error in errors):
        return problem_response(400, "invalid_request", "The body is not valid JSON.")
    detail = "; ".join(_describe(error) for error in errors[:5]) or "Invalid request."
    return problem_response(422, "invalid_request", detail)


_HTTP_CODES = {400: "invalid_request", 401: "unauthenticated", 404: "not_found",
               405: "method_not_allowed", 413: "payload_too_large", 415: "unsupported_media_type",
               422: "invalid_request"}


async def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "invalid_request" if exc.status_code < 500
                           else "internal_error")
    detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(code, code)
    if exc.status_code == 404:
        detail = "No such resource."
    response = problem_response(exc.status_code, code, detail)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    return problem_response(500, "internal_error", f"Unexpected error: {type(exc).__name__}")


def install_handlers(app: FastAPI) -> None:
    """Register the problem handlers on ``app``."""
    app.add_exception_handler(Refusal, _refusal)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
