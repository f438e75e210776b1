"""The reference service in process: meta, auth, bad input, accounts, data, deletion,
migration and merge refusals (S01–S12), and a fault mode replacing its rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from reference_client import Api, Run, assert_problem, new_org, new_run, reference, serve_api

api = pytest.fixture(serve_api, scope="module", name="api")
run = pytest.fixture(new_run, name="run")


def test_meta_needs_no_token(api: Api) -> None:
    assert api.ok("GET", "/v1/meta") == {
        "contract_version": "1.2.0", "service": "account-reference", "test_support": True}


@pytest.mark.parametrize("method,path", [
    ("GET", "/v1/me"), ("GET", "/v1/me/accounts"), ("POST", "/v1/conversations"),
    ("GET", "/v1/projects"), ("POST", "/v1/organizations"), ("GET", "/v1/me/invitations"),
    ("DELETE", "/v1/me/individual-account"),
])
def test_every_operation_needs_a_valid_token(api: Api, method: str, path: str) -> None:
    assert_problem(api.call(method, path), 401, "unauthenticated")
    assert_problem(api.call(method, path, "not-a-token", json={}), 401, "unauthenticated")
    # authentication comes before reading the body
    assert_problem(api.call(method, path, "nope", data="{",
                            headers={"content-type": "application/json"}),
                   401, "unauthenticated")


def test_bad_input_is_a_problem_never_a_crash(api: Api, run: Run) -> None:
    token = api.session(run.email("ann"))
    json_header = {"content-type": "application/json"}
    assert_problem(api.call("POST", "/v1/organizations", token, data="{", headers=json_header),
                   400, "invalid_request")
    assert_problem(api.call("POST", "/v1/organizations", token, data=b"\xff\xfe",
                            headers=json_header), 400, "invalid_request")
    assert_problem(api.call("POST", "/v1/organizations", token, json={"name": 5, "plan": "team"}),
                   422, "invalid_request")
    assert_problem(api.call("POST", "/v1/organizations", token, json={"name": "x", "plan": "pro"}),
                   422, "invalid_request")
    assert_problem(api.call("POST", "/v1/organizations", token, json=[]), 422, "invalid_request")
    assert_problem(api.call("POST", "/test-support/sessions", json={"email": "no-at", "name": "A"}),
                   422, "invalid_request")
    assert_problem(api.call("GET", "/v1/nowhere", token), 404, "not_found")
    assert_problem(api.call("DELETE", "/v1/meta"), 405, "method_not_allowed")


def test_identity_initials_and_no_current_account(api: Api, run: Run) -> None:
    token = api.session(run.email("anna"), "anna maria Schmidt")
    me = api.ok("GET", "/v1/me", token)
    assert me["identity"]["initials"] == "AS" and me["current_account_id"] is None
    assert api.ok("GET", "/v1/me", api.session(run.email("cher"), "Cher"))["identity"][
        "initials"] == "C"
    # the identity exists already: its name is kept
    again = api.ok("POST", "/test-support/sessions", status=201,
                   json={"email": run.email("ANNA"), "name": "Other"})
    assert again["identity"]["name"] == "anna maria Schmidt"
    assert_problem(api.call("POST", "/v1/conversations", token, json={"title": "t"}),
                   409, "no_current_account")
    assert_problem(api.call("GET", "/v1/projects", token), 409, "no_current_account")


def test_two_accounts_one_email_switching_and_separate_data(api: Api, run: Run) -> None:
    token = api.session(run.email("bo"))
    individual = api.ok("POST", "/v1/me/individual-account", token, status=201, json={})
    assert (individual["kind"], individual["plan"], individual["current"]) == (
        "individual", "free", True)
    assert individual["features"] == ["conversations", "projects"]
    org_account = new_org(api, token, run, "team")["account"]
    assert org_account["role"] == "primary_owner" and org_account["current"] is False
    assert org_account["id"] != individual["id"]
    listing = api.ok("GET", "/v1/me/accounts", token)
    assert [a["current"] for a in listing["accounts"]] == [True, False]
    mine = api.ok("POST", "/v1/conversations", token, status=201, json={"title": "private"})
    switched = api.ok("PUT", "/v1/me/current-account", token,
                      json={"account_id": org_account["id"]})
    assert switched["current_account_id"] == org_account["id"]
    assert api.ok("GET", "/v1/conversations", token) == {"items": []}
    assert_problem(api.call("GET", f"/v1/conversations/{mine['id']}", token), 404, "not_found")
    api.ok("POST", "/v1/projects", token, status=201, json={"name": "work"})
    api.ok("PUT", "/v1/me/current-account", token, json={"account_id": individual["id"]})
    assert [c["id"] for c in api.ok("GET", "/v1/conversations", token)["items"]] == [mine["id"]]
    assert api.ok("GET", "/v1/projects", token) == {"items": []}
    assert api.ok("GET", f"/v1/accounts/{org_account['id']}", token)["plan"] == "team"
    other = api.session(run.email("eve"))
    assert_problem(api.call("GET", f"/v1/accounts/{individual['id']}", other), 404, "not_found")
    assert_problem(api.call("PUT", "/v1/me/current-account", other,
                            json={"account_id": individual["id"]}), 404, "not_found")
    assert_problem(api.call("POST", "/v1/me/individual-account", token, json={}),
                   409, "account_exists")


def test_conversation_and_project_lifecycle(api: Api, run: Run) -> None:
    token = api.session(run.email("cy"))
    api.ok("POST", "/v1/me/individual-account", token, status=201, json={})
    for kind, field in (("conversations", "title"), ("projects", "name")):
        made = api.ok("POST", f"/v1/{kind}", token, status=201,
                      json={field: "one", "account_id": "ignored"})
        assert made[field] == "one" and made["created_at"]
        assert api.ok("GET", f"/v1/{kind}/{made['id']}", token) == made
        assert api.ok("GET", f"/v1/{kind}", token)["items"] == [made]
        api.ok("DELETE", f"/v1/{kind}/{made['id']}", token, status=204)
        assert_problem(api.call("DELETE", f"/v1/{kind}/{made['id']}", token), 404, "not_found")


def test_cancel_and_delete_individual_account(api: Api, run: Run) -> None:
    email = run.email("dee")
    on_individual, on_org = api.session(email), api.session(email)
    assert_problem(api.call("POST", "/v1/me/individual-account/cancel", on_individual, json={}),
                   404, "not_found")
    assert_problem(api.call("PUT", "/test-support/individual-plan",
                            json={"email": email, "plan": "pro"}), 404, "not_found")
    individual = api.ok("POST", "/v1/me/individual-account", on_individual, status=201)
    org_account = new_org(api, on_org, run)["account"]
    api.ok("PUT", "/v1/me/current-account", on_org, json={"account_id": org_account["id"]})
    kept = api.ok("POST", "/v1/projects", on_org, status=201, json={"name": "kept"})
    paid = api.ok("PUT", "/test-support/individual-plan", json={"email": email, "plan": "max"})
    assert (paid["plan"], paid["subscription"]) == ("max", "active")
    assert_problem(api.call("DELETE", "/v1/me/individual-account", on_individual),
                   409, "subscription_active")
    cancelled = api.ok("POST", "/v1/me/individual-account/cancel", on_individual, json={})
    assert (cancelled["plan"], cancelled["subscription"]) == ("max", "cancelled")
    api.ok("DELETE", "/v1/me/individual-account", on_individual, status=204)
    assert_problem(api.call("GET", "/v1/me", on_individual), 401, "unauthenticated")
    assert api.ok("GET", "/v1/projects", on_org)["items"] == [kept]
    accounts = api.ok("GET", "/v1/me/accounts", on_org)["accounts"]
    assert [a["id"] for a in accounts] == [org_account["id"]]
    assert_problem(api.call("GET", f"/v1/accounts/{individual['id']}", on_org), 404, "not_found")
    assert_problem(api.call("DELETE", "/v1/me/individual-account", on_org), 404, "not_found")


def test_migration_is_refused_after_ownership_checks(api: Api, run: Run) -> None:
    owner, user = api.session(run.email("own")), api.session(run.email("usr"))
    org_id = new_org(api, owner, run, "team")["organization"]["id"]
    individual = api.ok("POST", "/v1/me/individual-account", user, status=201)
    path = f"/v1/accounts/{individual['id']}/migrate"
    assert_problem(api.call("POST", path, owner, json={"organization_id": org_id}),
                   404, "not_found")
    assert_problem(api.call("POST", path, user, json={"organization_id": org_id}),
                   404, "not_found")
    api.ok("POST", f"/v1/organizations/{org_id}/invitations", owner, status=201,
           json={"email": run.email("USR"), "role": "member"})
    assert_problem(api.call("POST", path, user, json={"organization_id": org_id}),
                   422, "account_migration_unsupported")
    assert api.ok("GET", f"/v1/accounts/{individual['id']}", user)["kind"] == "individual"


def test_merge_is_refused_with_both_kinds(api: Api, run: Run) -> None:
    email = run.email("mo")
    token = api.session(email)
    individual = api.ok("POST", "/v1/me/individual-account", token, status=201)
    org_account = new_org(api, token, run)["account"]
    api.ok("PUT", "/test-support/individual-plan", json={"email": email, "plan": "pro"})
    body = assert_problem(api.call("POST", f"/v1/accounts/{individual['id']}/merge", token,
                                   json={"target_account_id": org_account["id"]}),
                          422, "account_merge_unsupported")
    assert body["account_kinds"] == ["individual", "organization"]
    body = assert_problem(api.call("POST", f"/v1/accounts/{org_account['id']}/merge", token,
                                   json={"target_account_id": individual["id"]}),
                          422, "account_merge_unsupported")
    assert body["account_kinds"] == ["organization", "individual"]
    other = api.session(run.email("ot"))
    theirs = new_org(api, other, run, "team")["account"]
    merge = f"/v1/accounts/{individual['id']}/merge"
    assert_problem(api.call("POST", merge, token, json={"target_account_id": theirs["id"]}),
                   404, "not_found")
    assert_problem(api.call("POST", merge, token, json={"target_account_id": theirs["id"],
                                                        "target_token": "bogus"}),
                   404, "not_found")
    assert_problem(api.call("POST", merge, token, json={"target_account_id": theirs["id"],
                                                        "target_token": other}),
                   422, "account_merge_unsupported")
    assert_problem(api.call("POST", f"/v1/accounts/{theirs['id']}/merge", token,
                            json={"target_account_id": individual["id"]}), 404, "not_found")
    assert api.ok("GET", f"/v1/accounts/{individual['id']}", token)["plan"] == "pro"
    assert len(api.ok("GET", "/v1/me/accounts", token)["accounts"]) == 2


def test_merge_accepted_fault_changes_merge_only_when_enabled(api: Api, run: Run,
                                                             tmp_path: Path) -> None:
    def setup(target: Api) -> tuple[str, str, str]:
        token = target.session(run.email("fa"))
        individual = target.ok("POST", "/v1/me/individual-account", token, status=201)
        target.ok("POST", "/v1/conversations", token, status=201, json={"title": "mine"})
        org_account = new_org(target, token, run)["account"]
        return token, individual["id"], org_account["id"]

    token, source, destination = setup(api)
    assert_problem(api.call("POST", f"/v1/accounts/{source}/merge", token,
                            json={"target_account_id": destination}),
                   422, "account_merge_unsupported")
    with reference(tmp_path, faults=["merge-accepted"]) as faulty:
        token, source, destination = setup(faulty)
        merged = faulty.ok("POST", f"/v1/accounts/{source}/merge", token,
                           json={"target_account_id": destination})
        assert merged["id"] == destination
        accounts = faulty.ok("GET", "/v1/me/accounts", token)
        assert [a["id"] for a in accounts["accounts"]] == [destination]
        assert accounts["current_account_id"] == destination
        titles = [c["title"] for c in faulty.ok("GET", "/v1/conversations", token)["items"]]
        assert titles == ["mine"]
