"""Domains of an Enterprise organization: add, read, verify by DNS TXT, restrict and block
(S13, S15–S18)."""

from __future__ import annotations

import json
from typing import Any

from ..auth import Session, SessionDep, authenticated_router
from ..bodies import DomainPatch, EmptyBody, NewDomain
from ..context import ServiceDep
from ..organizations_access import OWNERS, organization_access
from ..problems import Refusal, not_found
from ..schemas import Domain, DomainList
from ..store import Row, Store
from ..validation import BUILTIN_PUBLIC_EMAIL_DOMAINS

router = authenticated_router(tags=["enterprise"])
FEATURE = "domain_verification"
PATH = "/v1/organizations/{org_id}/domains"


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


def _access(store: Store, session: Session, org_id: str, change: bool = False) -> Row:
    return organization_access(store, session, org_id, feature=FEATURE,
                               roles=OWNERS if change else None)


@router.post(PATH, status_code=201, response_model=Domain)
async def add_domain(org_id: str, body: NewDomain, session: SessionDep,
                     service: ServiceDep) -> dict[str, Any]:
    """Add a domain (pending) with its verification record."""
    store = service.store
    _access(store, session, org_id, change=True)
    if is_public(store, body.domain):
        raise Refusal(422, "domain_public",
                      f"{body.domain} is a public email provider and cannot be added.")
    if store.one("SELECT 1 FROM domains WHERE organization_id = ? AND domain = ?",
                 (org_id, body.domain)) is not None:
        raise Refusal(409, "domain_exists", f"The organization already has {body.domain}.")
    with store.tx():
        store.run("INSERT INTO domains (organization_id, domain, status, token)"
                  " VALUES (?, ?, 'pending', ?)",
                  (org_id, body.domain, service.signer.domain_token(org_id, body.domain)))
    return domain_view(_domain(store, org_id, body.domain))


@router.get(PATH, response_model=DomainList)
async def list_domains(org_id: str, session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """The organization's domains, oldest first."""
    store = service.store
    _access(store, session, org_id)
    rows = store.all("SELECT * FROM domains WHERE organization_id = ? ORDER BY seq", (org_id,))
    return {"domains": [domain_view(row) for row in rows]}


@router.get(PATH + "/{domain}", response_model=Domain)
async def get_domain(org_id: str, domain: str, session: SessionDep,
                     service: ServiceDep) -> dict[str, Any]:
    """One domain of the organization."""
    _access(service.store, session, org_id)
    return domain_view(_domain(service.store, org_id, domain))


@router.post(PATH + "/{domain}/verify", response_model=Domain)
async def verify_domain(org_id: str, domain: str, session: SessionDep, service: ServiceDep,
                        body: EmptyBody | None = None) -> dict[str, Any]:
    """Look up the TXT record: ``verified`` if one value equals the token, else ``failed``."""
    store = service.store
    _access(store, session, org_id, change=True)
    row = _domain(store, org_id, domain)
    if store.one("SELECT 1 FROM domains WHERE domain = ? AND status = 'verified'"
                 " AND organization_id != ?", (row["domain"], org_id)) is not None:
        raise Refusal(409, "domain_already_claimed",
                      f"{row['domain']} is verified by another organization.")
    txt = store.one("SELECT txt_values FROM dns_txt WHERE name = ?",
                    (record_name(row["domain"]),))
    values = json.loads(txt["txt_values"]) if txt else []
    status = "verified" if row["token"] in values else "failed"
    with store.tx():
        store.run("UPDATE domains SET status = ? WHERE seq = ?", (status, row["seq"]))
    return domain_view(_domain(store, org_id, row["domain"]))


@router.patch(PATH + "/{domain}", response_model=Domain)
async def update_domain_settings(org_id: str, domain: str, body: DomainPatch, session: SessionDep,
                       service: ServiceDep) -> dict[str, Any]:
    """Switch restriction to members and the individual sign-up block (verified only)."""
    store = service.store
    _access(store, session, org_id, change=True)
    row = _domain(store, org_id, domain)
    if row["status"] != "verified":
        raise Refusal(409, "domain_not_verified",
                      f"{row['domain']} is {row['status']}; verify it first.")
    changes = {key: int(value) for key, value in body.model_dump(exclude_none=True).items()}
    if changes:
        assignments = ", ".join(f"{key} = ?" for key in changes)
        with store.tx():
            store.run(f"UPDATE domains SET {assignments} WHERE seq = ?",
                      (*changes.values(), row["seq"]))
    return domain_view(_domain(store, org_id, row["domain"]))
