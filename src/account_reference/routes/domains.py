"""Domains of an Enterprise organization: add, read, verify by DNS TXT, restrict and block
(S13, S15–S18)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from fastapi import Request

from ..auth import Session, SessionDep, authenticated_router
from ..bodies import DomainPatch, EmptyBody, NewDomain
from ..context import Service, ServiceDep, sent_fields
from ..organizations_access import OWNERS, organization_access
from ..problems import Refusal, not_found
from ..schemas import Domain, DomainList
from ..store import Row, Store
from ..validation import BUILTIN_PUBLIC_EMAIL_DOMAINS

router = authenticated_router(tags=["enterprise"])
FEATURE = "domain_verification"
PATH = "/v1/organizations/{org_id}/domains"
SLOW_LOOKUP_S = 0.05  # FAULT concurrent-domain-verification-both-win: a slow TXT lookup
CLAIMED_ELSEWHERE = ("SELECT 1 FROM domains WHERE domain = ? AND status = 'verified'"
                     " AND organization_id != ?")


def record_name(domain: str) -> str:
    """Where the TXT record that proves control of ``domain`` lives."""
    return f"_account-verification.{domain}"


def domain_view(row: Row) -> dict[str, Any]:
    """The contract's Domain object."""
    return {
        "domain": row["domain"],
        "status": row["status"],
        "verification": {"record_type": "TXT", "record_name": record_name(row["domain"]),
                         "record_value": row["token"]},
        "restrict_to_members": bool(row["restrict_to_members"]),
        "block_individual_signups": bool(row["block_individual_signups"]),
    }


def is_public(store: Store, domain: str) -> bool:
    """Whether ``domain`` is a public email provider (built in or registered)."""
    return domain in BUILTIN_PUBLIC_EMAIL_DOMAINS or store.one(
        "SELECT 1 FROM public_email_domains WHERE domain = ?", (domain,)) is not None


def _domain(store: Store, org_id: str, domain: str) -> Row:
    row = store.one("SELECT * FROM domains WHERE organization_id = ? AND domain = ?",
                    (org_id, domain.strip().lower()))
    if row is None:
        raise not_found("The domain")
    return row


def _access(service: Service, session: Session, org_id: str, change: bool = False) -> Row:
    """Member → plan → role (owners only for a change), with the faults that skip a check."""
    faults = service.faults
    feature = None if faults.on("team-gets-domain-verification") else FEATURE
    roles: frozenset[str] | None = OWNERS if change else None
    if change and faults.on("admin-may-change-domain-settings"):
        roles = OWNERS | {"admin"}
    if change and faults.on("member-may-change-domain-settings"):
        roles = None
    try:
        return organization_access(service.store, session, org_id, feature=feature,
                                   roles=roles, outsider_may_read=not change and faults.on(
                                       "outsider-may-read-organization"))
    except Refusal as refusal:
        if (change and refusal.code == "not_found" and faults.on("outsider-gets-role-error")
                and service.store.one("SELECT 1 FROM organizations WHERE id = ?",
                                      (org_id,)) is not None):
            raise Refusal(403, "insufficient_role",
                          "You have no role in this organization.") from None
        raise


@router.post(PATH, status_code=201, response_model=Domain)
async def add_domain(org_id: str, body: NewDomain, session: SessionDep,
                     service: ServiceDep, request: Request) -> dict[str, Any]:
    """Add a domain (pending) with its verification record."""
    store = service.store
    _access(service, session, org_id, change=True)
    if is_public(store, body.domain):
        raise Refusal(422, "domain_public",
                      f"{body.domain} is a public email provider and cannot be added.")
    if store.one("SELECT 1 FROM domains WHERE organization_id = ? AND domain = ?",
                 (org_id, body.domain)) is not None:
        raise Refusal(409, "domain_exists", f"The organization already has {body.domain}.")
    status = "pending"
    if service.faults.on("domain-add-takes-status-from-body"):
        sent = (await sent_fields(request)).get("status")
        status = sent if sent in ("pending", "verified", "failed") else status
    with store.tx():
        store.run("INSERT INTO domains (organization_id, domain, status, token)"
                  " VALUES (?, ?, ?, ?)",
                  (org_id, body.domain, status, _token(service, org_id, body.domain)))
    return domain_view(_domain(store, org_id, body.domain))


