"""A stand-in vendor API, shaped differently from the contract, in front of a real service.

It serves ``/api/v2/...`` (``workspaces`` for organizations, ``profiles/me`` for the signed-in
identity, ``chats`` for conversations, ``testing`` for test-support) with camelCase fields
(``accountType`` for ``kind``, ``tier`` for ``plan``, ``orgId``, ...), other enum values
(``personal``/``workspace`` accounts, upper-case roles) and errors of the form
``{"errorCode", "message", "httpStatus"}`` with its own codes. Every request is translated
to the contract, sent to the upstream service over HTTP, and the answer translated back.
No account logic lives here: three tables (routes, field names, error codes) do the work.

``python -m examples.vendor_api.adapter_app --upstream URL [--host H] [--port P]`` binds the
socket itself (``--port 0``: the OS picks a free one), prints
``vendor-adapter listening on http://HOST:PORT`` and serves until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import socket
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import requests
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

# vendor route (under VENDOR_PREFIX)  ->  contract route; path parameters are passed on
# still URL-encoded
VENDOR_PREFIX = "/api/v2"
ROUTES_TABLE = """
GET    /about                                  GET    /v1/meta
GET    /profiles/me                            GET    /v1/me
GET    /profiles/me/accounts                   GET    /v1/me/accounts
POST   /profiles/me/active-account             PUT    /v1/me/current-account
GET    /profiles/me/invites                    GET    /v1/me/invitations
POST   /profiles/me/personal-account           POST   /v1/me/individual-account
DELETE /profiles/me/personal-account           DELETE /v1/me/individual-account
POST   /profiles/me/personal-account/cancel    POST   /v1/me/individual-account/cancel
GET    /accounts/{account}                     GET    /v1/accounts/{account}
POST   /accounts/{account}/transfers           POST   /v1/accounts/{account}/migrate
POST   /accounts/{account}/merges              POST   /v1/accounts/{account}/merge
POST   /chats                                  POST   /v1/conversations
GET    /chats                                  GET    /v1/conversations
GET    /chats/{item}                           GET    /v1/conversations/{item}
DELETE /chats/{item}                           DELETE /v1/conversations/{item}
POST   /projects                               POST   /v1/projects
GET    /projects                               GET    /v1/projects
GET    /projects/{item}                        GET    /v1/projects/{item}
DELETE /projects/{item}                        DELETE /v1/projects/{item}
POST   /workspaces                             POST   /v1/organizations
GET    /workspaces/{org}                       GET    /v1/organizations/{org}
GET    /workspaces/{org}/members               GET    /v1/organizations/{org}/members
PATCH  /workspaces/{org}/members/{account}     PATCH  /v1/organizations/{org}/members/{account}
DELETE /workspaces/{org}/members/{account}     DELETE /v1/organizations/{org}/members/{account}
POST   /workspaces/{org}/owner-handover        POST   /v1/organizations/{org}/ownership-transfer
POST   /workspaces/{org}/invites               POST   /v1/organizations/{org}/invitations
POST   /invites/{invite}/accept                POST   /v1/invitations/{invite}/accept
GET    /workspaces/{org}/sso-settings          GET    /v1/organizations/{org}/sso
PUT    /workspaces/{org}/sso-settings          PUT    /v1/organizations/{org}/sso
POST   /workspaces/{org}/sso/login             POST   /v1/sso/{org}/sign-in
POST   /workspaces/{org}/domains               POST   /v1/organizations/{org}/domains
GET    /workspaces/{org}/domains               GET    /v1/organizations/{org}/domains
GET    /workspaces/{org}/domains/{dom}         GET    /v1/organizations/{org}/domains/{dom}
PATCH  /workspaces/{org}/domains/{dom}         PATCH  /v1/organizations/{org}/domains/{dom}
POST   /workspaces/{org}/domains/{dom}/checks  POST   /v1/organizations/{org}/domains/{dom}/verify
POST   /testing/sessions                       POST   /test-support/sessions
PUT    /testing/personal-tier                  PUT    /test-support/individual-plan
PUT    /testing/dns/{name}/txt                 PUT    /test-support/dns/txt/{name}
POST   /testing/idp/assertions                 POST   /test-support/idp/assertions
POST   /testing/public-domains                 POST   /test-support/public-email-domains
DELETE /testing/runs/{prefix}                  DELETE /test-support/runs/{prefix}
"""

# contract field -> vendor field; every other field: snake_case -> camelCase
FIELD_NAMES = {
    "kind": "accountType", "account_kinds": "accountTypes", "plan": "tier",
    "organization": "workspace", "organization_id": "orgId",
    "current_account_id": "activeAccountId", "test_support": "testingEnabled",
    "token": "accessToken", "target_token": "targetAccessToken", "title": "subject",
    "items": "data", "values": "records", "block_individual_signups": "blockPersonalSignups",
}
# vendor field -> {contract value: vendor value}
_KINDS = {"individual": "personal", "organization": "workspace"}
FIELD_VALUES = {
    "accountType": _KINDS, "accountTypes": _KINDS,
    "role": {"primary_owner": "PRIMARY_OWNER", "owner": "OWNER", "admin": "ADMIN",
             "member": "MEMBER"},
}
# contract error code -> vendor errorCode
ERROR_CODES = {
    "invalid_request": "VALIDATION_FAILED", "unauthenticated": "AUTH_REQUIRED",
    "sso_assertion_invalid": "SSO_ASSERTION_REJECTED", "insufficient_role": "ROLE_NOT_PERMITTED",
    "plan_feature_unavailable": "TIER_LACKS_FEATURE", "domain_restricted": "DOMAIN_LOCKED",
    "not_a_member": "NOT_IN_WORKSPACE", "not_found": "RESOURCE_NOT_FOUND",
    "account_exists": "ACCOUNT_ALREADY_EXISTS", "invitation_not_pending": "INVITE_ALREADY_USED",
    "no_current_account": "NO_ACTIVE_ACCOUNT", "domain_exists": "DOMAIN_ALREADY_ADDED",
    "domain_not_verified": "DOMAIN_UNVERIFIED", "domain_already_claimed": "DOMAIN_OWNED_ELSEWHERE",
    "sso_not_configured": "SSO_DISABLED", "subscription_active": "SUBSCRIPTION_STILL_ACTIVE",
    "primary_owner_protected": "OWNER_ROLE_LOCKED",
    "account_migration_unsupported": "TRANSFER_NOT_SUPPORTED",
    "account_merge_unsupported": "MERGE_NOT_SUPPORTED", "domain_public": "PUBLIC_EMAIL_DOMAIN",
    "method_not_allowed": "METHOD_NOT_ALLOWED", "payload_too_large": "BODY_TOO_LARGE",
    "unsupported_media_type": "CONTENT_TYPE_NOT_JSON",
}
TESTING_KEY_HEADER = "X-Testing-Key"
UPSTREAM_TIMEOUT_S = (5.0, 30.0)
_PROBLEM_FIELDS = frozenset({"type", "title", "status", "detail", "code"})
_FIELD_BACK = {vendor: contract for contract, vendor in FIELD_NAMES.items()}
_VALUES_OUT = {_FIELD_BACK.get(key, key): table for key, table in FIELD_VALUES.items()}
_VALUES_BACK = {key: {v: c for c, v in table.items()} for key, table in FIELD_VALUES.items()}


@dataclass(frozen=True)
class RouteRule:
    """One line of the route table: a vendor route and the contract route it stands for."""

    method: str
    pattern: re.Pattern[str]
    upstream_method: str
    upstream_path: str


def _rules(table: str) -> list[RouteRule]:
    rules = []
    for line in table.strip().splitlines():
        method, path, upstream_method, upstream_path = line.split()
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", VENDOR_PREFIX + path)
        rules.append(RouteRule(method, re.compile(f"^{regex}$"), upstream_method, upstream_path))
    return rules


RULES = _rules(ROUTES_TABLE)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _translate(data: Any, rename: Any, values: dict[str, dict[str, str]]) -> Any:
    """``data`` with every key renamed and the enum values of known keys mapped."""
    if isinstance(data, list):
        return [_translate(entry, rename, values) for entry in data]
    if not isinstance(data, dict):
        return data
    out = {}
    for key, value in data.items():
        table = values.get(key, {})
        new_key = rename(key)
        value = _translate(value, rename, values)
        if isinstance(value, str):
            value = table.get(value, value)
        elif isinstance(value, list) and table:
            value = [table.get(v, v) if isinstance(v, str) else v for v in value]
        out[new_key] = value
    return out


def to_vendor(data: Any) -> Any:
    """A contract body in the vendor's field names and values."""
    return _translate(data, lambda k: FIELD_NAMES.get(k, _camel(k)), _VALUES_OUT)


