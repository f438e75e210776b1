"""RFC 9457 problem details: the ``Refusal`` exception and the app's error handlers.

Every refusal is ``application/problem+json`` with ``type``, ``title``, ``status``,
``detail`` and the stable ``code``. Bad input is always a 4xx problem, never a 5xx.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:account-service:problem:"


@dataclass(frozen=True)
class ProblemKind:
    """What a problem code means over HTTP: its status and its title."""

    status: int
    title: str


PROBLEMS: dict[str, ProblemKind] = {
    "invalid_request": ProblemKind(422, "The request is malformed or invalid"),
    "unauthenticated": ProblemKind(401, "Authentication is required"),
    "sso_assertion_invalid": ProblemKind(401, "The SSO assertion is invalid"),
    "insufficient_role": ProblemKind(403, "Your role does not allow this"),
    "plan_feature_unavailable": ProblemKind(403, "The organization's plan lacks this feature"),
    "domain_restricted": ProblemKind(403, "The domain is restricted"),
    "not_a_member": ProblemKind(403, "Not a member of this organization"),
    "not_found": ProblemKind(404, "Not found"),
    "method_not_allowed": ProblemKind(405, "Method not allowed"),
    "account_exists": ProblemKind(409, "The account already exists"),
    "invitation_not_pending": ProblemKind(409, "The invitation is not pending"),
    "no_current_account": ProblemKind(409, "The session has no current account"),
    "domain_exists": ProblemKind(409, "The organization already has this domain"),
    "domain_not_verified": ProblemKind(409, "The domain is not verified"),
    "domain_already_claimed": ProblemKind(409, "Another organization has verified this domain"),
    "sso_not_configured": ProblemKind(409, "SSO is not enabled for this organization"),
    "subscription_active": ProblemKind(409, "The paid subscription is still active"),
    "primary_owner_protected": ProblemKind(409, "Primary owner protected"),
    "payload_too_large": ProblemKind(413, "The request body is too large"),
    "unsupported_media_type": ProblemKind(415, "The request body is not declared as JSON"),
    "account_migration_unsupported": ProblemKind(
        422, "Accounts cannot be migrated into an organization"),
    "account_merge_unsupported": ProblemKind(422, "Accounts cannot be merged"),
    "domain_public": ProblemKind(422, "Public email domains cannot be added"),
    "internal_error": ProblemKind(500, "Internal error"),
}
"""Every problem code the service answers with: code -> status and title. A refusal names
only its code; its status comes from here. ``invalid_request`` is 422, except for a body that
is not JSON at all, which is 400 (``NOT_JSON_STATUS``)."""

NOT_JSON_STATUS = 400


class Refusal(Exception):
    """A refused request: becomes a problem response with a stable ``code``.

    The status is the code's (``PROBLEMS``); ``status`` is given only where the code's status
    is not the one meant (a body that is not JSON, a framework error).
    """

    def __init__(self, code: str, detail: str, *, status: int | None = None,
                 **extensions: Any) -> None:
        self.status = PROBLEMS[code].status if status is None else status
        super().__init__(f"{self.status} {code}: {detail}")
        self.code = code
        self.detail = detail
        self.extensions = extensions


def not_found(what: str = "The object") -> Refusal:
    """The 404 answer for an object that does not exist or is not the caller's."""
    return Refusal("not_found", f"{what} does not exist or is not yours.")


def not_json() -> Refusal:
    """The 400 answer for a body that is not JSON at all."""
    return Refusal("invalid_request", "The body is not valid JSON.", status=NOT_JSON_STATUS)


def problem_response(code: str, detail: str, *, status: int | None = None,
                     **extensions: Any) -> JSONResponse:
    """A problem+json response (status from ``PROBLEMS`` unless given)."""
    kind = PROBLEMS.get(code, ProblemKind(500, code.replace("_", " ").capitalize()))
    status = kind.status if status is None else status
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": kind.title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    body.update(extensions)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE,
                        headers=auth_challenge(status))


def auth_challenge(status: int) -> dict[str, str] | None:
    """RFC 6750's ``WWW-Authenticate: Bearer`` on a 401 (a courtesy; not in the contract)."""
    return {"WWW-Authenticate": "Bearer"} if status == 401 else None


async def _refusal(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refusal)
    return problem_response(exc.code, exc.detail, status=exc.status, **exc.extensions)


def _validation_detail(errors: list[Any]) -> str:
    """The detail text of a validation refusal: where and what, for the first five errors."""
    def describe(error: dict[str, Any]) -> str:
        location = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        return f"{location or 'body'}: {error.get('msg', 'invalid')}"

    return "; ".join(describe(error) for error in errors[:5]) or "Invalid request."


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(error.get("type") == "json_invalid" for error in errors):
        refusal = not_json()
        return problem_response(refusal.code, refusal.detail, status=refusal.status)
    return problem_response("invalid_request", _validation_detail(errors))


_ROUTING_CODES = {400: "invalid_request", 404: "not_found", 405: "method_not_allowed"}
"""The only ``HTTPException``s here are FastAPI's and Starlette's own: a body that cannot be
parsed (400), no such path (404), the path without this method (405). Sizes, media types and
sessions are refused earlier by the service's own checks, with their own codes."""


async def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _ROUTING_CODES.get(exc.status_code, "internal_error")
    response = problem_response(code, PROBLEMS[code].title, status=exc.status_code)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    return problem_response("internal_error", f"Unexpected error: {type(exc).__name__}")


def install_handlers(app: FastAPI) -> None:
    """Register the problem handlers on ``app``."""
    app.add_exception_handler(Refusal, _refusal)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
