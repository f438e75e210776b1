"""Domains: adding, verification by TXT record, restriction and the sign-up block, and the
test-support run removal (S13, S15–S17)."""

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


def _enterprise(api: Api, run: Run) -> tuple[str, str]:
    owner = api.session(run.email("boss"))
    return owner, new_org(api, owner, run)["organization"]["id"]


def test_adding_domains(api: Api, run: Run) -> None:
    owner, org_id = _enterprise(api, run)
    path = f"/v1/organizations/{org_id}/domains"
    added = api.ok("POST", path, owner, status=201, json={"domain": run.domain.upper()})
    assert added["domain"] == run.domain and added["status"] == "pending"
    assert added["verification"]["record_type"] == "TXT"
    assert added["verification"]["record_name"] == f"_account-verification.{run.domain}"
    assert (added["restrict_to_members"], added["block_individual_signups"]) == (False, False)
    assert api.ok("GET", path, owner) == {"domains": [added]}
    assert api.ok("GET", f"{path}/{run.domain.upper()}", owner) == added
    assert_problem(api.call("GET", f"{path}/eu.{run.domain}", owner), 404, "not_found")
    assert_problem(api.call("POST", path, owner, json={"domain": run.domain}),
                   409, "domain_exists")
    for bad in ("localhost", "no spaces.test", "under_score.test", "", "a..b", "-a.test", 7,
                f" {run.domain} "):  # the contract's pattern has no white space around it
        assert_problem(api.call("POST", path, owner, json={"domain": bad}),
                       422, "invalid_request")
    assert_problem(api.call("POST", path, owner, json={"domain": "GMail.com"}),
                   422, "domain_public")
    public = f"mail.{run.domain}"
    api.ok("POST", "/test-support/public-email-domains", status=201, json={"domain": public})
    assert_problem(api.call("POST", path, owner, json={"domain": public}), 422, "domain_public")
    other_owner, other_org = _enterprise(api, run)
    other = api.ok("POST", f"/v1/organizations/{other_org}/domains", other_owner, status=201,
                   json={"domain": run.domain})
    assert other["verification"]["record_value"] != added["verification"]["record_value"]


def test_verification(api: Api, run: Run) -> None:
    owner, org_id = _enterprise(api, run)
    path = f"/v1/organizations/{org_id}/domains/{run.domain}"
    record = api.ok("POST", f"/v1/organizations/{org_id}/domains", owner, status=201,
                    json={"domain": run.domain})["verification"]
    dns = f"/test-support/dns/txt/{record['record_name'].upper()}"
    assert api.ok("POST", f"{path}/verify", owner, json={})["status"] == "failed"
    api.ok("PUT", dns, json={"values": ["wrong-token"]})
    assert api.ok("POST", f"{path}/verify", owner, json={})["status"] == "failed"
    assert_problem(api.call("PATCH", path, owner, json={"block_individual_signups": True}),
                   409, "domain_not_verified")
    published = api.ok("PUT", dns, json={"values": ["v=spf1", record["record_value"], "x"]})
    assert published["name"] == record["record_name"]
    assert api.ok("POST", f"{path}/verify", owner, json={})["status"] == "verified"
    assert_problem(api.call("PUT", "/test-support/dns/txt/bad name!", json={"values": []}),
                   422, "invalid_request")
    other_owner, other_org = _enterprise(api, run)
    api.ok("POST", f"/v1/organizations/{other_org}/domains", other_owner, status=201,
           json={"domain": run.domain})
    assert_problem(api.call("POST", f"/v1/organizations/{other_org}/domains/{run.domain}/verify",
                            other_owner, json={}), 409, "domain_already_claimed")
    assert api.ok("GET", f"/v1/organizations/{other_org}/domains/{run.domain}",
                  other_owner)["status"] == "pending"