def to_contract(data: Any) -> Any:
    """A vendor body in the contract's field names and values."""
    return _translate(data, lambda k: _FIELD_BACK.get(k, _snake(k)), _VALUES_BACK)


def vendor_error(status: int, code: str, message: str, **extra: Any) -> Response:
    """A refusal in the vendor's format."""
    body = {"errorCode": ERROR_CODES.get(code, code.upper()), "message": message,
            "httpStatus": status, **extra}
    return Response(json.dumps(body), status_code=status, media_type="application/json")


class Upstream:
    """The contract-conforming service behind the adapter (one HTTP session per thread)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self._local = threading.local()

    def send(self, method: str, path: str, headers: dict[str, str],
             body: bytes | None) -> requests.Response:
        """Send one request upstream."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session.request(method, self.base_url + path, headers=headers, data=body,
                               timeout=UPSTREAM_TIMEOUT_S)


def _upstream_request(request: Request, raw: bytes) -> tuple[dict[str, str], bytes | None]:
    headers = {"Accept": "application/json"}
    if "authorization" in request.headers:
        headers["Authorization"] = request.headers["authorization"]
    if TESTING_KEY_HEADER.lower() in request.headers:
        headers["X-Test-Support-Key"] = request.headers[TESTING_KEY_HEADER.lower()]
    if not raw:
        return headers, None
    headers["Content-Type"] = "application/json"
    try:
        return headers, json.dumps(to_contract(json.loads(raw))).encode()
    except ValueError:
        return headers, raw  # malformed JSON: let the service refuse it


