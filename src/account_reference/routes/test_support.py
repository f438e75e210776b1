"""The test-support part (``/test-support``): sessions, plans without billing, the DNS
resolver's TXT records, the stub identity provider, public email domains, run removal.

Offered only because this is a reference service for tests; production must not expose it.
"""

from __future__ import annotations

import json
import time
from typing import Any

from fastapi import APIRouter

from ..accounts import account_view, default_current, individual_account
from ..bodies import AssertionRequest, IndividualPlan, NewSession, PublicEmailDomain, TxtValues
from ..context import ServiceDep
from ..problems import Refusal, not_found
from ..run_removal import remove_run
from ..schemas import (
    Account,
    AssertionIssued,
    PublicDomain,
    RunRemoved,
    SessionCreated,
    TxtRecordSet,
)
from ..store import Store, new_id, new_token, token_hash
from ..validation import RUN_PREFIX, email_domain, initials, normalize_txt_name

router = APIRouter(prefix="/test-support", tags=["test-support"])
MARK = {"x-test-support": True}  # how the contract marks this part


def _identity(store: Store, email: str) -> Any:
    return store.one("SELECT * FROM identities WHERE email_lc = ?", (email.lower(),))


@router.post("/sessions", status_code=201, response_model=SessionCreated,
             openapi_extra=MARK)
async def ts_start_session(body: NewSession, service: ServiceDep) -> dict[str, Any]:
    """Create the identity if new (its name is set then) and start a session."""
    store = service.store
    token = new_token()
    with store.tx():
        identity = _identity(store, body.email)
        if identity is None:
            domain = email_domain(body.email)
            assert domain is not None
            store.run("INSERT INTO identities (id, email, email_lc, email_domain, name)"
                      " VALUES (?, ?, ?, ?, ?)",
                      (new_id("idn"), body.email, body.email.lower(), domain, body.name))
            identity = _identity(store, body.email)
        store.run("INSERT INTO sessions (token_hash, identity_id, current_account_id)"
                  " VALUES (?, ?, ?)", (token_hash(token), identity["id"],
                                        default_current(store, identity["id"])))
    return {"token": token, "identity": {
        "id": identity["id"], "email": identity["email"], "name": identity["name"],
        "initials": initials(identity["name"])}}


@router.put("/individual-plan", response_model=Account,
             openapi_extra=MARK)
async def ts_set_individual_plan(body: IndividualPlan, service: ServiceDep) -> dict[str, Any]:
    """Set the individual account's plan without billing (paid plans become ``active``)."""
    store = service.store
    identity = _identity(store, body.email)
    account = individual_account(store, identity["id"]) if identity else None
    if account is None:
        raise not_found("The individual account")
    subscription = "active" if body.plan in ("pro", "max") else "none"
    with store.tx():
        store.run("UPDATE accounts SET plan = ?, subscription = ? WHERE id = ?",
                  (body.plan, subscription, account["id"]))
        if service.faults.on("plan-change-touches-org-accounts"):
            store.run("UPDATE accounts SET subscription = 'active' WHERE identity_id = ?"
                      " AND kind = 'organization'", (identity["id"],))
    updated = individual_account(store, identity["id"])
    assert updated is not None
    return account_view(updated, None)


@router.put("/dns/txt/{name}", response_model=TxtRecordSet,
             openapi_extra=MARK)
async def ts_publish_txt(name: str, body: TxtValues, service: ServiceDep) -> dict[str, Any]:
    """Replace the TXT records the resolver returns for ``name``."""
    key = normalize_txt_name(name)
    if key is None:
        raise Refusal(422, "invalid_request", f"{name!r} is not a DNS name.")
    with service.store.tx():
        if body.values:
            service.store.run("INSERT INTO dns_txt (name, txt_values) VALUES (?, ?) ON CONFLICT"
                              " (name) DO UPDATE SET txt_values = excluded.txt_values",
                              (key, json.dumps(body.values)))
        else:  # an empty list removes every TXT record of the name
            service.store.run("DELETE FROM dns_txt WHERE name = ?", (key,))
    return {"name": key, "values": body.values}


@router.post("/idp/assertions", status_code=201, response_model=AssertionIssued,
             openapi_extra=MARK)
async def ts_issue_assertion(body: AssertionRequest, service: ServiceDep) -> dict[str, Any]:
    """A signed assertion from the stub identity provider."""
    payload = {"organization_id": body.organization_id, "email": body.email,
               "issued_at": int(time.time()), "nonce": new_id("n")}
    return {"assertion": service.signer.sign(payload)}


@router.post("/public-email-domains", status_code=201, response_model=PublicDomain,
             openapi_extra=MARK)
async def ts_register_public_email_domain(body: PublicEmailDomain,
                                  service: ServiceDep) -> dict[str, Any]:
    """Treat ``domain`` as a public email provider from now on."""
    with service.store.tx():
        service.store.run("INSERT OR IGNORE INTO public_email_domains (domain) VALUES (?)",
                          (body.domain,))
    return {"domain": body.domain}


@router.delete("/runs/{prefix}", response_model=RunRemoved,
             openapi_extra=MARK)
async def ts_remove_run(prefix: str, service: ServiceDep) -> dict[str, Any]:
    """Remove everything a test run created under ``prefix``."""
    prefix = prefix.strip().lower()
    if not RUN_PREFIX.match(prefix):
        raise Refusal(422, "invalid_request", "A run prefix is [a-z0-9-]{8,}.")
    with service.store.tx():
        removed = remove_run(service.store, prefix)
    return {"prefix": prefix, "removed": removed}
