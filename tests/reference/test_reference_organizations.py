"""Organizations, invitations, the order of checks, SSO configuration and SSO sign-in
(S03, S13, S14, S18, S19)."""

from __future__ import annotations

import pytest
from reference_client import (
    Api,
    Run,
    assert_problem,
    join,
    new_org,
    new_run,
    serve_api,
    verified_domain,
)

api = pytest.fixture(serve_api, scope="module", name="api")
run = pytest.fixture(new_run, name="run")
SSO = {"idp_entity_id": "https://idp.example.test/entity", "enabled": True}


def test_create_read_and_list_members(api: Api, run: Run) -> None:
    token = api.session(run.email("ola"), "Ola Nordmann")
    created = new_org(api, token, run, "team")
    organization, account = created["organization"], created["account"]
    assert organization["plan"] == "team" and organization["created_at"]
    assert account["organization"] == {k: organization[k] for k in ("id", "name", "plan")}
    assert account["features"] == ["conversations", "projects", "member_list"]
    assert account["current"] is True  # the identity's first account
    assert api.ok("GET", f"/v1/organizations/{organization['id']}", token) == organization
    members = api.ok("GET", f"/v1/organizations/{organization['id']}/members", token)
    assert members == {"members": [{"account_id": account["id"], "email": run.email("ola"),
                                    "name": "Ola Nordmann", "role": "primary_owner"}]}
    stranger = api.session(run.email("str"))
    for path in (f"/v1/organizations/{organization['id']}", "/v1/organizations/org_missing",
                 f"/v1/organizations/{organization['id']}/members"):
        assert_problem(api.call("GET", path, stranger), 404, "not_found")
    enterprise = new_org(api, token, run)["account"]
    assert enterprise["features"][-2:] == ["sso", "domain_verification"]


def test_invitations_roles_and_acceptance(api: Api, run: Run) -> None:
    owner = api.session(run.email("own"))
    org_id = new_org(api, owner, run, "team")["organization"]["id"]
    path = f"/v1/organizations/{org_id}/invitations"
    admin = join(api, owner, org_id, run.email("adm"), "admin")
    member = join(api, owner, org_id, run.email("mem"), "member")
    assert_problem(api.call("POST", path, member, json={"email": run.email("x"),
                                                        "role": "member"}),
                   403, "insufficient_role")
    assert_problem(api.call("POST", path, admin, json={"email": run.email("x"), "role": "owner"}),
                   403, "insufficient_role")
    assert_problem(api.call("POST", path, owner, json={"email": run.email("x"),
                                                       "role": "primary_owner"}),
                   422, "invalid_request")
    invitation = api.ok("POST", path, admin, status=201,
                        json={"email": run.email("Pia"), "role": "member"})
    assert invitation["status"] == "pending"
    pia = api.session(run.email("pia"))
    individual = api.ok("POST", "/v1/me/individual-account", pia, status=201)
    api.ok("PUT", "/test-support/individual-plan", json={"email": run.email("pia"), "plan": "pro"})
    api.ok("POST", "/v1/conversations", pia, status=201, json={"title": "own"})
    assert api.ok("GET", "/v1/me/invitations", pia)["invitations"] == [invitation]
    assert_problem(api.call("POST", f"/v1/invitations/{invitation['id']}/accept", member,
                            json={}), 404, "not_found")
    accepted = api.ok("POST", f"/v1/invitations/{invitation['id']}/accept", pia, status=201)
    assert accepted["kind"] == "organization" and accepted["id"] != individual["id"]
    assert (accepted["role"], accepted["current"]) == ("member", False)
    assert api.ok("GET", f"/v1/accounts/{individual['id']}", pia)["plan"] == "pro"
    assert len(api.ok("GET", "/v1/conversations", pia)["items"]) == 1
    assert api.ok("GET", "/v1/me/invitations", pia)["invitations"] == []
    assert_problem(api.call("POST", f"/v1/invitations/{invitation['id']}/accept", pia, json={}),
                   409, "invitation_not_pending")
    again = api.ok("POST", path, owner, status=201, json={"email": run.email("pia"),
                                                          "role": "admin"})
    assert_problem(api.call("POST", f"/v1/invitations/{again['id']}/accept", pia, json={}),
                   409, "account_exists")
    roles = [m["role"] for m in api.ok("GET", f"/v1/organizations/{org_id}/members",
                                       member)["members"]]
    assert roles == ["primary_owner", "admin", "member", "member"]


