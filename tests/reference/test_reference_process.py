"""The reference service as a process: persistence with ``--db`` across a restart and a
crash, added latency, the command line."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from reference_client import Run, http_api, new_org, new_run

from account_conformance.embedded import EmbeddedReference

run = pytest.fixture(new_run, name="run")


def test_committed_data_survives_restart_and_crash(tmp_path: Path, run: Run) -> None:
    db = tmp_path / "reference.sqlite3"
    with EmbeddedReference(db_path=db) as service:
        api = http_api(service.base_url)
        token = api.session(run.email("pat"), "Pat Doe")
        api.ok("POST", "/v1/me/individual-account", token, status=201)
        made = api.ok("POST", "/v1/conversations", token, status=201, json={"title": "keep"})
        org_id = new_org(api, token, run)["organization"]["id"]
        assertion = api.ok("POST", "/test-support/idp/assertions", status=201,
                           json={"organization_id": org_id, "email": run.email("pat")})
    service = EmbeddedReference(db_path=db)
    with service:
        api = http_api(service.base_url)
        assert api.ok("GET", "/v1/conversations", token)["items"] == [made]
        api.ok("PUT", f"/v1/organizations/{org_id}/sso", token,
               json={"idp_entity_id": "https://idp.test", "enabled": True})
        # the signing key survived too: an assertion from before the restart is valid
        signed_in = api.ok("POST", f"/v1/sso/{org_id}/sign-in", status=201,
                           json=assertion)
        assert signed_in["account"]["organization"]["id"] == org_id
        service.kill()
    with EmbeddedReference(db_path=db) as service:
        api = http_api(service.base_url)
        assert api.ok("GET", f"/v1/organizations/{org_id}/sso", token)["enabled"] is True


def test_latency_is_added_to_every_response() -> None:
    with EmbeddedReference(latency_ms=150) as service:
        api = http_api(service.base_url)
        started = time.monotonic()
        api.ok("GET", "/v1/meta")
        assert time.monotonic() - started >= 0.15


def test_unknown_fault_names_the_known_ones() -> None:
    done = subprocess.run([sys.executable, "-m", "account_reference", "--port", "0",
                           "--fault", "no-such-fault"], capture_output=True, text=True,
                          timeout=30)
    assert done.returncode == 2
    assert "no-such-fault" in done.stderr and "merge-accepted" in done.stderr
