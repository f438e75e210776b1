"""Contract latitude: choices the contract leaves open, each a switch of the reference.

A conformance suite must pass every correct service, not only this one. Where the contract
lets a service choose (``contract/README.md``, ``openapi.yaml``), the reference makes one
choice by default; each latitude here makes another one that the contract allows as well.
``python -m account_reference --latitude NAME`` (repeatable) switches them on,
``--list-latitudes`` prints them. ``tests/test_latitude.py`` runs the whole suite against a
reference with all of them on: it must pass.

Like a fault mode, a latitude changes the service once, when the app is built
(``create_app(latitude=…)``): it replaces rule functions (``rules.py``) or adds an ASGI
middleware. The service's normal path has no latitude conditionals.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import json
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .asgi_body import read_body, replay
from .bodies import Body
from .problems import not_json, problem_response
from .routes import ROUTERS
from .rules import Rules
from .signing import Signer

Json = Any
Transform = Callable[[Json], Json]
RuleFunction = Callable[..., Any]

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
NOT_IDS = frozenset({"domain", "name", "prefix"})
"""Path parameters that are not ids (a hostname, a DNS name, a run prefix)."""
EXTRA_FIELD = "x_latitude_note"
"""The field the ``extra-response-fields`` latitude adds to every JSON object."""
LISTS = frozenset({"accounts", "items", "members", "domains", "invitations", "features"})
"""The response lists whose order the contract does not fix."""
TXT_VALUE_MAX = 255
_INTERNAL_ID = re.compile(r"^(?:acc|idn|org|cnv|prj|inv)_[A-Za-z0-9_-]{16}$")
_EXTERNAL_ID = re.compile(r"^[0-9a-f]{40}$")


@dataclass(frozen=True)
class Latitude:
    """One choice the contract leaves open: its name, where the contract leaves it open,
    what the service does with it on, and how (rules replaced, a middleware added)."""

    name: str
    contract: str
    description: str
    replaces: Mapping[str, RuleFunction] = field(default_factory=dict)
    middleware: Callable[[FastAPI], None] | None = None

    def as_dict(self) -> dict[str, str]:
        """The latitude as ``--list-latitudes`` prints it."""
        return {"name": self.name, "contract": self.contract, "description": self.description}


# -- ASGI plumbing: read the request body once, rewrite JSON responses ----------------------
def _with_header(scope: Scope, name: bytes, value: bytes) -> Scope:
    headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != name]
    return {**scope, "headers": [*headers, (name, value)]}


def _content_type(headers: Iterable[tuple[bytes, bytes]]) -> str:
    for key, value in headers:
        if key.lower() == b"content-type":
            return value.decode("latin-1").split(";", 1)[0].strip().lower()
    return ""


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or (
        content_type.startswith("application/") and content_type.endswith("+json"))


class JsonResponseRewrite:
    """Rewrites every JSON answer (``application/json``, ``…+json``) with ``transform``."""

    def __init__(self, app: ASGIApp, transform: Transform) -> None:
        self.app = app
        self.transform = transform

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Buffer the answer, rewrite its JSON body, send it with the new length."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffered(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._send(start, b"".join(chunks), send)

        await self.app(scope, receive, buffered)

    async def _send(self, start: Message, body: bytes, send: Send) -> None:
        headers = list(start.get("headers", []))
        if body and _is_json(_content_type(headers)):
            try:
                body = json.dumps(self.transform(json.loads(body)),
                                  ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            except ValueError:
                pass
        headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode("ascii")))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})


def api_routes() -> Iterator[APIRoute]:
    """Every route of the service, as its router declares it."""
    for router in ROUTERS:
        yield from (route for route in router.routes if isinstance(route, APIRoute))


def _route_of(scope: Scope) -> APIRoute | None:
    """The API route that will handle the request (method and path), or None."""
    for route in api_routes():
        if route.methods and scope["method"] in route.methods:
            if route.path_regex.match(scope["path"]):
                return route
    return None


@dataclass(frozen=True)
class BodyModel:
    """A route's request body: its model and whether the body may be left out."""

    model: type[BaseModel]
    required: bool