def test_restriction_keeps_the_individual_account_and_its_data(api: Api, run: Run) -> None:
    owner, org_id = _enterprise(api, run)
    verified_domain(api, owner, org_id, run.domain)
    outsider = api.session(run.email("ivy"))
    individual = api.ok("POST", "/v1/me/individual-account", outsider, status=201)
    kept = api.ok("POST", "/v1/conversations", outsider, status=201, json={"title": "mine"})
    member = join(api, owner, org_id, run.email("max"), "member")
    member_individual = api.ok("POST", "/v1/me/individual-account", member, status=201)
    sub = api.session(run.email("sub", f"eu.{run.domain}"))
    api.ok("POST", "/v1/me/individual-account", sub, status=201)
    path = f"/v1/organizations/{org_id}/domains/{run.domain}"
    assert api.ok("PATCH", path, owner, json={"restrict_to_members": True})[
        "restrict_to_members"] is True
    assert api.ok("GET", f"/v1/accounts/{individual['id']}", outsider)["status"] == "restricted"
    assert_problem(api.call("GET", "/v1/conversations", outsider), 403, "domain_restricted")
    assert_problem(api.call("POST", "/v1/projects", outsider, json={"name": "p"}),
                   403, "domain_restricted")
    assert_problem(api.call("PUT", "/v1/me/current-account", member,
                            json={"account_id": member_individual["id"]}),
                   403, "domain_restricted")
    fresh = api.session(run.email("MAX"))  # a new session starts on the organization account
    current = api.ok("GET", "/v1/me/accounts", fresh)
    assert current["current_account_id"] != member_individual["id"]
    api.ok("POST", "/v1/conversations", fresh, status=201, json={"title": "work"})
    assert api.ok("GET", "/v1/conversations", sub)["items"] == []  # a subdomain is not D
    api.ok("PATCH", path, owner, json={"restrict_to_members": False})
    assert api.ok("GET", f"/v1/accounts/{individual['id']}", outsider)["status"] == "active"
    assert api.ok("GET", "/v1/conversations", outsider)["items"] == [kept]


def test_sign_up_block(api: Api, run: Run) -> None:
    owner, org_id = _enterprise(api, run)
    existing = api.session(run.email("old"))
    api.ok("POST", "/v1/me/individual-account", existing, status=201)
    verified_domain(api, owner, org_id, run.domain)
    path = f"/v1/organizations/{org_id}/domains/{run.domain}"
    api.ok("PATCH", path, owner, json={"block_individual_signups": True})
    for email in (run.email("new"), run.email("Upper", run.domain.upper())):
        assert_problem(api.call("POST", "/v1/me/individual-account", api.session(email),
                                json={}), 403, "domain_restricted")
    for email in (run.email("sub", f"eu.{run.domain}"), run.email("else", f"{run.prefix}.org")):
        api.ok("POST", "/v1/me/individual-account", api.session(email), status=201)
    api.ok("POST", "/v1/projects", existing, status=201, json={"name": "still works"})
    api.ok("PATCH", path, owner, json={"block_individual_signups": False})
    api.ok("POST", "/v1/me/individual-account", api.session(run.email("new")), status=201)


def test_run_removal(api: Api, run: Run) -> None:
    owner, org_id = _enterprise(api, run)
    verified_domain(api, owner, org_id, run.domain)
    api.ok("POST", "/v1/me/individual-account", owner, status=201)
    api.ok("POST", "/test-support/public-email-domains", status=201,
           json={"domain": f"mail.{run.domain}"})
    survivor_run = new_run()
    survivor = api.session(survivor_run.email("keep"))
    api.ok("POST", "/v1/me/individual-account", survivor, status=201)
    assert_problem(api.call("DELETE", "/test-support/runs/short"), 422, "invalid_request")
    removed = api.ok("DELETE", f"/test-support/runs/{run.prefix.upper()}")
    assert removed == {"prefix": run.prefix, "removed": {
        "identities": 1, "accounts": 2, "organizations": 1, "domains": 1, "dns_names": 1,
        "public_email_domains": 1}}
    assert_problem(api.call("GET", "/v1/me", owner), 401, "unauthenticated")
    assert api.ok("GET", "/v1/me/accounts", survivor)["accounts"][0]["kind"] == "individual"
    again = api.ok("DELETE", f"/test-support/runs/{run.prefix}")
    assert set(again["removed"].values()) == {0}
