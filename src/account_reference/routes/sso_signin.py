"""SSO sign-in (no bearer token): a stub IdP assertion becomes a session on the identity's
organization account (S13, S19)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ..accounts import account_view, member_by_email
from ..bodies import SsoSignIn
from ..context import ServiceDep
from ..problems import Refusal, not_found
from ..schemas import SsoSession
from ..store import new_token, token_hash
from ..store import organizations as stored_organizations
from ..store import sessions as stored_sessions

router = APIRouter(tags=["sso"])


def _invalid(detail: str) -> Refusal:
    return Refusal("sso_assertion_invalid", detail)


@router.post("/v1/sso/{org_id}/sign-in", status_code=201, response_model=SsoSession)
async def sso_sign_in(org_id: str, body: SsoSignIn, service: ServiceDep) -> dict[str, Any]:
    """Check the organization, its SSO, the assertion and the membership; start a session."""
    store, rules = service.store, service.rules
    enabled = stored_organizations.sso_enabled(store, org_id)
    if enabled is None:
        raise not_found("The organization")
    if not enabled:
        raise Refusal("sso_not_configured", "SSO is not enabled for this organization.")
    payload = rules.assertion_payload(service.signer, body.assertion)
    if payload is None:
        raise _invalid("The assertion is malformed or its signature is wrong.")
    if not isinstance(payload.get("email"), str) or not rules.assertion_is_for(payload, org_id):
        raise _invalid("The assertion is not for this organization.")
    account = member_by_email(service, payload["email"], org_id)
    if account is None:
        raise Refusal("not_a_member", "This identity has no account in the organization.")
    if rules.sso_refused_for(store, account["identity_id"]):
        raise Refusal("domain_restricted", "Accounts at this domain are restricted.")
    token = new_token()
    with store.tx():
        stored_sessions.start(store, token_hash(token), account["identity_id"], account["id"])
    return {"token": token, "account": account_view(account, account["id"])}
