"""Contract latitude (``account_reference.latitude``): each switch really changes the answer.

For every latitude the same requests go to a reference without it and to one with it
(in process, ``TestClient``): the answers differ exactly where the contract leaves the choice
open. Whether the suite passes such a service is ``tests/test_latitude.py``.
"""

from __future__ import annotations

import json
import uuid
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from account_reference.__main__ import main, parse_args
from account_reference.app import create_app
from account_reference.latitude import (
    EXTRA_FIELD,
    LATITUDES,
    UnknownLatitudeError,
    external_id,
    internal_id,
)
from account_reference.store import Store

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient


class Client:
    """A reference in process with some latitudes on, and a signed-in owner."""

    def __init__(self, directory: Path, latitudes: list[str]) -> None:
        self.store = Store(str(directory / f"latitude-{uuid.uuid4().hex[:8]}.sqlite3"))
        self.http = TestClient(create_app(self.store, latitudes=latitudes))
        self.prefix = f"lat-{uuid.uuid4().hex[:10]}"
        self.token = self.ok("POST", "/test-support/sessions", 201, None, json={
            "email": f"owner@{self.prefix}.test", "name": "Olivia Owner"})["token"]

    def call(self, method: str, path: str, token: str | None = None,
             **kwargs: Any) -> httpx.Response:
        """One request, with the bearer token when given."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.http.request(method, path, headers=headers, **kwargs)

    def ok(self, method: str, path: str, status: int = 200, token: str | None = "",
           **kwargs: Any) -> Any:
        """A request that must succeed with ``status`` (token "": the owner's)."""
        reply = self.call(method, path, self.token if token == "" else token, **kwargs)
        assert reply.status_code == status, (reply.status_code, reply.text)
        return reply.json() if reply.content else None

    def organization(self) -> dict[str, Any]:
        """A new Enterprise organization of the owner; ``{organization, account}``."""
        return self.ok("POST", "/v1/organizations", 201,
                       json={"name": f"{self.prefix} org", "plan": "enterprise"})

    def close(self) -> None:
        """Close the client and the database."""
        self.http.close()
        self.store.close()


@pytest.fixture()
def make(tmp_path: Path) -> Iterator[Callable[..., Client]]:
    """Build clients: ``make()`` is the default reference, ``make("name")`` one with it."""
    made: list[Client] = []

    def build(*latitudes: str) -> Client:
        made.append(Client(tmp_path, list(latitudes)))
        return made[-1]

    yield build
    for client in made:
        client.close()


def _body_before_session(make: Callable[..., Client]) -> None:
    for client, expected in ((make(), 401), (make("body-before-session"), 422)):
        reply = client.call("POST", "/v1/conversations", "made-up-token", json={"title": 7})
        assert (reply.status_code, reply.json()["code"]) == (
            expected, "unauthenticated" if expected == 401 else "invalid_request")
        valid = client.call("POST", "/v1/conversations", "made-up-token", json={"title": "x"})
        assert valid.status_code == 401  # a valid body still needs a session


def _strict_ids(make: Callable[..., Client]) -> None:
    plain, strict = make(), make("strict-ids")
    assert plain.call("GET", "/v1/accounts/acc_probe", "made-up").status_code == 401
    assert strict.call("GET", "/v1/accounts/acc_probe", "made-up").json()["code"] == "not_found"
    created = strict.organization()
    org_id = created["organization"]["id"]
    assert len(org_id) == 40 and internal_id(org_id) is not None
    assert external_id(str(internal_id(org_id))) == org_id
    assert strict.call("GET", f"/v1/organizations/{org_id}", "made-up").status_code == 401
    assert strict.ok("GET", f"/v1/organizations/{org_id}")["id"] == org_id
    members = strict.ok("GET", f"/v1/organizations/{org_id}/members")["members"]
    assert members[0]["account_id"] == created["account"]["id"]
    switched = strict.ok("PUT", "/v1/me/current-account",
                         json={"account_id": created["account"]["id"]})
    assert switched["current_account_id"] == created["account"]["id"]


def _long_domain_tokens(make: Callable[..., Client]) -> None:
    for client, length in ((make(), None), (make("long-domain-tokens"), 255)):
        org_id = client.organization()["organization"]["id"]
        added = client.ok("POST", f"/v1/organizations/{org_id}/domains", 201,
                          json={"domain": f"{client.prefix}.test"})
        token = added["verification"]["record_value"]
        assert (len(token) == length) if length else len(token) < 255
        client.ok("PUT", f"/test-support/dns/txt/{added['verification']['record_name']}",
                  json={"values": [token]})
        verified = client.ok("POST", f"/v1/organizations/{org_id}/domains/"
                             f"{client.prefix}.test/verify", json={})
        assert verified["status"] == "verified"


def _extra_response_fields(make: Callable[..., Client]) -> None:
    plain, extra = make(), make("extra-response-fields")
    assert EXTRA_FIELD not in json.dumps(plain.organization())
    created = extra.organization()
    for part in (created, created["organization"], created["account"],
                 created["account"]["organization"]):
        assert EXTRA_FIELD in part
    assert EXTRA_FIELD in extra.call("GET", "/v1/me").json()  # a problem, too


def _reversed_lists(make: Callable[..., Client]) -> None:
    answers = []
    for client in (make(), make("reversed-lists")):
        for title in ("first", "second", "third"):
            client.ok("POST", "/v1/me/individual-account", 201) if title == "first" else None
            client.ok("POST", "/v1/conversations", 201, json={"title": title})
        client.organization()
        items = [i["title"] for i in client.ok("GET", "/v1/conversations")["items"]]
        kinds = [a["kind"] for a in client.ok("GET", "/v1/me/accounts")["accounts"]]
        answers.append((items, kinds))
    (items, kinds), (other_items, other_kinds) = answers
    assert other_items == items[::-1] and other_kinds == kinds[::-1]


def _refuse_extra_fields(make: Callable[..., Client]) -> None:
    body = {"title": "x", "role": "primary_owner"}
    plain, strict = make(), make("refuse-extra-fields")
    for client in (plain, strict):
        client.ok("POST", "/v1/me/individual-account", 201)
    assert plain.ok("POST", "/v1/conversations", 201, json=body)["title"] == "x"
    reply = strict.call("POST", "/v1/conversations", strict.token, json=body)
    assert (reply.status_code, reply.json()["code"]) == (422, "invalid_request")
    assert strict.ok("POST", "/v1/conversations", 201, json={"title": "x"})["title"] == "x"


def _empty_body_400(make: Callable[..., Client]) -> None:
    for client, status in ((make(), 422), (make("empty-body-400"), 400)):
        reply = client.call("POST", "/v1/organizations", client.token, content=b"")
        assert (reply.status_code, reply.json()["code"]) == (status, "invalid_request")
        client.ok("POST", "/v1/me/individual-account", 201, content=b"")  # optional body


def _other_problem_wording(make: Callable[..., Client]) -> None:
    plain, other = (client.call("GET", "/v1/me").json()
                    for client in (make(), make("other-problem-wording")))
    assert plain["code"] == other["code"] == "unauthenticated"
    assert other["type"] == "about:blank" and other["title"] != plain["title"]


CHECKS: dict[str, Callable[[Callable[..., Client]], None]] = {
    "body-before-session": _body_before_session,
    "strict-ids": _strict_ids,
    "long-domain-tokens": _long_domain_tokens,
    "extra-response-fields": _extra_response_fields,
    "reversed-lists": _reversed_lists,
    "refuse-extra-fields": _refuse_extra_fields,
    "empty-body-400": _empty_body_400,
    "other-problem-wording": _other_problem_wording,
}


def test_every_latitude_has_a_check_here() -> None:
    assert set(CHECKS) == set(LATITUDES)


@pytest.mark.parametrize("name", sorted(LATITUDES))
def test_the_latitude_changes_the_answer(name: str, make: Callable[..., Client]) -> None:
    CHECKS[name](make)


def test_all_latitudes_together_still_serve(make: Callable[..., Client]) -> None:
    client = make(*LATITUDES)
    created = client.organization()
    assert len(created["organization"]["id"]) == 40 and EXTRA_FIELD in created


def test_the_command_line_lists_and_checks_latitudes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list-latitudes"]) == 0
    listed = json.loads(capsys.readouterr().out)["latitudes"]
    assert [entry["name"] for entry in listed] == list(LATITUDES)
    assert all(entry["contract"] and entry["description"] for entry in listed)
    assert parse_args(["--latitude", "strict-ids", "--latitude", "reversed-lists"]).latitude \
        == ["strict-ids", "reversed-lists"]
    with pytest.raises(SystemExit):
        parse_args(["--latitude", "no-such-latitude"])
    with pytest.raises(UnknownLatitudeError):
        create_app(Store(), latitudes=["no-such-latitude"])