def test_order_of_checks(api: Api, run: Run) -> None:
    owner = api.session(run.email("own"))
    team = new_org(api, owner, run, "team")["organization"]["id"]
    enterprise = new_org(api, owner, run)["organization"]["id"]
    team_member = join(api, owner, team, run.email("tm"), "member")
    admin = join(api, owner, enterprise, run.email("adm"), "admin")
    stranger = api.session(run.email("str"))
    # non-member: 404 before everything, on any plan
    for org_id in (team, enterprise, "org_missing"):
        assert_problem(api.call("PUT", f"/v1/organizations/{org_id}/sso", stranger, json=SSO),
                       404, "not_found")
    # Team: the plan check comes before the role check
    assert_problem(api.call("PUT", f"/v1/organizations/{team}/sso", team_member, json=SSO),
                   403, "plan_feature_unavailable")
    assert_problem(api.call("GET", f"/v1/organizations/{team}/domains", owner),
                   403, "plan_feature_unavailable")
    # Enterprise admin: role
    assert_problem(api.call("POST", f"/v1/organizations/{enterprise}/domains", admin,
                            json={"domain": f"a.{run.domain}"}), 403, "insufficient_role")
    # owner: state
    api.ok("POST", f"/v1/organizations/{enterprise}/domains", owner, status=201,
           json={"domain": f"a.{run.domain}"})
    assert_problem(api.call("PATCH", f"/v1/organizations/{enterprise}/domains/a.{run.domain}",
                            admin, json={"restrict_to_members": True}), 403, "insufficient_role")
    assert_problem(api.call("PATCH", f"/v1/organizations/{enterprise}/domains/a.{run.domain}",
                            owner, json={"restrict_to_members": True}),
                   409, "domain_not_verified")


def test_sso_configuration(api: Api, run: Run) -> None:
    owner = api.session(run.email("own"))
    org_id = new_org(api, owner, run)["organization"]["id"]
    member = join(api, owner, org_id, run.email("mem"), "member")
    path = f"/v1/organizations/{org_id}/sso"
    assert api.ok("GET", path, member) == {"organization_id": org_id, "idp_entity_id": None,
                                           "enabled": False}
    assert_problem(api.call("PUT", path, member, json=SSO), 403, "insufficient_role")
    assert api.ok("PUT", path, owner, json=SSO) == {"organization_id": org_id, **SSO}
    assert api.ok("GET", path, member)["enabled"] is True
    for bad in ({"enabled": True, "idp_entity_id": None}, {"enabled": False},
                {"enabled": "yes", "idp_entity_id": "x"}, {"enabled": True, "idp_entity_id": ""}):
        assert_problem(api.call("PUT", path, owner, json=bad), 422, "invalid_request")
    off = {"idp_entity_id": None, "enabled": False}
    assert api.ok("PUT", path, owner, json=off) == {"organization_id": org_id, **off}


def _assertion(api: Api, org_id: str, email: str) -> str:
    return api.ok("POST", "/test-support/idp/assertions", status=201,
                  json={"organization_id": org_id, "email": email})["assertion"]


def test_sso_sign_in(api: Api, run: Run) -> None:
    owner = api.session(run.email("own"))
    org_id = new_org(api, owner, run)["organization"]["id"]
    other_org = new_org(api, owner, run)["organization"]["id"]
    member = join(api, owner, org_id, run.email("mem"), "member")
    api.ok("POST", "/v1/me/individual-account", member, status=201)
    sign_in = f"/v1/sso/{org_id}/sign-in"
    good = _assertion(api, org_id, run.email("MEM"))
    assert_problem(api.call("POST", "/v1/sso/org_missing/sign-in", json={"assertion": good}),
                   404, "not_found")
    assert_problem(api.call("POST", sign_in, json={"assertion": good}), 409, "sso_not_configured")
    api.ok("PUT", f"/v1/organizations/{org_id}/sso", owner, json=SSO)
    # restricting the members' domain does not stop members signing in (S19)
    verified_domain(api, owner, org_id, run.domain)
    api.ok("PATCH", f"/v1/organizations/{org_id}/domains/{run.domain}", owner,
           json={"restrict_to_members": True})
    signed_in = api.ok("POST", sign_in, status=201, json={"assertion": good})
    account = signed_in["account"]
    assert (account["organization"]["id"], account["current"]) == (org_id, True)
    assert api.ok("GET", "/v1/me", signed_in["token"])["current_account_id"] == account["id"]
    api.ok("POST", "/v1/conversations", signed_in["token"], status=201, json={"title": "ok"})
    body, signature = good.split(".")
    for last in "ABCDEFGH":  # also characters that differ only in unused bits
        if signature[-1] != last:
            tampered = f"{body}.{signature[:-1]}{last}"
            assert_problem(api.call("POST", sign_in, json={"assertion": tampered}),
                           401, "sso_assertion_invalid")
    forged_body = _assertion(api, org_id, run.email("own")).split(".")[0]
    for bad in (f"{forged_body}.{signature}", "garbage", "", "a.b.c", good + "x"):
        assert_problem(api.call("POST", sign_in, json={"assertion": bad}),
                       401, "sso_assertion_invalid")
    assert_problem(api.call("POST", sign_in,
                            json={"assertion": _assertion(api, other_org, run.email("mem"))}),
                   401, "sso_assertion_invalid")
    assert_problem(api.call("POST", sign_in,
                            json={"assertion": _assertion(api, org_id, run.email("nobody"))}),
                   403, "not_a_member")
    assert_problem(api.call("POST", sign_in, json={"assertion": 7}), 422, "invalid_request")