def _vendor_response(reply: requests.Response) -> Response:
    if reply.status_code == 204 or not reply.content:
        return Response(status_code=reply.status_code)
    try:
        data = reply.json()
    except ValueError:
        return vendor_error(502, "upstream_invalid", f"upstream answered {reply.status_code} "
                            "without JSON")
    if reply.status_code >= 400 and isinstance(data, dict) and "code" in data:
        extra = to_vendor({k: v for k, v in data.items() if k not in _PROBLEM_FIELDS})
        return vendor_error(reply.status_code, str(data["code"]), str(data.get("detail", "")),
                            **extra)
    return Response(json.dumps(to_vendor(data)), status_code=reply.status_code,
                    media_type="application/json")


def create_app(upstream_url: str) -> Starlette:
    """The adapter as an ASGI app forwarding to ``upstream_url``."""
    upstream = Upstream(upstream_url)

    async def dispatch(request: Request) -> Response:
        path = request.scope.get("raw_path", b"").decode("latin-1").split("?")[0]
        matches = [(rule, m) for rule in RULES if (m := rule.pattern.match(path))]
        chosen = next(((rule, m) for rule, m in matches if rule.method == request.method), None)
        if chosen is None:
            if matches:
                return vendor_error(405, "method_not_allowed", "Method not allowed.")
            return vendor_error(404, "not_found", "No such resource.")
        rule, match = chosen
        target = rule.upstream_path.format(**match.groupdict())
        headers, body = _upstream_request(request, await request.body())
        try:
            reply = await run_in_threadpool(upstream.send, rule.upstream_method, target,
                                            headers, body)
        except requests.Timeout:
            return vendor_error(504, "upstream_timeout", "The upstream service timed out.")
        except requests.ConnectionError:
            return vendor_error(502, "upstream_unreachable", "The upstream service is down.")
        return _vendor_response(reply)

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    return Starlette(routes=[Route("/{path:path}", dispatch, methods=methods)])


def bind(host: str, port: int) -> socket.socket:
    """A bound, listening TCP socket (IPPROTO_TCP so accepted connections get TCP_NODELAY)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(512)
    return sock


def main(argv: Sequence[str] | None = None) -> int:
    """Start the adapter; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m examples.vendor_api.adapter_app",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--upstream", required=True, help="base URL of the contract service")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: the OS picks a free port")
    args = parser.parse_args(argv)
    if not args.upstream.startswith(("http://", "https://")):
        parser.error("--upstream must start with http:// or https://")
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        print(f"vendor-adapter: cannot bind {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    host, port = sock.getsockname()[:2]
    print(f"vendor-adapter listening on http://{host}:{port}", flush=True)
    config = uvicorn.Config(create_app(args.upstream), log_level="warning", access_log=False,
                            lifespan="off", timeout_graceful_shutdown=3)
    for sig in (signal.SIGTERM, signal.SIGINT):  # uvicorn re-raises them after shutdown
        signal.signal(sig, lambda *_: None)
    asyncio.run(uvicorn.Server(config).serve(sockets=[sock]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
