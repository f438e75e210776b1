"""Bearer tokens to sessions.

Authentication runs before the body is read (``AuthenticatedRoute``), so a request
without a valid token is ``401 unauthenticated`` whatever its body; the ``SessionDep``
dependency then loads the session afresh right before the endpoint runs.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute, APIRouter
from fastapi.security import HTTPBearer

from .problems import Refusal
from .store import Store, token_hash
from .store import sessions as stored_sessions

bearer_scheme = HTTPBearer(auto_error=False, description="A session token.")


@dataclass(frozen=True)
class Session:
    """A session of one identity, with its current account (or None)."""

    token_hash: str
    identity_id: str
    email: str
    email_domain: str
    name: str
    current_account_id: str | None


def _unauthenticated(detail: str) -> Refusal:
    return Refusal("unauthenticated", detail)


def load_session(store: Store, authorization: str | None) -> Session:
    """The session of an ``Authorization`` header value; refuses with 401 otherwise."""
    if not authorization:
        raise _unauthenticated("A bearer token is required.")
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise _unauthenticated("Use 'Authorization: Bearer <token>'.")
    row = stored_sessions.by_token_hash(store, token_hash(token))
    if row is None:
        raise _unauthenticated("The token is unknown or its session was revoked.")
    return Session(token_hash=row["token_hash"], identity_id=row["identity_id"],
                   email=row["email"], email_domain=row["email_domain"], name=row["name"],
                   current_account_id=row["current_account_id"])


class AuthenticatedRoute(APIRoute):
    """A route that checks the bearer token before anything else (body included)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler with an early token check."""
        handler = super().get_route_handler()

        async def authenticate_first(request: Request) -> Response:
            if not _skips_session_check(request, self.name):
                load_session(request.app.state.service.store,
                             request.headers.get("authorization"))
            return await handler(request)

        return authenticate_first


async def current_session(request: Request) -> Session:
    """The caller's session, loaded right before the endpoint runs."""
    route = request.scope.get("route")
    if _skips_session_check(request, getattr(route, "name", "")):
        try:
            return load_session(request.app.state.service.store,
                                request.headers.get("authorization"))
        except Refusal:
            return Session("", "", "", "", "", None)  # nobody: a member of nothing
    return load_session(request.app.state.service.store, request.headers.get("authorization"))


def _skips_session_check(request: Request, route_name: str) -> bool:
    """Whether the route may run without a session (the rule ``session_required``)."""
    return not request.app.state.service.rules.session_required(route_name)


SessionDep = Annotated[Session, Depends(current_session)]
AUTH_DEPENDENCIES = [Depends(bearer_scheme)]


def authenticated_router(**kwargs: Any) -> APIRouter:
    """A router whose routes all need a bearer token (checked before the body is read)."""
    return APIRouter(route_class=AuthenticatedRoute, dependencies=AUTH_DEPENDENCIES, **kwargs)
