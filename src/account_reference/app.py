"""The FastAPI application: routers, problem handlers, the request guards and the optional
added latency.

Two guards keep hostile input away from the endpoints:

* ``BodyGuardMiddleware`` (outermost, before routing and authentication) reads the body and
  refuses one of more than ``MAX_BODY_BYTES`` with ``413 payload_too_large``.
* ``check_request`` (a dependency of every route, so after the bearer token is checked)
  answers ``404 not_found`` for a path id no object can have (ids are short and URL-safe; a
  domain is a hostname), ``415 unsupported_media_type`` for a body not declared as JSON, and
  ``400``/``422 invalid_request`` for a body that is not JSON or not a JSON object.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import Depends, FastAPI, Request
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from . import CONTRACT_VERSION, SERVICE_NAME, latitude
from .asgi_body import replay
from .context import Service
from .faults import FaultSet, rules_for
from .problems import Refusal, install_handlers, not_found, not_json, problem_response
from .routes import ROUTERS
from .schemas import Problem
from .signing import Signer
from .store import Store
from .ui.routes import PageRoute
from .ui.routes import install as install_ui
from .validation import normalize_domain

MAX_BODY_BYTES = 1024 * 1024
"""The largest request body the service reads (1 MiB); larger ones are refused with 413."""
DRAIN_LIMIT_BYTES = 16 * 1024 * 1024
"""How much of an oversized body is read and dropped before answering (so the client sees
the 413 instead of a reset connection); past this the connection is closed."""
_GUARDED_SCOPES = frozenset({"http"})  # not lifespan (or websocket: the service has none)
_GONE = frozenset({"http.disconnect"})
_PATH_NOUNS = {"domain": "The domain"}
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_JSON_MEDIA_TYPE = re.compile(r"^application/(?:[a-z0-9.+-]+\+)?json$")
_PATH_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_CHECKED_ELSEWHERE = frozenset({"name", "prefix"})  # test-support: 422 in the handler


class LatencyMiddleware:
    """Adds a fixed delay before every HTTP request is handled (``--latency-ms``)."""

    def __init__(self, app: ASGIApp, latency_ms: int) -> None:
        self.app = app
        self.delay_s = latency_ms / 1000

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Sleep, then pass the request on."""
        if scope["type"] == "http":
            await asyncio.sleep(self.delay_s)
        await self.app(scope, receive, send)


def is_json_media_type(content_type: str | None) -> bool:
    """Whether a ``Content-Type`` value declares JSON (``application/json``, ``…+json``)."""
    if not content_type:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    return bool(_JSON_MEDIA_TYPE.match(media_type))


class BodyGuardMiddleware:
    """Refuses oversized bodies (413) up front, before routing and authentication.

    The body is read here (at most ``MAX_BODY_BYTES`` kept) and handed on unchanged.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read the body, refuse it or pass the request on with the body replayed."""
        if scope["type"] not in _GUARDED_SCOPES:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        declared = headers.get("content-length", "")
        too_large = declared.isdigit() and int(declared) > self.max_body_bytes
        chunks: list[bytes] = []
        size, more, drained = 0, True, True
        while more:
            message = await receive()
            if message["type"] in _GONE:
                return  # the client went away; there is nobody to answer
            chunk = message.get("body", b"")
            size += len(chunk)
            more = bool(message.get("more_body", False))
            if too_large or size > self.max_body_bytes:
                too_large, chunks = True, []
                if stop_draining(more, size):
                    drained = False
                    break
                continue
            chunks.append(chunk)
        if too_large:
            response = problem_response(
                "payload_too_large",
                f"A request body may be at most {self.max_body_bytes} bytes.")
            if not drained:
                response.headers["Connection"] = "close"
            await response(scope, receive, send)
            return
        await self.app(scope, replay(b"".join(chunks), receive), send)


def stop_draining(more: bool, size: int) -> bool:
    """Whether to stop reading a refused oversized body and close the connection: more is
    coming and ``DRAIN_LIMIT_BYTES`` were read. (Connection management only: the answer is
    the same 413 either way.)"""
    return more and size > DRAIN_LIMIT_BYTES


def bad_path_parameter(params: Mapping[str, Any]) -> str | None:
    """The name of a path parameter no object can match, or None when all look possible."""
    for name, value in params.items():
        if name in _CHECKED_ELSEWHERE or not isinstance(value, str):
            continue
        if name == "domain":
            if normalize_domain(value) is None:
                return name
        elif not _PATH_ID.match(value):
            return name
    return None


async def check_request(request: Request) -> None:
    """A dependency of every route: refuse what no endpoint should see, in this order.

    1. a path id that no object can have: ``404 not_found``;
    2. a non-empty ``POST``/``PUT``/``PATCH`` body not declared as JSON:
       ``415 unsupported_media_type``;
    3. a body that is not JSON: ``400 invalid_request``; JSON that is not an object
       (``null``, a list, a string…): ``422 invalid_request`` — every request body of the
       contract is an object, also where the body is optional.

    Dependencies run after ``AuthenticatedRoute`` has checked the bearer token, so a request
    without a valid session is still ``401`` whatever its path and body. The web UI's routes
    (``ui.routes.PageRoute``: HTML pages and form posts, not the contract) check their own
    input.
    """
    if isinstance(request.scope.get("route"), PageRoute):
        return
    bad = bad_path_parameter(request.path_params)
    if bad is not None:
        raise not_found(_PATH_NOUNS.get(bad, "The object"))
    if request.method not in BODY_METHODS:
        return
    body = await request.body()
    if not body:
        return
    if not is_json_media_type(request.headers.get("content-type")):
        raise Refusal("unsupported_media_type",
                      "Send the request body as JSON, with 'Content-Type: application/json'.")
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        raise not_json() from None
    if not isinstance(value, dict):
        raise Refusal("invalid_request",
                      f"The body must be a JSON object, not {type(value).__name__}.")


def create_app(store: Store, faults: FaultSet | Iterable[str] = frozenset(),
               latency_ms: int | None = None, latitudes: Iterable[str] = ()) -> FastAPI:
    """The reference service's app on ``store``, with ``faults`` enabled: each enabled fault
    replaces its rules here, once (``faults.rules_for``); each of the ``latitudes`` (choices
    the contract leaves open, ``latitude.py``) replaces rules or adds a middleware."""
    fault_set = faults if isinstance(faults, FaultSet) else FaultSet(faults)
    chosen = latitude.check_names(latitudes)
    app = FastAPI(
        title=SERVICE_NAME, version=CONTRACT_VERSION, redirect_slashes=False,
        description="Reference implementation of the account-service contract.",
        generate_unique_id_function=lambda route: route.name,
        responses={"4XX": {"model": Problem, "description": "A refusal (RFC 9457 problem)."}},
        dependencies=[Depends(check_request)],
    )
    app.state.service = Service(store=store,
                                rules=latitude.with_rules(rules_for(fault_set), chosen),
                                signer=Signer(store.signing_key()))
    install_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    install_ui(app)  # the web UI (/ui, /console): not in ROUTERS, which are the API's
    latitude.add_middleware(app, chosen)  # inside the body guard: bodies come size-checked
    app.add_middleware(BodyGuardMiddleware)
    add_latency(app, latency_ms)
    return app


def add_latency(app: FastAPI, latency_ms: int | None) -> None:
    """The harness switch ``--latency-ms``: a fixed delay before every request, if any."""
    if latency_ms:
        app.add_middleware(LatencyMiddleware, latency_ms=latency_ms)
