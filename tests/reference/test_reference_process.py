"""The reference service as a process: persistence with ``--db``, faults, latency, CLI."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from reference_client import Api, Run, assert_problem, new_org, new_run, serve_api

from account_conformance.embedded import EmbeddedReference

api = pytest.fixture(serve_api, scope="module", name="api")
run = pytest.fixture(new_run, name="run")


def test_committed_data_survives_restart_and_crash(tmp_path: Path, run: Run) -> None:
    db = tmp_path / "reference.sqlite3"
    with EmbeddedReference(db_path=db) as service:
        api = Api(service.base_url)
        token = api.session(run.email("pat"), "Pat Doe")
        api.ok("POST", "/v1/me/individual-account", token, status=201)
        made = api.ok("POST", "/v1/conversations", token, status=201, json={"title": "keep"})
        org_id = new_org(api, token, run)["organization"]["id"]
        assertion = api.ok("POST", "/test-support/idp/assertions", status=201,
                           json={"organization_id": org_id, "email": run.email("pat")})
    service = EmbeddedReference(db_path=db)
    with service:
        api = Api(service.base_url)
        assert api.ok("GET", "/v1/conversations", token)["items"] == [made]
        api.ok("PUT", f"/v1/organizations/{org_id}/sso", token,
               json={"idp_entity_id": "https://idp.test", "enabled": True})
        # the signing key survived too: an assertion from before the restart is valid
        signed_in = api.ok("POST", f"/v1/sso/{org_id}/sign-in", status=201,
                           json=assertion)
        assert signed_in["account"]["organization"]["id"] == org_id
        service.kill()
    with EmbeddedReference(db_path=db) as service:
        api = Api(service.base_url)
        assert api.ok("GET", f"/v1/organizations/{org_id}/sso", token)["enabled"] is True


def test_merge_accepted_fault_changes_merge_only_when_enabled(api: Api, run: Run) -> None:
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
    with EmbeddedReference(faults=["merge-accepted"]) as service:
        faulty = Api(service.base_url)
        token, source, destination = setup(faulty)
        merged = faulty.ok("POST", f"/v1/accounts/{source}/merge", token,
                           json={"target_account_id": destination})
        assert merged["id"] == destination
        accounts = faulty.ok("GET", "/v1/me/accounts", token)
        assert [a["id"] for a in accounts["accounts"]] == [destination]
        assert accounts["current_account_id"] == destination
        titles = [c["title"] for c in faulty.ok("GET", "/v1/conversations", token)["items"]]
        assert titles == ["mine"]


def test_latency_is_added_to_every_response() -> None:
    with EmbeddedReference(latency_ms=150) as service:
        api = Api(service.base_url)
        started = time.monotonic()
        api.ok("GET", "/v1/meta")
        assert time.monotonic() - started >= 0.15


def test_unknown_fault_names_the_known_ones() -> None:
    done = subprocess.run([sys.executable, "-m", "account_reference", "--port", "0",
                           "--fault", "no-such-fault"], capture_output=True, text=True,
                          timeout=30)
    assert done.returncode == 2
    assert "no-such-fault" in done.stderr and "merge-accepted" in done.stderr
