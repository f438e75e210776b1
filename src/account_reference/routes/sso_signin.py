"""SSO sign-in (no bearer token): a stub IdP assertion becomes a session on the identity's
organization account (S13, S19)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter

from ..accounts import ACCOUNT_SELECT, account_view
from ..bodies import SsoSignIn
from ..context import ServiceDep
from ..problems import Refusal, not_found
from ..schemas import SsoSession
from ..signing import b64url_decode
from ..store import new_token, token_hash

router = APIRouter(tags=["sso"])


def _invalid(detail: str) -> Refusal:
    return Refusal(401, "sso_assertion_invalid", detail)


@router.post("/v1/sso/{org_id}/sign-in", status_code=201, response_model=SsoSession)
async def sso_sign_in(org_id: str, body: SsoSignIn, service: ServiceDep) -> dict[str, Any]:
    """Check the organization, its SSO, the assertion and the membership; start a session."""
    store = service.store
    organization = store.one("SELECT sso_enabled FROM organizations WHERE id = ?", (org_id,))
    if organization is None:
        raise not_found("The organization")
    if not organization["sso_enabled"]:
        raise Refusal(409, "sso_not_configured", "SSO is not enabled for this organization.")
    faults = service.faults
    if faults.on("sso-accepts-tampered-assertion"):
        payload = unchecked_payload(body.assertion)
    else:
        payload = service.signer.verify(body.assertion)
    if payload is None:
        raise _invalid("The assertion is malformed or its signature is wrong.")
    if not isinstance(payload.get("email"), str) or (
            payload.get("organization_id") != org_id
            and not faults.on("sso-ignores-assertion-organization")):
        raise _invalid("The assertion is not for this organization.")
    account = store.one(f"{ACCOUNT_SELECT} WHERE i.email_lc = ? AND a.organization_id = ?",
                        (payload["email"].lower(), org_id))
    if account is None:
        raise Refusal(403, "not_a_member", "This identity has no account in the organization.")
    if faults.on("sso-refused-while-restricted") and store.one(
            "SELECT 1 FROM domains d JOIN identities i ON i.email_domain = d.domain"
            " WHERE i.id = ? AND d.status = 'verified' AND d.restrict_to_members = 1",
            (account["identity_id"],)) is not None:
        raise Refusal(403, "domain_restricted", "Accounts at this domain are restricted.")
    token = new_token()
    with store.tx():
        store.run("INSERT INTO sessions (token_hash, identity_id, current_account_id)"
                  " VALUES (?, ?, ?)", (token_hash(token), account["identity_id"], account["id"]))
    return {"token": token, "account": account_view(account, account["id"])}


def unchecked_payload(assertion: str) -> dict[str, Any] | None:
    """FAULT sso-accepts-tampered-assertion: the payload, its signature never checked."""
    try:
        payload = json.loads(b64url_decode(assertion.partition(".")[0]))
    except (ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None
