"""The test-support part (``/test-support``): sessions, sign-in links for a browser, plans
without billing, the DNS resolver's TXT records, the stub identity provider, public email
domains, run removal.

Offered only because this is a reference service for tests; production must not expose it.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter

from ..accounts import account_view, default_current, individual_account
from ..bodies import (
    AssertionRequest,
    IndividualPlan,
    NewSession,
    PublicEmailDomain,
    SignInLinkRequest,
    TxtValues,
)
from ..context import ServiceDep
from ..problems import Refusal, not_found
from ..schemas import (
    Account,
    AssertionIssued,
    PublicDomain,
    RunRemoved,
    SessionCreated,
    SignInLink,
    TxtRecordSet,
)
from ..store import domains as stored_domains
from ..store import identities as stored_identities
from ..store import new_id, new_token, token_hash
from ..store import sessions as stored_sessions
from ..store.runs import remove_run
from ..ui.sign_ins import SignInsDep
from ..validation import RUN_PREFIX, email_domain, initials, normalize_txt_name

router = APIRouter(prefix="/test-support", tags=["test-support"])
MARK = {"x-test-support": True}  # how the contract marks this part


@router.post("/sessions", status_code=201, response_model=SessionCreated,
             openapi_extra=MARK)
async def ts_start_session(body: NewSession, service: ServiceDep) -> dict[str, Any]:
    """Create the identity if new (its name is set then) and start a session."""
    store = service.store
    token = new_token()
    with store.tx():
        identity = stored_identities.by_email(store, body.email)
        if identity is None:
            domain = email_domain(body.email)
            assert domain is not None
            stored_identities.create(store, body.email, domain, body.name)
            identity = stored_identities.by_email(store, body.email)
            assert identity is not None
        stored_sessions.start(store, token_hash(token), identity["id"],
                              default_current(service, identity["id"]))
    return {"token": token, "identity": {
        "id": identity["id"], "email": identity["email"], "name": identity["name"],
        "initials": initials(identity["name"])}}


@router.post("/sign-in-links", status_code=201, response_model=SignInLink,
             openapi_extra=MARK)
async def ts_create_sign_in_link(body: SignInLinkRequest, service: ServiceDep,
                                 sign_ins: SignInsDep) -> dict[str, Any]:
    """A one-time link (valid for two minutes) that signs a browser in as the session of
    ``token``: the browser and the token then share one current account."""
    session = stored_sessions.by_token_hash(service.store, token_hash(body.token))
    if session is None:
        raise not_found("The session")
    return {"url": f"/ui/sign-in/{sign_ins.new_code(session['token_hash'])}"}


@router.put("/individual-plan", response_model=Account,
            openapi_extra=MARK)
async def ts_set_individual_plan(body: IndividualPlan, service: ServiceDep) -> dict[str, Any]:
    """Set the individual account's plan without billing (paid plans become ``active``)."""
    store = service.store
    identity = stored_identities.by_email(store, body.email)
    account = individual_account(service, identity["id"]) if identity else None
    if identity is None or account is None:
        raise not_found("The individual account")
    with store.tx():
        service.rules.change_individual_plan(store, identity["id"], account["id"], body.plan)
    updated = individual_account(service, identity["id"])
    assert updated is not None
    return account_view(updated, None)


@router.put("/dns/txt/{name}", response_model=TxtRecordSet,
            openapi_extra=MARK)
async def ts_publish_txt(name: str, body: TxtValues, service: ServiceDep) -> dict[str, Any]:
    """Replace the TXT records the resolver returns for ``name``."""
    key = normalize_txt_name(name)
    if key is None:
        raise Refusal("invalid_request", f"{name!r} is not a DNS name.")
    with service.store.tx():
        stored_domains.publish_txt(service.store, key, body.values)
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
        stored_domains.register_public(service.store, body.domain)
    return {"domain": body.domain}


@router.delete("/runs/{prefix}", response_model=RunRemoved,
               openapi_extra=MARK)
async def ts_remove_run(prefix: str, service: ServiceDep) -> dict[str, Any]:
    """Remove everything a test run created under ``prefix``; sessions that were on a
    removed account move to the account a new session would get."""
    prefix = prefix.strip().lower()
    if not RUN_PREFIX.match(prefix):
        raise Refusal("invalid_request", "A run prefix is [a-z0-9-]{8,}.")
    with service.store.tx():
        removed, orphaned = remove_run(service.store, prefix)
        for session in orphaned:
            stored_sessions.set_current(service.store, session["token_hash"],
                                        default_current(service, session["identity_id"]))
    return {"prefix": prefix, "removed": removed}