def body_model(endpoint: Callable[..., Any]) -> BodyModel | None:
    """The body model an endpoint validates its body with (None: it takes no body)."""
    hints = typing.get_type_hints(endpoint)
    for name, parameter in inspect.signature(endpoint).parameters.items():
        hint = hints.get(name)
        options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        for option in options:
            if isinstance(option, type) and issubclass(option, Body):
                return BodyModel(option, parameter.default is inspect.Parameter.empty)
    return None


Refused = tuple[str, str, int]
"""A refusal a latitude answers itself: code, detail, status."""
BodyCheck = Callable[[BodyModel, bytes, str], Refused | None]


class RequestBodyCheck:
    """Looks at the body of a ``POST``/``PUT``/``PATCH`` before routing and authentication;
    ``check`` answers a problem response (or None to pass the request on)."""

    def __init__(self, app: ASGIApp, check: BodyCheck) -> None:
        self.app = app
        self.check = check
        self.models: dict[str, BodyModel | None] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse the request here, or pass it on with its body replayed."""
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        route = _route_of(scope)
        model = self._model(route) if route is not None else None
        if model is None:
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        refusal = self.check(model, body, _content_type(scope.get("headers", [])))
        if refusal is not None:
            code, detail, status = refusal
            await problem_response(code, detail, status=status)(scope, receive, send)
            return
        await self.app(scope, replay(body, receive), send)

    def _model(self, route: APIRoute) -> BodyModel | None:
        key = f"{sorted(route.methods or ())} {route.path}"
        if key not in self.models:
            self.models[key] = body_model(route.endpoint)
        return self.models[key]


def _parsed(body: bytes, content_type: str) -> tuple[bool, Any]:
    """(whether the body is JSON declared as JSON, its value)."""
    if not body or not _is_json(content_type):
        return False, None
    try:
        return True, json.loads(body)
    except (ValueError, RecursionError):
        return True, _NOT_JSON


_NOT_JSON = object()


# -- body validated before the session ------------------------------------------------------
def validate_body_first(model: BodyModel, body: bytes,
                        content_type: str) -> Refused | None:
    """A JSON body is checked against the operation's schema before the bearer token."""
    is_json, value = _parsed(body, content_type)
    if not is_json:
        return None
    if value is _NOT_JSON:
        refusal = not_json()
        return refusal.code, refusal.detail, refusal.status
    if not isinstance(value, dict):
        return "invalid_request", "The body must be a JSON object.", 422
    try:
        model.model.model_validate(value)
    except ValidationError as exc:
        return "invalid_request", f"The body is invalid: {exc.errors()[0]['msg']}", 422
    return None


def refuse_extra_fields(model: BodyModel, body: bytes,
                        content_type: str) -> Refused | None:
    """A field the operation's request schema does not name is refused with 422."""
    is_json, value = _parsed(body, content_type)
    if not is_json or not isinstance(value, dict):
        return None
    extra = sorted(set(value) - set(model.model.model_fields))
    if extra:
        return "invalid_request", f"Unknown field(s): {', '.join(extra)}.", 422
    return None


def empty_body_is_malformed(model: BodyModel, body: bytes,
                            content_type: str) -> Refused | None:
    """A required body sent empty is not JSON at all: ``400`` (not ``422``)."""
    if body or not model.required:
        return None
    refusal = not_json()
    return refusal.code, "An empty body is not valid JSON.", refusal.status


def _body_check(check: BodyCheck) -> Callable[[FastAPI], None]:
    def add(app: FastAPI) -> None:
        app.add_middleware(RequestBodyCheck, check=check)
    return add


# -- ids of another shape, path ids matched strictly ------------------------------------------
def external_id(internal: str) -> str:
    """The id a client sees: 40 lower-case hex digits (the internal id's bytes)."""
    return internal.encode("ascii").hex()


