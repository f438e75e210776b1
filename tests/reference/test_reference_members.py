"""Members and the primary owner (S18), the domain claim under concurrent verification
(S13) and switching under concurrent requests (S09), on the reference service in process."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from reference_client import Api, Run, assert_problem, join, new_org, new_run, serve_api

api = pytest.fixture(serve_api, scope="module", name="api")
run = pytest.fixture(new_run, name="run")


def _members(api: Api, token: str, org_id: str) -> dict[str, str]:
    listed = api.ok("GET", f"/v1/organizations/{org_id}/members", token)["members"]
    return {m["email"]: m["role"] for m in listed}


def test_roles_removal_and_the_primary_owner(api: Api, run: Run) -> None:
    olivia = api.session(run.email("olivia"))
    created = new_org(api, olivia, run, "team")
    org_id, olivia_account = created["organization"]["id"], created["account"]["id"]
    oscar = join(api, olivia, org_id, run.email("oscar"), "owner")
    ada = join(api, olivia, org_id, run.email("ada"), "admin")
    mara = join(api, olivia, org_id, run.email("mara"), "member")
    accounts = {m["email"]: m["account_id"] for m in api.ok(
        "GET", f"/v1/organizations/{org_id}/members", olivia)["members"]}
    member = f"/v1/organizations/{org_id}/members/"

    for token in (olivia, oscar):  # nobody changes or removes the primary owner
        assert_problem(api.call("PATCH", member + olivia_account, token, json={"role": "owner"}),
                       409, "primary_owner_protected")
        assert_problem(api.call("DELETE", member + olivia_account, token),
                       409, "primary_owner_protected")
    assert_problem(api.call("PATCH", member + accounts[run.email("oscar")], olivia,
                            json={"role": "primary_owner"}), 422, "invalid_request")
    for token in (ada, mara):  # admins and members change no one's role
        assert_problem(api.call("PATCH", member + accounts[run.email("mara")], token,
                                json={"role": "owner"}), 403, "insufficient_role")
        assert_problem(api.call("DELETE", member + accounts[run.email("mara")], token),
                       403, "insufficient_role")
    assert_problem(api.call("PATCH", member + "acc_nobody", olivia, json={"role": "admin"}),
                   404, "not_found")

    changed = api.ok("PATCH", member + accounts[run.email("mara")], oscar, json={"role": "admin"})
    assert changed["role"] == "admin"
    api.ok("DELETE", member + accounts[run.email("mara")], oscar, status=204)
    assert run.email("mara") not in _members(api, olivia, org_id)
    assert api.ok("GET", "/v1/me/accounts", mara) == {"accounts": [], "current_account_id": None}

    transfer = f"/v1/organizations/{org_id}/ownership-transfer"
    assert_problem(api.call("POST", transfer, oscar, json={"account_id": accounts[
        run.email("oscar")]}), 403, "insufficient_role")
    after = api.ok("POST", transfer, olivia, json={"account_id": accounts[run.email("oscar")]})
    roles = {m["email"]: m["role"] for m in after["members"]}
    assert roles[run.email("oscar")] == "primary_owner" and roles[run.email("olivia")] == "owner"
    assert list(roles.values()).count("primary_owner") == 1


def test_concurrent_verification_lets_one_organization_win(api: Api, run: Run) -> None:
    domain = f"race.{run.domain}"
    owners = [api.session(run.email(f"owner{i}")) for i in range(2)]
    orgs = [new_org(api, token, run)["organization"]["id"] for token in owners]
    tokens = [api.ok("POST", f"/v1/organizations/{org}/domains", token, status=201,
                     json={"domain": domain})["verification"] for org, token in zip(
                         orgs, owners, strict=True)]
    api.ok("PUT", f"/test-support/dns/txt/{tokens[0]['record_name']}",
           json={"values": [t["record_value"] for t in tokens]})

    def verify(i: int) -> int:
        return api.call("POST", f"/v1/organizations/{orgs[i]}/domains/{domain}/verify",
                        owners[i], json={}).status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert sorted(pool.map(verify, range(2))) == [200, 409]


def test_concurrent_switches_leave_one_current_account(api: Api, run: Run) -> None:
    token = api.session(run.email("alex"))
    individual = api.ok("POST", "/v1/me/individual-account", token, status=201, json={})["id"]
    organization = new_org(api, token, run, "team")["account"]["id"]
    targets = [individual, organization] * 10

    def switch(target: str) -> int:
        return api.call("PUT", "/v1/me/current-account", token,
                        json={"account_id": target}).status_code

    with ThreadPoolExecutor(max_workers=len(targets)) as pool:
        assert set(pool.map(switch, targets)) == {200}
    listed = api.ok("GET", "/v1/me/accounts", token)
    marked = [a["id"] for a in listed["accounts"] if a["current"]]
    assert marked == [listed["current_account_id"]] and marked[0] in targets