@router.get(PATH, response_model=DomainList)
async def list_domains(org_id: str, session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """The organization's domains, oldest first."""
    store = service.store
    _access(service, session, org_id)
    rows = store.all("SELECT * FROM domains WHERE organization_id = ? ORDER BY seq", (org_id,))
    return {"domains": [domain_view(row) for row in rows]}


@router.get(PATH + "/{domain}", response_model=Domain)
async def get_domain(org_id: str, domain: str, session: SessionDep,
                     service: ServiceDep) -> dict[str, Any]:
    """One domain of the organization."""
    _access(service, session, org_id)
    return domain_view(_domain(service.store, org_id, domain))


@router.post(PATH + "/{domain}/verify", response_model=Domain)
async def verify_domain(org_id: str, domain: str, session: SessionDep, service: ServiceDep,
                        body: EmptyBody | None = None) -> dict[str, Any]:
    """Look up the TXT record: ``verified`` if one value equals the token, else ``failed``."""
    store = service.store
    _access(service, session, org_id, change=True)
    row = _domain(store, org_id, domain)
    faults = service.faults
    claim_checked = not faults.on("domain-claimed-twice")
    if claim_checked and store.one(CLAIMED_ELSEWHERE, (row["domain"], org_id)) is not None:
        raise _claimed(row["domain"])
    txt = store.one("SELECT txt_values FROM dns_txt WHERE name = ?",
                    (record_name(row["domain"]),))
    values = json.loads(txt["txt_values"]) if txt else []
    if service.faults.on("verify-first-txt-value-only"):
        values = values[:1]
    status = "verified" if row["token"] in values else "failed"
    if not values and service.faults.on("verify-without-record"):
        status = "verified"
    if faults.on("concurrent-domain-verification-both-win"):
        await asyncio.sleep(SLOW_LOOKUP_S)
        claim_checked = False  # saved without checking the claim again
    with store.tx():  # the claim check and the write are one step (S13, concurrent requests)
        if status == "verified" and claim_checked and store.one(
                CLAIMED_ELSEWHERE, (row["domain"], org_id)) is not None:
            raise _claimed(row["domain"])
        store.run("UPDATE domains SET status = ? WHERE seq = ?", (status, row["seq"]))
    return domain_view(_domain(store, org_id, row["domain"]))


@router.patch(PATH + "/{domain}", response_model=Domain)
async def update_domain_settings(org_id: str, domain: str, body: DomainPatch, session: SessionDep,
                       service: ServiceDep) -> dict[str, Any]:
    """Switch restriction to members and the individual sign-up block (verified only)."""
    store = service.store
    _access(service, session, org_id, change=True)
    row = _domain(store, org_id, domain)
    changes = {key: int(value) for key, value in body.model_dump(exclude_none=True).items()}
    if row["status"] != "verified" and not _unverified_allowed(service, row, changes):
        raise Refusal(409, "domain_not_verified",
                      f"{row['domain']} is {row['status']}; verify it first.")
    answered = dict(changes)
    for setting, fault in (("restrict_to_members", "restriction-sticks-after-lift"),
                           ("block_individual_signups", "signup-block-sticks-after-lift")):
        if changes.get(setting) == 0 and service.faults.on(fault):
            del changes[setting]  # answered as off below, but never saved
    if changes:
        assignments = ", ".join(f"{key} = ?" for key in changes)
        with store.tx():
            store.run(f"UPDATE domains SET {assignments} WHERE seq = ?",
                      (*changes.values(), row["seq"]))
            if changes.get("restrict_to_members") and service.faults.on(
                    "restriction-deletes-individual-data"):
                store.run("DELETE FROM items WHERE account_id IN (SELECT a.id FROM accounts a"
                          " JOIN identities i ON i.id = a.identity_id"
                          " WHERE a.kind = 'individual' AND i.email_domain = ?)",
                          (row["domain"],))
    return {**domain_view(_domain(store, org_id, row["domain"])),
            **{key: bool(value) for key, value in answered.items()}}


def _claimed(domain: str) -> Refusal:
    return Refusal(409, "domain_already_claimed", f"{domain} is verified by another organization.")


def _token(service: Service, org_id: str, domain: str) -> str:
    """The TXT token for one organization and one domain."""
    if service.faults.on("domain-token-same-for-all-organizations"):
        return service.signer.domain_token("", domain)
    return service.signer.domain_token(org_id, domain)


def _unverified_allowed(service: Service, row: Row, changes: dict[str, int]) -> bool:
    """Whether a fault lets this change through for a domain that is not verified (S16)."""
    if service.faults.on("restriction-on-failed-domain") and row["status"] == "failed":
        return True
    return service.faults.on("signup-block-on-unverified-domain") and (
        set(changes) == {"block_individual_signups"})
