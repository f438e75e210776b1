"""Invitations: inviting by email, listing one's own, accepting (a new account, S03)."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from ..accounts import (
    account_view,
    create_account,
    domain_setting_on,
    get_account,
    individual_account,
)
from ..auth import SessionDep, authenticated_router
from ..bodies import EmptyBody, NewInvitation
from ..context import ServiceDep, sent_fields
from ..organizations_access import organization_access
from ..problems import Refusal, not_found
from ..schemas import Account, Invitation, InvitationList
from ..store import Row, Store, new_id

router = authenticated_router(tags=["invitations"])
INVITERS = {"primary_owner": {"owner", "admin", "member"}, "owner": {"owner", "admin", "member"},
            "admin": {"admin", "member"}, "member": set()}


def invitation_view(row: Row | dict[str, Any]) -> dict[str, Any]:
    """The contract's Invitation object."""
    return {key: row[key] for key in ("id", "organization_id", "email", "role", "status")}


@router.post("/v1/organizations/{org_id}/invitations", status_code=201,
             response_model=Invitation)
async def create_invitation(org_id: str, body: NewInvitation, session: SessionDep,
                 service: ServiceDep) -> dict[str, Any]:
    """Invite an email with a role (members never; admins not as owner)."""
    store = service.store
    organization = organization_access(store, session, org_id)
    if body.role not in INVITERS[organization["role"]]:
        raise Refusal(403, "insufficient_role",
                      f"The role {organization['role']} may not invite a {body.role}.")
    invitation = {"id": new_id("inv"), "organization_id": org_id, "email": body.email,
                  "role": body.role, "status": "pending"}
    with store.tx():
        store.run("INSERT INTO invitations (id, organization_id, email, email_lc, role, status)"
                  " VALUES (?, ?, ?, ?, ?, 'pending')",
                  (invitation["id"], org_id, body.email, body.email.lower(), body.role))
    return invitation_view(invitation)


@router.get("/v1/me/invitations", response_model=InvitationList)
async def list_my_invitations(session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """The pending invitations for the caller's email."""
    rows = service.store.all("SELECT * FROM invitations WHERE email_lc = ?"
                             " AND status = 'pending' ORDER BY seq", (session.email.lower(),))
    return {"invitations": [invitation_view(row) for row in rows]}


@router.post("/v1/invitations/{invitation_id}/accept", status_code=201, response_model=Account)
async def accept_invitation(invitation_id: str, session: SessionDep, service: ServiceDep,
                            request: Request, body: EmptyBody | None = None) -> dict[str, Any]:
    """Accept: creates a new organization account; never converts an existing one."""
    store = service.store
    invitation = store.one(
        "SELECT v.*, o.plan FROM invitations v JOIN organizations o ON o.id = v.organization_id"
        " WHERE v.id = ? AND v.email_lc = ?", (invitation_id, session.email.lower()))
    if invitation is None:
        raise not_found("The invitation")
    if invitation["status"] != "pending":
        raise Refusal(409, "invitation_not_pending", "The invitation was already accepted.")
    if store.one("SELECT 1 FROM accounts WHERE organization_id = ? AND identity_id = ?",
                 (invitation["organization_id"], session.identity_id)) is not None:
        raise Refusal(409, "account_exists", "You are already a member of this organization.")
    if service.faults.on("invitation-refused-while-restricted") and domain_setting_on(
            store, session.email_domain, "restrict_to_members"):
        raise Refusal(403, "domain_restricted", "Accounts at this domain are restricted.")
    individual = individual_account(store, session.identity_id)
    role = invitation["role"]
    if service.faults.on("invitation-accept-takes-role-from-body"):
        sent = (await sent_fields(request)).get("role")
        role = sent if sent in ("primary_owner", "owner", "admin", "member") else role
    with store.tx():
        if individual is not None and service.faults.on("invitation-converts-individual"):
            account_id = individual["id"]
            store.run("UPDATE accounts SET kind = 'organization', plan = ?, subscription ="
                      " 'none', organization_id = ?, role = ? WHERE id = ?",
                      (invitation["plan"], invitation["organization_id"], role, account_id))
        else:
            account_id = create_account(store, session.identity_id, kind="organization",
                                        plan=invitation["plan"],
                                        organization_id=invitation["organization_id"],
                                        role=role)
        if individual is not None and service.faults.on("invitation-copies-individual-data"):
            copy_items(store, individual["id"], account_id)
        store.run("UPDATE invitations SET status = 'accepted' WHERE id = ?", (invitation_id,))
    account = get_account(store, account_id)
    assert account is not None
    return account_view(account, session.current_account_id or account_id)


def copy_items(store: Store, source_id: str, target_id: str) -> None:
    """FAULT invitation-copies-individual-data: copy every item of one account to another."""
    for row in store.all("SELECT * FROM items WHERE account_id = ? ORDER BY seq", (source_id,)):
        prefix = row["id"].partition("_")[0]
        store.run("INSERT INTO items (id, kind, account_id, label, created_at)"
                  " VALUES (?, ?, ?, ?, ?)",
                  (new_id(prefix), row["kind"], target_id, row["label"], row["created_at"]))
