"""Invitations: inviting by email, listing one's own, accepting (a new account, S03)."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from ..accounts import account_view, get_account, individual_account
from ..auth import SessionDep, authenticated_router
from ..bodies import EmptyBody, NewInvitation
from ..context import ServiceDep, sent_fields
from ..organizations_access import organization_access
from ..problems import Refusal, not_found
from ..schemas import Account, Invitation, InvitationList
from ..store import Row, new_id
from ..store import accounts as stored_accounts
from ..store import invitations as stored

router = authenticated_router(tags=["invitations"])


def invitation_view(row: Row | dict[str, Any]) -> dict[str, Any]:
    """The contract's Invitation object."""
    return {key: row[key] for key in ("id", "organization_id", "email", "role", "status")}


@router.post("/v1/organizations/{org_id}/invitations", status_code=201,
             response_model=Invitation)
async def create_invitation(org_id: str, body: NewInvitation, session: SessionDep,
                            service: ServiceDep) -> dict[str, Any]:
    """Invite an email with a role (members never; admins not as owner)."""
    organization = organization_access(service, session, org_id)
    if not service.rules.may_invite(organization["role"], body.role):
        raise Refusal("insufficient_role",
                      f"The role {organization['role']} may not invite a {body.role}.")
    invitation = {"id": new_id("inv"), "organization_id": org_id, "email": body.email,
                  "role": body.role, "status": "pending"}
    with service.store.tx():
        stored.create(service.store, invitation["id"], org_id, body.email, body.role)
    return invitation_view(invitation)


@router.get("/v1/me/invitations", response_model=InvitationList)
async def list_my_invitations(session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """The pending invitations for the caller's email."""
    rows = service.rules.listed_invitations(service.store, session.email)
    return {"invitations": [invitation_view(row) for row in rows]}


@router.post("/v1/invitations/{invitation_id}/accept", status_code=201, response_model=Account)
async def accept_invitation(invitation_id: str, session: SessionDep, service: ServiceDep,
                            request: Request, body: EmptyBody | None = None) -> dict[str, Any]:
    """Accept: creates a new organization account; never converts an existing one."""
    store, rules = service.store, service.rules
    invitation = stored.for_email(store, invitation_id, session.email)
    if invitation is None:
        raise not_found("The invitation")
    if invitation["status"] != "pending":
        raise Refusal("invitation_not_pending", "The invitation was already accepted.")
    if stored_accounts.is_member(store, invitation["organization_id"], session.identity_id):
        raise Refusal("account_exists", "You are already a member of this organization.")
    if rules.join_refused_at(store, session.email_domain):
        raise Refusal("domain_restricted", "Accounts at this domain are restricted.")
    individual = individual_account(service, session.identity_id)
    role = rules.accepted_role(invitation["role"], await sent_fields(request))
    with store.tx():
        account_id = rules.join_organization(store, session.identity_id, individual,
                                             invitation, role)
        stored.mark_accepted(store, invitation_id)
    account = get_account(service, account_id)
    assert account is not None
    return account_view(account, session.current_account_id or account_id)
