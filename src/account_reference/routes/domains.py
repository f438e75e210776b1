"""Domains of an Enterprise organization: add, read, verify by DNS TXT, restrict and block
(S13, S15–S18)."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from ..auth import Session, SessionDep, authenticated_router
from ..bodies import DomainPatch, EmptyBody, NewDomain
from ..context import Service, ServiceDep, sent_fields
from ..organizations_access import organization_access
from ..problems import Refusal, not_found
from ..schemas import Domain, DomainList
from ..store import Row, Store
from ..store import domains as stored
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
    return domain in BUILTIN_PUBLIC_EMAIL_DOMAINS or stored.registered_public(store, domain)


def _domain(store: Store, org_id: str, domain: str) -> Row:
    row = stored.one(store, org_id, domain.strip().lower())
    if row is None:
        raise not_found("The domain")
    return row


def _read_access(service: Service, session: Session, org_id: str) -> Row:
    """Member → plan (the domains of an organization are read by its members)."""
    return organization_access(service, session, org_id, feature=FEATURE,
                               outsider=service.rules.outsider_view)


def _change_access(service: Service, session: Session, org_id: str) -> Row:
    """Member → plan → role (owners change domains)."""
    rules = service.rules
    return organization_access(service, session, org_id, feature=FEATURE,
                               may=rules.may_change_domains,
                               outsider=rules.outsider_changing_domains)


def _claimed(domain: str) -> Refusal:
    return Refusal("domain_already_claimed", f"{domain} is verified by another organization.")


@router.post(PATH, status_code=201, response_model=Domain)
async def add_domain(org_id: str, body: NewDomain, session: SessionDep,
                     service: ServiceDep, request: Request) -> dict[str, Any]:
    """Add a domain (pending) with its verification record."""
    store, rules = service.store, service.rules
    _change_access(service, session, org_id)
    if is_public(store, body.domain):
        raise Refusal("domain_public",
                      f"{body.domain} is a public email provider and cannot be added.")
    if stored.one(store, org_id, body.domain) is not None:
        raise Refusal("domain_exists", f"The organization already has {body.domain}.")
    status = rules.added_domain_status(await sent_fields(request))
    with store.tx():
        stored.add(store, org_id, body.domain, status,
                   rules.domain_token(service.signer, org_id, body.domain))
    return domain_view(_domain(store, org_id, body.domain))


@router.get(PATH, response_model=DomainList)
async def list_domains(org_id: str, session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """The organization's domains, oldest first."""
    _read_access(service, session, org_id)
    return {"domains": [domain_view(row) for row in stored.of_organization(service.store,
                                                                            org_id)]}


@router.get(PATH + "/{domain}", response_model=Domain)
async def get_domain(org_id: str, domain: str, session: SessionDep,
                     service: ServiceDep) -> dict[str, Any]:
    """One domain of the organization."""
    _read_access(service, session, org_id)
    return domain_view(_domain(service.store, org_id, domain))


@router.post(PATH + "/{domain}/verify", response_model=Domain)
async def verify_domain(org_id: str, domain: str, session: SessionDep, service: ServiceDep,
                        body: EmptyBody | None = None) -> dict[str, Any]:
    """Look up the TXT record: ``verified`` if one value equals the token, else ``failed``."""
    store, rules = service.store, service.rules
    _change_access(service, session, org_id)
    row = _domain(store, org_id, domain)
    if rules.claimed_by_another(store, row["domain"], org_id):
        raise _claimed(row["domain"])
    values = stored.txt_values(store, record_name(row["domain"]))
    status = "verified" if rules.proves_control(row["token"], values) else "failed"
    recheck = await rules.recheck_claim_on_save()
    with store.tx():  # the claim check and the write are one step (S13, concurrent requests)
        if status == "verified" and recheck and rules.claimed_by_another(
                store, row["domain"], org_id):
            raise _claimed(row["domain"])
        stored.set_status(store, row["seq"], status)
    return domain_view(_domain(store, org_id, row["domain"]))


@router.patch(PATH + "/{domain}", response_model=Domain)
async def update_domain_settings(org_id: str, domain: str, body: DomainPatch,
                                 session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """Switch restriction to members and the individual sign-up block (verified only)."""
    store, rules = service.store, service.rules
    _change_access(service, session, org_id)
    row = _domain(store, org_id, domain)
    answered = {key: int(value) for key, value in body.model_dump(exclude_none=True).items()}
    if not rules.settings_allowed(row["status"], answered):
        raise Refusal("domain_not_verified",
                      f"{row['domain']} is {row['status']}; verify it first.")
    changes = rules.saved_settings(dict(answered))
    if changes:
        with store.tx():
            stored.set_settings(store, row["seq"], changes)
            if changes.get("restrict_to_members"):
                rules.restriction_switched_on(store, row["domain"])
    return {**domain_view(_domain(store, org_id, row["domain"])),
            **{key: bool(value) for key, value in answered.items()}}
