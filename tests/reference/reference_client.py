"""Helpers for the reference service's own tests: an in-process client, run prefixes, setups.

The reference runs in this process: FastAPI's ``TestClient`` on ``create_app`` with a SQLite
file in a temporary directory, no socket. (``test_reference_process.py`` starts the real
process where the process itself is what is tested.) Test modules make their fixtures from
``serve_api`` and ``new_run``; there is deliberately no ``conftest.py`` here, because
``tests/conftest.py`` is imported by module name.
"""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from account_reference.app import create_app
from account_reference.store import Store

with warnings.catch_warnings():  # Starlette >= 1.10 prefers the httpx2 package; httpx works
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient


@dataclass
class Api:
    """A tiny client for one reference: in process (a ``TestClient``, safe to share between
    threads: requests run concurrently on the app's one event loop, as under uvicorn) or a
    real process over HTTP (``http_api``)."""

    client: httpx.Client

    def call(self, method: str, path: str, token: str | None = None,
             **kwargs: Any) -> httpx.Response:
        """Send one request, with the bearer token when given (``data``: a raw body)."""
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if "data" in kwargs:
            kwargs["content"] = kwargs.pop("data")
        return self.client.request(method, path, headers=headers, **kwargs)

    def ok(self, method: str, path: str, token: str | None = None, status: int = 200,
           **kwargs: Any) -> Any:
        """Send a request that must succeed with ``status``; its JSON body (None for 204)."""
        reply = self.call(method, path, token, **kwargs)
        assert reply.status_code == status, (reply.status_code, reply.text)
        return None if status == 204 else reply.json()

    def session(self, email: str, name: str = "Test User") -> str:
        """A new session token for ``email``."""
        return self.ok("POST", "/test-support/sessions", status=201,
                       json={"email": email, "name": name})["token"]


@dataclass
class Run:
    """A unique run prefix with helpers for emails and domains under it."""

    prefix: str = field(default_factory=lambda: f"ref-{uuid.uuid4().hex[:12]}")

    @property
    def domain(self) -> str:
        """The run's own email domain."""
        return f"{self.prefix}.test"

    def email(self, local: str, domain: str | None = None) -> str:
        """An email at the run's domain (or at ``domain``)."""
        return f"{local}@{domain or self.domain}"


def assert_problem(reply: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The reply is an RFC 9457 problem with this status and code."""
    assert reply.status_code == status, (reply.status_code, reply.text)
    assert reply.headers["content-type"].startswith("application/problem+json")
    body = reply.json()
    assert body["code"] == code, body
    assert body["status"] == status and body["type"] and body["title"] and body["detail"]
    return body


def new_org(api: Api, token: str, run: Run, plan: str = "enterprise") -> dict[str, Any]:
    """Create an organization; the ``{organization, account}`` answer."""
    return api.ok("POST", "/v1/organizations", token, status=201,
                  json={"name": f"{run.prefix} {plan} org", "plan": plan})


def join(api: Api, owner: str, org_id: str, email: str, role: str) -> str:
    """Invite ``email`` with ``role`` and accept; the new member's session token."""
    invitation = api.ok("POST", f"/v1/organizations/{org_id}/invitations", owner,
                        status=201, json={"email": email, "role": role})
    token = api.session(email)
    api.ok("POST", f"/v1/invitations/{invitation['id']}/accept", token, status=201, json={})
    return token


def verified_domain(api: Api, owner: str, org_id: str, domain: str) -> dict[str, Any]:
    """Add ``domain``, publish its TXT token and verify it."""
    added = api.ok("POST", f"/v1/organizations/{org_id}/domains", owner, status=201,
                   json={"domain": domain})
    record = added["verification"]
    api.ok("PUT", f"/test-support/dns/txt/{record['record_name']}",
           json={"values": [record["record_value"]]})
    verified = api.ok("POST", f"/v1/organizations/{org_id}/domains/{domain}/verify", owner,
                      json={})
    assert verified["status"] == "verified"
    return verified


@contextmanager
def reference(directory: Path, faults: Iterable[str] = ()) -> Iterator[Api]:
    """A reference app with ``faults`` on a new SQLite file in ``directory``, in process."""
    store = Store(str(directory / f"reference-{uuid.uuid4().hex[:8]}.sqlite3"))
    try:
        with TestClient(create_app(store, faults=faults),
                        base_url="http://reference.test") as client:
            yield Api(client)
    finally:
        store.close()


def http_api(base_url: str) -> Api:
    """A client for a reference running as its own process at ``base_url``."""
    return Api(httpx.Client(base_url=base_url, timeout=10))


def serve_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """A clean reference for the test module (use as a module-scoped fixture)."""
    with reference(tmp_path_factory.mktemp("reference")) as api:
        yield api


def new_run() -> Run:
    """A fresh run prefix for one test (use as a fixture)."""
    return Run()