def internal_id(external: str) -> str | None:
    """The internal id behind an external one, or None when no object can have it."""
    if not _EXTERNAL_ID.match(external):
        return None
    try:
        internal = bytes.fromhex(external).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        return None
    return internal if _INTERNAL_ID.match(internal) else None


def _walk(value: Json, leaf: Callable[[str], str]) -> Json:
    if isinstance(value, dict):
        return {key: _walk(item, leaf) for key, item in value.items()}
    if isinstance(value, list):
        return [_walk(item, leaf) for item in value]
    return leaf(value) if isinstance(value, str) else value


def _to_external(value: str) -> str:
    return external_id(value) if _INTERNAL_ID.match(value) else value


def _to_internal(value: str) -> str:
    return internal_id(value) or value


class StrictIds:
    """Clients see ids of another shape (40 hex digits); a path id not of that shape is
    ``404 not_found`` before routing and authentication. Ids are translated at the edge."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = JsonResponseRewrite(app, lambda data: _walk(data, _to_external))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check and translate the path ids and the body's ids, then pass the request on."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = self._internal_path(scope)
        if path is None:
            await problem_response("not_found", "No object has this id.")(scope, receive, send)
            return
        scope = {**scope, "path": path, "raw_path": quote(path).encode("ascii")}
        if scope["method"] in BODY_METHODS:
            body = await read_body(receive)
            is_json, value = _parsed(body, _content_type(scope.get("headers", [])))
            if is_json and value is not _NOT_JSON:
                body = json.dumps(_walk(value, _to_internal)).encode("utf-8")
                scope = _with_header(scope, b"content-length", str(len(body)).encode())
            receive = replay(body, receive)
        await self.app(scope, receive, send)

    @staticmethod
    def _internal_path(scope: Scope) -> str | None:
        """The path with internal ids, or None when a path id has the wrong shape."""
        path: str = scope["path"]
        for route in api_routes():
            match = route.path_regex.match(path)
            if match is None:
                continue
            params = {name: value for name, value in match.groupdict().items()
                      if name not in NOT_IDS}
            if not params:
                return path
            translated = {name: internal_id(value) for name, value in params.items()}
            if any(value is None for value in translated.values()):
                return None
            segments = route.path.split("/")
            values = path.split("/")
            for index, segment in enumerate(segments):
                name = segment[1:-1] if segment.startswith("{") else None
                if name in translated and index < len(values):
                    values[index] = str(translated[name])
            return "/".join(values)
        return path


# -- what responses may carry and in which order ------------------------------------------------
def add_unknown_fields(value: Json) -> Json:
    """Every JSON object gets a field the contract does not name (clients ignore it)."""
    if isinstance(value, dict):
        return {**{k: add_unknown_fields(v) for k, v in value.items()},
                EXTRA_FIELD: "a field the contract does not name"}
    if isinstance(value, list):
        return [add_unknown_fields(item) for item in value]
    return value


def reverse_lists(value: Json) -> Json:
    """Every list whose order the contract leaves open comes in reverse order."""
    if isinstance(value, dict):
        return {k: (list(reversed(v)) if k in LISTS and isinstance(v, list) else v)
                for k, v in ((k, reverse_lists(v)) for k, v in value.items())}
    if isinstance(value, list):
        return [reverse_lists(item) for item in value]
    return value


def other_problem_wording(value: Json) -> Json:
    """A problem's ``type``, ``title`` and ``detail`` are the service's own words."""
    if isinstance(value, dict) and isinstance(value.get("code"), str) and "status" in value:
        return {**value, "type": "about:blank", "title": f"Refused ({value['status']})",
                "detail": "See the code."}
    return value


def _rewrite(transform: Transform) -> Callable[[FastAPI], None]:
    def add(app: FastAPI) -> None:
        app.add_middleware(JsonResponseRewrite, transform=transform)
    return add


def _strict_ids(app: FastAPI) -> None:
    app.add_middleware(StrictIds)


# -- long domain tokens -----------------------------------------------------------------------
def long_domain_token(signer: Signer, organization_id: str, domain: str) -> str:
    """A TXT token of the largest length a TXT value may have (255 characters)."""
    seed = signer.domain_token(organization_id, domain)
    text, block = seed, seed
    while len(text) < TXT_VALUE_MAX:
        block = hashlib.sha256(block.encode("ascii")).hexdigest()
        text += block
    return text[:TXT_VALUE_MAX]


LATITUDES: dict[str, Latitude] = {entry.name: entry for entry in (
    Latitude(
        "body-before-session",
        "the order between invalid_request and the other refusals is not fixed",
        "A JSON body is validated before the bearer token: an invalid body is 400/422 "
        "invalid_request also without a valid session.",
        middleware=_body_check(validate_body_first)),
    Latitude(
        "strict-ids",
        "ids are opaque strings chosen by the service; a path id no object can have is 404 "
        "(no order against 401 is fixed)",
        "Ids are 40 hex digits; a path id of another shape is 404 not_found before "
        "authentication.",
        middleware=_strict_ids),
    Latitude(
        "long-domain-tokens",
        "record_value is the token, at most 255 characters",
        "Domain verification tokens are 255 characters long.",
        replaces={"domain_token": long_domain_token}),
    Latitude(
        "extra-response-fields",
        "response objects may carry fields the contract does not name",
        f"Every JSON object in an answer has an extra field {EXTRA_FIELD!r}.",
        middleware=_rewrite(add_unknown_fields)),
    Latitude(
        "reversed-lists",
        "no order is fixed for the lists of accounts, items, members, domains, invitations "
        "and features",
        "Every such list comes in reverse order.",
        middleware=_rewrite(reverse_lists)),
    Latitude(
        "refuse-extra-fields",
        "a service may ignore fields a request schema does not name, or refuse them with "
        "422 invalid_request",
        "A request body with a field its schema does not name is 422 invalid_request "
        "(before authentication).",
        middleware=_body_check(refuse_extra_fields)),
    Latitude(
        "empty-body-400",
        "invalid_request is 400 for a body that is not JSON, 422 for a missing field: an "
        "empty body is both",
        "A required body sent empty is 400 invalid_request (not JSON) instead of 422.",
        middleware=_body_check(empty_body_is_malformed)),
    Latitude(
        "other-problem-wording",
        "clients act on the problem's code; type may be about:blank, title and detail are "
        "free text",
        "Every problem has type about:blank and the service's own title and detail.",
        middleware=_rewrite(other_problem_wording)),
)}
"""Every latitude by name."""


class UnknownLatitudeError(ValueError):
    """A latitude name that is not in the registry."""


def registry() -> dict[str, list[dict[str, str]]]:
    """Every latitude: ``{"latitudes": [{name, contract, description}]}``."""
    return {"latitudes": [entry.as_dict() for entry in LATITUDES.values()]}


def check_names(names: Iterable[str]) -> frozenset[str]:
    """The names as a set; unknown ones raise ``UnknownLatitudeError``."""
    enabled = frozenset(names)
    unknown = sorted(enabled - LATITUDES.keys())
    if unknown:
        raise UnknownLatitudeError(f"unknown latitude(s): {', '.join(unknown)}; "
                                   f"known: {', '.join(LATITUDES)}")
    return enabled


def with_rules(rules: Rules, names: Iterable[str]) -> Rules:
    """``rules`` with the rule functions the named latitudes replace."""
    replaced: dict[str, RuleFunction] = {}
    for name in check_names(names):
        replaced.update(LATITUDES[name].replaces)
    return dataclasses.replace(rules, **replaced) if replaced else rules


def add_middleware(app: FastAPI, names: Iterable[str]) -> None:
    """Add the middlewares of the named latitudes (in registry order) to ``app``."""
    enabled = check_names(names)
    for entry in LATITUDES.values():
        if entry.name in enabled and entry.middleware is not None:
            entry.middleware(app)
